//! Writing groups in the fake Zendesk: create, show, update, delete, with Zendesk's validation and
//! permissions, driven through the proxy as the app drives them (acme's admin in their session).

mod common;

use common::{assert_forbidden, assert_invalid, find, has, sim, Sim};
use serde_json::{json, Value};

const SUPPORT: u64 = 360_001_100_001;
const BILLING: u64 = 360_001_100_003;
const TEAM_LEAD: u64 = 360_000_210_001;

async fn groups(sim: &Sim, query: &str) -> Value {
    let list = sim
        .api(
            "acme",
            "admin",
            "GET",
            &format!("/api/v2/groups.json{query}"),
            None,
        )
        .await;
    assert_eq!(list["status"], 200, "{list}");
    list["responseJSON"]["groups"].clone()
}

async fn create(sim: &Sim, user: &str, group: Value) -> Value {
    sim.api(
        "acme",
        user,
        "POST",
        "/api/v2/groups.json",
        Some(json!({ "group": group })),
    )
    .await
}

#[tokio::test]
async fn create_answers_201_with_the_stored_group_and_lists_it() {
    let sim = sim();
    let made = create(
        &sim,
        "admin",
        json!({"name": "  Tier 2 ", "description": "Escalated tickets", "is_public": false, "id": 1, "default": true, "colour": "red"}),
    )
    .await;
    assert_eq!(made["status"], 201, "{made}");
    let group = &made["responseJSON"]["group"];
    let id = group["id"].as_u64().unwrap_or_default();
    assert!(id > BILLING, "a new id, not the one sent: {group}");
    assert_eq!(group["name"], "Tier 2", "trimmed");
    assert_eq!(group["description"], "Escalated tickets");
    assert_eq!(group["is_public"], false);
    assert_eq!(
        group["default"], false,
        "read-only: not taken from the body"
    );
    assert_eq!(group["deleted"], false);
    assert!(
        group.get("colour").is_none(),
        "unknown fields are not stored"
    );
    assert_eq!(
        group["url"],
        format!("https://acme.zendesk.com/api/v2/groups/{id}.json")
    );
    assert!(group["created_at"].is_string() && group["updated_at"].is_string());
    let listed = groups(&sim, "").await;
    assert_eq!(find(&listed, "name", "Tier 2"), group);
    let shown = sim
        .api(
            "acme",
            "restricted",
            "GET",
            &format!("/api/v2/groups/{id}.json"),
            None,
        )
        .await;
    assert_eq!(shown["status"], 200, "agents may show a group");
    assert_eq!(&shown["responseJSON"]["group"], group);
    // Defaults: public, empty description.
    let plain = create(&sim, "admin", json!({"name": "Night desk"})).await;
    assert_eq!(plain["responseJSON"]["group"]["is_public"], true);
    assert_eq!(plain["responseJSON"]["group"]["description"], "");
}

#[tokio::test]
async fn duplicate_or_missing_names_are_refused_and_nothing_is_stored() {
    let sim = sim();
    let before = groups(&sim, "").await;
    for (body, what) in [
        (
            json!({"name": " billing "}),
            "an existing name, other case and spaces",
        ),
        (json!({"name": ""}), "a blank name"),
        (json!({"name": "   "}), "only spaces"),
        (json!({"description": "no name"}), "no name"),
        (json!({"name": 7}), "not text"),
    ] {
        let answer = create(&sim, "admin", body).await;
        assert_invalid(&answer, "name");
        assert!(!what.is_empty());
    }
    let dup = create(&sim, "admin", json!({"name": "BILLING"})).await;
    assert_eq!(
        dup["responseJSON"]["details"]["name"][0]["error"], "DuplicateValue",
        "{dup}"
    );
    assert_eq!(groups(&sim, "").await, before, "nothing stored");
    // A body that is not JSON or lacks its object: 400.
    let bad = sim
        .api(
            "acme",
            "admin",
            "POST",
            "/api/v2/groups.json",
            Some(json!({"name": "x"})),
        )
        .await;
    assert_eq!(bad["status"], 400, "{bad}");
}

#[tokio::test]
async fn update_changes_what_is_sent_and_keeps_names_unique() {
    let sim = sim();
    let url = format!("/api/v2/groups/{BILLING}.json");
    let put = |body: Value| {
        let sim = &sim;
        let url = url.clone();
        async move {
            sim.api("acme", "admin", "PUT", &url, Some(json!({ "group": body })))
                .await
        }
    };
    let renamed = put(json!({"name": "Billing & VAT"})).await;
    assert_eq!(renamed["status"], 200, "{renamed}");
    let group = &renamed["responseJSON"]["group"];
    assert_eq!(group["name"], "Billing & VAT");
    assert_eq!(group["description"], "Invoices, VAT and refunds.", "kept");
    // Its own name again (other case) is not a duplicate; another group's is.
    assert_eq!(put(json!({"name": "billing & vat"})).await["status"], 200);
    assert_invalid(&put(json!({"name": "support"})).await, "name");
    assert_invalid(&put(json!({"name": ""})).await, "name");
    // Public -> private is allowed; private -> public is not.
    assert_eq!(
        put(json!({"is_public": false})).await["responseJSON"]["group"]["is_public"],
        false
    );
    let back = put(json!({"is_public": true})).await;
    assert_invalid(&back, "is_public");
    let listed = groups(&sim, "").await;
    let billing = listed
        .as_array()
        .and_then(|l| l.iter().find(|g| g["id"] == BILLING))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        billing["is_public"], false,
        "the refused change left it private"
    );
    // Unknown ids: 404.
    let missing = sim
        .api(
            "acme",
            "admin",
            "PUT",
            "/api/v2/groups/999.json",
            Some(json!({"group": {"name": "x"}})),
        )
        .await;
    assert_eq!(missing["status"], 404);
}

