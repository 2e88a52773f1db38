//! Contract test: every request a deploy sends (`deploy::run::Run::next_write`, from a plan of
//! doc-shaped inventories: the items' own writes, and the requests of their parts, a dynamic
//! content item's variants, a schedule's work week and holidays) calls an operation of the
//! Support API's own description (../shared/specs/zendesk-support-oas.yaml), and its body
//! validates against that operation's schema. No schema is copied by hand: each is read from the
//! spec file, for the operation the request calls (the spec's path template that matches the
//! request's path, see `spec_path`).
//!
//! Which schema, per operation:
//! - where the operation has a `requestBody` schema (triggers, macros, trigger categories), that
//!   schema; it describes the whole body, wrapper included, so the whole body is validated;
//! - where it has none (groups, ticket fields, views, custom roles, ticket forms, SLA policies,
//!   dynamic content and its variants), the object schema the operation answers under the
//!   wrapper key (`GroupObject`, `DynamicContentVariantObject`, ...) read as OpenAPI reads a
//!   schema for a request (`readOnly` properties must not be sent and are not required), and
//!   validated against the wrapped object. For an update (PUT), the object's `required` list
//!   is not applied: the spec documents partial updates for these operations (see
//!   `the_specs_own_partial_update_is_an_update_not_a_create`; Update Variant: "You don't need
//!   to include all the properties").
//!   `ViewObject` is the read shape (`conditions`, `execution`): it says nothing of the write
//!   shape's `all`/`any`/`output` (documented only in the Create View operation's words), so the
//!   schema checks a view body's other fields, and `the_bodies_carry_what_the_fixture_means` its
//!   write shape.
//! - a removal (DELETE of a variant or a holiday) has no body: the operation must take none.
//!
//! Schedules are not in the spec: it has no `/api/v2/business_hours/...` path at all. Their
//! writes (the schedule, `PUT .../schedules/{id}/workweek`, `POST|PUT|DELETE
//! .../schedules/{id}/holidays[/{id}]`) are checked against Zendesk's Schedules API reference as
//! deploy.md cites it (a schedule's `name` and `time_zone`; a work week's `intervals` of
//! `start_time`/`end_time` minutes since Sunday; a holiday's `name`, `start_date`, `end_date`),
//! body by body and exactly, in `the_bodies_carry_what_the_fixture_means`.
//! `the_spec_lacks_exactly_the_schedules_writes` asserts that exactly those are the writes the
//! spec lacks, so a spec that comes to describe them makes the test say so.
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
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;
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

/// The spec's path template a request path calls (`/api/v2/groups/9001.json` ->
/// `/api/v2/groups/{group_id}`): a template of as many segments, each fixed one equal to the
/// request's and each `{parameter}` standing for one segment; of several, the one with the most
/// fixed segments (`.../items/show_many` rather than `.../items/{id}` for `.../items/show_many`).
/// `None` when the spec has no such path.
fn spec_path(request: &str) -> Option<String> {
    let path = request.split('?').next().unwrap_or(request);
    let path = path.strip_suffix(".json").unwrap_or(path);
    let segments: Vec<&str> = path.split('/').collect();
    let mut matches: Vec<(usize, &String)> = spec()["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .filter_map(|template| {
            let fixed: Vec<&str> = template.split('/').collect();
            if fixed.len() != segments.len() {
                return None;
            }
            let mut count = 0;
            for (t, s) in fixed.iter().zip(&segments) {
                if t.starts_with('{') && t.ends_with('}') {
                    if s.is_empty() {
                        return None;
                    }
                } else if t == s {
                    count += 1;
                } else {
                    return None;
                }
            }
            Some((count, template))
        })
        .collect();
    matches.sort_by_key(|m| std::cmp::Reverse(m.0));
    match matches.as_slice() {
        [] => None,
        [(best, template), rest @ ..] => {
            assert!(
                rest.first().is_none_or(|(next, _)| next < best),
                "{request} matches several spec paths: {matches:?}"
            );
            Some((*template).clone())
        }
    }
}

fn method_name(method: Method) -> &'static str {
    match method {
        Method::Get => "get",
        Method::Post => "post",
        Method::Put => "put",
        Method::Patch => "patch",
        Method::Delete => "delete",
    }
}

/// The spec's operation a request calls: (path template, method, operation); `None` when the
/// spec does not describe it.
fn operation(method: Method, request: &str) -> Option<(String, &'static str, &'static Value)> {
    let path = spec_path(request)?;
    let m = method_name(method);
    let op = &spec()["paths"][&path][m];
    op.is_object().then_some((path, m, op))
}

/// Where the spec describes a write's body.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Described {
    /// The operation's `requestBody` schema (the whole body): a `$ref`'s name, or the inline
    /// schema in words (`{macro: MacroInput}`).
    RequestBody(String),
    /// No request schema: the object schema the operation answers under the wrapper.
    Object(String),
}

/// A compiled contract for one operation and the wrapper its bodies carry.
struct Contract {
    /// The spec's path template.
    path: String,
    described: Described,
    wrapper: &'static str,
    validator: jsonschema::Validator,
}

