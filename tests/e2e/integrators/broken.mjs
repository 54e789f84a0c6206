// A deliberately broken reference page, for proving the kit catches mistakes: the payout wizard
// served with WIZARD_TRUST_EVERY_MESSAGE=1, which logs every message that looks like the
// frame's, from any window and origin, instead of the embed's checked onEvent. The security
// specs must fail on it (tests/e2e/kit.test.mjs).
import wizard from "./wizard.mjs";

/** @type {import("../integrator.mjs").Integrator} */
export default {
  ...wizard,
  name: "broken wizard (trusts every message)",
  site: { ...wizard.site, env: () => ({ WIZARD_TRUST_EVERY_MESSAGE: "1" }) },
};
