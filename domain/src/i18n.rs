//! Translations: which locale a user gets, and looking strings up with fallback to English.
//!
//! The strings live in `static/translations/<locale>.json`, one file per locale: what Zendesk
//! reads for each app's name and settings labels (under `app` for the console, `tile_app` for the
//! tile; `cargo xtask dist` gives each app its own), and deskset's interface strings under `ui`,
//! nested by screen; a key is the dotted path below `ui` (`roles.title` is `{"ui": {"roles":
//! {"title": ...}}}`).

use serde_json::{Map, Value};

/// The locales deskset ships, English first (the fallback).
pub const LOCALES: &[&str] = &["en", "fr", "nl", "zh-cn"];

/// The locale to use for a Zendesk user locale such as `en-US`, `fr`, `nl-BE`, `zh-CN`.
///
/// An exact match wins, then the language alone. Chinese is shipped only in Simplified script,
/// so only Simplified variants (`zh`, `zh-cn`, `zh-sg`, `zh-hans*`) get it; Traditional Chinese
/// users get English rather than a script they may not read. Anything unknown gets English.
pub fn negotiate(user_locale: &str) -> &'static str {
    let wanted = user_locale.trim().to_ascii_lowercase().replace('_', "-");
    if let Some(exact) = LOCALES.iter().find(|l| **l == wanted) {
        return exact;
    }
    let mut parts = wanted.split('-');
    let language = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    if language == "zh" {
        let simplified = rest.is_empty()
            || rest
                .iter()
                .any(|p| matches!(*p, "cn" | "sg" | "hans" | "my"));
        return if simplified { "zh-cn" } else { "en" };
    }
    LOCALES
        .iter()
        .find(|l| **l == language)
        .copied()
        .unwrap_or("en")
}

/// Why a translation file could not be read.
#[derive(Debug, PartialEq, Eq)]
pub enum CatalogError {
    /// The file is not JSON.
    Json(String),
    /// The file has no `ui` object.
    NoUi,
    /// A value under `ui` is neither a string nor an object.
    NotText(String),
}

/// One locale's interface strings, flattened to dotted keys. (Kept in serde_json's map, which
/// the app links anyway, rather than a second hash map type: see docs/size.md.)
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    strings: Map<String, Value>,
}

impl Catalog {
    /// Reads a translation file's `ui` section.
    pub fn from_json(text: &str) -> Result<Self, CatalogError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| CatalogError::Json(e.to_string()))?;
        let ui = value.get("ui").ok_or(CatalogError::NoUi)?;
        let mut strings = Map::new();
        flatten("", ui, &mut strings)?;
        Ok(Self { strings })
    }

    /// The string for `key`, if this locale has it.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.strings.get(key).and_then(Value::as_str)
    }

    /// Every key, sorted (for checking that locales agree).
    pub fn keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.strings.keys().map(String::as_str).collect();
        keys.sort_unstable();
        keys
    }
}

fn flatten(prefix: &str, value: &Value, out: &mut Map<String, Value>) -> Result<(), CatalogError> {
    match value {
        Value::String(_) => {
            out.insert(prefix.to_string(), value.clone());
            Ok(())
        }
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out)?;
            }
            Ok(())
        }
        _ => Err(CatalogError::NotText(prefix.to_string())),
    }
}

/// Looks strings up in the user's locale, then in English, then shows the key itself
/// (a visible key is a bug to fix, but never a crash or an empty screen).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Translator {
    locale: String,
    primary: Catalog,
    fallback: Catalog,
}

impl Translator {
    /// A translator for `locale` with `primary` strings and English `fallback` strings.
    pub fn new(locale: &str, primary: Catalog, fallback: Catalog) -> Self {
        Self {
            locale: locale.to_string(),
            primary,
            fallback,
        }
    }

    /// The locale in use (a member of [`LOCALES`]), e.g. for date formatting.
    pub fn locale(&self) -> &str {
        &self.locale
    }

