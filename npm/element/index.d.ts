import type { Appearance, CaptureEvent, ExitEvent, TokenSuccessEvent } from "../embed/index.js";

type Kebab<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}-${Kebab<Tail>}` : S;

/** Every DOM event `<capture-frame>` dispatches (they bubble and cross shadow roots). */
export type CaptureFrameEventMap = {
  /** One per message type: `capture-ready`, `capture-resize`, `capture-token-success`, … */
  [E in CaptureEvent as `capture-${Kebab<E["type"]>}`]: CustomEvent<E>;
} & {
  /** Every event, in order (what `onEvent` gets). */
  "capture-event": CustomEvent<CaptureEvent>;
  /** The account was captured; at most once. */
  "capture-success": CustomEvent<TokenSuccessEvent>;
  /** The flow ended without an account; at most once. */
  "capture-exit": CustomEvent<ExitEvent>;
  /** The embed could not load or the attributes are invalid (logged too unless you call preventDefault()). */
  "capture-error": CustomEvent<Error>;
};

export class CaptureFrameElement extends HTMLElement {
  /** The `authorized-url` attribute. */
  authorizedUrl: string | null;
  /** The frame's look, read when the frame is mounted (set it before the element is on the page). Attributes `min-height`, `height-transition` and `load-timeout-ms` are the mount() options of those names. */
  appearance: Appearance | undefined;
  /** Asked for a fresh authorized_url of the same session when the URL expired or the recipient pressed "Try again". */
  reissue: (() => Promise<string>) | undefined;
  addEventListener<K extends keyof CaptureFrameEventMap>(type: K, listener: (this: CaptureFrameElement, event: CaptureFrameEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof CaptureFrameEventMap>(type: K, listener: (this: CaptureFrameElement, event: CaptureFrameEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "capture-frame": CaptureFrameElement;
  }
}
