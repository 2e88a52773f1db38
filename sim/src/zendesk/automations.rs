//! `/api/v2/automations` (the spec's Automations): list and list active (cursor and offset
//! pagination; `active`, `sort_by`, `sort_order`), show, create (201), update (PUT), delete (204).
//!
//! - The read shape is the spec's AutomationObject: `id`, `title`, `raw_title`, `active`,
//!   `position`, `conditions {all, any}`, `actions`, `default`, `created_at`, `updated_at`. The
//!   spec and the docs' JSON format list no `url` (unlike triggers), so none is added. Fields the
//!   object does not have (`description`, ...) are ignored in a body.
//! - Who: the spec says Agents for every verb. As for triggers, reading is for every agent and
//!   writing for admins and agents whose custom role has `manage_automations` (or the older
//!   `manage_business_rules`) *(choice)*: [`may_manage`]. Others get Zendesk's `Forbidden`.
//! - Body `{"automation": {...}}`. `title` is required on create *(choice: the docs mark nothing
//!   mandatory, but an automation without a title cannot be made)*; `raw_title` is read-only (the
//!   spec) and stored as the title (the simulator renders no dynamic content). Conditions are
//!   written as `conditions: {all, any}` (the spec's object) or, as the Conditions reference says
//!   writes take them, as top-level `all`/`any` (used only when `conditions` is not sent
//!   *(choice)*).
//! - "Updating a condition or action updates both the conditions and actions arrays, clearing all
//!   existing values of both arrays" (the spec): a PUT with either replaces both, so a PUT with
//!   conditions but no actions leaves none and is refused (422), as for triggers.
//! - The refusals (422 `RecordInvalid`, every one at once; Zendesk's wording is not documented, so
//!   the messages are the simulator's, built from the docs' sentences *(choice)*):
//!   - at least one condition and at least one action (as triggers; [`write::check_rule_parts`]);
//!   - "at least one time-based condition" in `all` (the spec), and none in `any` ("Time-based
//!     conditions aren't available from Meet any of these conditions", Zendesk's automation
//!     conditions article); their values whole numbers of hours (the same article);
//!   - `all` must test `status`, `type`, `group_id`, `assignee_id` or `requester_id` (the spec),
//!     under `base` as for views, the views' sentence with "Automation" *(choice)*;
//!   - "at least one condition that is true only once or an action that nullifies at least one of
//!     the conditions" (the spec), under `base`: see [`nullifies`] and [`ONCE_OPERATORS`];
//!   - "Active automations can have overlapping conditions but can't be identical" (the spec): an
//!     active automation with the same `conditions` and `actions` as another active one, under
//!     `base`. Titles need not be unique *(choice: the spec's "must be unique" is read as this)*;
//!   - references must resolve ([`write::check_entries`]): `group_id` values, the group of a
//!     `notification_group` action, `custom_fields_<id>` fields.
//! - `position` defaults to after the last automation; `active` to true; `default` is false for
//!   every automation made through the API (read-only). Default automations may be updated and
//!   deleted *(choice: the spec's "you might be restricted" names no rule)*.

use axum::body::Bytes;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::error::ZdError;
use super::paging::{self, List, Params, SortBy, Unpaged};
use super::role_rules::Details;
use super::write::{self, body_object, RuleParts};
use super::{authorize, authorize_writer, item_id, Allowed, Caller, ZdState};
use crate::state::{Account, User};

/// The first automation id in an account without any.
const FIRST_ID: u64 = 1;

/// The time-based condition fields: the Conditions reference's hours since created, open,
/// pending, on-hold, solved, closed, assigned, update, requester update, assignee update, due
/// date, until due date, since last SLA breach and until next SLA breach.
pub const TIME_FIELDS: [&str; 14] = [
    "NEW",
    "OPEN",
    "PENDING",
    "HOLD",
    "SOLVED",
    "CLOSED",
    "assigned_at",
    "updated_at",
    "requester_updated_at",
    "assignee_updated_at",
    "due_date",
    "until_due_date",
    "sla_next_breach_at",
    "until_sla_next_breach_at",
];

