//! The demo accounts' configuration objects: groups, ticket fields, user and organization fields,
//! macros, triggers, automations and views, ticket forms, SLA policies, dynamic content and schedules
//! (and the brands, targets, webhooks and organizations triggers refer to), as the Support API
//! describes them (the spec's
//! GroupObject, TicketFieldObject, UserFieldObject, OrganizationFieldObject, MacroObject,
//! TriggerObject, AutomationObject, ViewObject; `url` is added per answer, except to automations,
//! whose object has none). globex (the source) has a real company's
//! worth; acme and initech a few. Names are what configurations point at (`{type, name}`; a macro's,
//! trigger's or view's name is its `title`).

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::state::Group;

/// The objects one account holds.
#[derive(Default)]
pub struct Rules {
    pub groups: Vec<Group>,
    pub ticket_fields: Vec<Map<String, Value>>,
    pub user_fields: Vec<Map<String, Value>>,
    pub organization_fields: Vec<Map<String, Value>>,
    pub macros: Vec<Map<String, Value>>,
    pub triggers: Vec<Map<String, Value>>,
    pub automations: Vec<Map<String, Value>>,
    pub views: Vec<Map<String, Value>>,
    pub trigger_categories: Vec<Map<String, Value>>,
    pub ticket_forms: Vec<Map<String, Value>>,
    pub sla_policies: Vec<Map<String, Value>>,
    pub dynamic_content: Vec<Map<String, Value>>,
    pub schedules: Vec<Map<String, Value>>,
    /// Each schedule's holidays, by schedule id.
    pub holidays: BTreeMap<u64, Vec<Map<String, Value>>>,
    pub brands: Vec<Map<String, Value>>,
    pub targets: Vec<Map<String, Value>>,
    pub webhooks: Vec<Map<String, Value>>,
    pub organizations: Vec<Map<String, Value>>,
}

// acme's groups (ids the users' group_ids name).
pub const ACME_SUPPORT: u64 = 360_001_100_001;
pub const ACME_ESCALATIONS: u64 = 360_001_100_002;
pub const ACME_BILLING: u64 = 360_001_100_003;

// globex's groups.
pub const GLOBEX_SERVICE_DESK: u64 = 361_001_100_001;
pub const GLOBEX_FIELD: u64 = 361_001_100_002;
pub const GLOBEX_BILLING: u64 = 361_001_100_003;
pub const GLOBEX_ONBOARDING: u64 = 361_001_100_004;
pub const GLOBEX_KEY_ACCOUNTS: u64 = 361_001_100_005;
/// "Tier 2", part of the "Tier 2 escalation" configuration (acme has no such group).
pub const GLOBEX_TIER_2: u64 = 361_001_100_006;

/// globex's drop-down "Escalation reason" (acme has one too, with other options: an update).
pub const GLOBEX_ESCALATION_REASON: u64 = 361_002_000_106;
/// acme's "Escalation reason".
pub const ACME_ESCALATION_REASON: u64 = 360_002_000_103;
/// globex's user field `vip_level` (a drop-down of three; acme's has two of them: an update).
pub const GLOBEX_VIP_LEVEL: u64 = 361_007_000_001;
/// acme's user field `vip_level`.
pub const ACME_VIP_LEVEL: u64 = 360_007_000_002;
/// globex's organization field `contract_tier` (acme has none: a create).
pub const GLOBEX_CONTRACT_TIER: u64 = 361_008_000_001;
/// globex's trigger category "Escalation" (acme has none of that name).
pub const GLOBEX_ESCALATION_CATEGORY: &str = "361005000003";

// initech's groups.
pub const INITECH_HELPDESK: u64 = 362_001_100_001;
pub const INITECH_FACILITIES: u64 = 362_001_100_002;

/// Greta Globex, globex's admin (her personal macro and view).
const GRETA: u64 = 382_000_000_001;

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn group(id: u64, name: &str, description: &str, default: bool, created_at: &str) -> Group {
    Group {
        id,
        name: name.to_owned(),
        description: description.to_owned(),
        is_public: true,
        default,
        deleted: false,
        created_at: created_at.to_owned(),
        updated_at: created_at.to_owned(),
    }
}

fn private(mut g: Group) -> Group {
    g.is_public = false;
    g
}

/// The system ticket fields every account has, ids from `first`, positions 0-6.
fn system_fields(first: u64, created_at: &str) -> Vec<Map<String, Value>> {
    let status_options = json!([
        {"name": "Open", "value": "open"},
        {"name": "Pending", "value": "pending"},
        {"name": "Solved", "value": "solved"},
    ]);
    let priority_options = json!([
        {"name": "Low", "value": "low"},
        {"name": "Normal", "value": "normal"},
        {"name": "High", "value": "high"},
        {"name": "Urgent", "value": "urgent"},
    ]);
    let type_options = json!([
        {"name": "Question", "value": "question"},
        {"name": "Incident", "value": "incident"},
        {"name": "Problem", "value": "problem"},
        {"name": "Task", "value": "task"},
    ]);
    let specs: [(&str, &str, &str, bool, Option<Value>); 7] = [
        ("subject", "Subject", "Please enter a short summary of your request.", true, None),
        ("description", "Description", "Please enter the details of your request. A member of our support staff will respond as soon as possible.", true, None),
        ("status", "Status", "Request status", false, Some(status_options)),
        ("tickettype", "Type", "Request type", false, Some(type_options)),
        ("priority", "Priority", "Request priority", false, Some(priority_options)),
        ("group", "Group", "Request group", false, None),
        ("assignee", "Assignee", "Agent assigned to your request", true, None),
    ];
    specs
        .into_iter()
        .enumerate()
        .map(|(i, (kind, title, description, in_portal, options))| {
            let mut field = object(json!({
                "id": first + i as u64,
                "type": kind,
                "title": title,
                "raw_title": title,
                "description": description,
                "raw_description": description,
                "agent_description": null,
                "position": i,
                "active": true,
                "required": false,
                "collapsed_for_agents": false,
                "regexp_for_validation": null,
                "title_in_portal": title,
                "raw_title_in_portal": title,
                "visible_in_portal": in_portal,
                "editable_in_portal": matches!(kind, "subject" | "description"),
                "required_in_portal": matches!(kind, "subject" | "description"),
                "tag": null,
                "removable": false,
                "key": null,
                "created_at": created_at,
                "updated_at": created_at,
            }));
            if let Some(options) = options {
                field.insert("system_field_options".into(), options);
            }
            if matches!(kind, "status" | "priority") {
                field.insert("sub_type_id".into(), json!(0));
            }
            field
        })
        .collect()
}

/// A custom ticket field. `options` (name, tag value) make a drop-down (`tagger`).
#[allow(clippy::too_many_arguments)]
pub(super) fn custom_field(
    id: u64,
    kind: &str,
    title: &str,
    description: &str,
    position: i64,
    visible_in_portal: bool,
    tag: Option<&str>,
    options: &[(&str, &str)],
    created_at: &str,
) -> Map<String, Value> {
    let mut field = object(json!({
        "id": id,
        "type": kind,
        "title": title,
        "raw_title": title,
        "description": description,
        "raw_description": description,
        "agent_description": null,
        "position": position,
        "active": true,
        "required": false,
        "collapsed_for_agents": false,
        "regexp_for_validation": null,
        "title_in_portal": title,
        "raw_title_in_portal": title,
        "visible_in_portal": visible_in_portal,
        "editable_in_portal": visible_in_portal,
        "required_in_portal": false,
        "tag": tag,
        "removable": true,
        "key": null,
        "creator_user_id": 1,
        "creator_app_name": null,
        "created_at": created_at,
        "updated_at": created_at,
    }));
    seed_options(&mut field, id, options, true);
    field
}

