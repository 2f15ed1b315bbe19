#!/bin/sh
# Appends (or refreshes) expected.tsv rows of families/gkesystem from what the job derives now:
# adds a temporary test method to GkeSystemLinesTest, runs it, merges /tmp/gks-rows.tsv, removes it.
set -e
cd "$(dirname "$0")/.."
T=pipeline/src/test/java/dev/logalerts/templates/GkeSystemLinesTest.java
cp $T /tmp/gks-test-backup.java
python3 - <<'EOF'
p='pipeline/src/test/java/dev/logalerts/templates/GkeSystemLinesTest.java'
s=open(p).read()
add='''
  @Test
  public void tmpRows() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (Line l : lines()) {
      sb.append("gkesystem/" + l.fixture).append('\\t')
          .append(dev.logalerts.parse.LogFamilies.of(l.event).name()).append('\\t')
          .append(l.event.message().replace("\\n", "\\\\n").replace("\\t", "\\\\t")).append('\\t')
          .append(l.template()).append('\\t')
          .append(l.event.service()).append('\\n');
    }
    java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/gks-rows.tsv"), sb.toString());
  }
}
'''
s=s.rstrip()[:-1]+add
open(p,'w').write(s)
EOF
mvn -B -o -q -pl pipeline test -Dspotless.check.skip=true -Dtest='GkeSystemLinesTest#tmpRows' -Dsurefire.failIfNoSpecifiedTests=false > /tmp/gks-rows.log 2>&1 || true
cp /tmp/gks-test-backup.java $T
python3 - <<'EOF'
exp='pipeline/src/test/resources/families/expected.tsv'
lines=open(exp).read().rstrip('\n').split('\n')
new={l.split('\t')[0]:l for l in open('/tmp/gks-rows.tsv').read().rstrip('\n').split('\n')}
out=[]; seen=set(); changed=0
for l in lines:
    k=l.split('\t')[0]
    if k in new:
        if new[k]!=l: changed+=1
        out.append(new[k]); seen.add(k)
    else:
        out.append(l)
added=[new[k] for k in new if k not in seen]
open(exp,'w').write('\n'.join(out+added)+'\n')
print('changed',changed,'added',len(added))
EOF
