//! The request proxy: domainWhitelist, secure placeholders, session identity, header rules.

mod common;

use common::{basic, sim, Sim, GLOBEX_ADMIN};
use deskset_sim::scenario::GLOBEX_API_TOKEN;
use serde_json::{json, Value};

#[tokio::test]
async fn secure_placeholder_to_a_host_outside_the_whitelist_is_refused_and_never_sent() {
    let sim = sim();
    let secret = basic(
        "ada.admin@acme.example",
        deskset_sim::scenario::ACME_API_TOKEN,
    );
    let put = sim.put_acme_settings(json!({"share_auth_1": secret})).await;
    assert_eq!(put["status"], 200, "{put}");
    let acme_calls = sim.api_calls("acme");

    // acme.zendesk.com has a fake, but the fixture whitelists only globex.zendesk.com.
    let answer = sim
        .complete(
            "acme",
            "admin",
            json!({
                "url": "https://acme.zendesk.com/api/v2/users/me.json",
                "headers": {"Authorization": "Basic {{setting.share_auth_1}}"},
                "secure": true,
            }),
        )
        .await;
    assert_eq!(answer["status"], 403, "{answer}");
    // The secure refusal, not the plain whitelist one.
    assert_eq!(
        answer["responseText"],
        "secure setting placeholders are only filled for domains in the manifest's domainWhitelist, and acme.zendesk.com is not one: the request was not sent",
        "{answer}"
    );
    assert_eq!(
        sim.api_calls("acme"),
        acme_calls,
        "the request reached the fake account"
    );

    let log = sim.requests().await;
    let last = log.last().cloned().unwrap_or_default();
    assert_eq!(last["url"], "https://acme.zendesk.com/api/v2/users/me.json");
    assert_eq!(last["secure"], true);
    assert_eq!(last["status"], 403);
    assert!(last["refused"].is_string(), "{last}");
}

#[tokio::test]
async fn plain_request_to_a_host_outside_the_whitelist_is_refused() {
    let sim = sim();
    let (done, answer) = sim
        .request(
            "acme",
            "admin",
            json!({"url": "https://evilglobex.zendesk.com.example/x"}),
        )
        .await;
    assert!(!done);
    assert_eq!(answer["status"], 403, "{answer}");
    assert_eq!(
        answer["responseText"],
        "evilglobex.zendesk.com.example is not in the manifest's domainWhitelist",
        "{answer}"
    );
    let (done, _) = sim
        .request(
            "acme",
            "admin",
            json!({"url": "https://webservices.autotask.net.evil.example/"}),
        )
        .await;
    assert!(!done);
}

#[tokio::test]
async fn secure_placeholder_is_filled_for_a_whitelisted_host_only_with_secure_true() {
    let sim = sim();
    sim.put_acme_settings(json!({"share_auth_1": basic(GLOBEX_ADMIN, GLOBEX_API_TOKEN)}))
        .await;
    let options = json!({
        "url": "https://globex.zendesk.com/api/v2/apps/installations.json",
        "headers": {"Authorization": "Basic {{setting.share_auth_1}}"},
    });

    // Without secure: true the placeholder goes out literally and globex cannot authenticate it.
    let plain = sim.complete("acme", "admin", options.clone()).await;
    assert_eq!(plain["status"], 401, "{plain}");

    let mut secure = options.clone();
    secure["secure"] = json!(true);
    let filled = sim.complete("acme", "admin", secure).await;
    assert_eq!(filled["status"], 200, "{filled}");
    assert!(
        filled["responseJSON"]["installations"].is_array(),
        "{filled}"
    );

    // The log keeps the URL as sent and no secret.
    let log = serde_json::to_string(&sim.requests().await).unwrap_or_default();
    assert!(!log.contains(&basic(GLOBEX_ADMIN, GLOBEX_API_TOKEN)));
    assert!(!log.contains(GLOBEX_API_TOKEN));
}

