#!/usr/bin/env bash
# Starts (or, with UPDATE=1, updates) the streaming job from the Flex Template; with
# INPUT_FILE_PATTERN, a batch backfill over a Cloud Storage sink's files instead.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/common.sh
source "$SCRIPT_DIR/common.sh"

usage() {
  cat <<'USAGE'
Usage: PROJECT_ID=my-project REGION=us-central1 scripts/launch.sh [--dry-run]

Runs `gcloud dataflow flex-template run` on TEMPLATE_PATH (the latest build) with the
resources scripts/setup-gcp.sh created, as the worker service account, on Streaming Engine
(or, with INPUT_FILE_PATTERN, a batch backfill over exported files).

Environment (defaults in brackets; names as in setup-gcp.sh):
  PROJECT_ID, REGION   required
  JOB_NAME             [log-alerts]
  TEMPLATE_PATH        [gs://BUCKET/templates/log-alerts.json, the latest build] the template
                       spec; build-template.sh also keeps each build's spec as
                       gs://BUCKET/templates/log-alerts-IMAGE_TAG.json: name an older one to roll back
  BUCKET, LOG_SUBSCRIPTION, ALERT_TOPIC, DATASET
  SERVICE_ACCOUNT      [logalerts-worker] the workers' account: an account ID of PROJECT_ID, or
                       a full address (NAME@OTHER.iam.gserviceaccount.com) used as it is
  RULES_PATH           [gs://BUCKET/rules/rules.yaml]
  EXTRA_PARAMETERS     more k=v,k=v template parameters, e.g. dedupeHorizonMinutes=15: names of
                       templates/metadata.json, each once, none launch.sh sets itself
  MAX_WORKERS          [5]
  UPDATE               1 to replace the running job of the same name, keeping its state
  TRANSFORM_NAME_MAPPINGS  with UPDATE=1: OLD=NEW,OLD=NEW step renames for the update's
                       compatibility check (--transform-name-mappings); README "Update the job"
  INPUT_FILE_PATTERN   a backfill instead: a batch job over these files (gs://B/logs/**.json),
                       writing the same tables (DATASET=ANOTHER for tables of its own: hours the
                       live job covered would count twice) but not publishing to the alert topic
                       (add alertTopic=... to EXTRA_PARAMETERS to page on it); JOB_NAME defaults
                       to log-alerts-backfill-YYYYMMDD-HHMMSS; the worker service account needs
                       read access to the files' bucket

Launch environment (each unset by default, then gcloud's default; passed to
`gcloud dataflow flex-template run` as the flag of the same name, for the launcher VM and the
workers):
  NETWORK              --network: the VPC network (Dataflow's default: the network "default")
  SUBNETWORK           --subnetwork: e.g. regions/REGION/subnetworks/NAME, or its full URL
                       (a Shared VPC's subnetwork)
  DISABLE_PUBLIC_IPS   1: --disable-public-ips, the VMs get internal addresses only; their
                       subnetwork then needs Private Google Access (Pub/Sub, BigQuery, Cloud
                       Storage, Artifact Registry are reached through it)
  DATAFLOW_KMS_KEY     --dataflow-kms-key: CMEK for the job's state and data at rest,
                       projects/P/locations/L/keyRings/R/cryptoKeys/K
  WORKER_MACHINE_TYPE  --worker-machine-type, e.g. n2-standard-2
  LAUNCHER_MACHINE_TYPE --launcher-machine-type
  NUM_WORKERS          --num-workers: workers at start
  ADDITIONAL_USER_LABELS  --additional-user-labels: k=v,k=v labels of the job
  ADDITIONAL_EXPERIMENTS  --additional-experiments: e1,e2 Dataflow experiments

  --dry-run   print the commands instead of running them
  --help      this text
USAGE
}

# The setting that gives each parameter launch.sh sets itself.
setting_of() {
  case "$1" in
    rulesPath) echo "RULES_PATH=gs://BUCKET/PATH" ;;
    inputSubscription) echo "LOG_SUBSCRIPTION=NAME" ;;
    alertTopic) echo "ALERT_TOPIC=NAME" ;;
    inputFilePattern) echo "INPUT_FILE_PATTERN=gs://BUCKET/PATH" ;;
    *) echo "DATASET=NAME" ;; # the three tables
  esac
}

