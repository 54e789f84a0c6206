// The real stack for end-to-end tests: capture-server on a fresh SQLite file at
// http://127.0.0.1:<port> and the demo integrator site at http://localhost:<port>: two sites,
// so storage partitioning and cross-origin rules are the browser's real ones.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "../..");
export const SERVER_PORT = Number(process.env.E2E_SERVER_PORT ?? 18080);
export const MERCHANT_PORT = Number(process.env.E2E_MERCHANT_PORT ?? 18081);
/** The consumer project's own origin (the npm package test). */
export const CONSUMER_PORT = Number(process.env.E2E_CONSUMER_PORT ?? 18083);
export const serverOrigin = `http://127.0.0.1:${SERVER_PORT}`;
export const merchantOrigin = `http://localhost:${MERCHANT_PORT}`;
export const API_KEY = "e2e-api-key";
export const WEBHOOK_SECRET = "whsec_e2e";
/** Short enough that the expiry scenario waits a few seconds, long enough for a slow mount. */
export const MOUNT_WINDOW_SECS = 6;

const sha256 = (s) => createHash("sha256").update(s).digest("hex");

export function writeConfig(dir) {
  const locales = ["en-US", "ar-SA", "cs-CZ", "da-DK", "de-DE", "en-GB", "es-ES", "es-US", "fa-IR", "fi-FI",
    "fr-FR", "hmn-Latn", "it-IT", "ja-JP", "km-KH", "ko-KR", "nb-NO", "nl-NL", "pl-PL", "pt-BR",
    "ru-RU", "sv-SE", "tl-PH", "tr-TR", "vi-VN", "zh-CN", "zh-Hans", "zh-TW"];
  const path = join(dir, "capture.toml");
  writeFileSync(path, `
vault_key = "${"ab".repeat(32)}"
receipt_keys = "e2e:${"cd".repeat(32)}"
webhook_backoff_base_ms = 200
webhook_backoff_cap_ms = 2000
webhook_poll_ms = 200

[[program]]
id = "e2e"
api_key_sha256 = "${sha256(API_KEY)}"
allowed_origins = ["${merchantOrigin}", "http://localhost:${CONSUMER_PORT}"]
languages = ${JSON.stringify(locales)}
max_attempts = 3
funding_destinations = ["DEBIT", "ACH"]
webhook_url = "${merchantOrigin}/webhooks"
webhook_secret = "${WEBHOOK_SECRET}"
mount_window_secs = ${MOUNT_WINDOW_SECS}
session_ttl_secs = 3600
`);
  return path;
}

async function waitFor(url, child, name) {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before it served ${url}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not answer ${url} within 15 s`);
}

/**
 * capture-server on a fresh SQLite file in `dir`, answering at `serverOrigin`. `bin` and
 * `webRoot` let the benchmark run its optimized build with an extra page beside the real ones.
 */
export async function startServer({ dir = mkdtempSync(join(tmpdir(), "capture-e2e-")), bin = join(root, "target/debug/capture-server"), webRoot = root } = {}) {
  const server = spawn(bin, [], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      CAPTURE_CONFIG: writeConfig(dir),
      CAPTURE_LISTEN: `127.0.0.1:${SERVER_PORT}`,
      CAPTURE_DATABASE_URL: `sqlite://${join(dir, "capture.db")}`,
      CAPTURE_PUBLIC_BASE_URL: serverOrigin,
      CAPTURE_WEB_ROOT: webRoot,
      RUST_LOG: process.env.RUST_LOG ?? "warn",
    },
  });
  await waitFor(`${serverOrigin}/openapi.json`, server, "capture-server");
  return server;
}

export async function startStack() {
  const dir = mkdtempSync(join(tmpdir(), "capture-e2e-"));
  const server = await startServer({ dir });
  const merchant = spawn(process.execPath, [join(root, "www/demo/merchant.mjs")], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      MERCHANT_LISTEN: `localhost:${MERCHANT_PORT}`,
      CAPTURE_API: serverOrigin,
      CAPTURE_API_KEY: API_KEY,
      CAPTURE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      EMBED_DIR: join(root, "pkg/embed"),
    },
  });
  await waitFor(`${merchantOrigin}/`, merchant, "demo merchant");
  return {
    dir,
    async stop() {
      for (const child of [server, merchant]) child.kill("SIGTERM");
    },
  };
}
