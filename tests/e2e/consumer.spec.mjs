// A Vite + TypeScript project: installs the packed npm tarball, type-checks strictly against the
// declarations generated from the Rust types, bundles, serves the page from its own origin, and
// captures a card through a real session's frame; warm() per its contract with `/warm`.
import { expect, test } from "./support.mjs";
import { completeCapture, consumerOrigin, consumerSession, makeApp, serve, staticFiles, withBackend } from "./consumer-kit.mjs";
import { sessionStatus } from "./support.mjs";
import { serverOrigin } from "./stack.mjs";
import { join } from "node:path";

const MAIN = `
import { mount, warm, type CaptureEvent, type ExitEvent, type LoadFailure, type LocaleCode, type MountOptions, type TokenSuccessData } from "capture-frame/embed";

// Exhaustive over the generated unions: a type added in Rust and not handled here fails tsc.
function describe(event: CaptureEvent): string {
  switch (event.type) {
    case "ready": { const locale: LocaleCode = event.data.locale; return locale + " " + event.data.dir; }
    case "resize": return String(event.data.height);
    case "token_success": return event.data.funding_destination + " " + event.data.last4;
    case "awaiting_decision": return event.data.funding_destination + " " + event.data.last4;
    case "verification_failed": return String(event.data.attempts_remaining);
    case "terminal_failure": return event.data.code;
    case "session_not_mountable": return event.data.status;
    case "reissue_failed": return event.data.reason;
    case "load_failed": { const reason: LoadFailure = event.data.reason; return reason; }
    case "retry_requested": case "max_attempts_exceeded": case "canceled": case "authorized_url_expired": case "bound_to_other_device": case "stopped": return event.type;
    default: { const unhandled: never = event; return unhandled; }
  }
}
function exitReason(event: ExitEvent): string {
  switch (event.type) {
    case "max_attempts_exceeded": case "canceled": case "authorized_url_expired": case "bound_to_other_device": case "stopped": return event.type;
    case "terminal_failure": return event.data.code;
    case "session_not_mountable": return event.data.status;
    case "reissue_failed": return event.data.reason;
    case "load_failed": return event.data.reason;
    default: { const unhandled: never = event; return unhandled; }
  }
}
// @ts-expect-error: not one of the reasons a load can fail for
const notAReason: LoadFailure = "offline";
// @ts-expect-error: not one of the 28 locales
const notALocale: LocaleCode = "xx-XX";
// @ts-expect-error: a ready event carries no token
const noToken = (e: Extract<CaptureEvent, { type: "ready" }>) => e.data.last4;

const params = new URLSearchParams(location.search);
const log = { events: [] as string[], successes: [] as TokenSuccessData[], exits: [] as string[], described: [] as string[] };
const options: MountOptions = {
  authorizedUrl: params.get("url")!,
  onEvent: (event) => { log.events.push(event.type); log.described.push(describe(event)); },
  onSuccess: (data) => { log.successes.push(data); },
  onExit: (event) => { log.exits.push(exitReason(event)); },
  reissue: async () => (await (await fetch("/reissue?key=" + params.get("key"), { method: "POST" })).json()).authorized_url,
};
Object.assign(window, { log, warm, notALocale, notAReason, noToken });
if (options.authorizedUrl) (window as any).handle = await mount("#payout", options);
`;

let server;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const app = makeApp(["vite@7", "typescript@5"], {
    "index.html": `<!doctype html><html lang="en"><title>consumer</title><div id="payout"></div><script type="module" src="/main.ts"></script></html>`,
    "main.ts": MAIN,
  });
  app.tsc("main.ts");
  app.build();
  server = await serve(withBackend(staticFiles(join(app.dir, "dist"))));
});

test.afterAll(() => server?.close());

test("a Vite + TypeScript app mounts a real session's frame, receives ready and captures a card", async ({ page }) => {
  const session = await consumerSession();
  await page.goto(`${consumerOrigin}/?url=${encodeURIComponent(session.authorized_url)}&key=${session.key}`);
  await expect.poll(() => page.evaluate(() => window.log.events), { message: "the consumer's onEvent should receive ready" }).toContain("ready");
  expect(await page.evaluate(() => window.log.described)).toContain("en-US ltr");
  await completeCapture(page.frameLocator("#payout iframe"));
  await expect.poll(() => page.evaluate(() => window.log.successes.length), { message: "onSuccess should run once" }).toBe(1);
  const { successes, events, exits } = await page.evaluate(() => window.log);
  expect(successes[0]).toMatchObject({ funding_destination: "DEBIT", last4: "4242" });
  expect(successes[0].customer_account_token).toBeTruthy();
  expect(events.filter((t) => t === "token_success")).toHaveLength(1);
  expect(exits).toEqual([]);
  expect((await sessionStatus(session.session_identifier)).status).toBe("completed");
  await page.evaluate(() => window.handle.destroy());
  await expect(page.locator("#payout iframe")).toHaveCount(0);
});

// The capture server's real `/warm` page: it fetches what the shell loads (compiling the wasm),
// then posts {"protocol":"capture-frame","v":1,"type":"warm"} to the embedder's origin.
test("warm() loads the frame origin's /warm in a hidden iframe, which fetches everything the shell loads, resolves on its word and removes it", async ({ page }) => {
  const requested = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.origin === serverOrigin) requested.push(url.pathname.replace(/^\/static\/[0-9a-f]+/, "/static"));
  });
  await page.goto(consumerOrigin);
  await page.evaluate(() => window.warm());
  expect(requested, "warm() without an origin only loads the embed").toEqual([]);
  const outcome = await page.evaluate(async (origin) => {
    let frames = 0;
    new MutationObserver((changes) => {
      for (const change of changes) frames += [...change.addedNodes].filter((n) => n.matches?.("iframe[aria-hidden=true]")).length;
    }).observe(document.body, { childList: true });
    await Promise.all([window.warm(origin), window.warm(origin)]);
    return { frames, left: document.querySelectorAll("iframe").length };
  }, serverOrigin);
  expect(outcome).toEqual({ frames: 1, left: 0 });
  expect(requested.filter((p) => p === "/warm"), "two calls for one origin load /warm once").toHaveLength(1);
  for (const file of ["/static/pkg/frame/capture_frame.js", "/static/pkg/frame/capture_frame_bg.wasm", "/static/assets/boot.js", "/static/assets/frame.css"]) {
    expect(requested, `the warm page fetched ${file}`).toContain(file);
  }
});

test("warm() rejects after its timeout when /warm never answers, and the frame goes", async ({ page }) => {
  await page.route(`${serverOrigin}/warm`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><p>silent</p>" }));
  await page.goto(consumerOrigin);
  const outcome = await page.evaluate(async (origin) => {
    const message = await window.warm(origin, { timeoutMs: 500 }).then(() => "resolved", (e) => e.message);
    return { message, left: document.querySelectorAll("iframe").length };
  }, serverOrigin);
  expect(outcome).toEqual({ message: `capture-frame: warm() had no answer from ${serverOrigin}/warm within 500 ms`, left: 0 });
});
