//! Drift (issue 11): a component deskset wrote before (a deploy or a restore created or updated
//! it) and that was changed in this account since. The plan says so on the step ("Changed here on
//! 3 Dec 2026 since the last deploy (1 Dec 2026)"), and a drifted step is written only when the
//! admin ticks "Overwrite" on it; otherwise it is kept as this account has it (reported as kept,
//! and what depends on it goes on: the item is there).
//!
//! "Since" is measured on Zendesk's clock: each history item keeps the `updated_at` Zendesk
//! answered the write with (`record::log_entry`), and the item drifted when its `updated_at` now
//! is later. An entry written before that was kept (or a write whose answer had none) is measured
//! against the entry's `at` instead: when the deploy started, on the browser's clock, which is
//! earlier than its own writes, so such an item reads as changed (asked about once more, never
//! overwritten silently).
//!
//! Who changed it is not said. Zendesk's items carry no `updated_by_id`; the audit log
//! (`GET /api/v2/audit_logs?filter[source_type]=&filter[source_id]=`) could tell, but it is
//! Enterprise only ("Admins on accounts that have audit log access"), and its `source_type` is
//! documented only for business rules (`rule`: triggers, automations, macros, views): for groups,
//! ticket, user and organization fields, custom roles and trigger categories the docs say only
//! that the values "vary", so asking for them would be a guess. The plan says when, not who.

use super::plan::{Action, Plan, Totals};
use super::record::{LogEntry, LogItem};
use std::collections::{BTreeMap, BTreeSet};

/// A step's item changed here since deskset last wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// When the deploy (or restore) that last wrote it started: the history entry's `at`.
    pub since: String,
    /// The item's `updated_at` now.
    pub changed_at: String,
}

/// Each drifted step of `plan` (by index), against the history `log` (newest first). Only
/// updates drift: a create has nothing here yet, an unchanged or blocked step writes nothing.
pub fn find(
    plan: &Plan,
    log: &[LogEntry],
    fold: &dyn Fn(&str) -> String,
) -> BTreeMap<usize, Drift> {
    // The names of the items kept without an id (an undo's, an older history's), folded once
    // (folding may call into the browser).
    let names: Vec<Vec<Option<String>>> = log
        .iter()
        .map(|e| {
            e.items
                .iter()
                .map(|i| i.target_id.is_none().then(|| fold(i.name.trim())))
                .collect()
        })
        .collect();
    plan.steps
        .iter()
        .enumerate()
        .filter(|(_, step)| matches!(step.action, Action::Update(_)))
        .filter_map(|(index, step)| {
            let changed_at = step.target.as_ref()?.get("updated_at")?.as_str()?;
            // A date deskset cannot read says nothing about when: no drift.
            let now = instant(changed_at)?;
            let (entry, item) = last_write(step, log, &names, fold)?;
            let written = item
                .updated_at
                .as_deref()
                .and_then(instant)
                .or_else(|| instant(&entry.meta.at))?;
            (now > written).then(|| {
                (
                    index,
                    Drift {
                        since: entry.meta.at.clone(),
                        changed_at: changed_at.to_string(),
                    },
                )
            })
        })
        .collect()
}

/// The newest entry of the history in which deskset wrote this step's item, and its item: a
/// deploy or restore that created or updated it. An undo that put it back (or deleted it) since
/// means the item is this account's own again: nothing of deskset's to drift from. Other results
/// (unchanged, kept, failed, skipped, planned) wrote nothing: older entries are looked at.
fn last_write<'a>(
    step: &super::plan::Step,
    log: &'a [LogEntry],
    names: &[Vec<Option<String>>],
    fold: &dyn Fn(&str) -> String,
) -> Option<(&'a LogEntry, &'a LogItem)> {
    let id = step.target_id();
    let name = fold(step.name.trim());
    // The same item: by its id where the entry kept one (a new item of that name is another
    // item), by name otherwise (an undo's entry, an older history).
    let same = |item: &LogItem, folded: Option<&Option<String>>| match &item.target_id {
        Some(kept) => id.as_deref() == Some(kept.as_str()),
        None => folded.and_then(Option::as_ref) == Some(&name),
    };
    for (n, entry) in log.iter().enumerate() {
        let folded = names.get(n);
        let Some(item) = entry
            .items
            .iter()
            .enumerate()
            .find(|(k, i)| i.kind == step.spec.key && same(i, folded.and_then(|f| f.get(*k))))
            .map(|(_, i)| i)
        else {
            continue;
        };
        match (entry.kind.as_str(), item.result.as_str()) {
            ("undo", "restored" | "deleted") => return None,
            ("undo", _) => continue,
            (_, "created" | "updated") => return Some((entry, item)),
            _ => continue,
        }
    }
    None
}

