//! `GET /api/v2/groups`: admins and agents (the spec's ListGroups). Cursor or offset pagination
//! ([`super::paging`]); cursor order by id.

use axum::extract::{Extension, RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::error::ZdError;
use super::paging::{self, List, Params, Unpaged};
use super::{authorize, Allowed, Caller, ZdState};
use crate::state::Group;

const LIST: List = List {
    key: "groups",
    path: "/api/v2/groups.json",
    order: "id",
    unpaged: Unpaged::Offset,
};

pub fn routes() -> Router<ZdState> {
    Router::new().route("/api/v2/groups", get(list))
}

async fn list(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let items = account
        .groups
        .iter()
        .map(|g| ((g.id as i64, g.id), group_json(&account.subdomain, g)))
        .collect();
    Ok(Json(paging::answer(
        &LIST,
        &account.subdomain,
        &params,
        items,
    )?))
}

/// The spec's GroupObject.
pub fn group_json(subdomain: &str, group: &Group) -> Value {
    json!({
        "id": group.id,
        "url": format!("https://{subdomain}.zendesk.com/api/v2/groups/{}.json", group.id),
        "name": group.name,
        "description": group.description,
        "default": group.default,
        "deleted": false,
        "is_public": group.is_public,
        "created_at": group.created_at,
        "updated_at": group.updated_at,
    })
}
