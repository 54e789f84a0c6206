//! The real binary refuses a bad configuration at start, naming what is wrong.

use crate::common::*;
use std::process::Command;

/// Runs `capture-server` with only these variables; returns (exit code, stderr).
fn run(env: &[(&str, &str)]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_capture-server"))
        .env_clear()
        .envs(env.iter().copied())
        .env("CAPTURE_LISTEN", "127.0.0.1:0")
        .output()
        .expect("the binary runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn config_file(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn bad_configurations_refuse_to_start_naming_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let good = config_toml(&Opts::default());
    let db = format!("sqlite://{}", dir.path().join("x.db").display());
    let dup_id = good.replace("id = \"other\"", "id = \"test\"");
    let dup_key = good.replace(&sha256_hex(OTHER_KEY), &sha256_hex(API_KEY));
    let demo = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/demo.toml")).unwrap();
    let no_key: String = good.lines().filter(|l| !l.starts_with("vault_key")).collect::<Vec<_>>().join("\n");
    let no_receipt_key: String = good.lines().filter(|l| !l.starts_with("receipt_keys")).collect::<Vec<_>>().join("\n");
    let demo_receipt_key = good.replace(&format!("{RECEIPT_KID}:{RECEIPT_KEY}"), &format!("demo:{}", capture_server::config::DEMO_RECEIPT_KEY));
    let live_http = good.replace("session_ttl_secs = 3600\n", "session_ttl_secs = 3600\nmode = \"live\"\nverifier_url = \"http://verify.example/v\"\nverifier_secret = \"s\"\n");
    let cases: Vec<(&str, Vec<(&str, String)>, &str)> = vec![
        ("missing file", vec![("CAPTURE_CONFIG", dir.path().join("nope.toml").display().to_string())], "nope.toml (CAPTURE_CONFIG)"),
        ("duplicate program id", vec![("CAPTURE_CONFIG", config_file(dir.path(), "a.toml", &dup_id))], "program id \"test\" appears twice"),
        ("duplicate API key", vec![("CAPTURE_CONFIG", config_file(dir.path(), "b.toml", &dup_key))], "have the same API key"),
        ("demo vault key outside the demo", vec![("CAPTURE_CONFIG", config_file(dir.path(), "c.toml", &demo))], "CAPTURE_DEMO=1"),
        ("no vault key", vec![("CAPTURE_CONFIG", config_file(dir.path(), "d.toml", &no_key))], "no vault key"),
        ("bad CAPTURE_VAULT_KEYS", vec![("CAPTURE_CONFIG", config_file(dir.path(), "e.toml", &no_key)), ("CAPTURE_VAULT_KEYS", "k1:zz".into())], "CAPTURE_VAULT_KEYS"),
        ("both vault variables", vec![("CAPTURE_CONFIG", config_file(dir.path(), "f.toml", &no_key)), ("CAPTURE_VAULT_KEYS", format!("k1:{}", "1".repeat(64))), ("CAPTURE_VAULT_KEY", "2".repeat(64))], "not both"),
        ("no receipt key", vec![("CAPTURE_CONFIG", config_file(dir.path(), "k.toml", &no_receipt_key))], "no receipt key: set CAPTURE_RECEIPT_KEYS"),
        ("demo receipt key outside the demo", vec![("CAPTURE_CONFIG", config_file(dir.path(), "l.toml", &demo_receipt_key))], "receipt key committed in server/demo.toml"),
        ("bad CAPTURE_RECEIPT_KEYS", vec![("CAPTURE_CONFIG", config_file(dir.path(), "m.toml", &no_receipt_key)), ("CAPTURE_RECEIPT_KEYS", format!("r1:{}", "0".repeat(64)))], "CAPTURE_RECEIPT_KEYS: key \"r1\" is not a P-256 private key"),
        ("bad receipt_keys in the file", vec![("CAPTURE_CONFIG", config_file(dir.path(), "n.toml", &good.replace(RECEIPT_KEY, "zz")))], "receipt_keys"),
        ("unknown database scheme", vec![("CAPTURE_CONFIG", config_file(dir.path(), "g.toml", &good)), ("CAPTURE_DATABASE_URL", "mysql://u@h/db".into())], "CAPTURE_DATABASE_URL"),
        ("bad CAPTURE_LOG_FORMAT", vec![("CAPTURE_CONFIG", config_file(dir.path(), "o.toml", &good)), ("CAPTURE_LOG_FORMAT", "yaml".into())], "CAPTURE_LOG_FORMAT \"yaml\": use json or text"),
        ("bad CAPTURE_METRICS_LISTEN", vec![("CAPTURE_CONFIG", config_file(dir.path(), "p.toml", &good)), ("CAPTURE_METRICS_LISTEN", "9090".into())], "CAPTURE_METRICS_LISTEN \"9090\" is not ip:port"),
        ("live program without https", vec![("CAPTURE_CONFIG", config_file(dir.path(), "h.toml", &live_http))], "verifier_url of a live program must be https"),
    ];
    for (what, env, says) in cases {
        let mut env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        if !env.iter().any(|(k, _)| *k == "CAPTURE_DATABASE_URL") {
            env.push(("CAPTURE_DATABASE_URL", &db));
        }
        let (code, stderr) = run(&env);
        assert_eq!(code, 2, "{what}: exit code; stderr: {stderr}");
        assert!(stderr.contains(says), "{what}: stderr should say {says:?}: {stderr}");
    }
    // An unreachable PostgreSQL is a start failure (exit 1), said as such.
    let (code, stderr) = run(&[
        ("CAPTURE_CONFIG", &config_file(dir.path(), "j.toml", &good)),
        ("CAPTURE_DATABASE_URL", "postgres://capture@127.0.0.1:1/none"),
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("cannot start: database"), "{stderr}");
}
