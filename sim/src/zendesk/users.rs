//! `/api/v2/users/me` (anyone, anonymous included), `/api/v2/users/{id}`, `/api/v2/users/show_many`
//! and `/api/v2/users/search` (agents): what a deploy reads to match users by email.
//!
//! - Show many: `ids`, "a comma-separated list of up to 100 user ids" (the spec); ids the account
//!   does not have are left out, deleted users are in (`active: false`). More than 100 ids: the
//!   docs are silent on the answer; the simulator answers 400 `InvalidValue`. `external_ids`: the
//!   simulator's users have no external id, so none match.
//! - Search: `query` in Zendesk's search syntax. The simulator knows `email:<address>` (the whole
//!   address, case-insensitively) and, for any other text, "a partial or full value of any user
//!   property, including name, email address" (the spec): a case-insensitive part of the name or the
//!   address. `external_id` "only accepts ids": none match, as above. Deleted users are not found
//!   (the docs are silent; Zendesk's search leaves deleted users out in Admin Center). Neither
//!   parameter: the docs are silent; the simulator finds no one. Offset pagination only (the spec).

use axum::extract::{Extension, Path, RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::error::ZdError;
use super::paging::{self, List, Params, Unpaged};
use super::{authorize, Allowed, Caller, ZdState};
use crate::state::{Account, Role, User};

/// The most ids one show_many takes (the spec).
pub const SHOW_MANY_LIMIT: usize = 100;

const SEARCH: List = List {
    key: "users",
    path: "/api/v2/users/search.json",
    order: "id",
    unpaged: Unpaged::Offset,
};

const SHOW_MANY: List = List {
    key: "users",
    path: "/api/v2/users/show_many.json",
    order: "id",
    unpaged: Unpaged::Offset,
};

pub fn routes() -> Router<ZdState> {
    Router::new()
        .route("/api/v2/users/me", get(me))
        .route("/api/v2/users/show_many", get(show_many))
        .route("/api/v2/users/search", get(search))
        .route("/api/v2/users/{id}", get(show))
}

/// The ids of a comma-separated `ids` parameter (at most [`SHOW_MANY_LIMIT`]); blanks and
/// non-numbers are skipped.
pub fn ids_param(params: &Params) -> Result<Vec<u64>, ZdError> {
    let ids: Vec<u64> = params
        .get("ids")
        .unwrap_or_default()
        .split(',')
        .filter_map(|id| id.trim().parse().ok())
        .collect();
    if ids.len() > SHOW_MANY_LIMIT {
        return Err(ZdError::bad_request(&format!(
            "ids takes at most {SHOW_MANY_LIMIT} ids"
        )));
    }
    Ok(ids)
}

async fn show_many(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let ids = ids_param(&params)?;
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let items = account
        .users
        .iter()
        .filter(|u| ids.contains(&u.id))
        .map(|u| ((u.id as i64, u.id), user_json(account, u)))
        .collect();
    let list = paging::answer(&SHOW_MANY, &account.subdomain, &params, items)?;
    Ok(Json(list))
}

/// Whether `user` matches a `query` ([`search`]'s rules).
fn matches(user: &User, query: &str) -> bool {
    let query = query.trim();
    let email = user.email.as_deref().unwrap_or_default();
    match query.strip_prefix("email:") {
        Some(address) => {
            let address = address.trim().trim_matches('"');
            !address.is_empty() && email.eq_ignore_ascii_case(address)
        }
        None => {
            let text = query.trim_matches('"').to_lowercase();
            !text.is_empty()
                && (user.name.to_lowercase().contains(&text)
                    || email.to_lowercase().contains(&text))
        }
    }
}

async fn search(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let wanted = params.get("query").map(str::to_owned);
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let items = account
        .users
        .iter()
        .filter(|u| u.active && wanted.as_deref().is_some_and(|q| matches(u, q)))
        .map(|u| ((u.id as i64, u.id), user_json(account, u)))
        .collect();
    let list = paging::answer(&SEARCH, &account.subdomain, &params, items)?;
    Ok(Json(list))
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
        "locale_id": super::locales::id_of(&user.locale),
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
