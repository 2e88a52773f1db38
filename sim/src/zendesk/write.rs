//! What the configuration write endpoints share (groups, ticket fields, trigger categories, triggers,
//! automations, macros, views): the request body's wrapper object, ids that are never reused, who may write what
//! (custom role permissions), restrictions, and the references inside conditions and actions.
//!
//! Zendesk documents the 422 body's shape (zendesk-api.md) but not the exact wording of most
//! refusals below: the simulator writes them in Zendesk's `"<Field>: <what is wrong>"` style, and
//! puts them under the request's field (`title`, `conditions`, `actions`, `restriction`, ...).

use axum::body::Bytes;
use serde_json::{json, Map, Value};

use super::error::ZdError;
use super::role_rules::Details;
use crate::state::{now_rfc3339, Account, Role, User};

/// The `<key>` object of a request body (`{"group": {...}}`): 400 if the body is not JSON or lacks it.
pub fn body_object(body: &Bytes, key: &str) -> Result<Map<String, Value>, ZdError> {
    let parsed: Value = serde_json::from_slice(body)
        .map_err(|_| ZdError::bad_request("The request body is not valid JSON"))?;
    match parsed.get(key) {
        Some(Value::Object(map)) => Ok(map.clone()),
        _ => Err(ZdError::bad_request(&format!(
            "The request body needs a {key} object"
        ))),
    }
}

/// A new id for a `kind` item: above the highest id the account holds (`max_existing`) and every
/// id it ever handed out, from `first` in an account with none. Zendesk never reuses an id.
pub fn next_id(account: &mut Account, kind: &'static str, max_existing: u64, first: u64) -> u64 {
    let last = account.last_ids.get(kind).copied().unwrap_or(0);
    let id = max_existing.max(last).max(first.saturating_sub(1)) + 1;
    account.last_ids.insert(kind, id);
    id
}

/// A stored item's id as a number, whether stored as a number or as digits.
pub fn id_of(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => {
            let t = s.trim();
            if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
                t.parse().ok()
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Where item `id` (from the URL) is among `items`; 404 for an unknown or malformed id.
pub fn position_of(items: &[Map<String, Value>], id: &str) -> Result<usize, ZdError> {
    id.parse::<u64>()
        .ok()
        .and_then(|id| items.iter().position(|i| super::item_id(i) == id))
        .ok_or_else(ZdError::not_found)
}

/// The value of permission `key` in the custom role of `user` (agents on a custom role only).
pub fn permission<'a>(account: &'a Account, user: &User, key: &str) -> Option<&'a Value> {
    if user.role != Role::Agent {
        return None;
    }
    let id = user.custom_role_id?;
    account
        .custom_roles
        .iter()
        .find(|r| r.id == id)?
        .configuration
        .get(key)
}

/// Admins, and agents whose custom role has any of the boolean permissions `keys` set.
pub fn admin_or_flag(account: &Account, user: &User, keys: &[&str]) -> bool {
    match user.role {
        Role::Admin => true,
        Role::EndUser => false,
        Role::Agent => keys
            .iter()
            .any(|k| permission(account, user, k) == Some(&Value::Bool(true))),
    }
}

/// How far a user may manage macros (`macro_access`) or views (`view_access`): the custom role's
/// permission (zendesk-api.md's values: `full`, `manage-group`, `manage-personal`, `readonly`, and
/// for views `playonly`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// `readonly`, `playonly`: nothing.
    Nothing,
    /// `manage-personal`: their own personal items.
    Personal,
    /// `manage-group`: personal items and items restricted to groups they are in.
    OwnGroups,
    /// Admins and `full`: everything.
    All,
}

