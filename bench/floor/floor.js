// Posts `ready` after the form is painted, the way the capture page does (two animation
// frames), to the parent origin the benchmark names in the fragment.
const parent = new URLSearchParams(location.hash.slice(1)).get("parent");
requestAnimationFrame(() => requestAnimationFrame(() => {
  window.parent.postMessage({ protocol: "capture-frame", v: 1, type: "ready", data: { locale: "en-US", dir: "ltr" } }, parent);
}));
