//! The plan on recorded, doc-shaped bodies of two accounts whose ids differ (globex's 3610…, acme's
//! 90…), and property tests over random configurations and inventories.

use super::refs::RefKind;
use super::write;
use super::*;
use proptest::prelude::*;
use serde_json::{json, Value};

pub(super) fn fold(s: &str) -> String {
    s.to_lowercase()
}

pub(super) fn item(v: Value) -> Item {
    v.as_object().cloned().unwrap_or_default()
}

pub(super) fn inventory(types: &[(&str, Vec<Value>)]) -> Inventory {
    let mut inv = Inventory::default();
    for (key, items) in types {
        inv.items.insert(
            (*key).to_string(),
            items.iter().cloned().map(item).collect(),
        );
    }
    inv
}

/// An inventory from `{"<type>": [items]}`.
pub(super) fn inv(types: Value) -> Inventory {
    let mut out = Inventory::default();
    for (k, v) in types.as_object().into_iter().flatten() {
        let items: Vec<Item> = v
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|i| i.as_object().cloned())
            .collect();
        out.items.insert(k.clone(), items);
    }
    out
}

pub(super) fn component(kind: &str, name: &str) -> Component {
    Component {
        kind: kind.into(),
        name: name.into(),
    }
}

/// globex: the "Tier 2 escalation" configuration, as Zendesk lists it.
pub(super) fn globex() -> Inventory {
    inventory(&[
        (
            "groups",
            vec![
                json!({"id": 361001100002u64, "name": "Tier 2", "description": "Escalations", "is_public": true, "default": false, "deleted": false}),
                json!({"id": 361001100009u64, "name": "Billing", "description": "", "is_public": true}),
            ],
        ),
        (
            "ticket_fields",
            vec![
                json!({"id": 361002000101u64, "type": "tagger", "title": "Escalation reason", "raw_title": "Escalation reason",
                       "raw_description": "Why it went to tier 2", "active": true, "required": false, "tag": null, "removable": true, "position": 3,
                       "custom_field_options": [
                           {"id": 1, "name": "Bug", "raw_name": "Bug", "value": "esc_bug", "default": false},
                           {"id": 2, "name": "Outage", "raw_name": "Outage", "value": "esc_outage", "default": false}]}),
                json!({"id": 361002000001u64, "type": "subject", "title": "Subject", "raw_title": "Subject", "removable": false, "active": true}),
            ],
        ),
        (
            "trigger_categories",
            vec![json!({"id": "361005000002", "name": "Escalation", "position": 1})],
        ),
        (
            "triggers",
            vec![
                json!({"id": 361003000001u64, "title": "Route escalations", "raw_title": "Route escalations", "active": true,
                       "category_id": "361005000002", "position": 1, "default": false,
                       "conditions": {"all": [{"field": "custom_fields_361002000101", "operator": "is", "value": "esc_outage"}], "any": []},
                       "actions": [{"field": "group_id", "value": "361001100002"},
                                   {"field": "notification_group", "value": ["361001100002", "Escalated", "{{ticket.ticket_field_361002000101}}"]}]}),
                json!({"id": 361003000002u64, "title": "Bill it", "active": true, "category_id": "361005000002",
                       "conditions": {"all": [{"field": "status", "operator": "is", "value": "new"}], "any": []},
                       "actions": [{"field": "group_id", "value": "361001100009"}]}),
            ],
        ),
        (
            "views",
            vec![
                json!({"id": 361004000001u64, "title": "Tier 2 queue", "active": true, "position": 2,
                        "restriction": {"type": "Group", "id": 361001100002u64, "ids": [361001100002u64]},
                        "conditions": {"all": [{"field": "group_id", "operator": "is", "value": "361001100002"},
                                               {"field": "status", "operator": "less_than", "value": "solved"}], "any": []},
                        "execution": {"columns": [{"id": "subject", "title": "Subject"}, {"id": 361002000101u64, "title": "Escalation reason"}],
                                      "group_by": 361002000101u64, "sort_by": "updated_at", "sort_order": "desc"}}),
            ],
        ),
        (
            "macros",
            vec![
                json!({"id": 361006000001u64, "title": "Escalate: outage", "active": true, "restriction": null,
                        "actions": [{"field": "custom_fields_361002000101", "value": "esc_outage"},
                                    {"field": "group_id", "value": "361001100002"}]}),
            ],
        ),
        (
            "custom_roles",
            vec![
                json!({"id": 361007000001u64, "name": "Tier 2 agent", "description": "Escalations",
                        "role_type": 0, "team_member_count": 3,
                        "configuration": {"ticket_access": "within-groups", "ticket_merge": true, "chat_access": true}}),
            ],
        ),
    ])
}

pub(super) fn tier2() -> Vec<Component> {
    vec![
        component("views", "Tier 2 queue"),
        component("triggers", "Route escalations"),
        component("macros", "Escalate: outage"),
        component("custom_roles", "Tier 2 agent"),
        component("groups", "Tier 2"),
        component("ticket_fields", "Escalation reason"),
        component("trigger_categories", "Escalation"),
    ]
}

/// acme: has the ticket field already (another id, an option fewer), and a role of that name.
pub(super) fn acme() -> Inventory {
    inventory(&[
        (
            "groups",
            vec![json!({"id": 9001, "name": "Support", "is_public": true})],
        ),
        (
            "ticket_fields",
            vec![
                json!({"id": 9101, "type": "tagger", "title": "Escalation Reason ", "raw_title": "Escalation Reason ",
                        "active": true, "required": false, "tag": null, "removable": true,
                        "custom_field_options": [{"id": 5, "name": "Bug", "raw_name": "Bug", "value": "esc_bug"},
                                                 {"id": 6, "name": "Legacy", "raw_name": "Legacy", "value": "esc_legacy"}]}),
            ],
        ),
        ("trigger_categories", vec![]),
        ("triggers", vec![]),
        ("views", vec![]),
        ("macros", vec![]),
        (
            "custom_roles",
            vec![
                json!({"id": 9701, "name": "tier 2 AGENT", "description": "Escalations",
                        "configuration": {"ticket_access": "all", "ticket_merge": true, "chat_access": false}}),
            ],
        ),
    ])
}

fn step<'a>(plan: &'a Plan, kind: &str, name: &str) -> (usize, &'a Step) {
    plan.steps
        .iter()
        .enumerate()
        .find(|(_, s)| s.spec.key == kind && s.name == name)
        .unwrap_or_else(|| panic!("no step {kind} {name}"))
}

fn position(plan: &Plan, index: usize) -> usize {
    plan.order
        .iter()
        .position(|i| *i == index)
        .unwrap_or(usize::MAX)
}

#[test]
fn every_reference_is_remapped_to_the_target_or_to_what_this_deploy_creates() {
    let plan = plan(&tier2(), &globex(), &acme(), &fold);
    let (group, _) = step(&plan, "groups", "Tier 2");
    let (category, _) = step(&plan, "trigger_categories", "Escalation");
    let (_, trigger) = step(&plan, "triggers", "Route escalations");
    // Ids are known only once written: the plan shows where each will come from.
    let desired = trigger.desired(&|s, _| {
        (s == group)
            .then(|| "9002".into())
            .or_else(|| (s == category).then(|| "9501".into()))
    });
    assert_eq!(desired["category_id"], json!("9501"));
    assert_eq!(
        desired["conditions"]["all"][0]["field"],
        json!("custom_fields_9101"),
        "matched by title in the target"
    );
    assert_eq!(desired["actions"][0]["value"], json!("9002"));
    assert_eq!(desired["actions"][1]["value"][0], json!("9002"));
    assert_eq!(
        desired["actions"][1]["value"][2],
        json!("{{ticket.ticket_field_9101}}")
    );

    let (_, view) = step(&plan, "views", "Tier 2 queue");
    let desired = view.desired(&|s, _| (s == group).then(|| "9002".into()));
    assert_eq!(
        desired["restriction"],
        json!({"type": "Group", "ids": [9002]})
    );
    assert_eq!(desired["all"][0]["value"], json!("9002"));
    assert_eq!(desired["output"]["columns"], json!(["subject", 9101]));
    assert_eq!(desired["output"]["group_by"], json!(9101));

    let (_, macro_) = step(&plan, "macros", "Escalate: outage");
    let desired = macro_.desired(&|_, _| None);
    assert_eq!(desired["actions"][0]["field"], json!("custom_fields_9101"));
    assert_eq!(
        desired["actions"][1]["value"],
        json!(plan::placeholder(group))
    );
}

#[test]
fn the_order_puts_every_reference_first_and_otherwise_follows_the_tiers() {
    let plan = plan(&tier2(), &globex(), &acme(), &fold);
    assert_eq!(plan.order.len(), plan.steps.len());
    for (i, s) in plan.steps.iter().enumerate() {
        for d in &s.depends_on {
            assert!(
                position(&plan, *d) < position(&plan, i),
                "{} before {}",
                plan.steps[*d].name,
                s.name
            );
        }
    }
    let kinds: Vec<&str> = plan.order.iter().map(|i| plan.steps[*i].spec.key).collect();
    assert_eq!(
        kinds,
        [
            "groups",
            "trigger_categories",
            "ticket_fields",
            "custom_roles",
            "views",
            "triggers",
            "macros"
        ],
        "tiers first, then the configuration's order within a tier"
    );
    let (_, trigger) = step(&plan, "triggers", "Route escalations");
    assert_eq!(trigger.depends_on.len(), 3, "group, field, category");
}

