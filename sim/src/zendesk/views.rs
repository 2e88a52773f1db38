//! `/api/v2/views` (the spec's Views): list, show, create, update (PUT), delete.
//!
//! - List (agents): "shared and personal views available to the current user". Agents get views
//!   open to everyone, to one of their groups, or their own personal ones; admins every shared view
//!   (any group) and their own personal ones. Cursor pagination "only sorts by `created_at`" (then
//!   id); offset pagination in `position` order. Show: a view the caller would list (404 otherwise).
//! - The write shape is not the read shape. A create or update carries `title`, `all`, `any` (lists
//!   of conditions), `output` (`{columns: [ids], group_by, group_order, sort_by, sort_order}`),
//!   `restriction`, `description`, `active`, `position`; the stored view answers `conditions:
//!   {all, any}` and `execution` ([`execution`]): `columns` as `{id, title}` (a custom field's column
//!   `{id, title, type, url}`, its id a number), `group` and `sort` (`{id, title, order}` or null),
//!   and `group_by`, `group_order`, `sort_by`, `sort_order`.
//! - Required (422, Zendesk's words where known): `title` on create; `all` with "at least one
//!   condition ... that checks one of the following fields: status, type, group_id, assignee_id, or
//!   requester_id" (the spec; the message is the one Zendesk answers, under `base`); at most 10
//!   columns ("You can specify a total of 10 columns to a view"); conditions, columns, `group_by`,
//!   `sort_by` and `restriction` may not name a group or a ticket field that does not exist.
//! - A PUT replaces each of `all` and `any` it carries (the spec: "The PUT request replaces all
//!   existing conditions"), keeps the other, and checks the `all` rule on the result; an `output`
//!   replaces the whole execution.
//! - Column titles of system columns are the spec's View columns table (`status` is "Status", as
//!   the spec's ViewObject example shows; `subject` is accepted as the read shape writes it). A
//!   column id the table does not list is kept, titled by its id; `group_by` and `sort_by` are not
//!   checked against the table (Zendesk's own answers use ids outside it, e.g. `updated_at`). An
//!   order left out is `asc`. A view created without `output` has no columns. None of these is
//!   documented.
//! - Create answers 200, as the spec says (not 201); delete 204.
//! - Who may write: admins any view; agents as their custom role's `view_access` allows
//!   ([`super::write::reach`]: `full`, `manage-group`, `manage-personal`; `playonly`, `readonly`
//!   none); an agent without a custom role personal views only. A view for everyone or a group is
//!   shared: "Agents cannot create shared views" unless their role says so (403).

use axum::body::Bytes;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::error::ZdError;
use super::macros::available_to;
use super::paging::{self, List, Params, Unpaged};
use super::role_rules::Details;
use super::write::{self, body_object, id_of, Reach};
use super::{authorize, item_id, item_json, Allowed, Caller, ZdState};
use crate::state::{parse_datetime, Account, Role, User};

const LIST: List = List {
    key: "views",
    path: "/api/v2/views.json",
    order: "created_at,id",
    unpaged: Unpaged::Offset,
};

/// "You can specify a total of 10 columns to a view" (the spec).
pub const MAX_COLUMNS: usize = 10;

/// What Zendesk answers when `all` tests none of [`write::REQUIRED_ALL`] (its `base` detail).
pub const REQUIRED_ALL_MESSAGE: &str = "View must test for at least <strong>one</strong> of the following ticket properties in the ALL conditions section: Status, Type, Group, Assignee, Requester.";

/// The spec's View columns table (value -> title in the agent interface), plus `subject`, the id
/// the read shape gives the Subject column.
const COLUMNS: [(&str, &str); 24] = [
    ("assigned", "Assigned"),
    ("assignee", "Assignee"),
    ("due_date", "Due Date"),
    ("group", "Group"),
    ("nice_id", "ID"),
    ("updated", "Updated"),
    ("updated_assignee", "Assignee updated"),
    ("updated_requester", "Requester updated"),
    ("updated_by_type", "Updater"),
    ("organization", "Organization"),
    ("priority", "Priority"),
    ("created", "Requested"),
    ("requester", "Requester"),
    ("locale_id", "Requester language"),
    ("satisfaction_score", "Satisfaction"),
    ("solved", "Solved"),
    ("status", "Status"),
    ("description", "Subject"),
    ("subject", "Subject"),
    ("submitter", "Submitter"),
    ("ticket_form", "Ticket form"),
    ("type", "Type"),
    ("brand", "Brand"),
    ("custom_status_id", "Ticket status"),
];

pub fn routes() -> Router<ZdState> {
    Router::new()
        .route("/api/v2/views", get(list).post(create))
        .route("/api/v2/views/{id}", get(show).put(update).delete(remove))
}

