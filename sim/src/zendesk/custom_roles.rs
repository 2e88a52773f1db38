//! `/api/v2/custom_roles`: list, show, create, update, delete, as Zendesk documents them
//! (zendesk-api.md, "Custom agent roles"). What a role may contain is in [`super::role_rules`].

use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::error::ZdError;
use super::role_rules;
use super::{Caller, ZdState};
use crate::state::{now_rfc3339, Account, CustomRole, Role, User, World};

/// The first id the simulator hands out if an account has no role yet.
const FIRST_ROLE_ID: u64 = 360_000_290_001;

pub fn routes() -> Router<ZdState> {
    Router::new()
        .route("/api/v2/custom_roles", get(list).post(create))
        .route(
            "/api/v2/custom_roles/{id}",
            get(show).put(update).delete(remove),
        )
}

/// Who an endpoint is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Allowed {
    /// Listing: every agent.
    Agents,
    /// Everything else: admins and agents whose role has `manage_roles`.
    RoleManagers,
}

/// The preamble of every handler here: an authenticated caller and their account
/// ([`super::authorize`]), a plan with custom roles (403 otherwise), and the permission the endpoint
/// needs (403 otherwise).
fn authorize<'w, 'c>(
    world: &'w mut World,
    caller: &'c Caller,
    allowed: Allowed,
) -> Result<(&'c User, &'w mut Account), ZdError> {
    let (user, account) = super::authorize(world, caller, super::Allowed::SignedIn)?;
    if !account.plan.has_custom_roles() {
        return Err(ZdError::forbidden());
    }
    let permitted = match allowed {
        Allowed::Agents => user.role != Role::EndUser,
        Allowed::RoleManagers => can_manage_roles(account, user),
    };
    if permitted {
        Ok((user, account))
    } else {
        Err(ZdError::forbidden())
    }
}

async fn list(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let roles: Vec<Value> = account
        .custom_roles
        .iter()
        .map(|r| role_json(account, r))
        .collect();
    Ok(Json(json!({ "custom_roles": roles })))
}

async fn show(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::RoleManagers)?;
    let role = &account.custom_roles[position(account, &id)?];
    Ok(Json(json!({ "custom_role": role_json(account, role) })))
}

/// Answers 200, not 201, as Zendesk does.
async fn create(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::RoleManagers)?;
    let sent = role_body(&body)?;
    let accepted = role_rules::check(&sent, &account.custom_roles, None)?;
    let mut configuration = role_rules::default_configuration();
    configuration.extend(accepted.configuration);
    // Zendesk never reuses an id, even after a delete.
    let id = account
        .custom_roles
        .iter()
        .map(|r| r.id)
        .chain([account.last_custom_role_id, FIRST_ROLE_ID - 1])
        .max()
        .unwrap_or(FIRST_ROLE_ID)
        + 1;
    account.last_custom_role_id = id;
    let now = now_rfc3339();
    account.custom_roles.push(CustomRole {
        id,
        name: accepted.name.unwrap_or_default(),
        description: accepted.description.unwrap_or_default(),
        configuration,
        unmodelled_members: 0,
        created_at: now.clone(),
        updated_at: now,
    });
    let role = &account.custom_roles[account.custom_roles.len() - 1];
    Ok(Json(json!({ "custom_role": role_json(account, role) })))
}

/// Only the fields sent change; configuration keys merge into the stored ones (unknown keys, stored or
/// sent, are kept).
async fn update(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::RoleManagers)?;
    let at = position(account, &id)?;
    refuse_own_role(user, &account.custom_roles[at])?;
    let sent = role_body(&body)?;
    let accepted = role_rules::check(
        &sent,
        &account.custom_roles,
        Some(&account.custom_roles[at]),
    )?;
    let role = &mut account.custom_roles[at];
    if let Some(name) = accepted.name {
        role.name = name;
    }
    if let Some(description) = accepted.description {
        role.description = description;
    }
    role.configuration.extend(accepted.configuration);
    role.updated_at = now_rfc3339();
    let role = &account.custom_roles[at];
    Ok(Json(json!({ "custom_role": role_json(account, role) })))
}

/// 204 with no body. A role with agents assigned stays, with a 422 saying so.
async fn remove(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<StatusCode, ZdError> {
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::RoleManagers)?;
    let at = position(account, &id)?;
    let role = &account.custom_roles[at];
    refuse_own_role(user, role)?;
    let members = account.team_member_count(role);
    if members > 0 {
        let agents = if members == 1 { "agent" } else { "agents" };
        let why = format!(
            "This role has {members} {agents} assigned to it and cannot be deleted. Assign them to another role first."
        );
        let details = json!({"base": [{"description": why, "error": "InvalidValue"}]});
        return Err(ZdError::record_invalid(&why, details));
    }
    account.custom_roles.remove(at);
    Ok(StatusCode::NO_CONTENT)
}

/// Where role `id` is in the account's list; 404 for an unknown or malformed id.
fn position(account: &Account, id: &str) -> Result<usize, ZdError> {
    id.parse::<u64>()
        .ok()
        .and_then(|id| account.custom_roles.iter().position(|r| r.id == id))
        .ok_or_else(ZdError::not_found)
}

/// "If you're an agent with permission to manage roles, you can't modify your own role assignment or
/// permissions" (Zendesk help, Managing custom roles): `manage_roles: all-except-self`.
fn refuse_own_role(user: &User, role: &CustomRole) -> Result<(), ZdError> {
    if user.role == Role::Agent && user.custom_role_id == Some(role.id) {
        Err(ZdError::forbidden())
    } else {
        Ok(())
    }
}

/// The `custom_role` object of a request body.
fn role_body(body: &Bytes) -> Result<Map<String, Value>, ZdError> {
    let parsed: Value = serde_json::from_slice(body)
        .map_err(|_| ZdError::bad_request("The request body is not valid JSON"))?;
    match parsed.get("custom_role") {
        Some(Value::Object(map)) => Ok(map.clone()),
        _ => Err(ZdError::bad_request(
            "The request body needs a custom_role object",
        )),
    }
}

/// Admins, and agents whose custom role carries `manage_roles` other than `none`.
pub fn can_manage_roles(account: &Account, user: &User) -> bool {
    match user.role {
        Role::Admin => true,
        Role::EndUser => false,
        Role::Agent => user
            .custom_role_id
            .and_then(|id| account.custom_roles.iter().find(|r| r.id == id))
            .and_then(|r| r.configuration.get("manage_roles"))
            .and_then(Value::as_str)
            .is_some_and(|v| v != "none"),
    }
}

pub fn role_json(account: &Account, role: &CustomRole) -> Value {
    json!({
        "id": role.id,
        "name": role.name,
        "description": role.description,
        "role_type": 0,
        "team_member_count": account.team_member_count(role),
        "created_at": role.created_at,
        "updated_at": role.updated_at,
        "configuration": role.configuration,
    })
}
