// Loads the wasm page; its start function runs the rest. A module file, not an inline
// script, because the shell's CSP allows only 'self' scripts.
// Relative: the shell serves this file under its build's prefix, and the page with it.
import init from "../pkg/frame/capture_frame.js";
init();
