// The embed as a front-end developer meets it when things go wrong or are slow: the installed
// package served as files on the consumer's own origin, mount() called from the page. A frame
// that never speaks ends the mount with exactly one `load_failed` (with the reason the page can
// tell) and no iframe; a wasm that cannot load rejects mount() and leaves the page alive; a
// placeholder holds the space until `ready`; two frames on one page each hear only their own.
import { expect, test } from "./support.mjs";
import { consumerOrigin, consumerSession, makeApp, serve, staticFiles } from "./consumer-kit.mjs";
import { createSession, fluent } from "./support.mjs";
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

test("minHeight holds the space with a status until ready, then the frame takes over", async ({ page }) => {
  const session = await consumerSession();
  // The frame's wasm arrives late, so "before ready" lasts long enough to look at.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route("**/pkg/frame/capture_frame_bg.wasm", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(consumerOrigin);
  await page.evaluate((url) => window.run("payout", { authorizedUrl: url, minHeight: 240, title: "Payout account form" }), session.authorized_url);
  const holder = page.locator("#payout [data-capture-frame-placeholder]");
  await expect(holder).toHaveAttribute("role", "status");
  await expect(page.getByRole("status", { name: "Payout account form" })).toBeVisible();
  expect((await holder.boundingBox()).height).toBe(240);
  expect((await page.locator("#payout iframe").boundingBox()).height).toBe(0);
  expect(await page.evaluate(() => window.logs.payout.ready)).toEqual([]);
  release();
  await expect.poll(() => page.evaluate(() => window.logs.payout.ready)).toEqual(["en-US"]);
  await expect(holder).toHaveCount(0);
  await expect.poll(async () => (await page.locator("#payout iframe").boundingBox()).height, { message: "the frame shows at its own height" }).toBeGreaterThan(100);
});

/** What the frame's page computed, once its form is up. */
async function look(page) {
  const frame = page.frameLocator("#payout iframe");
  await frame.locator("form button[type=submit]").waitFor();
  return frame.locator("form button[type=submit]").evaluate((button) => {
    const b = getComputedStyle(button);
    const html = getComputedStyle(document.documentElement);
    return { scheme: html.colorScheme, page: html.backgroundColor, button: b.backgroundColor, text: b.color, radius: b.borderTopLeftRadius, font: b.fontFamily };
  });
}

const SHOTS = process.env.CAPTURE_README_SCREENSHOTS; // a folder: writes the npm README's pictures

for (const [name, appearance, expected] of [
  ["default", undefined, { scheme: "light dark", page: "rgb(255, 255, 255)", button: "rgb(11, 87, 208)", radius: "6px" }],
  ["dark", { colorScheme: "dark", accentColor: "#E8590C", borderRadius: 14, fontFamily: "serif" },
    { scheme: "dark", page: "rgb(21, 24, 28)", button: "rgb(232, 89, 12)", text: "rgb(0, 0, 0)", radius: "14px", font: /Georgia/ }],
  ["light", { colorScheme: "light", accentColor: "#1B5E20", borderRadius: 0, fontFamily: "monospace" },
    { scheme: "light", page: "rgb(255, 255, 255)", button: "rgb(27, 94, 32)", text: "rgb(255, 255, 255)", radius: "0px", font: /monospace/ }],
]) {
  test(`appearance ${name}: ${JSON.stringify(appearance)} reaches the frame as its CSS custom properties`, async ({ page }) => {
    // The recipient's system is dark: colorScheme "light" must win over it, "auto" follows it.
    await page.emulateMedia({ colorScheme: name === "default" ? "light" : "dark" });
    const session = await consumerSession();
    await page.goto(consumerOrigin);
    await page.evaluate(([url, appearance]) => window.run("payout", { authorizedUrl: url, appearance }), [session.authorized_url, appearance]);
    const seen = await look(page);
    for (const [key, value] of Object.entries(expected)) {
      if (value instanceof RegExp) expect(seen[key], key).toMatch(value);
      else expect(seen[key], key).toBe(value);
    }
    if (SHOTS) {
      await page.setViewportSize({ width: 520, height: 900 });
      await page.locator("#payout iframe").screenshot({ path: `${SHOTS}/appearance-${name}.png` });
    }
  });
}

test("a session created with appearance { colorScheme: dark } renders dark when mount() sets none", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  const session = await consumerSession({ appearance: { colorScheme: "dark" } });
  await page.goto(consumerOrigin);
  await page.evaluate((url) => window.run("payout", { authorizedUrl: url }), session.authorized_url);
  const seen = await look(page);
  expect([seen.scheme, seen.page], "the session's scheme, over the recipient's light system").toEqual(["dark", "rgb(21, 24, 28)"]);
});

