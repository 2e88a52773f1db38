//! What a deploy reads to match references by identity: brands, targets, webhooks, users (show many,
//! search by email), organizations (show many, search by name); the same names in globex and acme
//! under other ids; and rules that refuse references to things the account does not have.

mod common;

use common::{assert_forbidden, assert_invalid, find, sim, Sim};
use serde_json::{json, Value};

const GLOBEX_SERVICE_DESK_BRAND: u64 = 361_014_000_002;
const ACME_SERVICE_DESK_BRAND: u64 = 360_014_000_002;
const GLOBEX_OPS_PAGER: u64 = 361_015_000_001;
const ACME_OPS_PAGER: u64 = 360_015_000_001;
const GLOBEX_SLACK: &str = "01HV3GXS7M5QZ8N2K4R6T9W1YB";
const ACME_SLACK: &str = "01HV3H2B8C4D6E9F0G1J3K5M7N";
const GLOBEX_INITECH: u64 = 361_016_000_001;
const ACME_INITECH: u64 = 360_016_000_001;
const GLOBEX_PAT: u64 = 382_000_000_003;
const ACME_PAT: u64 = 381_000_000_005;
const PAT: &str = "pat.lee@example.com";
const ROUTE_HARDWARE: u64 = 361_004_000_007;

async fn get(sim: &Sim, account: &str, user: &str, url: &str) -> Value {
    let answer = sim.api(account, user, "GET", url, None).await;
    assert_eq!(answer["status"], 200, "{url}: {answer}");
    answer["responseJSON"].clone()
}