/// A custom user or organization field (the spec's CustomFieldObject). `options` (name, tag value)
/// are its `custom_field_options` (a `dropdown` or `multiselect`).
#[allow(clippy::too_many_arguments)]
fn custom_user_org_field(
    id: u64,
    kind: &str,
    key: &str,
    title: &str,
    description: &str,
    position: i64,
    options: &[(&str, &str)],
    created_at: &str,
) -> Map<String, Value> {
    let mut field = object(json!({
        "id": id,
        "type": kind,
        "key": key,
        "title": title,
        "raw_title": title,
        "description": description,
        "raw_description": description,
        "position": position,
        "active": true,
        "system": false,
        "regexp_for_validation": null,
        "created_at": created_at,
        "updated_at": created_at,
    }));
    seed_options(&mut field, id, options, false);
    field
}

/// The `custom_field_options` of field `id` (ids `id * 10 + 1`, ...), none if `options` is empty;
/// `default: false` on each `with_default` (ticket fields: the spec's CustomFieldOptionObject of
/// user and organization fields has no `default`).
fn seed_options(
    field: &mut Map<String, Value>,
    id: u64,
    options: &[(&str, &str)],
    with_default: bool,
) {
    if options.is_empty() {
        return;
    }
    let list: Vec<Value> = options
        .iter()
        .enumerate()
        .map(|(i, (name, value))| {
            let mut option = object(
                json!({"id": id * 10 + i as u64 + 1, "name": name, "raw_name": name, "value": value}),
            );
            if with_default {
                option.insert("default".into(), json!(false));
            }
            option.insert("position".into(), json!(i));
            Value::Object(option)
        })
        .collect();
    field.insert("custom_field_options".into(), Value::Array(list));
}

#[allow(clippy::too_many_arguments)]
pub(super) fn macro_item(
    id: u64,
    title: &str,
    description: &str,
    position: i64,
    restriction: Value,
    actions: Value,
    created_at: &str,
    updated_at: &str,
) -> Map<String, Value> {
    object(json!({
        "id": id,
        "title": title,
        "description": description,
        "active": true,
        "default": false,
        "position": position,
        "restriction": restriction,
        "actions": actions,
        "created_at": created_at,
        "updated_at": updated_at,
    }))
}

/// A business rule's fields (what a trigger and an automation share); `standard` is `default`.
fn rule(
    id: u64,
    title: &str,
    position: i64,
    standard: bool,
    conditions: Value,
    actions: Value,
    created_at: &str,
) -> Map<String, Value> {
    object(json!({
        "id": id,
        "title": title,
        "raw_title": title,
        "active": true,
        "default": standard,
        "position": position,
        "conditions": conditions,
        "actions": actions,
        "created_at": created_at,
        "updated_at": created_at,
    }))
}

#[allow(clippy::too_many_arguments)]
fn trigger(
    id: u64,
    title: &str,
    description: &str,
    position: i64,
    standard: bool,
    category_id: &str,
    conditions: Value,
    actions: Value,
    created_at: &str,
) -> Map<String, Value> {
    let mut t = rule(
        id, title, position, standard, conditions, actions, created_at,
    );
    t.insert("description".into(), json!(description));
    t.insert("category_id".into(), json!(category_id));
    t
}

/// An automation (the spec's AutomationObject: no description, no url), not a default one.
fn automation(
    id: u64,
    title: &str,
    position: i64,
    all: Value,
    actions: Value,
    created_at: &str,
) -> Map<String, Value> {
    let conditions = json!({"all": all, "any": []});
    rule(id, title, position, false, conditions, actions, created_at)
}

#[allow(clippy::too_many_arguments)]
fn view(
    id: u64,
    title: &str,
    description: &str,
    position: i64,
    restriction: Value,
    conditions: Value,
    created_at: &str,
    updated_at: &str,
) -> Map<String, Value> {
    object(json!({
        "id": id,
        "title": title,
        "raw_title": title,
        "description": description,
        "active": true,
        "default": false,
        "position": position,
        "restriction": restriction,
        "conditions": conditions,
        "execution": {
            "group_by": "status",
            "group_order": "asc",
            "sort_by": "updated_at",
            "sort_order": "desc",
            "group": {"id": "status", "title": "Status", "order": "asc"},
            "sort": {"id": "updated", "title": "Updated", "order": "desc"},
            "columns": [
                {"id": "subject", "title": "Subject"},
                {"id": "requester", "title": "Requester"},
                {"id": "updated", "title": "Updated"},
                {"id": "assignee", "title": "Assignee"},
            ],
        },
        "created_at": created_at,
        "updated_at": updated_at,
    }))
}

/// A ticket trigger category (the spec's TriggerCategory: a string id, no `url`).
fn category(id: &str, name: &str, position: i64, created_at: &str) -> Map<String, Value> {
    object(json!({
        "id": id,
        "name": name,
        "position": position,
        "created_at": created_at,
        "updated_at": created_at,
    }))
}

fn to_group(id: u64) -> Value {
    json!({"type": "Group", "id": id, "ids": [id]})
}

fn to_user(id: u64) -> Value {
    json!({"type": "User", "id": id})
}

fn unsolved() -> Value {
    json!({"all": [{"field": "status", "operator": "less_than", "value": "solved"}], "any": []})
}

fn notify_requester(title: &str) -> Value {
    json!([{"field": "notification_user", "value": ["requester_and_ccs", title, "{{ticket.comments_formatted}}"]}])
}

