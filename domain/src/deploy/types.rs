//! The configuration types a deploy moves, as one table (deploy.md, "Identity per type"): where
//! each is listed and written, what identifies it across accounts, when it is written, and what is
//! never sent. A new type is a new row (and, if it holds references, a rule in `refs`).

use super::checks::Check;

/// How an item is identified across accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    /// One field (`name`, `title`), compared trimmed and case-folded.
    Field(&'static str),
}

/// The HTTP method that updates an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    Put,
    Patch,
}

/// What an empty text field is written as, to clear a value another write set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Empty {
    /// `null`: the OAS marks the field nullable.
    Null,
    /// `""`: the OAS takes a string only.
    Text,
}

/// One configuration type.
#[derive(Debug, PartialEq, Eq)]
pub struct TypeSpec {
    /// The component `type` of a configuration, and the list answer's key.
    pub key: &'static str,
    /// The first page of the list (`page[size]=100` where the list pages by cursor).
    pub list_path: &'static str,
    /// The collection's path (POST here, `PUT|PATCH|DELETE {path}/{id}`).
    pub path: &'static str,
    /// The write body's wrapper key (`group` in `{"group": {...}}`).
    pub wrapper: &'static str,
    /// What identifies an item across accounts.
    pub identity: Identity,
    /// The field a configuration's `{type, name}` names an item by (its display name).
    pub name_field: &'static str,
    /// Dependency tier: lower tiers are written first when the references leave a choice.
    pub tier: u8,
    pub update: Update,
    /// Fields a write carries (everything else the answer holds is never sent).
    pub writable: &'static [&'static str],
    /// Text fields an item may leave empty (null, `""` or absent, all one to Zendesk's screens),
    /// and how a write empties each. Every shape carries them, so that a deploy, and an undo
    /// putting back a version where one was empty, clears what another write set.
    pub optional_text: &'static [(&'static str, Empty)],
    /// Fields that can be changed one way only: `(field, value)` where Zendesk never lets the
    /// field return to `value` once it has left it (a private group never becomes public). A
    /// deploy keeps the target's value where Zendesk would refuse the change (and says so), states
    /// that the other direction cannot be undone, and an undo does not try it.
    pub one_way: &'static [(&'static str, bool)],
    /// Fields Zendesk replaces together: when an update changes one, it sends all of them.
    pub written_together: &'static [&'static [&'static str]],
    /// Fields every update sends, changed or not: those the OAS's request schema for the update
    /// requires (a trigger's `TriggerObject`: title, conditions, actions; a macro's
    /// `MacroInput`: title, actions).
    pub update_always: &'static [&'static str],
    /// Fields that never change once created: never sent in an update, and a difference blocks
    /// (a field's type).
    pub immutable: &'static [&'static str],
    /// What Zendesk refuses of an item, checked before any write (a refused item is blocked
    /// with Zendesk's words).
    pub checks: &'static [Check],
    /// A dropdown's options are kept by their `id` on update (the spec of user and organization
    /// fields: "To update an existing option, pass its id"; an option sent without one is new,
    /// and the old one and its values are gone). Ticket fields keep them by tag.
    pub options_by_id: bool,
    /// Items restricted to one user (`restriction: {type: "User"}`) are left out of the lists:
    /// they are an agent's personal macros or views, not the account's configuration.
    pub shared_only: bool,
}

pub const CUSTOM_ROLES: TypeSpec = TypeSpec {
    key: "custom_roles",
    list_path: "/api/v2/custom_roles",
    path: "/api/v2/custom_roles",
    wrapper: "custom_role",
    identity: Identity::Field("name"),
    name_field: "name",
    tier: 2,
    update: Update::Put,
    writable: &["name", "description", "configuration"],
    optional_text: &[],
    one_way: &[],
    written_together: &[],
    update_always: &[],
    immutable: &[],
    checks: &[],
    options_by_id: false,
    shared_only: false,
};