/// The operators under which a time-based condition is true for one hour only ("Hours since...is",
/// calendar or business hours): a condition "true only once" *(choice: the docs call `is` a
/// one-hour window; `greater_than` and `less_than` stay true)*.
pub const ONCE_OPERATORS: [&str; 2] = ["is", "is_business_hours"];

/// The message when `all` tests none of [`write::REQUIRED_ALL`].
pub const REQUIRED_ALL_MESSAGE: &str = "Automation must test for at least <strong>one</strong> of the following ticket properties in the ALL conditions section: Status, Type, Group, Assignee, Requester.";

/// The message when nothing stops the automation from running again.
pub const NULLIFY_MESSAGE: &str = "Automation must have at least one condition that is true only once or an action that nullifies at least one of the conditions.";

pub fn routes() -> Router<ZdState> {
    Router::new()
        .route("/api/v2/automations", get(list).post(create))
        .route("/api/v2/automations/active", get(list_active))
        .route(
            "/api/v2/automations/{id}",
            get(show).put(update).delete(remove),
        )
}

/// Admins, and agents whose custom role may manage automations.
pub fn may_manage(account: &Account, user: &User) -> bool {
    write::admin_or_flag(
        account,
        user,
        &["manage_automations", "manage_business_rules"],
    )
}

/// An automation as the API answers it: as stored (the spec's AutomationObject has no `url`).
fn answer(automation: &Map<String, Value>) -> Value {
    Value::Object(automation.clone())
}

/// The automations by position, then id, as answered (the control API's configuration snapshot).
pub fn sorted(automations: &[Map<String, Value>]) -> Vec<Value> {
    paging::keyed(automations, SortBy::Position, false, item_id)
        .into_iter()
        .map(|(_, a)| answer(a))
        .collect()
}

fn is_active(automation: &Map<String, Value>) -> bool {
    automation.get("active") != Some(&Value::Bool(false))
}

/// The list's order for `sort_by` and `sort_order`: "alphabetical" (the title), "created_at",
/// "updated_at", default "position"; ascending by default for alphabetical and position,
/// descending for the others (the spec). The usage sorts (`usage_1h`, ...) sort by position: the
/// simulator counts no usage *(choice)*; another value is the default.
fn order_of(params: &Params, path: &'static str) -> (List<'static>, SortBy, bool) {
    let (by, name) = match params.get("sort_by") {
        Some("alphabetical") => (SortBy::Text("title"), "alphabetical"),
        Some("created_at") => (SortBy::Time("created_at"), "created_at"),
        Some("updated_at") => (SortBy::Time("updated_at"), "updated_at"),
        _ => (SortBy::Position, "position"),
    };
    let descending = match params.get("sort_order") {
        Some("asc") => false,
        Some("desc") => true,
        _ => matches!(by, SortBy::Time(_)),
    };
    let order = match (name, descending) {
        ("alphabetical", false) => "alphabetical",
        ("alphabetical", true) => "-alphabetical",
        ("created_at", false) => "created_at",
        ("created_at", true) => "-created_at",
        ("updated_at", false) => "updated_at",
        ("updated_at", true) => "-updated_at",
        (_, false) => "position",
        (_, true) => "-position",
    };
    let list = List {
        key: "automations",
        path,
        order,
        unpaged: Unpaged::Offset,
    };
    (list, by, descending)
}

/// `GET /api/v2/automations`: `active=true|false` filters (another value is ignored *(choice)*).
async fn list(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let active = match params.get("active") {
        Some("true") => Some(true),
        Some("false") => Some(false),
        _ => None,
    };
    answer_list(&state, &caller, &params, active, "/api/v2/automations.json")
}

/// `GET /api/v2/automations/active`: the active ones, paged and sorted as the list.
async fn list_active(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let path = "/api/v2/automations/active.json";
    answer_list(&state, &caller, &params, Some(true), path)
}