#[tokio::test]
async fn non_secure_parameters_are_not_filled_even_with_secure_true() {
    let sim = sim();
    sim.put_acme_settings(json!({"shares": basic(GLOBEX_ADMIN, GLOBEX_API_TOKEN)}))
        .await;
    let answer = sim
        .complete(
            "acme",
            "admin",
            json!({
                "url": "https://globex.zendesk.com/api/v2/users/me.json",
                "headers": {"Authorization": "Basic {{setting.shares}}"},
                "secure": true,
            }),
        )
        .await;
    assert_eq!(answer["status"], 401, "{answer}");
}

#[tokio::test]
async fn relative_urls_act_as_the_session_user() {
    let sim = sim();
    let (done, admin) = sim
        .request("acme", "admin", json!({"url": "/api/v2/users/me.json"}))
        .await;
    assert!(done);
    assert_eq!(admin["user"]["email"], "ada.admin@acme.example");
    assert_eq!(admin["user"]["role"], "admin");

    let (_, restricted) = sim
        .request("acme", "restricted", json!({"url": "/api/v2/users/me"}))
        .await;
    assert_eq!(restricted["user"]["name"], "Rita Restricted");
    assert_eq!(restricted["user"]["role"], "agent");
    assert_eq!(restricted["user"]["custom_role_id"], 360_000_210_002u64);

    let (_, globex) = sim
        .request("globex", "agent", json!({"url": "/api/v2/users/me.json"}))
        .await;
    assert_eq!(globex["user"]["email"], "gil.agent@globex.example");
}

#[tokio::test]
async fn an_authorization_header_cannot_change_the_session_user_of_a_relative_url() {
    let sim = sim();
    let (_, me) = sim
        .request(
            "acme",
            "restricted",
            json!({
                "url": "/api/v2/users/me.json",
                "headers": {"Authorization": format!("Basic {}", basic("ada.admin@acme.example", deskset_sim::scenario::ACME_API_TOKEN))},
            }),
        )
        .await;
    assert_eq!(me["user"]["role"], "agent");
}

#[tokio::test]
async fn header_names_with_underscores_are_refused() {
    let sim = sim();
    let before = sim.api_calls("globex");
    let answer = sim
        .complete(
            "acme",
            "admin",
            json!({
                "url": "https://globex.zendesk.com/api/v2/users/me.json",
                "headers": {"X_Api_Key": "abc"},
            }),
        )
        .await;
    assert_eq!(answer["status"], 400, "{answer}");
    assert!(answer["responseText"]
        .as_str()
        .is_some_and(|t| t.contains("underscore")));
    assert_eq!(sim.api_calls("globex"), before);
    let log = sim.requests().await;
    assert!(log.last().is_some_and(|r| r["refused"].is_string()));

    let ok = sim
        .complete(
            "acme",
            "admin",
            json!({
                "url": "https://globex.zendesk.com/api/v2/users/me.json",
                "headers": {"X-Api-Key": "abc"},
            }),
        )
        .await;
    assert_eq!(ok["status"], 200, "{ok}");
}

#[tokio::test]
async fn answers_follow_http_complete_response() {
    let sim = sim();
    let (done, body) = sim
        .request(
            "acme",
            "admin",
            json!({"url": "/api/v2/custom_roles/1.json"}),
        )
        .await;
    assert!(!done);
    assert_eq!(body["status"], 404);
    assert_eq!(body["statusText"], "Not Found");
    assert_eq!(body["responseJSON"]["error"], "RecordNotFound");
    assert!(body["responseText"]
        .as_str()
        .is_some_and(|t| t.contains("RecordNotFound")));

    let complete = sim
        .complete("acme", "admin", json!({"url": "/api/v2/custom_roles"}))
        .await;
    assert_eq!(complete["status"], 200);
    assert_eq!(complete["statusText"], "OK");
    assert!(complete["headers"]["content-type"]
        .as_str()
        .is_some_and(|c| c.contains("application/json")));
    assert!(complete["headers"]["x-rate-limit"].is_string());
    assert_eq!(
        complete["responseJSON"]["custom_roles"]
            .as_array()
            .map(Vec::len),
        Some(5)
    );
}

