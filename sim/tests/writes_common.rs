//! What every configuration write shares: a read-scoped OAuth token (a share's) writes nothing, an
//! agent without permissions writes nothing, injected faults and the account's rate limit apply to
//! the write paths, and the control API's configuration snapshot.

mod common;

use common::{assert_forbidden, basic, sim, Sim, GLOBEX_ADMIN};
use deskset_sim::scenario::GLOBEX_API_TOKEN;
use serde_json::{json, Value};

const GLOBEX: &str = "https://globex.zendesk.com";
const GLOBEX_FIELD: u64 = 361_001_100_002;
const PRODUCT_LINE: u64 = 361_002_000_101;
const GLOBEX_VIP_LEVEL: u64 = 361_007_000_001;
const GLOBEX_CONTRACT_TIER: u64 = 361_008_000_001;
const GLOBEX_MACRO: u64 = 361_003_000_001;
const GLOBEX_TRIGGER: u64 = 361_004_000_001;
const GLOBEX_VIEW: u64 = 361_006_000_001;
const GLOBEX_AUTOMATION: u64 = 361_009_000_001;
const GLOBEX_CATEGORY: &str = "361005000001";

/// One call to globex from acme's app with this `Authorization`.
async fn globex(sim: &Sim, auth: &str, method: &str, path: &str, body: Option<Value>) -> Value {
    let mut options = json!({
        "url": format!("{GLOBEX}{path}"),
        "type": method,
        "headers": {"Authorization": auth},
    });
    if let Some(body) = body {
        options["contentType"] = json!("application/json");
        options["data"] = json!(body.to_string());
    }
    sim.complete("acme", "admin", options).await
}

/// Greta makes an OAuth client and a token with `scopes`; the token's `Authorization` value.
async fn bearer(sim: &Sim, identifier: &str, scopes: Value) -> String {
    let greta = format!("Basic {}", basic(GLOBEX_ADMIN, GLOBEX_API_TOKEN));
    let client = globex(
        sim,
        &greta,
        "POST",
        "/api/v2/oauth/clients.json",
        Some(json!({"client": {"name": "deskset share with acme", "identifier": identifier}})),
    )
    .await;
    assert_eq!(client["status"], 201, "{client}");
    let token = globex(
        sim,
        &greta,
        "POST",
        "/api/v2/oauth/tokens.json",
        Some(json!({"token": {"client_id": client["responseJSON"]["client"]["id"], "scopes": scopes}})),
    )
    .await;
    assert_eq!(token["status"], 201, "{token}");
    format!(
        "Bearer {}",
        token["responseJSON"]["token"]["token"]
            .as_str()
            .unwrap_or_default()
    )
}

