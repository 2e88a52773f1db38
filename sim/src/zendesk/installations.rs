//! `/api/v2/apps/installations`: admins only. Secure settings are write-only: a PUT stores them apart
//! and no answer ever contains them.

use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::error::ZdError;
use super::{authorize, Allowed, Caller, ZdState};
use crate::state::{now_rfc3339, Installation};

pub fn routes() -> Router<ZdState> {
    Router::new()
        .route("/api/v2/apps/installations", get(list))
        .route("/api/v2/apps/installations/{id}", get(show).put(update))
}

async fn list(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Admins)?;
    let list: Vec<Value> = account
        .installations
        .iter()
        .map(installation_json)
        .collect();
    Ok(Json(json!({ "installations": list })))
}

async fn show(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Admins)?;
    let inst = id
        .parse::<u64>()
        .ok()
        .and_then(|id| account.installations.iter().find(|i| i.id == id))
        .ok_or_else(ZdError::not_found)?;
    Ok(Json(installation_json(inst)))
}

/// `{"settings": {...}, "enabled"?: bool, "role_restrictions"?: [ids] | null}`: only the given
/// settings change; the others stay. `role_restrictions` (Admin Center's role restrictions) is
/// named in zaf.md as an installation field; that a PUT sets it is the simulator's reading.
async fn update(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Admins)?;
    let parsed: Value = serde_json::from_slice(&body)
        .map_err(|_| ZdError::bad_request("The request body is not valid JSON"))?;
    let settings = match parsed.get("settings") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(_) => return Err(ZdError::bad_request("settings must be an object")),
    };
    let enabled = match parsed.get("enabled") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => return Err(ZdError::bad_request("enabled must be true or false")),
    };
    let role_restrictions = match parsed.get("role_restrictions") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(Value::Array(ids)) => Some(Some(
            ids.iter()
                .map(Value::as_u64)
                .collect::<Option<Vec<u64>>>()
                .ok_or_else(|| ZdError::bad_request("role_restrictions must be role ids"))?,
        )),
        Some(_) => {
            return Err(ZdError::bad_request(
                "role_restrictions must be an array of role ids or null",
            ))
        }
    };
    let id = id.parse::<u64>().ok();
    // Only deskset's manifests are known; other apps' settings are all treated as readable.
    let manifest = id
        .and_then(|id| account.app_of(id))
        .map(|app| state.config.manifest(app));
    let inst = id
        .and_then(|id| account.installations.iter_mut().find(|i| i.id == id))
        .ok_or_else(ZdError::not_found)?;
    if let Some(restrictions) = role_restrictions {
        inst.role_restrictions = restrictions;
    }
    for (name, value) in settings {
        if manifest.is_some_and(|m| m.is_secure(&name)) {
            inst.secure_settings.insert(name, value);
        } else {
            inst.settings.insert(name, value);
        }
    }
    if let Some(enabled) = enabled {
        inst.enabled = enabled;
    }
    inst.updated_at = now_rfc3339();
    Ok(Json(installation_json(inst)))
}

pub fn installation_json(inst: &Installation) -> Value {
    let settings_objects: Vec<Value> = inst
        .settings
        .iter()
        .map(|(name, value)| json!({"name": name, "value": value}))
        .collect();
    json!({
        "id": inst.id,
        "app_id": inst.app_id,
        "product": "support",
        "settings": inst.settings,
        "settings_objects": settings_objects,
        "enabled": inst.enabled,
        "created_at": inst.created_at,
        "updated_at": inst.updated_at,
        "collapsible": true,
        "paid": false,
        "has_unpaid_subscription": false,
        "has_incomplete_subscription": false,
        "recurring_payment": false,
        "role_restrictions": inst.role_restrictions,
        "group_restrictions": [],
    })
}
