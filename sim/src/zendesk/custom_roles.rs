//! `/api/v2/custom_roles`: list and show. Create, update and delete (with Zendesk's validation) come later.

use axum::extract::{Extension, Path, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::error::ZdError;
use super::{Caller, ZdState};
use crate::state::{Account, CustomRole, Role, User};

pub fn routes() -> Router<ZdState> {
    Router::new()
        .route("/api/v2/custom_roles", get(list))
        .route("/api/v2/custom_roles/{id}", get(show))
}

async fn list(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Value>, ZdError> {
    let user = caller.require_user()?;
    let world = state.lock();
    let account = world
        .account(&caller.account)
        .ok_or_else(ZdError::not_found)?;
    check_plan(account)?;
    if user.role == Role::EndUser {
        return Err(ZdError::forbidden());
    }
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
    let user = caller.require_user()?;
    let world = state.lock();
    let account = world
        .account(&caller.account)
        .ok_or_else(ZdError::not_found)?;
    check_plan(account)?;
    if !can_manage_roles(account, user) {
        return Err(ZdError::forbidden());
    }
    let role = id
        .parse::<u64>()
        .ok()
        .and_then(|id| account.custom_roles.iter().find(|r| r.id == id))
        .ok_or_else(ZdError::not_found)?;
    Ok(Json(json!({ "custom_role": role_json(account, role) })))
}

fn check_plan(account: &Account) -> Result<(), ZdError> {
    if account.plan.has_custom_roles() {
        Ok(())
    } else {
        Err(ZdError::forbidden())
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
