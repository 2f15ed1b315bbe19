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
  BUCKET               [PROJECT_ID-logalerts]   spec: gs://BUCKET/templates/log-alerts.json
  AR_REPO              [logalerts]              image: REGION-docker.pkg.dev/PROJECT_ID/AR_REPO/log-alerts
  IMAGE_TAG            [git commit, or "latest"]

  --dry-run   print the commands instead of running them
  --help      this text
USAGE
}

parse_common_flags "$@"
require_env PROJECT_ID REGION

resource_names
IMAGE_TAG="${IMAGE_TAG:-$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo latest)}"
MAIN_CLASS=dev.logalerts.pipeline.LogAlertsPipeline
JAR="$ROOT/pipeline/target/log-alerts-pipeline-bundled.jar"
TEMPLATE="gs://$BUCKET/templates/log-alerts.json"
IMAGE="$REGION-docker.pkg.dev/$PROJECT_ID/$AR_REPO/log-alerts:$IMAGE_TAG"

run mvn -B -f "$ROOT/pom.xml" -Pdist -DskipTests -pl pipeline -am package
run gcloud dataflow flex-template build "$TEMPLATE" \
  --image-gcr-path "$IMAGE" \
  --sdk-language JAVA \
  --flex-template-base-image JAVA17 \
  --metadata-file "$ROOT/templates/metadata.json" \
  --jar "$JAR" \
  --env "FLEX_TEMPLATE_JAVA_MAIN_CLASS=$MAIN_CLASS" \
  --project "$PROJECT_ID"
