//! What Zendesk accepts in a custom role (zendesk-api.md, "Custom agent roles"; the spec's
//! `CustomRoleConfigurationObject`): the permission fields with their allowed values, the read-only
//! ones, the names a custom role may not take, the 197-role limit, and the `RecordInvalid` answer.
//!
//! Where a refusal lands in `details`: `name`, `description`, `base` (the role limit), and
//! `configuration.<field>` for a permission (`configuration.custom_objects` for any custom object
//! entry). Zendesk does not document the keys of permission errors; `configuration.<field>` names the
//! field the way the request body nests it, so a client can put the message next to that field.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::error::ZdError;
use crate::state::CustomRole;

/// "You can create a maximum of 197 custom roles for your account" (Zendesk help, Creating custom roles).
pub const MAX_CUSTOM_ROLES: usize = 197;

/// Permission fields whose value is one of a list ("Allowed values: ..." in the spec).
pub const ENUMS: [(&str, &[&str]); 12] = [
    (
        "ticket_access",
        &[
            "all",
            "assigned-only",
            "within-groups",
            "within-groups-and-public-groups",
            "within-organization",
        ],
    ),
    ("ticket_comment_access", &["public", "none"]),
    (
        "end_user_profile_access",
        &["edit", "edit-within-org", "full", "readonly"],
    ),
    ("end_user_list_access", &["full", "none"]),
    ("explore_access", &["edit", "full", "none", "readonly"]),
    ("forum_access", &["edit-topics", "full", "readonly"]),
    (
        "macro_access",
        &["full", "manage-group", "manage-personal", "readonly"],
    ),
    (
        "view_access",
        &[
            "full",
            "manage-group",
            "manage-personal",
            "playonly",
            "readonly",
        ],
    ),
    (
        "user_view_access",
        &[
            "full",
            "manage-group",
            "manage-personal",
            "none",
            "readonly",
        ],
    ),
    ("report_access", &["full", "none", "readonly"]),
    ("manage_roles", &["all-except-self", "none"]),
    (
        "manage_team_members",
        &["all-with-self-restriction", "readonly", "none"],
    ),
];

/// Editable boolean permissions.
pub const BOOLEANS: [&str; 33] = [
    "assign_tickets_to_any_brand",
    "export_views",
    "forum_access_restricted_content",
    "manage_approval_requests",
    "manage_automations",
    "manage_business_rules",
    "manage_contextual_workspaces",
    "manage_dynamic_content",
    "manage_extensions_and_channels",
    "manage_facebook",
    "manage_group_memberships",
    "manage_groups",
    "manage_organization_fields",
    "manage_organizations",
    "manage_skills",
    "manage_slas",
    "manage_suspended_tickets",
    "manage_ticket_fields",
    "manage_ticket_forms",
    "manage_triggers",
    "manage_user_fields",
    "organization_editing",
    "side_conversation_create",
    "ticket_deletion",
    "ticket_editing",
    "ticket_merge",
    "ticket_redaction",
    "ticket_tag_editing",
    "twitter_search_access",
    "view_deleted_tickets",
    "view_filter_tickets",
    "voice_access",
    "voice_dashboard_access",
];

/// Read-only booleans: Zendesk sets them; a request may repeat the stored value but not change it.
/// `assign_tickets_to_any_group` is read-only in the spec (the reference page says editable); the
/// spec is the contract, so the simulator is the stricter of the two.
pub const READ_ONLY: [&str; 6] = [
    "assign_tickets_to_any_group",
    "chat_access",
    "group_access",
    "light_agent",
    "moderate_forums",
    "organization_notes_editing",
];

/// Names of Zendesk's system roles, in [`normalized_name`] form. "administrator" is Zendesk help's
/// own example of a name too similar to Admin.
pub const SYSTEM_ROLE_NAMES: [&str; 7] = [
    "agent",
    "admin",
    "administrator",
    "billing admin",
    "light agent",
    "contributor",
    "viewer",
];

const SCOPES: [&str; 4] = ["read", "update", "delete", "create"];

