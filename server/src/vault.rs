//! Captured accounts are stored only encrypted: AES-256-GCM with a random 96-bit nonce per
//! entry and the token as associated data. Only last4, brand and destination are in clear.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::{Rng, RngCore};

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// The vault's cipher.
pub struct Vault {
    cipher: Aes256Gcm,
}

/// One sealed entry: nonce and ciphertext (with tag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
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
    pub fn new(key: &[u8; 32]) -> Self {
        Self { cipher: Aes256Gcm::new(key.into()) }
    }

    pub fn seal(&self, token: &str, plaintext: &[u8]) -> Sealed {
        let mut nonce = [0u8; 12];
        rand::thread_rng().fill_bytes(&mut nonce);
        let ciphertext = self
            .cipher
            .encrypt(&Nonce::from(nonce), Payload { msg: plaintext, aad: token.as_bytes() })
            .expect("AES-GCM encryption of a bounded message cannot fail");
        Sealed { nonce, ciphertext }
    }

    pub fn open(&self, token: &str, sealed: &Sealed) -> Option<Vec<u8>> {
        self.cipher.decrypt(&Nonce::from(sealed.nonce), Payload { msg: &sealed.ciphertext, aad: token.as_bytes() }).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_round_trip_and_binding_to_token() {
        let v = Vault::new(&[7; 32]);
        let s = v.seal("cat_a", b"4242424242424242");
        assert!(!s.ciphertext.windows(4).any(|w| w == b"4242"));
        assert_eq!(v.open("cat_a", &s).unwrap(), b"4242424242424242");
        assert!(v.open("cat_b", &s).is_none());
        assert!(Vault::new(&[8; 32]).open("cat_a", &s).is_none());
        let t = new_token();
        assert!(t.starts_with("cat_") && t.len() == 28 && t[4..].bytes().all(|b| b.is_ascii_alphanumeric()));
    }
}
