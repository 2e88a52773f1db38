//! What a deploy writes: an item's write shape (the fields a write carries, normalised so that
//! the same configuration in two accounts compares equal), and the bodies of the writes.

use super::types::{Children, Empty, TypeSpec, Update, CUSTOM_ROLES, VIEWS};
use crate::http::Method;
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

/// Each object of a list with only the `keys` it carries, sorted by `sort_by` when given (the
/// order Zendesk answers in is not the order that matters).
fn picked_list(list: Option<&Value>, keys: &[&str], sort_by: &[&str]) -> Value {
    let mut out: Vec<Value> = list
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .map(|o| {
            Value::Object(
                keys.iter()
                    .filter_map(|k| Some(((*k).to_string(), o.get(*k)?.clone())))
                    .collect(),
            )
        })
        .collect();
    if !sort_by.is_empty() {
        out.sort_by_key(|o| child_key(sort_by, o));
    }
    Value::Array(out)
}

/// A sub-item's identity within its item (see [`Children::key`]), as text. Text compares
/// trimmed and exact: Rust's case tables would cost the wasm ~16 KB (docs/size.md), and a
/// holiday whose name changes case is only written anew in place of the old one.
pub fn child_key(key: &[&str], child: &Value) -> String {
    key.iter()
        .map(|k| match child.get(*k) {
            Some(Value::String(s)) => s.trim().to_string(),
            Some(v) => normalised(v).to_string(),
            None => String::new(),
        })
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

/// The sub-items as written: their writable fields, in the order of their identity.
fn child_shapes(children: &Children, list: Option<&Value>) -> Value {
    picked_list(list, children.writable, children.key)
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
                None => {}
                Some(Value::Null) if key != "description" => {}
                Some(v) => {
                    out.insert(key.into(), v.clone());
                }
            }
        }
        out.insert("restriction".into(), restriction(item.get("restriction")));
        out.insert("all".into(), rule_entries(pick("all").as_ref()));
        out.insert("any".into(), rule_entries(pick("any").as_ref()));
        out.insert("output".into(), view_output(item));
        return with_empties(spec, out);
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
            // Rendered fields are what an item may lack: `raw_name` falls back to `name`.
            raw if raw.starts_with("raw_") && !item.contains_key(raw) => {
                item.get(&raw["raw_".len()..]).cloned()
            }
            "filter" => {
                let f = item.get("filter");
                Some(json!({
                    "all": rule_entries(f.and_then(|f| f.get("all"))),
                    "any": rule_entries(f.and_then(|f| f.get("any"))),
                }))
            }
            "policy_metrics" => Some(picked_list(
                item.get("policy_metrics"),
                &["priority", "metric", "target", "business_hours"],
                &["priority", "metric"],
            )),
            "intervals" => Some(picked_list(
                item.get("intervals"),
                &["start_time", "end_time"],
                &["start_time"],
            )),
            children if spec.children.is_some_and(|c| c.field == children) => {
                spec.children.map(|c| child_shapes(c, item.get(c.field)))
            }
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
            // A null field is not written, except a restriction (null: everyone) and an
            // optional text field (see `with_empties`).
            Some(Value::Null)
                if *key != "restriction" && !spec.optional_text.iter().any(|(k, _)| k == key) => {}
            Some(v) => {
                out.insert((*key).into(), v);
            }
            None => {}
        }
    }
    with_empties(spec, out)
}

/// Each optional text field a shape lacks, with its empty value (see
/// [`TypeSpec::optional_text`]): a shape always says what each holds, so that a write clears
/// what it should. An empty value the item holds (null or `""`) is kept as it is, so that an
/// undo puts back the very value it had.
fn with_empties(spec: &TypeSpec, mut out: Map<String, Value>) -> Map<String, Value> {
    for (key, empty) in spec.optional_text {
        if !out.contains_key(*key) {
            out.insert((*key).into(), empty_value(*empty));
        }
    }
    out
}

fn is_empty_text(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        _ => false,
    }
}

/// Whether a field holds the same in two shapes, as Zendesk means it: ids however written, and
/// an optional text field's null, `""` and absence all one (its screens show them alike).
pub fn same(spec: &TypeSpec, key: &str, a: Option<&Value>, b: Option<&Value>) -> bool {
    if spec.optional_text.iter().any(|(k, _)| *k == key) && is_empty_text(a) && is_empty_text(b) {
        return true;
    }
    a.map(normalised) == b.map(normalised)
}

