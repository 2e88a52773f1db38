//! What Zendesk refuses of an item, checked before any write so that the plan says so instead
//! of a failed write (deploy.md: automations). A type names its checks in its row
//! ([`super::types::TypeSpec::checks`]).

use serde_json::{Map, Value};

/// One rule an item must keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// An automation needs a time-based condition among the conditions that must all be met,
    /// and none among `any` ("Time-based conditions aren't available from Meet any of these
    /// conditions"), each in whole hours ("Only whole numbers can be used as the value for
    /// these conditions").
    TimeCondition,
    /// An automation needs a nullifying condition ("Automations require a nullifying condition
    /// to ensure that they aren't running continuously"): an action that changes what a
    /// condition checks, or a time condition with `is` (true for one hour only).
    Nullifying,
    /// One condition of `all` must test the status, type, group, assignee or requester (the
    /// spec's notes on creating views and automations).
    AllTestsTicket,
    /// A ticket form's conditional fields (each condition's parent and children) must all be
    /// among its `ticket_field_ids` (issue 11; Zendesk's refusal, as Salto words it: "The
    /// conditional ticket field is not present in the form's ticket_field_ids").
    FormConditionsInForm,
}

impl Check {
    /// The translation key of the sentence the plan shows.
    pub fn i18n_key(self) -> &'static str {
        match self {
            Check::TimeCondition => "deploy.refused.time_condition",
            Check::Nullifying => "deploy.refused.nullifying",
            Check::AllTestsTicket => "deploy.refused.all_tests_ticket",
            Check::FormConditionsInForm => "deploy.refused.form_conditions",
        }
    }

    /// Whether `item` (a write shape) keeps the rule.
    pub fn holds(self, item: &Map<String, Value>) -> bool {
        // Rules keep `all` in `conditions`; a view's write shape at the top.
        let all = entries(
            item.get("conditions")
                .and_then(|c| c.get("all"))
                .or_else(|| item.get("all")),
        );
        match self {
            Check::FormConditionsInForm => {
                let ids: Vec<Value> = item
                    .get("ticket_field_ids")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(crate::deploy::write::normalised)
                    .collect();
                conditional_fields(item)
                    .iter()
                    .all(|id| ids.contains(&crate::deploy::write::normalised(id)))
            }
            Check::AllTestsTicket => all
                .iter()
                .any(|(field, _)| TICKET_FIELDS_FOR_ALL.contains(&field.as_str())),
            Check::TimeCondition => {
                let any = entries(
                    item.get("conditions")
                        .and_then(|c| c.get("any"))
                        .or_else(|| item.get("any")),
                );
                all.iter().any(|(field, _)| is_time_field(field))
                    && !any.iter().any(|(field, _)| is_time_field(field))
                    && whole_hours(item)
            }
            Check::Nullifying => {
                let actions = entries(item.get("actions"));
                let once = all
                    .iter()
                    .any(|(field, operator)| is_time_field(field) && operator == "is");
                let changes_a_condition = actions.iter().any(|(action, _)| {
                    let action = tag_field(action);
                    all.iter()
                        .any(|(condition, _)| tag_field(condition) == action)
                });
                once || changes_a_condition
            }
        }
    }
}

/// The time-based condition fields of automations: "Hours since created / open / pending /
/// on-hold / solved / closed / assigned / update / requester update / assignee update",
/// "Hours since / until due date" and the SLA breach conditions (Zendesk's conditions
/// reference). The API names of the SLA and custom-status ones are not in the documents here:
/// the names below are our reading, and an automation using another time condition is
/// refused by this check only if it has none of these.
const TIME_FIELDS: &[&str] = &[
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

const TICKET_FIELDS_FOR_ALL: [&str; 5] =
    ["status", "type", "group_id", "assignee_id", "requester_id"];

fn is_time_field(field: &str) -> bool {
    TIME_FIELDS.contains(&field)
}

/// Whether every time-based condition's value is a whole number of hours.
fn whole_hours(item: &Map<String, Value>) -> bool {
    let Some(conditions) = item.get("conditions") else {
        return true;
    };
    ["all", "any"]
        .iter()
        .filter_map(|part| conditions.get(*part).and_then(Value::as_array))
        .flatten()
        .filter(|c| {
            c.get("field")
                .and_then(Value::as_str)
                .is_some_and(is_time_field)
        })
        .all(|c| match c.get("value") {
            Some(Value::Number(n)) => n.is_u64(),
            Some(Value::String(s)) => !s.is_empty() && s.trim().bytes().all(|b| b.is_ascii_digit()),
            _ => false,
        })
}

/// Every field a form's conditions name: each condition's parent and children.
fn conditional_fields(item: &Map<String, Value>) -> Vec<Value> {
    ["agent_conditions", "end_user_conditions"]
        .iter()
        .filter_map(|k| item.get(*k).and_then(Value::as_array))
        .flatten()
        .flat_map(|c| {
            let parent = c.get("parent_field_id").cloned();
            let children = c
                .get("child_fields")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|ch| ch.get("id").cloned().or_else(|| Some(ch.clone())))
                .collect::<Vec<_>>();
            parent.into_iter().chain(children)
        })
        .collect()
}

