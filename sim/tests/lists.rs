//! The list endpoints a configuration is made of: groups, ticket fields, macros, triggers, views;
//! their shapes, who may read them, cursor and offset pagination; and globex's demo configurations.

mod common;

use std::collections::BTreeSet;

use common::{basic, sim, Sim, GLOBEX_ADMIN};
use deskset_sim::scenario::GLOBEX_API_TOKEN;
use serde_json::{json, Value};

const GLOBEX_AGENT: &str = "gil.agent@globex.example";
const LISTS: [&str; 5] = ["groups", "ticket_fields", "macros", "triggers", "views"];

/// `GET <url>` on globex from acme's app, signed in as `email` with globex's token.
async fn globex(sim: &Sim, url: &str, email: &str) -> Value {
    let url = if url.starts_with("https://") {
        url.to_owned()
    } else {
        format!("https://globex.zendesk.com{url}")
    };
    sim.complete(
        "acme",
        "admin",
        json!({
            "url": url,
            "headers": {"Authorization": format!("Basic {}", basic(email, GLOBEX_API_TOKEN))},
        }),
    )
    .await
}

fn items<'a>(answer: &'a Value, key: &str) -> &'a Vec<Value> {
    answer["responseJSON"][key]
        .as_array()
        .unwrap_or_else(|| panic!("no {key}: {answer}"))
}

/// The name a configuration uses for an item: `name`, or `title` for macros, triggers and views.
fn name_of(item: &Value) -> String {
    item["name"]
        .as_str()
        .or_else(|| item["title"].as_str())
        .unwrap_or_default()
        .to_owned()
}

/// Every item of a list, following `links.next` while `has_more`, `size` at a time.
async fn walk(sim: &Sim, key: &str, size: usize, email: &str) -> (Vec<Value>, usize) {
    let mut url = format!("/api/v2/{key}.json?page[size]={size}");
    let mut all = Vec::new();
    let mut pages = 0;
    loop {
        let answer = globex(sim, &url, email).await;
        assert_eq!(answer["status"], 200, "{url}: {answer}");
        let page = items(&answer, key);
        assert!(page.len() <= size);
        all.extend(page.iter().cloned());
        pages += 1;
        let body = &answer["responseJSON"];
        let meta = &body["meta"];
        if meta["has_more"] != true {
            assert_eq!(meta["has_more"], false, "{body}");
            break;
        }
        assert_eq!(page.len(), size, "a page before the last is full");
        let next = body["links"]["next"]
            .as_str()
            .unwrap_or_else(|| panic!("has_more without links.next: {body}"));
        let cursor = meta["after_cursor"].as_str().unwrap_or_default();
        assert!(
            next.starts_with(&format!("https://globex.zendesk.com/api/v2/{key}.json?"))
                && next.contains(&format!("page[after]={cursor}"))
                && next.contains(&format!("page[size]={size}")),
            "{next}"
        );
        url = next.to_owned();
        assert!(pages < 50, "endless paging");
    }
    (all, pages)
}

#[tokio::test]
async fn paging_follows_links_next_to_the_end() {
    let sim = sim();
    for key in LISTS {
        let everything = globex(&sim, &format!("/api/v2/{key}.json"), GLOBEX_ADMIN).await;
        let expected: Vec<u64> = {
            let mut ids: Vec<u64> = items(&everything, key)
                .iter()
                .filter_map(|i| i["id"].as_u64())
                .collect();
            ids.sort_unstable();
            ids
        };
        assert!(expected.len() >= 3, "{key}: {everything}");
        for size in [1, 2, 3, 100] {
            let (all, pages) = walk(&sim, key, size, GLOBEX_ADMIN).await;
            let mut ids: Vec<u64> = all.iter().filter_map(|i| i["id"].as_u64()).collect();
            let unique: BTreeSet<u64> = ids.iter().copied().collect();
            assert_eq!(unique.len(), ids.len(), "{key}/{size}: an item came twice");
            ids.sort_unstable();
            assert_eq!(ids, expected, "{key} by {size}");
            assert_eq!(
                pages,
                expected.len().div_ceil(size).max(1),
                "{key} by {size}"
            );
        }
    }
}

