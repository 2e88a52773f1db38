//! Contract test: every request body deskset builds for `/api/v2/custom_roles` validates against
//! the Support API's own schema (`CustomRoleObject` in ../shared/specs/zendesk-support-oas.yaml),
//! read as OpenAPI reads a schema for a request: read-only properties must not be sent, and are
//! not required. No schema is copied by hand: it is read from the spec file.

use deskset_domain::role_edit::{clone_as, create_body, import, update_body};
use deskset_domain::roles::CustomRole;
use serde_json::{json, Value};

fn spec_schemas() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/specs/zendesk-support-oas.yaml"
    ))
    .expect("../shared/specs/zendesk-support-oas.yaml");
    let spec: Value = serde_norway::from_str(&text).expect("the spec parses");
    spec["components"]["schemas"].clone()
}

/// OpenAPI's request view of a schema: a `readOnly` property becomes `false` (must not be
/// present) and leaves `required`.
fn for_requests(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            let mut read_only = Vec::new();
            if let Some(Value::Object(props)) = map.get_mut("properties") {
                for (name, prop) in props.iter_mut() {
                    if prop.get("readOnly") == Some(&json!(true)) {
                        read_only.push(name.clone());
                        *prop = json!(false);
                    }
                }
            }
            if let Some(Value::Array(required)) = map.get_mut("required") {
                required.retain(|r| !r.as_str().is_some_and(|r| read_only.iter().any(|n| n == r)));
            }
            for value in map.values_mut() {
                for_requests(value);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(for_requests),
        _ => {}
    }
}

fn validator() -> jsonschema::Validator {
    let mut schemas = spec_schemas();
    for_requests(&mut schemas);
    let root = json!({
        "$ref": "#/components/schemas/CustomRoleObject",
        "components": {"schemas": schemas},
    });
    jsonschema::validator_for(&root).expect("CustomRoleObject compiles")
}

/// Checks a whole request body: `{"custom_role": <CustomRoleObject>}` and nothing else.
fn check(v: &jsonschema::Validator, body: &Value) -> Result<(), String> {
    let map = body.as_object().ok_or("the body is not an object")?;
    if map.keys().collect::<Vec<_>>() != ["custom_role"] {
        return Err(format!(
            "the body's keys are {:?}",
            map.keys().collect::<Vec<_>>()
        ));
    }
    let errors: Vec<String> = v
        .iter_errors(&body["custom_role"])
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

fn role(value: Value) -> CustomRole {
    serde_json::from_value(value).unwrap()
}

/// A role as Zendesk answers it, with read-only fields and a permission the spec does not know.
fn from_zendesk() -> CustomRole {
    role(json!({
        "id": 10127, "name": "Tier 2", "description": "Escalations", "role_type": 0,
        "team_member_count": 3, "created_at": "2026-01-02T03:04:05Z", "updated_at": "2026-02-03T04:05:06Z",
        "configuration": {
            "ticket_access": "within-groups", "ticket_comment_access": "public", "ticket_merge": true,
            "ticket_editing": true, "end_user_profile_access": "readonly", "macro_access": "manage-group",
            "view_access": "playonly", "report_access": "none", "explore_access": "readonly",
            "forum_access": "readonly", "user_view_access": "none", "end_user_list_access": "full",
            "chat_access": true, "group_access": false, "light_agent": false, "moderate_forums": false,
            "organization_notes_editing": false, "assign_tickets_to_any_group": false,
            "manage_roles": "none", "manage_team_members": "readonly",
            "custom_objects": {"car": {"scopes": ["read", "update"]}},
            "permission_added_later": true
        }
    }))
}

#[test]
fn every_body_deskset_builds_matches_the_spec() {
    let v = validator();
    let original = from_zendesk();
    let mut edited = original.clone();
    edited.0["name"] = json!("Tier Two");
    edited.0["configuration"]["ticket_merge"] = json!(false);
    edited.0["configuration"]["macro_access"] = json!("full");
    let imported = import(&deskset_domain::role_edit::export(&original)).unwrap();
    let bodies = vec![
        ("create", create_body(&original)),
        (
            "create from a clone",
            create_body(&clone_as(&original, "Copy of Tier 2")),
        ),
        ("create from an import", create_body(&imported)),
        ("create, bare", create_body(&role(json!({"name": "New"})))),
        ("update", update_body(&original, &edited).expect("a change")),
    ];
    for (what, body) in bodies {
        check(&v, &body).unwrap_or_else(|e| panic!("{what}: {e}\n{body:#}"));
    }
}

/// The check itself can fail: bodies the spec refuses are refused.
#[test]
fn the_contract_check_refuses_what_the_spec_refuses() {
    let v = validator();
    let refused = [
        json!({"custom_role": {"name": "X", "id": 5}}),
        json!({"custom_role": {"name": "X", "team_member_count": 0}}),
        json!({"custom_role": {"name": "X", "configuration": {"ticket_merge": "yes"}}}),
        json!({"custom_role": {"name": "X", "configuration": {"chat_access": true}}}),
        json!({"custom_role": {"description": "no name"}}),
        json!({"custom_role": {"name": 5}}),
        json!({"role": {"name": "X"}}),
    ];
    for body in refused {
        assert!(check(&v, &body).is_err(), "accepted: {body}");
    }
}