#[tokio::test]
async fn delete_marks_the_group_deleted_and_frees_its_name() {
    let sim = sim();
    let made = create(&sim, "admin", json!({"name": "Temporary"})).await;
    let id = made["responseJSON"]["group"]["id"]
        .as_u64()
        .unwrap_or_default();
    let url = format!("/api/v2/groups/{id}.json");
    let gone = sim.api("acme", "admin", "DELETE", &url, None).await;
    assert_eq!(gone["status"], 204, "{gone}");
    // Listed, marked, unless exclude_deleted=true; show still answers it.
    let listed = groups(&sim, "").await;
    assert_eq!(find(&listed, "name", "Temporary")["deleted"], true);
    assert!(!has(
        &groups(&sim, "?exclude_deleted=true").await,
        "name",
        "Temporary"
    ));
    let shown = sim.api("acme", "admin", "GET", &url, None).await;
    assert_eq!(shown["responseJSON"]["group"]["deleted"], true);
    // It can no longer be changed or deleted again; its name is free.
    let again = sim.api("acme", "admin", "DELETE", &url, None).await;
    assert_eq!(again["status"], 404);
    let put = sim
        .api(
            "acme",
            "admin",
            "PUT",
            &url,
            Some(json!({"group": {"name": "Back"}})),
        )
        .await;
    assert_eq!(put["status"], 404);
    let reborn = create(&sim, "admin", json!({"name": "Temporary"})).await;
    assert_eq!(reborn["status"], 201, "{reborn}");
    assert!(
        reborn["responseJSON"]["group"]["id"]
            .as_u64()
            .unwrap_or_default()
            > id,
        "ids are never reused"
    );
    // Agents leave a deleted group.
    let escalations = 360_001_100_002u64;
    let out = sim
        .api(
            "acme",
            "admin",
            "DELETE",
            &format!("/api/v2/groups/{escalations}.json"),
            None,
        )
        .await;
    assert_eq!(out["status"], 204);
    let world = sim.state.lock();
    let ada = world.account("acme").and_then(|a| a.user("admin")).cloned();
    assert_eq!(ada.map(|u| u.group_ids), Some(vec![SUPPORT]));
}

#[tokio::test]
async fn the_default_group_cannot_be_deleted() {
    let sim = sim();
    let answer = sim
        .api(
            "acme",
            "admin",
            "DELETE",
            &format!("/api/v2/groups/{SUPPORT}.json"),
            None,
        )
        .await;
    assert_invalid(&answer, "base");
    assert_eq!(
        find(&groups(&sim, "").await, "name", "Support")["deleted"],
        false
    );
}

#[tokio::test]
async fn who_may_write_groups() {
    let sim = sim();
    let before = groups(&sim, "").await;
    // Alan's role (Team lead) has no manage_groups; Sam is a plain agent.
    for user in ["agent", "restricted", "shared"] {
        assert_forbidden(&create(&sim, user, json!({"name": "Mine"})).await, user);
        let del = sim
            .api(
                "acme",
                user,
                "DELETE",
                &format!("/api/v2/groups/{BILLING}.json"),
                None,
            )
            .await;
        assert_forbidden(&del, user);
        let put = sim
            .api(
                "acme",
                user,
                "PUT",
                &format!("/api/v2/groups/{BILLING}.json"),
                Some(json!({"group": {"name": "Mine"}})),
            )
            .await;
        assert_forbidden(&put, user);
    }
    assert_eq!(groups(&sim, "").await, before);
    // With manage_groups, Alan may create and delete groups, but not update them (admins only).
    let grant = sim
        .api(
            "acme",
            "admin",
            "PUT",
            &format!("/api/v2/custom_roles/{TEAM_LEAD}.json"),
            Some(json!({"custom_role": {"configuration": {"manage_groups": true}}})),
        )
        .await;
    assert_eq!(grant["status"], 200, "{grant}");
    let made = create(&sim, "agent", json!({"name": "Alan's group"})).await;
    assert_eq!(made["status"], 201, "{made}");
    let id = made["responseJSON"]["group"]["id"]
        .as_u64()
        .unwrap_or_default();
    let put = sim
        .api(
            "acme",
            "agent",
            "PUT",
            &format!("/api/v2/groups/{id}.json"),
            Some(json!({"group": {"name": "Renamed"}})),
        )
        .await;
    assert_forbidden(&put, "update is for admins");
    let del = sim
        .api(
            "acme",
            "agent",
            "DELETE",
            &format!("/api/v2/groups/{id}.json"),
            None,
        )
        .await;
    assert_eq!(del["status"], 204);
    // End users (signed in with the account's API token) may not create one either.
    let pat = format!(
        "Basic {}",
        common::basic(
            "pat@purchaser.example",
            deskset_sim::scenario::GLOBEX_API_TOKEN
        )
    );
    let answer = sim
        .complete(
            "acme",
            "admin",
            json!({"url": "https://globex.zendesk.com/api/v2/groups.json", "type": "POST",
                   "contentType": "application/json",
                   "data": json!({"group": {"name": "Pat's"}}).to_string(),
                   "headers": {"Authorization": pat}}),
        )
        .await;
    assert_forbidden(&answer, "an end user");
}
