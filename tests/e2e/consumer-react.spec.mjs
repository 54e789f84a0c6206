// A React 19 app in StrictMode, built with Vite + TypeScript, using <CaptureFrame>: one iframe
// and one page load despite StrictMode's double effect, callbacks swapped on re-render without
// a re-mount, each terminal callback once, and a real capture.
import { expect, test } from "./support.mjs";
import { completeCapture, consumerOrigin, consumerSession, makeApp, serve, staticFiles, withBackend } from "./consumer-kit.mjs";
import { join } from "node:path";

const MAIN = `
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";
import { CaptureFrame } from "capture-frame/react";
import type { CaptureEvent, ExitEvent, TokenSuccessData } from "capture-frame/embed";

const params = new URLSearchParams(location.search);
const log = { events: [] as string[], successes: [] as TokenSuccessData[], exits: [] as ExitEvent["type"][], renders: 0, handledBy: [] as number[] };
Object.assign(window, { log });

function Checkout() {
  const [generation, setGeneration] = useState(0);
  log.renders += 1;
  return (
    <>
      <button onClick={() => setGeneration(generation + 1)}>re-render</button>
      <CaptureFrame
        id="payout"
        className="payout"
        authorizedUrl={params.get("url")!}
        onEvent={(event: CaptureEvent) => { log.events.push(event.type); log.handledBy.push(generation); }}
        onSuccess={(data) => log.successes.push(data)}
        onExit={(event) => log.exits.push(event.type)}
        reissue={async () => (await (await fetch("/reissue?key=" + params.get("key"), { method: "POST" })).json()).authorized_url}
      />
    </>
  );
}

createRoot(document.getElementById("root")!).render(<StrictMode><Checkout /></StrictMode>);
`;

let server;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const app = makeApp(["vite@7", "typescript@5", "react@19", "react-dom@19", "@types/react@19", "@types/react-dom@19"], {
    "index.html": `<!doctype html><html lang="en"><title>react consumer</title><div id="root"></div><script type="module" src="/main.tsx"></script></html>`,
    "main.tsx": MAIN,
    "vite.config.mjs": `export default { esbuild: { jsx: "automatic" } };`,
  });
  app.tsc("main.tsx", "--jsx", "react-jsx");
  app.build();
  server = await serve(withBackend(staticFiles(join(app.dir, "dist"))));
});

test.afterAll(() => server?.close());

test("<CaptureFrame> in StrictMode makes one iframe, loads the page once and calls onSuccess once", async ({ page }) => {
  const session = await consumerSession();
  const pageLoads = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === `/session/${session.session_identifier}`) pageLoads.push(request.url());
  });
  await page.goto(`${consumerOrigin}/?url=${encodeURIComponent(session.authorized_url)}&key=${session.key}`);
  await expect.poll(() => page.evaluate(() => window.log.events), { message: "onEvent should receive ready" }).toContain("ready");
  await expect(page.locator("#payout iframe")).toHaveCount(1);
  expect(pageLoads, "StrictMode's mount → unmount → mount loads the frame's page once").toHaveLength(1);

  // A re-render passes new callbacks: the same iframe keeps going and the new ones are called.
  await page.locator("#payout iframe").evaluate((iframe) => (iframe.dataset.marker = "first"));
  await page.getByRole("button", { name: "re-render" }).click();
  await completeCapture(page.frameLocator("#payout iframe"));
  await expect.poll(() => page.evaluate(() => window.log.successes.length), { message: "onSuccess should run once" }).toBe(1);
  await expect(page.locator("#payout iframe[data-marker=first]")).toHaveCount(1);
  const log = await page.evaluate(() => window.log);
  expect(log.successes[0]).toMatchObject({ funding_destination: "DEBIT", last4: "4242" });
  expect(log.events.filter((t) => t === "token_success")).toHaveLength(1);
  expect(log.handledBy.at(-1), "events after the re-render reach the re-rendered callbacks").toBe(1);
  expect(log.exits).toEqual([]);
  expect(pageLoads).toHaveLength(1);
});
