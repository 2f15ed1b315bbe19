#!/usr/bin/env bash
# Shared helpers for the scripts in this folder. Source it; do not run it.
# shellcheck disable=SC2034  # ROOT is used by the scripts that source this file
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The runnable modules: the local runner (local/) and the tools (tools/); both depend on the job
# module (pipeline/), which holds only what the Flex Template runs.
RUN_MODULES=(local tools)
CLASSPATH_FILE="$ROOT/local/target/classpath.txt"

die() {
  echo "error: $*" >&2
  exit 1
}

# Runs a quiet Maven build from the repository root; its output is shown only when it fails.
quiet_build() {
  local log
  log="$(mktemp)"
  if ! (cd "$ROOT" && mvn -B -q -Dstyle.color=never "$@") >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    die "build failed (see Maven output above)"
  fi
  rm -f "$log"
}

# Compiles the job and the runnable modules and records their runtime classpaths in
# MODULE/target/classpath.txt, unless those are newer than every source file and pom.
ensure_built() {
  local stale="" m
  for m in "${RUN_MODULES[@]}"; do
    if [[ ! -f "$ROOT/$m/target/classpath.txt" || ! -d "$ROOT/$m/target/classes" ]]; then
      stale=yes
    fi
  done
  if [[ -z "$stale" && -n "$(find "$ROOT/pipeline/src/main" "$ROOT/pipeline/pom.xml" "$ROOT/pom.xml" \
      "$ROOT/local/src/main" "$ROOT/local/pom.xml" "$ROOT/tools/src/main" "$ROOT/tools/pom.xml" \
      "$ROOT/common/src/main" "$ROOT/common/pom.xml" \
      -newer "$CLASSPATH_FILE" -print -quit)" ]]; then
    stale=yes
  fi
  if [[ -n "$stale" ]]; then
    echo "Building the pipeline (first run, or sources changed)..." >&2
    # process-classes also writes MODULE/target/classpath.txt (see the modules' poms).
    quiet_build -pl local,tools -am process-classes
    for m in "${RUN_MODULES[@]}"; do touch "$ROOT/$m/target/classpath.txt"; done
  fi
}

# Prints the runtime classpath: compiled classes of the runnable modules, then their dependencies
# (which include the job module's classes). LOGALERTS_CLASSPATH, when set, is used instead and
# nothing is built (tests run the scripts on their own classpath).
runtime_classpath() {
  if [[ -n "${LOGALERTS_CLASSPATH:-}" ]]; then
    echo "$LOGALERTS_CLASSPATH"
    return
  fi
  local cp="" m
  for m in "${RUN_MODULES[@]}"; do
    cp="$cp$ROOT/$m/target/classes:$(cat "$ROOT/$m/target/classpath.txt"):"
  done
  echo "${cp%:}"
}

# Runs a Java main class of the pipeline module with the given arguments, as the script's last
# command: exec makes the script's process the JVM, so a signal sent to the script (Ctrl-C, kill,
# a supervisor's or test's SIGTERM) stops the job instead of leaving it running as an orphan.
run_java() {
  local main="$1"
  shift
  [[ -n "${LOGALERTS_CLASSPATH:-}" ]] || ensure_built
  local -a java_opts=()
  # JAVA_OPTS is a space-separated list of JVM flags, split on purpose.
  read -r -a java_opts <<<"${JAVA_OPTS:-}"
  exec java "${java_opts[@]+"${java_opts[@]}"}" -cp "$(runtime_classpath)" "$main" "$@"
}

# The garbage collector of local batch runs: the throughput collector. A local run holds whole
# bundles (16 MB of input and what the steps make of it) while the DirectRunner moves them, and G1
# spent more CPU on that (its pauses and concurrent marking) than on some of the job's steps;
# measured on 1M entries (docs/performance.md): about 12% less CPU for the job, 13% for the
# read-and-parse baseline, which bench.sh runs with the same collector.
LOCAL_GC_OPTS="-XX:+UseParallelGC"

# JAVA_OPTS plus LOCAL_GC_OPTS, unless JAVA_OPTS chooses a collector itself.
with_local_gc() {
  local opts="$1"
  if [[ " $opts " == *" -XX:+Use"*"GC "* ]]; then
    echo "$opts"
  else
    echo "${opts:+$opts }$LOCAL_GC_OPTS"
  fi
}

# Worker threads of a local batch run: one fewer than the cores. The JIT compilers and the collector
# take about 45% of a 1M-entry run's CPU on threads of their own, and the DirectRunner's default (at
# least 3 workers) made the workers compete with them. On 2 cores, 1M entries: 3 -> 2 workers took
# the job 12% less wall time, 2 -> 1 another 6%; the read-and-parse baseline, which bench.sh runs
# with the same setting, kept its wall time with 13% less CPU (docs/performance.md).
local_parallelism() {
  local n
  n="$(nproc 2>/dev/null || echo 2)"
  echo $((n > 1 ? n - 1 : 1))
}

# Batch inputs up to this size (decompressed, estimated) run with the client compiler only: a
# short run spends more CPU compiling the runner's code with C2 than C2's code saves. Measured on 2
# cores: the bundled samples (9.5 MB, one worker) 13.3 s -> 9.6 s wall, 1M entries (911 MB) 10%
# less wall; 3M entries (2.7 GB) 39% more, as C1's code is slower once the run is long.
SMALL_INPUT_BYTES=$((512 << 20))