/// Tag conditions and tag actions name the same thing under different fields.
fn tag_field(field: &str) -> &str {
    match field {
        "current_tags" | "set_tags" | "remove_tags" => "current_tags",
        other => other,
    }
}

/// Each `{field, operator}` of a list of conditions or actions.
fn entries(list: Option<&Value>) -> Vec<(String, String)> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|e| {
            Some((
                e.get("field")?.as_str()?.to_string(),
                e.get("operator")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn an_automation_needs_a_time_condition_among_all() {
        let good = item(
            json!({"conditions": {"all": [{"field": "SOLVED", "operator": "greater_than", "value": "96"}], "any": []}}),
        );
        assert!(Check::TimeCondition.holds(&good));
        let in_any = item(
            json!({"conditions": {"all": [{"field": "status", "operator": "is", "value": "solved"}],
            "any": [{"field": "SOLVED", "operator": "greater_than", "value": "96"}]}}),
        );
        assert!(!Check::TimeCondition.holds(&in_any), "not from any");
        let both = item(
            json!({"conditions": {"all": [{"field": "SOLVED", "operator": "greater_than", "value": "96"}],
            "any": [{"field": "OPEN", "operator": "greater_than", "value": "2"}]}}),
        );
        assert!(!Check::TimeCondition.holds(&both), "none in any either");
        let half = item(
            json!({"conditions": {"all": [{"field": "SOLVED", "operator": "greater_than", "value": "1.5"}], "any": []}}),
        );
        assert!(!Check::TimeCondition.holds(&half), "whole hours");
        assert!(!Check::TimeCondition.holds(&item(json!({}))));
    }

    #[test]
    fn a_view_or_automation_tests_a_ticket_property_among_all() {
        let view = item(
            json!({"all": [{"field": "group_id", "operator": "is", "value": "1"}], "any": []}),
        );
        assert!(Check::AllTestsTicket.holds(&view));
        let tags = item(
            json!({"all": [{"field": "current_tags", "operator": "includes", "value": "x"}],
            "any": [{"field": "status", "operator": "is", "value": "open"}]}),
        );
        assert!(!Check::AllTestsTicket.holds(&tags));
    }

    #[test]
    fn a_forms_conditional_fields_are_in_the_form() {
        let good = item(json!({"ticket_field_ids": [1, 2, "3"],
            "agent_conditions": [{"parent_field_id": 1, "value": "x", "child_fields": [{"id": 3}]}],
            "end_user_conditions": [{"parent_field_id": "2", "value": "y", "child_fields": [{"id": 1}]}]}));
        assert!(Check::FormConditionsInForm.holds(&good));
        let missing = item(json!({"ticket_field_ids": [1],
            "agent_conditions": [{"parent_field_id": 1, "value": "x", "child_fields": [{"id": 4}]}]}));
        assert!(!Check::FormConditionsInForm.holds(&missing));
        assert!(Check::FormConditionsInForm.holds(&item(json!({"ticket_field_ids": []}))));
    }

    #[test]
    fn an_automation_needs_a_nullifying_condition() {
        let closes = item(json!({
            "conditions": {"all": [{"field": "status", "operator": "is", "value": "solved"},
                                   {"field": "SOLVED", "operator": "greater_than", "value": "96"}], "any": []},
            "actions": [{"field": "status", "value": "closed"}]}));
        assert!(Check::Nullifying.holds(&closes));
        let tags = item(json!({
            "conditions": {"all": [{"field": "current_tags", "operator": "not_includes", "value": "nudged"},
                                   {"field": "OPEN", "operator": "greater_than", "value": "24"}], "any": []},
            "actions": [{"field": "set_tags", "value": "nudged"}]}));
        assert!(Check::Nullifying.holds(&tags));
        let once = item(json!({
            "conditions": {"all": [{"field": "OPEN", "operator": "is", "value": "24"}], "any": []},
            "actions": [{"field": "priority", "value": "high"}]}));
        assert!(Check::Nullifying.holds(&once), "true for one hour only");
        let forever = item(json!({
            "conditions": {"all": [{"field": "OPEN", "operator": "greater_than", "value": "24"}], "any": []},
            "actions": [{"field": "priority", "value": "high"}]}));
        assert!(!Check::Nullifying.holds(&forever));
    }
}