fn answer_list(
    state: &ZdState,
    caller: &Caller,
    params: &Params,
    active: Option<bool>,
    path: &'static str,
) -> Result<Json<Value>, ZdError> {
    let (list, by, descending) = order_of(params, path);
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, caller, Allowed::Agents)?;
    let chosen = account
        .automations
        .iter()
        .filter(|a| active.is_none_or(|want| is_active(a) == want));
    let items = paging::keyed(chosen, by, descending, item_id)
        .into_iter()
        .map(|(key, a)| (key, answer(a)))
        .collect();
    Ok(Json(paging::answer(
        &list,
        &account.subdomain,
        params,
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
    let at = write::position_of(&account.automations, &id)?;
    Ok(Json(
        json!({ "automation": answer(&account.automations[at]) }),
    ))
}

/// 201 with the stored automation.
async fn create(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize_writer(&mut world, &caller, may_manage)?;
    let sent = body_object(&body, "automation")?;
    let changes = check(sent, account, None)?;
    let max = account.automations.iter().map(item_id).max().unwrap_or(0);
    let id = write::next_id(account, "automations", max, FIRST_ID);
    let mut automation = Map::new();
    automation.insert("id".into(), json!(id));
    automation.insert("active".into(), json!(true));
    automation.insert("default".into(), json!(false));
    automation.insert(
        "position".into(),
        json!(write::next_position(&account.automations)),
    );
    automation.extend(changes);
    write::stamp(&mut automation, true);
    let stored = answer(&automation);
    account.automations.push(automation);
    Ok((StatusCode::CREATED, Json(json!({ "automation": stored }))))
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
    let at = write::position_of(&account.automations, &id)?;
    let sent = body_object(&body, "automation")?;
    let changes = check(sent, account, Some(at))?;
    let automation = &mut account.automations[at];
    automation.extend(changes);
    write::stamp(automation, false);
    Ok(Json(json!({ "automation": answer(automation) })))
}

async fn remove(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<StatusCode, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize_writer(&mut world, &caller, may_manage)?;
    let at = write::position_of(&account.automations, &id)?;
    account.automations.remove(at);
    Ok(StatusCode::NO_CONTENT)
}

/// Top-level `all`/`any` (the Conditions reference's write form) as `conditions`, when
/// `conditions` itself is not sent.
fn folded(mut sent: Map<String, Value>) -> Map<String, Value> {
    if !sent.contains_key("conditions") && (sent.contains_key("all") || sent.contains_key("any")) {
        let all = sent.remove("all").unwrap_or(Value::Null);
        let any = sent.remove("any").unwrap_or(Value::Null);
        sent.insert("conditions".into(), json!({"all": all, "any": any}));
    }
    sent
}

/// Validates the `automation` object of a create (`this: None`) or of an update of the automation
/// at `this`, and returns the fields to store. Every refusal is collected; nothing is written
/// here. Read-only (`id`, `raw_title`, `default`, the times) and unknown fields are ignored.
fn check(
    sent: Map<String, Value>,
    account: &Account,
    this: Option<usize>,
) -> Result<Map<String, Value>, ZdError> {
    let sent = folded(sent);
    let creating = this.is_none();
    let mut details = Details::default();
    let mut fields = Map::new();
    if let Some(title) = write::required_text(&sent, "title", creating, &mut details) {
        fields.insert("title".into(), json!(title));
        fields.insert("raw_title".into(), json!(title));
    }
    if let Some(a) = write::optional_bool(&sent, "active", &mut details) {
        fields.insert("active".into(), json!(a));
    }
    if let Some(p) = write::optional_int(&sent, "position", &mut details) {
        fields.insert("position".into(), json!(p));
    }
    if creating || sent.contains_key("conditions") || sent.contains_key("actions") {
        let parts = write::check_rule_parts(&sent, account, "an automation", &mut details);
        check_time_rules(&parts, &mut details);
        fields.insert("conditions".into(), parts.conditions());
        fields.insert("actions".into(), Value::Array(parts.actions));
    }
    check_identical(&fields, account, this, &mut details);
    details.finish()?;
    Ok(fields)
}

fn field_of(entry: &Value) -> &str {
    entry
        .get("field")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

fn operator_of(entry: &Value) -> &str {
    entry
        .get("operator")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

fn is_time_based(condition: &Value) -> bool {
    TIME_FIELDS.contains(&field_of(condition))
}

/// The rules only automations have, on checked conditions and actions: a time-based condition in
/// `all` (whole hours), none in `any`, one of the required fields in `all`, and something that
/// stops the automation from running again.
fn check_time_rules(parts: &RuleParts, details: &mut Details) {
    if parts.all.is_empty() && parts.any.is_empty() {
        return; // already refused: no conditions at all
    }
    if !parts.all.iter().any(is_time_based) {
        details.add(
            "conditions",
            "InvalidValue",
            "Conditions: an automation needs at least one time-based condition in all".to_owned(),
        );
    }
    for c in parts.any.iter().filter(|c| is_time_based(c)) {
        details.add(
            "conditions",
            "InvalidValue",
            format!(
                "Conditions: the time-based condition {} cannot be in any",
                field_of(c)
            ),
        );
    }
    for c in parts.all.iter().filter(|c| is_time_based(c)) {
        if text_of(c.get("value")).parse::<u64>().is_err() {
            details.add(
                "conditions",
                "InvalidValue",
                format!("Conditions: {} takes a whole number of hours", field_of(c)),
            );
        }
    }
    if !write::tests_required_all(&parts.all) {
        details.add("base", "InvalidValue", REQUIRED_ALL_MESSAGE.to_owned());
    }
    let conditions = || parts.all.iter().chain(&parts.any);
    let once = conditions().any(|c| is_time_based(c) && ONCE_OPERATORS.contains(&operator_of(c)));
    let nullified = parts
        .actions
        .iter()
        .any(|a| conditions().any(|c| nullifies(a, c)));
    if !once && !nullified {
        details.add("base", "InvalidValue", NULLIFY_MESSAGE.to_owned());
    }
}

/// Refuses an active automation whose conditions and actions (after this write) are those of
/// another active automation.
fn check_identical(
    fields: &Map<String, Value>,
    account: &Account,
    this: Option<usize>,
    details: &mut Details,
) {
    let stored = this.map(|at| &account.automations[at]);
    let value = |key: &str| fields.get(key).or_else(|| stored.and_then(|s| s.get(key)));
    if value("active") == Some(&Value::Bool(false)) {
        return;
    }
    let (conditions, actions) = (value("conditions"), value("actions"));
    let twin = account.automations.iter().enumerate().find(|(i, a)| {
        Some(*i) != this
            && is_active(a)
            && a.get("conditions") == conditions
            && a.get("actions") == actions
    });
    if let Some((_, twin)) = twin {
        let title = twin
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or_default();
        details.add(
            "base",
            "InvalidValue",
            format!(
                "Automation is identical to the active automation \"{title}\": active automations can't be identical"
            ),
        );
    }
}

/// A condition's or action's value as text: digits for numbers, "" for null.
fn text_of(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// Tags in a value: a space-separated text or a list of texts.
fn tags_of(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .flat_map(|i| tags_of(Some(i)))
            .collect::<Vec<_>>(),
        Some(Value::String(s)) => s.split_whitespace().map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

/// Where a status or priority value ranks, for `less_than` / `greater_than`.
fn rank(field: &str, value: &str) -> Option<usize> {
    let order: &[&str] = match field {
        "status" => &["new", "open", "pending", "hold", "solved", "closed"],
        "priority" => &["", "low", "normal", "high", "urgent"],
        _ => return None,
    };
    order.iter().position(|v| *v == value)
}

/// Whether running `action` makes `condition` false, so the automation does not run again for the
/// ticket (the spec's "an action that nullifies at least one of the conditions"). *(choice: the
/// docs give no rule; the simulator evaluates the condition on the value the action sets)*:
///
/// - the same field: `is` nullified by another value, `is_not` by that value, `less_than` /
///   `greater_than` by a status or priority on the other side (other fields: another value),
///   `present` by a blank value, `not_present` by a value; any other operator by any value;
/// - tags (`current_tags` conditions): `includes` nullified by `remove_tags` of all its tags or
///   `set_tags` without any of them; `not_includes` by `current_tags` (add) or `set_tags` with one.
pub fn nullifies(action: &Value, condition: &Value) -> bool {
    let (acted, tested) = (field_of(action), field_of(condition));
    let op = operator_of(condition);
    if tested == "current_tags" {
        let tags = tags_of(condition.get("value"));
        let set = tags_of(action.get("value"));
        return match (op, acted) {
            ("includes", "remove_tags") => tags.iter().all(|t| set.contains(t)),
            ("includes", "set_tags") => !tags.iter().any(|t| set.contains(t)),
            ("not_includes", "current_tags" | "set_tags") => tags.iter().any(|t| set.contains(t)),
            _ => false,
        };
    }
    if acted.is_empty() || acted != tested {
        return false;
    }
    let now = text_of(action.get("value"));
    let wanted = text_of(condition.get("value"));
    match op {
        "is" => now != wanted,
        "is_not" => now == wanted,
        "less_than" | "greater_than" => match (rank(tested, &now), rank(tested, &wanted)) {
            (Some(n), Some(w)) if op == "less_than" => n >= w,
            (Some(n), Some(w)) => n <= w,
            _ => now != wanted,
        },
        "present" => now.is_empty(),
        "not_present" => !now.is_empty(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(field: &str, operator: &str, value: Value) -> Value {
        json!({"field": field, "operator": operator, "value": value})
    }

    fn a(field: &str, value: Value) -> Value {
        json!({"field": field, "value": value})
    }

    #[test]
    fn an_action_nullifies_the_condition_it_makes_false() {
        let solved = c("status", "is", json!("solved"));
        assert!(nullifies(&a("status", json!("closed")), &solved));
        assert!(!nullifies(&a("status", json!("solved")), &solved));
        assert!(!nullifies(&a("priority", json!("high")), &solved));
        let unsolved = c("status", "less_than", json!("solved"));
        assert!(nullifies(&a("status", json!("solved")), &unsolved));
        assert!(!nullifies(&a("status", json!("open")), &unsolved));
        let not_tier_2 = c("group_id", "is_not", json!(12));
        assert!(nullifies(&a("group_id", json!("12")), &not_tier_2));
        assert!(!nullifies(&a("group_id", json!("13")), &not_tier_2));
    }

    #[test]
    fn every_seeded_automation_passes_the_rules() {
        let world = crate::scenario::load("demo").unwrap_or_else(|| panic!("demo"));
        for sub in ["acme", "globex", "initech"] {
            let account = world.account(sub).unwrap_or_else(|| panic!("{sub}"));
            for (at, a) in account.automations.iter().enumerate() {
                let checked = check(a.clone(), account, Some(at));
                assert!(checked.is_ok(), "{sub}: {a:?}");
            }
        }
    }

    #[test]
    fn tags_are_nullified_by_adding_or_removing_them() {
        let untagged = c("current_tags", "not_includes", json!("reminded"));
        assert!(nullifies(&a("current_tags", json!("reminded")), &untagged));
        assert!(!nullifies(&a("remove_tags", json!("reminded")), &untagged));
        let tagged = c("current_tags", "includes", json!("vip urgent"));
        assert!(nullifies(&a("remove_tags", json!("urgent vip")), &tagged));
        assert!(!nullifies(&a("remove_tags", json!("vip")), &tagged));
        assert!(nullifies(&a("set_tags", json!("calm")), &tagged));
    }
}
