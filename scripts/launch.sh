#!/usr/bin/env bash
# Starts (or, with UPDATE=1, updates) the streaming job from the Flex Template.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/common.sh
source "$SCRIPT_DIR/common.sh"

usage() {
  cat <<'USAGE'
Usage: PROJECT_ID=my-project REGION=us-central1 scripts/launch.sh [--dry-run]

Runs `gcloud dataflow flex-template run` on gs://BUCKET/templates/log-alerts.json with the
resources scripts/setup-gcp.sh created, as the worker service account, on Streaming Engine.

Environment (defaults in brackets; names as in setup-gcp.sh):
  PROJECT_ID, REGION   required
  JOB_NAME             [log-alerts]
  BUCKET, LOG_SUBSCRIPTION, ALERT_TOPIC, DATASET, SERVICE_ACCOUNT
  RULES_PATH           [gs://BUCKET/rules/rules.yaml]
  EXTRA_PARAMETERS     more k=v,k=v template parameters, e.g. dedupeHorizonMinutes=15
  MAX_WORKERS          [5]
  UPDATE               1 to replace the running job of the same name, keeping its state

  --dry-run   print the commands instead of running them
  --help      this text
USAGE
}

parse_common_flags "$@"
require_env PROJECT_ID REGION

resource_names
JOB_NAME="${JOB_NAME:-log-alerts}"
RULES_PATH="${RULES_PATH:-gs://$BUCKET/rules/rules.yaml}"
MAX_WORKERS="${MAX_WORKERS:-5}"

PARAMETERS="inputSubscription=projects/$PROJECT_ID/subscriptions/$LOG_SUBSCRIPTION"
PARAMETERS+=",rulesPath=$RULES_PATH"
PARAMETERS+=",alertTopic=projects/$PROJECT_ID/topics/$ALERT_TOPIC"
PARAMETERS+=",alertTable=$PROJECT_ID:$DATASET.alerts"
PARAMETERS+=",noisyLogTable=$PROJECT_ID:$DATASET.noisy_logs"
PARAMETERS+=",deadLetterTable=$PROJECT_ID:$DATASET.deadletter"
if [[ -n "${EXTRA_PARAMETERS:-}" ]]; then
  PARAMETERS+=",$EXTRA_PARAMETERS"
fi

ARGS=(
  --template-file-gcs-location "gs://$BUCKET/templates/log-alerts.json"
  --region "$REGION"
  --project "$PROJECT_ID"
  --service-account-email "$SERVICE_ACCOUNT@$PROJECT_ID.iam.gserviceaccount.com"
  --temp-location "gs://$BUCKET/temp"
  --staging-location "gs://$BUCKET/staging"
  --enable-streaming-engine
  --max-workers "$MAX_WORKERS"
  --parameters "$PARAMETERS"
)
if [[ "${UPDATE:-0}" == 1 ]]; then
  ARGS+=(--update)
fi
run gcloud dataflow flex-template run "$JOB_NAME" "${ARGS[@]}"