pub fn acme() -> Rules {
    const T: &str = "2022-03-14T09:00:00Z";
    let groups = vec![
        group(
            ACME_SUPPORT,
            "Support",
            "First-line support for Acme staff.",
            true,
            T,
        ),
        group(
            ACME_ESCALATIONS,
            "Escalations",
            "Second line: outages and hard cases.",
            false,
            T,
        ),
        group(
            ACME_BILLING,
            "Billing",
            "Invoices, VAT and refunds.",
            false,
            "2022-08-02T13:00:00Z",
        ),
    ];
    let mut ticket_fields = system_fields(360_002_000_001, T);
    ticket_fields.push(custom_field(
        360_002_000_101,
        "text",
        "Asset tag",
        "The tag on the device, e.g. ACME-LT-0042.",
        7,
        true,
        None,
        &[],
        "2022-05-10T08:00:00Z",
    ));
    ticket_fields.push(custom_field(
        360_002_000_102,
        "tagger",
        "Affected system",
        "Which system the request is about.",
        8,
        true,
        None,
        &[
            ("VPN", "system_vpn"),
            ("Email", "system_email"),
            ("Laptop", "system_laptop"),
            ("Printer", "system_printer"),
        ],
        "2022-05-10T08:05:00Z",
    ));
    // Same title and type as globex's field, other options: deploying "Tier 2 escalation" updates
    // it (adds esc_security, renames esc_customer) rather than creating a second one.
    ticket_fields.push(custom_field(
        ACME_ESCALATION_REASON,
        "tagger",
        "Escalation reason",
        "Why the ticket was escalated.",
        9,
        false,
        None,
        &[("Outage", "esc_outage"), ("Customer asked", "esc_customer")],
        "2024-06-03T10:00:00Z",
    ));
    let macros = vec![
        macro_item(
            360_003_000_001,
            "Reset the VPN profile",
            "Sends the VPN reset steps and sets the ticket pending.",
            1,
            Value::Null,
            json!([{"field": "comment_value", "value": "Please open the VPN client, remove the Acme profile and sign in again."}, {"field": "status", "value": "pending"}]),
            "2023-02-01T10:00:00Z",
            "2024-09-12T14:20:00Z",
        ),
        macro_item(
            360_003_000_002,
            "Order a replacement laptop",
            "Assigns to Escalations with a high priority.",
            2,
            Value::Null,
            json!([{"field": "group_id", "value": ACME_ESCALATIONS.to_string()}, {"field": "priority", "value": "high"}]),
            "2023-02-01T10:05:00Z",
            "2023-02-01T10:05:00Z",
        ),
        macro_item(
            360_003_000_003,
            "Billing: send an invoice copy",
            "Attaches the invoice copy wording.",
            3,
            to_group(ACME_BILLING),
            json!([{"field": "comment_value", "value": "Please find a copy of your invoice attached."}]),
            "2023-06-20T09:30:00Z",
            "2024-01-08T11:00:00Z",
        ),
    ];
    let triggers = vec![
        trigger(
            360_004_000_001,
            "Notify requester and CCs of received request",
            "Confirms every new request.",
            1,
            true,
            "360005000001",
            json!({"all": [{"field": "update_type", "operator": "is", "value": "Create"}], "any": []}),
            notify_requester("Request received: {{ticket.title}}"),
            T,
        ),
        trigger(
            360_004_000_002,
            "Notify assignee of assignment",
            "Tells an agent a ticket is theirs.",
            2,
            true,
            "360005000001",
            json!({"all": [{"field": "assignee_id", "operator": "changed", "value": null}], "any": []}),
            json!([{"field": "notification_user", "value": ["assignee_id", "Assignment: {{ticket.title}}", "{{ticket.url}}"]}]),
            T,
        ),
        trigger(
            360_004_000_003,
            "Escalate urgent VPN tickets",
            "Urgent VPN problems go straight to Escalations.",
            3,
            false,
            "360005000002",
            json!({"all": [{"field": "priority", "operator": "is", "value": "urgent"}, {"field": "custom_fields_360002000102", "operator": "is", "value": "system_vpn"}], "any": []}),
            json!([{"field": "group_id", "value": ACME_ESCALATIONS.to_string()}]),
            "2023-03-03T12:00:00Z",
        ),
    ];
    let views = vec![
        view(
            360_006_000_001,
            "Your unsolved tickets",
            "Everything assigned to you that is not solved.",
            0,
            Value::Null,
            json!({"all": [{"field": "status", "operator": "less_than", "value": "solved"}, {"field": "assignee_id", "operator": "is", "value": "current_user"}], "any": []}),
            T,
            T,
        ),
        view(
            360_006_000_002,
            "Unassigned tickets",
            "Tickets no one has picked up.",
            1,
            Value::Null,
            json!({"all": [{"field": "assignee_id", "operator": "is", "value": ""}, {"field": "status", "operator": "less_than", "value": "solved"}], "any": []}),
            "2022-03-14T09:01:00Z",
            "2022-03-14T09:01:00Z",
        ),
        view(
            360_006_000_003,
            "Billing queue",
            "Open tickets of the Billing group.",
            2,
            to_group(ACME_BILLING),
            json!({"all": [{"field": "group_id", "operator": "is", "value": ACME_BILLING.to_string()}, {"field": "status", "operator": "less_than", "value": "solved"}], "any": []}),
            "2022-08-02T13:10:00Z",
            "2024-05-02T07:45:00Z",
        ),
    ];
    let trigger_categories = vec![
        category("360005000001", "Notifications", 0, T),
        category("360005000002", "Routing", 1, "2023-03-03T11:55:00Z"),
    ];
    // acme's own user field, and `vip_level` with one option fewer than globex's: deploying it
    // is an update (an option added), not a create.
    let user_fields = vec![
        custom_user_org_field(
            360_007_000_001,
            "text",
            "employee_number",
            "Employee number",
            "The number on the customer's staff badge.",
            0,
            &[],
            "2022-05-10T08:10:00Z",
        ),
        custom_user_org_field(
            ACME_VIP_LEVEL,
            "dropdown",
            "vip_level",
            "VIP level",
            "How much attention the customer gets.",
            1,
            &[("Gold", "vip_gold"), ("Silver", "vip_silver")],
            "2023-02-01T09:00:00Z",
        ),
    ];
    let organization_fields = Vec::new();
    let automations = vec![automation(
        360_008_000_001,
        "Remind requesters of pending tickets after 5 days",
        1,
        json!([
            {"field": "status", "operator": "is", "value": "pending"},
            {"field": "PENDING", "operator": "is", "value": "120"},
        ]),
        json!([{"field": "notification_user", "value": ["requester_id", "Still waiting for you: {{ticket.title}}", "We need your reply to go on with request {{ticket.id}}.\n{{ticket.url}}"]}]),
        "2023-05-02T10:00:00Z",
    )];
    let mut rules = Rules {
        groups,
        ticket_fields,
        user_fields,
        organization_fields,
        macros,
        triggers,
        automations,
        views,
        trigger_categories,
        ..Rules::default()
    };
    acme_service_desk(&mut rules);
    rules
}

