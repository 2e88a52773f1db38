//! The manifest's settings and the strings Zendesk and the tile show for them: every parameter
//! has its label and help in every shipped locale, the secure ones are header-scoped with no
//! default, and the tile reads exactly the parameters the manifest declares.

use deskset_domain::i18n::{Catalog, LOCALES};
use deskset_domain::tile::setting;
use serde_json::Value;

fn read(path: &str) -> Value {
    let full = format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn parameters() -> Vec<Value> {
    read("manifest.json")["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn every_parameter_has_a_label_and_help_in_every_locale() {
    let params = parameters();
    assert!(!params.is_empty());
    for locale in LOCALES {
        let file = read(&format!("static/translations/{locale}.json"));
        for p in &params {
            let name = p["name"].as_str().unwrap();
            for part in ["label", "helpText"] {
                let text = file["app"]["parameters"][name][part].as_str().unwrap_or("");
                assert!(
                    !text.trim().is_empty(),
                    "{locale}.json lacks app.parameters.{name}.{part}"
                );
            }
        }
        let translated = file["app"]["parameters"].as_object().unwrap();
        assert_eq!(
            translated.len(),
            params.len(),
            "{locale}.json: app.parameters has leftovers"
        );
    }
}

#[test]
fn the_tile_reads_what_the_manifest_declares_and_secrets_are_secure() {
    let params = parameters();
    let find = |name: &str| {
        params
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("manifest.json has no parameter {name}"))
            .clone()
    };
    for name in [
        setting::CONNECTION_NAME,
        setting::USERNAME,
        setting::USE_OWN_CODE,
        setting::WINDOW_DAYS,
    ] {
        assert_ne!(
            find(name)["secure"],
            Value::Bool(true),
            "{name} is readable"
        );
    }
    for name in [setting::SECRET, setting::INTEGRATION_CODE] {
        let p = find(name);
        assert_eq!(p["secure"], Value::Bool(true), "{name} is secure");
        assert_eq!(
            p["scopes"],
            serde_json::json!(["header"]),
            "{name}: header only"
        );
        assert!(
            p.get("default").is_none(),
            "{name}: no default for a secret"
        );
    }
    assert_eq!(find(setting::USE_OWN_CODE)["type"], "checkbox");
    assert_eq!(find(setting::WINDOW_DAYS)["type"], "number");
    assert_eq!(
        find(setting::WINDOW_DAYS)["default"],
        serde_json::json!(deskset_domain::autotask::DEFAULT_WINDOW_DAYS)
    );
    let manifest = read("manifest.json");
    assert!(manifest["domainWhitelist"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("autotask.net")));
    for location in ["top_bar", "ticket_sidebar", "user_sidebar", "nav_bar"] {
        assert!(
            manifest["location"]["support"][location].is_object(),
            "{location} declared"
        );
    }
}

#[test]
fn every_tile_state_has_its_strings() {
    let text = std::fs::read_to_string(format!(
        "{}/../static/translations/en.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let en = Catalog::from_json(&text).unwrap();
    let mut keys = vec![
        "autotask.not_configured.title".to_string(),
        "autotask.not_configured.admin".into(),
        "autotask.not_configured.agent".into(),
        "autotask.ask_admin".into(),
    ];
    for state in [
        "no_email",
        "no_contact",
        "several_contacts",
        "unknown_user",
        "wrong_secret",
        "bad_integration_code",
        "no_permission",
        "throttled",
        "unreachable",
        "other",
        "no_tickets",
    ] {
        keys.push(format!("autotask.{state}.title"));
        keys.push(format!("autotask.{state}.body"));
    }
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| en.get(k).is_none_or(|s| s.trim().is_empty()))
        .collect();
    assert!(missing.is_empty(), "en.json lacks {missing:?}");
}
