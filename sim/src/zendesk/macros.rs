//! `/api/v2/macros` (the spec's Macros): list, show, create, update (PUT), delete.
//!
//! - List (agents): "all shared and personal macros available to the current user. For admins, the
//!   API returns all macros for the account, including the personal macros of agents and other
//!   admins." Cursor pagination in id order; offset pagination in `position` order. Filters:
//!   `access` (`personal`: the caller's own; `agents`: personal macros, "only available to admins"
//!   (others see only their own among them); `shared`: macros for everyone or for groups; `account`:
//!   macros for everyone) and `active` (`true`/`false`). Other filters are ignored.
//! - Show: agents, a macro available to them (admins any; 404 otherwise, as for an unknown id).
//! - Create answers 200, as the spec says (not 201); delete 204.
//! - Who may write: "Agents, with restrictions" (the spec). Admins write any macro; an agent's custom
//!   role `macro_access` decides the rest ([`super::write::reach`]): `full` any macro,
//!   `manage-group` personal macros and macros restricted to groups they are in, `manage-personal`
//!   personal macros only (`{"type": "User", "id": <their id>}`), `readonly` none. An agent without
//!   a custom role manages personal macros only. A macro for everyone (`restriction` null or left
//!   out) is shared: such agents get 403.
//! - `title` and `actions` (at least one) are required (the spec's MacroInput; 422); `restriction`
//!   must name groups or a user that exist; actions may not name a group or a ticket field that does
//!   not exist (422).

use axum::body::Bytes;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::error::ZdError;
use super::paging::{self, List, Params, Unpaged};
use super::role_rules::Details;
use super::write::{self, body_object, Reach};
use super::{authorize, item_id, item_json, Allowed, Caller, ZdState};
use crate::state::{Account, Role, User};

const LIST: List = List {
    key: "macros",
    path: "/api/v2/macros.json",
    order: "id",
    unpaged: Unpaged::Offset,
};

pub fn routes() -> Router<ZdState> {
    Router::new()
        .route("/api/v2/macros", get(list).post(create))
        .route("/api/v2/macros/{id}", get(show).put(update).delete(remove))
}

/// Whether `macro_item` matches the `access` filter for `user`.
fn access_matches(access: Option<&str>, restriction: &Value, user: &User) -> bool {
    let kind = restriction.get("type").and_then(Value::as_str);
    match access {
        Some("personal") => {
            kind == Some("User") && restriction.get("id").and_then(write::id_of) == Some(user.id)
        }
        Some("agents") => kind == Some("User"),
        Some("shared") => kind != Some("User"),
        Some("account") => restriction.is_null(),
        _ => true,
    }
}

async fn list(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let access = params.get("access");
    let active = match params.get("active") {
        Some("true") => Some(true),
        Some("false") => Some(false),
        _ => None,
    };
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let everything = user.role == Role::Admin;
    let macros: Vec<_> = account
        .macros
        .iter()
        .filter(|m| everything || available_to(m.get("restriction"), user))
        .filter(|m| access_matches(access, m.get("restriction").unwrap_or(&Value::Null), user))
        .filter(|m| {
            active.is_none_or(|a| m.get("active").and_then(Value::as_bool).unwrap_or(true) == a)
        })
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

/// Where macro `id` is, among the macros `user` can see (admins: all); 404 otherwise.
fn visible(account: &Account, user: &User, id: &str) -> Result<usize, ZdError> {
    let at = write::position_of(&account.macros, id)?;
    if user.role == Role::Admin || available_to(account.macros[at].get("restriction"), user) {
        Ok(at)
    } else {
        Err(ZdError::not_found())
    }
}

fn restriction_of(item: &Map<String, Value>) -> &Value {
    item.get("restriction").unwrap_or(&Value::Null)
}

async fn show(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let at = visible(account, user, &id)?;
    Ok(Json(json!({
        "macro": item_json(&account.macros[at], &account.subdomain, "macros")
    })))
}

/// 200 (the spec) with the stored macro.
async fn create(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let reach = write::reach(account, user, "macro_access");
    if reach == Reach::Nothing {
        return Err(ZdError::forbidden());
    }
    let sent = body_object(&body, "macro")?;
    let changes = check(&sent, account, true)?;
    let restriction = changes.get("restriction").unwrap_or(&Value::Null);
    if !write::may_manage(reach, user, restriction) {
        return Err(ZdError::forbidden());
    }
    let max = account.macros.iter().map(item_id).max().unwrap_or(0);
    let id = write::next_id(account, "macros", max, 1);
    let mut item = Map::new();
    item.insert("id".into(), json!(id));
    item.insert("title".into(), Value::Null);
    item.insert("description".into(), Value::Null);
    item.insert("active".into(), json!(true));
    item.insert("default".into(), json!(false));
    item.insert(
        "position".into(),
        json!(write::next_position(&account.macros)),
    );
    item.insert("restriction".into(), Value::Null);
    item.extend(changes);
    write::stamp(&mut item, true);
    let answer = item_json(&item, &account.subdomain, "macros");
    account.macros.push(item);
    Ok(Json(json!({ "macro": answer })))
}

/// The fields sent change (`actions` replaced as a whole).
async fn update(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let at = visible(account, user, &id)?;
    let reach = write::reach(account, user, "macro_access");
    if !write::may_manage(reach, user, restriction_of(&account.macros[at])) {
        return Err(ZdError::forbidden());
    }
    let sent = body_object(&body, "macro")?;
    let changes = check(&sent, account, false)?;
    if let Some(r) = changes.get("restriction") {
        if !write::may_manage(reach, user, r) {
            return Err(ZdError::forbidden());
        }
    }
    let item = &mut account.macros[at];
    item.extend(changes);
    write::stamp(item, false);
    Ok(Json(json!({
        "macro": item_json(&account.macros[at], &account.subdomain, "macros")
    })))
}

async fn remove(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<StatusCode, ZdError> {
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let at = visible(account, user, &id)?;
    let reach = write::reach(account, user, "macro_access");
    if !write::may_manage(reach, user, restriction_of(&account.macros[at])) {
        return Err(ZdError::forbidden());
    }
    account.macros.remove(at);
    Ok(StatusCode::NO_CONTENT)
}

/// Validates the `macro` object of a create or update: the fields to store. Every refusal is
/// collected. Read-only (`id`, `url`, `default`, the times, usage) and unknown fields are ignored.
fn check(
    sent: &Map<String, Value>,
    account: &Account,
    creating: bool,
) -> Result<Map<String, Value>, ZdError> {
    let mut details = Details::default();
    let mut out = Map::new();
    if let Some(title) = write::required_text(sent, "title", creating, &mut details) {
        out.insert("title".into(), json!(title));
    }
    if let Some(d) = write::optional_text(sent, "description", &mut details) {
        out.insert("description".into(), d);
    }
    if let Some(a) = write::optional_bool(sent, "active", &mut details) {
        out.insert("active".into(), json!(a));
    }
    if let Some(p) = write::optional_int(sent, "position", &mut details) {
        out.insert("position".into(), json!(p));
    }
    match write::entries(sent, "actions", &mut details) {
        Some(actions) if !actions.is_empty() => {
            write::check_entries(account, &actions, "actions", &mut details);
            out.insert("actions".into(), Value::Array(actions));
        }
        None if !creating => {}
        _ => details.add(
            "actions",
            "BlankValue",
            "Actions: a macro needs at least one action".to_owned(),
        ),
    }
    if let Some(r) = sent.get("restriction") {
        let stored = write::check_restriction(account, r, &mut details);
        out.insert("restriction".into(), stored);
    }
    details.finish()?;
    Ok(out)
}
