//! capture-server integration tests: the app on 127.0.0.1:0, a fresh SQLite file per test,
//! real HTTP with reqwest.

mod bad_input;
mod common;
mod events;
mod frame;
mod gate;
mod hosted;
mod limits;
mod live;
mod refusals;
mod vault;
mod logs;
mod openapi;
mod ops;
mod sessions;
mod webhooks;