impl Contract {
    /// The contract of the operation `request` (a path) calls with `method`, for bodies wrapped
    /// in `wrapper`.
    fn for_request(request: &str, method: Method, wrapper: &'static str) -> Contract {
        let (path, m, op) = operation(method, request)
            .unwrap_or_else(|| panic!("{method:?} {request} is not in the spec"));
        let mut schemas = spec_schemas();
        let request = &op["requestBody"]["content"]["application/json"]["schema"];
        let (described, mut root) = if request.is_object() {
            // The schema of the whole body: it must name the wrapper, or the wrapper's object
            // would go unchecked.
            let whole = resolved(request);
            let inner = &whole["properties"][wrapper];
            assert!(
                inner.is_object(),
                "{m} {path}: the request schema has no `{wrapper}`"
            );
            let words = match request.get("$ref").and_then(Value::as_str) {
                Some(r) => schema_name(r).to_string(),
                None => format!("{{{wrapper}: {}}}", in_words(inner)),
            };
            (Described::RequestBody(words), request.clone())
        } else {
            let name = answered_object(op, wrapper)
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
            path,
            described,
            wrapper,
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

/// One kind of request a deploy sends: `key` is the type's (`schedules`) or, for a part of an
/// item written on its own, the type's and the part's (`schedules/holidays`).
#[derive(Debug, Clone)]
struct Sample {
    key: String,
    method: Method,
    /// The body's wrapper (none for a removal).
    wrapper: Option<&'static str>,
    /// A request path of this kind (the item's id 1, a sub-item's 2).
    path: String,
}

/// Every kind of request a deploy sends, from the type table: POST to create, the type's
/// method to update; a field written apart, PUT; a sub-item, POST, PUT and DELETE.
fn requests_of_every_type() -> Vec<Sample> {
    let sample = |key: String, method, wrapper, path| Sample {
        key,
        method,
        wrapper,
        path,
    };
    let mut out = Vec::new();
    for t in types::TYPES {
        out.push(sample(
            t.key.to_string(),
            Method::Post,
            Some(t.wrapper),
            format!("{}.json", t.path),
        ));
        out.push(sample(
            t.key.to_string(),
            update_method(t),
            Some(t.wrapper),
            format!("{}/1.json", t.path),
        ));
        for s in t.separate {
            out.push(sample(
                format!("{}/{}", t.key, s.sub),
                Method::Put,
                Some(s.wrapper),
                format!("{}/1/{}.json", t.path, s.sub),
            ));
        }
        if let Some(c) = t.children {
            let key = format!("{}/{}", t.key, c.sub);
            out.push(sample(
                key.clone(),
                Method::Post,
                Some(c.wrapper),
                format!("{}/1/{}.json", t.path, c.sub),
            ));
            out.push(sample(
                key.clone(),
                Method::Put,
                Some(c.wrapper),
                format!("{}/1/{}/2.json", t.path, c.sub),
            ));
            out.push(sample(
                key,
                Method::Delete,
                None,
                format!("{}/1/{}/2.json", t.path, c.sub),
            ));
        }
    }
    out
}

/// The kind of a request of a deploy, from its path: (its key, its body's wrapper).
fn kind_of(ty: &TypeSpec, path: &str) -> (String, &'static str) {
    let rest = path
        .strip_prefix(ty.path)
        .and_then(|r| r.strip_suffix(".json"))
        .unwrap_or_else(|| panic!("{path} is not under {}", ty.path));
    let parts: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    match parts.as_slice() {
        [] | [_] => (ty.key.to_string(), ty.wrapper),
        [_, sub, ..] => {
            let wrapper = ty
                .separate
                .iter()
                .find(|s| s.sub == *sub)
                .map(|s| s.wrapper)
                .or_else(|| ty.children.filter(|c| c.sub == *sub).map(|c| c.wrapper))
                .unwrap_or_else(|| panic!("{path}: {sub} is no part of {}", ty.key));
            (format!("{}/{sub}", ty.key), wrapper)
        }
    }
}

fn update_method(ty: &TypeSpec) -> Method {
    match ty.update {
        Update::Put => Method::Put,
        Update::Patch => Method::Patch,
    }
}

/// The writes the spec does not describe: a schedule's, its work week's and its holidays'
/// (the spec has no business hours path). Checked by their exact bodies instead.
const NOT_IN_SPEC: [(&str, &str); 6] = [
    ("schedules", "POST"),
    ("schedules", "PUT"),
    ("schedules/holidays", "DELETE"),
    ("schedules/holidays", "POST"),
    ("schedules/holidays", "PUT"),
    ("schedules/workweek", "PUT"),
];

/// The contract of each kind of request with a body that the spec describes (compiled once:
/// each reads the whole spec's schemas).
fn contracts() -> &'static BTreeMap<(String, &'static str), Contract> {
    static CONTRACTS: OnceLock<BTreeMap<(String, &'static str), Contract>> = OnceLock::new();
    CONTRACTS.get_or_init(|| {
        requests_of_every_type()
            .into_iter()
            .filter(|s| operation(s.method, &s.path).is_some())
            .filter_map(|s| {
                let contract = Contract::for_request(&s.path, s.method, s.wrapper?);
                Some(((s.key, s.method.as_str()), contract))
            })
            .collect()
    })
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

/// A ticket form as `TicketFormObject` lists one.
fn form(account: &str, id: u64, name: &str, fields: Value, agent: Value, end_user: Value) -> Value {
    json!({"id": id, "url": format!("{account}/ticket_forms/{id}.json"), "name": name, "raw_name": name,
           "display_name": name, "raw_display_name": name, "end_user_visible": true, "active": true,
           "default": false, "position": 9999, "in_all_brands": true, "restricted_brand_ids": [],
           "ticket_field_ids": fields, "agent_conditions": agent, "end_user_conditions": end_user,
           "created_at": "2024-04-02T22:55:29Z", "updated_at": "2025-04-02T22:55:29Z"})
}

/// An SLA policy as `SLAPolicyObject` lists one.
fn sla(
    account: &str,
    id: u64,
    title: &str,
    description: &str,
    filter: Value,
    metrics: Value,
) -> Value {
    json!({"id": id, "url": format!("{account}/slas/policies/{id}.json"), "title": title,
           "description": description, "position": 3, "filter": filter, "policy_metrics": metrics,
           "created_at": "2025-03-17T22:50:26Z", "updated_at": "2025-03-17T22:50:26Z"})
}

/// A dynamic content item as `DynamicContentObject` lists one: each variant
/// `(id, locale_id, content, default)`.
fn dynamic_content(
    account: &str,
    id: u64,
    name: &str,
    placeholder: &str,
    variants: &[(u64, u64, &str, bool)],
) -> Value {
    let variants: Vec<Value> = variants
        .iter()
        .map(|(vid, locale, content, default)| {
            json!({"id": vid, "url": format!("{account}/dynamic_content/items/{id}/variants/{vid}.json"),
                   "locale_id": locale, "content": content, "active": true, "default": default,
                   "outdated": false, "created_at": "2025-05-13T22:33:12Z", "updated_at": "2025-05-13T22:33:12Z"})
        })
        .collect();
    json!({"id": id, "url": format!("{account}/dynamic_content/items/{id}.json"), "name": name,
           "placeholder": placeholder, "default_locale_id": 1, "outdated": false, "variants": variants,
           "created_at": "2025-05-13T22:33:12Z", "updated_at": "2025-05-13T22:33:12Z"})
}

/// Monday to Friday, `from` to `to` (hours), as a schedule's intervals (minutes since Sunday
/// midnight).
fn workweek(from: u64, to: u64) -> Value {
    Value::Array(
        (1..=5u64)
            .map(|day| json!({"start_time": day * 1440 + from * 60, "end_time": day * 1440 + to * 60}))
            .collect(),
    )
}

/// A schedule as Zendesk's Schedules API lists one (not in the OAS), with its holidays (read at
/// `.../schedules/{id}/holidays`): each `(id, name, start_date, end_date)`.
fn schedule(
    id: u64,
    name: &str,
    time_zone: &str,
    intervals: Value,
    holidays: &[(u64, &str, &str, &str)],
) -> Value {
    let holidays: Vec<Value> = holidays
        .iter()
        .map(|(hid, name, start, end)| json!({"id": hid, "name": name, "start_date": start, "end_date": end}))
        .collect();
    json!({"id": id, "name": name, "time_zone": time_zone, "intervals": intervals, "holidays": holidays,
           "created_at": "2015-09-09T22:07:33Z", "updated_at": "2015-09-09T22:07:33Z"})
}

/// The people and places a rule names (never written): a user as `UserObject` lists one, an
/// organization as `OrganizationObject`, a brand as `BrandObject`, a target as `TargetObject`,
/// a webhook as Zendesk's Webhooks API does (not in the OAS).
fn lookups(
    account: &str,
    ids: [u64; 4],
    email: &str,
    org: &str,
    webhook: &str,
) -> Vec<(&'static str, Vec<Value>)> {
    let [user, organization, brand, target] = ids;
    vec![
        (
            "users",
            vec![
                json!({"id": user, "url": format!("{account}/users/{user}.json"), "name": "Pat Lee",
                        "email": email, "role": "agent", "active": true, "verified": true, "suspended": false,
                        "time_zone": "Eastern Time (US & Canada)", "locale": "en-US", "locale_id": 1,
                        "organization_id": null, "default_group_id": null, "tags": [], "user_fields": {},
                        "created_at": "2024-01-05T10:00:00Z", "updated_at": "2025-01-05T10:00:00Z"}),
            ],
        ),
        (
            "organizations",
            vec![
                json!({"id": organization, "url": format!("{account}/organizations/{organization}.json"),
                        "name": org, "domain_names": ["initech.example"], "details": "", "notes": "",
                        "group_id": null, "shared_tickets": false, "shared_comments": false, "tags": [],
                        "organization_fields": {}, "external_id": null,
                        "created_at": "2024-01-05T10:00:00Z", "updated_at": "2025-01-05T10:00:00Z"}),
            ],
        ),
        (
            "brands",
            vec![
                json!({"id": brand, "url": format!("{account}/brands/{brand}.json"), "name": "Service Desk",
                        "brand_url": "https://service.zendesk.com", "subdomain": "service", "active": true,
                        "default": false, "is_deleted": false, "has_help_center": false,
                        "help_center_state": "disabled", "host_mapping": null, "ticket_form_ids": [],
                        "signature_template": "{{agent.signature}}",
                        "created_at": "2024-01-05T10:00:00Z", "updated_at": "2025-01-05T10:00:00Z"}),
            ],
        ),
        (
            "targets",
            vec![
                json!({"id": target, "title": "Ops pager", "type": "email_target", "active": true,
                        "email": "pager@ops.example", "subject": "Escalation",
                        "created_at": "2024-01-05T10:00:00Z"}),
            ],
        ),
        (
            "webhooks",
            vec![
                json!({"id": webhook, "name": "Slack alerts", "status": "active",
                        "endpoint": "https://hooks.slack.example/services/T0", "http_method": "POST",
                        "request_format": "json", "subscriptions": ["conditional_ticket_events"],
                        "created_at": "2024-01-05T10:00:00Z", "created_by": "1900000001"}),
            ],
        ),
    ]
}
fn globex() -> Inventory {
    let reason = 361002000101u64;
    let product = 361002000102u64;
    let mut types = vec![
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
                                   {"field": "status", "operator": "less_than", "value": "solved"},
                                   {"field": "brand_id", "operator": "is", "value": "361015000001"},
                                   {"field": "organization_id", "operator": "is", "value": "361016000001"},
                                   {"field": "ticket_form_id", "operator": "is", "value": "361012000001"}],
                           "any": [{"field": "priority", "operator": "is", "value": "urgent"},
                                   {"field": "via_id", "operator": "is", "value": "4"}]},
                       "actions": [{"field": "group_id", "value": "361001100002"},
                                   {"field": "priority", "value": "high"},
                                   {"field": "notification_group",
                                    "value": ["361001100002", "Escalated: {{ticket.title}}",
                                              format!("Reason: {{{{ticket.ticket_field_{reason}}}}}")]},
                                   {"field": "assignee_id", "value": "361017000001"},
                                   {"field": "notification_user",
                                    "value": ["361017000001", "Escalated", "{{dc.escalation_notice}} {{ticket.id}}"]},
                                   {"field": "notification_target", "value": ["361018000001", "Escalated: {{ticket.id}}"]},
                                   {"field": "notification_webhook",
                                    "value": ["01GZWEBHOOKGLOBEX0000000001", "{\"text\": \"{{dc.greeting}} {{ticket.id}}\"}"]},
                                   {"field": "set_schedule", "value": "361011000001"}],
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
                                    "value": format!("{{{{dc.greeting}}}} Escalated ({{{{ticket.ticket_field_option_title_{reason}}}}})")},
                                   {"field": "assignee_id", "value": "361017000001"},
                                   {"field": "brand_id", "value": "361015000001"}],
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
    ];
    types.extend(globex_more(reason, product));
    inventory(types)
}

