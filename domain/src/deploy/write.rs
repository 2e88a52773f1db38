//! What a deploy writes: an item's write shape (the fields a write carries, normalised so that
//! the same configuration in two accounts compares equal), and the bodies of the writes.

use super::types::{TypeSpec, CUSTOM_ROLES, TICKET_FIELDS, VIEWS};
use crate::role_edit;
use crate::roles::CustomRole;
use serde_json::{json, Map, Value};

/// A list of condition or action entries, each `{field, operator?, value}`.
fn rule_entries(list: Option<&Value>) -> Value {
    Value::Array(
        list.and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_object)
                    .map(|e| {
                        let mut out = Map::new();
                        for key in ["field", "operator", "value"] {
                            if let Some(v) = e.get(key) {
                                out.insert(key.into(), v.clone());
                            }
                        }
                        Value::Object(out)
                    })
                    .collect()
            })
            .unwrap_or_default(),
    )
}

/// A macro's or view's restriction: `{type: "Group", ids}` or `{type: "User", id}`; null for
/// everyone.
fn restriction(value: Option<&Value>) -> Value {
    let Some(r) = value.and_then(Value::as_object) else {
        return Value::Null;
    };
    match r.get("type").and_then(Value::as_str) {
        Some("Group") => {
            let ids = match r.get("ids").and_then(Value::as_array) {
                Some(ids) if !ids.is_empty() => ids.clone(),
                _ => r.get("id").cloned().into_iter().collect(),
            };
            json!({"type": "Group", "ids": ids})
        }
        Some("User") => json!({"type": "User", "id": r.get("id").cloned().unwrap_or(Value::Null)}),
        _ => Value::Null,
    }
}

