// capture-frame/server against real HMACs and real ES256 keys made here with Node's WebCrypto
// (the server's receipts come later; its real webhooks are verified in the samples and the
// Node consumer test). Run: node --test npm/server/
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac, webcrypto } from "node:crypto";
import { CaptureVerificationError, verifyReceipt, verifyWebhook } from "./index.js";

const secret = "whsec_test";
const now = () => Math.floor(Date.now() / 1000);
const body = JSON.stringify({ id: "evt_1", type: "session.completed", created: now(), data: { session_identifier: "5cf34a7d-25b6-4400-b19d-53a171d324e1" } });
const sign = (t, payload = body, key = secret) => `t=${t},v1=${createHmac("sha256", key).update(`${t}.${payload}`).digest("hex")}`;
const refused = (code) => (error) => error instanceof CaptureVerificationError && error.code === code;

test("a correctly signed, fresh webhook gives back its event, from a string or a Buffer", () => {
  const signature = sign(now());
  assert.deepEqual(verifyWebhook({ secret, signature, body }), JSON.parse(body));
  assert.equal(verifyWebhook({ secret, signature, body: Buffer.from(body) }).id, "evt_1");
  // While a secret rotates, the header carries one v1 per secret.
  const rotating = `${sign(now(), body, "whsec_old")},v1=${sign(now()).split("v1=")[1]}`;
  assert.equal(verifyWebhook({ secret, signature: rotating, body }).type, "session.completed");
});

test("a webhook signed with another secret, or whose body changed, is refused", () => {
  assert.throws(() => verifyWebhook({ secret, signature: sign(now(), body, "whsec_other"), body }), refused("signature_mismatch"));
  assert.throws(() => verifyWebhook({ secret, signature: sign(now()), body: body.replace("completed", "canceled") }), refused("signature_mismatch"));
});

test("a stale or future t is refused even when correctly signed; the tolerance is 300 s by default", () => {
  assert.throws(() => verifyWebhook({ secret, signature: sign(now() - 301), body }), refused("timestamp_outside_tolerance"));
  assert.throws(() => verifyWebhook({ secret, signature: sign(now() + 400), body }), refused("timestamp_outside_tolerance"));
  assert.equal(verifyWebhook({ secret, signature: sign(now() - 250), body }).id, "evt_1");
  assert.throws(() => verifyWebhook({ secret, signature: sign(now() - 60), body, toleranceSeconds: 30 }), refused("timestamp_outside_tolerance"));
});

test("malformed headers and arguments are refused with a clear error", () => {
  for (const signature of ["", "t=1", "v1=abc", "t=x,v1=" + "0".repeat(64), "garbage"]) {
    assert.throws(() => verifyWebhook({ secret, signature, body }), refused("malformed_signature"), signature);
  }
  assert.throws(() => verifyWebhook({ secret, signature: undefined, body }), refused("missing_signature"));
  assert.throws(() => verifyWebhook({ secret, signature: sign(now()), body: JSON.parse(body) }), /raw request body/);
  assert.throws(() => verifyWebhook({ secret: "", signature: sign(now()), body }), /secret/);
  const notJson = "not json";
  assert.throws(() => verifyWebhook({ secret, signature: sign(now(), notJson), body: notJson }), refused("malformed_body"));
});

const b64 = (value) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

async function issuer(kid = "rk_1") {
  const { privateKey, publicKey } = await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  const jwk = { ...(await webcrypto.subtle.exportKey("jwk", publicKey)), kid, alg: "ES256", use: "sig" };
  delete jwk.key_ops;
  delete jwk.ext;
  const receipt = async (claims, header = { alg: "ES256", typ: "capture-receipt+jwt", kid }) => {
    const signed = `${b64(header)}.${b64(claims)}`;
    const signature = await webcrypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, privateKey, Buffer.from(signed));
    return `${signed}.${Buffer.from(signature).toString("base64url")}`;
  };
  return { jwks: { keys: [jwk] }, receipt };
}

const claims = {
  session_identifier: "5cf34a7d-25b6-4400-b19d-53a171d324e1",
  customer_account_token: "cat_1",
  funding_destination: "DEBIT",
  last4: "4242",
  event_id: "evt_1",
  iat: now(),
};

test("a receipt signed by a key in the JWKS gives back its claims", async () => {
  const { jwks, receipt } = await issuer();
  assert.deepEqual(await verifyReceipt(await receipt(claims), { jwks }), claims);
  assert.deepEqual(await verifyReceipt(await receipt(claims), { jwks, sessionIdentifier: claims.session_identifier }), claims);
});

test("a receipt that was changed, signed by another key, or for another session is refused", async () => {
  const { jwks, receipt } = await issuer();
  const other = await issuer();
  const good = await receipt(claims);
  const [head, , sig] = good.split(".");
  await assert.rejects(verifyReceipt(`${head}.${b64({ ...claims, last4: "0000" })}.${sig}`, { jwks }), refused("signature_mismatch"));
  await assert.rejects(verifyReceipt(await other.receipt(claims), { jwks }), refused("signature_mismatch"));
  await assert.rejects(verifyReceipt(good, { jwks, sessionIdentifier: "00000000-0000-4000-8000-000000000000" }), refused("wrong_session"));
});

test("a receipt with another alg, typ or an unknown kid is refused before any signature check", async () => {
  const { jwks, receipt } = await issuer();
  await assert.rejects(verifyReceipt(await receipt(claims, { alg: "none", typ: "capture-receipt+jwt", kid: "rk_1" }), { jwks }), refused("unsupported_algorithm"));
  await assert.rejects(verifyReceipt(await receipt(claims, { alg: "HS256", typ: "capture-receipt+jwt", kid: "rk_1" }), { jwks }), refused("unsupported_algorithm"));
  await assert.rejects(verifyReceipt(await receipt(claims, { alg: "ES256", typ: "capture-proof+jwt", kid: "rk_1" }), { jwks }), refused("wrong_type"));
  await assert.rejects(verifyReceipt(await receipt(claims, { alg: "ES256", typ: "capture-receipt+jwt", kid: "rk_2" }), { jwks }), refused("unknown_key"));
  await assert.rejects(verifyReceipt(await receipt(claims, { alg: "ES256", typ: "capture-receipt+jwt" }), { jwks }), refused("unknown_key"));
});

test("malformed receipts, missing claims and bad key sets are refused with a clear error", async () => {
  const { jwks, receipt } = await issuer();
  for (const bad of ["", "a.b", "a.b.c.d", "!!.!!.!!", `${b64("[1]")}.${b64(claims)}.AA`]) {
    await assert.rejects(verifyReceipt(bad, { jwks }), refused("malformed_receipt"), bad);
  }
  const { iat: _, ...noIat } = claims;
  await assert.rejects(verifyReceipt(await receipt(noIat), { jwks }), refused("malformed_receipt"));
  await assert.rejects(verifyReceipt(await receipt(claims), { jwks: { keys: [{ ...jwks.keys[0], crv: "P-384" }] } }), refused("unknown_key"));
  await assert.rejects(verifyReceipt(await receipt(claims), {}), /jwks must be a JWK set/);
});
