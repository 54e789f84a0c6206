import { integrator } from "./integrator.mjs";
import { preflight } from "./preflight.mjs";
import { startStack } from "./stack.mjs";

export default async function globalSetup() {
  const stack = await startStack(integrator, process.env.E2E_RUN_DIR);
  try {
    await preflight(integrator, stack);
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return () => stack.stop();
}
