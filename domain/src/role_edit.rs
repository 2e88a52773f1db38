//! Turning roles into requests and views: the compare matrix, the body of a create, an update
//! that carries only what changed, clone, and export / import as JSON.

use crate::role_schema::{permission, Permission, PERMISSIONS};
use crate::roles::CustomRole;
use serde_json::{json, Map, Value};

/// Top-level fields Zendesk sets: never sent, never exported.
const READ_ONLY_FIELDS: &[&str] = &[
    "id",
    "url",
    "created_at",
    "updated_at",
    "team_member_count",
    "role_type",
];

/// One row of the compare matrix: a permission and its value in each role.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixRow {
    /// The `configuration` key.
    pub key: String,
    /// The schema's entry; `None` for a permission deskset does not know.
    pub permission: Option<&'static Permission>,
    /// The value in each role, in the order the roles were given (`None`: not set).
    pub values: Vec<Option<Value>>,
    /// Not every role has the same value.
    pub differs: bool,
}

/// The permission matrix of `roles`: every known permission in schema order, then the unknown
/// ones any role has, in name order.
pub fn compare(roles: &[CustomRole]) -> Vec<MatrixRow> {
    let mut unknown: Vec<&str> = roles
        .iter()
        .filter_map(CustomRole::configuration)
        .flat_map(|c| c.keys().map(String::as_str))
        .filter(|k| permission(k).is_none())
        .collect();
    unknown.sort_unstable();
    unknown.dedup();
    let row = |key: &str, permission: Option<&'static Permission>| {
        let values: Vec<Option<Value>> = roles
            .iter()
            .map(|r| r.configuration().and_then(|c| c.get(key)).cloned())
            .collect();
        let differs = values.windows(2).any(|w| w[0] != w[1]);
        MatrixRow {
            key: key.to_string(),
            permission,
            values,
            differs,
        }
    };
    PERMISSIONS
        .iter()
        .map(|p| row(p.key, Some(p)))
        .chain(unknown.into_iter().map(|k| row(k, None)))
        .collect()
}

/// The configuration deskset may send: read-only permissions removed, everything else (unknown
/// permissions included) as it is.
pub(crate) fn writable(config: &Map<String, Value>) -> Map<String, Value> {
    config
        .iter()
        .filter(|(k, _)| !permission(k).is_some_and(|p| p.read_only))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The body of `POST /api/v2/custom_roles` for `draft`.
pub fn create_body(draft: &CustomRole) -> Value {
    let mut role = Map::new();
    role.insert("name".into(), json!(draft.name().trim()));
    if let Some(d) = draft.description() {
        role.insert("description".into(), json!(d));
    }
    if let Some(config) = draft.configuration() {
        role.insert("configuration".into(), Value::Object(writable(config)));
    }
    json!({ "custom_role": role })
}

/// The body of `PUT /api/v2/custom_roles/{id}`: only the fields and permissions that differ
/// between `original` and `edited` (Zendesk can refuse a whole role sent back). `None` when
/// nothing changed.
pub fn update_body(original: &CustomRole, edited: &CustomRole) -> Option<Value> {
    let mut role = Map::new();
    if edited.name().trim() != original.name() {
        role.insert("name".into(), json!(edited.name().trim()));
    }
    if edited.description().unwrap_or_default() != original.description().unwrap_or_default() {
        role.insert(
            "description".into(),
            json!(edited.description().unwrap_or_default()),
        );
    }
    let empty = Map::new();
    let before = original.configuration().unwrap_or(&empty);
    let changed: Map<String, Value> = writable(edited.configuration().unwrap_or(&empty))
        .into_iter()
        .filter(|(k, v)| before.get(k) != Some(v))
        .collect();
    if !changed.is_empty() {
        role.insert("configuration".into(), Value::Object(changed));
    }
    (!role.is_empty()).then(|| json!({ "custom_role": role }))
}

/// A new role prefilled from `source`, named `name` (the caller translates "Copy of <name>").
pub fn clone_as(source: &CustomRole, name: &str) -> CustomRole {
    let mut role = portable(source);
    role.0.insert("name".into(), json!(name));
    role
}

/// `role` without what only makes sense in its own account (id, timestamps, member count).
fn portable(role: &CustomRole) -> CustomRole {
    let mut map = role.0.clone();
    for field in READ_ONLY_FIELDS {
        map.remove(*field);
    }
    CustomRole(map)
}

/// `role` as a JSON document to carry to another account: `{"custom_role": {...}}` without
/// account-specific fields, pretty-printed.
pub fn export(role: &CustomRole) -> String {
    let body = json!({ "custom_role": Value::Object(portable(role).0) });
    serde_json::to_string_pretty(&body).unwrap_or_default()
}

/// Why a JSON document is not a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// Not JSON at all.
    NotJson,
    /// JSON, but not a role object (`{"custom_role": {...}}` or the role object itself).
    NotARole,
}

impl ImportError {
    /// The translation key that explains it.
    pub fn i18n_key(&self) -> &'static str {
        match self {
            ImportError::NotJson => "role_import.not_json",
            ImportError::NotARole => "role_import.not_a_role",
        }
    }
}

