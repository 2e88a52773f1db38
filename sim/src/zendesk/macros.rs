//! `GET /api/v2/macros`: agents (the spec's ListMacros): "all shared and personal macros available to
//! the current user. For admins, the API returns all macros for the account, including the personal
//! macros of agents and other admins." Cursor pagination in id order; offset pagination in
//! `position` order.

use axum::extract::{Extension, RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;

use super::error::ZdError;
use super::paging::{self, List, Params, Unpaged};
use super::{authorize, item_id, Allowed, Caller, ZdState};
use crate::state::{Role, User};

const LIST: List = List {
    key: "macros",
    path: "/api/v2/macros.json",
    order: "id",
    unpaged: Unpaged::Offset,
};

pub fn routes() -> Router<ZdState> {
    Router::new().route("/api/v2/macros", get(list))
}

async fn list(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let everything = user.role == Role::Admin;
    let macros: Vec<_> = account
        .macros
        .iter()
        .filter(|m| everything || available_to(m.get("restriction"), user))
        .collect();
    paging::answer_stored(&LIST, &account.subdomain, &params, macros, |m| {
        (item_id(m) as i64, item_id(m))
    })
}

/// Whether a macro's or view's `restriction` lets `user` use it: null (everyone), a `Group`
/// restriction naming one of the user's groups (`id` or `ids`), or a `User` restriction naming them.
pub fn available_to(restriction: Option<&Value>, user: &User) -> bool {
    let Some(r) = restriction.filter(|r| !r.is_null()) else {
        return true;
    };
    let ids: Vec<u64> = r
        .get("ids")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .chain(r.get("id"))
        .filter_map(Value::as_u64)
        .collect();
    match r.get("type").and_then(Value::as_str) {
        Some("Group") => ids.iter().any(|id| user.group_ids.contains(id)),
        Some("User") => ids.contains(&user.id),
        _ => false,
    }
}