/// Whether `user` sees a view with this restriction in the list (and may show it).
fn visible_to(restriction: Option<&Value>, user: &User) -> bool {
    let group_view = restriction
        .and_then(|r| r.get("type"))
        .and_then(Value::as_str)
        == Some("Group");
    (user.role == Role::Admin && group_view) || available_to(restriction, user)
}

async fn list(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let views: Vec<_> = account
        .views
        .iter()
        .filter(|v| visible_to(v.get("restriction"), user))
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

fn visible(account: &Account, user: &User, id: &str) -> Result<usize, ZdError> {
    let at = write::position_of(&account.views, id)?;
    if visible_to(account.views[at].get("restriction"), user) {
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
        "view": item_json(&account.views[at], &account.subdomain, "views")
    })))
}

/// 200 (the spec) with the stored view, in the read shape.
async fn create(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let reach = write::reach(account, user, "view_access");
    if reach == Reach::Nothing {
        return Err(ZdError::forbidden());
    }
    let sent = body_object(&body, "view")?;
    let changes = check(&sent, account, None)?;
    let restriction = changes.get("restriction").unwrap_or(&Value::Null);
    if !write::may_manage(reach, user, restriction) {
        return Err(ZdError::forbidden());
    }
    let max = account.views.iter().map(item_id).max().unwrap_or(0);
    let id = write::next_id(account, "views", max, 1);
    let mut item = Map::new();
    item.insert("id".into(), json!(id));
    item.insert("title".into(), Value::Null);
    item.insert("raw_title".into(), Value::Null);
    item.insert("description".into(), Value::Null);
    item.insert("active".into(), json!(true));
    item.insert("default".into(), json!(false));
    item.insert(
        "position".into(),
        json!(write::next_position(&account.views)),
    );
    item.insert("restriction".into(), Value::Null);
    item.insert(
        "execution".into(),
        execution(&account.ticket_fields, &account.subdomain, &Map::new()),
    );
    item.extend(changes);
    write::stamp(&mut item, true);
    let answer = item_json(&item, &account.subdomain, "views");
    account.views.push(item);
    Ok(Json(json!({ "view": answer })))
}

async fn update(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::Agents)?;
    let at = visible(account, user, &id)?;
    let reach = write::reach(account, user, "view_access");
    if !write::may_manage(reach, user, restriction_of(&account.views[at])) {
        return Err(ZdError::forbidden());
    }
    let sent = body_object(&body, "view")?;
    let changes = check(&sent, account, Some(at))?;
    if let Some(r) = changes.get("restriction") {
        if !write::may_manage(reach, user, r) {
            return Err(ZdError::forbidden());
        }
    }
    let item = &mut account.views[at];
    item.extend(changes);
    write::stamp(item, false);
    Ok(Json(json!({
        "view": item_json(&account.views[at], &account.subdomain, "views")
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
    let reach = write::reach(account, user, "view_access");
    if !write::may_manage(reach, user, restriction_of(&account.views[at])) {
        return Err(ZdError::forbidden());
    }
    account.views.remove(at);
    Ok(StatusCode::NO_CONTENT)
}

/// Validates the `view` object of a create (`this: None`) or of an update of the view at `this`:
/// the fields to store, in the read shape (`conditions`, `execution`). Every refusal is collected.
/// Read-only (`id`, `url`, `default`, the times) and unknown fields (the read shape's `conditions`
/// and `execution` among them) are ignored.
fn check(
    sent: &Map<String, Value>,
    account: &Account,
    this: Option<usize>,
) -> Result<Map<String, Value>, ZdError> {
    let creating = this.is_none();
    let mut details = Details::default();
    let mut out = Map::new();
    let raw = write::required_text(sent, "raw_title", false, &mut details);
    let title = match raw {
        Some(raw) => Some(raw),
        None => write::required_text(sent, "title", creating, &mut details),
    };
    if let Some(title) = title {
        out.insert("title".into(), json!(title));
        out.insert("raw_title".into(), json!(title));
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
    if let Some(r) = sent.get("restriction") {
        let stored = write::check_restriction(account, r, &mut details);
        out.insert("restriction".into(), stored);
    }
    let stored = this.and_then(|at| account.views[at].get("conditions"));
    let mut conditions = Map::new();
    for key in ["all", "any"] {
        let list = match write::entries(sent, key, &mut details) {
            Some(list) => {
                write::check_entries(account, &list, key, &mut details);
                list
            }
            None => stored
                .and_then(|c| c.get(key))
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
        };
        conditions.insert(key.into(), Value::Array(list));
    }
    let tests_required = conditions
        .get("all")
        .and_then(Value::as_array)
        .is_some_and(|all| write::tests_required_all(all));
    if !tests_required {
        details.add("base", "InvalidValue", REQUIRED_ALL_MESSAGE.to_owned());
    }
    if creating || sent.contains_key("all") || sent.contains_key("any") {
        out.insert("conditions".into(), Value::Object(conditions));
    }
    match sent.get("output") {
        None => {}
        Some(Value::Object(output)) => {
            check_output(output, account, &mut details);
            out.insert(
                "execution".into(),
                execution(&account.ticket_fields, &account.subdomain, output),
            );
        }
        Some(Value::Null) => {
            out.insert(
                "execution".into(),
                execution(&account.ticket_fields, &account.subdomain, &Map::new()),
            );
        }
        Some(_) => details.add(
            "output",
            "InvalidValue",
            "Output: must be an object".to_owned(),
        ),
    }
    details.finish()?;
    Ok(out)
}

/// `output`: at most [`MAX_COLUMNS`] columns, each a column id (text) or a ticket field's id; the
/// ticket fields named (columns, `group_by`, `sort_by`) must exist; orders `asc` or `desc`.
fn check_output(output: &Map<String, Value>, account: &Account, details: &mut Details) {
    let columns = match output.get("columns") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(c)) => c.clone(),
        Some(_) => {
            details.add(
                "output",
                "InvalidValue",
                "Output: columns must be a list of column ids".to_owned(),
            );
            Vec::new()
        }
    };
    if columns.len() > MAX_COLUMNS {
        details.add(
            "output",
            "InvalidValue",
            format!(
                "Output: you can specify a total of {MAX_COLUMNS} columns to a view ({} given)",
                columns.len()
            ),
        );
    }
    let named = columns
        .iter()
        .chain(output.get("group_by"))
        .chain(output.get("sort_by"));
    for c in named {
        match c {
            Value::Null => {}
            Value::String(s) if id_of(c).is_none() && !s.trim().is_empty() => {}
            _ => match id_of(c) {
                Some(id) if write::field_exists(account, id) => {}
                _ => details.add(
                    "output",
                    "InvalidValue",
                    format!("Output: {c} is not a column or a ticket field of this account"),
                ),
            },
        }
    }
    for key in ["group_order", "sort_order"] {
        match output.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::String(o)) if o == "asc" || o == "desc" => {}
            Some(other) => details.add(
                "output",
                "InvalidValue",
                format!("Output: {key} must be asc or desc, not {other}"),
            ),
        }
    }
}

