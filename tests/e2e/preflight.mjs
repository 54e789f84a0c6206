// Before any scenario: does the integrator's page load, does its backend create a session with
// the test program's key, does the frame's word reach the page, does its webhook path answer?
// Each failure says what is wrong and how to fix it, in the terms of the person running the kit.
import { chromium } from "@playwright/test";
import { createHmac } from "node:crypto";
import { AdapterError } from "./adapter-http.mjs";
import { ALLOWED_ORIGINS, API_KEY, WEBHOOK_SECRET, serverOrigin, siteOrigin, siteUrl, webhookUrl } from "./stack.mjs";

export class PreflightError extends Error {}

const within = (ms, promise, late) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new PreflightError(late)), ms))]);

/** What an HTTP failure of the page's backend means for the person running the kit. */
function explain(error) {
  const { status, body } = error;
  if (status === 401 || /\bunauthorized\b|13701/.test(body)) {
    return `your backend's API key is not the test program's. Start your backend with the key ${JSON.stringify(API_KEY)} (CAPTURE_API_KEY), or set E2E_API_KEY to the key it uses.`;
  }
  if (/host_uri_not_allowed|13712/.test(body)) {
    return `your page's origin ${siteOrigin} (the session's host_uri) is not on the test program's allowed origins ${JSON.stringify(ALLOWED_ORIGINS)}: add it to E2E_ALLOWED_ORIGINS, or have your backend send host_uri ${siteOrigin}.`;
  }
  if (status === 404) return `your backend has no such route: make the adapter call the route your page really uses.`;
  if (status === 422 || status === 400) return `the capture server refused your backend's create request (its data.param names the field): compare it with the README's "Session Management API".`;
  if (status >= 500) return `your backend failed or could not reach the capture server: its CAPTURE_API must be ${serverOrigin} (see site.log).`;
  return `your backend did not create a session.`;
}

/** A signed webhook request like the capture server's, for asking the webhook path directly. */
async function probeWebhook(url) {
  const body = JSON.stringify({ id: "evt_preflight", type: "session.terminated", created: Math.floor(Date.now() / 1000), data: { session_identifier: "preflight" } });
  const t = Math.floor(Date.now() / 1000);
  const signature = `t=${t},v1=${createHmac("sha256", WEBHOOK_SECRET).update(`${t}.${body}`).digest("hex")}`;
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "capture-signature": signature }, body });
    return { status: res.status, body: (await res.text()).slice(0, 300) };
  } catch (error) {
    return { status: 0, body: error.cause?.code ?? error.message };
  }
}

async function checkWebhooks(integrator, sessionId) {
  const url = webhookUrl(integrator);
  // Terminating the preflight's session makes the server send session.terminated to the program's webhook URL.
  const res = await fetch(`${serverOrigin}/v1/sessions/${sessionId}/terminate`, { method: "POST", headers: { "x-api-key": API_KEY } });
  if (!res.ok) throw new PreflightError(`the capture server did not terminate the preflight's session (HTTP ${res.status}: ${await res.text()}).`);
  for (let waited = 0; waited < 10_000; waited += 250) {
    let all;
    try {
      all = await integrator.webhooks();
    } catch (error) {
      throw new PreflightError(`the adapter's webhooks() failed: ${error.message}`);
    }
    if (all.some((w) => typeof w?.body === "string" && w.body.includes(sessionId))) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  const probe = await probeWebhook(url);
  if (probe.status === 0) throw new PreflightError(`nothing answers at the webhook URL ${url} (${probe.body}): set E2E_WEBHOOK_URL to your backend's webhook route.`);
  if (probe.status === 404 || probe.status === 405) throw new PreflightError(`your webhook path ${url} answers HTTP ${probe.status}: set E2E_WEBHOOK_URL (or the adapter's site.webhookPath) to your backend's webhook route.`);
  if (probe.status >= 400) throw new PreflightError(`your backend refused a correctly signed webhook at ${url} (HTTP ${probe.status}: ${probe.body}): its webhook secret is not the test program's. Start it with CAPTURE_WEBHOOK_SECRET=${WEBHOOK_SECRET}, or set E2E_WEBHOOK_SECRET to the one it uses.`);
  throw new PreflightError(`your backend accepts webhooks at ${url} (HTTP ${probe.status}) but the adapter's webhooks() never listed the session.terminated webhook for ${sessionId}: return every webhook your backend received as { body, signature }.`);
}

async function checkPage(integrator, page) {
  let checkout;
  try {
    checkout = await within(30_000, integrator.startCheckout(page, { language: "en-US", destinations: ["DEBIT", "ACH"], decisionGate: false }),
      `the adapter's startCheckout() did not finish within 30 s: your page never created a session, or the adapter's iframe() finds no iframe (page: ${page.url()}).`);
  } catch (error) {
    if (error instanceof AdapterError) throw new PreflightError(`${error.message}\n  → ${explain(error)}`);
    if (error instanceof PreflightError) throw error;
    throw new PreflightError(`the adapter's startCheckout() failed: ${error.message}`);
  }
  if (!checkout?.sessionId) throw new PreflightError(`the adapter's startCheckout() returned no sessionId (got ${JSON.stringify(checkout)}).`);
  const src = await integrator.iframe(page).getAttribute("src");
  if (!src?.startsWith(`${serverOrigin}/session/`)) {
    throw new PreflightError(`the iframe the adapter found loads ${src}, not the capture server's ${serverOrigin}/session/…: your backend's CAPTURE_API must be ${serverOrigin}.`);
  }
  let items = [];
  for (let waited = 0; waited < 20_000 && !items.some((i) => i.source === "frame" && i.type === "ready"); waited += 250) {
    await new Promise((r) => setTimeout(r, 250));
    try {
      items = await integrator.received(page);
    } catch (error) {
      throw new PreflightError(`the adapter's received() failed: ${error.message}`);
    }
  }
  if (!items.some((i) => i.source === "frame" && i.type === "ready")) {
    throw new PreflightError(`the frame mounted but your page never showed the frame's "ready" (received(): ${JSON.stringify(items).slice(0, 300)}): have your onEvent log every message and the adapter's received() read that log as { source: "frame", type, detail }.`);
  }
  return checkout;
}

/** Runs every check; throws a {@link PreflightError} naming the first that fails. */
export async function preflight(integrator, { logs }) {
  const where = `\n  (capture server log: ${logs.server}; site log: ${logs.site})`;
  try {
    let res;
    try {
      res = await fetch(siteUrl);
    } catch (error) {
      throw new PreflightError(`your page ${siteUrl} does not load (${error.cause?.code ?? error.message}): start your site, or set E2E_SITE_URL / E2E_SITE_COMMAND.`);
    }
    if (!res.ok) throw new PreflightError(`your page ${siteUrl} answers HTTP ${res.status}: set E2E_SITE_URL to the page that starts a checkout.`);
    if (!ALLOWED_ORIGINS.includes(siteOrigin)) {
      throw new PreflightError(`your page's origin ${siteOrigin} is not on the test program's allowed origins ${JSON.stringify(ALLOWED_ORIGINS)}: add it to E2E_ALLOWED_ORIGINS.`);
    }
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
    try {
      const page = await browser.newPage();
      const checkout = await checkPage(integrator, page);
      await checkWebhooks(integrator, checkout.sessionId);
    } finally {
      await browser.close();
    }
  } catch (error) {
    if (error instanceof PreflightError) {
      error.message = `Preflight against the ${integrator.name} adapter's page failed: ${error.message}${where}`;
    }
    throw error;
  }
}
