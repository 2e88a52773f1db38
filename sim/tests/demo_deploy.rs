//! The demo's deploy story, walked by hand against the fake Zendesk: globex's configurations "Tier 2
//! escalation" and "Key accounts routing" read through acme's share (its secure slot as the Bearer
//! token, as the app reads), their references rewritten to acme's ids, and written into acme as
//! Ada. What the plan should say is what happens: everything of "Tier 2 escalation" is created but
//! the ticket field, which acme has with other options (an update); in "Key accounts routing" the
//! trigger is refused (its group is in neither) and the macro goes in.

mod common;

use common::{find, has, sim, sim_in, Sim};
use deskset_sim::scenario::rules::{
    ACME_ESCALATION_REASON, GLOBEX_ESCALATION_REASON, GLOBEX_TIER_2,
};
use serde_json::{json, Map, Value};

const GLOBEX: &str = "https://globex.zendesk.com";

/// A GET on globex through acme's share, as the console sends it.
async fn through_share(sim: &Sim, path: &str) -> Value {
    let answer = sim
        .complete(
            "acme",
            "admin",
            json!({
                "url": format!("{GLOBEX}{path}"),
                "secure": true,
                "headers": {"Authorization": "Bearer {{setting.share_auth_1}}"},
            }),
        )
        .await;
    assert_eq!(answer["status"], 200, "{path}: {answer}");
    answer["responseJSON"].clone()
}

