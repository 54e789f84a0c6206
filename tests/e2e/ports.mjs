// This run's ports, settled by the Playwright config before the stack module reads them (a
// separate module for that reason: stack.mjs reads the environment when first imported).
import { createServer } from "node:net";

const env = process.env;

/** Resolves when `port` on `host` can be listened on; false when something holds it. */
export function portIsFree(port, host = "localhost") {
  return new Promise((done) => {
    const probe = createServer();
    probe.once("error", () => done(false));
    probe.listen(port, host, () => probe.close(() => done(true)));
  });
}

/** A port the OS says is free now. */
async function anyFreePort() {
  const probe = createServer();
  await new Promise((r) => probe.listen(0, "localhost", r));
  const { port } = probe.address();
  await new Promise((r) => probe.close(r));
  return port;
}

/**
 * Settles this run's ports before anything reads them (the Playwright config calls it, and its
 * workers inherit the environment): a port set in the environment must be free, or the run
 * stops naming it; an unset one is its default when free, else any free port.
 */
export async function choosePorts() {
  // Once per run: workers (and any later load of the config) inherit the choice.
  if (env.E2E_PORTS_CHOSEN) return;
  const ports = [["E2E_SERVER_PORT", 18080, "127.0.0.1"], ["E2E_CONSUMER_PORT", 18083, "localhost"]];
  // A site the stack starts at a URL you give listens on that URL's port.
  if (env.E2E_SITE_URL && env.E2E_SITE_COMMAND && !env.E2E_MERCHANT_PORT) {
    const url = new URL(env.E2E_SITE_URL);
    env.E2E_MERCHANT_PORT = url.port || (url.protocol === "https:" ? "443" : "80");
  }
  // A site already running (E2E_SITE_URL without a command) holds its own port.
  if (!env.E2E_SITE_URL || env.E2E_SITE_COMMAND) ports.push(["E2E_MERCHANT_PORT", 18081, "localhost"]);
  for (const [name, fallback, host] of ports) {
    if (env[name]) {
      if (!(await portIsFree(Number(env[name]), host))) {
        throw new Error(`Port ${env[name]} (${name}) is taken by another process: stop it (\`lsof -i :${env[name]}\` names it) or set ${name} to a free port.`);
      }
    } else {
      env[name] = String((await portIsFree(fallback, host)) ? fallback : await anyFreePort());
    }
  }
  env.E2E_PORTS_CHOSEN = "1";
}
