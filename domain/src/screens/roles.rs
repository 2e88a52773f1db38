//! The Roles tab's screens: which one is open, the list's filter and picks, the detail's panel,
//! the form's draft and its problems, the import's text, the compare filter.

use super::Reduce;
use crate::http::HttpError;
use crate::i18n::Translator;
use crate::role_schema;
use crate::role_validation::{Issue, MAX_CUSTOM_ROLES};
use crate::roles::CustomRole;
use serde_json::{json, Value};

/// A 403 or 404 on the custom roles list: every agent may list roles, so it means the account's
/// plan lacks custom roles (Enterprise and above).
pub fn plan_lacks_roles(error: &HttpError) -> bool {
    matches!(error.status(), Some(403 | 404))
}

/// What the Roles tab shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Screen {
    #[default]
    List,
    Show(u64),
    /// The create form, prefilled (blank, a clone, an import).
    New(CustomRole),
    Edit(u64),
    Compare(Vec<u64>),
    Import,
}

/// The tab: which screen is open.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tab {
    pub screen: Screen,
}

impl Reduce for Tab {
    type Action = Screen;
    fn reduce(self, screen: Screen) -> Self {
        Tab { screen }
    }
}

/// The list: the filter's text and the roles picked for comparison (in the order picked).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct List {
    pub query: String,
    pub picked: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ListAction {
    Filter(String),
    /// Picks the role, or unpicks it if it was picked.
    Toggle(u64),
}

impl Reduce for List {
    type Action = ListAction;
    fn reduce(mut self, action: ListAction) -> Self {
        match action {
            ListAction::Filter(query) => self.query = query,
            ListAction::Toggle(id) => match self.picked.iter().position(|p| *p == id) {
                Some(i) => {
                    self.picked.remove(i);
                }
                None => self.picked.push(id),
            },
        }
        self
    }
}

impl List {
    /// Two or more roles are needed to compare.
    pub fn can_compare(&self) -> bool {
        self.picked.len() >= 2
    }
}

/// What the detail screen shows under the role's heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Panel {
    #[default]
    None,
    Export,
    ConfirmDelete,
}

/// The detail screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Detail {
    pub panel: Panel,
}

impl Reduce for Detail {
    type Action = Panel;
    fn reduce(self, panel: Panel) -> Self {
        Detail { panel }
    }
}

/// The form's problems: deskset's own checks, then Zendesk's 422 details (field, message).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Problems {
    pub local: Vec<Issue>,
    pub zendesk: Vec<(String, String)>,
}

impl Problems {
    /// The messages for `field`, in the translator's words (Zendesk's as it wrote them).
    pub fn messages(&self, t: &Translator, field: &str) -> Vec<String> {
        let max = MAX_CUSTOM_ROLES.to_string();
        self.local
            .iter()
            .filter(|i| i.field == field)
            .map(|i| t.t_with(i.problem.i18n_key(), &[("max", &max)]))
            .chain(
                self.zendesk
                    .iter()
                    .filter(|(f, _)| f == field)
                    .map(|(_, m)| m.clone()),
            )
            .collect()
    }

    /// Messages for fields the form has no place for (a custom object's scopes, a key Zendesk
    /// names that deskset does not know): shown at the top, so nothing is counted and hidden.
    pub fn unplaced(&self, t: &Translator) -> Vec<String> {
        let placed = |field: &str| {
            matches!(field, "name" | "description")
                || field
                    .strip_prefix("configuration.")
                    .is_some_and(|k| role_schema::permission(k).is_some())
        };
        let mut fields: Vec<&str> = Vec::new();
        for f in self
            .local
            .iter()
            .map(|i| i.field.as_str())
            .chain(self.zendesk.iter().map(|(f, _)| f.as_str()))
        {
            // Each field once, in the order found (its messages gather local and Zendesk's).
            if !placed(f) && !fields.contains(&f) {
                fields.push(f);
            }
        }
        fields
            .into_iter()
            .flat_map(|f| self.messages(t, f))
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.local.is_empty() && self.zendesk.is_empty()
    }
}

