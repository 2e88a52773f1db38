//! The fake Autotask, through the proxy as the app reaches it: zone lookup, header auth, queries
//! (every operator, groups, paging, IncludeFields), picklists, the thread limit, latency, secrets.

mod common;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use common::{sim, sim_in, Sim, ACME_TILE};
use deskset_sim::autotask::seed::{
    ACME_IT_CI, ACME_IT_OWN_CODE, ACME_IT_SECRET, ACME_IT_USER, ADA_CONTACT, ADA_OLD_CONTACT,
    ALAN_CONTACT, CHRISTINE_CONTACT, CHRIS_CONTACT, GLOBEX_IT_OWN_CODE, GLOBEX_IT_SECRET,
    GLOBEX_IT_USER, MANY_TICKETS, TEST_VENDOR_CODE,
};
use serde_json::{json, Value};

const ZONE: &str = "https://webservices15.autotask.net/ATServicesRest/";
const LOOKUP: &str = "https://webservices.autotask.net/atservicesrest/V1.0/zoneInformation";

fn headers(user: &str, secret: &str, code: &str) -> Value {
    json!({"ApiIntegrationCode": code, "UserName": user, "Secret": secret})
}

fn acme_headers() -> Value {
    headers(ACME_IT_USER, ACME_IT_SECRET, ACME_IT_OWN_CODE)
}

/// A complete response to an Autotask call with acme-it's credentials in plain headers.
async fn call(sim: &Sim, method: &str, url: &str, body: Option<Value>) -> Value {
    call_as(sim, method, url, body, acme_headers()).await
}

async fn call_as(sim: &Sim, method: &str, url: &str, body: Option<Value>, h: Value) -> Value {
    let mut options = json!({"url": url, "type": method, "headers": h});
    if let Some(b) = body {
        options["data"] = json!(b.to_string());
        options["contentType"] = json!("application/json");
    }
    sim.complete_in("tile", "acme", "admin", options).await
}

async fn query(sim: &Sim, entity: &str, body: Value) -> Value {
    let url = format!("{ZONE}V1.0/{entity}/query");
    let answer = call(sim, "POST", &url, Some(body)).await;
    assert_eq!(answer["status"], 200, "{answer}");
    answer["responseJSON"].clone()
}

/// The ids a Tickets query with this filter answers (one page is enough for demo).
async fn ticket_ids(sim: &Sim, filter: Value) -> BTreeSet<i64> {
    ids(&query(sim, "Tickets", json!({"filter": filter})).await)
}

fn ids(page: &Value) -> BTreeSet<i64> {
    page["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items: {page}"))
        .iter()
        .map(|i| i["id"].as_i64().unwrap_or_else(|| panic!("no id: {i}")))
        .collect()
}

fn set(ids: &[i64]) -> BTreeSet<i64> {
    ids.iter().copied().collect()
}

fn errors(answer: &Value) -> Vec<String> {
    answer["responseJSON"]["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors body: {answer}"))
        .iter()
        .map(|e| e.as_str().unwrap_or_default().to_owned())
        .collect()
}

/// `now - days` as Autotask writes a timestamp.
fn days_ago(days: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    deskset_sim::state::rfc3339_from_unix(now - days as u64 * 86_400)
}

// Demo tickets of acme-it (seed.rs): Ada 41001-41009 (41001-41006 within 90 days), Chris 41101,
// Christine 41102, Dana 41103, no contact 41104, Sam 41105, the front desk (Sam's third address)
// 41106.
const ALL_TICKETS: [i64; 15] = [
    41_001, 41_002, 41_003, 41_004, 41_005, 41_006, 41_007, 41_008, 41_009, 41_101, 41_102, 41_103,
    41_104, 41_105, 41_106,
];

