//! Organizations, read only (the spec's OrganizationObject): a trigger's `organization_id` is matched
//! across accounts by the organization's name, and a deploy never creates one.
//!
//! - `GET /api/v2/organizations` and `/api/v2/organizations/{id}`: agents; cursor or offset
//!   pagination, by id.
//! - `GET /api/v2/organizations/show_many?ids=1,2`: admins and agents; "up to 100 organization ids"
//!   (more: 400, as users' show_many); unknown ids are left out.
//! - `GET /api/v2/organizations/search?name=...` or `?external_id=...`: "its `name` must exactly
//!   match the value provided (case insensitive)", the same for `external_id`; "by an organization's
//!   `external_id` or `name`, but not both": the docs are silent on the answer to both (or neither);
//!   the simulator answers 400 `InvalidValue`. For admins, and "agents assigned to a custom role with
//!   permissions to add or modify organizations": `manage_organizations` or `organization_editing`.

use axum::extract::{Extension, Path, RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::error::ZdError;
use super::paging::{self, List, Params, Unpaged};
use super::{authorize, item_id, item_json, write, Allowed, Caller, ZdState};
use crate::state::Account;

/// The path segment of `url`s.
const KIND: &str = "organizations";

const LIST: List = List {
    key: "organizations",
    path: "/api/v2/organizations.json",
    order: "id",
    unpaged: Unpaged::Offset,
};

const SHOW_MANY: List = List {
    key: "organizations",
    path: "/api/v2/organizations/show_many.json",
    order: "id",
    unpaged: Unpaged::Offset,
};

const SEARCH: List = List {
    key: "organizations",
    path: "/api/v2/organizations/search.json",
    order: "id",
    unpaged: Unpaged::Offset,
};

pub fn routes() -> Router<ZdState> {
    Router::new()
        .route("/api/v2/organizations", get(list))
        .route("/api/v2/organizations/show_many", get(show_many))
        .route("/api/v2/organizations/search", get(search))
        .route("/api/v2/organizations/{id}", get(show))
}

/// Every organization as answered, by id (the control API's config).
pub fn all_json(account: &Account) -> Vec<Value> {
    let mut all: Vec<&Map<String, Value>> = account.organizations.iter().collect();
    all.sort_by_key(|o| item_id(o));
    all.into_iter()
        .map(|o| item_json(o, &account.subdomain, KIND))
        .collect()
}

/// The organizations `keep` chooses, paged as `list` answers.
fn answer_where(
    account: &Account,
    list: &List,
    params: &Params,
    keep: impl Fn(&Map<String, Value>) -> bool,
) -> Result<Json<Value>, ZdError> {
    let sub = account.subdomain.as_str();
    let items = account
        .organizations
        .iter()
        .filter(|o| keep(o))
        .map(|o| ((item_id(o) as i64, item_id(o)), item_json(o, sub, KIND)))
        .collect();
    Ok(Json(paging::answer(list, sub, params, items)?))
}

async fn list(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    answer_where(account, &LIST, &params, |_| true)
}

async fn show(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let at = write::position_of(&account.organizations, &id)?;
    Ok(Json(json!({
        "organization": item_json(&account.organizations[at], &account.subdomain, KIND)
    })))
}

async fn show_many(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let ids = super::users::ids_param(&params)?;
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    answer_where(account, &SHOW_MANY, &params, |o| ids.contains(&item_id(o)))
}

async fn search(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let (key, wanted) = match (params.get("name"), params.get("external_id")) {
        (Some(name), None) => ("name", name.trim().to_lowercase()),
        (None, Some(external)) => ("external_id", external.trim().to_lowercase()),
        _ => {
            return Err(ZdError::bad_request(
                "Search by name or by external_id, not both",
            ))
        }
    };
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    if !write::admin_or_flag(
        account,
        user,
        &["manage_organizations", "organization_editing"],
    ) {
        return Err(ZdError::forbidden());
    }
    answer_where(account, &SEARCH, &params, |o| {
        o.get(key)
            .and_then(Value::as_str)
            .is_some_and(|v| v.trim().to_lowercase() == wanted)
    })
}
