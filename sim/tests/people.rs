//! The demo people, tickets and settings the Autotask tile shows its states with (contracts.md,
//! "Demo scenario" and "Autotask"): who is in acme, which ticket and user the sidebars open, the
//! requester switch's data, each person's Autotask contacts, and deskset's Autotask settings.

mod common;

use std::collections::BTreeSet;

use common::{sim, Sim, ACME_TILE};
use deskset_sim::autotask::seed::{
    ACME_IT_SECRET, ACME_IT_USER, ALAN_CONTACT, FRONT_DESK_CONTACT, GLOBEX_IT_SECRET, SAM_CONTACT,
};
use deskset_sim::scenario::SAM_EMAIL;
use serde_json::{json, Value};

const ZONE: &str = "https://webservices15.autotask.net/ATServicesRest/";

async fn session(sim: &Sim, query: &str) -> Value {
    let answer = sim
        .call("GET", &format!("/sim/session?{query}"), None)
        .await;
    assert_eq!(answer.status, 200, "{query}: {}", answer.text);
    answer.json()
}

/// A query through the proxy as the tile sends it: the secret and the tenant's own integration
/// code from the tile's secure settings, the username as written (the tile reads it from the
/// readable settings).
async fn secure_query(sim: &Sim, entity: &str, filter: Value) -> Value {
    sim.complete_in(
        "tile",
        "acme",
        "admin",
        json!({
            "url": format!("{ZONE}V1.0/{entity}/query"),
            "type": "POST",
            "contentType": "application/json",
            "secure": true,
            "headers": {
                "ApiIntegrationCode": "{{setting.autotask_integration_code}}",
                "UserName": ACME_IT_USER,
                "Secret": "{{setting.autotask_secret}}",
            },
            "data": json!({"filter": filter}).to_string(),
        }),
    )
    .await
}

fn ids(answer: &Value) -> BTreeSet<i64> {
    answer["responseJSON"]["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items: {answer}"))
        .iter()
        .map(|i| i["id"].as_i64().unwrap_or_else(|| panic!("no id: {i}")))
        .collect()
}

/// The tile's contact rule: active contacts with the address in any of the three fields.
fn active_contacts(email: &str) -> Value {
    json!([
        {"op": "eq", "field": "isActive", "value": 1},
        {"op": "or", "items": [
            {"op": "eq", "field": "emailAddress", "value": email},
            {"op": "eq", "field": "emailAddress2", "value": email},
            {"op": "eq", "field": "emailAddress3", "value": email}
        ]}
    ])
}

/// `now - days` as an Autotask filter value.
fn days_ago(days: u64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    deskset_sim::state::rfc3339_from_unix(now - days * 86_400)
}

#[tokio::test]
async fn acme_has_a_ticket_per_autotask_state_and_the_sidebar_opens_adas() {
    let sim = sim();
    let default = session(&sim, "location=ticket_sidebar").await;
    assert_eq!(default["context"]["ticketId"], 1003);
    assert_eq!(default["data"]["ticket"]["id"], 1003);
    assert_eq!(default["data"]["ticket"]["requester"]["name"], "Ada Admin");
    assert_eq!(
        default["data"]["ticket"]["requester"]["email"],
        "ada.admin@acme.example"
    );
    let cases = [
        (1001, "Chris Customer", json!("chris@customer.example")),
        (1002, "Dana Doe", json!("dana.doe@customer.example")),
        (1003, "Ada Admin", json!("ada.admin@acme.example")),
        (1004, "Alan Agent", json!("alan.agent@acme.example")),
        (
            1005,
            "Rita Restricted",
            json!("rita.restricted@acme.example"),
        ),
        (1006, "Nora Phone", Value::Null),
        (1007, "Sam Shared", json!(SAM_EMAIL)),
    ];
    for (id, name, email) in cases {
        let s = session(&sim, &format!("location=ticket_sidebar&ticket={id}")).await;
        let requester = &s["data"]["ticket"]["requester"];
        assert_eq!(requester["name"], name, "{id}: {requester}");
        assert_eq!(requester["email"], email, "{id}: {requester}");
        assert!(
            requester
                .as_object()
                .is_some_and(|r| r.contains_key("email")),
            "email present even when null: {requester}"
        );
    }
    let choices = &default["choices"]["accounts"][0];
    assert_eq!(choices["subdomain"], "acme");
    assert_eq!(
        choices["tickets"],
        json!([1001, 1002, 1003, 1004, 1005, 1006, 1007])
    );
    // globex names no default ticket: its first one opens.
    let globex = session(&sim, "location=ticket_sidebar&account=globex").await;
    assert_eq!(globex["context"]["ticketId"], 2001);
}

