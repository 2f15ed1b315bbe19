#!/bin/sh
# Usage: walk/row.sh FIXTURE... (paths under pipeline/src/test/resources/families/); prints expected.tsv rows.
set -e
D=pipeline/src/test/resources/families
for f in "$@"; do
  echo "# $f"; cat "$D/$f"; echo
done > /tmp/reallogs6-rows.jsonl
walk/run.sh /tmp/reallogs6-rows.jsonl | awk -v OFS='\t' '
  /^== /{name=substr($0,4)} /^  family /{fam=$2} /^  message /{msg=substr($0,12)}
  /^  template /{tpl=substr($0,12)} /^  service /{print name, fam, msg, tpl, substr($0,12)}'