#[tokio::test]
async fn zone_lookup_finds_the_users_zone_without_auth_and_refuses_unknown_users() {
    let sim = sim();
    let url = format!("{LOOKUP}?user={}", "deskset-api%40acme-it.example");
    let found = sim
        .complete_in("tile", "acme", "admin", json!({ "url": url }))
        .await;
    assert_eq!(found["status"], 200, "{found}");
    let body = &found["responseJSON"];
    assert_eq!(body["url"], ZONE, "{body}");
    assert_eq!(body["webUrl"], "https://ww15.autotask.net/", "{body}");
    assert_eq!(body["ci"], ACME_IT_CI, "{body}");
    assert!(body["zoneName"].is_string(), "{body}");

    let globex = sim
        .complete_in(
            "tile",
            "acme",
            "admin",
            json!({"url": format!("{LOOKUP}?user={}", GLOBEX_IT_USER.replace('@', "%40"))}),
        )
        .await;
    assert_eq!(
        globex["responseJSON"]["url"],
        "https://webservices2.autotask.net/ATServicesRest/"
    );

    let unknown = sim
        .complete_in(
            "tile",
            "acme",
            "admin",
            json!({"url": format!("{LOOKUP}?user=nobody%40acme-it.example")}),
        )
        .await;
    assert_eq!(unknown["status"], 500, "{unknown}");
    assert_eq!(
        unknown["responseJSON"],
        json!({"errors": ["Zone information could not be determined"]})
    );

    // Pinned to V1.0: V2.0 lookups do not exist.
    let v2 = sim
        .complete_in(
            "tile",
            "acme",
            "admin",
            json!({"url": "https://webservices.autotask.net/atservicesrest/V2.0/zoneInformation?user=deskset-api%40acme-it.example"}),
        )
        .await;
    assert_eq!(v2["status"], 404, "{v2}");
}

#[tokio::test]
async fn auth_headers_decide_401_and_500() {
    let sim = sim();
    let url = format!("{ZONE}V1.0/Tickets/entityInformation/fields");
    let ok = call(&sim, "GET", &url, None).await;
    assert_eq!(ok["status"], 200, "{ok}");

    let wrong_secret = call_as(
        &sim,
        "GET",
        &url,
        None,
        headers(ACME_IT_USER, "not-the-secret", ACME_IT_OWN_CODE),
    )
    .await;
    assert_eq!(wrong_secret["status"], 401, "{wrong_secret}");

    let no_headers = sim
        .complete_in("tile", "acme", "admin", json!({ "url": url }))
        .await;
    assert_eq!(no_headers["status"], 401, "{no_headers}");

    let bad_code = call_as(
        &sim,
        "GET",
        &url,
        None,
        headers(ACME_IT_USER, ACME_IT_SECRET, "NOTACODE"),
    )
    .await;
    assert_eq!(bad_code["status"], 500, "{bad_code}");
    assert_eq!(
        bad_code["responseJSON"],
        json!({"errors": ["IntegrationCode is invalid."]})
    );

    // The tenant's own tracking identifier is valid too, but only for that tenant.
    let own = call_as(
        &sim,
        "GET",
        &url,
        None,
        headers(ACME_IT_USER, ACME_IT_SECRET, ACME_IT_OWN_CODE),
    )
    .await;
    assert_eq!(own["status"], 200, "{own}");
    let own_elsewhere = call_as(
        &sim,
        "GET",
        "https://webservices2.autotask.net/ATServicesRest/V1.0/Tickets/entityInformation/fields",
        None,
        headers(GLOBEX_IT_USER, GLOBEX_IT_SECRET, ACME_IT_OWN_CODE),
    )
    .await;
    assert_eq!(own_elsewhere["status"], 500, "{own_elsewhere}");

    // acme-it lives in zone 15: on zone 2's host it is unknown.
    let other_zone = call(
        &sim,
        "GET",
        "https://webservices2.autotask.net/ATServicesRest/V1.0/Tickets/entityInformation/fields",
        None,
    )
    .await;
    assert_eq!(other_zone["status"], 401, "{other_zone}");
    assert!(errors(&other_zone).len() == 1);

    // The path is case-insensitive, as Autotask serves it.
    let lower = call(
        &sim,
        "GET",
        "https://webservices15.autotask.net/atservicesrest/v1.0/tickets/entityinformation/fields",
        None,
    )
    .await;
    assert_eq!(lower["status"], 200, "{lower}");
}

#[tokio::test]
async fn comparison_operators() {
    let sim = sim();
    let cases = [
        (
            json!([{"op": "eq", "field": "status", "value": 5}]),
            set(&[41_005, 41_007, 41_008, 41_009, 41_103]),
        ),
        // A null contactID satisfies no comparison: 41104 is not "not Ada".
        (
            json!([{"op": "noteq", "field": "contactID", "value": ADA_CONTACT}]),
            set(&[41_101, 41_102, 41_103, 41_105, 41_106]),
        ),
        (
            json!([{"op": "gt", "field": "priority", "value": 3}]),
            set(&[41_005, 41_009]),
        ),
        (
            json!([{"op": "gte", "field": "priority", "value": "3"}]),
            set(&[
                41_003, 41_004, 41_005, 41_007, 41_009, 41_102, 41_103, 41_106,
            ]),
        ),
        (
            json!([{"op": "lt", "field": "priority", "value": 2}]),
            set(&[41_001]),
        ),
        (
            json!([{"op": "lte", "field": "priority", "value": 2}]),
            set(&[41_001, 41_002, 41_006, 41_008, 41_101, 41_104, 41_105]),
        ),
    ];
    for (filter, want) in cases {
        assert_eq!(ticket_ids(&sim, filter.clone()).await, want, "{filter}");
    }
}

