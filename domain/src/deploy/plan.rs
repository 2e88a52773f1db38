//! The plan of a deploy (deploy.md): each component of a configuration matched by identity in the
//! target, every reference rewritten from the source's ids to the target's (or to a component
//! this deploy creates), what blocks, a field-by-field difference for updates, and the order of
//! the writes. Pure: the caller reads both accounts and passes them in.

use super::checks::Check;
use super::refs::{self, RefKind};
use super::types::{self, Identity, TypeSpec, CUSTOM_ROLES, TICKET_FIELDS};
use super::write;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// One item as an account lists it (its JSON, every field kept).
pub type Item = Map<String, Value>;

/// What an account holds of each type (`types::TypeSpec::key` -> items), and the types it could
/// not list (a plan that lacks the feature: custom roles below Enterprise).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inventory {
    pub items: BTreeMap<String, Vec<Item>>,
    pub unavailable: BTreeSet<String>,
}

impl Inventory {
    pub fn items(&self, key: &str) -> &[Item] {
        self.items.get(key).map(Vec::as_slice).unwrap_or_default()
    }

    /// With the types `other` read as well.
    pub fn merge(&mut self, other: Inventory) {
        self.items.extend(other.items);
        self.unavailable.extend(other.unavailable);
    }
}

/// An item's id as text (ids are numbers, trigger categories' strings of digits, webhooks'
/// other strings).
pub fn item_id(item: &Item) -> Option<String> {
    let id = item.get("id")?;
    refs::id_text(id).or_else(|| {
        id.as_str()
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string)
    })
}

/// What a reference of `kind` writes to name `item`: its id, its key, or its placeholder's name
/// (`greeting` of `{{dc.greeting}}`).
fn ref_value(kind: RefKind, item: &Item) -> Option<String> {
    match kind.named_by() {
        "key" => item.get("key").and_then(Value::as_str).map(str::to_string),
        "placeholder" => item
            .get("placeholder")
            .and_then(Value::as_str)
            .and_then(|p| p.trim().strip_prefix("{{dc.")?.strip_suffix("}}"))
            .map(str::to_string),
        _ => item_id(item),
    }
}

/// A dropdown option's id in `field` (as listed) for its tag, and the tag for its id.
fn option_id(field: &Item, tag: &str) -> Option<String> {
    options_of(field)
        .find(|o| o.get("value").and_then(Value::as_str) == Some(tag))
        .and_then(|o| o.get("id").and_then(refs::id_text))
}

fn option_tag(field: &Item, id: &str) -> Option<String> {
    options_of(field)
        .find(|o| o.get("id").and_then(refs::id_text).as_deref() == Some(id))
        .and_then(|o| o.get("value").and_then(Value::as_str).map(str::to_string))
}

fn options_of(field: &Item) -> impl Iterator<Item = &Value> {
    field
        .get("custom_field_options")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// Folds a name for comparison: trimmed, then the caller's case folding (the browser's, for each
/// locale; `str::to_lowercase` natively).
pub(crate) fn identity(
    spec: &TypeSpec,
    item: &Item,
    fold: &dyn Fn(&str) -> String,
) -> Option<String> {
    let Identity::Field(field) = spec.identity;
    let value = item
        .get(field)
        .or_else(|| item.get(spec.name_field))
        .and_then(Value::as_str)?;
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| fold(trimmed))
}

/// The item's display name.
pub fn display_name(spec: &TypeSpec, item: &Item) -> String {
    item.get(spec.name_field)
        .or_else(|| {
            let Identity::Field(f) = spec.identity;
            item.get(f)
        })
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Why a component cannot be deployed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocked {
    /// The configuration names an item the source no longer has.
    NotInSource,
    /// Two items of the source have this identity.
    DuplicateInSource,
    /// Two items of the target have this identity: deskset does not guess.
    DuplicateInTarget,
    /// The target cannot hold this type (its plan lacks the feature).
    Unavailable,
    /// A reference to an item that is neither in the configuration nor in the target (its
    /// name in the source, when the source knows it).
    Unresolved { kind: RefKind, name: Option<String> },
    /// A reference to a kind of item deskset does not match between accounts (a user, an
    /// organization, a brand, a target, a webhook, a form, a schedule): never created.
    NotMatched { kind: RefKind, id: String },
    /// A ticket field of the same title has another type here (a type cannot change).
    TypeDiffers { source: String, target: String },
    /// A system ticket field differs: Zendesk does not let it be created or changed so.
    SystemField,
    /// Zendesk would refuse it (the rule, with Zendesk's words on screen).
    Refused(Check),
    /// A reference to an item that the target has twice under one name: deskset does not guess.
    AmbiguousInTarget { kind: RefKind, name: String },
    /// It measures in business hours, and this account has no schedule (nor does the deploy
    /// bring one).
    NoBusinessHours,
    /// A component it references (the step at this index) is blocked.
    DependsOn(usize),
    /// Its references go round in a circle (the steps involved).
    Cycle(Vec<usize>),
    /// A restore: the backup's item is in this account under another name now (`now`), so
    /// matching by name would make a second one (see `restore`).
    Renamed { now: String },
}

/// One field that an update changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The field (`description`; a role's permission as `configuration.<key>`).
    pub field: String,
    pub from: Option<Value>,
    pub to: Option<Value>,
}

