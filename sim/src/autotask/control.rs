//! `GET|POST /sim/autotask`: the fake Autotask's switches (latency, thread limit) and counters.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::model::AtWorld;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/sim/autotask", get(show).post(change))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Change {
    #[serde(default)]
    latency_ms: Option<u64>,
    #[serde(default)]
    thread_limit: Option<u32>,
    #[serde(default)]
    thread_limit_status: Option<u16>,
    /// The vendor integration codes every tenant accepts (none unless registered here: deskset
    /// has no vendor registration).
    #[serde(default)]
    vendor_codes: Option<Vec<String>>,
}

fn summary(at: &AtWorld) -> Value {
    let in_flight: u32 = at.in_flight.values().sum();
    json!({
        "latency_ms": at.switches.latency_ms,
        "thread_limit": at.switches.thread_limit,
        "thread_limit_status": at.switches.thread_limit_status,
        "vendor_codes": at.vendor_codes,
        "calls": at.calls,
        "thread_refusals": at.thread_refusals,
        "in_flight": in_flight,
    })
}

async fn show(State(app): State<AppState>) -> Response {
    Json(summary(&app.lock().autotask)).into_response()
}

async fn change(State(app): State<AppState>, body: Bytes) -> Response {
    let bad = |m: String| (StatusCode::BAD_REQUEST, Json(json!({"error": m}))).into_response();
    let change: Change = match serde_json::from_slice(&body) {
        Ok(c) => c,
        Err(e) => return bad(format!("autotask: {e}")),
    };
    if change.latency_ms.is_some_and(|ms| ms > 60_000) {
        return bad("autotask: latency_ms must be at most 60000".to_owned());
    }
    if change.thread_limit == Some(0) {
        return bad("autotask: thread_limit must be at least 1".to_owned());
    }
    if let Some(status) = change.thread_limit_status {
        if !(400..=599).contains(&status) {
            return bad("autotask: thread_limit_status must be a 4xx or 5xx status".to_owned());
        }
    }
    let mut world = app.lock();
    let s = &mut world.autotask.switches;
    if let Some(ms) = change.latency_ms {
        s.latency_ms = ms;
    }
    if let Some(n) = change.thread_limit {
        s.thread_limit = n;
    }
    if let Some(status) = change.thread_limit_status {
        s.thread_limit_status = status;
    }
    if let Some(codes) = change.vendor_codes {
        world.autotask.vendor_codes = codes;
    }
    Json(summary(&world.autotask)).into_response()
}
