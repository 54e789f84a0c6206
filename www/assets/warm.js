// The frame origin's `/warm` page (the embed's `warm()`): fetches what the hosted page loads into
// this partition's caches (the embedder's site × this origin, the partition the real iframe
// gets), compiling the wasm but never starting the page, then tells the embedder. Only ever to
// the embedder's origin: the ancestor the browser reports, else the origin in the referrer.
import "../pkg/frame/capture_frame.js";

const parentOrigin = () => {
  const ancestor = location.ancestorOrigins?.[0];
  if (ancestor) return ancestor;
  try {
    return new URL(document.referrer).origin;
  } catch {
    return null;
  }
};

// Everything the shell loads besides itself: the wasm compiled (the browser keeps the compiled
// code with the cached file), the boot script and the stylesheet cached. Without the last two
// the page after warm() still waited a round trip for them (the waterfall in docs/BENCHMARKS.md).
const file = (path) => fetch(new URL(path, import.meta.url));
Promise.all([
  WebAssembly.compileStreaming(file("../pkg/frame/capture_frame_bg.wasm")),
  file("./boot.js").then((r) => r.arrayBuffer()),
  file("./frame.css").then((r) => r.arrayBuffer()),
]).then(() => {
  const origin = parentOrigin();
  if (window.parent !== window && origin && origin !== "null") {
    window.parent.postMessage({ protocol: "capture-frame", v: 1, type: "warm" }, origin);
  }
}, () => {
  // Nothing warmed: the embed's warm() times out and a later mount loads the code itself.
});
