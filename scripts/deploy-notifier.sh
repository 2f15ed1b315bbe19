#!/usr/bin/env bash
# Deploys the notifier (notifier/) as a Cloud Run service behind an authenticated Pub/Sub push
# subscription of the alert topic. Idempotent: resources are created when missing, the service
# and the subscription are updated in place, IAM bindings are re-applied.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
# shellcheck source=scripts/common.sh
source "$SCRIPT_DIR/common.sh"

usage() {
  cat <<'USAGE'
Usage: PROJECT_ID=my-project REGION=us-central1 CONFIG_FILE=notifier.yaml \
       SECRETS=SLACK_WEBHOOK_URL,PD_ROUTING_KEY scripts/deploy-notifier.sh [--dry-run]

Builds the notifier jar and image (Cloud Build, Artifact Registry), stores the config and each
secret in Secret Manager, deploys the Cloud Run service (no unauthenticated access) with a
runtime service account that can only read those secrets and publish to the dead-letter topic,
and creates the push subscription of the alert topic with an OIDC token of a dedicated push
service account and a dead-letter policy.

Environment (defaults in brackets):
  PROJECT_ID, REGION   required
  CONFIG_FILE          required: the notifier config (docs/notifier.md)
  SECRETS              comma-separated environment variable names the config uses as ${NAME}
                       (every one it uses: a missing one stops the script before it deploys);
                       each is kept in the Secret Manager secret logalerts-NAME (lowercase, _ as
                       -) and exposed to the service as NAME. When NAME is set in this shell, its
                       value is added as a new secret version (never printed).
  ALERT_TOPIC          [logalerts-alerts]          AR_REPO [logalerts]
  NOTIFIER_SERVICE     [logalerts-notifier]        IMAGE_TAG [git commit, or "latest"]
  NOTIFIER_SA          [logalerts-notifier]        runtime service account
  PUSH_SA              [logalerts-push]            identity of the push subscription's token
  NOTIFIER_SUBSCRIPTION [logalerts-alerts-notifier]
  DEAD_LETTER_TOPIC    [logalerts-alerts-dead]     MAX_DELIVERY_ATTEMPTS [10]
  NOTIFIER_MAX_INSTANCES [1]                       more instances share no dedupe memory
  VPC_NETWORK, VPC_SUBNET  optional: Direct VPC egress to reach a receiver on a private address
                       (an Alertmanager inside the VPC); without VPC_SUBNET, gcloud takes the
                       subnet named as the network
  VPC_CONNECTOR        optional, instead: a Serverless VPC Access connector's name
                       Either way only private ranges go through the VPC (--vpc-egress
                       private-ranges-only): Slack, Chat and PagerDuty stay on the internet route.

  --dry-run   print the commands instead of running them
  --help      this text
USAGE
}

parse_common_flags "$@"
require_env PROJECT_ID REGION CONFIG_FILE
if [[ "$DRY_RUN" != 1 && ! -f "$CONFIG_FILE" ]]; then
  echo "error: CONFIG_FILE $CONFIG_FILE does not exist" >&2
  exit 2
fi

