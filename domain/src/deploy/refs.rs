//! The references inside a component (deploy.md, "References to rewrite"): where each sits, what it
//! points to, and how it is written. One visitor walks a (write-shaped) body and hands every
//! reference to a callback, which may replace its id: finding the references is a visit that
//! replaces nothing, rewriting them is a visit that replaces each.

use serde_json::{Map, Value};

/// What a reference points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RefKind {
    Group,
    TicketField,
    /// A dropdown option of a ticket field, by its id (an SLA policy's filter values): written
    /// as `<field id>:<option id>`, resolved through the field and the option's tag.
    TicketFieldOption,
    TriggerCategory,
    /// A custom user field, referred to by its `key`.
    UserField,
    /// A custom organization field, referred to by its `key`.
    OrganizationField,
    TicketForm,
    Schedule,
    /// A dynamic content item, referred to by its placeholder (`{{dc.<name>}}`).
    DynamicContent,
    /// Business hours: some schedule of the account (an SLA policy's metric measured in
    /// business hours). Its id is empty and never rewritten.
    BusinessHours,
    // Never created by a deploy (deploy.md): found in the target by email, name or title, and a
    // reference to one that is not there blocks its component.
    User,
    Organization,
    Brand,
    Target,
    Webhook,
    /// A custom ticket status (`custom_status_id`): not in deploy.md's table, but its ids are
    /// the account's own, so it blocks rather than pointing at an id the target does not have.
    CustomStatus,
}

/// The kinds deskset matches between accounts (the others block).
pub const RESOLVED: [RefKind; 15] = [
    RefKind::Group,
    RefKind::TicketField,
    RefKind::TicketFieldOption,
    RefKind::TriggerCategory,
    RefKind::UserField,
    RefKind::OrganizationField,
    RefKind::TicketForm,
    RefKind::Schedule,
    RefKind::DynamicContent,
    RefKind::BusinessHours,
    RefKind::User,
    RefKind::Organization,
    RefKind::Brand,
    RefKind::Target,
    RefKind::Webhook,
];

impl RefKind {
    /// The type a reference resolves in, when deskset matches it.
    pub fn type_key(self) -> Option<&'static str> {
        match self {
            RefKind::Group => Some("groups"),
            RefKind::TicketField | RefKind::TicketFieldOption => Some("ticket_fields"),
            RefKind::TriggerCategory => Some("trigger_categories"),
            RefKind::UserField => Some("user_fields"),
            RefKind::OrganizationField => Some("organization_fields"),
            RefKind::TicketForm => Some("ticket_forms"),
            RefKind::Schedule | RefKind::BusinessHours => Some("schedules"),
            RefKind::DynamicContent => Some("dynamic_content"),
            RefKind::User => Some("users"),
            RefKind::Organization => Some("organizations"),
            RefKind::Brand => Some("brands"),
            RefKind::Target => Some("targets"),
            RefKind::Webhook => Some("webhooks"),
            RefKind::CustomStatus => None,
        }
    }

    /// The field of an item that a reference names it by: its `key` (custom user and
    /// organization fields), its `placeholder` (dynamic content), otherwise its `id`.
    pub fn named_by(self) -> &'static str {
        match self {
            RefKind::UserField | RefKind::OrganizationField => "key",
            RefKind::DynamicContent => "placeholder",
            _ => "id",
        }
    }

    /// The translation key of what it is ("group", "user", ...), for the plan's sentences.
    pub fn i18n_key(self) -> &'static str {
        match self {
            RefKind::Group => "deploy.ref.group",
            RefKind::TicketField => "deploy.ref.ticket_field",
            RefKind::TicketFieldOption => "deploy.ref.ticket_field_option",
            RefKind::TriggerCategory => "deploy.ref.trigger_category",
            RefKind::UserField => "deploy.ref.user_field",
            RefKind::OrganizationField => "deploy.ref.organization_field",
            RefKind::User => "deploy.ref.user",
            RefKind::Organization => "deploy.ref.organization",
            RefKind::Brand => "deploy.ref.brand",
            RefKind::Target => "deploy.ref.target",
            RefKind::Webhook => "deploy.ref.webhook",
            RefKind::TicketForm => "deploy.ref.ticket_form",
            RefKind::Schedule => "deploy.ref.schedule",
            RefKind::DynamicContent => "deploy.ref.dynamic_content",
            RefKind::BusinessHours => "deploy.ref.business_hours",
            RefKind::CustomStatus => "deploy.ref.custom_status",
        }
    }
}

