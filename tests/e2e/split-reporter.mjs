// Prints, before the first test, whose page this run exercises and which of its scenarios are
// the integrator's (the "integrator" project: through the adapter) and which test the frame and
// the npm package alone (the "frame" project), and where the run's logs and report go.
import { basename, relative } from "node:path";

export default class SplitReporter {
  onBegin(_config, suite) {
    const env = process.env;
    const adapter = env.E2E_INTEGRATOR ? relative(process.cwd(), env.E2E_INTEGRATOR) : "tests/e2e/integrators/demo.mjs (the default)";
    const page = env.E2E_SITE_URL ?? `http://localhost:${env.E2E_MERCHANT_PORT}/`;
    const lines = [`capture-frame QA kit: adapter ${adapter}, page ${page}`];
    for (const [project, what] of [["integrator", "your page, through the adapter"], ["frame", "the frame and the npm package alone"]]) {
      const tests = suite.suites.find((s) => s.title === project)?.allTests() ?? [];
      const files = [...new Set(tests.map((t) => basename(t.location.file)))].sort();
      lines.push(`  ${project.padEnd(10)} ${String(tests.length).padStart(3)} tests, ${what}: ${files.join(", ") || "none selected"}`);
    }
    lines.push(`  run folder ${relative(process.cwd(), env.E2E_RUN_DIR)} (server.log, site.log${env.CI ? "" : ", report/index.html"}, results/)`);
    console.log(`${lines.join("\n")}\n`);
  }
  printsToStdio() {
    return false;
  }
}
