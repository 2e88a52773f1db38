//! Named configurations (ARCHITECTURE.md: the `configurations` setting): in a source account, a
//! name, a description and components (`{type, name}`) picked from its items of each type a
//! deploy moves ([`KINDS`]); a target reads them through a share. Names are the identity across
//! accounts (ids differ).

use crate::http::{Explain, HttpError};
use crate::share::json_setting;
use serde_json::{json, Map, Value};

/// A kind of component: a row of the deploy's table of types (where the account lists them, the
/// field that names an item).
pub use crate::deploy::types::TypeSpec as Kind;

/// The kinds a configuration can hold, in the order the editor shows them.
pub const KINDS: [&Kind; crate::deploy::types::TYPES.len()] = crate::deploy::types::TYPES;

pub fn kind(key: &str) -> Option<&'static Kind> {
    crate::deploy::types::spec(key)
}

/// A 403 or 404 on a picker's list: the type is not on this plan (custom roles need Enterprise)
/// or not for this user, so there is nothing of it to pick, not an error.
pub fn nothing_to_pick(status: Option<u16>) -> bool {
    matches!(status, Some(403 | 404))
}

/// The names of a list answer's items, and the next page to ask for (a path on the same
/// account: Zendesk gives `links.next` as an absolute URL; the app asks its own account by path).
/// The items are those a deploy reads ([`crate::deploy::page`]): no deleted group, no agent's
/// personal macro or view, so the editor offers only what a deploy can find.
pub fn names_in_page(kind: &Kind, body: &Value) -> (Vec<String>, Option<String>) {
    let (items, next) = crate::deploy::page(kind, body);
    let names = items
        .iter()
        .filter_map(|item| item.get(kind.name_field).and_then(Value::as_str))
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    (names, next)
}

/// The most pages of one list the editor reads (100 items each): as many as a deploy reads
/// ([`crate::deploy::MAX_PAGES`]), so whatever the editor offers a deploy can plan.
pub const MAX_PAGES: usize = crate::deploy::MAX_PAGES;

/// Why the editor could not list this account's items of a kind.
#[derive(Debug, Clone, PartialEq)]
pub enum ListError {
    Http(HttpError),
    /// The list went on past [`MAX_PAGES`] pages: rather than offer part of it, the editor says so.
    TooMany,
}

impl Explain for ListError {
    fn i18n_key(&self) -> &'static str {
        match self {
            ListError::Http(e) => e.i18n_key(),
            ListError::TooMany => "configurations.too_many",
        }
    }

    fn detail(&self) -> Option<&str> {
        match self {
            ListError::Http(e) => e.detail(),
            ListError::TooMany => None,
        }
    }
}