/// A role read from an exported document (or a role object pasted on its own), ready for the
/// create form: account-specific fields dropped, everything else kept for validation.
pub fn import(text: &str) -> Result<CustomRole, ImportError> {
    let value: Value = serde_json::from_str(text.trim()).map_err(|_| ImportError::NotJson)?;
    let object = value.get("custom_role").unwrap_or(&value);
    let map = object.as_object().ok_or(ImportError::NotARole)?;
    let has_name = map.get("name").is_some_and(Value::is_string);
    let config_ok = map.get("configuration").is_none_or(Value::is_object);
    if !has_name || !config_ok {
        return Err(ImportError::NotARole);
    }
    Ok(portable(&CustomRole(map.clone())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(value: Value) -> CustomRole {
        serde_json::from_value(value).unwrap()
    }

    fn tier2() -> CustomRole {
        role(json!({
            "id": 7, "name": "Tier 2", "description": "Escalations", "role_type": 0,
            "team_member_count": 3, "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-02-01T00:00:00Z",
            "configuration": {"ticket_access": "all", "ticket_merge": true, "chat_access": false,
                              "future_permission": {"x": 1}},
            "future_field": "kept"
        }))
    }

    #[test]
    fn compare_lists_known_then_unknown_and_marks_differences() {
        let a = tier2();
        let b = role(
            json!({"name": "B", "configuration": {"ticket_access": "all", "ticket_merge": false, "zz_new": 1}}),
        );
        let rows = compare(&[a, b]);
        assert_eq!(rows.len(), PERMISSIONS.len() + 2);
        let find = |k: &str| rows.iter().find(|r| r.key == k).unwrap();
        assert!(!find("ticket_access").differs);
        assert!(find("ticket_merge").differs);
        assert_eq!(
            find("ticket_merge").values,
            vec![Some(json!(true)), Some(json!(false))]
        );
        assert!(
            find("chat_access").differs,
            "set in one role, unset in the other"
        );
        assert!(!find("voice_access").differs, "unset in both");
        assert_eq!(rows[PERMISSIONS.len()].key, "future_permission");
        assert!(rows[PERMISSIONS.len()].permission.is_none());
        assert_eq!(rows[PERMISSIONS.len() + 1].key, "zz_new");
        assert_eq!(rows.iter().filter(|r| r.differs).count(), 4);
    }

    #[test]
    fn update_sends_only_what_changed() {
        let original = tier2();
        assert_eq!(update_body(&original, &original), None);
        let mut edited = original.clone();
        edited.0["configuration"]["ticket_merge"] = json!(false);
        assert_eq!(
            update_body(&original, &edited),
            Some(json!({"custom_role": {"configuration": {"ticket_merge": false}}}))
        );
        edited.0["name"] = json!("  Tier Two ");
        edited.0["description"] = json!("");
        assert_eq!(
            update_body(&original, &edited),
            Some(
                json!({"custom_role": {"name": "Tier Two", "description": "", "configuration": {"ticket_merge": false}}})
            )
        );
        // A read-only permission is never sent, even if it differs.
        let mut ro = original.clone();
        ro.0["configuration"]["chat_access"] = json!(true);
        assert_eq!(update_body(&original, &ro), None);
    }

    #[test]
    fn create_sends_writable_permissions_and_unknown_ones() {
        let body = create_body(&tier2());
        assert_eq!(
            body,
            json!({"custom_role": {"name": "Tier 2", "description": "Escalations", "configuration": {
                "ticket_access": "all", "ticket_merge": true, "future_permission": {"x": 1}}}})
        );
    }

    #[test]
    fn clone_keeps_permissions_and_unknown_fields_but_not_identity() {
        let copy = clone_as(&tier2(), "Copy of Tier 2");
        assert_eq!(copy.name(), "Copy of Tier 2");
        assert_eq!(copy.id(), None);
        assert_eq!(copy.team_member_count(), None);
        assert_eq!(copy.updated_at(), None);
        assert_eq!(copy.0.get("role_type"), None);
        assert_eq!(copy.0["future_field"], json!("kept"));
        assert_eq!(copy.configuration(), tier2().configuration());
    }

    #[test]
    fn export_then_import_is_the_same_portable_role() {
        let text = export(&tier2());
        assert!(text.contains("\"custom_role\""));
        assert!(!text.contains("team_member_count") && !text.contains("\"id\""));
        let back = import(&text).unwrap();
        assert_eq!(back, clone_as(&tier2(), "Tier 2"));
        // A bare role object (say, copied from an API answer) imports too, minus its identity.
        let bare = import(&serde_json::to_string(&tier2()).unwrap()).unwrap();
        assert_eq!(bare, back);
    }

    #[test]
    fn import_refuses_what_is_not_a_role() {
        assert_eq!(import("not json"), Err(ImportError::NotJson));
        assert_eq!(import(""), Err(ImportError::NotJson));
        assert_eq!(import("[1, 2]"), Err(ImportError::NotARole));
        assert_eq!(
            import(r#"{"custom_role": {"description": "no name"}}"#),
            Err(ImportError::NotARole)
        );
        assert_eq!(import(r#"{"name": 5}"#), Err(ImportError::NotARole));
        assert_eq!(
            import(r#"{"name": "X", "configuration": []}"#),
            Err(ImportError::NotARole)
        );
        assert!(import(r#"{"name": "X"}"#).is_ok());
    }
}
