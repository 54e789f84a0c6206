//! Receipts: the server's ES256 compact JWS (header `kid`) over a completed session, which the
//! page hands to its parent, and the JWKS that publishes every configured key's public half, so
//! an integrator's backend verifies a receipt without calling back.

use crate::config::NamedKey;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use capture_protocol::api::{ReceiptClaims, RECEIPT_TYP};
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use serde_json::{json, Value};

/// The receipt keys, newest first: the first signs, all are published.
pub struct Receipts {
    keys: Vec<(String, SigningKey)>,
}

impl Receipts {
    /// `None` when `keys` is empty or one is not a P-256 private key (configuration refuses
    /// both before the server starts).
    pub fn new(keys: &[NamedKey]) -> Option<Receipts> {
        let keys = keys.iter().map(|k| Some((k.id.clone(), SigningKey::from_slice(&k.key).ok()?))).collect::<Option<Vec<_>>>()?;
        (!keys.is_empty()).then_some(Receipts { keys })
    }

    /// `header.claims.signature`, the signature r‖s (JWS ES256). p256 signs deterministically
    /// (RFC 6979): the same claims give the same receipt.
    pub fn sign(&self, claims: &ReceiptClaims) -> String {
        let (kid, key) = &self.keys[0];
        let header = B64.encode(json!({"alg": "ES256", "typ": RECEIPT_TYP, "kid": kid}).to_string());
        let payload = B64.encode(serde_json::to_vec(claims).unwrap_or_default());
        let input = format!("{header}.{payload}");
        let signature: Signature = key.sign(input.as_bytes());
        format!("{input}.{}", B64.encode(signature.to_bytes()))
    }

    /// `GET /.well-known/jwks.json`: every key's public half (RFC 7517), newest first.
    pub fn jwks(&self) -> Value {
        let keys: Vec<Value> = self
            .keys
            .iter()
            .map(|(kid, key)| {
                let point = key.verifying_key().to_encoded_point(false);
                let coord = |c: Option<&p256::FieldBytes>| c.map(|b| B64.encode(b)).unwrap_or_default();
                json!({"kty": "EC", "crv": "P-256", "x": coord(point.x()), "y": coord(point.y()), "kid": kid, "alg": "ES256", "use": "sig"})
            })
            .collect();
        json!({"keys": keys})
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use capture_protocol::{FundingDestination, SessionId};
    use p256::ecdsa::signature::Verifier;
    use p256::ecdsa::VerifyingKey;

    fn claims() -> ReceiptClaims {
        ReceiptClaims {
            session_identifier: SessionId::from_random_bytes([7; 16]),
            customer_account_token: "cat_1".into(),
            funding_destination: FundingDestination::Debit,
            last4: "4242".into(),
            event_id: "evt_1".into(),
            iat: 1_700_000_000,
        }
    }

    #[test]
    fn the_newest_key_signs_and_every_key_is_published() {
        let keys = [NamedKey { id: "new".into(), key: [3; 32] }, NamedKey { id: "old".into(), key: [4; 32] }];
        let r = Receipts::new(&keys).unwrap();
        let jws = r.sign(&claims());
        assert_eq!(jws, r.sign(&claims()), "deterministic");
        let parts: Vec<&str> = jws.split('.').collect();
        let header: Value = serde_json::from_slice(&B64.decode(parts[0]).unwrap()).unwrap();
        assert_eq!(header, json!({"alg": "ES256", "typ": "capture-receipt+jwt", "kid": "new"}));
        let jwks = r.jwks();
        assert_eq!(jwks["keys"].as_array().unwrap().iter().map(|k| k["kid"].as_str().unwrap()).collect::<Vec<_>>(), ["new", "old"]);
        let jwk = &jwks["keys"][0];
        let mut sec1 = vec![4u8];
        sec1.extend(B64.decode(jwk["x"].as_str().unwrap()).unwrap());
        sec1.extend(B64.decode(jwk["y"].as_str().unwrap()).unwrap());
        let vk = VerifyingKey::from_sec1_bytes(&sec1).unwrap();
        let sig = Signature::from_slice(&B64.decode(parts[2]).unwrap()).unwrap();
        assert!(vk.verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &sig).is_ok());
        assert!(Receipts::new(&[]).is_none());
        assert!(Receipts::new(&[NamedKey { id: "zero".into(), key: [0; 32] }]).is_none());
    }
}
