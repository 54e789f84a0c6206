// Time to ready: how long a parent page waits from inserting the iframe to the frame's `ready`
// message, for the real capture page and for a static form of the same fields (the floor),
// both served by the same capture-server, measured in the same run in headless Chromium:
// on loopback (cold and warm caches), and over a mobile link (bench/shaping-proxy.mjs in front of
// the same server) with cold caches, and after the embed's `warm()`.
//
//   node bench/time-to-ready.mjs            (scripts/bench runs it; needs pkg/ built)
// Env: READY_MOUNTS (default 40 per kind, loopback), MOBILE_MOUNTS (default 12 per kind and
// mode, mobile link), CAPTURE_SERVER_BIN, BENCH_OUT.
import { chromium } from "@playwright/test";
import { createServer } from "node:http";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { API_KEY, SITE_PORT as MERCHANT_PORT, siteOrigin as merchantOrigin, root, SERVER_PORT, serverOrigin, startServer } from "../tests/e2e/stack.mjs";
import { MOBILE, startShapingProxy } from "./shaping-proxy.mjs";

const MOUNTS = Number(process.env.READY_MOUNTS ?? 40);
const MOBILE_MOUNTS = Number(process.env.MOBILE_MOUNTS ?? 12);
const OUT = process.env.BENCH_OUT ?? join(root, "target/bench/ready.md");
const TIMEOUT_MS = 15_000;

/** The real web root plus the floor page in www/assets, so production www/ stays as it is. */
function webRootWithFloor(dir) {
  const web = join(dir, "web");
  mkdirSync(join(web, "www/assets"), { recursive: true });
  for (const name of ["pkg", "locales"]) symlinkSync(join(root, name), join(web, name));
  symlinkSync(join(root, "www/session.html"), join(web, "www/session.html"));
  for (const name of readdirSync(join(root, "www/assets"))) symlinkSync(join(root, "www/assets", name), join(web, "www/assets", name));
  for (const name of ["floor.html", "floor.js"]) copyFileSync(join(root, "bench/floor", name), join(web, "www/assets", name));
  return web;
}

