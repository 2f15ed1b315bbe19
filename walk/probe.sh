#!/usr/bin/env bash
# Runs walk/probes/*.tsv|*.jsonl through CorpusWalk in both trees; prints inputs whose template,
# service or exclusion differ. Usage: walk/probe.sh [HEAD_TREE]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
HEAD=${1:-$HERE/..}
DEPS=$(tr ':' '\n' < /tmp/tmplreview-cp.txt | grep -v 'dev/logalerts/log-alerts' | paste -sd:)
for t in base head; do
  TREE=/tmp/tmplreview-base; [[ $t == head ]] && TREE=$HEAD
  CP=$TREE/common/target/classes:$TREE/testing/target/classes:$TREE/pipeline/target/classes:$DEPS
  BIN=$(mktemp -d)
  javac -nowarn -d "$BIN" -cp "$CP" "$HERE"/harness/dev/logalerts/templates/CorpusWalk.java
  args=(); for f in "$HERE"/probes/*.tsv "$HERE"/probes/*.jsonl; do [[ -f $f ]] && args+=("probes+:$f"); done
  java -cp "$BIN:$CP" dev.logalerts.templates.CorpusWalk "$HERE/out/probe-$t" "${args[@]}"
  rm -rf "$BIN"
done
paste <(cut -f2,3,4 "$HERE/out/probe-base.entries.tsv") <(cut -f3,4 "$HERE/out/probe-head.entries.tsv") \
  | awk -F'\t' '{ mark = ($2 != $4 || $3 != $5) ? "CHANGED" : "same"; print mark "\t" $0 }'
