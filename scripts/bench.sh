#!/usr/bin/env bash
# Performance suite (docs/performance.md): the JMH per-entry benchmarks (each a ratio against Jackson
# readTree on the same bytes in the same run), then an end-to-end local run over 1M generated
# entries next to a baseline Beam pipeline (read lines, Jackson parse, count) on the same input
# and runner, with throughput and peak RSS from /usr/bin/time -v, and each run's CPU by thread
# group (DirectRunner workers, JIT compilers, GC, main) from /proc.
#
#   scripts/bench.sh           full suite (JMH ~10 min, end to end several minutes)
#   scripts/bench.sh --quick   short JMH run only (< ~3 min)
#   options: --entries=N (end-to-end input size, default 1000000), --rules=FILE (rules for the
#            end-to-end run, default samples/rules.yaml), --no-e2e, --no-jmh; BENCH_HEAP (default
#            -Xmx1g) is the heap of both end-to-end runs
#   scripts/bench.sh --rules-scaling   only the filter step with 20 vs 500 rules (~1 min); its
#            last line is then "per-entry cost 500 rules / 20 rules: X.XX"
#   scripts/bench.sh --against=REV   only the per-entry workloads of REV (a git revision, built
#            once in out/bench/against-REV) and of the current tree, side by side in one JVM,
#            alternating passes, thread CPU (~2 min); last line "full path new/old: X.XXX".
#            For before/after figures on a shared machine, where separate runs swing by ±20%.
#
# Results land in out/bench/ (jmh.json, jmh.txt, e2e-*.txt, summary.txt). The LAST line printed
# is "end-to-end: job/baseline wall X.XX, cpu Y.YY, peak RSS job N MB" when the end-to-end run
# happened, else "ratio full-path/readTree: X.XX" (always so with --quick).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

quick=""
rules_scaling=""
against=""
entries=1000000
run_jmh=yes
run_e2e=yes
rules="$ROOT/samples/rules.yaml"
for arg in "$@"; do
  case "$arg" in
    --quick) quick=yes; run_e2e="" ;;
    --entries=*)
      entries="${arg#*=}"
      [[ "$entries" =~ ^[1-9][0-9]{0,9}$ ]] \
        || usage_error "--entries must be a whole number above 0, got '$entries'"
      ;;
    --rules=*)
      rules="${arg#*=}"
      [[ -n "$rules" ]] || usage_error "--rules needs a value: --rules=FILE"
      [[ "$rules" == *://* || -f "$rules" ]] || usage_error "--rules=$rules: no such file"
      ;;
    --no-e2e) run_e2e="" ;;
    --no-jmh) run_jmh="" ;;
    --rules-scaling) rules_scaling=yes ;;
    --against=*)
      against="${arg#*=}"
      [[ -n "$against" ]] || usage_error "--against needs a value: --against=REV"
      ;;
    -h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0"; exit 0 ;;
    *)
      reject_argument "$arg" --quick --entries= --rules= --no-e2e --no-jmh --rules-scaling \
        --against= --help
      ;;
  esac
done