/// The fields of `desired` that differ from `current` (both write shapes), but those that
/// never change (see [`TypeSpec::immutable`]).
pub fn changed_keys(
    spec: &TypeSpec,
    current: &Map<String, Value>,
    desired: &Map<String, Value>,
) -> Vec<String> {
    desired
        .iter()
        .filter(|(k, _)| !spec.immutable.contains(&k.as_str()))
        .filter(|(k, v)| !same(spec, k, current.get(k.as_str()), Some(v)))
        .map(|(k, _)| k.clone())
        .collect()
}

fn empty_value(empty: Empty) -> Value {
    match empty {
        Empty::Null => Value::Null,
        Empty::Text => Value::String(String::new()),
    }
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
    // Nothing to clear in a new item.
    for (key, _) in spec.optional_text {
        if is_empty_text(fields.get(*key)) {
            fields.remove(*key);
        }
    }
    // Everyone: a new macro or view leaves the restriction out (the OAS's MacroInput and View
    // take an object; `null` is for lifting one on update).
    if fields.get("restriction") == Some(&Value::Null) {
        fields.remove("restriction");
    }
    // A new field needs `title`, a new form `name` (the OAS requires them): the raw one,
    // placeholders kept.
    for (raw, plain) in [("raw_title", "title"), ("raw_name", "name")] {
        if spec.writable.contains(&raw) && !fields.contains_key(plain) {
            if let Some(value) = fields.get(raw).cloned() {
                fields.insert(plain.into(), value);
            }
        }
    }
    // What is written after the item (see `create_followups`).
    for separate in spec.separate {
        fields.remove(separate.field);
    }
    if let Some(children) = spec.children.filter(|c| !c.in_create) {
        fields.remove(children.field);
    }
    let mut body = Map::new();
    body.insert(spec.wrapper.into(), Value::Object(fields));
    Value::Object(body)
}

/// The body that updates `target` (as the account lists it) to `desired`: only the fields that
/// differ (a whole role can be refused; what is not sent stays as it is), those Zendesk replaces
/// together sent together (a rule's conditions and actions in full), a ticket field's options
/// in full (an omitted one is deleted) and never its type (it cannot change). `None` when
/// nothing differs.
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
    let mut keys = changed_keys(spec, &shape(spec, target), desired);
    // Written by requests of their own (see `update_requests`).
    keys.retain(|k| !written_apart(spec, k));
    if keys.is_empty() {
        return None;
    }
    for always in spec.update_always {
        if !keys.iter().any(|c| c == always) {
            keys.push((*always).to_string());
        }
    }
    for group in spec.written_together {
        if group.iter().any(|k| keys.iter().any(|c| c == k)) {
            for k in *group {
                if !keys.iter().any(|c| c == k) {
                    keys.push((*k).to_string());
                }
            }
        }
    }
    let mut fields = Map::new();
    for (key, value) in desired {
        if !keys.contains(key) {
            continue;
        }
        // The OAS takes a string here: an empty one clears it.
        let value = match spec.optional_text.iter().find(|(k, _)| k == key) {
            Some((_, Empty::Text)) if value.is_null() => Value::String(String::new()),
            _ if spec.options_by_id && key == "custom_field_options" => {
                with_option_ids(value, target.get(key))
            }
            _ => value.clone(),
        };
        fields.insert(key.clone(), value);
    }
    let mut body = Map::new();
    body.insert(spec.wrapper.into(), Value::Object(fields));
    Some(Value::Object(body))
}

/// What an update of `target` to `desired` sends, field by field (those written apart
/// included): what an undo checks the item still holds. `None` when nothing differs.
pub fn sent(
    spec: &TypeSpec,
    target: &Map<String, Value>,
    desired: &Map<String, Value>,
) -> Option<Value> {
    let mut fields = update_body(spec, target, desired)
        .and_then(|b| b.get(spec.wrapper).and_then(Value::as_object).cloned())
        .unwrap_or_default();
    for key in changed_keys(spec, &shape(spec, target), desired) {
        if written_apart(spec, &key) {
            if let Some(v) = desired.get(&key) {
                fields.insert(key, v.clone());
            }
        }
    }
    (!fields.is_empty()).then_some(Value::Object(fields))
}

/// Whether a field is written by a request of its own rather than in the item's body.
fn written_apart(spec: &TypeSpec, key: &str) -> bool {
    spec.separate.iter().any(|s| s.field == key) || spec.children.is_some_and(|c| c.field == key)
}

/// One request of a write.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub method: Method,
    /// A path on the target account.
    pub path: String,
    pub body: Option<Value>,
}

