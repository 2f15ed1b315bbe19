#!/usr/bin/env bash
# Builds the bundled jar and the Flex Template (image in Artifact Registry, spec in Cloud Storage).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
# shellcheck source=scripts/common.sh
source "$SCRIPT_DIR/common.sh"

usage() {
  cat <<'USAGE'
Usage: PROJECT_ID=my-project REGION=us-central1 scripts/build-template.sh [--dry-run]

Builds pipeline/target/log-alerts-pipeline-bundled.jar (mvn -Pdist) and runs
`gcloud dataflow flex-template build`, which builds the launcher image (Java 17 base, main class
dev.logalerts.pipeline.LogAlertsPipeline) and writes the template spec with templates/metadata.json.

Environment (defaults in brackets):
  PROJECT_ID, REGION   required
  BUCKET               [PROJECT_ID-logalerts]   spec: gs://BUCKET/templates/log-alerts-IMAGE_TAG.json,
                                                copied to gs://BUCKET/templates/log-alerts.json
                                                (what launch.sh starts by default)
  AR_REPO              [logalerts]              image: REGION-docker.pkg.dev/PROJECT_ID/AR_REPO/log-alerts:IMAGE_TAG
  IMAGE_TAG            [the git commit (short), with -dirty-YYYYMMDDHHMMSS when the working tree
                       has uncommitted changes; "latest" outside git]

Each build keeps its versioned spec: a rollback is a launch of an older one,
TEMPLATE_PATH=gs://BUCKET/templates/log-alerts-OLDTAG.json scripts/launch.sh (UPDATE=1 to
replace the running job with it).

  --dry-run   print the commands instead of running them
  --help      this text
USAGE
}

parse_common_flags "$@"
require_env PROJECT_ID REGION

resource_names
if [[ -z "${IMAGE_TAG:-}" ]]; then
  IMAGE_TAG="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo latest)"
  # Uncommitted changes are not the commit: their build gets a tag of its own.
  if [[ "$IMAGE_TAG" != latest && -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
    IMAGE_TAG+="-dirty-$(date -u +%Y%m%d%H%M%S)"
  fi
fi
[[ "$IMAGE_TAG" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*$ ]] \
  || usage_error "IMAGE_TAG must be letters, digits, '.', '_' and '-' (an image tag and part of the spec's name), got '$IMAGE_TAG'"
MAIN_CLASS=dev.logalerts.pipeline.LogAlertsPipeline
JAR="$ROOT/pipeline/target/log-alerts-pipeline-bundled.jar"
TEMPLATE="gs://$BUCKET/templates/log-alerts.json"
VERSIONED_TEMPLATE="gs://$BUCKET/templates/log-alerts-$IMAGE_TAG.json"
IMAGE="$REGION-docker.pkg.dev/$PROJECT_ID/$AR_REPO/log-alerts:$IMAGE_TAG"

run mvn -B -f "$ROOT/pom.xml" -Pdist -DskipTests -pl pipeline -am package
run gcloud dataflow flex-template build "$VERSIONED_TEMPLATE" \
  --image-gcr-path "$IMAGE" \
  --sdk-language JAVA \
  --flex-template-base-image JAVA17 \
  --metadata-file "$ROOT/templates/metadata.json" \
  --jar "$JAR" \
  --env "FLEX_TEMPLATE_JAVA_MAIN_CLASS=$MAIN_CLASS" \
  --project "$PROJECT_ID"
# The fixed path launch.sh starts by default: this build, from now on.
run gcloud storage cp "$VERSIONED_TEMPLATE" "$TEMPLATE" --project "$PROJECT_ID"
