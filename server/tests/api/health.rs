//! `GET /healthz` and `GET /readyz` over HTTP: ready while the database answers, 503 with the
//! API's error envelope once it does not, while health stays 200.

use crate::common::*;
use reqwest::Method;

async fn readyz_is_503_when_the_database_does_not_answer(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (s, body) = app.api(Method::GET, "/readyz", "").await;
    assert_eq!((s.as_u16(), body["status"].as_u64()), (200, Some(102)));
    // The database goes away under the running server.
    app.state().store.close().await;
    let (s, body) = app.api(Method::GET, "/readyz", "").await;
    assert_eq!((s.as_u16(), body["status"].as_u64(), body["data"]["error"].as_str()), (503, Some(13742), Some("database_unavailable")), "{body}");
    let (s, body) = app.api(Method::GET, "/healthz", "").await;
    assert_eq!((s.as_u16(), body["status"].as_u64()), (200, Some(102)), "the process still serves");
}

crate::both!(readyz_is_503_when_the_database_does_not_answer);