pub fn globex() -> Rules {
    const T: &str = "2021-10-04T10:00:00Z";
    let groups = vec![
        group(
            GLOBEX_SERVICE_DESK,
            "Service desk",
            "Answers every incoming ticket first.",
            true,
            T,
        ),
        group(
            GLOBEX_FIELD,
            "Field engineering",
            "On-site repairs and installations.",
            false,
            "2021-11-15T08:30:00Z",
        ),
        group(
            GLOBEX_BILLING,
            "Billing & renewals",
            "Invoices, refunds and contract renewals.",
            false,
            "2022-01-10T09:00:00Z",
        ),
        group(
            GLOBEX_ONBOARDING,
            "Onboarding",
            "Gets new customers up and running.",
            false,
            "2022-06-30T16:40:00Z",
        ),
        private(group(
            GLOBEX_KEY_ACCOUNTS,
            "Key accounts",
            "Named agents for Globex's largest customers.",
            false,
            "2023-04-03T11:15:00Z",
        )),
        group(
            GLOBEX_TIER_2,
            "Tier 2",
            "Second line: outages, security incidents and customers who need more.",
            false,
            TIER_2_SINCE,
        ),
    ];
    let mut ticket_fields = system_fields(361_002_000_001, T);
    ticket_fields.push(custom_field(
        361_002_000_101,
        "tagger",
        "Product line",
        "Which Globex product the request is about.",
        7,
        true,
        None,
        &[
            ("Widgets", "product_widgets"),
            ("Gadgets", "product_gadgets"),
            ("Sprockets", "product_sprockets"),
        ],
        "2021-10-05T08:00:00Z",
    ));
    ticket_fields.push(custom_field(
        361_002_000_102,
        "text",
        "Contract number",
        "The customer's service contract, e.g. GX-2024-0815.",
        8,
        true,
        None,
        &[],
        "2021-10-05T08:02:00Z",
    ));
    ticket_fields.push(custom_field(
        361_002_000_103,
        "tagger",
        "Root cause",
        "Filled in by the agent when solving.",
        9,
        false,
        None,
        &[
            ("Hardware fault", "cause_hardware"),
            ("Software bug", "cause_software"),
            ("User error", "cause_user"),
            ("Shipping damage", "cause_shipping"),
        ],
        "2022-02-14T13:20:00Z",
    ));
    ticket_fields.push(custom_field(
        361_002_000_104,
        "checkbox",
        "On-site visit required",
        "Tick when an engineer must go on site.",
        10,
        false,
        Some("onsite_visit"),
        &[],
        "2021-11-15T08:45:00Z",
    ));
    ticket_fields.push(custom_field(
        361_002_000_105,
        "date",
        "Renewal date",
        "When the customer's contract renews.",
        11,
        false,
        None,
        &[],
        "2022-01-10T09:10:00Z",
    ));
    ticket_fields.push(custom_field(
        GLOBEX_ESCALATION_REASON,
        "tagger",
        "Escalation reason",
        "Why the ticket went to Tier 2.",
        12,
        false,
        None,
        &[
            ("Outage", "esc_outage"),
            ("Security incident", "esc_security"),
            ("Customer request", "esc_customer"),
        ],
        TIER_2_SINCE,
    ));
    let reason_field = format!("custom_fields_{GLOBEX_ESCALATION_REASON}");
    let tier_2 = GLOBEX_TIER_2.to_string();
    let macros = vec![
        macro_item(
            361_003_000_001,
            "Close and thank the customer",
            "Solves the ticket with a thank-you note.",
            1,
            Value::Null,
            json!([{"field": "status", "value": "solved"}, {"field": "comment_value", "value": "Thank you for contacting Globex. We are glad we could help."}]),
            "2021-10-06T09:00:00Z",
            "2024-02-19T10:30:00Z",
        ),
        macro_item(
            361_003_000_002,
            "Escalate to Field engineering",
            "Hands the ticket to Field engineering and asks for a visit.",
            2,
            Value::Null,
            json!([{"field": "group_id", "value": GLOBEX_FIELD.to_string()}, {"field": "priority", "value": "high"}, {"field": "custom_fields_361002000104", "value": "true"}]),
            "2021-11-15T09:00:00Z",
            "2023-07-01T08:00:00Z",
        ),
        macro_item(
            361_003_000_003,
            "Ask for the order number",
            "Asks the customer for their order number and waits.",
            3,
            Value::Null,
            json!([{"field": "comment_value", "value": "Could you send us your order number? You will find it on your confirmation email."}, {"field": "status", "value": "pending"}]),
            "2021-10-06T09:10:00Z",
            "2021-10-06T09:10:00Z",
        ),
        macro_item(
            361_003_000_004,
            "Billing: refund issued",
            "Confirms a refund (Billing & renewals only).",
            4,
            to_group(GLOBEX_BILLING),
            json!([{"field": "comment_value", "value": "We have issued your refund; it reaches your account within 5 working days."}, {"field": "status", "value": "solved"}]),
            "2022-01-12T14:00:00Z",
            "2024-11-28T16:05:00Z",
        ),
        macro_item(
            361_003_000_005,
            "Weekly key account follow-up",
            "Greta's personal follow-up note.",
            5,
            to_user(GRETA),
            json!([{"field": "comment_value", "value": "Checking in as promised: is everything working as expected this week?"}]),
            "2023-04-05T07:30:00Z",
            "2023-04-05T07:30:00Z",
        ),
        macro_item(
            361_003_000_006,
            "Escalate: outage",
            "Marks the ticket as an outage and hands it to Tier 2.",
            6,
            Value::Null,
            json!([
                {"field": reason_field, "value": "esc_outage"},
                {"field": "group_id", "value": tier_2},
                {"field": "priority", "value": "urgent"},
            ]),
            TIER_2_SINCE,
            TIER_2_SINCE,
        ),
    ];
    let triggers = vec![
        trigger(
            361_004_000_001,
            "Notify requester and CCs of received request",
            "Confirms every new request.",
            1,
            true,
            "361005000001",
            json!({"all": [{"field": "update_type", "operator": "is", "value": "Create"}], "any": []}),
            notify_requester("[Globex] Request received: {{ticket.title}}"),
            T,
        ),
        trigger(
            361_004_000_002,
            "Notify requester and CCs of comment update",
            "Sends public replies to the requester.",
            2,
            true,
            "361005000001",
            json!({"all": [{"field": "update_type", "operator": "is", "value": "Change"}, {"field": "comment_is_public", "operator": "is", "value": "true"}], "any": []}),
            notify_requester("[Globex] Re: {{ticket.title}}"),
            T,
        ),
        trigger(
            361_004_000_003,
            "Route key accounts to Key accounts",
            "Tickets from key-account organisations skip the queue.",
            3,
            false,
            "361005000002",
            json!({"all": [{"field": "update_type", "operator": "is", "value": "Create"}, {"field": "organization_tags", "operator": "includes", "value": "key_account"}], "any": []}),
            json!([{"field": "group_id", "value": GLOBEX_KEY_ACCOUNTS.to_string()}, {"field": "priority", "value": "high"}]),
            "2023-04-03T11:30:00Z",
        ),
        trigger(
            361_004_000_004,
            "Route billing requests to Billing & renewals",
            "Invoices and refunds go to Billing & renewals.",
            4,
            false,
            "361005000002",
            json!({"all": [{"field": "update_type", "operator": "is", "value": "Create"}], "any": [{"field": "subject_includes_word", "operator": "includes", "value": "invoice refund"}]}),
            json!([{"field": "group_id", "value": GLOBEX_BILLING.to_string()}]),
            "2022-01-10T09:30:00Z",
        ),
        trigger(
            361_004_000_005,
            "Tag on-site visits",
            "Tags tickets that need an engineer on site.",
            5,
            false,
            "361005000002",
            json!({"all": [{"field": "custom_fields_361002000104", "operator": "is", "value": "true"}], "any": []}),
            json!([{"field": "current_tags", "value": "needs_dispatch"}, {"field": "group_id", "value": GLOBEX_FIELD.to_string()}]),
            "2021-11-15T09:20:00Z",
        ),
        trigger(
            361_004_000_006,
            "Escalate to Tier 2",
            "Outages and security incidents go to Tier 2, who are told why.",
            6,
            false,
            GLOBEX_ESCALATION_CATEGORY,
            json!({
                "all": [{"field": "update_type", "operator": "is", "value": "Change"}],
                "any": [
                    {"field": reason_field, "operator": "is", "value": "esc_outage"},
                    {"field": reason_field, "operator": "is", "value": "esc_security"},
                ],
            }),
            json!([
                {"field": "group_id", "value": tier_2},
                {"field": "notification_group", "value": [
                    tier_2,
                    "Escalated to Tier 2: {{ticket.title}}",
                    format!("Ticket {{{{ticket.id}}}} needs Tier 2.\nReason: {{{{ticket.ticket_field_{GLOBEX_ESCALATION_REASON}}}}}\n{{{{ticket.url}}}}"),
                ]},
            ]),
            TIER_2_SINCE,
        ),
    ];
    let automations = vec![
        automation(
            361_009_000_001,
            "Close solved after 4 days",
            1,
            json!([
                {"field": "status", "operator": "is", "value": "solved"},
                {"field": "SOLVED", "operator": "greater_than", "value": "96"},
            ]),
            json!([{"field": "status", "value": "closed"}]),
            T,
        ),
        automation(
            361_009_000_002,
            "Hand stale outages to Tier 2",
            2,
            json!([
                {"field": "status", "operator": "less_than", "value": "solved"},
                {"field": reason_field, "operator": "is", "value": "esc_outage"},
                {"field": "group_id", "operator": "is_not", "value": tier_2},
                {"field": "updated_at", "operator": "greater_than", "value": "8"},
            ]),
            json!([
                {"field": "group_id", "value": tier_2},
                {"field": "priority", "value": "urgent"},
            ]),
            TIER_2_SINCE,
        ),
        // Names globex's user field by its key: a deploy writes it as it is and needs the field
        // (in the configuration, or already in the target).
        automation(
            361_009_000_003,
            "Nudge waiting VIPs",
            3,
            json!([
                {"field": "status", "operator": "is", "value": "pending"},
                {"field": "requester.custom_fields.vip_level", "operator": "is", "value": "vip_gold"},
                {"field": "PENDING", "operator": "greater_than", "value": "48"},
                {"field": "current_tags", "operator": "not_includes", "value": "vip_nudged"},
            ]),
            json!([
                {"field": "current_tags", "value": "vip_nudged"},
                {"field": "priority", "value": "high"},
            ]),
            "2024-06-03T09:00:00Z",
        ),
    ];
    let views = vec![
        view(
            361_006_000_001,
            "Your unsolved tickets",
            "Everything assigned to you that is not solved.",
            0,
            Value::Null,
            json!({"all": [{"field": "status", "operator": "less_than", "value": "solved"}, {"field": "assignee_id", "operator": "is", "value": "current_user"}], "any": []}),
            T,
            T,
        ),
        view(
            361_006_000_002,
            "Unassigned tickets",
            "Tickets no one has picked up.",
            1,
            Value::Null,
            json!({"all": [{"field": "assignee_id", "operator": "is", "value": ""}, {"field": "status", "operator": "less_than", "value": "solved"}], "any": []}),
            "2021-10-04T10:01:00Z",
            "2023-09-14T15:00:00Z",
        ),
        view(
            361_006_000_003,
            "Recently solved tickets",
            "Solved in the last 7 days.",
            2,
            Value::Null,
            json!({"all": [{"field": "status", "operator": "is", "value": "solved"}, {"field": "SOLVED", "operator": "less_than", "value": "168"}], "any": []}),
            "2021-10-04T10:02:00Z",
            "2021-10-04T10:02:00Z",
        ),
        view(
            361_006_000_004,
            "Pending over a week",
            "Waiting on the customer for more than 7 days.",
            3,
            Value::Null,
            json!({"all": [{"field": "status", "operator": "is", "value": "pending"}, {"field": "UPDATED", "operator": "greater_than", "value": "168"}], "any": []}),
            "2022-03-21T08:00:00Z",
            "2024-06-11T12:40:00Z",
        ),
        view(
            361_006_000_005,
            "Key account escalations",
            "High and urgent tickets of key accounts.",
            4,
            to_group(GLOBEX_KEY_ACCOUNTS),
            json!({"all": [{"field": "group_id", "operator": "is", "value": GLOBEX_KEY_ACCOUNTS.to_string()}, {"field": "priority", "operator": "greater_than", "value": "normal"}], "any": []}),
            "2023-04-03T11:40:00Z",
            "2023-04-03T11:40:00Z",
        ),
        view(
            361_006_000_006,
            "My follow-ups",
            "Greta's personal list.",
            5,
            to_user(GRETA),
            unsolved(),
            "2023-04-05T07:35:00Z",
            "2023-04-05T07:35:00Z",
        ),
        tier_2_queue(&ticket_fields),
    ];
    let trigger_categories = vec![
        category("361005000001", "Notifications", 0, T),
        category("361005000002", "Routing", 1, "2021-11-15T09:15:00Z"),
        category(GLOBEX_ESCALATION_CATEGORY, "Escalation", 2, TIER_2_SINCE),
    ];
    let user_fields = vec![custom_user_org_field(
        GLOBEX_VIP_LEVEL,
        "dropdown",
        "vip_level",
        "VIP level",
        "How much attention the customer gets.",
        0,
        &[
            ("Gold", "vip_gold"),
            ("Silver", "vip_silver"),
            ("Bronze", "vip_bronze"),
        ],
        "2021-10-05T08:10:00Z",
    )];
    let organization_fields = vec![custom_user_org_field(
        GLOBEX_CONTRACT_TIER,
        "dropdown",
        "contract_tier",
        "Contract tier",
        "The service contract the organization bought.",
        0,
        &[
            ("Standard", "tier_standard"),
            ("Premium", "tier_premium"),
            ("Enterprise", "tier_enterprise"),
        ],
        "2021-10-05T08:12:00Z",
    )];
    let mut rules = Rules {
        groups,
        ticket_fields,
        user_fields,
        organization_fields,
        macros,
        triggers,
        automations,
        views,
        trigger_categories,
        ..Rules::default()
    };
    globex_service_desk(&mut rules);
    rules
}

