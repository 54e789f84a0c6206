// What every consumer test does as a front-end developer would: a fresh project that installs
// the packed tarball (pkg/capture-frame-<version>.tgz from scripts/build-npm), a page served from
// its own origin (another site than the frame's), and a tiny backend that creates and re-issues
// sessions. Only `root`, the ports and `createSession` come from the stack.
import { expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { createSession, fillCard, submit } from "./support.mjs";
import { CONSUMER_PORT, consumerOrigin, root } from "./stack.mjs";

export { consumerOrigin };

export function tarball() {
  const name = readdirSync(join(root, "pkg")).find((f) => /^capture-frame-.*\.tgz$/.test(f));
  expect(name, "scripts/build-npm should have packed pkg/capture-frame-<version>.tgz").toBeTruthy();
  return join(root, "pkg", name);
}

/** A new project with the tarball and `deps` installed and `files` written; returns its folder, npm, tsc and a Vite build. */
export function makeApp(deps, files) {
  const dir = mkdtempSync(join(tmpdir(), "capture-consumer-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  const npm = (...args) => execFileSync("npm", args, { cwd: dir, stdio: "pipe", encoding: "utf8" });
  npm("install", "--no-audit", "--no-fund", "--prefer-offline", tarball(), ...deps);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  // The package's declarations must type-check a strict consumer (and its expect-errors be errors).
  const tsc = (file, ...flags) => npm("exec", "--", "tsc", "--noEmit", "--strict", "--target", "es2022", "--module", "esnext",
    "--moduleResolution", "bundler", "--lib", "dom,es2022,esnext.disposable", ...flags, file);
  const build = () => npm("exec", "--", "vite", "build");
  return { dir, npm, tsc, build };
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json" };

/** Serves the files under `dir` (index.html for `/`). */
export function staticFiles(dir) {
  return (req, res) => {
    const path = new URL(req.url, consumerOrigin).pathname;
    const file = normalize(join(dir, path === "/" ? "index.html" : path));
    let body;
    try {
      if (!file.startsWith(dir)) throw new Error("outside");
      body = readFileSync(file);
    } catch {
      return res.writeHead(404).end();
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
  };
}

/**
 * The integrator's backend, as small as it gets: `POST /reissue?key=…` repeats the create with
 * the same Idempotency-Key and answers the new authorized_url. Everything else goes to `next`.
 */
export function withBackend(next) {
  return async (req, res) => {
    const url = new URL(req.url, consumerOrigin);
    if (req.method === "POST" && url.pathname === "/reissue") {
      const session = await createSession({ host_uri: consumerOrigin }, url.searchParams.get("key"));
      return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ authorized_url: session.authorized_url }));
    }
    return next(req, res);
  };
}

/** A session for the consumer's origin, re-issuable with its key. */
export async function consumerSession(body = {}) {
  const key = `consumer-${Math.random().toString(36).slice(2)}`;
  return { key, ...(await createSession({ host_uri: consumerOrigin, ...body }, key)) };
}

/**
 * Listens on the consumer origin's port. Only that origin is on the program's allowlist, so the
 * consumer specs take turns: a spec whose port is still held by another waits for it.
 */
export async function serve(handler) {
  const server = createServer(handler);
  for (let waited = 0; ; waited += 250) {
    try {
      await new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(CONSUMER_PORT, "localhost", () => {
          server.off("error", reject);
          resolve();
        });
      });
      return server;
    } catch (error) {
      if (error.code !== "EADDRINUSE" || waited > 280_000) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** The recipient enters a sandbox card that verifies and submits it. */
export async function completeCapture(frame) {
  await fillCard(frame);
  await submit(frame);
}
