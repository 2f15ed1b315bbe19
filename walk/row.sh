#!/bin/sh
# Prints the expected.tsv row the job gives for each fixture named (paths under families/).
cd "$(dirname "$0")/.." || exit 1
for f in "$@"; do
  walk/run.sh "pipeline/src/test/resources/families/$f" 2>&1 | python3 -c "
import sys
d={}
for l in sys.stdin:
    l=l.rstrip('\n')
    if l.startswith('  '):
        k,_,v=l.strip().partition(' ')
        d.setdefault(k,v.strip() if k!='service' else v.strip().split('  (res')[0])
print('\t'.join(['$f',d['family'],d['message'],d['template'],d['service']]))
"
done
