"""Rows that more than one corrected template matches: where the most-specific rule decided."""
import collections, sys
sys.argv = sys.argv[:1]
sys.path.insert(0, 'pipeline/src/test/resources/templates/loghub2k-corrected')
import relabel
for system in ['OpenSSH','Apache','HDFS','Proxifier','Linux','Zookeeper','HPC','Spark','OpenStack','Windows','HealthApp','Thunderbird','BGL','Hadoop','Android','Mac']:
    tpls = relabel.templates(system)
    pairs = collections.Counter()
    for line in open(f'{relabel.FULL}/{system}.tsv', encoding='utf-8'):
        eid, count, content = line.rstrip('\n').split('\t', 2)
        text = relabel.unescape(content).strip()
        hits = sorted([t for t in tpls if t[2].fullmatch(text)], key=lambda t: t[3])
        if len(hits) > 1:
            pairs[(hits[0][0], tuple(h[0] for h in hits[1:]))] += int(count)
    if pairs:
        print(system, dict(pairs))
