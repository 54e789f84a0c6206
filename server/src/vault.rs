//! Captured accounts are stored only encrypted: AES-256-GCM with a random 96-bit nonce per
//! entry and the token as associated data. Only last4, brand and destination are in clear.
//! Keys carry ids: the newest encrypts, every configured key decrypts, so keys rotate without
//! downtime (`capture-server reencrypt-vault` moves old entries to the newest key).

use crate::config::NamedKey;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::{Rng, RngCore};

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// The vault's ciphers, newest first.
pub struct Vault {
    keys: Vec<(String, Aes256Gcm)>,
}

/// One sealed entry: the id of the key that sealed it, nonce and ciphertext (with tag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub key_id: String,
    pub nonce: [u8; 12],
    pub ciphertext: Vec<u8>,
}

/// `cat_` + 24 random base62 characters.
pub fn new_token() -> String {
    let mut rng = rand::thread_rng();
    let s: String = (0..24).map(|_| BASE62[rng.gen_range(0..BASE62.len())] as char).collect();
    format!("cat_{s}")
}

impl Vault {
    /// `keys` must not be empty (configuration refuses that before the server starts).
    pub fn new(keys: &[NamedKey]) -> Self {
        Self { keys: keys.iter().map(|k| (k.id.clone(), Aes256Gcm::new(&k.key.into()))).collect() }
    }

    /// The id of the key that seals new entries.
    pub fn newest(&self) -> &str {
        self.keys.first().map_or("", |(id, _)| id.as_str())
    }

    pub fn seal(&self, token: &str, plaintext: &[u8]) -> Sealed {
        let (id, cipher) = self.keys.first().expect("a vault has at least one key");
        let mut nonce = [0u8; 12];
        rand::thread_rng().fill_bytes(&mut nonce);
        let ciphertext = cipher
            .encrypt(&Nonce::from(nonce), Payload { msg: plaintext, aad: token.as_bytes() })
            .expect("AES-GCM encryption of a bounded message cannot fail");
        Sealed { key_id: id.clone(), nonce, ciphertext }
    }

    /// Opens an entry with the key it names (an entry from before key ids, `key_id` empty,
    /// is tried with each key: GCM's tag refuses a wrong one).
    pub fn open(&self, token: &str, sealed: &Sealed) -> Option<Vec<u8>> {
        let payload = || Payload { msg: &sealed.ciphertext, aad: token.as_bytes() };
        self.keys
            .iter()
            .filter(|(id, _)| sealed.key_id.is_empty() || *id == sealed.key_id)
            .find_map(|(_, c)| c.decrypt(&Nonce::from(sealed.nonce), payload()).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str, b: u8) -> NamedKey {
        NamedKey { id: id.into(), key: [b; 32] }
    }

    #[test]
    fn seal_open_round_trip_and_binding_to_token() {
        let v = Vault::new(&[key("k1", 7)]);
        let s = v.seal("cat_a", b"4242424242424242");
        assert!(!s.ciphertext.windows(4).any(|w| w == b"4242"));
        assert_eq!(v.open("cat_a", &s).unwrap(), b"4242424242424242");
        assert!(v.open("cat_b", &s).is_none());
        assert!(Vault::new(&[key("k1", 8)]).open("cat_a", &s).is_none());
        let t = new_token();
        assert!(t.starts_with("cat_") && t.len() == 28 && t[4..].bytes().all(|b| b.is_ascii_alphanumeric()));
    }

    #[test]
    fn the_newest_key_seals_and_every_key_opens() {
        let old = Vault::new(&[key("old", 1)]);
        let sealed_old = old.seal("cat_x", b"secret");
        let rotated = Vault::new(&[key("new", 2), key("old", 1)]);
        let sealed_new = rotated.seal("cat_x", b"secret");
        assert_eq!((sealed_old.key_id.as_str(), sealed_new.key_id.as_str(), rotated.newest()), ("old", "new", "new"));
        assert_eq!(rotated.open("cat_x", &sealed_old).unwrap(), b"secret");
        assert_eq!(rotated.open("cat_x", &sealed_new).unwrap(), b"secret");
        assert!(old.open("cat_x", &sealed_new).is_none(), "a node without the new key cannot open it");
        let legacy = Sealed { key_id: String::new(), ..sealed_old };
        assert_eq!(rotated.open("cat_x", &legacy).unwrap(), b"secret", "entries from before key ids are tried with each key");
    }
}