#[tokio::test]
async fn the_last_page_still_links_on_and_the_page_after_it_is_empty() {
    let sim = sim();
    let all = globex(&sim, "/api/v2/groups.json?page[size]=100", GLOBEX_ADMIN).await;
    let body = &all["responseJSON"];
    assert_eq!(body["meta"]["has_more"], false);
    let next = body["links"]["next"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(!next.is_empty(), "{body}");
    let after = globex(&sim, &next, GLOBEX_ADMIN).await;
    assert_eq!(after["status"], 200);
    assert!(items(&after, "groups").is_empty());
    let meta = &after["responseJSON"]["meta"];
    assert_eq!(meta["has_more"], false);
    assert_eq!(meta["after_cursor"], Value::Null);
    assert_eq!(after["responseJSON"]["links"]["next"], Value::Null);
    // prev walks back.
    let second = globex(&sim, "/api/v2/groups.json?page[size]=2", GLOBEX_ADMIN).await;
    let next = second["responseJSON"]["links"]["next"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let page2 = globex(&sim, &next, GLOBEX_ADMIN).await;
    let prev = page2["responseJSON"]["links"]["prev"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let back = globex(&sim, &prev, GLOBEX_ADMIN).await;
    assert_eq!(
        items(&back, "groups"),
        items(&second, "groups"),
        "prev leads back to the first page"
    );
}

#[tokio::test]
async fn bad_paging_parameters_are_400() {
    let sim = sim();
    for query in [
        "page[size]=101",
        "page[size]=0",
        "page[size]=many",
        "page[size]=2&page[after]=not-a-cursor",
    ] {
        for key in LISTS {
            let answer = globex(&sim, &format!("/api/v2/{key}.json?{query}"), GLOBEX_ADMIN).await;
            assert_eq!(answer["status"], 400, "{key}?{query}: {answer}");
            assert_eq!(
                answer["responseJSON"]["errors"][0]["code"], "InvalidPaginationParameter",
                "{answer}"
            );
        }
    }
    // A cursor of one list is no good in another order.
    let groups = globex(&sim, "/api/v2/groups.json?page[size]=1", GLOBEX_ADMIN).await;
    let cursor = groups["responseJSON"]["meta"]["after_cursor"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let views = globex(
        &sim,
        &format!("/api/v2/views.json?page[size]=1&page[after]={cursor}"),
        GLOBEX_ADMIN,
    )
    .await;
    assert_eq!(views["status"], 400, "{views}");
    // Percent-encoded brackets are the same parameter.
    let encoded = globex(&sim, "/api/v2/groups.json?page%5Bsize%5D=2", GLOBEX_ADMIN).await;
    assert_eq!(items(&encoded, "groups").len(), 2);
}

#[tokio::test]
async fn without_page_size_lists_use_offset_pagination() {
    let sim = sim();
    let first = globex(&sim, "/api/v2/macros.json?per_page=2", GLOBEX_ADMIN).await;
    let body = &first["responseJSON"];
    assert_eq!(items(&first, "macros").len(), 2);
    assert_eq!(body["count"], 6);
    assert_eq!(body["previous_page"], Value::Null);
    assert_eq!(
        body["next_page"],
        "https://globex.zendesk.com/api/v2/macros.json?page=2&per_page=2"
    );
    assert!(body.get("meta").is_none());
    let all = globex(&sim, "/api/v2/views.json", GLOBEX_ADMIN).await;
    assert_eq!(all["responseJSON"]["next_page"], Value::Null);
    // Ticket fields: no pagination, every field in position order.
    let fields = globex(&sim, "/api/v2/ticket_fields.json", GLOBEX_ADMIN).await;
    let positions: Vec<i64> = items(&fields, "ticket_fields")
        .iter()
        .filter_map(|f| f["position"].as_i64())
        .collect();
    let mut sorted = positions.clone();
    sorted.sort_unstable();
    assert_eq!(positions, sorted);
    assert!(fields["responseJSON"].get("next_page").is_none());
}

#[tokio::test]
async fn shapes_follow_the_spec() {
    let sim = sim();
    let required: [(&str, &[&str]); 5] = [
        (
            "groups",
            &[
                "id",
                "url",
                "name",
                "description",
                "default",
                "deleted",
                "is_public",
                "created_at",
                "updated_at",
            ],
        ),
        (
            "ticket_fields",
            &[
                "id",
                "url",
                "type",
                "title",
                "raw_title",
                "description",
                "position",
                "active",
                "required",
                "visible_in_portal",
                "removable",
                "created_at",
                "updated_at",
            ],
        ),
        (
            "macros",
            &[
                "id",
                "url",
                "title",
                "description",
                "active",
                "position",
                "restriction",
                "actions",
                "created_at",
                "updated_at",
            ],
        ),
        (
            "triggers",
            &[
                "id",
                "url",
                "title",
                "raw_title",
                "active",
                "position",
                "conditions",
                "actions",
                "category_id",
                "default",
                "created_at",
                "updated_at",
            ],
        ),
        (
            "views",
            &[
                "id",
                "url",
                "title",
                "active",
                "position",
                "restriction",
                "conditions",
                "execution",
                "created_at",
                "updated_at",
            ],
        ),
    ];
    for (key, fields) in required {
        let answer = globex(
            &sim,
            &format!("/api/v2/{key}.json?page[size]=100"),
            GLOBEX_ADMIN,
        )
        .await;
        let list = items(&answer, key);
        assert!((3..=15).contains(&list.len()), "{key}: {}", list.len());
        for item in list {
            for field in fields {
                assert!(item.get(*field).is_some(), "{key} without {field}: {item}");
            }
            let id = item["id"].as_u64().unwrap_or_default();
            assert_eq!(
                item["url"],
                format!("https://globex.zendesk.com/api/v2/{key}/{id}.json")
            );
        }
        let names: BTreeSet<String> = list.iter().map(name_of).collect();
        assert_eq!(names.len(), list.len(), "{key}: names are unique");
    }
    let fields = globex(&sim, "/api/v2/ticket_fields.json", GLOBEX_ADMIN).await;
    let product = items(&fields, "ticket_fields")
        .iter()
        .find(|f| f["title"] == "Product line")
        .cloned()
        .unwrap_or_default();
    assert_eq!(product["type"], "tagger");
    assert_eq!(
        product["custom_field_options"].as_array().map(Vec::len),
        Some(3)
    );
}

#[tokio::test]
async fn who_may_read_what() {
    let sim = sim();
    // Agents read every list, as the spec allows; they see the macros and views open to them.
    for key in LISTS {
        let answer = globex(&sim, &format!("/api/v2/{key}.json"), GLOBEX_AGENT).await;
        assert_eq!(answer["status"], 200, "{key}: {answer}");
    }
    let titles = |answer: &Value, key: &str| -> BTreeSet<String> {
        items(answer, key).iter().map(name_of).collect()
    };
    let admin_macros = titles(
        &globex(&sim, "/api/v2/macros.json", GLOBEX_ADMIN).await,
        "macros",
    );
    let agent_macros = titles(
        &globex(&sim, "/api/v2/macros.json", GLOBEX_AGENT).await,
        "macros",
    );
    assert_eq!(admin_macros.len(), 6, "{admin_macros:?}");
    assert!(agent_macros.contains("Close and thank the customer"));
    // Gil is not in Billing & renewals, and Greta's personal macro is hers.
    assert!(
        !agent_macros.contains("Billing: refund issued"),
        "{agent_macros:?}"
    );
    assert!(!agent_macros.contains("Weekly key account follow-up"));
    let agent_views = titles(
        &globex(&sim, "/api/v2/views.json", GLOBEX_AGENT).await,
        "views",
    );
    assert!(
        !agent_views.contains("Key account escalations"),
        "{agent_views:?}"
    );
    assert!(!agent_views.contains("My follow-ups"));
    assert!(
        !agent_views.contains("Tier 2 queue"),
        "Gil is not in Tier 2"
    );
    let admin_views = titles(
        &globex(&sim, "/api/v2/views.json", GLOBEX_ADMIN).await,
        "views",
    );
    assert_eq!(admin_views.len(), 7, "{admin_views:?}");

    // End users: ticket fields shown in the help center only; the others are refused.
    let pat = "pat@purchaser.example";
    let fields = globex(&sim, "/api/v2/ticket_fields.json", pat).await;
    assert_eq!(fields["status"], 200, "{fields}");
    assert!(items(&fields, "ticket_fields")
        .iter()
        .all(|f| f["visible_in_portal"] == true));
    let names: BTreeSet<String> = items(&fields, "ticket_fields")
        .iter()
        .map(name_of)
        .collect();
    assert!(
        names.contains("Subject") && !names.contains("Root cause"),
        "{names:?}"
    );
    for key in ["groups", "macros", "triggers", "views"] {
        let answer = globex(&sim, &format!("/api/v2/{key}.json"), pat).await;
        assert_eq!(answer["status"], 403, "{key}: {answer}");
    }
    // Nobody signed in.
    for key in LISTS {
        let answer = sim
            .complete(
                "acme",
                "admin",
                json!({"url": format!("https://globex.zendesk.com/api/v2/{key}.json")}),
            )
            .await;
        assert_eq!(answer["status"], 401, "{key}");
    }
}

#[tokio::test]
async fn acme_has_its_own_lists_in_the_agents_session() {
    let sim = sim();
    for key in LISTS {
        let (done, body) = sim
            .request(
                "acme",
                "restricted",
                json!({"url": format!("/api/v2/{key}.json?page[size]=2")}),
            )
            .await;
        assert!(done, "{key}: {body}");
        let list = body[key].as_array().cloned().unwrap_or_default();
        assert!(!list.is_empty(), "{key}: {body}");
        // Links point at the account's own address.
        let next = body["links"]["next"].as_str().unwrap_or_default();
        assert!(
            next.starts_with(&format!("https://acme.zendesk.com/api/v2/{key}.json?")),
            "{next}"
        );
    }
    let (_, groups) = sim
        .request("acme", "admin", json!({"url": "/api/v2/groups.json"}))
        .await;
    let names: Vec<String> = groups["groups"]
        .as_array()
        .map(|g| g.iter().map(name_of).collect())
        .unwrap_or_default();
    assert_eq!(names, ["Support", "Escalations", "Billing"]);
    assert_eq!(groups["groups"][0]["default"], true);
}

/// globex's deskset carries a registration for Greta and six configurations whose every component
/// names an object globex really has; acme shares globex.
#[tokio::test]
async fn globex_configurations_name_real_objects() {
    let sim = sim();
    let installs = globex(&sim, "/api/v2/apps/installations.json", GLOBEX_ADMIN).await;
    let settings = items(&installs, "installations")[0]["settings"].clone();
    let registration: Value =
        serde_json::from_str(settings["registration"].as_str().unwrap_or("null"))
            .unwrap_or(Value::Null);
    assert_eq!(registration["admin_email"], GLOBEX_ADMIN);
    assert_eq!(registration["admin_id"], 382_000_000_001u64);
    assert!(registration["registered_at"].is_string());
    // The tile is its own installation: the Autotask settings are there, not here.
    assert!(settings.get("autotask_username").is_none(), "{settings}");
    let tile = items(&installs, "installations")[1]["settings"].clone();
    assert_eq!(tile["name"], "deskset tile");
    assert_eq!(tile["autotask_username"], "deskset-api@globex-it.example");
    let configurations: Value =
        serde_json::from_str(settings["configurations"].as_str().unwrap_or("null"))
            .unwrap_or(Value::Null);
    let configurations = configurations.as_array().cloned().unwrap_or_default();
    assert_eq!(configurations.len(), 6, "{settings}");
    let mut existing = std::collections::BTreeMap::new();
    // (component type, list path, list key)
    let mut lists: Vec<(&str, String, &str)> = LISTS
        .into_iter()
        .chain([
            "custom_roles",
            "trigger_categories",
            "automations",
            "user_fields",
            "organization_fields",
            "ticket_forms",
        ])
        .map(|key| (key, format!("/api/v2/{key}.json"), key))
        .collect();
    lists.extend([
        (
            "sla_policies",
            "/api/v2/slas/policies.json".to_owned(),
            "sla_policies",
        ),
        (
            "dynamic_content",
            "/api/v2/dynamic_content/items.json".to_owned(),
            "items",
        ),
        (
            "schedules",
            "/api/v2/business_hours/schedules.json".to_owned(),
            "schedules",
        ),
    ]);
    for (kind, path, key) in lists {
        let answer = globex(&sim, &path, GLOBEX_ADMIN).await;
        let names: BTreeSet<String> = items(&answer, key).iter().map(name_of).collect();
        existing.insert(kind, names);
    }
    let mut types = BTreeSet::new();
    for c in &configurations {
        assert!(c["name"].is_string() && c["description"].is_string(), "{c}");
        for component in c["components"].as_array().cloned().unwrap_or_default() {
            let kind = component["type"].as_str().unwrap_or_default();
            let name = component["name"].as_str().unwrap_or_default();
            types.insert(kind.to_owned());
            assert!(
                existing.get(kind).is_some_and(|names| names.contains(name)),
                "{kind} {name:?} is not in globex"
            );
        }
    }
    assert_eq!(types.len(), 14, "every component type is used: {types:?}");

    let (_, acme) = sim
        .request(
            "acme",
            "admin",
            json!({"url": "/api/v2/apps/installations.json"}),
        )
        .await;
    let acme_deskset = acme["installations"]
        .as_array()
        .and_then(|l| l.iter().find(|i| i["settings"]["name"] == "deskset"))
        .cloned()
        .unwrap_or_default();
    // acme shares globex already (slot 1, Greta's read token); it registered nothing itself.
    let shares: Value = serde_json::from_str(
        acme_deskset["settings"]["shares"]
            .as_str()
            .unwrap_or("null"),
    )
    .unwrap_or(Value::Null);
    assert_eq!(
        shares,
        json!([{
            "slot": 1,
            "source_url": "https://globex.zendesk.com",
            "username": GLOBEX_ADMIN,
            "created_at": deskset_sim::scenario::DEMO_SHARE_CREATED_AT,
            "created_by": "ada.admin@acme.example",
            "token_id": deskset_sim::zendesk::oauth::FIRST_TOKEN_ID,
        }])
    );
    assert!(
        acme_deskset["settings"].get("share_auth_1").is_none(),
        "secure: not readable"
    );
    assert!(acme_deskset["settings"].get("registration").is_none());
}
