//! Ticket forms in the fake Zendesk: listing (filters, end users, cursor pages), writing, the
//! refusals (unknown fields, conditional fields outside the form, the default form, the limit), who
//! may write, plans without forms, and the control API's snapshot.

mod common;

use common::{assert_forbidden, assert_invalid, find, has, sim, Sim};
use serde_json::{json, Value};

const ACME_DEFAULT_FORM: u64 = 360_010_000_001;
const GLOBEX_DEFAULT_FORM: u64 = 361_010_000_001;
const HARDWARE: u64 = 361_010_000_002;
const PRODUCT_LINE: u64 = 361_002_000_101;
const ESCALATION_REASON: u64 = 361_002_000_106;
const ASSET_TAG: u64 = 360_002_000_101;
const AFFECTED_SYSTEM: u64 = 360_002_000_102;
const SUBJECT: u64 = 360_002_000_001;

async fn forms(sim: &Sim, account: &str, user: &str, query: &str) -> Value {
    let list = sim
        .api(
            account,
            user,
            "GET",
            &format!("/api/v2/ticket_forms.json{query}"),
            None,
        )
        .await;
    assert_eq!(list["status"], 200, "{list}");
    list["responseJSON"].clone()
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|l| {
            l.iter()
                .map(|f| f["name"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

async fn create(sim: &Sim, user: &str, body: Value) -> Value {
    sim.api(
        "acme",
        user,
        "POST",
        "/api/v2/ticket_forms.json",
        Some(json!({ "ticket_form": body })),
    )
    .await
}

async fn update(sim: &Sim, id: u64, body: Value) -> Value {
    sim.api(
        "acme",
        "admin",
        "PUT",
        &format!("/api/v2/ticket_forms/{id}.json"),
        Some(json!({ "ticket_form": body })),
    )
    .await
}

/// A 422 whose `details.<field>` has a description containing `words`.
fn assert_refused(answer: &Value, field: &str, words: &str) {
    assert_invalid(answer, field);
    let said = answer["responseJSON"]["details"][field].to_string();
    assert!(said.contains(words), "{field}: {words:?} not in {said}");
}

/// A VPN form: the subject and both of acme's custom fields, the asset tag shown for VPN tickets.
fn vpn_form() -> Value {
    json!({
        "name": "VPN problem",
        "display_name": "My VPN does not work",
        "end_user_visible": true,
        "ticket_field_ids": [SUBJECT, AFFECTED_SYSTEM, ASSET_TAG],
        "agent_conditions": [{
            "parent_field_id": AFFECTED_SYSTEM,
            "value": "system_vpn",
            "child_fields": [{"id": ASSET_TAG, "is_required": true, "required_on_statuses": {"type": "ALL_STATUSES"}}],
        }],
        "end_user_conditions": [{
            "parent_field_id": AFFECTED_SYSTEM,
            "value": "system_vpn",
            "child_fields": [{"id": ASSET_TAG, "is_required": false}],
        }],
        "restricted_brand_ids": [360_014_000_002u64],
    })
}

#[tokio::test]
async fn forms_list_in_position_order_filter_and_page() {
    let sim = sim();
    let body = forms(&sim, "globex", "agent", "").await;
    let list = &body["ticket_forms"];
    assert_eq!(names(list), ["Default Ticket Form", "Hardware request"]);
    assert!(
        body.get("count").is_none(),
        "the spec answers the forms alone"
    );
    let default = find(list, "name", "Default Ticket Form");
    assert_eq!(default["id"], GLOBEX_DEFAULT_FORM);
    assert_eq!(default["default"], true);
    let hardware = find(list, "name", "Hardware request");
    assert_eq!(hardware["id"], HARDWARE);
    assert_eq!(hardware["raw_name"], "Hardware request");
    assert_eq!(
        hardware["url"],
        format!("https://globex.zendesk.com/api/v2/ticket_forms/{HARDWARE}.json")
    );
    assert!(hardware["ticket_field_ids"]
        .as_array()
        .is_some_and(
            |ids| ids.contains(&json!(PRODUCT_LINE)) && ids.contains(&json!(ESCALATION_REASON))
        ));
    let condition = &hardware["agent_conditions"][0];
    assert_eq!(condition["parent_field_id"], PRODUCT_LINE);
    assert_eq!(condition["child_fields"][0]["id"], ESCALATION_REASON);
    // Filters and cursor pages.
    let inactive = forms(&sim, "globex", "admin", "?active=false").await;
    assert_eq!(names(&inactive["ticket_forms"]), Vec::<String>::new());
    let page = forms(&sim, "globex", "admin", "?page[size]=1").await;
    assert_eq!(names(&page["ticket_forms"]), ["Default Ticket Form"]);
    assert_eq!(page["meta"]["has_more"], true);
    let next = page["links"]["next"].as_str().unwrap_or_default();
    let path = next.trim_start_matches("https://globex.zendesk.com");
    let second = forms(
        &sim,
        "globex",
        "admin",
        path.trim_start_matches("/api/v2/ticket_forms.json"),
    )
    .await;
    assert_eq!(names(&second["ticket_forms"]), ["Hardware request"]);
    // acme has its own default form.
    let acme = forms(&sim, "acme", "agent", "").await;
    assert_eq!(names(&acme["ticket_forms"]), ["Default Ticket Form"]);
    assert_eq!(acme["ticket_forms"][0]["id"], ACME_DEFAULT_FORM);
}

#[tokio::test]
async fn end_users_see_only_forms_visible_to_them() {
    let sim = sim();
    let made = create(
        &sim,
        "admin",
        json!({"name": "Internal only", "end_user_visible": false}),
    )
    .await;
    assert_eq!(made["status"], 201, "{made}");
    let id = made["responseJSON"]["ticket_form"]["id"]
        .as_u64()
        .unwrap_or_default();
    let seen = forms(&sim, "acme", "customer", "").await;
    assert_eq!(names(&seen["ticket_forms"]), ["Default Ticket Form"]);
    let hidden = sim
        .api(
            "acme",
            "customer",
            "GET",
            &format!("/api/v2/ticket_forms/{id}.json"),
            None,
        )
        .await;
    assert_eq!(hidden["status"], 404, "{hidden}");
}

#[tokio::test]
async fn an_admin_creates_updates_and_deletes_a_form() {
    let sim = sim();
    let made = create(&sim, "admin", vpn_form()).await;
    assert_eq!(made["status"], 201, "{made}");
    let form = &made["responseJSON"]["ticket_form"];
    let id = form["id"].as_u64().unwrap_or_default();
    assert!(id > ACME_DEFAULT_FORM, "{form}");
    assert_eq!(form["raw_name"], "VPN problem");
    assert_eq!(form["raw_display_name"], "My VPN does not work");
    assert_eq!(form["active"], true);
    assert_eq!(form["default"], false);
    assert_eq!(form["position"], 1, "after the default form");
    assert_eq!(
        form["restricted_brand_ids"],
        json!([]),
        "read-only: ignored"
    );
    let config = sim.config("acme").await;
    let stored = find(&config["ticket_forms"], "name", "VPN problem");
    assert_eq!(
        stored["ticket_field_ids"],
        json!([SUBJECT, AFFECTED_SYSTEM, ASSET_TAG])
    );
    assert_eq!(stored["agent_conditions"], vpn_form()["agent_conditions"]);
    assert_eq!(
        stored["end_user_conditions"],
        vpn_form()["end_user_conditions"]
    );
    // An update changes what it sends; an empty list deletes the conditions.
    let renamed = update(
        &sim,
        id,
        json!({"name": "VPN trouble", "end_user_conditions": []}),
    )
    .await;
    assert_eq!(renamed["status"], 200, "{renamed}");
    let config = sim.config("acme").await;
    let stored = find(&config["ticket_forms"], "name", "VPN trouble");
    assert_eq!(stored["end_user_conditions"], json!([]));
    assert_eq!(stored["agent_conditions"], vpn_form()["agent_conditions"]);
    assert_eq!(stored["display_name"], "My VPN does not work");
    let gone = sim
        .api(
            "acme",
            "admin",
            "DELETE",
            &format!("/api/v2/ticket_forms/{id}.json"),
            None,
        )
        .await;
    assert_eq!(gone["status"], 204, "{gone}");
    assert!(!has(
        &sim.config("acme").await["ticket_forms"],
        "name",
        "VPN trouble"
    ));
}

#[tokio::test]
async fn forms_with_unknown_or_missing_fields_are_refused_and_change_nothing() {
    let sim = sim();
    let before = sim.config("acme").await;
    let mut unknown = vpn_form();
    unknown["ticket_field_ids"] = json!([SUBJECT, AFFECTED_SYSTEM, ASSET_TAG, 42]);
    let answer = create(&sim, "admin", unknown).await;
    assert_refused(
        &answer,
        "ticket_field_ids",
        "42 is not a ticket field of this account",
    );
    // A conditional field (child) missing from ticket_field_ids: Salto's words.
    let mut outside = vpn_form();
    outside["ticket_field_ids"] = json!([SUBJECT, AFFECTED_SYSTEM]);
    let answer = create(&sim, "admin", outside).await;
    assert_refused(
        &answer,
        "agent_conditions",
        &format!("The conditional ticket field is not present in the form's ticket_field_ids: {ASSET_TAG}"),
    );
    assert_refused(
        &answer,
        "end_user_conditions",
        "not present in the form's ticket_field_ids",
    );
    // A parent missing.
    let mut parentless = vpn_form();
    parentless["ticket_field_ids"] = json!([SUBJECT, ASSET_TAG]);
    let answer = create(&sim, "admin", parentless).await;
    assert_refused(&answer, "agent_conditions", &AFFECTED_SYSTEM.to_string());
    // No name; a bad required_on_statuses.
    let answer = create(&sim, "admin", json!({"display_name": "Nameless"})).await;
    assert_refused(&answer, "name", "cannot be blank");
    let mut statuses = vpn_form();
    statuses["agent_conditions"][0]["child_fields"][0]["required_on_statuses"] =
        json!({"type": "SOME_STATUSES"});
    let answer = create(&sim, "admin", statuses).await;
    assert_refused(
        &answer,
        "agent_conditions",
        "SOME_STATUSES needs the statuses",
    );
    assert_eq!(sim.config("acme").await, before, "nothing written");
    // An update that drops a conditional field from the form is refused too.
    let made = create(&sim, "admin", vpn_form()).await;
    let id = made["responseJSON"]["ticket_form"]["id"]
        .as_u64()
        .unwrap_or_default();
    let before = sim.config("acme").await;
    let answer = update(
        &sim,
        id,
        json!({"ticket_field_ids": [SUBJECT, AFFECTED_SYSTEM]}),
    )
    .await;
    assert_refused(&answer, "agent_conditions", &ASSET_TAG.to_string());
    assert_eq!(sim.config("acme").await, before, "nothing written");
}

#[tokio::test]
async fn there_is_always_one_default_form() {
    let sim = sim();
    let before = sim.config("acme").await;
    let refusals = [
        update(&sim, ACME_DEFAULT_FORM, json!({"default": false})).await,
        update(&sim, ACME_DEFAULT_FORM, json!({"active": false})).await,
        sim.api(
            "acme",
            "admin",
            "DELETE",
            &format!("/api/v2/ticket_forms/{ACME_DEFAULT_FORM}.json"),
            None,
        )
        .await,
    ];
    for answer in &refusals {
        assert_invalid(answer, "base");
    }
    assert_eq!(sim.config("acme").await, before, "nothing written");
    // A new default form takes over; the old one can go then.
    let made = create(
        &sim,
        "admin",
        json!({"name": "New default", "default": true}),
    )
    .await;
    assert_eq!(made["status"], 201, "{made}");
    let config = sim.config("acme").await;
    assert_eq!(
        find(&config["ticket_forms"], "name", "New default")["default"],
        true
    );
    assert_eq!(
        find(&config["ticket_forms"], "name", "Default Ticket Form")["default"],
        false
    );
    let gone = sim
        .api(
            "acme",
            "admin",
            "DELETE",
            &format!("/api/v2/ticket_forms/{ACME_DEFAULT_FORM}.json"),
            None,
        )
        .await;
    assert_eq!(gone["status"], 204, "{gone}");
}

#[tokio::test]
async fn the_301st_form_is_refused() {
    let sim = sim();
    {
        let mut world = sim.state.lock();
        let acme = world.account_mut("acme").unwrap_or_else(|| panic!("acme"));
        let template = acme.ticket_forms[0].clone();
        for n in 0..299u64 {
            let mut form = template.clone();
            form.insert("id".into(), json!(370_000_000_000 + n));
            form.insert("default".into(), json!(false));
            acme.ticket_forms.push(form);
        }
    }
    let answer = create(&sim, "admin", json!({"name": "One too many"})).await;
    assert_refused(&answer, "base", "limited to 300 ticket forms");
}

#[tokio::test]
async fn only_admins_write_forms() {
    let sim = sim();
    let before = sim.config("acme").await;
    // Alan's Team lead role, Sam (no custom role) and an end user.
    for user in ["agent", "shared", "customer"] {
        assert_forbidden(&create(&sim, user, vpn_form()).await, user);
        let put = sim
            .api(
                "acme",
                user,
                "PUT",
                &format!("/api/v2/ticket_forms/{ACME_DEFAULT_FORM}.json"),
                Some(json!({"ticket_form": {"name": "Mine"}})),
            )
            .await;
        assert_forbidden(&put, user);
    }
    assert_eq!(sim.config("acme").await, before, "nothing written");
}

#[tokio::test]
async fn a_plan_without_forms_answers_403() {
    let sim = sim();
    let team = sim
        .call("POST", "/sim/accounts/acme", Some(json!({"plan": "team"})))
        .await;
    assert_eq!(team.status, 200, "{}", team.text);
    assert_eq!(team.json()["features"]["ticket_forms"], false);
    let list = sim
        .api("acme", "admin", "GET", "/api/v2/ticket_forms.json", None)
        .await;
    assert_forbidden(&list, "list on Team");
    assert_forbidden(&create(&sim, "admin", vpn_form()).await, "create on Team");
    // The control API's switch gives them back whatever the plan.
    let on = sim
        .call(
            "POST",
            "/sim/accounts/acme",
            Some(json!({"features": {"ticket_forms": true}})),
        )
        .await;
    assert_eq!(on.json()["features"]["ticket_forms"], true, "{}", on.text);
    let list = sim
        .api("acme", "admin", "GET", "/api/v2/ticket_forms.json", None)
        .await;
    assert_eq!(list["status"], 200, "{list}");
}
