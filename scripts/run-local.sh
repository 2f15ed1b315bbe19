#!/usr/bin/env bash
# Runs the log-alerts pipeline on your machine (Beam DirectRunner): in batch over newline-delimited
# LogEntry JSON files, with no cloud account (no arguments: the bundled samples and rules, output
# in ./out), or streaming from a Pub/Sub subscription (the emulator or a real one) until
# interrupted. Builds the project first if needed.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
Usage: scripts/run-local.sh [--input=GLOB] [--rules=FILE] [--output=DIR] [pipeline options...]
       scripts/run-local.sh --subscription=projects/P/subscriptions/S [--pubsubRootUrl=URL]
                            [--alertTopic=projects/P/topics/T] [--output=DIR] [options...]

Batch (the default): runs the job over files, prints a summary, writes DIR/report.html.
  --input=GLOB   LogEntry JSON files, one entry per line, or what gcloud logging read
                 writes (YAML, or JSON with --format=json) (default: samples/logs/*.jsonl)
  --rules=FILE   rules file (default: samples/rules.yaml)
  --output=DIR   output directory (default: out); gets alerts/, alerts_silenced/,
                 noisy_logs/, deadletter/, report.html
Streaming: runs the streaming job on this machine until interrupted (Ctrl-C).
  --subscription=projects/P/subscriptions/S   Pub/Sub subscription fed with LogEntry JSON
  --pubsubRootUrl=URL   Pub/Sub endpoint, e.g. http://localhost:8085 for the emulator (default:
                 http://\$PUBSUB_EMULATOR_HOST when that is set, else Google's)
  --alertTopic=projects/P/topics/T   publish alerts to this topic
  --output=DIR   write alerts (as they fire), noisy-log rows and dead letters under DIR
  Any subset of destinations works; BigQuery tables (--alertTable, ...) are optional.
Both:
  --verbose      runner logs and stack traces
  Any other --name=value is passed to the pipeline (e.g. --noisyLogWindowMinutes=15).
  The template's parameter names --inputFilePattern, --rulesPath, --outputDirectory and
  --inputSubscription are the same as --input, --rules, --output and --subscription.
  The DirectRunner's element checks (--enforceImmutability, --enforceEncodability) are off
  unless given.
  JAVA_OPTS: JVM flags (default -Xmx2g); -XX:+UseParallelGC is added unless they name a
  collector. Batch runs over up to 512 MB of input add -XX:TieredStopAtLevel=1 (short runs
  finish sooner without C2) unless JAVA_OPTS set a -XX:...Tiered... flag, and use one worker
  thread fewer than the cores unless --targetParallelism is given.
Exit codes: 0 done; 1 the job could not start (input matches no file, rules file unreadable or
invalid, no credentials for gs://, BigQuery unreachable); 2 usage mistake (unknown option, bad
value); 3 the job failed while running (also when it ran out of memory: one error line says
so; raise -Xmx in JAVA_OPTS).
USAGE
}

input=""
rules="$ROOT/samples/rules.yaml"
output=""
subscription=""
root_url=""
extra=()
seen=" "
# Sets the script's option $1 (the pipeline's own name for it is accepted too: a user copying
# template parameters writes --inputFilePattern); given twice, which one was meant is unknown.
take() {
  [[ "$seen" != *" $1 "* ]] || usage_error "--$1 is given twice (directly or under its pipeline name); give it once"
  seen+="$1 "
  printf -v "$2" '%s' "$3"
}
for arg in "$@"; do
  case "$arg" in
    --input=* | --inputFilePattern=*) take input input "${arg#*=}" ;;
    --rules=* | --rulesPath=*) take rules rules "${arg#*=}" ;;
    --output=* | --outputDirectory=*) take output output "${arg#*=}" ;;
    --subscription=* | --inputSubscription=*) take subscription subscription "${arg#*=}" ;;
    --pubsubRootUrl=*) take pubsubRootUrl root_url "${arg#*=}" ;;
    --runner=DirectRunner) ;;
    --runner=*)
      usage_error "--runner: run-local.sh runs the job on this machine (DirectRunner); on Dataflow, build the template with scripts/build-template.sh and start it with scripts/launch.sh"
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    # "--input FILE": the value would be taken for a stray argument.
    --input | --rules | --output | --subscription | --pubsubRootUrl)
      usage_error "$arg needs a value: $arg=VALUE (options are --name=value; see --help)"
      ;;
    --verbose=true) extra+=("$arg") ;;
    --verbose=*) usage_error "--verbose takes no value, got '$arg'" ;;
    --*) extra+=("$arg") ;;
    *)
      echo "error: unexpected argument '$arg' (options are --name=value; see --help)" >&2
      exit 2
      ;;
  esac
done

# An option given with no value (often an unset variable: --input=$LOGS) is a mistake, not a
# request for the default: --input= would otherwise run over the bundled samples.
for arg in "$@"; do
  case "$arg" in
    --input= | --rules= | --output= | --subscription= | --pubsubRootUrl= | --inputFilePattern= \
      | --rulesPath= | --outputDirectory= | --inputSubscription=)
      echo "error: ${arg%=} needs a value (see --help)" >&2
      exit 2
      ;;
  esac
done
if [[ -n "$input" && "$input" != *://* && -d "$input" ]]; then
  echo "error: --input=$input is a directory; give a glob of files, e.g. --input='${input%/}/**' (every file below it, as a log sink's export lays them out) or --input='${input%/}/*.json'" >&2
  exit 2
fi
if [[ "$output" == *://* ]]; then
  # The local run writes files on this machine; a gs:// name would become a local folder "gs:".
  echo "error: --output=$output: the local run writes to a directory on this machine; copy it to a bucket afterwards (gcloud storage cp -r), or run on Dataflow (scripts/launch.sh) to write to BigQuery" >&2
  exit 2
fi
if [[ -n "$output" && -e "$output" && ! -d "$output" ]]; then
  echo "error: --output=$output exists and is not a directory" >&2
  exit 2
fi

if [[ "$rules" != *://* && ! -e "$rules" ]]; then
  die "rules file not found: $rules"
fi
if [[ "$seen" != *" rules "* && ( -n "$input" || -n "$subscription" ) ]]; then
  # Your logs with the demo shop's rules: said by the job once it starts (a mistake stays one line).
  export LOGALERTS_DEMO_RULES=1
fi

# Whether the caller passed the pipeline option --NAME=...
given() { [[ " ${extra[*]-} " == *" --$1="* ]]; }

# The DirectRunner's immutability and encodability checks copy or encode every element: test aids
# for DoFn authors, not needed to run the job, and with them a large input does not fit in the
# default heap. Off unless the caller passes them.
direct_checks=()
given enforceImmutability || direct_checks+=(--enforceImmutability=false)
given enforceEncodability || direct_checks+=(--enforceEncodability=false)

# Progress: redrawn in place on a terminal, plain periodic lines otherwise.
if [[ -t 2 ]]; then export LOGALERTS_STDERR_TTY=1; fi

job=()
jit_opts=""
if [[ -n "$subscription" ]]; then
  [[ -z "$input" ]] || usage_error "--input and --subscription exclude each other"
  # Said here under the name README gives; the job would name its own, --inputSubscription.
  [[ "$subscription" =~ ^projects/[^/]+/subscriptions/[^/]+$ ]] \
    || usage_error "--subscription must be projects/PROJECT/subscriptions/NAME, got '$subscription'"
  job+=(--inputSubscription="$subscription")
  if [[ -z "$root_url" && -n "${PUBSUB_EMULATOR_HOST:-}" ]]; then
    # host:port, as gcloud's env-init prints it; a URL given there is taken as it is.
    if [[ "$PUBSUB_EMULATOR_HOST" == *://* ]]; then
      root_url="$PUBSUB_EMULATOR_HOST"
    else
      root_url="http://$PUBSUB_EMULATOR_HOST"
    fi
  fi
  if [[ -n "$root_url" ]]; then
    job+=(--pubsubRootUrl="$root_url")
    # An emulator or test endpoint takes no credentials.
    if [[ "$root_url" != https://*.googleapis.com* ]] && ! given credentialFactoryClass; then
      job+=(--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory)
    fi
  fi
  if ! given project && [[ "$subscription" == projects/*/* ]]; then
    project="${subscription#projects/}"
    job+=(--project="${project%%/*}")
  fi
