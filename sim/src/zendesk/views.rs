//! `GET /api/v2/views`: agents (the spec's ListViews: "Lists shared and personal views available to
//! the current user"). Agents get views open to everyone, to one of their groups, or their own
//! personal ones; admins every shared view (any group) and their own personal ones. Cursor pagination
//! "only sorts by `created_at`" (then id); offset pagination in `position` order.

use axum::extract::{Extension, RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;

use super::error::ZdError;
use super::macros::available_to;
use super::paging::{self, List, Params, Unpaged};
use super::{authorize, item_id, Allowed, Caller, ZdState};
use crate::state::{parse_datetime, Role};

const LIST: List = List {
    key: "views",
    path: "/api/v2/views.json",
    order: "created_at,id",
    unpaged: Unpaged::Offset,
};

pub fn routes() -> Router<ZdState> {
    Router::new().route("/api/v2/views", get(list))
}

async fn list(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let admin = user.role == Role::Admin;
    let views: Vec<_> = account
        .views
        .iter()
        .filter(|v| {
            let restriction = v.get("restriction");
            let group_view = restriction
                .and_then(|r| r.get("type"))
                .and_then(Value::as_str)
                == Some("Group");
            (admin && group_view) || available_to(restriction, user)
        })
        .collect();
    paging::answer_stored(&LIST, &account.subdomain, &params, views, |v| {
        let created = v
            .get("created_at")
            .and_then(Value::as_str)
            .and_then(parse_datetime)
            .unwrap_or(0);
        (created, item_id(v))
    })
}
