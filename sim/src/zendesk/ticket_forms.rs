//! `/api/v2/ticket_forms` (the spec's Ticket Forms; Zendesk's Ticket Forms reference): list, show,
//! create (201), update (PUT), delete (204).
//!
//! - Availability: "Ticket forms are supported on Suite Growth plans and above, as well as on Support
//!   Enterprise plans" ([`Feature::TicketForms`]; 403 otherwise).
//! - List: "Anyone"; end users "only see ticket forms that have `end_user_visible` set to true";
//!   `active` and `end_user_visible` (`true`/`false`) filter. In `position` order, then id. The spec
//!   answers `ticket_forms` alone: every form without `page[size]`, cursor pages with it (the
//!   reference lists `page[size]`). Show: "Admins, Agents, and End Users" (an end user gets 404 for a
//!   form not visible to end users *(choice: the docs are silent)*).
//! - Create, update, delete: admins (the spec's "Allowed For"; an agent gets `Forbidden`, whatever
//!   their custom role).
//! - Body `{"ticket_form": {...}}`. `name` is mandatory; `raw_name` is its source, `display_name`
//!   and `raw_display_name` likewise (a sent `raw_*` wins; the simulator renders no dynamic
//!   content). The docs are silent on defaults; the simulator makes a form `active`, `in_all_brands`,
//!   not `end_user_visible`, not `default`, with `display_name` its name, at the last position.
//! - `restricted_brand_ids` is read-only (the spec and the reference): a write's value is ignored;
//!   the simulator answers `[]` for every form.
//! - `ticket_field_ids`: ticket fields of the account (422 for any other id: the docs are silent on
//!   the wording; the simulator says which id).
//! - `agent_conditions`, `end_user_conditions`: lists of `{parent_field_id, value, child_fields:
//!   [{id, is_required, required_on_statuses}]}` ("Sending an empty array `[]` ... will delete the
//!   conditions"). A parent or child field that is not in the form's `ticket_field_ids` (after the
//!   write) is refused (422, under the conditions' key): the docs are silent on the wording; Salto's
//!   `conditional_ticket_fields` validator says "The conditional ticket field is not present in the
//!   form's ticket_field_ids", which the simulator answers, naming the fields.
//!   `required_on_statuses.type` must be `ALL_STATUSES`, `SOME_STATUSES` (with `statuses`) or
//!   `NO_STATUSES` (the spec's examples).
//! - One default form: a form saved with `default: true` makes the previous default an ordinary form
//!   (Salto: "Setting a new default ticket form will unset the previous default ticket form"). The
//!   default form cannot be deactivated, deleted or set `default: false` (another form must become
//!   the default first, Zendesk help says); the docs are silent on the answer: 422 under `base`.
//! - "Accounts are limited to 300 ticket forms": the 301st is refused (422 under `base`).
//! - Names need not be unique: the docs say nothing of it (a deploy treats two forms of one name as a
//!   conflict anyway).

use axum::body::Bytes;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::custom_fields;
use super::error::ZdError;
use super::paging::{self, List, Params, Unpaged};
use super::role_rules::Details;
use super::write::{self, body_object, id_of};
use super::{authorize_feature, item_id, item_json, item_position, Allowed, Caller, ZdState};
use crate::state::{Account, Feature, Role};

/// The path segment of `url`s.
pub const KIND: &str = "ticket_forms";

const LIST: List = List {
    key: "ticket_forms",
    path: "/api/v2/ticket_forms.json",
    order: "position,id",
    unpaged: Unpaged::All,
};

/// "Accounts are limited to 300 ticket forms."
pub const MAX_FORMS: usize = 300;

/// Salto's words for a conditional field missing from the form.
pub const NOT_IN_FORM: &str =
    "The conditional ticket field is not present in the form's ticket_field_ids";

/// The kinds of `required_on_statuses` (the spec's examples).
const REQUIRED_ON: [&str; 3] = ["ALL_STATUSES", "SOME_STATUSES", "NO_STATUSES"];

