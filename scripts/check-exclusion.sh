#!/usr/bin/env bash
# Before excluding logs at the source: which alert rules would lose entries they alert on?
#   scripts/check-exclusion.sh --rules=samples/rules.yaml 'resource.type="k8s_container" AND severity<=INFO'
#   scripts/check-exclusion.sh --rules=my-rules.yaml --input='exports/**/*.json' 'log_id("stdout")'
# The exclusion is written in the Cloud Logging query language (as in a sink exclusion) and run
# over real entries (--input, default the bundled samples) with the job's parser and filters.
# Exit codes: 0 no rule affected, 1 some rule would lose entries, 2 usage, filter or rules error.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

has_input=""
for arg in "$@"; do
  [[ "$arg" == --input=* ]] && has_input=yes
done
defaults=()
if [[ -z "$has_input" ]]; then
  # The bundled samples, named as a user in the repository's root would write them.
  if [[ "$PWD" == "$ROOT" ]]; then
    defaults=(--input="samples/logs/*.jsonl")
  else
    defaults=(--input="$ROOT/samples/logs/*.jsonl")
  fi
fi
JAVA_OPTS="${JAVA_OPTS:--XX:+UseSerialGC}" run_java dev.logalerts.ruletest.ExclusionCheckCli \
  "${defaults[@]+"${defaults[@]}"}" "$@"
