#!/usr/bin/env python3
"""Publishes LogEntry JSON lines to topic `logs` of walk/fake_pubsub.py, 200 per request.
Usage: publish_logs.py FILE [--timestamp-attribute] [--grep TEXT]
--timestamp-attribute sets logging.googleapis.com/timestamp as a Logging sink does."""
import base64, json, sys, urllib.request

path = sys.argv[1]
with_ts = "--timestamp-attribute" in sys.argv
grep = sys.argv[sys.argv.index("--grep") + 1] if "--grep" in sys.argv else None
lines = [l for l in open(path).read().splitlines() if l and (grep is None or grep in l)]
for i in range(0, len(lines), 200):
    msgs = []
    for l in lines[i:i + 200]:
        m = {"data": base64.b64encode(l.encode()).decode()}
        if with_ts:
            m["attributes"] = {"logging.googleapis.com/timestamp": json.loads(l)["timestamp"]}
        msgs.append(m)
    req = urllib.request.Request(
        "http://127.0.0.1:18085/v1/projects/local-project/topics/logs:publish",
        data=json.dumps({"messages": msgs}).encode(), headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
print("published", len(lines))