/// The reach of `user` over `key` (`macro_access` or `view_access`). An agent without a custom role
/// (plans below Enterprise) manages personal items only: the narrowest reading, as Zendesk's docs
/// name no default for the built-in Agent role.
pub fn reach(account: &Account, user: &User, key: &str) -> Reach {
    match user.role {
        Role::Admin => Reach::All,
        Role::EndUser => Reach::Nothing,
        Role::Agent if user.custom_role_id.is_none() => Reach::Personal,
        Role::Agent => match permission(account, user, key).and_then(Value::as_str) {
            Some("full") => Reach::All,
            Some("manage-group") => Reach::OwnGroups,
            Some("manage-personal") => Reach::Personal,
            _ => Reach::Nothing,
        },
    }
}

/// Whether `reach` lets `user` hold an item with this (stored-shape) `restriction`: null is shared
/// with everyone, `Group` with the groups named, `User` is personal.
pub fn may_manage(reach: Reach, user: &User, restriction: &Value) -> bool {
    match reach {
        Reach::All => true,
        Reach::Nothing => false,
        Reach::Personal | Reach::OwnGroups => {
            match restriction.get("type").and_then(Value::as_str) {
                Some("User") => restriction.get("id").and_then(id_of) == Some(user.id),
                Some("Group") if reach == Reach::OwnGroups => {
                    let ids = restriction_ids(restriction);
                    !ids.is_empty() && ids.iter().all(|id| user.group_ids.contains(id))
                }
                _ => false,
            }
        }
    }
}

/// The ids a restriction names (`ids`, else `id`).
pub fn restriction_ids(restriction: &Value) -> Vec<u64> {
    match restriction.get("ids").and_then(Value::as_array) {
        Some(ids) if !ids.is_empty() => ids.iter().filter_map(id_of).collect(),
        _ => restriction.get("id").and_then(id_of).into_iter().collect(),
    }
}

/// A live (not deleted) group of the account.
pub fn group_exists(account: &Account, id: u64) -> bool {
    account.groups.iter().any(|g| g.id == id && !g.deleted)
}

/// A ticket field of the account.
pub fn field_exists(account: &Account, id: u64) -> bool {
    account
        .ticket_fields
        .iter()
        .any(|f| super::item_id(f) == id)
}

/// Checks a sent `restriction` (macros, views) and returns it as stored: `null` for everyone,
/// `{"type": "Group", "id": <first>, "ids": [...]}` (groups that exist), or `{"type": "User", "id"}`
/// (a user of the account). `ids` is preferred over `id` for groups, as the views docs say.
pub fn check_restriction(account: &Account, sent: &Value, details: &mut Details) -> Value {
    let Some(r) = sent.as_object() else {
        if !sent.is_null() {
            details.add(
                "restriction",
                "InvalidValue",
                "Restriction: must be an object or null".to_owned(),
            );
        }
        return Value::Null;
    };
    match r.get("type").and_then(Value::as_str) {
        Some("Group") => {
            let ids = restriction_ids(sent);
            if ids.is_empty() {
                details.add(
                    "restriction",
                    "InvalidValue",
                    "Restriction: a Group restriction needs the group ids".to_owned(),
                );
                return Value::Null;
            }
            for id in &ids {
                if !group_exists(account, *id) {
                    details.add(
                        "restriction",
                        "InvalidValue",
                        format!("Restriction: group {id} does not exist"),
                    );
                }
            }
            json!({"type": "Group", "id": ids[0], "ids": ids})
        }
        Some("User") => match r.get("id").and_then(id_of) {
            Some(id) if account.users.iter().any(|u| u.id == id && u.active) => {
                json!({"type": "User", "id": id})
            }
            Some(id) => {
                details.add(
                    "restriction",
                    "InvalidValue",
                    format!("Restriction: user {id} does not exist"),
                );
                Value::Null
            }
            None => {
                details.add(
                    "restriction",
                    "InvalidValue",
                    "Restriction: a User restriction needs the user's id".to_owned(),
                );
                Value::Null
            }
        },
        _ => {
            details.add(
                "restriction",
                "InvalidValue",
                "Restriction: type must be Group or User".to_owned(),
            );
            Value::Null
        }
    }
}

/// What the value of a condition or an action refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Refers {
    Group,
    User,
    TicketForm,
    Brand,
    Organization,
    Schedule,
    Target,
    Webhook,
}