else
  input="${input:-$ROOT/samples/logs/*.jsonl}"
  job+=(--inputFilePattern="$input")
  output="${output:-$ROOT/out}"
  # A batch run's worker threads and compilers, measured in lib.sh; a streaming run keeps the
  # DirectRunner's threads (its source, windows and timers must not wait for one another) and C2.
  given targetParallelism || job+=(--targetParallelism="$(local_parallelism)")
  jit_opts="$(local_jit_opts "$input" "${JAVA_OPTS:-}")"
fi

if [[ -n "$output" ]]; then
  mkdir -p "$output" 2>/dev/null || die "cannot create the output directory $output"
  [[ -w "$output" ]] || die "output directory $output is not writable"
  output="$(cd "$output" && pwd)"
  # The previous run's rows and report are removed by the job once it is known to start, so a
  # mistake that stops it at launch leaves them as they were.
  job+=(--outputDirectory="$output")
fi

# Its own options, so that a misspelling of one (--ouput) is answered with it, not --update.
export LOGALERTS_SCRIPT_OPTIONS=input,rules,output,subscription,pubsubRootUrl
JAVA_OPTS="$(with_local_gc "${JAVA_OPTS:--Xmx2g}")${jit_opts:+ $jit_opts}" run_java dev.logalerts.local.LocalRun \
  --runner=DirectRunner \
  --rulesPath="$rules" \
  "${job[@]}" \
  "${direct_checks[@]}" \
  "${extra[@]+"${extra[@]}"}"
