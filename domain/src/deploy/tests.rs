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

fn component(kind: &str, name: &str) -> Component {
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
    let desired = trigger.desired(&|s| {
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
    let desired = view.desired(&|s| (s == group).then(|| "9002".into()));
    assert_eq!(
        desired["restriction"],
        json!({"type": "Group", "ids": [9002]})
    );
    assert_eq!(desired["all"][0]["value"], json!("9002"));
    assert_eq!(desired["output"]["columns"], json!(["subject", 9101]));
    assert_eq!(desired["output"]["group_by"], json!(9101));

    let (_, macro_) = step(&plan, "macros", "Escalate: outage");
    let desired = macro_.desired(&|_| None);
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

/// Writes a plan into an inventory the way Zendesk would store it (new ids for created items,
/// updates merged), for the idempotence tests.
fn apply(plan: &Plan, target: &mut Inventory, next_id: &mut u64) {
    let mut created: std::collections::BTreeMap<usize, String> = Default::default();
    for i in plan.changes() {
        let s = &plan.steps[i];
        let desired = s.desired(&|d| created.get(&d).cloned());
        let list = target.items.entry(s.spec.key.to_string()).or_default();
        match &s.action {
            Action::Create => {
                *next_id += 1;
                let mut stored = desired.clone();
                let id = if s.spec.key == "trigger_categories" {
                    Value::String(next_id.to_string())
                } else {
                    Value::from(*next_id)
                };
                stored.insert("id".into(), id);
                created.insert(i, next_id.to_string());
                list.push(stored);
            }
            Action::Update(_) => {
                let id = s.target_id();
                let Some(existing) = list.iter_mut().find(|t| plan::item_id(t) == id) else {
                    panic!("updated item missing")
                };
                let body = write::update_body(s.spec, existing, &desired).unwrap_or_default();
                for (k, v) in body[s.spec.wrapper].as_object().into_iter().flatten() {
                    match (
                        k.as_str(),
                        existing.get_mut(k).and_then(Value::as_object_mut),
                        v.as_object(),
                    ) {
                        ("configuration", Some(old), Some(new)) => {
                            old.extend(new.clone());
                        }
                        _ => {
                            existing.insert(k.clone(), v.clone());
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[test]
fn a_second_plan_after_the_deploy_changes_nothing() {
    let (source, mut target) = (globex(), acme());
    let first = plan(&tier2(), &source, &target, &fold);
    apply(&first, &mut target, &mut 9900);
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
        trigger.desired(&|_| None)["actions"][0]["value"],
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
        "id": 361006000002u64, "title": "Assign to Sam", "actions": [{"field": "assignee_id", "value": "381000000001"}]})));
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
        Action::Blocked(vec![Blocked::NotMatched {
            kind: RefKind::User,
            id: "381000000001".into()
        }])
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

#[derive(Debug, Clone)]
struct World {
    source: Inventory,
    target: Inventory,
    components: Vec<Component>,
}

fn named(kind: &'static str, base: u64) -> impl Strategy<Value = Vec<Item>> {
    prop::collection::vec((0..NAMES.len(), prop::bool::ANY), 0..5).prop_map(move |picks| {
        picks
            .into_iter()
            .enumerate()
            .map(|(n, (name, tagger))| {
                let id = base + n as u64;
                let name = NAMES[name];
                match kind {
                    "ticket_fields" => item(json!({"id": id, "type": if tagger {"tagger"} else {"text"}, "title": name, "raw_title": name,
                        "custom_field_options": if tagger { json!([{"name": "One", "value": format!("v{n}")}]) } else { Value::Null }})),
                    "trigger_categories" => item(json!({"id": id.to_string(), "name": name})),
                    // Keyed by a name's folded form: "Alpha" and "ALPHA" are one field.
                    "user_fields" => item(json!({"id": id, "key": name.trim().to_lowercase(), "type": if tagger {"dropdown"} else {"text"},
                        "title": name, "raw_title": name,
                        "custom_field_options": if tagger { json!([{"id": id, "name": "One", "value": format!("u{n}")}]) } else { Value::Null }})),
                    _ => item(json!({"id": id, "name": name, "description": if tagger {"x"} else {""}})),
                }
            })
            .collect()
    })
}

/// Rules whose references point anywhere: to the source's items (ids from `base`), to the
/// target's, or nowhere.
fn rules(kind: &'static str, base: u64) -> impl Strategy<Value = Vec<Item>> {
    let id = prop_oneof![
        (0u64..5).prop_map(|n| 1_000 + n), // source groups
        (0u64..5).prop_map(|n| 2_000 + n), // source fields
        (0u64..5).prop_map(|n| 5_000 + n), // target groups
        Just(77u64),                       // nowhere
    ];
    prop::collection::vec((0..NAMES.len(), prop::collection::vec((id, 0..4u8), 0..4), 0u64..5), 0..4).prop_map(
        move |rules| {
            rules
                .into_iter()
                .enumerate()
                .map(|(n, (name, refs, category))| {
                    let entries: Vec<Value> = refs
                        .into_iter()
                        .map(|(id, how)| match how {
                            0 => json!({"field": "group_id", "operator": "is", "value": id.to_string()}),
                            1 => json!({"field": format!("custom_fields_{id}"), "operator": "is", "value": "x"}),
                            2 => json!({"field": "notification_group", "value": [id.to_string(), "s", format!("{{{{ticket.ticket_field_{id}}}}}")]}),
                            // A user field by key: one of the names' keys, or one nobody has.
                            3 if id % 2 == 0 => json!({"field": format!("requester.custom_fields.{}", NAMES[(id % 6) as usize].trim().to_lowercase()), "operator": "is", "value": "x"}),
                            _ => json!({"field": "status", "operator": "is", "value": "open"}),
                        })
                        .collect();
                    let id = base + n as u64;
                    match kind {
                        "triggers" => item(json!({"id": id, "title": NAMES[name], "category_id": (3_000 + category).to_string(),
                            "conditions": {"all": entries.clone(), "any": []}, "actions": entries})),
                        "views" => item(json!({"id": id, "title": NAMES[name], "conditions": {"all": entries, "any": []},
                            "execution": {"columns": ["subject", 2_000 + category]}})),
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

fn world() -> impl Strategy<Value = World> {
    (
        (
            named("groups", 1_000),
            named("ticket_fields", 2_000),
            named("trigger_categories", 3_000),
        ),
        (
            rules("triggers", 4_000),
            rules("views", 4_100),
            rules("macros", 4_200),
        ),
        (
            named("groups", 5_000),
            named("ticket_fields", 6_000),
            named("trigger_categories", 7_000),
        ),
        (
            rules("triggers", 8_000),
            rules("views", 8_100),
            rules("macros", 8_200),
        ),
        (
            named("user_fields", 1_500),
            rules("automations", 4_300),
            named("user_fields", 5_500),
            rules("automations", 8_300),
        ),
        prop::collection::vec((0..8usize, 0..NAMES.len()), 0..12),
    )
        .prop_map(
            |((g, f, c), (t, v, m), (tg, tf, tc), (tt, tv, tm), (u, a, tu, ta), picks)| {
                let source = inventory(&[]);
                let mut source = source;
                for (k, items) in [
                    ("groups", g),
                    ("ticket_fields", f),
                    ("trigger_categories", c),
                    ("triggers", t),
                    ("views", v),
                    ("macros", m),
                    ("user_fields", u),
                    ("automations", a),
                ] {
                    source.items.insert(k.into(), items);
                }
                let mut target = Inventory::default();
                for (k, items) in [
                    ("groups", tg),
                    ("ticket_fields", tf),
                    ("trigger_categories", tc),
                    ("triggers", tt),
                    ("views", tv),
                    ("macros", tm),
                    ("user_fields", tu),
                    ("automations", ta),
                ] {
                    target.items.insert(k.into(), items);
                }
                const KINDS: [&str; 8] = [
                    "groups",
                    "ticket_fields",
                    "trigger_categories",
                    "triggers",
                    "views",
                    "macros",
                    "user_fields",
                    "automations",
                ];
                let components = picks
                    .into_iter()
                    .map(|(k, n)| component(KINDS[k], NAMES[n]))
                    .collect();
                World {
                    source,
                    target,
                    components,
                }
            },
        )
}

fn ids(inv: &Inventory, key: &str) -> Vec<String> {
    inv.items(key).iter().filter_map(plan::item_id).collect()
}

/// What references of `kind` name the items of an inventory by: ids, or keys.
fn ref_values(inv: &Inventory, kind: RefKind) -> Vec<String> {
    let key = kind.type_key().unwrap_or_default();
    match kind.named_by() {
        "key" => inv
            .items(key)
            .iter()
            .filter_map(|i| i.get("key").and_then(Value::as_str).map(str::to_string))
            .collect(),
        _ => ids(inv, key),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_plan_never_refers_to_an_id_neither_account_has_and_orders_references_first(w in world()) {
        let plan = plan(&w.components, &w.source, &w.target, &fold);
        // Every step once in the order; every reference before its referrer.
        let mut sorted = plan.order.clone();
        sorted.sort_unstable();
        prop_assert_eq!(sorted, (0..plan.steps.len()).collect::<Vec<_>>());
        for (i, s) in plan.steps.iter().enumerate() {
            for d in &s.depends_on {
                prop_assert!(position(&plan, *d) < position(&plan, i));
            }
            if s.is_blocked() {
                continue;
            }
            // The keys of what this deploy creates (a key is written as it is, known before).
            let created_keys: Vec<String> = plan
                .steps
                .iter()
                .filter(|c| c.action == Action::Create)
                .filter_map(|c| c.shape.get("key").and_then(Value::as_str).map(str::to_string))
                .collect();
            for (kind, source_id, r) in &s.resolved {
                prop_assert!(ref_values(&w.source, *kind).contains(source_id), "a reference comes from the source");
                match r {
                    Resolution::Target(t) => prop_assert!(
                        ref_values(&w.target, *kind).contains(t) || created_keys.contains(t),
                        "{:?} {} not in the target", kind, t
                    ),
                    Resolution::Created(d) => {
                        prop_assert_eq!(&plan.steps[*d].action, &Action::Create);
                        prop_assert!(s.depends_on.contains(d));
                    }
                }
            }
            // What a step would write holds no source id that the target lacks.
            let desired = s.desired(&|d| Some(format!("9{d:06}")));
            for (kind, id) in refs::find(s.spec.key, &desired) {
                prop_assert!(
                    ref_values(&w.target, kind).contains(&id) || id.starts_with('9') || created_keys.contains(&id),
                    "{:?} {} leaks", kind, id
                );
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
        let first = plan(&w.components, &w.source, &w.target, &fold);
        let mut target = w.target.clone();
        apply(&first, &mut target, &mut 90_000);
        let second = plan(&w.components, &w.source, &target, &fold);
        prop_assert!(second.changes().is_empty(), "{:?}", second.steps.iter().map(|s| (&s.name, &s.action)).collect::<Vec<_>>());
    }
}

// Running a plan, the history and the undo, against an in-memory account that stores what it is
// sent the way Zendesk would (new ids, updates merged).

use super::record::{self, Meta, UndoAction};
use super::run::{Outcome, Run};

/// Sends `write` to `target`: a create stores the body with a new id, an update merges it.
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
    let id_in_path = path
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .trim_end_matches(".json")
        .to_string();
    let fields = body
        .and_then(|b| b.get(spec.wrapper))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    match method {
        Method::Post => {
            *next_id += 1;
            let mut stored = fields;
            let id = if spec.key == "trigger_categories" {
                Value::String(next_id.to_string())
            } else {
                Value::from(*next_id)
            };
            stored.insert("id".into(), id.clone());
            list.push(stored);
            json!({ "item": {"id": id} })["item"].clone()
        }
        Method::Delete => {
            list.retain(|i| plan::item_id(i).as_deref() != Some(id_in_path.as_str()));
            Value::Null
        }
        _ => {
            if let Some(existing) = list
                .iter_mut()
                .find(|i| plan::item_id(i).as_deref() == Some(id_in_path.as_str()))
            {
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
            }
            Value::Null
        }
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

/// Deploys the plan into `target` with `fail` refusing the steps it names; the run and the undo data.
pub(super) fn deploy(
    plan: Plan,
    target: &mut Inventory,
    fail: &dyn Fn(&str) -> bool,
) -> (Run, Value) {
    let undo = record::undo_data(&plan, &meta());
    let mut run = Run::new(plan);
    let mut next_id = 70_000;
    while let Some(w) = run.next_write() {
        let spec = run.plan.steps[w.step].spec;
        let answer = if fail(&run.plan.steps[w.step].name) {
            Err(super::run::Failure::Refused {
                status: 422,
                message: Some("Invalid".into()),
                details: vec![("title".into(), "Title: is invalid".into())],
            })
        } else {
            let created = store(target, spec, w.method, &w.path, Some(&w.body), &mut next_id);
            let mut body = serde_json::Map::new();
            body.insert(spec.wrapper.into(), created);
            Ok(Value::Object(body))
        };
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
    let mut next_id = 0;
    for step in steps {
        if let Some((method, path, body)) = step.request() {
            store(
                target,
                step.spec,
                method,
                &path,
                body.as_ref(),
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
        &|_| false,
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
        &|n| n == "Tier 2",
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
    deploy(p, &mut target, &|_| false);
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
        &g.desired(&|_| None),
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
    let (_, data) = deploy(p, &mut target, &|_| false);
    let steps = record::undo_steps(&data, &target, &fold, true);
    let Some((_, _, Some(body))) = steps[0].request() else {
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
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the accounts hold and whichever writes fail, a deploy then its undo leaves the
    /// target as it was; a deploy where nothing failed leaves nothing to do.
    #[test]
    fn a_deploy_and_its_undo_leave_the_target_as_it_was(
        w in world(),
        failing in prop::collection::vec(0..NAMES.len(), 0..3),
    ) {
        let before = w.target.clone();
        let mut target = w.target.clone();
        let fails: Vec<&str> = failing.iter().map(|n| NAMES[*n]).collect();
        let (run, data) = deploy(
            plan(&w.components, &w.source, &target, &fold),
            &mut target,
            &|name| fails.contains(&name),
        );
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
        &f.desired(&|_| None),
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
    let mut more = f.desired(&|_| None);
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
    let desired = a.desired(&|_| Some("70001".into()));
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
        super::referenced_types(&own, &source).is_empty(),
        "all read already"
    );
    let rules = super::component_types(&[component("triggers", "Route escalations")]);
    let keys: Vec<&str> = super::referenced_types(&rules, &source)
        .iter()
        .map(|t| t.key)
        .collect();
    assert_eq!(keys, ["groups", "trigger_categories", "ticket_fields"]);
    // A group names nothing: nothing more to read.
    let groups = super::component_types(&[component("groups", "Tier 2")]);
    assert!(super::referenced_types(&groups, &source).is_empty());
}
