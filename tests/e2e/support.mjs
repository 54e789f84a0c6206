// Helpers that speak in the terms of the people involved: the recipient fills the form in the
// frame, the integrator's page receives events, the integrator's backend receives webhooks.
// The page is reached only through the adapter (integrator.mjs), the frame only through its
// page contract: roles, `name` and `autocomplete` attributes, headings by their Fluent id, so
// every helper works in any of the 28 languages.
import { test as base, expect } from "@playwright/test";
import { createHmac } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { integrator } from "./integrator.mjs";
import { API_KEY, WEBHOOK_SECRET, root, serverOrigin, siteOrigin } from "./stack.mjs";

export { expect, integrator };
export const RECIPIENT = { name: "Ada Lovelace", postal: "94107" };
export const CARDS = { success: "4242424242424242", mismatch: "4000000000000127", declined: "4000000000000002" };
export const BANK = { routing: "110000000", success: "000123456789", mismatch: "000222222227", closed: "000111111113" };

const logSize = (path) => (existsSync(path) ? statSync(path).size : 0);
function logSince(path, from) {
  const size = logSize(path);
  if (size <= from) return "";
  const fd = openSync(path, "r");
  const bytes = Buffer.alloc(size - from);
  readSync(fd, bytes, 0, bytes.length, from);
  closeSync(fd);
  return bytes.toString("utf8");
}

/**
 * Playwright's `test`, plus: a failing test gets what the capture server and the integrator's
 * site wrote meanwhile attached (server.log, site.log of this run's folder), so their output
 * stays out of the test output.
 */
export const test = base.extend({
  stackLogs: [async ({}, use, testInfo) => {
    const dir = process.env.E2E_RUN_DIR;
    const logs = dir ? ["server", "site"].map((name) => ({ name, path: join(dir, `${name}.log`) })) : [];
    const from = logs.map((l) => logSize(l.path));
    await use(undefined);
    if (testInfo.status === testInfo.expectedStatus) return;
    for (const [i, { name, path }] of logs.entries()) {
      const text = logSince(path, from[i]);
      if (text) await testInfo.attach(`${name}.log (during this test; whole file: ${path})`, { body: text, contentType: "text/plain" });
    }
  }, { auto: true }],
});

