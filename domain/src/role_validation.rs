//! What Zendesk would refuse in a custom role, checked before sending so that the admin sees
//! every problem at once, next to its field, with nothing they typed lost.
//!
//! The rules (zendesk-api.md): a name is required, unique case-insensitively, and not a system
//! role's; at most [`MAX_CUSTOM_ROLES`] custom roles; each permission takes its allowed values;
//! read-only permissions do not change; a custom object scope list includes `read` when it has
//! any other scope.

use crate::role_schema::{permission, Kind, OBJECT_SCOPES};
use crate::roles::CustomRole;
use serde_json::Value;

/// Zendesk's limit of custom roles per account.
pub const MAX_CUSTOM_ROLES: usize = 197;

/// The names of Zendesk's system roles, which a custom role may not take.
pub const SYSTEM_ROLE_NAMES: &[&str] = &[
    "agent",
    "admin",
    "billing admin",
    "light agent",
    "contributor",
    "viewer",
];

/// One thing wrong with a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The name is blank.
    NameRequired,
    /// Another custom role has this name (in any case).
    NameTaken,
    /// The name is a system role's.
    NameReserved,
    /// The account already has [`MAX_CUSTOM_ROLES`] custom roles.
    TooManyRoles,
    /// The value is not one the permission takes.
    NotAllowed,
    /// A read-only permission was changed.
    ReadOnly,
    /// A custom object has scopes but not `read`.
    ScopesNeedRead,
}

impl Problem {
    /// The translation key that explains it.
    pub fn i18n_key(&self) -> &'static str {
        match self {
            Problem::NameRequired => "role_errors.name_required",
            Problem::NameTaken => "role_errors.name_taken",
            Problem::NameReserved => "role_errors.name_reserved",
            Problem::TooManyRoles => "role_errors.too_many",
            Problem::NotAllowed => "role_errors.not_allowed",
            Problem::ReadOnly => "role_errors.read_only",
            Problem::ScopesNeedRead => "role_errors.scopes_need_read",
        }
    }
}

/// A problem and where it is: `name`, `base` (the role as a whole), `configuration.<key>`, or
/// `configuration.custom_objects.<object>`. Zendesk's 422 `details` use the same kind of keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub field: String,
    pub problem: Problem,
}

fn issue(field: impl Into<String>, problem: Problem) -> Issue {
    Issue {
        field: field.into(),
        problem,
    }
}

