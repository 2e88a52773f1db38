//! The types and references issue 11 adds, on doc-shaped bodies of two accounts whose ids differ
//! (globex's 3610…, acme's 90…): ticket forms, SLA policies, dynamic content, schedules, and the
//! users, organizations, brands, targets and webhooks that are found, never created.

use super::plan::{Action, Blocked, Resolution};
use super::refs::RefKind;
use super::run::{Outcome, Run};
use super::tests::{component, fold, inventory, item};
use super::types::{DYNAMIC_CONTENT, SCHEDULES, TICKET_FORMS};
use super::write;
use super::*;
use crate::http::Method;
use serde_json::{json, Value};

fn step<'a>(plan: &'a Plan, kind: &str, name: &str) -> (usize, &'a Step) {
    plan.steps
        .iter()
        .enumerate()
        .find(|(_, s)| s.spec.key == kind && s.name == name)
        .unwrap_or_else(|| panic!("no step {kind} {name}"))
}

fn field(id: u64, kind: &str, title: &str, options: Value) -> Value {
    json!({"id": id, "type": kind, "title": title, "raw_title": title, "active": true,
           "removable": true, "custom_field_options": options})
}

/// globex, the source: a form with a condition, an SLA policy by option id, a greeting, a
/// schedule, a trigger naming a user, an organization, a brand, a target and a webhook.
fn globex() -> Inventory {
    inventory(&[
        (
            "ticket_fields",
            vec![
                json!({"id": 361002000001u64, "type": "subject", "title": "Subject", "raw_title": "Subject", "removable": false}),
                field(
                    361002000201,
                    "tagger",
                    "Device",
                    json!([{"id": 361002100001u64, "name": "Laptop", "raw_name": "Laptop", "value": "dev_laptop"},
                           {"id": 361002100002u64, "name": "Phone", "raw_name": "Phone", "value": "dev_phone"}]),
                ),
                field(361002000202, "text", "Serial number", Value::Null),
                field(361002000203, "text", "{{dc.asset_tag}}", Value::Null),
            ],
        ),
        (
            "ticket_forms",
            vec![
                json!({"id": 361012000001u64, "name": "Hardware request", "raw_name": "Hardware request",
                        "display_name": "Hardware", "raw_display_name": "{{dc.greeting}}",
                        "end_user_visible": true, "active": true, "default": false, "position": 2,
                        "in_all_brands": true, "restricted_brand_ids": [],
                        "ticket_field_ids": [361002000001u64, 361002000201u64, 361002000202u64],
                        "agent_conditions": [{"parent_field_id": 361002000201u64, "value": "dev_laptop",
                                              "child_fields": [{"id": 361002000202u64, "is_required": true,
                                                                "required_on_statuses": {"type": "ALL_STATUSES"}}]}],
                        "end_user_conditions": []}),
            ],
        ),
        (
            "sla_policies",
            vec![
                json!({"id": 361013000001u64, "title": "VIP response", "description": "Laptops first",
                        "position": 1,
                        "filter": {"all": [{"field": "custom_fields_361002000201", "operator": "includes",
                                            "value": [361002100001u64]},
                                           {"field": "group_id", "operator": "includes", "value": ["361001100002"]}],
                                   "any": []},
                        "policy_metrics": [{"priority": "urgent", "metric": "first_reply_time", "target": 30,
                                            "business_hours": true}]}),
            ],
        ),
        (
            "groups",
            vec![json!({"id": 361001100002u64, "name": "Tier 2", "is_public": true})],
        ),
        (
            "dynamic_content",
            vec![
                json!({"id": 361014000001u64, "name": "Greeting", "placeholder": "{{dc.greeting}}",
                       "default_locale_id": 1, "outdated": false,
                       "variants": [{"id": 1, "locale_id": 1, "content": "Hello", "active": true, "default": true},
                                    {"id": 2, "locale_id": 16, "content": "Bonjour", "active": true, "default": false}]}),
                json!({"id": 361014000002u64, "name": "Asset tag", "placeholder": "{{dc.asset_tag}}",
                       "default_locale_id": 1,
                       "variants": [{"id": 3, "locale_id": 1, "content": "Asset tag", "active": true, "default": true}]}),
            ],
        ),
        (
            "schedules",
            vec![
                json!({"id": 361011000001u64, "name": "Support hours", "time_zone": "Eastern Time (US & Canada)",
                        "intervals": [{"start_time": 1980, "end_time": 2460}, {"start_time": 3420, "end_time": 3900}],
                        "holidays": [{"id": 5, "name": "New Year", "start_date": "2027-01-01", "end_date": "2027-01-01"}]}),
            ],
        ),
        (
            "triggers",
            vec![
                json!({"id": 361003000009u64, "title": "Route hardware requests", "active": true,
                        "conditions": {"all": [{"field": "ticket_form_id", "operator": "is", "value": "361012000001"},
                                               {"field": "brand_id", "operator": "is", "value": "361015000001"},
                                               {"field": "organization_id", "operator": "is", "value": "361016000001"}],
                                       "any": []},
                        "actions": [{"field": "assignee_id", "value": "361017000001"},
                                    {"field": "set_schedule", "value": "361011000001"},
                                    {"field": "notification_webhook", "value": ["01GZWEBHOOKGLOBEX", "{\"text\": \"{{dc.greeting}}\"}"]},
                                    {"field": "notification_target", "value": ["361018000001", "{{dc.greeting}} {{ticket.id}}"]},
                                    {"field": "notification_user", "value": ["requester_id", "Hi", "{{dc.greeting}}"]}]}),
            ],
        ),
        (
            "users",
            vec![
                json!({"id": 361017000001u64, "name": "Pat Lee", "email": "pat.lee@example.com", "role": "agent"}),
            ],
        ),
        (
            "organizations",
            vec![json!({"id": 361016000001u64, "name": "Initech"})],
        ),
        (
            "brands",
            vec![json!({"id": 361015000001u64, "name": "Service Desk"})],
        ),
        (
            "targets",
            vec![json!({"id": 361018000001u64, "title": "Ops pager", "type": "email_target"})],
        ),
        (
            "webhooks",
            vec![json!({"id": "01GZWEBHOOKGLOBEX", "name": "Slack alerts"})],
        ),
    ])
}

