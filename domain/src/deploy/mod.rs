//! Deploying a shared configuration (../shared/design/deploy.md): one table of types
//! ([`types`]), one set of reference rules ([`refs`]), write shapes and bodies ([`write`]), and the
//! plan ([`plan`]): identity matching, references rewritten, what blocks, the differences, the
//! order. A new type joins as a row of the table and, if it holds references, a rule.

pub mod checks;
pub mod drift;
pub mod plan;
pub mod record;
pub mod refs;
pub mod restore;
pub mod run;
pub mod types;
pub mod words;
pub mod write;

pub use plan::{
    plan, Action, Blocked, Change, Component, Inventory, Item, Plan, Resolution, Step, Totals,
};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_restore;

use crate::http::{Explain, HttpError};
use serde_json::Value;
use types::TypeSpec;

/// The types of `components` themselves, in tier order: what a deploy reads first, in both
/// accounts.
pub fn component_types(components: &[Component]) -> Vec<&'static TypeSpec> {
    types::TYPES
        .iter()
        .copied()
        .filter(|t| components.iter().any(|c| c.kind == t.key))
        .collect()
}

/// The types that the source's items of the types `read` refer to (a trigger's groups, fields
/// and categories, an automation's user fields), that are not read yet: what a deploy reads
/// next, in both accounts, to resolve the references. Every item of those types is looked at,
/// not only the configuration's: a type too many is one more list read, a type too few a
/// reference left unresolved.
pub fn referenced_types(
    read: &[&'static TypeSpec],
    source: &plan::Inventory,
) -> Vec<&'static TypeSpec> {
    let mut wanted = std::collections::BTreeSet::new();
    for spec in read {
        for item in source.items(spec.key) {
            for (kind, _) in refs::find(spec.key, &write::shape(spec, item)) {
                if let Some(key) = kind.type_key() {
                    wanted.insert(key);
                }
            }
        }
    }
    types::TYPES
        .iter()
        .copied()
        .filter(|t| wanted.contains(t.key) && !read.contains(t))
        .collect()
}

/// A list answer's items and the path of its next page. A deleted item (a group Zendesk still
/// lists with `deleted: true`) is not there, nor, for types that are `shared_only`, an item
/// restricted to one user (an agent's personal macro or view).
pub fn page(spec: &TypeSpec, body: &Value) -> (Vec<Item>, Option<String>) {
    let items = body
        .get(spec.key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|i| i.as_object().cloned())
        .filter(|i| i.get("deleted") != Some(&Value::Bool(true)))
        .filter(|i| !(spec.shared_only && personal(i)))
        .collect();
    (items, crate::configurations::next_path(body))
}

fn personal(item: &Item) -> bool {
    item.get("restriction")
        .and_then(|r| r.get("type"))
        .and_then(Value::as_str)
        == Some("User")
}

/// Whether a list's refusal means the account cannot hold the type (custom roles below
/// Enterprise answer 403 or 404), rather than an error.
pub fn unavailable(spec: &TypeSpec, status: Option<u16>) -> bool {
    spec == &types::CUSTOM_ROLES && matches!(status, Some(403 | 404))
}

/// Why a plan could not be made.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    /// The share has no usable URL or slot.
    Broken,
    /// The source refused the share's credential (401): revoked, or the share predates it.
    SourceRefused,
    /// Reading one of the source's lists failed.
    Source(HttpError),
    /// Reading one of this account's lists failed.
    Target(HttpError),
    /// A list (this type's key) went on past [`MAX_PAGES`] pages: deskset does not plan
    /// against part of an account (it would miss matches and create duplicates).
    TooMany(&'static str),
}

/// The most pages of one list a deploy reads (100 items each).
pub const MAX_PAGES: usize = 1000;

impl Explain for ReadError {
    fn i18n_key(&self) -> &'static str {
        match self {
            ReadError::Broken => "deploy.read_broken",
            ReadError::SourceRefused => "deploy.read_refused",
            ReadError::Source(_) => "deploy.read_source",
            ReadError::Target(_) => "deploy.read_target",
            ReadError::TooMany(_) => "deploy.read_too_many",
        }
    }

    fn detail(&self) -> Option<&str> {
        match self {
            ReadError::Source(e) | ReadError::Target(e) => e.detail(),
            ReadError::TooMany(kind) => Some(kind),
            _ => None,
        }
    }
}
