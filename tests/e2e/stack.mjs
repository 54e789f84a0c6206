// The real stack for end-to-end tests: capture-server on a fresh SQLite file at
// http://127.0.0.1:<port> and an integrator site at http://localhost:<port> (the demo's, a command's
// or one already running): two sites, so storage partitioning and cross-origin rules are the
// browser's real ones. Everything a QA engineer may change comes from the environment (README,
// "Testing your integration"); the defaults are the demo's.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "../..");
const env = process.env;
export const SERVER_PORT = Number(env.E2E_SERVER_PORT ?? 18080);
/** The port of the site the stack starts (the demo's or `E2E_SITE_COMMAND`'s). */
export const SITE_PORT = Number(env.E2E_MERCHANT_PORT ?? 18081);
/** The consumer project's own origin (the npm package test). */
export const CONSUMER_PORT = Number(env.E2E_CONSUMER_PORT ?? 18083);
export const serverOrigin = `http://127.0.0.1:${SERVER_PORT}`;
/** The integrator's page the kit opens: `E2E_SITE_URL`, or the started site's root. */
export const siteUrl = env.E2E_SITE_URL ?? `http://localhost:${SITE_PORT}/`;
export const siteOrigin = new URL(siteUrl).origin;
export const consumerOrigin = `http://localhost:${CONSUMER_PORT}`;
/** The test program's credentials: the integrator's backend must use these. */
export const API_KEY = env.E2E_API_KEY ?? "e2e-api-key";
export const WEBHOOK_SECRET = env.E2E_WEBHOOK_SECRET ?? "whsec_e2e";
export const ALLOWED_ORIGINS = env.E2E_ALLOWED_ORIGINS ? env.E2E_ALLOWED_ORIGINS.split(",").map((o) => o.trim()).filter(Boolean) : [siteOrigin, consumerOrigin];
/** Where the program sends webhooks: `E2E_WEBHOOK_URL`, or the adapter's path on the site. */
export const webhookUrl = (integrator) => env.E2E_WEBHOOK_URL ?? new URL(integrator?.site?.webhookPath ?? "/webhooks", siteOrigin).href;
/** Short enough that the expiry scenario waits a few seconds, long enough for a slow mount. */
export const MOUNT_WINDOW_SECS = 6;
/** This run's folder (logs, report, results): tests/e2e/runs/<time>, or a temporary one outside a Playwright run. */
export const runDir = () => env.E2E_RUN_DIR ?? mkdtempSync(join(tmpdir(), "capture-e2e-run-"));

const sha256 = (s) => createHash("sha256").update(s).digest("hex");

export function writeConfig(dir, { webhook = `${siteOrigin}/webhooks` } = {}) {
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
allowed_origins = ${JSON.stringify(ALLOWED_ORIGINS)}
languages = ${JSON.stringify(locales)}
max_attempts = 3
funding_destinations = ["DEBIT", "ACH"]
webhook_url = ${JSON.stringify(webhook)}
webhook_secret = ${JSON.stringify(WEBHOOK_SECRET)}
mount_window_secs = ${MOUNT_WINDOW_SECS}
session_ttl_secs = 3600
`);
  return path;
}

async function waitFor(url, child, name, logPath) {
  const seen = logPath ? ` (its output: ${logPath})` : "";
  for (let i = 0; i < 300; i++) {
    if (child && child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before it served ${url}${seen}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not answer ${url} within 30 s${seen}`);
}

/** Where a child's output goes: a file in the run folder, or the terminal. */
function output(logPath) {
  if (!logPath) return { stdio: ["ignore", "inherit", "inherit"], attach() {} };
  const file = createWriteStream(logPath, { flags: "a" });
  return { stdio: ["ignore", "pipe", "pipe"], attach: (child) => { child.stdout.pipe(file); child.stderr.pipe(file); } };
}

/**
 * capture-server on a fresh SQLite file in `dir`, answering at `serverOrigin`. `bin` and
 * `webRoot` let the benchmark run its optimized build with an extra page beside the real ones;
 * `logPath` sends its output to a file.
 */
export async function startServer({ dir = mkdtempSync(join(tmpdir(), "capture-e2e-")), bin = join(root, "target/debug/capture-server"), webRoot = root, webhook, logPath } = {}) {
  const out = output(logPath);
  const server = spawn(bin, [], {
    cwd: root,
    stdio: out.stdio,
    env: {
      ...env,
      CAPTURE_CONFIG: writeConfig(dir, { webhook }),
      CAPTURE_LISTEN: `127.0.0.1:${SERVER_PORT}`,
      CAPTURE_DATABASE_URL: `sqlite://${join(dir, "capture.db")}`,
      CAPTURE_PUBLIC_BASE_URL: serverOrigin,
      CAPTURE_WEB_ROOT: webRoot,
      RUST_LOG: env.RUST_LOG ?? "warn",
    },
  });
  out.attach(server);
  await waitFor(`${serverOrigin}/openapi.json`, server, "capture-server", logPath);
  return server;
}

/**
 * The integrator's site: `E2E_SITE_COMMAND` (a shell command), else the adapter's own `site`,
 * given the test program's settings in its environment; none when `E2E_SITE_URL` alone names a
 * site already running.
 */
function startSite(integrator, logPath) {
  const given = { E2E_SITE_PORT: String(SITE_PORT), PORT: String(SITE_PORT), SITE_ORIGIN: siteOrigin, CAPTURE_API: serverOrigin, CAPTURE_API_KEY: API_KEY, CAPTURE_WEBHOOK_SECRET: WEBHOOK_SECRET };
  let argv;
  let extra = {};
  if (env.E2E_SITE_COMMAND) argv = ["sh", "-c", env.E2E_SITE_COMMAND];
  else if (env.E2E_SITE_URL) return null;
  else if (integrator.site?.command) {
    argv = integrator.site.command;
    extra = integrator.site.env?.({ port: SITE_PORT, origin: siteOrigin, root }) ?? {};
  } else throw new Error(`The adapter "${integrator.name}" starts no site: set E2E_SITE_URL (a site already running) or E2E_SITE_COMMAND.`);
  const out = output(logPath);
  // Its own process group: a shell command's children stop with it.
  const child = spawn(argv[0], argv.slice(1), { cwd: root, stdio: out.stdio, detached: true, env: { ...env, ...given, ...extra } });
  out.attach(child);
  return child;
}

/** The capture server and the integrator's site, their output in `dir`'s server.log and site.log. */
export async function startStack(integrator, dir = runDir()) {
  mkdirSync(dir, { recursive: true });
  const logs = { server: join(dir, "server.log"), site: join(dir, "site.log") };
  const server = await startServer({ webhook: webhookUrl(integrator), logPath: logs.server });
  let site;
  try {
    site = startSite(integrator, logs.site);
    await waitFor(siteUrl, site, site ? "the integrator's site" : `the integrator's site (E2E_SITE_URL)`, site && logs.site);
  } catch (error) {
    server.kill("SIGTERM");
    if (site?.exitCode === null) process.kill(-site.pid, "SIGTERM");
    throw error;
  }
  return {
    logs,
    async stop() {
      server.kill("SIGTERM");
      if (site?.exitCode === null) process.kill(-site.pid, "SIGTERM");
    },
  };
}