#[tokio::test]
async fn secure_placeholder_in_a_relative_url_request_is_refused_and_never_sent() {
    let sim = sim();
    sim.put_acme_settings(json!({"share_auth_1": basic(GLOBEX_ADMIN, GLOBEX_API_TOKEN)}))
        .await;
    let before = sim.api_calls("acme");
    let answer = sim
        .complete(
            "acme",
            "admin",
            json!({
                "url": "/api/v2/users/me.json",
                "headers": {"Authorization": "Basic {{setting.share_auth_1}}"},
                "secure": true,
            }),
        )
        .await;
    assert_eq!(answer["status"], 403, "{answer}");
    assert_eq!(
        answer["responseText"],
        "secure setting placeholders are only filled for absolute URLs to domains in the manifest's domainWhitelist, not for a relative URL",
        "{answer}"
    );
    assert_eq!(sim.api_calls("acme"), before, "the request was sent");
    let log = sim.requests().await;
    let last = log.last().cloned().unwrap_or_default();
    assert_eq!(last["url"], "/api/v2/users/me.json");
    assert_eq!(last["status"], 403);
    assert!(last["refused"]
        .as_str()
        .is_some_and(|r| r.contains("relative URL")));
}

/// Stores secure values for acme's deskset: globex admin credentials in the given parameter(s).
async fn store(sim: &Sim, settings: Value) {
    let put = sim.put_acme_settings(settings).await;
    assert_eq!(put["status"], 200, "{put}");
}

/// Asserts a secure request was refused for scope reasons naming `setting` and `place`, recorded as
/// refused, and never reached globex.
async fn assert_scope_refusal(sim: &Sim, options: Value, setting: &str, place: &str) {
    let before = sim.api_calls("globex");
    let answer = sim.complete("acme", "admin", options).await;
    assert_eq!(answer["status"], 403, "{answer}");
    let text = answer["responseText"].as_str().unwrap_or_default();
    assert!(
        text.starts_with(&format!(
            "secure setting {setting:?} may not be used in {place}"
        )),
        "{text}"
    );
    assert!(!text.contains("domainWhitelist"), "{text}");
    assert_eq!(sim.api_calls("globex"), before, "the request was sent");
    let log = sim.requests().await;
    let last = log.last().cloned().unwrap_or_default();
    assert_eq!(last["status"], 403);
    assert_eq!(last["refused"], text, "{last}");
}

#[tokio::test]
async fn a_header_scoped_secret_is_refused_in_the_body_and_the_url() {
    let sim = sim();
    store(&sim, json!({"share_auth_1": "c2VjcmV0"})).await;
    assert_scope_refusal(
        &sim,
        json!({
            "url": "https://globex.zendesk.com/api/v2/apps/installations/361000870001.json",
            "type": "PUT",
            "contentType": "application/json",
            "data": json!({"settings": {"shares": "{{setting.share_auth_1}}"}}).to_string(),
            "secure": true,
        }),
        "share_auth_1",
        "the request body (data)",
    )
    .await;
    // Object data is the body too.
    assert_scope_refusal(
        &sim,
        json!({
            "url": "https://globex.zendesk.com/api/v2/users/me.json",
            "type": "POST",
            "data": {"token": "{{setting.share_auth_1}}"},
            "secure": true,
        }),
        "share_auth_1",
        "the request body (data)",
    )
    .await;
    assert_scope_refusal(
        &sim,
        json!({
            "url": "https://globex.zendesk.com/api/v2/users/me.json?t={{setting.share_auth_1}}",
            "secure": true,
        }),
        "share_auth_1",
        "the URL",
    )
    .await;
}

