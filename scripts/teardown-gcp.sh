#!/usr/bin/env bash
# Removes what scripts/setup-gcp.sh created: only resources carrying its label (app=log-alerts; the
# sink and the service account in their description). Refuses while the job runs.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/common.sh
source "$SCRIPT_DIR/common.sh"

usage() {
  cat <<'USAGE'
Usage: PROJECT_ID=my-project REGION=us-central1 scripts/teardown-gcp.sh [--dry-run] [--yes]

Deletes the Cloud Logging sink, the log and alert subscriptions and topics, the BigQuery dataset
with its tables (alert history and noisy-log data are lost), the Artifact Registry repository,
the bucket and the worker service account: only those setup-gcp.sh created, which carry the label
app=log-alerts (the sink and the service account in their description). A resource of the same
name without it is left alone (a "skipped: ..." line), one that does not exist is named in a
"not found: ..." line. A check that fails for another reason (no credentials, no permission, a
wrong project) stops the script before anything is deleted. Same environment variables as
setup-gcp.sh, and:
  JOB_NAME    [log-alerts] teardown refuses while an active job of this name runs in REGION
              (stop it first: gcloud dataflow jobs drain JOB_ID --region REGION)

It lists what it will delete and asks before deleting anything.

  --yes       delete without asking (needed when there is no terminal to ask on)
  --dry-run   print the delete commands instead of running them (nothing is queried: every
              resource counts as present and created by setup)
  --help      this text
USAGE
}

ASSUME_YES=0
ARGS=()
for arg in "$@"; do
  if [[ "$arg" == --yes ]]; then
    ASSUME_YES=1
  else
    ARGS+=("$arg")
  fi
done
parse_common_flags "${ARGS[@]+"${ARGS[@]}"}"
require_env PROJECT_ID REGION

resource_names
JOB_NAME="${JOB_NAME:-log-alerts}"
P=(--project "$PROJECT_ID")
LABEL="$OWNER_LABEL_KEY=$OWNER_LABEL_VALUE"

if [[ "$DRY_RUN" != 1 && "$ASSUME_YES" != 1 && ! -t 0 ]]; then
  usage_error "teardown-gcp.sh deletes data and asks first, but there is no terminal to ask on: run it with --yes (--dry-run lists the deletes)"
fi

QUERY_STOPPED="nothing was deleted" # a check that could not look stops before any delete

# A running job would go on reading the subscription and writing the tables being deleted.
if [[ "$DRY_RUN" != 1 ]]; then
  query "running Dataflow jobs" gcloud dataflow jobs list --region "$REGION" "${P[@]}" \
    --status active --filter "name=$JOB_NAME" --format 'value(id)' || true
  JOB_ID="$(grep -m1 . <<<"$QUERY_OUT" || true)"
  if [[ -n "$JOB_ID" ]]; then
    die "job $JOB_NAME ($JOB_ID) is running in $REGION: stop it first, gcloud dataflow jobs drain $JOB_ID --region $REGION --project $PROJECT_ID (finishes what it read; or cancel, which stops at once), then run teardown again"
  fi
fi

# The plan: each resource to delete, as "kind|name"; skipped and missing ones are said now.
PLAN=()
consider() { # consider KIND NAME DESCRIPTION OWNED_CHECK COMMAND...; OWNED_CHECK: label|description|bq
  local kind="$1" name="$2" what="$3" check="$4" owned=0
  shift 4
  if [[ "$DRY_RUN" == 1 ]]; then
    PLAN+=("$kind|$name")
    return
  fi
  if ! query "$what" "$@"; then
    echo "not found: $what" >&2
    return
  fi
  case "$check" in
    label) [[ "$QUERY_OUT" == "$OWNER_LABEL_VALUE" ]] && owned=1 ;;
    description) [[ "$QUERY_OUT" == *"$LABEL"* ]] && owned=1 ;;
    bq) grep -qE "\"$OWNER_LABEL_KEY\": *\"$OWNER_LABEL_VALUE\"" <<<"$QUERY_OUT" && owned=1 ;;
  esac
  if [[ "$owned" == 1 ]]; then
    PLAN+=("$kind|$name")
    echo "to delete: $what" >&2
  else
    echo "skipped: $what (not created by setup-gcp.sh: no $LABEL label)" >&2
  fi
}
VALUE_LABEL=(--format "value(labels.$OWNER_LABEL_KEY)")

# The sink first, so nothing is published to a topic that is going away.
consider sink "$SINK_NAME" "logging sink $SINK_NAME" description \
  gcloud logging sinks describe "$SINK_NAME" --format 'value(description)' "${P[@]}"
for subscription in "$LOG_SUBSCRIPTION" "$ALERT_SUBSCRIPTION"; do
  consider subscription "$subscription" "Pub/Sub subscription $subscription" label \
    gcloud pubsub subscriptions describe "$subscription" "${VALUE_LABEL[@]}" "${P[@]}"
done
for topic in "$LOG_TOPIC" "$ALERT_TOPIC"; do
  consider topic "$topic" "Pub/Sub topic $topic" label \
    gcloud pubsub topics describe "$topic" "${VALUE_LABEL[@]}" "${P[@]}"
done
consider dataset "$PROJECT_ID:$DATASET" "BigQuery dataset $PROJECT_ID:$DATASET" bq \
  bq --project_id "$PROJECT_ID" --format json show --dataset "$PROJECT_ID:$DATASET"
consider repository "$AR_REPO" "Artifact Registry repository $AR_REPO" label \
  gcloud artifacts repositories describe "$AR_REPO" --location "$REGION" "${VALUE_LABEL[@]}" "${P[@]}"
consider bucket "gs://$BUCKET" "bucket gs://$BUCKET" label \
  gcloud storage buckets describe "gs://$BUCKET" "${VALUE_LABEL[@]}" "${P[@]}"
if [[ "$SA_IN_PROJECT" == 0 ]]; then
  echo "skipped: service account $SA_EMAIL (a full address: not created by setup-gcp.sh)" >&2
else
  consider account "$SA_EMAIL" "service account $SA_EMAIL" description \
    gcloud iam service-accounts describe "$SA_EMAIL" --format 'value(description)' "${P[@]}"
fi

if ((${#PLAN[@]} == 0)); then
  echo "Nothing to delete." >&2
  exit 0
fi
if [[ "$DRY_RUN" != 1 && "$ASSUME_YES" != 1 ]]; then
  read -r -p "Delete these ${#PLAN[@]} resources of project $PROJECT_ID (their data is lost)? Type yes: " answer
  if [[ "$answer" != yes ]]; then
    echo "Nothing deleted." >&2
    exit 1
  fi
fi

for item in "${PLAN[@]}"; do
  name="${item#*|}"
  case "${item%%|*}" in
    sink) run gcloud logging sinks delete "$name" --quiet "${P[@]}" ;;
    subscription) run gcloud pubsub subscriptions delete "$name" "${P[@]}" ;;
    topic) run gcloud pubsub topics delete "$name" "${P[@]}" ;;
    dataset) run bq --project_id "$PROJECT_ID" rm -r -f --dataset "$name" ;;
    repository) run gcloud artifacts repositories delete "$name" --location "$REGION" --quiet "${P[@]}" ;;
    bucket) run gcloud storage rm --recursive "$name" "${P[@]}" ;;
    account)
      run gcloud projects remove-iam-policy-binding "$PROJECT_ID" \
        --member "serviceAccount:$name" --role roles/dataflow.worker --condition None
      run gcloud iam service-accounts delete "$name" --quiet "${P[@]}"
      ;;
  esac
done