/// What a step does.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Create,
    Update(Vec<Change>),
    Unchanged,
    Blocked(Vec<Blocked>),
}

/// Where a reference resolves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// An item the target has (also one a step of this deploy updates).
    Target(String),
    /// The item a step of this deploy creates: its id is known once written.
    Created(usize),
    /// An option (by its tag) of the field a step of this deploy creates or updates: its id is
    /// known once the field is written.
    CreatedOption(usize, String),
}

/// The id that stands for a step's new item until it is written: a number no account hands out
/// (counted down from the largest), so the references in a plan stay ids to the rules that read
/// them.
pub fn placeholder(step: usize) -> String {
    (u64::MAX - step as u64).to_string()
}

/// The digits every [`placeholder`] starts with (no account hands out ids this large).
pub fn placeholder_prefix() -> String {
    u64::MAX.to_string()[..12].to_string()
}

/// Whether an id is a [`placeholder`].
pub fn is_placeholder(id: &str) -> bool {
    id.len() == 20 && id.starts_with(&placeholder_prefix())
}

/// One component's step.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub spec: &'static TypeSpec,
    /// The name the configuration gives it.
    pub name: String,
    /// The source's item, as listed.
    pub source: Option<Item>,
    /// The target's item of the same identity, as listed.
    pub target: Option<Item>,
    /// The source's write shape, with the source's ids.
    pub shape: Item,
    /// Each reference of `shape`: (kind, source id, where it resolves).
    pub resolved: Vec<(RefKind, String, Resolution)>,
    pub action: Action,
    /// Steps it references (written first; if one fails, this one is skipped).
    pub depends_on: Vec<usize>,
    /// Dropdown options an update removes (their values are cleared from tickets: cannot be
    /// undone). Their names.
    pub removed_options: Vec<String>,
    /// One-way fields an update moves away from their value (see [`TypeSpec::one_way`]): an
    /// undo cannot put them back.
    pub one_way: Vec<&'static str>,
    /// One-way fields kept as the target has them: the source's value is one Zendesk never lets
    /// the target's item return to (a private group stays private). The rest is deployed.
    pub kept: Vec<&'static str>,
}

impl Step {
    /// The write shape with the target's ids: `created(step, None)` gives the id of a step's
    /// new item, `created(step, Some(tag))` the id of its field's option of that tag, or `None`
    /// while unknown (then [`placeholder`] stands for it).
    pub fn desired(&self, created: &dyn Fn(usize, Option<&str>) -> Option<String>) -> Item {
        let mut body = self.shape.clone();
        refs::visit(self.spec.key, &mut body, &mut |kind, id| {
            self.resolved
                .iter()
                .find(|(k, i, _)| *k == kind && i == id)
                .map(|(_, _, r)| match r {
                    Resolution::Target(t) => t.clone(),
                    Resolution::Created(step) => {
                        created(*step, None).unwrap_or_else(|| placeholder(*step))
                    }
                    Resolution::CreatedOption(step, tag) => {
                        created(*step, Some(tag)).unwrap_or_else(|| placeholder(*step))
                    }
                })
        });
        body
    }

    pub fn is_blocked(&self) -> bool {
        matches!(self.action, Action::Blocked(_))
    }

    /// The target item's id, when there is one.
    pub fn target_id(&self) -> Option<String> {
        self.target.as_ref().and_then(item_id)
    }
}

/// A component of a configuration: its type and the name it gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    pub kind: String,
    pub name: String,
}

