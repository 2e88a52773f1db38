//! Carrying out a plan (deploy.md, "Order, writes, failure"), as a state machine the edge drives:
//! [`Run::next_write`] gives the next write (or says why a step is not written), the edge sends it and
//! hands the answer to [`Run::record`]. One write at a time, in plan order; the ids of created
//! items go into later bodies; a failed or skipped step skips what depends on it, the rest goes on.

use super::plan::{Action, Blocked, Plan};
use super::refs;
use super::types::{TypeSpec, TICKET_FIELDS};
use super::write;
use crate::http::{HttpError, Method};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Ticket field updates have their own limit (deploy.md: 75 a minute; 25 on trials, where a 429
/// with `Retry-After` then paces the rest).
pub const FIELD_UPDATES_PER_MINUTE: usize = 75;

/// Why a write failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Zendesk refused: its status, its message, and its words per field (422 `details`).
    Refused {
        status: u16,
        message: Option<String>,
        details: Vec<(String, String)>,
    },
    /// No answer (network, timeout): whether it was written is not known.
    NoAnswer,
    /// Created, but the answer did not say the new item's id: what depends on it is skipped.
    NoId,
}

impl Failure {
    pub fn from_error(e: &HttpError) -> Failure {
        match e {
            HttpError::Status {
                status,
                message,
                body,
            } => Failure::Refused {
                status: *status,
                message: message.clone(),
                details: details(body),
            },
            _ => Failure::NoAnswer,
        }
    }
}