#[tokio::test]
async fn body_and_url_scoped_secrets_are_filled_only_there() {
    let sim = sim();
    let auth = basic(GLOBEX_ADMIN, GLOBEX_API_TOKEN);
    store(
        &sim,
        json!({"share_auth_1": auth, "body_secret": "from-the-body-secret", "url_secret": "361000310002"}),
    )
    .await;

    // body scope: filled in the data.
    let put = sim
        .complete(
            "acme",
            "admin",
            json!({
                "url": "https://globex.zendesk.com/api/v2/apps/installations/361000870001.json",
                "type": "PUT",
                "contentType": "application/json",
                "headers": {"Authorization": "Basic {{setting.share_auth_1}}"},
                "data": json!({"settings": {"shares": "{{setting.body_secret}}"}}).to_string(),
                "secure": true,
            }),
        )
        .await;
    assert_eq!(put["status"], 200, "{put}");
    assert_eq!(
        put["responseJSON"]["settings"]["shares"], "from-the-body-secret",
        "{put}"
    );

    // url scope: filled in the URL.
    let role = sim
        .complete(
            "acme",
            "admin",
            json!({
                "url": "https://globex.zendesk.com/api/v2/custom_roles/{{setting.url_secret}}.json",
                "headers": {"Authorization": "Basic {{setting.share_auth_1}}"},
                "secure": true,
            }),
        )
        .await;
    assert_eq!(role["status"], 200, "{role}");
    assert_eq!(role["responseJSON"]["custom_role"]["name"], "Tier 2 agent");

    // ...and nowhere else.
    assert_scope_refusal(
        &sim,
        json!({
            "url": "https://globex.zendesk.com/api/v2/users/me.json",
            "headers": {"X-Extra": "{{setting.body_secret}}"},
            "secure": true,
        }),
        "body_secret",
        "the header \"X-Extra\"",
    )
    .await;
    assert_scope_refusal(
        &sim,
        json!({
            "url": "https://globex.zendesk.com/api/v2/users/me.json?x={{setting.body_secret}}",
            "secure": true,
        }),
        "body_secret",
        "the URL",
    )
    .await;
    assert_scope_refusal(
        &sim,
        json!({
            "url": "https://globex.zendesk.com/api/v2/users/me.json",
            "headers": {"Authorization": "Basic {{setting.url_secret}}"},
            "secure": true,
        }),
        "url_secret",
        "the header \"Authorization\"",
    )
    .await;
}

#[tokio::test]
async fn a_secret_without_scopes_is_filled_in_headers_only() {
    let sim = sim();
    store(
        &sim,
        json!({"unscoped_secret": basic(GLOBEX_ADMIN, GLOBEX_API_TOKEN)}),
    )
    .await;
    let me = sim
        .complete(
            "acme",
            "admin",
            json!({
                "url": "https://globex.zendesk.com/api/v2/users/me.json",
                "headers": {"Authorization": "Basic {{setting.unscoped_secret}}"},
                "secure": true,
            }),
        )
        .await;
    assert_eq!(me["status"], 200, "{me}");
    assert_eq!(me["responseJSON"]["user"]["email"], GLOBEX_ADMIN);

    let before = sim.api_calls("globex");
    let body = sim
        .complete(
            "acme",
            "admin",
            json!({
                "url": "https://globex.zendesk.com/api/v2/users/me.json",
                "type": "POST",
                "contentType": "application/json",
                "data": "{\"x\": \"{{setting.unscoped_secret}}\"}",
                "secure": true,
            }),
        )
        .await;
    assert_eq!(body["status"], 403, "{body}");
    let text = body["responseText"].as_str().unwrap_or_default();
    assert!(text.contains("\"unscoped_secret\""), "{text}");
    assert!(text.contains("has no scopes"), "{text}");
    assert_eq!(sim.api_calls("globex"), before);
}
