//! `/api/v2/users/me` (anyone, anonymous included) and `/api/v2/users/{id}` (agents).

use axum::extract::{Extension, Path, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::error::ZdError;
use super::{authorize, Allowed, Caller, ZdState};
use crate::state::{Account, Role, User};

pub fn routes() -> Router<ZdState> {
    Router::new()
        .route("/api/v2/users/me", get(me))
        .route("/api/v2/users/{id}", get(show))
}

/// The spec's ShowUser, for agents: any user of the account; 404 for an unknown or malformed id.
async fn show(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let user = id
        .parse::<u64>()
        .ok()
        .and_then(|id| account.users.iter().find(|u| u.id == id))
        .ok_or_else(ZdError::not_found)?;
    Ok(Json(json!({ "user": user_json(account, user) })))
}

/// Without credentials Zendesk answers users/me with the anonymous user, not 401.
async fn me(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Value>, ZdError> {
    let user = match &caller.user {
        Some(user) => {
            let world = state.lock();
            let account = world
                .account(&caller.account)
                .ok_or_else(ZdError::not_found)?;
            let mut body = user_json(account, user);
            if let Some(obj) = body.as_object_mut() {
                obj.insert(
                    "authenticity_token".to_owned(),
                    json!("simulated-csrf-token"),
                );
            }
            body
        }
        None => anonymous_json(),
    };
    Ok(Json(json!({ "user": user })))
}

/// A user as the Support API returns it (the spec's UserObject).
pub fn user_json(account: &Account, user: &User) -> Value {
    let subdomain = &account.subdomain;
    let role_type = match (user.role, user.custom_role_id) {
        (Role::Admin, _) => json!(4),
        (Role::Agent, Some(_)) => json!(0),
        _ => Value::Null,
    };
    let is_agent = user.role != Role::EndUser;
    let ticket_restriction = match user.role {
        Role::EndUser => Some("requested"),
        Role::Admin => None,
        Role::Agent => agent_ticket_restriction(account, user),
    };
    // The spec: "If the agent has any restrictions; false for admins and unrestricted agents, true
    // for other agents". The simulator models ticket access only, so an agent is restricted exactly
    // when its custom role limits which tickets it sees.
    let restricted_agent = user.role == Role::Agent && ticket_restriction.is_some();
    json!({
        "id": user.id,
        "url": format!("https://{subdomain}.zendesk.com/api/v2/users/{}.json", user.id),
        "name": user.name,
        "email": user.email,
        "created_at": user.created_at,
        "updated_at": user.created_at,
        "time_zone": user.time_zone,
        "iana_time_zone": user.iana_time_zone,
        "phone": null,
        "shared_phone_number": null,
        "photo": null,
        "locale_id": locale_id(&user.locale),
        "locale": user.locale,
        "organization_id": null,
        "role": user.role.as_str(),
        "verified": true,
        "external_id": null,
        "tags": [],
        "alias": "",
        "active": user.active,
        "shared": false,
        "shared_agent": false,
        "last_login_at": "2025-03-01T08:30:00Z",
        "two_factor_auth_enabled": null,
        "signature": "",
        "details": "",
        "notes": "",
        "role_type": role_type,
        "custom_role_id": user.custom_role_id,
        "moderator": is_agent,
        "ticket_restriction": ticket_restriction,
        "only_private_comments": false,
        "restricted_agent": restricted_agent,
        "suspended": user.suspended,
        "default_group_id": user.group_ids.first(),
        "report_csv": is_agent,
        "user_fields": {},
    })
}

/// The spec's `ticket_restriction` of an agent, from its custom role's `ticket_access`: `all` (or no
/// custom role: a plain agent sees every ticket) is no restriction.
fn agent_ticket_restriction(account: &Account, user: &User) -> Option<&'static str> {
    let role = account
        .custom_roles
        .iter()
        .find(|r| Some(r.id) == user.custom_role_id)?;
    match role
        .configuration
        .get("ticket_access")
        .and_then(Value::as_str)
    {
        None | Some("all") => None,
        Some("assigned-only") => Some("assigned"),
        Some("within-organization") => Some("organization"),
        // within-groups, within-groups-and-public-groups, and anything newer: some restriction.
        Some(_) => Some("groups"),
    }
}

fn anonymous_json() -> Value {
    json!({
        "id": null,
        "url": null,
        "name": "Anonymous user",
        "email": "invalid@example.com",
        "created_at": null,
        "updated_at": null,
        "time_zone": "Pacific Time (US & Canada)",
        "iana_time_zone": "America/Los_Angeles",
        "locale_id": 1,
        "locale": "en-US",
        "role": "end-user",
        "verified": false,
        "active": true,
        "role_type": null,
        "custom_role_id": null,
        "user_fields": {},
    })
}

/// Zendesk's numeric locale ids for the locales the demo uses.
fn locale_id(locale: &str) -> u64 {
    match locale {
        "nl" => 9,
        "fr" => 16,
        "en-GB" => 1176,
        "zh-cn" => 10,
        _ => 1,
    }
}
