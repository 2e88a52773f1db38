//! The two manifests (the console's and the tile's) and the strings Zendesk shows for them:
//! every parameter has its label and help in every shipped locale, the secure ones are
//! header-scoped with no default, each app declares only its own locations, hosts and settings,
//! and the tile reads exactly the parameters its manifest declares.

use deskset_domain::i18n::{Catalog, LOCALES};
use deskset_domain::tile::setting;
use serde_json::Value;

fn read(path: &str) -> Value {
    let full = format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// Each app: its manifest and the section of the translation files Zendesk reads for it.
const APPS: [(&str, &str); 2] = [("manifest.json", "app"), ("tile/manifest.json", "tile_app")];

fn parameters(manifest: &str) -> Vec<Value> {
    read(manifest)["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn every_parameter_has_a_label_and_help_in_every_locale() {
    for (manifest, section) in APPS {
        let params = parameters(manifest);
        assert!(!params.is_empty(), "{manifest}");
        for locale in LOCALES {
            let file = read(&format!("static/translations/{locale}.json"));
            assert!(
                file[section]["name"]
                    .as_str()
                    .is_some_and(|n| !n.is_empty()),
                "{locale}.json lacks {section}.name"
            );
            for p in &params {
                let name = p["name"].as_str().unwrap();
                for part in ["label", "helpText"] {
                    let text = file[section]["parameters"][name][part]
                        .as_str()
                        .unwrap_or("");
                    assert!(
                        !text.trim().is_empty(),
                        "{locale}.json lacks {section}.parameters.{name}.{part}"
                    );
                }
            }
            let translated = file[section]["parameters"].as_object().unwrap();
            assert_eq!(
                translated.len(),
                params.len(),
                "{locale}.json: {section}.parameters has leftovers"
            );
        }
    }
}

#[test]
fn each_app_declares_only_its_own_locations_hosts_and_settings() {
    let console = read("manifest.json");
    let tile = read("tile/manifest.json");
    let locations = |m: &Value| -> Vec<String> {
        m["location"]["support"]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    assert_eq!(locations(&console), ["nav_bar"]);
    assert_eq!(
        locations(&tile),
        ["top_bar", "ticket_sidebar", "user_sidebar"]
    );
    // The console's share tokens can travel only to Zendesk; the tile reaches only Autotask.
    assert_eq!(
        console["domainWhitelist"],
        serde_json::json!(["zendesk.com"])
    );
    assert_eq!(tile["domainWhitelist"], serde_json::json!(["autotask.net"]));
    let names = |m: &str| -> Vec<String> {
        parameters(m)
            .iter()
            .filter_map(|p| p["name"].as_str().map(str::to_string))
            .collect()
    };
    let mut want: Vec<String> = ["registration", "configurations", "shares"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    want.extend((1..=10).map(|n| format!("share_auth_{n}")));
    want.extend(["deploy_log".to_string(), "deploy_undo".to_string()]);
    assert_eq!(names("manifest.json"), want);
    assert!(names("tile/manifest.json")
        .iter()
        .all(|n| n.starts_with("autotask_")));
    for p in parameters("manifest.json") {
        let name = p["name"].as_str().unwrap_or_default();
        let secure = p["secure"] == Value::Bool(true);
        assert_eq!(secure, name.starts_with("share_auth_"), "{name}");
        if secure {
            assert_eq!(p["scopes"], serde_json::json!(["header"]), "{name}");
            assert!(p.get("default").is_none(), "{name}");
        }
    }
    assert_eq!(console["version"], tile["version"], "released together");
}

#[test]
fn the_tile_reads_what_the_manifest_declares_and_secrets_are_secure() {
    let params = parameters("tile/manifest.json");
    let find = |name: &str| {
        params
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("tile/manifest.json has no parameter {name}"))
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
        "autotask.not_configured.username".into(),
        "autotask.not_configured.integration_code".into(),
        "autotask.not_configured.where".into(),
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
