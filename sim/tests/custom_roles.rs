//! Managing custom roles in the fake Zendesk: create, update, delete, with Zendesk's validation, limit,
//! permissions and plan, driven through the proxy as the app drives them.

mod common;

use common::{sim, sim_in, Sim};
use serde_json::{json, Value};

const TEAM_LEAD: u64 = 360_000_210_001;
const SUPPORT_AGENT: u64 = 360_000_210_002;
const BILLING: u64 = 360_000_210_003;
const ESCALATIONS: u64 = 360_000_210_004;
const AUDITOR: u64 = 360_000_210_005;

const FORBIDDEN: &str =
    "You do not have access to this page. Please contact the account owner of this help desk for further help.";

/// One API call from the app of `user` in acme; the complete response (`status`, `responseJSON`, ...).
async fn api(sim: &Sim, user: &str, method: &str, url: &str, body: Option<Value>) -> Value {
    let mut options = json!({"url": url, "type": method});
    if let Some(body) = body {
        options["contentType"] = json!("application/json");
        options["data"] = json!(body.to_string());
    }
    sim.complete("acme", user, options).await
}

async fn create(sim: &Sim, user: &str, role: Value) -> Value {
    api(
        sim,
        user,
        "POST",
        "/api/v2/custom_roles.json",
        Some(json!({ "custom_role": role })),
    )
    .await
}

async fn update(sim: &Sim, user: &str, id: u64, role: Value) -> Value {
    api(
        sim,
        user,
        "PUT",
        &format!("/api/v2/custom_roles/{id}.json"),
        Some(json!({ "custom_role": role })),
    )
    .await
}

async fn delete(sim: &Sim, user: &str, id: u64) -> Value {
    api(
        sim,
        user,
        "DELETE",
        &format!("/api/v2/custom_roles/{id}.json"),
        None,
    )
    .await
}

async fn show(sim: &Sim, id: u64) -> Value {
    api(
        sim,
        "admin",
        "GET",
        &format!("/api/v2/custom_roles/{id}.json"),
        None,
    )
    .await
}

/// acme's roles as the admin lists them: what "the data" is before and after a refusal.
async fn roles(sim: &Sim) -> Vec<Value> {
    let list = api(sim, "admin", "GET", "/api/v2/custom_roles.json", None).await;
    assert_eq!(list["status"], 200, "{list}");
    list["responseJSON"]["custom_roles"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("no custom_roles: {list}"))
}

fn named<'a>(roles: &'a [Value], name: &str) -> &'a Value {
    roles
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no role {name}"))
}

/// A 422 with Zendesk's validation shape, naming `field`.
fn assert_invalid(answer: &Value, field: &str) {
    assert_eq!(answer["status"], 422, "{answer}");
    let body = &answer["responseJSON"];
    assert_eq!(body["error"], "RecordInvalid", "{body}");
    assert_eq!(body["description"], "Record validation errors", "{body}");
    let details = body["details"]
        .as_object()
        .unwrap_or_else(|| panic!("no details: {body}"));
    let entries = details[field]
        .as_array()
        .unwrap_or_else(|| panic!("no details.{field}: {body}"));
    assert!(!entries.is_empty(), "{body}");
    for entry in entries {
        let text = entry["description"].as_str().unwrap_or_default();
        let code = entry["error"].as_str().unwrap_or_default();
        assert!(!text.is_empty() && !code.is_empty(), "{body}");
    }
}

fn assert_forbidden(answer: &Value, what: &str) {
    assert_eq!(answer["status"], 403, "{what}: {answer}");
    assert_eq!(
        answer["responseJSON"],
        json!({"error": "Forbidden", "description": FORBIDDEN}),
        "{what}"
    );
}

fn is_timestamp(v: &Value) -> bool {
    let s = v.as_str().unwrap_or_default();
    s.len() == 20 && s.ends_with('Z') && s.as_bytes()[10] == b'T'
}

