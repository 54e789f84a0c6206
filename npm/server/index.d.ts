/// <reference types="node" />

export type CaptureVerificationCode =
  | "missing_signature" | "malformed_signature" | "signature_mismatch" | "timestamp_outside_tolerance" | "malformed_body"
  | "malformed_receipt" | "unsupported_algorithm" | "wrong_type" | "unknown_key" | "wrong_session";

/** Why a webhook or a receipt was refused; `code` says which check failed. */
export class CaptureVerificationError extends Error {
  readonly name: "CaptureVerificationError";
  readonly code: CaptureVerificationCode;
}

export type WebhookEventType =
  | "session.completed" | "session.canceled" | "session.terminated" | "session.max_attempts_exceeded"
  | "session.expired" | "verification.failed" | "session.awaiting_decision" | "session.stopped";

/** A webhook's body. `id` is also the `Capture-Event-Id` header: deduplicate on it. */
export interface WebhookEvent {
  id: string;
  type: WebhookEventType | (string & {});
  /** Unix seconds. */
  created: number;
  data: { session_identifier: string; [field: string]: unknown };
}

export interface VerifyWebhookOptions {
  /** Your program's webhook secret. */
  secret: string;
  /** The `Capture-Signature` header. */
  signature: string | undefined;
  /** The raw request body, exactly as received (not parsed JSON). */
  body: string | Uint8Array;
  /** How far `t` may be from now, in seconds. Default 300. */
  toleranceSeconds?: number;
}

/**
 * Checks the signature (constant time) and the timestamp; returns the parsed event or throws
 * CaptureVerificationError.
 */
export function verifyWebhook(options: VerifyWebhookOptions): WebhookEvent;

/** A JWK set, as `GET /.well-known/jwks.json` serves it. */
export interface Jwks {
  keys: Array<{ kty: string; crv?: string; x?: string; y?: string; kid?: string; alg?: string; use?: string }>;
}

/** What a receipt vouches for. */
export interface ReceiptClaims {
  session_identifier: string;
  customer_account_token: string;
  funding_destination: "DEBIT" | "ACH";
  last4: string;
  /** The id of the matching `session.completed` webhook: reconcile on it. */
  event_id: string;
  /** Unix seconds. */
  iat: number;
}

export interface VerifyReceiptOptions {
  jwks: Jwks;
  /** Refuse a receipt for any other session. */
  sessionIdentifier?: string;
}

/** Verifies a receipt (compact JWS, ES256, typ capture-receipt+jwt); returns its claims or throws CaptureVerificationError. */
export function verifyReceipt(receipt: string, options: VerifyReceiptOptions): Promise<ReceiptClaims>;
