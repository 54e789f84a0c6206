// The frame origin's `/warm` page (the embed's `warm()`): fetches and compiles the hosted page's
// JS and wasm into this partition's caches (the embedder's site × this origin, the partition the
// real iframe gets), without starting the page, then tells the embedder. Only ever to the
// embedder's origin: the ancestor the browser reports, else the origin in the referrer.
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

const wasm = new URL("../pkg/frame/capture_frame_bg.wasm", import.meta.url);
WebAssembly.compileStreaming(fetch(wasm)).then(() => {
  const origin = parentOrigin();
  if (window.parent !== window && origin && origin !== "null") {
    window.parent.postMessage({ protocol: "capture-frame", v: 1, type: "warm" }, origin);
  }
}, () => {
  // Nothing warmed: the embed's warm() times out and a later mount loads the code itself.
});
