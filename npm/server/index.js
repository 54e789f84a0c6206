// capture-frame/server: helpers for integrators' Node (>= 18) backends. No dependencies.
import { createHmac, timingSafeEqual, webcrypto } from "node:crypto";

/** Why a webhook or a receipt was refused; `code` says which check failed. */
export class CaptureVerificationError extends Error {
  constructor(code, message) {
    super(`capture-frame: ${message}`);
    this.name = "CaptureVerificationError";
    this.code = code;
  }
}

const fail = (code, message) => {
  throw new CaptureVerificationError(code, message);
};

const bytes = (body) => {
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError("capture-frame: body must be the raw request body (a string, Buffer or Uint8Array), not parsed JSON");
};

/**
 * Checks a webhook's `Capture-Signature` header (`t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>">`, one or more `v1` while a secret rotates) against the raw body, in constant
 * time, and refuses a `t` more than `toleranceSeconds` from now (a replayed delivery). Returns
 * the parsed event; throws CaptureVerificationError otherwise.
 */
export function verifyWebhook({ secret, signature, body, toleranceSeconds = 300 } = {}) {
  if (typeof secret !== "string" || secret === "") throw new TypeError("capture-frame: secret must be your webhook secret (a non-empty string)");
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) throw new TypeError("capture-frame: toleranceSeconds must be a non-negative number");
  const raw = bytes(body);
  if (typeof signature !== "string") fail("missing_signature", "no Capture-Signature header");
  let t;
  const candidates = [];
  for (const part of signature.split(",")) {
    const at = part.indexOf("=");
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/i.test(value)) candidates.push(Buffer.from(value, "hex"));
  }
  if (t === undefined || candidates.length === 0) fail("malformed_signature", "the Capture-Signature header is not t=<unix>,v1=<hex>");
  const expected = createHmac("sha256", secret).update(`${t}.`).update(raw).digest();
  let matched = false;
  for (const candidate of candidates) matched = timingSafeEqual(expected, candidate) || matched;
  if (!matched) fail("signature_mismatch", "the webhook signature does not match its body and your secret");
  if (Math.abs(Date.now() / 1000 - t) > toleranceSeconds) {
    fail("timestamp_outside_tolerance", `the webhook was signed at t=${t}, more than ${toleranceSeconds} s from now (a replay?)`);
  }
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return fail("malformed_body", "the signed body is not JSON");
  }
}

const base64url = (text) => {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) fail("malformed_receipt", "a receipt part is not base64url");
  return Buffer.from(text, "base64url");
};

const json = (part, what) => {
  try {
    const value = JSON.parse(base64url(part).toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value)) return value;
  } catch (e) {
    if (e instanceof CaptureVerificationError) throw e;
  }
  return fail("malformed_receipt", `the receipt's ${what} is not a JSON object`);
};

const CLAIMS = {
  session_identifier: "string",
  customer_account_token: "string",
  funding_destination: "string",
  last4: "string",
  event_id: "string",
  iat: "number",
};

/**
 * Verifies a receipt (`token_success.data.receipt`): a compact JWS, ES256, header
 * `typ: "capture-receipt+jwt"` and a `kid` found in `jwks` (`{ keys: [...] }`, what
 * `GET /.well-known/jwks.json` serves). Returns its claims; throws CaptureVerificationError
 * otherwise. With `sessionIdentifier`, a receipt for another session is refused too.
 */
export async function verifyReceipt(receipt, { jwks, sessionIdentifier } = {}) {
  if (!jwks || !Array.isArray(jwks.keys)) throw new TypeError("capture-frame: jwks must be a JWK set ({ keys: [...] }) from GET /.well-known/jwks.json");
  if (typeof receipt !== "string") fail("malformed_receipt", "the receipt is not a string");
  const parts = receipt.split(".");
  if (parts.length !== 3) fail("malformed_receipt", "the receipt is not a compact JWS (header.claims.signature)");
  const [head, body, sig] = parts;
  const header = json(head, "header");
  if (header.alg !== "ES256") fail("unsupported_algorithm", `the receipt's alg is ${JSON.stringify(header.alg)}, not ES256`);
  if (header.typ !== "capture-receipt+jwt") fail("wrong_type", `the receipt's typ is ${JSON.stringify(header.typ)}, not capture-receipt+jwt`);
  if (typeof header.kid !== "string") fail("unknown_key", "the receipt names no kid");
  const jwk = jwks.keys.find((k) => k && k.kid === header.kid);
  if (!jwk) fail("unknown_key", `no key ${JSON.stringify(header.kid)} in the JWKS (refresh it from /.well-known/jwks.json)`);
  if (jwk.kty !== "EC" || jwk.crv !== "P-256" || (jwk.alg !== undefined && jwk.alg !== "ES256") || (jwk.use !== undefined && jwk.use !== "sig")) {
    fail("unknown_key", `key ${JSON.stringify(header.kid)} is not an ES256 signing key`);
  }
  let key;
  try {
    key = await webcrypto.subtle.importKey("jwk", { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y }, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
  } catch {
    fail("unknown_key", `key ${JSON.stringify(header.kid)} is not a valid P-256 public key`);
  }
  const signature = base64url(sig);
  if (signature.length !== 64) fail("signature_mismatch", "the receipt's signature is not an ES256 signature");
  const signed = Buffer.from(`${head}.${body}`, "ascii");
  const valid = await webcrypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, signature, signed);
  if (!valid) fail("signature_mismatch", "the receipt's signature does not match its contents and key");
  const claims = json(body, "claims");
  for (const [name, type] of Object.entries(CLAIMS)) {
    if (typeof claims[name] !== type) fail("malformed_receipt", `the receipt's ${name} claim is missing or not a ${type}`);
  }
  if (sessionIdentifier !== undefined && claims.session_identifier !== sessionIdentifier) {
    fail("wrong_session", `the receipt is for session ${claims.session_identifier}, not ${sessionIdentifier}`);
  }
  return claims;
}
