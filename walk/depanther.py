#!/usr/bin/env python3
"""depanther.py < panther-log.yaml : undoes Panther's normalisation of a GCP.AuditLog test log
(drops p_* fields, at_sign_type -> @type, "YYYY-MM-DD hh:mm:ss.n" -> RFC 3339) and prints JSON."""
import json, re, sys, yaml
RENAME = {"at_sign_type": "@type", "insertid": "insertId", "logname": "logName", "receivetimestamp": "receiveTimestamp", "httprequest": "httpRequest", "jsonpayload": "jsonPayload", "spanid": "spanId", "protopayload": "protoPayload", "textpayload": "textPayload"}
def fix(v):
    if isinstance(v, dict):
        return {RENAME.get(k, k): fix(x) for k, x in v.items() if not k.startswith("p_")}
    if isinstance(v, list):
        return [fix(x) for x in v]
    if isinstance(v, str) and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?", v):
        return v.replace(" ", "T") + "Z"
    return v
print(json.dumps(fix(yaml.safe_load(sys.stdin.read()))))
