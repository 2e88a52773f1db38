//! Contract test: every write body a deploy builds (`deploy::run::Run::next_write`, from a plan of
//! doc-shaped inventories) validates against the Support API's own description of that write
//! (../shared/specs/zendesk-support-oas.yaml). No schema is copied by hand: each is read from the
//! spec file, for the operation the write calls.
//!
//! Which schema, per operation:
//! - where the operation has a `requestBody` schema (triggers, macros, trigger categories), that
//!   schema; it describes the whole body, wrapper included, so the whole body is validated;
//! - where it has none (groups, ticket fields, views, custom roles), the type's object schema
//!   (the one the operation answers under the wrapper key: `GroupObject`, ...) read as OpenAPI
//!   reads a schema for a request (`readOnly` properties must not be sent and are not required),
//!   and validated against the wrapped object. For an update (PUT), the object's `required` list
//!   is not applied: the spec documents partial updates for these operations (see
//!   `the_specs_own_partial_update_is_an_update_not_a_create`).
//!   `ViewObject` is the read shape (`conditions`, `execution`): it says nothing of the write
//!   shape's `all`/`any`/`output` (documented only in the Create View operation's words), so the
//!   schema checks a view body's other fields, and `the_bodies_carry_what_the_fixture_means` its
//!   write shape.
//!
//! The spec is OpenAPI 3.0: `nullable: true` means null is allowed, which JSON Schema spells as a
//! `null` type; the schemas are read so.
//!
//! Bodies the deploy builds that the spec refuses are listed, error by error, in
//! `KNOWN_MISMATCHES` (an option's `id` on a user or organization field update, which the
//! operation asks for and the schema marks read-only).
//!
//! The spec's reading is shared with contract.rs (tests/common).

use deskset_domain::deploy::run::{Outcome, Run, Write};
use deskset_domain::deploy::types::{self, TypeSpec, Update};
use deskset_domain::deploy::{plan, Component, Inventory, Item};
use deskset_domain::http::Method;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
mod common;
use common::{for_requests, nullable, spec, spec_schemas};

// ---------------------------------------------------------------------------------------------
// The spec, read as OpenAPI reads a request schema (tests/common).

/// The schema a `$ref` names (`#/components/schemas/X`), or the schema itself.
fn resolved(schema: &Value) -> Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => spec()["components"]["schemas"][schema_name(r)].clone(),
        None => schema.clone(),
    }
}

fn schema_name(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or(reference)
}

/// The spec's path of one item of a collection (`/api/v2/groups/{group_id}`).
fn item_path(collection: &str) -> String {
    let prefix = format!("{collection}/{{");
    let found: Vec<&String> = spec()["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .filter(|p| p.starts_with(&prefix) && !p[collection.len() + 1..].contains('/'))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one item path under {collection}: {found:?}"
    );
    found[0].clone()
}

/// The spec's operation a write calls: (path, method, operation).
fn operation(ty: &TypeSpec, method: Method) -> (String, &'static str, &'static Value) {
    let (path, m) = match method {
        Method::Post => (ty.path.to_string(), "post"),
        Method::Put => (item_path(ty.path), "put"),
        Method::Patch => (item_path(ty.path), "patch"),
        other => panic!("a deploy does not write with {other:?}"),
    };
    let op = &spec()["paths"][&path][m];
    assert!(op.is_object(), "{m} {path} is not in the spec");
    (path, m, op)
}

/// Where the spec describes a write's body.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Described {
    /// The operation's `requestBody` schema (the whole body): a `$ref`'s name, or the inline
    /// schema in words (`{macro: MacroInput}`).
    RequestBody(String),
    /// No request schema: the type's object schema (what the operation answers under the wrapper).
    Object(String),
}

/// A compiled contract for one type and method.
struct Contract {
    described: Described,
    wrapper: &'static str,
    validator: jsonschema::Validator,
}

impl Contract {
    fn for_write(ty: &TypeSpec, method: Method) -> Contract {
        let (path, m, op) = operation(ty, method);
        let mut schemas = spec_schemas();
        let request = &op["requestBody"]["content"]["application/json"]["schema"];
        let (described, mut root) = if request.is_object() {
            // The schema of the whole body: it must name the wrapper, or the wrapper's object
            // would go unchecked.
            let whole = resolved(request);
            let inner = &whole["properties"][ty.wrapper];
            assert!(
                inner.is_object(),
                "{m} {path}: the request schema has no `{}`",
                ty.wrapper
            );
            let words = match request.get("$ref").and_then(Value::as_str) {
                Some(r) => schema_name(r).to_string(),
                None => format!("{{{}: {}}}", ty.wrapper, in_words(inner)),
            };
            (Described::RequestBody(words), request.clone())
        } else {
            let name = answered_object(op, ty.wrapper)
                .unwrap_or_else(|| panic!("{m} {path}: no request schema and no answered object"));
            if method != Method::Post {
                // A partial update: the object's mandatory fields are mandatory to create it
                // (also those of the schemas it is made of: `UserFieldObject` is an `allOf` of
                // `CustomFieldObject`).
                let mut names = vec![name.clone()];
                while let Some(n) = names.pop() {
                    let parts: Vec<String> = schemas[&n]["allOf"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|p| p.get("$ref").and_then(Value::as_str))
                        .map(|r| schema_name(r).to_string())
                        .collect();
                    if let Some(s) = schemas[&n].as_object_mut() {
                        s.remove("required");
                    }
                    names.extend(parts);
                }
            }
            let root = json!({"$ref": format!("#/components/schemas/{name}")});
            (Described::Object(name), root)
        };
        if let Some(map) = root.as_object_mut() {
            map.insert("components".into(), json!({"schemas": schemas}));
        }
        for_requests(&mut root);
        nullable(&mut root);
        let validator = jsonschema::validator_for(&root)
            .unwrap_or_else(|e| panic!("{m} {path}: {described:?} compiles: {e}"));
        Contract {
            described,
            wrapper: ty.wrapper,
            validator,
        }
    }