/// The permissions of a new role where the request does not say: Zendesk's native "Staff" role
/// (tickets in the agent's groups, public comments, read-only end users, personal macros and views,
/// no reports, no admin-like rights). Read-only fields get what Zendesk gives a full agent seat
/// (chat and Talk on, organization notes on). The scenarios' roles start from it too.
pub fn default_configuration() -> Map<String, Value> {
    let strings = [
        ("ticket_access", "within-groups"),
        ("ticket_comment_access", "public"),
        ("end_user_profile_access", "readonly"),
        ("end_user_list_access", "full"),
        ("explore_access", "none"),
        ("forum_access", "readonly"),
        ("macro_access", "manage-personal"),
        ("view_access", "manage-personal"),
        ("user_view_access", "readonly"),
        ("report_access", "none"),
        ("manage_roles", "none"),
        ("manage_team_members", "none"),
    ];
    let trues = [
        "ticket_editing",
        "ticket_tag_editing",
        "side_conversation_create",
        "chat_access",
        "voice_access",
        "organization_notes_editing",
    ];
    let mut map = Map::new();
    for (k, v) in strings {
        map.insert(k.to_owned(), json!(v));
    }
    for k in BOOLEANS.iter().chain(READ_ONLY.iter()) {
        map.insert((*k).to_owned(), json!(trues.contains(k)));
    }
    map.insert("custom_objects".to_owned(), json!({}));
    map
}

/// Lowercase, trimmed, every run of spaces, `-` and `_` one space: `" Billing-_Admin "` -> `"billing admin"`.
pub fn normalized_name(name: &str) -> String {
    name.split([' ', '-', '_'])
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The `details` of a `RecordInvalid` answer, filled field by field.
#[derive(Default)]
pub struct Details(BTreeMap<String, Vec<Value>>);

impl Details {
    pub fn add(&mut self, field: &str, error: &str, description: String) {
        self.0
            .entry(field.to_owned())
            .or_default()
            .push(json!({"description": description, "error": error}));
    }

    /// `Ok` when nothing was added, else the 422 answer with every refusal found.
    pub fn finish(self) -> Result<(), ZdError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ZdError::record_invalid(
                "Record validation errors",
                json!(self.0),
            ))
        }
    }
}

/// A create or update that passed validation: what to write into the role.
pub struct Accepted {
    /// Trimmed.
    pub name: Option<String>,
    pub description: Option<String>,
    /// Configuration keys sent, to merge over the stored (or default) ones.
    pub configuration: Map<String, Value>,
}

/// Validates the `custom_role` object of a create (`this: None`) or an update of `this`, among the
/// account's `roles`. Every refusal is collected; nothing is written here.
pub fn check(
    sent: &Map<String, Value>,
    roles: &[CustomRole],
    this: Option<&CustomRole>,
) -> Result<Accepted, ZdError> {
    let mut details = Details::default();
    if this.is_none() && roles.len() >= MAX_CUSTOM_ROLES {
        details.add(
            "base",
            "InvalidValue",
            format!("You can't create more than {MAX_CUSTOM_ROLES} custom roles in this account"),
        );
    }
    let name = match (sent.get("name"), this) {
        // An update that does not send the name keeps it.
        (None, Some(_)) => None,
        (None | Some(Value::Null), None) | (Some(Value::Null), Some(_)) => {
            details.add("name", "BlankValue", "Name: cannot be blank".to_owned());
            None
        }
        (Some(Value::String(s)), _) => {
            check_name(s.trim(), roles, this, &mut details);
            Some(s.trim().to_owned())
        }
        (Some(_), _) => {
            details.add("name", "InvalidValue", "Name: must be text".to_owned());
            None
        }
    };
    let description = match sent.get("description") {
        None => None,
        Some(Value::Null) => Some(String::new()),
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            details.add(
                "description",
                "InvalidValue",
                "Description: must be text".to_owned(),
            );
            None
        }
    };
    let configuration = match sent.get("configuration") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => {
            let stored = this.map_or_else(default_configuration, |r| r.configuration.clone());
            check_configuration(map, &stored, &mut details);
            map.clone()
        }
        Some(_) => {
            details.add(
                "configuration",
                "InvalidValue",
                "Configuration: must be an object".to_owned(),
            );
            Map::new()
        }
    };
    details.finish()?;
    Ok(Accepted {
        name,
        description,
        configuration,
    })
}