/// The callback: a reference of a kind to an id; `Some(new id)` replaces it.
pub type Resolve<'a> = dyn FnMut(RefKind, &str) -> Option<String> + 'a;

/// An id written as a number or as a string of digits (Zendesk writes both).
pub fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => n.as_u64().map(|n| n.to_string()),
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            Some(s.clone())
        }
        _ => None,
    }
}

/// Writes `new` where `value` held an id, the way it was held (a number stays a number).
fn set_id(value: &mut Value, new: &str) {
    *value = match (&*value, new.parse::<u64>()) {
        (Value::Number(_), Ok(n)) => Value::from(n),
        _ => Value::String(new.to_string()),
    };
}

/// Visits an id-holding value as a reference of `kind`.
fn visit_id(value: &mut Value, kind: RefKind, f: &mut Resolve<'_>) {
    if let Some(id) = id_text(value) {
        if let Some(new) = f(kind, &id) {
            set_id(value, &new);
        }
    }
}

/// The ticket field placeholders in text (`{{ticket.ticket_field_<id>}}`,
/// `{{ticket.ticket_field_option_title_<id>}}`), each handed to `f` and rewritten.
fn visit_text(text: &mut String, f: &mut Resolve<'_>) {
    const PREFIXES: [&str; 2] = [
        "{{ticket.ticket_field_option_title_",
        "{{ticket.ticket_field_",
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    let mut changed = false;
    'scan: while let Some(start) = rest.find("{{ticket.ticket_field_") {
        for prefix in PREFIXES {
            let Some(after) = rest[start..].strip_prefix(prefix) else {
                continue;
            };
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && after[digits..].starts_with("}}") {
                let id = &after[..digits];
                out.push_str(&rest[..start]);
                out.push_str(prefix);
                match f(RefKind::TicketField, id) {
                    Some(new) => {
                        out.push_str(&new);
                        changed = true;
                    }
                    None => out.push_str(id),
                }
                out.push_str("}}");
                rest = &after[digits + 2..];
                continue 'scan;
            }
        }
        // Not a placeholder after all: keep the text up to and including its opening.
        let skip = start + "{{".len();
        out.push_str(&rest[..skip]);
        rest = &rest[skip..];
    }
    if changed {
        out.push_str(rest);
        *text = out;
    }
}

/// The placeholders in text that name an item by a name (letters, digits and `_`), each handed
/// to `f` and rewritten: dynamic content (`{{dc.<name>}}`), and the requester's and the
/// organization's custom fields by key (`{{ticket.requester.custom_fields.<key>}}`; the keys are
/// the same in both accounts, but the field must be there).
const NAMED_PLACEHOLDERS: [(&str, RefKind); 3] = [
    ("{{dc.", RefKind::DynamicContent),
    ("{{ticket.requester.custom_fields.", RefKind::UserField),
    (
        "{{ticket.organization.custom_fields.",
        RefKind::OrganizationField,
    ),
];

fn visit_named_placeholders(text: &mut String, f: &mut Resolve<'_>) {
    for (open, kind) in NAMED_PLACEHOLDERS {
        visit_named(text, open, kind, f);
    }
}