async function createSession() {
  const res = await fetch(`${serverOrigin}/v1/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": API_KEY },
    body: JSON.stringify({
      participant_unique_id1: `bench-${Math.random().toString(36).slice(2)}`,
      host_uri: merchantOrigin,
      recipient: { first_name: "Ada", last_name: "Lovelace", postal_code: "94107" },
      language_locale_code: "en-US",
    }),
  });
  const body = await res.json();
  if (body.status !== 100) throw new Error(`creating a session failed: ${JSON.stringify(body)}`);
  return body.data.authorized_url;
}

/** In the parent page: insert an iframe at `url`, resolve with ms until its `ready` message. */
function timeToReady({ url, origin, timeoutMs }) {
  return new Promise((resolve, reject) => {
    document.querySelectorAll("iframe").forEach((f) => f.remove());
    const frame = document.createElement("iframe");
    const timer = setTimeout(() => reject(new Error(`no ready from ${url} within ${timeoutMs} ms`)), timeoutMs);
    let start;
    addEventListener("message", function onMessage(e) {
      if (e.origin !== origin || e.source !== frame.contentWindow) return;
      const type = e.data?.type;
      if (type === "ready") {
        clearTimeout(timer);
        removeEventListener("message", onMessage);
        resolve(performance.now() - start);
      } else if (type !== "resize") {
        clearTimeout(timer);
        reject(new Error(`the frame said ${type} instead of ready`));
      }
    });
    frame.title = "bench";
    frame.src = url;
    start = performance.now();
    document.body.append(frame);
  });
}

/**
 * Every request of `origin` a page makes, with Playwright's timings; `rows(readyMs)` gives them
 * relative to the first one (the frame's document), as markdown, with the `ready` mark.
 */
function recordRequests(page, origin) {
  const done = [];
  page.on("requestfinished", (request) => {
    if (new URL(request.url()).origin === origin) done.push(request);
  });
  return {
    async rows(readyMs) {
      const all = await Promise.all(done.map(async (r) => ({ r, t: r.timing(), size: (await r.sizes()).responseBodySize })));
      all.sort((a, b) => a.t.startTime - b.t.startTime);
      const zero = all[0]?.t.startTime ?? 0;
      const at = (t, v) => (v < 0 ? "—" : (t.startTime - zero + v).toFixed(0));
      const lines = all.map(({ r, t, size }) => {
        const path = new URL(r.url()).pathname.replace(/^\/static\/[0-9a-f]+/, "/static/…").replace(/[0-9a-f-]{36}/, "{id}");
        return `| ${r.method()} ${path} | ${(t.startTime - zero).toFixed(0)} | ${at(t, t.connectStart)} | ${at(t, t.responseStart)} | ${at(t, t.responseEnd)} | ${size > 0 ? size : "cache"} |`;
      });
      return [
        "| request | start ms | connect ms | first byte ms | end ms | body bytes (encoded) |",
        "|---|---:|---:|---:|---:|---:|",
        ...lines,
        `| **ready** (from inserting the iframe) | | | | ${readyMs.toFixed(0)} | |`,
      ].join("\n");
    },
  };
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { n: sorted.length, median: rank(50), p95: rank(95), min: sorted[0], max: sorted.at(-1) };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "capture-bench-"));
  const server = await startServer({
    dir,
    bin: process.env.CAPTURE_SERVER_BIN ?? join(root, "target/release/capture-server"),
    webRoot: webRootWithFloor(dir),
  });
  // The integrator's page: an empty document on the other site, and the embed's package (for
  // `warm()`), unshaped: the checkout page and its scripts are not what is measured.
  const parent = createServer((req, res) => {
    const file = /^\/pkg\/embed\/capture_frame_embed(_bg\.wasm|\.js)$/.exec(req.url ?? "");
    if (!file) return res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>parent</title><body></body>");
    res.writeHead(200, { "content-type": file[1] === ".js" ? "text/javascript" : "application/wasm" }).end(readFileSync(join(root, req.url)));
  });
  await new Promise((r) => parent.listen(MERCHANT_PORT, "localhost", r));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
  });
  const proxy = await startShapingProxy({ host: "127.0.0.1", port: SERVER_PORT });
  const mobileOrigin = `http://127.0.0.1:${proxy.port}`;
  const floorUrl = `${serverOrigin}/assets/floor.html#parent=${encodeURIComponent(merchantOrigin)}`;
  const kinds = { page: createSession, floor: async () => floorUrl };
  // The same sessions and floor, through the proxy (the page's URLs are relative).
  const overMobile = (url) => url.replace(serverOrigin, mobileOrigin);
  const waterfalls = {};
  const timeouts = [];
  const samples = { cold: { page: [], floor: [] }, warm: { page: [], floor: [] }, mobile: { page: [], floor: [] }, mobileWarmed: { page: [] } };
  try {
    // Warm: one parent page for all mounts, so the browser's HTTP and compiled-wasm caches
    // are what a second capture in the same browser sees.
    const warmContext = await browser.newContext();
    const warmPage = await warmContext.newPage();
    await warmPage.goto(`${merchantOrigin}/`);
    for (const kind of Object.keys(kinds)) await warmPage.evaluate(timeToReady, { url: await kinds[kind](), origin: serverOrigin, timeoutMs: TIMEOUT_MS });
    // Interleaved, so drift on the machine falls on both kinds alike.
    for (let i = 0; i < MOUNTS; i++) {
      for (const [kind, url] of Object.entries(kinds)) {
        // Cold: a fresh context has empty caches, as for a recipient's first capture.
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${merchantOrigin}/`);
        samples.cold[kind].push(await page.evaluate(timeToReady, { url: await url(), origin: serverOrigin, timeoutMs: TIMEOUT_MS }));
        await context.close();
        samples.warm[kind].push(await warmPage.evaluate(timeToReady, { url: await url(), origin: serverOrigin, timeoutMs: TIMEOUT_MS }));
      }
      process.stderr.write(`\rtime to ready: ${i + 1}/${MOUNTS} mounts of each kind`);
    }
    process.stderr.write("\n");
    await warmContext.close();
    // Over the mobile link, a fresh context each time: cold caches, and for the warmed kind
    // the embed's `warm()` on the checkout page first (before any session exists).
    // A mount that never says ready (seen once in a long run, for the floor) is counted in the
    // report and measured again in a new context, at most twice.
    const fresh = async (run, kind) => {
      for (let attempt = 0; ; attempt++) {
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          await page.goto(`${merchantOrigin}/`);
          return await run(page);
        } catch (e) {
          timeouts.push(`${kind}: ${e.message.split("\n")[0]}`);
          if (attempt === 2) throw e;
        } finally {
          await context.close();
        }
      }
    };
    // One mount over the link; the last of each kind is recorded request by request (the waterfall).
    const overLink = async (page, url, i, waterfall) => {
      const recorder = i === MOBILE_MOUNTS - 1 ? recordRequests(page, mobileOrigin) : null;
      const ms = await page.evaluate(timeToReady, { url, origin: mobileOrigin, timeoutMs: TIMEOUT_MS });
      if (recorder) waterfalls[waterfall] = await recorder.rows(ms);
      return ms;
    };
    for (let i = 0; i < MOBILE_MOUNTS; i++) {
      for (const [kind, url] of Object.entries(kinds)) {
        const target = overMobile(await url());
        samples.mobile[kind].push(await fresh((page) => overLink(page, target, i, kind), kind));
      }
      const target = overMobile(await createSession());
      samples.mobileWarmed.page.push(await fresh(async (page) => {
        await page.evaluate(async (origin) => {
          const embed = await import("/pkg/embed/capture_frame_embed.js");
          await embed.default();
          await embed.warm(origin, 30000);
        }, mobileOrigin);
        return overLink(page, target, i, "warmed");
      }, "page after warm()"));
      process.stderr.write(`\rtime to ready over a mobile link: ${i + 1}/${MOBILE_MOUNTS} mounts of each kind`);
    }
    process.stderr.write("\n");
  } finally {
    await browser.close();
    proxy.close();
    parent.close();
    server.kill("SIGTERM");
  }
  const fmt = (v) => v.toFixed(1);
  const json = { mobileLink: MOBILE };
  // [row label, mode, the floor's mode, target ratio]: after warm() is held to the cold floor.
  const table = [
    ["loopback, cold", "cold", "cold", 1.25],
    ["loopback, warm", "warm", "warm", 2],
    ["mobile link, cold", "mobile", "mobile", 1.5],
    ["mobile link, after warm()", "mobileWarmed", "mobile", 1.1],
  ];
  const rows = table.map(([label, mode, floorMode, target]) => {
    const page = stats(samples[mode].page);
    const floor = stats(samples[floorMode].floor);
    const ratio = page.median / floor.median;
    json[mode] = { page, floor, ratio, target };
    return `| ${label} | ${page.n} | ${fmt(page.median)} | ${fmt(page.p95)} | ${fmt(floor.median)} | ${fmt(floor.p95)} | ${ratio.toFixed(2)} | ≤ ${target} | ${ratio <= target ? "met" : "**missed**"} |`;
  });
  const md = [
    `Mobile link: ${MOBILE.rttMs} ms round trip, ${MOBILE.downKbps / 1000} Mbit/s down, ${MOBILE.upKbps} kbit/s up (bench/shaping-proxy.mjs). The floor of "after warm()" is the cold static form.`,
    "",
    "| link, caches | mounts each | capture page median ms | p95 ms | static form median ms | p95 ms | ratio (medians) | target | |",
    "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ...rows,
    "",
    `Mobile-link mounts that did not say ready within ${TIMEOUT_MS / 1000} s and were measured again: ${timeouts.length ? timeouts.join("; ") : "none"}.`,
    "",
    "Waterfall of the last mount of each kind over the mobile link (times from the frame document's request; connect is where a new connection started, — when one was reused; cache: the body came from the HTTP cache):",
    "",
    "**Capture page**",
    "",
    waterfalls.page ?? "(not recorded)",
    "",
    "**Static form**",
    "",
    waterfalls.floor ?? "(not recorded)",
    "",
    "**Capture page after warm()** (the warm-up's own requests came before and are not shown)",
    "",
    waterfalls.warmed ?? "(not recorded)",
  ].join("\n");
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, md + "\n");
  writeFileSync(OUT.replace(/\.md$/, ".json"), JSON.stringify({ mounts: MOUNTS, ...json, samples }, null, 2));
  console.log(md);
}

await main();