/// acme, the target: the same people and places under other ids; the fields already there.
fn acme() -> Inventory {
    inventory(&[
        (
            "ticket_fields",
            vec![
                json!({"id": 9200, "type": "subject", "title": "Subject", "raw_title": "Subject", "removable": false}),
                field(
                    9201,
                    "tagger",
                    "device",
                    json!([{"id": 92011, "name": "Phone", "raw_name": "Phone", "value": "dev_phone"},
                           {"id": 92012, "name": "Laptop", "raw_name": "Laptop", "value": "dev_laptop"}]),
                ),
                field(9202, "text", "Serial number", Value::Null),
            ],
        ),
        (
            "groups",
            vec![json!({"id": 9002, "name": "Tier 2", "is_public": true})],
        ),
        ("ticket_forms", vec![]),
        ("sla_policies", vec![]),
        ("dynamic_content", vec![]),
        ("schedules", vec![]),
        ("triggers", vec![]),
        (
            "users",
            vec![json!({"id": 9171, "name": "Pat Lee", "email": "Pat.Lee@example.com"})],
        ),
        (
            "organizations",
            vec![json!({"id": 9161, "name": "initech"})],
        ),
        ("brands", vec![json!({"id": 9151, "name": "Service Desk"})]),
        ("targets", vec![json!({"id": 9181, "title": "Ops pager"})]),
        (
            "webhooks",
            vec![json!({"id": "01GZWEBHOOKACME", "name": "Slack alerts"})],
        ),
    ])
}

fn everything() -> Vec<Component> {
    vec![
        component("triggers", "Route hardware requests"),
        component("sla_policies", "VIP response"),
        component("ticket_forms", "Hardware request"),
        component("dynamic_content", "Greeting"),
        component("schedules", "Support hours"),
        component("ticket_fields", "Device"),
    ]
}

