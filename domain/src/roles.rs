//! Custom agent roles (`/api/v2/custom_roles`): the data, and how the list is ordered and filtered.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A custom agent role as Zendesk returns it (`CustomRoleObject` in the Support API spec).
///
/// Fields deskset does not model are kept in `other` and written back untouched: Zendesk adds
/// permissions and attributes over time, and a read-modify-write must not drop them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomRole {
    /// Assigned by Zendesk; absent on a role not created yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    /// The role's name (required, unique case-insensitively).
    #[serde(default)]
    pub name: String,
    /// Free text; Zendesk may send `null`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How many agents have this role (read-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_member_count: Option<u64>,
    /// ISO 8601 timestamp (read-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// ISO 8601 timestamp (read-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// The permissions, kept as JSON: the permission schema reads and edits them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configuration: Option<Map<String, Value>>,
    /// Everything else Zendesk sent (`role_type`, future fields).
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// The body of `GET /api/v2/custom_roles`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CustomRolesResponse {
    /// Every custom role of the account (the endpoint does not paginate).
    #[serde(default)]
    pub custom_roles: Vec<CustomRole>,
}

/// Roles ordered by name as a person reads them: case-insensitive, then by id for equal names.
pub fn sorted_by_name(mut roles: Vec<CustomRole>) -> Vec<CustomRole> {
    roles.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    roles
}

/// Whether `role` matches a filter typed by the person: every word of `query` must appear in
/// the name or the description, case-insensitively. An empty query matches everything.
pub fn matches(role: &CustomRole, query: &str) -> bool {
    let haystack = format!(
        "{} {}",
        role.name.to_lowercase(),
        role.description
            .as_deref()
            .unwrap_or_default()
            .to_lowercase()
    );
    query
        .to_lowercase()
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn role(id: u64, name: &str, description: &str) -> CustomRole {
        serde_json::from_value(json!({"id": id, "name": name, "description": description})).unwrap()
    }

    #[test]
    fn reads_the_spec_shape_and_keeps_unknown_fields() {
        let body = json!({"custom_roles": [{
            "id": 10127, "name": "Tier 2", "description": null, "role_type": 0,
            "team_member_count": 3, "created_at": "2026-01-02T03:04:05Z",
            "updated_at": "2026-02-03T04:05:06Z",
            "configuration": {"ticket_access": "all", "future_permission": true},
            "future_field": {"x": 1}
        }]});
        let parsed: CustomRolesResponse = serde_json::from_value(body.clone()).unwrap();
        let r = &parsed.custom_roles[0];
        assert_eq!(r.id, Some(10127));
        assert_eq!(r.description, None);
        assert_eq!(r.team_member_count, Some(3));
        assert_eq!(r.other.get("role_type"), Some(&json!(0)));
        // Written back, nothing Zendesk sent is lost (null description aside, which means "none").
        let back = serde_json::to_value(r).unwrap();
        assert_eq!(back["future_field"], json!({"x": 1}));
        assert_eq!(back["configuration"]["future_permission"], json!(true));
        assert_eq!(back["updated_at"], body["custom_roles"][0]["updated_at"]);
    }

    #[test]
    fn tolerates_missing_fields() {
        let parsed: CustomRolesResponse = serde_json::from_value(json!({})).unwrap();
        assert!(parsed.custom_roles.is_empty());
        let r: CustomRole = serde_json::from_value(json!({"id": 1})).unwrap();
        assert_eq!(r.name, "");
    }

    #[test]
    fn sorting_is_case_insensitive_and_stable_by_id() {
        let roles = vec![
            role(3, "beta", ""),
            role(2, "Alpha", ""),
            role(1, "alpha", ""),
            role(4, "Zed", ""),
        ];
        let names: Vec<(u64, String)> = sorted_by_name(roles)
            .into_iter()
            .map(|r| (r.id.unwrap_or_default(), r.name))
            .collect();
        assert_eq!(
            names,
            vec![
                (1, "alpha".into()),
                (2, "Alpha".into()),
                (3, "beta".into()),
                (4, "Zed".into())
            ]
        );
    }

    #[test]
    fn filter_matches_all_words_in_name_or_description() {
        let r = role(1, "Tier 2 Support", "Escalations from tier one");
        assert!(matches(&r, ""));
        assert!(matches(&r, "tier"));
        assert!(matches(&r, "SUPPORT escal"));
        assert!(!matches(&r, "billing"));
        assert!(!matches(&r, "tier billing"));
    }
}
