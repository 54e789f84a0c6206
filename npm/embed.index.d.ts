export { mount, EmbedHandle } from "./capture_frame_embed.js";
export type {
  MountOptions, CaptureEvent, ExitEvent, CaptureMessage, LocaleCode, SessionStatus, FundingDestination,
  TokenSuccessData, ReadyEvent, ResizeEvent, TokenSuccessEvent, VerificationFailedEvent, RetryRequestedEvent,
  MaxAttemptsExceededEvent, CanceledEvent, TerminalFailureEvent, AuthorizedUrlExpiredEvent,
  BoundToOtherDeviceEvent, SessionNotMountableEvent, ReissueFailedEvent,
} from "./capture_frame_embed.js";
