#!/usr/bin/env bash
# Runs the log-alerts pipeline on your machine (Beam DirectRunner, batch) over newline-delimited
# LogEntry JSON files, with no cloud account. With no arguments: the bundled samples and rules,
# output in ./out. Builds the project first if needed.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
Usage: scripts/run-local.sh [--input=GLOB] [--rules=FILE] [--output=DIR] [pipeline options...]

  --input=GLOB   LogEntry JSON files, one entry per line (default: samples/logs/*.jsonl)
  --rules=FILE   rules file (default: samples/rules.yaml)
  --output=DIR   output directory (default: out); gets alerts/, noisy_logs/, deadletter/,
                 report.html
  Any other --name=value is passed to the pipeline (e.g. --noisyLogWindowMinutes=15).
  The DirectRunner's element checks (--enforceImmutability, --enforceEncodability) are off
  unless given.
USAGE
}

input="$ROOT/samples/logs/*.jsonl"
rules="$ROOT/samples/rules.yaml"
output="$ROOT/out"
extra=()
for arg in "$@"; do
  case "$arg" in
    --input=*) input="${arg#*=}" ;;
    --rules=*) rules="${arg#*=}" ;;
    --output=*) output="${arg#*=}" ;;
    -h | --help)
      usage
      exit 0
      ;;
    --*=*) extra+=("$arg") ;;
    *)
      usage >&2
      die "unexpected argument: $arg"
      ;;
  esac
done

if [[ "$rules" != gs://* && ! -f "$rules" ]]; then
  die "rules file not found: $rules"
fi

# The DirectRunner's immutability and encodability checks copy or encode every element: test aids
# for DoFn authors, not needed to run the job, and with them a large input does not fit in the
# default heap. Off unless the caller passes them.
direct_checks=()
[[ " ${extra[*]-} " == *" --enforceImmutability="* ]] || direct_checks+=(--enforceImmutability=false)
[[ " ${extra[*]-} " == *" --enforceEncodability="* ]] || direct_checks+=(--enforceEncodability=false)

mkdir -p "$output"
output="$(cd "$output" && pwd)"
rm -rf "$output/alerts" "$output/noisy_logs" "$output/deadletter" "$output/report.html"

JAVA_OPTS="${JAVA_OPTS:--Xmx2g}" run_java dev.logalerts.local.LocalRun \
  --runner=DirectRunner \
  --inputFilePattern="$input" \
  --rulesPath="$rules" \
  --outputDirectory="$output" \
  "${direct_checks[@]}" \
  "${extra[@]+"${extra[@]}"}"
