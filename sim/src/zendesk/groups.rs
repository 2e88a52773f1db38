//! `/api/v2/groups` (the spec's Groups): list and show (admins and agents), create and delete (admins,
//! and agents whose custom role has `manage_groups`), update (admins only, as the spec's "Allowed
//! For" says). List: cursor or offset pagination ([`super::paging`]); cursor order by id.
//!
//! - Names are required and unique among the live groups, compared trimmed and case-insensitively
//!   (422 `DuplicateValue`); the documents name no wording, the simulator writes "Name: <name> has
//!   already been taken" as for custom roles.
//! - "You can't change a private group to a public group" (the spec's `is_public`): 422.
//! - A delete marks the group deleted (the spec's GroupObject: "Deleted groups get marked as such");
//!   the list keeps showing it, `deleted: true`, unless `exclude_deleted=true` (the spec's
//!   parameter); show still answers it; it can no longer be updated or deleted (404), nor named by
//!   anything (422 wherever a group is referred to), and its agents are no longer in it. The default
//!   group cannot be deleted (422, as Salto's `default_group_deletion` validator says; Zendesk's
//!   status and wording are not documented).

use axum::body::Bytes;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::error::ZdError;
use super::paging::{self, List, Params, Unpaged};
use super::role_rules::Details;
use super::write::{self, body_object};
use super::{authorize, Allowed, Caller, ZdState};
use crate::state::{now_rfc3339, Account, Group};

const LIST: List = List {
    key: "groups",
    path: "/api/v2/groups.json",
    order: "id",
    unpaged: Unpaged::Offset,
};

/// The custom role permission that lets an agent create and delete groups.
const MANAGE_GROUPS: &str = "manage_groups";

pub fn routes() -> Router<ZdState> {
    Router::new()
        .route("/api/v2/groups", get(list).post(create))
        .route("/api/v2/groups/{id}", get(show).put(update).delete(remove))
}

async fn list(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let exclude_deleted = params.get("exclude_deleted") == Some("true");
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let items = account
        .groups
        .iter()
        .filter(|g| !(exclude_deleted && g.deleted))
        .map(|g| ((g.id as i64, g.id), group_json(&account.subdomain, g)))
        .collect();
    Ok(Json(paging::answer(
        &LIST,
        &account.subdomain,
        &params,
        items,
    )?))
}

async fn show(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let group = &account.groups[position(account, &id, true)?];
    Ok(Json(
        json!({ "group": group_json(&account.subdomain, group) }),
    ))
}

/// 201 with the stored group.
async fn create(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ZdError> {
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    if !write::admin_or_flag(account, user, &[MANAGE_GROUPS]) {
        return Err(ZdError::forbidden());
    }
    let sent = body_object(&body, "group")?;
    let accepted = check(&sent, account, None)?;
    let max = account.groups.iter().map(|g| g.id).max().unwrap_or(0);
    let id = write::next_id(account, "groups", max, 1);
    let now = now_rfc3339();
    account.groups.push(Group {
        id,
        name: accepted.name.unwrap_or_default(),
        description: accepted.description.unwrap_or_default(),
        is_public: accepted.is_public.unwrap_or(true),
        default: false,
        deleted: false,
        created_at: now.clone(),
        updated_at: now,
    });
    let group = &account.groups[account.groups.len() - 1];
    Ok((
        StatusCode::CREATED,
        Json(json!({ "group": group_json(&account.subdomain, group) })),
    ))
}

/// Admins only. The fields sent change; the others stay.
async fn update(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Admins)?;
    let at = position(account, &id, false)?;
    let sent = body_object(&body, "group")?;
    let accepted = check(&sent, account, Some(at))?;
    let group = &mut account.groups[at];
    if let Some(name) = accepted.name {
        group.name = name;
    }
    if let Some(description) = accepted.description {
        group.description = description;
    }
    if let Some(is_public) = accepted.is_public {
        group.is_public = is_public;
    }
    group.updated_at = now_rfc3339();
    let group = &account.groups[at];
    Ok(Json(
        json!({ "group": group_json(&account.subdomain, group) }),
    ))
}

/// 204. The group is marked deleted and its agents leave it.
async fn remove(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<StatusCode, ZdError> {
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    if !write::admin_or_flag(account, user, &[MANAGE_GROUPS]) {
        return Err(ZdError::forbidden());
    }
    let at = position(account, &id, false)?;
    if account.groups[at].default {
        let why = "The default group cannot be deleted. Make another group the default first.";
        return Err(ZdError::record_invalid(
            "Record validation errors",
            json!({"base": [{"description": why, "error": "InvalidValue"}]}),
        ));
    }
    let group = &mut account.groups[at];
    group.deleted = true;
    group.updated_at = now_rfc3339();
    let gone = group.id;
    for u in &mut account.users {
        u.group_ids.retain(|g| *g != gone);
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Where group `id` is; 404 for an unknown or malformed id, and for a deleted group unless
/// `deleted_too`.
fn position(account: &Account, id: &str, deleted_too: bool) -> Result<usize, ZdError> {
    id.parse::<u64>()
        .ok()
        .and_then(|id| {
            account
                .groups
                .iter()
                .position(|g| g.id == id && (deleted_too || !g.deleted))
        })
        .ok_or_else(ZdError::not_found)
}

/// A group create or update that passed validation: the fields sent.
struct Accepted {
    name: Option<String>,
    description: Option<String>,
    is_public: Option<bool>,
}

/// Validates the `group` object of a create (`this: None`) or an update of the group at `this`.
/// Read-only (`id`, `url`, `default`, `deleted`, the times) and unknown fields are ignored.
fn check(
    sent: &serde_json::Map<String, Value>,
    account: &Account,
    this: Option<usize>,
) -> Result<Accepted, ZdError> {
    let mut details = Details::default();
    let name = write::required_text(sent, "name", this.is_none(), &mut details);
    if let Some(name) = &name {
        let taken = account
            .groups
            .iter()
            .enumerate()
            .any(|(i, g)| Some(i) != this && !g.deleted && write::same_name(&g.name, name));
        if taken {
            details.add(
                "name",
                "DuplicateValue",
                format!("Name: {name} has already been taken"),
            );
        }
    }
    let description = write::optional_text(sent, "description", &mut details)
        .map(|v| v.as_str().unwrap_or_default().to_owned());
    let is_public = write::optional_bool(sent, "is_public", &mut details);
    if let (Some(true), Some(at)) = (is_public, this) {
        if !account.groups[at].is_public {
            details.add(
                "is_public",
                "InvalidValue",
                "Is public: a private group can't be made public".to_owned(),
            );
        }
    }
    details.finish()?;
    Ok(Accepted {
        name,
        description,
        is_public,
    })
}

/// The spec's GroupObject.
pub fn group_json(subdomain: &str, group: &Group) -> Value {
    json!({
        "id": group.id,
        "url": format!("https://{subdomain}.zendesk.com/api/v2/groups/{}.json", group.id),
        "name": group.name,
        "description": group.description,
        "default": group.default,
        "deleted": group.deleted,
        "is_public": group.is_public,
        "created_at": group.created_at,
        "updated_at": group.updated_at,
    })
}
