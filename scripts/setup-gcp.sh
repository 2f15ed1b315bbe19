#!/usr/bin/env bash
# Creates everything the log-alerts Dataflow job needs in a project. Idempotent: each resource is
# created only when missing, IAM bindings are re-applied (adding a binding twice is a no-op).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
# shellcheck source=scripts/common.sh
source "$SCRIPT_DIR/common.sh"

usage() {
  cat <<'USAGE'
Usage: PROJECT_ID=my-project REGION=us-central1 scripts/setup-gcp.sh [--dry-run]

Creates (when missing): a Cloud Storage bucket for rules, templates and temp files; the log topic
and subscription; a Cloud Logging sink publishing entries that match LOG_FILTER to the log topic,
with its writer identity allowed to publish; the alert topic; the BigQuery dataset and the alerts,
noisy_logs and deadletter tables (partitioned by day, clustered) from schemas/*.json; an Artifact
Registry repository for the template image; and a worker service account with only the roles
the job needs. What it creates carries the label app=log-alerts (the sink and the service account
in their description), by which scripts/teardown-gcp.sh knows what it may delete; what already
exists is used as it is and left unlabelled. A check that fails for another reason than "not
found" (no credentials, no permission on one resource, a wrong project) stops the script with
that reason; run it again once fixed.

Environment (defaults in brackets):
  PROJECT_ID, REGION      required
  BUCKET                  [PROJECT_ID-logalerts]
  LOG_TOPIC               [logalerts-logs]        LOG_SUBSCRIPTION [logalerts-logs-sub]
  ALERT_TOPIC             [logalerts-alerts]      SINK_NAME        [logalerts-sink]
  ALERT_SUBSCRIPTION      [logalerts-alerts-sub]  (message ordering on; for consumers)
  DATASET                 [logalerts]             AR_REPO          [logalerts]
  SERVICE_ACCOUNT         [logalerts-worker]  an account ID of PROJECT_ID (created when missing),
                          or a full address NAME@OTHER.iam.gserviceaccount.com, used as it is
                          (not created: it must exist; the roles below are granted to it)
  LOG_FILTER              [NOT resource.type="dataflow_step"]  (the job's own logs stay out)
  RULES_FILE              optional local rules file, checked (scripts/validate-rules.sh) before
                          anything is created, then copied to gs://BUCKET/rules/rules.yaml

  --dry-run   print the commands instead of running them
  --help      this text
USAGE
}

parse_common_flags "$@"
require_env PROJECT_ID REGION

resource_names
LOG_FILTER="${LOG_FILTER:-NOT resource.type=\"dataflow_step\"}"

P=(--project "$PROJECT_ID")
LABEL="$OWNER_LABEL_KEY=$OWNER_LABEL_VALUE" # on what this script creates: teardown deletes only that
# A check that cannot look (no permission, no credentials) is not "missing": creating would fail
# or, worse, succeed in the wrong place.
QUERY_STOPPED="setup stopped: what it made so far stays; run it again once that is fixed"

# A rules file the job would refuse at launch is refused here, before anything is created.
if [[ -n "${RULES_FILE:-}" ]]; then
  if [[ ! -f "$RULES_FILE" ]]; then
    echo "error: RULES_FILE=$RULES_FILE: no such file" >&2
    exit 2
  fi
  if ! "$SCRIPT_DIR/validate-rules.sh" "$RULES_FILE" >&2; then
    exit 2 # validate-rules.sh named each problem: FILE:LINE:COL: rule, key, what is wrong
  fi
fi

run gcloud services enable dataflow.googleapis.com pubsub.googleapis.com bigquery.googleapis.com \
  bigquerystorage.googleapis.com logging.googleapis.com storage.googleapis.com \
  artifactregistry.googleapis.com cloudbuild.googleapis.com "${P[@]}"

# Bucket: rules file, template spec, temp and staging files.
if ! exists gcloud storage buckets describe "gs://$BUCKET" "${P[@]}"; then
  run gcloud storage buckets create "gs://$BUCKET" --location "$REGION" \
    --uniform-bucket-level-access "${P[@]}"
  run gcloud storage buckets update "gs://$BUCKET" --update-labels "$LABEL" "${P[@]}"
fi
if [[ -n "${RULES_FILE:-}" ]]; then
  run gcloud storage cp "$RULES_FILE" "gs://$BUCKET/rules/rules.yaml" "${P[@]}"
fi

# Log topic and the job's subscription (7 days retention: a stopped job catches up).
if ! exists gcloud pubsub topics describe "$LOG_TOPIC" "${P[@]}"; then
  run gcloud pubsub topics create "$LOG_TOPIC" --labels "$LABEL" "${P[@]}"
fi
if ! exists gcloud pubsub subscriptions describe "$LOG_SUBSCRIPTION" "${P[@]}"; then
  run gcloud pubsub subscriptions create "$LOG_SUBSCRIPTION" --topic "$LOG_TOPIC" \
    --ack-deadline 60 --message-retention-duration 7d --labels "$LABEL" "${P[@]}"
fi

# Cloud Logging sink to the log topic; re-running applies a changed LOG_FILTER.
SINK_DESTINATION="pubsub.googleapis.com/projects/$PROJECT_ID/topics/$LOG_TOPIC"
if ! exists gcloud logging sinks describe "$SINK_NAME" "${P[@]}"; then
  run gcloud logging sinks create "$SINK_NAME" "$SINK_DESTINATION" --log-filter "$LOG_FILTER" \
    --description "$OWNER_DESCRIPTION" "${P[@]}"
else
  run gcloud logging sinks update "$SINK_NAME" "$SINK_DESTINATION" --log-filter "$LOG_FILTER" "${P[@]}"
fi
if [[ "$DRY_RUN" == 1 ]]; then
  WRITER_IDENTITY='WRITER_IDENTITY' # gcloud logging sinks describe SINK --format='value(writerIdentity)'
  print_cmd gcloud logging sinks describe "$SINK_NAME" --format 'value(writerIdentity)' "${P[@]}"
else
  WRITER_IDENTITY="$(gcloud logging sinks describe "$SINK_NAME" --format 'value(writerIdentity)' "${P[@]}")"
fi
run gcloud pubsub topics add-iam-policy-binding "$LOG_TOPIC" --member "$WRITER_IDENTITY" \
  --role roles/pubsub.publisher "${P[@]}"

# Alert topic, and a subscription for consumers with message ordering: the job publishes with the
# alertId as ordering key, so one incident's FIRING, re-notifications and RESOLVED arrive in order.
if ! exists gcloud pubsub topics describe "$ALERT_TOPIC" "${P[@]}"; then
  run gcloud pubsub topics create "$ALERT_TOPIC" --labels "$LABEL" "${P[@]}"
fi
if ! exists gcloud pubsub subscriptions describe "$ALERT_SUBSCRIPTION" "${P[@]}"; then
  run gcloud pubsub subscriptions create "$ALERT_SUBSCRIPTION" --topic "$ALERT_TOPIC" \
    --enable-message-ordering --ack-deadline 60 --labels "$LABEL" "${P[@]}"
fi

# BigQuery dataset and tables; layout as the pipeline's CREATE_IF_NEEDED (TableLayout).
if ! exists bq --project_id "$PROJECT_ID" show --dataset "$PROJECT_ID:$DATASET"; then
  run bq --project_id "$PROJECT_ID" --location "$REGION" mk --dataset \
    --label "$OWNER_LABEL_KEY:$OWNER_LABEL_VALUE" "$PROJECT_ID:$DATASET"
fi
make_table() { # name schema partition_field clustering_fields
  local table="$PROJECT_ID:$DATASET.$1" args=(--table --time_partitioning_type DAY --time_partitioning_field "$3")
  if [[ -n "$4" ]]; then
    args+=(--clustering_fields "$4")
  fi
  if ! exists bq --project_id "$PROJECT_ID" show "$table"; then
    run bq --project_id "$PROJECT_ID" mk "${args[@]}" "$table" "$ROOT/schemas/$2"
  else
    # An existing table gets the columns a newer schema adds (new columns are NULLABLE or
    # REPEATED, which BigQuery adds in place; it refuses any other change).
    run bq --project_id "$PROJECT_ID" update "$table" "$ROOT/schemas/$2"
  fi
}
make_table alerts alerts.json windowStart rule,severity,state
make_table noisy_logs noisy_logs.json window_start service,template_id
make_table deadletter deadletter.json timestamp ""

# Artifact Registry repository for the Flex Template image (built by Cloud Build: build-template.sh).
if ! exists gcloud artifacts repositories describe "$AR_REPO" --location "$REGION" "${P[@]}"; then
  run gcloud artifacts repositories create "$AR_REPO" --repository-format docker \
    --location "$REGION" --labels "$LABEL" "${P[@]}"
fi

# Worker service account, least privilege: each role on the one resource that needs it.
if [[ "$SA_IN_PROJECT" == 0 ]]; then
  echo "note: SERVICE_ACCOUNT=$SA_EMAIL is a full address: used as it is, not created here (it must exist; its project's owner keeps it)" >&2
elif ! exists gcloud iam service-accounts describe "$SA_EMAIL" "${P[@]}"; then
  run gcloud iam service-accounts create "$SERVICE_ACCOUNT" --display-name "log-alerts Dataflow worker" \
    --description "$OWNER_DESCRIPTION" "${P[@]}"
fi
MEMBER="serviceAccount:$SA_EMAIL"
run gcloud projects add-iam-policy-binding "$PROJECT_ID" --member "$MEMBER" \
  --role roles/dataflow.worker --condition None
run gcloud pubsub subscriptions add-iam-policy-binding "$LOG_SUBSCRIPTION" --member "$MEMBER" \
  --role roles/pubsub.subscriber "${P[@]}"
run gcloud pubsub subscriptions add-iam-policy-binding "$LOG_SUBSCRIPTION" --member "$MEMBER" \
  --role roles/pubsub.viewer "${P[@]}"
run gcloud pubsub topics add-iam-policy-binding "$ALERT_TOPIC" --member "$MEMBER" \
  --role roles/pubsub.publisher "${P[@]}"
run bq --project_id "$PROJECT_ID" add-iam-policy-binding --member "$MEMBER" \
  --role roles/bigquery.dataEditor "$PROJECT_ID:$DATASET"
# Rules are read from, temp and staging files written to, overwritten and deleted in the job's
# bucket: Storage Object Admin on this bucket only (the role Google's Flex Template page names for
# the launcher and worker account; objectCreator cannot overwrite or delete the temp files).
run gcloud storage buckets add-iam-policy-binding "gs://$BUCKET" --member "$MEMBER" \
  --role roles/storage.objectAdmin "${P[@]}"
run gcloud artifacts repositories add-iam-policy-binding "$AR_REPO" --location "$REGION" \
  --member "$MEMBER" --role roles/artifactregistry.reader "${P[@]}"

echo "Done. Next: scripts/build-template.sh, then scripts/launch.sh (same PROJECT_ID/REGION)." >&2
