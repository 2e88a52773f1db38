//! SLA policies in the fake Zendesk: listing, writing, the refusals (title, filter, custom fields and
//! their option ids, metrics), admins only, and accounts whose plan has no SLAs.

mod common;

use common::{assert_forbidden, assert_invalid, find, sim, Sim};
use serde_json::{json, Value};

const VIP_RESPONSE: u64 = 361_011_000_001;
const PRODUCT_LINE: u64 = 361_002_000_101;
const WIDGETS: u64 = PRODUCT_LINE * 10 + 1;
const AFFECTED_SYSTEM: u64 = 360_002_000_102;
const VPN: u64 = AFFECTED_SYSTEM * 10 + 1;
const ASSET_TAG: u64 = 360_002_000_101;
const ESCALATIONS: u64 = 360_001_100_002;

async fn create(sim: &Sim, user: &str, body: Value) -> Value {
    sim.api(
        "acme",
        user,
        "POST",
        "/api/v2/slas/policies.json",
        Some(json!({ "sla_policy": body })),
    )
    .await
}

async fn update(sim: &Sim, id: u64, body: Value) -> Value {
    sim.api(
        "acme",
        "admin",
        "PUT",
        &format!("/api/v2/slas/policies/{id}.json"),
        Some(json!({ "sla_policy": body })),
    )
    .await
}

fn assert_refused(answer: &Value, field: &str, words: &str) {
    assert_invalid(answer, field);
    let said = answer["responseJSON"]["details"][field].to_string();
    assert!(said.contains(words), "{field}: {words:?} not in {said}");
}

/// Urgent VPN incidents of Escalations: a custom drop-down by option id, a group, two metrics.
fn vpn_policy() -> Value {
    json!({
        "title": "VPN incidents",
        "description": "VPN outages first.",
        "filter": {
            "all": [
                {"field": format!("ticket_fields_{AFFECTED_SYSTEM}"), "operator": "is", "value": VPN.to_string()},
                {"field": "group_id", "operator": "is", "value": ESCALATIONS.to_string()},
            ],
            "any": [],
        },
        "policy_metrics": [
            {"priority": "urgent", "metric": "first_reply_time", "target": 15, "business_hours": false},
            {"priority": "high", "metric": "requester_wait_time", "target": 240, "business_hours": true},
        ],
    })
}

#[tokio::test]
async fn globex_lists_its_policy_with_option_ids() {
    let sim = sim();
    let list = sim
        .api("globex", "admin", "GET", "/api/v2/slas/policies.json", None)
        .await;
    assert_eq!(list["status"], 200, "{list}");
    let body = &list["responseJSON"];
    assert_eq!(
        body["count"], 1,
        "offset pagination, as the reference's example"
    );
    let policy = find(&body["sla_policies"], "title", "VIP response");
    assert_eq!(policy["id"], VIP_RESPONSE);
    assert_eq!(
        policy["url"],
        format!("https://globex.zendesk.com/api/v2/slas/policies/{VIP_RESPONSE}.json")
    );
    let condition = &policy["filter"]["all"][0];
    assert_eq!(condition["field"], format!("ticket_fields_{PRODUCT_LINE}"));
    assert_eq!(condition["value"], WIDGETS.to_string());
    let metrics = policy["policy_metrics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        metrics.iter().any(|m| m["business_hours"] == true),
        "{policy}"
    );
    // Admins only: agents (whatever their role) get Forbidden.
    let agent = sim
        .api("globex", "agent", "GET", "/api/v2/slas/policies.json", None)
        .await;
    assert_forbidden(&agent, "an agent lists");
    let acme = sim
        .api("acme", "admin", "GET", "/api/v2/slas/policies.json", None)
        .await;
    assert_eq!(
        acme["responseJSON"]["sla_policies"],
        json!([]),
        "acme has none"
    );
}

#[tokio::test]
async fn an_admin_creates_updates_and_deletes_a_policy() {
    let sim = sim();
    let made = create(&sim, "admin", vpn_policy()).await;
    assert_eq!(made["status"], 201, "{made}");
    let policy = &made["responseJSON"]["sla_policy"];
    let id = policy["id"].as_u64().unwrap_or_default();
    assert_eq!(policy["position"], 0, "the last (and first) position");
    assert_eq!(policy["filter"], vpn_policy()["filter"]);
    let config = sim.config("acme").await;
    let stored = find(&config["sla_policies"], "title", "VPN incidents");
    assert_eq!(stored["policy_metrics"], vpn_policy()["policy_metrics"]);
    // `custom_fields_<id>` (the Conditions reference's spelling) is taken too.
    let mut second = vpn_policy();
    second["title"] = json!("Asset tagged");
    second["filter"] = json!({"all": [{"field": format!("custom_fields_{ASSET_TAG}"), "operator": "present", "value": null}]});
    let made = create(&sim, "admin", second).await;
    assert_eq!(made["status"], 201, "{made}");
    assert_eq!(made["responseJSON"]["sla_policy"]["position"], 1);
    assert_eq!(
        made["responseJSON"]["sla_policy"]["filter"]["any"],
        json!([])
    );
    // An update replaces the metrics it sends and keeps the rest.
    let metrics = json!([{"priority": "normal", "metric": "next_reply_time", "target": 120, "business_hours": true}]);
    let updated = update(&sim, id, json!({"policy_metrics": metrics})).await;
    assert_eq!(updated["status"], 200, "{updated}");
    let config = sim.config("acme").await;
    let stored = find(&config["sla_policies"], "title", "VPN incidents");
    assert_eq!(stored["policy_metrics"], metrics);
    assert_eq!(stored["filter"], vpn_policy()["filter"]);
    let gone = sim
        .api(
            "acme",
            "admin",
            "DELETE",
            &format!("/api/v2/slas/policies/{id}.json"),
            None,
        )
        .await;
    assert_eq!(gone["status"], 204, "{gone}");
}

