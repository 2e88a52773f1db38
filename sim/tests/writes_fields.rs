//! Writing ticket fields in the fake Zendesk: drop-down options (kept by id or tag, deleted when
//! left out of a PUT), tags unique across fields, the type fixed after creation, system fields, who
//! may write, and the update limit.

mod common;

use common::{assert_forbidden, assert_invalid, find, has, options, sim, Sim};
use serde_json::{json, Value};

const SUBJECT: u64 = 360_002_000_001;
const ASSET_TAG: u64 = 360_002_000_101;
const AFFECTED_SYSTEM: u64 = 360_002_000_102;

async fn fields(sim: &Sim) -> Value {
    let list = sim
        .api("acme", "admin", "GET", "/api/v2/ticket_fields.json", None)
        .await;
    assert_eq!(list["status"], 200, "{list}");
    list["responseJSON"]["ticket_fields"].clone()
}

async fn create(sim: &Sim, user: &str, field: Value) -> Value {
    sim.api(
        "acme",
        user,
        "POST",
        "/api/v2/ticket_fields.json",
        Some(json!({ "ticket_field": field })),
    )
    .await
}

async fn update(sim: &Sim, user: &str, id: u64, field: Value) -> Value {
    sim.api(
        "acme",
        user,
        "PUT",
        &format!("/api/v2/ticket_fields/{id}.json"),
        Some(json!({ "ticket_field": field })),
    )
    .await
}

fn reason() -> Value {
    json!({
        "type": "tagger",
        "title": "Incident type",
        "description": "What kind of incident it is",
        "custom_field_options": [
            {"name": "Outage", "value": "inc_outage"},
            {"name": "Security incident", "value": "inc_security", "default": true},
            {"name": "Customer request", "value": "inc_customer"},
        ],
    })
}

