//! Automations in the fake Zendesk: listing (paging, `active`, `sort_by`), writing, the refusals
//! the spec and the docs name (time-based conditions, the required ALL fields, something that
//! nullifies a condition, identical active automations, references), conditions and actions
//! replaced together, who may write, and the control API's snapshot.

mod common;

use common::{assert_forbidden, assert_invalid, sim, Sim};
use serde_json::{json, Value};

const ESCALATIONS: u64 = 360_001_100_002;
const AFFECTED_SYSTEM: u64 = 360_002_000_102;
const PENDING_REMINDER: u64 = 360_008_000_001;
const TEAM_LEAD: u64 = 360_000_210_001;
const CLOSE_SOLVED: u64 = 361_009_000_001;
const TIER_2: u64 = 361_001_100_006;

async fn get(sim: &Sim, account: &str, user: &str, url: &str) -> Value {
    sim.api(account, user, "GET", url, None).await
}

async fn automations(sim: &Sim) -> Value {
    let list = get(sim, "acme", "admin", "/api/v2/automations.json").await;
    assert_eq!(list["status"], 200, "{list}");
    list["responseJSON"]["automations"].clone()
}

async fn automations_status(sim: &Sim) -> Value {
    get(sim, "acme", "admin", "/api/v2/automations.json").await["status"].clone()
}

