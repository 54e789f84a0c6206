use crate::common::*;
use serde_json::Value;

#[tokio::test]
async fn session_page_has_its_csp_and_the_mount_window() {
    let app = TestApp::spawn(Opts::default()).await;
    let now = app.clock_now();
    let (id, _, _) = app.create().await;
    let resp = app.client.get(format!("{}/session/{id}", app.base)).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let h = resp.headers().clone();
    assert_eq!(
        h["content-security-policy"],
        format!("frame-ancestors {ORIGIN}; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'").as_str()
    );
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["cache-control"], "no-store");
    assert!(h["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = resp.text().await.unwrap();
    assert!(!html.contains("{{"), "{html}");
    let grab = |name: &str| -> i64 {
        let needle = format!("name=\"{name}\" content=\"");
        let at = html.find(&needle).unwrap() + needle.len();
        html[at..].split('"').next().unwrap().parse().unwrap()
    };
    assert!((grab("cf-mount-expires-at") - (now + 30)).abs() <= 1);
    assert!((grab("cf-server-time") - now).abs() <= 1);
}

#[tokio::test]
async fn unknown_session_pages_are_404_and_not_framable() {
    let app = TestApp::spawn(Opts::default()).await;
    for id in ["00000000-0000-4000-8000-000000000000", "not-a-session", "..%2F..%2Fsecret.txt"] {
        let resp = app.client.get(format!("{}/session/{id}", app.base)).send().await.unwrap();
        assert_eq!(resp.status(), 404, "{id}");
        assert!(resp.headers()["content-security-policy"].to_str().unwrap().starts_with("frame-ancestors 'none'"));
    }
}

#[tokio::test]
async fn static_files_have_mime_types_cache_headers_and_compression() {
    let app = TestApp::spawn(Opts::default()).await;
    for (path, mime) in [
        ("/assets/frame.css", "text/css; charset=utf-8"),
        ("/assets/boot.js", "text/javascript; charset=utf-8"),
        ("/pkg/web/capture_frame.js", "text/javascript; charset=utf-8"),
        ("/pkg/web/capture_frame_bg.wasm", "application/wasm"),
        ("/locales/en-US/capture.ftl", "text/plain; charset=utf-8"),
        ("/locales/ar-SA/capture.ftl", "text/plain; charset=utf-8"),
    ] {
        let resp = app.client.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        assert_eq!(resp.headers()["content-type"], mime, "{path}");
        assert_eq!(resp.headers()["cache-control"], "public, max-age=300", "{path}");
        assert_eq!(resp.headers()["x-content-type-options"], "nosniff", "{path}");
    }
    let resp = app.client.get(format!("{}/assets/frame.css", app.base)).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(resp.headers()["content-encoding"], "gzip");
    let resp = app.client.get(format!("{}/assets/frame.css", app.base)).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(resp.headers()["content-encoding"], "br");
}

#[tokio::test]
async fn precompressed_siblings_are_sent_as_they_are_when_accepted_and_fresh() {
    let app = TestApp::spawn(Opts::default()).await;
    let pkg = app.dir.path().join("web/pkg/web");
    // Not real brotli: the server must pass the build's bytes through untouched.
    std::fs::write(pkg.join("capture_frame_bg.wasm.br"), b"prebuilt brotli").unwrap();
    std::fs::write(pkg.join("capture_frame_bg.wasm.gz"), b"prebuilt gzip").unwrap();
    let get = |encoding: &'static str| {
        let url = format!("{}/pkg/web/capture_frame_bg.wasm", app.base);
        let client = app.client.clone();
        async move { client.get(url).header("accept-encoding", encoding).send().await.unwrap() }
    };

    let resp = get("gzip, deflate, br").await;
    assert_eq!(resp.headers()["content-encoding"], "br");
    assert_eq!(resp.headers()["content-type"], "application/wasm");
    assert_eq!(resp.headers()["vary"], "accept-encoding");
    assert_eq!(resp.bytes().await.unwrap().as_ref(), b"prebuilt brotli");

    let resp = get("br;q=0, gzip").await;
    assert_eq!(resp.headers()["content-encoding"], "gzip");
    assert_eq!(resp.bytes().await.unwrap().as_ref(), b"prebuilt gzip");

    let resp = get("identity").await;
    assert!(resp.headers().get("content-encoding").is_none());
    assert_eq!(resp.bytes().await.unwrap().as_ref(), b"\0asm\x01\0\0\0");

    // A rebuilt file with siblings left over from the build before: never the stale bytes.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(pkg.join("capture_frame_bg.wasm"), b"\0asm\x01\0\0\0rebuilt").unwrap();
    let resp = get("br").await;
    let encoding = resp.headers().get("content-encoding").cloned();
    let body = resp.bytes().await.unwrap();
    assert_ne!(body.as_ref(), b"prebuilt brotli", "served a sibling older than its file ({encoding:?})");
}