#[test]
fn actions_and_the_difference_in_words() {
    let plan = plan(&tier2(), &globex(), &acme(), &fold);
    assert_eq!(
        plan.totals(),
        Totals {
            create: 5,
            update: 2,
            unchanged: 0,
            blocked: 0
        }
    );
    let (_, role) = step(&plan, "custom_roles", "Tier 2 agent");
    let Action::Update(changes) = &role.action else {
        panic!("role: {:?}", role.action)
    };
    // Only the permissions the source sets and that differ; chat_access is not writable.
    assert_eq!(
        changes,
        &[
            Change {
                field: "name".into(),
                from: Some(json!("tier 2 AGENT")),
                to: Some(json!("Tier 2 agent"))
            },
            Change {
                field: "configuration.ticket_access".into(),
                from: Some(json!("all")),
                to: Some(json!("within-groups"))
            },
        ]
    );
    let (_, field) = step(&plan, "ticket_fields", "Escalation reason");
    assert!(
        matches!(&field.action, Action::Update(c) if c.iter().any(|c| c.field == "custom_field_options"))
    );
    assert_eq!(
        field.removed_options,
        ["Legacy"],
        "the update deletes an option: cannot be undone"
    );
    assert_eq!(plan.changes().len(), 7);
}

#[test]
fn a_second_plan_after_the_deploy_changes_nothing() {
    let (source, mut target) = (globex(), acme());
    let first = plan(&tier2(), &source, &target, &fold);
    deploy(first, &mut target, &|_, _| false);
    let second = plan(&tier2(), &source, &target, &fold);
    for s in &second.steps {
        assert_eq!(s.action, Action::Unchanged, "{} {}", s.spec.key, s.name);
    }
    assert!(second.changes().is_empty());
}

#[test]
fn an_unresolved_reference_blocks_its_component_and_names_both_ends() {
    // "Bill it" routes to Billing, which is not in the configuration and acme lacks.
    let comps = vec![
        component("triggers", "Bill it"),
        component("trigger_categories", "Escalation"),
    ];
    let plan = plan(&comps, &globex(), &acme(), &fold);
    let (_, trigger) = step(&plan, "triggers", "Bill it");
    assert_eq!(
        trigger.action,
        Action::Blocked(vec![Blocked::Unresolved {
            kind: RefKind::Group,
            name: Some("Billing".into())
        }])
    );
    let (_, category) = step(&plan, "trigger_categories", "Escalation");
    assert_eq!(
        category.action,
        Action::Create,
        "what does not depend on it goes on"
    );
    // With Billing in acme, it resolves there.
    let mut target = acme();
    target
        .items
        .entry("groups".into())
        .or_default()
        .push(item(json!({"id": 9003, "name": "billing"})));
    let plan2 = plan::plan(&comps, &globex(), &target, &fold);
    let (_, trigger) = step(&plan2, "triggers", "Bill it");
    assert_eq!(trigger.action, Action::Create);
    assert_eq!(
        trigger.desired(&|_, _| None)["actions"][0]["value"],
        json!("9003")
    );
}

#[test]
fn what_depends_on_a_blocked_component_is_blocked_too() {
    let mut target = acme();
    // A ticket field of that title but another type: the type cannot change.
    target.items.insert(
        "ticket_fields".into(),
        vec![item(json!({"id": 9101, "type": "text", "title": "Escalation reason", "raw_title": "Escalation reason"}))],
    );
    let plan = plan(&tier2(), &globex(), &target, &fold);
    let (field, f) = step(&plan, "ticket_fields", "Escalation reason");
    assert_eq!(
        f.action,
        Action::Blocked(vec![Blocked::TypeDiffers {
            source: "tagger".into(),
            target: "text".into()
        }])
    );
    let (_, t) = step(&plan, "triggers", "Route escalations");
    assert_eq!(t.action, Action::Blocked(vec![Blocked::DependsOn(field)]));
    let (_, v) = step(&plan, "views", "Tier 2 queue");
    assert_eq!(v.action, Action::Blocked(vec![Blocked::DependsOn(field)]));
    let (_, g) = step(&plan, "groups", "Tier 2");
    assert_eq!(g.action, Action::Create);
    assert_eq!(plan.totals().blocked, 4, "field, trigger, view, macro");
}

#[test]
fn duplicates_missing_items_system_fields_unmatched_kinds_and_unavailable_types_block() {
    let mut target = acme();
    target.items.entry("groups".into()).or_default().extend([
        item(json!({"id": 9010, "name": "Tier 2"})),
        item(json!({"id": 9011, "name": " tier 2"})),
    ]);
    target.unavailable.insert("custom_roles".into());
    let mut source = globex();
    source.items.entry("macros".into()).or_default().push(item(json!({
        "id": 361006000002u64, "title": "Assign to Sam", "actions": [{"field": "assignee_id", "value": "381000000001"}, {"field": "custom_status_id", "value": "77"}]})));
    source.items.entry("macros".into()).or_default().extend([
        item(json!({"id": 361006000003u64, "title": "Twice", "actions": []})),
        item(json!({"id": 361006000004u64, "title": "twice", "actions": []})),
    ]);
    let comps = vec![
        component("groups", "Tier 2"),
        component("custom_roles", "Tier 2 agent"),
        component("ticket_fields", "Subject"),
        component("macros", "Assign to Sam"),
        component("macros", "Twice"),
        component("macros", "Gone"),
        component("unknown_type", "x"),
    ];
    let plan = plan(&comps, &source, &target, &fold);
    let action = |kind, name| step(&plan, kind, name).1.action.clone();
    assert_eq!(
        action("groups", "Tier 2"),
        Action::Blocked(vec![Blocked::DuplicateInTarget])
    );
    assert_eq!(
        action("custom_roles", "Tier 2 agent"),
        Action::Blocked(vec![Blocked::Unavailable])
    );
    assert_eq!(
        action("ticket_fields", "Subject"),
        Action::Blocked(vec![Blocked::SystemField])
    );
    assert_eq!(
        action("macros", "Assign to Sam"),
        Action::Blocked(vec![
            // A user the source does not show: unresolved (users are matched by email).
            Blocked::Unresolved {
                kind: RefKind::User,
                name: None
            },
            // Custom statuses are not matched between accounts.
            Blocked::NotMatched {
                kind: RefKind::CustomStatus,
                id: "77".into()
            }
        ])
    );
    assert_eq!(
        action("macros", "Twice"),
        Action::Blocked(vec![Blocked::DuplicateInSource])
    );
    assert_eq!(
        action("macros", "Gone"),
        Action::Blocked(vec![Blocked::NotInSource])
    );
    assert_eq!(
        plan.steps.len(),
        6,
        "a type deskset does not know is not a step"
    );
}

#[test]
fn an_unchanged_system_field_is_simply_unchanged() {
    let mut target = acme();
    target.items.entry("ticket_fields".into()).or_default().push(item(
        json!({"id": 9000, "type": "subject", "title": "Subject", "raw_title": "Subject", "removable": false, "active": true}),
    ));
    let plan = plan(
        &[component("ticket_fields", "Subject")],
        &globex(),
        &target,
        &fold,
    );
    assert_eq!(plan.steps[0].action, Action::Unchanged);
}

#[test]
fn a_component_named_twice_is_one_step() {
    let comps = vec![
        component("groups", "Tier 2"),
        component("groups", " TIER 2 "),
    ];
    let plan = plan(&comps, &globex(), &acme(), &fold);
    assert_eq!(plan.steps.len(), 1);
}

// Property tests: random configurations and inventories.

const NAMES: [&str; 6] = ["Alpha", "beta", "Gamma ", "delta", "ALPHA", "Eps"];

