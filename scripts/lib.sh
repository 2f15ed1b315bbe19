#!/usr/bin/env bash
# Shared helpers for the scripts in this folder. Source it; do not run it.
# shellcheck disable=SC2034  # ROOT is used by the scripts that source this file
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLASSPATH_FILE="$ROOT/pipeline/target/classpath.txt"

die() {
  echo "error: $*" >&2
  exit 1
}

# Compiles the pipeline module and records its runtime classpath in pipeline/target/classpath.txt,
# unless both are newer than every source file and pom.
ensure_built() {
  local stale=""
  if [[ ! -f "$CLASSPATH_FILE" || ! -d "$ROOT/pipeline/target/classes" ]]; then
    stale=yes
  elif [[ -n "$(find "$ROOT/pipeline/src/main" "$ROOT/pipeline/pom.xml" "$ROOT/pom.xml" \
      -newer "$CLASSPATH_FILE" -print -quit)" ]]; then
    stale=yes
  fi
  if [[ -n "$stale" ]]; then
    echo "Building the pipeline (first run, or sources changed)..." >&2
    # process-classes also writes pipeline/target/classpath.txt (see pipeline/pom.xml).
    (cd "$ROOT" && mvn -B -q -pl pipeline -am process-classes >&2) \
      || die "build failed (see Maven output above)"
    touch "$CLASSPATH_FILE"
  fi
}

# Prints the runtime classpath: compiled classes, then dependencies.
runtime_classpath() {
  echo "$ROOT/pipeline/target/classes:$(cat "$CLASSPATH_FILE")"
}

# Runs a Java main class of the pipeline module with the given arguments.
run_java() {
  local main="$1"
  shift
  ensure_built
  local -a java_opts=()
  # JAVA_OPTS is a space-separated list of JVM flags, split on purpose.
  read -r -a java_opts <<<"${JAVA_OPTS:-}"
  java "${java_opts[@]+"${java_opts[@]}"}" -cp "$(runtime_classpath)" "$main" "$@"
}
