// capture-frame/embed: instantiates the embed wasm once (top-level await), then exposes mount().
import init, { mount, EmbedHandle } from "./capture_frame_embed.js";

await init();

export { mount, EmbedHandle };
