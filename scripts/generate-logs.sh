#!/usr/bin/env bash
# Generates realistic, deterministic Cloud Logging LogEntry JSON lines on stdout.
#   scripts/generate-logs.sh --entries N [--seed S] [--start 2026-11-20T00:00:00Z]
#       [--duration 24h] [--incidents all|none|error-burst,5xx-burst,slow,batch-fail,
#        batch-late,traffic-drop,new-error] [--truth FILE] > file.jsonl
# Same arguments -> same bytes. The incident windows are printed on stderr.
# Class: dev.logalerts.tools.LogGenerator (see its javadoc and samples/README.md).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
JAVA_OPTS="${JAVA_OPTS:--Xmx1g}" run_java dev.logalerts.tools.LogGenerator "$@"