/// The next page of a cursor-paged list answer, as a path (`links.next` is an absolute URL of
/// the same account; only an `/api/v2/` path is followed), while `meta.has_more` says there is one.
pub fn next_path(body: &Value) -> Option<String> {
    let more = body
        .get("meta")
        .and_then(|m| m.get("has_more"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    more.then(|| body.get("links")?.get("next")?.as_str())
        .flatten()
        .and_then(|url| {
            let rest = url.strip_prefix("https://")?;
            rest.find('/').map(|i| rest[i..].to_string())
        })
        .filter(|p| p.starts_with("/api/v2/"))
}

/// One named configuration; fields deskset does not know are kept.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Configuration(pub Map<String, Value>);

impl Configuration {
    pub fn name(&self) -> &str {
        self.0
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    pub fn description(&self) -> &str {
        self.0
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// The components as (type, name), in order; malformed entries skipped.
    pub fn components(&self) -> Vec<(String, String)> {
        self.0
            .get("components")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|c| {
                Some((
                    c.get("type")?.as_str()?.to_string(),
                    c.get("name")?.as_str()?.to_string(),
                ))
            })
            .collect()
    }

    pub fn has(&self, kind: &str, name: &str) -> bool {
        self.components()
            .iter()
            .any(|(k, n)| k == kind && n == name)
    }

    pub fn set_name(&mut self, name: &str) {
        self.0.insert("name".into(), json!(name));
    }

    pub fn set_description(&mut self, text: &str) {
        self.0.insert("description".into(), json!(text));
    }

    /// Adds or removes one component, keeping the others (and their unknown fields) in order.
    pub fn toggle(&mut self, kind: &str, name: &str, on: bool) {
        let mut list: Vec<Value> = self
            .0
            .get("components")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let is_it = |c: &Value| {
            c.get("type").and_then(Value::as_str) == Some(kind)
                && c.get("name").and_then(Value::as_str) == Some(name)
        };
        list.retain(|c| !is_it(c));
        if on {
            list.push(json!({"type": kind, "name": name}));
        }
        self.0.insert("components".into(), Value::Array(list));
    }
}

/// The `configurations` setting's entries.
pub fn read(setting: Option<&Value>) -> Vec<Configuration> {
    match json_setting(setting) {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|v| match v {
                Value::Object(m) => Some(Configuration(m)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The setting's value (JSON text).
pub fn to_setting(list: &[Configuration]) -> Value {
    Value::String(
        Value::Array(list.iter().map(|c| Value::Object(c.0.clone())).collect()).to_string(),
    )
}

/// What is wrong with a configuration before saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    NameRequired,
    NameTaken,
    NoComponents,
}

impl Problem {
    pub fn i18n_key(self) -> &'static str {
        match self {
            Problem::NameRequired => "configurations.errors.name_required",
            Problem::NameTaken => "configurations.errors.name_taken",
            Problem::NoComponents => "configurations.errors.no_components",
        }
    }
}

/// Checks `edited` against the others (`editing`: the index it replaces, if any).
pub fn validate(
    edited: &Configuration,
    all: &[Configuration],
    editing: Option<usize>,
) -> Result<(), Problem> {
    let name = edited.name().trim();
    if name.is_empty() {
        return Err(Problem::NameRequired);
    }
    let taken = all
        .iter()
        .enumerate()
        .any(|(i, c)| Some(i) != editing && c.name().trim().eq_ignore_ascii_case(name));
    if taken {
        return Err(Problem::NameTaken);
    }
    if edited.components().is_empty() {
        return Err(Problem::NoComponents);
    }
    Ok(())
}

/// A change to the list, applied to the list as it is now (read afresh before writing), so
/// another admin's change meanwhile is kept; entries are found by name, not position.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A new configuration (`original: None`) or the one that was called `original`.
    Save {
        original: Option<String>,
        edited: Configuration,
    },
    Delete(String),
}

fn position(all: &[Configuration], name: &str) -> Option<usize> {
    all.iter()
        .position(|c| c.name().trim().eq_ignore_ascii_case(name.trim()))
}

/// Applies `change` to `all`; a save is checked against the others first.
pub fn apply(mut all: Vec<Configuration>, change: &Change) -> Result<Vec<Configuration>, Problem> {
    match change {
        Change::Save { original, edited } => {
            let at = original.as_deref().and_then(|n| position(&all, n));
            validate(edited, &all, at)?;
            let mut edited = edited.clone();
            let name = edited.name().trim().to_string();
            edited.set_name(&name);
            match at {
                Some(i) => all[i] = edited,
                // New, or deleted meanwhile: saved as new.
                None => all.push(edited),
            }
        }
        Change::Delete(name) => {
            if let Some(i) = position(&all, name) {
                all.remove(i);
            }
        }
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_refused_by_plan_or_role_has_nothing_to_pick() {
        assert!(nothing_to_pick(Some(403)));
        assert!(nothing_to_pick(Some(404)));
        assert!(!nothing_to_pick(Some(500)));
        assert!(!nothing_to_pick(None));
    }

    fn conf(v: Value) -> Configuration {
        Configuration(v.as_object().unwrap().clone())
    }

    #[test]
    fn pages_give_names_and_a_path_on_the_same_account() {
        let k = kind("macros").unwrap();
        let body = json!({"macros": [{"title": "Close and thank"}, {"title": " "}, {"id": 3}],
            "meta": {"has_more": true, "after_cursor": "x"},
            "links": {"next": "https://acme.zendesk.com/api/v2/macros?page%5Bafter%5D=x&page%5Bsize%5D=100"}});
        let (names, next) = names_in_page(k, &body);
        assert_eq!(names, ["Close and thank"]);
        assert_eq!(
            next.as_deref(),
            Some("/api/v2/macros?page%5Bafter%5D=x&page%5Bsize%5D=100")
        );
        let last = json!({"macros": [], "meta": {"has_more": false}, "links": {"next": "https://acme.zendesk.com/api/v2/macros?x"}});
        assert_eq!(names_in_page(k, &last).1, None, "has_more false: the end");
        let odd = json!({"meta": {"has_more": true}, "links": {"next": "https://evil.example/elsewhere"}});
        assert_eq!(names_in_page(k, &odd).1, None);
        // What a deploy cannot find is not offered: an agent's personal view, a deleted group.
        let views = json!({"views": [{"title": "Mine", "restriction": {"type": "User", "id": 1}},
            {"title": "Billing queue", "restriction": {"type": "Group", "id": 2}}, {"title": "All"}]});
        assert_eq!(
            names_in_page(kind("views").unwrap(), &views).0,
            ["Billing queue", "All"]
        );
        let groups = json!({"groups": [{"name": "Gone", "deleted": true}, {"name": "Here"}]});
        assert_eq!(names_in_page(kind("groups").unwrap(), &groups).0, ["Here"]);
        let roles = json!({"custom_roles": [{"name": "Tier 2"}]});
        assert_eq!(
            names_in_page(kind("custom_roles").unwrap(), &roles).0,
            ["Tier 2"]
        );
    }

    #[test]
    fn configurations_are_edited_keeping_unknown_fields() {
        let text = json!([{"name": "Starter", "description": "d", "components": [
            {"type": "groups", "name": "Tier 1", "extra": 1}, {"type": "views", "name": "Mine"}], "owner": "x"}, 7]);
        let list = read(Some(&Value::String(text.to_string())));
        assert_eq!(list.len(), 1);
        let mut c = list[0].clone();
        assert!(c.has("groups", "Tier 1"));
        c.toggle("views", "Mine", false);
        c.toggle("macros", "Close", true);
        c.toggle("macros", "Close", true);
        assert_eq!(
            c.components(),
            [
                ("groups".to_string(), "Tier 1".to_string()),
                ("macros".into(), "Close".into())
            ]
        );
        let back = read(Some(&to_setting(&[c])));
        assert_eq!(back[0].0["owner"], "x");
        assert_eq!(back[0].0["components"][0]["extra"], 1);
        assert!(read(Some(&json!("nonsense"))).is_empty());
        assert!(read(None).is_empty());
    }

    #[test]
    fn changes_apply_to_the_list_as_it_is_now() {
        let c = |name: &str| {
            conf(json!({"name": name, "components": [{"type": "groups", "name": "G"}]}))
        };
        // Someone added "B" meanwhile: editing "A" keeps it.
        let now = vec![c("A"), c("B")];
        let edited = conf(json!({"name": " A2 ", "components": [{"type": "views", "name": "V"}]}));
        let out = apply(
            now.clone(),
            &Change::Save {
                original: Some("a".into()),
                edited,
            },
        )
        .unwrap();
        assert_eq!(
            out.iter().map(|x| x.name()).collect::<Vec<_>>(),
            ["A2", "B"]
        );
        assert_eq!(
            apply(
                now.clone(),
                &Change::Save {
                    original: None,
                    edited: c("b")
                }
            ),
            Err(Problem::NameTaken)
        );
        let out = apply(now.clone(), &Change::Delete("B".into())).unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(
            apply(now.clone(), &Change::Delete("gone".into())).unwrap(),
            now
        );
        let out = apply(
            vec![c("B")],
            &Change::Save {
                original: Some("A".into()),
                edited: c("A"),
            },
        )
        .unwrap();
        assert_eq!(out.len(), 2, "edited but deleted meanwhile: saved as new");
    }

    #[test]
    fn validation() {
        let a = conf(json!({"name": "Starter", "components": [{"type": "groups", "name": "G"}]}));
        let all = vec![a.clone()];
        let mut b =
            conf(json!({"name": " starter ", "components": [{"type": "groups", "name": "G"}]}));
        assert_eq!(validate(&b, &all, None), Err(Problem::NameTaken));
        assert_eq!(validate(&a, &all, Some(0)), Ok(()), "itself is not a clash");
        b.set_name("  ");
        assert_eq!(validate(&b, &all, None), Err(Problem::NameRequired));
        let empty = conf(json!({"name": "Other"}));
        assert_eq!(validate(&empty, &all, None), Err(Problem::NoComponents));
        for k in KINDS {
            assert!(k.list_path.starts_with("/api/v2/"));
        }
    }
}