/// Every write of every configuration endpoint: (method, path, body).
fn writes() -> Vec<(&'static str, String, Value)> {
    vec![
        (
            "POST",
            "/api/v2/groups.json".into(),
            json!({"group": {"name": "Written"}}),
        ),
        (
            "PUT",
            format!("/api/v2/groups/{GLOBEX_FIELD}.json"),
            json!({"group": {"name": "Written"}}),
        ),
        (
            "DELETE",
            format!("/api/v2/groups/{GLOBEX_FIELD}.json"),
            Value::Null,
        ),
        (
            "POST",
            "/api/v2/ticket_fields.json".into(),
            json!({"ticket_field": {"type": "text", "title": "Written"}}),
        ),
        (
            "PUT",
            format!("/api/v2/ticket_fields/{PRODUCT_LINE}.json"),
            json!({"ticket_field": {"title": "Written"}}),
        ),
        (
            "DELETE",
            format!("/api/v2/ticket_fields/{PRODUCT_LINE}.json"),
            Value::Null,
        ),
        (
            "POST",
            "/api/v2/user_fields.json".into(),
            json!({"user_field": {"key": "written", "title": "Written"}}),
        ),
        (
            "PUT",
            format!("/api/v2/user_fields/{GLOBEX_VIP_LEVEL}.json"),
            json!({"user_field": {"title": "Written"}}),
        ),
        (
            "DELETE",
            format!("/api/v2/user_fields/{GLOBEX_VIP_LEVEL}.json"),
            Value::Null,
        ),
        (
            "POST",
            "/api/v2/organization_fields.json".into(),
            json!({"organization_field": {"key": "written", "title": "Written"}}),
        ),
        (
            "PUT",
            format!("/api/v2/organization_fields/{GLOBEX_CONTRACT_TIER}.json"),
            json!({"organization_field": {"title": "Written"}}),
        ),
        (
            "DELETE",
            format!("/api/v2/organization_fields/{GLOBEX_CONTRACT_TIER}.json"),
            Value::Null,
        ),
        (
            "POST",
            "/api/v2/trigger_categories.json".into(),
            json!({"trigger_category": {"name": "Written"}}),
        ),
        (
            "PATCH",
            format!("/api/v2/trigger_categories/{GLOBEX_CATEGORY}.json"),
            json!({"trigger_category": {"name": "Written"}}),
        ),
        (
            "DELETE",
            format!("/api/v2/trigger_categories/{GLOBEX_CATEGORY}.json"),
            Value::Null,
        ),
        (
            "POST",
            "/api/v2/triggers.json".into(),
            json!({"trigger": {"title": "Written", "conditions": {"all": [{"field": "status", "operator": "is", "value": "new"}]}, "actions": [{"field": "status", "value": "open"}]}}),
        ),
        (
            "PUT",
            format!("/api/v2/triggers/{GLOBEX_TRIGGER}.json"),
            json!({"trigger": {"title": "Written"}}),
        ),
        (
            "DELETE",
            format!("/api/v2/triggers/{GLOBEX_TRIGGER}.json"),
            Value::Null,
        ),
        (
            "POST",
            "/api/v2/automations.json".into(),
            json!({"automation": {"title": "Written", "conditions": {"all": [{"field": "status", "operator": "is", "value": "pending"}, {"field": "PENDING", "operator": "is", "value": "24"}]}, "actions": [{"field": "priority", "value": "high"}]}}),
        ),
        (
            "PUT",
            format!("/api/v2/automations/{GLOBEX_AUTOMATION}.json"),
            json!({"automation": {"title": "Written"}}),
        ),
        (
            "DELETE",
            format!("/api/v2/automations/{GLOBEX_AUTOMATION}.json"),
            Value::Null,
        ),
        (
            "POST",
            "/api/v2/macros.json".into(),
            json!({"macro": {"title": "Written", "actions": [{"field": "status", "value": "open"}]}}),
        ),
        (
            "PUT",
            format!("/api/v2/macros/{GLOBEX_MACRO}.json"),
            json!({"macro": {"title": "Written"}}),
        ),
        (
            "DELETE",
            format!("/api/v2/macros/{GLOBEX_MACRO}.json"),
            Value::Null,
        ),
        (
            "POST",
            "/api/v2/views.json".into(),
            json!({"view": {"title": "Written", "all": [{"field": "status", "operator": "is", "value": "open"}]}}),
        ),
        (
            "PUT",
            format!("/api/v2/views/{GLOBEX_VIEW}.json"),
            json!({"view": {"title": "Written"}}),
        ),
        (
            "DELETE",
            format!("/api/v2/views/{GLOBEX_VIEW}.json"),
            Value::Null,
        ),
    ]
}

#[tokio::test]
async fn a_read_scoped_token_writes_nothing_and_a_write_token_does() {
    let sim = sim();
    let read = bearer(&sim, "deskset_read_test", json!(["read"])).await;
    let before = sim.config("globex").await;
    for (method, path, body) in writes() {
        let body = (!body.is_null()).then_some(body);
        let answer = globex(&sim, &read, method, &path, body).await;
        assert_forbidden(&answer, &format!("{method} {path}"));
    }
    assert_eq!(sim.config("globex").await, before, "nothing changed");
    // The same token reads every list.
    for list in [
        "groups",
        "ticket_fields",
        "user_fields",
        "organization_fields",
        "trigger_categories",
        "triggers",
        "automations",
        "macros",
        "views",
    ] {
        let answer = globex(&sim, &read, "GET", &format!("/api/v2/{list}.json"), None).await;
        assert_eq!(answer["status"], 200, "{list}: {answer}");
    }
    // The refusal is the scope's: a token with write access may.
    let write = bearer(&sim, "deskset_write_test", json!(["read", "write"])).await;
    let made = globex(
        &sim,
        &write,
        "POST",
        "/api/v2/groups.json",
        Some(json!({"group": {"name": "Written"}})),
    )
    .await;
    assert_eq!(made["status"], 201, "{made}");
}