impl Request {
    fn new(method: Method, path: String, body: Option<Value>) -> Request {
        Request { method, path, body }
    }
}

fn wrapped(wrapper: &str, value: Value) -> Value {
    let mut body = Map::new();
    body.insert(wrapper.into(), value);
    Value::Object(body)
}

/// The method that updates an item of `spec`.
pub fn update_method(spec: &TypeSpec) -> Method {
    match spec.update {
        Update::Put => Method::Put,
        Update::Patch => Method::Patch,
    }
}

/// The requests that update `target` (as listed, with its id `id`) to `desired`, in order: the
/// item's own body (in two when a list its other fields refer to loses members, see
/// [`TypeSpec::shrink_later`]), then each field written apart, then each sub-item created,
/// changed or removed. Empty when nothing differs.
pub fn update_requests(
    spec: &TypeSpec,
    id: &str,
    target: &Map<String, Value>,
    desired: &Map<String, Value>,
) -> Vec<Request> {
    let item_path = format!("{}/{id}.json", spec.path);
    let mut out = Vec::new();
    if let Some(body) = update_body(spec, target, desired) {
        match shrink_first(spec, target, &body) {
            Some(first) => {
                out.push(Request::new(
                    update_method(spec),
                    item_path.clone(),
                    Some(first),
                ));
                out.push(Request::new(update_method(spec), item_path, Some(body)));
            }
            None => out.push(Request::new(update_method(spec), item_path, Some(body))),
        }
    }
    let current = shape(spec, target);
    for separate in spec.separate {
        if let Some(value) = desired.get(separate.field) {
            if !same(
                spec,
                separate.field,
                current.get(separate.field),
                Some(value),
            ) {
                out.push(Request::new(
                    Method::Put,
                    format!("{}/{id}/{}.json", spec.path, separate.sub),
                    Some(wrapped(
                        separate.wrapper,
                        wrapped(separate.field, value.clone()),
                    )),
                ));
            }
        }
    }
    if let Some(children) = spec.children {
        out.extend(child_requests(spec, children, id, target, desired));
    }
    out
}

/// The first of two updates when `body` drops members of a list other fields refer to: the
/// other fields with the list as it was plus the new members. `None` when one update does.
fn shrink_first(spec: &TypeSpec, target: &Map<String, Value>, body: &Value) -> Option<Value> {
    let (list, others) = spec.shrink_later?;
    let fields = body.get(spec.wrapper)?.as_object()?;
    let new = fields.get(list)?.as_array()?;
    if !others.iter().any(|o| fields.contains_key(*o)) {
        return None;
    }
    let old = target.get(list).and_then(Value::as_array)?;
    let kept = |v: &Value| new.iter().any(|n| normalised(n) == normalised(v));
    if old.iter().all(kept) {
        return None;
    }
    let mut union = new.clone();
    union.extend(old.iter().filter(|v| !kept(v)).cloned());
    let mut first = fields.clone();
    first.insert(list.into(), Value::Array(union));
    Some(wrapped(spec.wrapper, Value::Object(first)))
}

/// The sub-items of `desired` created or changed, and those of `target` it lacks removed.
fn child_requests(
    spec: &TypeSpec,
    children: &Children,
    id: &str,
    target: &Map<String, Value>,
    desired: &Map<String, Value>,
) -> Vec<Request> {
    let base = format!("{}/{id}/{}", spec.path, children.sub);
    let listed: Vec<&Value> = target
        .get(children.field)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .collect();
    let wanted: Vec<&Value> = desired
        .get(children.field)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .collect();
    let shaped = |v: &Value| child_shapes(children, Some(&Value::Array(vec![v.clone()])));
    let mut out = Vec::new();
    for want in &wanted {
        let key = child_key(children.key, want);
        match listed.iter().find(|l| child_key(children.key, l) == key) {
            None => out.push(Request::new(
                Method::Post,
                format!("{base}.json"),
                Some(wrapped(children.wrapper, (*want).clone())),
            )),
            Some(there) => {
                if normalised(&shaped(there)) != normalised(&shaped(want)) {
                    if let Some(cid) = there.get("id").and_then(super::refs::id_text) {
                        out.push(Request::new(
                            Method::Put,
                            format!("{base}/{cid}.json"),
                            Some(wrapped(children.wrapper, (*want).clone())),
                        ));
                    }
                }
            }
        }
    }
    for there in &listed {
        let key = child_key(children.key, there);
        if !wanted.iter().any(|w| child_key(children.key, w) == key) {
            if let Some(cid) = there.get("id").and_then(super::refs::id_text) {
                out.push(Request::new(
                    Method::Delete,
                    format!("{base}/{cid}.json"),
                    None,
                ));
            }
        }
    }
    out
}