impl Refers {
    fn noun(self) -> &'static str {
        match self {
            Refers::Group => "group",
            Refers::User => "user",
            Refers::TicketForm => "ticket form",
            Refers::Brand => "brand",
            Refers::Organization => "organization",
            Refers::Schedule => "schedule",
            Refers::Target => "target",
            Refers::Webhook => "webhook",
        }
    }

    /// Whether the account has the item `value` names (a number or digits; a webhook's id is
    /// text).
    fn exists(self, account: &Account, value: &Value) -> bool {
        let has =
            |items: &[Map<String, Value>], id: u64| items.iter().any(|i| super::item_id(i) == id);
        if self == Refers::Webhook {
            let id = value.as_str().map(str::trim).unwrap_or_default();
            return account
                .webhooks
                .iter()
                .any(|w| w.get("id").and_then(Value::as_str) == Some(id));
        }
        let Some(id) = id_of(value) else {
            return true; // a keyword (`current_user`, `requester_id`, ...) or `""`: nothing to find
        };
        match self {
            Refers::Group => group_exists(account, id),
            Refers::User => account.users.iter().any(|u| u.id == id && u.active),
            Refers::TicketForm => has(&account.ticket_forms, id),
            Refers::Brand => has(&account.brands, id),
            Refers::Organization => has(&account.organizations, id),
            Refers::Schedule => has(&account.schedules, id),
            Refers::Target => has(&account.targets, id),
            Refers::Webhook => false,
        }
    }
}

/// Where a reference sits: the value itself, or the first element of a list value (`[recipient,
/// subject, body]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum At {
    Value,
    First,
}

/// The references conditions and actions hold (deploy.md, "References to rewrite"): the field,
/// where its reference sits, and what it points to.
const REFERENCES: [(&str, At, Refers); 13] = [
    ("group_id", At::Value, Refers::Group),
    ("notification_group", At::First, Refers::Group),
    ("assignee_id", At::Value, Refers::User),
    ("requester_id", At::Value, Refers::User),
    ("notification_user", At::First, Refers::User),
    ("ticket_form_id", At::Value, Refers::TicketForm),
    ("brand_id", At::Value, Refers::Brand),
    ("organization_id", At::Value, Refers::Organization),
    ("schedule_id", At::Value, Refers::Schedule),
    ("set_schedule", At::Value, Refers::Schedule),
    ("within_schedule", At::Value, Refers::Schedule),
    ("notification_target", At::First, Refers::Target),
    ("notification_webhook", At::First, Refers::Webhook),
];

/// Checks a list of conditions or actions (`[{field, operator?, value}]`) sent as `key` (`actions`,
/// `conditions`, `all`, `any`): each entry an object with a text `field`, and every reference to
/// something in the account resolving:
///
/// - the fields of [`REFERENCES`]: a numeric value (or first element) must be a live group, an
///   active user, a ticket form, brand, organization, schedule or target of the account, and a
///   webhook's id one of its webhooks; keywords (`current_user`, `requester_id`, ...) and `""`
///   (none) are not checked;
/// - `custom_fields_<id>`: a ticket field of the account.
///
/// Option values of drop-downs are not checked (Zendesk's behaviour for an unknown tag is not
/// documented), nor `{{dc.*}}` placeholders in texts (the docs are silent on an unknown one; the
/// simulator stores it as sent).
pub fn check_entries(account: &Account, entries: &[Value], key: &str, details: &mut Details) {
    let label = label_of(key);
    for entry in entries {
        let Some(field) = entry.get("field").and_then(Value::as_str) else {
            details.add(
                key,
                "InvalidValue",
                format!("{label}: every entry needs a field"),
            );
            continue;
        };
        let value = entry.get("value").unwrap_or(&Value::Null);
        if let Some(&(_, at, refers)) = REFERENCES.iter().find(|(f, _, _)| *f == field) {
            let referred = match at {
                At::Value => Some(value),
                At::First => value.as_array().and_then(|v| v.first()),
            };
            match referred {
                Some(v) if !refers.exists(account, v) => details.add(
                    key,
                    "InvalidValue",
                    format!("{label}: {} {} does not exist", refers.noun(), text(v)),
                ),
                Some(_) => {}
                None => details.add(
                    key,
                    "InvalidValue",
                    format!("{label}: {field} needs [{}, subject, body]", refers.noun()),
                ),
            }
        } else if let Some(rest) = field.strip_prefix("custom_fields_") {
            let known = rest
                .parse::<u64>()
                .is_ok_and(|id| field_exists(account, id));
            if !known {
                details.add(
                    key,
                    "InvalidValue",
                    format!("{label}: {field} refers to a ticket field that does not exist"),
                );
            }
        }
    }
}

