#!/usr/bin/env bash
# Runs walk/harness/CorpusWalk over every corpus with the classes of TREE; writes OUT.entries.tsv
# and OUT.rows.tsv. Usage: walk/run.sh TREE OUT   (TREE built with mvn -o package -DskipTests)
# CP file: mvn -B -q -o dependency:build-classpath -pl pipeline -Dmdep.outputFile=/tmp/tmplreview-cp.txt
set -euo pipefail
TREE=$1; OUT=$2
HERE=$(cd "$(dirname "$0")" && pwd)
R=$HERE/..   # corpora read from this clone (same files in both trees, apart from new fixtures)
DEPS=$(tr ':' '\n' < /tmp/tmplreview-cp.txt | grep -v 'dev/logalerts/log-alerts' | paste -sd:)
CP=$TREE/common/target/classes:$TREE/testing/target/classes:$TREE/pipeline/target/classes:$DEPS
GEN=$HERE/corpora/generated-3000-seed42.jsonl
# The generator's output (tools module, unchanged by the reviewed commits): fixed seed, same bytes.
[[ -s $GEN ]] || (cd "$R" && scripts/generate-logs.sh --entries 3000 --seed 42 >"$GEN" 2>/dev/null)
BIN=$(mktemp -d)
javac -nowarn -d "$BIN" -cp "$CP" "$HERE"/harness/dev/logalerts/templates/CorpusWalk.java
args=()
T=$R/pipeline/src/test/resources
for f in "$T"/templates/loghub2k/*.tsv; do args+=("loghub2k:$f"); done
for f in "$T"/templates/loghub2k-full/*.tsv; do args+=("loghub2k-full:$f"); done
args+=("generated-tsv:$T/templates/generated/CloudApps.tsv")
args+=("mozlog:$T/templates/mozlog/taskcluster-worker-manager.jsonl")
while IFS= read -r f; do
  case "$f" in */opsagent/*) c=opsagent+ ;; *) c=families+ ;; esac
  args+=("$c:$f")
done < <(find "$T"/families -name '*.json' -o -name '*.jsonl' | sort)
for f in "$R"/samples/logs/*.jsonl; do args+=("samples+:$f"); done
for f in "$T"/entries/*.json "$T"/exports/*.json; do args+=("entries+:$f"); done
args+=("generator:$HERE/corpora/generated-3000-seed42.jsonl")
java -Xmx2g -cp "$BIN:$CP" dev.logalerts.templates.CorpusWalk "$OUT" "${args[@]}"
rm -rf "$BIN"