# Every ${NAME} the config uses must reach the service as a secret: one left out of SECRETS makes
# the deployed service refuse to start ("environment variable NAME is not set"), which would only
# show in Cloud Run's logs after the whole deployment. Whole-line comments are skipped.
if [[ -f "$CONFIG_FILE" ]]; then
  missing=()
  # shellcheck disable=SC2016  # a literal ${NAME}, as the config writes it
  while IFS= read -r ref; do
    [[ ",${SECRETS:-}," == *",$ref,"* ]] || missing+=("$ref")
  done < <(grep -v '^[[:space:]]*#' "$CONFIG_FILE" | grep -o '\${[A-Za-z_][A-Za-z0-9_]*}' \
    | sed 's/^\${//; s/}$//' | sort -u)
  if ((${#missing[@]})); then
    refs="" all="${SECRETS:-}"
    for ref in "${missing[@]}"; do
      refs+="${refs:+, }\${$ref}"
      all+="${all:+,}$ref"
    done
    usage_error "$CONFIG_FILE uses $refs, not in SECRETS: the service would refuse to start (SECRETS=$all)"
  fi
fi

resource_names
NOTIFIER_SERVICE="${NOTIFIER_SERVICE:-logalerts-notifier}"
NOTIFIER_SA="${NOTIFIER_SA:-logalerts-notifier}"
PUSH_SA="${PUSH_SA:-logalerts-push}"
NOTIFIER_SUBSCRIPTION="${NOTIFIER_SUBSCRIPTION:-logalerts-alerts-notifier}"
DEAD_LETTER_TOPIC="${DEAD_LETTER_TOPIC:-logalerts-alerts-dead}"
MAX_DELIVERY_ATTEMPTS="${MAX_DELIVERY_ATTEMPTS:-10}"
# One instance keeps the in-memory stale/duplicate checks global (README "Notifications").
NOTIFIER_MAX_INSTANCES="${NOTIFIER_MAX_INSTANCES:-1}"
CONFIG_SECRET="${CONFIG_SECRET:-logalerts-notifier-config}"
# A private receiver (Alertmanager in the VPC) is reached through Direct VPC egress or a connector.
VPC=()
if [[ -n "${VPC_CONNECTOR:-}" && -n "${VPC_NETWORK:-}${VPC_SUBNET:-}" ]]; then
  echo "error: set VPC_CONNECTOR or VPC_NETWORK (Direct VPC egress), not both" >&2
  exit 2
elif [[ -n "${VPC_CONNECTOR:-}" ]]; then
  VPC=(--vpc-connector "$VPC_CONNECTOR" --vpc-egress private-ranges-only)
elif [[ -n "${VPC_NETWORK:-}" ]]; then
  VPC=(--network "$VPC_NETWORK")
  [[ -z "${VPC_SUBNET:-}" ]] || VPC+=(--subnet "$VPC_SUBNET")
  VPC+=(--vpc-egress private-ranges-only)
elif [[ -n "${VPC_SUBNET:-}" ]]; then
  echo "error: VPC_SUBNET needs VPC_NETWORK (the subnet's network)" >&2
  exit 2
fi
IMAGE_TAG="${IMAGE_TAG:-$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo latest)}"
IMAGE="$REGION-docker.pkg.dev/$PROJECT_ID/$AR_REPO/log-alerts-notifier:$IMAGE_TAG"
RUN_EMAIL="$NOTIFIER_SA@$PROJECT_ID.iam.gserviceaccount.com"
PUSH_EMAIL="$PUSH_SA@$PROJECT_ID.iam.gserviceaccount.com"
P=(--project "$PROJECT_ID")

run gcloud services enable run.googleapis.com secretmanager.googleapis.com \
  cloudbuild.googleapis.com artifactregistry.googleapis.com pubsub.googleapis.com "${P[@]}"

# Image: the bundled jar, then a container built by Cloud Build from notifier/Dockerfile.
run mvn -B -f "$ROOT/pom.xml" -DskipTests -pl notifier -am package
if ! exists gcloud artifacts repositories describe "$AR_REPO" --location "$REGION" "${P[@]}"; then
  run gcloud artifacts repositories create "$AR_REPO" --repository-format docker \
    --location "$REGION" "${P[@]}"
fi
run gcloud builds submit "$ROOT/notifier" --tag "$IMAGE" "${P[@]}"

# Service accounts: the service's own identity, and the one Pub/Sub signs push tokens as.
if ! exists gcloud iam service-accounts describe "$RUN_EMAIL" "${P[@]}"; then
  run gcloud iam service-accounts create "$NOTIFIER_SA" --display-name "log-alerts notifier (Cloud Run)" "${P[@]}"
fi
if ! exists gcloud iam service-accounts describe "$PUSH_EMAIL" "${P[@]}"; then
  run gcloud iam service-accounts create "$PUSH_SA" --display-name "log-alerts notifier push identity" "${P[@]}"
fi

# Secrets: the config file, and one secret per ${NAME}; the runtime account may read only these.
ensure_secret() { # secret-name
  if ! exists gcloud secrets describe "$1" "${P[@]}"; then
    run gcloud secrets create "$1" --replication-policy automatic "${P[@]}"
  fi
  run gcloud secrets add-iam-policy-binding "$1" --member "serviceAccount:$RUN_EMAIL" \
    --role roles/secretmanager.secretAccessor "${P[@]}"
}
ensure_secret "$CONFIG_SECRET"
run gcloud secrets versions add "$CONFIG_SECRET" --data-file "$CONFIG_FILE" "${P[@]}"
SECRET_MOUNTS="/etc/notifier/config.yaml=$CONFIG_SECRET:latest"
IFS=',' read -r -a secret_names <<<"${SECRETS:-}"
for name in "${secret_names[@]}"; do
  [[ -z "$name" ]] && continue
  if [[ ! "$name" =~ ^[A-Z_][A-Z0-9_]*$ ]]; then
    echo "error: SECRETS entry '$name' is not an environment variable name" >&2
    exit 2
  fi
  secret="logalerts-$(tr 'A-Z_' 'a-z-' <<<"$name")"
  ensure_secret "$secret"
  if [[ -n "${!name:-}" ]]; then
    # The value goes through stdin: it is never printed or put on a command line.
    if [[ "$DRY_RUN" == 1 ]]; then
      print_cmd gcloud secrets versions add "$secret" --data-file - "${P[@]}"
    else
      print_cmd gcloud secrets versions add "$secret" --data-file - "${P[@]}" >&2
      printf '%s' "${!name}" | gcloud secrets versions add "$secret" --data-file - "${P[@]}"
    fi
  fi
  SECRET_MOUNTS+=",$name=$secret:latest"
done

# Dead-letter topic: the service publishes permanent failures there; the subscription's
# dead-letter policy moves messages there after MAX_DELIVERY_ATTEMPTS retryable failures.
if ! exists gcloud pubsub topics describe "$DEAD_LETTER_TOPIC" "${P[@]}"; then
  run gcloud pubsub topics create "$DEAD_LETTER_TOPIC" "${P[@]}"
fi
run gcloud pubsub topics add-iam-policy-binding "$DEAD_LETTER_TOPIC" \
  --member "serviceAccount:$RUN_EMAIL" --role roles/pubsub.publisher "${P[@]}"

# The service: authenticated only; the audience is fixed once the URL is known (below).
run gcloud run deploy "$NOTIFIER_SERVICE" --image "$IMAGE" --region "$REGION" \
  --service-account "$RUN_EMAIL" --no-allow-unauthenticated \
  --set-secrets "$SECRET_MOUNTS" \
  --set-env-vars "PUSH_SERVICE_ACCOUNT=$PUSH_EMAIL,DEAD_LETTER_TOPIC=projects/$PROJECT_ID/topics/$DEAD_LETTER_TOPIC" \
  --cpu 1 --memory 512Mi --concurrency 20 --max-instances "$NOTIFIER_MAX_INSTANCES" --timeout 600 \
  "${VPC[@]}" "${P[@]}"
if [[ "$DRY_RUN" == 1 ]]; then
  SERVICE_URL='SERVICE_URL' # gcloud run services describe ... --format='value(status.url)'
  PROJECT_NUMBER='PROJECT_NUMBER'
  print_cmd gcloud run services describe "$NOTIFIER_SERVICE" --region "$REGION" --format 'value(status.url)' "${P[@]}"
  print_cmd gcloud projects describe "$PROJECT_ID" --format 'value(projectNumber)'
else
  SERVICE_URL="$(gcloud run services describe "$NOTIFIER_SERVICE" --region "$REGION" --format 'value(status.url)' "${P[@]}")"
  PROJECT_NUMBER="$(gcloud projects describe "$PROJECT_ID" --format 'value(projectNumber)')"
fi
run gcloud run services update "$NOTIFIER_SERVICE" --region "$REGION" \
  --update-env-vars "PUSH_AUDIENCE=$SERVICE_URL" "${P[@]}"
run gcloud run services add-iam-policy-binding "$NOTIFIER_SERVICE" --region "$REGION" \
  --member "serviceAccount:$PUSH_EMAIL" --role roles/run.invoker "${P[@]}"

# Pub/Sub's service agent signs the push tokens and forwards dead letters.
PUBSUB_AGENT="serviceAccount:service-$PROJECT_NUMBER@gcp-sa-pubsub.iam.gserviceaccount.com"
run gcloud iam service-accounts add-iam-policy-binding "$PUSH_EMAIL" --member "$PUBSUB_AGENT" \
  --role roles/iam.serviceAccountTokenCreator "${P[@]}"
run gcloud pubsub topics add-iam-policy-binding "$DEAD_LETTER_TOPIC" --member "$PUBSUB_AGENT" \
  --role roles/pubsub.publisher "${P[@]}"

SUB_FLAGS=(--push-endpoint "$SERVICE_URL/push" --push-auth-service-account "$PUSH_EMAIL"
  --push-auth-token-audience "$SERVICE_URL" --ack-deadline 600
  --dead-letter-topic "$DEAD_LETTER_TOPIC" --max-delivery-attempts "$MAX_DELIVERY_ATTEMPTS"
  --min-retry-delay 10s --max-retry-delay 600s)
if ! exists gcloud pubsub subscriptions describe "$NOTIFIER_SUBSCRIPTION" "${P[@]}"; then
  run gcloud pubsub subscriptions create "$NOTIFIER_SUBSCRIPTION" --topic "$ALERT_TOPIC" \
    "${SUB_FLAGS[@]}" --message-retention-duration 7d "${P[@]}"
else
  run gcloud pubsub subscriptions update "$NOTIFIER_SUBSCRIPTION" "${SUB_FLAGS[@]}" "${P[@]}"
fi
run gcloud pubsub subscriptions add-iam-policy-binding "$NOTIFIER_SUBSCRIPTION" \
  --member "$PUBSUB_AGENT" --role roles/pubsub.subscriber "${P[@]}"

echo "Done. Preview the config locally first: scripts/notify.sh --config=$CONFIG_FILE --alerts=out/alerts" >&2
