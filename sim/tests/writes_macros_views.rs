//! Writing macros and views in the fake Zendesk: restrictions and who may hold what (personal,
//! group, shared), references, the `access` filter of macros, and the views' write shape (`all`,
//! `any`, `output`) against their read shape (`conditions`, `execution`).

mod common;

use common::{assert_forbidden, assert_invalid, find, has, sim, Sim};
use deskset_sim::zendesk::views::REQUIRED_ALL_MESSAGE;
use serde_json::{json, Value};

const SUPPORT: u64 = 360_001_100_001;
const BILLING: u64 = 360_001_100_003;
const AFFECTED_SYSTEM: u64 = 360_002_000_102;
const ASSET_TAG: u64 = 360_002_000_101;
const SAM: u64 = 381_000_000_004;
const ALAN: u64 = 381_000_000_002;
const ADA: u64 = 381_000_000_001;
const VPN_MACRO: u64 = 360_003_000_001;
const UNASSIGNED: u64 = 360_006_000_002;
const BILLING_QUEUE: u64 = 360_006_000_003;

async fn list(sim: &Sim, user: &str, kind: &str, query: &str) -> Value {
    let answer = sim
        .api(
            "acme",
            user,
            "GET",
            &format!("/api/v2/{kind}.json{query}"),
            None,
        )
        .await;
    assert_eq!(answer["status"], 200, "{answer}");
    answer["responseJSON"][kind].clone()
}

async fn write(
    sim: &Sim,
    user: &str,
    method: &str,
    kind: &str,
    id: Option<u64>,
    body: Value,
) -> Value {
    let wrapper = if kind == "macros" { "macro" } else { "view" };
    let url = match id {
        Some(id) => format!("/api/v2/{kind}/{id}.json"),
        None => format!("/api/v2/{kind}.json"),
    };
    sim.api("acme", user, method, &url, Some(json!({ wrapper: body })))
        .await
}

fn macro_body(title: &str, restriction: Value) -> Value {
    json!({
        "title": title,
        "restriction": restriction,
        "actions": [
            {"field": "group_id", "value": SUPPORT.to_string()},
            {"field": format!("custom_fields_{AFFECTED_SYSTEM}"), "value": "system_vpn"},
        ],
    })
}

#[tokio::test]
async fn an_admin_creates_a_shared_macro_answered_with_200() {
    let sim = sim();
    let made = write(
        &sim,
        "admin",
        "POST",
        "macros",
        None,
        macro_body("VPN to Support", Value::Null),
    )
    .await;
    assert_eq!(
        made["status"], 200,
        "the spec's CreateMacro answers 200: {made}"
    );
    let m = &made["responseJSON"]["macro"];
    let id = m["id"].as_u64().unwrap_or_default();
    assert_eq!(m["title"], "VPN to Support");
    assert_eq!(m["restriction"], Value::Null);
    assert_eq!(m["active"], true);
    assert_eq!(m["default"], false);
    assert_eq!(m["position"], 4, "after the last macro");
    assert_eq!(m["actions"], macro_body("", Value::Null)["actions"]);
    assert_eq!(
        m["url"],
        format!("https://acme.zendesk.com/api/v2/macros/{id}.json")
    );
    assert_eq!(
        find(
            &list(&sim, "admin", "macros", "").await,
            "title",
            "VPN to Support"
        ),
        m
    );
    // A group restriction is stored with `id` and `ids`.
    let group = write(
        &sim,
        "admin",
        "POST",
        "macros",
        None,
        macro_body("Billing only", json!({"type": "Group", "ids": [BILLING]})),
    )
    .await;
    assert_eq!(
        group["responseJSON"]["macro"]["restriction"],
        json!({"type": "Group", "id": BILLING, "ids": [BILLING]})
    );
}

