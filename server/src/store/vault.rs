//! `vault_entries`: captured accounts, only encrypted; last4 and brand in clear.

use super::{on_tx, Result, Tx};

/// One sealed entry as stored.
#[derive(Debug)]
pub struct VaultEntry<'a> {
    pub token: &'a str,
    pub session_id: &'a str,
    pub funding_destination: &'a str,
    pub brand: Option<&'a str>,
    pub last4: &'a str,
    pub key_id: &'a str,
    pub nonce_hex: String,
    pub ciphertext_hex: String,
    pub now: i64,
}

/// What an entry says in clear: `(funding_destination, last4)`.
const SUMMARY: &str = "SELECT funding_destination, last4 FROM vault_entries WHERE token = $1";

impl super::Store {
    pub async fn vault_summary(&self, token: &str) -> Result<Option<(String, String)>> {
        Ok(super::on_pool!(self, |c| sqlx::query_as::<_, (String, String)>(SUMMARY).bind(token).fetch_optional(c).await?))
    }
}

impl Tx {
    pub async fn vault_summary(&mut self, token: &str) -> Result<Option<(String, String)>> {
        Ok(on_tx!(self, |c| sqlx::query_as::<_, (String, String)>(SUMMARY).bind(token).fetch_optional(&mut *c).await?))
    }

    /// Deletes an entry (a gated account the integrator did not take).
    pub async fn delete_vault_entry(&mut self, token: &str) -> Result<()> {
        const SQL: &str = "DELETE FROM vault_entries WHERE token = $1";
        on_tx!(self, |c| sqlx::query(SQL).bind(token).execute(&mut *c).await?.rows_affected());
        Ok(())
    }

    pub async fn insert_vault_entry(&mut self, e: &VaultEntry<'_>) -> Result<()> {
        const SQL: &str = "INSERT INTO vault_entries (token, session_id, funding_destination, brand, last4, nonce_hex, ciphertext_hex, created_at, key_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
        on_tx!(self, |c| sqlx::query(SQL)
            .bind(e.token)
            .bind(e.session_id)
            .bind(e.funding_destination)
            .bind(e.brand)
            .bind(e.last4)
            .bind(&e.nonce_hex)
            .bind(&e.ciphertext_hex)
            .bind(e.now)
            .bind(e.key_id)
            .execute(&mut *c)
            .await?.rows_affected());
        Ok(())
    }
}

/// A stored entry as the re-encryption reads it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredEntry {
    pub token: String,
    pub key_id: String,
    pub nonce_hex: String,
    pub ciphertext_hex: String,
}

impl super::Store {
    /// Up to `limit` entries not sealed by `key_id`, after `after` (a token cursor).
    pub async fn vault_entries_not_under(&self, key_id: &str, after: &str, limit: i64) -> Result<Vec<StoredEntry>> {
        const SQL: &str = "SELECT token, key_id, nonce_hex, ciphertext_hex FROM vault_entries WHERE key_id <> $1 AND token > $2 ORDER BY token LIMIT $3";
        Ok(super::on_pool!(self, |c| sqlx::query_as::<_, StoredEntry>(SQL).bind(key_id).bind(after).bind(limit).fetch_all(c).await?))
    }

    /// Entries not sealed by `key_id`.
    pub async fn count_vault_entries_not_under(&self, key_id: &str) -> Result<i64> {
        const SQL: &str = "SELECT COUNT(*) FROM vault_entries WHERE key_id <> $1";
        Ok(super::on_pool!(self, |c| sqlx::query_scalar::<_, i64>(SQL).bind(key_id).fetch_one(c).await?))
    }
}

impl Tx {
    /// Replaces an entry's sealing, only if it is still the one that was read (compare-and-set
    /// on the old ciphertext, so two re-encryptions never clobber each other).
    pub async fn reseal_vault_entry(&mut self, token: &str, old_ciphertext_hex: &str, key_id: &str, nonce_hex: &str, ciphertext_hex: &str) -> Result<bool> {
        const SQL: &str = "UPDATE vault_entries SET key_id = $1, nonce_hex = $2, ciphertext_hex = $3 WHERE token = $4 AND ciphertext_hex = $5";
        let n = on_tx!(self, |c| sqlx::query(SQL)
            .bind(key_id)
            .bind(nonce_hex)
            .bind(ciphertext_hex)
            .bind(token)
            .bind(old_ciphertext_hex)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(n == 1)
    }
}