pub const GROUPS: TypeSpec = TypeSpec {
    key: "groups",
    // Deleted groups stay listed (with `deleted: true`) unless excluded.
    list_path: "/api/v2/groups?exclude_deleted=true&page[size]=100",
    path: "/api/v2/groups",
    wrapper: "group",
    identity: Identity::Field("name"),
    name_field: "name",
    tier: 0,
    update: Update::Put,
    writable: &["name", "description", "is_public"],
    optional_text: &[("description", Empty::Text)],
    one_way: &[("is_public", true)],
    written_together: &[],
    update_always: &[],
    immutable: &[],
    checks: &[],
    options_by_id: false,
    shared_only: false,
};

pub const TRIGGER_CATEGORIES: TypeSpec = TypeSpec {
    key: "trigger_categories",
    list_path: "/api/v2/trigger_categories?page[size]=100",
    path: "/api/v2/trigger_categories",
    wrapper: "trigger_category",
    identity: Identity::Field("name"),
    name_field: "name",
    tier: 0,
    update: Update::Patch,
    writable: &["name"],
    optional_text: &[],
    one_way: &[],
    written_together: &[],
    update_always: &[],
    immutable: &[],
    checks: &[],
    options_by_id: false,
    shared_only: false,
};

pub const TICKET_FIELDS: TypeSpec = TypeSpec {
    key: "ticket_fields",
    list_path: "/api/v2/ticket_fields?page[size]=100",
    path: "/api/v2/ticket_fields",
    wrapper: "ticket_field",
    // raw_title, with the type checked (a type cannot change: a matching title of another type
    // blocks rather than creating a second field of that title).
    identity: Identity::Field("raw_title"),
    name_field: "title",
    tier: 1,
    update: Update::Put,
    writable: &[
        "type",
        "raw_title",
        "raw_description",
        "raw_title_in_portal",
        "active",
        "required",
        "collapsed_for_agents",
        "regexp_for_validation",
        "visible_in_portal",
        "editable_in_portal",
        "required_in_portal",
        "tag",
        "custom_field_options",
        "agent_description",
    ],
    optional_text: &[
        ("raw_description", Empty::Text),
        ("agent_description", Empty::Text),
        ("regexp_for_validation", Empty::Null),
        ("tag", Empty::Null),
    ],
    one_way: &[],
    written_together: &[],
    update_always: &[],
    immutable: &["type"],
    checks: &[],
    options_by_id: false,
    shared_only: false,
};

pub const MACROS: TypeSpec = TypeSpec {
    key: "macros",
    // Admins otherwise get everyone's personal macros (deploy.md).
    list_path: "/api/v2/macros?access=shared&page[size]=100",
    path: "/api/v2/macros",
    wrapper: "macro",
    identity: Identity::Field("title"),
    name_field: "title",
    tier: 3,
    update: Update::Put,
    writable: &["title", "description", "active", "restriction", "actions"],
    optional_text: &[("description", Empty::Null)],
    one_way: &[],
    written_together: &[],
    update_always: &["title", "actions"],
    immutable: &[],
    checks: &[],
    options_by_id: false,
    shared_only: true,
};

pub const TRIGGERS: TypeSpec = TypeSpec {
    key: "triggers",
    list_path: "/api/v2/triggers?page[size]=100",
    path: "/api/v2/triggers",
    wrapper: "trigger",
    identity: Identity::Field("title"),
    name_field: "title",
    tier: 3,
    update: Update::Put,
    writable: &[
        "title",
        "description",
        "active",
        "category_id",
        "conditions",
        "actions",
    ],
    optional_text: &[("description", Empty::Text)],
    one_way: &[],
    written_together: &[],
    update_always: &["title", "conditions", "actions"],
    immutable: &[],
    checks: &[],
    options_by_id: false,
    shared_only: false,
};

