//! The fake Zendesk API behind the proxy: auth, plans, roles, installations, rate limits.

mod common;

use common::{basic, sim, ACME_DESKSET, GLOBEX_ADMIN};
use deskset_sim::scenario::{ACME_API_TOKEN, GLOBEX_API_TOKEN};
use serde_json::{json, Value};

fn globex_me(auth: &str) -> Value {
    json!({
        "url": "https://globex.zendesk.com/api/v2/users/me.json",
        "headers": {"Authorization": format!("Basic {auth}")},
    })
}

#[tokio::test]
async fn basic_auth_with_an_api_token() {
    let sim = sim();
    let good = sim
        .complete(
            "acme",
            "admin",
            globex_me(&basic(GLOBEX_ADMIN, GLOBEX_API_TOKEN)),
        )
        .await;
    assert_eq!(good["status"], 200, "{good}");
    assert_eq!(good["responseJSON"]["user"]["email"], GLOBEX_ADMIN);
    assert_eq!(good["responseJSON"]["user"]["role"], "admin");

    // acme's token is not globex's.
    let bad = sim
        .complete(
            "acme",
            "admin",
            globex_me(&basic(GLOBEX_ADMIN, ACME_API_TOKEN)),
        )
        .await;
    assert_eq!(bad["status"], 401, "{bad}");
    assert_eq!(bad["responseJSON"]["error"], "Couldn't authenticate you");

    let unknown_user = sim
        .complete(
            "acme",
            "admin",
            globex_me(&basic("nobody@globex.example", GLOBEX_API_TOKEN)),
        )
        .await;
    assert_eq!(unknown_user["status"], 401);

    let off = sim
        .call(
            "POST",
            "/sim/accounts/globex",
            Some(json!({"token_access": false})),
        )
        .await;
    assert_eq!(off.status, 200, "{}", off.text);
    let refused = sim
        .complete(
            "acme",
            "admin",
            globex_me(&basic(GLOBEX_ADMIN, GLOBEX_API_TOKEN)),
        )
        .await;
    assert_eq!(refused["status"], 401, "{refused}");
}

#[tokio::test]
async fn users_me_without_credentials_is_the_anonymous_user() {
    let sim = sim();
    let anon = sim
        .complete(
            "acme",
            "admin",
            json!({"url": "https://globex.zendesk.com/api/v2/users/me.json"}),
        )
        .await;
    assert_eq!(anon["status"], 200);
    assert_eq!(anon["responseJSON"]["user"]["id"], Value::Null);
    assert_eq!(anon["responseJSON"]["user"]["role"], "end-user");
    let roles = sim
        .complete(
            "acme",
            "admin",
            json!({"url": "https://globex.zendesk.com/api/v2/custom_roles.json"}),
        )
        .await;
    assert_eq!(roles["status"], 401);
}

#[tokio::test]
async fn custom_roles_need_enterprise() {
    let sim = sim();
    let ok = sim
        .complete("acme", "agent", json!({"url": "/api/v2/custom_roles.json"}))
        .await;
    assert_eq!(ok["status"], 200);

    let change = sim
        .call(
            "POST",
            "/sim/accounts/acme",
            Some(json!({"plan": "professional"})),
        )
        .await;
    assert_eq!(change.status, 200);
    let forbidden = sim
        .complete("acme", "admin", json!({"url": "/api/v2/custom_roles.json"}))
        .await;
    assert_eq!(forbidden["status"], 403, "{forbidden}");
    assert_eq!(forbidden["responseJSON"]["error"], "Forbidden");
    assert!(forbidden["responseJSON"]["description"].is_string());
    let show = sim
        .complete(
            "acme",
            "admin",
            json!({"url": "/api/v2/custom_roles/360000210001.json"}),
        )
        .await;
    assert_eq!(show["status"], 403);

    // The host page's plan switch changes the account too.
    let page = sim
        .call("GET", "/?account=acme&plan=enterprise_plus", None)
        .await;
    assert_eq!(page.status, 200);
    let back = sim
        .complete("acme", "admin", json!({"url": "/api/v2/custom_roles.json"}))
        .await;
    assert_eq!(back["status"], 200);
}

