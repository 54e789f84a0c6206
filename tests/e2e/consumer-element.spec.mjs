// A plain HTML page with no build step: the installed package served as files, an import map,
// and <capture-frame authorized-url="…"> in the markup. DOM events for every message, clean-up
// when the element leaves the document, a re-insert that re-issues through the `reissue`
// property, and a real capture.
import { expect, test } from "./support.mjs";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { completeCapture, consumerOrigin, consumerSession, makeApp, serve, staticFiles, withBackend } from "./consumer-kit.mjs";

const PAGE = `<!doctype html>
<html lang="en">
<title>plain HTML consumer</title>
<script type="importmap">{ "imports": { "capture-frame/": "/node_modules/capture-frame/" } }</script>
<script type="module">
  import "capture-frame/element/index.js";
  const frame = document.querySelector("capture-frame");
  const key = new URLSearchParams(location.search).get("key");
  frame.reissue = async () => (await (await fetch("/reissue?key=" + key, { method: "POST" })).json()).authorized_url;
  window.log = [];
  for (const name of ["capture-event", "capture-ready", "capture-resize", "capture-token-success", "capture-authorized-url-expired", "capture-success", "capture-exit", "capture-error"]) {
    document.body.addEventListener(name, (event) => window.log.push([name, event.detail.type ?? event.detail.message]));
  }
</script>
<main id="checkout">
  <capture-frame authorized-url="%AUTHORIZED_URL%"></capture-frame>
</main>
</html>`;

let server;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const app = makeApp([], { "page.html": PAGE });
  const files = staticFiles(app.dir);
  const escape = (s) => s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  server = await serve(withBackend((req, res) => {
    const url = new URL(req.url, consumerOrigin);
    if (url.pathname !== "/") return files(req, res);
    // The integrator's server writes the authorized_url into the markup.
    const html = readFileSync(join(app.dir, "page.html"), "utf8").replace("%AUTHORIZED_URL%", escape(url.searchParams.get("url") ?? ""));
    return res.writeHead(200, { "content-type": "text/html" }).end(html);
  }));
});

test.afterAll(() => server?.close());

const named = (log, name) => log.filter(([n]) => n === name).map(([, type]) => type);
const logged = async (page, name) => named(await page.evaluate(() => window.log ?? []), name);

test("<capture-frame> in plain HTML dispatches DOM events, cleans up, re-inserts and captures a card", async ({ page }) => {
  const session = await consumerSession();
  await page.goto(`${consumerOrigin}/?url=${encodeURIComponent(session.authorized_url)}&key=${session.key}`);
  await expect.poll(() => logged(page, "capture-ready"), { message: "capture-ready should be dispatched" }).toEqual(["ready"]);
  await expect(page.locator("capture-frame iframe")).toHaveCount(1);
  expect(await page.evaluate(() => window.log.map(([n]) => n))).toContain("capture-event");

  // Out of the document: the iframe goes with it. Back in: a new frame for the same session
  // (the server lets this browser's partition back in, or the element re-issues through its
  // `reissue` property) that is ready again.
  await page.evaluate(() => {
    window.parked = document.querySelector("capture-frame");
    window.parked.remove();
  });
  expect(await page.evaluate(() => window.parked.querySelectorAll("iframe").length)).toBe(0);
  await page.evaluate(() => document.getElementById("checkout").append(window.parked));
  await expect.poll(() => logged(page, "capture-ready"), { message: "a re-inserted element should be ready again" }).toEqual(["ready", "ready"]);
  await expect(page.locator("capture-frame iframe")).toHaveCount(1);

  await completeCapture(page.frameLocator("capture-frame iframe"));
  await expect.poll(() => logged(page, "capture-success"), { message: "capture-success should be dispatched once" }).toEqual(["token_success"]);
  const log = await page.evaluate(() => window.log);
  expect(named(log, "capture-token-success")).toEqual(["token_success"]);
  expect(named(log, "capture-exit")).toEqual([]);
  expect(named(log, "capture-error")).toEqual([]);
});
