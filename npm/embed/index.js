// capture-frame/embed: mount() and warm(). Nothing runs at import; the wasm loads on the first
// call, once, and is shared by every mount.
import { load } from "./loader.js";

export { EmbedHandle } from "./capture_frame_embed.js";

export async function mount(target, options) {
  return (await load()).mount(target, options);
}

export async function warm(originOrAuthorizedUrl, { timeoutMs = 10_000 } = {}) {
  if (originOrAuthorizedUrl !== undefined && typeof originOrAuthorizedUrl !== "string") {
    throw new TypeError("capture-frame: warm() takes the capture server's origin or an authorized_url (a string)");
  }
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000) {
    throw new RangeError("capture-frame: warm()'s timeoutMs must be an integer from 1 to 600000");
  }
  const embed = await load();
  if (originOrAuthorizedUrl !== undefined) await embed.warm(originOrAuthorizedUrl, timeoutMs);
}