#[tokio::test]
async fn sam_is_a_plain_agent_and_nora_has_no_email() {
    let sim = sim();
    let top = session(&sim, "location=top_bar&user=shared").await;
    let me = &top["data"]["currentUser"];
    assert_eq!(me["name"], "Sam Shared");
    assert_eq!(me["email"], SAM_EMAIL);
    assert_eq!(me["role"], "agent");

    let rest = sim
        .complete("acme", "shared", json!({"url": "/api/v2/users/me.json"}))
        .await;
    assert_eq!(rest["status"], 200, "{rest}");
    let user = &rest["responseJSON"]["user"];
    assert_eq!(user["email"], SAM_EMAIL);
    assert_eq!(user["custom_role_id"], Value::Null);
    assert_eq!(user["restricted_agent"], false);

    // The default viewed user stays Chris; Nora's ZAF user has email null.
    let side = session(&sim, "location=user_sidebar").await;
    assert_eq!(side["data"]["user"]["name"], "Chris Customer");
    let nora = session(&sim, "location=user_sidebar&viewed_user=noemail").await;
    assert_eq!(nora["data"]["user"]["name"], "Nora Phone");
    assert_eq!(nora["data"]["user"]["email"], Value::Null);
    assert!(nora["data"]["user"]
        .as_object()
        .is_some_and(|u| u.contains_key("email")));
    assert_eq!(nora["context"]["userId"], 381_000_000_103u64);
    // An end user is no one to sign in as.
    let as_nora = sim.call("GET", "/sim/session?user=noemail", None).await;
    assert_eq!(as_nora.status, 400);

    // The REST API's user object says null too.
    let world = sim.state.lock();
    let acme = world
        .account("acme")
        .unwrap_or_else(|| panic!("no acme account"));
    let nora = acme
        .user("noemail")
        .unwrap_or_else(|| panic!("no noemail user"));
    let json = deskset_sim::zendesk::users::user_json(acme, nora);
    assert_eq!(json["email"], Value::Null);
    assert_eq!(json["role"], "end-user");
    // Token sign-in finds people by address (any case); nobody by an empty one.
    assert_eq!(
        acme.user_by_email("SAM.shared@acme.example")
            .map(|u| u.key.as_str()),
        Some("shared")
    );
    assert!(acme.user_by_email("").is_none());
}

#[tokio::test]
async fn the_ticket_sidebar_session_carries_every_person_for_the_requester_switch() {
    let sim = sim();
    let s = session(&sim, "location=ticket_sidebar&ticket=1001").await;
    let people = s["people"]
        .as_object()
        .unwrap_or_else(|| panic!("no people: {s}"));
    let keys: BTreeSet<&str> = people.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        BTreeSet::from([
            "admin",
            "agent",
            "restricted",
            "shared",
            "pat",
            "customer",
            "customer2",
            "noemail"
        ])
    );
    // The same objects `get('ticket.requester')` answers.
    assert_eq!(people["customer"], s["data"]["ticket"]["requester"]);
    assert_eq!(people["noemail"]["email"], Value::Null);
    assert_eq!(people["shared"]["id"], 381_000_000_004u64);
    for other in [
        "location=nav_bar",
        "location=top_bar",
        "location=user_sidebar",
    ] {
        assert!(
            session(&sim, other).await.get("people").is_none(),
            "{other}"
        );
    }
    let host = sim.call("GET", "/sim/host.js", None).await.text;
    assert!(host.contains("window.__simSetRequester = function (key)"));
    assert!(host.contains("'ticket.requester.id.changed'"));
    assert!(host.contains("'ticket.requester.email.changed'"));
}

