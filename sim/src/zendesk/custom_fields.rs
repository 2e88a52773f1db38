//! What ticket fields ([`super::ticket_fields`]) and user and organization fields
//! ([`super::user_org_fields`]) share: the type (chosen on create, fixed after), titles and
//! descriptions with their `raw_*` sources, a checkbox's `tag`, and drop-down options
//! (`custom_field_options`), which a PUT replaces as a whole.
//!
//! The refusals are written in the simulator's `"<Field>: <what is wrong>"` style (Zendesk does not
//! document their wording) and collected in one [`Details`].

use serde_json::{json, Map, Value};

use super::item_id;
use super::role_rules::Details;
use super::write::{self, id_of};
use crate::state::Account;

const OPTIONS: &str = "custom_field_options";

/// One option as sent, checked.
pub struct SentOption {
    pub id: Option<u64>,
    pub name: String,
    pub value: String,
    pub default: Option<bool>,
}

/// The type of a field: on create the sent one (`text` when not sent, the spec's default), which
/// must be one of `types`; on update (`stored` is the field) the stored one: sending another is
/// refused (422), as the type is "editable ... only on creation" (the spec's words for ticket
/// fields; Salto's validator says the same of user fields).
pub fn check_kind(
    sent: &Map<String, Value>,
    stored: Option<&Map<String, Value>>,
    types: &[&str],
    details: &mut Details,
) -> String {
    let stored_kind = stored
        .and_then(|f| f.get("type"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    match (sent.get("type"), &stored_kind) {
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
            if !types.contains(&t.as_str()) {
                details.add(
                    "type",
                    "InvalidValue",
                    format!(
                        "Type: {t} is not a custom field type ({})",
                        types.join(", ")
                    ),
                );
            }
            t.clone()
        }
        (Some(_), _) => {
            details.add("type", "InvalidValue", "Type: must be text".to_owned());
            stored_kind.unwrap_or_default()
        }
    }
}

/// Texts sent as a `(raw, rendered)` pair (`raw_title`/`title`, ...) go into `fields` as both: the
/// raw one is the source ("the dynamic content placeholder if present, or the title value if
/// not") and the simulator renders no dynamic content. A sent `raw_*` wins over the rendered one.
/// The pair whose rendered name is `required` (`title` of a field, `name` of a ticket form) is
/// required on create and cannot be blank; the others may be null (stored as `""`).
pub fn check_texts(
    sent: &Map<String, Value>,
    creating: bool,
    pairs: &[(&str, &str)],
    required: &str,
    fields: &mut Map<String, Value>,
    details: &mut Details,
) {
    for &(raw, rendered) in pairs {
        let is_title = rendered == required;
        let value = if sent.get(raw).is_some_and(|v| !v.is_null()) {
            if is_title {
                write::required_text(sent, raw, false, details).map(Value::String)
            } else {
                write::optional_text(sent, raw, details)
            }
        } else if is_title {
            write::required_text(sent, rendered, creating, details).map(Value::String)
        } else {
            write::optional_text(sent, rendered, details)
        };
        if let Some(v) = value {
            let v = if v.is_null() { json!("") } else { v };
            fields.insert(raw.into(), v.clone());
            fields.insert(rendered.into(), v);
        }
    }
}

/// The `texts` (text or null), `bools` and `position` (a whole number) sent, as they are.
pub fn check_plain(
    sent: &Map<String, Value>,
    texts: &[&str],
    bools: &[&str],
    fields: &mut Map<String, Value>,
    details: &mut Details,
) {
    for &key in texts {
        if let Some(v) = write::optional_text(sent, key, details) {
            fields.insert(key.into(), v);
        }
    }
    for &key in bools {
        if let Some(b) = write::optional_bool(sent, key, details) {
            fields.insert(key.into(), json!(b));
        }
    }
    if let Some(p) = write::optional_int(sent, "position", details) {
        fields.insert("position".into(), json!(p));
    }
}

/// A checkbox's `tag` when sent: trimmed, null when blank, refused when another field uses it
/// (`taken`, lowercased).
pub fn check_tag(
    sent: &Map<String, Value>,
    taken: &[String],
    fields: &mut Map<String, Value>,
    details: &mut Details,
) {
    let Some(tag) = write::optional_text(sent, "tag", details) else {
        return;
    };
    match tag.as_str().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => {
            if taken.contains(&t.to_lowercase()) {
                details.add(
                    "tag",
                    "DuplicateValue",
                    format!("Tag: {t} is already used by another field"),
                );
            }
            fields.insert("tag".into(), json!(t));
        }
        None => {
            fields.insert("tag".into(), Value::Null);
        }
    }
}

