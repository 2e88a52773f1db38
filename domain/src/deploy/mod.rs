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
#[cfg(test)]
mod tests_types;

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

/// The source's items that `components` name (by their folded display names): the items whose
/// references a plan resolves.
fn component_items<'a>(
    components: &[Component],
    source: &'a plan::Inventory,
    fold: &dyn Fn(&str) -> String,
) -> Vec<(&'static TypeSpec, &'a plan::Item)> {
    let mut out = Vec::new();
    for spec in types::TYPES {
        let wanted: Vec<String> = components
            .iter()
            .filter(|c| c.kind == spec.key)
            .map(|c| fold(c.name.trim()))
            .collect();
        if wanted.is_empty() {
            continue;
        }
        for item in source.items(spec.key) {
            if wanted.contains(&fold(&plan::display_name(spec, item))) {
                out.push((spec, item));
            }
        }
    }
    out
}

/// The references of the components' items in the source, each once.
fn component_refs(
    components: &[Component],
    source: &plan::Inventory,
    fold: &dyn Fn(&str) -> String,
) -> Vec<(refs::RefKind, String)> {
    let mut found = Vec::new();
    for (spec, item) in component_items(components, source, fold) {
        for r in refs::find(spec.key, &write::shape(spec, item)) {
            if !found.contains(&r) {
                found.push(r);
            }
        }
    }
    found
}

/// The types the components refer to (a trigger's groups, fields and categories, an
/// automation's user fields, a form's fields, the users and brands a rule names), that are not
/// read yet (`read`): what a deploy reads next, in both accounts, to resolve the references.
/// Only the components' references count: nothing else of the source is resolved.
pub fn referenced_types(
    components: &[Component],
    read: &[&'static TypeSpec],
    source: &plan::Inventory,
    fold: &dyn Fn(&str) -> String,
) -> Vec<&'static TypeSpec> {
    let wanted: std::collections::BTreeSet<&str> = component_refs(components, source, fold)
        .into_iter()
        .filter_map(|(kind, _)| kind.type_key())
        .collect();
    types::TYPES
        .iter()
        .chain(types::LOOKUPS.iter())
        .copied()
        .filter(|t| wanted.contains(t.key) && !read.contains(t))
        .collect()
}

/// The ids of the items of `spec` (a lookup type read by [`types::Fetch::Find`]) that the
/// components refer to.
pub fn referenced_ids(
    components: &[Component],
    spec: &TypeSpec,
    source: &plan::Inventory,
    fold: &dyn Fn(&str) -> String,
) -> Vec<String> {
    component_refs(components, source, fold)
        .into_iter()
        .filter(|(kind, _)| kind.type_key() == Some(spec.key))
        .map(|(_, id)| id)
        .collect()
}

/// The identity of an item as the account spells it (not folded): what a search asks for.
pub fn identity_text(spec: &TypeSpec, item: &plan::Item) -> Option<String> {
    let types::Identity::Field(field) = spec.identity;
    let text = item.get(field)?.as_str()?.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// A list answer's items and the path of its next page. A deleted item (a group Zendesk still
/// lists with `deleted: true`) is not there, nor, for types that are `shared_only`, an item
/// restricted to one user (an agent's personal macro or view).
pub fn page(spec: &TypeSpec, body: &Value) -> (Vec<Item>, Option<String>) {
    let items = body
        .get(spec.list_key())
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
    status.is_some_and(|s| spec.unavailable_on.contains(&s))
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
