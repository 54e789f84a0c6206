// The one module that knows an integrator's page. The specs reach the page only through the
// adapter loaded here (`E2E_INTEGRATOR`, a path; default: the demo's, integrators/demo.mjs) and
// the frame only through its page contract (README, "Page contract for QA suites"). To point
// the kit at your own page, write an adapter with the functions below: integrators/demo.mjs
// and integrators/wizard.mjs are two worked examples.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { root } from "./stack.mjs";

/**
 * @typedef {import("@playwright/test").Page} Page
 * @typedef {import("@playwright/test").Locator} Locator
 *
 * @typedef {object} CheckoutOptions
 * @property {string} language  one of the program's 28 locale codes, or "auto"
 * @property {("DEBIT"|"ACH")[]} destinations  the session's funding_destinations
 * @property {boolean} decisionGate  the session's decision_gate
 *
 * @typedef {object} Checkout
 * @property {string} sessionId  the session_identifier your backend got from POST /v1/sessions
 * @property {unknown} [ref]  whatever your adapter needs later for this checkout (your order id…)
 *
 * @typedef {object} Received  one thing your page received, as your page logged it
 * @property {"frame"|"integrator"} source  "frame": a message the embed passed to onEvent;
 *   "integrator": a call of your onSuccess or onExit
 * @property {string} type  frame: the message type ("ready", "token_success", …);
 *   integrator: "onSuccess" or "onExit"
 * @property {any} detail  frame: `{ session_identifier, ...data }`; onSuccess: its data;
 *   onExit: the exit event's type ("canceled", "stopped", …)
 *
 * @typedef {object} RawWebhook  one webhook request your backend received
 * @property {string} body  the request body exactly as received (the signature covers it)
 * @property {string} signature  its `Capture-Signature` header
 *
 * @typedef {object} Site  how the stack starts your site when neither E2E_SITE_COMMAND nor E2E_SITE_URL is set
 * @property {string[]} [command]  argv, run in the repository root with CAPTURE_API, CAPTURE_API_KEY,
 *   CAPTURE_WEBHOOK_SECRET, PORT (= E2E_MERCHANT_PORT, also given as E2E_SITE_PORT) and SITE_ORIGIN in its environment
 * @property {(where: { port: number, origin: string, root: string }) => Record<string, string>} [env]  more environment
 * @property {string} [webhookPath]  your backend's webhook route (default "/webhooks"; E2E_WEBHOOK_URL overrides)
 *
 * @typedef {object} Integrator
 * @property {string} name  shown in the run's header
 * @property {Site} [site]
 * @property {(page: Page, options: CheckoutOptions) => Promise<Checkout>} startCheckout
 *   Opens your page (its URL: `siteUrl` from stack.mjs) and starts a checkout the way a user
 *   would; resolves once your backend created the session and the frame's iframe is in the
 *   page. Throws an {@link AdapterError} with the HTTP status and body when your backend fails.
 * @property {(page: Page) => Promise<Received[]>} received
 *   Everything your page received so far, oldest first. Read it from wherever your page keeps
 *   it (a log element, a global, sessionStorage); an empty list is fine, a missing log is not.
 * @property {(page: Page, checkout: Checkout) => Promise<string>} reissue
 *   Your backend re-issues the checkout's session (POST /v1/sessions with the same
 *   Idempotency-Key); resolves to the fresh authorized_url.
 * @property {() => Promise<RawWebhook[]>} webhooks
 *   Every webhook your backend received in this run (any session), oldest first.
 * @property {(page: Page) => Locator} iframe  the capture iframe element in your page
 * @property {(page: Page, checkout: Checkout, action: "continue" | "stop") => Promise<void>} [decide]
 *   At the decision gate your page (or its backend) accepts or rejects the verified account.
 *   Leave it out if your integration does not use the gate: the gate scenarios are then skipped.
 */

export { AdapterError, fetchJson, pageResponse } from "./adapter-http.mjs";

const REQUIRED = ["startCheckout", "received", "reissue", "webhooks", "iframe"];

/** @param {string} path  @returns {Promise<Integrator>} */
export async function loadIntegrator(path = process.env.E2E_INTEGRATOR ?? "tests/e2e/integrators/demo.mjs") {
  const file = resolve(process.env.E2E_INTEGRATOR ? process.cwd() : root, path);
  const adapter = (await import(pathToFileURL(file).href)).default;
  const missing = REQUIRED.filter((f) => typeof adapter?.[f] !== "function");
  if (missing.length) throw new Error(`The adapter ${file} must export default an object with ${missing.join(", ")} (tests/e2e/integrator.mjs)`);
  return adapter;
}

/** The adapter of this run. */
export const integrator = await loadIntegrator();
