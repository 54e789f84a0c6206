import { defineConfig } from "@playwright/test";
import { join, resolve } from "node:path";
import { choosePorts } from "./ports.mjs";

// Settled once, in the runner, before any spec reads them; workers inherit the environment.
const env = process.env;
await choosePorts();
if (env.E2E_INTEGRATOR) env.E2E_INTEGRATOR = resolve(env.E2E_INTEGRATOR);
// Each run keeps its own folder: logs, the HTML report, traces and screenshots.
env.E2E_RUN_DIR ??= join(import.meta.dirname, "runs", new Date().toISOString().replace(/[:.]/g, "-"));
const runDir = env.E2E_RUN_DIR;

/** The specs that exercise the integrator's page (through its adapter); the rest test the frame and the npm package alone. */
export const INTEGRATOR_SPECS = /(flows|security|gate)\.spec\.mjs$/;

export default defineConfig({
  testDir: ".",
  globalSetup: "./global-setup.mjs",
  // Two cores: one worker per core, each with its own browser.
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  outputDir: join(runDir, "results"),
  projects: [
    { name: "integrator", testMatch: INTEGRATOR_SPECS },
    { name: "frame", testMatch: /.*\.spec\.mjs$/, testIgnore: INTEGRATOR_SPECS },
  ],
  reporter: [
    ["./split-reporter.mjs"],
    ["list"],
    ...(env.CI ? [] : [["html", { open: "never", outputFolder: join(runDir, "report") }]]),
    ...(env.E2E_JSON_REPORT ? [["json", { outputFile: env.E2E_JSON_REPORT }]] : []),
  ],
  use: {
    browserName: "chromium",
    headless: true,
    launchOptions: {
      executablePath: env.CHROMIUM ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
    },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
});
