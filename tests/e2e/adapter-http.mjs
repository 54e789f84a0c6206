// HTTP helpers for adapters (re-exported by integrator.mjs): a failed call becomes an error
// with its status and body. Apart from integrator.mjs so an adapter importing them makes no cycle.

/** A call to your page or backend that did not answer as it should: what, the status, the body. */
export class AdapterError extends Error {
  /** @param {string} what  @param {number} status  @param {string} body */
  constructor(what, status, body) {
    super(`${what} answered HTTP ${status}: ${body.slice(0, 500) || "(empty body)"}`);
    this.status = status;
    this.body = body;
  }
}

/** fetch() that throws an {@link AdapterError} unless the answer is 2xx JSON; returns the JSON. */
export async function fetchJson(url, init = {}) {
  const what = `${init.method ?? "GET"} ${url}`;
  let res;
  try {
    res = await fetch(url, init);
  } catch (error) {
    throw new Error(`${what} failed: ${error.cause?.code ?? error.message} (is the site running?)`);
  }
  const text = await res.text();
  if (!res.ok) throw new AdapterError(what, res.status, text);
  try {
    return JSON.parse(text);
  } catch {
    throw new AdapterError(`${what} (not JSON)`, res.status, text);
  }
}

/**
 * Runs `act` (a click…) and waits for the page's `method` request to `path` (a pathname, or a
 * RegExp on it); throws an {@link AdapterError} unless the answer is 2xx; returns its JSON.
 */
export async function pageResponse(page, method, path, act) {
  const matches = (pathname) => (path instanceof RegExp ? path.test(pathname) : pathname === path);
  const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === method && matches(new URL(r.url()).pathname)), act()]);
  const text = await res.text();
  if (!res.ok()) throw new AdapterError(`Your page's ${method} ${new URL(res.url()).pathname}`, res.status(), text);
  return JSON.parse(text);
}
