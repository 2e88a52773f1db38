//! Dynamic content in the fake Zendesk: items and their variants, the placeholder, the refusals
//! (default locale, one variant per locale, active locales, names, the default variant, an item in
//! use), who may write, and plans without dynamic content.

mod common;

use common::{assert_forbidden, assert_invalid, find, has, sim, Sim};
use serde_json::{json, Value};

const GREETING: u64 = 361_012_000_001;
const EN_US: u64 = 1;
const FR: u64 = 16;
const NL: u64 = 1005;
const ES: u64 = 2;

async fn create(sim: &Sim, user: &str, body: Value) -> Value {
    sim.api(
        "acme",
        user,
        "POST",
        "/api/v2/dynamic_content/items.json",
        Some(json!({ "item": body })),
    )
    .await
}

async fn call(sim: &Sim, method: &str, url: &str, body: Option<Value>) -> Value {
    sim.api("acme", "admin", method, url, body).await
}

fn assert_refused(answer: &Value, field: &str, words: &str) {
    assert_invalid(answer, field);
    let said = answer["responseJSON"]["details"][field].to_string();
    assert!(said.contains(words), "{field}: {words:?} not in {said}");
}

fn signature() -> Value {
    json!({
        "name": "Sign-off  (short)",
        "default_locale_id": EN_US,
        "variants": [
            {"locale_id": EN_US, "default": true, "content": "Kind regards, Acme IT"},
            {"locale_id": NL, "default": false, "content": "Met vriendelijke groet, Acme IT"},
        ],
    })
}

/// The id of the variant in `locale` of an item as answered.
fn variant_in(item: &Value, locale: u64) -> u64 {
    item["variants"]
        .as_array()
        .and_then(|vs| vs.iter().find(|v| v["locale_id"] == locale))
        .and_then(|v| v["id"].as_u64())
        .unwrap_or_default()
}

/// Makes the signature item in acme: its id and its variants' ids (en-US, nl).
async fn make_signature(sim: &Sim) -> (u64, u64, u64) {
    let made = create(sim, "admin", signature()).await;
    assert_eq!(made["status"], 201, "{made}");
    let item = &made["responseJSON"]["item"];
    let id = item["id"].as_u64().unwrap_or_default();
    (id, variant_in(item, EN_US), variant_in(item, NL))
}

fn items_url(id: u64) -> String {
    format!("/api/v2/dynamic_content/items/{id}.json")
}

fn variant_url(item: u64, variant: u64) -> String {
    format!("/api/v2/dynamic_content/items/{item}/variants/{variant}.json")
}

