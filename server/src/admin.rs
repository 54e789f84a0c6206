//! Commands an operator runs beside the service (`capture-server <command>`), on the same
//! configuration and database as the nodes, while they keep serving.

use crate::config::Settings;
use crate::store::vault::StoredEntry;
use crate::store::{Store, StoreError, StoreOptions};
use crate::vault::{Sealed, Vault};

/// Entries re-sealed per transaction.
const BATCH: i64 = 200;

/// What `reencrypt-vault` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Reencrypted {
    pub resealed: u64,
    /// Entries another process changed meanwhile (left as that process wrote them).
    pub skipped: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("database: {0}")]
    Store(#[from] StoreError),
    #[error("vault entry {token} opens with none of the configured keys (its key id is {key_id:?}): add that key to CAPTURE_VAULT_KEYS and run again")]
    Unopenable { token: String, key_id: String },
}

/// Re-seals every vault entry not sealed by the newest key with the newest key, in batches,
/// reporting progress as `(done, total)`. Idempotent and safe to interrupt: a later run
/// continues with what is left. Nodes must already have the new key configured (newest first),
/// so they can open what this writes.
pub async fn reencrypt_vault(settings: &Settings, mut progress: impl FnMut(u64, u64)) -> Result<Reencrypted, AdminError> {
    let store = Store::connect(&settings.database_url, &StoreOptions::default()).await?;
    let vault = Vault::new(&settings.vault_keys);
    let newest = vault.newest().to_owned();
    let total = store.count_vault_entries_not_under(&newest).await?.max(0) as u64;
    let mut done = Reencrypted::default();
    let mut after = String::new();
    progress(0, total);
    loop {
        let batch = store.vault_entries_not_under(&newest, &after, BATCH).await?;
        let Some(last) = batch.last() else { break };
        after = last.token.clone();
        let mut tx = store.begin().await?;
        for entry in &batch {
            let (nonce, ciphertext) = reseal(&vault, entry)?;
            if tx.reseal_vault_entry(&entry.token, &entry.ciphertext_hex, &newest, &nonce, &ciphertext).await? {
                done.resealed += 1;
            } else {
                done.skipped += 1;
            }
        }
        tx.commit().await?;
        progress(done.resealed + done.skipped, total);
    }
    store.close().await;
    Ok(done)
}

fn reseal(vault: &Vault, entry: &StoredEntry) -> Result<(String, String), AdminError> {
    let unopenable = || AdminError::Unopenable { token: entry.token.clone(), key_id: entry.key_id.clone() };
    let nonce: [u8; 12] = hex::decode(&entry.nonce_hex).ok().and_then(|n| n.try_into().ok()).ok_or_else(unopenable)?;
    let ciphertext = hex::decode(&entry.ciphertext_hex).map_err(|_| unopenable())?;
    let plain = vault.open(&entry.token, &Sealed { key_id: entry.key_id.clone(), nonce, ciphertext }).ok_or_else(unopenable)?;
    let sealed = vault.seal(&entry.token, &plain);
    Ok((hex::encode(sealed.nonce), hex::encode(sealed.ciphertext)))
}
