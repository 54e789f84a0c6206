// The demo integrator ("merchant") site: its own backend creates capture sessions
// server-to-server with the API key (which never reaches the browser), re-issues URLs with the
// same Idempotency-Key, receives signed webhooks, and serves a parent page that mounts the
// frame with the capture-frame embed package. Node's standard library and the package's own
// `capture-frame/server` (from npm/ in this repository) only; the Node sample backend
// (samples/README.md; samples/python/ is the same in Python).
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { verifyWebhook } from "../../npm/server/index.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const config = {
  listen: process.env.MERCHANT_LISTEN ?? "localhost:8081",
  captureApi: process.env.CAPTURE_API ?? "http://127.0.0.1:8080",
  apiKey: process.env.CAPTURE_API_KEY ?? "demo-api-key",
  webhookSecret: process.env.CAPTURE_WEBHOOK_SECRET ?? "whsec_demo_only_not_secret",
  embedDir: process.env.EMBED_DIR ?? join(here, "../../pkg/embed"),
};
const [host, port] = config.listen.split(":");
const origin = `http://${config.listen}`;

// Checkouts keep the create body and its Idempotency-Key so a re-issue repeats it exactly.
const checkouts = new Map();
const webhooks = [];
// Ids of the events already handled: delivery is at least once, so a retry or a redelivery
// of one is acknowledged and not handled again.
const handledEvents = new Set();

const recipient = { first_name: "Ada", last_name: "Lovelace", postal_code: "94107" };

async function createSession(checkout) {
  const res = await fetch(`${config.captureApi}/v1/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": config.apiKey, "idempotency-key": checkout.key },
    body: JSON.stringify(checkout.body),
  });
  const envelope = await res.json();
  return { http: res.status, envelope };
}

const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".ts": "text/plain" };

async function serveFile(res, root, name) {
  const path = normalize(join(root, name));
  if (!path.startsWith(normalize(root))) return send(res, 404, { error: "not found" });
  try {
    const body = await readFile(path);
    res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream", "cache-control": "no-cache" });
    res.end(body);
  } catch {
    send(res, 404, { error: "not found" });
  }
}

function send(res, status, json) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(json));
}

async function readBody(req) {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 65536) throw new Error("body too large");
  }
  return body;
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, origin);
  try {
    if (req.method === "GET" && url.pathname === "/") return serveFile(res, here, "index.html");
    if (req.method === "GET" && ["/app.js", "/demo.css"].includes(url.pathname)) return serveFile(res, here, url.pathname.slice(1));
    if (req.method === "GET" && url.pathname.startsWith("/embed/")) return serveFile(res, config.embedDir, url.pathname.slice("/embed/".length));
    if (req.method === "POST" && url.pathname === "/api/checkout") {
      const { language, funding_destinations, decision_gate } = JSON.parse((await readBody(req)) || "{}");
      const checkout = {
        key: randomUUID(),
        body: {
          participant_unique_id1: `demo-recipient-${randomUUID()}`,
          language_locale_code: language,
          host_uri: origin,
          funding_destinations,
          recipient,
          client_reference_id: "demo-payout-42",
          metadata: { source: "demo" },
          decision_gate: Boolean(decision_gate),
        },
      };
      const { http, envelope } = await createSession(checkout);
      if (http >= 300) return send(res, http, envelope);
      const id = randomUUID();
      checkouts.set(id, { ...checkout, session: envelope.data.session_identifier });
      return send(res, 200, { checkout_id: id, ...envelope.data, status: envelope.status });
    }
    const reissue = url.pathname.match(/^\/api\/checkout\/([0-9a-f-]{36})\/reissue$/);
    if (req.method === "POST" && reissue) {
      const checkout = checkouts.get(reissue[1]);
      if (!checkout) return send(res, 404, { error: "unknown checkout" });
      const { http, envelope } = await createSession(checkout);
      return send(res, http >= 300 ? http : 200, http >= 300 ? envelope : { ...envelope.data, status: envelope.status });
    }
    const decided = url.pathname.match(/^\/api\/checkout\/([0-9a-f-]{36})\/(continue|stop)$/);
    if (req.method === "POST" && decided) {
      const checkout = checkouts.get(decided[1]);
      if (!checkout) return send(res, 404, { error: "unknown checkout" });
      const body = decided[2] === "stop" ? JSON.stringify({ reason: "rejected on the demo page" }) : undefined;
      const r = await fetch(`${config.captureApi}/v1/sessions/${checkout.session}/${decided[2]}`, {
        method: "POST",
        headers: { "x-api-key": config.apiKey, ...(body && { "content-type": "application/json" }) },
        body,
      });
      const envelope = await r.json();
      return send(res, r.status, { status: envelope.status, session_status: envelope.data?.status ?? envelope.data?.session_status });
    }
    if (req.method === "POST" && url.pathname === "/webhooks") {
      const body = await readBody(req);
      let event;
      try {
        // The signature (constant time) and a t within 5 minutes.
        event = verifyWebhook({ secret: config.webhookSecret, signature: req.headers["capture-signature"], body });
      } catch (error) {
        return send(res, 400, { error: "bad signature", code: error.code });
      }
      if (handledEvents.has(event.id)) {
        res.writeHead(204).end();
        return;
      }
      handledEvents.add(event.id);
      // Kept with its signature header so a test can check the signature independently.
      webhooks.push({ event, body, signature: req.headers["capture-signature"], event_id: req.headers["capture-event-id"] });
      res.writeHead(204).end();
      return;
    }
    if (req.method === "GET" && url.pathname === "/api/webhooks") {
      const after = Number(url.searchParams.get("after") ?? 0);
      const raw = url.searchParams.has("raw");
      return send(res, 200, { events: webhooks.slice(after).map((w) => (raw ? w : w.event)), next: webhooks.length });
    }
    send(res, 404, { error: "not found" });
  } catch (err) {
    console.error("merchant:", err.message);
    send(res, 502, { error: "capture server unreachable" });
  }
});

server.listen(Number(port), host, () => console.log(`demo merchant on ${origin}`));
