//! `/api/v2/ticket_fields` (the spec's Ticket Fields).
//!
//! - List: "Anyone" (end users get only the fields with `visible_in_portal`; anonymous callers 401).
//!   With `page[size]`, cursor pagination in id order; without, every field in `position` order (the
//!   spec: "No pagination").
//! - Show: agents. Create (201), update (PUT), delete (204): admins (the spec's "Allowed For").
//! - Body `{"ticket_field": {...}}`. `type` defaults to `text` ("Default custom field type when
//!   `type` is not specified") and must be one of the spec's custom field types (422); it is
//!   "editable ... only on creation": a PUT that sends another type is refused (422; whether Zendesk
//!   refuses or ignores it is not documented, and refusing tells the client nothing changed).
//! - `title` is required on create (the spec's TicketFieldObject). `raw_title` is the title's source
//!   ("the dynamic content placeholder if present, or the title value if not"): a `raw_title` sent
//!   sets both, and the simulator renders no dynamic content, so `title` is `raw_title`. The same
//!   for `description`/`raw_description` and `title_in_portal`/`raw_title_in_portal`.
//! - Drop-downs (`tagger`, `multiselect`) need `custom_field_options` (`[{name, value}]`): each
//!   stored option gets an `id`, `raw_name`, `position` and `default`. A PUT that carries
//!   `custom_field_options` replaces the list: "Omitting an option removes it from the drop-down
//!   field" (the spec); an option sent with the `id` or the `value` of an existing one keeps its id.
//!   Other types ignore options.
//! - Tags: "Tags can't be re-used across custom ticket fields" (the spec): a checkbox's `tag` or an
//!   option's `value` used by another field, or the same value twice in one field, is refused (422,
//!   compared case-insensitively as Zendesk's tags are).
//! - System fields (`removable: false`) cannot be deleted (422; Zendesk's answer is not documented).
//! - Updates have their own limit: [`UPDATES_PER_MINUTE`] per account, [`TRIAL_UPDATES_PER_MINUTE`]
//!   on trial accounts (deploy.md). The limit's answer is not documented: the simulator answers as
//!   for the account's limit, 429 with `Retry-After` and `APIRateLimitExceeded`.

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::error::ZdError;
use super::paging::{self, List, Params, Unpaged};
use super::role_rules::Details;
use super::write::{self, body_object, id_of};
use super::{authorize, item_id, item_json, Allowed, Caller, ZdState};
use crate::state::{Account, RateDecision, Role};

const LIST: List = List {
    key: "ticket_fields",
    path: "/api/v2/ticket_fields.json",
    order: "id",
    unpaged: Unpaged::All,
};

/// Ticket field updates per minute per account (deploy.md).
pub const UPDATES_PER_MINUTE: u32 = 75;
/// The same on trial accounts.
pub const TRIAL_UPDATES_PER_MINUTE: u32 = 25;

/// The custom field types the spec's Create Ticket Field lists.
pub const CUSTOM_TYPES: [&str; 11] = [
    "text",
    "textarea",
    "checkbox",
    "date",
    "integer",
    "decimal",
    "regexp",
    "partialcreditcard",
    "multiselect",
    "tagger",
    "lookup",
];

/// Types whose values are options.
const DROPDOWNS: [&str; 2] = ["tagger", "multiselect"];

pub fn routes() -> Router<ZdState> {
    Router::new()
        .route("/api/v2/ticket_fields", get(list).post(create))
        .route(
            "/api/v2/ticket_fields/{id}",
            get(show).put(update).delete(remove),
        )
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

async fn show(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let at = write::position_of(&account.ticket_fields, &id)?;
    Ok(Json(answer(account, at)))
}

fn answer(account: &Account, at: usize) -> Value {
    json!({
        "ticket_field": item_json(&account.ticket_fields[at], &account.subdomain, "ticket_fields")
    })
}

/// 201 with the stored field.
async fn create(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Admins)?;
    let sent = body_object(&body, "ticket_field")?;
    let checked = check(&sent, account, None)?;
    let max = account.ticket_fields.iter().map(item_id).max().unwrap_or(0);
    let id = write::next_id(account, "ticket_fields", max, 1);
    let mut field = object(json!({
        "id": id,
        "type": checked.kind,
        "title": "",
        "raw_title": "",
        "description": "",
        "raw_description": "",
        "agent_description": null,
        "position": write::next_position(&account.ticket_fields),
        "active": true,
        "required": false,
        "collapsed_for_agents": false,
        "regexp_for_validation": null,
        "title_in_portal": "",
        "raw_title_in_portal": "",
        "visible_in_portal": false,
        "editable_in_portal": false,
        "required_in_portal": false,
        "tag": null,
        "removable": true,
        "key": null,
        "creator_user_id": caller.user.as_ref().map_or(0, |u| u.id),
        "creator_app_name": null,
    }));
    let portal_title_sent = checked.fields.contains_key("raw_title_in_portal");
    apply(account, &mut field, checked);
    if !portal_title_sent {
        let title = field.get("title").cloned().unwrap_or(Value::Null);
        field.insert("title_in_portal".into(), title.clone());
        field.insert("raw_title_in_portal".into(), title);
    }
    write::stamp(&mut field, true);
    account.ticket_fields.push(field);
    Ok((
        StatusCode::CREATED,
        Json(answer(account, account.ticket_fields.len() - 1)),
    ))
}