OUT="$ROOT/out/bench"
mkdir -p "$OUT"
SUMMARY="$OUT/summary.txt"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: nproc=$(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')," \
    "$(awk '/MemTotal/ {printf "%.1f GB RAM", $2/1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $(java -version 2>&1 | head -1)"
} >"$SUMMARY"

# --- build: the pipeline (for the scripts) and the benchmarks module (JMH classes + classpath)
ensure_built
BENCH_CP_FILE="$ROOT/benchmarks/target/classpath.txt"
# A classpath naming our own modules' installed jars (a build of benchmarks alone, after `mvn
# install`) would run those instead of this tree's classes: rebuild it from the reactor.
if [[ ! -f "$BENCH_CP_FILE" || -n "$(find "$ROOT/benchmarks/src" "$ROOT/pipeline/src/main" "$ROOT/tools/src/main" \
    "$ROOT/benchmarks/pom.xml" -newer "$BENCH_CP_FILE" -print -quit)" ]] \
    || grep -q '/dev/logalerts/' "$BENCH_CP_FILE"; then
  echo "Building the benchmarks module..." >&2
  quiet_build -pl benchmarks -am process-classes -DskipTests
  touch "$BENCH_CP_FILE"
fi
BENCH_CP="$ROOT/benchmarks/target/classes:$(cat "$BENCH_CP_FILE")"

# --- rules scaling (docs/performance.md, "Many rules"): the filter step's per-entry thread CPU
# time with 20 and 500 rules, indexed and brute force, interleaved in one JVM. Runs alone.
if [[ -n "$rules_scaling" ]]; then
  echo "Rules scaling: RuleFilters.match with 20 and 500 rules (thread CPU, best of 15)..." >&2
  java -Xms1g -Xmx1g -cp "$BENCH_CP" dev.logalerts.benchmarks.RulesScaling 15 15 \
    >"$OUT/rules-scaling.txt" 2>&1 || { cat "$OUT/rules-scaling.txt" >&2; die "RulesScaling failed"; }
  cat "$OUT/rules-scaling.txt" >>"$SUMMARY"
  head -n -1 "$OUT/rules-scaling.txt" >&2
  tail -1 "$OUT/rules-scaling.txt"
  exit 0
fi

# --- side by side (docs/performance.md, "Repeated messages, shared payload keys"): REV's build and
# this tree's in two class loaders of one JVM, the same loops alternately. Runs alone.
if [[ -n "$against" ]]; then
  rev="$(git -C "$ROOT" rev-parse --short "$against^{commit}" 2>/dev/null)" \
    || die "--against: '$against' is not a git revision of this repository"
  old_dir="$OUT/against-$rev"
  if [[ ! -d "$old_dir" ]]; then
    git -C "$ROOT" worktree prune # forget a checkout whose folder was deleted with out/
    git -C "$ROOT" worktree add --detach -q "$old_dir" "$rev" || die "could not check out $rev"
  fi
  if [[ ! -f "$old_dir/benchmarks/target/classpath.txt" ]]; then
    echo "Building $rev in $old_dir..." >&2
    (cd "$old_dir" && mvn -B -q -Dstyle.color=never package -DskipTests -Dspotless.check.skip=true \
      -pl benchmarks -am) >"$OUT/against-build.txt" 2>&1 \
      || { tail -20 "$OUT/against-build.txt" >&2; die "building $rev failed"; }
  fi
  own() { # own DIR CLASSPATH_FILE -> DIR's benchmark classes and module outputs, ':'-joined
    { echo "$1/benchmarks/target/classes"; tr ':' '\n' <"$2" | grep "^$1/"; } | paste -sd:
  }
  # Never our own modules (either build's come from its own loader).
  third_party="$(tr ':' '\n' <"$BENCH_CP_FILE" | grep -v -e "^$ROOT/" -e '/dev/logalerts/' | paste -sd:)"
  pass_dir="$OUT/side-by-side"
  rm -rf "$pass_dir" && mkdir -p "$pass_dir"
  javac -nowarn -d "$pass_dir" -cp "$BENCH_CP" \
    "$ROOT"/benchmarks/src/side-by-side/*.java "$ROOT"/benchmarks/src/side-by-side/dev/logalerts/benchmarks/*.java \
    || die "compiling the side-by-side harness failed"
  # The pass class comes from pass_dir in each loader; the harness itself from the app loader.
  mkdir -p "$pass_dir/pass/dev/logalerts/benchmarks" "$pass_dir/main"
  mv "$pass_dir"/dev/logalerts/benchmarks/SideBySidePass*.class "$pass_dir/pass/dev/logalerts/benchmarks/"
  mv "$pass_dir"/SideBySide*.class "$pass_dir/main/"
  echo "Side by side: $rev (old) and this tree (new), 30 alternating passes per workload..." >&2
  java -Xms2g -Xmx2g -Dloghub.dir="$ROOT/pipeline/src/test/resources/templates/loghub2k-full" \
    -cp "$pass_dir/main:$third_party" SideBySide \
    "$(own "$old_dir" "$old_dir/benchmarks/target/classpath.txt")" \
    "$(own "$ROOT" "$BENCH_CP_FILE")" "$pass_dir/pass" 30 \
    readTree parse filters mine mineLoghub coder fullPath >"$OUT/side-by-side.txt" 2>&1 \
    || { cat "$OUT/side-by-side.txt" >&2; die "side-by-side run failed"; }
  cat "$OUT/side-by-side.txt" >&2
  awk '$1 == "fullPath" { printf "full path new/old: %s\n", $4 }' "$OUT/side-by-side.txt"
  exit 0
fi

ratio_line=""
# --- 1-5: JMH
if [[ -n "$run_jmh" ]]; then
  # --quick: only what the last line needs (full path and its readTree baseline), parse, and the
  # full path of the rules without a bare word (the job's selective parse).
  # Warm-up long enough for the full path to be JIT-compiled on a busy 2-core machine (its
  # throughput climbs for 10-20 s there, readTree's for 2-8 s): the job runs for days, so the
  # steady state is its per-entry cost (docs/performance.md, "Warm-up").
  if [[ -n "$quick" ]]; then
    jmh_opts=(-f 1 -wi 12 -w 2s -i 3 -r 2s)
    jmh_include='dev.logalerts.benchmarks.PerEntryBenchmarks.(readTree|parse|fullPath|fullPathFieldRules)$'
  else
    jmh_opts=(-f 1 -wi 3 -w 3s -i 5 -r 3s -prof gc) # gc: allocated bytes per entry
    jmh_include='dev.logalerts.benchmarks.PerEntryBenchmarks'
  fi
  echo "JMH ${jmh_opts[*]} ($jmh_include)..." >&2
  java -cp "$BENCH_CP" org.openjdk.jmh.Main "$jmh_include" \
    "${jmh_opts[@]}" -rf json -rff "$OUT/jmh.json" >"$OUT/jmh.txt" 2>&1 \
    || { tail -30 "$OUT/jmh.txt" >&2; die "JMH failed (full log: $OUT/jmh.txt)"; }
  grep -E '^(Benchmark|PerEntryBenchmarks)' "$OUT/jmh.txt" >&2 || true
  report="$(java -cp "$BENCH_CP" dev.logalerts.benchmarks.BenchReport "$OUT/jmh.json")"
  echo "$report" >>"$SUMMARY"
  ratio_line="$(echo "$report" | grep '^ratio full-path/readTree:' || true)"
  if [[ -z "$quick" ]]; then
    # Cross-check by thread CPU time (robust when other processes share the cores).
    java -Xms1g -Xmx1g -cp "$BENCH_CP" dev.logalerts.benchmarks.CpuTimeReport 8 8 >>"$SUMMARY"
  fi
fi

# --- end to end: baseline Beam pipeline vs the real job, same input, same runner (DirectRunner)
# Peak RSS and elapsed from GNU time; install it when missing (Debian/Ubuntu, root).
timed() { # timed LOGFILE cmd... -> runs cmd under /usr/bin/time -v, output to LOGFILE
  local log="$1"
  shift
  /usr/bin/time -v "$@" >"$log" 2>&1
}
field() { # field LOGFILE "Maximum resident set size (kbytes)"
  grep -F "$2" "$1" | tail -1 | awk -F': ' '{print $2}'
}
calc() { awk "BEGIN { print $* }"; }
# CPU per thread group. GNU time gives the process total; JFR samples only Java threads, so the
# JIT compilers' and the garbage collector's share of a run is invisible to it.
java_under() { # java_under PID -> the java process PID is or runs (run-local.sh execs java)
  local p="$1" c
  if [[ "$(cat "/proc/$p/comm" 2>/dev/null)" == java ]]; then
    echo "$p"
    return
  fi
  for c in $(pgrep -P "$p"); do java_under "$c"; done
}
sample_threads() { # sample_threads PID FILE: until PID exits, "tid name ticks" of its JVM's threads
  local pid="$1" file="$2" jvm=""
  : >"$file"
  while kill -0 "$pid" 2>/dev/null; do
    [[ -n "$jvm" ]] || jvm="$(java_under "$pid" | head -1)"
    if [[ -n "$jvm" ]]; then
      # One process per sample, so the sampler takes next to nothing from the measured run. A
      # stat line is "tid (name) state ..."; the name may hold spaces and parentheses, so it ends
      # at the last ')'; utime and stime are fields 14 and 15.
      awk '{
        close_at = 0
        for (i = length($0); i > 0 && !close_at; i--) if (substr($0, i, 1) == ")") close_at = i
        name = substr($0, index($0, "(") + 1, close_at - index($0, "(") - 1)
        gsub(/ /, "_", name)
        split(substr($0, close_at + 2), f, " ")
        print $1, name, f[12] + f[13]
      }' /proc/"$jvm"/task/*/stat >>"$file" 2>/dev/null || true
    fi
    sleep 0.25 # a thread that ends between two samples loses at most this much
  done
}
cpu_by_thread() { # cpu_by_thread FILE -> "workers X s, JIT compilers Y s, GC Z s, main W s, other V s"
  awk -v hz="$(getconf CLK_TCK)" '
    NF == 3 && (!($1 in ticks) || $3 > ticks[$1]) { ticks[$1] = $3; name[$1] = $2 }
    END {
      for (t in ticks) {
        n = name[t]
        g = n ~ /^direct-runner/ ? "workers" : n ~ /^C[12]_Compiler/ ? "jit" \
          : n ~ /^(GC_Thread|G1_|VM_Thread)/ ? "gc" : n == "java" ? "main" : "other"
        s[g] += ticks[t] / hz
      }
      printf "workers %.1f s, JIT compilers %.1f s, GC %.1f s, main %.1f s, other %.1f s\n", \
        s["workers"], s["jit"], s["gc"], s["main"], s["other"]
    }' "$1"
}
timed_with_threads() { # timed_with_threads LOGFILE cmd...: timed, and LOGFILE.threads sampled
  local log="$1" pid rc=0
  timed "$@" &
  pid=$!
  sample_threads "$pid" "$log.threads"
  wait "$pid" || rc=$?
  return "$rc"
}
seconds() { # h:mm:ss or m:ss.ss -> seconds
  awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }' <<<"$1"
}

