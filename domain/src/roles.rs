//! Custom agent roles (`/api/v2/custom_roles`): the data, and how the list is ordered and filtered.

use serde::{Deserialize, Serialize};

use serde_json::{Map, Value};

/// A custom agent role as Zendesk returns it (`CustomRoleObject` in the Support API spec).
///
/// The role *is* its JSON object: typed accessors read the fields deskset uses, and everything
/// else (permissions and attributes Zendesk adds over time) stays in the object untouched, so a
/// read-modify-write can never drop what deskset does not know.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CustomRole(pub Map<String, Value>);

impl CustomRole {
    fn str_field(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(Value::as_str)
    }

    /// Assigned by Zendesk; absent on a role not created yet.
    pub fn id(&self) -> Option<u64> {
        self.0.get("id").and_then(Value::as_u64)
    }

    /// The role's name (required, unique case-insensitively); empty when missing.
    pub fn name(&self) -> &str {
        self.str_field("name").unwrap_or_default()
    }

    /// Free text; Zendesk may send `null`.
    pub fn description(&self) -> Option<&str> {
        self.str_field("description")
    }

    /// How many agents have this role (read-only).
    pub fn team_member_count(&self) -> Option<u64> {
        self.0.get("team_member_count").and_then(Value::as_u64)
    }

    /// When the role last changed (ISO 8601, read-only).
    pub fn updated_at(&self) -> Option<&str> {
        self.str_field("updated_at")
    }

    /// The permissions object, when present.
    pub fn configuration(&self) -> Option<&Map<String, Value>> {
        self.0.get("configuration").and_then(Value::as_object)
    }
}

/// The roles in the body of `GET /api/v2/custom_roles` (`{"custom_roles": [...]}`; the endpoint
/// does not paginate). `None` when the body is not that shape; an entry that is not an object
/// is skipped rather than failing the whole list.
pub fn parse_list(body: &Value) -> Option<Vec<CustomRole>> {
    let list = body.get("custom_roles")?.as_array()?;
    Some(
        list.iter()
            .filter_map(|r| r.as_object().cloned().map(CustomRole))
            .collect(),
    )
}

/// Roles ordered by name in `collation` (the browser's collator for the person's language, so
/// that "Équipe" sorts with the Es), then by id so that equal names keep a fixed order. Each
/// name's key is made once.
pub fn sorted_by_name(
    roles: Vec<CustomRole>,
    collation: &impl crate::i18n::Collation,
) -> Vec<CustomRole> {
    let mut keyed: Vec<_> = roles
        .into_iter()
        .map(|r| (collation.key(r.name()), r))
        .collect();
    keyed.sort_unstable_by(|(ka, a), (kb, b)| collation.compare(ka, kb).then(a.id().cmp(&b.id())));
    keyed.into_iter().map(|(_, r)| r).collect()
}

/// Whether `role` matches a filter typed by the person: every word of `query` must appear in
/// the name or the description, compared after `fold` (lower-casing in the person's locale).
/// An empty query matches everything.
pub fn matches(role: &CustomRole, query: &str, fold: impl Fn(&str) -> String) -> bool {
    // Nothing typed: nothing to fold (each fold is a call into the browser, two per role).
    if query.trim().is_empty() {
        return true;
    }
    let haystack = fold(&format!(
        "{} {}",
        role.name(),
        role.description().unwrap_or_default()
    ));
    fold(query)
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::cmp::Ordering;

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
        let parsed = parse_list(&body).unwrap();
        let r = &parsed[0];
        assert_eq!(r.id(), Some(10127));
        assert_eq!(r.name(), "Tier 2");
        assert_eq!(r.description(), None);
        assert_eq!(r.team_member_count(), Some(3));
        assert_eq!(r.updated_at(), Some("2026-02-03T04:05:06Z"));
        assert_eq!(
            r.configuration().and_then(|c| c.get("ticket_access")),
            Some(&json!("all"))
        );
        // Written back, nothing Zendesk sent is lost.
        let back = serde_json::to_value(r).unwrap();
        assert_eq!(back, body["custom_roles"][0]);
    }

    #[test]
    fn tolerates_missing_fields() {
        assert_eq!(parse_list(&json!({})), None);
        assert_eq!(parse_list(&json!({"custom_roles": {}})), None);
        assert_eq!(parse_list(&json!({"custom_roles": []})), Some(vec![]));
        // One malformed entry does not hide the others.
        assert_eq!(
            parse_list(&json!({"custom_roles": [7, {"id": 1}]})).map(|l| l.len()),
            Some(1)
        );
        let r: CustomRole = serde_json::from_value(json!({"id": 1, "name": 7})).unwrap();
        assert_eq!(r.name(), "");
        assert_eq!(r.team_member_count(), None);
        // A role must be an object.
        assert!(serde_json::from_value::<CustomRole>(json!([1])).is_err());
    }

    fn caseless(a: &str, b: &str) -> Ordering {
        a.to_lowercase().cmp(&b.to_lowercase())
    }

    fn lower(s: &str) -> String {
        s.to_lowercase()
    }

    #[test]
    fn sorting_follows_the_comparison_then_id() {
        let roles = vec![
            role(3, "beta", ""),
            role(2, "Alpha", ""),
            role(1, "alpha", ""),
            role(4, "Zed", ""),
        ];
        let names: Vec<(u64, String)> = sorted_by_name(roles, &caseless)
            .into_iter()
            .map(|r| (r.id().unwrap_or_default(), r.name().to_string()))
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

    /// A collation that counts the keys it makes.
    struct Counting(std::cell::Cell<usize>);

    impl crate::i18n::Collation for Counting {
        type Key = String;
        fn key(&self, name: &str) -> String {
            self.0.set(self.0.get() + 1);
            name.to_lowercase()
        }
        fn compare(&self, a: &String, b: &String) -> Ordering {
            a.cmp(b)
        }
    }

    #[test]
    fn sorting_makes_each_name_s_key_once() {
        let roles: Vec<CustomRole> = (0..200)
            .map(|i| role(i, &format!("Role {}", (i * 7919) % 200), ""))
            .collect();
        let counting = Counting(std::cell::Cell::new(0));
        let sorted = sorted_by_name(roles, &counting);
        assert_eq!(
            counting.0.get(),
            200,
            "one key per role, not per comparison"
        );
        assert!(sorted
            .windows(2)
            .all(|w| w[0].name().to_lowercase() <= w[1].name().to_lowercase()));
    }

    #[test]
    fn an_empty_filter_folds_nothing() {
        let folds = std::cell::Cell::new(0);
        let fold = |s: &str| {
            folds.set(folds.get() + 1);
            s.to_lowercase()
        };
        assert!(matches(&role(1, "A", "b"), "  ", fold));
        assert_eq!(folds.get(), 0);
        assert!(matches(&role(1, "A", "b"), "a", fold));
        assert_eq!(folds.get(), 2);
    }

    #[test]
    fn filter_matches_all_words_in_name_or_description() {
        let r = role(1, "Tier 2 Support", "Escalations from tier one");
        assert!(matches(&r, "", lower));
        assert!(matches(&r, "   ", lower));
        assert!(matches(&r, "tier", lower));
        assert!(matches(&r, "SUPPORT escal", lower));
        assert!(!matches(&r, "billing", lower));
        assert!(!matches(&r, "tier billing", lower));
        // Words do not match across the name/description boundary as one word.
        assert!(!matches(&r, "supportescalations", lower));
        // The fold is the caller's: without lower-casing, case matters.
        assert!(!matches(&r, "SUPPORT", |s: &str| s.to_string()));
    }
}