/// What a create writes after the item (with its new id): the fields written apart, and the
/// sub-items a create does not carry.
pub fn create_followups(spec: &TypeSpec, id: &str, desired: &Map<String, Value>) -> Vec<Request> {
    let empty = Map::new();
    let mut out: Vec<Request> = spec
        .separate
        .iter()
        .filter_map(|s| {
            Some(Request::new(
                Method::Put,
                format!("{}/{id}/{}.json", spec.path, s.sub),
                Some(wrapped(
                    s.wrapper,
                    wrapped(s.field, desired.get(s.field)?.clone()),
                )),
            ))
        })
        .collect();
    if let Some(children) = spec.children.filter(|c| !c.in_create) {
        out.extend(child_requests(spec, children, id, &empty, desired));
    }
    out
}

/// `options` (`[{name, value}]`) with the `id` of the target's option of the same value, so that
/// an update keeps it (and its values on users or organizations) rather than making it anew.
fn with_option_ids(options: &Value, listed: Option<&Value>) -> Value {
    let listed = listed.and_then(Value::as_array);
    Value::Array(
        options
            .as_array()
            .into_iter()
            .flatten()
            .map(|o| {
                let id = listed.and_then(|l| {
                    l.iter()
                        .find(|t| t.get("value").is_some() && t.get("value") == o.get("value"))
                        .and_then(|t| t.get("id").cloned())
                });
                match (o.as_object(), id) {
                    (Some(map), Some(id)) => {
                        let mut map = map.clone();
                        map.insert("id".into(), id);
                        Value::Object(map)
                    }
                    _ => o.clone(),
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::types::{GROUPS, MACROS, TICKET_FIELDS, TRIGGERS};

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
                   "actions": [], "description": ""})
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

    #[test]
    fn an_update_sends_what_differs_what_goes_together_and_what_the_spec_requires() {
        let view = object(
            json!({"id": 5, "title": "Queue", "description": null, "active": true,
            "conditions": {"all": [{"field": "status", "operator": "is", "value": "open"}], "any": []},
            "execution": {"columns": [{"id": "subject"}]}}),
        );
        let mut desired = shape(&VIEWS, &view);
        desired.insert(
            "any".into(),
            json!([{"field": "priority", "operator": "is", "value": "high"}]),
        );
        let body = update_body(&VIEWS, &view, &desired).unwrap_or_default();
        let keys: Vec<&String> = body["view"]
            .as_object()
            .map(|m| m.keys().collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            ["all", "any"],
            "the conditions go together, nothing else"
        );

        // A null description and an empty one are the same; a set one is cleared with "".
        let trigger = object(
            json!({"id": 1, "title": "T", "description": "Set by a deploy", "active": true,
            "conditions": {"all": [], "any": []}, "actions": []}),
        );
        let prior = shape(
            &TRIGGERS,
            &object(json!({"title": "T", "description": null, "active": true,
            "conditions": {"all": [], "any": []}, "actions": []})),
        );
        assert_eq!(prior["description"], Value::Null, "kept as the item had it");
        let body = update_body(&TRIGGERS, &trigger, &prior).unwrap_or_default();
        assert_eq!(
            body["trigger"]["description"],
            json!(""),
            "cleared as the OAS allows"
        );
        for key in ["title", "conditions", "actions"] {
            assert!(
                body["trigger"].get(key).is_some(),
                "{key} is required by the spec"
            );
        }
        assert!(
            body["trigger"].get("active").is_none(),
            "unchanged: not sent"
        );
        let mut emptied = trigger.clone();
        emptied.insert("description".into(), json!(""));
        assert_eq!(
            update_body(&TRIGGERS, &emptied, &prior),
            None,
            "null and \"\" are one"
        );

        // A macro's nullable description is cleared with null; a new item sends no empties.
        let m = object(json!({"title": "M", "description": "x", "actions": []}));
        let prior = shape(&MACROS, &object(json!({"title": "M", "actions": []})));
        let body = update_body(&MACROS, &m, &prior).unwrap_or_default();
        assert_eq!(body["macro"]["description"], Value::Null);
        let created = create_body(
            &GROUPS,
            &shape(&GROUPS, &object(json!({"name": "G", "description": null}))),
        );
        assert_eq!(created, json!({"group": {"name": "G"}}));
    }
}
