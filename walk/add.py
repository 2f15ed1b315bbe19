#!/usr/bin/env python3
"""add.py FILE.jsonl "name (source)" < entry.json : appends the entry, re-serialised on one line."""
import json, sys
entry = json.loads(sys.stdin.read())
with open(sys.argv[1], "a") as f:
    f.write("# " + sys.argv[2] + "\n" + json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
