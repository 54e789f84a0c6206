// Each sample backend against the real capture-server (its own instance on a fresh SQLite file,
// on its own ports, its program's webhooks going to the sample): create a session, re-issue it
// with the same Idempotency-Key, receive a real signed webhook and refuse forged or stale ones.
// Run (after `cargo build -p capture-server`): node --test samples/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { join } from "node:path";

// The stack module reads its ports when imported: this run's own, so a running e2e stack is no bother.
process.env.E2E_SERVER_PORT ??= "18180";
process.env.E2E_MERCHANT_PORT ??= "18181";
const { API_KEY, WEBHOOK_SECRET, siteOrigin, root, serverOrigin, startServer } = await import("../tests/e2e/stack.mjs");

const SAMPLES = {
  node: [process.execPath, join(root, "www/demo/merchant.mjs")],
  python: [process.env.PYTHON ?? "python3", join(root, "samples/python/merchant.py")],
};

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.kill());

async function startSample(command) {
  const [bin, script] = command;
  const child = spawn(bin, [script], {
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      MERCHANT_LISTEN: new URL(siteOrigin).host,
      CAPTURE_API: serverOrigin,
      CAPTURE_API_KEY: API_KEY,
      CAPTURE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    },
  });
  await new Promise((resolve, reject) => {
    child.stdout.once("data", resolve);
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return child;
}

const post = async (path, body) => {
  const res = await fetch(`${siteOrigin}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
  return { status: res.status, body: await res.json() };
};

async function webhooksFor(session) {
  const { events } = await (await fetch(`${siteOrigin}/api/webhooks?raw`)).json();
  return events.filter((w) => w.event.data?.session_identifier === session);
}

for (const [name, command] of Object.entries(SAMPLES)) {
  test(`the ${name} sample creates, re-issues and receives a verified webhook`, async () => {
    const sample = await startSample(command);
    try {
      const created = await post("/api/checkout", { language: "en-US", funding_destinations: ["DEBIT"] });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      assert.equal(created.body.status, 100, "a new session");
      assert.match(created.body.authorized_url, new RegExp(`^${serverOrigin}/session/${created.body.session_identifier}#t=`));

      const again = await post(`/api/checkout/${created.body.checkout_id}/reissue`);
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.equal(again.body.status, 101, "the same Idempotency-Key re-issues");
      assert.equal(again.body.session_identifier, created.body.session_identifier, "for the same session");
      assert.notEqual(again.body.authorized_url, created.body.authorized_url, "with a new URL");

      // The integrator ends the session: the server sends session.terminated to the sample.
      const session = created.body.session_identifier;
      const terminated = await fetch(`${serverOrigin}/v1/sessions/${session}/terminate`, { method: "POST", headers: { "x-api-key": API_KEY } });
      assert.equal(terminated.status, 200);
      let received = [];
      for (let i = 0; i < 100 && received.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        received = await webhooksFor(session);
      }
      assert.deepEqual(received.map((w) => w.event.type), ["session.terminated"], "the sample received the webhook");
      const [webhook] = received;
      const t = webhook.signature.match(/t=(\d+)/)[1];
      assert.equal(webhook.signature.match(/v1=([0-9a-f]+)/)[1], createHmac("sha256", WEBHOOK_SECRET).update(`${t}.${webhook.body}`).digest("hex"));
      assert.match(webhook.event_id, /^evt_/);

      // Forged and replayed deliveries are refused and not kept.
      const deliver = (signature, body = webhook.body) =>
        fetch(`${siteOrigin}/webhooks`, { method: "POST", headers: { "content-type": "application/json", "capture-signature": signature }, body });
      const forged = JSON.stringify({ ...webhook.event, type: "session.completed" });
      assert.equal((await deliver(webhook.signature, forged)).status, 400, "a body the signature does not cover");
      const old = Math.floor(Date.now() / 1000) - 600;
      const stale = `t=${old},v1=${createHmac("sha256", WEBHOOK_SECRET).update(`${old}.${webhook.body}`).digest("hex")}`;
      assert.equal((await deliver(stale)).status, 400, "a correctly signed delivery from 10 minutes ago");
      assert.equal((await deliver("t=1,v1=nope")).status, 400);
      assert.equal((await webhooksFor(session)).length, 1, "nothing refused was kept");
    } finally {
      sample.kill();
      await new Promise((resolve) => sample.once("exit", resolve));
    }
  });
}