fn visit_named(text: &mut String, open: &str, kind: RefKind, f: &mut Resolve<'_>) {
    if !text.contains(open) {
        return;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    let mut changed = false;
    while let Some(start) = rest.find(open) {
        let after = &rest[start + open.len()..];
        let len = after
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        out.push_str(&rest[..start + open.len()]);
        if len > 0 && after[len..].starts_with("}}") {
            match f(kind, &after[..len]) {
                Some(new) => {
                    out.push_str(&new);
                    changed = true;
                }
                None => out.push_str(&after[..len]),
            }
            out.push_str("}}");
            rest = &after[len + 2..];
        } else {
            rest = after;
        }
    }
    if changed {
        out.push_str(rest);
        *text = out;
    }
}

/// Every string inside `value`, for placeholders.
fn visit_strings(value: &mut Value, f: &mut Resolve<'_>) {
    match value {
        Value::String(s) => {
            visit_text(s, f);
            visit_named_placeholders(s, f);
        }
        Value::Array(items) => items.iter_mut().for_each(|v| visit_strings(v, f)),
        Value::Object(map) => map.values_mut().for_each(|v| visit_strings(v, f)),
        _ => {}
    }
}

/// One condition or action `{field, value}`. `option_ids`: a custom dropdown's value is its
/// option's id (SLA policy filters), not its tag.
fn visit_rule_entry(entry: &mut Value, option_ids: bool, f: &mut Resolve<'_>) {
    let Some(map) = entry.as_object_mut() else {
        return;
    };
    let field = map
        .get("field")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    // A user's or organization's custom field, by its key (the same in both accounts, but the
    // field must be there).
    for (prefix, kind) in [
        ("requester.custom_fields.", RefKind::UserField),
        ("organization.custom_fields.", RefKind::OrganizationField),
    ] {
        if let Some(key) = field.strip_prefix(prefix) {
            if !key.is_empty() {
                if let Some(new) = f(kind, key) {
                    map.insert("field".into(), Value::String(format!("{prefix}{new}")));
                }
            }
        }
    }
    // A ticket field by its id: `custom_fields_<id>`, or `ticket_fields_<id>` (deploy.md's
    // spelling for SLA policy filters).
    for prefix in ["custom_fields_", "ticket_fields_"] {
        if let Some(id) = field.strip_prefix(prefix) {
            if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
                if let Some(new) = f(RefKind::TicketField, id) {
                    map.insert("field".into(), Value::String(format!("{prefix}{new}")));
                }
                if option_ids {
                    if let Some(value) = map.get_mut("value") {
                        visit_options(value, id, f);
                    }
                }
            }
        }
    }
    // Where the value (or its first element, for notifications) is an id.
    let direct = match field.as_str() {
        "group_id" => Some(RefKind::Group),
        "assignee_id" | "requester_id" => Some(RefKind::User),
        "organization_id" => Some(RefKind::Organization),
        "brand_id" => Some(RefKind::Brand),
        "ticket_form_id" => Some(RefKind::TicketForm),
        "set_schedule" | "schedule_id" | "within_schedule" => Some(RefKind::Schedule),
        "custom_status_id" => Some(RefKind::CustomStatus),
        _ => None,
    };
    let first = match field.as_str() {
        "notification_group" => Some(RefKind::Group),
        "notification_user" => Some(RefKind::User),
        "notification_target" => Some(RefKind::Target),
        "notification_webhook" => Some(RefKind::Webhook),
        _ => None,
    };
    if let Some(value) = map.get_mut("value") {
        if let Some(kind) = direct {
            // One id, or several (`includes` in SLA filters).
            match value.as_array_mut() {
                Some(ids) => ids.iter_mut().for_each(|id| visit_id(id, kind, f)),
                None => visit_id(value, kind, f),
            }
        }
        if let (Some(kind), Some(head)) = (first, value.as_array_mut().and_then(|a| a.first_mut()))
        {
            match (kind, head.as_str()) {
                // A webhook's id is text (`01GZ…`), not digits.
                (RefKind::Webhook, Some(id)) if !id.trim().is_empty() => {
                    if let Some(new) = f(kind, id) {
                        *head = Value::String(new);
                    }
                }
                _ => visit_id(head, kind, f),
            }
        }
        visit_strings(value, f);
    }
}

