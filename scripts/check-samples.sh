#!/usr/bin/env bash
# Checks that samples/logs/shop-prod.jsonl is exactly what the command in samples/README.md
# generates: runs that command into a temporary directory and compares the bytes.
#   scripts/check-samples.sh            # exit 0: up to date; 1: differs (first differing line shown)
# To refresh the samples after changing the generator, run the README's command itself.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$ROOT"

usage() {
  cat <<USAGE
Usage: scripts/check-samples.sh
Checks that samples/logs/shop-prod.jsonl is exactly what the command in samples/README.md
generates. Exit codes: 0 up to date; 1 differs (first differing byte shown); 2 usage mistake or
the command failed.
USAGE
}
only_help_argument "$@"
sample="samples/logs/shop-prod.jsonl"
args_line="$(sed -n "s|^scripts/generate-logs.sh \(.*\) > ${sample}\$|\1|p" "$root/samples/README.md")"
if [[ -z "$args_line" ]]; then
  echo "error: no 'scripts/generate-logs.sh ... > ${sample}' line in samples/README.md" >&2
  exit 2
fi
read -r -a args <<<"$args_line"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "scripts/generate-logs.sh ${args_line}"
"$root/scripts/generate-logs.sh" "${args[@]}" >"$tmp/shop-prod.jsonl" 2>"$tmp/stderr" || {
  cat "$tmp/stderr" >&2
  exit 2
}
if cmp -s "$tmp/shop-prod.jsonl" "$root/$sample"; then
  echo "${sample}: up to date"
else
  echo "${sample}: differs from what the command generates" >&2
  cmp "$tmp/shop-prod.jsonl" "$root/$sample" >&2 || true
  exit 1
fi
