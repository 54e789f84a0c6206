// The integrator's page through the adapter (integrator.mjs): what the page, its backend and the
// API see for each path a recipient can take.
import { CARDS, button, expect, fluent, expectWebhook, fillBank, fillCard, heading, logged, loggedTypes, reissueUrl, sessionStatus, startCheckout, submit, test } from "./support.mjs";
import { MOUNT_WINDOW_SECS, serverOrigin } from "./stack.mjs";

test("debit card success: token_success, session completed, signed session.completed webhook", async ({ page }) => {
  const { sessionId, frame, iframe } = await startCheckout(page, { destinations: ["DEBIT"] });
  await logged(page, "frame", "ready");
  await fillCard(frame);
  await submit(frame);
  const success = await logged(page, "frame", "token_success");
  expect(success.funding_destination).toBe("DEBIT");
  expect(success.last4).toBe("4242");
  expect(success.customer_account_token).toMatch(/^cat_/);
  await logged(page, "integrator", "onSuccess");
  // The iframe is as tall as the result screen, not the form before it.
  const frameHeight = (await iframe.boundingBox()).height;
  const contentHeight = await frame.locator("html").evaluate((html) => html.getBoundingClientRect().height);
  expect(Math.abs(frameHeight - contentHeight), `iframe ${frameHeight} px, result ${contentHeight} px`).toBeLessThanOrEqual(2);
  expect((await sessionStatus(sessionId)).status).toBe("completed");
  const hook = await expectWebhook(sessionId, "session.completed");
  expect(hook.data.customer_account_token).toBe(success.customer_account_token);
});

test("bank account success", async ({ page }) => {
  const { sessionId, frame } = await startCheckout(page, { destinations: ["ACH"] });
  await logged(page, "frame", "ready");
  await fillBank(frame);
  await submit(frame);
  const success = await logged(page, "frame", "token_success");
  expect(success).toMatchObject({ funding_destination: "ACH", last4: "6789" });
  expect((await sessionStatus(sessionId)).status).toBe("completed");
  await expectWebhook(sessionId, "session.completed");
});

test("a mismatch, then try again through reissue on the same session, then success", async ({ page }) => {
  const { sessionId, frame } = await startCheckout(page);
  await logged(page, "frame", "ready");
  await fillCard(frame, { name: "Someone Else" });
  await submit(frame);
  expect((await logged(page, "frame", "verification_failed")).attempts_remaining).toBe(2);
  await button(frame, "try_again").click();
  await logged(page, "frame", "retry_requested");
  // The page re-issued through its backend: the re-mounted frame is the same session, ready again.
  const ready = await logged(page, "frame", "ready", { count: 2 });
  expect(ready.session_identifier).toBe(sessionId);
  await fillCard(frame);
  await submit(frame);
  await logged(page, "frame", "token_success");
  const status = await sessionStatus(sessionId);
  expect(status).toMatchObject({ status: "completed", attempt_count: 1 });
  await expectWebhook(sessionId, "verification.failed");
});

test("mismatches up to the maximum end the session; a re-mount is refused", async ({ page }) => {
  const { sessionId, frame, checkout } = await startCheckout(page, { destinations: ["DEBIT"] });
  for (let attempt = 1; attempt <= 3; attempt++) {
    await logged(page, "frame", "ready", { count: attempt });
    await fillCard(frame, { number: CARDS.mismatch });
    await submit(frame);
    if (attempt < 3) {
      await logged(page, "frame", "verification_failed", { count: attempt });
      await button(frame, "try_again").click();
    }
  }
  await logged(page, "frame", "max_attempts_exceeded");
  await logged(page, "integrator", "onExit");
  expect((await sessionStatus(sessionId)).status).toBe("max_attempts_exceeded");
  await expectWebhook(sessionId, "session.max_attempts_exceeded");
  // The integrator re-issues a URL anyway: the frame refuses to mount a terminal session.
  const url = await reissueUrl(page, checkout);
  const again = await page.context().newPage();
  const mount = again.waitForResponse((r) => r.url().endsWith(`/frame/v1/sessions/${sessionId}/mount`));
  await again.goto(url);
  const refused = await mount;
  expect(refused.status(), "mounting a finished session should be refused").toBe(409);
  expect((await refused.json()).data).toMatchObject({ error: "session_not_mountable", session_status: "max_attempts_exceeded" });
  await expect(heading(again, "not-mountable-title")).toBeVisible();
});

// In German: the kit clicks by the page contract, never by English words.
test("cancel asks first, then posts canceled (de-DE)", async ({ page }) => {
  const { sessionId, frame } = await startCheckout(page, { language: "de-DE" });
  expect(await logged(page, "frame", "ready")).toMatchObject({ locale: "de-DE" });
  await button(frame, "cancel").click();
  await expect(heading(frame, "cancel-confirm-title", "de-DE")).toBeVisible();
  await button(frame, "cancel_abort").click();
  expect(await loggedTypes(page, "frame")).not.toContain("canceled");
  await button(frame, "cancel").click();
  await button(frame, "cancel_confirm").click();
  await logged(page, "frame", "canceled");
  await expect(heading(frame, "canceled-title", "de-DE")).toBeVisible();
  await logged(page, "integrator", "onExit");
  expect((await sessionStatus(sessionId)).status).toBe("canceled");
  await expectWebhook(sessionId, "session.canceled");
});

test("mounted after the window: authorized_url_expired, reissue, success on the same session", async ({ page }) => {
  // Hold the frame's document back until the URL's window has passed (later loads pass at once).
  let release;
  const held = new Promise((r) => (release = r));
  await page.route(`${serverOrigin}/session/**`, async (route) => {
    await held;
    await route.continue();
  });
  const { sessionId, frame } = await startCheckout(page, { destinations: ["DEBIT"] });
  await page.waitForTimeout((MOUNT_WINDOW_SECS + 1) * 1000);
  release();
  await logged(page, "frame", "authorized_url_expired");
  // The page re-issued through its backend: the same session mounts.
  const ready = await logged(page, "frame", "ready");
  expect(ready.session_identifier).toBe(sessionId);
  await fillCard(frame);
  await submit(frame);
  await logged(page, "frame", "token_success");
  expect((await sessionStatus(sessionId)).status).toBe("completed");
});