/// An RFC 3339 time as an instant (seconds since the epoch, then nanoseconds), any offset;
/// `None` for anything else.
pub fn instant(text: &str) -> Option<(i64, u32)> {
    let secs = crate::time::parse_iso8601(text)?;
    let trimmed = text.trim();
    let nanos = match trimmed.get(19..).and_then(|rest| rest.strip_prefix('.')) {
        Some(fraction) => {
            let digits: String = fraction
                .chars()
                .take_while(char::is_ascii_digit)
                .take(9)
                .collect();
            format!("{digits:0<9}").parse().ok()?
        }
        None => 0,
    };
    Some((secs, nanos))
}

/// The drifted steps the admin did not choose to overwrite: kept as this account has them.
pub fn kept(drift: &BTreeMap<usize, Drift>, overwrite: &BTreeSet<usize>) -> BTreeSet<usize> {
    drift
        .keys()
        .filter(|i| !overwrite.contains(i))
        .copied()
        .collect()
}

/// The plan as it will be carried out: the `kept` updates write nothing (unchanged, and none of
/// an update's warnings). `run::Run::keeping` reports them as kept.
pub fn keeping(plan: &Plan, kept: &BTreeSet<usize>) -> Plan {
    let mut out = plan.clone();
    for i in kept {
        if let Some(step) = out.steps.get_mut(*i) {
            if matches!(step.action, Action::Update(_)) {
                step.action = Action::Unchanged;
                step.removed_options.clear();
                step.one_way.clear();
            }
        }
    }
    out
}