#[tokio::test]
async fn dates_compare_as_instants() {
    let sim = sim();
    let window = ticket_ids(
        &sim,
        json!([{"op": "gt", "field": "lastActivityDate", "value": days_ago(90)}]),
    )
    .await;
    assert_eq!(
        window,
        set(&[
            41_001, 41_002, 41_003, 41_004, 41_005, 41_006, 41_101, 41_102, 41_104, 41_105, 41_106
        ])
    );
    let older = ticket_ids(
        &sim,
        json!([{"op": "lte", "field": "lastActivityDate", "value": days_ago(90)}]),
    )
    .await;
    assert_eq!(older, set(&[41_007, 41_008, 41_009, 41_103]));
    // The same instant written with an offset selects the same tickets.
    let instant = days_ago(90);
    let shifted = format!("{}+00:00", instant.trim_end_matches('Z'));
    let same = ticket_ids(
        &sim,
        json!([{"op": "gt", "field": "lastActivityDate", "value": shifted}]),
    )
    .await;
    assert_eq!(same, window);
    let bad = call(
        &sim,
        "POST",
        &format!("{ZONE}V1.0/Tickets/query"),
        Some(json!({"filter": [{"op": "gt", "field": "lastActivityDate", "value": "last week"}]})),
    )
    .await;
    assert_eq!(bad["status"], 500, "{bad}");
}

#[tokio::test]
async fn text_operators_ignore_case() {
    let sim = sim();
    let cases = [
        (
            json!([{"op": "beginsWith", "field": "title", "value": "vpn"}]),
            set(&[41_001]),
        ),
        (
            json!([{"op": "endsWith", "field": "title", "value": "OUTAGE"}]),
            set(&[41_005]),
        ),
        (
            json!([{"op": "contains", "field": "title", "value": "Laptop"}]),
            set(&[41_002, 41_103]),
        ),
        (
            json!([{"op": "eq", "field": "title", "value": "mail server outage"}]),
            set(&[41_005]),
        ),
    ];
    for (filter, want) in cases {
        assert_eq!(ticket_ids(&sim, filter.clone()).await, want, "{filter}");
    }
    // Ada's contact is stored as Ada.Admin@acme.example.
    let page = query(
        &sim,
        "Contacts",
        json!({"filter": [{"op": "eq", "field": "emailAddress", "value": "ada.admin@acme.example"}]}),
    )
    .await;
    assert_eq!(ids(&page), set(&[ADA_CONTACT]));
}

#[tokio::test]
async fn existence_and_list_operators() {
    let sim = sim();
    let with_contact: BTreeSet<i64> = ALL_TICKETS
        .iter()
        .copied()
        .filter(|i| *i != 41_104)
        .collect();
    let cases = [
        (json!([{"op": "exist", "field": "contactID"}]), with_contact),
        (
            json!([{"op": "notExist", "field": "contactID"}]),
            set(&[41_104]),
        ),
        (
            json!([{"op": "exist", "field": "dueDateTime"}]),
            set(&[41_001, 41_002, 41_006]),
        ),
        (
            json!([{"op": "in", "field": "status", "value": [7, "8"]}]),
            set(&[41_002, 41_003, 41_101, 41_102, 41_105, 41_106]),
        ),
        (
            json!([{"op": "notIn", "field": "status", "value": [1, 5, 7, 8]}]),
            set(&[41_004, 41_006, 41_104]),
        ),
    ];
    for (filter, want) in cases {
        assert_eq!(ticket_ids(&sim, filter.clone()).await, want, "{filter}");
    }
}

