//! First-open binding: one ECDSA P-256 key per session, generated non-extractable so script
//! can use it but never read it, kept in IndexedDB so a reload continues the session, and
//! in memory only when the browser refuses storage (cross-site iframes). Every call after mount
//! carries a proof signed with it (compact JWS, ES256, after RFC 9449).

use crate::error::FrameError;
use capture_protocol::frame_api::{ProofClaims, ProofHeader, PublicJwk};
use capture_protocol::SessionId;
use js_sys::{Object, Promise, Reflect, Uint8Array};
use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, IdbDatabase, IdbRequest, IdbTransactionMode};

const DB_NAME: &str = "capture-frame";
const STORE: &str = "keys";

/// base64url without padding (RFC 7515 §2).
pub fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// `header.claims` of a proof, ready to sign.
pub fn signing_input(claims: &ProofClaims) -> Result<String, FrameError> {
    let header = crate::api::to_json(&ProofHeader::es256())?;
    let claims = crate::api::to_json(claims)?;
    Ok(format!("{}.{}", base64url(header.as_bytes()), base64url(claims.as_bytes())))
}

/// The session's key pair and the clock correction its proofs use.
pub struct Binding {
    keys: Object,
    jwk: PublicJwk,
    /// Seconds to add to the local clock to get the server's (set at mount).
    clock_offset: Cell<i64>,
    persisted: bool,
}

impl Binding {
    /// The key stored for `session`, or a new one (stored when the browser allows).
    pub async fn load_or_create(session: &SessionId) -> Result<Binding, FrameError> {
        let db = open_db().await.ok();
        if let Some(db) = &db {
            if let Ok(Some(keys)) = idb_get(db, session.as_str()).await {
                return Self::from_keys(keys, true).await;
            }
        }
        let algorithm = object(&[("name", "ECDSA".into()), ("namedCurve", "P-256".into())])?;
        let usages = js_sys::Array::of1(&"sign".into());
        // Non-extractable: the private key can sign but never leave the browser.
        let keys: Object = JsFuture::from(subtle()?.generate_key_with_object(&algorithm, false, &usages)?).await?.unchecked_into();
        let persisted = match &db {
            Some(db) => idb_put(db, session.as_str(), &keys).await.is_ok(),
            None => false,
        };
        Self::from_keys(keys, persisted).await
    }

    async fn from_keys(keys: Object, persisted: bool) -> Result<Binding, FrameError> {
        let public: CryptoKey = Reflect::get(&keys, &"publicKey".into())?.dyn_into()?;
        let jwk = JsFuture::from(subtle()?.export_key("jwk", &public)?).await?;
        let member = |name: &str| Reflect::get(&jwk, &name.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
        let jwk = PublicJwk { kty: member("kty"), crv: member("crv"), x: member("x"), y: member("y") };
        Ok(Binding { keys, jwk, clock_offset: Cell::new(0), persisted })
    }

    pub fn public_jwk(&self) -> &PublicJwk {
        &self.jwk
    }

    pub fn private_key(&self) -> Result<CryptoKey, FrameError> {
        Ok(Reflect::get(&self.keys, &"privateKey".into())?.dyn_into()?)
    }

    /// Whether the key is in IndexedDB (false: memory only, gone on reload).
    pub fn is_persisted(&self) -> bool {
        self.persisted
    }

    /// Aligns proof times with the server's clock as the mount answer gave it.
    pub fn set_server_time(&self, server_time: i64) {
        self.clock_offset.set(server_time - now_secs());
    }

    /// The `capture-proof` header value for a request.
    pub async fn proof(&self, method: &str, path: &str, body: &[u8]) -> Result<String, FrameError> {
        let subtle = subtle()?;
        let digest = JsFuture::from(subtle.digest_with_str_and_u8_array("SHA-256", body)?).await?;
        let mut jti = [0u8; 16];
        crypto()?.get_random_values_with_u8_array(&mut jti)?;
        let claims = ProofClaims {
            htm: method.to_owned(),
            htu: path.to_owned(),
            bh: base64url(&Uint8Array::new(&digest).to_vec()),
            iat: now_secs() + self.clock_offset.get(),
            jti: base64url(&jti),
        };
        let input = signing_input(&claims)?;
        // WebCrypto's ECDSA signature is already the 64-byte r||s that JWS wants.
        let algorithm = object(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())])?;
        let sig = JsFuture::from(subtle.sign_with_object_and_u8_array(&algorithm, &self.private_key()?, input.as_bytes())?).await?;
        Ok(format!("{input}.{}", base64url(&Uint8Array::new(&sig).to_vec())))
    }
}

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

fn crypto() -> Result<web_sys::Crypto, FrameError> {
    Ok(web_sys::window().ok_or_else(|| FrameError::Js("no window".into()))?.crypto()?)
}

fn subtle() -> Result<web_sys::SubtleCrypto, FrameError> {
    Ok(crypto()?.subtle())
}

fn object(members: &[(&str, JsValue)]) -> Result<Object, FrameError> {
    let o = Object::new();
    for (k, v) in members {
        Reflect::set(&o, &(*k).into(), v)?;
    }
    Ok(o)
}

/// A request's outcome as a future: `success` resolves, `error` rejects.
async fn settle(req: &IdbRequest) -> Result<JsValue, FrameError> {
    let promise = Promise::new(&mut |resolve, reject| {
        req.set_onsuccess(Some(&resolve));
        req.set_onerror(Some(&reject));
    });
    JsFuture::from(promise).await?;
    Ok(req.result()?)
}

/// Opens the key store. Throws or errors in cross-site iframes, where storage is denied.
async fn open_db() -> Result<IdbDatabase, FrameError> {
    let factory = web_sys::window().and_then(|w| w.indexed_db().ok().flatten()).ok_or_else(|| FrameError::Js("no indexedDB".into()))?;
    let req = factory.open_with_u32(DB_NAME, 1)?;
    // Lives until the open settles; an upgrade happens only before `success`.
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        let db = e.target().and_then(|t| t.dyn_into::<IdbRequest>().ok()).and_then(|r| r.result().ok());
        if let Some(db) = db.and_then(|d| d.dyn_into::<IdbDatabase>().ok()) {
            let _ = db.create_object_store(STORE);
        }
    });
    req.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db = settle(&req).await;
    req.set_onupgradeneeded(None);
    Ok(db?.dyn_into()?)
}

async fn idb_get(db: &IdbDatabase, key: &str) -> Result<Option<Object>, FrameError> {
    let store = db.transaction_with_str(STORE)?.object_store(STORE)?;
    let value = settle(&store.get(&key.into())?).await?;
    Ok(value.dyn_into::<Object>().ok())
}

async fn idb_put(db: &IdbDatabase, key: &str, keys: &Object) -> Result<(), FrameError> {
    let store = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?.object_store(STORE)?;
    settle(&store.put_with_key(keys, &key.into())?).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_matches_rfc4648_without_padding() {
        for (input, want) in [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")] {
            assert_eq!(base64url(input.as_bytes()), want);
        }
        assert_eq!(base64url(&[0xfb, 0xff, 0xbf]), "-_-_");
    }
}
