//! A plan's differences in words: conditions and actions with the names of what they reference
//! (a group's name, not its id), a dropdown's options by name, a view's columns.

use super::plan::{item_id, placeholder, Inventory, Plan};
use super::refs::{self, RefKind};
use super::types;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The names of what the target holds and what the plan creates, by reference kind and id
/// (a step's new item by its [`placeholder`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Names {
    map: BTreeMap<(RefKind, String), String>,
    /// The words before a condition of `all` and of `any` (the API's own keys unless the
    /// screen gives its language's, see [`Names::with_parts`]).
    parts: (String, String),
    /// The days of the week from Sunday (a schedule's work week), in the screen's language
    /// ([`Names::with_days`]).
    days: [String; 7],
}

impl Names {
    pub fn new(plan: &Plan, target: &Inventory) -> Names {
        let mut map = BTreeMap::new();
        for kind in refs::RESOLVED {
            let Some(spec) = kind.type_key().and_then(types::any_spec) else {
                continue;
            };
            for item in target.items(spec.key) {
                let name = item
                    .get(spec.name_field)
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if let Some(id) = item_id(item) {
                    map.insert((kind, id), name.trim().to_string());
                }
            }
            for (i, step) in plan.steps.iter().enumerate() {
                if step.spec == spec {
                    map.insert((kind, placeholder(i)), step.name.clone());
                }
            }
        }
        Names {
            map,
            parts: ("all:".into(), "any:".into()),
            days: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].map(String::from),
        }
    }

    /// With the screen's names of the days of the week, from Sunday.
    pub fn with_days(mut self, days: [String; 7]) -> Names {
        self.days = days;
        self
    }

    /// With the words the screen shows before a condition of `all` and of `any`.
    pub fn with_parts(mut self, all: String, any: String) -> Names {
        self.parts = (all, any);
        self
    }

    pub fn get(&self, kind: RefKind, id: &str) -> Option<&str> {
        self.map.get(&(kind, id.to_string())).map(String::as_str)
    }

    /// `value` with every reference it holds named (`"Tier 2"` for a group id).
    fn named(&self, type_key: &str, entry: &Map<String, Value>) -> Map<String, Value> {
        let mut out = entry.clone();
        refs::visit(type_key, &mut out, &mut |kind, id| {
            self.get(kind, id).map(|n| format!("\u{201c}{n}\u{201d}"))
        });
        out
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) if s.is_empty() => "\u{2014}".into(),
        Value::String(s) => s.clone(),
        Value::Null => "\u{2014}".into(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(" \u{b7} "),
        other => other.to_string(),
    }
}

/// A ticket field by its name (an id of this account or of what the plan creates).
fn field_name(id: &Value, names: &Names) -> String {
    refs::id_text(id)
        .and_then(|id| {
            names
                .get(RefKind::TicketField, &id)
                .map(|n| format!("\u{201c}{n}\u{201d}"))
        })
        .unwrap_or_else(|| text(id))
}

/// Minutes into the week as the time of day (`540` is `09:00`; the end of a day `24:00`).
fn clock(minutes: u64) -> String {
    let in_day = if minutes > 0 && minutes.is_multiple_of(1440) {
        1440
    } else {
        minutes % 1440
    };
    format!("{:02}:{:02}", in_day / 60, in_day % 60)
}

/// One condition or action: `field operator value`, references named.
fn entry_text(entry: &Value, names: &Names) -> String {
    let Some(map) = entry.as_object() else {
        return text(entry);
    };
    // Named as a trigger's action list holds it, so the same rules apply.
    let mut wrapper = Map::new();
    wrapper.insert(
        "actions".into(),
        Value::Array(vec![Value::Object(map.clone())]),
    );
    let named = names.named("macros", &wrapper);
    let map = named
        .get("actions")
        .and_then(|a| a.get(0))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let field = map.get("field").map(text).unwrap_or_default();
    let field = match field.strip_prefix("custom_fields_") {
        Some(rest) => rest.to_string(),
        None => field,
    };
    [
        Some(field),
        map.get("operator").map(text),
        map.get("value").map(text),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ")
}

fn entries(list: Option<&Value>, names: &Names) -> Vec<String> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|e| entry_text(e, names))
        .collect()
}