/// The whole plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub steps: Vec<Step>,
    /// The order of the writes (indices of `steps`, every step once, references first).
    pub order: Vec<usize>,
}

/// How many steps of each action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub create: usize,
    pub update: usize,
    pub unchanged: usize,
    pub blocked: usize,
}

impl Plan {
    pub fn totals(&self) -> Totals {
        let mut t = Totals::default();
        for s in &self.steps {
            match s.action {
                Action::Create => t.create += 1,
                Action::Update(_) => t.update += 1,
                Action::Unchanged => t.unchanged += 1,
                Action::Blocked(_) => t.blocked += 1,
            }
        }
        t
    }

    /// The writes the deploy makes (creates and updates), in order.
    pub fn changes(&self) -> Vec<usize> {
        self.order
            .iter()
            .copied()
            .filter(|i| matches!(self.steps[*i].action, Action::Create | Action::Update(_)))
            .collect()
    }
}

/// System ticket fields (Zendesk's own: they cannot be created, and only some of their settings
/// change).
fn is_system_field(item: &Item) -> bool {
    const SYSTEM: [&str; 8] = [
        "subject",
        "description",
        "status",
        "tickettype",
        "priority",
        "group",
        "assignee",
        "custom_status",
    ];
    item.get("removable") == Some(&Value::Bool(false))
        || item
            .get("type")
            .and_then(Value::as_str)
            .is_some_and(|t| SYSTEM.contains(&t))
}

/// The one item of `items` whose identity is `key`: `Ok(None)` when none, `Err` when several.
fn unique<'a>(
    spec: &TypeSpec,
    items: &'a [Item],
    key: &str,
    fold: &dyn Fn(&str) -> String,
) -> Result<Option<&'a Item>, ()> {
    let mut found = items
        .iter()
        .filter(|i| identity(spec, i, fold).as_deref() == Some(key));
    match (found.next(), found.next()) {
        (None, _) => Ok(None),
        (Some(one), None) => Ok(Some(one)),
        _ => Err(()),
    }
}

/// Each item's identity and folded display name, computed once per plan (folding may call into
/// the browser: once per item, not once per comparison).
struct Keys<'a> {
    inventory: &'a Inventory,
    identities: BTreeMap<&'static str, Vec<Option<String>>>,
    names: BTreeMap<&'static str, Vec<String>>,
}

impl<'a> Keys<'a> {
    fn new(inventory: &'a Inventory, fold: &dyn Fn(&str) -> String) -> Keys<'a> {
        let mut identities = BTreeMap::new();
        let mut names = BTreeMap::new();
        for spec in types::TYPES.iter().chain(types::LOOKUPS.iter()) {
            let items = inventory.items(spec.key);
            identities.insert(
                spec.key,
                items.iter().map(|i| identity(spec, i, fold)).collect(),
            );
            names.insert(
                spec.key,
                items.iter().map(|i| fold(&display_name(spec, i))).collect(),
            );
        }
        Keys {
            inventory,
            identities,
            names,
        }
    }

    /// The one item of this type whose identity is `key`: `Ok(None)` when none, `Err` when
    /// several.
    fn unique(&self, spec: &TypeSpec, key: &str) -> Result<Option<&'a Item>, ()> {
        let items = self.inventory.items(spec.key);
        let mut found = self
            .identities
            .get(spec.key)
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, k)| k.as_deref() == Some(key))
            .filter_map(|(i, _)| items.get(i));
        match (found.next(), found.next()) {
            (None, _) => Ok(None),
            (Some(one), None) => Ok(Some(one)),
            _ => Err(()),
        }
    }

    /// The items of this type whose folded display name is `wanted`.
    fn named(&self, spec: &TypeSpec, wanted: &str) -> Vec<&'a Item> {
        let items = self.inventory.items(spec.key);
        self.names
            .get(spec.key)
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, n)| n.as_str() == wanted)
            .filter_map(|(i, _)| items.get(i))
            .collect()
    }
}

/// The one item of `items` named `name` (by identity), if exactly one is.
pub fn find_by_name<'a>(
    spec: &TypeSpec,
    items: &'a [Item],
    name: &str,
    fold: &dyn Fn(&str) -> String,
) -> Option<&'a Item> {
    unique(spec, items, &fold(name.trim()), fold).ok().flatten()
}

