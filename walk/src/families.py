"""Writes walk/families.jsonl: every fixture expected.tsv lists, each after a "# path" line."""
import json
R = "pipeline/src/test/resources"
with open("walk/families.jsonl", "w") as w:
    for line in open(R + "/families/expected.tsv"):
        if line.startswith("#") or not line.strip():
            continue
        f = line.split("\t", 1)[0]
        p = R + f if f.startswith("/") else R + "/families/" + f
        e = json.load(open(p))
        w.write("# " + f + "\n" + json.dumps(e) + "\n")