#[tokio::test]
async fn custom_roles_list_and_show_follow_the_spec_shapes() {
    let sim = sim();
    let (done, list) = sim
        .request("acme", "admin", json!({"url": "/api/v2/custom_roles"}))
        .await;
    assert!(done);
    let roles = list["custom_roles"].as_array().cloned().unwrap_or_default();
    assert_eq!(roles.len(), 5);
    let lead = roles
        .iter()
        .find(|r| r["name"] == "Team lead")
        .cloned()
        .unwrap_or_default();
    for field in ["id", "name", "description", "created_at", "updated_at"] {
        assert!(!lead[field].is_null(), "{field} missing: {lead}");
    }
    assert_eq!(lead["role_type"], 0);
    assert_eq!(lead["configuration"]["manage_roles"], "all-except-self");
    // Four agents outside the scenario's users plus Alan Agent.
    assert_eq!(lead["team_member_count"], 5);
    assert!(lead["configuration"]["ticket_access"].is_string());
    assert!(lead["configuration"]["ticket_merge"].is_boolean());

    let (done, one) = sim
        .request(
            "acme",
            "agent",
            json!({"url": "/api/v2/custom_roles/360000210002.json"}),
        )
        .await;
    assert!(done, "{one}");
    assert_eq!(one["custom_role"]["name"], "Support agent");
    assert_eq!(one["custom_role"]["configuration"]["manage_roles"], "none");

    let missing = sim
        .complete("acme", "admin", json!({"url": "/api/v2/custom_roles/42"}))
        .await;
    assert_eq!(missing["status"], 404);
    assert_eq!(
        missing["responseJSON"],
        json!({"error": "RecordNotFound", "description": "Not found"})
    );

    // Rita's role has manage_roles: none.
    let restricted = sim
        .complete(
            "acme",
            "restricted",
            json!({"url": "/api/v2/custom_roles/360000210002"}),
        )
        .await;
    assert_eq!(restricted["status"], 403);
}

#[tokio::test]
async fn installations_are_for_admins_only() {
    let sim = sim();
    for user in ["agent", "restricted"] {
        let list = sim
            .complete(
                user_account(),
                user,
                json!({"url": "/api/v2/apps/installations.json"}),
            )
            .await;
        assert_eq!(list["status"], 403, "{user}: {list}");
        let put = sim
            .complete(
                "acme",
                user,
                json!({
                    "url": format!("/api/v2/apps/installations/{ACME_DESKSET}.json"),
                    "type": "PUT",
                    "contentType": "application/json",
                    "data": json!({"settings": {"shares": "[]"}}).to_string(),
                }),
            )
            .await;
        assert_eq!(put["status"], 403, "{user}: {put}");
    }
    let admin = sim
        .complete(
            "acme",
            "admin",
            json!({"url": "/api/v2/apps/installations.json"}),
        )
        .await;
    assert_eq!(admin["status"], 200);
    let list = admin["responseJSON"]["installations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(list
        .iter()
        .any(|i| i["id"] == ACME_DESKSET && i["settings"]["name"] == "deskset"));
}

fn user_account() -> &'static str {
    "acme"
}

