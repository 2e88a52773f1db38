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
    /// The list answer's key, when it is not `key` (dynamic content lists `items`).
    pub list_key: Option<&'static str>,
    /// Fields written by a request of their own after the item's (a schedule's work week).
    pub separate: &'static [Separate],
    /// Sub-items each written on its own (dynamic content variants, schedule holidays).
    pub children: Option<&'static Children>,
    /// A list whose members other fields refer to (`(list, [fields])`: a ticket form's
    /// `ticket_field_ids` and its conditions): an update that drops members from the list first
    /// writes the other fields with the list as it was plus the new members, then the list
    /// itself, since Zendesk refuses a condition on a field the form does not hold
    /// (issue 11: "removing a field and its condition takes two PUTs").
    pub shrink_later: Option<(&'static str, &'static [&'static str])>,
    /// The answers to the list that mean the account's plan lacks the type (not an error).
    pub unavailable_on: &'static [u16],
    /// How a lookup type is read (types that are only referred to, never written).
    pub fetch: Fetch,
}

/// Fields one request of their own writes: `PUT {path}/{id}/{sub}.json` with
/// `{wrapper: {field: value}}`.
#[derive(Debug, PartialEq, Eq)]
pub struct Separate {
    pub field: &'static str,
    pub sub: &'static str,
    pub wrapper: &'static str,
}

/// Sub-items kept in a field of the item and written one by one at
/// `{path}/{id}/{sub}[/{child id}].json` with `{wrapper: {...}}`.
#[derive(Debug, PartialEq, Eq)]
pub struct Children {
    pub field: &'static str,
    pub sub: &'static str,
    pub wrapper: &'static str,
    /// What identifies a sub-item within its item (a variant's `locale_id`).
    pub key: &'static [&'static str],
    pub writable: &'static [&'static str],
    /// Whether a create carries them inline (dynamic content) or writes them after.
    pub in_create: bool,
    /// Whether the item's list answer holds them, or each item's are read on their own
    /// (`GET {path}/{id}/{sub}.json`, the list key being `sub`).
    pub listed: bool,
}

/// How the items of a type are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fetch {
    /// Paged through `list_path` to its end.
    List,
    /// Too many to list: the source's referenced items by their ids
    /// (`{by_ids}1,2,3`, up to 100), then this account's by each one's identity
    /// (`{by_identity}<identity, URL-encoded>`).
    Find {
        by_ids: &'static str,
        by_identity: &'static str,
    },
}

/// The defaults every row starts from.
const DEFAULTS: TypeSpec = TypeSpec {
    key: "",
    list_path: "",
    path: "",
    wrapper: "",
    identity: Identity::Field("name"),
    name_field: "name",
    tier: 0,
    update: Update::Put,
    writable: &[],
    optional_text: &[],
    one_way: &[],
    written_together: &[],
    update_always: &[],
    immutable: &[],
    checks: &[],
    options_by_id: false,
    shared_only: false,
    list_key: None,
    separate: &[],
    children: None,
    shrink_later: None,
    unavailable_on: &[],
    fetch: Fetch::List,
};

impl TypeSpec {
    /// The list answer's key.
    pub fn list_key(&self) -> &'static str {
        self.list_key.unwrap_or(self.key)
    }
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
    // Custom roles below Enterprise answer 403 or 404.
    unavailable_on: &[403, 404],
    ..DEFAULTS
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
    ..DEFAULTS
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
    ..DEFAULTS
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
    ..DEFAULTS
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
    ..DEFAULTS
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
    ..DEFAULTS
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
    ..DEFAULTS
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
    ..DEFAULTS
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
    ..DEFAULTS
};

pub const ORGANIZATION_FIELDS: TypeSpec = TypeSpec {
    key: "organization_fields",
    list_path: "/api/v2/organization_fields?page[size]=100",
    path: "/api/v2/organization_fields",
    wrapper: "organization_field",
    ..USER_FIELDS
};

pub const TICKET_FORMS: TypeSpec = TypeSpec {
    key: "ticket_forms",
    // The OAS documents no paging for this list.
    list_path: "/api/v2/ticket_forms",
    path: "/api/v2/ticket_forms",
    wrapper: "ticket_form",
    // `raw_name` keeps a `{{dc.*}}` placeholder; `name` is what the admin sees.
    identity: Identity::Field("raw_name"),
    name_field: "name",
    tier: 2,
    // `restricted_brand_ids` is read-only in the OAS: a form's brands are not written (and
    // `in_all_brands` is). `default` and `position` are the account's own.
    writable: &[
        "raw_name",
        "raw_display_name",
        "end_user_visible",
        "active",
        "in_all_brands",
        "ticket_field_ids",
        "agent_conditions",
        "end_user_conditions",
    ],
    optional_text: &[("raw_display_name", Empty::Text)],
    shrink_later: Some((
        "ticket_field_ids",
        &["agent_conditions", "end_user_conditions"],
    )),
    checks: &[Check::FormConditionsInForm],
    ..DEFAULTS
};

