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
