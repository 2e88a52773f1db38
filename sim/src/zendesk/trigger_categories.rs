//! `/api/v2/trigger_categories` (the spec's Trigger Categories): list, show, create, update (PATCH),
//! delete. A category is `{id, name, position, created_at, updated_at}` with a string `id` and no
//! `url` (the spec's TriggerCategory has none). Errors use the spec's `Errors` body,
//! `{"errors": [{"code", "title"}]}`, with its codes: 400 `InvalidTriggerCategory` ("Name cannot be
//! blank"), 404 `TriggerCategoryNotFound`, 400 `TriggerCategoryNotEmpty` (a category with active
//! triggers), 403 `ProductLimitExceeded` (500 categories).
//!
//! Where the spec is silent (the simulator's choices):
//! - It names no "Allowed For": reading is for agents (as triggers are), writing for those who may
//!   manage triggers ([`super::triggers::may_manage`]); others get Zendesk's `Forbidden`.
//! - Create answers 200, as the spec says (not 201).
//! - A create without `position` goes last; names need not be unique (nothing says they must).
//! - Deleting a category whose triggers are all inactive deletes those triggers with it (as Salto's
//!   `trigger_category_removal` validator warns Zendesk does).
//! - `sort` takes the spec's values (`position`, `name`, `created_at`, `updated_at`, each with `-`
//!   for descending; default `position`); another value sorts by position. `include=rule_counts`
//!   adds `active_count` and `inactive_count` to each category (the spec's
//!   TriggerCategoryRuleCounts).

use axum::body::Bytes;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::error::ZdError;
use super::paging::{self, List, Params, SortBy, SortKey, Unpaged};
use super::write::{self, id_of};
use super::{authorize, authorize_writer, item_position, Allowed, Caller, ZdState};
use crate::state::Account;

/// "Your account has reached the limit of 500 ticket trigger categories" (the spec).
pub const MAX_CATEGORIES: usize = 500;

pub fn routes() -> Router<ZdState> {
    Router::new()
        .route("/api/v2/trigger_categories", get(list).post(create))
        .route(
            "/api/v2/trigger_categories/{id}",
            get(show).patch(update).delete(remove),
        )
}

/// The list for a `sort` value: its cursor order and how an item sorts.
fn list_for(sort: Option<&str>) -> List<'static> {
    let order = match sort {
        Some("-position") => "-position",
        Some("name") => "name",
        Some("-name") => "-name",
        Some("created_at") => "created_at",
        Some("-created_at") => "-created_at",
        Some("updated_at") => "updated_at",
        Some("-updated_at") => "-updated_at",
        _ => "position",
    };
    List {
        key: "trigger_categories",
        path: "/api/v2/trigger_categories.json",
        order,
        unpaged: Unpaged::Offset,
    }
}

/// A category's numeric id (its `id` is a string of digits).
fn category_id(c: &Map<String, Value>) -> u64 {
    c.get("id").and_then(id_of).unwrap_or(0)
}

/// The categories in position order (then id): how the control API lists them.
pub fn sorted(categories: &[Map<String, Value>]) -> Vec<&Map<String, Value>> {
    let mut all: Vec<&Map<String, Value>> = categories.iter().collect();
    all.sort_by_key(|c| (item_position(c), category_id(c)));
    all
}

/// Each category's sort key in `order` (a [`list_for`] order), the categories in that order.
fn keyed<'a>(
    categories: &'a [Map<String, Value>],
    order: &str,
) -> Vec<(SortKey, &'a Map<String, Value>)> {
    let (field, descending) = match order.strip_prefix('-') {
        Some(f) => (f, true),
        None => (order, false),
    };
    let by = match field {
        "name" => SortBy::Text("name"),
        "created_at" => SortBy::Time("created_at"),
        "updated_at" => SortBy::Time("updated_at"),
        _ => SortBy::Position,
    };
    paging::keyed(categories, by, descending, category_id)
}

/// How many active and inactive triggers a category holds.
fn rule_counts(account: &Account, id: &str) -> (usize, usize) {
    let mine = account
        .triggers
        .iter()
        .filter(|t| t.get("category_id").and_then(Value::as_str) == Some(id));
    let (active, inactive): (Vec<_>, Vec<_>) =
        mine.partition(|t| t.get("active") != Some(&Value::Bool(false)));
    (active.len(), inactive.len())
}