#[tokio::test]
async fn bad_policies_are_refused_and_change_nothing() {
    let sim = sim();
    let before = sim.config("acme").await;
    let mut no_title = vpn_policy();
    no_title.as_object_mut().map(|o| o.remove("title"));
    assert_refused(
        &create(&sim, "admin", no_title).await,
        "title",
        "cannot be blank",
    );
    let mut no_filter = vpn_policy();
    no_filter.as_object_mut().map(|o| o.remove("filter"));
    assert_refused(
        &create(&sim, "admin", no_filter).await,
        "filter",
        "needs its filter",
    );
    let with = |condition: Value| {
        let mut p = vpn_policy();
        p["filter"] = json!({"all": [condition], "any": []});
        p
    };
    let unknown_field = with(json!({"field": "ticket_fields_42", "operator": "is", "value": "1"}));
    assert_refused(
        &create(&sim, "admin", unknown_field).await,
        "filter",
        "ticket_fields_42 refers to a ticket field that does not exist",
    );
    let wrong_option = with(
        json!({"field": format!("ticket_fields_{AFFECTED_SYSTEM}"), "operator": "is", "value": WIDGETS.to_string()}),
    );
    assert_refused(
        &create(&sim, "admin", wrong_option).await,
        "filter",
        &format!("is not an option of ticket_fields_{AFFECTED_SYSTEM}"),
    );
    let tag_not_id = with(
        json!({"field": format!("ticket_fields_{AFFECTED_SYSTEM}"), "operator": "is", "value": "system_vpn"}),
    );
    assert_invalid(&create(&sim, "admin", tag_not_id).await, "filter");
    let gone_group = with(json!({"field": "group_id", "operator": "is", "value": "360001100999"}));
    assert_refused(
        &create(&sim, "admin", gone_group).await,
        "filter",
        "group 360001100999 does not exist",
    );
    let mut bad_metrics = vpn_policy();
    bad_metrics["policy_metrics"] = json!([
        {"priority": "asap", "metric": "first_reply_time", "target": 10},
        {"priority": "low", "metric": "coffee_time", "target": 10},
        {"priority": "low", "metric": "first_reply_time", "target": 0},
    ]);
    let answer = create(&sim, "admin", bad_metrics).await;
    assert_refused(&answer, "policy_metrics", "priority must be one of");
    assert_refused(&answer, "policy_metrics", "metric must be one of");
    assert_refused(&answer, "policy_metrics", "target must be a whole number");
    assert_eq!(sim.config("acme").await, before, "nothing written");
}

#[tokio::test]
async fn agents_cannot_write_policies() {
    let sim = sim();
    for user in ["agent", "shared", "restricted"] {
        assert_forbidden(&create(&sim, user, vpn_policy()).await, user);
    }
}

#[tokio::test]
async fn a_plan_without_slas_answers_403() {
    let sim = sim();
    let before = sim.config("acme").await;
    let team = sim
        .call("POST", "/sim/accounts/acme", Some(json!({"plan": "team"})))
        .await;
    assert_eq!(team.json()["features"]["slas"], false, "{}", team.text);
    let list = sim
        .api("acme", "admin", "GET", "/api/v2/slas/policies.json", None)
        .await;
    assert_forbidden(&list, "list on Team");
    assert_forbidden(&create(&sim, "admin", vpn_policy()).await, "create on Team");
    assert_eq!(sim.config("acme").await, before, "nothing written");
    // Growth has them; the switch takes them away whatever the plan, and null gives them back.
    sim.call(
        "POST",
        "/sim/accounts/acme",
        Some(json!({"plan": "growth"})),
    )
    .await;
    let list = sim
        .api("acme", "admin", "GET", "/api/v2/slas/policies.json", None)
        .await;
    assert_eq!(list["status"], 200, "{list}");
    let off = sim
        .call(
            "POST",
            "/sim/accounts/acme",
            Some(json!({"features": {"slas": false}})),
        )
        .await;
    assert_eq!(off.json()["features"]["slas"], false);
    let list = sim
        .api("acme", "admin", "GET", "/api/v2/slas/policies.json", None)
        .await;
    assert_forbidden(&list, "switched off");
    let back = sim
        .call(
            "POST",
            "/sim/accounts/acme",
            Some(json!({"features": {"slas": null}})),
        )
        .await;
    assert_eq!(back.json()["features"]["slas"], true);
    let bad = sim
        .call(
            "POST",
            "/sim/accounts/acme",
            Some(json!({"features": {"chat": true}})),
        )
        .await;
    assert_eq!(bad.status, 400, "{}", bad.text);
}