    /// Checks a whole request body: `{<wrapper>: <object>}` and nothing else, valid.
    fn check(&self, body: &Value) -> Result<(), String> {
        let errors = self.errors(body);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.join("; "))
        }
    }

    /// What is wrong with a whole request body, one error a line (none when it is valid).
    fn errors(&self, body: &Value) -> Vec<String> {
        let Some(map) = body.as_object() else {
            return vec!["the body is not an object".into()];
        };
        if map.keys().collect::<Vec<_>>() != [self.wrapper] {
            return vec![format!(
                "the body's keys are {:?}",
                map.keys().collect::<Vec<_>>()
            )];
        }
        if !body[self.wrapper].is_object() {
            return vec![format!("`{}` is not an object", self.wrapper)];
        }
        let instance = match self.described {
            Described::RequestBody(_) => body,
            Described::Object(_) => &body[self.wrapper],
        };
        self.validator
            .iter_errors(instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }
}

/// An inline schema in words: a `$ref`'s name, `A & B` for an `allOf` of them.
fn in_words(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return schema_name(r).to_string();
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        return all.iter().map(in_words).collect::<Vec<_>>().join(" & ");
    }
    "(inline)".to_string()
}

/// The object schema an operation answers under `wrapper` (`GroupResponse.group` ->
/// `GroupObject`).
fn answered_object(op: &Value, wrapper: &str) -> Option<String> {
    let responses = op["responses"].as_object()?;
    responses
        .iter()
        .filter(|(status, _)| status.starts_with('2'))
        .find_map(|(_, r)| {
            let answer = resolved(&r["content"]["application/json"]["schema"]);
            let r = answer["properties"][wrapper]["$ref"].as_str()?;
            Some(schema_name(r).to_string())
        })
}

/// Every (type, method) a deploy writes with: POST to create, the type's method to update.
fn writes_of_every_type() -> Vec<(&'static TypeSpec, Method)> {
    types::TYPES
        .iter()
        .flat_map(|t| [(*t, Method::Post), (*t, update_method(t))])
        .collect()
}

fn update_method(ty: &TypeSpec) -> Method {
    match ty.update {
        Update::Put => Method::Put,
        Update::Patch => Method::Patch,
    }
}