/// The fields sent change; `custom_field_options`, when sent, replace the list.
async fn update(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Admins)?;
    let limit = if account.is_trial() {
        TRIAL_UPDATES_PER_MINUTE
    } else {
        UPDATES_PER_MINUTE
    };
    if let RateDecision::Limited {
        retry_after_secs, ..
    } = account.ticket_field_updates.hit(limit, Instant::now())
    {
        let mut resp = ZdError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "APIRateLimitExceeded",
            "Number of allowed ticket field update requests per minute exceeded",
        )
        .into_response();
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        return Ok(resp);
    }
    let at = write::position_of(&account.ticket_fields, &id)?;
    let sent = body_object(&body, "ticket_field")?;
    let checked = check(&sent, account, Some(at))?;
    let mut field = account.ticket_fields[at].clone();
    apply(account, &mut field, checked);
    write::stamp(&mut field, false);
    account.ticket_fields[at] = field;
    Ok(Json(answer(account, at)).into_response())
}

/// 204; system fields stay (422).
async fn remove(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<StatusCode, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Admins)?;
    let at = write::position_of(&account.ticket_fields, &id)?;
    if account.ticket_fields[at].get("removable") == Some(&Value::Bool(false)) {
        let why = "This is a system field: it cannot be deleted.";
        return Err(ZdError::record_invalid(
            "Record validation errors",
            json!({"base": [{"description": why, "error": "InvalidValue"}]}),
        ));
    }
    account.ticket_fields.remove(at);
    Ok(StatusCode::NO_CONTENT)
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// One option as sent, checked.
struct SentOption {
    id: Option<u64>,
    name: String,
    value: String,
    default: Option<bool>,
}

/// A create or update that passed validation.
struct Checked {
    /// The field's type (as stored, or as created).
    kind: String,
    /// Fields to store as they are.
    fields: Map<String, Value>,
    /// The new option list, when sent for a drop-down.
    options: Option<Vec<SentOption>>,
}

