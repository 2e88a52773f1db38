//! `/api/v2/slas/policies` (the spec's SLA Policies; Zendesk's SLA Policies reference): list, show,
//! create (201), update (PUT), delete (204).
//!
//! - Availability: "Accounts on the Support Professional or Suite Growth plan or above"
//!   ([`Feature::Slas`]; 403 otherwise). Every verb: admins (the spec's "Allowed For"; agents get
//!   `Forbidden`, whatever their custom role).
//! - List: `sla_policies` with `count`, `next_page` and `previous_page` (the reference's example: offset
//!   pagination), in `position` order (the order "they will be matched"), then id.
//! - Body `{"sla_policy": {...}}`: `title` and `filter` are required (the spec); `description` (text),
//!   `position` (default: the last, as the spec says), `policy_metrics`. An update changes the fields
//!   sent; a `filter` or `policy_metrics` sent replaces the stored one.
//! - `filter`: `{all, any}`, lists of `{field, operator, value}` (a missing or null list is empty).
//!   Custom ticket fields: the spec and the reference are silent on their spelling in a filter
//!   ("See Conditions reference", which spells them `custom_fields_<id>`); what Zendesk answers is
//!   `ticket_fields_<id>` with option **ids** as values (Salto's reference rules,
//!   `TICKET_FIELD_ALTERNATIVE_PREFIX`; deploy.md). The simulator takes both spellings: the field must
//!   be a ticket field of the account (422), and with `ticket_fields_<id>` the value of a drop-down
//!   must be option ids of that field (422; the docs are silent on an unknown option, the simulator
//!   refuses it as the reference it is). Other references (`group_id`, `brand_id`,
//!   `organization_id`, ...) resolve as in triggers ([`write::check_entries`]).
//! - `policy_metrics`: `{priority, metric, target, business_hours}`; `priority` one of `low`,
//!   `normal`, `high`, `urgent`; `metric` one of the reference's Metrics ([`METRICS`]); `target` a
//!   whole number of minutes, at least 1 *(choice: the docs name no bounds)*; `business_hours` true
//!   or false (false when not sent *(choice)*). The docs are silent on whether business-hours
//!   metrics need a schedule; the simulator does not check.
//! - The wording of every refusal is the simulator's (`"<Field>: <what is wrong>"`), under the
//!   request's field: the docs document none.

use axum::body::Bytes;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::custom_fields;
use super::error::ZdError;
use super::paging::{self, List, Params, SortBy, Unpaged};
use super::role_rules::Details;
use super::write::{self, body_object, id_of};
use super::{authorize_feature, item_id, item_json, Allowed, Caller, ZdState};
use crate::state::{Account, Feature};

/// The path segment of `url`s.
pub const KIND: &str = "slas/policies";

const LIST: List = List {
    key: "sla_policies",
    path: "/api/v2/slas/policies.json",
    order: "position,id",
    unpaged: Unpaged::Offset,
};

/// The reference's Metrics.
pub const METRICS: [&str; 7] = [
    "agent_work_time",
    "first_reply_time",
    "next_reply_time",
    "pausable_update_time",
    "periodic_update_time",
    "requester_wait_time",
    "total_resolution_time",
];

/// The priorities a metric targets.
pub const PRIORITIES: [&str; 4] = ["low", "normal", "high", "urgent"];

/// A custom ticket field in a filter as Zendesk answers it.
pub const FIELD_PREFIX: &str = "ticket_fields_";

