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

use super::custom_fields::{self, SentOption};
use super::error::ZdError;
use super::paging::{self, List, Params, Unpaged};
use super::role_rules::Details;
use super::write::{self, body_object};
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
    let kind = custom_fields::check_kind(sent, stored, &CUSTOM_TYPES, &mut details);
    let mut fields = Map::new();
    custom_fields::check_texts(
        sent,
        creating,
        &[
            ("raw_title", "title"),
            ("raw_description", "description"),
            ("raw_title_in_portal", "title_in_portal"),
        ],
        "title",
        &mut fields,
        &mut details,
    );
    custom_fields::check_plain(
        sent,
        &["agent_description", "regexp_for_validation"],
        &[
            "active",
            "required",
            "collapsed_for_agents",
            "visible_in_portal",
            "editable_in_portal",
            "required_in_portal",
        ],
        &mut fields,
        &mut details,
    );
    let taken = custom_fields::tags_of(&account.ticket_fields, stored.map(item_id));
    if kind == "checkbox" {
        custom_fields::check_tag(sent, &taken, &mut fields, &mut details);
    }
    let options = if DROPDOWNS.contains(&kind.as_str()) {
        custom_fields::check_options(sent, creating, &taken, &mut details)
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

/// Writes checked changes into `field`; options replace the stored list
/// ([`custom_fields::replace_options`]).
fn apply(account: &mut Account, field: &mut Map<String, Value>, checked: Checked) {
    for (k, v) in checked.fields {
        field.insert(k, v);
    }
    if let Some(sent) = checked.options {
        custom_fields::replace_options(account, field, sent, true, true);
    }
}
