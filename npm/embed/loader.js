// Loads the embed's WebAssembly once, on first use, and never at import: importing any entry
// point touches no `window`, `document` or `fetch`, so server-side rendering can import them.
import init, * as wasm from "./capture_frame_embed.js";

let loading;

/** The instantiated embed, shared by every mount. Rejects (and a later call tries again) when it cannot load. */
export function load() {
  if (typeof document === "undefined") {
    return Promise.reject(new Error("capture-frame: mount() and warm() run in a browser page (there is no document here: server-side rendering?)"));
  }
  loading ??= init().then(
    () => wasm,
    (cause) => {
      loading = undefined;
      throw new Error(
        `capture-frame: the embed's WebAssembly did not load (${cause?.message ?? cause}); under a Content-Security-Policy it needs script-src 'wasm-unsafe-eval' and connect-src for the origin this package is served from`,
        { cause },
      );
    },
  );
  return loading;
}

/**
 * A handle to use at once, before the wasm has loaded: `destroy()` before then means no iframe is
 * ever made, which is what React StrictMode's mount → unmount → mount and a custom element that
 * is moved need (one mount, one page load). `onError` gets a load or option error.
 */
export function attach(target, options, onError) {
  let handle;
  let gone = false;
  load()
    .then((embed) => {
      if (!gone) handle = embed.mount(target, options);
    })
    .catch((error) => {
      if (!gone) onError(error);
    });
  return {
    destroy() {
      gone = true;
      handle?.destroy();
      handle = undefined;
    },
  };
}
