#!/usr/bin/env bash
# Generates realistic, deterministic Cloud Logging LogEntry JSON lines on stdout.
#   scripts/generate-logs.sh --entries N [--seed S] [--start 2026-11-20T00:00:00Z]
#       [--duration 24h] [--incidents all|none|error-burst,5xx-burst,slow,batch-fail,
#        batch-late,traffic-drop,new-error] [--truth FILE] > file.jsonl
# Same arguments -> same bytes. The incident windows are printed on stderr.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLASSES="$ROOT/pipeline/target/classes"
CP_FILE="$ROOT/pipeline/target/generator.classpath"
MVN_OFFLINE="${MVN_OFFLINE:--o}"

# Build when the classes are missing or older than the generator's sources.
if [[ ! -f "$CLASSES/dev/logalerts/tools/LogGenerator.class" || ! -f "$CP_FILE" ]] \
   || [[ -n "$(find "$ROOT/pipeline/src/main/java/dev/logalerts/tools" -newer "$CLASSES/dev/logalerts/tools/LogGenerator.class" -name '*.java' 2>/dev/null)" ]]; then
  (cd "$ROOT" && mvn -B -q $MVN_OFFLINE -pl pipeline compile >&2 \
    && mvn -B -q $MVN_OFFLINE -pl pipeline dependency:build-classpath \
         -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime >&2)
fi
exec java -Xss4m -cp "$CLASSES:$(cat "$CP_FILE")" dev.logalerts.tools.LogGenerator "$@"