#[test]
fn a_form_names_its_fields_and_conditions_by_the_targets_ids() {
    let plan = plan(&everything(), &globex(), &acme(), &fold);
    let (_, form) = step(&plan, "ticket_forms", "Hardware request");
    assert_eq!(form.action, Action::Create);
    let desired = form.desired(&|_, _| None);
    // The system field (Subject) is matched by its title and type like any other field.
    assert!(form
        .resolved
        .iter()
        .any(|(k, id, r)| *k == RefKind::TicketField
            && id == "361002000201"
            && *r == Resolution::Target("9201".into())));
    assert_eq!(desired["ticket_field_ids"], json!([9200, 9201, 9202]));
    assert_eq!(
        desired["agent_conditions"][0]["parent_field_id"],
        json!(9201)
    );
    assert_eq!(
        desired["agent_conditions"][0]["child_fields"][0]["id"],
        json!(9202)
    );
    assert_eq!(desired["raw_display_name"], json!("{{dc.greeting}}"));
}

#[test]
fn a_form_that_drops_a_field_and_its_condition_is_written_in_two_puts() {
    let target = item(
        json!({"id": 9301, "name": "Hardware request", "raw_name": "Hardware request",
        "ticket_field_ids": [9201, 9202],
        "agent_conditions": [{"parent_field_id": 9201, "value": "dev_laptop",
                              "child_fields": [{"id": 9202, "is_required": false}]}],
        "end_user_conditions": []}),
    );
    let mut desired = write::shape(&TICKET_FORMS, &target);
    desired.insert("ticket_field_ids".into(), json!([9201]));
    desired.insert("agent_conditions".into(), json!([]));
    let requests = write::update_requests(&TICKET_FORMS, "9301", &target, &desired);
    assert_eq!(requests.len(), 2, "{requests:?}");
    let first = requests[0].body.clone().unwrap_or_default();
    assert_eq!(
        first["ticket_form"]["ticket_field_ids"],
        json!([9201, 9202]),
        "the field stays until its condition is gone"
    );
    assert_eq!(first["ticket_form"]["agent_conditions"], json!([]));
    let second = requests[1].body.clone().unwrap_or_default();
    assert_eq!(second["ticket_form"]["ticket_field_ids"], json!([9201]));
    assert!(requests
        .iter()
        .all(|r| r.method == Method::Put && r.path == "/api/v2/ticket_forms/9301.json"));
    // Adding a field, or dropping one no condition names, is one update.
    desired.insert("ticket_field_ids".into(), json!([9201, 9202, 9203]));
    assert_eq!(
        write::update_requests(&TICKET_FORMS, "9301", &target, &desired).len(),
        1
    );
}

#[test]
fn an_sla_filter_names_options_by_id_and_they_are_remapped_through_their_tag() {
    let mut target = acme();
    target.items.insert(
        "schedules".into(),
        vec![item(json!({"id": 9111, "name": "Office"}))],
    );
    let plan = plan(
        &[component("sla_policies", "VIP response")],
        &globex(),
        &target,
        &fold,
    );
    let (_, sla) = step(&plan, "sla_policies", "VIP response");
    assert_eq!(sla.action, Action::Create, "{:?}", sla.action);
    let desired = sla.desired(&|_, _| None);
    let all = &desired["filter"]["all"];
    assert_eq!(all[0]["field"], json!("custom_fields_9201"));
    assert_eq!(
        all[0]["value"],
        json!([92012]),
        "Laptop's id here, as a number as it was"
    );
    assert_eq!(all[1]["value"], json!(["9002"]), "a group among several");
}