#[tokio::test]
async fn a_drop_down_is_created_with_its_options_and_listed() {
    let sim = sim();
    let made = create(&sim, "admin", reason()).await;
    assert_eq!(made["status"], 201, "{made}");
    let field = &made["responseJSON"]["ticket_field"];
    let id = field["id"].as_u64().unwrap_or_default();
    assert_eq!(field["type"], "tagger");
    assert_eq!(field["title"], "Incident type");
    assert_eq!(field["raw_title"], "Incident type");
    assert_eq!(
        field["title_in_portal"], "Incident type",
        "defaults to the title"
    );
    assert_eq!(field["description"], "What kind of incident it is");
    assert_eq!(field["raw_description"], "What kind of incident it is");
    assert_eq!(field["removable"], true);
    assert_eq!(
        field["url"],
        format!("https://acme.zendesk.com/api/v2/ticket_fields/{id}.json")
    );
    let opts = field["custom_field_options"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(opts.len(), 3);
    let mut ids = Vec::new();
    for (i, o) in opts.iter().enumerate() {
        assert!(o["id"].as_u64().is_some(), "{o}");
        assert_eq!(o["raw_name"], o["name"]);
        assert_eq!(o["position"], i);
        ids.push(o["id"].as_u64().unwrap_or_default());
    }
    ids.dedup();
    assert_eq!(ids.len(), 3, "distinct ids");
    assert_eq!(opts[1]["default"], true);
    assert_eq!(opts[0]["default"], false);
    assert_eq!(find(&fields(&sim).await, "title", "Incident type"), field);
    let shown = sim
        .api(
            "acme",
            "restricted",
            "GET",
            &format!("/api/v2/ticket_fields/{id}.json"),
            None,
        )
        .await;
    assert_eq!(shown["status"], 200, "agents may show a field: {shown}");
    assert_eq!(&shown["responseJSON"]["ticket_field"], field);
}

#[tokio::test]
async fn raw_title_is_the_titles_source_and_type_defaults_to_text() {
    let sim = sim();
    let made = create(&sim, "admin", json!({"raw_title": "Order number"})).await;
    assert_eq!(made["status"], 201, "{made}");
    let field = &made["responseJSON"]["ticket_field"];
    assert_eq!(field["type"], "text");
    assert_eq!(field["title"], "Order number");
    assert_eq!(field["raw_title"], "Order number");
    assert!(field.get("custom_field_options").is_none(), "{field}");
    // A checkbox keeps its tag.
    let check = create(
        &sim,
        "admin",
        json!({"type": "checkbox", "title": "VIP", "tag": "vip_customer"}),
    )
    .await;
    assert_eq!(check["status"], 201, "{check}");
    assert_eq!(check["responseJSON"]["ticket_field"]["tag"], "vip_customer");
}

#[tokio::test]
async fn refused_creates_store_nothing() {
    let sim = sim();
    let before = fields(&sim).await;
    let cases: Vec<(Value, &str)> = vec![
        (json!({"type": "text"}), "title"),
        (json!({"type": "text", "title": "  "}), "title"),
        (json!({"type": "colour", "title": "Shade"}), "type"),
        (
            json!({"type": "subject", "title": "Another subject"}),
            "type",
        ),
        (
            json!({"type": "tagger", "title": "No options"}),
            "custom_field_options",
        ),
        (
            json!({"type": "tagger", "title": "Empty", "custom_field_options": []}),
            "custom_field_options",
        ),
        (
            json!({"type": "tagger", "title": "Twice", "custom_field_options": [
                {"name": "A", "value": "same_tag"}, {"name": "B", "value": "SAME_TAG"}]}),
            "custom_field_options",
        ),
        (
            json!({"type": "multiselect", "title": "Taken", "custom_field_options": [
                {"name": "VPN again", "value": "system_vpn"}]}),
            "custom_field_options",
        ),
        (
            json!({"type": "tagger", "title": "Nameless", "custom_field_options": [{"value": "x_1"}]}),
            "custom_field_options",
        ),
        (
            json!({"type": "checkbox", "title": "Clash", "tag": "system_email"}),
            "tag",
        ),
    ];
    for (body, field) in cases {
        let answer = create(&sim, "admin", body.clone()).await;
        assert_invalid(&answer, field);
        assert!(answer["status"] == 422, "{body}");
    }
    assert_eq!(fields(&sim).await, before, "nothing stored");
}

#[tokio::test]
async fn a_put_with_options_replaces_the_list_keeping_matched_ids() {
    let sim = sim();
    let before = fields(&sim).await;
    let stored = before
        .as_array()
        .and_then(|l| l.iter().find(|f| f["id"] == AFFECTED_SYSTEM))
        .cloned()
        .unwrap_or_default();
    let old = options(&stored);
    assert_eq!(old.len(), 4, "{stored}");
    let (vpn_id, email_id) = (old[0].0, old[1].0);
    // Printer and Laptop left out; Email matched by id (its tag renamed), VPN by tag; one new.
    let answer = update(
        &sim,
        "admin",
        AFFECTED_SYSTEM,
        json!({"custom_field_options": [
            {"id": email_id, "name": "E-mail", "value": "system_mail"},
            {"name": "VPN client", "value": "system_vpn"},
            {"name": "Phone", "value": "system_phone"},
        ]}),
    )
    .await;
    assert_eq!(answer["status"], 200, "{answer}");
    let now = options(&answer["responseJSON"]["ticket_field"]);
    assert_eq!(now.len(), 3, "the omitted options are gone: {now:?}");
    assert_eq!(now[0], (email_id, "E-mail".into(), "system_mail".into(), 0));
    assert_eq!(
        now[1],
        (vpn_id, "VPN client".into(), "system_vpn".into(), 1)
    );
    assert_eq!(now[2].2, "system_phone");
    assert_eq!(now[2].3, 2);
    assert!(
        old.iter().all(|o| o.0 != now[2].0),
        "a new option gets a new id: {now:?}"
    );
    // The tags left out are free again for another field.
    let reuse = create(
        &sim,
        "admin",
        json!({"type": "checkbox", "title": "Printer broken", "tag": "system_printer"}),
    )
    .await;
    assert_eq!(reuse["status"], 201, "{reuse}");
    // A PUT without options keeps them.
    let renamed = update(&sim, "admin", AFFECTED_SYSTEM, json!({"title": "System"})).await;
    assert_eq!(options(&renamed["responseJSON"]["ticket_field"]), now);
    assert_eq!(
        renamed["responseJSON"]["ticket_field"]["raw_title"],
        "System"
    );
    // Duplicates and tags of other fields are refused on update too.
    let dup = update(
        &sim,
        "admin",
        AFFECTED_SYSTEM,
        json!({"custom_field_options": [{"name": "A", "value": "x"}, {"name": "B", "value": "x"}]}),
    )
    .await;
    assert_invalid(&dup, "custom_field_options");
    let taken = update(
        &sim,
        "admin",
        AFFECTED_SYSTEM,
        json!({"custom_field_options": [{"name": "A", "value": "system_printer"}]}),
    )
    .await;
    assert_invalid(&taken, "custom_field_options");
    let empty = update(
        &sim,
        "admin",
        AFFECTED_SYSTEM,
        json!({"custom_field_options": []}),
    )
    .await;
    assert_invalid(&empty, "custom_field_options");
    let after = fields(&sim).await;
    let kept = after
        .as_array()
        .and_then(|l| l.iter().find(|f| f["id"] == AFFECTED_SYSTEM))
        .cloned()
        .unwrap_or_default();
    assert_eq!(options(&kept), now, "refused updates change nothing");
}

#[tokio::test]
async fn the_type_cannot_change_and_unknown_stored_fields_survive() {
    let sim = sim();
    {
        let mut world = sim.state.lock();
        let acme = world.account_mut("acme").unwrap_or_else(|| panic!("acme"));
        let field = acme
            .ticket_fields
            .iter_mut()
            .find(|f| f.get("id") == Some(&json!(ASSET_TAG)))
            .unwrap_or_else(|| panic!("asset tag"));
        field.insert("permission_group_id".into(), json!(77));
    }
    let changed = update(&sim, "admin", ASSET_TAG, json!({"type": "integer"})).await;
    assert_invalid(&changed, "type");
    let same = update(
        &sim,
        "admin",
        ASSET_TAG,
        json!({"type": "text", "required": true, "agent_description": "On the sticker", "id": 5}),
    )
    .await;
    assert_eq!(same["status"], 200, "{same}");
    let field = &same["responseJSON"]["ticket_field"];
    assert_eq!(field["id"], ASSET_TAG, "the id is not taken from the body");
    assert_eq!(field["required"], true);
    assert_eq!(field["agent_description"], "On the sticker");
    assert_eq!(field["permission_group_id"], 77, "unknown fields survive");
    assert_eq!(field["title"], "Asset tag", "unsent fields stay");
}

#[tokio::test]
async fn system_fields_stay_and_custom_ones_go() {
    let sim = sim();
    let system = sim
        .api(
            "acme",
            "admin",
            "DELETE",
            &format!("/api/v2/ticket_fields/{SUBJECT}.json"),
            None,
        )
        .await;
    assert_invalid(&system, "base");
    let custom = sim
        .api(
            "acme",
            "admin",
            "DELETE",
            &format!("/api/v2/ticket_fields/{ASSET_TAG}.json"),
            None,
        )
        .await;
    assert_eq!(custom["status"], 204, "{custom}");
    let list = fields(&sim).await;
    assert!(has(&list, "title", "Subject"));
    assert!(!has(&list, "title", "Asset tag"));
    let again = sim
        .api(
            "acme",
            "admin",
            "DELETE",
            &format!("/api/v2/ticket_fields/{ASSET_TAG}.json"),
            None,
        )
        .await;
    assert_eq!(again["status"], 404);
}

#[tokio::test]
async fn only_admins_write_ticket_fields() {
    let sim = sim();
    let before = fields(&sim).await;
    for user in ["agent", "restricted", "shared"] {
        assert_forbidden(&create(&sim, user, reason()).await, user);
        assert_forbidden(
            &update(&sim, user, ASSET_TAG, json!({"title": "Mine"})).await,
            user,
        );
        let del = sim
            .api(
                "acme",
                user,
                "DELETE",
                &format!("/api/v2/ticket_fields/{ASSET_TAG}.json"),
                None,
            )
            .await;
        assert_forbidden(&del, user);
    }
    assert_eq!(fields(&sim).await, before);
}

#[tokio::test]
async fn ticket_field_updates_have_their_own_limit() {
    let sim = sim();
    for n in 1..=75 {
        let answer = update(
            &sim,
            "admin",
            ASSET_TAG,
            json!({"description": format!("v{n}")}),
        )
        .await;
        assert_eq!(answer["status"], 200, "update {n}: {answer}");
    }
    let over = update(&sim, "admin", ASSET_TAG, json!({"description": "v76"})).await;
    assert_eq!(over["status"], 429, "{over}");
    assert_eq!(over["responseJSON"]["error"], "APIRateLimitExceeded");
    let retry = over["headers"]["retry-after"]
        .as_str()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or_default();
    assert!((1..=60).contains(&retry), "{over}");
    // The refused update changed nothing; other requests still go through.
    let list = fields(&sim).await;
    let asset = list
        .as_array()
        .and_then(|l| l.iter().find(|f| f["id"] == ASSET_TAG))
        .cloned()
        .unwrap_or_default();
    assert_eq!(asset["description"], "v75");
    assert_eq!(create(&sim, "admin", reason()).await["status"], 201);
}

#[tokio::test]
async fn trial_accounts_get_25_ticket_field_updates_a_minute() {
    let sim = sim();
    let trial = sim
        .call("POST", "/sim/accounts/acme", Some(json!({"trial": true})))
        .await;
    assert_eq!(trial.status, 200, "{}", trial.text);
    for n in 1..=25 {
        let answer = update(
            &sim,
            "admin",
            ASSET_TAG,
            json!({"description": format!("v{n}")}),
        )
        .await;
        assert_eq!(answer["status"], 200, "update {n}: {answer}");
    }
    let over = update(&sim, "admin", ASSET_TAG, json!({"description": "v26"})).await;
    assert_eq!(over["status"], 429, "{over}");
}
