// The decision gate and "auto" as the integrator's page, its backend and the API see them.
import { verifyReceipt } from "../../npm/server/index.js";
import { expect, expectWebhook, fillCard, heading, integrator, logged, loggedTypes, sessionStatus, startCheckout, submit, test } from "./support.mjs";
import { serverOrigin } from "./stack.mjs";

const jwks = async () => (await fetch(`${serverOrigin}/.well-known/jwks.json`)).json();

test.describe("decision gate", () => {
  test.skip(!integrator.decide, `the ${integrator.name} adapter has no decide(): the integration does not use the decision gate`);

  test("a gated capture waits on the review screen, then the integrator continues: token_success with a verifiable receipt", async ({ page }) => {
    const { sessionId, frame, checkout } = await startCheckout(page, { destinations: ["DEBIT"], decisionGate: true });
    await logged(page, "frame", "ready");
    await fillCard(frame);
    await submit(frame);
    const waiting = await logged(page, "frame", "awaiting_decision");
    expect(waiting).toMatchObject({ funding_destination: "DEBIT", last4: "4242" });
    await expect(heading(frame, "review-title")).toBeFocused();
    expect((await sessionStatus(sessionId)).status).toBe("awaiting_decision");
    const gate = await expectWebhook(sessionId, "session.awaiting_decision");
    expect(gate.data.customer_account_token).toMatch(/^cat_/);
    expect(await loggedTypes(page, "integrator"), "awaiting a decision is not an exit").toEqual([]);

    await integrator.decide(page, checkout, "continue");
    const success = await logged(page, "frame", "token_success");
    expect(success.customer_account_token).toBe(gate.data.customer_account_token);
    await expect(heading(frame, "success-title")).toBeVisible();
    await logged(page, "integrator", "onSuccess");
    const completed = await expectWebhook(sessionId, "session.completed");
    const claims = await verifyReceipt(success.receipt, { jwks: await jwks(), sessionIdentifier: sessionId });
    expect(claims).toMatchObject({ customer_account_token: success.customer_account_token, last4: "4242", event_id: completed.id });
    const view = await sessionStatus(sessionId);
    expect([view.status, view.outcome.action]).toEqual(["completed", "approved"]);
  });

  test("a gated capture the integrator stops: the stopped screen, one onExit, the account gone", async ({ page }) => {
    const { sessionId, frame, checkout } = await startCheckout(page, { destinations: ["DEBIT"], decisionGate: true });
    await logged(page, "frame", "ready");
    await fillCard(frame);
    await submit(frame);
    await logged(page, "frame", "awaiting_decision");
    await integrator.decide(page, checkout, "stop");
    await logged(page, "frame", "stopped");
    await expect(heading(frame, "stopped-title")).toBeFocused();
    const exit = await logged(page, "integrator", "onExit");
    expect(exit).toBe("stopped");
    expect(await loggedTypes(page, "integrator")).toEqual(["onExit"]);
    await expectWebhook(sessionId, "session.stopped");
    const view = await sessionStatus(sessionId);
    expect([view.status, view.outcome.action]).toEqual(["stopped", "rejected"]);
  });
});

test.describe("auto", () => {
  test.use({ locale: "es-MX" });
  test("a session created with \"auto\" speaks the browser's language, negotiated: es-MX → es-US", async ({ page }) => {
    const { sessionId, frame } = await startCheckout(page, { language: "auto", destinations: ["DEBIT"] });
    const ready = await logged(page, "frame", "ready");
    expect(ready).toMatchObject({ locale: "es-US", dir: "ltr" });
    await expect(frame.locator("html")).toHaveAttribute("lang", "es-US");
    expect((await sessionStatus(sessionId)).language_locale_code, "the session keeps \"auto\": each mount negotiates").toBe("auto");
  });
});