#[test]
fn an_sla_option_of_a_field_this_deploy_creates_gets_its_id_from_the_answer() {
    let mut target = acme();
    target.items.insert("ticket_fields".into(), vec![]);
    target.items.insert(
        "schedules".into(),
        vec![item(json!({"id": 9111, "name": "Office"}))],
    );
    let comps = [
        component("sla_policies", "VIP response"),
        component("ticket_fields", "Device"),
        component("groups", "Tier 2"),
    ];
    let plan = plan(&comps, &globex(), &target, &fold);
    let (field, _) = step(&plan, "ticket_fields", "Device");
    let (_, sla) = step(&plan, "sla_policies", "VIP response");
    assert!(sla
        .resolved
        .iter()
        .any(|(_, _, r)| *r == Resolution::CreatedOption(field, "dev_laptop".into())));
    assert!(sla.depends_on.contains(&field));
    let mut run = Run::new(plan);
    let mut sla_body = None;
    while let Some(w) = run.next_write() {
        let answer = if w.path.starts_with("/api/v2/ticket_fields") {
            json!({"ticket_field": {"id": 777, "custom_field_options": [
                {"id": 7771, "name": "Laptop", "value": "dev_laptop"},
                {"id": 7772, "name": "Phone", "value": "dev_phone"}]}})
        } else if w.path.starts_with("/api/v2/slas") {
            sla_body = Some(w.body.clone());
            json!({"sla_policy": {"id": 5}})
        } else {
            json!({"group": {"id": 6}})
        };
        run.record(&w, Ok(answer), 0.0);
    }
    let body = sla_body.unwrap_or_default();
    assert_eq!(
        body["sla_policy"]["filter"]["all"][0]["field"],
        json!("custom_fields_777")
    );
    assert_eq!(
        body["sla_policy"]["filter"]["all"][0]["value"],
        json!([7771])
    );
}

#[test]
fn business_hours_need_a_schedule_here_or_in_the_deploy() {
    let sla = [component("sla_policies", "VIP response")];
    let p = plan(&sla, &globex(), &acme(), &fold);
    assert_eq!(
        step(&p, "sla_policies", "VIP response").1.action,
        Action::Blocked(vec![Blocked::NoBusinessHours])
    );
    let with = [
        component("sla_policies", "VIP response"),
        component("schedules", "Support hours"),
    ];
    let p = plan(&with, &globex(), &acme(), &fold);
    let (schedule, _) = step(&p, "schedules", "Support hours");
    let (_, s) = step(&p, "sla_policies", "VIP response");
    assert_eq!(s.action, Action::Create);
    assert_eq!(s.depends_on, [schedule]);
    // The SLA policies type is not there (the plan lacks it): blocked as unavailable.
    let mut target = acme();
    target.unavailable.insert("sla_policies".into());
    let p = plan(&with, &globex(), &target, &fold);
    assert!(matches!(
        &step(&p, "sla_policies", "VIP response").1.action,
        Action::Blocked(b) if b.contains(&Blocked::Unavailable)
    ));
}

#[test]
fn dynamic_content_placeholders_resolve_to_the_configuration_or_the_target() {
    // In the configuration: written first, the placeholder unchanged.
    let p = plan(&everything(), &globex(), &acme(), &fold);
    let (greeting, dc) = step(&p, "dynamic_content", "Greeting");
    assert_eq!(dc.action, Action::Create);
    let (trigger_step, trigger) = step(&p, "triggers", "Route hardware requests");
    assert!(trigger.depends_on.contains(&greeting));
    let at = |step: usize| p.order.iter().position(|i| *i == step);
    assert!(at(greeting) < at(trigger_step), "the item is written first");
    // Not in the configuration, and not in the target: the trigger is blocked, naming it.
    let comps = [component("triggers", "Route hardware requests")];
    let p = plan(&comps, &globex(), &acme(), &fold);
    let Action::Blocked(why) = &step(&p, "triggers", "Route hardware requests").1.action else {
        panic!("blocked");
    };
    assert!(why.contains(&Blocked::Unresolved {
        kind: RefKind::DynamicContent,
        name: Some("Greeting".into())
    }));
    // The target has it: resolved there.
    let mut target = acme();
    target.items.insert(
        "dynamic_content".into(),
        vec![item(
            json!({"id": 9141, "name": "greeting", "placeholder": "{{dc.greeting}}"}),
        )],
    );
    target.items.insert(
        "schedules".into(),
        vec![item(json!({"id": 9111, "name": "Support hours"}))],
    );
    target.items.insert(
        "ticket_forms".into(),
        vec![item(json!({"id": 9301, "name": "Hardware request"}))],
    );
    let p = plan(&comps, &globex(), &target, &fold);
    let (_, t) = step(&p, "triggers", "Route hardware requests");
    assert_eq!(t.action, Action::Create, "{:?}", t.action);
    assert!(t.resolved.contains(&(
        RefKind::DynamicContent,
        "greeting".into(),
        Resolution::Target("greeting".into())
    )));
    // A field whose title is a placeholder names its item too.
    let field = [component("ticket_fields", "{{dc.asset_tag}}")];
    let p = plan(&field, &globex(), &acme(), &fold);
    assert!(matches!(
        &p.steps[0].action,
        Action::Blocked(b) if b.contains(&Blocked::Unresolved { kind: RefKind::DynamicContent, name: Some("Asset tag".into()) })
    ));
}

