// capture-frame/react: <CaptureFrame authorizedUrl … />. React (>= 18) is a peer dependency.
// StrictMode's mount → unmount → mount makes one iframe and one page load: the frame is only
// created once the effect has survived (see attach in ../embed/loader.js).
import { createElement, useEffect, useRef } from "react";
import { attach } from "../embed/loader.js";

export function CaptureFrame({ authorizedUrl, title, appearance, loadTimeoutMs, minHeight, heightTransition, onEvent, onReady, onSuccess, onExit, onError, reissue, ...rest }) {
  const target = useRef(null);
  // The latest callbacks, so a re-render with new functions does not re-mount the frame.
  const latest = useRef(null);
  latest.current = { onEvent, onReady, onSuccess, onExit, onError, reissue };
  // A new appearance object with the same values on each render must not re-mount the frame.
  const look = appearance === undefined ? undefined : JSON.stringify(appearance);

  useEffect(() => {
    const forward = (name) => (...args) => latest.current[name]?.(...args);
    const mounted = attach(
      target.current,
      {
        authorizedUrl,
        title,
        appearance: look === undefined ? undefined : JSON.parse(look),
        loadTimeoutMs,
        minHeight,
        heightTransition,
        onEvent: forward("onEvent"),
        onReady: forward("onReady"),
        onSuccess: forward("onSuccess"),
        onExit: forward("onExit"),
        reissue: async () => {
          if (typeof latest.current.reissue !== "function") {
            throw new Error("capture-frame: pass a reissue prop to <CaptureFrame> to re-issue URLs");
          }
          return latest.current.reissue();
        },
      },
      (error) => (latest.current.onError ?? console.error)(error),
    );
    return () => mounted.destroy();
  }, [authorizedUrl, title, look, loadTimeoutMs, minHeight, heightTransition]);

  return createElement("div", { ...rest, ref: target });
}