/// The demo's own share: acme's console sends its secure slot as the Bearer token, as the app does.
#[tokio::test]
async fn the_demo_share_reads_globex_and_writes_nothing() {
    let sim = sim();
    let before = sim.config("globex").await;
    let through_share = |method: &str, path: &str, body: Option<Value>| {
        let mut options = json!({
            "url": format!("{GLOBEX}{path}"),
            "type": method,
            "secure": true,
            "headers": {"Authorization": "Bearer {{setting.share_auth_1}}"},
        });
        if let Some(body) = body {
            options["contentType"] = json!("application/json");
            options["data"] = json!(body.to_string());
        }
        let sim = &sim;
        async move { sim.complete("acme", "admin", options).await }
    };
    let me = through_share("GET", "/api/v2/users/me.json", None).await;
    assert_eq!(me["status"], 200, "{me}");
    assert_eq!(me["responseJSON"]["user"]["email"], GLOBEX_ADMIN);
    let installs = through_share("GET", "/api/v2/apps/installations.json", None).await;
    assert_eq!(installs["status"], 200, "{installs}");
    for list in [
        "groups",
        "ticket_fields",
        "user_fields",
        "organization_fields",
        "trigger_categories",
        "triggers",
        "automations",
        "macros",
        "views",
        "custom_roles",
    ] {
        let answer = through_share("GET", &format!("/api/v2/{list}.json"), None).await;
        assert_eq!(answer["status"], 200, "{list}: {answer}");
    }
    for (method, path, body) in writes() {
        let body = (!body.is_null()).then_some(body);
        let answer = through_share(method, &path, body).await;
        assert_forbidden(&answer, &format!("{method} {path}"));
    }
    assert_eq!(sim.config("globex").await, before, "nothing changed");
}

#[tokio::test]
async fn agents_without_permissions_write_nothing_anywhere() {
    let sim = sim();
    let gil = format!(
        "Basic {}",
        basic("gil.agent@globex.example", GLOBEX_API_TOKEN)
    );
    let before = sim.config("globex").await;
    for (method, path, body) in writes() {
        let body = (!body.is_null()).then_some(body);
        let answer = globex(&sim, &gil, method, &path, body).await;
        let status = answer["status"].as_u64().unwrap_or_default();
        // Gil (Tier 1 agent) is refused, or does not see the item at all.
        assert!(status == 403 || status == 404, "{method} {path}: {answer}");
        if method == "POST" {
            assert_forbidden(&answer, &format!("{method} {path}"));
        }
    }
    assert_eq!(sim.config("globex").await, before, "nothing changed");
}

#[tokio::test]
async fn injected_faults_answer_the_write_paths() {
    let sim = sim();
    for (method, path) in [
        ("POST", "/api/v2/groups.json"),
        ("PATCH", "/api/v2/trigger_categories/360005000002.json"),
        ("PUT", "/api/v2/ticket_fields/360002000101.json"),
        ("DELETE", "/api/v2/views/360006000001.json"),
    ] {
        let added = sim
            .call(
                "POST",
                "/sim/faults",
                Some(
                    json!({"account": "acme", "method": method, "path": path, "status": 503,
                            "headers": {"Retry-After": "2"}, "body": {"error": "Unavailable"}}),
                ),
            )
            .await;
        assert_eq!(added.status, 200, "{}", added.text);
    }
    let before = sim.config("acme").await;
    let group = sim
        .api(
            "acme",
            "admin",
            "POST",
            "/api/v2/groups.json",
            Some(json!({"group": {"name": "Faulty"}})),
        )
        .await;
    assert_eq!(group["status"], 503, "{group}");
    assert_eq!(group["headers"]["retry-after"], "2");
    let patch = sim
        .api(
            "acme",
            "admin",
            "PATCH",
            "/api/v2/trigger_categories/360005000002.json",
            Some(json!({"trigger_category": {"name": "Faulty"}})),
        )
        .await;
    assert_eq!(patch["status"], 503);
    let put = sim
        .api(
            "acme",
            "admin",
            "PUT",
            "/api/v2/ticket_fields/360002000101.json",
            Some(json!({"ticket_field": {"title": "Faulty"}})),
        )
        .await;
    assert_eq!(put["status"], 503);
    let del = sim
        .api(
            "acme",
            "admin",
            "DELETE",
            "/api/v2/views/360006000001.json",
            None,
        )
        .await;
    assert_eq!(del["status"], 503);
    assert_eq!(sim.config("acme").await, before, "a fault writes nothing");
    // Each fault was used once: the next request goes through.
    let again = sim
        .api(
            "acme",
            "admin",
            "POST",
            "/api/v2/groups.json",
            Some(json!({"group": {"name": "Faulty"}})),
        )
        .await;
    assert_eq!(again["status"], 201, "{again}");
}