pub fn routes() -> Router<ZdState> {
    Router::new()
        .route("/api/v2/slas/policies", get(list).post(create))
        .route(
            "/api/v2/slas/policies/{id}",
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
    let (_, account) = authorize_feature(&mut world, &caller, Allowed::Admins, Feature::Slas)?;
    let sub = account.subdomain.as_str();
    // Not `paging::answer_stored`: the `url`s' path (`slas/policies`) is not the list's key.
    let items = paging::keyed(&account.sla_policies, SortBy::Position, false, item_id)
        .into_iter()
        .map(|(key, p)| (key, item_json(p, sub, KIND)))
        .collect();
    Ok(Json(paging::answer(&LIST, sub, &params, items)?))
}

async fn show(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize_feature(&mut world, &caller, Allowed::Admins, Feature::Slas)?;
    let at = write::position_of(&account.sla_policies, &id)?;
    Ok(Json(json!({
        "sla_policy": item_json(&account.sla_policies[at], &account.subdomain, KIND)
    })))
}

/// 201 with the stored policy.
async fn create(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize_feature(&mut world, &caller, Allowed::Admins, Feature::Slas)?;
    let sent = body_object(&body, "sla_policy")?;
    let changes = check(&sent, account, true)?;
    let max = account.sla_policies.iter().map(item_id).max().unwrap_or(0);
    let id = write::next_id(account, "sla_policies", max, 1);
    let mut policy = Map::new();
    policy.insert("id".into(), json!(id));
    policy.insert("description".into(), json!(""));
    policy.insert(
        "position".into(),
        json!(write::next_position(&account.sla_policies)),
    );
    policy.insert("policy_metrics".into(), json!([]));
    policy.extend(changes);
    write::stamp(&mut policy, true);
    let answer = item_json(&policy, &account.subdomain, KIND);
    account.sla_policies.push(policy);
    Ok((StatusCode::CREATED, Json(json!({ "sla_policy": answer }))))
}

/// The fields sent change; the others stay.
async fn update(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize_feature(&mut world, &caller, Allowed::Admins, Feature::Slas)?;
    let at = write::position_of(&account.sla_policies, &id)?;
    let sent = body_object(&body, "sla_policy")?;
    let changes = check(&sent, account, false)?;
    let policy = &mut account.sla_policies[at];
    policy.extend(changes);
    write::stamp(policy, false);
    Ok(Json(json!({
        "sla_policy": item_json(policy, &account.subdomain, KIND)
    })))
}

async fn remove(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<StatusCode, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize_feature(&mut world, &caller, Allowed::Admins, Feature::Slas)?;
    let at = write::position_of(&account.sla_policies, &id)?;
    account.sla_policies.remove(at);
    Ok(StatusCode::NO_CONTENT)
}

/// Validates the `sla_policy` object of a create or an update, and returns the fields to store.
/// Every refusal is collected; nothing is written here. Read-only (`id`, `url`, the times) and
/// unknown fields are ignored.
fn check(
    sent: &Map<String, Value>,
    account: &Account,
    creating: bool,
) -> Result<Map<String, Value>, ZdError> {
    let mut details = Details::default();
    let mut fields = Map::new();
    if let Some(title) = write::required_text(sent, "title", creating, &mut details) {
        fields.insert("title".into(), json!(title));
    }
    custom_fields::check_plain(sent, &["description"], &[], &mut fields, &mut details);
    if fields.get("description") == Some(&Value::Null) {
        fields.insert("description".into(), json!(""));
    }
    match sent.get("filter") {
        None if !creating => {}
        Some(Value::Object(filter)) => {
            let checked = check_filter(filter, account, &mut details);
            fields.insert("filter".into(), checked);
        }
        _ => details.add(
            "filter",
            "BlankValue",
            "Filter: an SLA policy needs its filter ({\"all\": [...], \"any\": [...]})".to_owned(),
        ),
    }
    if let Some(metrics) = write::entries(sent, "policy_metrics", &mut details) {
        let checked = check_metrics(&metrics, &mut details);
        fields.insert("policy_metrics".into(), Value::Array(checked));
    }
    details.finish()?;
    Ok(fields)
}

/// `{all, any}` as stored, every condition checked.
fn check_filter(filter: &Map<String, Value>, account: &Account, details: &mut Details) -> Value {
    let mut out = Map::new();
    for key in ["all", "any"] {
        let list = match filter.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) if items.iter().all(Value::is_object) => items.clone(),
            Some(_) => {
                details.add(
                    "filter",
                    "InvalidValue",
                    format!("Filter: {key} must be a list of conditions"),
                );
                Vec::new()
            }
        };
        write::check_entries(account, &list, "filter", details);
        for condition in &list {
            check_field_condition(condition, account, details);
        }
        out.insert(key.into(), Value::Array(list));
    }
    Value::Object(out)
}

/// A `ticket_fields_<id>` condition: the field exists and, for a drop-down, its values are option
/// ids of that field.
fn check_field_condition(condition: &Value, account: &Account, details: &mut Details) {
    let field = condition
        .get("field")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let Some(rest) = field.strip_prefix(FIELD_PREFIX) else {
        return;
    };
    let stored = rest
        .parse::<u64>()
        .ok()
        .and_then(|id| account.ticket_fields.iter().find(|f| item_id(f) == id));
    let Some(stored) = stored else {
        details.add(
            "filter",
            "InvalidValue",
            format!("Filter: {field} refers to a ticket field that does not exist"),
        );
        return;
    };
    let options: Vec<u64> = custom_fields::options_of(stored)
        .iter()
        .filter_map(|o| o.get("id").and_then(id_of))
        .collect();
    if options.is_empty() {
        return; // not a drop-down: its values are what the ticket holds
    }
    let value = condition.get("value").unwrap_or(&Value::Null);
    let values: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    for v in values {
        if !id_of(v).is_some_and(|id| options.contains(&id)) {
            details.add(
                "filter",
                "InvalidValue",
                format!("Filter: {v} is not an option of {field}"),
            );
        }
    }
}

/// Each metric as stored (`priority`, `metric`, `target`, `business_hours`).
fn check_metrics(metrics: &[Value], details: &mut Details) -> Vec<Value> {
    let mut out = Vec::new();
    for m in metrics {
        let text = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or_default();
        let (priority, metric) = (text("priority"), text("metric"));
        if !PRIORITIES.contains(&priority) {
            details.add(
                "policy_metrics",
                "InvalidValue",
                format!(
                    "Policy metrics: priority must be one of {}",
                    PRIORITIES.join(", ")
                ),
            );
        }
        if !METRICS.contains(&metric) {
            details.add(
                "policy_metrics",
                "InvalidValue",
                format!(
                    "Policy metrics: metric must be one of {}",
                    METRICS.join(", ")
                ),
            );
        }
        let target = m.get("target").and_then(Value::as_u64).filter(|t| *t >= 1);
        if target.is_none() {
            details.add(
                "policy_metrics",
                "InvalidValue",
                "Policy metrics: target must be a whole number of minutes, at least 1".to_owned(),
            );
        }
        let business_hours = match m.get("business_hours") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                details.add(
                    "policy_metrics",
                    "InvalidValue",
                    "Policy metrics: business_hours must be true or false".to_owned(),
                );
                false
            }
        };
        out.push(json!({
            "priority": priority,
            "metric": metric,
            "target": target.unwrap_or(0),
            "business_hours": business_hours,
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seeded_policy_passes_the_rules() {
        let world = crate::scenario::load("demo").unwrap_or_else(|| panic!("demo"));
        for sub in ["acme", "globex", "initech"] {
            let account = world.account(sub).unwrap_or_else(|| panic!("{sub}"));
            for p in &account.sla_policies {
                let checked = check(p, account, true);
                assert!(checked.is_ok(), "{sub}: {p:?} {checked:?}");
            }
        }
    }
}
