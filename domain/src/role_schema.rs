//! The permissions of a custom agent role: one table that the editor, the validation, the compare
//! view and the tests all read.
//!
//! Sources: the Support API spec (`CustomRoleConfigurationObject`, whose "Allowed values" live in
//! the descriptions) and Zendesk's documentation (zendesk-api.md), which lists more permissions
//! than the spec. A test reads the spec and fails if a property is missing here or its values
//! differ. Where the two disagree, the spec wins: it marks `assign_tickets_to_any_group`
//! read-only, the docs do not, so deskset shows it and never sends it.
//!
//! Fields Zendesk sends that are not in this table are kept and sent back untouched (see
//! [`crate::roles::CustomRole`]); the compare view shows them too.

/// What values a permission takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `true` / `false`.
    Bool,
    /// One of these strings.
    Choice(&'static [&'static str]),
    /// `custom_objects`: `{object_key: {scopes: [read, update, delete, create]}}`.
    CustomObjects,
    /// A JSON object deskset does not edit (kept as it is).
    Object,
}

/// How Admin Center groups permissions in its role editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    Tickets,
    People,
    HelpCenter,
    Tools,
    Channels,
    BusinessRules,
    Manage,
    Objects,
}

impl Group {
    /// Every group, in display order.
    pub const ALL: &'static [Group] = &[
        Group::Tickets,
        Group::People,
        Group::HelpCenter,
        Group::Tools,
        Group::Channels,
        Group::BusinessRules,
        Group::Manage,
        Group::Objects,
    ];

    /// The group's id in translation keys (`perm_group.<id>`) and the DOM.
    pub fn id(self) -> &'static str {
        match self {
            Group::Tickets => "tickets",
            Group::People => "people",
            Group::HelpCenter => "help_center",
            Group::Tools => "tools",
            Group::Channels => "channels",
            Group::BusinessRules => "business_rules",
            Group::Manage => "manage",
            Group::Objects => "objects",
        }
    }
}

/// One permission of `configuration`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Permission {
    /// The key in `configuration`.
    pub key: &'static str,
    /// Its values.
    pub kind: Kind,
    /// Zendesk sets it; deskset shows it and never sends it.
    pub read_only: bool,
    /// Where Admin Center shows it.
    pub group: Group,
}

impl Permission {
    /// The translation key of its label (`perm.<key>.label`).
    pub fn label_key(&self) -> String {
        format!("perm.{}.label", self.key)
    }

    /// The translation key of its one-line help (`perm.<key>.help`).
    pub fn help_key(&self) -> String {
        format!("perm.{}.help", self.key)
    }
}

/// The scopes of a custom object permission; `read` is required when any other is given.
pub const OBJECT_SCOPES: &[&str] = &["read", "update", "delete", "create"];

const fn choice(key: &'static str, values: &'static [&'static str], group: Group) -> Permission {
    Permission {
        key,
        kind: Kind::Choice(values),
        read_only: false,
        group,
    }
}

const fn flag(key: &'static str, group: Group) -> Permission {
    Permission {
        key,
        kind: Kind::Bool,
        read_only: false,
        group,
    }
}

const fn fixed(key: &'static str, group: Group) -> Permission {
    Permission {
        key,
        kind: Kind::Bool,
        read_only: true,
        group,
    }
}

use Group::*;

/// Every permission deskset knows, grouped and ordered as Admin Center shows them.
pub const PERMISSIONS: &[Permission] = &[
    // Tickets
    choice(
        "ticket_access",
        &[
            "all",
            "assigned-only",
            "within-groups",
            "within-groups-and-public-groups",
            "within-organization",
        ],
        Tickets,
    ),
    choice("ticket_comment_access", &["public", "none"], Tickets),
    flag("ticket_editing", Tickets),
    flag("ticket_tag_editing", Tickets),
    flag("ticket_merge", Tickets),
    flag("ticket_deletion", Tickets),
    flag("ticket_redaction", Tickets),
    flag("view_deleted_tickets", Tickets),
    fixed("assign_tickets_to_any_group", Tickets),
    flag("assign_tickets_to_any_brand", Tickets),
    flag("side_conversation_create", Tickets),
    flag("manage_suspended_tickets", Tickets),
    flag("view_filter_tickets", Tickets),
    flag("manage_approval_requests", Tickets),
    // People
    choice(
        "end_user_profile_access",
        &["edit", "edit-within-org", "full", "readonly"],
        People,
    ),
    choice("end_user_list_access", &["full", "none"], People),
    choice(
        "user_view_access",
        &[
            "full",
            "manage-group",
            "manage-personal",
            "none",
            "readonly",
        ],
        People,
    ),
    flag("organization_editing", People),
    fixed("organization_notes_editing", People),
    flag("manage_organizations", People),
    choice(
        "manage_team_members",
        &["all-with-self-restriction", "readonly", "none"],
        People,
    ),
    choice("manage_roles", &["all-except-self", "none"], People),
    flag("manage_groups", People),
    flag("manage_group_memberships", People),
    fixed("group_access", People),
    fixed("light_agent", People),
    // Help Center
    choice(
        "forum_access",
        &["edit-topics", "full", "readonly"],
        HelpCenter,
    ),
    flag("forum_access_restricted_content", HelpCenter),
    fixed("moderate_forums", HelpCenter),
    // Tools
    choice(
        "macro_access",
        &["full", "manage-group", "manage-personal", "readonly"],
        Tools,
    ),
    choice(
        "view_access",
        &[
            "full",
            "manage-group",
            "manage-personal",
            "playonly",
            "readonly",
        ],
        Tools,
    ),
    flag("export_views", Tools),
    choice("report_access", &["full", "none", "readonly"], Tools),
    choice(
        "explore_access",
        &["edit", "full", "none", "readonly"],
        Tools,
    ),
    Permission {
        key: "explore_reports",
        kind: Kind::Object,
        read_only: false,
        group: Tools,
    },
    flag("manage_dynamic_content", Tools),
    flag("manage_contextual_workspaces", Tools),
    // Channels
    flag("manage_extensions_and_channels", Channels),
    flag("manage_facebook", Channels),
    flag("twitter_search_access", Channels),
    flag("voice_access", Channels),
    flag("voice_dashboard_access", Channels),
    fixed("chat_access", Channels),
    // Business rules
    flag("manage_business_rules", BusinessRules),
    flag("manage_triggers", BusinessRules),
    flag("manage_automations", BusinessRules),
    flag("manage_slas", BusinessRules),
    flag("manage_skills", BusinessRules),
    // Manage (fields and forms)
    flag("manage_ticket_fields", Manage),
    flag("manage_ticket_forms", Manage),
    flag("manage_user_fields", Manage),
    flag("manage_organization_fields", Manage),
    // Custom objects
    Permission {
        key: "custom_objects",
        kind: Kind::CustomObjects,
        read_only: false,
        group: Objects,
    },
];

/// The permission with this `configuration` key, if deskset knows it.
pub fn permission(key: &str) -> Option<&'static Permission> {
    PERMISSIONS.iter().find(|p| p.key == key)
}