#[tokio::test]
async fn groups_and_case_insensitive_field_names() {
    let sim = sim();
    let or = ticket_ids(
        &sim,
        json!([{"op": "or", "items": [
            {"op": "eq", "field": "STATUS", "value": 1},
            {"op": "eq", "field": "Priority", "value": 4}
        ]}]),
    )
    .await;
    assert_eq!(or, set(&[41_001, 41_005]));
    let nested = ticket_ids(
        &sim,
        json!([
            {"op": "eq", "field": "ContactId", "value": ADA_CONTACT},
            {"op": "or", "items": [
                {"op": "and", "items": [
                    {"op": "eq", "field": "status", "value": 5},
                    {"op": "gte", "field": "priority", "value": 4}
                ]},
                {"op": "beginsWith", "field": "TicketNumber", "value": "t"}
            ]}
        ]),
    )
    .await;
    // Every ticket number begins with T, so the or-group holds for all of Ada's tickets.
    assert_eq!(nested.len(), 9);
    let narrowed = ticket_ids(
        &sim,
        json!([
            {"op": "eq", "field": "contactid", "value": ADA_CONTACT},
            {"op": "or", "items": [
                {"op": "and", "items": [
                    {"op": "eq", "field": "status", "value": 5},
                    {"op": "gte", "field": "priority", "value": 4}
                ]},
                {"op": "eq", "field": "title", "value": "VPN drops every few minutes"}
            ]}
        ]),
    )
    .await;
    assert_eq!(narrowed, set(&[41_001, 41_005, 41_009]));

    // The tile's contact rule: any of the three addresses, active contacts only.
    let contacts = |email: &str| {
        json!({"filter": [
            {"op": "eq", "field": "isActive", "value": 1},
            {"op": "or", "items": [
                {"op": "eq", "field": "emailAddress", "value": email},
                {"op": "eq", "field": "emailAddress2", "value": email},
                {"op": "eq", "field": "emailAddress3", "value": email}
            ]}
        ]})
    };
    let chris = query(&sim, "Contacts", contacts("chris@customer.example")).await;
    assert_eq!(ids(&chris), set(&[CHRIS_CONTACT, CHRISTINE_CONTACT]));
    let ada = query(&sim, "Contacts", contacts("ada.admin@acme.example")).await;
    assert_eq!(
        ids(&ada),
        set(&[ADA_CONTACT]),
        "the inactive duplicate counts"
    );
    let ada_all = query(
        &sim,
        "Contacts",
        json!({"filter": [{"op": "eq", "field": "emailAddress3", "value": "ada.admin@acme.example"}]}),
    )
    .await;
    assert_eq!(ids(&ada_all), set(&[ADA_OLD_CONTACT]));
    let dana = query(&sim, "Contacts", contacts("dana.doe@customer.example")).await;
    assert_eq!(ids(&dana), set(&[]));
}

#[tokio::test]
async fn bad_queries_answer_500_with_errors() {
    let sim = sim();
    let url = format!("{ZONE}V1.0/Tickets/query");
    for body in [
        json!({"filter": [{"op": "eq", "field": "noSuchField", "value": 1}]}),
        json!({"filter": [{"op": "like", "field": "title", "value": "x"}]}),
        json!({"filter": []}),
        json!({"MaxRecords": 501, "filter": [{"op": "exist", "field": "id"}]}),
        json!({"IncludeFields": ["nope"], "filter": [{"op": "exist", "field": "id"}]}),
        json!({"filter": [{"op": "in", "field": "status", "value": 5}]}),
    ] {
        let answer = call(&sim, "POST", &url, Some(body.clone())).await;
        assert_eq!(answer["status"], 500, "{body}: {answer}");
        assert_eq!(errors(&answer).len(), 1, "{answer}");
    }
}

#[tokio::test]
async fn count_and_get_with_search() {
    let sim = sim();
    let filter = json!({"filter": [{"op": "eq", "field": "contactID", "value": ADA_CONTACT}]});
    let count = call(
        &sim,
        "POST",
        &format!("{ZONE}V1.0/Tickets/query/count"),
        Some(filter.clone()),
    )
    .await;
    assert_eq!(count["responseJSON"], json!({"queryCount": 9}), "{count}");
    let search = deskset_sim_encode(&filter.to_string());
    let get = call(
        &sim,
        "GET",
        &format!("{ZONE}V1.0/Tickets/query?search={search}"),
        None,
    )
    .await;
    assert_eq!(get["status"], 200, "{get}");
    assert_eq!(ids(&get["responseJSON"]).len(), 9);
    let get_count = call(
        &sim,
        "GET",
        &format!("{ZONE}V1.0/Tickets/query/count?search={search}"),
        None,
    )
    .await;
    assert_eq!(get_count["responseJSON"]["queryCount"], 9);
}

