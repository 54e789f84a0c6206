// What the integrator's page must not be fooled by, and what the frame and server refuse
// whatever the page does.
import { expect, fillCard, heading, integrator, logged, loggedTypes, reissueUrl, sessionStatus, startCheckout, submit, test } from "./support.mjs";
import { serverOrigin, siteOrigin } from "./stack.mjs";

test("a second browser opening a fresh URL of a bound session is refused; the first browser continues", async ({ page, browser }) => {
  const { sessionId, frame, checkout } = await startCheckout(page, { destinations: ["DEBIT"] });
  await logged(page, "frame", "ready");

  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  const mount = strangerPage.waitForResponse((r) => r.url().endsWith(`/frame/v1/sessions/${sessionId}/mount`));
  await strangerPage.goto(await reissueUrl(page, checkout));
  const refused = await mount;
  expect(refused.status(), "another browser must not mount a bound session").toBe(403);
  expect((await refused.json()).data.error).toBe("bound_to_other_device");
  await expect(heading(strangerPage, "bound-title")).toBeVisible();
  await expect(strangerPage.locator("form button[type=submit]"), "the other browser must get no form to submit").toHaveCount(0);
  await stranger.close();

  // The recipient reloads the frame in the first browser. The token is gone from its address,
  // so the frame asks for a fresh URL; storage is refused in this cross-site frame, and the
  // partitioned binding cookie lets the new key re-bind. The flow continues.
  const inner = page.frames().find((f) => f.url().startsWith(`${serverOrigin}/session/`));
  await inner.evaluate(() => location.reload());
  await logged(page, "frame", "authorized_url_expired");
  await logged(page, "frame", "ready", { count: 2 });
  await fillCard(frame);
  await submit(frame);
  await logged(page, "frame", "token_success");
  expect((await sessionStatus(sessionId)).status).toBe("completed");
});

