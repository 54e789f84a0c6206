// The second reference integrator, built unlike the demo on purpose so the QA kit's adapter is
// proven general: a payout wizard whose backend keys each capture by the payout's own reference
// (routes under /payouts/<ref>/…), receives webhooks at /hooks/capture-frame, and serves the
// packed npm package (pkg/npm, from scripts/build-npm) to a page that mounts with
// `capture-frame/embed` and keeps its own activity log in memory. Run by the kit's adapter
// tests/e2e/integrators/wizard.mjs; with WIZARD_TRUST_EVERY_MESSAGE=1 it serves the
// deliberately broken page (integrators/broken.mjs) that logs every message it is sent.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { verifyWebhook } from "../../../../pkg/npm/server/index.js";

const here = import.meta.dirname;
const vendor = resolve(here, "../../../../pkg/npm");
const env = process.env;
const origin = env.SITE_ORIGIN ?? `http://localhost:${env.PORT}`;
const trustEveryMessage = env.WIZARD_TRUST_EVERY_MESSAGE === "1";

// Payout reference → { body, session }: the create body, so a renewal repeats it exactly (same
// Idempotency-Key), and the session it got.
const payouts = new Map();
const received = [];

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };

const json = (res, status, body) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

async function file(res, dir, name, rewrite = (t) => t) {
  const path = normalize(join(dir, name));
  if (!path.startsWith(dir)) return json(res, 404, { problem: "no such file" });
  try {
    const bytes = await readFile(path);
    res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" }).end(extname(path) === ".html" ? rewrite(bytes.toString("utf8")) : bytes);
  } catch {
    json(res, 404, { problem: "no such file" });
  }
}

async function body(req) {
  let text = "";
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 65536) throw new Error("body too large");
  }
  return text;
}

const capture = (path, init = {}) =>
  fetch(env.CAPTURE_API + path, { ...init, headers: { "content-type": "application/json", "x-api-key": env.CAPTURE_API_KEY, ...init.headers } });

/** POST /v1/sessions for a payout, with its reference as the Idempotency-Key. */
async function createFor(ref) {
  const payout = payouts.get(ref);
  const res = await capture("/v1/sessions", { method: "POST", headers: { "idempotency-key": ref }, body: JSON.stringify(payout.body) });
  const envelope = await res.json();
  if (res.ok) payout.session = envelope.data.session_identifier;
  return { status: res.status, envelope };
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, origin);
  const route = `${req.method} ${url.pathname}`;
  try {
    if (route === "GET /") return file(res, here, "index.html", (html) => html.replace("<html", `<html data-trust="${trustEveryMessage ? "every-message" : "frame-only"}"`));
    if (route === "GET /wizard.js") return file(res, here, "wizard.js");
    if (req.method === "GET" && url.pathname.startsWith("/vendor/capture-frame/")) return file(res, vendor, url.pathname.slice("/vendor/capture-frame/".length));

    const payout = url.pathname.match(/^\/payouts\/([0-9a-f-]{36})\/(capture-session|capture-session\/renew|review)$/);
    if (req.method === "POST" && payout) {
      const [, ref, action] = payout;
      if (action === "capture-session") {
        const { methods, locale, review } = JSON.parse((await body(req)) || "{}");
        payouts.set(ref, { body: {
          participant_unique_id1: `wizard-${ref}`,
          host_uri: origin,
          language_locale_code: locale,
          funding_destinations: methods,
          decision_gate: Boolean(review),
          recipient: { first_name: "Ada", last_name: "Lovelace", postal_code: "94107" },
          client_reference_id: ref,
        } });
      } else if (!payouts.has(ref)) {
        return json(res, 404, { problem: "unknown payout" });
      }
      if (action === "review") {
        const { approve } = JSON.parse((await body(req)) || "{}");
        const r = await capture(`/v1/sessions/${payouts.get(ref).session}/${approve ? "continue" : "stop"}`, { method: "POST", body: approve ? undefined : JSON.stringify({ reason: "declined in the payout wizard" }) });
        return json(res, r.status, await r.json());
      }
      const { status, envelope } = await createFor(ref);
      if (status >= 300) return json(res, status, envelope);
      return json(res, 200, { ref, session_identifier: envelope.data.session_identifier, authorized_url: envelope.data.authorized_url });
    }

    if (route === "POST /hooks/capture-frame") {
      const raw = await body(req);
      const signature = req.headers["capture-signature"];
      try {
        verifyWebhook({ secret: env.CAPTURE_WEBHOOK_SECRET, signature, body: raw });
      } catch (error) {
        return json(res, 400, { problem: "bad signature", code: error.code });
      }
      received.push({ body: raw, signature });
      return res.writeHead(200).end();
    }
    // For QA only: what the webhook route accepted, raw, so a test can check each signature.
    if (route === "GET /qa/webhooks") return json(res, 200, { received });
    json(res, 404, { problem: "no such route" });
  } catch (error) {
    console.error("wizard:", error.message);
    json(res, 502, { problem: "the capture server did not answer" });
  }
});

server.listen(Number(env.PORT), "localhost", () => console.log(`payout wizard on ${origin}${trustEveryMessage ? " (trusting every message: broken on purpose)" : ""}`));
