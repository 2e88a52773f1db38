//! Who sees what in the admin console.

/// The Zendesk role of the signed-in user, as ZAF's `currentUser.role` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserRole {
    /// An administrator.
    Admin,
    /// An agent, with the standard agent role or a custom one.
    Agent,
    /// An end user (never expected in the agent interface, handled anyway).
    EndUser,
}

impl UserRole {
    /// Reads ZAF's `currentUser.role`. ZAF reports `admin`, `agent`, `end-user`, and for agents
    /// with a custom role it may report something else (a role id or name); those are agents.
    pub fn from_zaf(value: &serde_json::Value) -> Self {
        match value.as_str() {
            Some("admin") => Self::Admin,
            Some("end-user") | Some("end_user") => Self::EndUser,
            _ => Self::Agent,
        }
    }
}

/// Whether the signed-in user may create, change and delete custom roles: admins, and agents
/// whose own custom role grants `manage_roles` (any value but `none`). `own_role` is the
/// agent's custom role (from `users/me`' `custom_role_id`), when they have one.
pub fn may_manage_roles(role: &UserRole, own_role: Option<&crate::roles::CustomRole>) -> bool {
    match role {
        UserRole::Admin => true,
        UserRole::EndUser => false,
        UserRole::Agent => own_role
            .and_then(|r| r.configuration())
            .and_then(|c| c.get("manage_roles"))
            .and_then(serde_json::Value::as_str)
            .is_some_and(|v| v != "none"),
    }
}

/// The tabs of the admin console. Only tabs whose feature is built appear in [`Tab::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    /// Custom agent roles.
    Roles,
    /// This account's registration, shares and support access (admins).
    Account,
    /// Shared sources' configurations and this account's own (admins).
    Configurations,
}

impl Tab {
    /// Every built tab, in display order.
    pub const ALL: &'static [Tab] = &[Tab::Roles, Tab::Account, Tab::Configurations];

    /// Whether a user with `role` may open the tab. The Roles list is readable by every agent
    /// (Zendesk allows agents to list custom roles); admin-only tabs will say so here.
    pub fn visible_to(self, role: &UserRole) -> bool {
        match self {
            Tab::Roles => matches!(role, UserRole::Admin | UserRole::Agent),
            Tab::Account | Tab::Configurations => *role == UserRole::Admin,
        }
    }

    /// The tabs `role` can open.
    pub fn visible(role: &UserRole) -> Vec<Tab> {
        Tab::ALL
            .iter()
            .copied()
            .filter(|t| t.visible_to(role))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn zaf_roles_are_read_leniently() {
        assert_eq!(UserRole::from_zaf(&json!("admin")), UserRole::Admin);
        assert_eq!(UserRole::from_zaf(&json!("agent")), UserRole::Agent);
        assert_eq!(UserRole::from_zaf(&json!("end-user")), UserRole::EndUser);
        // A custom role id or an unexpected shape is still an agent, never a failure.
        assert_eq!(UserRole::from_zaf(&json!(360001234)), UserRole::Agent);
        assert_eq!(UserRole::from_zaf(&json!(null)), UserRole::Agent);
    }

    #[test]
    fn who_may_manage_roles() {
        use crate::roles::CustomRole;
        let with = |v: serde_json::Value| -> CustomRole {
            serde_json::from_value(
                json!({"id": 1, "name": "R", "configuration": {"manage_roles": v}}),
            )
            .unwrap()
        };
        assert!(may_manage_roles(&UserRole::Admin, None));
        assert!(may_manage_roles(
            &UserRole::Agent,
            Some(&with(json!("all-except-self")))
        ));
        assert!(!may_manage_roles(
            &UserRole::Agent,
            Some(&with(json!("none")))
        ));
        assert!(!may_manage_roles(
            &UserRole::Agent,
            Some(&with(json!(null)))
        ));
        assert!(
            !may_manage_roles(&UserRole::Agent, None),
            "no custom role: standard agents may not"
        );
        assert!(!may_manage_roles(
            &UserRole::EndUser,
            Some(&with(json!("all-except-self")))
        ));
    }

    #[test]
    fn agents_and_admins_see_roles_end_users_see_nothing() {
        assert_eq!(
            Tab::visible(&UserRole::Admin),
            vec![Tab::Roles, Tab::Account, Tab::Configurations]
        );
        assert_eq!(
            Tab::visible(&UserRole::Agent),
            vec![Tab::Roles],
            "no admin tabs"
        );
        assert!(Tab::visible(&UserRole::EndUser).is_empty());
    }
}
