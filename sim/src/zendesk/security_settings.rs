//! `/api/v2/security_settings`: admins only (zendesk-api.md; the spec has no entry, Zendesk's
//! reference documents the read). The account assumption fields are modelled; the others are a
//! fixed, plausible account's.
//!
//! - `GET` answers `{"security_settings": {...}}`. A timed grant whose `assumption_expiration` has
//!   passed reads as off (`assumable: false`, `assumption_duration: "off"`, expiration null). A trial
//!   account is always assumable: `assumable: true`, `assumable_account_type: true`, `always`.
//! - `PUT` `{"security_settings": {"assumption_duration": "off"|"day"|"week"|"month"|"year"|"always",
//!   "assumable"?: bool}}` (Zendesk documents no write; this is the read's shape sent back). The
//!   expiration is computed from the moment of the write ([`AssumptionDuration::expiration_from`]);
//!   a client cannot set it. Other fields are accepted and ignored. A trial account refuses every
//!   write with 403.

use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::error::ZdError;
use super::{authorize, Allowed, Caller, ZdState};
use crate::state::{now_ms, rfc3339_from_ms, Account, Assumption, AssumptionDuration};

pub fn routes() -> Router<ZdState> {
    Router::new().route("/api/v2/security_settings", get(show).put(update))
}

async fn show(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Admins)?;
    Ok(Json(
        json!({ "security_settings": settings_json(account, now_ms()) }),
    ))
}

async fn update(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Admins)?;
    if account.is_trial() {
        return Err(ZdError::new(
            StatusCode::FORBIDDEN,
            "Forbidden",
            "Account assumption is always on for trial accounts and cannot be changed.",
        ));
    }
    let sent = settings_body(&body)?;
    if let Some(duration) = requested_duration(&sent)? {
        let now = now_ms();
        account.assumption = Assumption {
            duration,
            expiration_ms: duration.expiration_from(now),
        };
    }
    Ok(Json(
        json!({ "security_settings": settings_json(account, now_ms()) }),
    ))
}

/// The `security_settings` object of a request body.
fn settings_body(body: &Bytes) -> Result<Map<String, Value>, ZdError> {
    let parsed: Value = serde_json::from_slice(body)
        .map_err(|_| ZdError::bad_request("The request body is not valid JSON"))?;
    match parsed.get("security_settings") {
        Some(Value::Object(map)) => Ok(map.clone()),
        _ => Err(ZdError::bad_request(
            "The request body needs a security_settings object",
        )),
    }
}

fn invalid(field: &str, why: &str) -> ZdError {
    let details =
        json!({ field: [{"description": format!("{field}: {why}"), "error": "InvalidValue"}] });
    ZdError::record_invalid("Record validation errors", details)
}

/// What a write asks for: `None` when it names neither `assumption_duration` nor `assumable`.
/// `assumable: false` alone turns assumption off; `assumable: true` needs a duration; the two must
/// agree when both are sent (422 otherwise).
fn requested_duration(sent: &Map<String, Value>) -> Result<Option<AssumptionDuration>, ZdError> {
    let assumable = match sent.get("assumable") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => return Err(invalid("assumable", "must be true or false")),
    };
    let known: Vec<&str> = AssumptionDuration::ALL.iter().map(|d| d.key()).collect();
    let duration = match sent.get("assumption_duration") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(AssumptionDuration::parse(s).ok_or_else(|| {
            invalid(
                "assumption_duration",
                &format!("{s:?} is not one of {}", known.join(", ")),
            )
        })?),
        Some(_) => {
            return Err(invalid(
                "assumption_duration",
                &format!("must be one of {}", known.join(", ")),
            ))
        }
    };
    match (assumable, duration) {
        (None, None) => Ok(None),
        (Some(false), None) => Ok(Some(AssumptionDuration::Off)),
        (Some(true), None) => Err(invalid(
            "assumption_duration",
            "choose how long Zendesk may assume the account",
        )),
        (Some(on), Some(d)) if on != (d != AssumptionDuration::Off) => Err(invalid(
            "assumable",
            "does not agree with assumption_duration",
        )),
        (_, Some(d)) => Ok(Some(d)),
    }
}

/// The account's security settings as Zendesk reports them at `now_ms`.
pub fn settings_json(account: &Account, now_ms: i64) -> Value {
    let trial = account.is_trial();
    let (assumable, duration, expiration) = if trial {
        (true, AssumptionDuration::Always, None)
    } else {
        let current = account.assumption.effective(now_ms);
        (
            current.duration != AssumptionDuration::Off,
            current.duration,
            current.expiration_ms.map(rfc3339_from_ms),
        )
    };
    json!({
        "admins_can_set_user_passwords": false,
        "agent_session_timeout": 480,
        "assumable": assumable,
        "assumable_account_type": trial,
        "assumption_duration": duration.key(),
        "assumption_expiration": expiration,
        "authentication": {
            "agent": {
                "enforce_sso": false,
                "google_login": false,
                "office_365_login": false,
                "remote_login": false,
                "security_policy_id": 3,
                "security_policy_name": "recommended",
                "sso_auto_redirect": false,
                "two_factor_enforce": true,
                "zendesk_login": true,
                "password": {},
            },
            "end_user": {
                "enforce_sso": false,
                "facebook_login": false,
                "google_login": true,
                "office_365_login": false,
                "remote_login": false,
                "security_policy_id": 1,
                "security_policy_name": "low",
                "sso_auto_redirect": false,
                "two_factor_enforce": false,
                "zendesk_login": true,
            },
        },
        "csp_blocking_enabled": false,
        "email_agent_when_sensitive_fields_changed": true,
        "end_user_session_timeout": 20_160,
        "ip": {
            "enable_agent_ip_restrictions": false,
            "ip_ranges": "",
            "ip_restriction_enabled": false,
        },
        "maximum_session_duration": 1440,
        "maximum_session_duration_enabled": false,
        "mobile_app_access": true,
        "mobile_app_session_timeout": 43_200,
        "two_factor_last_update": "2024-02-12T09:00:00Z",
    })
}
