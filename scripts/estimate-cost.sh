#!/usr/bin/env bash
# The monthly cost of running the job on Dataflow for a log volume, next to Cloud Logging's and
# Datadog's price for the same volume. Formula, measured inputs and prices: docs/cost.md.
#   scripts/estimate-cost.sh --gb-per-day=100
#   scripts/estimate-cost.sh --gb-per-day=500 --entry-bytes=1200 --rules=50 --json
#   scripts/estimate-cost.sh --list                 # every parameter, its flag and default
#   scripts/estimate-cost.sh --measure [--input='samples/logs/*.jsonl'] \
#     [--rules-file=samples/rules.yaml]             # remeasure the job's inputs (shuffles, rows)
# Exit codes: 0 done, 2 usage mistake (one error: line), 1 measurement failed.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# --measure defaults to the bundled samples wherever the script is run from; a user's --input or
# --rules-file comes later and wins.
defaults=()
for arg in "$@"; do
  if [[ "$arg" == "--measure" ]]; then
    defaults=("--input=$ROOT/samples/logs/*.jsonl" "--rules-file=$ROOT/samples/rules.yaml")
  fi
done
JAVA_OPTS="${JAVA_OPTS:--Xmx1g}" run_java dev.logalerts.tools.cost.EstimateCostCli \
  "${defaults[@]+"${defaults[@]}"}" "$@"