/// The condition lists a form holds.
const CONDITIONS: [&str; 2] = ["agent_conditions", "end_user_conditions"];

pub fn routes() -> Router<ZdState> {
    Router::new()
        .route("/api/v2/ticket_forms", get(list).post(create))
        .route(
            "/api/v2/ticket_forms/{id}",
            get(show).put(update).delete(remove),
        )
}

fn is_true(form: &Map<String, Value>, key: &str) -> bool {
    form.get(key) == Some(&Value::Bool(true))
}

/// `true`/`false` of a filter parameter (another value filters nothing *(choice)*).
fn flag(params: &Params, key: &str) -> Option<bool> {
    match params.get(key) {
        Some("true") => Some(true),
        Some("false") => Some(false),
        _ => None,
    }
}

async fn list(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let mut world = state.lock();
    let (user, account) =
        authorize_feature(&mut world, &caller, Allowed::SignedIn, Feature::TicketForms)?;
    let end_user = user.role == Role::EndUser;
    let active = flag(&params, "active");
    let visible = flag(&params, "end_user_visible");
    let forms: Vec<_> = account
        .ticket_forms
        .iter()
        .filter(|f| !end_user || is_true(f, "end_user_visible"))
        .filter(|f| active.is_none_or(|want| is_true(f, "active") == want))
        .filter(|f| visible.is_none_or(|want| is_true(f, "end_user_visible") == want))
        .collect();
    paging::answer_stored(&LIST, &account.subdomain, &params, forms, |f| {
        (item_position(f), item_id(f))
    })
}

async fn show(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (user, account) =
        authorize_feature(&mut world, &caller, Allowed::SignedIn, Feature::TicketForms)?;
    let at = write::position_of(&account.ticket_forms, &id)?;
    let form = &account.ticket_forms[at];
    if user.role == Role::EndUser && !is_true(form, "end_user_visible") {
        return Err(ZdError::not_found());
    }
    Ok(Json(
        json!({ "ticket_form": item_json(form, &account.subdomain, KIND) }),
    ))
}

/// 201 with the stored form.
async fn create(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ZdError> {
    let mut world = state.lock();
    let (_, account) =
        authorize_feature(&mut world, &caller, Allowed::Admins, Feature::TicketForms)?;
    let sent = body_object(&body, "ticket_form")?;
    let changes = check(&sent, account, None)?;
    let max = account.ticket_forms.iter().map(item_id).max().unwrap_or(0);
    let id = write::next_id(account, "ticket_forms", max, 1);
    let name = changes.get("name").cloned().unwrap_or_default();
    let mut form = Map::new();
    form.insert("id".into(), json!(id));
    form.insert("display_name".into(), name.clone());
    form.insert("raw_display_name".into(), name);
    form.insert("end_user_visible".into(), json!(false));
    form.insert(
        "position".into(),
        json!(write::next_position(&account.ticket_forms)),
    );
    form.insert("active".into(), json!(true));
    form.insert("default".into(), json!(false));
    form.insert("in_all_brands".into(), json!(true));
    form.insert("restricted_brand_ids".into(), json!([]));
    form.insert("ticket_field_ids".into(), json!([]));
    form.insert("agent_conditions".into(), json!([]));
    form.insert("end_user_conditions".into(), json!([]));
    form.extend(changes);
    write::stamp(&mut form, true);
    let answer = item_json(&form, &account.subdomain, KIND);
    if is_true(&form, "default") {
        unset_default(account);
    }
    account.ticket_forms.push(form);
    Ok((StatusCode::CREATED, Json(json!({ "ticket_form": answer }))))
}

/// The fields sent change; the others stay.
async fn update(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) =
        authorize_feature(&mut world, &caller, Allowed::Admins, Feature::TicketForms)?;
    let at = write::position_of(&account.ticket_forms, &id)?;
    let sent = body_object(&body, "ticket_form")?;
    let changes = check(&sent, account, Some(at))?;
    if changes.get("default") == Some(&Value::Bool(true)) {
        unset_default(account);
    }
    let form = &mut account.ticket_forms[at];
    form.extend(changes);
    write::stamp(form, false);
    Ok(Json(json!({
        "ticket_form": item_json(form, &account.subdomain, KIND)
    })))
}

