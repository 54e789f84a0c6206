//! The vault's key rotation and the erasure of a recipient's details after retention.

use crate::common::*;

const NEW_KEY: &str = "2222222222222222222222222222222222222222222222222222222222222222";
const CONFIG_KEY: &str = "1111111111111111111111111111111111111111111111111111111111111111";

async fn key_id(app: &TestApp, token: &str) -> String {
    sqlx::query_scalar("SELECT key_id FROM vault_entries WHERE token = $1").bind(token).fetch_one(&app.sql().await).await.unwrap()
}

async fn capture(app: &TestApp) -> String {
    let (id, key) = app.mounted().await;
    let (_, body) = app.frame_call(&id, "accounts", &key, &debit("4242424242424242", "José Núñez", "94107")).await;
    body["data"]["customer_account_token"].as_str().unwrap().to_owned()
}

async fn keys_rotate_and_reencrypt_vault_moves_old_entries_to_the_newest(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let old_token = capture(&app).await;
    assert_eq!(key_id(&app, &old_token).await, "config");
    // The operator adds a new key, newest first; the old one still decrypts.
    let mut app = app;
    app.opts.vault_keys = Some(format!("2026-12:{NEW_KEY},config:{CONFIG_KEY}"));
    let app = app.restart().await;
    let new_token = capture(&app).await;
    assert_eq!((key_id(&app, &old_token).await, key_id(&app, &new_token).await), ("config".into(), "2026-12".into()), "the newest key seals new entries");

    let mut settings = capture_server::Settings::from_toml(&config_toml(&app.opts)).unwrap();
    settings.database_url = capture_server::config::DatabaseUrl::try_from(app.db_url.as_str()).unwrap();
    settings.vault_keys = capture_server::config::parse_vault_keys(app.opts.vault_keys.as_deref().unwrap()).unwrap();
    let mut seen = Vec::new();
    let done = capture_server::admin::reencrypt_vault(&settings, |d, t| seen.push((d, t))).await.unwrap();
    assert_eq!((done.resealed, done.skipped), (1, 0));
    assert_eq!(seen.first(), Some(&(0, 1)), "progress starts with the total");
    assert_eq!(seen.last(), Some(&(1, 1)));
    assert_eq!(key_id(&app, &old_token).await, "2026-12");
    // A vault with only the new key now opens every entry; a second run has nothing to do.
    settings.vault_keys = capture_server::config::parse_vault_keys(&format!("2026-12:{NEW_KEY}")).unwrap();
    let vault = capture_server::vault::Vault::new(&settings.vault_keys);
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT token, nonce_hex, ciphertext_hex FROM vault_entries").fetch_all(&app.sql().await).await.unwrap();
    for (token, nonce, ct) in rows {
        let sealed = capture_server::vault::Sealed { key_id: "2026-12".into(), nonce: hex::decode(nonce).unwrap().try_into().unwrap(), ciphertext: hex::decode(ct).unwrap() };
        let plain: serde_json::Value = serde_json::from_slice(&vault.open(&token, &sealed).expect("opens with the new key alone")).unwrap();
        assert_eq!(plain["card_number"], "4242424242424242");
        assert!(token == old_token || token == new_token);
    }
    assert_eq!(capture_server::admin::reencrypt_vault(&settings, |_, _| {}).await.unwrap().resealed, 0);
}

async fn recipient_details_are_erased_after_the_retention_of_a_terminal_session(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (ended, _, _) = app.create().await;
    app.terminate(&ended).await;
    let (active, _, _) = app.create().await;
    let state = app.state();
    let recipient = |id: String| {
        let app = &app;
        async move {
            sqlx::query_as::<_, (String, String, String, Option<i64>)>(
                "SELECT recipient_first_name, recipient_last_name, recipient_postal_code, pii_erased_at FROM sessions WHERE id = $1",
            )
            .bind(id)
            .fetch_one(&app.sql().await)
            .await
            .unwrap()
        }
    };
    app.clock.advance(29 * 86_400);
    capture_server::workers::reaper::reap_once(state).await.unwrap();
    assert_eq!(recipient(ended.clone()).await.0, "José", "kept within the 30-day retention");
    app.clock.advance(86_400 + 1);
    capture_server::workers::reaper::reap_once(state).await.unwrap();
    let (first, last, zip, erased) = recipient(ended.clone()).await;
    assert_eq!((first.as_str(), last.as_str(), zip.as_str()), ("", "", ""));
    assert!(erased.is_some());
    // The session itself and its operational view remain.
    let view = app.get(&ended).await.1;
    assert_eq!((view["data"]["status"].as_str(), view["data"]["client_reference_id"].as_str()), (Some("terminated"), Some("order-42")));
    // The other session expired on its TTL at the first pass, so its retention runs from then.
    assert_eq!(recipient(active).await.0, "José");
}

crate::both!(
    keys_rotate_and_reencrypt_vault_moves_old_entries_to_the_newest,
    recipient_details_are_erased_after_the_retention_of_a_terminal_session,
);
