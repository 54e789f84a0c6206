// The embed as a front-end developer meets it when things go wrong or are slow: the installed
// package served as files on the consumer's own origin, mount() called from the page. A frame
// that never speaks ends the mount with exactly one `load_failed` (with the reason the page can
// tell) and no iframe; a wasm that cannot load rejects mount() and leaves the page alive; a
// placeholder holds the space until `ready`; two frames on one page each hear only their own.
import { expect, test } from "./support.mjs";
import { consumerOrigin, consumerSession, makeApp, serve, staticFiles } from "./consumer-kit.mjs";
import { createSession } from "./support.mjs";
import { serverOrigin, siteOrigin } from "./stack.mjs";

const PAGE = `<!doctype html>
<html lang="en">
<title>consumer: loading and failure</title>
<script type="importmap">{ "imports": { "capture-frame/": "/node_modules/capture-frame/" } }</script>
<script type="module">
  import { mount } from "capture-frame/embed/index.js";
  window.logs = {};
  // Mounts into a new <div id=name>, recording what each callback got.
  window.run = async (name, options) => {
    const target = Object.assign(document.createElement("div"), { id: name });
    document.body.append(target);
    const log = (window.logs[name] = { events: [], exits: [], ready: [], sessions: [] });
    window[name] = await mount(target, {
      ...options,
      onEvent: (e) => { log.events.push(e.type); log.sessions.push(e.session_identifier); },
      onExit: (e) => log.exits.push({ type: e.type, data: e.data }),
      onReady: (e) => log.ready.push(e.data.locale),
    });
  };
  window.tryMount = (options) => mount(document.body, options).then(() => "resolved", (e) => e.message);
</script>
<p id="alive">the host app</p>
</html>`;

let server;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const app = makeApp([], { "index.html": PAGE });
  server = await serve(staticFiles(app.dir));
});

test.afterAll(() => server?.close());

const UNKNOWN = "00000000-0000-4000-8000-000000000000";

/** Mounts `url` with a short deadline and waits for the mount to end; returns its log. */
async function failedLoad(page, url) {
  await page.goto(consumerOrigin);
  await page.evaluate((url) => window.run("payout", { authorizedUrl: url, loadTimeoutMs: 1500 }), url);
  await expect.poll(() => page.evaluate(() => window.logs.payout.exits.length), { message: "onExit should hear load_failed" }).toBe(1);
  await expect(page.locator("#payout iframe"), "the iframe is removed").toHaveCount(0);
  // Nothing more arrives afterwards (the probes and the deadline are over).
  await page.waitForTimeout(1500);
  return page.evaluate(() => window.logs.payout);
}

test("an unknown session's frame (refused by frame-ancestors 'none') ends in one load_failed: frame_refused", async ({ page }) => {
  const log = await failedLoad(page, `${serverOrigin}/session/${UNKNOWN}#t=x`);
  expect(log.exits).toEqual([{ type: "load_failed", data: { reason: "frame_refused" } }]);
  expect(log.events).toEqual(["load_failed"]);
  expect(log.sessions).toEqual([UNKNOWN]);
});

test("a session whose host_uri is another site (its CSP refuses this page) ends in one load_failed: frame_refused", async ({ page }) => {
  const session = await createSession({ host_uri: siteOrigin });
  const log = await failedLoad(page, session.authorized_url);
  expect(log.exits).toEqual([{ type: "load_failed", data: { reason: "frame_refused" } }]);
  expect(log.events).toEqual(["load_failed"]);
});

test("an unreachable frame origin ends in one load_failed: network", async ({ page }) => {
  const log = await failedLoad(page, `http://127.0.0.1:9/session/${UNKNOWN}#t=x`);
  expect(log.exits).toEqual([{ type: "load_failed", data: { reason: "network" } }]);
  expect(log.events).toEqual(["load_failed"]);
});

test("a frame page that is served but stays silent ends in one load_failed: timeout", async ({ page }) => {
  const id = "11111111-1111-4111-8111-111111111111";
  await page.route(`${serverOrigin}/session/${id}`, (route) =>
    route.fulfill({ status: 200, contentType: "text/html", headers: { "access-control-allow-origin": consumerOrigin }, body: "<!doctype html><p>silent</p>" }));
  const log = await failedLoad(page, `${serverOrigin}/session/${id}#t=x`);
  expect(log.exits).toEqual([{ type: "load_failed", data: { reason: "timeout" } }]);
});

test("a wasm that cannot load rejects mount() with a clear error and the host app stays", async ({ page }) => {
  await page.route("**/capture_frame_embed_bg.wasm", (route) => route.abort());
  await page.goto(consumerOrigin);
  const outcome = await page.evaluate((url) => window.tryMount({ authorizedUrl: url }), `${serverOrigin}/session/${UNKNOWN}#t=x`);
  expect(outcome).toMatch(/^capture-frame: the embed's WebAssembly did not load/);
  await expect(page.locator("#alive")).toBeVisible();
  await expect(page.locator("iframe")).toHaveCount(0);
  await page.unroute("**/capture_frame_embed_bg.wasm");
  expect(await page.evaluate(() => window.tryMount({ authorizedUrl: 7 })), "a later call tries again (and reports a bad option)").toMatch(/authorizedUrl must be/);
});

test("a bad loadTimeoutMs is refused", async ({ page }) => {
  await page.goto(consumerOrigin);
  for (const loadTimeoutMs of [0, 1.5, "15000", 600_001]) {
    const outcome = await page.evaluate(([url, ms]) => window.tryMount({ authorizedUrl: url, loadTimeoutMs: ms }), [`${serverOrigin}/session/${UNKNOWN}#t=x`, loadTimeoutMs]);
    expect(outcome, String(loadTimeoutMs)).toBe("capture-frame: loadTimeoutMs must be an integer from 1 to 600000");
  }
});

test("two frames on one page each receive only their own events, and onReady once each", async ({ page }) => {
  const [one, two] = [await consumerSession(), await consumerSession()];
  await page.goto(consumerOrigin);
  await page.evaluate(([a, b]) => Promise.all([window.run("one", { authorizedUrl: a }), window.run("two", { authorizedUrl: b })]), [one.authorized_url, two.authorized_url]);
  await expect.poll(() => page.evaluate(() => [window.logs.one.ready, window.logs.two.ready])).toEqual([["en-US"], ["en-US"]]);
  const logs = await page.evaluate(() => window.logs);
  expect(new Set(logs.one.sessions)).toEqual(new Set([one.session_identifier]));
  expect(new Set(logs.two.sessions)).toEqual(new Set([two.session_identifier]));
  expect(logs.one.events.filter((t) => t === "ready")).toHaveLength(1);
  expect(logs.two.exits).toEqual([]);
  await page.evaluate(() => Promise.all([window.one.destroy(), window.two.destroy()]));
});
