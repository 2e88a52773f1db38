//! User fields and organization fields in the fake Zendesk: the demo's seeds, both pagings, create,
//! update and delete, `key` (required, well formed, unique, fixed), the fixed type, drop-down
//! options replaced by a PUT, tags unique among a kind's fields, system fields, who may write, and
//! the control API's snapshot.

mod common;

use common::{assert_forbidden, assert_invalid, find, has, options, sim, Sim};
use serde_json::{json, Value};

const ACME_EMPLOYEE_NUMBER: u64 = 360_007_000_001;
const ACME_VIP_LEVEL: u64 = 360_007_000_002;
const GLOBEX_VIP_LEVEL: u64 = 361_007_000_001;
const GLOBEX_CONTRACT_TIER: u64 = 361_008_000_001;
/// Alan's custom role in acme ("Team lead").
const TEAM_LEAD: u64 = 360_000_210_001;

/// `user_fields` or `organization_fields` of acme, as `user` lists them.
async fn list(sim: &Sim, user: &str, key: &str, query: &str) -> Value {
    sim.api(
        "acme",
        user,
        "GET",
        &format!("/api/v2/{key}.json{query}"),
        None,
    )
    .await
}

fn items(answer: &Value, key: &str) -> Vec<Value> {
    answer["responseJSON"][key]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The wrapper of a kind: `user_fields` -> `user_field`.
fn wrapper(key: &str) -> &str {
    key.strip_suffix('s').unwrap_or(key)
}

async fn create(sim: &Sim, user: &str, key: &str, field: Value) -> Value {
    sim.api(
        "acme",
        user,
        "POST",
        &format!("/api/v2/{key}.json"),
        Some(json!({ wrapper(key): field })),
    )
    .await
}

async fn update(sim: &Sim, user: &str, key: &str, id: u64, field: Value) -> Value {
    sim.api(
        "acme",
        user,
        "PUT",
        &format!("/api/v2/{key}/{id}.json"),
        Some(json!({ wrapper(key): field })),
    )
    .await
}

async fn remove(sim: &Sim, user: &str, key: &str, id: u64) -> Value {
    sim.api(
        "acme",
        user,
        "DELETE",
        &format!("/api/v2/{key}/{id}.json"),
        None,
    )
    .await
}

fn tier() -> Value {
    json!({
        "type": "dropdown",
        "key": "support_tier",
        "title": "Support tier",
        "description": "What the customer pays for",
        "custom_field_options": [
            {"name": "Basic", "value": "support_basic"},
            {"name": "Plus", "value": "support_plus"},
        ],
    })
}

#[tokio::test]
async fn the_demo_seeds_a_vip_level_in_both_accounts_and_a_contract_tier_in_globex() {
    let sim = sim();
    let acme = sim.config("acme").await;
    let globex = sim.config("globex").await;
    let keys = |config: &Value, kind: &str| -> Vec<String> {
        config[kind]
            .as_array()
            .map(|l| {
                l.iter()
                    .map(|f| f["key"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(keys(&acme, "user_fields"), ["employee_number", "vip_level"]);
    assert_eq!(keys(&acme, "organization_fields"), Vec::<String>::new());
    assert_eq!(keys(&globex, "user_fields"), ["vip_level"]);
    assert_eq!(keys(&globex, "organization_fields"), ["contract_tier"]);
    // Same key and type, one option fewer in acme: a deploy updates it.
    let theirs = find(&globex["user_fields"], "key", "vip_level");
    let ours = find(&acme["user_fields"], "key", "vip_level");
    assert_eq!(theirs["type"], "dropdown");
    assert_eq!(ours["type"], "dropdown");
    let values = |f: &Value| -> Vec<String> { options(f).into_iter().map(|o| o.2).collect() };
    assert_eq!(values(theirs), ["vip_gold", "vip_silver", "vip_bronze"]);
    assert_eq!(values(ours), ["vip_gold", "vip_silver"]);
    let tier = find(&globex["organization_fields"], "key", "contract_tier");
    assert_eq!(tier["id"], GLOBEX_CONTRACT_TIER);
    assert_eq!(options(tier).len(), 3);
    assert_eq!(theirs["id"], GLOBEX_VIP_LEVEL);
    // The CustomFieldObject's fields; `tag` only on checkboxes, options with their urls.
    for field in [theirs, ours, tier] {
        for key in [
            "id",
            "url",
            "key",
            "type",
            "title",
            "raw_title",
            "description",
            "raw_description",
            "position",
            "active",
            "system",
            "regexp_for_validation",
            "custom_field_options",
            "created_at",
            "updated_at",
        ] {
            assert!(field.get(key).is_some(), "{key} missing: {field}");
        }
        assert!(field.get("tag").is_none(), "{field}");
    }
    let gold = &ours["custom_field_options"][0];
    assert_eq!(
        gold["url"],
        format!(
            "https://acme.zendesk.com/api/v2/user_fields/{ACME_VIP_LEVEL}/options/{}.json",
            gold["id"]
        )
    );
    assert!(gold.get("default").is_none(), "{gold}");
    assert_eq!(gold["raw_name"], "Gold");
}

#[tokio::test]
async fn lists_page_by_offset_and_by_cursor_in_position_order() {
    let sim = sim();
    let all = list(&sim, "admin", "user_fields", "").await;
    assert_eq!(all["status"], 200, "{all}");
    assert_eq!(all["responseJSON"]["count"], 2);
    assert_eq!(all["responseJSON"]["next_page"], Value::Null);
    assert_eq!(all["responseJSON"]["previous_page"], Value::Null);
    let ids: Vec<u64> = items(&all, "user_fields")
        .iter()
        .filter_map(|f| f["id"].as_u64())
        .collect();
    assert_eq!(ids, [ACME_EMPLOYEE_NUMBER, ACME_VIP_LEVEL]);
    assert_eq!(
        items(&all, "user_fields")[0]["url"],
        format!("https://acme.zendesk.com/api/v2/user_fields/{ACME_EMPLOYEE_NUMBER}.json")
    );
    // Offset: one per page.
    let first = list(&sim, "admin", "user_fields", "?per_page=1").await;
    assert_eq!(items(&first, "user_fields").len(), 1);
    assert!(first["responseJSON"]["next_page"]
        .as_str()
        .is_some_and(|u| u.contains("page=2")));
    // Cursor: the same order.
    let page = list(&sim, "admin", "user_fields", "?page[size]=1").await;
    assert_eq!(page["status"], 200, "{page}");
    assert_eq!(page["responseJSON"]["meta"]["has_more"], true);
    assert_eq!(items(&page, "user_fields")[0]["id"], ACME_EMPLOYEE_NUMBER);
    let after = page["responseJSON"]["meta"]["after_cursor"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let next = list(
        &sim,
        "admin",
        "user_fields",
        &format!("?page[size]=1&page[after]={after}"),
    )
    .await;
    assert_eq!(items(&next, "user_fields")[0]["id"], ACME_VIP_LEVEL);
    // Agents read both lists and one field; end users do not.
    for key in ["user_fields", "organization_fields"] {
        let answer = list(&sim, "restricted", key, "").await;
        assert_eq!(answer["status"], 200, "{key}: {answer}");
        let refused = list(&sim, "customer", key, "").await;
        assert_forbidden(&refused, key);
    }
    let shown = sim
        .api(
            "acme",
            "shared",
            "GET",
            &format!("/api/v2/user_fields/{ACME_VIP_LEVEL}.json"),
            None,
        )
        .await;
    assert_eq!(shown["status"], 200, "{shown}");
    assert_eq!(shown["responseJSON"]["user_field"]["key"], "vip_level");
}

#[tokio::test]
async fn a_field_of_each_kind_is_created_updated_and_deleted() {
    let sim = sim();
    for key in ["user_fields", "organization_fields"] {
        let made = create(&sim, "admin", key, tier()).await;
        assert_eq!(made["status"], 201, "{key}: {made}");
        let field = made["responseJSON"][wrapper(key)].clone();
        let id = field["id"].as_u64().unwrap_or_default();
        assert_eq!(field["key"], "support_tier");
        assert_eq!(field["type"], "dropdown");
        assert_eq!(field["title"], "Support tier");
        assert_eq!(field["raw_title"], "Support tier");
        assert_eq!(field["raw_description"], "What the customer pays for");
        assert_eq!(field["active"], true);
        assert_eq!(field["system"], false);
        assert_eq!(
            field["url"],
            format!("https://acme.zendesk.com/api/v2/{key}/{id}.json")
        );
        let opts = options(&field);
        assert_eq!(opts.len(), 2);
        assert_ne!(opts[0].0, opts[1].0, "distinct option ids");
        assert_eq!((opts[1].2.as_str(), opts[1].3), ("support_plus", 1));
        // Listed last, shown as made.
        let listed = items(&list(&sim, "admin", key, "").await, key);
        assert_eq!(listed.last(), Some(&field));
        // An update changes what it sends; the key may be sent again unchanged.
        let changed = update(
            &sim,
            "admin",
            key,
            id,
            json!({"key": "support_tier", "type": "dropdown", "title": "Support level", "active": false}),
        )
        .await;
        assert_eq!(changed["status"], 200, "{changed}");
        let after = &changed["responseJSON"][wrapper(key)];
        assert_eq!(after["title"], "Support level");
        assert_eq!(after["raw_title"], "Support level");
        assert_eq!(after["active"], false);
        assert_eq!(after["key"], "support_tier");
        assert_eq!(options(after), opts, "options not sent: kept");
        assert_eq!(after["created_at"], field["created_at"]);
        let gone = remove(&sim, "admin", key, id).await;
        assert_eq!(gone["status"], 204, "{gone}");
        let shown = sim
            .api(
                "acme",
                "admin",
                "GET",
                &format!("/api/v2/{key}/{id}.json"),
                None,
            )
            .await;
        assert_eq!(shown["status"], 404, "{shown}");
        assert!(!has(
            &Value::Array(items(&list(&sim, "admin", key, "").await, key)),
            "key",
            "support_tier"
        ));
    }
    // Types without options; a checkbox presents its tag, a text field none.
    let text = create(
        &sim,
        "admin",
        "user_fields",
        json!({"key": "badge", "raw_title": "Badge"}),
    )
    .await;
    assert_eq!(text["status"], 201, "{text}");
    let text = &text["responseJSON"]["user_field"];
    assert_eq!(text["type"], "text", "the default type");
    assert_eq!(text["title"], "Badge");
    assert!(
        text.get("tag").is_none() && text.get("custom_field_options").is_none(),
        "{text}"
    );
    let check = create(
        &sim,
        "admin",
        "user_fields",
        json!({"key": "newsletter", "type": "checkbox", "title": "Newsletter", "tag": "newsletter"}),
    )
    .await;
    assert_eq!(check["status"], 201, "{check}");
    assert_eq!(check["responseJSON"]["user_field"]["tag"], "newsletter");
    let lookup = create(
        &sim,
        "admin",
        "organization_fields",
        json!({"key": "account_manager", "type": "lookup", "title": "Account manager",
               "relationship_target_type": "zen:user"}),
    )
    .await;
    assert_eq!(lookup["status"], 201, "{lookup}");
    assert_eq!(
        lookup["responseJSON"]["organization_field"]["relationship_target_type"],
        "zen:user"
    );
}

#[tokio::test]
async fn a_put_with_options_replaces_the_list() {
    let sim = sim();
    let config = sim.config("acme").await;
    let old = options(find(&config["user_fields"], "key", "vip_level"));
    let (gold, silver) = (old[0].0, old[1].0);
    // Silver left out (deleted); Gold kept by id and renamed; Bronze new (null id), Platinum first.
    let answer = update(
        &sim,
        "admin",
        "user_fields",
        ACME_VIP_LEVEL,
        json!({"custom_field_options": [
            {"id": null, "name": "Platinum", "value": "vip_platinum"},
            {"id": gold, "name": "Gold star", "value": "vip_gold"},
            {"name": "Bronze", "value": "vip_bronze"},
        ]}),
    )
    .await;
    assert_eq!(answer["status"], 200, "{answer}");
    let new = options(&answer["responseJSON"]["user_field"]);
    let names: Vec<&str> = new.iter().map(|o| o.1.as_str()).collect();
    assert_eq!(names, ["Platinum", "Gold star", "Bronze"]);
    assert_eq!(new[1].0, gold, "matched by id: same id");
    assert_eq!(new.iter().map(|o| o.3).collect::<Vec<_>>(), [0, 1, 2]);
    assert!(!new.iter().any(|o| o.0 == silver), "Silver is gone");
    assert!(new[0].0 != gold && new[2].0 != gold && new[0].0 != new[2].0);
    // Without an id, a new option even with a stored one's value (the spec: "To update an
    // existing option, pass its id"; ticket fields differ, matched by value).
    let again = update(
        &sim,
        "admin",
        "user_fields",
        ACME_VIP_LEVEL,
        json!({"custom_field_options": [{"name": "Bronze!", "value": "vip_bronze"}]}),
    )
    .await;
    assert_eq!(again["status"], 200, "{again}");
    let last = options(&again["responseJSON"]["user_field"]);
    assert_eq!(last.len(), 1);
    assert_eq!(last[0].1, "Bronze!");
    assert_ne!(last[0].0, new[2].0, "a new option, not Bronze kept");
    // What was stored is what the snapshot shows.
    let after = sim.config("acme").await;
    assert_eq!(
        find(&after["user_fields"], "key", "vip_level"),
        &again["responseJSON"]["user_field"]
    );
}

#[tokio::test]
async fn refused_writes_store_nothing() {
    let sim = sim();
    let before = sim.config("acme").await;
    let creates: Vec<(&str, Value, &str)> = vec![
        ("user_fields", json!({"title": "No key"}), "key"),
        (
            "user_fields",
            json!({"key": "  ", "title": "Blank key"}),
            "key",
        ),
        (
            "user_fields",
            json!({"key": "vip-level", "title": "Dash"}),
            "key",
        ),
        (
            "user_fields",
            json!({"key": "vip level", "title": "Space"}),
            "key",
        ),
        (
            "user_fields",
            json!({"key": "2024", "title": "Digits"}),
            "key",
        ),
        (
            "user_fields",
            json!({"key": "vip_level", "title": "Again"}),
            "key",
        ),
        (
            "user_fields",
            json!({"key": "VIP_Level", "title": "Again"}),
            "key",
        ),
        ("user_fields", json!({"key": "no_title"}), "title"),
        (
            "user_fields",
            json!({"key": "colour", "type": "colour", "title": "Shade"}),
            "type",
        ),
        (
            "user_fields",
            json!({"key": "tagger", "type": "tagger", "title": "Ticket type"}),
            "type",
        ),
        (
            "organization_fields",
            json!({"key": "no_options", "type": "dropdown", "title": "No options"}),
            "custom_field_options",
        ),
        (
            "organization_fields",
            json!({"key": "empty", "type": "multiselect", "title": "Empty", "custom_field_options": []}),
            "custom_field_options",
        ),
        (
            "user_fields",
            json!({"key": "twice", "type": "dropdown", "title": "Twice", "custom_field_options": [
                {"name": "A", "value": "same_tag"}, {"name": "B", "value": "SAME_TAG"}]}),
            "custom_field_options",
        ),
        (
            "user_fields",
            json!({"key": "taken", "type": "dropdown", "title": "Taken", "custom_field_options": [
                {"name": "Gold again", "value": "vip_gold"}]}),
            "custom_field_options",
        ),
        (
            "user_fields",
            json!({"key": "gold_box", "type": "checkbox", "title": "Gold", "tag": "vip_gold"}),
            "tag",
        ),
        (
            "organization_fields",
            json!({"key": "linked", "type": "lookup", "title": "Linked"}),
            "relationship_target_type",
        ),
    ];
    for (key, body, field) in creates {
        let answer = create(&sim, "admin", key, body.clone()).await;
        assert_invalid(&answer, field);
        if field == "key"
            && body["key"]
                .as_str()
                .is_some_and(|k| k.eq_ignore_ascii_case("vip_level"))
        {
            assert_eq!(
                answer["responseJSON"]["details"]["key"][0]["description"],
                "Key: has already been taken"
            );
        }
    }
    let updates: Vec<(Value, &str)> = vec![
        (json!({"key": "vip_tier"}), "key"),
        (json!({"type": "multiselect"}), "type"),
        (json!({"title": ""}), "title"),
        (json!({"custom_field_options": []}), "custom_field_options"),
        (
            json!({"custom_field_options": [{"name": "A", "value": "vip_a"}, {"name": "B", "value": "vip_a"}]}),
            "custom_field_options",
        ),
    ];
    for (body, field) in updates {
        let answer = update(&sim, "admin", "user_fields", ACME_VIP_LEVEL, body).await;
        assert_invalid(&answer, field);
    }
    assert_eq!(sim.config("acme").await, before, "nothing stored");
    // A checkbox tag already used by another checkbox of the kind.
    let first = create(
        &sim,
        "admin",
        "user_fields",
        json!({"key": "newsletter", "type": "checkbox", "title": "Newsletter", "tag": "newsletter"}),
    )
    .await;
    assert_eq!(first["status"], 201, "{first}");
    let second = create(
        &sim,
        "admin",
        "user_fields",
        json!({"key": "mailing", "type": "checkbox", "title": "Mailing", "tag": "Newsletter"}),
    )
    .await;
    assert_invalid(&second, "tag");
    // Tags are per kind: an organization field may use a user field's tag, and a key.
    let org = create(
        &sim,
        "admin",
        "organization_fields",
        json!({"key": "vip_level", "type": "checkbox", "title": "Newsletter", "tag": "newsletter"}),
    )
    .await;
    assert_eq!(org["status"], 201, "{org}");
}

#[tokio::test]
async fn agents_are_refused_unless_their_role_manages_the_kind() {
    let sim = sim();
    let before = sim.config("acme").await;
    for key in ["user_fields", "organization_fields"] {
        for user in ["agent", "restricted", "shared"] {
            assert_forbidden(
                &create(&sim, user, key, tier()).await,
                &format!("{user} {key}"),
            );
        }
    }
    for user in ["agent", "restricted", "shared"] {
        let put = update(
            &sim,
            user,
            "user_fields",
            ACME_VIP_LEVEL,
            json!({"title": "Mine"}),
        )
        .await;
        assert_forbidden(&put, user);
        let del = remove(&sim, user, "user_fields", ACME_VIP_LEVEL).await;
        assert_forbidden(&del, user);
    }
    let customer = create(&sim, "customer", "user_fields", tier()).await;
    assert_forbidden(&customer, "end user");
    assert_eq!(sim.config("acme").await, before, "nothing stored");
    // Alan's role gets manage_user_fields: user fields, and only those.
    {
        let mut world = sim.state.lock();
        let role = world
            .account_mut("acme")
            .and_then(|a| a.custom_roles.iter_mut().find(|r| r.id == TEAM_LEAD));
        if let Some(role) = role {
            role.configuration
                .insert("manage_user_fields".into(), json!(true));
        }
    }
    let made = create(&sim, "agent", "user_fields", tier()).await;
    assert_eq!(made["status"], 201, "{made}");
    let org = create(&sim, "agent", "organization_fields", tier()).await;
    assert_forbidden(&org, "manage_user_fields is not manage_organization_fields");
}

#[tokio::test]
async fn system_fields_change_only_active_and_position() {
    let sim = sim();
    {
        let mut world = sim.state.lock();
        if let Some(field) = world.account_mut("acme").and_then(|a| {
            a.user_fields
                .iter_mut()
                .find(|f| f["id"] == ACME_EMPLOYEE_NUMBER)
        }) {
            field.insert("system".into(), json!(true));
        }
    }
    let renamed = update(
        &sim,
        "admin",
        "user_fields",
        ACME_EMPLOYEE_NUMBER,
        json!({"title": "Staff no."}),
    )
    .await;
    assert_invalid(&renamed, "base");
    let moved = update(
        &sim,
        "admin",
        "user_fields",
        ACME_EMPLOYEE_NUMBER,
        json!({"active": false, "position": 5, "title": "Employee number"}),
    )
    .await;
    assert_eq!(moved["status"], 200, "{moved}");
    assert_eq!(moved["responseJSON"]["user_field"]["active"], false);
    assert_eq!(moved["responseJSON"]["user_field"]["position"], 5);
    let deleted = remove(&sim, "admin", "user_fields", ACME_EMPLOYEE_NUMBER).await;
    assert_invalid(&deleted, "base");
}

#[tokio::test]
async fn the_config_snapshot_shows_what_was_stored() {
    let sim = sim();
    let made = create(&sim, "admin", "organization_fields", tier()).await;
    assert_eq!(made["status"], 201, "{made}");
    let id = made["responseJSON"]["organization_field"]["id"]
        .as_u64()
        .unwrap_or_default();
    let changed = update(
        &sim,
        "admin",
        "organization_fields",
        id,
        json!({"description": "Renewed yearly", "custom_field_options": [{"name": "Plus", "value": "support_plus"}]}),
    )
    .await;
    assert_eq!(changed["status"], 200, "{changed}");
    let config = sim.config("acme").await;
    assert_eq!(
        config["organization_fields"],
        json!([changed["responseJSON"]["organization_field"]])
    );
    let shown = sim
        .api(
            "acme",
            "admin",
            "GET",
            &format!("/api/v2/organization_fields/{id}.json"),
            None,
        )
        .await;
    assert_eq!(
        shown["responseJSON"]["organization_field"],
        config["organization_fields"][0]
    );
    assert_eq!(
        config["organization_fields"][0]["description"],
        "Renewed yearly"
    );
    assert_eq!(options(&config["organization_fields"][0]).len(), 1);
    // Deleted: gone from the snapshot too.
    assert_eq!(
        remove(&sim, "admin", "organization_fields", id).await["status"],
        204
    );
    assert_eq!(sim.config("acme").await["organization_fields"], json!([]));
}