fn deskset_sim_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn pages_of_500_follow_next_page_url_to_the_end() {
    let sim = sim_in("autotask_many");
    let body = json!({"filter": [
        {"op": "eq", "field": "contactID", "value": ADA_CONTACT},
        {"op": "gt", "field": "lastActivityDate", "value": days_ago(90)}
    ]});
    let total = MANY_TICKETS + 6;
    let first = query(&sim, "Tickets", body.clone()).await;
    let details = &first["pageDetails"];
    assert_eq!(details["count"], 500, "{details}");
    assert_eq!(details["requestCount"], 500, "{details}");
    assert!(details["prevPageUrl"].is_null(), "{details}");
    let mut seen: Vec<i64> = ids(&first).into_iter().collect();
    let mut next = details["nextPageUrl"].clone();
    let mut counts = vec![500];
    while let Some(url) = next.as_str().map(str::to_owned) {
        assert!(url.starts_with(ZONE), "{url}");
        let answer = call(&sim, "GET", &url, None).await;
        assert_eq!(answer["status"], 200, "{answer}");
        let page = &answer["responseJSON"];
        assert!(page["pageDetails"]["prevPageUrl"].is_string(), "{page}");
        counts.push(page["pageDetails"]["count"].as_u64().unwrap_or_default());
        seen.extend(ids(page));
        next = page["pageDetails"]["nextPageUrl"].clone();
        assert!(counts.len() < 10, "paging does not end");
    }
    assert_eq!(counts, vec![500, 500, total as u64 - 1000]);
    let distinct: BTreeSet<i64> = seen.iter().copied().collect();
    assert_eq!(distinct.len(), total, "pages overlap or skip");

    // MaxRecords sets a smaller page; the next page keeps it.
    let mut small = body.clone();
    small["MaxRecords"] = json!(100);
    let page = query(&sim, "Tickets", small).await;
    assert_eq!(page["pageDetails"]["count"], 100);
    assert_eq!(page["pageDetails"]["requestCount"], 100);
    let url = page["pageDetails"]["nextPageUrl"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let second = call(&sim, "GET", &url, None).await;
    assert_eq!(
        second["responseJSON"]["pageDetails"]["count"], 100,
        "{second}"
    );
    assert!(ids(&second["responseJSON"]).is_disjoint(&ids(&page)));

    // A page link still needs the auth headers.
    let anonymous = sim
        .complete_in("tile", "acme", "admin", json!({ "url": url }))
        .await;
    assert_eq!(anonymous["status"], 401, "{anonymous}");
}

#[tokio::test]
async fn include_fields_limits_the_answer_and_keeps_id() {
    let sim = sim();
    let page = query(
        &sim,
        "Tickets",
        json!({"IncludeFields": ["TicketNumber", "STATUS"], "filter": [{"op": "eq", "field": "id", "value": 41_001}]}),
    )
    .await;
    let item = &page["items"][0];
    let keys: BTreeSet<&str> = item
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(keys, ["id", "status", "ticketNumber"].into_iter().collect());
    assert_eq!(item["status"], 1);
    assert!(
        item["ticketNumber"]
            .as_str()
            .is_some_and(|n| n.starts_with('T') && n.ends_with(".0001")),
        "{item}"
    );

    let full = query(
        &sim,
        "Tickets",
        json!({"filter": [{"op": "eq", "field": "id", "value": 41_001}]}),
    )
    .await;
    let item = &full["items"][0];
    for field in [
        "id",
        "ticketNumber",
        "title",
        "status",
        "priority",
        "createDate",
        "lastActivityDate",
        "dueDateTime",
        "contactID",
        "companyID",
        "assignedResourceID",
        "queueID",
        "userDefinedFields",
    ] {
        assert!(item.get(field).is_some(), "{field} missing: {item}");
    }
    assert!(
        item.get("TicketNumber").is_none(),
        "camelCase on the wire: {item}"
    );
}

#[tokio::test]
async fn picklists_have_string_values_and_keep_inactive_ones() {
    let sim = sim();
    let answer = call(
        &sim,
        "GET",
        &format!("{ZONE}V1.0/Tickets/entityInformation/fields"),
        None,
    )
    .await;
    assert_eq!(answer["status"], 200, "{answer}");
    let fields = answer["responseJSON"]["fields"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let field = |name: &str| {
        fields
            .iter()
            .find(|f| f["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no field {name}"))
    };
    let status = field("status");
    assert_eq!(status["isPickList"], true);
    assert_eq!(status["dataType"], "integer");
    let values = status["picklistValues"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(values
        .iter()
        .all(|v| v["value"].is_string() && v["label"].is_string()));
    let new = values
        .iter()
        .find(|v| v["value"] == "1")
        .cloned()
        .unwrap_or_default();
    assert_eq!(new["label"], "New");
    assert_eq!(new["isActive"], true);
    let retired = values
        .iter()
        .find(|v| v["value"] == "29")
        .cloned()
        .unwrap_or_default();
    assert_eq!(retired["label"], "On Hold (retired)");
    assert_eq!(retired["isActive"], false);
    let priority = field("priority");
    let legacy = priority["picklistValues"]
        .as_array()
        .and_then(|v| v.iter().find(|p| p["value"] == "5").cloned())
        .unwrap_or_default();
    assert_eq!(legacy["isActive"], false, "{priority}");
    let title = field("title");
    assert_eq!(title["isPickList"], false);
    assert!(title["picklistValues"].is_null());
    assert_eq!(field("lastActivityDate")["dataType"], "datetime");

    // Every demo ticket's status and priority has a label, some only among inactive values.
    let labels = |f: &Value| -> BTreeSet<String> {
        f["picklistValues"]
            .as_array()
            .map(|v| {
                v.iter()
                    .filter_map(|p| p["value"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (status_values, priority_values) = (labels(&status), labels(&priority));
    let page = query(
        &sim,
        "Tickets",
        json!({"filter": [{"op": "exist", "field": "id"}]}),
    )
    .await;
    for t in page["items"].as_array().cloned().unwrap_or_default() {
        assert!(status_values.contains(&t["status"].to_string()), "{t}");
        assert!(priority_values.contains(&t["priority"].to_string()), "{t}");
    }
    assert!(page["items"]
        .as_array()
        .is_some_and(|items| items.iter().any(|t| t["status"] == 29)));
}

#[tokio::test]
async fn a_fourth_concurrent_request_to_one_endpoint_is_refused() {
    let sim = sim();
    sim.call("POST", "/sim/autotask", Some(json!({"latency_ms": 200})))
        .await;
    let url = format!("{ZONE}V1.0/Tickets/query");
    let body = json!({"filter": [{"op": "eq", "field": "id", "value": 41_001}]});
    let one = || call(&sim, "POST", &url, Some(body.clone()));
    let (a, b, c, d) = tokio::join!(one(), one(), one(), one());
    let statuses: Vec<i64> = [&a, &b, &c, &d]
        .iter()
        .map(|r| r["status"].as_i64().unwrap_or_default())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        3,
        "{statuses:?}"
    );
    let refused = [&a, &b, &c, &d]
        .into_iter()
        .find(|r| r["status"] != 200)
        .cloned()
        .unwrap_or_default();
    assert_eq!(refused["status"], 500, "{refused}");
    assert!(
        errors(&refused)[0]
            .to_lowercase()
            .contains("thread threshold"),
        "{refused}"
    );

    // Another endpoint (or operation) has its own three threads; zone lookups have no limit.
    let count_url = format!("{ZONE}V1.0/Tickets/query/count");
    let contacts_url = format!("{ZONE}V1.0/Contacts/query");
    let lookup = format!("{LOOKUP}?user=deskset-api%40acme-it.example");
    let (q1, q2, q3, count, contacts, z1, z2, z3, z4) = tokio::join!(
        one(),
        one(),
        one(),
        call(&sim, "POST", &count_url, Some(body.clone())),
        call(
            &sim,
            "POST",
            &contacts_url,
            Some(json!({"filter": [{"op": "exist", "field": "id"}]}))
        ),
        sim.complete_in("tile", "acme", "admin", json!({"url": lookup.clone()})),
        sim.complete_in("tile", "acme", "admin", json!({"url": lookup.clone()})),
        sim.complete_in("tile", "acme", "admin", json!({"url": lookup.clone()})),
        sim.complete_in("tile", "acme", "admin", json!({"url": lookup.clone()})),
    );
    for r in [q1, q2, q3, count, contacts, z1, z2, z3, z4] {
        assert_eq!(r["status"], 200, "{r}");
    }

    // One after another, any number pass.
    for _ in 0..5 {
        assert_eq!(one().await["status"], 200);
    }

    // The refusal status is a switch (429 is the other answer Autotask gives).
    sim.call(
        "POST",
        "/sim/autotask",
        Some(json!({"thread_limit_status": 429})),
    )
    .await;
    let (a, b, c, d) = tokio::join!(one(), one(), one(), one());
    let mut statuses: Vec<i64> = [a, b, c, d]
        .iter()
        .map(|r| r["status"].as_i64().unwrap_or_default())
        .collect();
    statuses.sort_unstable();
    assert_eq!(statuses, vec![200, 200, 200, 429]);
    let state = sim.call("GET", "/sim/autotask", None).await.json();
    assert_eq!(state["thread_refusals"], 2, "{state}");
    assert_eq!(state["in_flight"], 0, "{state}");
}

#[tokio::test]
async fn latency_is_added_per_request_and_reset_clears_it() {
    let sim = sim();
    let url = format!("{ZONE}V1.0/Tickets/entityInformation/fields");
    let set = sim
        .call("POST", "/sim/autotask", Some(json!({"latency_ms": 150})))
        .await;
    assert_eq!(set.json()["latency_ms"], 150, "{}", set.text);
    let started = Instant::now();
    assert_eq!(call(&sim, "GET", &url, None).await["status"], 200);
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "{:?}",
        started.elapsed()
    );

    sim.call("POST", "/sim/reset", Some(json!({}))).await;
    let state = sim.call("GET", "/sim/autotask", None).await.json();
    assert_eq!(state["latency_ms"], 0, "{state}");
    let bad = sim
        .call("POST", "/sim/autotask", Some(json!({"latency": 5})))
        .await;
    assert_eq!(bad.status, 400);
}

#[tokio::test]
async fn secrets_come_only_from_secure_settings_and_never_reach_the_log() {
    let sim = sim();
    let put = sim
        .put_settings(
            ACME_TILE,
            json!({
                "autotask_secret": ACME_IT_SECRET,
                "autotask_integration_code": ACME_IT_OWN_CODE,
            }),
        )
        .await;
    assert_eq!(put["status"], 200, "{put}");
    let url = format!("{ZONE}V1.0/Contacts/query");
    let options = json!({
        "url": url,
        "type": "POST",
        "contentType": "application/json",
        "headers": {
            "ApiIntegrationCode": "{{setting.autotask_integration_code}}",
            "UserName": ACME_IT_USER,
            "Secret": "{{setting.autotask_secret}}",
        },
        "data": json!({"filter": [{"op": "eq", "field": "emailAddress", "value": "ada.admin@acme.example"}]}).to_string(),
    });
    // Without secure: true the placeholders go out literally.
    let plain = sim
        .complete_in("tile", "acme", "admin", options.clone())
        .await;
    assert_eq!(plain["status"], 401, "{plain}");
    let mut secure = options.clone();
    secure["secure"] = json!(true);
    let filled = sim.complete_in("tile", "acme", "admin", secure).await;
    assert_eq!(filled["status"], 200, "{filled}");
    assert_eq!(ids(&filled["responseJSON"]), set(&[ADA_CONTACT]));

    // autotask_secret is header-scoped: in the body it is refused before anything is sent.
    let calls = sim.call("GET", "/sim/autotask", None).await.json()["calls"].clone();
    let mut in_body = options.clone();
    in_body["secure"] = json!(true);
    in_body["data"] =
        json!(json!({"secret": "{{setting.autotask_secret}}", "filter": []}).to_string());
    let refused = sim.complete_in("tile", "acme", "admin", in_body).await;
    assert_eq!(refused["status"], 403, "{refused}");
    assert_eq!(
        sim.call("GET", "/sim/autotask", None).await.json()["calls"],
        calls
    );

    let log = sim.requests().await;
    let autotask: Vec<&Value> = log
        .iter()
        .filter(|r| r["url"].as_str().is_some_and(|u| u.starts_with(ZONE)))
        .collect();
    assert_eq!(autotask.len(), 3, "{log:?}");
    assert_eq!(autotask[1]["status"], 200);
    assert_eq!(autotask[1]["secure"], true);
    let text = serde_json::to_string(&log).unwrap_or_default();
    assert!(!text.contains(ACME_IT_SECRET));
    assert!(!text.contains(ACME_IT_OWN_CODE));
}

#[tokio::test]
async fn a_vendor_code_is_valid_everywhere_only_once_registered() {
    let sim = sim();
    let url = format!("{ZONE}V1.0/Tickets/entityInformation/fields");
    let vendor = || headers(ACME_IT_USER, ACME_IT_SECRET, TEST_VENDOR_CODE);
    // No scenario knows a vendor code: deskset has no vendor registration.
    let before = call_as(&sim, "GET", &url, None, vendor()).await;
    assert_eq!(before["status"], 500, "{before}");
    let state = sim
        .call(
            "POST",
            "/sim/autotask",
            Some(json!({"vendor_codes": [TEST_VENDOR_CODE]})),
        )
        .await
        .json();
    assert_eq!(state["vendor_codes"], json!([TEST_VENDOR_CODE]));
    let after = call_as(&sim, "GET", &url, None, vendor()).await;
    assert_eq!(after["status"], 200, "{after}");
    let globex = call_as(
        &sim,
        "GET",
        "https://webservices2.autotask.net/ATServicesRest/V1.0/Tickets/entityInformation/fields",
        None,
        headers(GLOBEX_IT_USER, GLOBEX_IT_SECRET, TEST_VENDOR_CODE),
    )
    .await;
    assert_eq!(globex["status"], 200, "{globex}");
    // Each tenant's own code works there.
    let globex_own = call_as(
        &sim,
        "GET",
        "https://webservices2.autotask.net/ATServicesRest/V1.0/Tickets/entityInformation/fields",
        None,
        headers(GLOBEX_IT_USER, GLOBEX_IT_SECRET, GLOBEX_IT_OWN_CODE),
    )
    .await;
    assert_eq!(globex_own["status"], 200, "{globex_own}");
}

#[tokio::test]
async fn other_autotask_hosts_and_entities_are_not_faked() {
    let sim = sim();
    let web = sim
        .complete_in(
            "tile",
            "acme",
            "admin",
            json!({"url": "https://ww15.autotask.net/"}),
        )
        .await;
    assert_eq!(web["status"], 502, "{web}");
    let companies = call(
        &sim,
        "POST",
        &format!("{ZONE}V1.0/Companies/query"),
        Some(json!({})),
    )
    .await;
    assert_eq!(companies["status"], 404, "{companies}");
    // The lookup host serves only the zone lookup.
    let on_lookup = call(
        &sim,
        "POST",
        "https://webservices.autotask.net/atservicesrest/V1.0/Tickets/query",
        Some(json!({})),
    )
    .await;
    assert_eq!(on_lookup["status"], 404, "{on_lookup}");
}

#[tokio::test]
async fn a_contact_changed_by_the_control_is_what_queries_see_and_reset_restores_it() {
    let sim = sim();
    let by_email = |email: &str| {
        json!({"filter": [{"op": "eq", "field": "isActive", "value": 1},
            {"op": "eq", "field": "emailAddress", "value": email}]})
    };
    let ada = "ada.admin@acme.example";
    let found = query(&sim, "Contacts", by_email(ada)).await;
    assert_eq!(ids(&found), set(&[ADA_CONTACT]));

    let changed = sim
        .call(
            "POST",
            &format!("/sim/autotask/contacts/{ADA_CONTACT}"),
            Some(json!({"isActive": 0, "emailAddress": "ada@elsewhere.example"})),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(changed.json()["isActive"], 0);
    assert_eq!(changed.json()["emailAddress"], "ada@elsewhere.example");
    let found = query(&sim, "Contacts", by_email(ada)).await;
    assert_eq!(ids(&found), set(&[]), "neither active nor Ada's address");
    // Its tickets keep their contactID: a tickets query says nothing of the change.
    let tickets = ticket_ids(
        &sim,
        json!([{"op": "eq", "field": "contactID", "value": ADA_CONTACT}]),
    )
    .await;
    assert_eq!(tickets.len(), 9, "{tickets:?}");

    for (path, change, status) in [
        (
            format!("/sim/autotask/contacts/{ADA_CONTACT}"),
            json!({"id": 5}),
            400,
        ),
        (
            format!("/sim/autotask/contacts/{ADA_CONTACT}"),
            json!({"isActive": 2}),
            400,
        ),
        (
            format!("/sim/autotask/contacts/{ADA_CONTACT}"),
            json!({"nickname": "x"}),
            400,
        ),
        (
            format!("/sim/autotask/contacts/{ADA_CONTACT}"),
            json!({"emailAddress": 7}),
            400,
        ),
        (
            "/sim/autotask/contacts/1".to_string(),
            json!({"isActive": 1}),
            404,
        ),
    ] {
        let answer = sim.call("POST", &path, Some(change.clone())).await;
        assert_eq!(answer.status, status, "{change}: {}", answer.text);
    }

    let path = format!("/sim/autotask/contacts/{ALAN_CONTACT}");
    assert_eq!(sim.call("DELETE", &path, None).await.status, 204);
    assert_eq!(sim.call("DELETE", &path, None).await.status, 404);
    let alan = query(&sim, "Contacts", by_email("alan.agent@acme.example")).await;
    assert_eq!(ids(&alan), set(&[]));

    sim.call("POST", "/sim/reset", Some(json!({}))).await;
    let found = query(&sim, "Contacts", by_email(ada)).await;
    assert_eq!(
        ids(&found),
        set(&[ADA_CONTACT]),
        "reset brings the contact back"
    );
    let alan = query(&sim, "Contacts", by_email("alan.agent@acme.example")).await;
    assert_eq!(ids(&alan), set(&[ALAN_CONTACT]));
}
