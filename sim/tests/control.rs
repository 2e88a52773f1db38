//! The control API: faults, reset, account switches, the request log.

mod common;

use axum::http::StatusCode;
use common::{sim, sim_in, Sim};
use serde_json::{json, Value};

#[tokio::test]
async fn an_injected_fault_answers_times_requests_then_is_used_up() {
    let sim = sim();
    let fault = sim
        .call(
            "POST",
            "/sim/faults",
            Some(json!({
                "account": "acme", "method": "GET", "path": "/api/v2/custom_roles",
                "status": 429, "headers": {"Retry-After": "7"},
                "body": {"error": "APIRateLimitExceeded"}, "times": 2, "delay_ms": 0
            })),
        )
        .await;
    assert_eq!(fault.status, 200, "{}", fault.text);
    let roles = json!({"url": "/api/v2/custom_roles?page[size]=100"});
    for _ in 0..2 {
        let answer = sim.complete("acme", "admin", roles.clone()).await;
        assert_eq!(answer["status"], 429, "{answer}");
        assert_eq!(answer["headers"]["retry-after"], "7");
        assert_eq!(answer["responseJSON"]["error"], "APIRateLimitExceeded");
    }
    let real = sim.complete("acme", "admin", roles.clone()).await;
    assert_eq!(real["status"], 200, "{real}");
    // Another account or method does not match.
    sim.call(
        "POST",
        "/sim/faults",
        Some(json!({"account": "globex", "path": "/api/v2/custom_roles", "status": 500})),
    )
    .await;
    assert_eq!(sim.complete("acme", "admin", roles).await["status"], 200);
    let log = sim.requests().await;
    let statuses: Vec<_> = log.iter().map(|r| r["status"].clone()).collect();
    assert_eq!(
        statuses,
        vec![json!(429), json!(429), json!(200), json!(200)]
    );
    let seqs: Vec<_> = log.iter().map(|r| r["seq"].clone()).collect();
    assert_eq!(seqs, vec![json!(1), json!(2), json!(3), json!(4)]);
}

#[tokio::test]
async fn reset_restores_the_scenario() {
    let sim = sim();
    sim.call("POST", "/sim/accounts/acme", Some(json!({"plan": "team"})))
        .await;
    sim.put_acme_settings(json!({"shares": "[1]"})).await;
    sim.call(
        "POST",
        "/sim/faults",
        Some(json!({"path": "/api/v2/users/me.json", "status": 500, "times": 5})),
    )
    .await;
    assert_eq!(sim.requests().await.len(), 1);

    let reset = sim
        .call("POST", "/sim/reset", Some(json!({"scenario": "demo"})))
        .await;
    assert_eq!(reset.status, 200, "{}", reset.text);
    assert!(sim.requests().await.is_empty());
    let (done, me) = sim
        .request("acme", "admin", json!({"url": "/api/v2/users/me.json"}))
        .await;
    assert!(done, "the fault survived the reset: {me}");
    let roles = sim
        .complete("acme", "admin", json!({"url": "/api/v2/custom_roles"}))
        .await;
    assert_eq!(roles["status"], 200, "the plan survived the reset");
    let inst = sim
        .complete(
            "acme",
            "admin",
            json!({"url": "/api/v2/apps/installations/360000870001"}),
        )
        .await;
    let shares: Value = serde_json::from_str(
        inst["responseJSON"]["settings"]["shares"]
            .as_str()
            .unwrap_or("null"),
    )
    .unwrap_or(Value::Null);
    assert_eq!(shares[0]["slot"], 1, "the demo's share is back: {inst}");
    assert_eq!(shares[0]["source_url"], "https://globex.zendesk.com");

    let unknown = sim
        .call("POST", "/sim/reset", Some(json!({"scenario": "nope"})))
        .await;
    assert_eq!(unknown.status, 400);
}

