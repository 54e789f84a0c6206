// Every type is generated from the Rust types (wasm-bindgen, tsify); only the two async entry
// points below differ from the wasm's own synchronous signatures.
import type { EmbedHandle, MountOptions } from "./capture_frame_embed.js";

export type * from "./capture_frame_embed.js";
export { EmbedHandle } from "./capture_frame_embed.js";

export interface WarmOptions {
  /** How long to wait for the frame origin's answer before rejecting. Default 10000. */
  timeoutMs?: number;
}

/**
 * Puts the capture frame into `target` (an element or a CSS selector) and reports its events.
 * Loads the embed's WebAssembly on first use. Rejects on a bad option or when the wasm cannot
 * load; never throws at import.
 */
export function mount(target: string | HTMLElement, options: MountOptions): Promise<EmbedHandle>;

/**
 * Readies the frame's code before any session exists: call it when the checkout page loads.
 * With the capture server's origin (or any authorized_url of it), a hidden iframe fetches and
 * compiles the frame's JS and wasm into the caches the real iframe will use, so a later
 * `mount()` is quick. Resolves when that is done (at once if it was already); rejects after
 * `timeoutMs` (default 10 s) or on a bad argument. Without an argument it only loads the embed.
 */
export function warm(originOrAuthorizedUrl?: string, options?: WarmOptions): Promise<void>;