if [[ -n "$run_e2e" ]]; then
  if [[ ! -x /usr/bin/time ]]; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
      apt-get install -y -qq time >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq time) >/dev/null 2>&1
    fi
    [[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is needed for peak RSS: apt-get install time"
  fi
  input="$OUT/input-$entries.jsonl"
  if [[ ! -s "$input" ]]; then
    echo "Generating $entries entries into $input..." >&2
    "$ROOT/scripts/generate-logs.sh" --entries "$entries" --duration 24h --incidents all \
      >"$input.tmp" 2>"$OUT/generate.txt"
    mv "$input.tmp" "$input"
  fi
  mb=$(( $(stat -c %s "$input") / 1048576 ))
  # Same heap for both runs; 1 GB: the job must not need more than the read-and-parse baseline.
  heap="${BENCH_HEAP:--Xmx1g}"
  # The DirectRunner's immutability/encodability checks copy every element (test aids, not the
  # production cost; with them a 1M-entry bundle does not fit in 2 GB). Off for both runs.
  direct=(--runner=DirectRunner --enforceImmutability=false --enforceEncodability=false)

  # The job gets the local runs' collector, compiler choice and worker threads from run-local.sh;
  # the baseline the same ones.
  jit="$(local_jit_opts "$input" "$heap")"
  workers="$(local_parallelism)"
  echo "End to end over $input ($mb MB), DirectRunner with $workers worker thread(s), JVM $heap${jit:+ $jit}..." >&2
  # A DirectRunner that ran out of memory in a worker thread does not exit: end the JVM instead.
  read -r -a baseline_jvm <<<"$(with_local_gc "$heap")${jit:+ $jit} -XX:+ExitOnOutOfMemoryError"
  timed_with_threads "$OUT/e2e-baseline.txt" java "${baseline_jvm[@]}" -cp "$(runtime_classpath)" \
    dev.logalerts.tools.BaselinePipeline "${direct[@]}" --targetParallelism="$workers" \
    --inputFilePattern="$input" \
    || {
      tail -20 "$OUT/e2e-baseline.txt" >&2
      if grep -q "OutOfMemoryError" "$OUT/e2e-baseline.txt"; then
        die "baseline pipeline ran out of memory with $heap (BENCH_HEAP sets the heap of both runs)"
      fi
      die "baseline pipeline failed"
    }
  b_sec=$(seconds "$(field "$OUT/e2e-baseline.txt" "Elapsed (wall clock) time")")
  b_rss=$(field "$OUT/e2e-baseline.txt" "Maximum resident set size")
  b_cpu=$(calc "$(field "$OUT/e2e-baseline.txt" "User time (seconds)") + $(field "$OUT/e2e-baseline.txt" "System time (seconds)")")
  b_line=$(printf 'e2e baseline (read, readTree, count): %d entries in %.1f s wall = %.0f entries/s, %.1f CPU s = %.0f entries per CPU-second, peak RSS %.0f MB' \
    "$entries" "$b_sec" "$(calc "$entries / $b_sec")" "$b_cpu" "$(calc "$entries / $b_cpu")" "$(calc "$b_rss / 1024")")
  echo "$b_line" | tee -a "$SUMMARY" >&2
  echo "e2e baseline CPU by thread: $(cpu_by_thread "$OUT/e2e-baseline.txt.threads")" \
    | tee -a "$SUMMARY" >&2

  if [[ -x "$ROOT/scripts/run-local.sh" && -f "$rules" ]]; then
    rm -rf "$OUT/e2e-run"
    JAVA_OPTS="$heap" timed_with_threads "$OUT/e2e-pipeline.txt" "$ROOT/scripts/run-local.sh" \
      --input="$input" --rules="$rules" --output="$OUT/e2e-run" "${direct[@]:1}" \
      || { tail -20 "$OUT/e2e-pipeline.txt" >&2; die "run-local.sh failed"; }
    p_sec=$(seconds "$(field "$OUT/e2e-pipeline.txt" "Elapsed (wall clock) time")")
    p_rss=$(field "$OUT/e2e-pipeline.txt" "Maximum resident set size")
    p_cpu=$(calc "$(field "$OUT/e2e-pipeline.txt" "User time (seconds)") + $(field "$OUT/e2e-pipeline.txt" "System time (seconds)")")
    p_line=$(printf "e2e pipeline (run-local.sh, rules %s): %d" "$(basename "$rules")" "$entries")
    p_line+=$(printf ' entries in %.1f s wall = %.0f entries/s, %.1f CPU s = %.0f entries per CPU-second, peak RSS %.0f MB' \
      "$p_sec" "$(calc "$entries / $p_sec")" "$p_cpu" "$(calc "$entries / $p_cpu")" "$(calc "$p_rss / 1024")")
    echo "$p_line" | tee -a "$SUMMARY" >&2
    echo "e2e pipeline CPU by thread: $(cpu_by_thread "$OUT/e2e-pipeline.txt.threads")" \
      | tee -a "$SUMMARY" >&2
    printf 'e2e overhead pipeline/baseline: %.2fx wall time, %.2fx CPU time\n' \
      "$(calc "$p_sec / $b_sec")" "$(calc "$p_cpu / $b_cpu")" | tee -a "$SUMMARY" >&2
    shuffled=$(grep -E '^ *shuffled elements' "$OUT/e2e-pipeline.txt" | sed 's/^ *//' || true)
    [[ -z "$shuffled" ]] || echo "e2e pipeline $shuffled" | tee -a "$SUMMARY" >&2
    e2e_line=$(printf 'end-to-end: job/baseline wall %.2f, cpu %.2f, peak RSS job %.0f MB' \
      "$(calc "$p_sec / $b_sec")" "$(calc "$p_cpu / $b_cpu")" "$(calc "$p_rss / 1024")")
  else
    echo "e2e pipeline: skipped (scripts/run-local.sh or $rules missing)" | tee -a "$SUMMARY" >&2
  fi
fi

echo "Summary in $SUMMARY" >&2
cat "$SUMMARY" >&2
# The last line: the end-to-end ratio when the end-to-end run happened, else the JMH ratio.
if [[ -n "${e2e_line:-}" ]]; then
  [[ -z "$ratio_line" ]] || echo "$ratio_line"
  echo "$e2e_line"
elif [[ -n "$ratio_line" ]]; then
  echo "$ratio_line"
else
  echo "ratio full-path/readTree: n/a (JMH not run)"
fi