async fn list(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let list = list_for(params.get("sort"));
    let counts = params
        .get("include")
        .is_some_and(|i| i.split(',').any(|s| s.trim() == "rule_counts"));
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let items = keyed(&account.trigger_categories, list.order)
        .into_iter()
        .map(|(key, c)| {
            let mut out = c.clone();
            if counts {
                let id = c.get("id").and_then(Value::as_str).unwrap_or_default();
                let (active, inactive) = rule_counts(account, id);
                out.insert("active_count".into(), json!(active));
                out.insert("inactive_count".into(), json!(inactive));
            }
            (key, Value::Object(out))
        })
        .collect();
    Ok(Json(paging::answer(
        &list,
        &account.subdomain,
        &params,
        items,
    )?))
}

fn not_found() -> ZdError {
    ZdError::errors(
        StatusCode::NOT_FOUND,
        "TriggerCategoryNotFound",
        "Category can\u{2019}t be found. Check the ID and try again.",
    )
}

fn invalid(title: &str) -> ZdError {
    ZdError::errors(StatusCode::BAD_REQUEST, "InvalidTriggerCategory", title)
}

/// Where category `id` is; the spec's 404 otherwise.
fn position(account: &Account, id: &str) -> Result<usize, ZdError> {
    account
        .trigger_categories
        .iter()
        .position(|c| c.get("id").and_then(Value::as_str) == Some(id))
        .ok_or_else(not_found)
}

async fn show(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let at = position(account, &id)?;
    Ok(Json(
        json!({ "trigger_category": account.trigger_categories[at] }),
    ))
}

/// What a create or update may change: `name` (not blank) and `position` (a whole number).
struct Accepted {
    name: Option<String>,
    position: Option<i64>,
}

/// The `trigger_category` object of a body, checked (400 `InvalidTriggerCategory` otherwise).
fn check(body: &Bytes, creating: bool) -> Result<Accepted, ZdError> {
    let parsed: Value =
        serde_json::from_slice(body).map_err(|_| invalid("The request body is not valid JSON"))?;
    let Some(sent) = parsed.get("trigger_category").and_then(Value::as_object) else {
        return Err(invalid("The request body needs a trigger_category object"));
    };
    let name = match sent.get("name") {
        None if !creating => None,
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        _ => return Err(invalid("Name cannot be blank")),
    };
    let position = match sent.get("position") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_i64()
                .ok_or_else(|| invalid("Position must be a whole number"))?,
        ),
    };
    Ok(Accepted { name, position })
}

/// 200 (the spec) with the new category.
async fn create(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize_writer(&mut world, &caller, super::triggers::may_manage)?;
    let accepted = check(&body, true)?;
    if account.trigger_categories.len() >= MAX_CATEGORIES {
        return Err(ZdError::errors(
            StatusCode::FORBIDDEN,
            "ProductLimitExceeded",
            "Your account has reached the limit of 500 ticket trigger categories.",
        ));
    }
    let made = add(
        account,
        accepted.name.unwrap_or_default(),
        accepted.position,
    );
    Ok(Json(json!({ "trigger_category": made })))
}

/// Stores a new category (`position` last when not given); the stored category.
pub fn add(account: &mut Account, name: String, position: Option<i64>) -> Map<String, Value> {
    let max = account
        .trigger_categories
        .iter()
        .map(category_id)
        .max()
        .unwrap_or(0);
    let id = write::next_id(account, "trigger_categories", max, 1);
    let position = position.unwrap_or_else(|| write::next_position(&account.trigger_categories));
    let mut category = Map::new();
    category.insert("id".into(), json!(id.to_string()));
    category.insert("name".into(), json!(name));
    category.insert("position".into(), json!(position));
    write::stamp(&mut category, true);
    account.trigger_categories.push(category.clone());
    category
}

/// PATCH: the fields sent change.
async fn update(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize_writer(&mut world, &caller, super::triggers::may_manage)?;
    let at = position(account, &id)?;
    let accepted = check(&body, false)?;
    let category = &mut account.trigger_categories[at];
    if let Some(name) = accepted.name {
        category.insert("name".into(), json!(name));
    }
    if let Some(position) = accepted.position {
        category.insert("position".into(), json!(position));
    }
    write::stamp(category, false);
    Ok(Json(json!({ "trigger_category": category })))
}

/// Answers 204; refused (400 `TriggerCategoryNotEmpty`) while the category holds an active trigger; its
/// inactive triggers go with it.
async fn remove(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<StatusCode, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize_writer(&mut world, &caller, super::triggers::may_manage)?;
    let at = position(account, &id)?;
    if rule_counts(account, &id).0 > 0 {
        return Err(ZdError::errors(
            StatusCode::BAD_REQUEST,
            "TriggerCategoryNotEmpty",
            "A category with active ticket triggers cannot be deleted.",
        ));
    }
    account.trigger_categories.remove(at);
    account
        .triggers
        .retain(|t| t.get("category_id").and_then(Value::as_str) != Some(id.as_str()));
    Ok(StatusCode::NO_CONTENT)
}