pub const VIEWS: TypeSpec = TypeSpec {
    key: "views",
    // `access` takes personal, shared or account, and the docs do not say whether `shared`
    // includes the views every agent sees; the whole list is read and personal views are left
    // out by their restriction (`shared_only`).
    list_path: "/api/v2/views?page[size]=100",
    path: "/api/v2/views",
    wrapper: "view",
    identity: Identity::Field("title"),
    name_field: "title",
    tier: 3,
    update: Update::Put,
    // The write shape: `all`/`any`/`output` (the read shape's `conditions`/`execution` are
    // turned into them, see `write::view_write_shape`).
    writable: &[
        "title",
        "description",
        "active",
        "restriction",
        "all",
        "any",
        "output",
    ],
    optional_text: &[("description", Empty::Text)],
    one_way: &[],
    written_together: &[&["all", "any"]],
    update_always: &[],
    immutable: &[],
    checks: &[Check::AllTestsTicket],
    options_by_id: false,
    shared_only: true,
};

pub const AUTOMATIONS: TypeSpec = TypeSpec {
    key: "automations",
    list_path: "/api/v2/automations?page[size]=100",
    path: "/api/v2/automations",
    wrapper: "automation",
    identity: Identity::Field("title"),
    name_field: "title",
    tier: 3,
    update: Update::Put,
    writable: &["title", "active", "conditions", "actions"],
    optional_text: &[],
    one_way: &[],
    // "Updating a condition or action updates both": as triggers.
    written_together: &[&["conditions", "actions"]],
    update_always: &[],
    immutable: &[],
    checks: &[
        Check::TimeCondition,
        Check::Nullifying,
        Check::AllTestsTicket,
    ],
    options_by_id: false,
    shared_only: false,
};

/// The columns every custom user and organization field is written with (the OAS's
/// `CustomFieldObject`: `key`, `type` and `title` required on create).
const CUSTOM_FIELD_WRITABLE: &[&str] = &[
    "key",
    "type",
    "raw_title",
    "raw_description",
    "active",
    "regexp_for_validation",
    "tag",
    "custom_field_options",
    // A lookup field's target (`zen:user`, `zen:organization`, `zen:ticket` or a custom object
    // by key: the same in every account) and filter.
    "relationship_target_type",
    "relationship_filter",
];

const CUSTOM_FIELD_OPTIONAL_TEXT: &[(&str, Empty)] = &[
    ("raw_description", Empty::Text),
    ("regexp_for_validation", Empty::Null),
    ("tag", Empty::Text),
];

pub const USER_FIELDS: TypeSpec = TypeSpec {
    key: "user_fields",
    list_path: "/api/v2/user_fields?page[size]=100",
    path: "/api/v2/user_fields",
    wrapper: "user_field",
    // deploy.md: identity `key`; key and type immutable.
    identity: Identity::Field("key"),
    name_field: "title",
    tier: 1,
    update: Update::Put,
    writable: CUSTOM_FIELD_WRITABLE,
    optional_text: CUSTOM_FIELD_OPTIONAL_TEXT,
    one_way: &[],
    written_together: &[],
    update_always: &[],
    immutable: &["type", "key"],
    checks: &[],
    options_by_id: true,
    shared_only: false,
};

pub const ORGANIZATION_FIELDS: TypeSpec = TypeSpec {
    key: "organization_fields",
    list_path: "/api/v2/organization_fields?page[size]=100",
    path: "/api/v2/organization_fields",
    wrapper: "organization_field",
    ..USER_FIELDS
};

/// Every type, in tier order (the order the plan lists them when the references leave a choice).
pub const TYPES: [&TypeSpec; 10] = [
    &GROUPS,
    &TRIGGER_CATEGORIES,
    &TICKET_FIELDS,
    &USER_FIELDS,
    &ORGANIZATION_FIELDS,
    &CUSTOM_ROLES,
    &MACROS,
    &TRIGGERS,
    &AUTOMATIONS,
    &VIEWS,
];

/// The type of a component `type`.
pub fn spec(key: &str) -> Option<&'static TypeSpec> {
    TYPES.iter().copied().find(|t| t.key == key)
}
