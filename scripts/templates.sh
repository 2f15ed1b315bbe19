#!/usr/bin/env bash
# Template miner on your own logs: reads plain messages on stdin, one per line, and prints one
# JSON line per input, in order: {"templateId": "...", "template": "..."}.
#   scripts/templates.sh < messages.txt > templates.jsonl
#   scripts/templates.sh --unescape   # "\n" in a line = line break (multi-line messages)
# Builds the pipeline module on first use (offline Maven) and caches its runtime classpath in
# pipeline/target/classpath.txt (shared with run-local.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLASSES="$ROOT/pipeline/target/classes"
CP_FILE="$ROOT/pipeline/target/classpath.txt"
MAIN_CLASS="$CLASSES/dev/logalerts/tools/TemplatesCli.class"

stale() {
  [[ ! -f "$MAIN_CLASS" ]] && return 0
  # Rebuild when any main source is newer than the compiled CLI.
  [[ -n "$(find "$ROOT/pipeline/src/main" -newer "$MAIN_CLASS" -type f -print -quit)" ]]
}

if stale; then
  (cd "$ROOT" && mvn -B -q -o -Dstyle.color=never -pl pipeline compile) >&2
fi
if [[ ! -s "$CP_FILE" || "$ROOT/pipeline/pom.xml" -nt "$CP_FILE" ]]; then
  (cd "$ROOT" && mvn -B -q -o -Dstyle.color=never -pl pipeline dependency:build-classpath \
      -Dmdep.outputFile="$CP_FILE") >&2
fi

exec java -XX:+UseSerialGC \
  -cp "$CLASSES:$(cat "$CP_FILE")" dev.logalerts.tools.TemplatesCli "$@"
