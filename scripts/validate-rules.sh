#!/usr/bin/env bash
# Validates one rules file alone (run it in your CI before deploying a rules change).
#   scripts/validate-rules.sh FILE      FILE: a local path or gs://BUCKET/PATH
# Exit codes: 0 valid (prints a one-line summary), 1 invalid (prints every error, one per line,
# as FILE:LINE:COLUMN: rule 'NAME': key 'KEY': problem), 2 usage error (also: FILE names
# nothing, or a directory; one error: line).
# LOGALERTS_CLASSPATH, when set, is used as the Java classpath and nothing is built (tests).
set -euo pipefail

usage_line="usage: $(basename "$0") FILE   (a rules YAML file: local path or gs://BUCKET/PATH)"
usage_error() {
  echo "error: $1 ($usage_line)" >&2
  exit 2
}

case "${1-}" in
  -h | --help)
    echo "$usage_line"
    exit 0
    ;;
esac
for arg in "$@"; do
  case "$arg" in
    -?*) usage_error "unknown option $arg" ;;
  esac
done
if [[ $# -eq 0 ]]; then
  usage_error "no rules file given"
fi
if [[ $# -gt 1 ]]; then
  usage_error "one rules file at a time, got $# arguments"
fi
if [[ -z "$1" ]]; then
  usage_error "the rules file name is empty"
fi
if [[ "$1" == "-" ]]; then
  usage_error "'-' (standard input) is not read: give the rules file's path"
fi

main_class=dev.logalerts.tools.ValidateRules
if [[ -n "${LOGALERTS_CLASSPATH:-}" ]]; then
  exec java -cp "$LOGALERTS_CLASSPATH" "$main_class" "$1"
fi

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_java "$main_class" "$1"
