// Proof the QA kit catches an integrator's mistakes: the security specs, run against a
// deliberately broken reference page (integrators/broken.mjs: it trusts every message), must
// fail exactly where the page is at fault, while the checks of what the frame and the server
// guarantee on their own still pass. Run (after the builds the e2e suite needs):
//   node --test tests/e2e/kit.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "../..");

function runSecuritySpecs(adapter) {
  const dir = mkdtempSync(join(tmpdir(), "capture-kit-"));
  const env = { ...process.env, CI: "1", E2E_INTEGRATOR: join(root, adapter), E2E_RUN_DIR: join(dir, "run"), E2E_JSON_REPORT: join(dir, "report.json") };
  // This run's own free ports, whatever an outer run chose.
  for (const name of ["E2E_SERVER_PORT", "E2E_MERCHANT_PORT", "E2E_CONSUMER_PORT", "E2E_PORTS_CHOSEN"]) delete env[name];
  const run = spawnSync("npx", ["playwright", "test", "--config", "tests/e2e/playwright.config.mjs", "security.spec.mjs"], { cwd: root, env, encoding: "utf8", timeout: 300_000 });
  const outcomes = new Map();
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      const result = spec.tests[0]?.results.at(-1);
      outcomes.set(spec.title, { status: result?.status, error: result?.errors?.map((e) => e.message).join("\n") ?? "" });
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  let report;
  try {
    report = JSON.parse(readFileSync(env.E2E_JSON_REPORT, "utf8"));
  } catch {
    assert.fail(`the kit's run wrote no report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  for (const suite of report.suites) walk(suite);
  return { status: run.status, outcomes, output: run.stdout + run.stderr };
}

test("the security specs fail against a page that trusts every message, and only where the page is at fault", () => {
  const { status, outcomes, output } = runSecuritySpecs("tests/e2e/integrators/broken.mjs");
  assert.notEqual(status, 0, `the run must be red:\n${output}`);
  const fooled = ["a forged message from a foreign-origin iframe is not taken for the frame's", "a message the parent page posts to itself is not taken for the frame's"];
  for (const title of fooled) {
    assert.equal(outcomes.get(title)?.status, "failed", `"${title}" must fail on the broken page:\n${output}`);
  }
  // The broken page received the forged messages as if the frame had sent them.
  assert.match(outcomes.get(fooled[0]).error, /token_success|onSuccess must run once/);
  assert.match(outcomes.get(fooled[1]).error, /forged cancel must be ignored|no onExit/);
  const others = [...outcomes].filter(([title]) => !fooled.includes(title));
  assert.ok(others.length >= 4, `the other security specs ran: ${[...outcomes.keys()]}`);
  for (const [title, { status: s, error }] of others) assert.equal(s, "passed", `"${title}" tests the frame and server, which the page cannot break:\n${error}`);
});
