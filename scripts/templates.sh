#!/usr/bin/env bash
# Template miner on your own logs: reads plain messages on stdin, one per line, and prints one
# JSON line per input, in order: {"templateId": "...", "template": "..."}.
#   scripts/templates.sh < messages.txt > templates.jsonl
#   scripts/templates.sh --unescape   # "\n" in a line = line break (multi-line messages)
#   scripts/templates.sh --families-out=families.jsonl < messages.txt   # + learned template families
# Builds the pipeline module on first use; one JVM mines all lines.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JAVA_OPTS="${JAVA_OPTS:--XX:+UseSerialGC}" run_java dev.logalerts.tools.TemplatesCli "$@"