/// A value as a message shows it: text without quotes.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.trim().to_owned(),
        other => other.to_string(),
    }
}

/// The fields one condition in `all` of a view or an automation must test (the spec's Create View
/// and Create Automation notes).
pub const REQUIRED_ALL: [&str; 5] = ["status", "type", "group_id", "assignee_id", "requester_id"];

/// Whether one of the conditions `all` tests a field of [`REQUIRED_ALL`].
pub fn tests_required_all(all: &[Value]) -> bool {
    all.iter().any(|c| {
        c.get("field")
            .and_then(Value::as_str)
            .is_some_and(|f| REQUIRED_ALL.contains(&f))
    })
}

/// The conditions and actions of a business rule (trigger, automation), checked.
#[derive(Debug, Default)]
pub struct RuleParts {
    pub all: Vec<Value>,
    pub any: Vec<Value>,
    pub actions: Vec<Value>,
}

impl RuleParts {
    /// The stored `conditions`: always both lists.
    pub fn conditions(&self) -> Value {
        json!({"all": self.all, "any": self.any})
    }
}

/// Checks the `conditions` (`{all, any}`, each a list of condition objects, null meaning none) and
/// `actions` of a rule `sent` on a create or on an update that carries either (Zendesk replaces
/// both together, so a missing one is empty): at least one condition, at least one action, every
/// reference resolving ([`check_entries`]). `rule` names the rule in the messages ("a trigger").
pub fn check_rule_parts(
    sent: &Map<String, Value>,
    account: &Account,
    rule: &str,
    details: &mut Details,
) -> RuleParts {
    let mut parts = RuleParts::default();
    match sent.get("conditions") {
        Some(Value::Object(c)) => {
            for (key, list) in [("all", &mut parts.all), ("any", &mut parts.any)] {
                *list = match c.get(key) {
                    None | Some(Value::Null) => Vec::new(),
                    Some(Value::Array(items)) if items.iter().all(Value::is_object) => {
                        items.clone()
                    }
                    Some(_) => {
                        details.add(
                            "conditions",
                            "InvalidValue",
                            format!("Conditions: {key} must be a list of conditions"),
                        );
                        Vec::new()
                    }
                };
                check_entries(account, list, "conditions", details);
            }
            if parts.all.is_empty() && parts.any.is_empty() {
                details.add(
                    "conditions",
                    "BlankValue",
                    format!("Conditions: {rule} needs at least one condition"),
                );
            }
        }
        _ => details.add(
            "conditions",
            "BlankValue",
            format!("Conditions: {rule} needs its conditions ({{\"all\": [...], \"any\": [...]}})"),
        ),
    }
    parts.actions = entries(sent, "actions", details).unwrap_or_default();
    if parts.actions.is_empty() {
        details.add(
            "actions",
            "BlankValue",
            format!("Actions: {rule} needs at least one action"),
        );
    }
    check_entries(account, &parts.actions, "actions", details);
    parts
}

/// `conditions` -> `Conditions`, `all` -> `All`.
pub fn label_of(key: &str) -> String {
    let mut chars = key.chars();
    match chars.next() {
        Some(c) => c
            .to_uppercase()
            .chain(chars)
            .collect::<String>()
            .replace('_', " "),
        None => String::new(),
    }
}