#[tokio::test]
async fn create_answers_200_with_the_stored_role() {
    let sim = sim();
    let before = roles(&sim).await;
    let answer = create(
        &sim,
        "admin",
        json!({
            "name": "Night desk",
            "description": "Out-of-hours cover",
            "configuration": {
                "ticket_access": "all",
                "ticket_merge": true,
                "custom_objects": {"shipment": {"scopes": ["read", "update"]}},
                "permission_from_the_future": {"level": 2},
            },
        }),
    )
    .await;
    assert_eq!(
        answer["status"], 200,
        "create answers 200, not 201: {answer}"
    );
    let role = &answer["responseJSON"]["custom_role"];
    let id = role["id"]
        .as_u64()
        .unwrap_or_else(|| panic!("no id: {role}"));
    assert!(before.iter().all(|r| r["id"] != id), "id reused: {id}");
    assert_eq!(role["name"], "Night desk");
    assert_eq!(role["description"], "Out-of-hours cover");
    assert_eq!(role["role_type"], 0);
    assert_eq!(role["team_member_count"], 0);
    assert!(is_timestamp(&role["created_at"]), "{role}");
    assert!(is_timestamp(&role["updated_at"]), "{role}");
    let config = &role["configuration"];
    assert_eq!(config["ticket_access"], "all");
    assert_eq!(config["ticket_merge"], true);
    assert_eq!(
        config["custom_objects"],
        json!({"shipment": {"scopes": ["read", "update"]}})
    );
    assert_eq!(config["permission_from_the_future"], json!({"level": 2}));
    // What was not sent gets a new role's defaults (Zendesk's Staff role).
    assert_eq!(config["ticket_comment_access"], "public");
    assert_eq!(config["manage_roles"], "none");
    assert_eq!(config["ticket_deletion"], false);
    assert_eq!(config["chat_access"], true);
    assert_eq!(config["light_agent"], false);

    // Stored: show and list give the same role.
    let shown = show(&sim, id).await;
    assert_eq!(shown["status"], 200);
    assert_eq!(&shown["responseJSON"]["custom_role"], role);
    let after = roles(&sim).await;
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(named(&after, "Night desk"), role);

    // Ids are never reused, even after a delete.
    assert_eq!(delete(&sim, "admin", id).await["status"], 204);
    let next = create(&sim, "admin", json!({"name": "Night desk"})).await;
    assert_eq!(next["status"], 200, "{next}");
    assert_ne!(next["responseJSON"]["custom_role"]["id"], id);
}

#[tokio::test]
async fn users_without_manage_roles_get_403_and_change_nothing() {
    let sim = sim();
    let before = roles(&sim).await;
    // Rita's role has manage_roles: none; Chris is an end user.
    for user in ["restricted", "customer"] {
        let created = create(&sim, user, json!({"name": "Sneaky"})).await;
        assert_forbidden(&created, &format!("{user} POST"));
        let updated = update(&sim, user, AUDITOR, json!({"name": "Sneaky"})).await;
        assert_forbidden(&updated, &format!("{user} PUT"));
        let deleted = delete(&sim, user, AUDITOR).await;
        assert_forbidden(&deleted, &format!("{user} DELETE"));
    }
    assert_eq!(roles(&sim).await, before);
}

#[tokio::test]
async fn an_agent_with_manage_roles_manages_roles_but_not_their_own() {
    let sim = sim();
    // Alan's role, Team lead, has manage_roles: all-except-self.
    let created = create(&sim, "agent", json!({"name": "Weekend cover"})).await;
    assert_eq!(created["status"], 200, "{created}");
    assert_eq!(
        created["responseJSON"]["custom_role"]["name"],
        "Weekend cover"
    );
    let id = created["responseJSON"]["custom_role"]["id"]
        .as_u64()
        .unwrap_or_default();
    let updated = update(&sim, "agent", AUDITOR, json!({"description": "Audits"})).await;
    assert_eq!(updated["status"], 200, "{updated}");
    assert_eq!(delete(&sim, "agent", id).await["status"], 204);

    // "You can't modify your own role assignment or permissions" (Zendesk help).
    let before = roles(&sim).await;
    let own = update(&sim, "agent", TEAM_LEAD, json!({"description": "Mine"})).await;
    assert_forbidden(&own, "PUT own role");
    assert_forbidden(&delete(&sim, "agent", TEAM_LEAD).await, "DELETE own role");
    assert_eq!(roles(&sim).await, before);
}

