//! Rate limits (per node, in memory, GCRA via `governor`): per client IP and per session on
//! `/frame/v1/…`, per program on `/v1/…`. A request over a limit answers 429 `rate_limited`
//! (13739) with `Retry-After`, before any handler or database work.

use crate::config::{sha256_hex, ClientIp, RateLimits};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use capture_protocol::ApiCode;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::time::Duration;

/// The node's limiters; a limit of 0 has none.
pub struct Limiters {
    client_ip: ClientIp,
    frame_ip: Option<DefaultKeyedRateLimiter<IpAddr>>,
    frame_session: Option<DefaultKeyedRateLimiter<String>>,
    api_program: Option<DefaultKeyedRateLimiter<String>>,
}

fn keyed<K: std::hash::Hash + Eq + Clone>(per: u32, quota: fn(NonZeroU32) -> Quota) -> Option<DefaultKeyedRateLimiter<K>> {
    NonZeroU32::new(per).map(|n| DefaultKeyedRateLimiter::keyed(quota(n)))
}

impl Limiters {
    pub fn new(l: &RateLimits) -> Self {
        Self {
            client_ip: l.client_ip,
            frame_ip: keyed(l.frame_ip_per_minute, Quota::per_minute),
            frame_session: keyed(l.frame_session_per_minute, Quota::per_minute),
            api_program: keyed(l.api_program_per_second, Quota::per_second),
        }
    }

    /// Forgets keys whose bucket is full again (run now and then, so memory stays bounded).
    pub fn forget_idle(&self) {
        if let Some(l) = &self.frame_ip {
            l.retain_recent();
        }
        if let Some(l) = &self.frame_session {
            l.retain_recent();
        }
        if let Some(l) = &self.api_program {
            l.retain_recent();
        }
    }

    fn client_ip(&self, peer: Option<SocketAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        match self.client_ip {
            ClientIp::Peer => peer.map(|p| p.ip()),
            ClientIp::XForwardedFor => headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .last()
                .and_then(|ip| ip.trim().parse().ok())
                .or(peer.map(|p| p.ip())),
        }
    }
}

/// How long until `limiter` lets `key` through again, if it refuses it now.
fn refused<K: std::hash::Hash + Eq + Clone>(limiter: &Option<DefaultKeyedRateLimiter<K>>, key: &K) -> Option<Duration> {
    let limiter = limiter.as_ref()?;
    limiter.check_key(key).err().map(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
}

/// Which limits guard a path (the OpenAPI document adds the 429 where this says so).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// `/frame/v1/…`: per client IP, then per session.
    Frame,
    /// `/v1/…`: per program.
    Program,
}

pub fn scope_of(path: &str) -> Option<Scope> {
    if path.starts_with("/frame/v1/") {
        Some(Scope::Frame)
    } else if path.starts_with("/v1/") {
        Some(Scope::Program)
    } else {
        None
    }
}

/// The middleware.
pub async fn enforce(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limits = &state.limiters;
    let path = request.uri().path();
    let wait = match scope_of(path) {
        Some(Scope::Frame) => {
            let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
            let by_ip = limits.client_ip(peer, request.headers()).and_then(|ip| refused(&limits.frame_ip, &ip).map(|w| ("ip", w)));
            let session = path.strip_prefix("/frame/v1/sessions/").and_then(|r| r.split('/').next()).filter(|s| !s.is_empty());
            by_ip.or_else(|| session.and_then(|s| refused(&limits.frame_session, &s.to_owned()).map(|w| ("session", w))))
        }
        Some(Scope::Program) => {
            let key = request.headers().get("x-api-key").and_then(|v| v.to_str().ok());
            // Unknown keys are refused by authentication; only a program's own requests count.
            let program = key.and_then(|k| state.settings.program_by_key_hash(&sha256_hex(k.as_bytes())));
            program.and_then(|p| refused(&limits.api_program, &p.id).map(|w| ("program", w)))
        }
        None => None,
    };
    let Some((scope, wait)) = wait else { return next.run(request).await };
    metrics::counter!("capture_rate_limited_total", "scope" => scope).increment(1);
    tracing::info!(scope, path, "rate limited");
    let mut resp = ApiError::code(ApiCode::RateLimited).into_response();
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    if let Ok(v) = HeaderValue::from_str(&secs.max(1).to_string()) {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
    resp
}