test.describe("a foreign iframe in the integrator's page", () => {
  // The kit adds the foreign iframe itself; an integrator's own CSP (`frame-src` naming only the
  // capture server) would block it and the check would test nothing. This test is about the
  // embed's origin check, not that CSP, so the page's CSP is bypassed here only.
  test.use({ bypassCSP: true });

  test("a forged message from a foreign-origin iframe is not taken for the frame's", async ({ page }) => {
    const { sessionId, frame } = await startCheckout(page, { destinations: ["DEBIT"] });
    await logged(page, "frame", "ready");
    const evilOrigin = "http://127.0.0.1:18099";
    await page.route(`${evilOrigin}/**`, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<script>parent.postMessage(${JSON.stringify({
          protocol: "capture-frame", v: 1, type: "token_success", session_identifier: sessionId,
          data: { customer_account_token: "cat_forged", funding_destination: "DEBIT", last4: "0000" },
        })}, ${JSON.stringify(siteOrigin)}); document.title = "posted";</script>`,
      }),
    );
    await page.evaluate((src) => {
      const iframe = document.createElement("iframe");
      iframe.src = src;
      document.body.append(iframe);
    }, `${evilOrigin}/forge.html`);
    await expect.poll(() => page.frame({ url: /forge\.html/ })?.title(), { message: "the foreign iframe should have posted" }).toBe("posted");

    await fillCard(frame);
    await submit(frame);
    await expect(heading(frame, "success-title")).toBeVisible();
    const success = await logged(page, "frame", "token_success");
    expect(success.customer_account_token, "the integrator must only see the real token").not.toBe("cat_forged");
    expect(await loggedTypes(page, "integrator"), "onSuccess must run once, for the real token").toEqual(["onSuccess"]);
  });
});

test("a message the parent page posts to itself is not taken for the frame's", async ({ page }) => {
  const { sessionId, frame } = await startCheckout(page, { destinations: ["DEBIT"] });
  await logged(page, "frame", "ready");
  // A well-formed envelope from the right origin, but not from the frame's window.
  await page.evaluate((id) => window.postMessage({ protocol: "capture-frame", v: 1, type: "canceled", session_identifier: id, data: {} }, location.origin), sessionId);
  await fillCard(frame);
  await submit(frame);
  await expect(heading(frame, "success-title")).toBeVisible();
  await logged(page, "frame", "token_success");
  expect(await loggedTypes(page, "frame"), "the forged cancel must be ignored").not.toContain("canceled");
  expect(await loggedTypes(page, "integrator"), "no onExit for a forged cancel").toEqual(["onSuccess"]);
});

test("a parent origin other than the session's host_uri cannot frame the page", async ({ page }) => {
  const { sessionId, checkout } = await startCheckout(page, { destinations: ["DEBIT"] });
  await logged(page, "frame", "ready");
  const url = await reissueUrl(page, checkout);
  const otherOrigin = "http://localhost:18098";
  await page.route(`${otherOrigin}/**`, (route) =>
    route.fulfill({ contentType: "text/html", body: `<!doctype html><title>other shop</title><iframe id="f" src="${url}"></iframe>` }),
  );
  let mounted = false;
  page.on("request", (r) => r.url().includes(`/frame/v1/sessions/${sessionId}/mount`) && (mounted = true));
  const csp = (await fetch(url)).headers.get("content-security-policy");
  expect(csp, "the page must only be framable by the session's host_uri").toContain(`frame-ancestors ${siteOrigin}`);
  await page.goto(`${otherOrigin}/shop.html`);
  // Chromium replaces a frame refused by frame-ancestors with its own error page.
  await expect
    .poll(() => page.frames().slice(1).map((f) => f.url()), { message: "Chromium should refuse to frame the page (CSP frame-ancestors)" })
    .toEqual([expect.stringMatching(/^chrome-error:/)]);
  expect(mounted, "the refused frame must never mount").toBe(false);
});

test("the token never stays in the frame's address bar and never travels in a query", async ({ page }) => {
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await startCheckout(page, { destinations: ["DEBIT"] });
  await logged(page, "frame", "ready");
  const src = await integrator.iframe(page).getAttribute("src");
  const token = new URL(src).hash.replace(/^#t=/, "");
  expect(token.length, "the authorized_url should carry a token in its fragment").toBeGreaterThan(20);
  const frame = page.frames().find((f) => f.url().startsWith(serverOrigin));
  expect(frame.url(), "the frame should remove the token from its address").not.toContain(token);
  for (const url of requests) expect(url, "no request URL may carry the mount token").not.toContain(token);
});

test("the strict CSP holds through a whole capture: no violation, assets from the build prefix, immutable", async ({ page }) => {
  const violations = [];
  page.on("console", (m) => /Content Security Policy|Refused to/i.test(m.text()) && violations.push(m.text()));
  const assets = [];
  page.on("response", (r) => r.url().startsWith(`${serverOrigin}/static/`) && assets.push({ url: r.url(), cache: r.headers()["cache-control"] }));
  const shells = [];
  page.on("response", (r) => r.url().startsWith(`${serverOrigin}/session/`) && shells.push(r.headers()["content-security-policy"]));
  const { frame } = await startCheckout(page, { language: "fr-FR", destinations: ["DEBIT"] });
  await logged(page, "frame", "ready");
  expect(shells).toHaveLength(1);
  expect(shells[0]).toMatch(/^default-src 'none'; .*form-action 'none'; base-uri 'none'; frame-ancestors /);
  await fillCard(frame);
  await submit(frame);
  await logged(page, "frame", "token_success");
  expect(violations, "the page must run under its CSP without a single refusal").toEqual([]);
  const kinds = assets.map((a) => new URL(a.url).pathname.replace(/^\/static\/[0-9a-f]{16}\//, ""));
  for (const path of ["assets/boot.js", "assets/frame.css", "pkg/frame/capture_frame.js", "pkg/frame/capture_frame_bg.wasm", "locales/fr-FR/capture.ftl"]) {
    expect(kinds, `${path} should load from the build prefix`).toContain(path);
  }
  for (const a of assets) expect(a.cache, a.url).toBe("public, max-age=31536000, immutable");
});