/// A view's `output` from its read shape's `execution` (or from an `output` already written).
fn view_output(item: &Map<String, Value>) -> Value {
    if let Some(output) = item.get("output").and_then(Value::as_object) {
        return Value::Object(output.clone());
    }
    let Some(e) = item.get("execution").and_then(Value::as_object) else {
        return Value::Null;
    };
    let columns: Vec<Value> = e
        .get("columns")
        .and_then(Value::as_array)
        .map(|cols| {
            cols.iter()
                .filter_map(|c| c.get("id").cloned().or_else(|| Some(c.clone())))
                .collect()
        })
        .unwrap_or_default();
    let mut out = Map::new();
    out.insert("columns".into(), Value::Array(columns));
    for key in ["group_by", "group_order", "sort_by", "sort_order"] {
        if let Some(v) = e.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    Value::Object(out)
}

/// A dropdown's options as written: `[{name, value}]` (ids, positions and defaults are the
/// account's own).
fn options(value: Option<&Value>) -> Option<Value> {
    let list = value?.as_array()?;
    Some(Value::Array(
        list.iter()
            .filter_map(Value::as_object)
            .map(|o| {
                json!({
                    "name": o.get("raw_name").or_else(|| o.get("name")).cloned().unwrap_or(Value::Null),
                    "value": o.get("value").cloned().unwrap_or(Value::Null),
                })
            })
            .collect(),
    ))
}

/// An item (as an account lists it) in the shape a deploy writes and compares: only the fields a
/// write carries, normalised.
pub fn shape(spec: &TypeSpec, item: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    if spec == &CUSTOM_ROLES {
        for key in ["name", "description"] {
            if let Some(v) = item.get(key) {
                out.insert(key.into(), v.clone());
            }
        }
        let config = item
            .get("configuration")
            .and_then(Value::as_object)
            .map(role_edit::writable)
            .unwrap_or_default();
        out.insert("configuration".into(), Value::Object(config));
        return out;
    }
    if spec == &VIEWS {
        let conditions = item.get("conditions");
        let pick = |key: &str| {
            item.get(key)
                .or_else(|| conditions.and_then(|c| c.get(key)))
                .cloned()
        };
        for key in ["title", "description", "active"] {
            match item.get(key) {
                Some(Value::Null) | None => {}
                Some(v) => {
                    out.insert(key.into(), v.clone());
                }
            }
        }
        out.insert("restriction".into(), restriction(item.get("restriction")));
        out.insert("all".into(), rule_entries(pick("all").as_ref()));
        out.insert("any".into(), rule_entries(pick("any").as_ref()));
        out.insert("output".into(), view_output(item));
        return out;
    }
    for key in spec.writable {
        let value = match *key {
            // Rendered fields are what an older account may hold instead of the raw ones.
            "raw_title" => item.get("raw_title").or_else(|| item.get("title")).cloned(),
            "raw_description" => item
                .get("raw_description")
                .or_else(|| item.get("description"))
                .cloned(),
            "raw_title_in_portal" => item
                .get("raw_title_in_portal")
                .or_else(|| item.get("title_in_portal"))
                .cloned(),
            "custom_field_options" => options(item.get("custom_field_options")),
            "restriction" => Some(restriction(item.get("restriction"))),
            "actions" => Some(rule_entries(item.get("actions"))),
            "conditions" => {
                let c = item.get("conditions");
                Some(json!({
                    "all": rule_entries(c.and_then(|c| c.get("all"))),
                    "any": rule_entries(c.and_then(|c| c.get("any"))),
                }))
            }
            other => item.get(other).cloned(),
        };
        match value {
            // A null text field (a description Zendesk lists as null) is not sent: the OAS
            // takes a string there.
            Some(Value::Null) if *key != "restriction" => {}
            Some(v) => {
                out.insert((*key).into(), v);
            }
            None => {}
        }
    }
    out
}

/// Values compared as Zendesk means them: an id written as a number equals the same id written
/// as text.
pub fn normalised(value: &Value) -> Value {
    match value {
        Value::String(s)
            if !s.is_empty() && s.len() < 20 && s.bytes().all(|b| b.is_ascii_digit()) =>
        {
            s.parse::<u64>()
                .map(Value::from)
                .unwrap_or_else(|_| value.clone())
        }
        Value::Array(items) => Value::Array(items.iter().map(normalised).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), normalised(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The body that creates `desired` (a write shape with the target's ids).
pub fn create_body(spec: &TypeSpec, desired: &Map<String, Value>) -> Value {
    if spec == &CUSTOM_ROLES {
        return role_edit::create_body(&CustomRole(desired.clone()));
    }
    let mut fields = desired.clone();
    // Everyone: a new macro or view leaves the restriction out (the OAS's MacroInput and View
    // take an object; `null` is for lifting one on update).
    if fields.get("restriction") == Some(&Value::Null) {
        fields.remove("restriction");
    }
    // A new ticket field needs `title` (the OAS requires it): the raw one, placeholders kept.
    if spec == &TICKET_FIELDS && !fields.contains_key("title") {
        if let Some(raw) = fields.get("raw_title").cloned() {
            fields.insert("title".into(), raw);
        }
    }
    let mut body = Map::new();
    body.insert(spec.wrapper.into(), Value::Object(fields));
    Value::Object(body)
}

/// The body that updates `target` (as the account lists it) to `desired`: a role sends only the
/// changed keys (a whole role can be refused); a rule sends its conditions and actions in full
/// (Zendesk replaces both); a ticket field sends every option to keep (an omitted one is deleted)
/// and not its type (it cannot change). `None` when nothing differs.
pub fn update_body(
    spec: &TypeSpec,
    target: &Map<String, Value>,
    desired: &Map<String, Value>,
) -> Option<Value> {
    if spec == &CUSTOM_ROLES {
        return role_edit::update_body(
            &CustomRole(shape(spec, target)),
            &CustomRole(desired.clone()),
        );
    }
    if normalised(&Value::Object(shape(spec, target)))
        == normalised(&Value::Object(desired.clone()))
    {
        return None;
    }
    let mut fields = desired.clone();
    if spec == &TICKET_FIELDS {
        fields.remove("type");
    }
    let mut body = Map::new();
    body.insert(spec.wrapper.into(), Value::Object(fields));
    Some(Value::Object(body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::types::{GROUPS, MACROS, TRIGGERS};

    fn object(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn a_view_is_read_in_one_shape_and_written_in_another() {
        let read = object(json!({
            "id": 5, "title": "Pending", "description": "d", "active": true, "position": 3,
            "restriction": {"type": "Group", "id": 10, "ids": [10]},
            "conditions": {"all": [{"field": "status", "operator": "is", "value": "pending"}], "any": []},
            "execution": {"group_by": "status", "group_order": "asc", "sort_by": "updated_at", "sort_order": "desc",
                          "columns": [{"id": "subject", "title": "Subject"}, {"id": 360001, "title": "Asset"}]},
        }));
        let shaped = shape(&VIEWS, &read);
        assert_eq!(
            Value::Object(shaped.clone()),
            json!({
                "title": "Pending", "description": "d", "active": true,
                "restriction": {"type": "Group", "ids": [10]},
                "all": [{"field": "status", "operator": "is", "value": "pending"}], "any": [],
                "output": {"columns": ["subject", 360001], "group_by": "status", "group_order": "asc",
                           "sort_by": "updated_at", "sort_order": "desc"},
            })
        );
        // What was written reads back as the same shape.
        assert_eq!(shape(&VIEWS, &shaped), shaped);
    }

    #[test]
    fn never_written_fields_stay_out() {
        let group = object(
            json!({"id": 1, "url": "u", "name": "Tier 2", "description": "", "is_public": true,
            "default": false, "deleted": false, "created_at": "x", "updated_at": "y"}),
        );
        assert_eq!(
            Value::Object(shape(&GROUPS, &group)),
            json!({"name": "Tier 2", "description": "", "is_public": true})
        );
        let trigger = object(
            json!({"id": 1, "title": "T", "raw_title": "T", "position": 4, "default": false,
            "conditions": {"all": [{"field": "status", "operator": "is", "value": "new", "extra": 1}]},
            "actions": [], "active": true, "category_id": "9", "updated_at": "z"}),
        );
        assert_eq!(
            Value::Object(shape(&TRIGGERS, &trigger)),
            json!({"title": "T", "active": true, "category_id": "9",
                   "conditions": {"all": [{"field": "status", "operator": "is", "value": "new"}], "any": []},
                   "actions": []})
        );
    }

    #[test]
    fn a_field_keeps_its_options_by_name_and_tag_and_never_sends_its_type_again() {
        let field = object(
            json!({"id": 7, "type": "tagger", "title": "Product", "raw_title": "Product",
            "custom_field_options": [{"id": 1, "name": "Pro", "raw_name": "Pro", "value": "pro", "default": false}],
            "removable": true, "position": 9}),
        );
        let shaped = shape(&TICKET_FIELDS, &field);
        assert_eq!(
            shaped["custom_field_options"],
            json!([{"name": "Pro", "value": "pro"}])
        );
        assert!(shaped.get("removable").is_none() && shaped.get("position").is_none());
        let mut desired = shaped.clone();
        desired.insert(
            "custom_field_options".into(),
            json!([{"name": "Pro", "value": "pro"}, {"name": "Max", "value": "max"}]),
        );
        let body = update_body(&TICKET_FIELDS, &field, &desired).unwrap_or_default();
        assert!(body["ticket_field"].get("type").is_none());
        assert_eq!(
            body["ticket_field"]["custom_field_options"]
                .as_array()
                .map(Vec::len),
            Some(2)
        );
        assert_eq!(
            update_body(&TICKET_FIELDS, &field, &shaped),
            None,
            "nothing differs"
        );
    }

    #[test]
    fn ids_compare_whatever_their_spelling() {
        assert_eq!(
            normalised(&json!({"v": "123"})),
            normalised(&json!({"v": 123}))
        );
        assert_ne!(normalised(&json!("12a")), normalised(&json!(12)));
        let macro_ = object(
            json!({"title": "M", "restriction": {"type": "Group", "id": 10}, "actions": []}),
        );
        assert_eq!(
            shape(&MACROS, &macro_)["restriction"],
            json!({"type": "Group", "ids": [10]})
        );
    }

    #[test]
    fn a_role_update_sends_only_what_changed() {
        let target = object(
            json!({"id": 1, "name": "Lead", "configuration": {"ticket_access": "all", "chat_access": true}}),
        );
        let desired =
            object(json!({"name": "Lead", "configuration": {"ticket_access": "within-groups"}}));
        assert_eq!(
            update_body(&CUSTOM_ROLES, &target, &desired),
            Some(json!({"custom_role": {"configuration": {"ticket_access": "within-groups"}}}))
        );
        let created = create_body(
            &CUSTOM_ROLES,
            &object(
                json!({"name": "New", "configuration": {"chat_access": true, "ticket_merge": true}}),
            ),
        );
        assert!(
            created["custom_role"]["configuration"]
                .get("chat_access")
                .is_none(),
            "read-only keys are not sent"
        );
    }
}