fn ids(list: &Value) -> Vec<Value> {
    list.as_array()
        .map(|l| l.iter().map(|i| i["id"].clone()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn both_accounts_have_the_same_names_under_other_ids() {
    let sim = sim();
    for (account, brand, pager, slack, initech, pat) in [
        (
            "globex",
            GLOBEX_SERVICE_DESK_BRAND,
            GLOBEX_OPS_PAGER,
            GLOBEX_SLACK,
            GLOBEX_INITECH,
            GLOBEX_PAT,
        ),
        (
            "acme",
            ACME_SERVICE_DESK_BRAND,
            ACME_OPS_PAGER,
            ACME_SLACK,
            ACME_INITECH,
            ACME_PAT,
        ),
    ] {
        let brands = get(&sim, account, "admin", "/api/v2/brands.json").await;
        assert_eq!(find(&brands["brands"], "name", "Service Desk")["id"], brand);
        assert_eq!(brands["count"], 2, "the default brand and Service Desk");
        let targets = get(&sim, account, "admin", "/api/v2/targets.json").await;
        assert_eq!(find(&targets["targets"], "title", "Ops pager")["id"], pager);
        let webhooks = get(&sim, account, "admin", "/api/v2/webhooks").await;
        assert_eq!(
            find(&webhooks["webhooks"], "name", "Slack alerts")["id"],
            slack
        );
        let orgs = get(
            &sim,
            account,
            "admin",
            "/api/v2/organizations/search.json?name=initech",
        )
        .await;
        assert_eq!(
            ids(&orgs["organizations"]),
            [json!(initech)],
            "exact name, any case"
        );
        let users = get(
            &sim,
            account,
            "admin",
            &format!("/api/v2/users/search.json?query=email:{PAT}"),
        )
        .await;
        assert_eq!(ids(&users["users"]), [json!(pat)]);
        assert_eq!(users["users"][0]["name"], "Pat Lee");
        assert_eq!(users["users"][0]["role"], "agent");
    }
}

#[tokio::test]
async fn brands_sort_by_name_and_page() {
    let sim = sim();
    let brands = get(&sim, "globex", "agent", "/api/v2/brands.json").await;
    let names: Vec<&str> = brands["brands"]
        .as_array()
        .map(|l| l.iter().filter_map(|b| b["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, ["Globex Corporation", "Service Desk"]);
    assert_eq!(brands["brands"][0]["default"], true);
    assert_eq!(
        brands["brands"][1]["url"],
        format!("https://globex.zendesk.com/api/v2/brands/{GLOBEX_SERVICE_DESK_BRAND}.json")
    );
    let page = get(&sim, "globex", "admin", "/api/v2/brands.json?page[size]=1").await;
    assert_eq!(page["meta"]["has_more"], true);
    let shown = get(
        &sim,
        "globex",
        "admin",
        &format!("/api/v2/brands/{GLOBEX_SERVICE_DESK_BRAND}.json"),
    )
    .await;
    assert_eq!(shown["brand"]["name"], "Service Desk");
    let target = get(
        &sim,
        "globex",
        "agent",
        &format!("/api/v2/targets/{GLOBEX_OPS_PAGER}.json"),
    )
    .await;
    assert_eq!(target["target"]["type"], "http_target");
}

#[tokio::test]
async fn webhooks_page_by_cursor_filter_and_are_for_admins() {
    let sim = sim();
    let list = get(&sim, "globex", "admin", "/api/v2/webhooks").await;
    assert_eq!(
        list["meta"]["has_more"], false,
        "cursor pages even unasked: {list}"
    );
    assert!(list.get("count").is_none());
    assert!(
        list["webhooks"][0].get("url").is_none(),
        "the object has no url"
    );
    let filtered = get(
        &sim,
        "globex",
        "admin",
        "/api/v2/webhooks?filter[name_contains]=SLACK",
    )
    .await;
    assert_eq!(ids(&filtered["webhooks"]), [json!(GLOBEX_SLACK)]);
    let none = get(
        &sim,
        "globex",
        "admin",
        "/api/v2/webhooks?filter[status]=inactive",
    )
    .await;
    assert_eq!(none["webhooks"], json!([]));
    let shown = get(
        &sim,
        "globex",
        "admin",
        &format!("/api/v2/webhooks/{GLOBEX_SLACK}"),
    )
    .await;
    assert_eq!(shown["webhook"]["name"], "Slack alerts");
    let agent = sim
        .api("globex", "agent", "GET", "/api/v2/webhooks", None)
        .await;
    assert_forbidden(&agent, "an agent lists webhooks");
}

#[tokio::test]
async fn users_are_shown_many_and_searched() {
    let sim = sim();
    let many = get(
        &sim,
        "acme",
        "agent",
        &format!("/api/v2/users/show_many.json?ids={ACME_PAT},381000000001,42"),
    )
    .await;
    assert_eq!(
        ids(&many["users"]),
        [json!(381_000_000_001u64), json!(ACME_PAT)]
    );
    let by_email = get(
        &sim,
        "acme",
        "agent",
        "/api/v2/users/search.json?query=email:PAT.LEE@EXAMPLE.COM",
    )
    .await;
    assert_eq!(ids(&by_email["users"]), [json!(ACME_PAT)]);
    let partial = get(
        &sim,
        "acme",
        "agent",
        "/api/v2/users/search.json?query=acme.example",
    )
    .await;
    assert!(
        partial["count"].as_u64().unwrap_or_default() >= 4,
        "{partial}"
    );
    let nobody = get(
        &sim,
        "acme",
        "agent",
        "/api/v2/users/search.json?query=email:pat.lee@example",
    )
    .await;
    assert_eq!(nobody["users"], json!([]), "email: is the whole address");
    let external = get(
        &sim,
        "acme",
        "agent",
        "/api/v2/users/search.json?external_id=abc",
    )
    .await;
    assert_eq!(external["users"], json!([]));
    let too_many: Vec<String> = (1..=101).map(|n| n.to_string()).collect();
    let refused = sim
        .api(
            "acme",
            "agent",
            "GET",
            &format!("/api/v2/users/show_many.json?ids={}", too_many.join(",")),
            None,
        )
        .await;
    assert_eq!(refused["status"], 400, "{refused}");
    let customer = sim
        .api(
            "acme",
            "customer",
            "GET",
            "/api/v2/users/search.json?query=pat",
            None,
        )
        .await;
    assert_forbidden(&customer, "an end user searches");
}

#[tokio::test]
async fn organizations_are_listed_shown_and_searched_by_exact_name() {
    let sim = sim();
    let all = get(&sim, "globex", "agent", "/api/v2/organizations.json").await;
    assert_eq!(ids(&all["organizations"]), [json!(GLOBEX_INITECH)]);
    let many = get(
        &sim,
        "globex",
        "agent",
        &format!("/api/v2/organizations/show_many.json?ids={GLOBEX_INITECH},1"),
    )
    .await;
    assert_eq!(ids(&many["organizations"]), [json!(GLOBEX_INITECH)]);
    let partial = get(
        &sim,
        "globex",
        "admin",
        "/api/v2/organizations/search.json?name=Init",
    )
    .await;
    assert_eq!(partial["organizations"], json!([]), "the whole name only");
    let both = sim
        .api(
            "globex",
            "admin",
            "GET",
            "/api/v2/organizations/search.json?name=Initech&external_id=1",
            None,
        )
        .await;
    assert_eq!(both["status"], 400, "{both}");
    // Gil's Tier 1 role may not add or modify organizations.
    let agent = sim
        .api(
            "globex",
            "agent",
            "GET",
            "/api/v2/organizations/search.json?name=Initech",
            None,
        )
        .await;
    assert_forbidden(&agent, "Tier 1 agent searches");
}

#[tokio::test]
async fn every_reference_of_the_hardware_trigger_resolves_in_globex() {
    let sim = sim();
    let shown = get(
        &sim,
        "globex",
        "admin",
        &format!("/api/v2/triggers/{ROUTE_HARDWARE}.json"),
    )
    .await;
    let trigger = &shown["trigger"];
    assert_eq!(trigger["title"], "Route hardware requests");
    assert_eq!(trigger["category_id"], "361005000002");
    let text = trigger.to_string();
    for part in [
        "ticket_form_id",
        "361010000002",
        "brand_id",
        &GLOBEX_SERVICE_DESK_BRAND.to_string(),
        "organization_id",
        &GLOBEX_INITECH.to_string(),
        "assignee_id",
        &GLOBEX_PAT.to_string(),
        "notification_webhook",
        GLOBEX_SLACK,
        "notification_target",
        &GLOBEX_OPS_PAGER.to_string(),
        "set_schedule",
        "361013000001",
        "{{dc.greeting}}",
    ] {
        assert!(text.contains(part), "{part} not in {text}");
    }
    // Written back as it is, it passes every rule (its references resolve).
    let mut body = trigger.clone();
    body["title"] = json!("Route hardware requests (copy)");
    let copy = sim
        .api(
            "globex",
            "admin",
            "POST",
            "/api/v2/triggers.json",
            Some(json!({ "trigger": body })),
        )
        .await;
    assert_eq!(copy["status"], 201, "{copy}");
}

#[tokio::test]
async fn triggers_naming_what_the_account_lacks_are_refused() {
    let sim = sim();
    let before = sim.config("acme").await;
    let globex_ids = [
        (
            "ticket_form_id",
            json!("361010000002"),
            "ticket form 361010000002 does not exist",
        ),
        (
            "brand_id",
            json!(GLOBEX_SERVICE_DESK_BRAND.to_string()),
            "brand",
        ),
        (
            "organization_id",
            json!(GLOBEX_INITECH.to_string()),
            "organization",
        ),
        ("assignee_id", json!(GLOBEX_PAT.to_string()), "user"),
        ("set_schedule", json!("361013000001"), "schedule"),
        (
            "notification_webhook",
            json!([GLOBEX_SLACK, "{}"]),
            "webhook",
        ),
        (
            "notification_target",
            json!([GLOBEX_OPS_PAGER.to_string(), "Page"]),
            "target",
        ),
        (
            "notification_user",
            json!([GLOBEX_PAT.to_string(), "Hi", "There"]),
            "user",
        ),
    ];
    for (field, value, words) in globex_ids {
        let body = json!({
            "title": format!("Uses a globex {field}"),
            "conditions": {"all": [{"field": "update_type", "operator": "is", "value": "Create"}], "any": []},
            "actions": [{"field": field, "value": value}],
        });
        let answer = sim
            .api(
                "acme",
                "admin",
                "POST",
                "/api/v2/triggers.json",
                Some(json!({ "trigger": body })),
            )
            .await;
        assert_invalid(&answer, "actions");
        let said = answer["responseJSON"]["details"]["actions"].to_string();
        assert!(
            said.contains(words) && said.contains("does not exist"),
            "{field}: {said}"
        );
    }
    assert_eq!(sim.config("acme").await, before, "nothing written");
    // acme's own ids (and keywords) are fine.
    let body = json!({
        "title": "Route hardware requests",
        "conditions": {"all": [
            {"field": "brand_id", "operator": "is", "value": ACME_SERVICE_DESK_BRAND.to_string()},
            {"field": "organization_id", "operator": "is", "value": ACME_INITECH.to_string()},
            {"field": "ticket_form_id", "operator": "is", "value": "360010000001"},
        ], "any": []},
        "actions": [
            {"field": "assignee_id", "value": ACME_PAT.to_string()},
            {"field": "notification_webhook", "value": [ACME_SLACK, "{}"]},
            {"field": "notification_target", "value": [ACME_OPS_PAGER.to_string(), "Page"]},
            {"field": "notification_user", "value": ["requester_id", "Hi", "{{dc.greeting}}"]},
        ],
    });
    let answer = sim
        .api(
            "acme",
            "admin",
            "POST",
            "/api/v2/triggers.json",
            Some(json!({ "trigger": body })),
        )
        .await;
    assert_eq!(answer["status"], 201, "{answer}");
}