#[test]
fn users_organizations_brands_targets_and_webhooks_are_found_by_email_or_name() {
    let p = plan(&everything(), &globex(), &acme(), &fold);
    let (_, t) = step(&p, "triggers", "Route hardware requests");
    assert_eq!(t.action, Action::Create, "{:?}", t.action);
    let desired = t.desired(&|_, _| None);
    let all = &desired["conditions"]["all"];
    assert_eq!(all[1]["value"], json!("9151"), "the brand");
    assert_eq!(all[2]["value"], json!("9161"), "the organization, by name");
    let actions = &desired["actions"];
    assert_eq!(actions[0]["value"], json!("9171"), "Pat Lee, by email");
    assert_eq!(actions[2]["value"][0], json!("01GZWEBHOOKACME"));
    assert_eq!(actions[3]["value"][0], json!("9181"));
    assert_eq!(
        actions[4]["value"][0],
        json!("requester_id"),
        "not an id: passes"
    );
    // Someone the target lacks: blocked, never created, with their name.
    let mut target = acme();
    target.items.insert("users".into(), vec![]);
    let p = plan(&everything(), &globex(), &target, &fold);
    let Action::Blocked(why) = &step(&p, "triggers", "Route hardware requests").1.action else {
        panic!("blocked");
    };
    assert_eq!(
        why,
        &[Blocked::Unresolved {
            kind: RefKind::User,
            name: Some("Pat Lee".into())
        }]
    );
    // A user is never a component: a configuration cannot name one.
    assert!(types::spec("users").is_none() && types::any_spec("users").is_some());
}

#[test]
fn a_deploy_reads_the_people_its_components_name_by_id_then_by_email() {
    let comps = [component("triggers", "Route hardware requests")];
    let source = globex();
    let own = component_types(&comps);
    let more: Vec<&str> = referenced_types(&comps, &own, &source, &fold)
        .iter()
        .map(|t| t.key)
        .collect();
    assert_eq!(
        more,
        [
            "schedules",
            "dynamic_content",
            "ticket_forms",
            "users",
            "organizations",
            "brands",
            "targets",
            "webhooks"
        ]
    );
    assert_eq!(
        referenced_ids(&comps, &types::USERS, &source, &fold),
        ["361017000001"]
    );
    assert_eq!(
        identity_text(&types::USERS, &source.items("users")[0]).as_deref(),
        Some("pat.lee@example.com")
    );
}

#[test]
fn dynamic_content_variants_are_written_one_by_one() {
    let target = item(
        json!({"id": 9141, "name": "Greeting", "default_locale_id": 1,
        "variants": [{"id": 21, "locale_id": 1, "content": "Hi", "active": true, "default": true},
                     {"id": 22, "locale_id": 1005, "content": "Hallo", "active": true, "default": false}]}),
    );
    let source = globex();
    let desired = write::shape(&DYNAMIC_CONTENT, &source.items("dynamic_content")[0]);
    let requests = write::update_requests(&DYNAMIC_CONTENT, "9141", &target, &desired);
    let summary: Vec<String> = requests
        .iter()
        .map(|r| format!("{} {}", r.method.as_str(), r.path))
        .collect();
    assert_eq!(
        summary,
        [
            "PUT /api/v2/dynamic_content/items/9141/variants/21.json",
            "POST /api/v2/dynamic_content/items/9141/variants.json",
            "DELETE /api/v2/dynamic_content/items/9141/variants/22.json",
        ],
        "the name is the same: the item itself is not written"
    );
    assert_eq!(
        requests[0].body,
        Some(
            json!({"variant": {"locale_id": 1, "content": "Hello", "active": true, "default": true}})
        )
    );
    // A new item carries its variants (the OAS requires them).
    let created = write::create_body(&DYNAMIC_CONTENT, &desired);
    assert_eq!(
        created["item"]["variants"].as_array().map(Vec::len),
        Some(2)
    );
    assert!(created["item"].get("placeholder").is_none());
}