fn check_name(name: &str, roles: &[CustomRole], this: Option<&CustomRole>, details: &mut Details) {
    if name.is_empty() {
        details.add("name", "BlankValue", "Name: cannot be blank".to_owned());
        return;
    }
    let wanted = normalized_name(name);
    if SYSTEM_ROLE_NAMES.contains(&wanted.as_str()) {
        details.add(
            "name",
            "InvalidValue",
            format!("Name: {name} is too similar to the name of a system role"),
        );
    }
    // "Unique and can't be too similar to the name of an existing role" (Zendesk help): compared in
    // normalized form, so "Team-Lead" clashes with "Team lead".
    let taken = roles
        .iter()
        .filter(|r| this.is_none_or(|t| t.id != r.id))
        .any(|r| normalized_name(&r.name) == wanted);
    if taken {
        details.add(
            "name",
            "DuplicateValue",
            format!("Name: {name} has already been taken"),
        );
    }
}

fn check_configuration(
    sent: &Map<String, Value>,
    stored: &Map<String, Value>,
    details: &mut Details,
) {
    let defaults = default_configuration();
    for (field, value) in sent {
        let key = format!("configuration.{field}");
        let label = label(field);
        if READ_ONLY.contains(&field.as_str()) {
            let current = stored.get(field).or_else(|| defaults.get(field));
            if current != Some(value) {
                details.add(
                    &key,
                    "InvalidValue",
                    format!("{label}: is read-only and cannot be changed"),
                );
            }
        } else if let Some((_, allowed)) = ENUMS.iter().find(|(f, _)| f == field) {
            if !value.as_str().is_some_and(|v| allowed.contains(&v)) {
                details.add(
                    &key,
                    "InvalidValue",
                    format!(
                        "{label}: {value} is not a valid value (allowed: {})",
                        allowed.join(", ")
                    ),
                );
            }
        } else if BOOLEANS.contains(&field.as_str()) {
            if !value.is_boolean() {
                details.add(
                    &key,
                    "InvalidValue",
                    format!("{label}: {value} is not true or false"),
                );
            }
        } else if field == "custom_objects" {
            if let Err(why) = check_custom_objects(value) {
                details.add(&key, "InvalidValue", format!("{label}: {why}"));
            }
        } else if field == "explore_reports" && !value.is_object() {
            details.add(&key, "InvalidValue", format!("{label}: must be an object"));
        }
        // Any other key is a permission the simulator does not know yet: stored as sent.
    }
}

/// `{"<object key>": {"scopes": ["read", ...]}}`; `read` is required when any other scope is given.
fn check_custom_objects(value: &Value) -> Result<(), String> {
    let objects = value
        .as_object()
        .ok_or("must be an object of custom object keys")?;
    for (object, entry) in objects {
        let scopes = entry
            .get("scopes")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("{object} needs a list of scopes"))?;
        let mut names = Vec::new();
        for scope in scopes {
            match scope.as_str() {
                Some(s) if SCOPES.contains(&s) => names.push(s),
                _ => {
                    return Err(format!(
                        "{object}: {scope} is not a scope (allowed: {})",
                        SCOPES.join(", ")
                    ))
                }
            }
        }
        if !names.is_empty() && !names.contains(&"read") {
            return Err(format!(
                "{object}: the read scope is required when any other scope is given"
            ));
        }
    }
    Ok(())
}

/// `ticket_access` -> `Ticket access`, as Zendesk prefixes its messages.
fn label(field: &str) -> String {
    let spaced = field.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_separators_and_case() {
        assert_eq!(normalized_name("  Billing-Admin "), "billing admin");
        assert_eq!(normalized_name("light__ - agent"), "light agent");
        assert_eq!(normalized_name("Team lead"), "team lead");
    }

    #[test]
    fn defaults_cover_every_known_field() {
        let defaults = default_configuration();
        for (field, allowed) in ENUMS {
            let value = defaults[field].as_str().unwrap_or_default();
            assert!(allowed.contains(&value), "{field}");
        }
        for field in BOOLEANS.iter().chain(READ_ONLY.iter()) {
            assert!(defaults[*field].is_boolean(), "{field}");
        }
        assert_eq!(label("ticket_access"), "Ticket access");
    }
}
