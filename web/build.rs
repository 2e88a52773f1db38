//! Extracts the boot strings from `static/translations/en.json`: the few English strings the app
//! shows before (or without) its translation files: loading, could not start, outside Zendesk.
//! Everything else is fetched from `assets/i18n/` at start (see src/i18n), which keeps the wasm
//! small while the strings still live only in the translation files.

use std::path::Path;

/// The `ui` sections compiled in.
const BOOT_SECTIONS: &[&str] = &["app", "common"];

fn main() {
    let source = "../static/translations/en.json";
    println!("cargo::rerun-if-changed={source}");
    let text = std::fs::read_to_string(source).expect("../static/translations/en.json is readable");
    let en: serde_json::Value = serde_json::from_str(&text).expect("en.json is JSON");
    let mut boot = serde_json::Map::new();
    for section in BOOT_SECTIONS {
        let value = en["ui"].get(*section).cloned();
        boot.insert(
            section.to_string(),
            value.unwrap_or_else(|| panic!("en.json has no ui.{section}")),
        );
    }
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let body = serde_json::json!({ "ui": boot }).to_string();
    std::fs::write(Path::new(&out).join("boot_en.json"), body).expect("OUT_DIR is writable");
}