/// One column of the read shape: a system column `{id, title}`, a custom field
/// `{id, title, type, url}` (its id a number).
fn column(fields: &[Map<String, Value>], subdomain: &str, id: &Value) -> Value {
    if let Some(n) = id_of(id) {
        let field = fields.iter().find(|f| item_id(f) == n);
        let text = |k: &str| field.and_then(|f| f.get(k)).cloned().unwrap_or(Value::Null);
        return json!({
            "id": n,
            "title": text("title"),
            "type": text("type"),
            "url": format!("https://{subdomain}.zendesk.com/api/v2/ticket_fields/{n}.json"),
        });
    }
    let id = id.as_str().unwrap_or_default();
    let title = COLUMNS
        .iter()
        .find(|(c, _)| *c == id)
        .map_or(id, |(_, t)| t);
    json!({"id": id, "title": title})
}

/// A view's `execution` (read shape) from a write's `output`, titles taken from the account's
/// ticket `fields`. Public so the demo scenario builds its views the way a write does.
pub fn execution(
    fields: &[Map<String, Value>],
    subdomain: &str,
    output: &Map<String, Value>,
) -> Value {
    let columns: Vec<Value> = output
        .get("columns")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|c| column(fields, subdomain, c))
        .collect();
    let normalised = |key: &str| -> Value {
        match output.get(key) {
            Some(v) if id_of(v).is_some() => json!(id_of(v)),
            Some(Value::String(s)) if !s.trim().is_empty() => json!(s),
            _ => Value::Null,
        }
    };
    let order = |key: &str, by: &Value| -> Value {
        if by.is_null() {
            return Value::Null;
        }
        json!(output.get(key).and_then(Value::as_str).unwrap_or("asc"))
    };
    let group_by = normalised("group_by");
    let sort_by = normalised("sort_by");
    let group_order = order("group_order", &group_by);
    let sort_order = order("sort_order", &sort_by);
    let structure = |by: &Value, order: &Value| -> Value {
        if by.is_null() {
            return Value::Null;
        }
        let col = column(fields, subdomain, by);
        json!({"id": col["id"], "title": col["title"], "order": order})
    };
    json!({
        "group_by": group_by,
        "group_order": group_order,
        "sort_by": sort_by,
        "sort_order": sort_order,
        "group": structure(&group_by, &group_order),
        "sort": structure(&sort_by, &sort_order),
        "columns": columns,
    })
}
