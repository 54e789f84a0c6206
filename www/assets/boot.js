// Loads the wasm page; its start function runs the rest. A module file, not an inline
// script, because the shell's CSP allows only 'self' scripts.
import init from "/pkg/frame/capture_frame.js";
init();