# Refuses, in one error line, an EXTRA_PARAMETERS name that is no parameter of
# templates/metadata.json (with the closest one), one launch.sh sets itself, or one given twice:
# Dataflow would say so only minutes later, in the launcher VM's log.
check_extra_parameters() { # check_extra_parameters SCRIPT_PARAMETERS EXTRA_PARAMETERS
  local -a known=() ours=() extra=()
  local kv name k d best best_d allowed seen=","
  mapfile -t known < <(sed -nE 's/^ {4,}"name": *"([^"]+)".*/\1/p' "$ROOT/templates/metadata.json")
  IFS=, read -r -a ours <<<"$1"
  IFS=, read -r -a extra <<<"$2"
  for kv in "${extra[@]}"; do
    [[ "$kv" == ?*=* ]] || usage_error "EXTRA_PARAMETERS must be name=value,name=value, got '$kv' in '$2'"
    name="${kv%%=*}"
    if [[ " ${known[*]} " != *" $name "* ]]; then
      best="" best_d=99
      for k in "${known[@]}"; do
        d="$(edit_distance "${name,,}" "${k,,}")"
        if ((d < best_d)); then
          best_d=$d
          best=$k
        fi
      done
      allowed=$((${#name} / 3))
      ((allowed >= 1)) || allowed=1
      ((allowed <= 3)) || allowed=3
      if ((best_d <= allowed)); then
        usage_error "EXTRA_PARAMETERS: unknown template parameter $name (did you mean $best?)"
      fi
      usage_error "EXTRA_PARAMETERS: unknown template parameter $name (templates/metadata.json lists them)"
    fi
    for k in "${ours[@]}"; do
      if [[ "${k%%=*}" == "$name" ]]; then
        usage_error "EXTRA_PARAMETERS: $name is set by launch.sh already ($k); set it once, with $(setting_of "$name")"
      fi
    done
    [[ "$seen" != *",$name,"* ]] || usage_error "EXTRA_PARAMETERS: $name is given twice; give it once"
    seen+="$name,"
  done
}

parse_common_flags "$@"
require_env PROJECT_ID REGION

resource_names
case "${UPDATE:-0}" in
  0 | 1) ;;
  *) usage_error "UPDATE must be 1 (update the running job) or 0, got '$UPDATE'" ;;
esac
if [[ -n "${TRANSFORM_NAME_MAPPINGS:-}" && "${UPDATE:-0}" != 1 ]]; then
  usage_error "TRANSFORM_NAME_MAPPINGS renames steps for an update: set UPDATE=1 too"
fi
if [[ -n "${TRANSFORM_NAME_MAPPINGS:-}" && ! "$TRANSFORM_NAME_MAPPINGS" =~ ^[^=,]+=[^=,]*(,[^=,]+=[^=,]*)*$ ]]; then
  usage_error "TRANSFORM_NAME_MAPPINGS must be OLD=NEW,OLD=NEW (step names), got '$TRANSFORM_NAME_MAPPINGS'"
fi
BACKFILL="${INPUT_FILE_PATTERN:-}"
if [[ -n "$BACKFILL" ]]; then
  [[ "$BACKFILL" == gs://* ]] \
    || usage_error "INPUT_FILE_PATTERN must be a Cloud Storage pattern (gs://BUCKET/PATH), got '$BACKFILL'"
  [[ "$BACKFILL" != *,* ]] \
    || usage_error "INPUT_FILE_PATTERN cannot hold a comma (gcloud splits --parameters at commas)"
  [[ "${UPDATE:-0}" != 1 ]] \
    || usage_error "UPDATE=1 replaces a running streaming job; a backfill (INPUT_FILE_PATTERN) is a new batch job"
  JOB_NAME="${JOB_NAME:-log-alerts-backfill-$(date -u +%Y%m%d-%H%M%S)}"
else
  JOB_NAME="${JOB_NAME:-log-alerts}"
fi
TEMPLATE_PATH="${TEMPLATE_PATH:-gs://$BUCKET/templates/log-alerts.json}"
[[ "$TEMPLATE_PATH" =~ ^gs://[^/]+/.+\.json$ ]] \
  || usage_error "TEMPLATE_PATH must be a template spec in Cloud Storage (gs://BUCKET/PATH.json), got '$TEMPLATE_PATH'"
RULES_PATH="${RULES_PATH:-gs://$BUCKET/rules/rules.yaml}"
# The workers read it: a path on this machine is not theirs (setup-gcp.sh uploads RULES_FILE).
[[ "$RULES_PATH" == gs://* ]] \
  || usage_error "RULES_PATH must be a Cloud Storage path (gs://BUCKET/PATH) the workers can read, got '$RULES_PATH'; upload the file first (gcloud storage cp FILE gs://BUCKET/rules/rules.yaml)"
MAX_WORKERS="${MAX_WORKERS:-5}"
[[ "$MAX_WORKERS" =~ ^[1-9][0-9]*$ ]] || usage_error "MAX_WORKERS must be a whole number of workers, got '$MAX_WORKERS'"
if [[ -n "${NUM_WORKERS:-}" ]]; then
  [[ "$NUM_WORKERS" =~ ^[1-9][0-9]*$ ]] || usage_error "NUM_WORKERS must be a whole number of workers, got '$NUM_WORKERS'"
  ((NUM_WORKERS <= MAX_WORKERS)) || usage_error "NUM_WORKERS ($NUM_WORKERS) must not exceed MAX_WORKERS ($MAX_WORKERS)"
fi
case "${DISABLE_PUBLIC_IPS:-0}" in
  0 | 1) ;;
  *) usage_error "DISABLE_PUBLIC_IPS must be 1 (internal addresses only) or 0, got '$DISABLE_PUBLIC_IPS'" ;;
esac

if [[ -n "$BACKFILL" ]]; then
  PARAMETERS="inputFilePattern=$BACKFILL"
  PARAMETERS+=",rulesPath=$RULES_PATH"
else
  PARAMETERS="inputSubscription=projects/$PROJECT_ID/subscriptions/$LOG_SUBSCRIPTION"
  PARAMETERS+=",rulesPath=$RULES_PATH"
  PARAMETERS+=",alertTopic=projects/$PROJECT_ID/topics/$ALERT_TOPIC"
fi
PARAMETERS+=",alertTable=$PROJECT_ID:$DATASET.alerts"
PARAMETERS+=",noisyLogTable=$PROJECT_ID:$DATASET.noisy_logs"
PARAMETERS+=",deadLetterTable=$PROJECT_ID:$DATASET.deadletter"
if [[ -n "${EXTRA_PARAMETERS:-}" ]]; then
  check_extra_parameters "$PARAMETERS" "$EXTRA_PARAMETERS"
  PARAMETERS+=",$EXTRA_PARAMETERS"
fi

ARGS=(
  --template-file-gcs-location "$TEMPLATE_PATH"
  --region "$REGION"
  --project "$PROJECT_ID"
  --service-account-email "$SA_EMAIL"
  --temp-location "gs://$BUCKET/temp"
  --staging-location "gs://$BUCKET/staging"
)
if [[ -z "$BACKFILL" ]]; then
  ARGS+=(--enable-streaming-engine)
fi
ARGS+=(--max-workers "$MAX_WORKERS")
[[ -z "${NUM_WORKERS:-}" ]] || ARGS+=(--num-workers "$NUM_WORKERS")
[[ -z "${NETWORK:-}" ]] || ARGS+=(--network "$NETWORK")
[[ -z "${SUBNETWORK:-}" ]] || ARGS+=(--subnetwork "$SUBNETWORK")
[[ "${DISABLE_PUBLIC_IPS:-0}" != 1 ]] || ARGS+=(--disable-public-ips)
[[ -z "${DATAFLOW_KMS_KEY:-}" ]] || ARGS+=(--dataflow-kms-key "$DATAFLOW_KMS_KEY")
[[ -z "${WORKER_MACHINE_TYPE:-}" ]] || ARGS+=(--worker-machine-type "$WORKER_MACHINE_TYPE")
[[ -z "${LAUNCHER_MACHINE_TYPE:-}" ]] || ARGS+=(--launcher-machine-type "$LAUNCHER_MACHINE_TYPE")
[[ -z "${ADDITIONAL_USER_LABELS:-}" ]] || ARGS+=(--additional-user-labels "$ADDITIONAL_USER_LABELS")
[[ -z "${ADDITIONAL_EXPERIMENTS:-}" ]] || ARGS+=(--additional-experiments "$ADDITIONAL_EXPERIMENTS")
ARGS+=(--parameters "$PARAMETERS")
if [[ "${UPDATE:-0}" == 1 ]]; then
  ARGS+=(--update)
  [[ -z "${TRANSFORM_NAME_MAPPINGS:-}" ]] || ARGS+=(--transform-name-mappings "$TRANSFORM_NAME_MAPPINGS")
fi
run gcloud dataflow flex-template run "$JOB_NAME" "${ARGS[@]}"
