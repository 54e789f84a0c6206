#!/usr/bin/env python3
"""A capture-frame integrator backend in Python, standard library only.

The same routes as the Node sample (www/demo/merchant.mjs):
  POST /api/checkout                 create a session (server to server, with the API key)
  POST /api/checkout/<id>/reissue    a fresh authorized_url: the same create, same Idempotency-Key
  POST /webhooks                     receive a webhook: verify Capture-Signature, refuse a stale t
  GET  /api/webhooks[?after=N][&raw] the webhooks received so far

Configuration (environment): MERCHANT_LISTEN (default localhost:8082), CAPTURE_API (default
http://127.0.0.1:8080), CAPTURE_API_KEY, CAPTURE_WEBHOOK_SECRET.
"""

import hashlib
import hmac
import json
import os
import re
import threading
import time
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LISTEN = os.environ.get("MERCHANT_LISTEN", "localhost:8082")
CAPTURE_API = os.environ.get("CAPTURE_API", "http://127.0.0.1:8080")
API_KEY = os.environ.get("CAPTURE_API_KEY", "demo-api-key")
WEBHOOK_SECRET = os.environ.get("CAPTURE_WEBHOOK_SECRET", "whsec_demo_only_not_secret")
TOLERANCE_SECONDS = 300
ORIGIN = f"http://{LISTEN}"
RECIPIENT = {"first_name": "Ada", "last_name": "Lovelace", "postal_code": "94107"}

checkouts = {}  # checkout id -> {"key": Idempotency-Key, "body": the create body}
webhooks = []
lock = threading.Lock()


def create_session(checkout):
    """POST /v1/sessions; the same key and body again re-issue the URL (status 101)."""
    request = urllib.request.Request(
        f"{CAPTURE_API}/v1/sessions",
        data=json.dumps(checkout["body"]).encode(),
        method="POST",
        headers={"content-type": "application/json", "x-api-key": API_KEY, "idempotency-key": checkout["key"]},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def verify_webhook(header, body):
    """Capture-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>; constant time."""
    parts = [p.split("=", 1) for p in (header or "").split(",") if "=" in p]
    t = next((v for k, v in parts if k.strip() == "t"), None)
    candidates = [v.strip() for k, v in parts if k.strip() == "v1"]
    if t is None or not t.isdigit() or not candidates:
        return False
    expected = hmac.new(WEBHOOK_SECRET.encode(), t.encode() + b"." + body, hashlib.sha256).hexdigest()
    matched = any([hmac.compare_digest(expected, c) for c in candidates])
    return matched and abs(time.time() - int(t)) <= TOLERANCE_SECONDS


class Handler(BaseHTTPRequestHandler):
    def send(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def read_body(self):
        length = int(self.headers.get("content-length") or 0)
        if length > 65536:
            raise ValueError("body too large")
        return self.rfile.read(length)

    def do_POST(self):
        try:
            if self.path == "/api/checkout":
                wanted = json.loads(self.read_body() or b"{}")
                checkout = {
                    "key": str(uuid.uuid4()),
                    "body": {
                        "participant_unique_id1": f"python-recipient-{uuid.uuid4()}",
                        "language_locale_code": wanted.get("language", "en-US"),
                        "host_uri": ORIGIN,
                        "funding_destinations": wanted.get("funding_destinations", ["DEBIT", "ACH"]),
                        "recipient": RECIPIENT,
                        "client_reference_id": "python-payout-42",
                    },
                }
                status, envelope = create_session(checkout)
                if status >= 300:
                    return self.send(status, envelope)
                checkout_id = str(uuid.uuid4())
                with lock:
                    checkouts[checkout_id] = checkout
                return self.send(200, {"checkout_id": checkout_id, **envelope["data"], "status": envelope["status"]})
            reissue = re.fullmatch(r"/api/checkout/([0-9a-f-]{36})/reissue", self.path)
            if reissue:
                checkout = checkouts.get(reissue.group(1))
                if checkout is None:
                    return self.send(404, {"error": "unknown checkout"})
                status, envelope = create_session(checkout)
                if status >= 300:
                    return self.send(status, envelope)
                return self.send(200, {**envelope["data"], "status": envelope["status"]})
            if self.path == "/webhooks":
                body = self.read_body()
                signature = self.headers.get("capture-signature")
                if not verify_webhook(signature, body):
                    return self.send(400, {"error": "bad signature"})
                with lock:
                    webhooks.append({"event": json.loads(body), "body": body.decode(), "signature": signature,
                                     "event_id": self.headers.get("capture-event-id")})
                self.send_response(204)
                self.end_headers()
                return None
            return self.send(404, {"error": "not found"})
        except (ValueError, urllib.error.URLError) as error:
            return self.send(502 if isinstance(error, urllib.error.URLError) else 400, {"error": str(error)})

    def do_GET(self):
        path, _, query = self.path.partition("?")
        if path != "/api/webhooks":
            return self.send(404, {"error": "not found"})
        params = dict(p.split("=", 1) if "=" in p else (p, "") for p in query.split("&") if p)
        after = int(params.get("after", "0") or 0)
        with lock:
            events = [w if "raw" in params else w["event"] for w in webhooks[after:]]
            return self.send(200, {"events": events, "next": len(webhooks)})

    def log_message(self, *args):
        pass  # quiet: a request log would print session ids on every poll


if __name__ == "__main__":
    host, port = LISTEN.rsplit(":", 1)
    server = ThreadingHTTPServer((host, int(port)), Handler)
    print(f"python sample merchant on {ORIGIN}", flush=True)
    server.serve_forever()
