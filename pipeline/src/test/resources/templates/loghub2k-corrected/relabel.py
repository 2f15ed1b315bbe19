#!/usr/bin/env python3
"""Relabel loghub2k-full rows by the corrected Loghub-2k templates (logpai/logparser).

Each template is a pattern: <*> = any text (possibly empty), other text literal, runs of
whitespace equal to one or more whitespace. Each distinct Content gets the most specific
matching template (most literal characters, then fewest wildcards). Prints unmatched rows,
ambiguous ties and templates with no line; writes <System>.tsv beside this script in the
loghub2k-full format. Usage: python3 relabel.py [-v] System...
"""
import csv, io, json, re, sys, collections, os

HERE = os.path.dirname(os.path.abspath(__file__))
FULL = os.path.join(HERE, '../loghub2k-full')
OUT = HERE
SRC = os.path.join(HERE, 'source')
OVERRIDES = os.path.join(SRC, 'overrides.tsv')  # optional: SYSTEM<TAB>EVENT<TAB>Content


def unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == '\\' and i + 1 < len(s):
            n = s[i + 1]
            out.append({'\\': '\\', 't': '\t', 'n': '\n'}.get(n, '\\' + n))
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def templates(system):
    text = json.load(open(os.path.join(SRC, system + '.json')))['text']
    lines = text.split('\n')
    assert lines[0] == 'EventId,EventTemplate', lines[0]
    records = []
    for line in lines[1:]:
        if not line:
            continue
        # A quoted field may hold a newline (Mac E152, E281): a line that does not start a record
        # continues the one before.
        if records and not re.match(r'E\d+,', line):
            records[-1] += '\n' + line
        else:
            records.append(line)
    result = []
    for record in records:
        eid, tpl = record.split(',', 1)
        if len(tpl) > 1 and tpl.startswith('"') and tpl.endswith('"'):
            tpl = tpl[1:-1].replace('""', '"')
        elif tpl.startswith('"'):
            # Thunderbird E29 opens a quote it never closes: read as the text after it.
            print(f'{system}: {eid} has an unclosed quote, read as {tpl[1:]!r}')
            tpl = tpl[1:]
        # Mac E168-E171 write a number as <NUM>: a wildcard like <*>.
        parts = tpl.replace('<NUM>', '<*>').split('<*>')
        # Mac E152 / E281 hold a newline where the lines read ", " (`{{0, 0}, {400, 400}}`): a
        # newline in a template matches an optional comma and spaces.
        spaced = lambda p, sep: sep.join(re.escape(w) for w in re.split(r'[ \t]+', p))
        words = lambda sep: '.*?'.join(r',?\s*'.join(spaced(q, sep) for q in p.split('\n')) for p in parts)
        literal = tpl.replace('<*>', '').replace('<NUM>', '')
        # Specificity: literal characters, then literal whitespace runs, then fewer wildcards.
        rank = (-len(re.sub(r'\s+', '', literal)), -len(re.findall(r'\s+', literal)), len(parts) - 1)
        result.append((eid, tpl, re.compile(words(r'\s+'), re.S), rank, re.compile(words(r'\s*'), re.S)))
    return result


def load_overrides():
    o = {}
    if os.path.exists(OVERRIDES):
        for line in open(OVERRIDES, encoding='utf-8'):
            if line.strip() and not line.startswith('#'):
                system, eid, content = line.rstrip('\n').split('\t', 2)
                o[(system, content)] = eid
    return o


def main(systems):
    overrides = load_overrides()
    os.makedirs(OUT, exist_ok=True)
    for system in systems:
        tpls = templates(system)
        rows = []
        for line in open(os.path.join(FULL, system + '.tsv'), encoding='utf-8'):
            if not line.strip() or line.startswith('#'):
                continue
            eid, count, content = line.rstrip('\n').split('\t', 2)
            rows.append((eid, int(count), content))
        totals = collections.Counter()
        out = collections.Counter()
        unmatched = ambiguous = 0
        moved = collections.Counter()
        for old, count, content in rows:
            text = unescape(content).strip()
            key = (system, content)
            if key in overrides:
                best = overrides[key]
            else:
                hits = [t for t in tpls if t[2].fullmatch(text)]
                if not hits:
                    # A template may space words the line writes together (HealthApp E1).
                    hits = [t for t in tpls if t[4].fullmatch(text)]
                    for t in hits:
                        print(f'{system} matched {t[0]} only with optional spaces x{count}: {content[:120]}')
                if not hits:
                    unmatched += count
                    print(f'{system} UNMATCHED {old} x{count}: {content[:200]}')
                    continue
                hits.sort(key=lambda t: t[3])
                if len(hits) > 1 and hits[0][3] == hits[1][3]:
                    ambiguous += count
                    print(f'{system} TIE {[h[0] for h in hits]} x{count}: {content[:200]}')
                best = hits[0][0]
            totals[best] += count
            out[(best, content)] += count
            moved[(old, best)] += count
        missing = [t[0] for t in tpls if totals[t[0]] == 0]
        n = sum(totals.values())
        print(f'{system}: lines {n}, corrected events used {len(totals)} of {len(tpls)}, unmatched {unmatched}, ties {ambiguous}, templates with no line {missing}')
        olds = collections.defaultdict(set)
        news = collections.defaultdict(set)
        for (o, b), c in moved.items():
            olds[o].add(b)
            news[b].add(o)
        split = {o: sorted(b) for o, b in olds.items() if len(b) > 1}
        merged = {b: sorted(o) for b, o in news.items() if len(o) > 1}
        print(f'{system}: original events split by correction: {len(split)}; corrected events merging originals: {len(merged)}')
        if '-v' in sys.argv:
            for o, b in split.items():
                print('  split', o, '->', b, [moved[(o, x)] for x in b])
            for b, o in merged.items():
                print('  merged', b, '<-', o, [moved[(x, b)] for x in o])
        if unmatched == 0 and n == 2000:
            with open(os.path.join(OUT, system + '.tsv'), 'w', encoding='utf-8') as f:
                for (eid, content), c in sorted(out.items(), key=lambda kv: (int(kv[0][0][1:]), kv[0][1])):
                    f.write(f'{eid}\t{c}\t{content}\n')


if __name__ == '__main__':
    main([a for a in sys.argv[1:] if not a.startswith('-')])
