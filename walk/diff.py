"""Diffs walk/out/base.* and walk/out/head.*: per corpus, the inputs whose template, service or
exclusion changed, grouped by (corpus, before, after), with a count and one example input."""
import collections, sys
b = [(l.rstrip('\n').split('\t') + ['']*7)[:7] for l in open('walk/out/base.entries.tsv')]
h = [(l.rstrip('\n').split('\t') + ['']*7)[:7] for l in open('walk/out/head.entries.tsv')]
assert len(b) == len(h)
groups = collections.OrderedDict()
for x, y in zip(b, h):
    assert x[:2] == y[:2]
    for col, name in ((2, 'template'), (3, 'service'), (4, 'exclusion'), (5, 'bare-miner')):
        if x[col] != y[col]:
            k = (x[0], name, x[col], y[col])
            groups.setdefault(k, []).append(x[1])
for (corpus, name, before, after), ids in groups.items():
    print(f'== {corpus} {name} x{len(ids)} e.g. {ids[0]}')
    print(f'  - {before}')
    print(f'  + {after}')
