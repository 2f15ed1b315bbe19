#!/usr/bin/env bash
# "Would this rule have fired, and why not?": replays exported logs through the job's own parser
# and evaluation for one rule and prints its alerts and evaluation timeline per group.
#   scripts/explain-rule.sh --input='exports/**/*.json' --rules=my-rules.yaml --rule=repeated-errors
#   scripts/explain-rule.sh --input='samples/logs/*.jsonl' --rules=samples/rules.yaml \
#     --rule=lb-backend-5xx --group=resource.labels.backend_service_name=shop-web-backend
# Exit codes: 0 explained, 2 usage, rules or input error.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JAVA_OPTS="${JAVA_OPTS:--Xmx2g}" run_java dev.logalerts.ruletest.ExplainRuleCli "$@"
