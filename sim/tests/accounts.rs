//! The three demo accounts as the share flow meets them: tokens and who they sign in as, initech
//! without deskset, installing deskset unregistered, trial accounts in ZAF, users by id.

mod common;

use common::{basic, sim, Sim, GLOBEX_ADMIN};
use deskset_sim::scenario::{GLOBEX_API_TOKEN, INITECH_API_TOKEN, INITECH_DESKSET};
use serde_json::{json, Value};

const GLOBEX_AGENT: &str = "gil.agent@globex.example";
const INITECH_ADMIN: &str = "irene.initech@initech.example";
const INITECH_AGENT: &str = "ivo.agent@initech.example";

/// `GET https://<sub>.zendesk.com<path>` from acme's app, signed in with `email` and `token`.
async fn remote(sim: &Sim, sub: &str, path: &str, email: &str, token: &str) -> Value {
    sim.complete(
        "acme",
        "admin",
        json!({
            "url": format!("https://{sub}.zendesk.com{path}"),
            "headers": {"Authorization": format!("Basic {}", basic(email, token))},
        }),
    )
    .await
}

#[tokio::test]
async fn a_token_signs_in_any_user_of_its_account() {
    let sim = sim();
    let gil = remote(
        &sim,
        "globex",
        "/api/v2/users/me.json",
        GLOBEX_AGENT,
        GLOBEX_API_TOKEN,
    )
    .await;
    assert_eq!(gil["status"], 200, "{gil}");
    assert_eq!(gil["responseJSON"]["user"]["role"], "agent");
    assert_eq!(gil["responseJSON"]["user"]["email"], GLOBEX_AGENT);
    // Gil is signed in but is not an admin of the source: the installations are not his to read.
    let installs = remote(
        &sim,
        "globex",
        "/api/v2/apps/installations.json",
        GLOBEX_AGENT,
        GLOBEX_API_TOKEN,
    )
    .await;
    assert_eq!(installs["status"], 403, "{installs}");

    let irene = remote(
        &sim,
        "initech",
        "/api/v2/users/me.json",
        INITECH_ADMIN,
        INITECH_API_TOKEN,
    )
    .await;
    assert_eq!(irene["status"], 200, "{irene}");
    assert_eq!(irene["responseJSON"]["user"]["role"], "admin");
    let ivo = remote(
        &sim,
        "initech",
        "/api/v2/users/me.json",
        INITECH_AGENT,
        INITECH_API_TOKEN,
    )
    .await;
    assert_eq!(ivo["responseJSON"]["user"]["role"], "agent");
    // Another account's token is no good.
    let wrong = remote(
        &sim,
        "initech",
        "/api/v2/users/me.json",
        INITECH_ADMIN,
        GLOBEX_API_TOKEN,
    )
    .await;
    assert_eq!(wrong["status"], 401);
}

#[tokio::test]
async fn token_access_off_refuses_basic_auth_calls() {
    let sim = sim();
    for sub in ["globex", "initech"] {
        let off = sim
            .call(
                "POST",
                &format!("/sim/accounts/{sub}"),
                Some(json!({"token_access": false})),
            )
            .await;
        assert_eq!(off.status, 200, "{}", off.text);
        assert_eq!(off.json()["token_access"], false);
    }
    for path in [
        "/api/v2/users/me.json",
        "/api/v2/apps/installations.json",
        "/api/v2/groups.json",
        "/api/v2/security_settings.json",
    ] {
        let refused = remote(&sim, "globex", path, GLOBEX_ADMIN, GLOBEX_API_TOKEN).await;
        assert_eq!(refused["status"], 401, "{path}: {refused}");
        assert_eq!(
            refused["responseJSON"]["error"],
            "Couldn't authenticate you"
        );
    }
    let initech = remote(
        &sim,
        "initech",
        "/api/v2/users/me.json",
        INITECH_ADMIN,
        INITECH_API_TOKEN,
    )
    .await;
    assert_eq!(initech["status"], 401);
    // The account's own agents, in their browser session, are not affected.
    let (done, me) = sim
        .request(
            "globex",
            "admin",
            json!({"url": "/api/v2/security_settings.json"}),
        )
        .await;
    assert!(done, "{me}");
}