#[tokio::test]
async fn account_changes_are_validated() {
    let sim = sim();
    let bad_plan = sim
        .call(
            "POST",
            "/sim/accounts/acme",
            Some(json!({"plan": "platinum"})),
        )
        .await;
    assert_eq!(bad_plan.status, 400);
    assert!(bad_plan.text.contains("enterprise"));
    let missing = sim
        .call("POST", "/sim/accounts/hooli", Some(json!({"plan": "team"})))
        .await;
    assert_eq!(missing.status, 404);
    let ok = sim
        .call(
            "POST",
            "/sim/accounts/globex",
            Some(json!({"plan": "professional", "rate_limit_per_minute": 10})),
        )
        .await
        .json();
    assert_eq!(ok["plan"], "professional");
    assert_eq!(ok["rate_limit_per_minute"], 10);
}

/// A POST with the given Content-Type (none when `None`).
async fn post_as(sim: &Sim, path: &str, content_type: Option<&str>, body: &str) -> u16 {
    let headers: Vec<(&str, &str)> = content_type
        .map(|ct| vec![("content-type", ct)])
        .unwrap_or_default();
    sim.call_with("POST", path, &headers, body.to_owned())
        .await
        .status
        .as_u16()
}

#[tokio::test]
async fn posts_need_a_json_content_type() {
    let sim = sim();
    let proxy = r#"{"session": {"account": "acme", "user": "admin"}, "options": {"url": "/api/v2/users/me.json"}}"#;
    let cases = [
        ("/sim/reset", r#"{"scenario": "demo"}"#),
        (
            "/sim/faults",
            r#"{"path": "/api/v2/users/me.json", "status": 500}"#,
        ),
        ("/sim/accounts/acme", r#"{"plan": "team"}"#),
        ("/sim/proxy", proxy),
    ];
    for (path, body) in cases {
        for bad in [
            None,
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
            Some("multipart/form-data; boundary=x"),
        ] {
            assert_eq!(post_as(&sim, path, bad, body).await, 415, "{path} {bad:?}");
        }
    }
    // Nothing of the refused posts happened.
    assert!(sim.requests().await.is_empty());
    let roles = sim
        .complete("acme", "admin", json!({"url": "/api/v2/users/me.json"}))
        .await;
    assert_eq!(roles["status"], 200, "a refused fault was stored: {roles}");
    assert_eq!(
        sim.call("GET", "/sim/session", None).await.json()["data"]["currentAccount"]["planName"],
        "enterprise"
    );

    for (path, body) in cases {
        let status = post_as(&sim, path, Some("application/json; charset=utf-8"), body).await;
        assert_eq!(status, 200, "{path}");
    }
}

async fn role_names(sim: &Sim, account: &str) -> Vec<Value> {
    let answer = sim
        .complete(account, "admin", json!({"url": "/api/v2/custom_roles"}))
        .await;
    assert_eq!(answer["status"], 200, "{answer}");
    answer["responseJSON"]["custom_roles"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn the_empty_scenario_has_no_custom_roles_in_acme() {
    let sim = sim();
    let reset = sim
        .call("POST", "/sim/reset", Some(json!({"scenario": "empty"})))
        .await;
    assert_eq!(reset.status, 200, "{}", reset.text);
    assert_eq!(reset.json()["scenario"], "empty");
    assert!(role_names(&sim, "acme").await.is_empty());
    assert_eq!(role_names(&sim, "globex").await.len(), 3);

    // Users and installations stay.
    for user in ["admin", "agent", "restricted"] {
        let (done, me) = sim
            .request("acme", user, json!({"url": "/api/v2/users/me.json"}))
            .await;
        assert!(done, "{user}: {me}");
        if user != "admin" {
            assert_eq!(me["user"]["custom_role_id"], Value::Null, "{me}");
        }
    }
    let inst = sim
        .complete(
            "acme",
            "admin",
            json!({"url": "/api/v2/apps/installations.json"}),
        )
        .await;
    // The console, the tile and another app.
    assert_eq!(
        inst["responseJSON"]["installations"]
            .as_array()
            .map(Vec::len),
        Some(3),
        "{inst}"
    );
    let session = sim.call("GET", "/sim/session?user=restricted", None).await;
    assert_eq!(session.status, 200, "{}", session.text);

    // A reset without a scenario keeps the current one; demo brings the roles back.
    sim.call("POST", "/sim/reset", Some(json!({}))).await;
    assert!(role_names(&sim, "acme").await.is_empty());
    sim.call("POST", "/sim/reset", Some(json!({"scenario": "demo"})))
        .await;
    assert_eq!(role_names(&sim, "acme").await.len(), 5);

    // The simulator can also start in it (what --scenario empty does).
    let started = sim_in("empty");
    assert!(role_names(&started, "acme").await.is_empty());
}

#[tokio::test]
async fn the_apps_control_says_what_each_installation_holds_without_its_secrets() {
    let sim = sim();
    let answer = sim.call("GET", "/sim/accounts/acme/apps", None).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let apps = answer.json();
    let list = apps["apps"].as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 2, "{apps}");
    assert_eq!(list[0]["app"], "console");
    // The demo limits the console to admins (2) and Team lead, the role that manages roles.
    assert_eq!(list[0]["role_restrictions"], json!([2, 360_000_210_001u64]));
    // The demo's share with globex: a read-scoped OAuth token of Greta's, never its value.
    let secure = list[0]["secure"].clone();
    assert_eq!(secure["share_auth_1"]["kind"], "oauth_token", "{secure}");
    assert_eq!(secure["share_auth_1"]["account"], "globex");
    assert_eq!(secure["share_auth_1"]["user_id"], 382_000_000_001u64);
    assert_eq!(secure["share_auth_1"]["scopes"], json!(["read"]));
    assert_eq!(secure["share_auth_1"]["revoked"], false);
    assert_eq!(secure.as_object().map(|s| s.len()), Some(1), "{secure}");
    let token = {
        let world = sim.state.lock();
        world
            .account("globex")
            .and_then(|g| g.oauth.tokens.first())
            .map(|t| t.value.clone())
            .unwrap_or_default()
    };
    assert_eq!(token.len(), 64);
    assert!(!answer.text.contains(&token));
    assert_eq!(list[1]["app"], "tile");
    assert_eq!(list[1]["role_restrictions"], Value::Null);
    assert_eq!(list[1]["secure"]["autotask_secret"]["kind"], "other");
    assert_eq!(
        list[1]["secure"]["autotask_integration_code"]["length"],
        deskset_sim::autotask::seed::ACME_IT_OWN_CODE.len()
    );
    assert!(!answer
        .text
        .contains(deskset_sim::autotask::seed::ACME_IT_SECRET));
    assert!(!answer
        .text
        .contains(deskset_sim::autotask::seed::ACME_IT_OWN_CODE));
    assert_eq!(
        sim.call("GET", "/sim/accounts/nowhere/apps", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_secret_scan_names_the_secrets_a_text_holds_without_showing_them() {
    let sim = sim();
    let token = deskset_sim::scenario::GLOBEX_API_TOKEN;
    let answer = sim
        .call(
            "POST",
            "/sim/secrets/scan",
            Some(json!({"text": format!("<p>{token}</p>")})),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    let found = answer.json()["found"].clone();
    assert_eq!(found, json!(["globex: API token 0"]));
    assert!(!answer.text.contains(token), "never shown");
    let clean = sim
        .call(
            "POST",
            "/sim/secrets/scan",
            Some(json!({"text": "Bearer {{setting.share_auth_1}}"})),
        )
        .await;
    assert_eq!(clean.json()["found"], json!([]));
    // A secure setting written through the API is one of them.
    sim.put_acme_settings(json!({"share_auth_1": "Stored-secret-0042"}))
        .await;
    let stored = sim
        .call(
            "POST",
            "/sim/secrets/scan",
            Some(json!({"text": "x Stored-secret-0042 y"})),
        )
        .await;
    let found = stored.json()["found"].to_string();
    assert!(
        found.contains("acme: ") && found.contains("share_auth_1"),
        "{found}"
    );
}
