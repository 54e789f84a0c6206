// A Node integrator (what Next.js, Remix or Astro do while rendering on the server): a script
// that imports every entry point with `window`, `document` and `fetch` booby-trapped, renders
// <CaptureFrame> to HTML, then serves a checkout page with a real session and verifies the
// server's real webhooks for it with capture-frame/server.
import { expect, test } from "./support.mjs";
import { spawn } from "node:child_process";
import { completeCapture, consumerOrigin, makeApp } from "./consumer-kit.mjs";
import { integrator } from "./integrator.mjs";
import { API_KEY, CONSUMER_PORT, WEBHOOK_SECRET, serverOrigin } from "./stack.mjs";

const SERVER = `
// Any touch of a browser global while importing throws, and the import with it.
const trapped = [];
for (const name of ["window", "document"]) {
  Object.defineProperty(globalThis, name, { configurable: true, get() { trapped.push(name); throw new Error(name + " touched at import"); } });
}
const realFetch = globalThis.fetch;
globalThis.fetch = () => { trapped.push("fetch"); throw new Error("fetch at import"); };
const entries = {};
for (const entry of ["embed", "element", "react", "server", "frame"]) {
  entries[entry] = Object.keys(await import("capture-frame/" + entry)).sort();
}
delete globalThis.window;
delete globalThis.document;
globalThis.fetch = realFetch;

const { mount, warm } = await import("capture-frame/embed");
const { CaptureFrame } = await import("capture-frame/react");
const { verifyWebhook } = await import("capture-frame/server");
const { createElement } = await import("react");
const { renderToString } = await import("react-dom/server");
const outside = async (call) => { try { await call(); return "resolved"; } catch (e) { return e.message; } };
const report = {
  entries,
  trapped,
  mount: await outside(() => mount("#payout", { authorizedUrl: "x" })),
  warm: await outside(() => warm("${serverOrigin}")),
  ssr: renderToString(createElement(CaptureFrame, { authorizedUrl: "${serverOrigin}/session/x", className: "payout" })),
};

import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { extname, join, normalize } from "node:path";
const env = process.env;
const api = (path, init = {}) => fetch(env.CAPTURE_API + path, { ...init, headers: { "content-type": "application/json", "x-api-key": env.CAPTURE_API_KEY, ...init.headers } });
const checkout = { key: crypto.randomUUID() };
const create = async () => (await (await api("/v1/sessions", { method: "POST", headers: { "idempotency-key": checkout.key }, body: JSON.stringify({
  participant_unique_id1: "node-consumer-" + checkout.key, host_uri: env.ORIGIN,
  recipient: { first_name: "Ada", last_name: "Lovelace", postal_code: "94107" },
}) })).json()).data;
const page = (url) => \`<!doctype html><html lang="en"><title>node consumer</title>
<script type="importmap">{ "imports": { "capture-frame/": "/node_modules/capture-frame/" } }</script>
<script type="module">
  import "capture-frame/element/index.js";
  const frame = document.querySelector("capture-frame");
  frame.reissue = async () => (await (await fetch("/reissue", { method: "POST" })).json()).authorized_url;
  window.log = [];
  for (const name of ["capture-ready", "capture-success", "capture-exit", "capture-error"]) frame.addEventListener(name, (e) => window.log.push(name));
</script>
\${report.ssr}
<capture-frame authorized-url="\${url.replace(/"/g, "&quot;")}"></capture-frame></html>\`;
const send = (res, type, body) => res.writeHead(200, { "content-type": type }).end(body);

const server = createServer(async (req, res) => {
  const url = new URL(req.url, env.ORIGIN);
  if (url.pathname === "/report") return send(res, "application/json", JSON.stringify(report));
  if (url.pathname === "/") {
    const session = await create();
    checkout.session = session.session_identifier;
    return send(res, "text/html", page(session.authorized_url));
  }
  if (req.method === "POST" && url.pathname === "/reissue") return send(res, "application/json", JSON.stringify(await create()));
  // The webhooks the program's receiver got (the test posts them), each checked again here with verifyWebhook.
  if (req.method === "POST" && url.pathname === "/verified") {
    let body = "";
    for await (const chunk of req) body += chunk;
    const { events } = JSON.parse(body);
    const verified = [];
    for (const w of events) {
      const event = verifyWebhook({ secret: env.CAPTURE_WEBHOOK_SECRET, signature: w.signature, body: w.body, toleranceSeconds: 3600 });
      if (event.data.session_identifier === checkout.session) verified.push(event.type);
    }
    return send(res, "application/json", JSON.stringify({ session: checkout.session, verified }));
  }
  const file = normalize(join(process.cwd(), url.pathname));
  try {
    if (!file.startsWith(join(process.cwd(), "node_modules"))) throw new Error("outside");
    return send(res, { ".js": "text/javascript", ".wasm": "application/wasm" }[extname(file)] ?? "application/octet-stream", readFileSync(file));
  } catch {
    res.writeHead(404).end();
  }
});
// The consumer origin's port is shared by the consumer specs: wait for it to be free.
const listen = () => server.listen(Number(env.PORT), "localhost", () => console.log("listening"));
server.on("error", (e) => { if (e.code !== "EADDRINUSE") throw e; setTimeout(listen, 250); });
listen();
`;

let child;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const app = makeApp(["react@19", "react-dom@19"], { "server.mjs": SERVER });
  child = spawn(process.execPath, ["server.mjs"], {
    cwd: app.dir,
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      PORT: String(CONSUMER_PORT),
      ORIGIN: consumerOrigin,
      CAPTURE_API: serverOrigin,
      CAPTURE_API_KEY: API_KEY,
      CAPTURE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    },
  });
  await new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => String(chunk).includes("listening") && resolve());
    child.once("exit", (code) => reject(new Error(`the Node consumer exited with ${code} before listening`)));
  });
});

test.afterAll(() => child?.kill());

test("a Node script imports every entry point without touching browser globals, renders on the server and backs a real capture", async ({ page }) => {
  const report = await (await fetch(`${consumerOrigin}/report`)).json();
  expect(report.trapped, "no entry point touches window, document or fetch at import").toEqual([]);
  expect(report.entries).toEqual({
    embed: ["EmbedHandle", "mount", "warm"],
    element: ["CaptureFrameElement"],
    react: ["CaptureFrame"],
    server: ["CaptureVerificationError", "verifyReceipt", "verifyWebhook"],
    frame: ["default", "initSync", "start"],
  });
  expect(report.mount, "mount() in Node rejects with a clear error instead of throwing").toMatch(/run in a browser page/);
  expect(report.warm).toMatch(/run in a browser page/);
  expect(report.ssr).toBe('<div class="payout"></div>');

  await page.goto(`${consumerOrigin}/`);
  await expect.poll(() => page.evaluate(() => window.log ?? []), { message: "the page should receive ready" }).toContain("capture-ready");
  await completeCapture(page.frameLocator("capture-frame iframe"));
  await expect.poll(() => page.evaluate(() => window.log)).toContain("capture-success");
  await expect
    .poll(async () => {
      // The stack's program sends webhooks to the integrator's site, which keeps each raw body
      // and signature header (the adapter's webhooks()); this backend verifies them itself.
      const res = await fetch(`${consumerOrigin}/verified`, { method: "POST", body: JSON.stringify({ events: await integrator.webhooks() }) });
      return (await res.json()).verified;
    }, { message: "the backend should verify the session.completed webhook" })
    .toContain("session.completed");
});
