#!/usr/bin/env python3
"""Convert Ops Agent transformation-test goldens (output_fluentbit.yaml) into
Cloud Logging LogEntry objects in exported REST JSON form, one per line.

Source: GoogleCloudPlatform/ops-agent, transformation_test/testdata/<dir>/output_fluentbit.yaml
(Apache License 2.0, (c) Google LLC). Save each as RAW_DIR/<dir>.yaml (not kept in this
repository; the README next to this script says where they come from).

Usage: python3 convert.py [RAW_DIR] [OUT_JSONL]
"""
import datetime as _dt
import json
import math
import os
import re
import sys

import yaml

DEFAULT_TS = "2024-05-01T12:00:00Z"
DEFAULT_GCE_LABELS = {"instance_id": "1234567890123456789", "project_id": "my-project", "zone": "us-central1-a"}
SEVERITIES = {0: "DEFAULT", 100: "DEBUG", 200: "INFO", 300: "NOTICE", 400: "WARNING",
              500: "ERROR", 600: "CRITICAL", 700: "ALERT", 800: "EMERGENCY"}
PLACEHOLDER_MESSAGE = "This processor is only used for testing otel."


# --- YAML loading ---------------------------------------------------------------
# The goldens are written by Go (yaml.v3, YAML 1.2 core schema). PyYAML defaults to
# YAML 1.1, which would turn unquoted RFC3339 strings into datetimes, "1:30" into
# sexagesimal ints, "yes"/"on" into booleans... so use a 1.2-core-like resolver set.
class Yaml12Loader(yaml.SafeLoader):
    pass


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, regexp, first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+0123456789.")),
]:
    Yaml12Loader.add_implicit_resolver(tag, re.compile(regexp), first)


def _construct_int(loader, node):
    v = loader.construct_scalar(node)
    if v.startswith("0o"):
        return int(v[2:], 8)
    if v.startswith("0x"):
        return int(v[2:], 16)
    return int(v)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Yaml12Loader)


# --- value normalisation --------------------------------------------------------
def struct_value(v):
    """Struct (jsonPayload) values: whole-number floats export as plain numbers."""
    if isinstance(v, dict):
        return {str(k): struct_value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [struct_value(x) for x in v]
    if isinstance(v, float) and math.isfinite(v) and v == int(v):
        return int(v)
    return v


def _as_int(v):
    if v is None or v == "":
        return 0
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (int, float)):
        return int(v)
    return int(float(str(v)))