# Bytes of the local files matching a file pattern, compressed ones counted ten times (their
# decompressed size is what the job reads); nothing when no local file matches (gs://...).
input_bytes() {
  local pattern="$1" total=0 f size matched=""
  [[ "$pattern" != *://* ]] || return 0
  while IFS= read -r f; do
    [[ -f "$f" ]] || continue
    size="$(stat -L -c %s "$f")"
    case "$f" in
      *.gz | *.bz2 | *.zst | *.zip | *.deflate | *.lzo | *.snappy) size=$((size * 10)) ;;
    esac
    total=$((total + size))
    matched=yes
  done < <(shopt -s globstar nullglob; compgen -G "$pattern" || true)
  [[ -z "$matched" ]] || echo "$total"
}

# The JIT flag of a local batch run over a file pattern (see SMALL_INPUT_BYTES); nothing when the
# JVM options given choose the compilers themselves, or the input is large or not local.
local_jit_opts() { # local_jit_opts PATTERN JVM_OPTS
  local bytes
  [[ " $2 " != *" -XX:"*"Tiered"* ]] || return 0
  bytes="$(input_bytes "$1")"
  if [[ -n "$bytes" && "$bytes" -le "$SMALL_INPUT_BYTES" ]]; then
    echo "-XX:TieredStopAtLevel=1"
  fi
}

NOTIFIER_CLASSPATH_FILE="$ROOT/notifier/target/classpath.txt"

# Compiles the notifier module and records its runtime classpath, unless both are newer than
# every notifier source file and pom.
ensure_notifier_built() {
  if [[ ! -f "$NOTIFIER_CLASSPATH_FILE" || ! -d "$ROOT/notifier/target/classes" \
      || -n "$(find "$ROOT/notifier/src/main" "$ROOT/notifier/pom.xml" "$ROOT/pom.xml" \
        "$ROOT/common/src/main" "$ROOT/common/pom.xml" \
        -newer "$NOTIFIER_CLASSPATH_FILE" -print -quit)" ]]; then
    echo "Building the notifier (first run, or sources changed)..." >&2
    quiet_build -pl notifier -am process-classes
    touch "$NOTIFIER_CLASSPATH_FILE"
  fi
}

# Prints the notifier's runtime classpath: compiled classes, then dependencies.
notifier_classpath() {
  echo "$ROOT/notifier/target/classes:$(cat "$NOTIFIER_CLASSPATH_FILE")"
}

# The optimal-string-alignment distance of two words (as EditDistance in Java: one edit for an
# insertion, deletion, substitution or swap of neighbours), for "did you mean" hints.
edit_distance() {
  local a="$1" b="$2" i j cost n=${#2} best
  local -a prev2=() prev=() cur=()
  for ((j = 0; j <= n; j++)); do prev[j]=$j; done
  for ((i = 1; i <= ${#a}; i++)); do
    cur=("$i")
    for ((j = 1; j <= n; j++)); do
      cost=1
      [[ "${a:i-1:1}" != "${b:j-1:1}" ]] || cost=0
      best=$((prev[j - 1] + cost))
      ((prev[j] + 1 >= best)) || best=$((prev[j] + 1))
      ((cur[j - 1] + 1 >= best)) || best=$((cur[j - 1] + 1))
      if ((i > 1 && j > 1)) && [[ "${a:i-1:1}" == "${b:j-2:1}" && "${a:i-2:1}" == "${b:j-1:1}" ]]; then
        ((prev2[j - 2] + 1 >= best)) || best=$((prev2[j - 2] + 1))
      fi
      cur[j]=$best
    done
    prev2=("${prev[@]}")
    prev=("${cur[@]}")
  done
  echo "${prev[n]}"
}

# A mistake on the command line: one error line, exit 2 (die is for failures, exit 1).
usage_error() {
  echo "error: $*" >&2
  exit 2
}

# For a script that takes no argument but --help: its usage (the caller's usage function) on -h or
# --help, exit 0; anything else refused by reject_argument.
#   only_help_argument "$@"
only_help_argument() {
  local arg
  for arg in "$@"; do
    case "$arg" in
      -h | --help)
        usage
        exit 0
        ;;
      *) reject_argument "$arg" --help ;;
    esac
  done
}

# Refuses an argument a script does not take, in one error line and exit 2, naming the closest of
# the script's options when it is a near miss (as the Java commands do). An option that takes a
# value is given with a trailing '=' (--entries=):
#   reject_argument ARG OPTION...
reject_argument() {
  local arg="$1" name="${1%%=*}" opt d best="" best_d=99 allowed
  shift
  if [[ "$name" != -* ]]; then
    echo "error: unexpected argument '$arg' (see --help)" >&2
    exit 2
  fi
  local word="${name#-}" known
  word="${word#-}"
  for opt in "$@"; do
    known="${opt#-}"
    known="${known%=}"
    d="$(edit_distance "${word,,}" "${known#-}")"
    if ((d < best_d)); then
      best_d=$d
      best=$opt
    fi
  done
  allowed=$((${#word} / 3))
  ((allowed >= 1)) || allowed=1
  ((allowed <= 3)) || allowed=3
  if [[ "$best_d" == 0 && "$best" == *= ]]; then
    echo "error: $name needs a value: ${best}VALUE" >&2
  elif [[ "$best_d" == 0 ]]; then
    echo "error: $name takes no value, got '$arg'" >&2
  elif [[ -n "$best" && ${#word} -ge 3 && $best_d -le $allowed ]]; then
    echo "error: unknown option $name (did you mean ${best%=}?)" >&2
  else
    echo "error: unknown option $name (see --help)" >&2
  fi
  exit 2
}
