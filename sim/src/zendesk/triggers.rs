//! `/api/v2/triggers` (the spec's Triggers): list (cursor and offset pagination in `position` order,
//! then id), show, create (201), update (PUT), delete (204).
//!
//! - Who: the spec's "Allowed For" says Agents for every verb; in Zendesk only admins and agents
//!   whose role lets them manage triggers can change them, so reading is for every agent and writing
//!   for admins and agents whose custom role has `manage_triggers` (or the older
//!   `manage_business_rules`): [`may_manage`]. Others get Zendesk's `Forbidden`.
//! - Body `{"trigger": {...}}` (the spec's TriggerWithCategoryRequest). `title`, `conditions` and
//!   `actions` are required on create (the spec's TriggerObject); a trigger with no condition at all
//!   (`all` and `any` empty) or no action is refused (422). `raw_title` is stored with `title` (the
//!   simulator renders no dynamic content: `title` is `raw_title`; a `raw_title` sent wins).
//! - "Updating a condition or action updates both the conditions and actions arrays, clearing all
//!   existing values of both arrays" (the spec): a PUT with either replaces both, so a PUT with
//!   conditions but no actions leaves none and is refused (422).
//! - `category_id` must name a category of the account (422). The spec also allows a `category`
//!   object instead: a new category is made with the trigger. Without either, the trigger goes into
//!   the first category by position (not documented; every trigger then has a category).
//! - References must resolve ([`super::write::check_entries`]): `group_id` values, the group of a
//!   `notification_group` action, `custom_fields_<id>` fields (422).
//! - Titles need not be unique: no document says Zendesk refuses a duplicate trigger title, and
//!   Salto's Zendesk adapter has no change validator for one (it has for duplicate option values).
//! - `position` defaults to after the last trigger; `active` to true; `default` is false for every
//!   trigger made through the API (read-only).

use axum::body::Bytes;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::error::ZdError;
use super::paging::{self, List, Params, Unpaged};
use super::role_rules::Details;
use super::write::{self, body_object, id_of};
use super::{
    authorize, authorize_writer, item_id, item_json, item_position, Allowed, Caller, ZdState,
};
use crate::state::{Account, User};

const LIST: List = List {
    key: "triggers",
    path: "/api/v2/triggers.json",
    order: "position,id",
    unpaged: Unpaged::Offset,
};

/// The first trigger id in an account without any.
const FIRST_ID: u64 = 1;

pub fn routes() -> Router<ZdState> {
    Router::new()
        .route("/api/v2/triggers", get(list).post(create))
        .route(
            "/api/v2/triggers/{id}",
            get(show).put(update).delete(remove),
        )
}

