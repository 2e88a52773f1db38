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
use crate::state::{
    now_ms, parse_datetime, Account, Assumption, AssumptionDuration, DesksetApp, Fault, Feature,
    Plan, Role,
};
use crate::zendesk::security_settings;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sim/reset", post(reset))
        .route("/sim/requests", get(requests))
        .route("/sim/faults", post(add_fault).delete(clear_faults))
        .route("/sim/accounts/{subdomain}", post(change_account))
        .route("/sim/accounts/{subdomain}/users/{key}", post(change_user))
        .route("/sim/accounts/{subdomain}/apps", get(apps))
        .route("/sim/accounts/{subdomain}/config", get(config))
        .route("/sim/accounts/{subdomain}/apps/{app}", post(change_app))
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
    /// A trial account (true: a 14-day trial starts now, unless one is running; false: paid).
    #[serde(default)]
    trial: Option<bool>,
    /// Sets the account assumption setting as if an admin had saved it now (off, day, week, month,
    /// year, always); trial accounts too (it applies once the trial ends).
    #[serde(default)]
    assumption_duration: Option<String>,
    /// Moves the expiration of the (given or current) timed grant: ISO 8601, any offset, past or
    /// future. A time in the past makes the grant read as off.
    #[serde(default)]
    assumption_expiration: Option<String>,
    /// Installs deskset, the console (fresh: not registered, no settings) or uninstalls it.
    #[serde(default)]
    deskset_installed: Option<bool>,
    /// Installs deskset tile (fresh: no Autotask connection) or uninstalls it.
    #[serde(default)]
    tile_installed: Option<bool>,
    /// Switches plan features on or off whatever the plan says (`{"slas": false}`); `null` gives
    /// one back to the plan. Keys: `ticket_forms`, `slas`, `dynamic_content`, `schedules`.
    #[serde(default)]
    features: Option<serde_json::Map<String, Value>>,
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
    let duration = match change.assumption_duration.as_deref() {
        None => None,
        Some(d) => match AssumptionDuration::parse(d) {
            Some(d) => Some(d),
            None => {
                let known: Vec<&str> = AssumptionDuration::ALL.iter().map(|d| d.key()).collect();
                return bad(
                    StatusCode::BAD_REQUEST,
                    format!(
                        "unknown assumption_duration {d:?}; known: {}",
                        known.join(", ")
                    ),
                );
            }
        },
    };
    let expiration = match change.assumption_expiration.as_deref() {
        None => None,
        Some(text) => match parse_datetime(text) {
            Some(ms) => Some(ms),
            None => {
                return bad(
                    StatusCode::BAD_REQUEST,
                    format!(
                    "assumption_expiration {text:?} is not an ISO 8601 time (2025-06-01T12:00:00Z)"
                ),
                )
            }
        },
    };
    let mut switches: Vec<(Feature, Option<bool>)> = Vec::new();
    for (key, value) in change.features.iter().flatten() {
        let Some(feature) = Feature::parse(key) else {
            let known: Vec<&str> = Feature::ALL.iter().map(|f| f.key()).collect();
            return bad(
                StatusCode::BAD_REQUEST,
                format!("unknown feature {key:?}; known: {}", known.join(", ")),
            );
        };
        match value {
            Value::Bool(on) => switches.push((feature, Some(*on))),
            Value::Null => switches.push((feature, None)),
            other => {
                return bad(
                    StatusCode::BAD_REQUEST,
                    format!("feature {key:?}: true, false or null, not {other}"),
                )
            }
        }
    }
    let mut world = app.lock();
    let Some(account) = world.account_mut(&subdomain) else {
        return bad(StatusCode::NOT_FOUND, format!("no account {subdomain:?}"));
    };
    for (feature, on) in switches {
        match on {
            Some(on) => account.feature_overrides.insert(feature, on),
            None => account.feature_overrides.remove(&feature),
        };
    }
    let now = now_ms();
    let mut assumption = match duration {
        Some(d) => Assumption {
            duration: d,
            expiration_ms: d.expiration_from(now),
        },
        None => account.assumption,
    };
    if let Some(ms) = expiration {
        if assumption.expiration_ms.is_none() {
            return bad(
                StatusCode::BAD_REQUEST,
                format!(
                    "assumption_expiration needs a timed grant (day, week, month, year), and {subdomain}'s is {:?}: send assumption_duration too",
                    assumption.duration.key()
                ),
            );
        }
        assumption.expiration_ms = Some(ms);
    }
    account.assumption = assumption;
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
    match change.trial {
        Some(true) if !account.is_trial() => scenario::start_trial(account),
        Some(false) => account.trial_ends_ms = None,
        _ => {}
    }
    match change.deskset_installed {
        Some(true) => {
            scenario::install_deskset(account);
        }
        Some(false) => scenario::uninstall_deskset(account),
        None => {}
    }
    match change.tile_installed {
        Some(true) => {
            scenario::install_tile(account);
        }
        Some(false) => scenario::uninstall_tile(account),
        None => {}
    }
    Json(account_summary(account)).into_response()
}