/// When globex set up its Tier 2 (the "Tier 2 escalation" objects).
const TIER_2_SINCE: &str = "2024-02-05T09:00:00Z";

/// globex's "Tier 2 queue": Tier 2's unsolved tickets with the escalation reason as a column, its
/// `execution` made from a write's `output` as the views endpoint makes it.
fn tier_2_queue(fields: &[Map<String, Value>]) -> Map<String, Value> {
    let tier_2 = GLOBEX_TIER_2.to_string();
    let mut queue = view(
        361_006_000_007,
        "Tier 2 queue",
        "Tier 2's unsolved tickets, with why they were escalated.",
        6,
        to_group(GLOBEX_TIER_2),
        json!({"all": [
            {"field": "group_id", "operator": "is", "value": tier_2},
            {"field": "status", "operator": "less_than", "value": "solved"},
        ], "any": []}),
        TIER_2_SINCE,
        TIER_2_SINCE,
    );
    let output = object(json!({
        "columns": ["subject", "requester", GLOBEX_ESCALATION_REASON, "updated", "assignee"],
        "group_by": "status",
        "group_order": "asc",
        "sort_by": "updated",
        "sort_order": "desc",
    }));
    queue.insert(
        "execution".into(),
        crate::zendesk::views::execution(fields, "globex", &output),
    );
    queue
}