test("mount()'s appearance wins over the session's option by option", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  const session = await consumerSession({ appearance: { colorScheme: "dark", accentColor: "#E8590C", borderRadius: 14 } });
  await page.goto(consumerOrigin);
  const appearance = { colorScheme: "light", borderRadius: 0 };
  await page.evaluate(([url, appearance]) => window.run("payout", { authorizedUrl: url, appearance }), [session.authorized_url, appearance]);
  const seen = await look(page);
  expect([seen.scheme, seen.page, seen.radius], "mount()'s scheme and radius").toEqual(["light", "rgb(255, 255, 255)", "0px"]);
  expect(seen.button, "the session's accent, which mount() left unset").toBe("rgb(232, 89, 12)");
});

test("the frame refuses an appearance the embed would have refused: logged, and nothing of it applied", async ({ page }) => {
  const session = await consumerSession();
  const logged = [];
  page.on("console", (message) => message.type() === "error" && logged.push(message.text()));
  await page.goto(consumerOrigin);
  // A page that writes the frame's URL itself, past the embed's check.
  await page.evaluate((src) => {
    const iframe = Object.assign(document.createElement("iframe"), { src });
    document.body.append(Object.assign(document.createElement("div"), { id: "payout" }));
    document.querySelector("#payout").append(iframe);
  }, `${session.authorized_url}&accent=e8590c&font=serif;color:red`);
  const seen = await look(page);
  expect(seen.button, "the valid accent beside the bad font is not applied either").toBe("rgb(11, 87, 208)");
  expect(seen.font).not.toMatch(/Georgia/);
  expect(logged.join("\n")).toContain("appearance.fontFamily must be one of");
});

test("an invalid appearance rejects mount() and makes no iframe", async ({ page }) => {
  await page.goto(consumerOrigin);
  const url = `${serverOrigin}/session/${UNKNOWN}#t=x`;
  for (const [appearance, says] of [
    [{ colorScheme: "sepia" }, 'appearance.colorScheme must be "light", "dark" or "auto"'],
    [{ accentColor: "red;}body{display:none" }, 'appearance.accentColor must be a colour of the form "#rrggbb"'],
    [{ borderRadius: 100 }, "appearance.borderRadius must be an integer number of pixels from 0 to 24"],
    [{ fontFamily: "'Comic Sans MS'" }, "appearance.fontFamily must be one of"],
    [{ accent: "#000000" }, "appearance has no option `accent`"],
  ]) {
    expect(await page.evaluate(([url, appearance]) => window.tryMount({ authorizedUrl: url, appearance }), [url, appearance])).toContain(`capture-frame: ${says}`);
  }
  await expect(page.locator("iframe")).toHaveCount(0);
});

test("an expired URL without reissue: onExit hears it, and the framed screen says what the recipient can do there", async ({ page }) => {
  const session = await consumerSession();
  // Past the program's mount window (6 s in the e2e stack's config).
  await page.waitForTimeout(7_000);
  await page.goto(consumerOrigin);
  await page.evaluate((url) => window.run("payout", { authorizedUrl: url }), session.authorized_url);
  await expect.poll(() => page.evaluate(() => window.logs.payout.exits.map((e) => e.type))).toEqual(["authorized_url_expired"]);
  const frame = page.frameLocator("#payout iframe");
  await expect(frame.getByText(fluent("en-US", "expired-body-embedded"))).toBeVisible();
  await expect(frame.getByText(fluent("en-US", "expired-body"), { exact: true })).toHaveCount(0);
});

test("a known session's error page speaks the protocol to its host: one terminal_failure at once, no load_failed", async ({ page }) => {
  const session = await consumerSession();
  const shell = await (await fetch(session.authorized_url.split("#")[0])).text();
  const prefix = shell.match(/name="capture-static" content="([^"]+)"/)[1];
  // What the server answers when it cannot serve a known session's page (server/tests/api/hosted.rs
  // holds the server to this page; here the real assets/failed.js runs in it).
  await page.route(session.authorized_url.split("#")[0], (route) => route.fulfill({
    status: 404,
    contentType: "text/html",
    headers: { "content-security-policy": `default-src 'none'; script-src 'self'; frame-ancestors ${consumerOrigin}` },
    body: `<!doctype html><meta name="capture-session" content="${session.session_identifier}"><meta name="capture-host" content="${consumerOrigin}">` +
      `<meta name="capture-code" content="not_found"><script type="module" src="${prefix}/assets/failed.js"></script><p>Not found</p>`,
  }));
  await page.goto(consumerOrigin);
  await page.evaluate((url) => window.run("payout", { authorizedUrl: url, loadTimeoutMs: 10_000 }), session.authorized_url);
  await expect.poll(() => page.evaluate(() => window.logs.payout.exits), { timeout: 5_000 }).toEqual([{ type: "terminal_failure", data: { code: "not_found" } }]);
  expect(await page.evaluate(() => window.logs.payout.events)).toEqual(["terminal_failure"]);
});