/// deskset's installations in an account as Zendesk keeps them: readable settings, role
/// restrictions, and what each secure setting holds, described without its value
/// ([`crate::secrets::describe_secret`]: an OAuth token and its scopes, an API token, ...).
async fn apps(State(app): State<AppState>, Path(subdomain): Path<String>) -> Response {
    let world = app.lock();
    let Some(account) = world.account(&subdomain) else {
        return bad(StatusCode::NOT_FOUND, format!("no account {subdomain:?}"));
    };
    let list: Vec<Value> = DesksetApp::ALL
        .into_iter()
        .filter_map(|which| {
            let i = account.installation_of(which)?;
            let secure: serde_json::Map<String, Value> = i
                .secure_settings
                .iter()
                .map(|(name, value)| {
                    let text = match value {
                        Value::String(s) => s.clone(),
                        Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    (name.clone(), crate::secrets::describe_secret(&world, &text))
                })
                .collect();
            Some(json!({
                "app": which.key(),
                "installation_id": i.id,
                "enabled": i.enabled,
                "role_restrictions": i.role_restrictions,
                "settings": i.settings,
                "secure": secure,
            }))
        })
        .collect();
    Json(json!({ "apps": list })).into_response()
}

/// Every configuration item of an account in its API read shape, for tests that compare before and
/// after: `{"groups", "ticket_fields", "user_fields", "organization_fields", "trigger_categories",
/// "triggers", "automations", "macros", "views", "custom_roles", "ticket_forms", "sla_policies",
/// "dynamic_content", "schedules", "brands", "targets", "webhooks", "organizations"}`. Everything
/// stored is there (every user's personal macros and views, inactive items, deleted groups with
/// `deleted: true`, each schedule's `holidays`), in a fixed order: groups, custom roles, dynamic
/// content, schedules, targets and organizations by id, brands and webhooks by name, the others by
/// position then id ([`crate::zendesk::config_json`]).
async fn config(State(app): State<AppState>, Path(subdomain): Path<String>) -> Response {
    let world = app.lock();
    let Some(account) = world.account(&subdomain) else {
        return bad(StatusCode::NOT_FOUND, format!("no account {subdomain:?}"));
    };
    Json(crate::zendesk::config_json(account)).into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AppChange {
    /// Admin Center's role restrictions: role ids (2 admins, 4 agents without a custom role, a
    /// custom role's id), or null for everyone.
    role_restrictions: Option<Vec<u64>>,
}

/// Changes a deskset app's installation as an admin could in Admin Center (its role restrictions).
async fn change_app(
    State(app): State<AppState>,
    Path((subdomain, which)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let change: AppChange = match serde_json::from_slice(&body) {
        Ok(c) => c,
        Err(e) => return bad(StatusCode::BAD_REQUEST, format!("app change: {e}")),
    };
    let Some(which) = DesksetApp::parse(&which) else {
        return bad(
            StatusCode::NOT_FOUND,
            format!("no app {which:?}; known: console, tile"),
        );
    };
    let mut world = app.lock();
    let Some(account) = world.account_mut(&subdomain) else {
        return bad(StatusCode::NOT_FOUND, format!("no account {subdomain:?}"));
    };
    let id = account.installation_id_of(which);
    let Some(installation) = account.installations.iter_mut().find(|i| Some(i.id) == id) else {
        return bad(
            StatusCode::NOT_FOUND,
            format!("{} is not installed in {subdomain}", which.title()),
        );
    };
    installation.role_restrictions = change.role_restrictions;
    Json(json!({
        "app": which.key(),
        "installation_id": installation.id,
        "role_restrictions": installation.role_restrictions,
    }))
    .into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserChange {
    /// `admin`, `agent` or `end-user` (an agent or end user loses any custom role).
    #[serde(default)]
    role: Option<String>,
    /// `false`: deleted (Zendesk keeps the user, inactive).
    #[serde(default)]
    active: Option<bool>,
    #[serde(default)]
    suspended: Option<bool>,
}

/// Changes one user, as an admin of the account could: demote or promote, delete, suspend. A user
/// who is inactive or suspended can no longer sign in (session or token).
async fn change_user(
    State(app): State<AppState>,
    Path((subdomain, key)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let change: UserChange = match serde_json::from_slice(&body) {
        Ok(c) => c,
        Err(e) => return bad(StatusCode::BAD_REQUEST, format!("user change: {e}")),
    };
    let role = match change.role.as_deref() {
        None => None,
        Some("admin") => Some(Role::Admin),
        Some("agent") => Some(Role::Agent),
        Some("end-user") => Some(Role::EndUser),
        Some(other) => {
            return bad(
                StatusCode::BAD_REQUEST,
                format!("unknown role {other:?}; known: admin, agent, end-user"),
            )
        }
    };
    let mut world = app.lock();
    let Some(account) = world.account_mut(&subdomain) else {
        return bad(StatusCode::NOT_FOUND, format!("no account {subdomain:?}"));
    };
    let Some(user) = account.user_mut(&key) else {
        return bad(
            StatusCode::NOT_FOUND,
            format!("no user {key:?} in {subdomain}"),
        );
    };
    if let Some(role) = role {
        if role != user.role {
            user.custom_role_id = None;
        }
        user.role = role;
    }
    if let Some(active) = change.active {
        user.active = active;
    }
    if let Some(suspended) = change.suspended {
        user.suspended = suspended;
    }
    Json(json!({
        "key": user.key,
        "id": user.id,
        "role": user.role.as_str(),
        "active": user.active,
        "suspended": user.suspended,
    }))
    .into_response()
}

pub fn unknown_plan(name: &str) -> String {
    let known: Vec<&str> = Plan::ALL.iter().map(|p| p.key()).collect();
    format!("unknown plan {name:?}; known: {}", known.join(", "))
}

pub fn account_summary(account: &Account) -> Value {
    let now = now_ms();
    let security = security_settings::settings_json(account, now);
    json!({
        "subdomain": account.subdomain,
        "plan": account.plan.key(),
        "trial": account.is_trial(),
        "days_left_in_trial": account.days_left_in_trial(now),
        "rate_limit_per_minute": account.rate_limit(),
        "token_access": account.token_access,
        "deskset_installation_id": account.deskset_installation().map(|i| i.id),
        "tile_installation_id": account.installation_of(DesksetApp::Tile).map(|i| i.id),
        "assumption": {
            "assumable": security["assumable"],
            "assumption_duration": security["assumption_duration"],
            "assumption_expiration": security["assumption_expiration"],
        },
        "users": account.users.iter().map(|u| json!({"key": u.key, "name": u.name, "role": u.role.as_str()})).collect::<Vec<_>>(),
        "features": Feature::ALL
            .iter()
            .map(|f| (f.key().to_owned(), json!(account.has(*f))))
            .collect::<serde_json::Map<_, _>>(),
    })
}
