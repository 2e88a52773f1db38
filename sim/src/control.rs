//! The control API: what tests, the bench and developers use to steer the simulator.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::scenario;
use crate::state::{Account, Fault, Plan};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sim/reset", post(reset))
        .route("/sim/requests", get(requests))
        .route("/sim/faults", post(add_fault).delete(clear_faults))
        .route("/sim/accounts/{subdomain}", post(change_account))
}

fn bad(status: StatusCode, message: String) -> Response {
    (status, Json(json!({"error": message}))).into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResetBody {
    #[serde(default)]
    scenario: Option<String>,
}

/// Everything back to the scenario: accounts, the request log, faults. An empty body keeps the
/// current scenario.
async fn reset(State(app): State<AppState>, body: Bytes) -> Response {
    let wanted = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        match serde_json::from_slice::<ResetBody>(&body) {
            Ok(b) => b.scenario,
            Err(e) => return bad(StatusCode::BAD_REQUEST, format!("reset body: {e}")),
        }
    };
    let mut world = app.lock();
    let name = wanted.unwrap_or_else(|| world.scenario.clone());
    let Some(fresh) = scenario::load(&name) else {
        return bad(StatusCode::BAD_REQUEST, crate::unknown_scenario(&name));
    };
    *world = fresh;
    let accounts: Vec<Value> = world.accounts.values().map(account_summary).collect();
    Json(json!({"scenario": name, "accounts": accounts})).into_response()
}

async fn requests(State(app): State<AppState>) -> Response {
    let world = app.lock();
    Json(json!(world.requests)).into_response()
}

async fn add_fault(State(app): State<AppState>, body: Bytes) -> Response {
    let fault: Fault = match serde_json::from_slice(&body) {
        Ok(f) => f,
        Err(e) => return bad(StatusCode::BAD_REQUEST, format!("fault: {e}")),
    };
    if StatusCode::from_u16(fault.status).is_err() {
        return bad(
            StatusCode::BAD_REQUEST,
            format!("fault: {} is not an HTTP status", fault.status),
        );
    }
    if !fault.path.starts_with('/') {
        return bad(
            StatusCode::BAD_REQUEST,
            "fault: path must start with / (the URL's path, no host, no query)".to_owned(),
        );
    }
    let mut world = app.lock();
    if let Some(account) = &fault.account {
        if world.account(account).is_none() {
            return bad(
                StatusCode::NOT_FOUND,
                format!("fault: no account {account:?}"),
            );
        }
    }
    world.faults.push(fault);
    Json(json!({"pending": world.faults.len()})).into_response()
}

async fn clear_faults(State(app): State<AppState>) -> Response {
    app.lock().faults.clear();
    Json(json!({"pending": 0})).into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountChange {
    #[serde(default)]
    plan: Option<String>,
    #[serde(default)]
    rate_limit_per_minute: Option<u32>,
    /// API token access (Admin Center > Apps and integrations > APIs).
    #[serde(default)]
    token_access: Option<bool>,
}

async fn change_account(
    State(app): State<AppState>,
    Path(subdomain): Path<String>,
    body: Bytes,
) -> Response {
    let change: AccountChange = match serde_json::from_slice(&body) {
        Ok(c) => c,
        Err(e) => return bad(StatusCode::BAD_REQUEST, format!("account change: {e}")),
    };
    let plan = match change.plan.as_deref().map(|p| (p, Plan::parse(p))) {
        None => None,
        Some((_, Some(plan))) => Some(plan),
        Some((name, None)) => return bad(StatusCode::BAD_REQUEST, unknown_plan(name)),
    };
    if change.rate_limit_per_minute == Some(0) {
        return bad(
            StatusCode::BAD_REQUEST,
            "rate_limit_per_minute must be at least 1".to_owned(),
        );
    }
    let mut world = app.lock();
    let Some(account) = world.account_mut(&subdomain) else {
        return bad(StatusCode::NOT_FOUND, format!("no account {subdomain:?}"));
    };
    if let Some(plan) = plan {
        account.plan = plan;
    }
    if let Some(limit) = change.rate_limit_per_minute {
        account.rate_limit_override = Some(limit);
        // A new limit starts a new window, so a test sees it at once.
        account.rate = Default::default();
    }
    if let Some(on) = change.token_access {
        account.token_access = on;
    }
    Json(account_summary(account)).into_response()
}

pub fn unknown_plan(name: &str) -> String {
    let known: Vec<&str> = Plan::ALL.iter().map(|p| p.key()).collect();
    format!("unknown plan {name:?}; known: {}", known.join(", "))
}

pub fn account_summary(account: &Account) -> Value {
    json!({
        "subdomain": account.subdomain,
        "plan": account.plan.key(),
        "rate_limit_per_minute": account.rate_limit(),
        "token_access": account.token_access,
        "users": account.users.iter().map(|u| json!({"key": u.key, "name": u.name, "role": u.role.as_str()})).collect::<Vec<_>>(),
    })
}