/// What a name is keyed by: a user field's key, a dynamic content item's placeholder name.
fn key_of(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The options a dropdown may hold: (name, tag).
const TAGS: [(&str, &str); 3] = [("One", "t1"), ("Two", "t2"), ("Three", "t3")];
/// The locales a dynamic content item's variants may be in.
const LOCALES: [u64; 3] = [1, 16, 1005];
/// The holidays a schedule may have: (name, first day).
const HOLIDAYS: [(&str, &str); 3] = [
    ("New Year", "2027-01-01"),
    ("Labor Day", "2027-09-06"),
    ("Founders day", "2027-03-01"),
];

/// The first id of each type in an account: the source's and the target's never meet, and no
/// account hands out ids from 9 (the test's stand-ins for created items).
#[derive(Debug, Clone, Copy)]
struct Bases {
    groups: u64,
    fields: u64,
    categories: u64,
    user_fields: u64,
    forms: u64,
    dynamic_content: u64,
    schedules: u64,
    users: u64,
    organizations: u64,
    brands: u64,
    triggers: u64,
    views: u64,
    macros: u64,
    automations: u64,
    slas: u64,
}

const SOURCE: Bases = Bases {
    groups: 1_000,
    forms: 1_100,
    dynamic_content: 1_200,
    schedules: 1_300,
    user_fields: 1_500,
    users: 1_600,
    organizations: 1_700,
    brands: 1_800,
    fields: 2_000,
    categories: 3_000,
    triggers: 4_000,
    views: 4_100,
    macros: 4_200,
    automations: 4_300,
    slas: 4_400,
};

const TARGET: Bases = Bases {
    groups: 5_000,
    forms: 5_100,
    dynamic_content: 5_200,
    schedules: 5_300,
    user_fields: 5_500,
    users: 5_600,
    organizations: 5_700,
    brands: 5_800,
    fields: 6_000,
    categories: 7_000,
    triggers: 8_000,
    views: 8_100,
    macros: 8_200,
    automations: 8_300,
    slas: 8_400,
};

/// The types a configuration's components are picked from.
const KINDS: [&str; 12] = [
    "groups",
    "ticket_fields",
    "trigger_categories",
    "triggers",
    "views",
    "macros",
    "user_fields",
    "automations",
    "ticket_forms",
    "sla_policies",
    "dynamic_content",
    "schedules",
];

#[derive(Debug, Clone)]
struct World {
    source: Inventory,
    target: Inventory,
    components: Vec<Component>,
}

/// The members of `all` that the bits of `bits` pick, with their places (the first when none
/// is and `at_least_one`).
fn picked<T: Copy>(all: &[T], bits: u8, at_least_one: bool) -> Vec<(usize, T)> {
    let out: Vec<(usize, T)> = all
        .iter()
        .copied()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .collect();
    if out.is_empty() && at_least_one {
        vec![(0, all[0])]
    } else {
        out
    }
}

/// Items of a type named from `NAMES` (each with a flag and a selector that vary its settings),
/// ids from `base`.
fn named(kind: &'static str, base: u64) -> impl Strategy<Value = Vec<Item>> {
    prop::collection::vec((0..NAMES.len(), prop::bool::ANY, 0u8..16), 0..5).prop_map(move |picks| {
        picks
            .into_iter()
            .enumerate()
            .map(|(n, (name, flag, pick))| {
                let id = base + n as u64;
                let name = NAMES[name];
                match kind {
                    "ticket_fields" => {
                        // Now and then a title that is a dynamic content placeholder.
                        let raw_title = if pick >= 14 { format!("{{{{dc.{}}}}}", key_of(name)) } else { name.to_string() };
                        // Of a type by its name, mostly (else a name's type differs between
                        // accounts); tag t1 always, the others now and then.
                        let tagger = (key_of(name).len() % 2 == 1) != (pick == 13);
                        let options: Vec<Value> = picked(&TAGS, pick | 1, true)
                            .into_iter()
                            .map(|(k, (option, tag))| json!({"id": id * 10 + k as u64 + 1, "name": option, "raw_name": option, "value": tag}))
                            .collect();
                        item(json!({"id": id, "type": if tagger {"tagger"} else {"text"}, "title": name, "raw_title": raw_title,
                            "active": flag, "custom_field_options": if tagger { Value::Array(options) } else { Value::Null }}))
                    }
                    "trigger_categories" => item(json!({"id": id.to_string(), "name": name})),
                    // Keyed by a name's folded form: "Alpha" and "ALPHA" are one field.
                    "user_fields" => item(json!({"id": id, "key": key_of(name), "type": if flag {"dropdown"} else {"text"},
                        "title": name, "raw_title": name,
                        "custom_field_options": if flag { json!([{"id": id, "name": "One", "value": format!("u{n}")}]) } else { Value::Null }})),
                    // A variant per picked locale, the first the default.
                    "dynamic_content" => {
                        let variants: Vec<Value> = picked(&LOCALES, pick, true)
                            .into_iter()
                            .enumerate()
                            .map(|(k, (_, locale))| json!({"id": id * 10 + k as u64, "locale_id": locale,
                                "content": if flag { "Hello".to_string() } else { format!("Hi {locale}") },
                                "active": true, "default": k == 0}))
                            .collect();
                        item(json!({"id": id, "name": name, "placeholder": format!("{{{{dc.{}}}}}", key_of(name)),
                            "default_locale_id": 1, "variants": variants}))
                    }
                    // Business hours on some of Monday to Wednesday, and some holidays.
                    "schedules" => {
                        let intervals: Vec<Value> = picked(&[1u64, 2, 3], pick, false)
                            .into_iter()
                            .map(|(_, day)| json!({"start_time": day * 1440 + if flag { 540 } else { 480 }, "end_time": day * 1440 + 1020}))
                            .collect();
                        let holidays: Vec<Value> = picked(&HOLIDAYS, pick >> 1, false)
                            .into_iter()
                            .map(|(k, (holiday, first))| json!({"id": id * 10 + k as u64, "name": holiday, "start_date": first,
                                "end_date": if flag { first } else { "2027-12-31" }}))
                            .collect();
                        item(json!({"id": id, "name": name,
                            "time_zone": if flag { "Eastern Time (US & Canada)" } else { "Pacific Time (US & Canada)" },
                            "intervals": intervals, "holidays": holidays}))
                    }
                    // Never written: found by email or name.
                    "users" => item(json!({"id": id, "name": name, "email": format!("{}@example.com", name.trim())})),
                    "organizations" | "brands" => item(json!({"id": id, "name": name})),
                    _ => item(json!({"id": id, "name": name, "description": if flag {"x"} else {""}})),
                }
            })
            .collect()
    })
}

/// A reference's id: most often the source's item `n` of the type at `source`, else the
/// target's (`target`: the source has none of that id), or nowhere.
fn ref_id(class: u8, n: u64, source: u64, target: u64) -> u64 {
    match class {
        0..=9 => source + n,
        10 => target + n,
        _ => 77,
    }
}

/// Rules whose references point anywhere: to the source's items, to the target's, or nowhere;
/// groups, fields, user fields, dynamic content (in texts), schedules, users, organizations,
/// brands and forms.
fn rules(kind: &'static str, base: u64) -> impl Strategy<Value = Vec<Item>> {
    let entry = (0u8..11, 0u8..12, 0u64..3);
    prop::collection::vec((0..NAMES.len(), prop::collection::vec(entry, 0..3), 0u64..2), 0..4).prop_map(
        move |rules| {
            rules
                .into_iter()
                .enumerate()
                .map(|(n, (name, refs, category))| {
                    let (s, t) = (SOURCE, TARGET);
                    let entries: Vec<Value> = refs
                        .into_iter()
                        .map(|(how, class, n)| {
                            let id = |source: u64, target: u64| ref_id(class, n, source, target).to_string();
                            // A name's key, or one nobody has.
                            let key = if class == 11 { "nobody".to_string() } else { key_of(NAMES[n as usize]) };
                            match how {
                                0 => json!({"field": "group_id", "operator": "is", "value": id(s.groups, t.groups)}),
                                1 => json!({"field": format!("custom_fields_{}", id(s.fields, t.fields)), "operator": "is", "value": "x"}),
                                2 => json!({"field": "notification_group", "value": [id(s.groups, t.groups), "s",
                                    format!("{{{{ticket.ticket_field_{}}}}} {{{{dc.{key}}}}}", id(s.fields, t.fields))]}),
                                3 => json!({"field": format!("requester.custom_fields.{key}"), "operator": "is", "value": "x"}),
                                4 => json!({"field": "comment_value", "value": format!("{{{{dc.{key}}}}}")}),
                                5 => json!({"field": "set_schedule", "value": id(s.schedules, t.schedules)}),
                                6 => json!({"field": "assignee_id", "value": id(s.users, t.users)}),
                                7 => json!({"field": "organization_id", "operator": "is", "value": id(s.organizations, t.organizations)}),
                                8 => json!({"field": "brand_id", "operator": "is", "value": id(s.brands, t.brands)}),
                                9 => json!({"field": "ticket_form_id", "operator": "is", "value": id(s.forms, t.forms)}),
                                _ => json!({"field": "status", "operator": "is", "value": "open"}),
                            }
                        })
                        .collect();
                    let id = base + n as u64;
                    match kind {
                        "triggers" => item(json!({"id": id, "title": NAMES[name], "category_id": (3_000 + category).to_string(),
                            "conditions": {"all": entries.clone(), "any": []}, "actions": entries})),
                        "views" => {
                            // A view tests the ticket's status (Zendesk requires one such).
                            let mut all = entries;
                            all.push(json!({"field": "status", "operator": "less_than", "value": "solved"}));
                            item(json!({"id": id, "title": NAMES[name], "conditions": {"all": all, "any": []},
                            "execution": {"columns": ["subject", 2_000 + category]}}))
                        }
                        "automations" => {
                            let mut all = entries.clone();
                            all.push(json!({"field": "status", "operator": "is", "value": "solved"}));
                            all.push(json!({"field": "SOLVED", "operator": "greater_than", "value": "96"}));
                            let mut actions = entries;
                            actions.push(json!({"field": "status", "value": "closed"}));
                            item(json!({"id": id, "title": NAMES[name], "conditions": {"all": all, "any": []}, "actions": actions}))
                        }
                        _ => item(json!({"id": id, "title": NAMES[name], "actions": entries})),
                    }
                })
                .collect()
        },
    )
}

/// A form's picks: its name, its fields (places among the account's), and a condition (the
/// places of its parent and child among the form's fields; for agents or end users), if any;
/// whether its display name is a dynamic content placeholder.
type FormPick = (usize, Vec<usize>, Option<(usize, usize, bool)>, bool);

fn form_picks() -> impl Strategy<Value = Vec<FormPick>> {
    let condition = prop::option::of((0usize..5, 0usize..5, prop::bool::ANY));
    prop::collection::vec(
        (
            0..NAMES.len(),
            prop::collection::vec(0usize..5, 0..4),
            condition,
            prop::bool::ANY,
        ),
        1..4,
    )
}

/// A ticket form of the account's fields (`fields`; ids from `base` where it has none): with a
/// condition where the form holds a dropdown and another field (the dropdown's first tag
/// shows the other).
fn form(id: u64, base: u64, fields: &[Item], pick: &FormPick) -> Item {
    let (name, places, condition, dc) = pick;
    let name = NAMES[*name];
    let mut ids: Vec<u64> = Vec::new();
    for place in places {
        let id = match fields.get(place % fields.len().max(1)) {
            Some(f) => f.get("id").and_then(Value::as_u64).unwrap_or_default(),
            None => base + *place as u64,
        };
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let field = |id: u64| {
        fields
            .iter()
            .find(|f| f.get("id").and_then(Value::as_u64) == Some(id))
    };
    let (mut agent, mut end_user) = (Vec::new(), Vec::new());
    if let Some((parent, child, for_agents)) = condition {
        let dropdowns: Vec<u64> = ids
            .iter()
            .copied()
            .filter(|i| field(*i).is_some_and(|f| f["type"] == "tagger"))
            .collect();
        if let Some(&parent) = dropdowns.get(parent % dropdowns.len().max(1)) {
            let others: Vec<u64> = ids.iter().copied().filter(|i| *i != parent).collect();
            if let Some(&child) = others.get(child % others.len().max(1)) {
                let tag = field(parent)
                    .and_then(|f| f["custom_field_options"][0]["value"].as_str())
                    .unwrap_or("t1");
                let c = json!({"parent_field_id": parent, "value": tag,
                               "child_fields": [{"id": child, "is_required": for_agents}]});
                if *for_agents {
                    agent.push(c);
                } else {
                    end_user.push(c);
                }
            }
        }
    }
    let display = if *dc {
        format!("{{{{dc.{}}}}}", key_of(name))
    } else {
        name.to_string()
    };
    item(
        json!({"id": id, "name": name, "raw_name": name, "display_name": name, "raw_display_name": display,
                "active": true, "end_user_visible": true, "in_all_brands": true, "position": 1,
                "ticket_field_ids": ids, "agent_conditions": agent, "end_user_conditions": end_user}),
    )
}

/// An SLA policy's picks: its name, its filter's conditions (each on a field by option id, or
/// on a group: the place of the field or group among the account's, and of the option), whether
/// it measures business hours, and its target.
type SlaPick = (usize, Vec<(u8, usize, usize)>, bool, usize);

fn sla_picks() -> impl Strategy<Value = Vec<SlaPick>> {
    prop::collection::vec(
        (
            0..NAMES.len(),
            prop::collection::vec((0u8..3, 0usize..5, 0usize..3), 0..3),
            prop::bool::ANY,
            0usize..3,
        ),
        1..4,
    )
}

/// An SLA policy of the account's fields and groups (ids from `b` where it has none): a
/// dropdown's condition names the option by its id, a text field's a text.
fn sla(id: u64, b: Bases, fields: &[Item], groups: &[Item], pick: &SlaPick) -> Item {
    let (name, conditions, business_hours, target) = pick;
    let all: Vec<Value> = conditions
        .iter()
        .map(|(what, place, option)| {
            let prefix = if *what == 1 { "ticket_fields_" } else { "custom_fields_" };
            match (what, fields.get(place % fields.len().max(1))) {
                (2, _) => {
                    let group = groups
                        .get(place % groups.len().max(1))
                        .and_then(plan::item_id)
                        .unwrap_or_else(|| (b.groups + *place as u64).to_string());
                    json!({"field": "group_id", "operator": "includes", "value": [group]})
                }
                (_, None) => json!({"field": format!("{prefix}{}", b.fields + *place as u64), "operator": "is", "value": "x"}),
                (_, Some(f)) => {
                    let fid = f.get("id").and_then(Value::as_u64).unwrap_or_default();
                    let options = f["custom_field_options"].as_array().cloned().unwrap_or_default();
                    match options.get(option % options.len().max(1)) {
                        Some(o) => json!({"field": format!("{prefix}{fid}"), "operator": "includes", "value": [o["id"].clone()]}),
                        None => json!({"field": format!("{prefix}{fid}"), "operator": "is", "value": "x"}),
                    }
                }
            }
        })
        .collect();
    let target = [30, 60, 120][*target];
    item(json!({"id": id, "title": NAMES[*name], "description": "",
                "filter": {"all": all, "any": []},
                "policy_metrics": [{"priority": "urgent", "metric": "first_reply_time",
                                    "target": target, "business_hours": business_hours}]}))
}

/// One account: items of every type, ids from `b`.
fn account(b: Bases) -> impl Strategy<Value = Inventory> {
    (
        (
            named("groups", b.groups),
            named("ticket_fields", b.fields),
            named("trigger_categories", b.categories),
            named("user_fields", b.user_fields),
        ),
        (
            rules("triggers", b.triggers),
            rules("views", b.views),
            rules("macros", b.macros),
            rules("automations", b.automations),
        ),
        (
            named("dynamic_content", b.dynamic_content),
            named("schedules", b.schedules),
            named("users", b.users),
            named("organizations", b.organizations),
            named("brands", b.brands),
        ),
        (form_picks(), sla_picks()),
    )
        .prop_map(
            move |((g, f, c, u), (t, v, m, a), (dc, sc, us, o, br), (forms, slas))| {
                let forms: Vec<Item> = forms
                    .iter()
                    .enumerate()
                    .map(|(n, p)| form(b.forms + n as u64, b.fields, &f, p))
                    .collect();
                let slas: Vec<Item> = slas
                    .iter()
                    .enumerate()
                    .map(|(n, p)| sla(b.slas + n as u64, b, &f, &g, p))
                    .collect();
                let mut inv = Inventory::default();
                for (k, items) in [
                    ("groups", g),
                    ("ticket_fields", f),
                    ("trigger_categories", c),
                    ("user_fields", u),
                    ("triggers", t),
                    ("views", v),
                    ("macros", m),
                    ("automations", a),
                    ("dynamic_content", dc),
                    ("schedules", sc),
                    ("users", us),
                    ("organizations", o),
                    ("brands", br),
                    ("ticket_forms", forms),
                    ("sla_policies", slas),
                ] {
                    inv.items.insert(k.into(), items);
                }
                inv
            },
        )
}

/// Two accounts and a configuration: mostly items the source has, some it lacks.
fn world() -> impl Strategy<Value = World> {
    (
        account(SOURCE),
        account(TARGET),
        prop::collection::vec((0..KINDS.len(), 0..NAMES.len(), 0u8..4), 4..24),
    )
        .prop_map(|(source, target, picks)| {
            let components = picks
                .into_iter()
                .map(|(k, n, how)| {
                    let spec = types::spec(KINDS[k]).expect("a type");
                    let items = source.items(spec.key);
                    let name = match items.get(n % items.len().max(1)) {
                        Some(i) if how > 0 => plan::display_name(spec, i),
                        _ => NAMES[n].to_string(),
                    };
                    component(spec.key, &name)
                })
                .collect();
            World {
                source,
                target,
                components,
            }
        })
}

fn ids(inv: &Inventory, key: &str) -> Vec<String> {
    inv.items(key).iter().filter_map(plan::item_id).collect()
}

/// What references of `kind` name the items of an inventory by: ids, keys, placeholder names,
/// or a field's id and an option's (`<field>:<option>`).
fn ref_values(inv: &Inventory, kind: RefKind) -> Vec<String> {
    let key = kind.type_key().unwrap_or_default();
    let text = |i: &Item, k: &str| i.get(k).and_then(Value::as_str).map(str::to_string);
    if kind == RefKind::TicketFieldOption {
        return inv
            .items(key)
            .iter()
            .flat_map(|f| {
                let field = plan::item_id(f).unwrap_or_default();
                f.get("custom_field_options")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|o| o.get("id").and_then(refs::id_text))
                    .map(move |o| format!("{field}:{o}"))
                    .collect::<Vec<_>>()
            })
            .collect();
    }
    match kind.named_by() {
        "key" => inv
            .items(key)
            .iter()
            .filter_map(|i| text(i, "key"))
            .collect(),
        "placeholder" => inv
            .items(key)
            .iter()
            .filter_map(|i| {
                let p = text(i, "placeholder")?;
                Some(p.strip_prefix("{{dc.")?.strip_suffix("}}")?.to_string())
            })
            .collect(),
        _ => ids(inv, key),
    }
}

/// Whether an id stands for what a step creates (the test's stand-ins: `9…`).
fn stand_in(id: &str) -> bool {
    id.starts_with('9')
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn the_plan_never_refers_to_an_id_neither_account_has_and_orders_references_first(w in world()) {
        let plan = plan(&w.components, &w.source, &w.target, &fold);
        // Every step once in the order; every reference before its referrer.
        let mut sorted = plan.order.clone();
        sorted.sort_unstable();
        prop_assert_eq!(sorted, (0..plan.steps.len()).collect::<Vec<_>>());
        // What names what this deploy creates, known before (a key, a placeholder's name).
        let created_keys: Vec<String> = plan
            .steps
            .iter()
            .filter(|c| c.action == Action::Create)
            .flat_map(|c| {
                let key = c.shape.get("key").and_then(Value::as_str).map(str::to_string);
                let placeholder = c.source.as_ref().and_then(|i| {
                    let p = i.get("placeholder")?.as_str()?;
                    Some(p.strip_prefix("{{dc.")?.strip_suffix("}}")?.to_string())
                });
                key.into_iter().chain(placeholder)
            })
            .collect();
        for (i, s) in plan.steps.iter().enumerate() {
            for d in &s.depends_on {
                prop_assert!(position(&plan, *d) < position(&plan, i));
            }
            if s.is_blocked() {
                continue;
            }
            for (kind, source_id, r) in &s.resolved {
                prop_assert!(ref_values(&w.source, *kind).contains(source_id), "a reference comes from the source: {:?} {}", kind, source_id);
                match r {
                    Resolution::Target(t) => prop_assert!(
                        ref_values(&w.target, *kind).contains(t) || created_keys.contains(t),
                        "{:?} {} not in the target", kind, t
                    ),
                    Resolution::Created(d) => {
                        prop_assert_eq!(&plan.steps[*d].action, &Action::Create);
                        prop_assert!(s.depends_on.contains(d));
                    }
                    Resolution::CreatedOption(d, tag) => {
                        prop_assert!(matches!(plan.steps[*d].action, Action::Create | Action::Update(_)));
                        prop_assert!(s.depends_on.contains(d));
                        // Only an option the target's field lacks waits for the field's answer.
                        let there = plan.steps[*d].target.as_ref().and_then(|t| t.get("custom_field_options"));
                        prop_assert!(!there.and_then(Value::as_array).into_iter().flatten().any(|o| o["value"] == tag.as_str()));
                    }
                }
            }
            // What a step would write holds no source id that the target lacks.
            let desired = s.desired(&|d, _| Some(format!("9{d:06}")));
            let known = ref_values(&w.target, RefKind::TicketFieldOption);
            for (kind, id) in refs::find(s.spec.key, &desired) {
                let fine = match (kind, id.split_once(':')) {
                    // Some schedule of the account: no id.
                    (RefKind::BusinessHours, _) => id.is_empty(),
                    (RefKind::TicketFieldOption, Some((_, option))) => known.contains(&id) || stand_in(option),
                    _ => ref_values(&w.target, kind).contains(&id) || stand_in(&id) || created_keys.contains(&id),
                };
                prop_assert!(fine, "{:?} {} leaks", kind, id);
            }
        }
        // Something that depends on a blocked step is blocked.
        for s in &plan.steps {
            if s.depends_on.iter().any(|d| plan.steps[*d].is_blocked()) {
                prop_assert!(s.is_blocked());
            }
        }
    }

    #[test]
    fn applying_a_plan_leaves_nothing_to_do(w in world()) {
        let mut target = w.target.clone();
        let (run, _) = deploy(plan(&w.components, &w.source, &target, &fold), &mut target, &|_, _| false);
        prop_assert!(run.outcomes.iter().flatten().all(|o| !matches!(o, Outcome::Failed(_))));
        prop_assert!(!placeholder_in(&target));
        let second = plan(&w.components, &w.source, &target, &fold);
        prop_assert!(second.changes().is_empty(), "{:?}", second.steps.iter().map(|s| (&s.name, &s.action)).collect::<Vec<_>>());
    }
}

/// How many cases each property test tries (the accounts hold every type: a case is a deploy,
/// a second plan and an undo).
const CASES: u32 = 500;

/// Whether a stand-in for what a deploy creates was written into an account.
fn placeholder_in(inv: &Inventory) -> bool {
    Value::from(
        inv.items
            .values()
            .flatten()
            .map(|i| Value::Object(i.clone()))
            .collect::<Vec<_>>(),
    )
    .to_string()
    .contains(&plan::placeholder_prefix())
}

// Running a plan, the history and the undo, against an in-memory account that stores what it is
// sent the way Zendesk would (new ids, updates merged).

use super::record::{self, Meta, UndoAction};
use super::run::{Outcome, Run};

/// Sends a request to `target` as Zendesk takes it, and answers as Zendesk does: the item (or
/// sub-item) as stored, under its wrapper; nothing to a removal. A create stores the body with a
/// new id, and new ids for its options and sub-items; an update merges the body (a role's
/// configuration key by key); a dropdown's options keep their ids (a user or organization
/// field's by the id sent, a ticket field's by tag: "Ticket fields keep them by tag"), new ones
/// get new ids; a field written apart (a schedule's work week) is replaced; a sub-item
/// (a variant, a holiday) is created, merged or removed within its item.
pub(super) fn store(
    target: &mut Inventory,
    spec: &'static types::TypeSpec,
    method: crate::http::Method,
    path: &str,
    body: Option<&Value>,
    next_id: &mut u64,
) -> Value {
    use crate::http::Method;
    let list = target.items.entry(spec.key.to_string()).or_default();
    let rest = path
        .strip_prefix(spec.path)
        .and_then(|r| r.strip_suffix(".json"))
        .unwrap_or_else(|| panic!("{path} is not under {}", spec.path));
    let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
    let sent = |wrapper: &str| -> serde_json::Map<String, Value> {
        body.and_then(|b| b.get(wrapper))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let wrapped = |wrapper: &str, v: Value| -> Value {
        let mut m = serde_json::Map::new();
        m.insert(wrapper.into(), v);
        Value::Object(m)
    };
    let id_of = |i: &Value| i.get("id").and_then(refs::id_text);
    match (method, parts.as_slice()) {
        (Method::Post, []) => {
            let mut stored = sent(spec.wrapper);
            *next_id += 1;
            let id = if spec.key == "trigger_categories" {
                Value::String(next_id.to_string())
            } else {
                Value::from(*next_id)
            };
            stored.insert("id".into(), id);
            // "Automatically generated placeholder for the item, derived from name".
            if spec == &types::DYNAMIC_CONTENT {
                let name = stored
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let placeholder = format!("{{{{dc.{}}}}}", key_of(name).replace(' ', "_"));
                stored.insert("placeholder".into(), Value::String(placeholder));
            }
            keep_option_ids(&mut stored, None, next_id);
            if let Some(c) = spec.children {
                for child in stored
                    .get_mut(c.field)
                    .and_then(Value::as_array_mut)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_object_mut)
                {
                    *next_id += 1;
                    child.insert("id".into(), Value::from(*next_id));
                }
            }
            list.push(stored.clone());
            wrapped(spec.wrapper, Value::Object(stored))
        }
        (Method::Delete, [id]) => {
            list.retain(|i| plan::item_id(i).as_deref() != Some(*id));
            Value::Null
        }
        (_, [id, rest @ ..]) => {
            let Some(existing) = list
                .iter_mut()
                .find(|i| plan::item_id(i).as_deref() == Some(*id))
            else {
                return Value::Null;
            };
            match rest {
                [] => {
                    let mut fields = sent(spec.wrapper);
                    let before = existing.get("custom_field_options").cloned();
                    keep_option_ids(&mut fields, before.as_ref(), next_id);
                    for (k, v) in fields {
                        match (
                            k.as_str(),
                            existing.get_mut(&k).and_then(Value::as_object_mut),
                            v.as_object(),
                        ) {
                            ("configuration", Some(old), Some(new)) => old.extend(new.clone()),
                            _ => {
                                existing.insert(k, v);
                            }
                        }
                    }
                    wrapped(spec.wrapper, Value::Object(existing.clone()))
                }
                [sub] if spec.separate.iter().any(|s| s.sub == *sub) => {
                    let separate = spec.separate.iter().find(|s| s.sub == *sub);
                    let (field, wrapper) =
                        separate.map(|s| (s.field, s.wrapper)).unwrap_or_default();
                    let value = sent(wrapper).get(field).cloned().unwrap_or(Value::Null);
                    existing.insert(field.into(), value.clone());
                    wrapped(wrapper, json!({ field: value }))
                }
                [sub, child @ ..] => {
                    let c = spec
                        .children
                        .filter(|c| c.sub == *sub)
                        .unwrap_or_else(|| panic!("{path}: no sub-items {sub}"));
                    let children = existing
                        .entry(c.field)
                        .or_insert_with(|| Value::Array(Vec::new()));
                    let Some(children) = children.as_array_mut() else {
                        return Value::Null;
                    };
                    match (method, child) {
                        (Method::Post, []) => {
                            let mut new = sent(c.wrapper);
                            *next_id += 1;
                            new.insert("id".into(), Value::from(*next_id));
                            children.push(Value::Object(new.clone()));
                            wrapped(c.wrapper, Value::Object(new))
                        }
                        (Method::Delete, [cid]) => {
                            children.retain(|ch| id_of(ch).as_deref() != Some(*cid));
                            Value::Null
                        }
                        (_, [cid]) => {
                            let Some(there) = children
                                .iter_mut()
                                .find(|ch| id_of(ch).as_deref() == Some(*cid))
                                .and_then(Value::as_object_mut)
                            else {
                                return Value::Null;
                            };
                            there.extend(sent(c.wrapper));
                            wrapped(c.wrapper, Value::Object(there.clone()))
                        }
                        _ => panic!("{method:?} {path}"),
                    }
                }
            }
        }
        _ => panic!("{method:?} {path}"),
    }
}

/// A dropdown's options as Zendesk stores them: each with the id it was sent with, or the id of
/// the option of the same tag it had (`before`), or a new one.
fn keep_option_ids(
    fields: &mut serde_json::Map<String, Value>,
    before: Option<&Value>,
    next_id: &mut u64,
) {
    let Some(options) = fields
        .get_mut("custom_field_options")
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for option in options.iter_mut().filter_map(Value::as_object_mut) {
        if option.contains_key("id") {
            continue;
        }
        let kept = before
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|o| o.get("value").is_some() && o.get("value") == option.get("value"))
            .and_then(|o| o.get("id").cloned());
        let id = kept.unwrap_or_else(|| {
            *next_id += 1;
            Value::from(*next_id)
        });
        option.insert("id".into(), id);
    }
}