/// The differences between the target's write shape and the desired one, field by field (a
/// role's permissions one by one: only those the source sets).
fn differences(spec: &TypeSpec, target: &Item, desired: &Item) -> Vec<Change> {
    let current = write::shape(spec, target);
    let mut changes = Vec::new();
    for (key, to) in desired {
        if spec == &CUSTOM_ROLES && key == "configuration" {
            let before = current.get(key).and_then(Value::as_object);
            for (perm, v) in to.as_object().into_iter().flatten() {
                let from = before.and_then(|b| b.get(perm));
                if from.map(write::normalised) != Some(write::normalised(v)) {
                    changes.push(Change {
                        field: format!("configuration.{perm}"),
                        from: from.cloned(),
                        to: Some(v.clone()),
                    });
                }
            }
            continue;
        }
        let from = current.get(key);
        if spec.immutable.contains(&key.as_str()) {
            continue;
        }
        if !write::same(spec, key, from, Some(to)) {
            changes.push(Change {
                field: key.clone(),
                from: from.cloned(),
                to: Some(to.clone()),
            });
        }
    }
    changes
}

/// The one-way fields `desired` moves away from their value.
fn one_way_away(spec: &TypeSpec, target: &Item, desired: &Item) -> Vec<&'static str> {
    spec.one_way
        .iter()
        .filter(|(field, value)| {
            let there = target.get(*field).and_then(Value::as_bool);
            let here = desired.get(*field).and_then(Value::as_bool);
            there == Some(*value) && here == Some(!*value)
        })
        .map(|(field, _)| *field)
        .collect()
}

/// The names of the options of `target` that `desired` does not keep.
fn removed_options(target: &Item, desired: &Item) -> Vec<String> {
    let values = |v: Option<&Value>| -> Vec<(String, String)> {
        v.and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|o| {
                Some((
                    o.get("value")?.as_str()?.to_string(),
                    o.get("name")
                        .or_else(|| o.get("raw_name"))
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                ))
            })
            .collect()
    };
    let keep: Vec<String> = values(desired.get("custom_field_options"))
        .into_iter()
        .map(|(v, _)| v)
        .collect();
    values(target.get("custom_field_options"))
        .into_iter()
        .filter(|(v, _)| !keep.contains(v))
        .map(|(_, name)| name)
        .collect()
}

