//! How a permission's value reads, and the grouped permission list (plain render functions).

use deskset_domain::i18n::Translator;
use deskset_domain::role_schema::{in_group, permission, Group, Kind, Permission};
use deskset_domain::roles::CustomRole;
use serde_json::Value;
use yew::prelude::*;

/// A permission's value in words: yes/no, the value's label, the scopes of each custom object,
/// "Not set"; anything deskset does not know as its JSON.
pub fn value_text(
    t: &Translator,
    p: Option<&Permission>,
    key: &str,
    value: Option<&Value>,
) -> String {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return t.t("perm_value.unset");
    };
    match (p.map(|p| p.kind), value) {
        (Some(Kind::Bool), Value::Bool(true)) => t.t("perm_value.yes"),
        (Some(Kind::Bool), Value::Bool(false)) => t.t("perm_value.no"),
        (Some(Kind::Choice(_)), Value::String(v)) => {
            let key = format!("perm.{key}.values.{v}");
            let label = t.t(&key);
            // A value Zendesk added after this release reads as itself.
            if label == key {
                v.clone()
            } else {
                label
            }
        }
        (Some(Kind::CustomObjects), Value::Object(objects)) if !objects.is_empty() => objects
            .iter()
            .map(|(object, grant)| {
                let scopes: Vec<String> = grant
                    .get("scopes")
                    .and_then(Value::as_array)
                    .map(|s| {
                        s.iter()
                            .filter_map(Value::as_str)
                            .map(|s| t.t(&format!("perm.custom_objects.scopes.{s}")))
                            .collect()
                    })
                    .unwrap_or_default();
                format!("{object}: {}", scopes.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; "),
        (Some(Kind::CustomObjects), _) => t.t("perm_value.unset"),
        _ => value.to_string(),
    }
}

/// The label of a permission, or of a key deskset does not know.
pub fn label(t: &Translator, key: &str) -> String {
    match permission(key) {
        Some(p) => t.t(&p.label_key()),
        None => t.t_with("perm_value.unknown_permission", &[("key", key)]),
    }
}

/// Every permission of `role`, grouped as Admin Center groups them, read-only ones marked;
/// then the permissions deskset does not know.
pub fn grouped(t: &Translator, role: &CustomRole) -> Html {
    let empty = serde_json::Map::new();
    let config = role.configuration().unwrap_or(&empty);
    let unknown: Vec<(&String, &Value)> = config
        .iter()
        .filter(|(k, _)| permission(k).is_none())
        .collect();
    html! {
        <div class="ds-perms">
            { for Group::ALL.iter().map(|g| group(t, *g, config)) }
            if !unknown.is_empty() {
                <section class="ds-perm-group" data-group="unknown">
                    <h3 class="ds-perm-group__title">{ t.t("perm_group.other") }</h3>
                    <dl class="ds-perm-list">
                        { for unknown.iter().map(|(k, v)| html! {
                            <div class="ds-perm">
                                <dt>{ label(t, k) }</dt>
                                <dd>{ v.to_string() }</dd>
                            </div>
                        }) }
                    </dl>
                </section>
            }
        </div>
    }
}

fn group(t: &Translator, g: Group, config: &serde_json::Map<String, Value>) -> Html {
    html! {
        <section class="ds-perm-group" data-group={g.id()}>
            <h3 class="ds-perm-group__title">{ t.t(&format!("perm_group.{}", g.id())) }</h3>
            <dl class="ds-perm-list">
                { for in_group(g).map(|p| html! {
                    <div class="ds-perm" data-key={p.key}>
                        <dt>
                            { t.t(&p.label_key()) }
                            if p.read_only {
                                <span class="ds-badge" title={t.t("perm_value.read_only_help")}>{ t.t("perm_value.read_only") }</span>
                            }
                            <span class="ds-help">{ t.t(&p.help_key()) }</span>
                        </dt>
                        <dd>{ value_text(t, Some(p), p.key, config.get(p.key)) }</dd>
                    </div>
                }) }
            </dl>
        </section>
    }
}