pub(super) fn meta() -> Meta {
    Meta {
        id: "1".into(),
        at: "2026-12-03T12:00:00Z".into(),
        by: "Ann".into(),
        source: "https://globex.zendesk.com".into(),
        configuration: "Tier 2 escalation".into(),
    }
}

/// `value` with every object's keys in order: the same content prints the same.
fn canonical(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), canonical(&map[k])))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

/// The write shapes of everything in an inventory, by type, sorted: what "the same state" means
/// (a shape holds every optional text field, empty or not, so a description left behind by a
/// deploy shows).
pub(super) fn state(inv: &Inventory) -> Vec<(String, Vec<String>)> {
    inv.items
        .iter()
        .map(|(k, items)| {
            let spec = types::spec(k);
            let mut all: Vec<String> = items
                .iter()
                .map(|i| {
                    let shaped = spec.map(|s| write::shape(s, i)).unwrap_or_default();
                    format!(
                        "{}:{}",
                        plan::item_id(i).unwrap_or_default(),
                        canonical(&write::normalised(&Value::Object(shaped)))
                    )
                })
                .collect();
            all.sort();
            (k.clone(), all)
        })
        .collect()
}

/// Deploys the plan into `target` with `fail` refusing the requests it names (by their step's
/// name and their place among the step's requests: 0 its first); the run and the undo data.
pub(super) fn deploy(
    plan: Plan,
    target: &mut Inventory,
    fail: &dyn Fn(&str, usize) -> bool,
) -> (Run, Value) {
    let undo = record::undo_data(&plan, &meta());
    let mut run = Run::new(plan);
    let mut next_id = 70_000;
    let mut sent: std::collections::BTreeMap<usize, usize> = Default::default();
    while let Some(w) = run.next_write() {
        let spec = run.plan.steps[w.step].spec;
        let nth = sent.entry(w.step).or_default();
        let answer = if fail(&run.plan.steps[w.step].name, *nth) {
            Err(super::run::Failure::Refused {
                status: 422,
                message: Some("Invalid".into()),
                details: vec![("title".into(), "Title: is invalid".into())],
            })
        } else {
            let body = (!w.body.is_null()).then_some(&w.body);
            Ok(store(target, spec, w.method, &w.path, body, &mut next_id))
        };
        *nth += 1;
        run.record(&w, answer, 0.0);
    }
    let undo = record::with_created(&undo, &run);
    (run, undo)
}

