//! `GET /api/v2/ticket_fields`: "Anyone" in the spec (end users get only the fields with
//! `visible_in_portal`; anonymous callers 401). With `page[size]`, cursor pagination in id order;
//! without, every field in `position` order (the spec: "No pagination").

use axum::extract::{Extension, RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;

use super::error::ZdError;
use super::paging::{self, List, Params, Unpaged};
use super::{authorize, item_id, Allowed, Caller, ZdState};
use crate::state::Role;

const LIST: List = List {
    key: "ticket_fields",
    path: "/api/v2/ticket_fields.json",
    order: "id",
    unpaged: Unpaged::All,
};

pub fn routes() -> Router<ZdState> {
    Router::new().route("/api/v2/ticket_fields", get(list))
}

async fn list(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::SignedIn)?;
    let end_user = user.role == Role::EndUser;
    let fields: Vec<_> = account
        .ticket_fields
        .iter()
        .filter(|f| !end_user || f.get("visible_in_portal") == Some(&Value::Bool(true)))
        .collect();
    paging::answer_stored(&LIST, &account.subdomain, &params, fields, |f| {
        (item_id(f) as i64, item_id(f))
    })
}