/// acme holds some of them already (other ids, other settings): those are updated.
fn acme() -> Inventory {
    let reason = 9101u64;
    let mut types = vec![
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
                // On acme's billing form only (with a condition): the form drops it.
                field(ACME, 9102, "text", "Legacy code", json!({})),
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
    ];
    types.extend(acme_more(reason));
    inventory(types)
}
/// `item` with the fields of `extra` added or replaced.
fn merged(mut item: Value, extra: Value) -> Value {
    if let (Some(i), Some(extra)) = (item.as_object_mut(), extra.as_object()) {
        i.extend(extra.clone());
    }
    item
}

/// globex's ticket forms, SLA policies, dynamic content and schedules, and the people and
/// places its trigger and macro name.
fn globex_more(reason: u64, product: u64) -> Vec<(&'static str, Vec<Value>)> {
    let subject = 361002000001u64;
    let mut more = vec![
        (
            "ticket_forms",
            vec![
                // New in acme: its fields are acme's (Subject, Escalation reason) and one this
                // deploy creates (Product), in its conditions too.
                merged(
                    form(
                        GLOBEX,
                        361012000001,
                        "Escalation form",
                        json!([subject, reason, product]),
                        json!([{"parent_field_id": reason, "value": "esc_outage",
                                "child_fields": [{"id": product, "is_required": true,
                                                  "required_on_statuses": {"type": "SOME_STATUSES", "statuses": ["solved"]}}]}]),
                        json!([{"parent_field_id": reason, "value": "esc_outage",
                                "child_fields": [{"id": product, "is_required": false}]}]),
                    ),
                    json!({"display_name": "Escalated", "raw_display_name": "{{dc.escalation_notice}}"}),
                ),
                // acme's has a field more (Legacy code) and a condition on it: both dropped.
                form(
                    GLOBEX,
                    361012000002,
                    "Billing form",
                    json!([subject, reason]),
                    json!([]),
                    json!([]),
                ),
            ],
        ),
        (
            "sla_policies",
            vec![
                // Options by id: Outage and Data loss (2, 3), which acme gets from this deploy's
                // update of the field; Bananas (5) of the field it creates.
                sla(
                    GLOBEX,
                    361013000001,
                    "Escalation SLA",
                    "Outages and data loss first",
                    json!({"all": [{"field": format!("custom_fields_{reason}"), "operator": "includes", "value": [2, 3]},
                                   {"field": "group_id", "operator": "includes", "value": ["361001100002"]}],
                           "any": [{"field": format!("custom_fields_{product}"), "operator": "includes", "value": [5]}]}),
                    json!([{"priority": "urgent", "metric": "first_reply_time", "target": 30, "business_hours": true},
                           {"priority": "high", "metric": "first_reply_time", "target": 60, "business_hours": false}]),
                ),
                // Bug (1), which acme has (11).
                sla(
                    GLOBEX,
                    361013000002,
                    "Standard SLA",
                    "Everyone else",
                    json!({"all": [{"field": format!("ticket_fields_{reason}"), "operator": "includes", "value": [1]}],
                           "any": []}),
                    json!([{"priority": "normal", "metric": "requester_wait_time", "target": 480, "business_hours": true}]),
                ),
            ],
        ),
        (
            "dynamic_content",
            vec![
                dynamic_content(
                    GLOBEX,
                    361014000001,
                    "Greeting",
                    "{{dc.greeting}}",
                    &[
                        (361014100001, 1, "Hello", true),
                        (361014100002, 16, "Bonjour", false),
                    ],
                ),
                dynamic_content(
                    GLOBEX,
                    361014000002,
                    "Escalation notice",
                    "{{dc.escalation_notice}}",
                    &[
                        (361014100003, 1, "Escalated to Tier 2", true),
                        (361014100004, 16, "Transmis au niveau 2", false),
                    ],
                ),
            ],
        ),
        (
            "schedules",
            vec![
                schedule(
                    361011000001,
                    "Support hours",
                    "Eastern Time (US & Canada)",
                    workweek(9, 17),
                    &[(361011100001, "New Year", "2027-01-01", "2027-01-01")],
                ),
                schedule(
                    361011000002,
                    "Office hours",
                    "Pacific Time (US & Canada)",
                    workweek(8, 18),
                    &[
                        (361011100002, "New Year", "2027-01-01", "2027-01-02"),
                        (361011100003, "Labor Day", "2027-09-06", "2027-09-06"),
                    ],
                ),
            ],
        ),
    ];
    more.extend(lookups(
        GLOBEX,
        [361017000001, 361016000001, 361015000001, 361018000001],
        "pat.lee@example.com",
        "Initech",
        "01GZWEBHOOKGLOBEX0000000001",
    ));
    more
}

