//! `GET /api/v2/triggers`: agents (the spec's ListTriggers: "Lists all ticket triggers for the current
//! account"). Both paginations in `position` order (then id).

use axum::extract::{Extension, RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;

use super::error::ZdError;
use super::paging::{self, List, Params, Unpaged};
use super::{authorize, item_id, item_position, Allowed, Caller, ZdState};

const LIST: List = List {
    key: "triggers",
    path: "/api/v2/triggers.json",
    order: "position,id",
    unpaged: Unpaged::Offset,
};

pub fn routes() -> Router<ZdState> {
    Router::new().route("/api/v2/triggers", get(list))
}

async fn list(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let triggers: Vec<_> = account.triggers.iter().collect();
    paging::answer_stored(&LIST, &account.subdomain, &params, triggers, |t| {
        (item_position(t), item_id(t))
    })
}