#[tokio::test]
async fn refused_macros_store_nothing() {
    let sim = sim();
    let before = sim.config("acme").await["macros"].clone();
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"actions": [{"field": "status", "value": "open"}]}),
            "title",
        ),
        (json!({"title": "No actions"}), "actions"),
        (json!({"title": "Empty", "actions": []}), "actions"),
        (json!({"title": "Bad list", "actions": "status"}), "actions"),
        (
            json!({"title": "Lost group", "actions": [{"field": "group_id", "value": "360001100999"}]}),
            "actions",
        ),
        (
            json!({"title": "Lost field", "actions": [{"field": "custom_fields_1", "value": "x"}]}),
            "actions",
        ),
        (
            macro_body(
                "To nobody",
                json!({"type": "Group", "ids": [360_001_100_999u64]}),
            ),
            "restriction",
        ),
        (
            macro_body("To a ghost", json!({"type": "User", "id": 42})),
            "restriction",
        ),
        (
            macro_body("To what", json!({"type": "Team", "id": 1})),
            "restriction",
        ),
    ];
    for (body, field) in cases {
        assert_invalid(
            &write(&sim, "admin", "POST", "macros", None, body).await,
            field,
        );
    }
    assert_eq!(sim.config("acme").await["macros"], before);
}

#[tokio::test]
async fn agents_manage_only_the_macros_their_role_allows() {
    let sim = sim();
    let before = sim.config("acme").await["macros"].clone();
    // Sam (no custom role): personal macros only.
    for restriction in [
        Value::Null,
        json!({"type": "Group", "ids": [SUPPORT]}),
        json!({"type": "User", "id": ALAN}),
    ] {
        let answer = write(
            &sim,
            "shared",
            "POST",
            "macros",
            None,
            macro_body("Sam's", restriction.clone()),
        )
        .await;
        assert_forbidden(&answer, &restriction.to_string());
    }
    assert_eq!(sim.config("acme").await["macros"], before, "nothing stored");
    let mine = write(
        &sim,
        "shared",
        "POST",
        "macros",
        None,
        macro_body("Sam's", json!({"type": "User", "id": SAM})),
    )
    .await;
    assert_eq!(mine["status"], 200, "{mine}");
    let id = mine["responseJSON"]["macro"]["id"]
        .as_u64()
        .unwrap_or_default();
    let share = write(
        &sim,
        "shared",
        "PUT",
        "macros",
        Some(id),
        json!({"restriction": null}),
    )
    .await;
    assert_forbidden(&share, "making it shared");
    let renamed = write(
        &sim,
        "shared",
        "PUT",
        "macros",
        Some(id),
        json!({"title": "Sam's own"}),
    )
    .await;
    assert_eq!(renamed["status"], 200, "{renamed}");
    assert_forbidden(
        &write(
            &sim,
            "shared",
            "PUT",
            "macros",
            Some(VPN_MACRO),
            json!({"title": "Mine now"}),
        )
        .await,
        "a shared macro",
    );
    let del = sim
        .api(
            "acme",
            "shared",
            "DELETE",
            &format!("/api/v2/macros/{VPN_MACRO}.json"),
            None,
        )
        .await;
    assert_forbidden(&del, "deleting a shared macro");
    // Others do not even see Sam's personal macro (admins do).
    let hidden = sim
        .api(
            "acme",
            "agent",
            "GET",
            &format!("/api/v2/macros/{id}.json"),
            None,
        )
        .await;
    assert_eq!(hidden["status"], 404);
    assert!(has(
        &list(&sim, "admin", "macros", "").await,
        "title",
        "Sam's own"
    ));
    assert!(!has(
        &list(&sim, "agent", "macros", "").await,
        "title",
        "Sam's own"
    ));
    let own_del = sim
        .api(
            "acme",
            "shared",
            "DELETE",
            &format!("/api/v2/macros/{id}.json"),
            None,
        )
        .await;
    assert_eq!(own_del["status"], 204);
    // Alan (Team lead: macro_access manage-group, in Support): his groups, not others', not shared.
    let support = write(
        &sim,
        "agent",
        "POST",
        "macros",
        None,
        macro_body("Support's", json!({"type": "Group", "ids": [SUPPORT]})),
    )
    .await;
    assert_eq!(support["status"], 200, "{support}");
    for restriction in [
        Value::Null,
        json!({"type": "Group", "ids": [SUPPORT, BILLING]}),
    ] {
        let answer = write(
            &sim,
            "agent",
            "POST",
            "macros",
            None,
            macro_body("Alan's", restriction.clone()),
        )
        .await;
        assert_forbidden(&answer, &restriction.to_string());
    }
}

