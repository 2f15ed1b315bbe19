#!/usr/bin/env bash
# Removes what scripts/setup-gcp.sh created. Resources that are already gone are skipped.
# Running jobs are not touched: drain or cancel them first (gcloud dataflow jobs drain JOB_ID).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/common.sh
source "$SCRIPT_DIR/common.sh"

usage() {
  cat <<'USAGE'
Usage: PROJECT_ID=my-project REGION=us-central1 scripts/teardown-gcp.sh [--dry-run]

Deletes the Cloud Logging sink, the log subscription and topic, the alert topic, the BigQuery
dataset with its tables (alert history and noisy-log data are lost), the Artifact Registry
repository, the bucket and the worker service account. Same environment variables as
setup-gcp.sh.

  --dry-run   print the commands instead of running them
  --help      this text
USAGE
}

parse_common_flags "$@"
require_env PROJECT_ID REGION

resource_names
P=(--project "$PROJECT_ID")

present() { # the opposite of "missing"; with --dry-run everything counts as present
  if [[ "$DRY_RUN" == 1 ]]; then
    return 0
  fi
  "$@" >/dev/null 2>&1
}

# The sink first, so nothing is published to a topic that is going away.
if present gcloud logging sinks describe "$SINK_NAME" "${P[@]}"; then
  run gcloud logging sinks delete "$SINK_NAME" --quiet "${P[@]}"
fi
for subscription in "$LOG_SUBSCRIPTION" "$ALERT_SUBSCRIPTION"; do
  if present gcloud pubsub subscriptions describe "$subscription" "${P[@]}"; then
    run gcloud pubsub subscriptions delete "$subscription" "${P[@]}"
  fi
done
for topic in "$LOG_TOPIC" "$ALERT_TOPIC"; do
  if present gcloud pubsub topics describe "$topic" "${P[@]}"; then
    run gcloud pubsub topics delete "$topic" "${P[@]}"
  fi
done
if present bq --project_id "$PROJECT_ID" show --dataset "$PROJECT_ID:$DATASET"; then
  run bq --project_id "$PROJECT_ID" rm -r -f --dataset "$PROJECT_ID:$DATASET"
fi
if present gcloud artifacts repositories describe "$AR_REPO" --location "$REGION" "${P[@]}"; then
  run gcloud artifacts repositories delete "$AR_REPO" --location "$REGION" --quiet "${P[@]}"
fi
if present gcloud storage buckets describe "gs://$BUCKET" "${P[@]}"; then
  run gcloud storage rm --recursive "gs://$BUCKET" "${P[@]}"
fi
if [[ "$SA_IN_PROJECT" == 0 ]]; then
  echo "skipped: service account $SA_EMAIL (a full address: not created by setup-gcp.sh)" >&2
elif present gcloud iam service-accounts describe "$SA_EMAIL" "${P[@]}"; then
  run gcloud projects remove-iam-policy-binding "$PROJECT_ID" \
    --member "serviceAccount:$SA_EMAIL" --role roles/dataflow.worker --condition None
  run gcloud iam service-accounts delete "$SA_EMAIL" --quiet "${P[@]}"
fi