fn contracts() -> BTreeMap<(&'static str, &'static str), Contract> {
    writes_of_every_type()
        .into_iter()
        .map(|(t, m)| ((t.key, m.as_str()), Contract::for_write(t, m)))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Two accounts as Zendesk lists them (shapes from the spec's response schemas and examples):
// globex (the source, ids 3610…), acme (the target, ids 90…).

fn inventory(types: Vec<(&str, Vec<Value>)>) -> Inventory {
    let mut inv = Inventory::default();
    for (key, items) in types {
        let items: Vec<Item> = items
            .into_iter()
            .map(|v| v.as_object().cloned().expect("an item is an object"))
            .collect();
        inv.items.insert(key.to_string(), items);
    }
    inv
}

const GLOBEX: &str = "https://globex.zendesk.com/api/v2";
const ACME: &str = "https://acme.zendesk.com/api/v2";

/// A custom role's configuration as the spec's `CustomRolesResponseExample` lists it (every
/// permission, read-only ones included).
fn example_configuration(role: &str) -> Value {
    spec()["components"]["examples"]["CustomRolesResponseExample"]["value"]["custom_roles"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["name"] == role)
        .map(|r| r["configuration"].clone())
        .unwrap_or_else(|| panic!("the spec's example has a role {role}"))
}

fn group(account: &str, id: u64, name: &str, description: &str) -> Value {
    json!({"id": id, "url": format!("{account}/groups/{id}.json"), "name": name,
           "description": description, "is_public": true, "default": false, "deleted": false,
           "created_at": "2024-05-13T00:07:08Z", "updated_at": "2025-07-22T00:11:12Z"})
}

fn option(account: &str, field: u64, id: u64, position: u64, name: &str, value: &str) -> Value {
    json!({"id": id, "name": name, "raw_name": name, "value": value, "position": position,
           "default": false, "url": format!("{account}/ticket_fields/{field}/options/{id}.json")})
}

/// A custom ticket field as `TicketFieldObject` lists one.
fn field(account: &str, id: u64, kind: &str, title: &str, extra: Value) -> Value {
    let mut f = json!({
        "id": id, "url": format!("{account}/ticket_fields/{id}.json"), "type": kind,
        "title": title, "raw_title": title, "description": format!("{title}, for agents and end users"),
        "raw_description": format!("{title}, for agents and end users"),
        "title_in_portal": title, "raw_title_in_portal": title,
        "agent_description": "Agent only description", "position": 9999, "active": true,
        "required": false, "collapsed_for_agents": false, "regexp_for_validation": null,
        "visible_in_portal": true, "editable_in_portal": true, "required_in_portal": false,
        "tag": null, "removable": true, "agent_can_edit": true,
        "created_at": "2024-04-02T22:55:29Z", "updated_at": "2025-04-02T22:55:29Z",
    });
    if let (Some(f), Some(extra)) = (f.as_object_mut(), extra.as_object()) {
        f.extend(extra.clone());
    }
    f
}

/// A custom user or organization field as `CustomFieldObject` lists one.
fn custom_field(
    account: &str,
    kind: &str,
    id: u64,
    key: &str,
    ty: &str,
    title: &str,
    extra: Value,
) -> Value {
    let mut f = json!({
        "id": id, "url": format!("{account}/{kind}/{id}.json"), "key": key, "type": ty,
        "title": title, "raw_title": title, "description": "", "raw_description": "",
        "position": 0, "active": true, "system": false, "regexp_for_validation": null,
        "created_at": "2024-04-02T22:55:29Z", "updated_at": "2025-04-02T22:55:29Z",
    });
    if let (Some(f), Some(extra)) = (f.as_object_mut(), extra.as_object()) {
        f.extend(extra.clone());
    }
    f
}

/// An automation as `AutomationObject` lists one.
fn automation(account: &str, id: u64, title: &str, all: Value, actions: Value) -> Value {
    json!({"id": id, "url": format!("{account}/automations/{id}.json"), "title": title, "raw_title": title,
           "active": true, "position": 1, "default": false,
           "conditions": {"all": all, "any": []}, "actions": actions,
           "created_at": "2024-09-16T02:17:38Z", "updated_at": "2025-09-16T02:17:38Z"})
}

fn globex() -> Inventory {
    let reason = 361002000101u64;
    let product = 361002000102u64;
    inventory(vec![
        (
            "groups",
            vec![
                group(GLOBEX, 361001100002, "Tier 2", "Escalations"),
                group(GLOBEX, 361001100003, "Billing", "Invoices and refunds"),
            ],
        ),
        (
            "trigger_categories",
            vec![
                json!({"id": "361005000002", "name": "Escalation", "position": 1,
                       "created_at": "2024-07-17T01:30:07Z", "updated_at": "2024-07-17T01:30:07Z"}),
                json!({"id": "361005000003", "name": "Email Triggers", "position": 0,
                       "created_at": "2024-07-17T01:30:07Z", "updated_at": "2024-07-17T01:30:07Z"}),
            ],
        ),
        (
            "ticket_fields",
            vec![
                field(
                    GLOBEX,
                    361002000001,
                    "subject",
                    "Subject",
                    json!({"removable": false, "required": true}),
                ),
                field(
                    GLOBEX,
                    reason,
                    "tagger",
                    "Escalation reason",
                    json!({"custom_field_options": [
                        option(GLOBEX, reason, 1, 0, "Bug", "esc_bug"),
                        option(GLOBEX, reason, 2, 1, "Outage", "esc_outage"),
                        option(GLOBEX, reason, 3, 2, "Data loss", "esc_data_loss"),
                    ]}),
                ),
                field(
                    GLOBEX,
                    product,
                    "tagger",
                    "Product",
                    json!({"custom_field_options": [
                        option(GLOBEX, product, 4, 0, "Apples", "apple"),
                        option(GLOBEX, product, 5, 1, "Bananas", "banana"),
                    ]}),
                ),
                field(
                    GLOBEX,
                    361002000103,
                    "checkbox",
                    "VIP customer",
                    json!({"tag": "vip"}),
                ),
            ],
        ),
        (
            "custom_roles",
            vec![
                json!({"id": 361007000016u64, "name": "Advisor", "description": "Advisors manage the workflow",
                       "role_type": 0, "team_member_count": 10, "configuration": example_configuration("Advisor"),
                       "created_at": "2012-03-12T16:32:22Z", "updated_at": "2012-03-12T16:32:22Z"}),
                json!({"id": 361007000006u64, "name": "Staff", "description": "A Staff agent's primary role is to solve tickets.",
                       "role_type": 0, "team_member_count": 10, "configuration": example_configuration("Staff"),
                       "created_at": "2011-07-20T04:31:29Z", "updated_at": "2012-02-02T10:32:59Z"}),
                json!({"id": 361007000001u64, "name": "Tier 2 agent", "description": "Escalations",
                       "role_type": 0, "team_member_count": 3,
                       "configuration": {"ticket_access": "within-groups", "ticket_merge": true,
                                         "chat_access": true, "macro_access": "manage-group",
                                         "a_permission_added_later": true}}),
            ],
        ),
        (
            "triggers",
            vec![
                json!({"id": 361003000001u64, "url": format!("{GLOBEX}/triggers/361003000001.json"),
                       "title": "Route escalations", "raw_title": "Route escalations",
                       "description": "Outages go to Tier 2", "active": true, "position": 1, "default": false,
                       "category_id": "361005000002",
                       "conditions": {
                           "all": [{"field": format!("custom_fields_{reason}"), "operator": "is", "value": "esc_outage"},
                                   {"field": "status", "operator": "less_than", "value": "solved"}],
                           "any": [{"field": "priority", "operator": "is", "value": "urgent"},
                                   {"field": "custom_status_id", "operator": "includes", "value": ["1", "2"]}]},
                       "actions": [{"field": "group_id", "value": "361001100002"},
                                   {"field": "priority", "value": "high"},
                                   {"field": "notification_group",
                                    "value": ["361001100002", "Escalated: {{ticket.title}}",
                                              format!("Reason: {{{{ticket.ticket_field_{reason}}}}}")]}],
                       "created_at": "2024-09-25T22:50:26Z", "updated_at": "2025-09-25T22:50:26Z"}),
                json!({"id": 361003000002u64, "url": format!("{GLOBEX}/triggers/361003000002.json"),
                       "title": "Notify billing", "raw_title": "Notify billing",
                       "description": "Billing hears of refunds", "active": true, "position": 2, "default": false,
                       "category_id": "361005000003",
                       "conditions": {"all": [{"field": "group_id", "operator": "is", "value": "361001100003"},
                                              {"field": "update_type", "operator": "is", "value": "Create"}],
                                      "any": []},
                       "actions": [{"field": "notification_group",
                                    "value": ["361001100003", "Refund asked", "{{ticket.description}}"]}],
                       "created_at": "2024-09-25T22:50:26Z", "updated_at": "2025-09-25T22:50:26Z"}),
            ],
        ),
        (
            "macros",
            vec![
                json!({"id": 361006000001u64, "url": format!("{GLOBEX}/macros/361006000001.json"),
                       "title": "Escalate: outage", "description": "Route an outage to Tier 2", "active": true,
                       "position": 42, "default": false,
                       "restriction": {"type": "Group", "id": 361001100002u64, "ids": [361001100002u64]},
                       "actions": [{"field": format!("custom_fields_{reason}"), "value": "esc_outage"},
                                   {"field": "group_id", "value": "361001100002"},
                                   {"field": "comment_value",
                                    "value": format!("Escalated ({{{{ticket.ticket_field_option_title_{reason}}}}})")}],
                       "created_at": "2024-09-16T02:17:38Z", "updated_at": "2025-09-16T02:17:38Z"}),
                json!({"id": 361006000002u64, "url": format!("{GLOBEX}/macros/361006000002.json"),
                       "title": "Refund request", "description": "Sends a refund to Billing", "active": true,
                       "position": 43, "default": false,
                       "restriction": {"type": "Group", "id": 361001100003u64, "ids": [361001100003u64]},
                       "actions": [{"field": "group_id", "value": "361001100003"},
                                   {"field": "status", "value": "pending"}],
                       "created_at": "2024-09-16T02:17:38Z", "updated_at": "2025-09-16T02:17:38Z"}),
                // Unrestricted, as `MacroCommonObject`'s example lists it (known mismatch 2).
                json!({"id": 360111062754u64, "url": format!("{GLOBEX}/macros/360111062754.json"),
                       "title": "Close and redirect to topics", "description": null, "active": true,
                       "position": 9999, "default": false, "restriction": null,
                       "actions": [{"field": "status", "value": "solved"},
                                   {"field": "priority", "value": "normal"},
                                   {"field": "type", "value": "incident"},
                                   {"field": "assignee_id", "value": "current_user"},
                                   {"field": "group_id", "value": "current_groups"},
                                   {"field": "comment_value", "value": "Thanks for your request."}],
                       "created_at": "2019-09-16T02:17:38Z", "updated_at": "2019-09-16T02:17:38Z"}),
            ],
        ),
        (
            "views",
            vec![
                json!({"id": 361004000001u64, "url": format!("{GLOBEX}/views/361004000001.json"),
                       "title": "Tier 2 queue", "description": "Open escalations", "active": true,
                       "position": 2, "default": false,
                       "restriction": {"type": "Group", "id": 361001100002u64, "ids": [361001100002u64]},
                       "conditions": {"all": [{"field": "group_id", "operator": "is", "value": "361001100002"},
                                              {"field": "status", "operator": "less_than", "value": "solved"}],
                                      "any": [{"field": format!("custom_fields_{reason}"), "operator": "is", "value": "esc_outage"},
                                              {"field": format!("custom_fields_{reason}"), "operator": "is", "value": "esc_data_loss"}]},
                       "execution": {"group_by": reason, "group_order": "asc", "sort_by": "updated", "sort_order": "desc",
                                     "group": {"id": reason, "order": "asc", "title": "Escalation reason"},
                                     "sort": {"id": "updated", "order": "desc", "title": "Updated"},
                                     "columns": [{"id": "status", "title": "Status"},
                                                 {"id": "subject", "title": "Subject"},
                                                 {"id": reason, "title": "Escalation reason", "type": "tagger",
                                                  "url": format!("{GLOBEX}/ticket_fields/{reason}.json")}],
                                     "fields": [{"id": "status", "title": "Status"}], "custom_fields": []},
                       "created_at": "2024-09-16T02:17:38Z", "updated_at": "2025-09-16T02:17:38Z"}),
                json!({"id": 361004000002u64, "url": format!("{GLOBEX}/views/361004000002.json"),
                       "title": "Billing queue", "description": "Refunds waiting", "active": true,
                       "position": 3, "default": false,
                       "restriction": {"type": "Group", "id": 361001100003u64, "ids": [361001100003u64]},
                       "conditions": {"all": [{"field": "group_id", "operator": "is", "value": "361001100003"},
                                              {"field": "status", "operator": "less_than", "value": "solved"}],
                                      "any": []},
                       "execution": {"group_by": "status", "group_order": "asc", "sort_by": "created", "sort_order": "asc",
                                     "columns": [{"id": "status", "title": "Status"}, {"id": "requester", "title": "Requester"}]},
                       "created_at": "2024-09-16T02:17:38Z", "updated_at": "2025-09-16T02:17:38Z"}),
                // Unrestricted (known mismatch 3).
                json!({"id": 361004000003u64, "url": format!("{GLOBEX}/views/361004000003.json"),
                       "title": "Unassigned tickets", "description": "View for tickets that are not assigned",
                       "active": true, "position": 7, "default": false, "restriction": null,
                       "conditions": {"all": [{"field": "assignee_id", "operator": "is", "value": ""},
                                              {"field": "status", "operator": "less_than", "value": "solved"}],
                                      "any": []},
                       "execution": {"group_by": "status", "group_order": "asc", "sort_by": "updated", "sort_order": "desc",
                                     "columns": [{"id": "status", "title": "Status"}, {"id": "updated", "title": "Updated"}]},
                       "created_at": "2024-09-16T02:17:38Z", "updated_at": "2025-09-16T02:17:38Z"}),
            ],
        ),
        (
            "automations",
            vec![
                automation(
                    GLOBEX,
                    361008000001,
                    "Close solved after 4 days",
                    json!([{"field": "status", "operator": "is", "value": "solved"},
                           {"field": "SOLVED", "operator": "greater_than", "value": "96"}]),
                    json!([{"field": "status", "value": "closed"}]),
                ),
                automation(
                    GLOBEX,
                    361008000002,
                    "Nudge Tier 2",
                    json!([{"field": "group_id", "operator": "is", "value": "361001100002"},
                           {"field": "OPEN", "operator": "greater_than", "value": "24"},
                           {"field": "current_tags", "operator": "not_includes", "value": "nudged"}]),
                    json!([{"field": "current_tags", "value": "nudged"},
                           {"field": "priority", "value": "high"}]),
                ),
            ],
        ),
        (
            "user_fields",
            vec![
                custom_field(
                    GLOBEX,
                    "user_fields",
                    361009000001,
                    "vip_level",
                    "dropdown",
                    "VIP level",
                    json!({"custom_field_options": [
                        {"id": 1, "name": "Gold", "raw_name": "Gold", "value": "vip_gold"},
                        {"id": 2, "name": "Silver", "raw_name": "Silver", "value": "vip_silver"}]}),
                ),
                custom_field(
                    GLOBEX,
                    "user_fields",
                    361009000002,
                    "employee_id",
                    "text",
                    "Employee ID",
                    json!({"raw_description": "From HR"}),
                ),
            ],
        ),
        (
            "organization_fields",
            vec![
                custom_field(
                    GLOBEX,
                    "organization_fields",
                    361009100001,
                    "contract_tier",
                    "dropdown",
                    "Contract tier",
                    json!({"custom_field_options": [
                        {"id": 3, "name": "Premium", "raw_name": "Premium", "value": "tier_premium"}]}),
                ),
                custom_field(
                    GLOBEX,
                    "organization_fields",
                    361009100002,
                    "renewal_date",
                    "date",
                    "Renewal date",
                    json!({}),
                ),
            ],
        ),
    ])
}

/// acme holds some of them already (other ids, other settings): those are updated.
fn acme() -> Inventory {
    let reason = 9101u64;
    inventory(vec![
        (
            "groups",
            vec![
                group(ACME, 9001, "Support", ""),
                group(ACME, 9003, "billing", ""),
            ],
        ),
        (
            "trigger_categories",
            vec![
                json!({"id": "9401", "name": "email triggers", "position": 0,
                        "created_at": "2024-07-17T01:30:07Z", "updated_at": "2024-07-17T01:30:07Z"}),
            ],
        ),
        (
            "ticket_fields",
            vec![
                field(
                    ACME,
                    9100,
                    "subject",
                    "Subject",
                    json!({"removable": false, "required": true}),
                ),
                field(
                    ACME,
                    reason,
                    "tagger",
                    "Escalation Reason ",
                    json!({"custom_field_options": [
                        option(ACME, reason, 11, 0, "Bug", "esc_bug"),
                        option(ACME, reason, 12, 1, "Legacy", "esc_legacy"),
                    ]}),
                ),
            ],
        ),
        (
            "custom_roles",
            vec![
                json!({"id": 9716, "name": "advisor", "description": "Advisors manage the workflow",
                       "role_type": 0, "team_member_count": 1,
                       "configuration": {"ticket_access": "all", "chat_access": false, "ticket_merge": true}}),
                json!({"id": 9706, "name": "Staff", "description": "A Staff agent's primary role is to solve tickets.",
                       "role_type": 0, "team_member_count": 4,
                       "configuration": {"ticket_access": "within-groups", "ticket_merge": true}}),
            ],
        ),
        (
            "triggers",
            vec![
                json!({"id": 9302, "url": format!("{ACME}/triggers/9302.json"), "title": "Notify billing",
                       "raw_title": "Notify billing", "description": "Billing hears of refunds", "active": false,
                       "position": 5, "default": false, "category_id": "9401",
                       "conditions": {"all": [{"field": "group_id", "operator": "is", "value": "9003"}], "any": []},
                       "actions": [{"field": "notification_group", "value": ["9003", "Refund", "{{ticket.description}}"]}],
                       "created_at": "2024-09-25T22:50:26Z", "updated_at": "2025-09-25T22:50:26Z"}),
            ],
        ),
        (
            "macros",
            vec![
                json!({"id": 9602, "url": format!("{ACME}/macros/9602.json"), "title": "Refund request",
                       "description": "Sends a refund to Billing", "active": true, "position": 1, "default": false,
                       "restriction": {"type": "Group", "id": 9003, "ids": [9003]},
                       "actions": [{"field": "group_id", "value": "9003"}],
                       "created_at": "2024-09-16T02:17:38Z", "updated_at": "2025-09-16T02:17:38Z"}),
            ],
        ),
        (
            "views",
            vec![
                json!({"id": 9502, "url": format!("{ACME}/views/9502.json"), "title": "Billing queue",
                       "description": "Refunds waiting", "active": true, "position": 1, "default": false,
                       "restriction": {"type": "Group", "id": 9003, "ids": [9003]},
                       "conditions": {"all": [{"field": "group_id", "operator": "is", "value": "9003"}], "any": []},
                       "execution": {"group_by": "status", "group_order": "asc", "sort_by": "created", "sort_order": "asc",
                                     "columns": [{"id": "status", "title": "Status"}]},
                       "created_at": "2024-09-16T02:17:38Z", "updated_at": "2025-09-16T02:17:38Z"}),
            ],
        ),
        (
            "automations",
            vec![automation(
                ACME,
                9801,
                "close solved after 4 days",
                json!([{"field": "status", "operator": "is", "value": "solved"},
                       {"field": "SOLVED", "operator": "greater_than", "value": "120"}]),
                json!([{"field": "status", "value": "closed"}]),
            )],
        ),
        (
            "user_fields",
            vec![custom_field(
                ACME,
                "user_fields",
                9901,
                "vip_level",
                "dropdown",
                "VIP",
                json!({"custom_field_options": [{"id": 7, "name": "Gold", "raw_name": "Gold", "value": "vip_gold"}]}),
            )],
        ),
        (
            "organization_fields",
            vec![custom_field(
                ACME,
                "organization_fields",
                9951,
                "contract_tier",
                "dropdown",
                "Contract tier",
                json!({"raw_description": "Old words", "custom_field_options": [
                    {"id": 8, "name": "Premium", "raw_name": "Premium", "value": "tier_premium"}]}),
            )],
        ),
    ])
}

/// Every item globex holds but its system field: the whole configuration.
fn components() -> Vec<Component> {
    let source = globex();
    types::TYPES
        .iter()
        .flat_map(|t| {
            source
                .items(t.key)
                .iter()
                .filter(|i| i.get("removable") != Some(&json!(false)))
                .map(|i| Component {
                    kind: t.key.to_string(),
                    name: i[t.name_field].as_str().unwrap_or_default().to_string(),
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The deploy of globex's configuration to acme, carried out: every write, with the answer of
/// each create a fresh id (a trigger category's as a string, as Zendesk answers it).
fn deploy() -> (Run, Vec<(&'static TypeSpec, Write)>) {
    let plan = plan(&components(), &globex(), &acme(), &|s: &str| {
        s.to_lowercase()
    });
    let totals = plan.totals();
    assert_eq!((totals.blocked, totals.unchanged), (0, 0), "{totals:?}");
    let mut run = Run::new(plan);
    let mut next_id = 9900u64;
    let mut writes = Vec::new();
    while let Some(w) = run.next_write() {
        let ty = run.plan.steps[w.step].spec;
        let answer = if w.method == Method::Post {
            next_id += 1;
            let id = if ty.key == "trigger_categories" {
                json!(next_id.to_string())
            } else {
                json!(next_id)
            };
            let mut answer = Map::new();
            answer.insert(ty.wrapper.to_string(), json!({"id": id}));
            Value::Object(answer)
        } else {
            w.body.clone()
        };
        run.record(&w, Ok(answer), 0.0);
        writes.push((ty, w));
    }
    (run, writes)
}

// ---------------------------------------------------------------------------------------------
// KNOWN MISMATCHES: bodies the deploy builds that the spec's schemas refuse. Each entry leaves
// one exact validator error, for one type and method, out of the assertion of
// `every_write_of_a_deploy_matches_the_spec`. This test found three, since fixed in the deploy:
// a new ticket field carried `raw_title` without the `title` the spec requires; a new
// unrestricted macro or view carried `"restriction": null` where the spec's request schemas take
// an object (Create View: "omit this property"; null stays for an update that lifts one).
//
// One is the spec disagreeing with itself: Update User Field and Update Organization Field say
// "To update an existing option, pass its `id` along with `name` and `value`" (without it the
// option is made anew and its values are removed from every user or organization), while
// CustomFieldOptionObject marks `id` read-only. The operation's words win.
const KNOWN_MISMATCHES: [(&str, &str, &str); 1] = [(
    "user_fields",
    "PUT",
    "False schema does not allow 7 at /custom_field_options/0/id",
)];

fn is_known_mismatch(key: &str, method: &str, error: &str) -> bool {
    KNOWN_MISMATCHES
        .iter()
        .any(|(k, m, e)| *k == key && *m == method && *e == error)
}

// ---------------------------------------------------------------------------------------------
// The tests.

#[test]
fn every_write_of_a_deploy_matches_the_spec() {
    let contracts = contracts();
    let (run, writes) = deploy();
    assert_eq!(writes.len(), run.total(), "every planned change is written");
    for (i, outcome) in run.outcomes.iter().enumerate() {
        assert!(
            matches!(outcome, Some(Outcome::Created { .. } | Outcome::Updated)),
            "{}: {outcome:?}",
            run.plan.steps[i].name
        );
    }
    let mut counted: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut refused = Vec::new();
    for (ty, w) in &writes {
        let method = w.method.as_str();
        // The write goes where the spec has the operation.
        let (path, _, _) = operation(ty, w.method);
        let expected = match w.method {
            Method::Post => format!("{}.json", ty.path),
            _ => {
                let id = run.plan.steps[w.step]
                    .target_id()
                    .expect("an update has a target");
                format!("{}/{id}.json", ty.path)
            }
        };
        assert_eq!(w.path, expected, "{method} {path}");
        if w.method != Method::Post {
            assert_eq!(w.method, update_method(ty), "{}", ty.key);
        }
        // No placeholder of a created item is left in a body.
        let text = w.body.to_string();
        assert!(!text.contains("18446744073709"), "a placeholder in {text}");
        let contract = &contracts[&(ty.key, method)];
        let (known, errors): (Vec<String>, Vec<String>) = contract
            .errors(&w.body)
            .into_iter()
            .partition(|e| is_known_mismatch(ty.key, method, e));
        for e in known {
            println!("known mismatch, not asserted: {method} {}: {e}", w.path);
        }
        if !errors.is_empty() {
            refused.push(format!(
                "{method} {} ({:?}): {}\n{:#}",
                w.path,
                contract.described,
                errors.join("; "),
                w.body
            ));
        }
        *counted.entry((ty.key, method)).or_default() += 1;
    }
    assert!(
        refused.is_empty(),
        "{} bodies the spec refuses:\n{}",
        refused.len(),
        refused.join("\n\n")
    );
    // Every type, created and updated.
    for (ty, method) in writes_of_every_type() {
        assert!(
            counted
                .get(&(ty.key, method.as_str()))
                .is_some_and(|n| *n > 0),
            "no {} {} was written: {counted:?}",
            method.as_str(),
            ty.key
        );
    }
    assert_eq!(
        counted,
        BTreeMap::from([
            (("automations", "POST"), 1),
            (("automations", "PUT"), 1),
            (("organization_fields", "POST"), 1),
            (("organization_fields", "PUT"), 1),
            (("user_fields", "POST"), 1),
            (("user_fields", "PUT"), 1),
            (("custom_roles", "POST"), 1),
            (("custom_roles", "PUT"), 2),
            (("groups", "POST"), 1),
            (("groups", "PUT"), 1),
            (("macros", "POST"), 2),
            (("macros", "PUT"), 1),
            (("ticket_fields", "POST"), 2),
            (("ticket_fields", "PUT"), 1),
            (("trigger_categories", "PATCH"), 1),
            (("trigger_categories", "POST"), 1),
            (("triggers", "POST"), 1),
            (("triggers", "PUT"), 1),
            (("views", "POST"), 2),
            (("views", "PUT"), 1),
        ])
    );
}

/// The bodies are the ones the fixture means: references rewritten to acme's ids and to the ids
/// this deploy's creates answered, views in the write shape, a role update sends only what
/// changed (so the contract above checks what it should).
#[test]
fn the_bodies_carry_what_the_fixture_means() {
    let (run, writes) = deploy();
    let body = |key: &str, name: &str| -> (Method, Value) {
        let (_, w) = writes
            .iter()
            .find(|(t, w)| t.key == key && run.plan.steps[w.step].name == name)
            .unwrap_or_else(|| panic!("no write of {key} {name}"));
        (w.method, w.body.clone())
    };
    let created = |key: &str, name: &str| -> String {
        let step = run
            .plan
            .steps
            .iter()
            .position(|s| s.spec.key == key && s.name == name)
            .expect("a step");
        run.target_id(step).expect("an id")
    };
    let tier2 = created("groups", "Tier 2");
    let category = created("trigger_categories", "Escalation");

    let (m, trigger) = body("triggers", "Route escalations");
    assert_eq!(m, Method::Post);
    let t = &trigger["trigger"];
    assert_eq!(t["category_id"], json!(category));
    assert!(t["category_id"].is_string());
    assert_eq!(
        t["conditions"]["all"][0]["field"],
        json!("custom_fields_9101")
    );
    assert_eq!(t["actions"][0]["value"], json!(tier2));
    assert_eq!(t["actions"][2]["field"], json!("notification_group"));
    assert_eq!(t["actions"][2]["value"][0], json!(tier2));
    assert_eq!(
        t["actions"][2]["value"][2],
        json!("Reason: {{ticket.ticket_field_9101}}")
    );
    let (m, trigger) = body("triggers", "Notify billing");
    assert_eq!(m, Method::Put);
    // Its category resolves to the one it has: unchanged, so not sent; what the spec requires
    // of an update is.
    assert!(trigger["trigger"].get("category_id").is_none(), "{trigger}");
    for key in ["title", "conditions", "actions"] {
        assert!(trigger["trigger"].get(key).is_some(), "{key}: {trigger}");
    }

    let (m, view) = body("views", "Tier 2 queue");
    assert_eq!(m, Method::Post);
    let v = view["view"].as_object().expect("a view");
    assert!(v.get("conditions").is_none() && v.get("execution").is_none());
    assert_eq!(v["all"][0]["value"], json!(tier2));
    assert_eq!(v["any"][0]["field"], json!("custom_fields_9101"));
    assert_eq!(v["output"]["columns"], json!(["status", "subject", 9101]));
    assert_eq!(v["output"]["group_by"], json!(9101));
    assert_eq!(
        v["restriction"],
        json!({"type": "Group", "ids": [tier2.parse::<u64>().unwrap_or_default()]})
    );

    let (m, macro_) = body("macros", "Refund request");
    assert_eq!(m, Method::Put);
    // Its restriction resolves to the group it has (9003): unchanged, so not sent.
    assert!(macro_["macro"].get("restriction").is_none(), "{macro_}");
    assert!(macro_["macro"].get("title").is_some() && macro_["macro"].get("actions").is_some());

    let (m, field) = body("ticket_fields", "Escalation reason");
    assert_eq!(m, Method::Put);
    assert!(field["ticket_field"].get("type").is_none());
    assert_eq!(
        field["ticket_field"]["custom_field_options"],
        json!([{"name": "Bug", "value": "esc_bug"}, {"name": "Outage", "value": "esc_outage"},
               {"name": "Data loss", "value": "esc_data_loss"}])
    );
    let (m, field) = body("ticket_fields", "VIP customer");
    assert_eq!(m, Method::Post);
    assert_eq!(field["ticket_field"]["tag"], json!("vip"));
    assert_eq!(field["ticket_field"]["type"], json!("checkbox"));

    let (m, category) = body("trigger_categories", "Email Triggers");
    assert_eq!(m, Method::Patch);
    assert_eq!(
        category,
        json!({"trigger_category": {"name": "Email Triggers"}})
    );

    let (m, staff) = body("custom_roles", "Staff");
    assert_eq!(m, Method::Put);
    let staff = staff["custom_role"].as_object().expect("a role");
    assert!(staff.get("name").is_none(), "only what changed: {staff:?}");
    assert!(staff["configuration"].get("chat_access").is_none());
    let (m, role) = body("custom_roles", "Tier 2 agent");
    assert_eq!(m, Method::Post);
    assert!(role["custom_role"]["configuration"]
        .get("chat_access")
        .is_none());
}

/// Where each write's schema comes from: the request schema the operation gives, or the object
/// it answers (when it gives none).
#[test]
fn each_write_is_checked_against_the_schema_the_spec_gives_it() {
    let described: BTreeMap<(&str, &str), Described> = writes_of_every_type()
        .into_iter()
        .map(|(t, m)| ((t.key, m.as_str()), Contract::for_write(t, m).described))
        .collect();
    let object = |s: &str| Described::Object(s.to_string());
    let request = |s: &str| Described::RequestBody(s.to_string());
    assert_eq!(
        described,
        BTreeMap::from([
            (("automations", "POST"), object("AutomationObject")),
            (("automations", "PUT"), object("AutomationObject")),
            (
                ("organization_fields", "POST"),
                object("OrganizationFieldObject")
            ),
            (
                ("organization_fields", "PUT"),
                object("OrganizationFieldObject")
            ),
            (("user_fields", "POST"), object("UserFieldObject")),
            (("user_fields", "PUT"), object("UserFieldObject")),
            (("custom_roles", "POST"), object("CustomRoleObject")),
            (("custom_roles", "PUT"), object("CustomRoleObject")),
            (("groups", "POST"), object("GroupObject")),
            (("groups", "PUT"), object("GroupObject")),
            (("macros", "POST"), request("{macro: MacroInput}")),
            (("macros", "PUT"), request("{macro: MacroInput}")),
            (("ticket_fields", "POST"), object("TicketFieldObject")),
            (("ticket_fields", "PUT"), object("TicketFieldObject")),
            (
                ("trigger_categories", "PATCH"),
                request("{trigger_category: TriggerCategoryRequest}")
            ),
            (
                ("trigger_categories", "POST"),
                request(
                    "{trigger_category: TriggerCategoryRequest & TriggerCategoryRequestRequired}"
                )
            ),
            (("triggers", "POST"), request("TriggerWithCategoryRequest")),
            (("triggers", "PUT"), request("TriggerWithCategoryRequest")),
            (("views", "POST"), object("ViewObject")),
            (("views", "PUT"), object("ViewObject")),
        ])
    );
    // `nullable` is OpenAPI 3.0's word.
    assert!(spec()["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.0")));
}

/// The spec's own example of a ticket field update (in the operation's description) sends only
/// the options: an update is partial, so an object's `required` list is for creating it.
#[test]
fn the_specs_own_partial_update_is_an_update_not_a_create() {
    let (_, _, op) = operation(&types::TICKET_FIELDS, Method::Put);
    let text = op["description"].as_str().expect("a description");
    let start = text.find("```json").expect("an example body") + "```json".len();
    let end = start + text[start..].find("```").expect("its end");
    let example: Value = serde_json::from_str(&text[start..end]).expect("the example is JSON");
    assert!(example["ticket_field"].get("type").is_none());
    let update = Contract::for_write(&types::TICKET_FIELDS, Method::Put);
    let create = Contract::for_write(&types::TICKET_FIELDS, Method::Post);
    update
        .check(&example)
        .unwrap_or_else(|e| panic!("{e}\n{example:#}"));
    assert!(create.check(&example).is_err(), "type and title create it");
}

/// The check itself can fail: per schema, bodies the spec refuses are refused.
#[test]
fn the_contract_check_refuses_what_the_spec_refuses() {
    let contracts = contracts();
    let refused: [(&str, &str, Value); 30] = [
        // GroupObject
        ("groups", "POST", json!({"group": {"name": 5}})),
        (
            "groups",
            "POST",
            json!({"group": {"description": "no name"}}),
        ),
        ("groups", "POST", json!({"group": {"name": "X", "id": 7}})),
        ("groups", "PUT", json!({"group": {"is_public": "yes"}})),
        ("groups", "PUT", json!({"groups": {"name": "X"}})),
        // TicketFieldObject
        (
            "ticket_fields",
            "POST",
            json!({"ticket_field": {"type": "checkbox", "title": "X", "tag": 5}}),
        ),
        (
            "ticket_fields",
            "POST",
            json!({"ticket_field": {"type": "tagger", "title": "X",
            "custom_field_options": [{"name": "No tag"}]}}),
        ),
        (
            "ticket_fields",
            "POST",
            json!({"ticket_field": {"type": "text", "title": "X", "removable": true}}),
        ),
        (
            "ticket_fields",
            "POST",
            json!({"ticket_field": {"raw_title": "no type"}}),
        ),
        (
            "ticket_fields",
            "PUT",
            json!({"ticket_field": {"active": "yes"}}),
        ),
        // {trigger_category: TriggerCategoryRequest & TriggerCategoryRequestRequired}
        (
            "trigger_categories",
            "POST",
            json!({"trigger_category": {"position": 1}}),
        ),
        (
            "trigger_categories",
            "POST",
            json!({"trigger_category": {"name": 5}}),
        ),
        // {trigger_category: TriggerCategoryRequest}
        (
            "trigger_categories",
            "PATCH",
            json!({"trigger_category": {"position": "first"}}),
        ),
        (
            "trigger_categories",
            "PATCH",
            json!({"category": {"name": "X"}}),
        ),
        // TriggerWithCategoryRequest
        (
            "triggers",
            "POST",
            json!({"trigger": {"title": "X", "actions": []}}),
        ),
        (
            "triggers",
            "POST",
            json!({"trigger": {"title": "X", "conditions": {}, "actions": [],
            "category_id": 10026}}),
        ),
        (
            "triggers",
            "POST",
            json!({"trigger": {"title": "X", "conditions": {"all": [
            {"field": "status", "operator": "is", "value": {"status": "new"}}]}, "actions": []}}),
        ),
        (
            "triggers",
            "PUT",
            json!({"trigger": {"title": "X", "conditions": {}, "actions": [], "id": 5}}),
        ),
        (
            "triggers",
            "PUT",
            json!({"trigger": {"title": "X", "conditions": {}, "actions": "none"}}),
        ),
        // {macro: MacroInput}
        ("macros", "POST", json!({"macro": {"title": "X"}})),
        (
            "macros",
            "POST",
            json!({"macro": {"title": "X", "actions": [{"field": "status", "value": 5}]}}),
        ),
        (
            "macros",
            "PUT",
            json!({"macro": {"title": "X", "actions": [],
            "restriction": {"type": "Group", "ids": ["ten"]}}}),
        ),
        // ViewObject
        ("views", "POST", json!({"view": {"title": 5}})),
        ("views", "POST", json!({"view": {"title": "X", "id": 3}})),
        ("views", "PUT", json!({"view": {"restriction": "Group"}})),
        ("views", "PUT", json!({"view": {"active": "yes"}})),
        // CustomRoleObject
        (
            "custom_roles",
            "POST",
            json!({"custom_role": {"name": "X", "team_member_count": 0}}),
        ),
        (
            "custom_roles",
            "POST",
            json!({"custom_role": {"description": "no name"}}),
        ),
        (
            "custom_roles",
            "PUT",
            json!({"custom_role": {"configuration": {"ticket_merge": "yes"}}}),
        ),
        (
            "custom_roles",
            "PUT",
            json!({"custom_role": {"configuration": {"chat_access": true}}}),
        ),
    ];
    for (key, method, body) in refused {
        assert!(
            contracts[&(key, method)].check(&body).is_err(),
            "{method} {key} accepted: {body}"
        );
    }
    // And what the spec allows passes: a partial update, null where the spec says nullable.
    let accepted: [(&str, &str, Value); 4] = [
        (
            "groups",
            "PUT",
            json!({"group": {"description": "only this"}}),
        ),
        (
            "ticket_fields",
            "POST",
            json!({"ticket_field": {"type": "text", "title": "X", "tag": null}}),
        ),
        (
            "macros",
            "PUT",
            json!({"macro": {"title": "X", "actions": [], "description": null}}),
        ),
        (
            "trigger_categories",
            "PATCH",
            json!({"trigger_category": {"position": 3}}),
        ),
    ];
    for (key, method, body) in accepted {
        contracts[&(key, method)]
            .check(&body)
            .unwrap_or_else(|e| panic!("{method} {key}: {e}\n{body}"));
    }
}