fn undo(
    undo: &Value,
    target: &mut Inventory,
) -> Vec<(record::UndoStep, Result<(), super::run::Failure>)> {
    undo_as(undo, target, true)
}

/// The undo of a deploy that finished, or (`finished` false) of one that did not.
fn undo_as(
    undo: &Value,
    target: &mut Inventory,
    finished: bool,
) -> Vec<(record::UndoStep, Result<(), super::run::Failure>)> {
    let steps = record::undo_steps(undo, target, &fold, finished);
    let mut results = Vec::new();
    let mut next_id = 80_000;
    for step in steps {
        for r in step.requests() {
            store(
                target,
                step.spec,
                r.method,
                &r.path,
                r.body.as_ref(),
                &mut next_id,
            );
        }
        results.push((step, Ok(())));
    }
    results
}

#[test]
fn undo_puts_the_target_back_as_it_was() {
    let before = acme();
    let mut target = before.clone();
    let (run, data) = deploy(
        plan(&tier2(), &globex(), &target, &fold),
        &mut target,
        &|_, _| false,
    );
    assert_eq!(
        run.outcomes
            .iter()
            .flatten()
            .filter(|o| matches!(o, Outcome::Created { .. }))
            .count(),
        5
    );
    assert_ne!(state(&target), state(&before));
    let results = undo(&data, &mut target);
    assert_eq!(state(&target), state(&before));
    // Reverse order: the macro, view and trigger go before the group they reference.
    let names: Vec<&str> = results.iter().map(|(s, _)| s.name.as_str()).collect();
    let at = |n: &str| names.iter().position(|x| *x == n).unwrap_or(usize::MAX);
    assert!(at("Route escalations") < at("Tier 2") && at("Tier 2 queue") < at("Tier 2"));
    assert!(matches!(
        results[at("Tier 2 agent")].0.action,
        UndoAction::Restore { .. }
    ));
    // An undo entry in the history.
    let entry = record::undo_entry(&meta(), &results);
    assert_eq!(entry["kind"], json!("undo"));
    assert_eq!(entry["counts"], json!({"deleted": 5, "restored": 2}));
}

