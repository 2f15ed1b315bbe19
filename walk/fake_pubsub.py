#!/usr/bin/env python3
"""A minimal Pub/Sub REST v1 stand-in for the walkthrough (the emulator is not installable here).

Serves the calls Beam's PubsubJsonClient makes (GET subscription, :pull, :acknowledge,
:modifyAckDeadline, topics :publish). A publish to topic `logs` is queued on subscription `logs`;
every other publish (the alert topic) is appended to ALERTS_OUT as one line per message, in the
shape a pull subscriber receives: {"ackId","message":{data,attributes,messageId,publishTime,orderingKey}}.
Usage: fake_pubsub.py PORT ALERTS_OUT
"""
import base64, datetime, gzip, itertools, json, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, OUT = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()
queue, unacked, ids = [], {}, itertools.count(1)


def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def reply(self, obj, code=200):
        b = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)

    def body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raw = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    self.rfile.readline()
                    break
                raw += self.rfile.read(size)
                self.rfile.readline()
        else:
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        return json.loads(raw or b"{}")

    def do_GET(self):
        name = self.path.split("?")[0][len("/v1/"):]
        self.reply({"name": name, "topic": name.replace("/subscriptions/", "/topics/"), "ackDeadlineSeconds": 60})

    def do_PUT(self):
        self.reply({})

    def do_POST(self):
        path = self.path.split("?")[0][len("/v1/"):]
        name, _, verb = path.rpartition(":")
        b = self.body()
        with lock:
            if verb == "publish":
                out = []
                for m in b.get("messages", []):
                    mid = str(next(ids))
                    out.append(mid)
                    data = m.get("data", "")
                    if name.endswith("/topics/logs"):
                        queue.append({"data": data, "messageId": mid, "publishTime": now()})
                    else:
                        # Beam's JSON client sends URL-safe base64; Pub/Sub hands out standard base64.
                        raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
                        msg = {"data": base64.b64encode(raw).decode(), "attributes": m.get("attributes", {}),
                               "messageId": mid, "publishTime": now(), "orderingKey": m.get("orderingKey", "")}
                        with open(OUT, "a") as f:
                            f.write(json.dumps({"ackId": "a" + mid, "message": msg}) + "\n")
                return self.reply({"messageIds": out})
            if verb == "pull":
                n = b.get("maxMessages", 100)
                batch, queue[:] = queue[:n], queue[n:]
                recv = []
                for m in batch:
                    ack = "ack" + m["messageId"]
                    unacked[ack] = m
                    recv.append({"ackId": ack, "message": m})
                return self.reply({"receivedMessages": recv} if recv else {})
            if verb == "acknowledge":
                for a in b.get("ackIds", []):
                    unacked.pop(a, None)
                return self.reply({})
            if verb == "modifyAckDeadline":
                if b.get("ackDeadlineSeconds", -1) == 0:
                    for a in reversed(b.get("ackIds", [])):
                        if a in unacked:
                            queue.insert(0, unacked.pop(a))
                return self.reply({})
        self.reply({"error": {"code": 404, "message": "unknown " + verb}}, 404)


ThreadingHTTPServer(("127.0.0.1", PORT), H).serve_forever()