#[test]
fn a_schedule_is_created_then_its_work_week_and_holidays_are_written() {
    let comps = [component("schedules", "Support hours")];
    let mut run = Run::new(plan(&comps, &globex(), &acme(), &fold));
    let mut sent = Vec::new();
    while let Some(w) = run.next_write() {
        sent.push((w.method, w.path.clone(), w.body.clone()));
        run.record(&w, Ok(json!({"schedule": {"id": 9111}})), 0.0);
    }
    let paths: Vec<String> = sent
        .iter()
        .map(|(m, p, _)| format!("{} {p}", m.as_str()))
        .collect();
    assert_eq!(
        paths,
        [
            "POST /api/v2/business_hours/schedules.json",
            "PUT /api/v2/business_hours/schedules/9111/workweek.json",
            "POST /api/v2/business_hours/schedules/9111/holidays.json",
        ]
    );
    assert_eq!(
        sent[0].2,
        json!({"schedule": {"name": "Support hours", "time_zone": "Eastern Time (US & Canada)"}})
    );
    assert_eq!(
        sent[1].2["workweek"]["intervals"][0],
        json!({"start_time": 1980, "end_time": 2460})
    );
    assert_eq!(
        sent[2].2,
        json!({"holiday": {"name": "New Year", "start_date": "2027-01-01", "end_date": "2027-01-01"}})
    );
    assert_eq!(
        run.outcomes[0],
        Some(Outcome::Created { id: "9111".into() })
    );
    assert_eq!(run.done(), 1);
    // A later request refused: the item was created (an undo deletes it), the step failed.
    let mut run = Run::new(plan(&comps, &globex(), &acme(), &fold));
    while let Some(w) = run.next_write() {
        let answer = if w.path.ends_with("workweek.json") {
            Err(super::run::Failure::NoAnswer)
        } else {
            Ok(json!({"schedule": {"id": 9111}}))
        };
        run.record(&w, answer, 0.0);
    }
    assert_eq!(
        run.outcomes[0],
        Some(Outcome::Failed(super::run::Failure::NoAnswer))
    );
    assert!(run.wrote.contains(&0));
    assert_eq!(run.target_id(0).as_deref(), Some("9111"));
    // The undo data keeps it (with its id), and the history says part of it was written.
    let meta = super::record::Meta {
        id: "d1".into(),
        at: "2026-12-03T10:00:00Z".into(),
        by: "Ada".into(),
        source: "https://globex.zendesk.com".into(),
        configuration: "Hours".into(),
    };
    let undo = super::record::with_created(&super::record::undo_data(&run.plan, &meta), &run);
    assert_eq!(undo["items"][0]["target_id"], json!("9111"));
    let entry = super::record::log_entry(&run, &meta);
    assert_eq!(entry["items"][0]["partial"], json!(true));
    // An update of the work week alone is one request to the work week.
    let mut target = globex().items("schedules")[0].clone();
    target.insert("id".into(), json!(9111));
    target.insert(
        "intervals".into(),
        json!([{"start_time": 1980, "end_time": 2400}]),
    );
    let desired = write::shape(&SCHEDULES, &globex().items("schedules")[0]);
    let requests = write::update_requests(&SCHEDULES, "9111", &target, &desired);
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].path,
        "/api/v2/business_hours/schedules/9111/workweek.json"
    );
}