/// acme's: the billing form with a field and a condition more, the standard SLA with another
/// target, the escalation notice with other variants, office hours with another time zone,
/// work week and holidays; the same people and places under other ids.
fn acme_more(reason: u64) -> Vec<(&'static str, Vec<Value>)> {
    let mut more = vec![
        (
            "ticket_forms",
            vec![form(
                ACME,
                9301,
                "Billing form",
                json!([9100, reason, 9102]),
                json!([{"parent_field_id": reason, "value": "esc_legacy",
                        "child_fields": [{"id": 9102, "is_required": false,
                                          "required_on_statuses": {"type": "NO_STATUSES"}}]}]),
                json!([]),
            )],
        ),
        (
            "sla_policies",
            vec![sla(
                ACME,
                9351,
                "Standard SLA",
                "Everyone else",
                json!({"all": [{"field": format!("ticket_fields_{reason}"), "operator": "includes", "value": [11]}],
                       "any": []}),
                json!([{"priority": "normal", "metric": "requester_wait_time", "target": 960, "business_hours": true}]),
            )],
        ),
        (
            "dynamic_content",
            vec![dynamic_content(
                ACME,
                9141,
                "escalation notice",
                "{{dc.escalation_notice}}",
                &[(21, 1, "Escalated", true), (22, 1005, "Eskaliert", false)],
            )],
        ),
        (
            "schedules",
            vec![schedule(
                9111,
                "office hours",
                "Mountain Time (US & Canada)",
                workweek(9, 17),
                &[
                    (51, "New Year", "2027-01-01", "2027-01-01"),
                    (52, "Founders day", "2027-03-01", "2027-03-01"),
                ],
            )],
        ),
    ];
    more.extend(lookups(
        ACME,
        [9171, 9161, 9151, 9181],
        "Pat.Lee@example.com",
        "initech",
        "01GZWEBHOOKACME00000000001",
    ));
    more
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

/// One request of the deploy: its type, the write, and what it was answered.
struct Sent {
    ty: &'static TypeSpec,
    write: Write,
    answer: Value,
}

/// The deploy of globex's configuration to acme, carried out: every request, each answered as
/// Zendesk would (see `answer`).
fn deploy() -> (Run, Vec<Sent>) {
    let plan = plan(&components(), &globex(), &acme(), &|s: &str| {
        s.to_lowercase()
    });
    let totals = plan.totals();
    let blocked: Vec<_> = plan
        .steps
        .iter()
        .filter(|s| s.is_blocked())
        .map(|s| (s.spec.key, &s.name, &s.action))
        .collect();
    assert_eq!(
        (totals.blocked, totals.unchanged),
        (0, 0),
        "{totals:?} {blocked:?}"
    );
    let mut run = Run::new(plan);
    let mut next_id = 9900u64;
    let mut sent = Vec::new();
    while let Some(w) = run.next_write() {
        let step = &run.plan.steps[w.step];
        let ty = step.spec;
        let answer = answer(ty, &w, step.target.as_ref(), &mut next_id);
        run.record(&w, Ok(answer.clone()), 0.0);
        sent.push(Sent {
            ty,
            write: w,
            answer,
        });
    }
    (run, sent)
}

/// What Zendesk answers a request: what was written, with its id (a new one for a create, a
/// trigger category's as a string, as Zendesk answers it) and, for a field, its options' ids
/// (the target's for the tags it had, new ones for the others); nothing to a removal.
fn answer(ty: &TypeSpec, w: &Write, target: Option<&Item>, next_id: &mut u64) -> Value {
    if w.method == Method::Delete {
        return Value::Null;
    }
    let (_, wrapper) = kind_of(ty, &w.path);
    let mut object = w.body[wrapper].as_object().cloned().unwrap_or_default();
    if w.method == Method::Post {
        *next_id += 1;
        let id = if ty.key == "trigger_categories" {
            json!(next_id.to_string())
        } else {
            json!(*next_id)
        };
        object.insert("id".into(), id);
    } else if let Some(id) = target
        .and_then(|t| t.get("id"))
        .filter(|_| wrapper == ty.wrapper)
    {
        object.insert("id".into(), id.clone());
    }
    let listed = target
        .and_then(|t| t.get("custom_field_options"))
        .and_then(Value::as_array);
    if let Some(options) = object
        .get_mut("custom_field_options")
        .and_then(Value::as_array_mut)
    {
        for option in options.iter_mut().filter_map(Value::as_object_mut) {
            let kept = listed
                .into_iter()
                .flatten()
                .find(|o| o.get("value") == option.get("value"))
                .and_then(|o| o.get("id"))
                .cloned();
            let id = kept.unwrap_or_else(|| {
                *next_id += 1;
                json!(*next_id)
            });
            option.insert("id".into(), id);
        }
    }
    let mut answer = Map::new();
    answer.insert(wrapper.to_string(), Value::Object(object));
    Value::Object(answer)
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
    let (run, sent) = deploy();
    assert_eq!(run.done(), run.total(), "every planned change is written");
    for (i, outcome) in run.outcomes.iter().enumerate() {
        assert!(
            matches!(outcome, Some(Outcome::Created { .. } | Outcome::Updated)),
            "{}: {outcome:?}",
            run.plan.steps[i].name
        );
    }
    let steps: BTreeSet<usize> = sent.iter().map(|s| s.write.step).collect();
    assert_eq!(steps.len(), run.total());
    let mut counted: BTreeMap<(String, &str), usize> = BTreeMap::new();
    let mut refused = Vec::new();
    let mut lacking = BTreeSet::new();
    for Sent { ty, write: w, .. } in &sent {
        let method = w.method.as_str();
        let (key, _) = kind_of(ty, &w.path);
        // The write goes to its step's item: the collection to create it, its id otherwise
        // (the created one for what follows a create).
        let id = run.target_id(w.step).expect("the item has an id");
        if key == ty.key {
            let expected = match w.method {
                Method::Post => format!("{}.json", ty.path),
                _ => format!("{}/{id}.json", ty.path),
            };
            assert_eq!(w.path, expected, "{method}");
            if w.method != Method::Post {
                assert_eq!(w.method, update_method(ty), "{}", ty.key);
            }
        } else {
            let prefix = format!("{}/{id}/", ty.path);
            assert!(w.path.starts_with(&prefix), "{method} {}", w.path);
        }
        // No placeholder of a created item is left in a body.
        let text = w.body.to_string();
        assert!(!text.contains("18446744073709"), "a placeholder in {text}");
        match operation(w.method, &w.path) {
            // Checked by its exact body in `the_bodies_carry_what_the_fixture_means`.
            None => {
                lacking.insert((key.clone(), method));
            }
            Some((path, _, op)) if w.method == Method::Delete => {
                assert!(w.body.is_null(), "a removal has no body: {}", w.body);
                assert!(
                    op.get("requestBody").is_none(),
                    "DELETE {path} takes a body"
                );
            }
            Some((path, _, _)) => {
                let contract = &contracts[&(key.clone(), method)];
                assert_eq!(contract.path, path, "{method} {}", w.path);
                let (known, errors): (Vec<String>, Vec<String>) = contract
                    .errors(&w.body)
                    .into_iter()
                    .partition(|e| is_known_mismatch(&key, method, e));
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
            }
        }
        *counted.entry((key, method)).or_default() += 1;
    }
    assert!(
        refused.is_empty(),
        "{} bodies the spec refuses:\n{}",
        refused.len(),
        refused.join("\n\n")
    );
    // What the spec lacks is what it is known to lack: the schedules' writes.
    let not_in_spec: BTreeSet<(String, &str)> = NOT_IN_SPEC
        .iter()
        .map(|(k, m)| (k.to_string(), *m))
        .collect();
    assert_eq!(lacking, not_in_spec);
    // Every kind of request, sent.
    for s in requests_of_every_type() {
        assert!(
            counted
                .get(&(s.key.clone(), s.method.as_str()))
                .is_some_and(|n| *n > 0),
            "no {} {} was sent: {counted:?}",
            s.method.as_str(),
            s.key
        );
    }
    let counted: BTreeMap<(&str, &str), usize> = counted
        .iter()
        .map(|((k, m), n)| ((k.as_str(), *m), *n))
        .collect();
    assert_eq!(
        counted,
        BTreeMap::from([
            (("automations", "POST"), 1),
            (("automations", "PUT"), 1),
            (("custom_roles", "POST"), 1),
            (("custom_roles", "PUT"), 2),
            (("dynamic_content", "POST"), 1),
            (("dynamic_content", "PUT"), 1),
            (("dynamic_content/variants", "DELETE"), 1),
            (("dynamic_content/variants", "POST"), 1),
            (("dynamic_content/variants", "PUT"), 1),
            (("groups", "POST"), 1),
            (("groups", "PUT"), 1),
            (("macros", "POST"), 2),
            (("macros", "PUT"), 1),
            (("organization_fields", "POST"), 1),
            (("organization_fields", "PUT"), 1),
            (("schedules", "POST"), 1),
            (("schedules", "PUT"), 1),
            (("schedules/holidays", "DELETE"), 1),
            (("schedules/holidays", "POST"), 2),
            (("schedules/holidays", "PUT"), 1),
            (("schedules/workweek", "PUT"), 2),
            (("sla_policies", "POST"), 1),
            (("sla_policies", "PUT"), 1),
            (("ticket_fields", "POST"), 2),
            (("ticket_fields", "PUT"), 1),
            (("ticket_forms", "POST"), 1),
            (("ticket_forms", "PUT"), 2),
            (("trigger_categories", "PATCH"), 1),
            (("trigger_categories", "POST"), 1),
            (("triggers", "POST"), 1),
            (("triggers", "PUT"), 1),
            (("user_fields", "POST"), 1),
            (("user_fields", "PUT"), 1),
            (("views", "POST"), 2),
            (("views", "PUT"), 1),
        ])
    );
}

/// The spec has no business hours path: a schedule's writes, its work week's and its
/// holidays' are all it lacks of what a deploy sends. When a spec describes them, this says
/// so: check them against it then (and take them out of `NOT_IN_SPEC`).
#[test]
fn the_spec_lacks_exactly_the_schedules_writes() {
    let lacking: BTreeSet<(String, &str)> = requests_of_every_type()
        .into_iter()
        .filter(|s| operation(s.method, &s.path).is_none())
        .map(|s| (s.key, s.method.as_str()))
        .collect();
    let not_in_spec: BTreeSet<(String, &str)> = NOT_IN_SPEC
        .iter()
        .map(|(k, m)| (k.to_string(), *m))
        .collect();
    assert_eq!(lacking, not_in_spec);
    let business_hours: Vec<&String> = spec()["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .filter(|p| p.starts_with("/api/v2/business_hours"))
        .collect();
    assert!(business_hours.is_empty(), "{business_hours:?}");
}

/// A request's path finds the spec's template: parameters stand for one segment, fixed
/// segments win, a query and `.json` are not part of it.
#[test]
fn a_request_path_finds_its_spec_path() {
    for (request, template) in [
        ("/api/v2/groups.json", Some("/api/v2/groups")),
        ("/api/v2/groups/9001.json", Some("/api/v2/groups/{group_id}")),
        (
            "/api/v2/dynamic_content/items/9141/variants/21.json",
            Some("/api/v2/dynamic_content/items/{dynamic_content_item_id}/variants/{dynammic_content_variant_id}"),
        ),
        (
            "/api/v2/dynamic_content/items/show_many",
            Some("/api/v2/dynamic_content/items/show_many"),
        ),
        (
            "/api/v2/ticket_fields?page[size]=100",
            Some("/api/v2/ticket_fields"),
        ),
        ("/api/v2/business_hours/schedules/9111/workweek.json", None),
        ("/api/v2/groups/9001/nothing.json", None),
    ] {
        assert_eq!(spec_path(request).as_deref(), template, "{request}");
    }
}

/// The bodies are the ones the fixture means: references rewritten to acme's ids and to the ids
/// this deploy's creates answered, views in the write shape, a role update sends only what
/// changed (so the contract above checks what it should); what the spec lacks (schedules), as
/// Zendesk's Schedules API documents it, exactly.
#[test]
fn the_bodies_carry_what_the_fixture_means() {
    let (run, sent) = deploy();
    let requests = |key: &str, name: &str| -> Vec<(Method, String, Value)> {
        let found: Vec<(Method, String, Value)> = sent
            .iter()
            .filter(|s| s.ty.key == key && run.plan.steps[s.write.step].name == name)
            .map(|s| (s.write.method, s.write.path.clone(), s.write.body.clone()))
            .collect();
        assert!(!found.is_empty(), "no write of {key} {name}");
        found
    };
    let body = |key: &str, name: &str| -> (Method, Value) {
        let (m, _, b) = requests(key, name).remove(0);
        (m, b)
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
    let number = |id: &str| json!(id.parse::<u64>().unwrap_or_default());
    let tier2 = created("groups", "Tier 2");
    let category = created("trigger_categories", "Escalation");
    let product = created("ticket_fields", "Product");
    let form = created("ticket_forms", "Escalation form");
    let support_hours = created("schedules", "Support hours");
    // The ids of a field's options, by tag, as the answer to its write gave them.
    let option = |field: &str, tag: &str| -> Value {
        sent.iter()
            .filter(|s| s.ty.key == "ticket_fields" && run.plan.steps[s.write.step].name == field)
            .find_map(|s| {
                s.answer["ticket_field"]["custom_field_options"]
                    .as_array()?
                    .iter()
                    .find(|o| o["value"] == tag)
                    .map(|o| o["id"].clone())
            })
            .unwrap_or_else(|| panic!("no option {tag} of {field}"))
    };

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
    // The people and places it names, by acme's ids (found by email, name or title); the form
    // and schedule this deploy creates; dynamic content placeholders as they were.
    let all = &t["conditions"]["all"];
    assert_eq!(
        all[2],
        json!({"field": "brand_id", "operator": "is", "value": "9151"})
    );
    assert_eq!(
        all[3],
        json!({"field": "organization_id", "operator": "is", "value": "9161"})
    );
    assert_eq!(
        all[4],
        json!({"field": "ticket_form_id", "operator": "is", "value": form})
    );
    let actions = &t["actions"];
    assert_eq!(actions[3], json!({"field": "assignee_id", "value": "9171"}));
    assert_eq!(
        actions[4],
        json!({"field": "notification_user",
               "value": ["9171", "Escalated", "{{dc.escalation_notice}} {{ticket.id}}"]})
    );
    assert_eq!(
        actions[5],
        json!({"field": "notification_target", "value": ["9181", "Escalated: {{ticket.id}}"]})
    );
    assert_eq!(
        actions[6],
        json!({"field": "notification_webhook",
               "value": ["01GZWEBHOOKACME00000000001", "{\"text\": \"{{dc.greeting}} {{ticket.id}}\"}"]})
    );
    assert_eq!(
        actions[7],
        json!({"field": "set_schedule", "value": support_hours})
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
        json!({"type": "Group", "ids": [number(&tier2)]})
    );

    let (m, macro_) = body("macros", "Refund request");
    assert_eq!(m, Method::Put);
    // Its restriction resolves to the group it has (9003): unchanged, so not sent.
    assert!(macro_["macro"].get("restriction").is_none(), "{macro_}");
    assert!(macro_["macro"].get("title").is_some() && macro_["macro"].get("actions").is_some());
    let (m, macro_) = body("macros", "Escalate: outage");
    assert_eq!(m, Method::Post);
    assert_eq!(
        macro_["macro"]["actions"],
        json!([{"field": "custom_fields_9101", "value": "esc_outage"},
               {"field": "group_id", "value": tier2},
               {"field": "comment_value",
                "value": "{{dc.greeting}} Escalated ({{ticket.ticket_field_option_title_9101}})"},
               {"field": "assignee_id", "value": "9171"},
               {"field": "brand_id", "value": "9151"}])
    );

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

    // A new form: its fields and conditions by acme's ids (Subject and Escalation reason
    // matched, Product created), its placeholder kept, never its brands, default or position.
    let (m, new_form) = body("ticket_forms", "Escalation form");
    assert_eq!(m, Method::Post);
    assert_eq!(
        new_form,
        json!({"ticket_form": {
            "name": "Escalation form", "raw_name": "Escalation form",
            "raw_display_name": "{{dc.escalation_notice}}",
            "end_user_visible": true, "active": true, "in_all_brands": true,
            "ticket_field_ids": [9100, 9101, number(&product)],
            "agent_conditions": [{"parent_field_id": 9101, "value": "esc_outage",
                                  "child_fields": [{"id": number(&product), "is_required": true,
                                                    "required_on_statuses": {"type": "SOME_STATUSES", "statuses": ["solved"]}}]}],
            "end_user_conditions": [{"parent_field_id": 9101, "value": "esc_outage",
                                     "child_fields": [{"id": number(&product), "is_required": false}]}]}})
    );
    // A form that drops a field and the condition on it: the condition first (the field still
    // in the form), then the field.
    let path = "/api/v2/ticket_forms/9301.json".to_string();
    assert_eq!(
        requests("ticket_forms", "Billing form"),
        [
            (
                Method::Put,
                path.clone(),
                json!({"ticket_form": {"ticket_field_ids": [9100, 9101, 9102], "agent_conditions": []}})
            ),
            (
                Method::Put,
                path,
                json!({"ticket_form": {"ticket_field_ids": [9100, 9101], "agent_conditions": []}})
            ),
        ]
    );

    // SLA filters name options by id: acme's ids, those its field kept (Bug: 11) and those the
    // field's update and create answered.
    assert_eq!(option("Escalation reason", "esc_bug"), json!(11));
    let (m, sla) = body("sla_policies", "Escalation SLA");
    assert_eq!(m, Method::Post);
    assert_eq!(
        sla,
        json!({"sla_policy": {
            "title": "Escalation SLA", "description": "Outages and data loss first",
            "filter": {
                "all": [{"field": "custom_fields_9101", "operator": "includes",
                         "value": [option("Escalation reason", "esc_outage"),
                                   option("Escalation reason", "esc_data_loss")]},
                        {"field": "group_id", "operator": "includes", "value": [tier2]}],
                "any": [{"field": format!("custom_fields_{product}"), "operator": "includes",
                         "value": [option("Product", "banana")]}]},
            "policy_metrics": [
                {"priority": "high", "metric": "first_reply_time", "target": 60, "business_hours": false},
                {"priority": "urgent", "metric": "first_reply_time", "target": 30, "business_hours": true}]}})
    );
    // Its filter (Bug, 11 in acme) is acme's already: only the target changes.
    assert_eq!(
        requests("sla_policies", "Standard SLA"),
        [(
            Method::Put,
            "/api/v2/slas/policies/9351.json".to_string(),
            json!({"sla_policy": {"policy_metrics": [
                {"priority": "normal", "metric": "requester_wait_time", "target": 480, "business_hours": true}]}})
        )]
    );

    // Dynamic content: a new item carries its variants; an item there gets its name, then each
    // variant changed, added or removed through the variants API.
    let (m, greeting) = body("dynamic_content", "Greeting");
    assert_eq!(m, Method::Post);
    assert_eq!(
        greeting,
        json!({"item": {"name": "Greeting", "default_locale_id": 1, "variants": [
            {"locale_id": 1, "content": "Hello", "active": true, "default": true},
            {"locale_id": 16, "content": "Bonjour", "active": true, "default": false}]}})
    );
    let items = "/api/v2/dynamic_content/items";
    assert_eq!(
        requests("dynamic_content", "Escalation notice"),
        [
            (
                Method::Put,
                format!("{items}/9141.json"),
                json!({"item": {"name": "Escalation notice"}})
            ),
            (
                Method::Put,
                format!("{items}/9141/variants/21.json"),
                json!({"variant": {"locale_id": 1, "content": "Escalated to Tier 2", "active": true, "default": true}})
            ),
            (
                Method::Post,
                format!("{items}/9141/variants.json"),
                json!({"variant": {"locale_id": 16, "content": "Transmis au niveau 2", "active": true, "default": false}})
            ),
            (
                Method::Delete,
                format!("{items}/9141/variants/22.json"),
                Value::Null
            ),
        ]
    );

    // Schedules (not in the spec), as Zendesk's Schedules API documents each write: the
    // schedule `{schedule: {name, time_zone}}` (both mandatory), its work week
    // `PUT .../workweek` `{workweek: {intervals: [{start_time, end_time}]}}` (minutes since
    // Sunday midnight, within a day), each holiday `{holiday: {name, start_date, end_date}}`.
    let schedules = "/api/v2/business_hours/schedules";
    assert_eq!(
        requests("schedules", "Support hours"),
        [
            (
                Method::Post,
                format!("{schedules}.json"),
                json!({"schedule": {"name": "Support hours", "time_zone": "Eastern Time (US & Canada)"}})
            ),
            (
                Method::Put,
                format!("{schedules}/{support_hours}/workweek.json"),
                json!({"workweek": {"intervals": [
                    {"start_time": 1980, "end_time": 2460}, {"start_time": 3420, "end_time": 3900},
                    {"start_time": 4860, "end_time": 5340}, {"start_time": 6300, "end_time": 6780},
                    {"start_time": 7740, "end_time": 8220}]}})
            ),
            (
                Method::Post,
                format!("{schedules}/{support_hours}/holidays.json"),
                json!({"holiday": {"name": "New Year", "start_date": "2027-01-01", "end_date": "2027-01-01"}})
            ),
        ]
    );
    assert_eq!(
        requests("schedules", "Office hours"),
        [
            (
                Method::Put,
                format!("{schedules}/9111.json"),
                json!({"schedule": {"name": "Office hours", "time_zone": "Pacific Time (US & Canada)"}})
            ),
            (
                Method::Put,
                format!("{schedules}/9111/workweek.json"),
                json!({"workweek": {"intervals": [
                    {"start_time": 1920, "end_time": 2520}, {"start_time": 3360, "end_time": 3960},
                    {"start_time": 4800, "end_time": 5400}, {"start_time": 6240, "end_time": 6840},
                    {"start_time": 7680, "end_time": 8280}]}})
            ),
            (
                Method::Post,
                format!("{schedules}/9111/holidays.json"),
                json!({"holiday": {"name": "Labor Day", "start_date": "2027-09-06", "end_date": "2027-09-06"}})
            ),
            (
                Method::Put,
                format!("{schedules}/9111/holidays/51.json"),
                json!({"holiday": {"name": "New Year", "start_date": "2027-01-01", "end_date": "2027-01-02"}})
            ),
            (
                Method::Delete,
                format!("{schedules}/9111/holidays/52.json"),
                Value::Null
            ),
        ]
    );
}

/// Where each write's schema comes from: the request schema the operation gives, or the object
/// it answers (when it gives none); a removal takes no body.
#[test]
fn each_write_is_checked_against_the_schema_the_spec_gives_it() {
    let described: BTreeMap<(&str, &str), Described> = contracts()
        .iter()
        .map(|((k, m), c)| ((k.as_str(), *m), c.described.clone()))
        .collect();
    let object = |s: &str| Described::Object(s.to_string());
    let request = |s: &str| Described::RequestBody(s.to_string());
    assert_eq!(
        described,
        BTreeMap::from([
            (("automations", "POST"), object("AutomationObject")),
            (("automations", "PUT"), object("AutomationObject")),
            (("custom_roles", "POST"), object("CustomRoleObject")),
            (("custom_roles", "PUT"), object("CustomRoleObject")),
            (("dynamic_content", "POST"), object("DynamicContentObject")),
            (("dynamic_content", "PUT"), object("DynamicContentObject")),
            (
                ("dynamic_content/variants", "POST"),
                object("DynamicContentVariantObject")
            ),
            (
                ("dynamic_content/variants", "PUT"),
                object("DynamicContentVariantObject")
            ),
            (("groups", "POST"), object("GroupObject")),
            (("groups", "PUT"), object("GroupObject")),
            (("macros", "POST"), request("{macro: MacroInput}")),
            (("macros", "PUT"), request("{macro: MacroInput}")),
            (
                ("organization_fields", "POST"),
                object("OrganizationFieldObject")
            ),
            (
                ("organization_fields", "PUT"),
                object("OrganizationFieldObject")
            ),
            (("sla_policies", "POST"), object("SLAPolicyObject")),
            (("sla_policies", "PUT"), object("SLAPolicyObject")),
            (("ticket_fields", "POST"), object("TicketFieldObject")),
            (("ticket_fields", "PUT"), object("TicketFieldObject")),
            (("ticket_forms", "POST"), object("TicketFormObject")),
            (("ticket_forms", "PUT"), object("TicketFormObject")),
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
            (("user_fields", "POST"), object("UserFieldObject")),
            (("user_fields", "PUT"), object("UserFieldObject")),
            (("views", "POST"), object("ViewObject")),
            (("views", "PUT"), object("ViewObject")),
        ])
    );
    // A removal: the operation is there, and takes no body.
    let removals: Vec<Sample> = requests_of_every_type()
        .into_iter()
        .filter(|s| s.method == Method::Delete && operation(s.method, &s.path).is_some())
        .collect();
    assert_eq!(
        removals.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(),
        ["dynamic_content/variants"]
    );
    for s in removals {
        let (path, _, op) = operation(s.method, &s.path).expect("the operation");
        assert!(op.get("requestBody").is_none(), "DELETE {path}");
    }
    // `nullable` is OpenAPI 3.0's word.
    assert!(spec()["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.0")));
}

/// The spec's own example of a ticket field update (in the operation's description) sends only
/// the options: an update is partial, so an object's `required` list is for creating it.
#[test]
fn the_specs_own_partial_update_is_an_update_not_a_create() {
    let item = "/api/v2/ticket_fields/1.json";
    let (_, _, op) = operation(Method::Put, item).expect("Update Ticket Field");
    let text = op["description"].as_str().expect("a description");
    let start = text.find("```json").expect("an example body") + "```json".len();
    let end = start + text[start..].find("```").expect("its end");
    let example: Value = serde_json::from_str(&text[start..end]).expect("the example is JSON");
    assert!(example["ticket_field"].get("type").is_none());
    let update = Contract::for_request(item, Method::Put, "ticket_field");
    let create = Contract::for_request("/api/v2/ticket_fields.json", Method::Post, "ticket_field");
    update
        .check(&example)
        .unwrap_or_else(|e| panic!("{e}\n{example:#}"));
    assert!(create.check(&example).is_err(), "type and title create it");
}

/// The check itself can fail: per schema, bodies the spec refuses are refused.
#[test]
fn the_contract_check_refuses_what_the_spec_refuses() {
    let contracts = contracts();
    let refused: Vec<(&str, &str, Value)> = vec![
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
        // TicketFormObject
        (
            "ticket_forms",
            "POST",
            json!({"ticket_form": {"raw_name": "no name"}}),
        ),
        (
            "ticket_forms",
            "POST",
            json!({"ticket_form": {"name": "X", "ticket_field_ids": ["9100"]}}),
        ),
        (
            "ticket_forms",
            "PUT",
            json!({"ticket_form": {"restricted_brand_ids": [1]}}),
        ),
        // SLAPolicyObject
        (
            "sla_policies",
            "POST",
            json!({"sla_policy": {"title": "X"}}),
        ),
        (
            "sla_policies",
            "PUT",
            json!({"sla_policy": {"policy_metrics": [{"priority": "low", "target": "60"}]}}),
        ),
        (
            "sla_policies",
            "PUT",
            json!({"sla_policy": {"filter": {"all": [{"field": "priority", "operator": "is", "value": 5}]}}}),
        ),
        // DynamicContentObject
        (
            "dynamic_content",
            "POST",
            json!({"item": {"name": "X", "default_locale_id": 1}}),
        ),
        (
            "dynamic_content",
            "POST",
            json!({"item": {"name": "X", "default_locale_id": 1, "variants": [{"content": "Hi"}]}}),
        ),
        (
            "dynamic_content",
            "PUT",
            json!({"item": {"placeholder": "{{dc.x}}"}}),
        ),
        // DynamicContentVariantObject
        (
            "dynamic_content/variants",
            "POST",
            json!({"variant": {"content": "Hi"}}),
        ),
        (
            "dynamic_content/variants",
            "PUT",
            json!({"variant": {"locale_id": "en"}}),
        ),
        (
            "dynamic_content/variants",
            "PUT",
            json!({"variant": {"outdated": false}}),
        ),
        (
            "dynamic_content/variants",
            "PUT",
            json!({"item": {"content": "Hi"}}),
        ),
    ];
    for (key, method, body) in refused {
        assert!(
            contracts[&(key.to_string(), method)].check(&body).is_err(),
            "{method} {key} accepted: {body}"
        );
    }
    // And what the spec allows passes: a partial update, null where the spec says nullable.
    let accepted: Vec<(&str, &str, Value)> = vec![
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
        (
            "dynamic_content/variants",
            "PUT",
            json!({"variant": {"content": "only this"}}),
        ),
        (
            "sla_policies",
            "PUT",
            json!({"sla_policy": {"description": "only this"}}),
        ),
    ];
    for (key, method, body) in accepted {
        contracts[&(key.to_string(), method)]
            .check(&body)
            .unwrap_or_else(|e| panic!("{method} {key}: {e}\n{body}"));
    }
}