/// A dropdown's value(s) by option id, `field` being the field's id in the source: each a
/// [`RefKind::TicketFieldOption`] `<field>:<option>`, replaced by the option id of the answer's
/// `<field>:<option>`.
fn visit_options(value: &mut Value, field: &str, f: &mut Resolve<'_>) {
    let mut one = |v: &mut Value| {
        if let Some(option) = id_text(v) {
            if let Some(new) = f(RefKind::TicketFieldOption, &format!("{field}:{option}")) {
                let option = new.rsplit(':').next().unwrap_or(&new).to_string();
                set_id(v, &option);
            }
        }
    };
    match value.as_array_mut() {
        Some(values) => values.iter_mut().for_each(&mut one),
        None => one(value),
    }
}

fn visit_rule_list(list: Option<&mut Value>, option_ids: bool, f: &mut Resolve<'_>) {
    if let Some(items) = list.and_then(Value::as_array_mut) {
        items
            .iter_mut()
            .for_each(|e| visit_rule_entry(e, option_ids, f));
    }
}

/// A ticket form's conditions: each `parent_field_id` and `child_fields[].id`.
fn visit_form_conditions(list: Option<&mut Value>, f: &mut Resolve<'_>) {
    for condition in list.and_then(Value::as_array_mut).into_iter().flatten() {
        if let Some(parent) = condition.get_mut("parent_field_id") {
            visit_id(parent, RefKind::TicketField, f);
        }
        for child in condition
            .get_mut("child_fields")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            match child {
                // `{id, is_required, ...}`, or a bare id.
                Value::Object(c) => {
                    if let Some(id) = c.get_mut("id") {
                        visit_id(id, RefKind::TicketField, f);
                    }
                    // Required on some custom ticket statuses: the account's own ids.
                    if let Some(statuses) = c
                        .get_mut("required_on_statuses")
                        .and_then(|r| r.get_mut("custom_statuses"))
                        .and_then(Value::as_array_mut)
                    {
                        statuses
                            .iter_mut()
                            .for_each(|id| visit_id(id, RefKind::CustomStatus, f));
                    }
                }
                other => visit_id(other, RefKind::TicketField, f),
            }
        }
    }
}

/// A macro's or view's `restriction`: `{type: "Group", id, ids}` or `{type: "User", id}`.
fn visit_restriction(restriction: Option<&mut Value>, f: &mut Resolve<'_>) {
    let Some(r) = restriction.and_then(Value::as_object_mut) else {
        return;
    };
    let kind = match r.get("type").and_then(Value::as_str) {
        Some("Group") => RefKind::Group,
        Some("User") => RefKind::User,
        _ => return,
    };
    if let Some(id) = r.get_mut("id") {
        visit_id(id, kind, f);
    }
    if let Some(ids) = r.get_mut("ids").and_then(Value::as_array_mut) {
        ids.iter_mut().for_each(|id| visit_id(id, kind, f));
    }
}

/// Visits every reference in a write-shaped body of type `type_key`.
pub fn visit(type_key: &str, body: &mut Map<String, Value>, f: &mut Resolve<'_>) {
    // Raw texts keep dynamic content and ticket field placeholders, whatever the type (a
    // field's `raw_title` of `{{dc.vip_level}}`), and so do option names.
    for (key, value) in body.iter_mut() {
        if key.starts_with("raw_") || key == "custom_field_options" {
            visit_strings(value, f);
        }
    }
    match type_key {
        "triggers" | "automations" => {
            if let Some(conditions) = body.get_mut("conditions").and_then(Value::as_object_mut) {
                visit_rule_list(conditions.get_mut("all"), false, f);
                visit_rule_list(conditions.get_mut("any"), false, f);
            }
            visit_rule_list(body.get_mut("actions"), false, f);
            if let Some(category) = body.get_mut("category_id") {
                visit_id(category, RefKind::TriggerCategory, f);
            }
        }
        "macros" => {
            visit_rule_list(body.get_mut("actions"), false, f);
            visit_restriction(body.get_mut("restriction"), f);
        }
        "views" => {
            visit_rule_list(body.get_mut("all"), false, f);
            visit_rule_list(body.get_mut("any"), false, f);
            visit_restriction(body.get_mut("restriction"), f);
            if let Some(output) = body.get_mut("output").and_then(Value::as_object_mut) {
                if let Some(columns) = output.get_mut("columns").and_then(Value::as_array_mut) {
                    columns
                        .iter_mut()
                        .for_each(|c| visit_id(c, RefKind::TicketField, f));
                }
                for key in ["group_by", "sort_by"] {
                    if let Some(v) = output.get_mut(key) {
                        visit_id(v, RefKind::TicketField, f);
                    }
                }
            }
        }
        "ticket_forms" => {
            if let Some(ids) = body
                .get_mut("ticket_field_ids")
                .and_then(Value::as_array_mut)
            {
                ids.iter_mut()
                    .for_each(|id| visit_id(id, RefKind::TicketField, f));
            }
            visit_form_conditions(body.get_mut("agent_conditions"), f);
            visit_form_conditions(body.get_mut("end_user_conditions"), f);
        }
        "sla_policies" => {
            if let Some(filter) = body.get_mut("filter").and_then(Value::as_object_mut) {
                visit_rule_list(filter.get_mut("all"), true, f);
                visit_rule_list(filter.get_mut("any"), true, f);
            }
            let business_hours = body
                .get("policy_metrics")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .any(|m| m.get("business_hours") == Some(&Value::Bool(true)));
            if business_hours {
                f(RefKind::BusinessHours, "");
            }
        }
        // Custom roles, groups, trigger categories, schedules and dynamic content hold no
        // references by id; fields only placeholders (their options are matched by tag).
        _ => {}
    }
}

