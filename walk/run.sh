#!/bin/bash
# Usage: walk/run.sh FILE.jsonl...   (after: mvn -B -q -o package -DskipTests -Dspotless.check.skip=true
# -pl common,testing,pipeline; mvn -B -q -o dependency:build-classpath -pl pipeline
# -Dmdep.outputFile=/tmp/reallogs3-cp.txt -Dmdep.includeScope=test)
set -e
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLS=${CLASSES_ROOT:-$ROOT}
CP=$CLS/pipeline/target/classes:$CLS/common/target/classes:$(cat /tmp/reallogs3-cp.txt)
OUT=${HARNESS_OUT:-/tmp/reallogs3-harness}
mkdir -p "$OUT"
javac -nowarn -d "$OUT" -cp "$CP" "$ROOT/walk/Harness.java" 2>&1 | grep -v -i 'warning\|^Note' || true
java -cp "$OUT:$CP" dev.logalerts.templates.Harness "$@"