/// Plans the deploy of `components` from `source` into `target`. `fold` folds names for
/// comparison (see [`identity`]).
pub fn plan(
    components: &[Component],
    source: &Inventory,
    target: &Inventory,
    fold: &dyn Fn(&str) -> String,
) -> Plan {
    let (source_keys, target_keys) = (Keys::new(source, fold), Keys::new(target, fold));
    // 1. Each component: its type, its source item, its identity.
    let mut steps: Vec<Step> = Vec::new();
    let mut keys: Vec<Option<String>> = Vec::new();
    for c in components {
        let Some(spec) = types::spec(&c.kind) else {
            continue;
        };
        // The configuration names the item by its display name.
        let wanted = fold(c.name.trim());
        let named = source_keys.named(spec, &wanted);
        let mut blocks = Vec::new();
        let source_item = match named.as_slice() {
            [] => {
                blocks.push(Blocked::NotInSource);
                None
            }
            [one] => Some((*one).clone()),
            [first, ..] => {
                blocks.push(Blocked::DuplicateInSource);
                Some((*first).clone())
            }
        };
        let key = source_item.as_ref().and_then(|i| identity(spec, i, fold));
        if let Some(k) = &key {
            if blocks.is_empty() && source_keys.unique(spec, k).is_err() {
                blocks.push(Blocked::DuplicateInSource);
            }
        }
        // The same component twice in a configuration is one step.
        if steps
            .iter()
            .zip(&keys)
            .any(|(s, k)| s.spec == spec && k.is_some() && *k == key)
        {
            continue;
        }
        let mut target_item = None;
        if target.unavailable.contains(spec.key) {
            blocks.push(Blocked::Unavailable);
        } else if let Some(k) = &key {
            match target_keys.unique(spec, k) {
                Ok(found) => target_item = found.cloned(),
                Err(()) => blocks.push(Blocked::DuplicateInTarget),
            }
        }
        let shape = source_item
            .as_ref()
            .map(|i| write::shape(spec, i))
            .unwrap_or_default();
        steps.push(Step {
            spec,
            name: source_item
                .as_ref()
                .map(|i| display_name(spec, i))
                .unwrap_or_else(|| c.name.trim().to_string()),
            source: source_item,
            target: target_item,
            shape,
            resolved: Vec::new(),
            action: if blocks.is_empty() {
                Action::Unchanged
            } else {
                Action::Blocked(blocks)
            },
            depends_on: Vec::new(),
            removed_options: Vec::new(),
            one_way: Vec::new(),
            kept: Vec::new(),
        });
        keys.push(key);
    }

    // 2. References: each to a step of this deploy, or to the target's item of that identity.
    for index in 0..steps.len() {
        let mut blocks = Vec::new();
        let mut resolved = Vec::new();
        let mut depends = BTreeSet::new();
        for (kind, id) in refs::find(steps[index].spec.key, &steps[index].shape) {
            let Some(type_key) = kind.type_key() else {
                blocks.push(Blocked::NotMatched { kind, id });
                continue;
            };
            let Some(spec) = types::any_spec(type_key) else {
                continue;
            };
            if kind == RefKind::BusinessHours {
                // Any schedule of the account: one already there, or one this deploy creates
                // (one that is not blocked, if any: a schedule holds no references, so what
                // blocks it is known by now).
                if target.items(type_key).is_empty() {
                    let schedules = (0..steps.len()).filter(|d| steps[*d].spec == spec);
                    let usable = schedules.clone().find(|d| !steps[*d].is_blocked());
                    match usable.or_else(|| schedules.clone().next()) {
                        Some(dep) => {
                            depends.insert(dep);
                        }
                        None => blocks.push(Blocked::NoBusinessHours),
                    }
                }
                continue;
            }
            // An option: the field it belongs to, then the option of the same tag there.
            let (field_id, option) = match (kind, id.split_once(':')) {
                (RefKind::TicketFieldOption, Some((f, o))) => (f.to_string(), Some(o.to_string())),
                _ => (id.clone(), None),
            };
            let referenced = source
                .items(type_key)
                .iter()
                .find(|i| ref_value(kind, i).as_deref() == Some(field_id.as_str()));
            let tag = match (&option, referenced) {
                (Some(o), Some(field)) => match option_tag(field, o) {
                    Some(tag) => Some(tag),
                    // Not one of its options (a number field's value): nothing to rewrite.
                    None => continue,
                },
                _ => None,
            };
            let Some(key) = referenced.and_then(|i| identity(spec, i, fold)) else {
                blocks.push(Blocked::Unresolved { kind, name: None });
                continue;
            };
            let name = referenced.map(|i| display_name(spec, i));
            if let Some(dep) = (0..steps.len())
                .find(|d| steps[*d].spec == spec && keys[*d].as_deref() == Some(key.as_str()))
            {
                if dep != index {
                    depends.insert(dep);
                }
                // An option the target's field has already: ticket fields keep their options
                // by tag, so its id stays whether this deploy updates the field or leaves it
                // as it is (and then nothing answers with it).
                let kept = match (steps[dep].target.as_ref(), &tag) {
                    (Some(t), Some(tag)) => {
                        option_id(t, tag).and_then(|o| Some(format!("{}:{o}", item_id(t)?)))
                    }
                    _ => None,
                };
                let r = match (steps[dep].target.as_ref(), kind.named_by(), &tag) {
                    (_, _, Some(_)) if kept.is_some() => kept.map(Resolution::Target),
                    // An option of a field this deploy writes that the target's lacks: its id
                    // once written.
                    (_, _, Some(tag)) => Some(Resolution::CreatedOption(dep, tag.clone())),
                    (Some(t), _, None) => ref_value(kind, t).map(Resolution::Target),
                    // Named by what it is created with: known before it is written.
                    (None, "key" | "placeholder", None) => Some(Resolution::Target(id.clone())),
                    (None, _, None) => Some(Resolution::Created(dep)),
                };
                match r {
                    Some(r) => resolved.push((kind, id, r)),
                    None => blocks.push(Blocked::Unresolved { kind, name }),
                }
                continue;
            }
            match target_keys.unique(spec, &key) {
                Ok(Some(found)) => {
                    let value = match &tag {
                        Some(tag) => option_id(found, tag)
                            .and_then(|o| Some(format!("{}:{o}", item_id(found)?))),
                        None => ref_value(kind, found),
                    };
                    match value {
                        Some(t) => resolved.push((kind, id, Resolution::Target(t))),
                        None => blocks.push(Blocked::Unresolved { kind, name }),
                    }
                }
                Ok(None) => blocks.push(Blocked::Unresolved { kind, name }),
                Err(()) => blocks.push(Blocked::AmbiguousInTarget {
                    kind,
                    name: name.unwrap_or_default(),
                }),
            }
        }
        let step = &mut steps[index];
        step.resolved = resolved;
        step.depends_on = depends.into_iter().collect();
        if !blocks.is_empty() {
            match &mut step.action {
                Action::Blocked(existing) => existing.extend(blocks),
                other => *other = Action::Blocked(blocks),
            }
        }
    }

    // 3. The action of each step that is not blocked: create, update (what differs), unchanged.
    for step in steps.iter_mut().filter(|s| !s.is_blocked()) {
        if let Some(t) = &step.target {
            for (field, value) in step.spec.one_way {
                let there = t.get(*field).and_then(Value::as_bool);
                let here = step.shape.get(*field).and_then(Value::as_bool);
                if there == Some(!*value) && here == Some(*value) {
                    step.shape.insert((*field).into(), Value::Bool(!*value));
                    step.kept.push(*field);
                }
            }
        }
        let desired = step.desired(&|_, _| None);
        let refused: Vec<Blocked> = step
            .spec
            .checks
            .iter()
            .filter(|c| !c.holds(&desired))
            .map(|c| Blocked::Refused(*c))
            .collect();
        if !refused.is_empty() {
            step.action = Action::Blocked(refused);
            continue;
        }
        let system =
            step.spec == &TICKET_FIELDS && step.source.as_ref().is_some_and(is_system_field);
        step.action = match &step.target {
            None if system => Action::Blocked(vec![Blocked::SystemField]),
            None => Action::Create,
            Some(t) => {
                let (there, here) = (t.get("type"), desired.get("type"));
                if step.spec.immutable.contains(&"type") && there.is_some() && there != here {
                    let text = |v: Option<&Value>| {
                        v.and_then(Value::as_str).unwrap_or_default().to_string()
                    };
                    Action::Blocked(vec![Blocked::TypeDiffers {
                        source: text(here),
                        target: text(there),
                    }])
                } else {
                    match differences(step.spec, t, &desired) {
                        changes if changes.is_empty() => Action::Unchanged,
                        _ if system => Action::Blocked(vec![Blocked::SystemField]),
                        changes => {
                            if step.spec.writable.contains(&"custom_field_options") {
                                step.removed_options = removed_options(t, &desired);
                            }
                            step.one_way = one_way_away(step.spec, t, &desired);
                            Action::Update(changes)
                        }
                    }
                }
            }
        };
    }

    // 4. The order: references first, ties by tier then by the configuration's order; what
    // goes round in a circle is blocked.
    let n = steps.len();
    let mut indegree: Vec<usize> = steps.iter().map(|s| s.depends_on.len()).collect();
    let mut order = Vec::with_capacity(n);
    let mut done = vec![false; n];
    while let Some(next) = (0..n)
        .filter(|i| !done[*i] && indegree[*i] == 0)
        .min_by_key(|i| (steps[*i].spec.tier, *i))
    {
        done[next] = true;
        order.push(next);
        for (i, s) in steps.iter().enumerate() {
            if s.depends_on.contains(&next) {
                indegree[i] -= 1;
            }
        }
    }
    let circle: Vec<usize> = (0..n).filter(|i| !done[*i]).collect();
    for i in &circle {
        let block = Blocked::Cycle(circle.clone());
        match &mut steps[*i].action {
            Action::Blocked(existing) => existing.push(block),
            other => *other = Action::Blocked(vec![block]),
        }
        order.push(*i);
    }

    // 5. Whatever references a blocked step is blocked too (in order, so chains carry over).
    for i in order.clone() {
        let blocked_dep = steps[i]
            .depends_on
            .iter()
            .copied()
            .find(|d| steps[*d].is_blocked());
        if let Some(dep) = blocked_dep {
            if circle.contains(&i) {
                continue;
            }
            match &mut steps[i].action {
                Action::Blocked(existing) => {
                    if !existing.contains(&Blocked::DependsOn(dep)) {
                        existing.push(Blocked::DependsOn(dep));
                    }
                }
                other => *other = Action::Blocked(vec![Blocked::DependsOn(dep)]),
            }
        }
    }
    Plan { steps, order }
}