#[tokio::test]
async fn traversal_and_unknown_names_are_refused() {
    let app = TestApp::spawn(Opts::default()).await;
    for path in [
        "/assets/..%2Fsession.html",
        "/assets/..%2F..%2Fsecret.txt",
        "/assets/%2e%2e%2fsecret.txt",
        "/assets/.hidden",
        "/assets/missing.css",
        "/pkg/..%2F..%2F/secret.txt",
        "/pkg/web/..%2F..%2Fsecret.txt",
        "/pkg/%2e%2e/secret.txt",
        "/locales/en-us/capture.ftl",
        "/locales/xx-XX/capture.ftl",
        "/locales/en-US/other.ftl",
        "/locales/..%2F..%2Fsecret.txt/capture.ftl",
        "/www/session.html",
        "/secret.txt",
    ] {
        let resp = app.client.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(resp.status(), 404, "{path}");
        let body = resp.text().await.unwrap();
        assert!(!body.contains("top secret"), "{path}");
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["status"], 13720, "{path}");
    }
}

#[tokio::test]
async fn openapi_document_is_generated_from_the_code() {
    let app = TestApp::spawn(Opts::default()).await;
    let doc: Value = app.client.get(format!("{}/openapi.json", app.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    for p in ["/v1/sessions", "/v1/sessions/{id}", "/v1/sessions/{id}/terminate", "/frame/v1/sessions/{id}/mount", "/frame/v1/sessions/{id}/accounts", "/frame/v1/sessions/{id}/cancel"] {
        assert!(doc["paths"].get(p).is_some(), "{p}");
    }
    let codes = doc["x-api-codes"].as_array().unwrap();
    assert_eq!(codes.len(), capture_protocol::ApiCode::ALL.len());
    assert!(codes.iter().any(|c| c["status"] == 13723 && c["http"] == 409));
    let create = &doc["paths"]["/v1/sessions"]["post"]["responses"];
    for s in ["200", "201", "401", "409", "413", "415", "422", "400"] {
        assert!(create.get(s).is_some(), "{s}");
    }
    assert_eq!(
        doc["components"]["schemas"]["CreateSessionRequest"]["properties"]["language_locale_code"]["enum"].as_array().unwrap().len(),
        28
    );
}

#[tokio::test]
async fn terminal_sessions_still_get_their_page_so_the_frame_can_say_so() {
    let app = TestApp::spawn(Opts::default()).await;
    let mut body = valid_body();
    body["host_uri"] = serde_json::json!("https://shop.example.com");
    let (_, created) = app.create_raw(None, &body).await;
    let (id, _) = split_url(&created["data"]["authorized_url"]);
    app.terminate(&id).await;
    let resp = app.client.get(format!("{}/session/{id}", app.base)).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-security-policy"].to_str().unwrap().starts_with("frame-ancestors https://shop.example.com;"));
    let html = resp.text().await.unwrap();
    assert!(html.contains("content=\"0\""), "no mount window left: {html}");
}