#[tokio::test]
async fn the_access_and_active_filters_of_the_macro_list() {
    let sim = sim();
    let personal = write(
        &sim,
        "admin",
        "POST",
        "macros",
        None,
        macro_body("Ada's", json!({"type": "User", "id": ADA})),
    )
    .await;
    assert_eq!(personal["status"], 200, "{personal}");
    let sams = write(
        &sim,
        "shared",
        "POST",
        "macros",
        None,
        macro_body("Sam's", json!({"type": "User", "id": SAM})),
    )
    .await;
    assert_eq!(sams["status"], 200, "{sams}");
    let titles = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|l| {
                l.iter()
                    .map(|m| m["title"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let shared = titles(&list(&sim, "admin", "macros", "?access=shared").await);
    assert_eq!(
        shared,
        [
            "Reset the VPN profile",
            "Order a replacement laptop",
            "Billing: send an invoice copy"
        ]
    );
    assert_eq!(
        titles(&list(&sim, "admin", "macros", "?access=personal").await),
        ["Ada's"]
    );
    assert_eq!(
        titles(&list(&sim, "admin", "macros", "?access=agents").await),
        ["Ada's", "Sam's"]
    );
    assert_eq!(
        titles(&list(&sim, "shared", "macros", "?access=agents").await),
        ["Sam's"]
    );
    assert_eq!(
        titles(&list(&sim, "admin", "macros", "?access=account").await),
        ["Reset the VPN profile", "Order a replacement laptop"]
    );
    let off = write(
        &sim,
        "admin",
        "PUT",
        "macros",
        Some(VPN_MACRO),
        json!({"active": false}),
    )
    .await;
    assert_eq!(off["status"], 200);
    assert_eq!(
        titles(&list(&sim, "admin", "macros", "?access=shared&active=false").await),
        ["Reset the VPN profile"]
    );
}

fn view_body() -> Value {
    json!({
        "title": "VPN queue",
        "restriction": {"type": "Group", "ids": [SUPPORT]},
        "all": [
            {"field": "status", "operator": "less_than", "value": "solved"},
            {"field": "group_id", "operator": "is", "value": SUPPORT.to_string()},
        ],
        "any": [{"field": format!("custom_fields_{AFFECTED_SYSTEM}"), "operator": "is", "value": "system_vpn"}],
        "output": {
            "columns": ["subject", "requester", AFFECTED_SYSTEM, "updated"],
            "group_by": "status",
            "group_order": "desc",
            "sort_by": ASSET_TAG.to_string(),
            "sort_order": "asc",
        },
    })
}

#[tokio::test]
async fn a_view_is_written_in_the_write_shape_and_read_in_the_read_shape() {
    let sim = sim();
    let made = write(&sim, "admin", "POST", "views", None, view_body()).await;
    assert_eq!(
        made["status"], 200,
        "the spec's CreateView answers 200: {made}"
    );
    let v = &made["responseJSON"]["view"];
    let id = v["id"].as_u64().unwrap_or_default();
    for key in ["all", "any", "output"] {
        assert!(v.get(key).is_none(), "{key} is write shape only: {v}");
    }
    assert_eq!(v["conditions"]["all"], view_body()["all"]);
    assert_eq!(v["conditions"]["any"], view_body()["any"]);
    assert_eq!(v["raw_title"], "VPN queue");
    assert_eq!(
        v["restriction"],
        json!({"type": "Group", "id": SUPPORT, "ids": [SUPPORT]})
    );
    let e = &v["execution"];
    assert_eq!(
        e["columns"],
        json!([
            {"id": "subject", "title": "Subject"},
            {"id": "requester", "title": "Requester"},
            {"id": AFFECTED_SYSTEM, "title": "Affected system", "type": "tagger",
             "url": format!("https://acme.zendesk.com/api/v2/ticket_fields/{AFFECTED_SYSTEM}.json")},
            {"id": "updated", "title": "Updated"},
        ])
    );
    assert_eq!(
        e["group"],
        json!({"id": "status", "title": "Status", "order": "desc"})
    );
    assert_eq!(
        e["sort"],
        json!({"id": ASSET_TAG, "title": "Asset tag", "order": "asc"})
    );
    assert_eq!(e["group_by"], "status");
    assert_eq!(e["sort_by"], ASSET_TAG);
    assert_eq!(e["sort_order"], "asc");
    let shown = sim
        .api(
            "acme",
            "restricted",
            "GET",
            &format!("/api/v2/views/{id}.json"),
            None,
        )
        .await;
    assert_eq!(&shown["responseJSON"]["view"], v, "read back as answered");
    // Read shape -> write shape -> the same read shape (what a deploy does between accounts).
    let again = json!({
        "title": "VPN queue (copy)",
        "restriction": v["restriction"],
        "all": v["conditions"]["all"],
        "any": v["conditions"]["any"],
        "output": {
            "columns": e["columns"].as_array().map(|c| c.iter().map(|c| c["id"].clone()).collect::<Vec<_>>()),
            "group_by": e["group_by"], "group_order": e["group_order"],
            "sort_by": e["sort_by"], "sort_order": e["sort_order"],
        },
    });
    let copy = write(&sim, "admin", "POST", "views", None, again).await;
    assert_eq!(copy["responseJSON"]["view"]["execution"], *e);
    assert_eq!(copy["responseJSON"]["view"]["conditions"], v["conditions"]);
    // Without output: no columns, no grouping or sorting.
    let mut bare = view_body();
    bare.as_object_mut().map(|b| b.remove("output"));
    bare["title"] = json!("Bare");
    let plain = write(&sim, "admin", "POST", "views", None, bare).await;
    let pe = &plain["responseJSON"]["view"]["execution"];
    assert_eq!(pe["columns"], json!([]));
    assert_eq!(pe["group"], Value::Null);
    assert_eq!(pe["sort"], Value::Null);
}

#[tokio::test]
async fn refused_views_store_nothing() {
    let sim = sim();
    let before = sim.config("acme").await["views"].clone();
    let with = |key: &str, value: Value| {
        let mut b = view_body();
        b[key] = value;
        b
    };
    let without = |key: &str| {
        let mut b = view_body();
        b.as_object_mut().map(|o| o.remove(key));
        b
    };
    let eleven: Vec<Value> = [
        "subject",
        "requester",
        "updated",
        "assignee",
        "status",
        "priority",
        "type",
        "group",
        "created",
        "nice_id",
        "organization",
    ]
    .iter()
    .map(|c| json!(c))
    .collect();
    let cases: Vec<(Value, &str)> = vec![
        (without("title"), "title"),
        (without("all"), "base"),
        (
            with(
                "all",
                json!([{"field": "priority", "operator": "is", "value": "urgent"}]),
            ),
            "base",
        ),
        (
            {
                let mut b = without("all");
                b["conditions"] = json!({"all": view_body()["all"], "any": []});
                b
            },
            "base",
        ),
        (with("output", json!({"columns": eleven})), "output"),
        (
            with(
                "output",
                json!({"columns": ["subject", 360_002_000_999u64]}),
            ),
            "output",
        ),
        (
            with(
                "output",
                json!({"columns": ["subject"], "group_by": "360002000999"}),
            ),
            "output",
        ),
        (
            with(
                "output",
                json!({"columns": ["subject"], "sort_order": "sideways"}),
            ),
            "output",
        ),
        (
            with(
                "all",
                json!([{"field": "group_id", "operator": "is", "value": "360001100999"}]),
            ),
            "all",
        ),
        (
            with(
                "any",
                json!([{"field": "custom_fields_7", "operator": "is", "value": "x"}]),
            ),
            "any",
        ),
        (
            with(
                "restriction",
                json!({"type": "Group", "ids": [360_001_100_999u64]}),
            ),
            "restriction",
        ),
    ];
    for (body, field) in cases {
        let answer = write(&sim, "admin", "POST", "views", None, body).await;
        assert_invalid(&answer, field);
        if field == "base" {
            assert_eq!(
                answer["responseJSON"]["details"]["base"][0]["description"],
                REQUIRED_ALL_MESSAGE
            );
        }
    }
    assert_eq!(sim.config("acme").await["views"], before);
}

#[tokio::test]
async fn a_put_replaces_the_lists_it_carries_and_the_whole_output() {
    let sim = sim();
    let made = write(&sim, "admin", "POST", "views", None, view_body()).await;
    let id = made["responseJSON"]["view"]["id"]
        .as_u64()
        .unwrap_or_default();
    let any = json!([{"field": "priority", "operator": "is", "value": "high"}]);
    let put = write(&sim, "admin", "PUT", "views", Some(id), json!({"any": any})).await;
    assert_eq!(put["status"], 200, "{put}");
    let v = &put["responseJSON"]["view"];
    assert_eq!(v["conditions"]["any"], any);
    assert_eq!(v["conditions"]["all"], view_body()["all"], "all kept");
    assert_eq!(
        v["execution"], made["responseJSON"]["view"]["execution"],
        "no output: kept"
    );
    let out = write(
        &sim,
        "admin",
        "PUT",
        "views",
        Some(id),
        json!({"output": {"columns": ["nice_id"]}}),
    )
    .await;
    assert_eq!(
        out["responseJSON"]["view"]["execution"],
        json!({"columns": [{"id": "nice_id", "title": "ID"}], "group": null, "sort": null,
               "group_by": null, "group_order": null, "sort_by": null, "sort_order": null})
    );
    let bad = write(
        &sim,
        "admin",
        "PUT",
        "views",
        Some(id),
        json!({"all": [{"field": "priority", "operator": "is", "value": "high"}]}),
    )
    .await;
    assert_invalid(&bad, "base");
    let gone = sim
        .api(
            "acme",
            "admin",
            "DELETE",
            &format!("/api/v2/views/{id}.json"),
            None,
        )
        .await;
    assert_eq!(gone["status"], 204);
    let views = sim.config("acme").await["views"].clone();
    assert!(
        !views
            .as_array()
            .is_some_and(|l| l.iter().any(|v| v["id"] == id)),
        "{views}"
    );
}

#[tokio::test]
async fn agents_cannot_create_shared_views() {
    let sim = sim();
    let before = sim.config("acme").await["views"].clone();
    for restriction in [Value::Null, json!({"type": "Group", "ids": [SUPPORT]})] {
        let answer = write(
            &sim,
            "shared",
            "POST",
            "views",
            None,
            with_restriction(restriction.clone()),
        )
        .await;
        assert_forbidden(&answer, &restriction.to_string());
    }
    assert_forbidden(
        &write(
            &sim,
            "agent",
            "POST",
            "views",
            None,
            with_restriction(Value::Null),
        )
        .await,
        "Alan, shared",
    );
    assert_forbidden(
        &write(
            &sim,
            "agent",
            "PUT",
            "views",
            Some(UNASSIGNED),
            json!({"title": "Mine"}),
        )
        .await,
        "Alan, a view for everyone",
    );
    let hidden = write(
        &sim,
        "agent",
        "PUT",
        "views",
        Some(BILLING_QUEUE),
        json!({"title": "Mine"}),
    )
    .await;
    assert_eq!(
        hidden["status"], 404,
        "a group view he cannot see: {hidden}"
    );
    assert_eq!(sim.config("acme").await["views"], before, "nothing stored");
    let personal = write(
        &sim,
        "shared",
        "POST",
        "views",
        None,
        with_restriction(json!({"type": "User", "id": SAM})),
    )
    .await;
    assert_eq!(personal["status"], 200, "{personal}");
    let group = write(
        &sim,
        "agent",
        "POST",
        "views",
        None,
        with_restriction(json!({"type": "Group", "ids": [SUPPORT]})),
    )
    .await;
    assert_eq!(
        group["status"], 200,
        "Alan may manage his group's views: {group}"
    );
}

fn with_restriction(restriction: Value) -> Value {
    let mut b = view_body();
    b["restriction"] = restriction;
    b
}