/// A list of entries sent as `key`: `None` if not sent (or null); an error if not a list of objects.
pub fn entries(sent: &Map<String, Value>, key: &str, details: &mut Details) -> Option<Vec<Value>> {
    match sent.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) if items.iter().all(Value::is_object) => Some(items.clone()),
        Some(_) => {
            details.add(
                key,
                "InvalidValue",
                format!("{}: must be a list of objects", label_of(key)),
            );
            Some(Vec::new())
        }
    }
}

/// A required text field on create (`creating`), optional on update: trimmed, not blank. `None`
/// when not sent on an update (or refused).
pub fn required_text(
    sent: &Map<String, Value>,
    key: &str,
    creating: bool,
    details: &mut Details,
) -> Option<String> {
    let label = label_of(key);
    match sent.get(key) {
        None if !creating => None,
        None | Some(Value::Null) => {
            details.add(key, "BlankValue", format!("{label}: cannot be blank"));
            None
        }
        Some(Value::String(s)) if s.trim().is_empty() => {
            details.add(key, "BlankValue", format!("{label}: cannot be blank"));
            None
        }
        Some(Value::String(s)) => Some(s.trim().to_owned()),
        Some(_) => {
            details.add(key, "InvalidValue", format!("{label}: must be text"));
            None
        }
    }
}

/// An optional text field: `Some(Value)` (text or null) when sent, `None` when not.
pub fn optional_text(sent: &Map<String, Value>, key: &str, details: &mut Details) -> Option<Value> {
    match sent.get(key) {
        None => None,
        Some(v @ (Value::Null | Value::String(_))) => Some(v.clone()),
        Some(_) => {
            details.add(
                key,
                "InvalidValue",
                format!("{}: must be text", label_of(key)),
            );
            None
        }
    }
}

/// An optional boolean field: `Some(b)` when sent.
pub fn optional_bool(sent: &Map<String, Value>, key: &str, details: &mut Details) -> Option<bool> {
    match sent.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => {
            details.add(
                key,
                "InvalidValue",
                format!("{}: must be true or false", label_of(key)),
            );
            None
        }
    }
}

/// An optional whole number field (`position`).
pub fn optional_int(sent: &Map<String, Value>, key: &str, details: &mut Details) -> Option<i64> {
    match sent.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64(),
        Some(_) => {
            details.add(
                key,
                "InvalidValue",
                format!("{}: must be a whole number", label_of(key)),
            );
            None
        }
    }
}

/// The position after every item of `items` (where a create without `position` goes).
pub fn next_position(items: &[Map<String, Value>]) -> i64 {
    items
        .iter()
        .map(super::item_position)
        .max()
        .map_or(0, |p| p + 1)
}

/// Stamps `created_at` (when `new`) and `updated_at` on a stored item.
pub fn stamp(item: &mut Map<String, Value>, new: bool) {
    let now = now_rfc3339();
    if new {
        item.insert("created_at".into(), json!(now));
    }
    item.insert("updated_at".into(), json!(now));
}

/// Whether two names are the same for Zendesk's uniqueness checks: trimmed, case-insensitive.
pub fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_like_zendesk_fields() {
        assert_eq!(label_of("conditions"), "Conditions");
        assert_eq!(label_of("category_id"), "Category id");
        assert_eq!(label_of(""), "");
    }

    #[test]
    fn ids_are_numbers_or_digits() {
        assert_eq!(id_of(&json!(12)), Some(12));
        assert_eq!(id_of(&json!(" 12 ")), Some(12));
        assert_eq!(id_of(&json!("current_groups")), None);
        assert_eq!(id_of(&json!("")), None);
        assert_eq!(id_of(&json!(-1)), None);
    }

    #[test]
    fn names_compare_trimmed_and_case_insensitively() {
        assert!(same_name(" Tier 2 ", "tier 2"));
        assert!(!same_name("Tier 2", "Tier 3"));
    }
}