/// Admins, and agents whose custom role may manage triggers.
pub fn may_manage(account: &Account, user: &User) -> bool {
    write::admin_or_flag(account, user, &["manage_triggers", "manage_business_rules"])
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

async fn show(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let at = write::position_of(&account.triggers, &id)?;
    Ok(Json(json!({
        "trigger": item_json(&account.triggers[at], &account.subdomain, "triggers")
    })))
}

/// 201 with the stored trigger.
async fn create(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize_writer(&mut world, &caller, may_manage)?;
    let sent = body_object(&body, "trigger")?;
    let changes = check(&sent, account, None)?;
    let max = account.triggers.iter().map(item_id).max().unwrap_or(0);
    let id = write::next_id(account, "triggers", max, FIRST_ID);
    let mut trigger = Map::new();
    trigger.insert("id".into(), json!(id));
    trigger.insert("title".into(), Value::Null);
    trigger.insert("raw_title".into(), Value::Null);
    trigger.insert("description".into(), Value::Null);
    trigger.insert("active".into(), json!(true));
    trigger.insert("default".into(), json!(false));
    trigger.insert(
        "position".into(),
        json!(write::next_position(&account.triggers)),
    );
    apply(account, &mut trigger, changes);
    write::stamp(&mut trigger, true);
    let answer = item_json(&trigger, &account.subdomain, "triggers");
    account.triggers.push(trigger);
    Ok((StatusCode::CREATED, Json(json!({ "trigger": answer }))))
}

/// The fields sent change (conditions and actions together).
async fn update(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize_writer(&mut world, &caller, may_manage)?;
    let at = write::position_of(&account.triggers, &id)?;
    let sent = body_object(&body, "trigger")?;
    let changes = check(&sent, account, Some(at))?;
    let mut trigger = account.triggers[at].clone();
    apply(account, &mut trigger, changes);
    write::stamp(&mut trigger, false);
    let answer = item_json(&trigger, &account.subdomain, "triggers");
    account.triggers[at] = trigger;
    Ok(Json(json!({ "trigger": answer })))
}

async fn remove(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<StatusCode, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize_writer(&mut world, &caller, may_manage)?;
    let at = write::position_of(&account.triggers, &id)?;
    account.triggers.remove(at);
    Ok(StatusCode::NO_CONTENT)
}

/// Where a checked trigger goes.
enum Category {
    /// An existing category's id.
    Existing(String),
    /// A category to make first (`category` object): name, position.
    New(String, Option<i64>),
}

/// A create or update that passed validation.
#[derive(Default)]
struct Changes {
    /// Stored as sent: `title`/`raw_title`, `description`, `active`, `position`, `conditions`,
    /// `actions`.
    fields: Map<String, Value>,
    category: Option<Category>,
}

/// Validates the `trigger` object of a create (`this: None`) or of an update of the trigger at
/// `this`. Every refusal is collected; nothing is written here. Read-only (`id`, `url`, `default`,
/// the times) and unknown fields are ignored.
fn check(
    sent: &Map<String, Value>,
    account: &Account,
    this: Option<usize>,
) -> Result<Changes, ZdError> {
    let creating = this.is_none();
    let mut details = Details::default();
    let mut changes = Changes::default();
    let raw = write::required_text(sent, "raw_title", false, &mut details);
    let title = match raw {
        Some(raw) => Some(raw),
        None => write::required_text(sent, "title", creating, &mut details),
    };
    if let Some(title) = title {
        changes.fields.insert("title".into(), json!(title));
        changes.fields.insert("raw_title".into(), json!(title));
    }
    if let Some(d) = write::optional_text(sent, "description", &mut details) {
        changes.fields.insert("description".into(), d);
    }
    if let Some(a) = write::optional_bool(sent, "active", &mut details) {
        changes.fields.insert("active".into(), json!(a));
    }
    if let Some(p) = write::optional_int(sent, "position", &mut details) {
        changes.fields.insert("position".into(), json!(p));
    }
    changes.category = check_category(sent, account, creating, &mut details);
    let rules_sent = sent.contains_key("conditions") || sent.contains_key("actions");
    if creating || rules_sent {
        let parts = write::check_rule_parts(sent, account, "a trigger", &mut details);
        changes
            .fields
            .insert("conditions".into(), parts.conditions());
        changes
            .fields
            .insert("actions".into(), Value::Array(parts.actions));
    }
    details.finish()?;
    Ok(changes)
}

/// The trigger's category: `category_id` (a category of the account), or a `category` object to
/// make, or on create the first category by position.
fn check_category(
    sent: &Map<String, Value>,
    account: &Account,
    creating: bool,
    details: &mut Details,
) -> Option<Category> {
    match sent.get("category_id") {
        None | Some(Value::Null) => {}
        Some(v) => {
            let id = id_of(v).map(|n| n.to_string());
            let known = id.as_deref().is_some_and(|id| {
                account
                    .trigger_categories
                    .iter()
                    .any(|c| c.get("id").and_then(Value::as_str) == Some(id))
            });
            return match (known, id) {
                (true, Some(id)) => Some(Category::Existing(id)),
                _ => {
                    details.add(
                        "category_id",
                        "InvalidValue",
                        format!("Category: {v} is not a trigger category of this account"),
                    );
                    None
                }
            };
        }
    }
    if let Some(c) = sent.get("category").filter(|c| !c.is_null()) {
        let name = c
            .get("name")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|n| !n.is_empty());
        let position = c.get("position").and_then(Value::as_i64);
        return match name {
            Some(name) => Some(Category::New(name.to_owned(), position)),
            None => {
                details.add(
                    "category",
                    "BlankValue",
                    "Category: name cannot be blank".to_owned(),
                );
                None
            }
        };
    }
    if !creating {
        return None;
    }
    super::trigger_categories::sorted(&account.trigger_categories)
        .first()
        .and_then(|c| c.get("id").and_then(Value::as_str))
        .map(|id| Category::Existing(id.to_owned()))
}

/// Writes checked changes into `trigger` (making a new category first if one was asked for).
fn apply(account: &mut Account, trigger: &mut Map<String, Value>, changes: Changes) {
    for (k, v) in changes.fields {
        trigger.insert(k, v);
    }
    let category = match changes.category {
        Some(Category::Existing(id)) => Some(id),
        Some(Category::New(name, position)) => {
            let made = super::trigger_categories::add(account, name, position);
            made.get("id").and_then(Value::as_str).map(str::to_owned)
        }
        None => None,
    };
    if let Some(id) = category {
        trigger.insert("category_id".into(), json!(id));
    } else if !trigger.contains_key("category_id") {
        trigger.insert("category_id".into(), Value::Null);
    }
}
