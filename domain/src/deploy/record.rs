//! What a deploy keeps (deploy.md, "Where it is kept"): the history (`deploy_log`, the last 50
//! deploys and undos, newest first), the undo data of the latest deploy (`deploy_undo`: each
//! updated component's prior version and each created id, saved before the first write), the
//! backup a person downloads, and the undo's own steps.

use super::plan::{self, Action, Inventory, Item, Plan};
use super::run::{Failure, Outcome, Run};
use super::types::{self, Identity, TypeSpec};
use super::write;
use crate::http::Method;
use crate::share::json_setting;
use serde_json::{json, Map, Value};

/// How many entries the history keeps.
pub const LOG_LIMIT: usize = 50;

/// Who deployed what, when: the head of a history entry and of the undo data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Meta {
    /// Unique per deploy (the time in ms as text).
    pub id: String,
    /// RFC 3339.
    pub at: String,
    /// The admin's name and email.
    pub by: String,
    /// The source's URL.
    pub source: String,
    pub configuration: String,
}

impl Meta {
    /// A deploy starting now (`now_ms`, the browser's clock), by the admin `name` (`email`).
    pub fn now(
        now_ms: f64,
        name: &str,
        email: Option<&str>,
        source: &str,
        configuration: &str,
    ) -> Meta {
        Meta {
            id: format!("{}", now_ms as u64),
            at: crate::time::iso8601((now_ms / 1000.0) as i64),
            by: match email {
                Some(email) => format!("{name} <{email}>"),
                None => name.to_string(),
            },
            source: source.to_string(),
            configuration: configuration.to_string(),
        }
    }

    fn head(&self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        m.insert("at".into(), json!(self.at));
        m.insert("by".into(), json!(self.by));
        m.insert("source".into(), json!(self.source));
        m.insert("configuration".into(), json!(self.configuration));
        m
    }

    fn read(v: &Value) -> Meta {
        let text = |k: &str| {
            v.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        Meta {
            id: text("id"),
            at: text("at"),
            by: text("by"),
            source: text("source"),
            configuration: text("configuration"),
        }
    }
}

/// The word of an action (`create`, `update`, `unchanged`, `blocked`).
pub fn action_key(action: &Action) -> &'static str {
    match action {
        Action::Create => "create",
        Action::Update(_) => "update",
        Action::Unchanged => "unchanged",
        Action::Blocked(_) => "blocked",
    }
}

