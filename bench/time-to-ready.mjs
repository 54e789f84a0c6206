// Time to ready: how long a parent page waits from inserting the iframe to the frame's `ready`
// message, for the real capture page and for a static form of the same fields (the floor),
// both served by the same capture-server, measured in the same run in headless Chromium.
//
//   node bench/time-to-ready.mjs            (scripts/bench runs it; needs pkg/ built)
// Env: READY_MOUNTS (default 40 per kind and mode), CAPTURE_SERVER_BIN, BENCH_OUT.
import { chromium } from "@playwright/test";
import { createServer } from "node:http";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { API_KEY, MERCHANT_PORT, merchantOrigin, root, serverOrigin, startServer } from "../tests/e2e/stack.mjs";

const MOUNTS = Number(process.env.READY_MOUNTS ?? 40);
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
  // The integrator's page: an empty document on the other site.
  const parent = createServer((_, res) => res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>parent</title><body></body>"));
  await new Promise((r) => parent.listen(MERCHANT_PORT, "localhost", r));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
  });
  const floorUrl = `${serverOrigin}/assets/floor.html#parent=${encodeURIComponent(merchantOrigin)}`;
  const kinds = { page: createSession, floor: async () => floorUrl };
  const samples = { cold: { page: [], floor: [] }, warm: { page: [], floor: [] } };
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
  } finally {
    await browser.close();
    parent.close();
    server.kill("SIGTERM");
  }
  const rows = [];
  const json = {};
  for (const mode of ["cold", "warm"]) {
    const page = stats(samples[mode].page);
    const floor = stats(samples[mode].floor);
    const ratio = page.median / floor.median;
    json[mode] = { page, floor, ratio };
    const fmt = (v) => v.toFixed(1);
    rows.push(`| ${mode} | ${page.n} | ${fmt(page.median)} | ${fmt(page.p95)} | ${fmt(floor.median)} | ${fmt(floor.p95)} | ${ratio.toFixed(2)} | ${ratio <= 2 ? "met" : "**missed**"} |`);
  }
  const md = [
    "| caches | mounts each | capture page median ms | p95 ms | static form median ms | p95 ms | ratio (medians) | target ≤ 2 |",
    "|---|---:|---:|---:|---:|---:|---:|---|",
    ...rows,
  ].join("\n");
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, md + "\n");
  writeFileSync(OUT.replace(/\.md$/, ".json"), JSON.stringify({ mounts: MOUNTS, ...json, samples }, null, 2));
  console.log(md);
}

await main();