def rfc3339(ts):
    """Return an RFC3339 'Z' string (0/3/6/9 fractional digits, protobuf style),
    or None if ts is not a usable time ('now', missing, unparsable)."""
    if ts is None:
        return None
    s = str(ts).strip()
    m = re.match(r"^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:?\d{2})$", s)
    if not m:
        return None
    date, time_, frac, zone = m.groups()
    frac = (frac or "").ljust(9, "0")
    base = _dt.datetime.fromisoformat(f"{date}T{time_}")
    if zone.upper() != "Z":
        sign = 1 if zone[0] == "+" else -1
        hh, mm = int(zone[1:3]), int(zone[-2:])
        base = base - sign * _dt.timedelta(hours=hh, minutes=mm)
    nanos = int(frac)
    out = base.strftime("%Y-%m-%dT%H:%M:%S")
    if nanos:
        if nanos % 1_000_000 == 0:
            out += ".%03d" % (nanos // 1_000_000)
        elif nanos % 1_000 == 0:
            out += ".%06d" % (nanos // 1_000)
        else:
            out += ".%09d" % nanos
    return out + "Z"


def severity_name(v, notes):
    if v is None or v == "":
        return "DEFAULT"
    if isinstance(v, str) and not re.match(r"^-?[0-9.]+$", v):
        return v.upper()
    n = int(float(v))
    if n in SEVERITIES:
        return SEVERITIES[n]
    # Not a LogSeverity enum value: round down to the nearest defined level.
    lower = max(k for k in SEVERITIES if k <= n) if n >= 0 else 0
    notes.append(f"severity {v} is not a LogSeverity value; exported as {SEVERITIES[lower]}")
    return SEVERITIES[lower]


def http_request(h):
    out = {}
    for k, v in h.items():
        if k == "status":
            n = _as_int(v)
            if n:
                out[k] = n
        elif k in ("requestSize", "responseSize", "cacheFillBytes"):
            n = _as_int(v)
            if n:
                out[k] = str(n)
        elif isinstance(v, bool):
            if v:
                out[k] = True
        elif v is None or v == "":
            continue
        elif k == "latency":
            out[k] = v if isinstance(v, str) else f"{v}s"
        else:
            out[k] = v
    return out


def source_location(sl):
    out = {}
    for k, v in sl.items():
        if v is None or v == "":
            continue
        if k == "line":
            n = _as_int(v)
            if n:
                out[k] = str(n)  # int64 -> JSON string in proto3 JSON
        else:
            out[k] = v
    return out


def resource_of(entry, request):
    res = entry.get("resource") or (request or {}).get("resource") or {"type": "gce_instance", "labels": {}}
    res = {"type": res.get("type", "global"), "labels": dict(res.get("labels") or {})}
    if not res["labels"] and res["type"] == "gce_instance":
        res["labels"] = dict(DEFAULT_GCE_LABELS)
    return res


ENTRY_ORDER = ["insertId", "logName", "resource", "timestamp", "receiveTimestamp", "severity", "labels",
               "httpRequest", "sourceLocation", "operation", "trace", "spanId", "traceSampled",
               "jsonPayload", "textPayload", "protoPayload"]


def convert_entry(entry, request, insert_id, notes):
    e = {"insertId": insert_id, "logName": entry.get("logName")}
    e["resource"] = resource_of(entry, request)
    ts = rfc3339(entry.get("timestamp")) or DEFAULT_TS
    e["timestamp"] = ts
    e["receiveTimestamp"] = ts
    e["severity"] = severity_name(entry.get("severity"), notes)
    if entry.get("labels"):
        e["labels"] = {str(k): str(v) for k, v in entry["labels"].items()}
    if "httpRequest" in entry:
        h = http_request(entry["httpRequest"] or {})
        if h:
            e["httpRequest"] = h
    if entry.get("sourceLocation"):
        sl = source_location(entry["sourceLocation"])
        if sl:
            e["sourceLocation"] = sl
    for k in ("operation", "trace", "spanId", "traceSampled"):
        if k in entry and entry[k] not in (None, ""):
            e[k] = entry[k]
    if "jsonPayload" in entry:
        e["jsonPayload"] = struct_value(entry["jsonPayload"] or {})
    if "textPayload" in entry:
        e["textPayload"] = entry["textPayload"]
    handled = set(ENTRY_ORDER) | {"resource", "timestamp"}
    for k, v in entry.items():  # anything else the golden carries, kept as-is
        if k not in handled:
            e[k] = struct_value(v)
    return {k: e[k] for k in ENTRY_ORDER if k in e} | {k: v for k, v in e.items() if k not in ENTRY_ORDER}


def requests_of(doc):
    """Yield (request, entries). Handles the current format (list of WriteLogEntries
    requests with 'entries') and the older one (bare list of entries)."""
    if not isinstance(doc, list):
        return
    for item in doc:
        if not isinstance(item, dict):
            continue
        if "entries" in item:
            yield item, item.get("entries") or []
        elif "logName" in item or "jsonPayload" in item or "textPayload" in item:
            yield None, [item]
        # exit_error / collector_errors items are skipped


def convert_dir(name, path):
    doc = load_yaml(path)
    out, notes, n = [], [], 0
    for req, entries in requests_of(doc):
        for entry in entries:
            jp = entry.get("jsonPayload") or {}
            if isinstance(jp, dict) and jp.get("message") == PLACEHOLDER_MESSAGE:
                continue
            if "(null)" in str(entry.get("logName", "")):
                continue
            n += 1
            out.append(convert_entry(entry, req, f"{name}-{n}", notes))
    return out, notes


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    raw_dir = argv[1] if len(argv) > 1 else os.path.join(here, "raw")
    out_path = argv[2] if len(argv) > 2 else os.path.join(here, "entries.jsonl")
    counts = {}
    with open(out_path, "w", encoding="utf-8") as f:
        for fn in sorted(os.listdir(raw_dir)):
            if not fn.endswith(".yaml"):
                continue
            name = fn[:-5]
            entries, notes = convert_dir(name, os.path.join(raw_dir, fn))
            if not entries:
                print(f"skip {name}: no entries", file=sys.stderr)
                continue
            for e in entries:
                f.write(json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n")
            counts[name] = len(entries)
            for note in sorted(set(notes)):
                print(f"note {name}: {note}", file=sys.stderr)
    for k, v in counts.items():
        print(f"{k}\t{v}")
    print(f"TOTAL\t{len(counts)} dirs\t{sum(counts.values())} entries")


if __name__ == "__main__":
    main(sys.argv)