#[tokio::test]
async fn initech_has_no_deskset_until_it_is_installed() {
    let sim = sim();
    let list = remote(
        &sim,
        "initech",
        "/api/v2/apps/installations.json",
        INITECH_ADMIN,
        INITECH_API_TOKEN,
    )
    .await;
    assert_eq!(list["status"], 200, "{list}");
    let installs = list["responseJSON"]["installations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(installs.len(), 1, "{list}");
    assert_eq!(installs[0]["settings"]["name"], "Slack");

    // No app to open, so no host page either.
    let page = sim.call("GET", "/?account=initech", None).await;
    assert_eq!(page.status, 400);
    assert!(page.text.contains("not installed"), "{}", page.text);
    let choices = sim.call("GET", "/sim/session", None).await.json();
    let subs: Vec<&str> = choices["choices"]["accounts"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x["subdomain"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(subs, ["acme", "globex"]);

    // Installed, not registered.
    let installed = sim
        .call(
            "POST",
            "/sim/accounts/initech",
            Some(json!({"deskset_installed": true})),
        )
        .await;
    assert_eq!(installed.status, 200, "{}", installed.text);
    assert_eq!(installed.json()["deskset_installation_id"], INITECH_DESKSET);
    let list = remote(
        &sim,
        "initech",
        "/api/v2/apps/installations.json",
        INITECH_ADMIN,
        INITECH_API_TOKEN,
    )
    .await;
    let installs = list["responseJSON"]["installations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let deskset = installs
        .iter()
        .find(|i| i["id"] == INITECH_DESKSET)
        .cloned()
        .unwrap_or_else(|| panic!("no deskset: {list}"));
    assert_eq!(deskset["enabled"], true);
    assert_eq!(deskset["settings"]["name"], "deskset");
    assert!(
        deskset["settings"].get("registration").is_none(),
        "{deskset}"
    );
    let session = sim
        .call("GET", "/sim/session?account=initech&user=admin", None)
        .await;
    assert_eq!(session.status, 200, "{}", session.text);
    assert_eq!(
        session.json()["metadata"]["installationId"],
        INITECH_DESKSET
    );
    // Twice is still one installation.
    sim.call(
        "POST",
        "/sim/accounts/initech",
        Some(json!({"deskset_installed": true})),
    )
    .await;
    let again = sim
        .state
        .lock()
        .account("initech")
        .map_or(0, |a| a.installations.len());
    assert_eq!(again, 2);

    // And gone again.
    let removed = sim
        .call(
            "POST",
            "/sim/accounts/initech",
            Some(json!({"deskset_installed": false})),
        )
        .await;
    assert_eq!(
        removed.json().get("deskset_installation_id"),
        Some(&Value::Null)
    );
    assert_eq!(sim.call("GET", "/?account=initech", None).await.status, 400);
}

#[tokio::test]
async fn clearing_globex_registration_leaves_deskset_installed_but_unregistered() {
    let sim = sim();
    // Greta, through the proxy with her token, as an admin of globex would.
    let put = sim
        .complete(
            "acme",
            "admin",
            json!({
                "url": "https://globex.zendesk.com/api/v2/apps/installations/361000870001.json",
                "type": "PUT",
                "contentType": "application/json",
                "headers": {"Authorization": format!("Basic {}", basic(GLOBEX_ADMIN, GLOBEX_API_TOKEN))},
                "data": json!({"settings": {"registration": ""}}).to_string(),
            }),
        )
        .await;
    assert_eq!(put["status"], 200, "{put}");
    assert_eq!(put["responseJSON"]["settings"]["registration"], "");
    // The configurations stay.
    assert!(put["responseJSON"]["settings"]["configurations"].is_string());
    assert_eq!(put["responseJSON"]["settings"]["name"], "deskset");
}

#[tokio::test]
async fn trial_accounts_show_in_zaf_current_account() {
    let sim = sim();
    let paid = sim
        .call("GET", "/sim/session?account=acme", None)
        .await
        .json();
    // Present and null: `get('currentAccount.daysLeftInTrial')` answers on a paid account too.
    assert_eq!(
        paid["data"]["currentAccount"].get("daysLeftInTrial"),
        Some(&Value::Null),
        "{paid}"
    );
    assert_eq!(paid["data"]["currentAccount"]["planName"], "enterprise");
    let on = sim
        .call("POST", "/sim/accounts/acme", Some(json!({"trial": true})))
        .await;
    assert_eq!(on.status, 200);
    let trial = sim
        .call("GET", "/sim/session?account=acme", None)
        .await
        .json();
    assert_eq!(
        trial["data"]["currentAccount"]["daysLeftInTrial"], 14,
        "{trial}"
    );
    assert_eq!(trial["data"]["currentAccount"]["subdomain"], "acme");
    // A second `trial: true` keeps the running trial.
    let again = sim
        .call("POST", "/sim/accounts/acme", Some(json!({"trial": true})))
        .await;
    assert_eq!(again.json()["days_left_in_trial"], 14);
}

#[tokio::test]
async fn users_by_id_for_agents() {
    let sim = sim();
    // Greta is globex's registering admin: acme's share check reads her by id.
    let greta = remote(
        &sim,
        "globex",
        "/api/v2/users/382000000001.json",
        GLOBEX_ADMIN,
        GLOBEX_API_TOKEN,
    )
    .await;
    assert_eq!(greta["status"], 200, "{greta}");
    assert_eq!(greta["responseJSON"]["user"]["role"], "admin");
    assert_eq!(greta["responseJSON"]["user"]["active"], true);
    let by_agent = remote(
        &sim,
        "globex",
        "/api/v2/users/382000000001.json",
        GLOBEX_AGENT,
        GLOBEX_API_TOKEN,
    )
    .await;
    assert_eq!(by_agent["status"], 200);
    let missing = remote(
        &sim,
        "globex",
        "/api/v2/users/1.json",
        GLOBEX_ADMIN,
        GLOBEX_API_TOKEN,
    )
    .await;
    assert_eq!(missing["status"], 404);
    let end_user = remote(
        &sim,
        "globex",
        "/api/v2/users/382000000001.json",
        "pat@purchaser.example",
        GLOBEX_API_TOKEN,
    )
    .await;
    assert_eq!(end_user["status"], 403);
    // users/me is not an id.
    let me = remote(
        &sim,
        "globex",
        "/api/v2/users/me.json",
        GLOBEX_ADMIN,
        GLOBEX_API_TOKEN,
    )
    .await;
    assert_eq!(me["responseJSON"]["user"]["email"], GLOBEX_ADMIN);
}

#[tokio::test]
async fn reset_lists_the_three_accounts() {
    let sim = sim();
    let reset = sim.call("POST", "/sim/reset", Some(json!({}))).await.json();
    let accounts = reset["accounts"].as_array().cloned().unwrap_or_default();
    let by_sub = |s: &str| {
        accounts
            .iter()
            .find(|a| a["subdomain"] == s)
            .cloned()
            .unwrap_or_else(|| panic!("no {s}: {reset}"))
    };
    assert_eq!(by_sub("initech")["plan"], "professional");
    assert_eq!(
        by_sub("initech").get("deskset_installation_id"),
        Some(&Value::Null)
    );
    assert_eq!(
        by_sub("globex")["deskset_installation_id"],
        361_000_870_001u64
    );
    for a in &accounts {
        assert_eq!(a["trial"], false, "{a}");
        assert_eq!(a["assumption"]["assumption_duration"], "off");
    }
    // initech is Professional: no custom roles.
    let roles = remote(
        &sim,
        "initech",
        "/api/v2/custom_roles.json",
        INITECH_ADMIN,
        INITECH_API_TOKEN,
    )
    .await;
    assert_eq!(roles["status"], 403);
}

/// The registering admin gone or demoted, as the Account tab's validity check meets it.
#[tokio::test]
async fn users_can_be_demoted_deleted_and_suspended() {
    let sim = sim();
    let user = |body: Value| {
        let sim = &sim;
        async move {
            sim.call("POST", "/sim/accounts/globex/users/admin", Some(body))
                .await
        }
    };
    let greta = "/api/v2/users/382000000001.json";
    let demoted = user(json!({"role": "agent"})).await;
    assert_eq!(demoted.status, 200, "{}", demoted.text);
    assert_eq!(demoted.json()["role"], "agent");
    let read = remote(&sim, "globex", greta, GLOBEX_AGENT, GLOBEX_API_TOKEN).await;
    assert_eq!(read["responseJSON"]["user"]["role"], "agent", "{read}");
    // As an agent she may no longer read the installations.
    let installs = remote(
        &sim,
        "globex",
        "/api/v2/apps/installations.json",
        GLOBEX_ADMIN,
        GLOBEX_API_TOKEN,
    )
    .await;
    assert_eq!(installs["status"], 403);

    user(json!({"role": "admin", "active": false})).await;
    let deleted = remote(&sim, "globex", greta, GLOBEX_AGENT, GLOBEX_API_TOKEN).await;
    assert_eq!(deleted["status"], 200);
    assert_eq!(deleted["responseJSON"]["user"]["active"], false);
    // A deleted user cannot sign in, with a token or in the browser.
    let me = remote(
        &sim,
        "globex",
        "/api/v2/users/me.json",
        GLOBEX_ADMIN,
        GLOBEX_API_TOKEN,
    )
    .await;
    assert_eq!(me["status"], 401, "{me}");
    let installs = remote(
        &sim,
        "globex",
        "/api/v2/apps/installations.json",
        GLOBEX_ADMIN,
        GLOBEX_API_TOKEN,
    )
    .await;
    assert_eq!(installs["status"], 401);
    assert_eq!(
        sim.call("GET", "/?account=globex&user=admin", None)
            .await
            .status,
        400
    );

    user(json!({"active": true, "suspended": true})).await;
    let suspended = remote(&sim, "globex", greta, GLOBEX_AGENT, GLOBEX_API_TOKEN).await;
    assert_eq!(suspended["responseJSON"]["user"]["suspended"], true);
    let installs = remote(
        &sim,
        "globex",
        "/api/v2/apps/installations.json",
        GLOBEX_ADMIN,
        GLOBEX_API_TOKEN,
    )
    .await;
    assert_eq!(installs["status"], 401);

    let bad = user(json!({"role": "owner"})).await;
    assert_eq!(bad.status, 400);
    let nobody = sim
        .call(
            "POST",
            "/sim/accounts/globex/users/nobody",
            Some(json!({"active": false})),
        )
        .await;
    assert_eq!(nobody.status, 404);
    // A reset brings Greta back.
    sim.call("POST", "/sim/reset", Some(json!({}))).await;
    let back = remote(
        &sim,
        "globex",
        "/api/v2/users/me.json",
        GLOBEX_ADMIN,
        GLOBEX_API_TOKEN,
    )
    .await;
    assert_eq!(back["responseJSON"]["user"]["role"], "admin");
}
