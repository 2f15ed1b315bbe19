#!/usr/bin/env bash
# Validates one rules file alone (run it in your CI before deploying a rules change).
#   scripts/validate-rules.sh FILE      FILE: a local path or gs://BUCKET/PATH
# Exit codes: 0 valid (prints a one-line summary), 1 invalid (prints every error, one per line,
# as FILE:LINE:COLUMN: rule 'NAME': key 'KEY': problem), 2 usage error.
# LOGALERTS_CLASSPATH, when set, is used as the Java classpath and nothing is built (tests).
set -euo pipefail

usage() {
  echo "usage: $(basename "$0") FILE   (a rules YAML file: local path or gs://BUCKET/PATH)" >&2
  exit 2
}

if [[ $# -ne 1 ]]; then
  usage
fi
case "$1" in
  -h | --help) usage ;;
  -* | "") usage ;;
esac

main_class=dev.logalerts.tools.ValidateRules
if [[ -n "${LOGALERTS_CLASSPATH:-}" ]]; then
  exec java -cp "$LOGALERTS_CLASSPATH" "$main_class" "$1"
fi

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_java "$main_class" "$1"