    /// The string for `key`.
    pub fn t(&self, key: &str) -> String {
        self.primary
            .get(key)
            .or_else(|| self.fallback.get(key))
            .unwrap_or(key)
            .to_string()
    }

    /// The string for `key` with `{name}` placeholders filled from `args`.
    /// Placeholders without a value are left as they are.
    pub fn t_with(&self, key: &str, args: &[(&str, &str)]) -> String {
        interpolate(&self.t(key), args)
    }
}

/// Fills `{name}` placeholders in `template`.
pub fn interpolate(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// How names are put in a reader's order: a key made once per name, compared many times. The
/// apps' collation is the browser's (`Intl.Collator`), where a comparison of two keys made
/// beforehand costs far less than one that first hands both names to the browser (issue 12: a
/// sort of 197 roles made about 1,600 comparisons). Any `Fn(&str, &str) -> Ordering` is one,
/// with the name itself as its key (tests, native code).
pub trait Collation {
    type Key;
    fn key(&self, name: &str) -> Self::Key;
    fn compare(&self, a: &Self::Key, b: &Self::Key) -> std::cmp::Ordering;
}

impl<F: Fn(&str, &str) -> std::cmp::Ordering> Collation for F {
    type Key = String;
    fn key(&self, name: &str) -> String {
        name.to_string()
    }
    fn compare(&self, a: &String, b: &String) -> std::cmp::Ordering {
        self(a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_prefers_exact_then_language_then_english() {
        assert_eq!(negotiate("fr"), "fr");
        assert_eq!(negotiate("fr-CA"), "fr");
        assert_eq!(negotiate("nl-BE"), "nl");
        assert_eq!(negotiate("en-US"), "en");
        assert_eq!(negotiate("en-gb"), "en");
        assert_eq!(negotiate("zh-CN"), "zh-cn");
        assert_eq!(negotiate("zh_cn"), "zh-cn");
        assert_eq!(negotiate("zh"), "zh-cn");
        assert_eq!(negotiate("zh-Hans-SG"), "zh-cn");
        assert_eq!(negotiate("zh-TW"), "en");
        assert_eq!(negotiate("de"), "en");
        assert_eq!(negotiate(""), "en");
        assert_eq!(negotiate("  FR  "), "fr");
    }

    #[test]
    fn catalog_flattens_ui_and_ignores_app_section() {
        let c = Catalog::from_json(
            r#"{"app": {"name": "deskset"}, "ui": {"roles": {"title": "Roles", "count": "{n} roles"}, "ok": "OK"}}"#,
        )
        .unwrap();
        assert_eq!(c.get("roles.title"), Some("Roles"));
        assert_eq!(c.get("ok"), Some("OK"));
        assert_eq!(c.get("name"), None);
        assert_eq!(c.keys(), vec!["ok", "roles.count", "roles.title"]);
    }

    #[test]
    fn catalog_errors_are_reported() {
        assert!(matches!(
            Catalog::from_json("{"),
            Err(CatalogError::Json(_))
        ));
        assert_eq!(
            Catalog::from_json(r#"{"app": {}}"#),
            Err(CatalogError::NoUi)
        );
        assert_eq!(
            Catalog::from_json(r#"{"ui": {"a": {"b": 3}}}"#),
            Err(CatalogError::NotText("a.b".into()))
        );
    }

    #[test]
    fn lookup_falls_back_to_english_then_key() {
        let fr = Catalog::from_json(r#"{"ui": {"a": "un"}}"#).unwrap();
        let en = Catalog::from_json(r#"{"ui": {"a": "one", "b": "two"}}"#).unwrap();
        let t = Translator::new("fr", fr, en);
        assert_eq!(t.t("a"), "un");
        assert_eq!(t.t("b"), "two");
        assert_eq!(t.t("c.missing"), "c.missing");
        assert_eq!(t.locale(), "fr");
    }

    #[test]
    fn interpolation_fills_known_and_keeps_unknown() {
        assert_eq!(
            interpolate("{n} of {total}", &[("n", "3"), ("total", "5")]),
            "3 of 5"
        );
        assert_eq!(interpolate("{x} and {y}", &[("x", "1")]), "1 and {y}");
        assert_eq!(interpolate("open { brace", &[]), "open { brace");
        assert_eq!(interpolate("{n}{n}", &[("n", "ab")]), "abab");
        // A value that looks like a placeholder is not expanded again.
        assert_eq!(interpolate("{a}", &[("a", "{b}"), ("b", "x")]), "{b}");
    }

    /// Every shipped locale parses and has exactly English's keys: a missing translation
    /// would silently fall back to English, an extra key is a leftover.
    #[test]
    fn shipped_translations_agree_with_english() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../static/translations");
        let read = |l: &str| {
            let text = std::fs::read_to_string(format!("{dir}/{l}.json"))
                .unwrap_or_else(|e| panic!("{l}.json: {e}"));
            Catalog::from_json(&text).unwrap_or_else(|e| panic!("{l}.json: {e:?}"))
        };
        let en = read("en");
        assert!(!en.keys().is_empty());
        for locale in LOCALES {
            let other = read(locale);
            assert_eq!(
                other.keys(),
                en.keys(),
                "{locale}.json keys differ from en.json"
            );
            for key in en.keys() {
                // Placeholders must survive translation, or a value silently disappears.
                let want = placeholders(en.get(key).unwrap_or_default());
                let got = placeholders(other.get(key).unwrap_or_default());
                assert_eq!(got, want, "{locale}.json {key}: placeholders differ");
            }
        }
    }

    /// Every permission, choice value, group, validation problem and import error the role
    /// screens can show has its English string (the other locales follow from the test above).
    #[test]
    fn every_permission_has_its_strings() {
        use crate::role_edit::ImportError;
        use crate::role_schema::{Group, Kind, OBJECT_SCOPES, PERMISSIONS};
        use crate::role_validation::Problem;

        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../static/translations/en.json"
        );
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("en.json: {e}"));
        let en = Catalog::from_json(&text).unwrap_or_else(|e| panic!("en.json: {e:?}"));
        let mut missing: Vec<String> = Vec::new();
        let mut need = |key: String| {
            if en.get(&key).is_none_or(|s| s.trim().is_empty()) {
                missing.push(key);
            }
        };

        for p in PERMISSIONS {
            need(p.label_key());
            need(p.help_key());
            match p.kind {
                Kind::Choice(values) => {
                    for value in values {
                        need(format!("perm.{}.values.{value}", p.key));
                    }
                }
                Kind::CustomObjects => {
                    for scope in OBJECT_SCOPES {
                        need(format!("perm.{}.scopes.{scope}", p.key));
                    }
                }
                Kind::Bool | Kind::Object => {}
            }
        }
        for group in Group::ALL {
            need(format!("perm_group.{}", group.id()));
        }
        for key in ["yes", "no", "unset", "unknown_permission"] {
            need(format!("perm_value.{key}"));
        }
        let problems = [
            Problem::NameRequired,
            Problem::NameTaken,
            Problem::NameReserved,
            Problem::TooManyRoles,
            Problem::NotAllowed,
            Problem::ReadOnly,
            Problem::ScopesNeedRead,
        ];
        for problem in &problems {
            need(problem.i18n_key().to_string());
        }
        for error in [ImportError::NotJson, ImportError::NotARole] {
            need(error.i18n_key().to_string());
        }
        assert!(missing.is_empty(), "en.json lacks: {missing:?}");

        // The placeholders the screens fill in.
        assert_eq!(
            placeholders(en.get("perm_value.unknown_permission").unwrap_or_default()),
            vec!["key"]
        );
        assert_eq!(
            placeholders(en.get(Problem::TooManyRoles.i18n_key()).unwrap_or_default()),
            vec!["max"]
        );
    }

    fn placeholders(s: &str) -> Vec<String> {
        let mut v: Vec<String> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
            .collect();
        v.sort();
        v
    }
}