/// 204; the default form stays (422).
async fn remove(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<StatusCode, ZdError> {
    let mut world = state.lock();
    let (_, account) =
        authorize_feature(&mut world, &caller, Allowed::Admins, Feature::TicketForms)?;
    let at = write::position_of(&account.ticket_forms, &id)?;
    if is_true(&account.ticket_forms[at], "default") {
        let mut details = Details::default();
        details.add(
            "base",
            "InvalidValue",
            "The default ticket form cannot be deleted. Make another form the default first."
                .to_owned(),
        );
        details.finish()?;
    }
    account.ticket_forms.remove(at);
    Ok(StatusCode::NO_CONTENT)
}

/// Every form's `default` off (before another becomes the default).
fn unset_default(account: &mut Account) {
    for form in &mut account.ticket_forms {
        form.insert("default".into(), json!(false));
    }
}

/// Validates the `ticket_form` object of a create (`this: None`) or of an update of the form at
/// `this`, and returns the fields to store. Every refusal is collected; nothing is written here.
/// Read-only (`id`, `url`, `restricted_brand_ids`, the times) and unknown fields are ignored.
fn check(
    sent: &Map<String, Value>,
    account: &Account,
    this: Option<usize>,
) -> Result<Map<String, Value>, ZdError> {
    let creating = this.is_none();
    let stored = this.map(|at| &account.ticket_forms[at]);
    let mut details = Details::default();
    let mut fields = Map::new();
    if creating && account.ticket_forms.len() >= MAX_FORMS {
        details.add(
            "base",
            "InvalidValue",
            format!("Accounts are limited to {MAX_FORMS} ticket forms"),
        );
    }
    custom_fields::check_texts(
        sent,
        creating,
        &[("raw_name", "name"), ("raw_display_name", "display_name")],
        "name",
        &mut fields,
        &mut details,
    );
    custom_fields::check_plain(
        sent,
        &[],
        &["active", "end_user_visible", "default", "in_all_brands"],
        &mut fields,
        &mut details,
    );
    if stored.is_some_and(|f| is_true(f, "default")) {
        for (key, why) in [
            ("default", "The default ticket form stays the default until another form is made the default"),
            ("active", "The default ticket form cannot be deactivated. Make another form the default first."),
        ] {
            if fields.get(key) == Some(&Value::Bool(false)) {
                details.add("base", "InvalidValue", why.to_owned());
            }
        }
    }
    let field_ids = match sent.get("ticket_field_ids") {
        None | Some(Value::Null) => None,
        Some(v) => Some(check_field_ids(v, account, &mut details)),
    };
    if let Some(ids) = &field_ids {
        fields.insert("ticket_field_ids".into(), json!(ids));
    }
    let in_form: Vec<u64> = field_ids.unwrap_or_else(|| {
        stored
            .and_then(|f| f.get("ticket_field_ids"))
            .and_then(Value::as_array)
            .map(|ids| ids.iter().filter_map(id_of).collect())
            .unwrap_or_default()
    });
    for key in CONDITIONS {
        let conditions = match sent.get(key) {
            None | Some(Value::Null) => stored.and_then(|f| f.get(key)).cloned(),
            Some(v) => {
                let checked = check_conditions(v, key, &mut details);
                fields.insert(key.into(), checked.clone());
                Some(checked)
            }
        };
        check_in_form(conditions.as_ref(), &in_form, key, &mut details);
    }
    details.finish()?;
    Ok(fields)
}

/// `ticket_field_ids`: a list of ticket fields of the account, as numbers.
fn check_field_ids(sent: &Value, account: &Account, details: &mut Details) -> Vec<u64> {
    let Some(list) = sent.as_array() else {
        details.add(
            "ticket_field_ids",
            "InvalidValue",
            "Ticket field ids: must be a list of ticket field ids".to_owned(),
        );
        return Vec::new();
    };
    let mut ids = Vec::new();
    for v in list {
        match id_of(v) {
            Some(id) if write::field_exists(account, id) => ids.push(id),
            _ => details.add(
                "ticket_field_ids",
                "InvalidValue",
                format!("Ticket field ids: {v} is not a ticket field of this account"),
            ),
        }
    }
    ids
}

/// A condition list as sent: each an object with a `parent_field_id`, a `value` and `child_fields`
/// (objects with an `id`; `required_on_statuses` of a known type when there is one).
fn check_conditions(sent: &Value, key: &str, details: &mut Details) -> Value {
    let label = write::label_of(key);
    let Some(list) = sent.as_array() else {
        details.add(
            key,
            "InvalidValue",
            format!("{label}: must be a list of conditions"),
        );
        return json!([]);
    };
    for condition in list {
        let parent = condition.get("parent_field_id").and_then(id_of);
        let children = condition.get("child_fields").and_then(Value::as_array);
        let (Some(_), Some(children)) = (parent, children) else {
            details.add(
                key,
                "InvalidValue",
                format!("{label}: every condition needs a parent_field_id and child_fields"),
            );
            continue;
        };
        if condition.get("value").is_none() {
            details.add(
                key,
                "BlankValue",
                format!("{label}: every condition needs the parent's value"),
            );
        }
        for child in children {
            if child.get("id").and_then(id_of).is_none() {
                details.add(
                    key,
                    "InvalidValue",
                    format!("{label}: every child field needs its id"),
                );
            }
            if let Some(required) = child.get("required_on_statuses").filter(|r| !r.is_null()) {
                let kind = required.get("type").and_then(Value::as_str).unwrap_or("");
                let statuses = required.get("statuses").and_then(Value::as_array);
                if !REQUIRED_ON.contains(&kind) {
                    details.add(
                        key,
                        "InvalidValue",
                        format!(
                            "{label}: required_on_statuses type must be one of {}",
                            REQUIRED_ON.join(", ")
                        ),
                    );
                } else if kind == "SOME_STATUSES" && statuses.is_none_or(Vec::is_empty) {
                    details.add(
                        key,
                        "InvalidValue",
                        format!("{label}: SOME_STATUSES needs the statuses"),
                    );
                }
            }
        }
    }
    sent.clone()
}

/// Refuses conditions whose parent or child field is not among `in_form`.
fn check_in_form(conditions: Option<&Value>, in_form: &[u64], key: &str, details: &mut Details) {
    let mut missing: Vec<u64> = Vec::new();
    for condition in conditions.and_then(Value::as_array).into_iter().flatten() {
        let parent = condition.get("parent_field_id").and_then(id_of);
        let children = condition
            .get("child_fields")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|c| c.get("id").and_then(id_of));
        for id in parent.into_iter().chain(children) {
            if !in_form.contains(&id) && !missing.contains(&id) {
                missing.push(id);
            }
        }
    }
    if !missing.is_empty() {
        let ids: Vec<String> = missing.iter().map(u64::to_string).collect();
        details.add(
            key,
            "InvalidValue",
            format!("{NOT_IN_FORM}: {}", ids.join(", ")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seeded_form_passes_the_rules() {
        let world = crate::scenario::load("demo").unwrap_or_else(|| panic!("demo"));
        for sub in ["acme", "globex", "initech"] {
            let account = world.account(sub).unwrap_or_else(|| panic!("{sub}"));
            for (at, f) in account.ticket_forms.iter().enumerate() {
                let checked = check(f, account, Some(at));
                assert!(checked.is_ok(), "{sub}: {f:?} {checked:?}");
            }
        }
    }
}
