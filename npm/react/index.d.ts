import type { HTMLAttributes, ReactElement } from "react";
import type { MountOptions } from "../embed/index.js";

export interface CaptureFrameProps
  extends Pick<MountOptions, "authorizedUrl" | "title" | "appearance" | "loadTimeoutMs" | "minHeight" | "heightTransition" | "onEvent" | "onReady" | "onSuccess" | "onExit" | "reissue">,
    Omit<HTMLAttributes<HTMLDivElement>, "title" | "children" | "onError"> {
  /** The embed could not load or an option is invalid. Default: logged with console.error. */
  onError?: (error: Error) => void;
}

/**
 * The capture frame in a `<div>` (any other prop goes to it). A new `authorizedUrl` (or title,
 * appearance values, loadTimeoutMs, minHeight, heightTransition) mounts a new frame; new callbacks do not. Each of `onSuccess` and `onExit` runs at most once per mount,
 * StrictMode included.
 */
export function CaptureFrame(props: CaptureFrameProps): ReactElement;