/// Every tag the fields of `fields` other than `except` use (checkbox tags, option values),
/// lowercased.
pub fn tags_of(fields: &[Map<String, Value>], except: Option<u64>) -> Vec<String> {
    let mut tags = Vec::new();
    for f in fields.iter().filter(|f| Some(item_id(f)) != except) {
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

/// The stored options of a field.
pub fn options_of(field: &Map<String, Value>) -> Vec<&Map<String, Value>> {
    field
        .get(OPTIONS)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .collect()
}

/// `custom_field_options` of a drop-down: required (not empty) on create; each with a `name` and a
/// `value`, values unique in the field and not used by another field (`taken`, lowercased).
/// `None` when an update does not send them (the stored list stays).
pub fn check_options(
    sent: &Map<String, Value>,
    creating: bool,
    taken: &[String],
    details: &mut Details,
) -> Option<Vec<SentOption>> {
    let list = match sent.get(OPTIONS) {
        None | Some(Value::Null) if !creating => return None,
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(Value::Array(_)) | None | Some(Value::Null) => {
            details.add(
                OPTIONS,
                "BlankValue",
                "Custom field options: a drop-down needs at least one option".to_owned(),
            );
            return None;
        }
        Some(_) => {
            details.add(
                OPTIONS,
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
                OPTIONS,
                "BlankValue",
                "Custom field options: every option needs a name and a value".to_owned(),
            );
            continue;
        };
        let folded = value.to_lowercase();
        if seen.contains(&folded) {
            details.add(
                OPTIONS,
                "DuplicateValue",
                format!("Custom field options: the value {value} is used twice"),
            );
        } else if taken.contains(&folded) {
            details.add(
                OPTIONS,
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

/// Replaces the options of `field` with `sent`: an option matched by id (and, `by_value`, by
/// value) keeps its id (and, `with_default`, its `default` unless sent); a new one is numbered
/// after every option id the account has (ticket, user and organization fields draw from one
/// sequence). Options left out are gone. Ticket fields match by value (their docs update options
/// as `{name, value}` pairs, "the Title and Tag"); user and organization fields by id only (the
/// spec: "To update an existing option, pass its id ... Options that are not passed will be
/// removed"), so an option sent without its id is a new one. `with_default`: ticket field
/// options carry `default`; the spec's CustomFieldOptionObject (user and organization fields)
/// has none.
pub fn replace_options(
    account: &mut Account,
    field: &mut Map<String, Value>,
    sent: Vec<SentOption>,
    with_default: bool,
    by_value: bool,
) {
    let old: Vec<Map<String, Value>> = options_of(field).into_iter().cloned().collect();
    let max = account
        .ticket_fields
        .iter()
        .chain(&account.user_fields)
        .chain(&account.organization_fields)
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
                old.iter().find(|x| {
                    by_value && x.get("value").and_then(Value::as_str) == Some(o.value.as_str())
                })
            });
        let id = match matched.and_then(|m| m.get("id")).and_then(id_of) {
            Some(id) => id,
            None => write::next_id(account, OPTIONS, max, 1),
        };
        let mut option = Map::new();
        option.insert("id".into(), json!(id));
        option.insert("name".into(), json!(o.name));
        option.insert("raw_name".into(), json!(o.name));
        option.insert("value".into(), json!(o.value));
        if with_default {
            let default = o
                .default
                .or_else(|| {
                    matched
                        .and_then(|m| m.get("default"))
                        .and_then(Value::as_bool)
                })
                .unwrap_or(false);
            option.insert("default".into(), json!(default));
        }
        option.insert("position".into(), json!(position));
        list.push(Value::Object(option));
    }
    field.insert(OPTIONS.into(), Value::Array(list));
}