#[tokio::test]
async fn an_update_merges_only_what_was_sent_and_keeps_unknown_keys() {
    let sim = sim();
    // A permission Zendesk added after this simulator was written, already on the stored role.
    {
        let mut world = sim.state.lock();
        let acme = world.account_mut("acme").unwrap_or_else(|| panic!("acme"));
        let role = acme
            .custom_roles
            .iter_mut()
            .find(|r| r.id == ESCALATIONS)
            .unwrap_or_else(|| panic!("escalations"));
        role.configuration
            .insert("legacy_permission".into(), json!("kept"));
    }
    let before = show(&sim, ESCALATIONS).await["responseJSON"]["custom_role"].clone();
    let answer = update(
        &sim,
        "admin",
        ESCALATIONS,
        json!({"configuration": {"ticket_merge": false, "brand_new_permission": true}}),
    )
    .await;
    assert_eq!(answer["status"], 200, "{answer}");
    let after = &answer["responseJSON"]["custom_role"];
    assert_eq!(after["configuration"]["ticket_merge"], false);
    assert_eq!(after["configuration"]["brand_new_permission"], true);
    assert_eq!(after["configuration"]["legacy_permission"], "kept");
    // Everything not sent is as it was.
    let mut expected = before["configuration"].clone();
    expected["ticket_merge"] = json!(false);
    expected["brand_new_permission"] = json!(true);
    assert_eq!(after["configuration"], expected);
    for field in [
        "id",
        "name",
        "description",
        "created_at",
        "team_member_count",
    ] {
        assert_eq!(after[field], before[field], "{field}");
    }
    assert_ne!(
        after["updated_at"], before["updated_at"],
        "updated_at not bumped"
    );
    assert!(is_timestamp(&after["updated_at"]));
    // The answer is what is stored.
    assert_eq!(
        &show(&sim, ESCALATIONS).await["responseJSON"]["custom_role"],
        after
    );

    // A rename alone leaves the configuration; its own name in another case is not a duplicate.
    let renamed = update(
        &sim,
        "admin",
        ESCALATIONS,
        json!({"name": "ESCALATIONS engineer"}),
    )
    .await;
    assert_eq!(renamed["status"], 200, "{renamed}");
    let renamed = &renamed["responseJSON"]["custom_role"];
    assert_eq!(renamed["name"], "ESCALATIONS engineer");
    assert_eq!(renamed["configuration"], expected);
    assert_eq!(renamed["description"], before["description"]);

    // Sending the whole role back is accepted while the read-only values are unchanged.
    let whole = update(&sim, "admin", ESCALATIONS, renamed.clone()).await;
    assert_eq!(whole["status"], 200, "{whole}");
    assert_eq!(
        whole["responseJSON"]["custom_role"]["configuration"],
        expected
    );
}

