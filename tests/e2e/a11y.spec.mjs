// axe-core on the form, its error state and every result screen: no serious or critical violations.
import AxeBuilder from "@axe-core/playwright";
import { CARDS, button, createSession, expect, fillCard, heading, submit, test } from "./support.mjs";
import { API_KEY, serverOrigin } from "./stack.mjs";

async function expectAccessible(page, screen) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => ["serious", "critical"].includes(v.impact))
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(serious, `accessibility problems a recipient using assistive technology meets on the ${screen}`).toEqual([]);
}

/** Opens a URL as a new document: a re-issued URL differs only in its fragment, and going to
 * it from the same page would only scroll. */
async function open(page, url) {
  await page.goto("about:blank");
  await page.goto(url);
}

async function openForm(page, overrides, key) {
  const session = await createSession(overrides, key);
  await open(page, session.authorized_url);
  await expect(page.locator("form button[type=submit]")).toBeVisible();
  return session;
}

const frame = (page) => page.mainFrame();

test("form and its error state", async ({ page }) => {
  await openForm(page);
  await expectAccessible(page, "form");
  await submit(frame(page));
  await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
  await expectAccessible(page, "form with errors");
});

for (const [screen, card, title] of [
  ["success screen", CARDS.success, "success-title"],
  ["verification failed screen", CARDS.mismatch, "verification-failed-title"],
  ["terminal failure screen", CARDS.declined, "terminal-failure-title"],
]) {
  test(screen, async ({ page }) => {
    await openForm(page, { funding_destinations: ["DEBIT"] });
    await fillCard(frame(page), { number: card });
    await submit(frame(page));
    await expect(heading(page, title)).toBeVisible();
    await expectAccessible(page, screen);
  });
}

test("decision gate: review screen, then the stopped screen", async ({ page }) => {
  const session = await openForm(page, { funding_destinations: ["DEBIT"], decision_gate: true });
  await fillCard(frame(page));
  await submit(frame(page));
  await expect(heading(page, "review-title")).toBeVisible();
  await expectAccessible(page, "review screen");
  // The integrator's backend says no.
  const res = await fetch(`${serverOrigin}/v1/sessions/${session.session_identifier}/stop`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": API_KEY },
    body: JSON.stringify({ reason: "a11y" }),
  });
  expect(res.status, "the stop should be accepted").toBe(200);
  await expect(heading(page, "stopped-title")).toBeVisible();
  await expectAccessible(page, "stopped screen");
});

test("max attempts screen", async ({ page }) => {
  // The test is the integrator here: it re-issues URLs with the same key and re-opens them.
  const key = `a11y-max-${Date.now()}`;
  for (let attempt = 1; attempt <= 3; attempt++) {
    await openForm(page, { funding_destinations: ["DEBIT"] }, key);
    await fillCard(frame(page), { number: CARDS.mismatch });
    await submit(frame(page));
    if (attempt < 3) await expect(heading(page, "verification-failed-title")).toBeVisible();
  }
  await expect(heading(page, "max-attempts-title")).toBeVisible();
  await expectAccessible(page, "max attempts screen");
});

test("canceled screen", async ({ page }) => {
  await openForm(page);
  await button(page, "cancel").click();
  await expectAccessible(page, "cancel confirmation");
  await button(page, "cancel_confirm").click();
  await expect(heading(page, "canceled-title")).toBeVisible();
  await expectAccessible(page, "canceled screen");
});

test("expired, other-device and ended-session screens", async ({ page, browser }) => {
  const key = `a11y-screens-${Date.now()}`;
  const session = await openForm(page, { funding_destinations: ["DEBIT"] }, key);

  const otherBrowser = await browser.newContext();
  const other = await otherBrowser.newPage();
  await open(other, session.authorized_url); // its token is already used
  await expect(heading(other, "expired-title")).toBeVisible();
  await expectAccessible(other, "expired screen");
  await open(other, (await createSession({ funding_destinations: ["DEBIT"] }, key)).authorized_url);
  await expect(heading(other, "bound-title")).toBeVisible();
  await expectAccessible(other, "other-device screen");

  await fillCard(frame(page));
  await submit(frame(page));
  await expect(heading(page, "success-title")).toBeVisible();
  await open(page, (await createSession({ funding_destinations: ["DEBIT"] }, key)).authorized_url);
  await expect(heading(page, "not-mountable-title")).toBeVisible();
  await expectAccessible(page, "ended-session screen");
  await otherBrowser.close();
});