/// A 422's `details` as (field, words) pairs.
pub fn details(body: &Value) -> Vec<(String, String)> {
    body.get("details")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .flat_map(|(field, list)| {
            list.as_array()
                .into_iter()
                .flatten()
                .filter_map(|d| d.get("description").and_then(Value::as_str))
                .map(|d| (field.clone(), d.to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// What happened to a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created {
        id: String,
    },
    Updated,
    Unchanged,
    /// Not written: the plan blocked it.
    Blocked(Vec<Blocked>),
    /// Not written: the step it depends on (this index) failed or was skipped.
    Skipped {
        because: usize,
    },
    Failed(Failure),
    /// Not written: changed in this account since the last deploy, and the admin kept that
    /// change (see `drift`). The item is there, so what depends on it goes on.
    Kept,
}

impl Outcome {
    /// The word the history keeps.
    pub fn key(&self) -> &'static str {
        match self {
            Outcome::Created { .. } => "created",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
            Outcome::Blocked(_) => "blocked",
            Outcome::Skipped { .. } => "skipped",
            Outcome::Failed(_) => "failed",
            Outcome::Kept => "kept",
        }
    }

    /// Whether the step's item is there as planned (so what depends on it may be written).
    fn usable(&self) -> bool {
        matches!(
            self,
            Outcome::Created { .. } | Outcome::Updated | Outcome::Unchanged | Outcome::Kept
        )
    }
}

/// One write.
#[derive(Debug, Clone, PartialEq)]
pub struct Write {
    pub step: usize,
    pub method: Method,
    /// A path on the target account.
    pub path: String,
    /// `Null` for a request without one (a sub-item's removal).
    pub body: Value,
}

impl Write {
    fn of(step: usize, request: write::Request) -> Write {
        Write {
            step,
            method: request.method,
            path: request.path,
            body: request.body.unwrap_or(Value::Null),
        }
    }
}

/// A deploy in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub plan: Plan,
    /// Each step's outcome, once known.
    pub outcomes: Vec<Option<Outcome>>,
    /// Where `next_write` is in `plan.order`.
    cursor: usize,
    /// The ids of what this deploy created, by step.
    created: BTreeMap<usize, String>,
    /// The ids of the dropdown options of the fields this deploy created or updated, by step
    /// and option tag (an SLA policy's filter names an option by its id).
    options: BTreeMap<(usize, String), String>,
    /// The rest of the current step's requests (a schedule's work week after the schedule).
    queue: VecDeque<Write>,
    /// Steps of which at least one request was written (an undo looks at them even if a later
    /// request of theirs failed).
    pub wrote: BTreeSet<usize>,
    /// When each ticket field update was sent (ms), for pacing.
    field_updates: Vec<f64>,
    /// Steps the plan leaves unchanged because the admin kept what was changed here since the
    /// last deploy (`drift::keeping`): reported as kept, not as unchanged.
    kept: BTreeSet<usize>,
    /// The `updated_at` Zendesk answered each write with, by step: when the item was as this
    /// deploy left it, on Zendesk's own clock (what a later plan's drift compares to).
    stamps: BTreeMap<usize, String>,
}

impl Run {
    pub fn new(plan: Plan) -> Run {
        Run {
            outcomes: vec![None; plan.steps.len()],
            plan,
            cursor: 0,
            created: BTreeMap::new(),
            options: BTreeMap::new(),
            queue: VecDeque::new(),
            wrote: BTreeSet::new(),
            field_updates: Vec::new(),
            kept: BTreeSet::new(),
            stamps: BTreeMap::new(),
        }
    }

    /// The run of a plan whose steps `kept` were left as this account has them (the plan from
    /// `drift::keeping`): they are reported as kept.
    pub fn keeping(mut self, kept: BTreeSet<usize>) -> Run {
        self.kept = kept;
        self
    }

    /// The `updated_at` of a step's item as this deploy's write left it (Zendesk's answer).
    pub fn stamp(&self, step: usize) -> Option<&str> {
        self.stamps.get(&step).map(String::as_str)
    }

    /// How many writes the plan makes.
    pub fn total(&self) -> usize {
        self.plan.changes().len()
    }

    /// How many of them are done (written, failed or skipped).
    pub fn done(&self) -> usize {
        self.plan
            .changes()
            .iter()
            .filter(|i| self.outcomes[**i].is_some())
            .count()
    }

    /// The next write, in plan order; steps that are not written get their outcome on the way.
    /// `None` when the deploy is over.
    pub fn next_write(&mut self) -> Option<Write> {
        if let Some(next) = self.queue.pop_front() {
            return Some(next);
        }
        while let Some(&index) = self.plan.order.get(self.cursor) {
            self.cursor += 1;
            let step = &self.plan.steps[index];
            let failed_dep = step
                .depends_on
                .iter()
                .copied()
                .find(|d| !self.outcomes[*d].as_ref().is_some_and(Outcome::usable));
            let created = |d: usize, option: Option<&str>| match option {
                None => self.created.get(&d).cloned(),
                Some(tag) => self.options.get(&(d, tag.to_string())).cloned(),
            };
            let outcome = match (&step.action, failed_dep) {
                (Action::Blocked(why), _) => Outcome::Blocked(why.clone()),
                (Action::Unchanged, _) if self.kept.contains(&index) => Outcome::Kept,
                (_, Some(d)) => Outcome::Skipped { because: d },
                (Action::Unchanged, None) => Outcome::Unchanged,
                (Action::Create, None) => {
                    let desired = step.desired(&created);
                    return Some(Write {
                        step: index,
                        method: Method::Post,
                        path: format!("{}.json", step.spec.path),
                        body: write::create_body(step.spec, &desired),
                    });
                }
                (Action::Update(_), None) => {
                    let desired = step.desired(&created);
                    let (Some(target), Some(id)) = (&step.target, step.target_id()) else {
                        self.outcomes[index] = Some(Outcome::Unchanged);
                        continue;
                    };
                    let mut requests = write::update_requests(step.spec, &id, target, &desired)
                        .into_iter()
                        .map(|r| Write::of(index, r));
                    match requests.next() {
                        Some(first) => {
                            self.queue = requests.collect();
                            return Some(first);
                        }
                        None => Outcome::Unchanged,
                    }
                }
            };
            self.outcomes[index] = Some(outcome);
        }
        None
    }

    /// How long to wait (ms) before sending `write` at `now_ms`: ticket field updates are paced
    /// to their own limit.
    pub fn wait_before(&self, write: &Write, now_ms: f64) -> f64 {
        if !self.is_field_update(write) {
            return 0.0;
        }
        let recent: Vec<f64> = self
            .field_updates
            .iter()
            .copied()
            .filter(|t| now_ms - t < 60_000.0)
            .collect();
        if recent.len() < FIELD_UPDATES_PER_MINUTE {
            return 0.0;
        }
        let oldest = recent.iter().copied().fold(f64::INFINITY, f64::min);
        (oldest + 60_000.0 - now_ms).max(0.0)
    }

    fn is_field_update(&self, write: &Write) -> bool {
        self.plan.steps[write.step].spec == &TICKET_FIELDS && write.method != Method::Post
    }

    /// Records the answer to `write`, sent at `sent_ms`: the created item's JSON (`Ok`), or why
    /// it failed.
    pub fn record(&mut self, write: &Write, answer: Result<Value, Failure>, sent_ms: f64) {
        if self.is_field_update(write) {
            self.field_updates.push(sent_ms);
        }
        let step = &self.plan.steps[write.step];
        let spec = step.spec;
        let first_of_create =
            write.method == Method::Post && write.path == format!("{}.json", spec.path);
        // The item's own answer, or a sub-item's (a variant's, a holiday's: the item was written
        // then too): the latest write of the step on Zendesk's clock.
        if let Some(at) = answer.as_ref().ok().and_then(|body| {
            body.get(spec.wrapper)
                .or_else(|| {
                    body.as_object()?
                        .values()
                        .find(|v| v.get("updated_at").is_some())
                })?
                .get("updated_at")?
                .as_str()
        }) {
            self.stamps.insert(write.step, at.to_string());
        }
        let outcome = match answer {
            Err(f) => {
                // The rest of the step is not written.
                self.queue.clear();
                Outcome::Failed(f)
            }
            Ok(body) if first_of_create => match created_id(spec, &body) {
                Some(id) => {
                    self.wrote.insert(write.step);
                    self.created.insert(write.step, id.clone());
                    self.keep_options(write.step, &body);
                    let step = &self.plan.steps[write.step];
                    let desired = step.desired(&|d, option| match option {
                        None => self.created.get(&d).cloned(),
                        Some(tag) => self.options.get(&(d, tag.to_string())).cloned(),
                    });
                    self.queue = write::create_followups(spec, &id, &desired)
                        .into_iter()
                        .map(|r| Write::of(write.step, r))
                        .collect();
                    Outcome::Created { id }
                }
                None => Outcome::Failed(Failure::NoId),
            },
            Ok(body) => {
                self.wrote.insert(write.step);
                self.keep_options(write.step, &body);
                match self.outcomes[write.step].take() {
                    // A later request of a created item.
                    Some(created @ Outcome::Created { .. }) => created,
                    _ => Outcome::Updated,
                }
            }
        };
        // The step's outcome; not yet final while its requests go on (`done` counts it then).
        self.outcomes[write.step] = Some(outcome);
    }

    /// The ids of the options in a field's answer, by tag.
    fn keep_options(&mut self, step: usize, body: &Value) {
        let spec = self.plan.steps[step].spec;
        let options = body
            .get(spec.wrapper)
            .and_then(|i| i.get("custom_field_options"))
            .and_then(Value::as_array);
        for option in options.into_iter().flatten() {
            if let (Some(tag), Some(id)) = (
                option.get("value").and_then(Value::as_str),
                option.get("id").and_then(refs::id_text),
            ) {
                self.options.insert((step, tag.to_string()), id);
            }
        }
    }

    /// The id of what a step created, if it created something.
    pub fn created_id(&self, step: usize) -> Option<String> {
        self.created.get(&step).cloned()
    }

    /// The target id of a step after the deploy (created, or the one it matched).
    pub fn target_id(&self, step: usize) -> Option<String> {
        self.created
            .get(&step)
            .cloned()
            .or_else(|| self.plan.steps[step].target_id())
    }
}

/// The id in a create's answer (`{"group": {"id": ...}}`).
pub fn created_id(spec: &TypeSpec, body: &Value) -> Option<String> {
    refs::id_text(body.get(spec.wrapper)?.get("id")?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::plan::{plan, Component, Inventory};
    use crate::deploy::tests::inv;
    use serde_json::json;

    fn wrapped(spec: &TypeSpec, item: Value) -> Value {
        let mut body = serde_json::Map::new();
        body.insert(spec.wrapper.into(), item);
        Value::Object(body)
    }

    fn comp(kind: &str, name: &str) -> Component {
        Component {
            kind: kind.into(),
            name: name.into(),
        }
    }

    fn source() -> Inventory {
        inv(json!({
            "groups": [{"id": 11, "name": "Tier 2"}, {"id": 12, "name": "Tier 3"}],
            "trigger_categories": [{"id": "21", "name": "Escalation"}],
            "ticket_fields": [],
            "triggers": [
                {"id": 31, "title": "To Tier 2", "category_id": "21",
                 "conditions": {"all": [{"field": "status", "operator": "is", "value": "new"}]},
                 "actions": [{"field": "group_id", "value": "11"}]},
                {"id": 32, "title": "To Tier 3", "category_id": "21",
                 "conditions": {"all": [{"field": "status", "operator": "is", "value": "new"}]},
                 "actions": [{"field": "group_id", "value": "12"}]}],
        }))
    }

    fn the_plan(target: Inventory) -> Plan {
        let comps = [
            comp("triggers", "To Tier 2"),
            comp("triggers", "To Tier 3"),
            comp("groups", "Tier 2"),
            comp("groups", "Tier 3"),
            comp("trigger_categories", "Escalation"),
        ];
        plan(&comps, &source(), &target, &|s: &str| s.to_lowercase())
    }

    #[test]
    fn writes_go_in_order_with_the_new_ids_substituted() {
        let mut run = Run::new(the_plan(inv(
            json!({"groups": [{"id": 900, "name": "Tier 3"}]}),
        )));
        assert_eq!(run.total(), 4, "Tier 3 is there already, unchanged");
        let mut paths = Vec::new();
        let mut next_id = 500;
        while let Some(w) = run.next_write() {
            paths.push(format!("{} {}", w.method.as_str(), w.path));
            if w.path.starts_with("/api/v2/triggers") {
                let group = &w.body["trigger"]["actions"][0]["value"];
                assert!(group == "501" || group == "900", "{group}");
                assert_eq!(w.body["trigger"]["category_id"], json!("502"));
            }
            next_id += 1;
            let spec = run.plan.steps[w.step].spec;
            run.record(&w, Ok(wrapped(spec, json!({"id": next_id}))), 0.0);
        }
        assert_eq!(
            paths,
            [
                "POST /api/v2/groups.json",
                "POST /api/v2/trigger_categories.json",
                "POST /api/v2/triggers.json",
                "POST /api/v2/triggers.json"
            ]
        );
        assert_eq!(run.done(), 4);
        assert!(run.outcomes.iter().all(Option::is_some));
    }

    #[test]
    fn a_failure_skips_what_depends_on_it_and_the_rest_goes_on() {
        let mut run = Run::new(the_plan(Inventory::default()));
        let mut written = Vec::new();
        while let Some(w) = run.next_write() {
            let spec = run.plan.steps[w.step].spec;
            let name = run.plan.steps[w.step].name.clone();
            written.push(name.clone());
            let answer = if name == "Tier 2" {
                Err(Failure::from_error(&HttpError::Status {
                    status: 422,
                    message: Some("Name: has already been taken".into()),
                    body: json!({"error": "RecordInvalid", "details": {"name": [{"description": "Name: has already been taken"}]}}),
                }))
            } else {
                Ok(wrapped(spec, json!({"id": 7})))
            };
            run.record(&w, answer, 0.0);
        }
        assert_eq!(written, ["Tier 2", "Tier 3", "Escalation", "To Tier 3"]);
        let outcome = |name: &str| {
            let i = run
                .plan
                .steps
                .iter()
                .position(|s| s.name == name)
                .unwrap_or(usize::MAX);
            run.outcomes.get(i).cloned().flatten()
        };
        let tier2 = run.plan.steps.iter().position(|s| s.name == "Tier 2");
        assert_eq!(
            outcome("To Tier 2"),
            tier2.map(|because| Outcome::Skipped { because })
        );
        assert_eq!(
            outcome("Tier 2"),
            Some(Outcome::Failed(Failure::Refused {
                status: 422,
                message: Some("Name: has already been taken".into()),
                details: vec![("name".into(), "Name: has already been taken".into())],
            }))
        );
        assert_eq!(
            outcome("To Tier 3"),
            Some(Outcome::Created { id: "7".into() })
        );
    }

    #[test]
    fn an_answer_without_an_id_cannot_be_referenced() {
        let mut run = Run::new(the_plan(Inventory::default()));
        while let Some(w) = run.next_write() {
            let answer = if w.path.contains("groups") {
                Ok(json!({}))
            } else {
                Ok(json!({"trigger_category": {"id": "5"}}))
            };
            run.record(&w, answer, 0.0);
        }
        assert!(run
            .outcomes
            .iter()
            .any(|o| o == &Some(Outcome::Failed(Failure::NoId))));
        assert!(run
            .outcomes
            .iter()
            .all(|o| !matches!(o, Some(Outcome::Created { id }) if id != "5")));
    }

    #[test]
    fn ticket_field_updates_are_paced() {
        let source = inv(
            json!({"ticket_fields": (0..80).map(|n| json!({"id": n, "type": "text", "title": format!("F{n}"), "active": true})).collect::<Vec<_>>()}),
        );
        let target = inv(
            json!({"ticket_fields": (0..80).map(|n| json!({"id": 1000 + n, "type": "text", "title": format!("F{n}"), "active": false})).collect::<Vec<_>>()}),
        );
        let comps: Vec<Component> = (0..80)
            .map(|n| comp("ticket_fields", &format!("F{n}")))
            .collect();
        let mut run = Run::new(plan(&comps, &source, &target, &|s: &str| s.to_lowercase()));
        let mut now = 0.0;
        let mut waits = Vec::new();
        while let Some(w) = run.next_write() {
            assert_eq!(w.method, Method::Put);
            assert!(w.body["ticket_field"].get("type").is_none());
            let wait = run.wait_before(&w, now);
            waits.push(wait);
            now += wait + 10.0;
            run.record(&w, Ok(json!({})), now);
        }
        assert!(waits[..75].iter().all(|w| *w == 0.0));
        assert!(
            waits[75] > 59_000.0,
            "the 76th waits for the minute: {}",
            waits[75]
        );
        assert_eq!(
            run.outcomes
                .iter()
                .flatten()
                .filter(|o| **o == Outcome::Updated)
                .count(),
            80
        );
    }
}
