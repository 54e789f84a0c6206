// The reference adapter: the demo integrator site (www/demo). Its page starts a checkout from a
// form, logs what it receives as `#log li[data-source][data-type][data-detail]` (newest first),
// and its backend has /api/checkout, /api/checkout/<id>/{reissue,continue,stop}, /webhooks and
// /api/webhooks?raw. Everything the kit knows about that page is in this file.
import { fetchJson, pageResponse } from "../adapter-http.mjs";
import { siteOrigin, siteUrl } from "../stack.mjs";

/** @type {import("../integrator.mjs").Integrator} */
export default {
  name: "demo",
  site: {
    command: [process.execPath, "www/demo/merchant.mjs"],
    env: ({ port, root }) => ({ MERCHANT_LISTEN: `localhost:${port}`, EMBED_DIR: `${root}/pkg/embed` }),
    webhookPath: "/webhooks",
  },

  async startCheckout(page, { language, destinations, decisionGate }) {
    const url = new URL(siteUrl);
    url.searchParams.set("lang", language);
    await page.goto(url.href);
    for (const d of ["DEBIT", "ACH"]) await page.locator(`input[name=destination][value=${d}]`).setChecked(destinations.includes(d));
    await page.locator("input[name=decision_gate]").setChecked(decisionGate);
    const created = await pageResponse(page, "POST", "/api/checkout", () => page.locator("#start button[type=submit]").click());
    await this.iframe(page).waitFor({ state: "attached" });
    return { sessionId: created.session_identifier, ref: created.checkout_id };
  },

  async received(page) {
    const log = page.locator("#log");
    if (!(await log.count())) throw new Error(`the demo page at ${page.url()} has no #log`);
    const items = await log.locator("li").evaluateAll((els) => els.map((e) => ({ source: e.dataset.source, type: e.dataset.type, detail: JSON.parse(e.dataset.detail) })));
    return items.reverse().filter((i) => i.source === "frame" || i.source === "integrator");
  },

  async reissue(_page, checkout) {
    return (await fetchJson(`${siteOrigin}/api/checkout/${checkout.ref}/reissue`, { method: "POST" })).authorized_url;
  },

  async webhooks() {
    return (await fetchJson(`${siteOrigin}/api/webhooks?raw`)).events;
  },

  iframe: (page) => page.locator("#capture iframe"),

  async decide(page, _checkout, action) {
    await page.locator(action === "continue" ? "#continue" : "#stop").click();
  },
};