/// Zendesk's words for a refusal: each field's details, or its message.
pub fn refused_words(message: Option<&str>, details: &[(String, String)]) -> String {
    if details.is_empty() {
        message.unwrap_or_default().to_string()
    } else {
        details
            .iter()
            .map(|(field, d)| format!("{field}: {d}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// What the history keeps of a failure: Zendesk's own words for a refusal (`message`, with the
/// status), or a reason the screen words in its language (`reason`: `no_answer`, `no_id`).
fn failure_fields(f: &Failure) -> (Option<String>, Option<&'static str>) {
    match f {
        Failure::Refused {
            status,
            message,
            details,
        } => (
            Some(
                format!("{status} {}", refused_words(message.as_deref(), details))
                    .trim()
                    .to_string(),
            ),
            None,
        ),
        Failure::NoAnswer => (None, Some("no_answer")),
        Failure::NoId => (None, Some("no_id")),
    }
}

/// The history entry of a finished deploy.
pub fn log_entry(run: &Run, meta: &Meta) -> Value {
    let mut counts: Map<String, Value> = Map::new();
    let mut items = Vec::new();
    for &i in &run.plan.order {
        let step = &run.plan.steps[i];
        let outcome = run.outcomes[i]
            .clone()
            .unwrap_or(Outcome::Skipped { because: i });
        let key = outcome.key();
        let n = counts.get(key).and_then(Value::as_u64).unwrap_or(0) + 1;
        counts.insert(key.into(), json!(n));
        let (message, reason) = match &outcome {
            Outcome::Failed(f) => failure_fields(f),
            _ => (None, None),
        };
        let because = match &outcome {
            Outcome::Skipped { because } => run
                .plan
                .steps
                .get(*because)
                .map(|b| json!({"type": b.spec.key, "name": b.name})),
            _ => None,
        };
        items.push(json!({
            "type": step.spec.key,
            "name": step.name,
            "action": action_key(&step.action),
            "result": key,
            "target_id": run.target_id(i),
            // When the item was as this deploy left it (Zendesk's clock): what a later plan
            // compares the item's `updated_at` to (`drift`).
            "updated_at": run.stamp(i),
            "message": message,
            "reason": reason,
            "because": because,
            "partial": matches!(outcome, Outcome::Failed(_)) && run.wrote.contains(&i),
        }));
    }
    let mut entry = meta.head();
    entry.insert("kind".into(), json!("deploy"));
    entry.insert("status".into(), json!("finished"));
    entry.insert("counts".into(), Value::Object(counts));
    entry.insert("items".into(), Value::Array(items));
    Value::Object(entry)
}

/// The history entry of a deploy about to write (saved with its undo data, before the first
/// write): what it plans to write. The finished entry replaces it ([`put_log`]); if it is still
/// there later, the deploy did not finish (the page was closed, or its history could not be
/// saved), and its undo data still undoes what it wrote.
pub fn started_entry(plan: &Plan, meta: &Meta) -> Value {
    let items: Vec<Value> = plan
        .changes()
        .into_iter()
        .filter_map(|i| plan.steps.get(i))
        .map(|step| {
            json!({
                "type": step.spec.key,
                "name": step.name,
                "action": action_key(&step.action),
                "result": "planned",
            })
        })
        .collect();
    let mut entry = meta.head();
    entry.insert("kind".into(), json!("deploy"));
    entry.insert("status".into(), json!("started"));
    entry.insert("counts".into(), json!({}));
    entry.insert("items".into(), Value::Array(items));
    Value::Object(entry)
}

/// The history's entries as kept (entries deskset cannot read are kept too).
fn log_list(setting: Option<&Value>) -> Vec<Value> {
    match json_setting(setting) {
        Value::Array(list) => list,
        _ => Vec::new(),
    }
}

fn log_setting(list: Vec<Value>) -> Value {
    Value::String(Value::Array(list).to_string())
}

/// The `deploy_log` setting with `entry` in place of the entry with its id (a deploy's started
/// entry), or first; at most [`LOG_LIMIT`] entries, newest first (as text: hidden settings hold
/// text).
pub fn put_log(setting: Option<&Value>, entry: Value) -> Value {
    let mut list = log_list(setting);
    let id = entry.get("id").cloned();
    match list
        .iter()
        .position(|e| id.is_some() && e.get("id") == id.as_ref())
    {
        Some(at) => list[at] = entry,
        None => list.insert(0, entry),
    }
    list.truncate(LOG_LIMIT);
    log_setting(list)
}

/// One entry of the history, as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    pub meta: Meta,
    /// `deploy` or `undo`.
    pub kind: String,
    /// False for a deploy whose started entry was never replaced by its finished one.
    pub finished: bool,
    /// (result, how many), in the order kept.
    pub counts: Vec<(String, u64)>,
    pub items: Vec<LogItem>,
}

/// One component of a history entry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LogItem {
    /// Its type's key.
    pub kind: String,
    pub name: String,
    /// `created`, `updated`, ..., `planned` (a deploy that did not finish).
    pub result: String,
    /// Zendesk's words, when it refused.
    pub message: Option<String>,
    /// Why it failed otherwise (`no_answer`, `no_id`), to be worded.
    pub reason: Option<String>,
    /// What it was skipped because of: (type key, name).
    pub because: Option<(String, String)>,
    /// It failed after part of it was written (a schedule created, its work week refused).
    pub partial: bool,
    /// The item's id in this account, when the entry kept it.
    pub target_id: Option<String>,
    /// The item's `updated_at` as the write left it (Zendesk's answer), when kept.
    pub updated_at: Option<String>,
}

/// Whether the undo data kept (`undo`) belongs to the latest entry of the history, a deploy
/// (or a restore from a backup, which writes as a deploy does): only the latest can be undone.
pub fn undoable(log: &[LogEntry], undo: Option<&Meta>) -> bool {
    match (log.first(), undo) {
        (Some(latest), Some(undo)) => {
            matches!(latest.kind.as_str(), "deploy" | RESTORE) && latest.meta.id == undo.id
        }
        _ => false,
    }
}

/// The `kind` of a history entry of a restore from a backup (`restore`).
pub const RESTORE: &str = "restore";

/// A history entry ([`started_entry`], [`log_entry`]) as the entry of a restore from a backup.
pub fn as_restore(mut entry: Value) -> Value {
    if let Some(map) = entry.as_object_mut() {
        map.insert("kind".into(), json!(RESTORE));
    }
    entry
}

/// The history, newest first; entries deskset cannot read are left out (and kept in the setting).
pub fn read_log(setting: Option<&Value>) -> Vec<LogEntry> {
    let Value::Array(list) = json_setting(setting) else {
        return Vec::new();
    };
    list.iter()
        .filter(|e| e.is_object())
        .map(|e| {
            let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
            LogEntry {
                meta: Meta::read(e),
                kind: text(e, "kind").unwrap_or_else(|| "deploy".into()),
                finished: text(e, "status").as_deref() != Some("started"),
                counts: e
                    .get("counts")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .filter_map(|(k, n)| Some((k.clone(), n.as_u64()?)))
                    .collect(),
                items: e
                    .get("items")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|i| LogItem {
                        kind: text(i, "type").unwrap_or_default(),
                        name: text(i, "name").unwrap_or_default(),
                        result: text(i, "result").unwrap_or_default(),
                        message: text(i, "message"),
                        reason: text(i, "reason"),
                        because: i.get("because").and_then(|b| {
                            Some((text(b, "type")?, text(b, "name").unwrap_or_default()))
                        }),
                        partial: i.get("partial") == Some(&Value::Bool(true)),
                        target_id: i.get("target_id").and_then(super::refs::id_text),
                        updated_at: text(i, "updated_at"),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The undo data of a deploy about to start, in write order: each update's prior version (the
/// target's item in write shape) and what the update sends (`sent`, with placeholders for what
/// this deploy creates), and each create with its identity (`key`: the name it will have) and,
/// once known, its id (filled in by [`with_created`]).
pub fn undo_data(plan: &Plan, meta: &Meta) -> Value {
    let items: Vec<Value> = plan
        .changes()
        .into_iter()
        .filter_map(|i| plan.steps.get(i))
        .map(|step| {
            let desired = step.desired(&|_, _| None);
            match (&step.action, &step.target) {
                (Action::Update(_), Some(target)) => json!({
                    "type": step.spec.key,
                    "name": step.name,
                    "action": "update",
                    "target_id": step.target_id(),
                    "prior": write::shape(step.spec, target),
                    "sent": write::sent(step.spec, target, &desired),
                }),
                _ => {
                    let Identity::Field(field) = step.spec.identity;
                    json!({
                        "type": step.spec.key,
                        "name": step.name,
                        "key": desired.get(field).and_then(Value::as_str),
                        "action": "create",
                        "target_id": null,
                    })
                }
            }
        })
        .collect();
    let mut data = meta.head();
    data.insert("items".into(), Value::Array(items));
    Value::Object(data)
}

/// Whether `current` (as listed) holds what an update sent: each field sent, except those
/// naming an item the deploy was to create (its id was not known when the update was planned).
fn holds_what_was_sent(spec: &TypeSpec, current: &Item, sent: &Map<String, Value>) -> bool {
    let shaped = write::shape(spec, current);
    sent.iter().all(|(key, value)| {
        mentions_placeholder(value) || write::same(spec, key, shaped.get(key), Some(value))
    })
}

fn mentions_placeholder(value: &Value) -> bool {
    match value {
        Value::String(s) => plan::is_placeholder(s) || s.contains(&plan::placeholder_prefix()),
        Value::Number(n) => n
            .as_u64()
            .is_some_and(|n| plan::is_placeholder(&n.to_string())),
        Value::Array(items) => items.iter().any(mentions_placeholder),
        Value::Object(map) => map.values().any(mentions_placeholder),
        _ => false,
    }
}

/// The `deploy_log` setting without the entry `id` (a started entry whose deploy never began
/// writing).
pub fn drop_log(setting: Option<&Value>, id: &str) -> Value {
    let mut list = log_list(setting);
    list.retain(|e| e.get("id").and_then(Value::as_str) != Some(id));
    log_setting(list)
}

/// The undo data with the ids of what the deploy created, and without what it did not write
/// (failed, skipped).
pub fn with_created(undo: &Value, run: &Run) -> Value {
    let mut out = undo.clone();
    let written: Vec<(String, String, Option<String>)> = run
        .plan
        .steps
        .iter()
        .zip(&run.outcomes)
        .enumerate()
        .filter_map(|(i, (s, o))| match o {
            Some(Outcome::Created { id }) => {
                Some((s.spec.key.into(), s.name.clone(), Some(id.clone())))
            }
            Some(Outcome::Updated) => Some((s.spec.key.into(), s.name.clone(), None)),
            // A later request of the step failed: what its first ones wrote is undone (a
            // schedule created without its work week is deleted).
            Some(Outcome::Failed(_)) if run.wrote.contains(&i) => {
                Some((s.spec.key.into(), s.name.clone(), run.created_id(i)))
            }
            // No answer: it may have been written; undo looks for it by name.
            Some(Outcome::Failed(Failure::NoAnswer | Failure::NoId)) => {
                Some((s.spec.key.into(), s.name.clone(), None))
            }
            _ => None,
        })
        .collect();
    if let Some(items) = out.get_mut("items").and_then(Value::as_array_mut) {
        items.retain(|item| {
            let (kind, name) = (
                item.get("type").and_then(Value::as_str).unwrap_or_default(),
                item.get("name").and_then(Value::as_str).unwrap_or_default(),
            );
            written.iter().any(|(k, n, _)| k == kind && n == name)
        });
        for item in items.iter_mut() {
            let found = written.iter().find(|(k, n, _)| {
                Some(k.as_str()) == item.get("type").and_then(Value::as_str)
                    && Some(n.as_str()) == item.get("name").and_then(Value::as_str)
            });
            if let (Some((_, _, Some(id))), Some(map)) = (found, item.as_object_mut()) {
                map.insert("target_id".into(), json!(id));
            }
        }
    }
    out
}

/// The undo data's setting value (text).
pub fn undo_setting(undo: &Value) -> Value {
    Value::String(undo.to_string())
}

/// The undo data kept, if it is readable; its `id` says which deploy it undoes.
pub fn read_undo(setting: Option<&Value>) -> Option<(Meta, Value)> {
    let data = json_setting(setting);
    data.get("items")?.as_array()?;
    Some((Meta::read(&data), data))
}

/// The backup a person downloads before deploying: every target component the plan updates, as
/// the target lists it.
pub fn backup(plan: &Plan, meta: &Meta, account: &str) -> Value {
    let items: Vec<Value> = plan
        .steps
        .iter()
        .filter(|s| matches!(s.action, Action::Update(_)))
        .filter_map(|s| {
            Some(json!({"type": s.spec.key, "name": s.name, "item": s.target.clone()?}))
        })
        .collect();
    json!({
        "deskset_backup": {"account": account, "at": meta.at, "source": meta.source, "configuration": meta.configuration},
        "items": items,
    })
}

/// What undoing one component does.
#[derive(Debug, Clone, PartialEq)]
pub enum UndoAction {
    /// Delete what the deploy created.
    Delete { id: String },
    /// Put back the prior version (the item, then what is written apart from it).
    Restore {
        id: String,
        requests: Vec<write::Request>,
    },
    /// It is as it was (nothing to do).
    AsBefore,
    /// It is no longer in the account (deleted since, or its creation never happened).
    Gone,
    /// A deploy that did not finish: the item does not hold what the deploy would have
    /// written (it never got there, or it was changed since), so it is left as it is.
    NotAsDeployed,
}

/// One component of an undo.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoStep {
    pub spec: &'static TypeSpec,
    pub name: String,
    pub action: UndoAction,
}

impl UndoStep {
    /// The requests that carry it out, in order (none when there is nothing to do).
    pub fn requests(&self) -> Vec<write::Request> {
        match &self.action {
            UndoAction::Delete { id } => vec![write::Request {
                method: Method::Delete,
                path: format!("{}/{id}.json", self.spec.path),
                body: None,
            }],
            UndoAction::Restore { requests, .. } => requests.clone(),
            UndoAction::AsBefore | UndoAction::Gone | UndoAction::NotAsDeployed => Vec::new(),
        }
    }
}

/// The undo of the deploy `undo` records, against the target as it is now (`target`), in
/// reverse write order: what referenced something is put back before it is deleted.
///
/// For a deploy that did not finish (`finished` false), the undo data holds every change it
/// planned, written or not: an update is put back only where the item holds what the deploy
/// sent (otherwise it was not written, or was changed since: it is left as it is).
pub fn undo_steps(
    undo: &Value,
    target: &Inventory,
    fold: &dyn Fn(&str) -> String,
    finished: bool,
) -> Vec<UndoStep> {
    let items = undo
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    items
        .iter()
        .rev()
        .filter_map(|item| {
            let spec = types::spec(item.get("type")?.as_str()?)?;
            let name = item
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let id = item.get("target_id").and_then(super::refs::id_text);
            let listed = target.items(spec.key);
            let current: Option<&Item> = match &id {
                Some(id) => listed
                    .iter()
                    .find(|i| plan::item_id(i).as_deref() == Some(id)),
                None => {
                    let key = item.get("key").and_then(Value::as_str).unwrap_or(&name);
                    plan::find_by_name(spec, listed, key, fold)
                }
            };
            let action = match (item.get("action").and_then(Value::as_str), current) {
                (_, None) => UndoAction::Gone,
                (Some("update"), Some(current)) => {
                    let mut prior = item
                        .get("prior")
                        .and_then(Value::as_object)
                        .cloned()
                        .unwrap_or_default();
                    // What Zendesk never lets go back (a group made private) is not asked for:
                    // the rest is still put back.
                    for (field, value) in spec.one_way {
                        let now = current.get(*field).and_then(Value::as_bool);
                        if now == Some(!*value) {
                            prior.remove(*field);
                        }
                    }
                    let sent = item.get("sent").and_then(Value::as_object);
                    let as_deployed = finished
                        || sent.is_none_or(|sent| holds_what_was_sent(spec, current, sent));
                    let id = plan::item_id(current);
                    let requests = id
                        .as_deref()
                        .map(|id| write::update_requests(spec, id, current, &prior))
                        .unwrap_or_default();
                    match id {
                        Some(_) if !requests.is_empty() && !as_deployed => {
                            UndoAction::NotAsDeployed
                        }
                        Some(id) if !requests.is_empty() => UndoAction::Restore { id, requests },
                        _ => UndoAction::AsBefore,
                    }
                }
                (_, Some(current)) => match plan::item_id(current) {
                    Some(id) => UndoAction::Delete { id },
                    None => UndoAction::Gone,
                },
            };
            Some(UndoStep { spec, name, action })
        })
        .collect()
}

/// The history entry of an undo: each component's result (`deleted`, `restored`, `unchanged`,
/// `gone`, `failed`) and Zendesk's words when it failed.
pub fn undo_entry(meta: &Meta, results: &[(UndoStep, Result<(), Failure>)]) -> Value {
    let mut counts: Map<String, Value> = Map::new();
    let items: Vec<Value> = results
        .iter()
        .map(|(step, result)| {
            let key = undo_result_key(step, result);
            let n = counts.get(key).and_then(Value::as_u64).unwrap_or(0) + 1;
            counts.insert(key.into(), json!(n));
            let (message, reason) = match result {
                Err(f) => failure_fields(f),
                Ok(()) => (None, None),
            };
            json!({
                "type": step.spec.key,
                "name": step.name,
                "action": "undo",
                "result": key,
                "message": message,
                "reason": reason,
            })
        })
        .collect();
    let mut entry = meta.head();
    entry.insert("kind".into(), json!("undo"));
    entry.insert("counts".into(), Value::Object(counts));
    entry.insert("items".into(), Value::Array(items));
    Value::Object(entry)
}

/// The word for one component's undo result.
pub fn undo_result_key(step: &UndoStep, result: &Result<(), Failure>) -> &'static str {
    match (&step.action, result) {
        (_, Err(_)) => "failed",
        (UndoAction::Delete { .. }, Ok(())) => "deleted",
        (UndoAction::Restore { .. }, Ok(())) => "restored",
        (UndoAction::AsBefore, Ok(())) => "unchanged",
        (UndoAction::Gone, Ok(())) => "gone",
        (UndoAction::NotAsDeployed, Ok(())) => "left",
    }
}
