//! capture-server integration tests: the app on 127.0.0.1:0, a fresh SQLite file per test,
//! real HTTP with reqwest.

mod common;
mod frame;
mod hosted;
mod logs;
mod sessions;
mod webhooks;