/// A changed field's value as lines to show (`field` as the plan's [`super::Change`] names it).
pub fn lines(type_key: &str, field: &str, value: Option<&Value>, names: &Names) -> Vec<String> {
    let Some(value) = value else {
        return vec!["\u{2014}".into()];
    };
    match field {
        "conditions" => {
            let mut out = Vec::new();
            for (part, label) in [("all", &names.parts.0), ("any", &names.parts.1)] {
                for line in entries(value.get(part), names) {
                    out.push(format!("{label} {line}"));
                }
            }
            out
        }
        "actions" | "all" | "any" => entries(Some(value), names),
        // An SLA policy's filter: its conditions (option ids named by the field's names).
        "filter" => {
            let mut out = Vec::new();
            for (part, label) in [("all", &names.parts.0), ("any", &names.parts.1)] {
                for line in entries(value.get(part), names) {
                    out.push(format!("{label} {line}"));
                }
            }
            out
        }
        "ticket_field_ids" => value
            .as_array()
            .into_iter()
            .flatten()
            .map(|id| field_name(id, names))
            .collect(),
        "agent_conditions" | "end_user_conditions" => value
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| {
                let parent = c.get("parent_field_id").map(|id| field_name(id, names));
                let children: Vec<String> = c
                    .get("child_fields")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|child| field_name(child.get("id").unwrap_or(child), names))
                    .collect();
                format!(
                    "{} = {} \u{2192} {}",
                    parent.unwrap_or_default(),
                    c.get("value").map(text).unwrap_or_default(),
                    children.join(", ")
                )
            })
            .collect(),
        "policy_metrics" => value
            .as_array()
            .into_iter()
            .flatten()
            .map(|m| {
                let mut parts = vec![
                    m.get("priority").map(text).unwrap_or_default(),
                    m.get("metric").map(text).unwrap_or_default(),
                    m.get("target").map(text).unwrap_or_default(),
                ];
                if m.get("business_hours") == Some(&Value::Bool(true)) {
                    parts.push("\u{23f1}".into());
                }
                parts.join(" ")
            })
            .collect(),
        "variants" => value
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| {
                format!(
                    "{}: {}",
                    v.get("locale_id").map(text).unwrap_or_default(),
                    v.get("content").map(text).unwrap_or_default()
                )
            })
            .collect(),
        "intervals" => value
            .as_array()
            .into_iter()
            .flatten()
            .map(|i| {
                let at = |k: &str| i.get(k).and_then(Value::as_u64).unwrap_or_default();
                let (start, end) = (at("start_time"), at("end_time"));
                let day = names
                    .days
                    .get((start / 1440) as usize % 7)
                    .cloned()
                    .unwrap_or_default();
                format!("{day} {}\u{2013}{}", clock(start), clock(end))
            })
            .collect(),
        "holidays" => value
            .as_array()
            .into_iter()
            .flatten()
            .map(|h| {
                format!(
                    "{}: {} \u{2013} {}",
                    h.get("name").map(text).unwrap_or_default(),
                    h.get("start_date").map(text).unwrap_or_default(),
                    h.get("end_date").map(text).unwrap_or_default()
                )
            })
            .collect(),
        "custom_field_options" => value
            .as_array()
            .into_iter()
            .flatten()
            .map(|o| {
                format!(
                    "{} ({})",
                    o.get("name").map(text).unwrap_or_default(),
                    o.get("value").map(text).unwrap_or_default()
                )
            })
            .collect(),
        "restriction" | "output" | "category_id" => {
            let mut holder = Map::new();
            holder.insert(field.into(), value.clone());
            let named = names.named(type_key, &holder);
            match named.get(field) {
                Some(Value::Object(m)) => {
                    m.iter().map(|(k, v)| format!("{k}: {}", text(v))).collect()
                }
                Some(v) => vec![text(v)],
                None => vec![text(value)],
            }
        }
        _ => vec![text(value)],
    }
    .into_iter()
    .map(|l| if l.is_empty() { "\u{2014}".into() } else { l })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::plan::{plan, Component};
    use serde_json::json;

    #[test]
    fn references_read_as_names_and_new_items_by_the_name_they_will_have() {
        let mut source = Inventory::default();
        source.items.insert(
            "groups".into(),
            vec![json!({"id": 1, "name": "Tier 2"})
                .as_object()
                .cloned()
                .unwrap_or_default()],
        );
        source.items.insert(
            "ticket_fields".into(),
            vec![json!({"id": 2, "type": "text", "title": "Asset"})
                .as_object()
                .cloned()
                .unwrap_or_default()],
        );
        let mut target = Inventory::default();
        target.items.insert(
            "ticket_fields".into(),
            vec![json!({"id": 20, "type": "text", "title": "Asset"})
                .as_object()
                .cloned()
                .unwrap_or_default()],
        );
        let p = plan(
            &[Component {
                kind: "groups".into(),
                name: "Tier 2".into(),
            }],
            &source,
            &target,
            &|s: &str| s.to_lowercase(),
        );
        let names = Names::new(&p, &target);
        let new = placeholder(0);
        let actions = json!([{"field": "group_id", "value": new}, {"field": "custom_fields_20", "value": "x"},
                             {"field": "notification_group", "value": [new, "Subject", "Body"]}]);
        assert_eq!(
            lines("triggers", "actions", Some(&actions), &names),
            [
                "group_id \u{201c}Tier 2\u{201d}",
                "\u{201c}Asset\u{201d} x",
                "notification_group \u{201c}Tier 2\u{201d} \u{b7} Subject \u{b7} Body"
            ]
        );
        let conditions =
            json!({"all": [{"field": "status", "operator": "is", "value": "new"}], "any": []});
        assert_eq!(
            lines("triggers", "conditions", Some(&conditions), &names),
            ["all: status is new"]
        );
        let options = json!([{"name": "Bug", "value": "esc_bug"}]);
        assert_eq!(
            lines(
                "ticket_fields",
                "custom_field_options",
                Some(&options),
                &names
            ),
            ["Bug (esc_bug)"]
        );
        assert_eq!(lines("groups", "description", None, &names), ["\u{2014}"]);
        assert_eq!(
            lines(
                "ticket_forms",
                "ticket_field_ids",
                Some(&json!([20, 21])),
                &names
            ),
            ["\u{201c}Asset\u{201d}", "21"]
        );
        assert_eq!(
            lines(
                "schedules",
                "intervals",
                Some(
                    &json!([{"start_time": 1980, "end_time": 2460}, {"start_time": 8100, "end_time": 8640}])
                ),
                &names
                    .clone()
                    .with_days(["D", "L", "M", "Me", "J", "V", "S"].map(String::from))
            ),
            ["L 09:00\u{2013}17:00", "V 15:00\u{2013}24:00"]
        );
        assert_eq!(
            lines(
                "views",
                "restriction",
                Some(&json!({"type": "Group", "ids": [placeholder(0)]})),
                &names
            ),
            ["type: Group", "ids: \u{201c}Tier 2\u{201d}"]
        );
    }
}