/// The references in a body: (kind, id), in the order they stand, each once.
pub fn find(type_key: &str, body: &Map<String, Value>) -> Vec<(RefKind, String)> {
    let mut copy = body.clone();
    let mut found: Vec<(RefKind, String)> = Vec::new();
    visit(type_key, &mut copy, &mut |kind, id| {
        if !found.iter().any(|(k, i)| *k == kind && i == id) {
            found.push((kind, id.to_string()));
        }
        None
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    /// Replaces every id `x` of a kind by `x` + "0" (so a test sees what was rewritten).
    fn bump(type_key: &str, body: &Map<String, Value>) -> Map<String, Value> {
        let mut out = body.clone();
        visit(type_key, &mut out, &mut |_, id| Some(format!("{id}0")));
        out
    }

    #[test]
    fn trigger_references_are_found_and_rewritten_in_place() {
        let trigger = object(json!({
            "title": "Route VIP",
            "category_id": "361005000002",
            "conditions": {
                "all": [
                    {"field": "custom_fields_361002000104", "operator": "is", "value": "true"},
                    {"field": "group_id", "operator": "is", "value": 361001100002u64},
                    {"field": "status", "operator": "less_than", "value": "solved"},
                ],
                "any": [{"field": "group_id", "operator": "is", "value": ""}],
            },
            "actions": [
                {"field": "group_id", "value": "361001100005"},
                {"field": "notification_group", "value": ["361001100001", "New VIP ticket", "Ticket {{ticket.id}}: {{ticket.ticket_field_361002000101}} / {{ticket.ticket_field_option_title_361002000101}}"]},
                {"field": "notification_user", "value": ["requester_and_ccs", "Thanks", "{{ticket.title}}"]},
                {"field": "assignee_id", "value": "current_user"},
            ],
        }));
        assert_eq!(
            find("triggers", &trigger),
            [
                (RefKind::TicketField, "361002000104".to_string()),
                (RefKind::Group, "361001100002".to_string()),
                (RefKind::Group, "361001100005".to_string()),
                (RefKind::Group, "361001100001".to_string()),
                (RefKind::TicketField, "361002000101".to_string()),
                (RefKind::TriggerCategory, "361005000002".to_string()),
            ]
        );
        let moved = bump("triggers", &trigger);
        assert_eq!(moved["category_id"], json!("3610050000020"));
        assert_eq!(
            moved["conditions"]["all"][0]["field"],
            json!("custom_fields_3610020001040")
        );
        // The value is kept as it was written: a number stays a number, a string a string.
        assert_eq!(
            moved["conditions"]["all"][1]["value"],
            json!(3610011000020u64)
        );
        assert_eq!(moved["actions"][0]["value"], json!("3610011000050"));
        assert_eq!(
            moved["conditions"]["any"][0]["value"],
            json!(""),
            "no group is no reference"
        );
        assert_eq!(
            moved["actions"][1]["value"][2],
            json!("Ticket {{ticket.id}}: {{ticket.ticket_field_3610020001010}} / {{ticket.ticket_field_option_title_3610020001010}}")
        );
        assert_eq!(
            moved["actions"][2], trigger["actions"][2],
            "requester_and_ccs passes"
        );
    }

    #[test]
    fn users_and_other_lookups_are_references_too() {
        let macro_ = object(json!({
            "actions": [
                {"field": "assignee_id", "value": "381000000001"},
                {"field": "notification_user", "value": [381000000002u64, "s", "b"]},
                {"field": "brand_id", "value": "7"},
                {"field": "notification_webhook", "value": ["01GZ", "x"]},
                {"field": "notification_target", "value": ["42", "x"]},
            ],
            "restriction": {"type": "User", "id": 381000000003u64},
        }));
        let kinds: Vec<RefKind> = find("macros", &macro_)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(
            kinds,
            [
                RefKind::User,
                RefKind::User,
                RefKind::Brand,
                RefKind::Webhook,
                RefKind::Target,
                RefKind::User
            ],
            "a webhook's id is text"
        );
    }

    #[test]
    fn view_restriction_columns_and_grouping_are_references() {
        let view = object(json!({
            "all": [{"field": "group_id", "operator": "is", "value": "10"}],
            "any": [],
            "restriction": {"type": "Group", "id": 10, "ids": [10, 11]},
            "output": {"columns": ["subject", 20, "21"], "group_by": "status", "sort_by": "22"},
        }));
        let moved = bump("views", &view);
        assert_eq!(
            moved["restriction"],
            json!({"type": "Group", "id": 100, "ids": [100, 110]})
        );
        assert_eq!(moved["output"]["columns"], json!(["subject", 200, "210"]));
        assert_eq!(moved["output"]["group_by"], json!("status"));
        assert_eq!(moved["output"]["sort_by"], json!("220"));
        assert_eq!(find("views", &view).len(), 5, "each reference once");
    }

    #[test]
    fn a_forms_fields_conditions_and_statuses_are_references() {
        let form = object(json!({
            "raw_name": "{{dc.hardware}}",
            "ticket_field_ids": [1, "2"],
            "agent_conditions": [{"parent_field_id": 1, "value": "x",
                "child_fields": [{"id": 2, "is_required": true,
                    "required_on_statuses": {"type": "SOME_STATUSES", "custom_statuses": [7]}}]}],
            "end_user_conditions": [{"parent_field_id": 1, "value": "y", "child_fields": [{"id": 3}]}],
        }));
        assert_eq!(
            find("ticket_forms", &form),
            [
                (RefKind::DynamicContent, "hardware".to_string()),
                (RefKind::TicketField, "1".to_string()),
                (RefKind::TicketField, "2".to_string()),
                (RefKind::CustomStatus, "7".to_string()),
                (RefKind::TicketField, "3".to_string()),
            ]
        );
        let moved = bump("ticket_forms", &form);
        assert_eq!(moved["ticket_field_ids"], json!([10, "20"]));
        assert_eq!(moved["raw_name"], json!("{{dc.hardware0}}"));
        assert_eq!(
            moved["end_user_conditions"][0]["child_fields"][0]["id"],
            json!(30)
        );
    }

    #[test]
    fn an_sla_filter_names_fields_options_and_business_hours() {
        let sla = object(json!({
            "filter": {"all": [{"field": "ticket_fields_5", "operator": "includes", "value": [51, "52"]},
                               {"field": "custom_fields_6", "operator": "is", "value": 61}],
                       "any": [{"field": "brand_id", "operator": "is", "value": "9"}]},
            "policy_metrics": [{"priority": "low", "metric": "first_reply_time", "target": 60, "business_hours": true}],
        }));
        assert_eq!(
            find("sla_policies", &sla),
            [
                (RefKind::TicketField, "5".to_string()),
                (RefKind::TicketFieldOption, "5:51".to_string()),
                (RefKind::TicketFieldOption, "5:52".to_string()),
                (RefKind::TicketField, "6".to_string()),
                (RefKind::TicketFieldOption, "6:61".to_string()),
                (RefKind::Brand, "9".to_string()),
                (RefKind::BusinessHours, String::new()),
            ]
        );
        // An option's answer is `field:option`; only the option is written.
        let mut moved = sla.clone();
        visit("sla_policies", &mut moved, &mut |kind, id| match kind {
            RefKind::TicketFieldOption => {
                Some(format!("500:{}0", id.rsplit(':').next().unwrap_or("")))
            }
            _ => None,
        });
        assert_eq!(moved["filter"]["all"][0]["value"], json!([510, "520"]));
        assert_eq!(moved["filter"]["all"][1]["value"], json!(610));
        // A trigger's dropdown value is the option's tag: not an option id.
        let trigger = object(
            json!({"conditions": {"all": [{"field": "custom_fields_6", "operator": "is", "value": "61"}]}}),
        );
        assert!(!find("triggers", &trigger)
            .iter()
            .any(|(k, _)| *k == RefKind::TicketFieldOption));
    }

    proptest::proptest! {
        /// Any text (placeholders, broken ones, any characters): read without a panic, and
        /// rewritten only where a placeholder's name or id stands.
        #[test]
        fn any_text_survives_the_placeholder_scan(text in "(\\{\\{(dc|ticket\\.ticket_field_)[a-z0-9_é-]{0,4}\\}?\\}?|[^{}]{0,3}|\\{){0,12}") {
            let mut same = text.clone();
            visit_text(&mut same, &mut |_, _| None);
            visit_named_placeholders(&mut same, &mut |_, _| None);
            proptest::prop_assert_eq!(&same, &text);
            let mut marked = text.clone();
            visit_named_placeholders(&mut marked, &mut |_, name| Some(format!("{name}_x")));
            proptest::prop_assert!(marked.len() >= text.len());
        }
    }

    #[test]
    fn user_and_organization_field_placeholders_are_references_by_key() {
        let mut text = "VIP: {{ticket.requester.custom_fields.vip_level}}, tier {{ticket.organization.custom_fields.contract_tier}}".to_string();
        let mut seen = Vec::new();
        visit_named_placeholders(&mut text, &mut |kind, key| {
            seen.push((kind, key.to_string()));
            None
        });
        assert_eq!(
            seen,
            [
                (RefKind::UserField, "vip_level".to_string()),
                (RefKind::OrganizationField, "contract_tier".to_string())
            ]
        );
    }

    #[test]
    fn dynamic_content_placeholders_are_read_by_name() {
        let mut text = "{{dc.}} {{dc.a-b}} {{dc.greeting}}{{dc.sign_off}} {{dc.x".to_string();
        let mut seen = Vec::new();
        visit_named_placeholders(&mut text, &mut |_, name| {
            seen.push(name.to_string());
            Some(name.to_uppercase())
        });
        assert_eq!(seen, ["greeting", "sign_off"]);
        assert_eq!(
            text,
            "{{dc.}} {{dc.a-b}} {{dc.GREETING}}{{dc.SIGN_OFF}} {{dc.x"
        );
    }

    #[test]
    fn text_that_only_looks_like_a_placeholder_is_kept() {
        let mut text =
            "{{ticket.ticket_field_}} {{ticket.ticket_field_12x}} {{ticket.ticket_field_5}} {{"
                .to_string();
        visit_text(&mut text, &mut |_, id| Some(format!("n{id}")));
        assert_eq!(
            text,
            "{{ticket.ticket_field_}} {{ticket.ticket_field_12x}} {{ticket.ticket_field_n5}} {{"
        );
    }

    #[test]
    fn types_without_references_have_none() {
        let group = object(json!({"name": "Tier 2", "description": "group_id 5"}));
        assert!(find("groups", &group).is_empty());
        assert!(find(
            "custom_roles",
            &object(json!({"configuration": {"ticket_access": "all"}}))
        )
        .is_empty());
    }
}