#[test]
fn undo_after_a_partial_deploy_touches_only_what_was_written() {
    let before = acme();
    let mut target = before.clone();
    let (run, data) = deploy(
        plan(&tier2(), &globex(), &target, &fold),
        &mut target,
        &|n, _| n == "Tier 2",
    );
    // The group failed: the view, trigger and macro that reference it were skipped.
    let skipped = run
        .outcomes
        .iter()
        .flatten()
        .filter(|o| matches!(o, Outcome::Skipped { .. }))
        .count();
    assert_eq!(skipped, 3);
    assert_eq!(
        data["items"].as_array().map(Vec::len),
        Some(3),
        "category, field, role"
    );
    let entry = record::log_entry(&run, &meta());
    assert_eq!(
        entry["counts"],
        json!({"failed": 1, "created": 1, "updated": 2, "skipped": 3})
    );
    let failed = entry["items"]
        .as_array()
        .and_then(|i| i.iter().find(|i| i["result"] == "failed"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(failed["message"], json!("422 title: Title: is invalid"));
    undo(&data, &mut target);
    assert_eq!(state(&target), state(&before));
}

#[test]
fn an_undo_finds_what_it_created_by_name_when_the_id_was_not_kept() {
    let before = acme();
    let mut target = before.clone();
    let p = plan(&tier2(), &globex(), &target, &fold);
    let data = record::undo_data(&p, &meta());
    deploy(p, &mut target, &|_, _| false);
    // The deploy's end could not be saved: the undo data has no created ids.
    undo(&data, &mut target);
    assert_eq!(state(&target), state(&before));
}

#[test]
fn the_history_keeps_the_last_fifty_newest_first_and_what_it_cannot_read() {
    let mut setting = Value::String("[{\"unknown\": true}]".into());
    for n in 0..60 {
        let mut m = meta();
        m.id = n.to_string();
        setting = record::put_log(
            Some(&setting),
            json!({"id": m.id, "kind": "deploy", "counts": {"created": n}}),
        );
    }
    let log = record::read_log(Some(&setting));
    assert_eq!(log.len(), 50);
    assert_eq!(log[0].meta.id, "59");
    assert_eq!(log[0].counts, [("created".to_string(), 59)]);
    assert!(record::read_log(Some(&json!("not json"))).is_empty());
    assert!(record::read_undo(Some(&json!(""))).is_none());
}

#[test]
fn the_backup_holds_every_item_the_plan_updates_as_listed() {
    let p = plan(&tier2(), &globex(), &acme(), &fold);
    let backup = record::backup(&p, &meta(), "acme");
    let items = backup["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 2);
    assert!(items.iter().any(|i| i["item"]["id"] == json!(9701)
        && i["item"]["configuration"]["chat_access"] == json!(false)));
}

#[test]
fn a_private_group_never_becomes_public_and_going_private_is_said_to_be_final() {
    let group = |public: bool| {
        let mut inv = acme();
        inv.items.insert(
            "groups".into(),
            vec![item(json!({"id": 9002, "name": "Tier 2", "description": "Old words", "is_public": public}))],
        );
        inv
    };
    // acme's is private, globex's public: it stays private, the rest deploys, and what uses it
    // is not held back.
    let comps = vec![
        component("groups", "Tier 2"),
        component("views", "Tier 2 queue"),
    ];
    let p = plan(&comps, &globex(), &group(false), &fold);
    let (_, g) = step(&p, "groups", "Tier 2");
    assert_eq!(g.kept, ["is_public"]);
    let Action::Update(changes) = &g.action else {
        panic!("an update: {:?}", g.action);
    };
    assert_eq!(
        changes.iter().map(|c| c.field.as_str()).collect::<Vec<_>>(),
        ["description"]
    );
    let body = write::update_body(
        g.spec,
        g.target.as_ref().unwrap_or(&Item::new()),
        &g.desired(&|_, _| None),
    );
    assert!(
        body.is_some_and(|b| b["group"].get("is_public").is_none()),
        "never asked for"
    );
    assert_eq!(step(&p, "views", "Tier 2 queue").1.action, Action::Create);

    // acme's is public, the source's private: an update that undo cannot put back, and said so.
    let mut source = globex();
    if let Some(g) = source.items.get_mut("groups").and_then(|g| g.first_mut()) {
        g.insert("is_public".into(), json!(false));
    }
    let before = group(true);
    let mut target = before.clone();
    let p = plan(&[component("groups", "Tier 2")], &source, &target, &fold);
    assert!(matches!(p.steps[0].action, Action::Update(_)));
    assert_eq!(p.steps[0].one_way, ["is_public"]);
    // Its undo puts back the description and does not ask Zendesk for public again.
    let (_, data) = deploy(p, &mut target, &|_, _| false);
    let steps = record::undo_steps(&data, &target, &fold, true);
    let Some(Some(body)) = steps[0].requests().first().map(|r| r.body.clone()) else {
        panic!("a restore: {:?}", steps[0].action);
    };
    assert_eq!(body["group"].get("is_public"), None);
    assert_eq!(body["group"]["description"], json!("Old words"));
    // Nothing one-way changes: nothing said.
    let p = plan(
        &[component("groups", "Tier 2")],
        &globex(),
        &group(true),
        &fold,
    );
    assert!(p.steps[0].one_way.is_empty() && p.steps[0].kept.is_empty());
}

#[test]
fn a_reference_to_a_name_this_account_has_twice_is_not_guessed() {
    let mut target = acme();
    target.items.insert(
        "groups".into(),
        vec![
            item(json!({"id": 9010, "name": "Billing"})),
            item(json!({"id": 9011, "name": "billing "})),
        ],
    );
    let p = plan(
        &[
            component("triggers", "Bill it"),
            component("trigger_categories", "Escalation"),
        ],
        &globex(),
        &target,
        &fold,
    );
    assert_eq!(
        step(&p, "triggers", "Bill it").1.action,
        Action::Blocked(vec![Blocked::AmbiguousInTarget {
            kind: RefKind::Group,
            name: "Billing".into()
        }])
    );
}

#[test]
fn a_custom_status_is_an_id_of_its_own_account_and_blocks() {
    let mut source = globex();
    source
        .items
        .entry("triggers".into())
        .or_default()
        .push(item(json!({
        "id": 361003000009u64, "title": "Hold it", "active": true,
        "conditions": {"all": [{"field": "status", "operator": "is", "value": "new"}], "any": []},
        "actions": [{"field": "custom_status_id", "value": "361009000001"}]})));
    let p = plan(&[component("triggers", "Hold it")], &source, &acme(), &fold);
    assert_eq!(
        p.steps[0].action,
        Action::Blocked(vec![Blocked::NotMatched {
            kind: RefKind::CustomStatus,
            id: "361009000001".into()
        }])
    );
}

#[test]
fn personal_views_and_macros_are_not_the_accounts_configuration() {
    let body = json!({"views": [
        {"id": 1, "title": "Mine", "restriction": {"type": "User", "id": 5}},
        {"id": 2, "title": "Team", "restriction": {"type": "Group", "id": 7, "ids": [7]}},
        {"id": 3, "title": "Everyone", "restriction": null},
    ]});
    let (items, _) = super::page(&types::VIEWS, &body);
    let ids: Vec<Option<String>> = items.iter().map(plan::item_id).collect();
    assert_eq!(ids, [Some("2".into()), Some("3".into())]);
    // Groups have no personal items: nothing is left out for a restriction-like field.
    let (groups, _) = super::page(
        &types::GROUPS,
        &json!({"groups": [{"id": 1, "name": "A", "deleted": false}, {"id": 2, "name": "B", "deleted": true}]}),
    );
    assert_eq!(groups.len(), 1);
}

#[test]
fn a_deploy_that_did_not_finish_is_in_the_history_and_can_be_undone() {
    let before = acme();
    let mut target = before.clone();
    let p = plan(&tier2(), &globex(), &target, &fold);
    let m = meta();
    let data = record::undo_data(&p, &m);
    // Before the first write: the started entry with the undo data.
    let setting = record::put_log(
        Some(&Value::String(
            "[{\"id\": \"0\", \"kind\": \"deploy\"}]".into(),
        )),
        record::started_entry(&p, &m),
    );
    let log = record::read_log(Some(&setting));
    assert_eq!(log.len(), 2);
    assert!(!log[0].finished && log[1].finished);
    assert_eq!(log[0].items.len(), p.changes().len());
    assert!(log[0].items.iter().all(|i| i.result == "planned"));
    let undo_meta = record::read_undo(Some(&record::undo_setting(&data))).map(|(m, _)| m);
    assert!(record::undoable(&log, undo_meta.as_ref()));
    // The page closed halfway: the group and field were written, nothing else.
    let mut run = Run::new(p.clone());
    let mut next_id = 80_000;
    let mut written = 0;
    while let Some(w) = run.next_write() {
        if written == 2 {
            break;
        }
        let spec = run.plan.steps[w.step].spec;
        let answer = store(
            &mut target,
            spec,
            w.method,
            &w.path,
            Some(&w.body),
            &mut next_id,
        );
        run.record(&w, Ok(answer), 0.0);
        written += 1;
    }
    assert_ne!(state(&target), state(&before));
    // Meanwhile someone edits the role the deploy had not reached yet.
    let mut edited = before.clone();
    for inv in [&mut target, &mut edited] {
        if let Some(role) = inv
            .items
            .get_mut("custom_roles")
            .and_then(|r| r.first_mut())
        {
            role.insert("description".into(), json!("Edited by Bea"));
        }
    }
    // The undo data kept from before the first write puts back what was written, and leaves
    // what the deploy never reached as it is now.
    let results = undo_as(&data, &mut target, false);
    assert_eq!(state(&target), state(&edited));
    let role = results.iter().find(|(s, _)| s.spec.key == "custom_roles");
    assert_eq!(
        role.map(|(s, _)| &s.action),
        Some(&UndoAction::NotAsDeployed)
    );
    // The undo of a finished deploy would have put the role back as it was.
    let mut target2 = edited.clone();
    undo(&data, &mut target2);
    assert_ne!(state(&target2), state(&edited));
    // The finished entry takes the started one's place.
    let finished = record::put_log(Some(&setting), record::log_entry(&run, &m));
    let log = record::read_log(Some(&finished));
    assert_eq!(log.len(), 2);
    assert!(log[0].finished);
    // The undo data of another deploy is not this entry's.
    let other = Meta {
        id: "9".into(),
        ..m.clone()
    };
    assert!(!record::undoable(&log, Some(&other)));
    // Once an undo is the latest entry, nothing is undoable.
    let undo_meta = Meta {
        id: format!("{}-undo", m.id),
        ..m.clone()
    };
    let undone = record::put_log(Some(&finished), record::undo_entry(&undo_meta, &[]));
    assert_eq!(
        record::read_log(Some(&undone)).len(),
        3,
        "the undo is an entry of its own"
    );
    assert!(!record::undoable(
        &record::read_log(Some(&undone)),
        Some(&m)
    ));
    // A started entry whose deploy never wrote is taken back out, and nothing else.
    let dropped = record::read_log(Some(&record::drop_log(Some(&setting), &m.id)));
    assert_eq!(dropped.len(), 1);
    assert_eq!(dropped[0].meta.id, "0");
}

#[test]
fn the_history_words_failures_in_the_screens_language_not_in_english() {
    let p = plan(&tier2(), &globex(), &acme(), &fold);
    let mut run = Run::new(p);
    let mut first = true;
    while let Some(w) = run.next_write() {
        let answer = if first {
            Err(super::run::Failure::NoAnswer)
        } else {
            Ok(json!({}))
        };
        first = false;
        run.record(&w, answer, 0.0);
    }
    let entry = record::log_entry(&run, &meta());
    let log = record::read_log(Some(&Value::String(Value::Array(vec![entry]).to_string())));
    let items = &log[0].items;
    let failed = items.iter().find(|i| i.result == "failed");
    assert_eq!(failed.and_then(|i| i.reason.as_deref()), Some("no_answer"));
    assert_eq!(failed.and_then(|i| i.message.as_deref()), None);
    let skipped: Vec<_> = items.iter().filter(|i| i.result == "skipped").collect();
    assert!(!skipped.is_empty());
    assert!(skipped.iter().all(|i| i
        .because
        .as_ref()
        .is_some_and(|(kind, _)| types::spec(kind).is_some())));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Whatever the accounts hold and whichever requests fail (a step's first, or a later one
    /// after the first were written), a deploy then its undo leaves the target as it was, sub-items
    /// included; a deploy where nothing failed leaves nothing to do.
    #[test]
    fn a_deploy_and_its_undo_leave_the_target_as_it_was(
        w in world(),
        failing in prop::collection::vec((0..NAMES.len(), 0usize..3), 0..3),
    ) {
        let before = w.target.clone();
        let mut target = w.target.clone();
        let fails = |name: &str, nth: usize| {
            failing.iter().any(|(n, k)| NAMES[*n].trim() == name && *k == nth)
        };
        let (run, data) = deploy(
            plan(&w.components, &w.source, &target, &fold),
            &mut target,
            &fails,
        );
        prop_assert!(!placeholder_in(&target));
        if run.outcomes.iter().flatten().all(|o| !matches!(o, Outcome::Failed(_))) {
            let again = plan(&w.components, &w.source, &target, &fold);
            prop_assert!(again.changes().is_empty(), "{:?}", again.steps.iter().map(|s| (&s.name, &s.action)).collect::<Vec<_>>());
        }
        undo(&data, &mut target);
        prop_assert_eq!(state(&target), state(&before));
    }
}

#[test]
fn automations_and_custom_user_fields_deploy_by_key_and_zendesks_rules_block_first() {
    let mut source = globex();
    source.items.insert(
        "user_fields".into(),
        vec![
            item(json!({"id": 361009000001u64, "key": "vip_level", "type": "dropdown", "title": "VIP level",
                "raw_title": "VIP level", "custom_field_options": [{"id": 1, "name": "Gold", "value": "vip_gold"}]})),
            item(json!({"id": 361009000002u64, "key": "plan_code", "type": "text", "title": "Plan code", "raw_title": "Plan code"})),
        ],
    );
    source.items.insert(
        "automations".into(),
        vec![
            item(json!({"id": 361008000001u64, "title": "Nudge VIPs", "active": true,
                "conditions": {"all": [{"field": "requester.custom_fields.vip_level", "operator": "is", "value": "vip_gold"},
                                       {"field": "group_id", "operator": "is", "value": "361001100002"},
                                       {"field": "OPEN", "operator": "greater_than", "value": "24"},
                                       {"field": "priority", "operator": "less_than", "value": "high"}], "any": []},
                "actions": [{"field": "priority", "value": "high"}]})),
            item(json!({"id": 361008000002u64, "title": "Forever", "active": true,
                "conditions": {"all": [{"field": "status", "operator": "is", "value": "open"},
                                       {"field": "OPEN", "operator": "greater_than", "value": "24"}], "any": []},
                "actions": [{"field": "priority", "value": "high"}]})),
            item(json!({"id": 361008000003u64, "title": "Plan codes", "active": true,
                "conditions": {"all": [{"field": "requester.custom_fields.plan_code", "operator": "present"},
                                       {"field": "status", "operator": "is", "value": "open"},
                                       {"field": "OPEN", "operator": "is", "value": "1"}], "any": []},
                "actions": [{"field": "priority", "value": "low"}]})),
        ],
    );
    let mut target = acme();
    target.items.insert(
        "user_fields".into(),
        vec![item(json!({"id": 9901, "key": "VIP_level", "type": "dropdown", "title": "VIP", "raw_title": "VIP",
            "custom_field_options": [{"id": 7, "name": "Gold", "value": "vip_gold"}]}))],
    );
    target.items.insert("automations".into(), vec![]);
    let comps = vec![
        component("automations", "Nudge VIPs"),
        component("automations", "Forever"),
        component("automations", "Plan codes"),
        component("groups", "Tier 2"),
        component("user_fields", "VIP level"),
    ];
    let p = plan(&comps, &source, &target, &fold);
    // The field matches by key (case-folded) and is updated without its key or type.
    let (field, f) = step(&p, "user_fields", "VIP level");
    let Action::Update(changes) = &f.action else {
        panic!("an update: {:?}", f.action);
    };
    assert_eq!(
        changes.iter().map(|c| c.field.as_str()).collect::<Vec<_>>(),
        ["raw_title"]
    );
    let body = write::update_body(
        f.spec,
        f.target.as_ref().unwrap_or(&Item::new()),
        &f.desired(&|_, _| None),
    )
    .unwrap_or_default();
    assert!(body["user_field"].get("key").is_none() && body["user_field"].get("type").is_none());
    // Options go with the target's ids where the value matches (the spec: "pass its id").
    if let Some(t) = target
        .items
        .get_mut("user_fields")
        .and_then(|f| f.first_mut())
    {
        t.insert(
            "custom_field_options".into(),
            json!([{"id": 7, "name": "Gold", "value": "vip_gold"}]),
        );
    }
    let mut more = f.desired(&|_, _| None);
    more.insert(
        "custom_field_options".into(),
        json!([{"name": "Gold", "value": "vip_gold"}, {"name": "Silver", "value": "vip_silver"}]),
    );
    let body = write::update_body(
        f.spec,
        target.items("user_fields").first().unwrap_or(&Item::new()),
        &more,
    )
    .unwrap_or_default();
    assert_eq!(
        body["user_field"]["custom_field_options"],
        json!([{"name": "Gold", "value": "vip_gold", "id": 7}, {"name": "Silver", "value": "vip_silver"}])
    );
    // The automation names the field by the target's key and the group this deploy creates.
    let (_, a) = step(&p, "automations", "Nudge VIPs");
    assert_eq!(a.action, Action::Create);
    assert!(a.depends_on.contains(&field));
    let desired = a.desired(&|_, _| Some("70001".into()));
    assert_eq!(
        desired["conditions"]["all"][0]["field"],
        json!("requester.custom_fields.VIP_level")
    );
    assert_eq!(desired["conditions"]["all"][1]["value"], json!("70001"));
    // Zendesk's rules, before any write.
    assert_eq!(
        step(&p, "automations", "Forever").1.action,
        Action::Blocked(vec![Blocked::Refused(super::checks::Check::Nullifying)])
    );
    // A user field neither in the configuration nor in this account.
    assert_eq!(
        step(&p, "automations", "Plan codes").1.action,
        Action::Blocked(vec![Blocked::Unresolved {
            kind: RefKind::UserField,
            name: Some("Plan code".into())
        }])
    );
    // A field of another type blocks, and so does what uses it.
    if let Some(f) = target
        .items
        .get_mut("user_fields")
        .and_then(|f| f.first_mut())
    {
        f.insert("type".into(), json!("text"));
    }
    let p = plan(&comps, &source, &target, &fold);
    assert!(matches!(
        step(&p, "user_fields", "VIP level").1.action,
        Action::Blocked(_)
    ));
    assert!(matches!(
        &step(&p, "automations", "Nudge VIPs").1.action,
        Action::Blocked(b) if b.iter().any(|b| matches!(b, Blocked::DependsOn(_)))
    ));
}

#[test]
fn a_deploy_reads_its_own_types_then_only_the_types_its_source_items_refer_to() {
    let own = super::component_types(&tier2());
    assert_eq!(own.len(), 7);
    let source = globex();
    assert!(
        super::referenced_types(&tier2(), &own, &source, &fold).is_empty(),
        "all read already"
    );
    let route = [component("triggers", "Route escalations")];
    let rules = super::component_types(&route);
    let keys: Vec<&str> = super::referenced_types(&route, &rules, &source, &fold)
        .iter()
        .map(|t| t.key)
        .collect();
    assert_eq!(keys, ["groups", "trigger_categories", "ticket_fields"]);
    // A group names nothing: nothing more to read.
    let group = [component("groups", "Tier 2")];
    let groups = super::component_types(&group);
    assert!(super::referenced_types(&group, &groups, &source, &fold).is_empty());
}

/// An SLA filter names a dropdown's option by its id. Of a field the deploy leaves as it is (or
/// updates, keeping the option: ticket fields keep their options by tag), it is the option the
/// target's field has: known when planned, so what is written is its id (never a placeholder),
/// and a second plan is unchanged.
#[test]
fn an_sla_option_of_a_field_the_deploy_does_not_create_is_the_targets_own() {
    let source = inventory(&[
        (
            "ticket_fields",
            vec![
                json!({"id": 361002000201u64, "type": "tagger", "title": "Device", "raw_title": "Device",
                        "active": true, "custom_field_options": [
                            {"id": 361002100001u64, "name": "Laptop", "raw_name": "Laptop", "value": "dev_laptop"}]}),
            ],
        ),
        (
            "sla_policies",
            vec![
                json!({"id": 361013000001u64, "title": "Laptops", "description": "",
                        "filter": {"all": [{"field": "custom_fields_361002000201", "operator": "includes",
                                            "value": [361002100001u64]}], "any": []},
                        "policy_metrics": [{"priority": "urgent", "metric": "first_reply_time", "target": 30,
                                            "business_hours": false}]}),
            ],
        ),
    ]);
    let comps = [
        component("sla_policies", "Laptops"),
        component("ticket_fields", "Device"),
    ];
    for (options, action) in [
        // The same options: the field is unchanged.
        (
            json!([{"id": 92012, "name": "Laptop", "raw_name": "Laptop", "value": "dev_laptop"}]),
            "unchanged",
        ),
        // An option more: the update drops it, and keeps Laptop (by its tag).
        (
            json!([{"id": 92011, "name": "Phone", "raw_name": "Phone", "value": "dev_phone"},
                   {"id": 92012, "name": "Laptop", "raw_name": "Laptop", "value": "dev_laptop"}]),
            "update",
        ),
    ] {
        let before = inventory(&[
            (
                "ticket_fields",
                vec![
                    json!({"id": 9201, "type": "tagger", "title": "Device", "raw_title": "Device",
                            "active": true, "custom_field_options": options}),
                ],
            ),
            ("sla_policies", vec![]),
        ]);
        let mut target = before.clone();
        let p = plan(&comps, &source, &target, &fold);
        let (_, field) = step(&p, "ticket_fields", "Device");
        assert_eq!(record::action_key(&field.action), action);
        let (_, sla) = step(&p, "sla_policies", "Laptops");
        assert_eq!(sla.action, Action::Create);
        assert_eq!(
            sla.desired(&|_, _| None)["filter"]["all"][0]["value"],
            json!([92012]),
            "{action}"
        );
        let (run, data) = deploy(p, &mut target, &|_, _| false);
        assert!(run
            .outcomes
            .iter()
            .flatten()
            .all(|o| !matches!(o, Outcome::Failed(_))));
        assert_eq!(
            target.items("sla_policies")[0]["filter"]["all"][0]["value"],
            json!([92012]),
            "{action}"
        );
        let again = plan(&comps, &source, &target, &fold);
        assert!(again.changes().is_empty(), "{action}: {:?}", again.steps);
        undo(&data, &mut target);
        assert_eq!(state(&target), state(&before));
    }
}

/// A step of several requests whose later request is refused has written its first: the undo
/// puts that back too (a schedule created, then its work week refused, is deleted; a form whose
/// second update is refused gets its first undone).
#[test]
fn an_undo_puts_back_what_a_step_wrote_before_a_later_request_of_it_failed() {
    let source = inventory(&[(
        "schedules",
        vec![
            json!({"id": 361011000001u64, "name": "Support hours", "time_zone": "Eastern Time (US & Canada)",
                    "intervals": [{"start_time": 1980, "end_time": 2460}],
                    "holidays": [{"id": 5, "name": "New Year", "start_date": "2027-01-01", "end_date": "2027-01-01"}]}),
            json!({"id": 361011000002u64, "name": "Office hours", "time_zone": "Eastern Time (US & Canada)",
                    "intervals": [{"start_time": 1980, "end_time": 2460}], "holidays": []}),
        ],
    )]);
    let before = inventory(&[(
        "schedules",
        vec![
            json!({"id": 9112, "name": "Office hours", "time_zone": "Pacific Time (US & Canada)",
                    "intervals": [{"start_time": 2040, "end_time": 2400}], "holidays": []}),
        ],
    )]);
    let comps = [
        component("schedules", "Support hours"),
        component("schedules", "Office hours"),
    ];
    for failing in [1, 2] {
        let mut target = before.clone();
        let (run, data) = deploy(
            plan(&comps, &source, &target, &fold),
            &mut target,
            &|_, nth| nth == failing,
        );
        // The schedule's third request (its holiday) fails; the second fails both.
        let failed = run
            .outcomes
            .iter()
            .filter(|o| matches!(o, Some(Outcome::Failed(_))))
            .count();
        assert_eq!(failed, 3 - failing);
        assert_ne!(
            state(&target),
            state(&before),
            "the first requests were written"
        );
        undo(&data, &mut target);
        assert_eq!(state(&target), state(&before), "request {failing} refused");
    }
}

/// An SLA policy measured in business hours, in an account with no schedule, depends on a
/// schedule this deploy creates: one that is not blocked when another is (a second plan would
/// otherwise find the created one and show a change).
#[test]
fn business_hours_wait_for_a_schedule_the_deploy_creates_not_for_a_blocked_one() {
    let source = inventory(&[
        (
            "schedules",
            vec![
                json!({"id": 1300, "name": "Alpha", "time_zone": "Pacific Time (US & Canada)", "intervals": [], "holidays": []}),
                json!({"id": 1301, "name": "ALPHA", "time_zone": "Pacific Time (US & Canada)", "intervals": [], "holidays": []}),
                json!({"id": 1302, "name": "Beta", "time_zone": "Pacific Time (US & Canada)", "intervals": [], "holidays": []}),
            ],
        ),
        (
            "sla_policies",
            vec![json!({"id": 4400, "title": "Urgent", "description": "",
                        "filter": {"all": [], "any": []},
                        "policy_metrics": [{"priority": "urgent", "metric": "first_reply_time", "target": 30,
                                            "business_hours": true}]})],
        ),
    ]);
    let comps = [
        component("schedules", "Alpha"),
        component("sla_policies", "Urgent"),
        component("schedules", "Beta"),
    ];
    let p = plan(&comps, &source, &Inventory::default(), &fold);
    let (alpha, a) = step(&p, "schedules", "Alpha");
    assert_eq!(a.action, Action::Blocked(vec![Blocked::DuplicateInSource]));
    let (beta, _) = step(&p, "schedules", "Beta");
    let (_, sla) = step(&p, "sla_policies", "Urgent");
    assert_eq!(sla.action, Action::Create);
    assert_eq!(sla.depends_on, [beta]);
    // Only a blocked one: blocked with it.
    let p = plan(&comps[..2], &source, &Inventory::default(), &fold);
    assert_eq!(
        step(&p, "sla_policies", "Urgent").1.action,
        Action::Blocked(vec![Blocked::DependsOn(alpha)])
    );
}