#[tokio::test]
async fn the_account_rate_limit_applies_to_writes() {
    let sim = sim();
    let limited = sim
        .call(
            "POST",
            "/sim/accounts/acme",
            Some(json!({"rate_limit_per_minute": 2})),
        )
        .await;
    assert_eq!(limited.status, 200);
    for name in ["One", "Two"] {
        let ok = sim
            .api(
                "acme",
                "admin",
                "POST",
                "/api/v2/groups.json",
                Some(json!({"group": {"name": name}})),
            )
            .await;
        assert_eq!(ok["status"], 201, "{ok}");
    }
    let over = sim
        .api(
            "acme",
            "admin",
            "POST",
            "/api/v2/groups.json",
            Some(json!({"group": {"name": "Three"}})),
        )
        .await;
    assert_eq!(over["status"], 429, "{over}");
    assert!(over["headers"]["retry-after"].is_string(), "{over}");
    let world = sim.state.lock();
    let names: Vec<String> = world
        .account("acme")
        .map(|a| a.groups.iter().map(|g| g.name.clone()).collect())
        .unwrap_or_default();
    assert!(!names.iter().any(|n| n == "Three"), "{names:?}");
}

#[tokio::test]
async fn the_config_snapshot_holds_everything_in_a_fixed_order() {
    let sim = sim();
    let first = sim.config("globex").await;
    assert_eq!(sim.config("globex").await, first, "the same answer twice");
    let keys: Vec<&String> = first
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        [
            "groups",
            "ticket_fields",
            "user_fields",
            "organization_fields",
            "trigger_categories",
            "triggers",
            "automations",
            "macros",
            "views",
            "custom_roles",
            "ticket_forms",
            "sla_policies",
            "dynamic_content",
            "schedules",
            "brands",
            "targets",
            "webhooks",
            "organizations"
        ]
    );
    let titles = |key: &str, field: &str| -> Vec<String> {
        first[key]
            .as_array()
            .map(|l| {
                l.iter()
                    .map(|i| i[field].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    // Personal items are there too (Greta's macro and view).
    assert!(titles("macros", "title").contains(&"Weekly key account follow-up".to_owned()));
    assert!(titles("views", "title").contains(&"My follow-ups".to_owned()));
    assert!(titles("custom_roles", "name").contains(&"Tier 2 agent".to_owned()));
    assert!(titles("trigger_categories", "name").contains(&"Notifications".to_owned()));
    assert!(titles("automations", "title").contains(&"Close solved after 4 days".to_owned()));
    // The read shape: urls where the API gives them, groups by id, the rest by position.
    for key in [
        "groups",
        "ticket_fields",
        "user_fields",
        "organization_fields",
        "triggers",
        "macros",
        "views",
    ] {
        for item in first[key].as_array().cloned().unwrap_or_default() {
            let id = item["id"].as_u64().unwrap_or_default();
            assert_eq!(
                item["url"],
                format!("{GLOBEX}/api/v2/{key}/{id}.json"),
                "{key}"
            );
        }
    }
    let positions: Vec<i64> = first["triggers"]
        .as_array()
        .map(|l| l.iter().filter_map(|t| t["position"].as_i64()).collect())
        .unwrap_or_default();
    let mut sorted = positions.clone();
    sorted.sort_unstable();
    assert_eq!(positions, sorted);
    // What the API lists is in it, as the API answers it.
    let greta = format!("Basic {}", basic(GLOBEX_ADMIN, GLOBEX_API_TOKEN));
    let macros = globex(&sim, &greta, "GET", "/api/v2/macros.json", None).await;
    let mut listed = macros["responseJSON"]["macros"].clone();
    let by_id = |v: &mut Value| {
        if let Some(l) = v.as_array_mut() {
            l.sort_by_key(|m| m["id"].as_u64());
        }
    };
    by_id(&mut listed);
    let mut snap = first["macros"].clone();
    by_id(&mut snap);
    assert_eq!(listed, snap);
    // Writes show up; an unknown account is 404.
    let made = globex(
        &sim,
        &greta,
        "POST",
        "/api/v2/groups.json",
        Some(json!({"group": {"name": "Snapshot"}})),
    )
    .await;
    assert_eq!(made["status"], 201);
    let after = sim.config("globex").await;
    assert_eq!(
        after["groups"]
            .as_array()
            .and_then(|g| g.last())
            .map(|g| g["name"].clone()),
        Some(json!("Snapshot"))
    );
    let none = sim.call("GET", "/sim/accounts/nowhere/config", None).await;
    assert_eq!(none.status, 404);
}