/// The totals of the plan as it will be carried out (see [`keeping`]).
pub fn totals(plan: &Plan, kept: &BTreeSet<usize>) -> Totals {
    let mut t = plan.totals();
    let n = kept
        .iter()
        .filter(|i| {
            plan.steps
                .get(**i)
                .is_some_and(|s| matches!(s.action, Action::Update(_)))
        })
        .count();
    t.update -= n;
    t.unchanged += n;
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::plan::{plan, Component, Inventory};
    use crate::deploy::record::{self, Meta};
    use crate::deploy::run::{Outcome, Run};
    use crate::deploy::tests::{fold, inv};
    use proptest::prelude::*;
    use serde_json::{json, Value};

    fn source() -> Inventory {
        inv(json!({
            "groups": [
                {"id": 11, "name": "Tier 2", "description": "Escalations v2"},
                {"id": 12, "name": "Tier 3", "description": "Hard cases v2"},
            ],
        }))
    }

    /// acme's groups of those names, each last changed at `at`.
    fn target(tier2_at: &str, tier3_at: &str) -> Inventory {
        inv(json!({
            "groups": [
                {"id": 901, "name": "Tier 2", "description": "Escalations", "updated_at": tier2_at},
                {"id": 902, "name": "Tier 3", "description": "Hard cases", "updated_at": tier3_at},
            ],
        }))
    }

    fn components() -> Vec<Component> {
        ["Tier 2", "Tier 3"]
            .into_iter()
            .map(|n| Component {
                kind: "groups".into(),
                name: n.into(),
            })
            .collect()
    }

    fn meta(id: &str, at: &str) -> Meta {
        Meta {
            id: id.into(),
            at: at.into(),
            by: "Ada".into(),
            source: "https://globex.zendesk.com".into(),
            configuration: "Tiers".into(),
        }
    }

    /// A history holding one finished deploy of the plan against `target`, whose writes Zendesk
    /// answered with `stamp` as the items' `updated_at`.
    fn history(target: &Inventory, at: &str, stamp: Option<&str>) -> Vec<LogEntry> {
        let mut run = Run::new(plan(&components(), &source(), target, &fold));
        while let Some(w) = run.next_write() {
            let answer = match stamp {
                Some(s) => json!({"group": {"id": 1, "updated_at": s}}),
                None => json!({"group": {"id": 1}}),
            };
            run.record(&w, Ok(answer), 0.0);
        }
        let setting = record::put_log(None, record::log_entry(&run, &meta("1", at)));
        record::read_log(Some(&setting))
    }

    fn drift_of(target: &Inventory, log: &[LogEntry]) -> BTreeMap<usize, Drift> {
        find(&plan(&components(), &source(), target, &fold), log, &fold)
    }

    #[test]
    fn an_item_changed_here_after_deskset_wrote_it_has_drifted() {
        let log = history(
            &target("2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z"),
            "2026-12-01T09:00:00Z",
            Some("2026-12-01T09:00:05Z"),
        );
        // Tier 2 changed here on 3 Dec; Tier 3 is as the deploy left it.
        let now = target("2026-12-03T10:00:00+01:00", "2026-12-01T09:00:05Z");
        let drift = drift_of(&now, &log);
        let p = plan(&components(), &source(), &now, &fold);
        let tier2 = p.steps.iter().position(|s| s.name == "Tier 2");
        assert_eq!(
            drift.keys().copied().collect::<Vec<_>>(),
            tier2.into_iter().collect::<Vec<_>>()
        );
        assert_eq!(
            drift.values().next(),
            Some(&Drift {
                since: "2026-12-01T09:00:00Z".into(),
                changed_at: "2026-12-03T10:00:00+01:00".into()
            })
        );
    }

    #[test]
    fn the_deploys_own_writes_are_not_drift_though_they_come_after_it_started() {
        let log = history(
            &target("2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z"),
            "2026-12-01T09:00:00Z",
            Some("2026-12-01T09:00:07.250Z"),
        );
        // The same instant in another offset, and in fractions.
        let now = target(
            "2026-12-01T10:00:07.25+01:00",
            "2026-12-01T09:00:07.250000Z",
        );
        assert!(drift_of(&now, &log).is_empty());
        // A change within the same second is a later instant.
        let now = target("2026-12-01T09:00:07.5Z", "2026-12-01T09:00:07Z");
        assert_eq!(drift_of(&now, &log).len(), 1);
    }

    #[test]
    fn without_a_stamp_the_deploys_start_is_the_line_and_unreadable_dates_say_nothing() {
        let log = history(
            &target("2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z"),
            "2026-12-01T09:00:00Z",
            None,
        );
        let now = target("2026-12-01T09:00:03Z", "3 Dec 2026");
        let drift = drift_of(&now, &log);
        assert_eq!(drift.len(), 1, "the unreadable date is no drift");
        let mut broken = log.clone();
        broken[0].meta.at = "yesterday".into();
        assert!(drift_of(&now, &broken).is_empty());
    }

    #[test]
    fn never_deployed_another_item_of_that_name_or_undone_since_is_no_drift() {
        let now = target("2026-12-03T10:00:00Z", "2026-12-03T10:00:00Z");
        assert!(drift_of(&now, &[]).is_empty(), "never deployed");
        let log = history(
            &target("2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z"),
            "2026-12-01T09:00:00Z",
            Some("2026-12-01T09:00:05Z"),
        );
        // Deleted and made again by hand: a new id, the same name.
        let mut other = now.clone();
        if let Some(groups) = other.items.get_mut("groups") {
            for g in groups.iter_mut() {
                let id = g.get("id").and_then(Value::as_u64).unwrap_or_default();
                g.insert("id".into(), json!(id + 50));
            }
        }
        assert!(drift_of(&other, &log).is_empty());
        // Undone since: the items are this account's own again.
        let undo = json!({"id": "2", "at": "2026-12-02T00:00:00Z", "kind": "undo", "items": [
            {"type": "groups", "name": "Tier 2", "result": "restored"},
            {"type": "groups", "name": "tier 3", "result": "restored"}]});
        let setting = record::put_log(
            Some(&Value::String(
                serde_json::to_string(&json!([
                    {"id": "1", "at": "2026-12-01T09:00:00Z", "kind": "deploy", "items": [
                        {"type": "groups", "name": "Tier 2", "result": "updated", "target_id": "901", "updated_at": "2026-12-01T09:00:05Z"},
                        {"type": "groups", "name": "Tier 3", "result": "updated", "target_id": "902", "updated_at": "2026-12-01T09:00:05Z"}]}
                ]))
                .unwrap_or_default(),
            )),
            undo,
        );
        let log = record::read_log(Some(&setting));
        assert!(drift_of(&now, &log).is_empty());
    }

    #[test]
    fn an_entry_that_wrote_nothing_is_looked_past_to_the_one_that_did() {
        let first = history(
            &target("2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z"),
            "2026-12-01T09:00:00Z",
            Some("2026-12-01T09:00:05Z"),
        );
        // A later deploy kept Tier 2 (the admin's change) and found Tier 3 unchanged.
        let mut setting = Value::Null;
        for e in first.iter().rev() {
            setting = record::put_log(
                Some(&setting),
                json!({"id": e.meta.id, "at": e.meta.at, "kind": "deploy", "items": e.items.iter().map(|i| json!({
                    "type": i.kind, "name": i.name, "result": i.result, "target_id": i.target_id, "updated_at": i.updated_at})).collect::<Vec<_>>()}),
            );
        }
        setting = record::put_log(
            Some(&setting),
            json!({"id": "2", "at": "2026-12-05T00:00:00Z", "kind": "deploy", "items": [
                {"type": "groups", "name": "Tier 2", "result": "kept", "target_id": "901"},
                {"type": "groups", "name": "Tier 3", "result": "unchanged", "target_id": "902"}]}),
        );
        let log = record::read_log(Some(&setting));
        let now = target("2026-12-03T10:00:00Z", "2026-12-01T09:00:05Z");
        let drift = drift_of(&now, &log);
        assert_eq!(drift.len(), 1);
        assert_eq!(
            drift.values().next().map(|d| d.since.as_str()),
            Some("2026-12-01T09:00:00Z"),
            "since the deploy that wrote it"
        );
    }

    #[test]
    fn a_kept_step_is_not_written_and_what_depends_on_it_goes_on() {
        let source = inv(json!({
            "groups": [{"id": 11, "name": "Tier 2", "description": "v2"}],
            "macros": [{"id": 21, "title": "To Tier 2", "actions": [{"field": "group_id", "value": "11"}]}],
        }));
        let target = inv(json!({
            "groups": [{"id": 901, "name": "Tier 2", "description": "mine", "updated_at": "2026-12-03T00:00:00Z"}],
            "macros": [],
        }));
        let comps = [
            Component {
                kind: "macros".into(),
                name: "To Tier 2".into(),
            },
            Component {
                kind: "groups".into(),
                name: "Tier 2".into(),
            },
        ];
        let p = plan(&comps, &source, &target, &fold);
        let group = p
            .steps
            .iter()
            .position(|s| s.spec.key == "groups")
            .unwrap_or(usize::MAX);
        let drift = BTreeMap::from([(
            group,
            Drift {
                since: "2026-12-01T00:00:00Z".into(),
                changed_at: "2026-12-03T00:00:00Z".into(),
            },
        )]);
        let kept = kept(&drift, &BTreeSet::new());
        assert_eq!(totals(&p, &kept).update, 0);
        let carried = keeping(&p, &kept);
        assert_eq!(carried.changes().len(), 1, "the macro only");
        let mut run = Run::new(carried).keeping(kept.clone());
        let mut writes = Vec::new();
        while let Some(w) = run.next_write() {
            writes.push(w.path.clone());
            assert_eq!(w.body["macro"]["actions"][0]["value"], json!("901"));
            run.record(&w, Ok(json!({"macro": {"id": 5}})), 0.0);
        }
        assert_eq!(writes, ["/api/v2/macros.json"]);
        assert_eq!(run.outcomes[group], Some(Outcome::Kept));
        let entry = record::log_entry(&run, &meta("3", "2026-12-04T00:00:00Z"));
        assert_eq!(entry["counts"], json!({"kept": 1, "created": 1}));
        // Overwriting it writes it.
        let overwrite = BTreeSet::from([group]);
        let kept = super::kept(&drift, &overwrite);
        assert!(kept.is_empty());
        assert_eq!(keeping(&p, &kept).changes().len(), 2);
    }

    proptest! {
        #[test]
        fn instants_order_as_the_times_they_say(
            secs in 0i64..4_000_000_000,
            ms in 0u32..1000,
            offset_min in -720i64..=720,
        ) {
            let utc = format!("{}.{ms:03}Z", &crate::time::iso8601(secs)[..19]);
            let local_secs = secs + offset_min * 60;
            let sign = if offset_min < 0 { '-' } else { '+' };
            let off = offset_min.abs();
            let local = format!(
                "{}.{ms:03}{sign}{:02}:{:02}",
                &crate::time::iso8601(local_secs)[..19],
                off / 60,
                off % 60
            );
            prop_assert_eq!(instant(&utc), instant(&local));
            prop_assert_eq!(instant(&utc), Some((secs, ms * 1_000_000)));
        }

        #[test]
        fn any_text_is_an_instant_or_none_without_panicking(text in "\\PC{0,40}") {
            let _ = instant(&text);
        }
    }
}
