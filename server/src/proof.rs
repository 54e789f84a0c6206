//! Proof of possession (after RFC 9449): a compact JWS, ES256, header `{"alg":"ES256","typ":
//! "capture-proof+jwt"}`, claims [`ProofClaims`], signature r‖s (64 bytes, as WebCrypto
//! produces), verified against the JWK bound at mount.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use capture_protocol::frame_api::{ProofClaims, ProofHeader, PublicJwk, PROOF_MAX_SKEW_SECS};
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::EncodedPoint;
use sha2::{Digest, Sha256};

/// RFC 7638 thumbprint: base64url(SHA-256(canonical JWK)).
pub fn thumbprint(jwk: &PublicJwk) -> String {
    B64.encode(Sha256::digest(jwk.thumbprint_input().as_bytes()))
}

/// base64url (no padding) SHA-256 of the body bytes, the `bh` claim.
pub fn body_hash(body: &[u8]) -> String {
    B64.encode(Sha256::digest(body))
}

/// The verifying key of a P-256 JWK, if it is a valid curve point.
pub fn verifying_key(jwk: &PublicJwk) -> Option<VerifyingKey> {
    if !jwk.is_p256() {
        return None;
    }
    let x = B64.decode(&jwk.x).ok()?;
    let y = B64.decode(&jwk.y).ok()?;
    if x.len() != 32 || y.len() != 32 {
        return None;
    }
    let point = EncodedPoint::from_affine_coordinates(x.as_slice().into(), y.as_slice().into(), false);
    VerifyingKey::from_encoded_point(&point).ok()
}

/// Why a proof was refused (all answer `invalid_proof`; the reason is only logged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("malformed")]
    Malformed,
    #[error("wrong header")]
    Header,
    #[error("bad signature")]
    Signature,
    #[error("wrong method")]
    Method,
    #[error("wrong path")]
    Path,
    #[error("body hash mismatch")]
    BodyHash,
    #[error("stale iat")]
    Stale,
}

/// Verifies everything but the one-time id, which the caller records. `now` is `None` where
/// the request carries its own one-time freshness (the mount token): a device whose clock is
/// off can then still mount, and learns the server's time from the answer.
pub fn verify(jws: &str, key: &VerifyingKey, method: &str, path: &str, body: &[u8], now: Option<i64>) -> Result<ProofClaims, ProofError> {
    if jws.len() > 4096 {
        return Err(ProofError::Malformed);
    }
    let mut parts = jws.split('.');
    let (Some(h), Some(p), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(ProofError::Malformed);
    };
    let header: ProofHeader = B64.decode(h).ok().and_then(|b| serde_json::from_slice(&b).ok()).ok_or(ProofError::Malformed)?;
    if header != ProofHeader::es256() {
        return Err(ProofError::Header);
    }
    let sig_bytes = B64.decode(s).map_err(|_| ProofError::Malformed)?;
    let sig = Signature::from_slice(&sig_bytes).map_err(|_| ProofError::Signature)?;
    key.verify(format!("{h}.{p}").as_bytes(), &sig).map_err(|_| ProofError::Signature)?;
    let claims: ProofClaims = B64.decode(p).ok().and_then(|b| serde_json::from_slice(&b).ok()).ok_or(ProofError::Malformed)?;
    if claims.htm != method {
        return Err(ProofError::Method);
    }
    if claims.htu != path {
        return Err(ProofError::Path);
    }
    if claims.bh != body_hash(body) {
        return Err(ProofError::BodyHash);
    }
    // abs_diff: an `iat` near i64::MIN or MAX must not overflow the subtraction.
    if now.is_some_and(|now| claims.iat.abs_diff(now) > PROOF_MAX_SKEW_SECS.unsigned_abs()) {
        return Err(ProofError::Stale);
    }
    if claims.jti.is_empty() || claims.jti.len() > 128 {
        return Err(ProofError::Malformed);
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thumbprint_matches_rfc_9449_example() {
        // RFC 9449 §6.1: this key's `jkt`.
        let jwk = PublicJwk {
            kty: "EC".into(),
            crv: "P-256".into(),
            x: "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs".into(),
            y: "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA".into(),
        };
        assert_eq!(thumbprint(&jwk), "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I");
        assert!(verifying_key(&jwk).is_some(), "a real curve point");
        let off_curve = PublicJwk { y: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".into(), ..jwk };
        assert!(verifying_key(&off_curve).is_none());
    }

    #[test]
    fn body_hash_is_base64url_sha256() {
        assert_eq!(body_hash(b"{}"), "RBNvo1WzZ4oRRq0W9-hknpT7T8If536DEMBg9hyq_4o");
    }
}
