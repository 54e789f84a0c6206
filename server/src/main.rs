//! `capture-server` binary: reads `CAPTURE_*` environment variables and runs until Ctrl-C.
//! `capture-server reencrypt-vault` re-seals old vault entries with the newest key and exits.

use capture_server::{start, Settings, SystemClock};
use std::sync::Arc;

#[tokio::main]
async fn main() {
    let filter = || tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    // One JSON object a line (with the request's span, so its request_id) for log collectors.
    match std::env::var("CAPTURE_LOG_FORMAT").as_deref() {
        Err(_) | Ok("text") => tracing_subscriber::fmt().with_env_filter(filter()).init(),
        Ok("json") => tracing_subscriber::fmt().json().with_current_span(true).with_span_list(false).with_env_filter(filter()).init(),
        Ok(other) => {
            eprintln!("capture-server: CAPTURE_LOG_FORMAT {other:?}: use json or text");
            std::process::exit(2);
        }
    }
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("capture-server: {e}");
            std::process::exit(2);
        }
    };
    match std::env::args().nth(1).as_deref() {
        None | Some("serve") => {}
        Some("reencrypt-vault") => return reencrypt(settings).await,
        Some("-h" | "--help" | "help") => {
            println!("usage: capture-server [serve | reencrypt-vault]\n  serve            run the server (the default)\n  reencrypt-vault  re-seal every vault entry with the newest key of CAPTURE_VAULT_KEYS, then exit\nConfiguration: CAPTURE_* environment variables (see README.md, \"Running the server\").");
            return;
        }
        Some(other) => {
            eprintln!("capture-server: unknown command {other:?} (try --help)");
            std::process::exit(2);
        }
    }
    let mut app = match start(settings, Arc::new(SystemClock)).await {
        Ok(app) => app,
        Err(e) => {
            eprintln!("capture-server: cannot start: {e}");
            std::process::exit(1);
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => tracing::info!("interrupt: shutting down"),
        _ = terminate_signal() => tracing::info!("SIGTERM: shutting down"),
        _ = app.wait() => tracing::error!("server task ended"),
    }
    app.shutdown().await;
}

#[cfg(unix)]
async fn terminate_signal() {
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(mut s) => {
            s.recv().await;
        }
        Err(_) => std::future::pending().await,
    }
}

#[cfg(not(unix))]
async fn terminate_signal() {
    std::future::pending::<()>().await
}

async fn reencrypt(settings: Settings) {
    let newest = settings.vault_keys.first().map(|k| k.id.clone()).unwrap_or_default();
    let result = capture_server::admin::reencrypt_vault(&settings, |done, total| {
        eprintln!("capture-server: re-sealing vault entries with key {newest:?}: {done}/{total}");
    })
    .await;
    match result {
        Ok(r) => eprintln!("capture-server: done: {} re-sealed, {} changed meanwhile by another process", r.resealed, r.skipped),
        Err(e) => {
            eprintln!("capture-server: reencrypt-vault: {e}");
            std::process::exit(1);
        }
    }
}