pub fn initech() -> Rules {
    const T: &str = "2023-08-21T07:00:00Z";
    let groups = vec![
        group(
            INITECH_HELPDESK,
            "IT helpdesk",
            "Hardware, accounts and software for Initech staff.",
            true,
            T,
        ),
        group(
            INITECH_FACILITIES,
            "Facilities",
            "Desks, printers and the building.",
            false,
            "2023-09-04T08:00:00Z",
        ),
    ];
    let mut ticket_fields = system_fields(362_002_000_001, T);
    ticket_fields.push(custom_field(
        362_002_000_101,
        "tagger",
        "Floor",
        "Where the problem is.",
        7,
        true,
        None,
        &[
            ("Ground floor", "floor_0"),
            ("First floor", "floor_1"),
            ("Second floor", "floor_2"),
        ],
        "2023-09-04T08:10:00Z",
    ));
    let macros = vec![
        macro_item(
            362_003_000_001,
            "Printer jam steps",
            "Sends the printer jam instructions.",
            1,
            Value::Null,
            json!([{"field": "comment_value", "value": "Open tray 2, remove the jammed sheet and press Resume."}, {"field": "status", "value": "pending"}]),
            "2023-09-05T09:00:00Z",
            "2023-09-05T09:00:00Z",
        ),
        macro_item(
            362_003_000_002,
            "Hand over to Facilities",
            "Moves the ticket to Facilities.",
            2,
            Value::Null,
            json!([{"field": "group_id", "value": INITECH_FACILITIES.to_string()}]),
            "2023-09-05T09:05:00Z",
            "2023-09-05T09:05:00Z",
        ),
    ];
    let triggers = vec![
        trigger(
            362_004_000_001,
            "Notify requester and CCs of received request",
            "Confirms every new request.",
            1,
            true,
            "362005000001",
            json!({"all": [{"field": "update_type", "operator": "is", "value": "Create"}], "any": []}),
            notify_requester("Request received: {{ticket.title}}"),
            T,
        ),
        trigger(
            362_004_000_002,
            "Notify requester and CCs of comment update",
            "Sends public replies to the requester.",
            2,
            true,
            "362005000001",
            json!({"all": [{"field": "update_type", "operator": "is", "value": "Change"}, {"field": "comment_is_public", "operator": "is", "value": "true"}], "any": []}),
            notify_requester("Re: {{ticket.title}}"),
            T,
        ),
    ];
    let views = vec![
        view(
            362_006_000_001,
            "Your unsolved tickets",
            "Everything assigned to you that is not solved.",
            0,
            Value::Null,
            json!({"all": [{"field": "status", "operator": "less_than", "value": "solved"}, {"field": "assignee_id", "operator": "is", "value": "current_user"}], "any": []}),
            T,
            T,
        ),
        view(
            362_006_000_002,
            "Unassigned tickets",
            "Tickets no one has picked up.",
            1,
            Value::Null,
            json!({"all": [{"field": "assignee_id", "operator": "is", "value": ""}, {"field": "status", "operator": "less_than", "value": "solved"}], "any": []}),
            "2023-08-21T07:01:00Z",
            "2023-08-21T07:01:00Z",
        ),
    ];
    let trigger_categories = vec![category("362005000001", "Notifications", 0, T)];
    let (user_fields, organization_fields) = (Vec::new(), Vec::new());
    let automations = Vec::new();
    let ticket_forms = vec![default_form(362_010_000_001, &ticket_fields, T)];
    let brands = vec![brand(362_014_000_001, "Initech", "initech", true, T)];
    Rules {
        groups,
        ticket_fields,
        user_fields,
        organization_fields,
        macros,
        triggers,
        automations,
        views,
        trigger_categories,
        ticket_forms,
        brands,
        ..Rules::default()
    }
}

// The "Full service desk" objects (issue 11): ticket forms x_010, SLA policies x_011, dynamic
// content x_012 (variants x_012_1), schedules x_013 (holidays x_013_1), brands x_014, targets x_015,
// organizations x_016; webhooks have text ids.

/// globex's "Hardware request" ticket form.
pub const GLOBEX_HARDWARE_FORM: u64 = 361_010_000_002;
/// globex's "Product line" drop-down (the form's and the SLA policy's field).
pub const GLOBEX_PRODUCT_LINE: u64 = 361_002_000_101;
/// Its "Widgets" option (`product_widgets`), which the SLA policy's filter names by id.
pub const GLOBEX_WIDGETS_OPTION: u64 = GLOBEX_PRODUCT_LINE * 10 + 1;
/// globex's "VIP response" SLA policy.
pub const GLOBEX_VIP_SLA: u64 = 361_011_000_001;
/// globex's dynamic content item "Greeting" (`{{dc.greeting}}`).
pub const GLOBEX_GREETING: u64 = 361_012_000_001;
/// globex's "Support hours" schedule, and its "New Year" holiday.
pub const GLOBEX_SUPPORT_HOURS: u64 = 361_013_000_001;
pub const GLOBEX_NEW_YEAR: u64 = 361_013_100_001;
/// The "Service Desk" brand of each account.
pub const GLOBEX_SERVICE_DESK_BRAND: u64 = 361_014_000_002;
pub const ACME_SERVICE_DESK_BRAND: u64 = 360_014_000_002;
/// The "Ops pager" target of each account.
pub const GLOBEX_OPS_PAGER: u64 = 361_015_000_001;
pub const ACME_OPS_PAGER: u64 = 360_015_000_001;
/// The "Slack alerts" webhook of each account.
pub const GLOBEX_SLACK_ALERTS: &str = "01HV3GXS7M5QZ8N2K4R6T9W1YB";
pub const ACME_SLACK_ALERTS: &str = "01HV3H2B8C4D6E9F0G1J3K5M7N";
/// The "Initech" organization of each account.
pub const GLOBEX_INITECH_ORG: u64 = 361_016_000_001;
pub const ACME_INITECH_ORG: u64 = 360_016_000_001;
/// Pat Lee (`pat.lee@example.com`), an agent in both accounts.
pub const GLOBEX_PAT_LEE: u64 = 382_000_000_003;
pub const ACME_PAT_LEE: u64 = 381_000_000_005;
pub const PAT_LEE_EMAIL: &str = "pat.lee@example.com";
/// globex's "Route hardware requests" trigger.
pub const GLOBEX_ROUTE_HARDWARE: u64 = 361_004_000_007;
/// globex's trigger category "Routing" (acme has one of that name).
pub const GLOBEX_ROUTING_CATEGORY: &str = "361005000002";

/// When globex set up its service desk (the "Full service desk" objects).
const SERVICE_DESK_SINCE: &str = "2024-09-02T08:00:00Z";

/// A ticket form (the spec's TicketFormObject), in all brands.
#[allow(clippy::too_many_arguments)]
fn form(
    id: u64,
    name: &str,
    display_name: &str,
    position: i64,
    default: bool,
    field_ids: &[u64],
    agent_conditions: Value,
    created_at: &str,
) -> Map<String, Value> {
    object(json!({
        "id": id,
        "name": name,
        "raw_name": name,
        "display_name": display_name,
        "raw_display_name": display_name,
        "end_user_visible": true,
        "position": position,
        "active": true,
        "default": default,
        "in_all_brands": true,
        "restricted_brand_ids": [],
        "ticket_field_ids": field_ids,
        "agent_conditions": agent_conditions,
        "end_user_conditions": [],
        "created_at": created_at,
        "updated_at": created_at,
    }))
}