#[tokio::test]
async fn the_demo_installations_are_set_up_for_autotask_without_showing_the_secret() {
    let sim = sim();
    let s = session(&sim, "location=top_bar").await;
    let settings = &s["metadata"]["settings"];
    assert_eq!(settings["autotask_connection_name"], "Acme IT Autotask");
    assert_eq!(settings["autotask_username"], ACME_IT_USER);
    // deskset has no Autotask vendor code: the demo uses each tenant's own.
    assert_eq!(settings["autotask_use_own_code"], true);
    assert_eq!(settings["autotask_window_days"], 90);
    assert!(settings.get("autotask_secret").is_none(), "{settings}");
    assert!(settings.get("autotask_integration_code").is_none());
    assert!(
        settings.get("shares").is_none(),
        "the tile holds no share data"
    );
    let globex = session(&sim, "account=globex&location=user_sidebar").await;
    let g = &globex["metadata"]["settings"];
    assert_eq!(g["autotask_connection_name"], "Globex Autotask");
    assert_eq!(g["autotask_username"], "deskset-api@globex-it.example");
    assert!(
        g.get("registration").is_none(),
        "the tile holds no console data: {g}"
    );
    assert!(g.get("autotask_secret").is_none(), "{g}");
    // The console's installation holds no Autotask settings.
    let console = session(&sim, "account=globex").await;
    let c = &console["metadata"]["settings"];
    assert!(c.get("registration").is_some(), "{c}");
    assert!(c.get("autotask_username").is_none(), "{c}");

    // Neither the page, the REST API nor any session shows the secret.
    let page = sim.call("GET", "/?location=top_bar", None).await.text;
    let rest = sim
        .complete(
            "acme",
            "admin",
            json!({"url": format!("/api/v2/apps/installations/{ACME_TILE}.json")}),
        )
        .await;
    assert_eq!(rest["status"], 200, "{rest}");
    assert_eq!(
        rest["responseJSON"]["settings"]["autotask_username"],
        ACME_IT_USER
    );
    for text in [page, rest.to_string(), s.to_string(), globex.to_string()] {
        assert!(!text.contains(ACME_IT_SECRET));
        assert!(!text.contains(GLOBEX_IT_SECRET));
    }

    // The demo secret works as the app uses it: a secure request fills it in.
    let ada = secure_query(&sim, "Contacts", active_contacts("ada.admin@acme.example")).await;
    assert_eq!(ada["status"], 200, "{ada}");
    assert_eq!(
        ada["responseJSON"]["items"].as_array().map(Vec::len),
        Some(1)
    );

    // Unset (a PUT with ""), the secret no longer authenticates.
    let put = sim
        .put_settings(ACME_TILE, json!({"autotask_secret": ""}))
        .await;
    assert_eq!(put["status"], 200, "{put}");
    let unset = secure_query(&sim, "Contacts", active_contacts("ada.admin@acme.example")).await;
    assert_eq!(unset["status"], 401, "{unset}");
    // A reset brings the demo settings back.
    sim.call("POST", "/sim/reset", Some(json!({"scenario": "demo"})))
        .await;
    let back = secure_query(&sim, "Contacts", active_contacts("ada.admin@acme.example")).await;
    assert_eq!(back["status"], 200, "{back}");
}

#[tokio::test]
async fn each_acme_person_has_the_autotask_data_of_one_tile_state() {
    let sim = sim();
    let window = days_ago(90);
    let recent = |contact: i64| {
        json!([
            {"op": "eq", "field": "contactID", "value": contact},
            {"op": "gt", "field": "lastActivityDate", "value": window}
        ])
    };

    // Sam: two active contacts (his address first on one, third on the other), one recent ticket each.
    let sam = secure_query(&sim, "Contacts", active_contacts(SAM_EMAIL)).await;
    assert_eq!(sam["status"], 200, "{sam}");
    assert_eq!(ids(&sam), BTreeSet::from([SAM_CONTACT, FRONT_DESK_CONTACT]));
    for item in sam["responseJSON"]["items"]
        .as_array()
        .into_iter()
        .flatten()
    {
        assert_eq!(item["isActive"], 1, "{item}");
    }
    let upper = secure_query(&sim, "Contacts", active_contacts("Sam.Shared@ACME.example")).await;
    assert_eq!(ids(&upper), ids(&sam));
    assert_eq!(
        ids(&secure_query(&sim, "Tickets", recent(SAM_CONTACT)).await),
        BTreeSet::from([41_105])
    );
    assert_eq!(
        ids(&secure_query(&sim, "Tickets", recent(FRONT_DESK_CONTACT)).await),
        BTreeSet::from([41_106])
    );

    // Alan: one contact, no tickets. Rita: no contact.
    let alan = secure_query(&sim, "Contacts", active_contacts("alan.agent@acme.example")).await;
    assert_eq!(ids(&alan), BTreeSet::from([ALAN_CONTACT]));
    let alan_tickets = secure_query(
        &sim,
        "Tickets",
        json!([{"op": "eq", "field": "contactID", "value": ALAN_CONTACT}]),
    )
    .await;
    assert_eq!(ids(&alan_tickets), BTreeSet::new());
    let rita = secure_query(
        &sim,
        "Contacts",
        active_contacts("rita.restricted@acme.example"),
    )
    .await;
    assert_eq!(rita["status"], 200, "{rita}");
    assert_eq!(ids(&rita), BTreeSet::new());
}
