"""Per corpus: inputs, inputs whose template/service/exclusion/message changed between
walk/out/base.entries.tsv and walk/out/head.entries.tsv, and each change's cause (by its shape)."""
import collections
b = [(l.rstrip('\n').split('\t') + [''] * 7)[:7] for l in open('walk/out/base.entries.tsv')]
h = [(l.rstrip('\n').split('\t') + [''] * 7)[:7] for l in open('walk/out/head.entries.tsv')]
tot, ch, cause = collections.Counter(), collections.Counter(), collections.Counter()
for x, y in zip(b, h):
    tot[x[0]] += 1
    if x[2:5] == y[2:5] and x[6] == y[6]:
        continue
    ch[x[0]] += 1
    t, e = y[2], y[4]
    if x[2] != y[2]:
        c = ('Unhealthy by probe' if 'Unhealthy' in t else 'Rails breakdown folded' if '(<*>)' in t
             else 'Pod Security level' if 'PodSecurity' in t else 'Dataproc quota' if 'Insufficient' in t
             else 'label name key' if 'Label:' in t else 'metric names' if 'Metric <*>' in t
             else '[pid1-nginx] kept' if 'pid1-' in t else 'template other: ' + t)
    elif x[3] != y[3]:
        c = 'Beam Python service'
    elif x[6] != y[6] and x[4] == y[4]:
        c = 'Scheduler debugInfo (message only)'
    elif 'MESSAGE' in e and 'MESSAGE' not in x[4]:
        c = 'journald exclusion on MESSAGE'
    elif '[0-9]{10}-[0-9]{6}' in e:
        c = 'run-suffix regex gains Beam Python form'
    else:
        c = 'exclusion other'
    cause[(x[0], c)] += 1
for k in tot:
    print(k, 'inputs', tot[k], 'changed', ch[k])
for (k, c), n in sorted(cause.items()):
    print(' ', k, c, n)