pub const SLA_POLICIES: TypeSpec = TypeSpec {
    key: "sla_policies",
    list_path: "/api/v2/slas/policies",
    path: "/api/v2/slas/policies",
    wrapper: "sla_policy",
    identity: Identity::Field("title"),
    name_field: "title",
    tier: 3,
    writable: &["title", "description", "filter", "policy_metrics"],
    optional_text: &[("description", Empty::Text)],
    // "Accounts on the Support Professional or Suite Growth plan or above" (the OAS); what the
    // others get is not documented: 403 or 404 is read as the plan lacking SLAs.
    unavailable_on: &[403, 404],
    ..DEFAULTS
};

const VARIANTS: Children = Children {
    field: "variants",
    sub: "variants",
    wrapper: "variant",
    key: &["locale_id"],
    writable: &["locale_id", "content", "active", "default"],
    in_create: true,
    listed: true,
};

pub const DYNAMIC_CONTENT: TypeSpec = TypeSpec {
    key: "dynamic_content",
    list_path: "/api/v2/dynamic_content/items?page[size]=100",
    path: "/api/v2/dynamic_content/items",
    wrapper: "item",
    list_key: Some("items"),
    identity: Identity::Field("name"),
    name_field: "name",
    tier: 0,
    // "The only attribute you can change is the name" (Update Item): the default locale is
    // written on create only, and the variants through their own API.
    writable: &["name", "default_locale_id", "variants"],
    immutable: &["default_locale_id"],
    children: Some(&VARIANTS),
    ..DEFAULTS
};

const HOLIDAYS: Children = Children {
    field: "holidays",
    sub: "holidays",
    wrapper: "holiday",
    // A holiday's name may come back every year: its name and first day identify it.
    key: &["name", "start_date"],
    writable: &["name", "start_date", "end_date"],
    in_create: false,
    listed: false,
};

pub const SCHEDULES: TypeSpec = TypeSpec {
    key: "schedules",
    // Not in the OAS: deploy.md's table. Unpaged.
    list_path: "/api/v2/business_hours/schedules",
    path: "/api/v2/business_hours/schedules",
    wrapper: "schedule",
    identity: Identity::Field("name"),
    name_field: "name",
    tier: 0,
    writable: &["name", "time_zone", "intervals", "holidays"],
    separate: &[Separate {
        field: "intervals",
        sub: "workweek",
        wrapper: "workweek",
    }],
    children: Some(&HOLIDAYS),
    // Business hours belong to some plans only; what the others get is not documented.
    unavailable_on: &[403, 404],
    ..DEFAULTS
};

/// Types that are only referred to (deploy.md: "Users, organizations, brands, targets and
/// webhooks are never created"): matched by identity, never written.
pub const USERS: TypeSpec = TypeSpec {
    key: "users",
    path: "/api/v2/users",
    identity: Identity::Field("email"),
    name_field: "name",
    fetch: Fetch::Find {
        by_ids: "/api/v2/users/show_many?ids=",
        by_identity: "/api/v2/users/search?query=email:",
    },
    ..DEFAULTS
};

pub const ORGANIZATIONS: TypeSpec = TypeSpec {
    key: "organizations",
    path: "/api/v2/organizations",
    identity: Identity::Field("name"),
    fetch: Fetch::Find {
        by_ids: "/api/v2/organizations/show_many?ids=",
        // "its name must exactly match the value provided (case insensitive)".
        by_identity: "/api/v2/organizations/search?name=",
    },
    ..DEFAULTS
};

pub const BRANDS: TypeSpec = TypeSpec {
    key: "brands",
    list_path: "/api/v2/brands",
    path: "/api/v2/brands",
    ..DEFAULTS
};

pub const TARGETS: TypeSpec = TypeSpec {
    key: "targets",
    list_path: "/api/v2/targets",
    path: "/api/v2/targets",
    identity: Identity::Field("title"),
    name_field: "title",
    ..DEFAULTS
};

pub const WEBHOOKS: TypeSpec = TypeSpec {
    key: "webhooks",
    // Not in the OAS: Zendesk's webhooks API, cursor paged.
    list_path: "/api/v2/webhooks?page[size]=100",
    path: "/api/v2/webhooks",
    ..DEFAULTS
};

/// Every type, in tier order (the order the plan lists them when the references leave a choice).
pub const TYPES: [&TypeSpec; 14] = [
    &GROUPS,
    &SCHEDULES,
    &DYNAMIC_CONTENT,
    &TRIGGER_CATEGORIES,
    &TICKET_FIELDS,
    &USER_FIELDS,
    &ORGANIZATION_FIELDS,
    &TICKET_FORMS,
    &CUSTOM_ROLES,
    &MACROS,
    &TRIGGERS,
    &AUTOMATIONS,
    &VIEWS,
    &SLA_POLICIES,
];

/// The types only referred to.
pub const LOOKUPS: [&TypeSpec; 5] = [&USERS, &ORGANIZATIONS, &BRANDS, &TARGETS, &WEBHOOKS];

/// The type of a component `type`.
pub fn spec(key: &str) -> Option<&'static TypeSpec> {
    TYPES.iter().copied().find(|t| t.key == key)
}

/// The type, or the lookup type, of a key.
pub fn any_spec(key: &str) -> Option<&'static TypeSpec> {
    spec(key).or_else(|| LOOKUPS.iter().copied().find(|t| t.key == key))
}