/// Zendesk's 422 `details` (`{"field": [{"description": "..."}]}`) as (field, message) pairs;
/// empty when the error is not a 422 with details.
pub fn zendesk_details(error: &HttpError) -> Vec<(String, String)> {
    let HttpError::Status {
        status: 422, body, ..
    } = error
    else {
        return Vec::new();
    };
    body.get("details")
        .and_then(Value::as_object)
        .map(|details| {
            details
                .iter()
                .flat_map(|(field, list)| {
                    list.as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|d| d.get("description").and_then(Value::as_str))
                        .map(move |m| (field.clone(), m.to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The create and edit form: the draft as typed, and what deskset's own checks found in it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Form {
    pub draft: CustomRole,
    pub local: Vec<Issue>,
    /// The custom object key typed to grant access to one more object.
    pub object_key: String,
}

impl Form {
    pub fn new(draft: CustomRole) -> Self {
        Form {
            draft,
            local: Vec::new(),
            object_key: String::new(),
        }
    }

    /// The custom objects the draft grants access to (`configuration.custom_objects`).
    pub fn objects(&self) -> serde_json::Map<String, Value> {
        self.draft
            .configuration()
            .and_then(|c| c.get("custom_objects"))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    }

    /// Whether the typed key can be added: not blank, not granted already.
    pub fn can_add_object(&self) -> bool {
        let key = self.object_key.trim();
        !key.is_empty() && !self.objects().contains_key(key)
    }

    /// Every problem to show: deskset's own, then Zendesk's refusal of the last save.
    pub fn problems(&self, refusal: Option<&SaveError>) -> Problems {
        Problems {
            local: self.local.clone(),
            zendesk: match refusal {
                Some(SaveError::Refused(details)) => details.clone(),
                _ => Vec::new(),
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum FormAction {
    /// A top-level text field (`name`, `description`).
    SetText(&'static str, String),
    /// A permission's new value.
    SetPermission(String, Value),
    /// deskset's own checks ran before a save (empty: nothing wrong, the save goes).
    Checked(Vec<Issue>),
    /// The custom object key box changed.
    TypeObjectKey(String),
    /// Grants access to the typed custom object, starting with View (`read`: the other scopes
    /// need it), and empties the box; nothing when it cannot be added.
    AddObject,
}

impl Reduce for Form {
    type Action = FormAction;
    fn reduce(mut self, action: FormAction) -> Self {
        match action {
            FormAction::SetText(key, value) => {
                self.draft.0.insert(key.into(), json!(value));
            }
            FormAction::SetPermission(key, value) => {
                let config = self
                    .draft
                    .0
                    .entry("configuration")
                    .or_insert_with(|| json!({}));
                if !config.is_object() {
                    *config = json!({});
                }
                if let Some(config) = config.as_object_mut() {
                    config.insert(key, value);
                }
            }
            FormAction::Checked(local) => self.local = local,
            FormAction::TypeObjectKey(key) => self.object_key = key,
            FormAction::AddObject => {
                if self.can_add_object() {
                    let mut objects = self.objects();
                    objects.insert(
                        self.object_key.trim().to_string(),
                        json!({ "scopes": ["read"] }),
                    );
                    self.object_key.clear();
                    return self.reduce(FormAction::SetPermission(
                        "custom_objects".into(),
                        Value::Object(objects),
                    ));
                }
            }
        }
        self
    }
}

/// Why a role was not saved.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveError {
    /// Zendesk refused it with details by field (its 422): shown next to the fields.
    Refused(Vec<(String, String)>),
    /// Anything else.
    Failed(HttpError),
}

impl From<HttpError> for SaveError {
    fn from(e: HttpError) -> Self {
        match zendesk_details(&e) {
            details if details.is_empty() => SaveError::Failed(e),
            details => SaveError::Refused(details),
        }
    }
}

/// The roles and what the signed-in user may do with them.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub roles: std::rc::Rc<Vec<CustomRole>>,
    pub may_manage: bool,
}

impl Loaded {
    /// `list` sorted by name in `collation`, and whether a user of `role` whose own custom role is
    /// `own_role_id` (from `users/me`; admins need none) may manage roles.
    pub fn new(
        list: Vec<CustomRole>,
        role: &crate::access::UserRole,
        own_role_id: Option<u64>,
        collation: &impl crate::i18n::Collation,
    ) -> Self {
        let list = crate::roles::sorted_by_name(list, collation);
        let own = own_role_id.and_then(|id| list.iter().find(|r| r.id() == Some(id)));
        let may_manage = crate::access::may_manage_roles(role, own);
        Loaded {
            roles: std::rc::Rc::new(list),
            may_manage,
        }
    }

    pub fn find(&self, id: u64) -> Option<&CustomRole> {
        self.roles.iter().find(|r| r.id() == Some(id))
    }
}

/// The import screen: the text pasted or read from a file, and why it was refused.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Import {
    pub text: String,
    /// The refusal's translation key.
    pub problem: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ImportAction {
    Typed(String),
    /// The text could not be read as a role; kept so it can be fixed.
    Refused(String, &'static str),
}

impl Reduce for Import {
    type Action = ImportAction;
    fn reduce(mut self, action: ImportAction) -> Self {
        match action {
            ImportAction::Typed(text) => self.text = text,
            ImportAction::Refused(text, problem) => {
                self.text = text;
                self.problem = Some(problem);
            }
        }
        self
    }
}

/// The compare matrix: all rows, or only those that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Compare {
    pub only_differences: bool,
}

impl Reduce for Compare {
    type Action = bool;
    fn reduce(self, only_differences: bool) -> Self {
        Compare { only_differences }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Catalog;
    use crate::role_validation::Problem;

    fn translator() -> Translator {
        let c = Catalog::from_json(
            r#"{"ui": {"role_errors": {"name_required": "Name needed", "too_many": "At most {max}"}}}"#,
        )
        .unwrap_or_default();
        Translator::new("en", c.clone(), c)
    }

    #[test]
    fn a_403_or_404_on_the_list_means_the_plan() {
        let status = |s| HttpError::Status {
            status: s,
            message: None,
            body: Value::Null,
        };
        assert!(plan_lacks_roles(&status(403)));
        assert!(plan_lacks_roles(&status(404)));
        assert!(!plan_lacks_roles(&status(500)));
        assert!(!plan_lacks_roles(&HttpError::Timeout));
    }

    #[test]
    fn toggling_picks_and_unpicks_in_order() {
        let list = List::default()
            .reduce(ListAction::Toggle(3))
            .reduce(ListAction::Toggle(1))
            .reduce(ListAction::Toggle(3))
            .reduce(ListAction::Toggle(2));
        assert_eq!(list.picked, [1, 2]);
        assert!(list.can_compare());
        assert!(!List::default().reduce(ListAction::Toggle(1)).can_compare());
    }

    #[test]
    fn the_form_keeps_what_was_typed_through_refusals() {
        let form = Form::new(CustomRole::default())
            .reduce(FormAction::SetText("name", "Team lead".into()))
            .reduce(FormAction::SetPermission(
                "ticket_merge".into(),
                json!(true),
            ))
            .reduce(FormAction::Checked(vec![Issue {
                field: "name".into(),
                problem: Problem::NameRequired,
            }]));
        assert_eq!(
            form.problems(None).messages(&translator(), "name"),
            ["Name needed"]
        );
        let form = form.reduce(FormAction::Checked(Vec::new()));
        let refusal = SaveError::from(HttpError::Status {
            status: 422,
            message: None,
            body: json!({"details": {"name": [{"description": "Name: is already taken"}]}}),
        });
        assert_eq!(form.draft.name(), "Team lead");
        assert_eq!(
            form.draft
                .configuration()
                .and_then(|c| c.get("ticket_merge")),
            Some(&json!(true))
        );
        assert_eq!(
            form.problems(Some(&refusal))
                .messages(&translator(), "name"),
            ["Name: is already taken"]
        );
        // Anything else is a failure, not field problems.
        let failed = SaveError::from(HttpError::Status {
            status: 500,
            message: None,
            body: Value::Null,
        });
        assert!(matches!(failed, SaveError::Failed(_)));
        assert!(form.problems(Some(&failed)).is_empty());
    }

    #[test]
    fn a_custom_object_is_granted_once_with_view_first() {
        let form = Form::default()
            .reduce(FormAction::TypeObjectKey("  ".into()))
            .reduce(FormAction::AddObject);
        assert!(form.objects().is_empty());
        let form = form
            .reduce(FormAction::TypeObjectKey(" car ".into()))
            .reduce(FormAction::AddObject);
        assert_eq!(
            form.objects().get("car"),
            Some(&json!({"scopes": ["read"]}))
        );
        assert_eq!(form.object_key, "");
        let again = form.clone().reduce(FormAction::TypeObjectKey("car".into()));
        assert!(!again.can_add_object());
        assert_eq!(again.reduce(FormAction::AddObject).objects().len(), 1);
    }

    #[test]
    fn who_may_manage_comes_from_their_own_role() {
        use crate::access::UserRole;
        let role = |id: u64, name: &str, manage: &str| {
            CustomRole(
                json!({"id": id, "name": name, "configuration": {"manage_roles": manage}})
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
            )
        };
        let list = || vec![role(2, "b", "none"), role(1, "a", "all-except-self")];
        let order = |a: &str, b: &str| a.cmp(b);
        let lead = Loaded::new(list(), &UserRole::Agent, Some(1), &order);
        assert!(lead.may_manage);
        assert_eq!(lead.roles[0].name(), "a");
        assert!(!Loaded::new(list(), &UserRole::Agent, Some(2), &order).may_manage);
        assert!(!Loaded::new(list(), &UserRole::Agent, None, &order).may_manage);
        assert!(Loaded::new(list(), &UserRole::Admin, None, &order).may_manage);
        assert_eq!(lead.find(2).map(|r| r.name()), Some("b"));
    }

    #[test]
    fn a_permission_on_a_role_whose_configuration_is_not_an_object_replaces_it() {
        let mut role = CustomRole::default();
        role.0.insert("configuration".into(), json!("broken"));
        let form = Form::new(role).reduce(FormAction::SetPermission("x".into(), json!(1)));
        assert_eq!(form.draft.0["configuration"], json!({"x": 1}));
    }

    #[test]
    fn problems_without_a_place_are_listed_once_each() {
        let problems = Problems {
            local: vec![
                Issue {
                    field: "configuration.custom_objects.car".into(),
                    problem: Problem::TooManyRoles,
                },
                Issue {
                    field: "name".into(),
                    problem: Problem::NameRequired,
                },
            ],
            zendesk: vec![
                ("base".into(), "Something".into()),
                ("configuration.custom_objects.car".into(), "Bad".into()),
            ],
        };
        assert_eq!(
            problems.unplaced(&translator()),
            ["At most 197", "Bad", "Something"]
        );
    }

    #[test]
    fn only_a_422_has_field_details() {
        let body = json!({"details": {"name": [{"description": "Name taken"}, {"description": "Too close"}]}});
        let error = |status| HttpError::Status {
            status,
            message: None,
            body: body.clone(),
        };
        assert_eq!(
            zendesk_details(&error(422)),
            [
                ("name".to_string(), "Name taken".to_string()),
                ("name".to_string(), "Too close".to_string())
            ]
        );
        assert!(zendesk_details(&error(400)).is_empty());
    }

    #[test]
    fn an_import_refusal_keeps_the_text() {
        let import = Import::default()
            .reduce(ImportAction::Typed("{".into()))
            .reduce(ImportAction::Refused("{".into(), "role_import.not_json"));
        assert_eq!(import.text, "{");
        assert_eq!(import.problem, Some("role_import.not_json"));
    }
}