/** The integrator's backend creates a session directly (for tests that open the page top-level). */
export async function createSession(overrides = {}, idempotencyKey = undefined) {
  const res = await fetch(`${serverOrigin}/v1/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": API_KEY, ...(idempotencyKey && { "idempotency-key": idempotencyKey }) },
    body: JSON.stringify({
      participant_unique_id1: idempotencyKey ? `e2e-${idempotencyKey}` : `e2e-${Math.random().toString(36).slice(2)}`,
      host_uri: siteOrigin,
      recipient: { first_name: "Ada", last_name: "Lovelace", postal_code: RECIPIENT.postal },
      ...overrides,
    }),
  });
  const body = await res.json();
  expect([200, 201], `creating a session should succeed: ${JSON.stringify(body)}`).toContain(res.status);
  return body.data;
}

/**
 * The integrator's page starts a checkout (through the adapter); returns the session id, the
 * adapter's checkout (for reissue and decide), the iframe element and its frame.
 */
export async function startCheckout(page, { language = "en-US", destinations = ["DEBIT", "ACH"], decisionGate = false } = {}) {
  const checkout = await integrator.startCheckout(page, { language, destinations, decisionGate });
  expect(checkout?.sessionId, `the ${integrator.name} adapter's startCheckout should return the session_identifier its backend got`).toMatch(/\S/);
  return { sessionId: checkout.sessionId, checkout, iframe: integrator.iframe(page), frame: integrator.iframe(page).contentFrame() };
}

/** What the integrator's page received so far (the adapter's `received`), checked for shape. */
export async function received(page) {
  const items = await integrator.received(page);
  if (!Array.isArray(items) || items.some((i) => typeof i?.source !== "string" || typeof i?.type !== "string")) {
    throw new Error(`the ${integrator.name} adapter's received() should return [{ source, type, detail }], got ${JSON.stringify(items)?.slice(0, 300)}`);
  }
  return items;
}

const summary = (items) => items.map((i) => `${i.source} ${i.type}`).join(", ") || "nothing";

/** Waits until the integrator's page has received `count` events of this type; returns the last one's detail. */
export async function logged(page, source, type, { count = 1 } = {}) {
  let items = [];
  try {
    await expect
      .poll(async () => {
        items = await received(page);
        return items.filter((i) => i.source === source && i.type === type).length;
      }, { message: `the integrator's page should have received ${count}× ${source} "${type}"` })
      .toBe(count);
  } catch (error) {
    error.message += `\n\nWhat the page received (the ${integrator.name} adapter's received()): ${summary(items)}`;
    throw error;
  }
  return items.filter((i) => i.source === source && i.type === type).at(-1).detail;
}

/** Every event of one source the integrator's page received, oldest first. */
export async function loggedTypes(page, source) {
  return (await received(page)).filter((i) => i.source === source).map((i) => i.type);
}

/** The integrator's backend re-issues the checkout's URL (same Idempotency-Key). */
export async function reissueUrl(page, checkout) {
  const url = await integrator.reissue(page, checkout);
  expect(url, `the ${integrator.name} adapter's reissue should return the fresh authorized_url`).toMatch(new RegExp(`^${serverOrigin}/session/.+#t=`));
  return url;
}

/** What the integrator's backend reads from `GET /v1/sessions/{id}`. */
export async function sessionStatus(sessionId) {
  const res = await fetch(`${serverOrigin}/v1/sessions/${sessionId}`, { headers: { "x-api-key": API_KEY } });
  expect(res.status, "the session API should answer the integrator's GET").toBe(200);
  return (await res.json()).data;
}

/** Webhooks the integrator's backend received for a session, each signature checked here again. */
export async function webhooksFor(sessionId) {
  const all = await integrator.webhooks();
  expect(Array.isArray(all), `the ${integrator.name} adapter's webhooks() should return [{ body, signature }]`).toBe(true);
  const mine = all.map((w) => ({ ...w, event: JSON.parse(w.body) })).filter((w) => w.event.data?.session_identifier === sessionId);
  for (const w of mine) {
    const parts = Object.fromEntries(String(w.signature).split(",").map((p) => p.split("=", 2)));
    const expected = createHmac("sha256", WEBHOOK_SECRET).update(`${parts.t}.${w.body}`).digest("hex");
    expect(parts.v1, `webhook ${w.event.type} should carry a valid signature`).toBe(expected);
  }
  return mine.map((w) => w.event);
}

export async function expectWebhook(sessionId, type) {
  await expect
    .poll(async () => (await webhooksFor(sessionId)).map((e) => e.type), {
      message: `the integrator's backend should receive the ${type} webhook`,
    })
    .toContain(type);
  return (await webhooksFor(sessionId)).find((e) => e.type === type);
}

const messages = new Map();
/** A message of the frame's Fluent file for `locale` (single-line messages: titles, labels). */
export function fluent(locale, id) {
  if (!messages.has(locale)) {
    const text = readFileSync(join(root, "locales", locale, "capture.ftl"), "utf8");
    messages.set(locale, new Map(text.split("\n").map((line) => line.match(/^([a-z0-9-]+) = (.+)$/)).filter(Boolean).map((m) => [m[1], m[2].trim()])));
  }
  const text = messages.get(locale).get(id);
  if (!text) throw new Error(`locales/${locale}/capture.ftl has no single-line message ${id}`);
  return text;
}

/** A screen's heading, by its Fluent id ("success-title", …) in the frame's language. */
export const heading = (frame, id, locale = "en-US") => frame.getByRole("heading", { name: fluent(locale, id), exact: true });

/** One of the frame's buttons by its `name` (cancel, cancel_confirm, cancel_abort, try_again). */
export const button = (frame, name) => frame.locator(`button[name="${name}"]`);

const visible = (frame, selector) => frame.locator(`${selector}:visible`);

async function choose(frame, destination) {
  const method = frame.locator(`input[name=method][value=${destination}]`);
  if (await method.count()) await method.check();
}

/** The recipient pays out to a debit card. */
export async function fillCard(frame, { number = CARDS.success, expiry = "12/34", name = RECIPIENT.name, postal = RECIPIENT.postal } = {}) {
  await choose(frame, "DEBIT");
  await visible(frame, 'input[autocomplete="cc-number"]').fill(number);
  await visible(frame, 'input[autocomplete="cc-exp"]').fill(expiry);
  await visible(frame, 'input[autocomplete="cc-name"]').fill(name);
  await visible(frame, 'input[autocomplete="postal-code"]').fill(postal);
}

/** The recipient pays out to a bank account. */
export async function fillBank(frame, { routing = BANK.routing, account = BANK.success, name = RECIPIENT.name, postal = RECIPIENT.postal } = {}) {
  await choose(frame, "ACH");
  await visible(frame, "input[name=routing_number]").fill(routing);
  await visible(frame, "input[name=account_number]").fill(account);
  await visible(frame, "input[name=account_number_confirm]").fill(account);
  await visible(frame, 'input[autocomplete="name"]').fill(name);
  await visible(frame, 'input[autocomplete="postal-code"]').fill(postal);
}

export async function submit(frame) {
  await visible(frame, "form button[type=submit]").click();
}