/// Each refusal answers 422 with the documented shape, names the field, and changes no role.
#[tokio::test]
async fn every_validation_refusal_is_a_422_that_leaves_the_roles_as_they_were() {
    let sim = sim();
    let mut cases: Vec<(String, Option<u64>, Value, &str)> = vec![
        ("blank name".into(), None, json!({"name": "   "}), "name"),
        ("no name".into(), None, json!({"description": "x"}), "name"),
        ("null name".into(), None, json!({"name": null}), "name"),
        (
            "duplicate in another case".into(),
            None,
            json!({"name": "team LEAD"}),
            "name",
        ),
        (
            "rename to another role's name".into(),
            Some(BILLING),
            json!({"name": "SUPPORT AGENT"}),
            "name",
        ),
        (
            "rename to blank".into(),
            Some(BILLING),
            json!({"name": ""}),
            "name",
        ),
        (
            "bad enum".into(),
            None,
            json!({"name": "Ok name", "configuration": {"ticket_access": "everything"}}),
            "configuration.ticket_access",
        ),
        (
            "bad enum on update".into(),
            Some(BILLING),
            json!({"configuration": {"manage_roles": "all"}}),
            "configuration.manage_roles",
        ),
        (
            "boolean as text".into(),
            Some(BILLING),
            json!({"configuration": {"ticket_merge": "yes"}}),
            "configuration.ticket_merge",
        ),
        (
            "read-only chat_access changed on create".into(),
            None,
            json!({"name": "Ok name", "configuration": {"chat_access": false}}),
            "configuration.chat_access",
        ),
        (
            "read-only light_agent changed".into(),
            Some(BILLING),
            json!({"configuration": {"light_agent": true}}),
            "configuration.light_agent",
        ),
        (
            "read-only assign_tickets_to_any_group changed".into(),
            Some(TEAM_LEAD),
            json!({"configuration": {"assign_tickets_to_any_group": false}}),
            "configuration.assign_tickets_to_any_group",
        ),
        (
            "custom object scopes without read".into(),
            None,
            json!({"name": "Ok name", "configuration": {"custom_objects": {"shipment": {"scopes": ["update", "delete"]}}}}),
            "configuration.custom_objects",
        ),
        (
            "custom object with an unknown scope".into(),
            Some(BILLING),
            json!({"configuration": {"custom_objects": {"shipment": {"scopes": ["read", "write"]}}}}),
            "configuration.custom_objects",
        ),
    ];
    for name in [
        "Agent",
        "admin",
        "ADMIN",
        "Billing admin",
        "Billing-Admin",
        "billing_admin",
        "billing -_ admin",
        "Light Agent",
        "light-agent",
        "Contributor",
        "  viewer  ",
    ] {
        cases.push((
            format!("system name {name:?}"),
            None,
            json!({ "name": name }),
            "name",
        ));
        cases.push((
            format!("rename to system name {name:?}"),
            Some(AUDITOR),
            json!({ "name": name }),
            "name",
        ));
    }
    let before = roles(&sim).await;
    for (what, id, body, field) in cases {
        let answer = match id {
            None => create(&sim, "admin", body).await,
            Some(id) => update(&sim, "admin", id, body).await,
        };
        assert_eq!(answer["status"], 422, "{what}: {answer}");
        assert_invalid(&answer, field);
        assert_eq!(roles(&sim).await, before, "{what} changed the roles");
    }

    // Near misses are accepted: the rules refuse exactly the documented cases.
    for (what, body) in [
        (
            "a name containing a system name",
            json!({"name": "Admin helpers"}),
        ),
        (
            "read-only value unchanged",
            json!({"name": "Same chat", "configuration": {"chat_access": true, "light_agent": false}}),
        ),
        (
            "custom object with read",
            json!({"name": "Objects", "configuration": {"custom_objects": {"shipment": {"scopes": ["read", "create"]}}}}),
        ),
    ] {
        let answer = create(&sim, "admin", body).await;
        assert_eq!(answer["status"], 200, "{what}: {answer}");
    }
}

#[tokio::test]
async fn the_198th_role_is_refused() {
    let sim = sim_in("many_roles");
    let before = roles(&sim).await;
    assert_eq!(before.len(), 197);
    let mut names: Vec<String> = before
        .iter()
        .map(|r| r["name"].as_str().unwrap_or_default().to_lowercase())
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 197, "names must be unique");

    let refused = create(&sim, "admin", json!({"name": "One too many"})).await;
    assert_invalid(&refused, "base");
    assert_eq!(roles(&sim).await, before);

    // Exactly 197: with one deleted, one more fits, and then no more.
    let free = before
        .iter()
        .find(|r| r["team_member_count"] == 0)
        .and_then(|r| r["id"].as_u64())
        .unwrap_or_else(|| panic!("many_roles needs a role without agents"));
    assert_eq!(delete(&sim, "admin", free).await["status"], 204);
    let fits = create(&sim, "admin", json!({"name": "One too many"})).await;
    assert_eq!(fits["status"], 200, "{fits}");
    assert_eq!(roles(&sim).await.len(), 197);
    let again = create(&sim, "admin", json!({"name": "Another one"})).await;
    assert_invalid(&again, "base");
}

