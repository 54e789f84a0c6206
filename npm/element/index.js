// capture-frame/element: <capture-frame authorized-url="…">, for pages with no build step.
// Importing it in Node (server-side rendering) defines the class and registers nothing.
import { attach } from "../embed/loader.js";

const Base = globalThis.HTMLElement ?? class {};

/** `token_success` → `capture-token-success`. */
const eventName = (type) => `capture-${type.replaceAll("_", "-")}`;

export class CaptureFrameElement extends Base {
  static observedAttributes = ["authorized-url", "frame-title", "min-height", "height-transition", "load-timeout-ms"];

  // `reissue` (a function your page sets: asked for a fresh authorized_url of the same session
  // when the URL expired or the recipient pressed "Try again") is deliberately no class field:
  // a field would overwrite a value the page set before this module upgraded the element. The
  // same goes for `appearance` (an object, read when the frame is mounted).

  #mounted;
  #key;

  get authorizedUrl() {
    return this.getAttribute("authorized-url");
  }

  set authorizedUrl(url) {
    this.setAttribute("authorized-url", url);
  }

  connectedCallback() {
    this.#mount();
  }

  disconnectedCallback() {
    this.#unmount();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#mount();
  }

  #mount() {
    const authorizedUrl = this.getAttribute("authorized-url");
    const title = this.getAttribute("frame-title") ?? undefined;
    const number = (name) => (this.hasAttribute(name) ? Number(this.getAttribute(name)) : undefined);
    const sizing = { minHeight: number("min-height"), loadTimeoutMs: number("load-timeout-ms"), heightTransition: this.getAttribute("height-transition") ?? undefined };
    const key = JSON.stringify([authorizedUrl, title, sizing]);
    if (key === this.#key) return;
    this.#unmount();
    if (!authorizedUrl) return;
    this.#key = key;
    const emit = (name, detail, cancelable = false) => this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
    this.#mounted = attach(
      this,
      {
        authorizedUrl,
        title,
        ...sizing,
        appearance: this.appearance,
        onEvent: (event) => {
          emit("capture-event", event);
          emit(eventName(event.type), event);
        },
        onSuccess: (_data, event) => emit("capture-success", event),
        onExit: (event) => emit("capture-exit", event),
        // Read when asked, so the property can be set after the element is on the page.
        reissue: async () => {
          if (typeof this.reissue !== "function") {
            throw new Error("capture-frame: set the reissue property of <capture-frame> to re-issue URLs");
          }
          return this.reissue();
        },
      },
      (error) => {
        if (emit("capture-error", error, true)) console.error(error);
      },
    );
  }

  #unmount() {
    this.#mounted?.destroy();
    this.#mounted = undefined;
    this.#key = undefined;
  }
}

if (globalThis.customElements && !customElements.get("capture-frame")) {
  customElements.define("capture-frame", CaptureFrameElement);
}