/// An account's "Default Ticket Form": every ticket field it has.
fn default_form(id: u64, fields: &[Map<String, Value>], created_at: &str) -> Map<String, Value> {
    let ids: Vec<u64> = fields
        .iter()
        .filter_map(|f| f.get("id").and_then(Value::as_u64))
        .collect();
    form(
        id,
        "Default Ticket Form",
        "Default Ticket Form",
        0,
        true,
        &ids,
        json!([]),
        created_at,
    )
}

/// A brand (the spec's BrandObject).
fn brand(
    id: u64,
    name: &str,
    subdomain: &str,
    default: bool,
    created_at: &str,
) -> Map<String, Value> {
    object(json!({
        "id": id,
        "name": name,
        "brand_url": format!("https://{subdomain}.zendesk.com"),
        "subdomain": subdomain,
        "host_mapping": null,
        "has_help_center": false,
        "help_center_state": "disabled",
        "active": true,
        "default": default,
        "is_deleted": false,
        "logo": null,
        "signature_template": "{{agent.signature}}",
        "ticket_form_ids": [],
        "created_at": created_at,
        "updated_at": created_at,
    }))
}

/// An HTTP target (the spec's TargetObject; its password is never answered).
fn http_target(id: u64, title: &str, url: &str, created_at: &str) -> Map<String, Value> {
    object(json!({
        "id": id,
        "title": title,
        "type": "http_target",
        "active": true,
        "target_url": url,
        "method": "post",
        "content_type": "application/json",
        "username": null,
        "created_at": created_at,
    }))
}

/// A webhook (Zendesk's Webhooks reference: a text id, no `url`; its secret is never answered).
fn webhook(
    id: &str,
    name: &str,
    endpoint: &str,
    created_by: u64,
    created_at: &str,
) -> Map<String, Value> {
    object(json!({
        "id": id,
        "name": name,
        "description": "Posts to the support team's Slack channel.",
        "status": "active",
        "endpoint": endpoint,
        "http_method": "POST",
        "request_format": "json",
        "subscriptions": ["conditional_ticket_events"],
        "authentication": null,
        "created_by": created_by.to_string(),
        "updated_by": created_by.to_string(),
        "created_at": created_at,
        "updated_at": created_at,
    }))
}

/// An organization (the spec's OrganizationObject).
fn organization(id: u64, name: &str, domain: &str, created_at: &str) -> Map<String, Value> {
    object(json!({
        "id": id,
        "name": name,
        "external_id": null,
        "domain_names": [domain],
        "details": "",
        "notes": "",
        "group_id": null,
        "shared_tickets": false,
        "shared_comments": false,
        "tags": [],
        "organization_fields": {},
        "created_at": created_at,
        "updated_at": created_at,
    }))
}

/// What every account with a service desk has: a default brand and a "Service Desk" one, the
/// "Ops pager" target, the "Slack alerts" webhook, the "Initech" organization, the default form.
#[allow(clippy::too_many_arguments)]
fn common_objects(
    rules: &mut Rules,
    first: u64,
    account_name: &str,
    subdomain: &str,
    webhook_id: &str,
    admin: u64,
    created_at: &str,
) {
    let id = |kind: u64, n: u64| first + kind * 1_000_000 + n;
    rules.brands = vec![
        brand(id(14, 1), account_name, subdomain, true, created_at),
        brand(
            id(14, 2),
            "Service Desk",
            &format!("{subdomain}-servicedesk"),
            false,
            SERVICE_DESK_SINCE,
        ),
    ];
    rules.targets = vec![http_target(
        id(15, 1),
        "Ops pager",
        &format!("https://pager.example/hooks/{subdomain}"),
        SERVICE_DESK_SINCE,
    )];
    rules.webhooks = vec![webhook(
        webhook_id,
        "Slack alerts",
        &format!("https://hooks.slack.example/services/{subdomain}"),
        admin,
        SERVICE_DESK_SINCE,
    )];
    rules.organizations = vec![organization(
        id(16, 1),
        "Initech",
        "initech.example",
        SERVICE_DESK_SINCE,
    )];
    rules.ticket_forms = vec![default_form(id(10, 1), &rules.ticket_fields, created_at)];
}

/// acme's side of the service desk: the objects a deploy of "Full service desk" matches by name
/// (brand, target, webhook, organization, Pat Lee) but never creates, and its own default form.
fn acme_service_desk(rules: &mut Rules) {
    common_objects(
        rules,
        360_000_000_000,
        "Acme Corp",
        "acme",
        ACME_SLACK_ALERTS,
        381_000_000_001,
        "2022-03-14T09:00:00Z",
    );
}