/// Validates the `ticket_field` object of a create (`this: None`) or of an update of the field at
/// `this`. Every refusal is collected; nothing is written here. Read-only (`id`, `url`, `removable`,
/// `agent_can_edit`, `system_field_options`, the times, ...) and unknown fields are ignored.
fn check(
    sent: &Map<String, Value>,
    account: &Account,
    this: Option<usize>,
) -> Result<Checked, ZdError> {
    let creating = this.is_none();
    let stored = this.map(|at| &account.ticket_fields[at]);
    let mut details = Details::default();
    let stored_kind = stored
        .and_then(|f| f.get("type"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let kind = match (sent.get("type"), &stored_kind) {
        (None | Some(Value::Null), Some(k)) => k.clone(),
        (None | Some(Value::Null), None) => "text".to_owned(),
        (Some(Value::String(t)), Some(k)) => {
            if t != k {
                details.add(
                    "type",
                    "InvalidValue",
                    format!("Type: cannot be changed from {k} to {t}"),
                );
            }
            k.clone()
        }
        (Some(Value::String(t)), None) => {
            if !CUSTOM_TYPES.contains(&t.as_str()) {
                details.add(
                    "type",
                    "InvalidValue",
                    format!(
                        "Type: {t} is not a custom field type ({})",
                        CUSTOM_TYPES.join(", ")
                    ),
                );
            }
            t.clone()
        }
        (Some(_), _) => {
            details.add("type", "InvalidValue", "Type: must be text".to_owned());
            stored_kind.clone().unwrap_or_default()
        }
    };
    let mut fields = Map::new();
    for (raw, rendered, required) in [
        ("raw_title", "title", creating),
        ("raw_description", "description", false),
        ("raw_title_in_portal", "title_in_portal", false),
    ] {
        let value = if sent.get(raw).is_some_and(|v| !v.is_null()) {
            if rendered == "title" {
                write::required_text(sent, raw, false, &mut details).map(Value::String)
            } else {
                write::optional_text(sent, raw, &mut details)
            }
        } else if rendered == "title" {
            write::required_text(sent, rendered, required, &mut details).map(Value::String)
        } else {
            write::optional_text(sent, rendered, &mut details)
        };
        if let Some(v) = value {
            let v = if v.is_null() { json!("") } else { v };
            fields.insert(raw.into(), v.clone());
            fields.insert(rendered.into(), v);
        }
    }
    for key in ["agent_description", "regexp_for_validation"] {
        if let Some(v) = write::optional_text(sent, key, &mut details) {
            fields.insert(key.into(), v);
        }
    }
    for key in [
        "active",
        "required",
        "collapsed_for_agents",
        "visible_in_portal",
        "editable_in_portal",
        "required_in_portal",
    ] {
        if let Some(b) = write::optional_bool(sent, key, &mut details) {
            fields.insert(key.into(), json!(b));
        }
    }
    if let Some(p) = write::optional_int(sent, "position", &mut details) {
        fields.insert("position".into(), json!(p));
    }
    let this_id = stored.map(item_id);
    let taken = tags_of_others(account, this_id);
    if kind == "checkbox" {
        if let Some(tag) = write::optional_text(sent, "tag", &mut details) {
            if let Some(t) = tag.as_str().filter(|t| !t.trim().is_empty()) {
                if taken.contains(&t.trim().to_lowercase()) {
                    details.add(
                        "tag",
                        "DuplicateValue",
                        format!("Tag: {t} is already used by another field"),
                    );
                }
                fields.insert("tag".into(), json!(t.trim()));
            } else {
                fields.insert("tag".into(), Value::Null);
            }
        }
    }
    let options = if DROPDOWNS.contains(&kind.as_str()) {
        check_options(sent, creating, &taken, &mut details)
    } else {
        None
    };
    details.finish()?;
    Ok(Checked {
        kind,
        fields,
        options,
    })
}

/// Every tag other fields use (checkbox tags, option values), lowercased.
fn tags_of_others(account: &Account, this: Option<u64>) -> Vec<String> {
    let mut tags = Vec::new();
    for f in account
        .ticket_fields
        .iter()
        .filter(|f| Some(item_id(f)) != this)
    {
        if let Some(t) = f.get("tag").and_then(Value::as_str) {
            tags.push(t.to_lowercase());
        }
        for o in options_of(f) {
            if let Some(v) = o.get("value").and_then(Value::as_str) {
                tags.push(v.to_lowercase());
            }
        }
    }
    tags
}

fn options_of(field: &Map<String, Value>) -> Vec<&Map<String, Value>> {
    field
        .get("custom_field_options")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .collect()
}

/// `custom_field_options` of a drop-down: required (not empty) on create; each with a `name` and a
/// `value`, values unique in the field and not used by another field.
fn check_options(
    sent: &Map<String, Value>,
    creating: bool,
    taken: &[String],
    details: &mut Details,
) -> Option<Vec<SentOption>> {
    const KEY: &str = "custom_field_options";
    let list = match sent.get(KEY) {
        None | Some(Value::Null) if !creating => return None,
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(Value::Array(_)) | None | Some(Value::Null) => {
            details.add(
                KEY,
                "BlankValue",
                "Custom field options: a drop-down needs at least one option".to_owned(),
            );
            return None;
        }
        Some(_) => {
            details.add(
                KEY,
                "InvalidValue",
                "Custom field options: must be a list of {name, value}".to_owned(),
            );
            return None;
        }
    };
    let mut out = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for option in list {
        let text = |k: &str| {
            option
                .get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let (Some(name), Some(value)) = (text("name"), text("value")) else {
            details.add(
                KEY,
                "BlankValue",
                "Custom field options: every option needs a name and a value".to_owned(),
            );
            continue;
        };
        let folded = value.to_lowercase();
        if seen.contains(&folded) {
            details.add(
                KEY,
                "DuplicateValue",
                format!("Custom field options: the value {value} is used twice"),
            );
        } else if taken.contains(&folded) {
            details.add(
                KEY,
                "DuplicateValue",
                format!("Custom field options: the value {value} is already used by another field"),
            );
        }
        seen.push(folded);
        out.push(SentOption {
            id: option.get("id").and_then(id_of),
            name,
            value,
            default: option.get("default").and_then(Value::as_bool),
        });
    }
    Some(out)
}

/// Writes checked changes into `field`; options replace the stored list, keeping the ids of options
/// matched by id or value and numbering new ones after every option id the account has.
fn apply(account: &mut Account, field: &mut Map<String, Value>, checked: Checked) {
    for (k, v) in checked.fields {
        field.insert(k, v);
    }
    let Some(sent) = checked.options else {
        return;
    };
    let old: Vec<Map<String, Value>> = options_of(field).into_iter().cloned().collect();
    let max = account
        .ticket_fields
        .iter()
        .flat_map(options_of)
        .filter_map(|o| o.get("id").and_then(id_of))
        .max()
        .unwrap_or(0);
    let mut list = Vec::new();
    for (position, o) in sent.into_iter().enumerate() {
        let matched = old
            .iter()
            .find(|x| o.id.is_some() && x.get("id").and_then(id_of) == o.id)
            .or_else(|| {
                old.iter()
                    .find(|x| x.get("value").and_then(Value::as_str) == Some(o.value.as_str()))
            });
        let id = match matched.and_then(|m| m.get("id")).and_then(id_of) {
            Some(id) => id,
            None => write::next_id(account, "custom_field_options", max, 1),
        };
        let default = o
            .default
            .or_else(|| {
                matched
                    .and_then(|m| m.get("default"))
                    .and_then(Value::as_bool)
            })
            .unwrap_or(false);
        list.push(json!({
            "id": id,
            "name": o.name,
            "raw_name": o.name,
            "value": o.value,
            "default": default,
            "position": position,
        }));
    }
    field.insert("custom_field_options".into(), Value::Array(list));
}
