// A front-end developer's project: installs the packed npm tarball, bundles with Vite, serves
// the page from its own origin, and mounts a real session's frame.
import { test, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { createSession } from "./support.mjs";
import { CONSUMER_PORT, root } from "./stack.mjs";

const consumerOrigin = `http://localhost:${CONSUMER_PORT}`;
let server;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const tarball = readdirSync(join(root, "pkg")).find((f) => /^capture-frame-.*\.tgz$/.test(f));
  expect(tarball, "scripts/build-npm should have packed pkg/capture-frame-<version>.tgz").toBeTruthy();
  const app = mkdtempSync(join(tmpdir(), "capture-consumer-"));
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  const npm = (...args) => execFileSync("npm", args, { cwd: app, stdio: "pipe", encoding: "utf8" });
  npm("install", "--no-audit", "--no-fund", join(root, "pkg", tarball), "vite@7", "typescript@5");
  writeFileSync(join(app, "index.html"), `<!doctype html><html lang="en"><title>consumer</title>
<div id="payout"></div><script type="module" src="/main.ts"></script></html>`);
  writeFileSync(join(app, "main.ts"), `
import { mount, type CaptureEvent, type MountOptions } from "capture-frame/embed";
const events: CaptureEvent[] = [];
(window as any).events = events;
const options: MountOptions = {
  authorizedUrl: new URLSearchParams(location.search).get("url")!,
  onEvent: (event) => { events.push(event); },
};
(window as any).handle = mount("#payout", options);
`);
  // The package's declarations must type-check a strict consumer.
  npm("exec", "--", "tsc", "--noEmit", "--strict", "--target", "es2022", "--module", "esnext",
    "--moduleResolution", "bundler", "--lib", "dom,es2022,esnext.disposable", "main.ts");
  npm("exec", "--", "vite", "build");
  const dist = join(app, "dist");
  const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };
  server = createServer((req, res) => {
    const path = new URL(req.url, consumerOrigin).pathname;
    const file = normalize(join(dist, path === "/" ? "index.html" : path));
    try {
      const body = readFileSync(file.startsWith(dist) ? file : join(dist, "index.html"));
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(CONSUMER_PORT, "localhost", resolve));
});

test.afterAll(() => server?.close());

test("a Vite app using the npm package mounts a real session's frame and receives ready", async ({ page }) => {
  const session = await createSession({ host_uri: consumerOrigin });
  await page.goto(`${consumerOrigin}/?url=${encodeURIComponent(session.authorized_url)}`);
  await expect
    .poll(() => page.evaluate(() => window.events.map((e) => e.type)), { message: "the consumer's onEvent should receive ready" })
    .toContain("ready");
  const ready = await page.evaluate(() => window.events.find((e) => e.type === "ready"));
  expect(ready).toMatchObject({ protocol: "capture-frame", v: 1, session_identifier: session.session_identifier, data: { locale: "en-US", dir: "ltr" } });
  // destroy() removes the iframe.
  await page.evaluate(() => window.handle.destroy());
  await expect(page.locator("#payout iframe")).toHaveCount(0);
});
