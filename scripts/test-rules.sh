#!/usr/bin/env bash
# Runs rule tests: each test feeds LogEntries to the job's own evaluation (batch, DirectRunner)
# and compares the alerts with what the test expects. Format: docs/rule-tests.md.
#   scripts/test-rules.sh samples/rules.test.yaml
#   scripts/test-rules.sh --junit=out/rule-tests.xml tests/*.yaml
# Prints PASS/FAIL per test (a failure shows expected vs actual alerts and each involved rule's
# evaluation timeline), then "N passed, N failed".
# Exit codes: 0 all pass, 1 a test failed, 2 a test or rules file is invalid (nothing ran).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JAVA_OPTS="${JAVA_OPTS:--Xmx1g -XX:+UseSerialGC}" run_java dev.logalerts.ruletest.RuleTestsCli "$@"
