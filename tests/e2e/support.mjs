// Helpers that speak in the terms of the people involved: the recipient fills the form in the
// frame, the integrator's page logs events, the integrator's backend receives webhooks.
import { expect } from "@playwright/test";
import { createHmac } from "node:crypto";
import { API_KEY, WEBHOOK_SECRET, merchantOrigin, serverOrigin } from "./stack.mjs";

export const RECIPIENT = { name: "Ada Lovelace", postal: "94107" };
export const CARDS = { success: "4242424242424242", mismatch: "4000000000000127", declined: "4000000000000002" };
export const BANK = { routing: "110000000", success: "000123456789", mismatch: "000222222227", closed: "000111111113" };

/** The integrator's backend creates a session directly (for tests that open the page top-level). */
export async function createSession(overrides = {}, idempotencyKey = undefined) {
  const res = await fetch(`${serverOrigin}/v1/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": API_KEY, ...(idempotencyKey && { "idempotency-key": idempotencyKey }) },
    body: JSON.stringify({
      participant_unique_id1: idempotencyKey ? `e2e-${idempotencyKey}` : `e2e-${Math.random().toString(36).slice(2)}`,
      host_uri: merchantOrigin,
      recipient: { first_name: "Ada", last_name: "Lovelace", postal_code: RECIPIENT.postal },
      ...overrides,
    }),
  });
  const body = await res.json();
  expect([200, 201], `creating a session should succeed: ${JSON.stringify(body)}`).toContain(res.status);
  return body.data;
}

/** The integrator's page starts a checkout; returns the session id and the frame. */
export async function startCheckout(page, { language = "en-US", destinations = ["DEBIT", "ACH"], decisionGate = false } = {}) {
  await page.goto(`${merchantOrigin}/?lang=${encodeURIComponent(language)}`);
  for (const d of ["DEBIT", "ACH"]) {
    const box = page.locator(`input[name=destination][value=${d}]`);
    if (destinations.includes(d)) await box.check();
    else await box.uncheck();
  }
  if (decisionGate) await page.locator("input[name=decision_gate]").check();
  await page.getByRole("button", { name: "Open capture form" }).click();
  const created = await logged(page, "backend", "session_created");
  return { sessionId: created.session_identifier, frame: page.frameLocator("#capture iframe") };
}

/** Waits until the integrator's page has logged `count` events of this type; returns the last one's detail. */
export async function logged(page, source, type, { count = 1 } = {}) {
  const items = page.locator(`#log li[data-source="${source}"][data-type="${type}"]`);
  await expect(items, `the integrator's page should have received ${count}× ${source} "${type}"`).toHaveCount(count);
  return JSON.parse(await items.first().getAttribute("data-detail"));
}

/** The integrator's backend re-issues the session's URL (same Idempotency-Key). */
export async function reissueUrl(page) {
  const { checkout_id } = await logged(page, "backend", "session_created");
  const res = await fetch(`${merchantOrigin}/api/checkout/${checkout_id}/reissue`, { method: "POST" });
  const body = await res.json();
  expect(body.status, "re-issuing with the same Idempotency-Key should answer 101").toBe(101);
  return body.authorized_url;
}

/** Every event of one source the integrator's page logged, oldest first. */
export async function loggedTypes(page, source) {
  const types = await page.locator(`#log li[data-source="${source}"]`).evaluateAll((els) => els.map((e) => e.dataset.type));
  return types.reverse();
}

/** What the integrator's backend reads from `GET /v1/sessions/{id}`. */
export async function sessionStatus(sessionId) {
  const res = await fetch(`${serverOrigin}/v1/sessions/${sessionId}`, { headers: { "x-api-key": API_KEY } });
  expect(res.status, "the session API should answer the integrator's GET").toBe(200);
  return (await res.json()).data;
}

/** Webhooks the integrator's backend received for a session, each signature checked here again. */
export async function webhooksFor(sessionId) {
  const { events } = await (await fetch(`${merchantOrigin}/api/webhooks?raw`)).json();
  const mine = events.filter((w) => w.event.data?.session_identifier === sessionId);
  for (const w of mine) {
    const parts = Object.fromEntries(w.signature.split(",").map((p) => p.split("=", 2)));
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

const visible = (frame, selector) => frame.locator(`${selector}:visible`);

/** The recipient pays out to a debit card. */
export async function fillCard(frame, { number = CARDS.success, expiry = "12/34", name = RECIPIENT.name, postal = RECIPIENT.postal } = {}) {
  const method = frame.getByRole("radio", { name: /debit/i });
  if (await method.count()) await method.check();
  await visible(frame, 'input[autocomplete="cc-number"]').fill(number);
  await visible(frame, 'input[autocomplete="cc-exp"]').fill(expiry);
  await visible(frame, 'input[autocomplete="cc-name"]').fill(name);
  await visible(frame, 'input[autocomplete="postal-code"]').fill(postal);
}

/** The recipient pays out to a bank account. */
export async function fillBank(frame, { routing = BANK.routing, account = BANK.success, name = RECIPIENT.name, postal = RECIPIENT.postal } = {}) {
  const method = frame.getByRole("radio", { name: /bank/i });
  if (await method.count()) await method.check();
  await visible(frame, "input[name=routing_number]").fill(routing);
  await visible(frame, "input[name=account_number]").fill(account);
  await visible(frame, "input[name=account_number_confirm]").fill(account);
  await visible(frame, 'input[autocomplete="name"]').fill(name);
  await visible(frame, 'input[autocomplete="postal-code"]').fill(postal);
}

export async function submit(frame) {
  await visible(frame, "form button[type=submit]").click();
}
