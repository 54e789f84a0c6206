use crate::common::*;
use serde_json::Value;

/// DESIGN.md "Security headers", in full.
fn shell_csp(ancestors: &str) -> String {
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors {ancestors}"
    )
}

/// The shell's page and the static prefix it names.
async fn shell(app: &TestApp) -> (reqwest::header::HeaderMap, String, String) {
    let (id, _, _) = app.create().await;
    let resp = app.client.get(format!("{}/session/{id}", app.base)).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let h = resp.headers().clone();
    let html = resp.text().await.unwrap();
    let prefix = meta(&html, "cf-static");
    (h, html, prefix)
}

fn meta(html: &str, name: &str) -> String {
    let needle = format!("name=\"{name}\" content=\"");
    let at = html.find(&needle).unwrap_or_else(|| panic!("no {name} in {html}")) + needle.len();
    html[at..].split('"').next().unwrap().to_owned()
}

async fn session_page_has_its_csp_and_the_mount_window(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let now = app.clock_now();
    let (h, html, prefix) = shell(&app).await;
    assert_eq!(h["content-security-policy"], shell_csp(ORIGIN).as_str());
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["cache-control"], "no-store");
    assert!(h.get("strict-transport-security").is_none(), "plain http: no HSTS");
    assert!(h["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(!html.contains("{{"), "{html}");
    assert!((meta(&html, "cf-mount-expires-at").parse::<i64>().unwrap() - (now + 30)).abs() <= 1);
    assert!((meta(&html, "cf-server-time").parse::<i64>().unwrap() - now).abs() <= 1);
    let build = prefix.strip_prefix("/static/").unwrap();
    assert!(build.len() == 16 && build.bytes().all(|b| b.is_ascii_hexdigit()), "{prefix}");
}

/// The session's locale file is preloaded with the shell, in the form the page's `fetch` of it
/// matches; `"auto"` (negotiated at mount) and en-US (built into the page) preload nothing.
async fn the_shell_preloads_the_sessions_locale_file(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    for (locale, preload) in [("fr-FR", true), ("ar-SA", true), ("en-US", false), ("auto", false)] {
        let mut body = valid_body();
        body["language_locale_code"] = locale.into();
        let (id, _) = app.create_from(&body).await;
        let html = app.client.get(format!("{}/session/{id}", app.base)).send().await.unwrap().text().await.unwrap();
        let prefix = meta(&html, "cf-static");
        let link = format!("<link rel=\"preload\" href=\"{prefix}/locales/{locale}/capture.ftl\" as=\"fetch\" crossorigin>");
        assert_eq!(html.contains(&link), preload, "{locale}: {html}");
        assert_eq!(html.contains("rel=\"preload\""), preload, "{locale}: {html}");
        if locale == "ar-SA" {
            // The test web root holds this locale's file: the link names what is served.
            let file = app.client.get(format!("{}{prefix}/locales/{locale}/capture.ftl", app.base)).send().await.unwrap();
            assert_eq!(file.status(), 200, "{locale}");
        }
    }
}

/// The embed's `warm()` page: any page may frame it (it holds only public code and shows
/// nothing), and it loads the build's frame code and its warm-up script.
async fn the_warm_page_is_framable_by_anyone_and_names_the_builds_frame_code(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (_, _, prefix) = shell(&app).await;
    let resp = app.client.get(format!("{}/warm", app.base)).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-security-policy"], shell_csp("*").as_str());
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let html = resp.text().await.unwrap();
    assert!(html.contains(&format!("<script type=\"module\" src=\"{prefix}/assets/warm.js\">")), "{html}");
    assert!(html.contains(&format!("href=\"{prefix}/pkg/frame/capture_frame.js\"")), "{html}");
}

async fn hsts_when_the_public_base_url_is_https(db: Db) {
    let app = TestApp::spawn(db, Opts { public_base_url: Some("https://pay.example.com".into()), ..Opts::default() }).await;
    let (h, _, prefix) = shell(&app).await;
    assert_eq!(h["strict-transport-security"], "max-age=63072000; includeSubDomains");
    let css = app.client.get(format!("{}{prefix}/assets/frame.css", app.base)).send().await.unwrap();
    assert_eq!(css.headers()["strict-transport-security"], "max-age=63072000; includeSubDomains");
}

async fn unknown_session_pages_are_404_and_not_framable(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    for id in ["00000000-0000-4000-8000-000000000000", "not-a-session", "..%2F..%2Fsecret.txt"] {
        let resp = app.client.get(format!("{}/session/{id}", app.base)).send().await.unwrap();
        assert_eq!(resp.status(), 404, "{id}");
        assert_eq!(resp.headers()["content-security-policy"], shell_csp("'none'").as_str());
    }
}

async fn static_files_under_the_build_prefix_are_immutable_with_mime_types(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (_, _, prefix) = shell(&app).await;
    for (path, mime) in [
        ("/assets/frame.css", "text/css"),
        ("/assets/boot.js", "text/javascript"),
        ("/pkg/web/capture_frame.js", "text/javascript"),
        ("/pkg/web/capture_frame_bg.wasm", "application/wasm"),
        ("/locales/en-US/capture.ftl", "text/plain; charset=utf-8"),
        ("/locales/ar-SA/capture.ftl", "text/plain; charset=utf-8"),
    ] {
        for (url, cache) in [(format!("{prefix}{path}"), "public, max-age=31536000, immutable"), (path.to_owned(), "public, max-age=300")] {
            let resp = app.client.get(format!("{}{url}", app.base)).send().await.unwrap();
            assert_eq!(resp.status(), 200, "{url}");
            assert!(resp.headers()["content-type"].to_str().unwrap().starts_with(mime), "{url}: {:?}", resp.headers()["content-type"]);
            assert_eq!(resp.headers()["cache-control"], cache, "{url}");
            assert_eq!(resp.headers()["x-content-type-options"], "nosniff", "{url}");
        }
    }
    // Without a precompressed sibling the compression layer still compresses.
    let resp = app.client.get(format!("{}{prefix}/assets/frame.css", app.base)).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(resp.headers()["content-encoding"], "br");
    // Another build's prefix is not this node's files: not found, and nothing cached for a year.
    let resp = app.client.get(format!("{}/static/0123456789abcdef/assets/frame.css", app.base)).send().await.unwrap();
    assert_eq!(resp.status(), 404);
    assert_eq!(resp.headers()["cache-control"], "no-store");
}

async fn the_build_prefix_changes_with_any_file(db: Db) {
    let app = TestApp::spawn(db.clone(), Opts::default()).await;
    let (_, _, before) = shell(&app).await;
    // The same files give the same prefix on every node; one changed byte gives another.
    let again = TestApp::spawn(db.clone(), Opts::default()).await;
    assert_eq!(shell(&again).await.2, before);
    let changed = TestApp::spawn(db, Opts::default()).await;
    std::fs::write(changed.dir.path().join("web/www/assets/added.css"), "p { margin: 0 }\n").unwrap();
    let restarted = changed.restart().await;
    assert_ne!(shell(&restarted).await.2, before);
}

async fn precompressed_siblings_are_sent_as_they_are_when_accepted(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
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
    assert_eq!(resp.bytes().await.unwrap().as_ref(), b"prebuilt brotli");

    let resp = get("br;q=0, gzip").await;
    assert_eq!(resp.headers()["content-encoding"], "gzip");
    assert_eq!(resp.bytes().await.unwrap().as_ref(), b"prebuilt gzip");

    let resp = get("identity").await;
    assert!(resp.headers().get("content-encoding").is_none());
    assert_eq!(resp.bytes().await.unwrap().as_ref(), b"\0asm\x01\0\0\0");
}

async fn traversal_and_unknown_names_are_refused(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (_, _, prefix) = shell(&app).await;
    let mut paths: Vec<String> = [
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
    ]
    .iter()
    .flat_map(|p| [p.to_string(), format!("{prefix}{p}")])
    .collect();
    paths.extend(["/www/session.html", "/secret.txt", &format!("{prefix}/www/session.html"), &format!("{prefix}/..%2Fsecret.txt"), &format!("{prefix}/")].map(String::from));
    for path in paths {
        let resp = app.client.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(resp.status(), 404, "{path}");
        let body = resp.text().await.unwrap();
        assert!(!body.contains("top secret"), "{path}");
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["status"], 13720, "{path}");
    }
}

async fn terminal_sessions_still_get_their_page_so_the_frame_can_say_so(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let mut body = valid_body();
    body["host_uri"] = serde_json::json!("https://shop.example.com");
    let (_, created) = app.create_raw(None, &body).await;
    let (id, _) = split_url(&created["data"]["authorized_url"]);
    app.terminate(&id).await;
    let resp = app.client.get(format!("{}/session/{id}", app.base)).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-security-policy"], shell_csp("https://shop.example.com").as_str());
    let html = resp.text().await.unwrap();
    assert!(html.contains("content=\"0\""), "no mount window left: {html}");
}

/// An embed whose frame stayed silent reads the page with CORS to tell "served" from "refused":
/// only the session's `host_uri` may, and an unknown session answers no one.
async fn only_the_host_uri_may_read_the_page_with_cors(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (id, _, _) = app.create().await;
    let page = |id: String, origin: &'static str| app.client.get(format!("{}/session/{id}", app.base)).header("origin", origin).send();
    let resp = page(id.to_string(), ORIGIN).await.unwrap();
    assert_eq!(resp.headers()["access-control-allow-origin"], ORIGIN);
    assert_eq!(resp.headers()["vary"], "origin");
    for origin in ["https://shop.example.com", "null"] {
        let resp = page(id.to_string(), origin).await.unwrap();
        assert!(resp.headers().get("access-control-allow-origin").is_none(), "{origin}");
    }
    let resp = page("00000000-0000-4000-8000-000000000000".into(), ORIGIN).await.unwrap();
    assert_eq!(resp.status(), 404);
    assert!(resp.headers().get("access-control-allow-origin").is_none());
}

/// A known session whose page cannot be served still gets a page its host can frame, naming the
/// session, the host to tell and the code (`assets/failed.js` posts it there).
async fn a_known_sessions_error_page_is_framable_by_its_host_and_names_what_to_post(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (id, _, _) = app.create().await;
    std::fs::remove_file(app.dir.path().join("web/www/session.html")).unwrap();
    let resp = app.client.get(format!("{}/session/{id}", app.base)).send().await.unwrap();
    assert_eq!(resp.status(), 404);
    assert_eq!(resp.headers()["content-security-policy"], shell_csp(ORIGIN).as_str());
    assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = resp.text().await.unwrap();
    assert_eq!(meta(&html, "capture-session"), id.to_string());
    assert_eq!(meta(&html, "capture-host"), ORIGIN);
    assert_eq!(meta(&html, "capture-code"), "not_found");
    assert!(html.contains("/assets/failed.js\""), "{html}");
}

crate::both!(
    a_known_sessions_error_page_is_framable_by_its_host_and_names_what_to_post,
    only_the_host_uri_may_read_the_page_with_cors,
    session_page_has_its_csp_and_the_mount_window,
    the_shell_preloads_the_sessions_locale_file,
    the_warm_page_is_framable_by_anyone_and_names_the_builds_frame_code,
    unknown_session_pages_are_404_and_not_framable,
    hsts_when_the_public_base_url_is_https,
    static_files_under_the_build_prefix_are_immutable_with_mime_types,
    the_build_prefix_changes_with_any_file,
    precompressed_siblings_are_sent_as_they_are_when_accepted,
    traversal_and_unknown_names_are_refused,
    terminal_sessions_still_get_their_page_so_the_frame_can_say_so,
);