/// A name as Zendesk compares it with system role names: folded case, and any run of spaces,
/// `-` and `_` as one space ("Billing-Admin" is "billing admin").
fn system_form(name: &str, fold: &impl Fn(&str) -> String) -> String {
    fold(name)
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every problem of `draft`, in field order. `original` is the role as Zendesk has it (`None`
/// when creating); `existing` is every custom role of the account. `fold` lower-cases text as
/// the person's locale does (the browser's in the app).
pub fn validate(
    draft: &CustomRole,
    original: Option<&CustomRole>,
    existing: &[CustomRole],
    fold: impl Fn(&str) -> String,
) -> Vec<Issue> {
    let mut issues = Vec::new();
    if original.is_none() && existing.len() >= MAX_CUSTOM_ROLES {
        issues.push(issue("base", Problem::TooManyRoles));
    }
    let name = draft.name().trim();
    if name.is_empty() {
        issues.push(issue("name", Problem::NameRequired));
    } else if SYSTEM_ROLE_NAMES.contains(&system_form(name, &fold).as_str()) {
        issues.push(issue("name", Problem::NameReserved));
    } else {
        let folded = fold(name);
        let own_id = original.and_then(CustomRole::id);
        let taken = existing
            .iter()
            .filter(|r| own_id.is_none() || r.id() != own_id)
            .any(|r| fold(r.name().trim()) == folded);
        if taken {
            issues.push(issue("name", Problem::NameTaken));
        }
    }
    let empty = serde_json::Map::new();
    let config = draft.configuration().unwrap_or(&empty);
    let before = original.and_then(CustomRole::configuration);
    for (key, value) in config {
        let Some(p) = permission(key) else {
            // Unknown permissions are Zendesk's, kept as they came.
            continue;
        };
        let field = format!("configuration.{key}");
        if p.read_only {
            if let Some(before) = before {
                if before.get(key) != Some(value) {
                    issues.push(issue(field, Problem::ReadOnly));
                }
            }
            continue;
        }
        match p.kind {
            Kind::Bool if !value.is_boolean() => issues.push(issue(field, Problem::NotAllowed)),
            Kind::Choice(values) if !value.as_str().is_some_and(|v| values.contains(&v)) => {
                issues.push(issue(field, Problem::NotAllowed))
            }
            Kind::Object if !value.is_object() && !value.is_null() => {
                issues.push(issue(field, Problem::NotAllowed))
            }
            Kind::CustomObjects => custom_object_issues(value, &mut issues),
            _ => {}
        }
    }
    issues
}

fn custom_object_issues(value: &Value, issues: &mut Vec<Issue>) {
    let Some(objects) = value.as_object() else {
        issues.push(issue("configuration.custom_objects", Problem::NotAllowed));
        return;
    };
    for (object, grant) in objects {
        let field = format!("configuration.custom_objects.{object}");
        let scopes: Option<Vec<&str>> = grant
            .get("scopes")
            .and_then(Value::as_array)
            .and_then(|s| s.iter().map(Value::as_str).collect());
        match scopes {
            Some(scopes) if scopes.iter().all(|s| OBJECT_SCOPES.contains(s)) => {
                if !scopes.is_empty() && !scopes.contains(&"read") {
                    issues.push(issue(field, Problem::ScopesNeedRead));
                }
            }
            _ => issues.push(issue(field, Problem::NotAllowed)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lower(s: &str) -> String {
        s.to_lowercase()
    }

    fn role(value: Value) -> CustomRole {
        serde_json::from_value(value).unwrap()
    }

    fn problems(issues: &[Issue]) -> Vec<(&str, Problem)> {
        issues
            .iter()
            .map(|i| (i.field.as_str(), i.problem.clone()))
            .collect()
    }

    fn existing() -> Vec<CustomRole> {
        vec![
            role(json!({"id": 1, "name": "Tier 2", "configuration": {"chat_access": true}})),
            role(json!({"id": 2, "name": "Équipe nuit"})),
        ]
    }

    #[test]
    fn a_good_new_role_has_no_issues() {
        let draft = role(json!({"name": "Tier 3", "configuration": {
            "ticket_access": "within-groups", "ticket_merge": true,
            "custom_objects": {"car": {"scopes": ["read", "update"]}},
            "a_permission_zendesk_added_later": "anything"
        }}));
        assert_eq!(validate(&draft, None, &existing(), lower), vec![]);
    }

    #[test]
    fn names_are_required_unique_and_not_a_system_role() {
        let v = |name: &str| {
            problems(&validate(
                &role(json!({"name": name})),
                None,
                &existing(),
                lower,
            ))
            .into_iter()
            .map(|(_, p)| p)
            .collect::<Vec<_>>()
        };
        assert_eq!(v(""), vec![Problem::NameRequired]);
        assert_eq!(v("   "), vec![Problem::NameRequired]);
        assert_eq!(v("tier 2"), vec![Problem::NameTaken]);
        assert_eq!(v(" TIER 2 "), vec![Problem::NameTaken]);
        assert_eq!(
            v("équipe NUIT"),
            vec![Problem::NameTaken],
            "case folding beyond ASCII"
        );
        for reserved in [
            "Admin",
            "agent",
            "Billing admin",
            "billing-admin",
            "BILLING_ADMIN",
            "light  agent",
            "Contributor",
            "viewer ",
        ] {
            assert_eq!(v(reserved), vec![Problem::NameReserved], "{reserved}");
        }
        assert_eq!(v("Admins"), vec![]);
        assert_eq!(v("Agent lead"), vec![]);
    }

    #[test]
    fn renaming_a_role_to_its_own_name_is_fine() {
        let original = &existing()[0];
        let draft = role(json!({"id": 1, "name": "TIER 2"}));
        assert_eq!(validate(&draft, Some(original), &existing(), lower), vec![]);
    }

    #[test]
    fn the_198th_role_is_refused_but_editing_at_the_limit_is_not() {
        let full: Vec<CustomRole> = (0..MAX_CUSTOM_ROLES as u64)
            .map(|i| role(json!({"id": i + 10, "name": format!("Role {i}")})))
            .collect();
        let draft = role(json!({"name": "One more"}));
        assert_eq!(
            problems(&validate(&draft, None, &full, lower)),
            vec![("base", Problem::TooManyRoles)]
        );
        assert_eq!(validate(&draft, None, &full[1..], lower), vec![]);
        let edit = role(json!({"id": 10, "name": "Renamed"}));
        assert_eq!(validate(&edit, Some(&full[0]), &full, lower), vec![]);
    }

    #[test]
    fn permission_values_must_be_allowed() {
        let draft = role(json!({"name": "X", "configuration": {
            "ticket_access": "everything", "ticket_merge": "yes", "macro_access": 3,
            "explore_reports": [1], "view_access": "playonly"
        }}));
        assert_eq!(
            problems(&validate(&draft, None, &[], lower)),
            vec![
                ("configuration.ticket_access", Problem::NotAllowed),
                ("configuration.ticket_merge", Problem::NotAllowed),
                ("configuration.macro_access", Problem::NotAllowed),
                ("configuration.explore_reports", Problem::NotAllowed),
            ]
        );
    }

    #[test]
    fn read_only_permissions_may_not_change() {
        let original = &existing()[0];
        let same = role(json!({"id": 1, "name": "Tier 2", "configuration": {"chat_access": true}}));
        assert_eq!(validate(&same, Some(original), &existing(), lower), vec![]);
        let changed = role(
            json!({"id": 1, "name": "Tier 2", "configuration": {"chat_access": false, "light_agent": true}}),
        );
        assert_eq!(
            problems(&validate(&changed, Some(original), &existing(), lower)),
            vec![
                ("configuration.chat_access", Problem::ReadOnly),
                ("configuration.light_agent", Problem::ReadOnly)
            ]
        );
    }

    #[test]
    fn custom_object_scopes_need_read_and_known_scopes() {
        let draft = role(json!({"name": "X", "configuration": {"custom_objects": {
            "car": {"scopes": ["update", "delete"]},
            "boat": {"scopes": []},
            "plane": {"scopes": ["read", "fly"]},
            "train": {"nope": true}
        }}}));
        assert_eq!(
            problems(&validate(&draft, None, &[], lower)),
            vec![
                ("configuration.custom_objects.car", Problem::ScopesNeedRead),
                ("configuration.custom_objects.plane", Problem::NotAllowed),
                ("configuration.custom_objects.train", Problem::NotAllowed),
            ]
        );
        let bad = role(json!({"name": "X", "configuration": {"custom_objects": []}}));
        assert_eq!(
            problems(&validate(&bad, None, &[], lower)),
            vec![("configuration.custom_objects", Problem::NotAllowed)]
        );
    }
}
