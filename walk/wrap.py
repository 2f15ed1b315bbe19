#!/usr/bin/env python3
"""Wraps real application log lines (theirs) in the LogEntry a GKE or Cloud Run logging agent
would write for them (ours): a JSON line becomes jsonPayload with a string `severity` lifted out;
a text line becomes textPayload; severity otherwise by stream (GKE: stdout INFO, stderr ERROR;
Cloud Run: stdout DEFAULT, stderr ERROR). Input: walk/lines/*.txt, blocks of
  # name (source)
  @ gke|run stdout|stderr      (optional; default gke stdout)
  <the line, verbatim; \\n written as a literal backslash-n joins lines of one write>
Output: walk/real/<same name>.jsonl for walk/run.sh."""
import json, sys, pathlib

def entry(n, where, stream, line):
    line = line.replace("\\n", "\n") if line.startswith("fail:") or line.startswith("info:") or line.startswith("warn:") else line
    e = {"insertId": f"reallogs6-{n}", "timestamp": "2026-12-07T10:00:00.123Z",
         "receiveTimestamp": "2026-12-07T10:00:01Z"}
    if where == "gke":
        e["resource"] = {"type": "k8s_container", "labels": {"project_id": "my-project", "location": "europe-west1-b",
                         "cluster_name": "cluster-1", "namespace_name": "shop", "pod_name": "web-7d9f8b6c5-x2x7q",
                         "container_name": "app"}}
        e["logName"] = f"projects/my-project/logs/{stream}"
        sev = "INFO" if stream == "stdout" else "ERROR"
    else:
        e["resource"] = {"type": "cloud_run_revision", "labels": {"project_id": "my-project", "location": "europe-west1",
                         "service_name": "web", "revision_name": "web-00042-abc", "configuration_name": "web"}}
        e["logName"] = f"projects/my-project/logs/run.googleapis.com%2F{stream}"
        sev = "DEFAULT" if stream == "stdout" else "ERROR"
    s = line.strip()
    obj = None
    if s.startswith("{"):
        try:
            obj = json.loads(s)
        except ValueError:
            obj = None
    if isinstance(obj, dict):
        if isinstance(obj.get("severity"), str):
            sev = obj.pop("severity").upper()
        e["jsonPayload"] = obj
    else:
        e["textPayload"] = line
    e["severity"] = sev
    return e

def main():
    for path in sys.argv[1:]:
        p = pathlib.Path(path)
        out = []
        name, where, stream = None, "gke", "stdout"
        n = 0
        for raw in p.read_text(encoding="utf-8").split("\n"):
            if not raw.strip():
                continue
            if raw.startswith("# "):
                name, where, stream = raw[2:], "gke", "stdout"
                continue
            if raw.startswith("@ "):
                where, stream = raw[2:].split()
                continue
            n += 1
            out.append("# " + name)
            out.append(json.dumps(entry(f"{p.stem}-{n}", where, stream, raw), ensure_ascii=False))
        pathlib.Path("walk/real").mkdir(parents=True, exist_ok=True)
        pathlib.Path("walk/real", p.stem + ".jsonl").write_text("\n".join(out) + "\n", encoding="utf-8")

main()