fn titles(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|l| {
            l.iter()
                .map(|a| a["title"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Escalates VPN tickets left open a day: a time-based condition, `status` in all, and an action
/// that nullifies the group condition.
fn stale() -> Value {
    json!({
        "title": "Escalate stale VPN tickets",
        "conditions": {
            "all": [
                {"field": "status", "operator": "less_than", "value": "solved"},
                {"field": format!("custom_fields_{AFFECTED_SYSTEM}"), "operator": "is", "value": "system_vpn"},
                {"field": "group_id", "operator": "is_not", "value": ESCALATIONS.to_string()},
                {"field": "OPEN", "operator": "greater_than", "value": "24"},
            ],
            "any": [],
        },
        "actions": [{"field": "group_id", "value": ESCALATIONS.to_string()}],
    })
}

async fn create(sim: &Sim, user: &str, body: Value) -> Value {
    sim.api(
        "acme",
        user,
        "POST",
        "/api/v2/automations.json",
        Some(json!({ "automation": body })),
    )
    .await
}

async fn update(sim: &Sim, id: u64, body: Value) -> Value {
    sim.api(
        "acme",
        "admin",
        "PUT",
        &format!("/api/v2/automations/{id}.json"),
        Some(json!({ "automation": body })),
    )
    .await
}

/// A 422 whose `details.<field>` has a description containing `words`.
fn assert_refused(answer: &Value, field: &str, words: &str) {
    assert_invalid(answer, field);
    let said = answer["responseJSON"]["details"][field].to_string();
    assert!(said.contains(words), "{field}: {words:?} not in {said}");
}

#[tokio::test]
async fn automations_list_in_position_order_page_filter_and_sort() {
    let sim = sim();
    let list = get(&sim, "globex", "agent", "/api/v2/automations.json").await;
    assert_eq!(list["status"], 200, "agents may list them: {list}");
    let body = &list["responseJSON"];
    assert_eq!(
        titles(&body["automations"]),
        [
            "Close solved after 4 days",
            "Hand stale outages to Tier 2",
            "Nudge waiting VIPs"
        ]
    );
    assert_eq!(body["count"], 3, "offset pagination without page[size]");
    let first = &body["automations"][0];
    assert_eq!(first["id"], CLOSE_SOLVED);
    assert_eq!(first["raw_title"], "Close solved after 4 days");
    assert_eq!(first["default"], false);
    assert_eq!(first["active"], true);
    assert_eq!(first["conditions"]["all"][1]["field"], "SOLVED");
    assert_eq!(
        first["actions"],
        json!([{"field": "status", "value": "closed"}])
    );
    assert!(first.get("url").is_none(), "the spec's object has no url");
    let tier_2 = &body["automations"][1];
    assert!(tier_2["actions"].to_string().contains(&TIER_2.to_string()));
    // Cursor pages, following links.next.
    let page = get(
        &sim,
        "globex",
        "admin",
        "/api/v2/automations.json?page[size]=1",
    )
    .await;
    let page = &page["responseJSON"];
    assert_eq!(titles(&page["automations"]), ["Close solved after 4 days"]);
    assert_eq!(page["meta"]["has_more"], true);
    let next = page["links"]["next"].as_str().unwrap_or_default();
    let path = next.trim_start_matches("https://globex.zendesk.com");
    assert!(path.starts_with("/api/v2/automations.json?"), "{next}");
    let second = get(&sim, "globex", "admin", path).await;
    assert_eq!(
        titles(&second["responseJSON"]["automations"]),
        ["Hand stale outages to Tier 2"]
    );
    assert_eq!(second["responseJSON"]["meta"]["has_more"], true);
    // Sorting: alphabetical ascending by default, desc on request; created_at descending.
    let alpha = get(
        &sim,
        "globex",
        "admin",
        "/api/v2/automations.json?sort_by=alphabetical&sort_order=desc",
    )
    .await;
    assert_eq!(
        titles(&alpha["responseJSON"]["automations"]),
        [
            "Nudge waiting VIPs",
            "Hand stale outages to Tier 2",
            "Close solved after 4 days"
        ]
    );
    let newest = get(
        &sim,
        "globex",
        "admin",
        "/api/v2/automations.json?sort_by=created_at",
    )
    .await;
    assert_eq!(
        titles(&newest["responseJSON"]["automations"]),
        [
            "Nudge waiting VIPs",
            "Hand stale outages to Tier 2",
            "Close solved after 4 days"
        ]
    );
    // active filters, and /automations/active lists the active ones.
    let off = sim
        .api(
            "globex",
            "admin",
            "PUT",
            &format!("/api/v2/automations/{CLOSE_SOLVED}.json"),
            Some(json!({"automation": {"active": false}})),
        )
        .await;
    assert_eq!(off["status"], 200, "{off}");
    let inactive = get(
        &sim,
        "globex",
        "admin",
        "/api/v2/automations.json?active=false",
    )
    .await;
    assert_eq!(
        titles(&inactive["responseJSON"]["automations"]),
        ["Close solved after 4 days"]
    );
    let active = get(&sim, "globex", "agent", "/api/v2/automations/active.json").await;
    assert_eq!(active["status"], 200, "{active}");
    assert_eq!(
        titles(&active["responseJSON"]["automations"]),
        ["Hand stale outages to Tier 2", "Nudge waiting VIPs"]
    );
    let shown = get(
        &sim,
        "globex",
        "agent",
        &format!("/api/v2/automations/{CLOSE_SOLVED}.json"),
    )
    .await;
    assert_eq!(shown["responseJSON"]["automation"]["active"], false);
    assert_eq!(
        get(&sim, "globex", "admin", "/api/v2/automations/42.json").await["status"],
        404
    );
}

#[tokio::test]
async fn an_automation_is_created_shown_updated_and_deleted() {
    let sim = sim();
    let made = create(&sim, "admin", stale()).await;
    assert_eq!(made["status"], 201, "{made}");
    let a = &made["responseJSON"]["automation"];
    let id = a["id"].as_u64().unwrap_or_default();
    assert!(id > PENDING_REMINDER, "{a}");
    assert_eq!(a["title"], "Escalate stale VPN tickets");
    assert_eq!(a["raw_title"], "Escalate stale VPN tickets");
    assert_eq!(a["active"], true);
    assert_eq!(a["default"], false);
    assert_eq!(a["position"], 2, "after the last automation");
    assert_eq!(a["conditions"], stale()["conditions"]);
    assert_eq!(a["actions"], stale()["actions"]);
    assert!(a["created_at"].is_string() && a["updated_at"].is_string());
    assert!(a.get("url").is_none());
    let url = format!("/api/v2/automations/{id}.json");
    let shown = get(&sim, "acme", "restricted", &url).await;
    assert_eq!(&shown["responseJSON"]["automation"], a);
    assert_eq!(titles(&automations(&sim).await).len(), 2);
    // A title alone keeps conditions and actions; raw_title is read-only.
    let renamed = update(
        &sim,
        id,
        json!({"title": "VPN to Escalations", "raw_title": "ignored"}),
    )
    .await;
    assert_eq!(renamed["status"], 200, "{renamed}");
    let r = &renamed["responseJSON"]["automation"];
    assert_eq!(r["raw_title"], "VPN to Escalations");
    assert_eq!(r["actions"], stale()["actions"]);
    // Both together replace both.
    let conditions = json!({"all": [
        {"field": "status", "operator": "is", "value": "pending"},
        {"field": "PENDING", "operator": "is", "value": "48"},
    ], "any": []});
    let actions = json!([{"field": "priority", "value": "high"}]);
    let both = update(
        &sim,
        id,
        json!({"conditions": conditions, "actions": actions}),
    )
    .await;
    assert_eq!(both["status"], 200, "{both}");
    assert_eq!(both["responseJSON"]["automation"]["conditions"], conditions);
    assert_eq!(both["responseJSON"]["automation"]["actions"], actions);
    // One without the other clears the other: refused, nothing changed.
    let alone = update(&sim, id, json!({"conditions": stale()["conditions"]})).await;
    assert_refused(&alone, "actions", "at least one action");
    let actions_alone = update(&sim, id, json!({"actions": stale()["actions"]})).await;
    assert_invalid(&actions_alone, "conditions");
    let kept = get(&sim, "acme", "admin", &url).await;
    assert_eq!(kept["responseJSON"]["automation"]["actions"], actions);
    // The Conditions reference's write form: top-level all and any.
    let mut flat = stale();
    let all = flat["conditions"]["all"].clone();
    flat.as_object_mut().map(|o| o.remove("conditions"));
    flat["title"] = json!("Flat form");
    flat["all"] = all.clone();
    let made_flat = create(&sim, "admin", flat).await;
    assert_eq!(made_flat["status"], 201, "{made_flat}");
    assert_eq!(
        made_flat["responseJSON"]["automation"]["conditions"],
        json!({"all": all, "any": []})
    );
    let gone = sim.api("acme", "admin", "DELETE", &url, None).await;
    assert_eq!(gone["status"], 204);
    assert_eq!(get(&sim, "acme", "admin", &url).await["status"], 404);
    let again = sim.api("acme", "admin", "DELETE", &url, None).await;
    assert_eq!(again["status"], 404);
    // Ids are not reused.
    let next = create(&sim, "admin", {
        let mut b = stale();
        b["active"] = json!(false);
        b
    })
    .await;
    assert!(next["responseJSON"]["automation"]["id"].as_u64() > Some(id));
}

#[tokio::test]
async fn refused_automations_store_nothing() {
    let sim = sim();
    let before = automations(&sim).await;
    let with = |key: &str, value: Value| {
        let mut b = stale();
        b[key] = value;
        b
    };
    let without = |key: &str| {
        let mut b = stale();
        b.as_object_mut().map(|o| o.remove(key));
        b
    };
    let all_of = |all: Value| with("conditions", json!({"all": all, "any": []}));
    let status = json!({"field": "status", "operator": "less_than", "value": "solved"});
    let not_escalated =
        json!({"field": "group_id", "operator": "is_not", "value": ESCALATIONS.to_string()});
    let open_a_day = json!({"field": "OPEN", "operator": "greater_than", "value": "24"});
    let cases: Vec<(Value, &str, &str)> = vec![
        (without("conditions"), "conditions", "needs its conditions"),
        (without("actions"), "actions", "at least one action"),
        (with("actions", json!([])), "actions", "at least one action"),
        (without("title"), "title", "cannot be blank"),
        (
            with("conditions", json!({"all": [], "any": []})),
            "conditions",
            "at least one condition",
        ),
        // No time-based condition.
        (
            all_of(json!([status, not_escalated])),
            "conditions",
            "time-based condition in all",
        ),
        // A time-based condition in any.
        (
            with(
                "conditions",
                json!({"all": [status, not_escalated, open_a_day], "any": [
                    {"field": "PENDING", "operator": "greater_than", "value": "24"},
                ]}),
            ),
            "conditions",
            "PENDING cannot be in any",
        ),
        // Hours are whole numbers.
        (
            all_of(json!([status, not_escalated,
                {"field": "OPEN", "operator": "greater_than", "value": "1.5"}])),
            "conditions",
            "whole number of hours",
        ),
        // ALL tests none of status, type, group, assignee, requester.
        (
            json!({
                "title": "Urgent after a day",
                "conditions": {"all": [open_a_day, {"field": "priority", "operator": "is_not", "value": "urgent"}], "any": [not_escalated]},
                "actions": [{"field": "priority", "value": "urgent"}],
            }),
            "base",
            "ALL conditions section",
        ),
        // Nothing nullifies a condition and nothing is true only once: it would run every hour.
        (
            with("actions", json!([{"field": "priority", "value": "high"}])),
            "base",
            "nullifies",
        ),
        (
            with(
                "actions",
                json!([{"field": "group_id", "value": "360001100999"}]),
            ),
            "actions",
            "group 360001100999 does not exist",
        ),
        (
            all_of(json!([status, open_a_day,
                {"field": "custom_fields_42", "operator": "is", "value": "x"},
                {"field": "group_id", "operator": "is_not", "value": ESCALATIONS.to_string()}])),
            "conditions",
            "custom_fields_42 refers to a ticket field that does not exist",
        ),
    ];
    for (body, field, words) in cases {
        let answer = create(&sim, "admin", body.clone()).await;
        assert_refused(&answer, field, words);
    }
    // Identical to acme's active reminder (another title is not enough).
    let seeded = &before[0];
    let twin =
        json!({"title": "Twin", "conditions": seeded["conditions"], "actions": seeded["actions"]});
    assert_refused(
        &create(&sim, "admin", twin.clone()).await,
        "base",
        "identical",
    );
    assert_eq!(automations(&sim).await, before, "nothing stored");
    // An inactive twin is allowed, and may not then be switched on.
    let mut off = twin;
    off["active"] = json!(false);
    let made = create(&sim, "admin", off).await;
    assert_eq!(made["status"], 201, "{made}");
    let id = made["responseJSON"]["automation"]["id"]
        .as_u64()
        .unwrap_or_default();
    assert_refused(
        &update(&sim, id, json!({"active": true})).await,
        "base",
        "identical",
    );
    // A time-based condition with `is` is true only once: no nullifying action needed.
    let mut once = stale();
    once["conditions"]["all"][3]["operator"] = json!("is");
    once["actions"] = json!([{"field": "priority", "value": "high"}]);
    assert_eq!(create(&sim, "admin", once).await["status"], 201);
    // A deleted group is no longer a valid reference.
    let del = sim
        .api(
            "acme",
            "admin",
            "DELETE",
            &format!("/api/v2/groups/{ESCALATIONS}.json"),
            None,
        )
        .await;
    assert_eq!(del["status"], 204);
    assert_invalid(&create(&sim, "admin", stale()).await, "actions");
}

#[tokio::test]
async fn who_may_write_automations() {
    let sim = sim();
    let before = automations(&sim).await;
    let url = format!("/api/v2/automations/{PENDING_REMINDER}.json");
    for user in ["agent", "restricted", "shared"] {
        assert_forbidden(&create(&sim, user, stale()).await, user);
        let put = sim
            .api(
                "acme",
                user,
                "PUT",
                &url,
                Some(json!({"automation": {"title": "Mine"}})),
            )
            .await;
        assert_forbidden(&put, user);
        assert_forbidden(&sim.api("acme", user, "DELETE", &url, None).await, user);
    }
    let customer = get(&sim, "acme", "customer", "/api/v2/automations.json").await;
    assert_eq!(customer["status"], 403, "end users do not read them");
    assert_eq!(automations(&sim).await, before);
    // An agent whose role may manage automations may (managing triggers is not enough).
    let grant = |key: &str| json!({"custom_role": {"configuration": {key: true}}});
    let role_url = format!("/api/v2/custom_roles/{TEAM_LEAD}.json");
    let triggers_only = sim
        .api(
            "acme",
            "admin",
            "PUT",
            &role_url,
            Some(grant("manage_triggers")),
        )
        .await;
    assert_eq!(triggers_only["status"], 200, "{triggers_only}");
    assert_forbidden(&create(&sim, "agent", stale()).await, "manage_triggers");
    let granted = sim
        .api(
            "acme",
            "admin",
            "PUT",
            &role_url,
            Some(grant("manage_automations")),
        )
        .await;
    assert_eq!(granted["status"], 200, "{granted}");
    assert_eq!(create(&sim, "agent", stale()).await["status"], 201);
}

#[tokio::test]
async fn the_config_snapshot_holds_the_stored_automations() {
    let sim = sim();
    let globex = sim.config("globex").await;
    assert_eq!(
        titles(&globex["automations"]),
        [
            "Close solved after 4 days",
            "Hand stale outages to Tier 2",
            "Nudge waiting VIPs"
        ]
    );
    assert!(sim.config("initech").await["automations"]
        .as_array()
        .is_some_and(Vec::is_empty));
    let made = create(&sim, "admin", stale()).await;
    assert_eq!(made["status"], 201, "{made}");
    let config = sim.config("acme").await;
    let listed = &config["automations"];
    assert_eq!(
        titles(listed),
        [
            "Remind requesters of pending tickets after 5 days",
            "Escalate stale VPN tickets"
        ]
    );
    assert_eq!(listed[1], made["responseJSON"]["automation"], "as answered");
    assert_eq!(listed, &automations(&sim).await, "as the API lists them");
}

#[tokio::test]
async fn faults_and_the_rate_limit_apply_to_automation_writes() {
    let sim = sim();
    let path = format!("/api/v2/automations/{PENDING_REMINDER}.json");
    let fault = sim
        .call(
            "POST",
            "/sim/faults",
            Some(
                json!({"account": "acme", "method": "PUT", "path": path, "status": 503,
                        "body": {"error": "Unavailable"}}),
            ),
        )
        .await;
    assert_eq!(fault.status, 200, "{}", fault.text);
    let before = sim.config("acme").await;
    let put = update(&sim, PENDING_REMINDER, json!({"title": "Faulty"})).await;
    assert_eq!(put["status"], 503, "{put}");
    assert_eq!(sim.config("acme").await, before, "a fault writes nothing");
    let limited = sim
        .call(
            "POST",
            "/sim/accounts/acme",
            Some(json!({"rate_limit_per_minute": 1})),
        )
        .await;
    assert_eq!(limited.status, 200);
    // The one request of this minute (if the faulted PUT did not already use it), then over.
    let _ = automations_status(&sim).await;
    let over = create(&sim, "admin", stale()).await;
    assert_eq!(over["status"], 429, "{over}");
    assert!(over["headers"]["retry-after"].is_string(), "{over}");
    assert_eq!(sim.config("acme").await, before, "nothing stored");
}