/// globex's service desk: the lookups, the "Hardware request" form, the "VIP response" SLA policy,
/// the "Greeting" dynamic content, the "Support hours" schedule, and the trigger "Route hardware
/// requests" that uses them all.
fn globex_service_desk(rules: &mut Rules) {
    common_objects(
        rules,
        361_000_000_000,
        "Globex Corporation",
        "globex",
        GLOBEX_SLACK_ALERTS,
        GRETA,
        "2021-10-04T10:00:00Z",
    );
    let system: Vec<u64> = (1..=7).map(|n| 361_002_000_000 + n).collect();
    let mut hardware_fields = system;
    hardware_fields.extend([GLOBEX_PRODUCT_LINE, GLOBEX_ESCALATION_REASON]);
    rules.ticket_forms.push(form(
        GLOBEX_HARDWARE_FORM,
        "Hardware request",
        "Request hardware",
        1,
        false,
        &hardware_fields,
        json!([{
            "parent_field_id": GLOBEX_PRODUCT_LINE,
            "value": "product_gadgets",
            "child_fields": [{
                "id": GLOBEX_ESCALATION_REASON,
                "is_required": true,
                "required_on_statuses": {"type": "SOME_STATUSES", "statuses": ["solved"]},
            }],
        }]),
        SERVICE_DESK_SINCE,
    ));
    rules.sla_policies = vec![object(json!({
        "id": GLOBEX_VIP_SLA,
        "title": "VIP response",
        "description": "Widgets customers get a first reply within the hour, counted in business hours.",
        "position": 1,
        "filter": {
            "all": [{
                "field": format!("ticket_fields_{GLOBEX_PRODUCT_LINE}"),
                "operator": "is",
                "value": GLOBEX_WIDGETS_OPTION.to_string(),
            }],
            "any": [],
        },
        "policy_metrics": [
            {"priority": "urgent", "metric": "first_reply_time", "target": 30, "business_hours": true},
            {"priority": "high", "metric": "first_reply_time", "target": 60, "business_hours": true},
            {"priority": "normal", "metric": "requester_wait_time", "target": 480, "business_hours": true},
            {"priority": "low", "metric": "requester_wait_time", "target": 960, "business_hours": false},
        ],
        "created_at": SERVICE_DESK_SINCE,
        "updated_at": SERVICE_DESK_SINCE,
    }))];
    let variant = |id: u64, locale_id: u64, default: bool, content: &str| {
        json!({
            "id": id,
            "content": content,
            "locale_id": locale_id,
            "active": true,
            "default": default,
            "outdated": false,
            "created_at": SERVICE_DESK_SINCE,
            "updated_at": SERVICE_DESK_SINCE,
        })
    };
    rules.dynamic_content = vec![object(json!({
        "id": GLOBEX_GREETING,
        "name": "Greeting",
        "placeholder": "{{dc.greeting}}",
        "default_locale_id": 1,
        "outdated": false,
        "variants": [
            variant(361_012_100_001, 1, true, "Hello, and thank you for contacting Globex."),
            variant(361_012_100_002, 16, false, "Bonjour, et merci d'avoir contacté Globex."),
            variant(361_012_100_003, 1005, false, "Hallo, en bedankt voor uw bericht aan Globex."),
        ],
        "created_at": SERVICE_DESK_SINCE,
        "updated_at": SERVICE_DESK_SINCE,
    }))];
    rules.schedules = vec![object(json!({
        "id": GLOBEX_SUPPORT_HOURS,
        "name": "Support hours",
        "time_zone": "Amsterdam",
        "intervals": crate::zendesk::schedules::intervals_json(
            &crate::zendesk::schedules::office_hours(),
        ),
        "created_at": SERVICE_DESK_SINCE,
        "updated_at": SERVICE_DESK_SINCE,
    }))];
    rules.holidays.insert(
        GLOBEX_SUPPORT_HOURS,
        vec![object(json!({
            "id": GLOBEX_NEW_YEAR,
            "name": "New Year",
            "start_date": "2027-01-01",
            "end_date": "2027-01-01",
        }))],
    );
    let mut route = trigger(
        GLOBEX_ROUTE_HARDWARE,
        "Route hardware requests",
        "Initech's hardware requests on the Service Desk brand go to Pat Lee, in business hours.",
        7,
        false,
        GLOBEX_ROUTING_CATEGORY,
        json!({
            "all": [
                {"field": "update_type", "operator": "is", "value": "Create"},
                {"field": "ticket_form_id", "operator": "is", "value": GLOBEX_HARDWARE_FORM.to_string()},
                {"field": "brand_id", "operator": "is", "value": GLOBEX_SERVICE_DESK_BRAND.to_string()},
                {"field": "organization_id", "operator": "is", "value": GLOBEX_INITECH_ORG.to_string()},
            ],
            "any": [],
        }),
        json!([
            {"field": "group_id", "value": GLOBEX_FIELD.to_string()},
            {"field": "assignee_id", "value": GLOBEX_PAT_LEE.to_string()},
            {"field": "set_schedule", "value": GLOBEX_SUPPORT_HOURS.to_string()},
            {"field": "notification_webhook", "value": [
                GLOBEX_SLACK_ALERTS,
                "{\"text\": \"Hardware request {{ticket.id}} from {{ticket.organization.name}}: {{ticket.title}}\"}",
            ]},
            {"field": "notification_target", "value": [
                GLOBEX_OPS_PAGER.to_string(),
                "Hardware request {{ticket.id}} needs a field engineer.",
            ]},
            {"field": "notification_user", "value": [
                "requester_id",
                "[Globex] We received your hardware request",
                format!("{{{{dc.greeting}}}}\n\nWe received your hardware request {{{{ticket.id}}}}; Pat Lee will be in touch within our support hours.\nProduct line: {{{{ticket.ticket_field_{GLOBEX_PRODUCT_LINE}}}}}"),
            ]},
        ]),
        SERVICE_DESK_SINCE,
    );
    route.insert("updated_at".into(), json!(SERVICE_DESK_SINCE));
    rules.triggers.push(route);
}

/// globex's `configurations` setting: six named configurations of globex's real objects, as JSON
/// text (settings hold text). Deployed into acme: "Tier 2 escalation" creates everything but the
/// ticket field "Escalation reason", which acme has with other options (an update); "Customer care"
/// updates acme's user field `vip_level` (an option more), creates the organization field and both
/// automations (one names the user field by its key); in "Key accounts
/// routing" the trigger is blocked (its group "Key accounts" is neither in the configuration nor in
/// acme; its category "Routing" is in both) while the macro deploys. "Full service desk" holds one
/// component of every type, referring to each other: the form and the SLA policy use the ticket
/// field "Product line" (the policy its "Widgets" option, by id); the trigger uses the form, the
/// schedule, the dynamic content (`{{dc.greeting}}`), the category, the group, and the brand,
/// target, webhook, organization and user (Pat Lee) that acme has too (by name or email); the
/// automation uses the user field. The form's condition also names "Escalation reason", which
/// acme has.
pub fn globex_configurations() -> Value {
    let c = |kind: &str, name: &str| json!({"type": kind, "name": name});
    let list = json!([
        {
            "name": "Service desk starter",
            "description": "The first-line team: its group, roles, everyday macros, views and the request notification.",
            "components": [
                c("groups", "Service desk"),
                c("custom_roles", "Tier 1 agent"),
                c("custom_roles", "Tier 2 agent"),
                c("macros", "Close and thank the customer"),
                c("macros", "Ask for the order number"),
                c("views", "Your unsolved tickets"),
                c("views", "Unassigned tickets"),
                c("triggers", "Notify requester and CCs of received request"),
            ],
        },
        {
            "name": "Field service",
            "description": "Dispatching on-site visits: the engineers' group, the fields they fill in, routing and follow-up.",
            "components": [
                c("groups", "Field engineering"),
                c("custom_roles", "Workforce manager"),
                c("ticket_fields", "On-site visit required"),
                c("ticket_fields", "Product line"),
                c("macros", "Escalate to Field engineering"),
                c("triggers", "Tag on-site visits"),
                c("views", "Pending over a week"),
            ],
        },
        {
            "name": "Tier 2 escalation",
            "description": "A second line for outages and security incidents: its group, role and reason field, the trigger that escalates (in its own category), the queue and a macro.",
            "components": [
                c("groups", "Tier 2"),
                c("custom_roles", "Tier 2 agent"),
                c("ticket_fields", "Escalation reason"),
                c("trigger_categories", "Escalation"),
                c("triggers", "Escalate to Tier 2"),
                c("views", "Tier 2 queue"),
                c("macros", "Escalate: outage"),
            ],
        },
        {
            "name": "Customer care",
            "description": "Looking after customers who wait: the VIP level of a person and the contract tier of an organization, closing solved tickets, and nudging waiting VIPs.",
            "components": [
                c("user_fields", "VIP level"),
                c("organization_fields", "Contract tier"),
                c("automations", "Close solved after 4 days"),
                c("automations", "Nudge waiting VIPs"),
            ],
        },
        {
            "name": "Key accounts routing",
            "description": "Key-account tickets straight to their named agents, and asking for the order number.",
            "components": [
                c("triggers", "Route key accounts to Key accounts"),
                c("macros", "Ask for the order number"),
            ],
        },
        {
            "name": "Full service desk",
            "description": "One of every kind: hardware requests on their own form, routed to the field engineers in support hours with a greeting in the customer's language, a response-time policy for Widgets, and what the team works with.",
            "components": [
                c("groups", "Field engineering"),
                c("trigger_categories", "Routing"),
                c("ticket_fields", "Product line"),
                c("user_fields", "VIP level"),
                c("organization_fields", "Contract tier"),
                c("custom_roles", "Tier 1 agent"),
                c("macros", "Close and thank the customer"),
                c("triggers", "Route hardware requests"),
                c("automations", "Nudge waiting VIPs"),
                c("views", "Unassigned tickets"),
                c("ticket_forms", "Hardware request"),
                c("sla_policies", "VIP response"),
                c("dynamic_content", "Greeting"),
                c("schedules", "Support hours"),
            ],
        },
    ]);
    Value::String(list.to_string())
}
