//! Trigger categories and triggers in the fake Zendesk: listing, writing, the spec's `Errors`
//! bodies of categories, references inside conditions and actions, conditions and actions replaced
//! together, and who may write.

mod common;

use common::{assert_forbidden, assert_invalid, find, has, sim, Sim};
use serde_json::{json, Value};

const NOTIFICATIONS: &str = "360005000001";
const ROUTING: &str = "360005000002";
const ESCALATIONS: u64 = 360_001_100_002;
const AFFECTED_SYSTEM: u64 = 360_002_000_102;
const URGENT_VPN: u64 = 360_004_000_003;
const TEAM_LEAD: u64 = 360_000_210_001;

async fn get(sim: &Sim, user: &str, url: &str) -> Value {
    sim.api("acme", user, "GET", url, None).await
}

async fn categories(sim: &Sim) -> Value {
    let list = get(sim, "admin", "/api/v2/trigger_categories.json").await;
    assert_eq!(list["status"], 200, "{list}");
    list["responseJSON"]["trigger_categories"].clone()
}

async fn triggers(sim: &Sim) -> Value {
    let list = get(sim, "admin", "/api/v2/triggers.json").await;
    assert_eq!(list["status"], 200, "{list}");
    list["responseJSON"]["triggers"].clone()
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|l| {
            l.iter()
                .map(|c| c["name"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// A spec `Errors` body: `{"errors": [{"code", "title"}]}` with this status and code.
fn assert_errors(answer: &Value, status: u16, code: &str) {
    assert_eq!(answer["status"], status, "{answer}");
    assert_eq!(
        answer["responseJSON"]["errors"][0]["code"], code,
        "{answer}"
    );
    assert!(
        answer["responseJSON"]["errors"][0]["title"].is_string(),
        "{answer}"
    );
}

async fn create_category(sim: &Sim, user: &str, body: Value) -> Value {
    sim.api(
        "acme",
        user,
        "POST",
        "/api/v2/trigger_categories.json",
        Some(json!({ "trigger_category": body })),
    )
    .await
}

fn escalate() -> Value {
    json!({
        "title": "Escalate outages",
        "category_id": ROUTING,
        "conditions": {
            "all": [{"field": "update_type", "operator": "is", "value": "Change"}],
            "any": [{"field": format!("custom_fields_{AFFECTED_SYSTEM}"), "operator": "is", "value": "system_vpn"}],
        },
        "actions": [
            {"field": "group_id", "value": ESCALATIONS.to_string()},
            {"field": "notification_group", "value": [ESCALATIONS.to_string(), "Escalated", "{{ticket.url}}"]},
        ],
    })
}

async fn create_trigger(sim: &Sim, user: &str, body: Value) -> Value {
    sim.api(
        "acme",
        user,
        "POST",
        "/api/v2/triggers.json",
        Some(json!({ "trigger": body })),
    )
    .await
}

async fn update_trigger(sim: &Sim, id: u64, body: Value) -> Value {
    sim.api(
        "acme",
        "admin",
        "PUT",
        &format!("/api/v2/triggers/{id}.json"),
        Some(json!({ "trigger": body })),
    )
    .await
}

#[tokio::test]
async fn categories_list_with_string_ids_sorts_pages_and_rule_counts() {
    let sim = sim();
    let list = categories(&sim).await;
    assert_eq!(names(&list), ["Notifications", "Routing"]);
    assert_eq!(list[0]["id"], NOTIFICATIONS, "ids are strings");
    assert!(
        list[0].get("url").is_none(),
        "the spec's TriggerCategory has no url"
    );
    // Every trigger of the demo sits in a category of its account.
    for t in triggers(&sim).await.as_array().cloned().unwrap_or_default() {
        assert!(
            has(&list, "id", t["category_id"].as_str().unwrap_or("-")),
            "{t}"
        );
    }
    let desc = get(
        &sim,
        "agent",
        "/api/v2/trigger_categories.json?sort=-position",
    )
    .await;
    assert_eq!(desc["status"], 200, "agents may list them");
    assert_eq!(
        names(&desc["responseJSON"]["trigger_categories"]),
        ["Routing", "Notifications"]
    );
    let counts = get(
        &sim,
        "admin",
        "/api/v2/trigger_categories.json?include=rule_counts",
    )
    .await;
    let counted = &counts["responseJSON"]["trigger_categories"];
    assert_eq!(find(counted, "name", "Notifications")["active_count"], 2);
    assert_eq!(find(counted, "name", "Routing")["active_count"], 1);
    assert_eq!(find(counted, "name", "Routing")["inactive_count"], 0);
    // Cursor pages, following links.next.
    let first = get(
        &sim,
        "admin",
        "/api/v2/trigger_categories.json?page[size]=1&sort=name",
    )
    .await;
    let body = &first["responseJSON"];
    assert_eq!(names(&body["trigger_categories"]), ["Notifications"]);
    assert_eq!(body["meta"]["has_more"], true);
    let next = body["links"]["next"].as_str().unwrap_or_default();
    assert!(next.contains("sort=name"), "{next}");
    let path = next.trim_start_matches("https://acme.zendesk.com");
    let second = get(&sim, "admin", path).await;
    assert_eq!(
        names(&second["responseJSON"]["trigger_categories"]),
        ["Routing"]
    );
    assert_eq!(second["responseJSON"]["meta"]["has_more"], false);
}

#[tokio::test]
async fn categories_are_created_updated_and_shown() {
    let sim = sim();
    let made = create_category(&sim, "admin", json!({"name": " Escalation "})).await;
    assert_eq!(made["status"], 200, "create answers 200: {made}");
    let cat = &made["responseJSON"]["trigger_category"];
    let id = cat["id"].as_str().unwrap_or_default().to_owned();
    assert!(
        id.parse::<u64>().is_ok_and(|n| n > 360_005_000_002),
        "{cat}"
    );
    assert_eq!(cat["name"], "Escalation");
    assert_eq!(cat["position"], 2, "last by default");
    assert!(cat["created_at"].is_string() && cat["updated_at"].is_string());
    let url = format!("/api/v2/trigger_categories/{id}.json");
    let patched = sim
        .api(
            "acme",
            "admin",
            "PATCH",
            &url,
            Some(json!({"trigger_category": {"name": "Escalations", "position": 0}})),
        )
        .await;
    assert_eq!(patched["status"], 200, "{patched}");
    assert_eq!(
        patched["responseJSON"]["trigger_category"]["name"],
        "Escalations"
    );
    let shown = get(&sim, "agent", &url).await;
    assert_eq!(shown["responseJSON"], patched["responseJSON"]);
    assert_eq!(
        names(&categories(&sim).await),
        ["Notifications", "Escalations", "Routing"],
        "by position, then id"
    );
    // The spec's errors.
    assert_errors(
        &create_category(&sim, "admin", json!({"name": ""})).await,
        400,
        "InvalidTriggerCategory",
    );
    assert_errors(
        &create_category(&sim, "admin", json!({"position": 3})).await,
        400,
        "InvalidTriggerCategory",
    );
    let blank = sim
        .api(
            "acme",
            "admin",
            "PATCH",
            &url,
            Some(json!({"trigger_category": {"name": " "}})),
        )
        .await;
    assert_errors(&blank, 400, "InvalidTriggerCategory");
    assert_errors(
        &get(&sim, "admin", "/api/v2/trigger_categories/1234.json").await,
        404,
        "TriggerCategoryNotFound",
    );
    assert_eq!(categories(&sim).await.as_array().map(Vec::len), Some(3));
}

#[tokio::test]
async fn a_category_with_active_triggers_stays_and_an_emptied_one_goes_with_its_inactive_triggers()
{
    let sim = sim();
    let url = format!("/api/v2/trigger_categories/{ROUTING}.json");
    let refused = sim.api("acme", "admin", "DELETE", &url, None).await;
    assert_errors(&refused, 400, "TriggerCategoryNotEmpty");
    assert!(has(&categories(&sim).await, "id", ROUTING));
    let off = update_trigger(&sim, URGENT_VPN, json!({"active": false})).await;
    assert_eq!(off["status"], 200, "{off}");
    let gone = sim.api("acme", "admin", "DELETE", &url, None).await;
    assert_eq!(gone["status"], 204, "{gone}");
    assert!(!has(&categories(&sim).await, "id", ROUTING));
    let left = triggers(&sim).await;
    assert!(
        !left
            .as_array()
            .is_some_and(|l| l.iter().any(|t| t["id"] == URGENT_VPN)),
        "the inactive trigger went with it: {left}"
    );
}

#[tokio::test]
async fn the_500th_category_is_the_last() {
    let sim = sim();
    {
        let mut world = sim.state.lock();
        let acme = world.account_mut("acme").unwrap_or_else(|| panic!("acme"));
        for n in 0..498u64 {
            let mut c = serde_json::Map::new();
            c.insert("id".into(), json!((370_000_000_000 + n).to_string()));
            c.insert("name".into(), json!(format!("Bulk {n}")));
            c.insert("position".into(), json!(10 + n));
            acme.trigger_categories.push(c);
        }
    }
    let over = create_category(&sim, "admin", json!({"name": "One more"})).await;
    assert_errors(&over, 403, "ProductLimitExceeded");
}

#[tokio::test]
async fn a_trigger_is_created_in_its_category_with_its_references() {
    let sim = sim();
    let made = create_trigger(&sim, "admin", escalate()).await;
    assert_eq!(made["status"], 201, "{made}");
    let t = &made["responseJSON"]["trigger"];
    let id = t["id"].as_u64().unwrap_or_default();
    assert_eq!(t["title"], "Escalate outages");
    assert_eq!(t["raw_title"], "Escalate outages");
    assert_eq!(t["category_id"], ROUTING);
    assert_eq!(t["active"], true);
    assert_eq!(t["default"], false);
    assert_eq!(t["position"], 4, "after the last trigger");
    assert_eq!(t["conditions"], escalate()["conditions"]);
    assert_eq!(t["actions"], escalate()["actions"]);
    assert_eq!(
        t["url"],
        format!("https://acme.zendesk.com/api/v2/triggers/{id}.json")
    );
    assert_eq!(find(&triggers(&sim).await, "title", "Escalate outages"), t);
    let shown = get(&sim, "restricted", &format!("/api/v2/triggers/{id}.json")).await;
    assert_eq!(&shown["responseJSON"]["trigger"], t);
    // A second trigger of the same title is allowed.
    let twin = create_trigger(&sim, "admin", escalate()).await;
    assert_eq!(
        twin["status"], 201,
        "duplicate titles are not refused: {twin}"
    );
    // raw_title wins over title; without a category the first one by position is used; a
    // `category` object makes a new category.
    let mut body = escalate();
    body["raw_title"] = json!("{{dc.escalate}}");
    body.as_object_mut().map(|b| b.remove("category_id"));
    let plain = create_trigger(&sim, "admin", body.clone()).await;
    assert_eq!(plain["responseJSON"]["trigger"]["title"], "{{dc.escalate}}");
    assert_eq!(
        plain["responseJSON"]["trigger"]["category_id"],
        NOTIFICATIONS
    );
    body["category"] = json!({"name": "Escalation", "position": 5});
    let with_new = create_trigger(&sim, "admin", body).await;
    assert_eq!(with_new["status"], 201, "{with_new}");
    let new_cat = with_new["responseJSON"]["trigger"]["category_id"].clone();
    let cats = categories(&sim).await;
    assert_eq!(find(&cats, "name", "Escalation")["id"], new_cat);
}

#[tokio::test]
async fn refused_triggers_store_nothing() {
    let sim = sim();
    let before = triggers(&sim).await;
    let cats_before = categories(&sim).await;
    let with = |key: &str, value: Value| {
        let mut b = escalate();
        b[key] = value;
        b
    };
    let without = |key: &str| {
        let mut b = escalate();
        b.as_object_mut().map(|o| o.remove(key));
        b
    };
    let cases: Vec<(Value, &str)> = vec![
        (without("conditions"), "conditions"),
        (
            with("conditions", json!({"all": [], "any": []})),
            "conditions",
        ),
        (with("conditions", json!({"all": null})), "conditions"),
        (without("actions"), "actions"),
        (with("actions", json!([])), "actions"),
        (without("title"), "title"),
        (with("title", json!("  ")), "title"),
        (with("category_id", json!("999")), "category_id"),
        (
            with(
                "actions",
                json!([{"field": "group_id", "value": "360001100999"}]),
            ),
            "actions",
        ),
        (
            with(
                "actions",
                json!([{"field": "notification_group", "value": ["360001100999", "s", "b"]}]),
            ),
            "actions",
        ),
        (
            with(
                "actions",
                json!([{"field": "custom_fields_360002000999", "value": "x"}]),
            ),
            "actions",
        ),
        (
            with(
                "conditions",
                json!({"all": [{"field": "custom_fields_42", "operator": "is", "value": "x"}]}),
            ),
            "conditions",
        ),
        (
            with(
                "conditions",
                json!({"all": [{"field": "group_id", "operator": "is", "value": 360_001_100_999u64}]}),
            ),
            "conditions",
        ),
        (
            with("category", json!({"position": 1}))
                .as_object()
                .map_or(Value::Null, |o| {
                    let mut o = o.clone();
                    o.remove("category_id");
                    Value::Object(o)
                }),
            "category",
        ),
    ];
    for (body, field) in cases {
        let answer = create_trigger(&sim, "admin", body.clone()).await;
        assert_invalid(&answer, field);
    }
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
    assert_invalid(&create_trigger(&sim, "admin", escalate()).await, "actions");
    assert_eq!(triggers(&sim).await, before, "nothing stored");
    assert_eq!(categories(&sim).await, cats_before, "no category made");
}

#[tokio::test]
async fn a_put_replaces_conditions_and_actions_together() {
    let sim = sim();
    let made = create_trigger(&sim, "admin", escalate()).await;
    let id = made["responseJSON"]["trigger"]["id"]
        .as_u64()
        .unwrap_or_default();
    {
        let mut world = sim.state.lock();
        let acme = world.account_mut("acme").unwrap_or_else(|| panic!("acme"));
        if let Some(t) = acme
            .triggers
            .iter_mut()
            .find(|t| t.get("id") == Some(&json!(id)))
        {
            t.insert("future_setting".into(), json!({"on": true}));
        }
    }
    let conditions =
        json!({"all": [{"field": "priority", "operator": "is", "value": "urgent"}], "any": []});
    let actions = json!([{"field": "priority", "value": "high"}]);
    let both = update_trigger(
        &sim,
        id,
        json!({"conditions": conditions, "actions": actions}),
    )
    .await;
    assert_eq!(both["status"], 200, "{both}");
    let t = &both["responseJSON"]["trigger"];
    assert_eq!(t["conditions"], conditions);
    assert_eq!(t["actions"], actions);
    assert_eq!(t["title"], "Escalate outages", "kept");
    assert_eq!(
        t["future_setting"],
        json!({"on": true}),
        "unknown fields survive"
    );
    // Conditions alone clear the actions: refused.
    let alone = update_trigger(&sim, id, json!({"conditions": conditions})).await;
    assert_invalid(&alone, "actions");
    let actions_alone = update_trigger(&sim, id, json!({"actions": actions})).await;
    assert_invalid(&actions_alone, "conditions");
    // A title alone keeps both.
    let renamed = update_trigger(&sim, id, json!({"title": "Urgent to high"})).await;
    assert_eq!(renamed["responseJSON"]["trigger"]["actions"], actions);
    assert_eq!(
        renamed["responseJSON"]["trigger"]["raw_title"],
        "Urgent to high"
    );
    assert_invalid(
        &update_trigger(&sim, id, json!({"category_id": "1"})).await,
        "category_id",
    );
    let gone = sim
        .api(
            "acme",
            "admin",
            "DELETE",
            &format!("/api/v2/triggers/{id}.json"),
            None,
        )
        .await;
    assert_eq!(gone["status"], 204);
    assert_eq!(
        get(&sim, "admin", &format!("/api/v2/triggers/{id}.json")).await["status"],
        404
    );
}

#[tokio::test]
async fn who_may_write_triggers_and_categories() {
    let sim = sim();
    let before = (triggers(&sim).await, categories(&sim).await);
    for user in ["agent", "restricted", "shared"] {
        assert_forbidden(&create_trigger(&sim, user, escalate()).await, user);
        let put = sim
            .api(
                "acme",
                user,
                "PUT",
                &format!("/api/v2/triggers/{URGENT_VPN}.json"),
                Some(json!({"trigger": {"title": "Mine"}})),
            )
            .await;
        assert_forbidden(&put, user);
        let del = sim
            .api(
                "acme",
                user,
                "DELETE",
                &format!("/api/v2/triggers/{URGENT_VPN}.json"),
                None,
            )
            .await;
        assert_forbidden(&del, user);
        assert_forbidden(
            &create_category(&sim, user, json!({"name": "Mine"})).await,
            user,
        );
        let patch = sim
            .api(
                "acme",
                user,
                "PATCH",
                &format!("/api/v2/trigger_categories/{ROUTING}.json"),
                Some(json!({"trigger_category": {"name": "Mine"}})),
            )
            .await;
        assert_forbidden(&patch, user);
    }
    assert_eq!((triggers(&sim).await, categories(&sim).await), before);
    // An agent whose role may manage triggers may.
    let grant = sim
        .api(
            "acme",
            "admin",
            "PUT",
            &format!("/api/v2/custom_roles/{TEAM_LEAD}.json"),
            Some(json!({"custom_role": {"configuration": {"manage_triggers": true}}})),
        )
        .await;
    assert_eq!(grant["status"], 200, "{grant}");
    assert_eq!(
        create_trigger(&sim, "agent", escalate()).await["status"],
        201
    );
    assert_eq!(
        create_category(&sim, "agent", json!({"name": "Alan's"})).await["status"],
        200
    );
}