fn configuration(settings: &Value, name: &str) -> Vec<(String, String)> {
    let list: Value = serde_json::from_str(settings["configurations"].as_str().unwrap_or("null"))
        .unwrap_or(Value::Null);
    find(&list, "name", name)["components"]
        .as_array()
        .map(|c| {
            c.iter()
                .map(|c| {
                    (
                        c["type"].as_str().unwrap_or_default().to_owned(),
                        c["name"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The item of `list` (a config snapshot's or a list answer's) whose `name` or `title` is `name`.
fn named<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array()
        .and_then(|l| l.iter().find(|i| i["name"] == name || i["title"] == name))
        .unwrap_or_else(|| panic!("no {name:?} in {list}"))
}

fn named_in(list: &Value, name: &str) -> bool {
    list.as_array()
        .is_some_and(|l| l.iter().any(|i| i["name"] == name || i["title"] == name))
}

/// `value` with every id of `map` (globex's, as text) replaced by acme's.
fn remap(value: &Value, map: &[(String, String)]) -> Value {
    let mut text = value.to_string();
    for (from, to) in map {
        text = text.replace(from.as_str(), to.as_str());
    }
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn pick(item: &Value, keys: &[&str]) -> Value {
    let mut out = Map::new();
    for k in keys {
        if let Some(v) = item.get(*k) {
            out.insert((*k).to_owned(), v.clone());
        }
    }
    Value::Object(out)
}

#[tokio::test]
async fn the_demo_configurations_name_globex_objects_and_acme_lacks_most_of_them() {
    let sim = sim();
    let installs = through_share(&sim, "/api/v2/apps/installations.json").await;
    let settings = installs["installations"][0]["settings"].clone();
    let tier_2 = configuration(&settings, "Tier 2 escalation");
    let globex = sim.config("globex").await;
    let acme = sim.config("acme").await;
    assert_eq!(tier_2.len(), 7);
    for (kind, name) in &tier_2 {
        assert!(
            named_in(&globex[kind.as_str()], name),
            "globex has {kind} {name}"
        );
        let in_acme = named_in(&acme[kind.as_str()], name);
        assert_eq!(in_acme, kind == "ticket_fields", "acme and {kind} {name}");
    }
    // acme's "Escalation reason": same title and type, other options.
    let theirs = named(&globex["ticket_fields"], "Escalation reason");
    let ours = named(&acme["ticket_fields"], "Escalation reason");
    assert_eq!(theirs["type"], ours["type"]);
    assert_ne!(theirs["custom_field_options"], ours["custom_field_options"]);
    // The trigger's references: the field, Tier 2, the category; the body names the field.
    let trigger = named(&globex["triggers"], "Escalate to Tier 2");
    let text = trigger.to_string();
    assert!(text.contains(&format!("custom_fields_{GLOBEX_ESCALATION_REASON}")));
    assert!(text.contains(&format!(
        "{{{{ticket.ticket_field_{GLOBEX_ESCALATION_REASON}}}}}"
    )));
    assert_eq!(trigger["actions"][1]["value"][0], GLOBEX_TIER_2.to_string());
    assert_eq!(
        trigger["category_id"],
        named(&globex["trigger_categories"], "Escalation")["id"]
    );
    let queue = named(&globex["views"], "Tier 2 queue");
    assert_eq!(queue["restriction"]["ids"], json!([GLOBEX_TIER_2]));
    assert_eq!(
        queue["execution"]["columns"][2]["id"],
        GLOBEX_ESCALATION_REASON
    );
    assert_eq!(
        queue["execution"]["columns"][2]["title"],
        "Escalation reason"
    );
    // "Key accounts routing": the trigger's group is in neither the configuration nor acme, its
    // category "Routing" is in both; acme lacks the macro.
    let routing = configuration(&settings, "Key accounts routing");
    assert_eq!(
        routing,
        [
            (
                "triggers".to_owned(),
                "Route key accounts to Key accounts".to_owned()
            ),
            ("macros".to_owned(), "Ask for the order number".to_owned()),
        ]
    );
    assert!(!named_in(&acme["groups"], "Key accounts"));
    assert!(named_in(&acme["trigger_categories"], "Routing"));
    assert!(!named_in(&acme["macros"], "Ask for the order number"));
    // The unshared scenario is the same world without the share.
    let bare = sim_in("unshared");
    assert_eq!(bare.config("globex").await, globex);
    let apps = bare
        .call("GET", "/sim/accounts/acme/apps", None)
        .await
        .json();
    assert_eq!(apps["apps"][0]["secure"], json!({}));
    assert!(apps["apps"][0]["settings"].get("shares").is_none());
}

#[tokio::test]
async fn deploying_tier_2_escalation_by_hand_creates_all_but_the_field_which_it_updates() {
    let sim = sim();
    let globex = sim.config("globex").await;
    let before = sim.config("acme").await;
    let post = |path: &str, body: Value| {
        let sim = &sim;
        let path = path.to_owned();
        async move { sim.api("acme", "admin", "POST", &path, Some(body)).await }
    };
    // Read through the share, as the app reads.
    let groups = through_share(&sim, "/api/v2/groups.json?page[size]=100").await;
    let source_group = named(&groups["groups"], "Tier 2").clone();
    let made = post(
        "/api/v2/groups.json",
        json!({"group": pick(&source_group, &["name", "description", "is_public"])}),
    )
    .await;
    assert_eq!(made["status"], 201, "{made}");
    let tier_2 = made["responseJSON"]["group"]["id"].to_string();
    let categories = through_share(&sim, "/api/v2/trigger_categories.json?page[size]=100").await;
    let source_cat = named(&categories["trigger_categories"], "Escalation").clone();
    let made = post(
        "/api/v2/trigger_categories.json",
        json!({"trigger_category": {"name": source_cat["name"]}}),
    )
    .await;
    assert_eq!(made["status"], 200, "{made}");
    let category = made["responseJSON"]["trigger_category"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    // The field is an update: every option to keep, by tag.
    let source_field = named(&globex["ticket_fields"], "Escalation reason").clone();
    let options: Vec<Value> = source_field["custom_field_options"]
        .as_array()
        .map(|l| l.iter().map(|o| pick(o, &["name", "value"])).collect())
        .unwrap_or_default();
    let old_ids: Vec<Value> = named(&before["ticket_fields"], "Escalation reason")
        ["custom_field_options"]
        .as_array()
        .map(|l| l.iter().map(|o| o["id"].clone()).collect())
        .unwrap_or_default();
    let updated = sim
        .api(
            "acme",
            "admin",
            "PUT",
            &format!("/api/v2/ticket_fields/{ACME_ESCALATION_REASON}.json"),
            Some(json!({"ticket_field": {"custom_field_options": options}})),
        )
        .await;
    assert_eq!(updated["status"], 200, "{updated}");
    let now = &updated["responseJSON"]["ticket_field"]["custom_field_options"];
    assert_eq!(now[0]["id"], old_ids[0], "esc_outage kept its id");
    assert_eq!(now[2]["id"], old_ids[1], "esc_customer kept its id");
    assert_eq!(now[2]["name"], "Customer request");
    let roles = through_share(&sim, "/api/v2/custom_roles.json").await;
    let source_role = named(&roles["custom_roles"], "Tier 2 agent").clone();
    let made = post(
        "/api/v2/custom_roles.json",
        json!({"custom_role": {"name": source_role["name"], "description": source_role["description"],
            "configuration": pick(&source_role["configuration"], &["ticket_access", "ticket_merge", "ticket_deletion", "view_deleted_tickets"])}}),
    )
    .await;
    assert_eq!(made["status"], 200, "{made}");
    let ids = vec![
        (
            GLOBEX_ESCALATION_REASON.to_string(),
            ACME_ESCALATION_REASON.to_string(),
        ),
        (GLOBEX_TIER_2.to_string(), tier_2.clone()),
        (
            source_cat["id"].as_str().unwrap_or("-").to_owned(),
            category.clone(),
        ),
    ];
    let triggers = through_share(&sim, "/api/v2/triggers.json?page[size]=100").await;
    let source_trigger = named(&triggers["triggers"], "Escalate to Tier 2").clone();
    let body = remap(
        &pick(
            &source_trigger,
            &[
                "title",
                "description",
                "active",
                "category_id",
                "conditions",
                "actions",
            ],
        ),
        &ids,
    );
    let made = post("/api/v2/triggers.json", json!({"trigger": body})).await;
    assert_eq!(made["status"], 201, "{made}");
    let written = &made["responseJSON"]["trigger"];
    assert_eq!(written["category_id"], category.as_str());
    assert!(written.to_string().contains(&format!(
        "{{{{ticket.ticket_field_{ACME_ESCALATION_REASON}}}}}"
    )));
    let views = through_share(&sim, "/api/v2/views.json?page[size]=100").await;
    let source_view = named(&views["views"], "Tier 2 queue").clone();
    let e = &source_view["execution"];
    let write_shape = json!({
        "title": source_view["title"],
        "description": source_view["description"],
        "restriction": {"type": "Group", "ids": source_view["restriction"]["ids"]},
        "all": source_view["conditions"]["all"],
        "any": source_view["conditions"]["any"],
        "output": {
            "columns": e["columns"].as_array().map(|c| c.iter().map(|c| c["id"].clone()).collect::<Vec<_>>()),
            "group_by": e["group_by"], "group_order": e["group_order"],
            "sort_by": e["sort_by"], "sort_order": e["sort_order"],
        },
    });
    let made = post(
        "/api/v2/views.json",
        json!({"view": remap(&write_shape, &ids)}),
    )
    .await;
    assert_eq!(made["status"], 200, "{made}");
    let view = &made["responseJSON"]["view"];
    assert_eq!(
        view["execution"]["columns"][2]["id"],
        ACME_ESCALATION_REASON
    );
    assert_eq!(
        view["execution"]["columns"][2]["title"],
        "Escalation reason"
    );
    let macros = through_share(&sim, "/api/v2/macros.json?access=shared&page[size]=100").await;
    assert!(
        !named_in(&macros["macros"], "Weekly key account follow-up"),
        "access=shared: no personal macros"
    );
    let source_macro = named(&macros["macros"], "Escalate: outage").clone();
    let made = post("/api/v2/macros.json", json!({"macro": remap(&pick(&source_macro, &["title", "description", "active", "restriction", "actions"]), &ids)})).await;
    assert_eq!(made["status"], 200, "{made}");
    // acme now: one more of each created kind, the field updated, nothing else touched.
    let after = sim.config("acme").await;
    for (kind, name) in [
        ("groups", "Tier 2"),
        ("trigger_categories", "Escalation"),
        ("custom_roles", "Tier 2 agent"),
        ("triggers", "Escalate to Tier 2"),
        ("views", "Tier 2 queue"),
        ("macros", "Escalate: outage"),
    ] {
        let len = |v: &Value| v[kind].as_array().map_or(0, Vec::len);
        assert_eq!(len(&after), len(&before) + 1, "{kind}");
        assert!(named_in(&after[kind], name), "{kind} {name}");
    }
    assert_eq!(
        after["ticket_fields"].as_array().map(Vec::len),
        before["ticket_fields"].as_array().map(Vec::len)
    );
    assert_eq!(
        sim.config("globex").await,
        globex,
        "the source is only read"
    );
}

#[tokio::test]
async fn in_key_accounts_routing_the_trigger_is_refused_and_the_macro_goes_in() {
    let sim = sim();
    let globex = sim.config("globex").await;
    let acme = sim.config("acme").await;
    let trigger = named(&globex["triggers"], "Route key accounts to Key accounts");
    let routing_there = named(&globex["trigger_categories"], "Routing")["id"]
        .as_str()
        .unwrap_or("-")
        .to_owned();
    let routing_here = named(&acme["trigger_categories"], "Routing")["id"]
        .as_str()
        .unwrap_or("-")
        .to_owned();
    // The category resolves by name; the group "Key accounts" cannot: sent as it is, it is refused.
    let body = remap(
        &pick(
            trigger,
            &[
                "title",
                "description",
                "active",
                "category_id",
                "conditions",
                "actions",
            ],
        ),
        &[(routing_there, routing_here)],
    );
    let refused = sim
        .api(
            "acme",
            "admin",
            "POST",
            "/api/v2/triggers.json",
            Some(json!({"trigger": body})),
        )
        .await;
    common::assert_invalid(&refused, "actions");
    let source_macro = named(&globex["macros"], "Ask for the order number");
    let made = sim
        .api(
            "acme",
            "admin",
            "POST",
            "/api/v2/macros.json",
            Some(json!({"macro": pick(source_macro, &["title", "description", "active", "restriction", "actions"])})),
        )
        .await;
    assert_eq!(made["status"], 200, "{made}");
    let after = sim.config("acme").await;
    assert!(has(&after["macros"], "title", "Ask for the order number"));
    assert!(!has(
        &after["triggers"],
        "title",
        "Route key accounts to Key accounts"
    ));
}
