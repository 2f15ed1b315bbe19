"""Per corpus: noisy-log rows (template, service), and rows whose exclusion misses some of its own
entries or takes other rows' entries, before (base) and after (head); the rows that differ."""
import collections
def load(p):
    d = collections.OrderedDict()
    for l in open(p):
        c = l.rstrip('\n').split('\t')
        d[(c[0], c[2], c[3], c[1] if c[0] in ('loghub2k','loghub2k-full','generated-tsv') else '')] = c
    return d
b, h = load('walk/out/base.rows.tsv'), load('walk/out/head.rows.tsv')
stats = collections.OrderedDict()
for name, d in (('base', b), ('head', h)):
    for k, c in d.items():
        s = stats.setdefault(k[0], {}).setdefault(name, collections.Counter())
        s['rows'] += 1
        if c[5] == 'ok' and int(c[6]) < int(c[4]): s['misses-own'] += 1
        if c[5] == 'ok' and int(c[7]) > 0: s['takes-others'] += 1
        if c[5] != 'ok': s[c[5]] += 1
for corpus, s in stats.items():
    print(corpus, 'base', dict(s.get('base', {})), 'head', dict(s.get('head', {})))
print()
for k in list(b) + [k for k in h if k not in b]:
    x, y = b.get(k), h.get(k)
    if x is None or y is None:
        print('ONLY', 'head' if x is None else 'base', k[0], (x or y)[1], 'size', (x or y)[4], '|', k[1][:160], '|', k[2])
        continue
    bad = lambda c: (c[5] == 'ok' and int(c[6]) < int(c[4])) or (c[5]=='ok' and int(c[7]) > 0) or c[5] == 'compile-error'
    if (x[4:8] != y[4:8]) and (bad(x) or bad(y)):
        print('CHG', k[0], x[1], '|', k[1][:160], '|', k[2], '| size/own/others', x[4], x[6], x[7], '->', y[4], y[6], y[7], x[5], y[5])