/// acme's stored item `id` (the control API's snapshot).
async fn stored(sim: &Sim, id: u64) -> Value {
    let config = sim.config("acme").await;
    config["dynamic_content"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["id"] == id))
        .cloned()
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn globex_greets_in_three_languages() {
    let sim = sim();
    let list = sim
        .api(
            "globex",
            "admin",
            "GET",
            "/api/v2/dynamic_content/items.json",
            None,
        )
        .await;
    assert_eq!(list["status"], 200, "{list}");
    let item = find(&list["responseJSON"]["items"], "name", "Greeting");
    assert_eq!(item["id"], GREETING);
    assert_eq!(item["placeholder"], "{{dc.greeting}}");
    assert_eq!(item["default_locale_id"], EN_US);
    assert_eq!(item["outdated"], false);
    let locales: Vec<u64> = item["variants"]
        .as_array()
        .map(|vs| vs.iter().filter_map(|v| v["locale_id"].as_u64()).collect())
        .unwrap_or_default();
    assert_eq!(locales, [EN_US, FR, NL]);
    let en = &item["variants"][0];
    assert_eq!(en["default"], true);
    assert_eq!(
        en["url"],
        format!(
            "https://globex.zendesk.com/api/v2/dynamic_content/items/{GREETING}/variants/{}.json",
            en["id"]
        )
    );
    let variants = sim
        .api(
            "globex",
            "admin",
            "GET",
            &format!("/api/v2/dynamic_content/items/{GREETING}/variants.json"),
            None,
        )
        .await;
    assert_eq!(
        variants["responseJSON"]["variants"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
}

#[tokio::test]
async fn items_list_newest_first_and_page_by_cursor() {
    let sim = sim();
    make_signature(&sim).await;
    let mut second = signature();
    second["name"] = json!("Out of office");
    assert_eq!(create(&sim, "admin", second).await["status"], 201);
    let list = call(&sim, "GET", "/api/v2/dynamic_content/items.json", None).await;
    let names: Vec<&str> = list["responseJSON"]["items"]
        .as_array()
        .map(|l| l.iter().filter_map(|i| i["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        names,
        ["Out of office", "Sign-off  (short)"],
        "by id, descending"
    );
    assert_eq!(list["responseJSON"]["count"], 2);
    let page = call(
        &sim,
        "GET",
        "/api/v2/dynamic_content/items.json?page[size]=1",
        None,
    )
    .await;
    assert_eq!(page["responseJSON"]["meta"]["has_more"], true, "{page}");
    assert_eq!(page["responseJSON"]["items"][0]["name"], "Out of office");
}

#[tokio::test]
async fn an_item_is_made_with_its_placeholder_and_renamed_keeping_it() {
    let sim = sim();
    let (id, en, nl) = make_signature(&sim).await;
    let item = stored(&sim, id).await;
    assert_eq!(item["placeholder"], "{{dc.sign_off_short}}");
    assert_eq!(item["default_locale_id"], EN_US);
    assert_eq!(item["variants"].as_array().map(Vec::len), Some(2));
    assert!(en > 0 && nl > en, "{item}");
    // One variant may stand for `variants`: `content` in the default locale.
    let short = create(
        &sim,
        "admin",
        json!({"name": "Short", "default_locale_id": FR, "content": "Bonjour"}),
    )
    .await;
    assert_eq!(short["status"], 201, "{short}");
    let only = &short["responseJSON"]["item"]["variants"][0];
    assert_eq!(
        (only["locale_id"].clone(), only["default"].clone()),
        (json!(FR), json!(true))
    );
    // Update: the name only; the placeholder stays.
    let renamed = call(
        &sim,
        "PUT",
        &items_url(id),
        Some(json!({"item": {"name": "Closing line", "default_locale_id": NL, "placeholder": "{{dc.x}}"}})),
    )
    .await;
    assert_eq!(renamed["status"], 200, "{renamed}");
    let item = stored(&sim, id).await;
    assert_eq!(item["name"], "Closing line");
    assert_eq!(item["placeholder"], "{{dc.sign_off_short}}");
    assert_eq!(item["default_locale_id"], EN_US);
}

#[tokio::test]
async fn bad_items_are_refused_and_change_nothing() {
    let sim = sim();
    make_signature(&sim).await;
    let before = sim.config("acme").await;
    let with = |f: &dyn Fn(&mut Value)| {
        let mut item = signature();
        item["name"] = json!("Another");
        f(&mut item);
        item
    };
    let no_default_variant = with(&|i| i["default_locale_id"] = json!(FR));
    assert_refused(
        &create(&sim, "admin", no_default_variant).await,
        "variants",
        "needs a variant in its default locale (16)",
    );
    let twice = with(&|i| i["variants"][1]["locale_id"] = json!(EN_US));
    assert_refused(
        &create(&sim, "admin", twice).await,
        "variants",
        "only one variant per locale",
    );
    let inactive = with(&|i| i["variants"][1]["locale_id"] = json!(9999));
    assert_refused(
        &create(&sim, "admin", inactive).await,
        "variants",
        "9999 is not a locale this account has active",
    );
    let other_default = with(&|i| i["variants"][1]["default"] = json!(true));
    assert_refused(
        &create(&sim, "admin", other_default).await,
        "variants",
        "the default variant is the one in the default locale",
    );
    let empty = with(&|i| i["variants"] = json!([]));
    assert_refused(
        &create(&sim, "admin", empty).await,
        "variants",
        "at least one variant",
    );
    let blank = with(&|i| i["variants"][0]["content"] = json!("  "));
    assert_refused(
        &create(&sim, "admin", blank).await,
        "variants",
        "needs its content",
    );
    let no_locale = with(&|i| {
        if let Some(o) = i.as_object_mut() {
            o.remove("default_locale_id");
        }
    });
    assert_refused(
        &create(&sim, "admin", no_locale).await,
        "default_locale_id",
        "cannot be blank",
    );
    // The name is unique, and so is the placeholder it makes.
    let taken = with(&|i| i["name"] = json!("SIGN-OFF  (short)"));
    assert_refused(
        &create(&sim, "admin", taken).await,
        "name",
        "has already been taken",
    );
    let same_placeholder = with(&|i| i["name"] = json!("Sign off: short"));
    assert_refused(
        &create(&sim, "admin", same_placeholder).await,
        "name",
        "{{dc.sign_off_short}} is already used",
    );
    let nameless = with(&|i| i["name"] = json!(""));
    assert_refused(
        &create(&sim, "admin", nameless).await,
        "name",
        "cannot be blank",
    );
    assert_eq!(sim.config("acme").await, before, "nothing written");
}

#[tokio::test]
async fn variants_follow_the_references_rules() {
    let sim = sim();
    let (id, en, nl) = make_signature(&sim).await;
    let variants = format!("/api/v2/dynamic_content/items/{id}/variants.json");
    let before = sim.config("acme").await;
    // One per locale.
    let again = call(
        &sim,
        "POST",
        &variants,
        Some(json!({"variant": {"locale_id": NL, "content": "Groeten"}})),
    )
    .await;
    assert_refused(&again, "locale_id", "already has a variant in locale 1005");
    // The default variant stays active and the default until another one takes over, and stays.
    let off = call(
        &sim,
        "PUT",
        &variant_url(id, en),
        Some(json!({"variant": {"active": false}})),
    )
    .await;
    assert_refused(
        &off,
        "active",
        "can't switch the active state of the default variant",
    );
    let undefault = call(
        &sim,
        "PUT",
        &variant_url(id, en),
        Some(json!({"variant": {"default": false}})),
    )
    .await;
    assert_refused(
        &undefault,
        "default",
        "Make another variant default instead",
    );
    let delete = call(&sim, "DELETE", &variant_url(id, en), None).await;
    assert_invalid(&delete, "base");
    assert_eq!(sim.config("acme").await, before, "nothing written");
    // A new locale is fine.
    let es = call(
        &sim,
        "POST",
        &variants,
        Some(json!({"variant": {"locale_id": ES, "content": "Saludos, Acme IT", "active": true}})),
    )
    .await;
    assert_eq!(es["status"], 201, "{es}");
    let es_id = es["responseJSON"]["variant"]["id"]
        .as_u64()
        .unwrap_or_default();
    assert!(es_id > nl);
    // The default's content changes: the others are outdated, and so is the item.
    let changed = call(
        &sim,
        "PUT",
        &variant_url(id, en),
        Some(json!({"variant": {"content": "Best regards, Acme IT"}})),
    )
    .await;
    assert_eq!(changed["status"], 200, "{changed}");
    let item = stored(&sim, id).await;
    assert_eq!(item["outdated"], true);
    let outdated = |item: &Value, v: u64| {
        item["variants"]
            .as_array()
            .and_then(|vs| vs.iter().find(|x| x["id"] == v))
            .map(|x| x["outdated"].clone())
    };
    assert_eq!(outdated(&item, en), Some(json!(false)));
    assert_eq!(outdated(&item, nl), Some(json!(true)));
    // Translating the others brings the item up to date.
    for v in [nl, es_id] {
        let answer = call(
            &sim,
            "PUT",
            &variant_url(id, v),
            Some(json!({"variant": {"content": "Bijgewerkt"}})),
        )
        .await;
        assert_eq!(answer["status"], 200, "{answer}");
    }
    assert_eq!(stored(&sim, id).await["outdated"], false);
    // Another variant becomes the default, taking the default locale with it.
    let moved = call(
        &sim,
        "PUT",
        &variant_url(id, nl),
        Some(json!({"variant": {"default": true}})),
    )
    .await;
    assert_eq!(moved["status"], 200, "{moved}");
    let item = stored(&sim, id).await;
    assert_eq!(item["default_locale_id"], NL);
    assert_eq!(
        item["variants"]
            .as_array()
            .map(|vs| vs.iter().filter(|v| v["default"] == true).count()),
        Some(1)
    );
    // Now the English one can go.
    let gone = call(&sim, "DELETE", &variant_url(id, en), None).await;
    assert_eq!(gone["status"], 204, "{gone}");
    let shown = call(&sim, "GET", &variant_url(id, en), None).await;
    assert_eq!(shown["status"], 404);
}

#[tokio::test]
async fn an_item_in_use_is_not_deleted() {
    let sim = sim();
    let used = sim
        .api("globex", "admin", "DELETE", &items_url(GREETING), None)
        .await;
    assert_refused(&used, "base", "being used by trigger");
    assert!(
        used.to_string().contains("Route hardware requests"),
        "{used}"
    );
    assert!(has(
        &sim.config("globex").await["dynamic_content"],
        "name",
        "Greeting"
    ));
    let (id, _, _) = make_signature(&sim).await;
    let gone = call(&sim, "DELETE", &items_url(id), None).await;
    assert_eq!(gone["status"], 204, "{gone}");
    assert_eq!(stored(&sim, id).await, Value::Null);
}

#[tokio::test]
async fn only_admins_and_dynamic_content_managers_write() {
    let sim = sim();
    let before = sim.config("acme").await;
    // Alan's Team lead role lacks manage_dynamic_content; Sam has no custom role.
    for user in ["agent", "shared"] {
        assert_forbidden(&create(&sim, user, signature()).await, user);
        let list = sim
            .api(
                "acme",
                user,
                "GET",
                "/api/v2/dynamic_content/items.json",
                None,
            )
            .await;
        assert_forbidden(&list, user);
    }
    assert_eq!(sim.config("acme").await, before, "nothing written");
    // With the permission, Alan may.
    {
        let mut world = sim.state.lock();
        let acme = world.account_mut("acme").unwrap_or_else(|| panic!("acme"));
        let lead = acme
            .custom_roles
            .iter_mut()
            .find(|r| r.name == "Team lead")
            .unwrap_or_else(|| panic!("Team lead"));
        lead.configuration
            .insert("manage_dynamic_content".into(), json!(true));
    }
    assert_eq!(create(&sim, "agent", signature()).await["status"], 201);
}

#[tokio::test]
async fn plans_below_professional_have_no_dynamic_content() {
    let sim = sim();
    sim.call(
        "POST",
        "/sim/accounts/acme",
        Some(json!({"plan": "growth"})),
    )
    .await;
    let list = call(&sim, "GET", "/api/v2/dynamic_content/items.json", None).await;
    assert_forbidden(&list, "Growth");
    assert_forbidden(&create(&sim, "admin", signature()).await, "Growth");
    sim.call(
        "POST",
        "/sim/accounts/acme",
        Some(json!({"plan": "professional"})),
    )
    .await;
    assert_eq!(
        call(&sim, "GET", "/api/v2/dynamic_content/items.json", None).await["status"],
        200
    );
}