/// The permissions of one group, in display order.
pub fn in_group(group: Group) -> impl Iterator<Item = &'static Permission> {
    PERMISSIONS.iter().filter(move |p| p.group == group)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn keys_are_unique_and_every_group_has_permissions() {
        let keys: BTreeSet<&str> = PERMISSIONS.iter().map(|p| p.key).collect();
        assert_eq!(keys.len(), PERMISSIONS.len(), "a key is listed twice");
        for g in Group::ALL {
            assert!(in_group(*g).next().is_some(), "{g:?} is empty");
        }
        assert_eq!(permission("ticket_access").map(|p| p.group), Some(Tickets));
        assert_eq!(permission("no_such_permission"), None);
        assert_eq!(
            permission("macro_access").unwrap().label_key(),
            "perm.macro_access.label"
        );
    }

    /// The documentation's list (zendesk-api.md) is all here, with its read-only marks.
    #[test]
    fn every_documented_permission_is_known() {
        let doc = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/design/zendesk-api.md"
        ))
        .expect("../shared/design/zendesk-api.md");
        let row = |label: &str| -> Vec<String> {
            let line = doc
                .lines()
                .find(|l| l.starts_with(&format!("| {label} |")))
                .unwrap_or_else(|| panic!("no '{label}' row in zendesk-api.md"));
            line.trim_matches('|')
                .split('|')
                .nth(1)
                .unwrap_or_default()
                .split(',')
                .map(|s| s.split_whitespace().next().unwrap_or_default().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        let booleans = row("booleans");
        assert!(
            booleans.len() > 30,
            "read {} booleans from the docs",
            booleans.len()
        );
        for key in booleans {
            let p = permission(&key)
                .unwrap_or_else(|| panic!("{key} is documented, not in the schema"));
            assert_eq!(p.kind, Kind::Bool, "{key}");
        }
        for key in row("read-only booleans") {
            let p = permission(&key)
                .unwrap_or_else(|| panic!("{key} is documented, not in the schema"));
            assert!(p.read_only, "{key} is read-only");
        }
        // Choice rows: "| ticket_access | all, assigned-only, ... |".
        let mut choices = 0;
        for p in PERMISSIONS {
            if let Kind::Choice(values) = p.kind {
                choices += 1;
                let documented = row(p.key);
                assert_eq!(
                    documented,
                    values.to_vec(),
                    "{}: values differ from the docs",
                    p.key
                );
            }
        }
        assert_eq!(choices, 12, "the docs list 12 permissions with values");
    }

    /// Every property of the spec's `CustomRoleConfigurationObject` is here, of the same kind,
    /// with the same allowed values (the spec gives them in the description: `Allowed values:
    /// "a", "b"`) and the same read-only mark.
    #[test]
    fn schema_covers_the_spec() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/specs/zendesk-support-oas.yaml"
        ))
        .expect("../shared/specs/zendesk-support-oas.yaml");
        let spec: serde_json::Value = serde_norway::from_str(&text).expect("the spec parses");
        let props = spec["components"]["schemas"]["CustomRoleConfigurationObject"]["properties"]
            .as_object()
            .expect("CustomRoleConfigurationObject.properties");
        assert!(props.len() >= 30, "read {} properties", props.len());
        for (key, prop) in props {
            let p = permission(key)
                .unwrap_or_else(|| panic!("spec property {key} is not in the schema"));
            let read_only = prop["readOnly"].as_bool().unwrap_or(false);
            assert_eq!(
                p.read_only, read_only,
                "{key}: read-only differs from the spec"
            );
            match prop["type"].as_str() {
                Some("boolean") => assert_eq!(p.kind, Kind::Bool, "{key}"),
                Some("string") => {
                    let description = prop["description"].as_str().unwrap_or_default();
                    let allowed: Vec<&str> = description
                        .split_once("Allowed values:")
                        .map(|(_, list)| list.split('"').skip(1).step_by(2).collect())
                        .unwrap_or_default();
                    assert!(!allowed.is_empty(), "{key}: no allowed values in the spec");
                    match p.kind {
                        Kind::Choice(values) => {
                            assert_eq!(
                                values.to_vec(),
                                allowed,
                                "{key}: values differ from the spec"
                            )
                        }
                        other => panic!("{key}: a choice in the spec, {other:?} here"),
                    }
                }
                other => panic!("{key}: a spec type deskset does not handle: {other:?}"),
            }
        }
    }
}
