// The second reference adapter: the payout wizard (tests/e2e/sites/wizard), a page built unlike
// the demo's. Three steps to the frame, backend routes keyed by the payout's reference
// (/payouts/<ref>/capture-session, …/renew, …/review), webhooks at /hooks/capture-frame listed
// raw at /qa/webhooks, and an in-memory activity log (`window.payoutActivity`).
import { fetchJson, pageResponse } from "../adapter-http.mjs";
import { siteOrigin, siteUrl } from "../stack.mjs";

/** @type {import("../integrator.mjs").Integrator} */
export default {
  name: "payout wizard",
  site: {
    command: [process.execPath, "tests/e2e/sites/wizard/server.mjs"],
    webhookPath: "/hooks/capture-frame",
  },

  async startCheckout(page, { language, destinations, decisionGate }) {
    await page.goto(siteUrl);
    const step = page.locator("#step-method");
    for (const d of ["DEBIT", "ACH"]) await step.locator(`input[name=method][value=${d}]`).setChecked(destinations.includes(d));
    await step.locator("input[name=locale]").fill(language);
    await step.locator("input[name=review]").setChecked(decisionGate);
    await step.locator("button[name=next]").click();
    const created = await pageResponse(page, "POST", /^\/payouts\/[0-9a-f-]{36}\/capture-session$/, () => page.locator("button[name=add-account]").click());
    await this.iframe(page).waitFor({ state: "attached" });
    return { sessionId: created.session_identifier, ref: created.ref };
  },

  async received(page) {
    const activity = await page.evaluate(() => window.payoutActivity);
    if (!Array.isArray(activity)) throw new Error(`the wizard page at ${page.url()} has no window.payoutActivity`);
    return activity.map((a) => ({ source: a.channel === "capture" ? "frame" : "integrator", type: a.name, detail: a.payload }));
  },

  async reissue(_page, checkout) {
    return (await fetchJson(`${siteOrigin}/payouts/${checkout.ref}/capture-session/renew`, { method: "POST" })).authorized_url;
  },

  async webhooks() {
    return (await fetchJson(`${siteOrigin}/qa/webhooks`)).received;
  },

  iframe: (page) => page.locator("#secure-form iframe"),

  async decide(page, _checkout, action) {
    await page.locator(`#review button[value=${action === "continue" ? "approve" : "decline"}]`).click();
  },
};