#[tokio::test]
async fn a_partial_put_keeps_other_settings_and_secure_values_never_come_back() {
    let sim = sim();
    // A real credential: globex's admin and API token, as a share stores it.
    let credential = basic(GLOBEX_ADMIN, GLOBEX_API_TOKEN);
    let secret = credential.as_str();
    let first = sim
        .put_acme_settings(json!({"shares": "[{\"slot\":1}]", "share_auth_1": secret}))
        .await;
    assert_eq!(first["status"], 200, "{first}");
    let second = sim
        .put_acme_settings(json!({"registration": "{\"admin_id\":1}"}))
        .await;
    assert_eq!(second["status"], 200);
    let settings = &second["responseJSON"]["settings"];
    assert_eq!(
        settings["shares"], "[{\"slot\":1}]",
        "the first PUT's setting was lost"
    );
    assert_eq!(settings["registration"], "{\"admin_id\":1}");
    assert_eq!(settings["name"], "deskset");
    assert!(settings.get("share_auth_1").is_none(), "{settings}");

    // The secure value still works in the proxy after the second PUT...
    let me = sim
        .complete(
            "acme",
            "admin",
            json!({
                "url": "https://globex.zendesk.com/api/v2/users/me.json",
                "headers": {"Authorization": "Basic {{setting.share_auth_1}}"},
                "secure": true,
            }),
        )
        .await;
    assert_eq!(me["status"], 200, "the stored credential was lost: {me}");
    assert_eq!(me["responseJSON"]["user"]["email"], GLOBEX_ADMIN, "{me}");

    // ...and no endpoint shows it.
    let mut seen = vec![
        first.to_string(),
        second.to_string(),
        sim.complete(
            "acme",
            "admin",
            json!({"url": "/api/v2/apps/installations.json"}),
        )
        .await
        .to_string(),
        sim.complete(
            "acme",
            "admin",
            json!({"url": format!("/api/v2/apps/installations/{ACME_DESKSET}.json")}),
        )
        .await
        .to_string(),
        sim.call("GET", "/sim/session?account=acme&user=admin", None)
            .await
            .text,
        sim.call("GET", "/?account=acme&user=admin", None)
            .await
            .text,
        sim.call("GET", "/sim/requests", None).await.text,
    ];
    seen.push(
        sim.call(
            "POST",
            "/sim/accounts/acme",
            Some(json!({"plan": "enterprise"})),
        )
        .await
        .text,
    );
    for text in &seen {
        assert!(!text.contains(secret), "secure value leaked: {text}");
        assert!(
            !text.contains(GLOBEX_API_TOKEN),
            "secure value leaked: {text}"
        );
    }
    let session = sim
        .call("GET", "/sim/session?account=acme&user=admin", None)
        .await
        .json();
    assert_eq!(session["metadata"]["settings"]["shares"], "[{\"slot\":1}]");
    assert!(session["metadata"]["settings"]
        .get("share_auth_1")
        .is_none());
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let sim = sim();
    let set = sim
        .call(
            "POST",
            "/sim/accounts/acme",
            Some(json!({"rate_limit_per_minute": 2})),
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.text);
    let me = json!({"url": "/api/v2/users/me.json"});
    let first = sim.complete("acme", "admin", me.clone()).await;
    assert_eq!(first["status"], 200);
    assert_eq!(first["headers"]["x-rate-limit"], "2");
    assert_eq!(first["headers"]["x-rate-limit-remaining"], "1");
    let second = sim.complete("acme", "admin", me.clone()).await;
    assert_eq!(second["headers"]["x-rate-limit-remaining"], "0");
    let third = sim.complete("acme", "admin", me.clone()).await;
    assert_eq!(third["status"], 429, "{third}");
    assert_eq!(third["statusText"], "Too Many Requests");
    let retry: u64 = third["headers"]["retry-after"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    assert!((1..=60).contains(&retry), "{third}");
    // Other accounts have their own budget.
    let globex = sim.complete("globex", "admin", me).await;
    assert_eq!(globex["status"], 200);
}

#[tokio::test]
async fn unknown_endpoints_answer_like_zendesk() {
    let sim = sim();
    let answer = sim
        .complete(
            "acme",
            "admin",
            json!({"url": "/api/v2/no_such_thing.json"}),
        )
        .await;
    assert_eq!(answer["status"], 404);
    assert_eq!(answer["responseJSON"]["error"], "InvalidEndpoint");
}

/// The spec's UserObject: `restricted_agent` is "false for admins and unrestricted agents, true for
/// other agents"; `ticket_restriction` says which tickets a user sees.
#[tokio::test]
async fn restricted_agent_follows_the_custom_role() {
    let sim = sim();
    let me = |account: &'static str, user: &'static str| {
        let sim = &sim;
        async move {
            let (done, body) = sim
                .request(account, user, json!({"url": "/api/v2/users/me.json"}))
                .await;
            assert!(done, "{body}");
            body["user"].clone()
        }
    };
    let admin = me("acme", "admin").await;
    assert_eq!(admin["restricted_agent"], false, "{admin}");
    assert_eq!(admin["ticket_restriction"], Value::Null);
    // Team lead: ticket_access all.
    let lead = me("acme", "agent").await;
    assert_eq!(lead["restricted_agent"], false, "{lead}");
    assert_eq!(lead["ticket_restriction"], Value::Null);
    // Support agent: ticket_access within-groups.
    let rita = me("acme", "restricted").await;
    assert_eq!(rita["restricted_agent"], true, "{rita}");
    assert_eq!(rita["ticket_restriction"], "groups");
    let gil = me("globex", "agent").await;
    assert_eq!(gil["restricted_agent"], true, "{gil}");
    let greta = me("globex", "admin").await;
    assert_eq!(greta["restricted_agent"], false);
}

#[tokio::test]
async fn restricted_agent_is_false_for_an_agent_whose_role_opens_all_tickets() {
    let sim = sim();
    // Give Rita's role (Support agent) access to all tickets.
    {
        let mut world = sim.state.lock();
        let acme = world.account_mut("acme").unwrap_or_else(|| panic!("acme"));
        for role in &mut acme.custom_roles {
            if role.name == "Support agent" {
                role.configuration
                    .insert("ticket_access".into(), json!("all"));
            }
        }
    }
    let (_, rita) = sim
        .request(
            "acme",
            "restricted",
            json!({"url": "/api/v2/users/me.json"}),
        )
        .await;
    assert_eq!(rita["user"]["restricted_agent"], false, "{rita}");
    // And assigned-only is a restriction.
    {
        let mut world = sim.state.lock();
        let acme = world.account_mut("acme").unwrap_or_else(|| panic!("acme"));
        for role in &mut acme.custom_roles {
            if role.name == "Support agent" {
                role.configuration
                    .insert("ticket_access".into(), json!("assigned-only"));
            }
        }
    }
    let (_, rita) = sim
        .request(
            "acme",
            "restricted",
            json!({"url": "/api/v2/users/me.json"}),
        )
        .await;
    assert_eq!(rita["user"]["restricted_agent"], true, "{rita}");
    assert_eq!(rita["user"]["ticket_restriction"], "assigned");
}
