//! Contract test: every request body deskset builds for `/api/v2/custom_roles` validates against
//! the Support API's own schema (`CustomRoleObject` in ../shared/specs/zendesk-support-oas.yaml),
//! read as OpenAPI reads a schema for a request: read-only properties must not be sent, and are
//! not required. No schema is copied by hand: it is read from the spec file.

use deskset_domain::oauth;
use deskset_domain::role_edit::{clone_as, create_body, import, update_body};
use deskset_domain::roles::CustomRole;
use serde_json::{json, Value};

mod common;
use common::{for_requests, spec, spec_schemas};

fn validator_for(schema: &str) -> jsonschema::Validator {
    let mut schemas = spec_schemas();
    for_requests(&mut schemas);
    let root = json!({
        "$ref": format!("#/components/schemas/{schema}"),
        "components": {"schemas": schemas},
    });
    jsonschema::validator_for(&root).unwrap_or_else(|e| panic!("{schema} compiles: {e}"))
}

fn validator() -> jsonschema::Validator {
    validator_for("CustomRoleObject")
}

/// Checks a whole request body: `{"custom_role": <CustomRoleObject>}` and nothing else.
fn check(v: &jsonschema::Validator, body: &Value) -> Result<(), String> {
    check_wrapped(v, body, "custom_role")
}

/// Checks a whole request body: `{<key>: <the validator's schema>}` and nothing else.
fn check_wrapped(v: &jsonschema::Validator, body: &Value, key: &str) -> Result<(), String> {
    let map = body.as_object().ok_or("the body is not an object")?;
    if map.keys().collect::<Vec<_>>() != [key] {
        return Err(format!(
            "the body's keys are {:?}",
            map.keys().collect::<Vec<_>>()
        ));
    }
    let errors: Vec<String> = v
        .iter_errors(&body[key])
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

#[test]
fn the_oauth_client_body_matches_the_spec_and_the_check_can_fail() {
    let v = validator_for("OAuthClientObject");
    let body = oauth::client_body("acme", 29);
    check_wrapped(&v, &body, "client").unwrap_or_else(|e| panic!("{e}\n{body:#}"));
    let mut without_user = body.clone();
    if let Some(c) = without_user["client"].as_object_mut() {
        c.remove("user_id");
    }
    assert!(
        check_wrapped(&v, &without_user, "client").is_err(),
        "user_id is mandatory"
    );
    let mut with_secret = body.clone();
    with_secret["client"]["secret"] = json!("s");
    assert!(
        check_wrapped(&v, &with_secret, "client").is_err(),
        "secret is read-only"
    );
}

/// The token body has no request schema in the spec (every property of `OauthTokenObject` is
/// read-only): each field deskset sends is one the object has, with its type.
#[test]
fn the_oauth_token_body_uses_the_tokens_fields() {
    let schemas = spec_schemas();
    let props = &schemas["OauthTokenObject"]["properties"];
    let body = oauth::token_body(41);
    let token = body["token"].as_object().expect("a token object");
    assert_eq!(body.as_object().map(|b| b.len()), Some(1));
    assert_eq!(token.len(), 2);
    assert_eq!(props["client_id"]["type"], "integer");
    assert!(token["client_id"].is_u64());
    assert_eq!(props["scopes"]["type"], "array");
    assert_eq!(props["scopes"]["items"]["type"], "string");
    assert_eq!(token["scopes"], json!(["read"]));
}

#[test]
fn the_specs_oauth_examples_are_read() {
    let spec = spec();
    let example = |name: &str| spec["components"]["examples"][name]["value"].clone();
    let (found, _) = oauth::find_client(&example("OAuthClientsResponseExample"), "mobile_client");
    assert_eq!(found, Some(8678530));
    assert_eq!(
        oauth::created_client(&example("OAuthClientResponseExample")),
        Some(223443)
    );
    let token = oauth::created_token(&example("OAuthTokenResponseExample")).expect("a token");
    assert_eq!((token.id, token.value.as_str()), (223443, "af3345kdj3"));
}

#[test]
fn the_oauth_paths_are_in_the_spec() {
    let spec = spec();
    let paths = spec["paths"].as_object().expect("paths");
    let path = |p: &str| {
        p.split('?')
            .next()
            .unwrap_or(p)
            .trim_end_matches(".json")
            .to_string()
    };
    for (p, method) in [
        (path(oauth::CLIENTS_LIST_PATH), "get"),
        (path(oauth::CLIENTS_PATH), "post"),
        (path(oauth::TOKENS_PATH), "post"),
        // `current` is the documented spelling of `{oauth_token_id}` for the token itself.
        (
            "/api/v2/oauth/tokens/{oauth_token_id}".to_string(),
            "delete",
        ),
        ("/api/v2/oauth/tokens/{oauth_token_id}".to_string(), "get"),
    ] {
        assert!(
            paths[&p][method].is_object(),
            "{method} {p} is not in the spec"
        );
    }
    assert_eq!(path(oauth::REVOKE_PATH), "/api/v2/oauth/tokens/current");
}
