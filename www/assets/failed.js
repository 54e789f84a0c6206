// The capture server's error page for a known session (no inline script: the CSP allows only
// 'self'). Framed by the session's host_uri, it tells that page what went wrong, to that origin
// only, in the protocol's envelope; top-level or framed by anyone else, it says nothing.
const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content;
const host = meta("capture-host");
if (window.parent !== window && host) {
  window.parent.postMessage(
    { protocol: "capture-frame", v: 1, type: "terminal_failure", session_identifier: meta("capture-session"), data: { code: meta("capture-code") } },
    host,
  );
}