#[tokio::test]
async fn many_roles_is_a_reset_scenario_too() {
    let sim = sim();
    let reset = sim
        .call(
            "POST",
            "/sim/reset",
            Some(json!({"scenario": "many_roles"})),
        )
        .await;
    assert_eq!(reset.status, 200, "{}", reset.text);
    let list = roles(&sim).await;
    assert_eq!(list.len(), 197);
    // Demo's roles and users stay: Alan still leads a team.
    assert_eq!(named(&list, "Team lead")["team_member_count"], 5);
    // The names contracts.md gives as examples; every third generated role has no agents.
    assert!(named(&list, "Tier 2 support 017")["team_member_count"].as_u64() > Some(0));
    assert_eq!(
        named(&list, "Billing desk 034")["team_member_count"],
        1 + 34 % 11
    );
    assert_eq!(named(&list, "Night shift 009")["team_member_count"], 0);
}

#[tokio::test]
async fn delete_answers_204_and_the_role_is_gone() {
    let sim = sim();
    let before = roles(&sim).await;
    // The auditor role has no agents.
    assert_eq!(named(&before, "Read-only auditor")["team_member_count"], 0);
    let answer = delete(&sim, "admin", AUDITOR).await;
    assert_eq!(answer["status"], 204, "{answer}");
    assert_eq!(answer["responseText"], "");
    let gone = show(&sim, AUDITOR).await;
    assert_eq!(gone["status"], 404);
    assert_eq!(
        gone["responseJSON"],
        json!({"error": "RecordNotFound", "description": "Not found"})
    );
    let after = roles(&sim).await;
    assert_eq!(after.len(), before.len() - 1);
    assert!(after.iter().all(|r| r["id"] != AUDITOR));

    // Unknown ids: 404 on every verb.
    assert_eq!(delete(&sim, "admin", AUDITOR).await["status"], 404);
    let put = update(&sim, "admin", AUDITOR, json!({"name": "Back"})).await;
    assert_eq!(put["status"], 404);
    assert_eq!(put["responseJSON"]["error"], "RecordNotFound");
    assert_eq!(roles(&sim).await, after);
}

#[tokio::test]
async fn a_role_with_agents_cannot_be_deleted() {
    let sim = sim();
    let before = roles(&sim).await;
    // Support agent: 23 agents outside the scenario's users plus Rita.
    assert_eq!(named(&before, "Support agent")["team_member_count"], 24);
    let answer = delete(&sim, "admin", SUPPORT_AGENT).await;
    assert_eq!(answer["status"], 422, "{answer}");
    let body = &answer["responseJSON"];
    assert_eq!(body["error"], "RecordInvalid");
    let description = body["description"].as_str().unwrap_or_default();
    assert!(
        description.contains("24 agents assigned"),
        "the description says why: {body}"
    );
    let base = &body["details"]["base"][0];
    assert!(
        base["description"]
            .as_str()
            .is_some_and(|d| d.contains("assigned")),
        "{body}"
    );
    assert!(base["error"].is_string(), "{body}");
    assert_eq!(roles(&sim).await, before);
    assert_eq!(show(&sim, SUPPORT_AGENT).await["status"], 200);
}

#[tokio::test]
async fn plans_without_custom_roles_get_403_on_every_verb() {
    let sim = sim();
    let before = roles(&sim).await;
    for plan in ["essential", "team", "growth", "professional"] {
        let set = sim
            .call("POST", "/sim/accounts/acme", Some(json!({ "plan": plan })))
            .await;
        assert_eq!(set.status, 200, "{}", set.text);
        let list = api(&sim, "admin", "GET", "/api/v2/custom_roles.json", None).await;
        assert_forbidden(&list, &format!("{plan} GET list"));
        assert_forbidden(&show(&sim, BILLING).await, &format!("{plan} GET one"));
        let created = create(&sim, "admin", json!({"name": "Plan test"})).await;
        assert_forbidden(&created, &format!("{plan} POST"));
        let updated = update(&sim, "admin", BILLING, json!({"name": "Plan test"})).await;
        assert_forbidden(&updated, &format!("{plan} PUT"));
        assert_forbidden(
            &delete(&sim, "admin", AUDITOR).await,
            &format!("{plan} DELETE"),
        );
    }
    let back = sim
        .call(
            "POST",
            "/sim/accounts/acme",
            Some(json!({"plan": "enterprise"})),
        )
        .await;
    assert_eq!(back.status, 200);
    assert_eq!(roles(&sim).await, before);
}
