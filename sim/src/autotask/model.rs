//! The fake Autotask's world: tenants (Autotask databases) with their API users, integration codes,
//! contacts, tickets and ticket picklists, plus the switches and counters the control API steers.
//!
//! Entities are kept as JSON maps with the wire's camelCase field names (the spec's PascalCase names
//! with a lower-case first letter), so filters and `IncludeFields` work on any modelled field; each
//! entity's [`FieldDef`] list says which fields exist and how values compare.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// One stored Contact or Ticket, keyed by camelCase field name; `id` is always present.
pub type Record = Map<String, Value>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `int32` / `int64` in the spec.
    Int,
    Str,
    /// `date-time` in the spec: compared as instants.
    Date,
    Bool,
}

#[derive(Clone, Copy, Debug)]
pub struct FieldDef {
    /// As on the wire (camelCase).
    pub name: &'static str,
    pub kind: Kind,
    /// `int64` in the spec (`long` in field information), else `int32` (`integer`).
    pub long: bool,
    /// The entity an `...ID` field refers to, for field information.
    pub reference: Option<&'static str>,
}

const fn f(name: &'static str, kind: Kind) -> FieldDef {
    FieldDef {
        name,
        kind,
        long: false,
        reference: None,
    }
}

const fn r(name: &'static str, entity: &'static str) -> FieldDef {
    FieldDef {
        name,
        kind: Kind::Int,
        long: false,
        reference: Some(entity),
    }
}

const ID: FieldDef = FieldDef {
    name: "id",
    kind: Kind::Int,
    long: true,
    reference: None,
};

/// The TicketModel fields the simulator models (every name is a TicketModel property).
pub const TICKET_FIELDS: &[FieldDef] = &[
    ID,
    f("ticketNumber", Kind::Str),
    f("title", Kind::Str),
    f("description", Kind::Str),
    f("status", Kind::Int),
    f("priority", Kind::Int),
    f("queueID", Kind::Int),
    f("issueType", Kind::Int),
    f("source", Kind::Int),
    f("ticketType", Kind::Int),
    r("companyID", "Company"),
    r("contactID", "Contact"),
    r("assignedResourceID", "Resource"),
    f("createDate", Kind::Date),
    f("lastActivityDate", Kind::Date),
    f("dueDateTime", Kind::Date),
    f("completedDate", Kind::Date),
    f("serviceLevelAgreementHasBeenMet", Kind::Bool),
];

/// The ContactModel fields the simulator models (every name is a ContactModel property).
pub const CONTACT_FIELDS: &[FieldDef] = &[
    ID,
    f("firstName", Kind::Str),
    f("lastName", Kind::Str),
    f("emailAddress", Kind::Str),
    f("emailAddress2", Kind::Str),
    f("emailAddress3", Kind::Str),
    f("isActive", Kind::Int),
    r("companyID", "Company"),
    f("title", Kind::Str),
    f("phone", Kind::Str),
    f("createDate", Kind::Date),
    f("lastActivityDate", Kind::Date),
    f("lastModifiedDate", Kind::Date),
    f("primaryContact", Kind::Bool),
];

/// The entities the fake serves, by their URL name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entity {
    Contacts,
    Tickets,
}

impl Entity {
    /// URL path segments are case-insensitive in Autotask (IIS).
    pub fn parse(segment: &str) -> Option<Entity> {
        match segment.to_ascii_lowercase().as_str() {
            "contacts" => Some(Entity::Contacts),
            "tickets" => Some(Entity::Tickets),
            _ => None,
        }
    }

    /// As in the URL and the spec's paths.
    pub fn path_name(self) -> &'static str {
        match self {
            Entity::Contacts => "Contacts",
            Entity::Tickets => "Tickets",
        }
    }

    /// Singular, as Autotask names the entity in messages.
    pub fn singular(self) -> &'static str {
        match self {
            Entity::Contacts => "Contact",
            Entity::Tickets => "Ticket",
        }
    }

    pub fn fields(self) -> &'static [FieldDef] {
        match self {
            Entity::Contacts => CONTACT_FIELDS,
            Entity::Tickets => TICKET_FIELDS,
        }
    }

    /// Field names are case-insensitive in queries and `IncludeFields`.
    pub fn field(self, name: &str) -> Option<&'static FieldDef> {
        self.fields()
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(name))
    }
}

#[derive(Clone, Debug)]
pub struct PicklistValue {
    /// A string on the wire, while the ticket field holds an int.
    pub value: String,
    pub label: String,
    pub is_active: bool,
    pub is_default: bool,
    pub sort_order: i64,
    pub is_system: bool,
}

#[derive(Clone, Debug)]
pub struct ApiUser {
    /// The API username (an email address); matched case-insensitively.
    pub username: String,
    pub secret: String,
}

/// One Autotask database ("tenant"): the unit of zones, API users and data.
#[derive(Clone, Debug)]
pub struct Tenant {
    /// Autotask's `ci` (the database's client id).
    pub ci: i64,
    pub name: String,
    /// `NN` of `webservicesNN.autotask.net` / `wwNN.autotask.net`.
    pub zone: u32,
    pub api_users: Vec<ApiUser>,
    /// Custom integration tracking identifiers this tenant created (valid only here).
    pub custom_codes: Vec<String>,
    pub contacts: Vec<Record>,
    pub tickets: Vec<Record>,
    /// Ticket picklists by field name (`status`, `priority`, ...), inactive values included.
    pub ticket_picklists: BTreeMap<&'static str, Vec<PicklistValue>>,
}

impl Tenant {
    pub fn records(&self, entity: Entity) -> &[Record] {
        match entity {
            Entity::Contacts => &self.contacts,
            Entity::Tickets => &self.tickets,
        }
    }

    pub fn picklist(&self, entity: Entity, field: &str) -> Option<&[PicklistValue]> {
        match entity {
            Entity::Tickets => self.ticket_picklists.get(field).map(Vec::as_slice),
            Entity::Contacts => None,
        }
    }
}

/// What the control API changes (`POST /sim/autotask`); back to these defaults on `/sim/reset`.
#[derive(Clone, Debug)]
pub struct Switches {
    /// Added to every Autotask request before it is answered.
    pub latency_ms: u64,
    /// Concurrent requests allowed per integration code and endpoint.
    pub thread_limit: u32,
    /// The status a request over the thread limit gets.
    pub thread_limit_status: u16,
}

impl Default for Switches {
    fn default() -> Self {
        Switches {
            latency_ms: 0,
            thread_limit: 3,
            thread_limit_status: 500,
        }
    }
}

/// Which requests share a thread budget: tenant, integration code, entity and operation.
pub type ThreadKey = (i64, String, &'static str, &'static str);

#[derive(Clone, Debug, Default)]
pub struct AtWorld {
    pub tenants: Vec<Tenant>,
    /// Vendor integration codes (deskset's built-in one): valid on every tenant.
    pub vendor_codes: Vec<String>,
    pub switches: Switches,
    pub in_flight: BTreeMap<ThreadKey, u32>,
    /// Requests that reached the fake Autotask (tests prove a refusal sent nothing).
    pub calls: u64,
    /// Requests refused for the thread limit.
    pub thread_refusals: u64,
}

impl AtWorld {
    /// The tenant and user for `username` (case-insensitive), wherever its zone is.
    pub fn user(&self, username: &str) -> Option<(&Tenant, &ApiUser)> {
        self.tenants.iter().find_map(|t| {
            t.api_users
                .iter()
                .find(|u| u.username.eq_ignore_ascii_case(username))
                .map(|u| (t, u))
        })
    }
}
