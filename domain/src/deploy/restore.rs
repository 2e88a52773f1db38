//! Restore from a backup (issue 11): the JSON the plan view offers before a deploy
//! (`record::backup`) read back, checked, and planned like a deploy, by the deploy's own planner.
//!
//! A backup's items are this account's own, as it listed them (their references are this
//! account's ids). The plan's "source" is this account's inventory with the backup's items in
//! place of the items they were (by id; or by name, when that item is gone and another took its
//! name), or added where gone; the components are the backup's items. So every reference
//! resolves to this account's own items, and each step is an update (back to the backup's
//! version), unchanged, or a create (it was deleted since). Then the same run, report, history
//! (an entry of kind `restore`, its source the backup's file) and undo data as a deploy.
//!
//! The file is outside data: anything may be in it, and nothing in it is trusted to be well
//! formed. A file that is not a deskset backup of this account is refused as a whole, saying
//! why, and nothing is read or written.

use super::plan::{self, Action, Blocked, Component, Inventory, Item, Plan};
use super::types::{self, TypeSpec};
use serde_json::Value;

/// A backup, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Backup {
    /// The subdomain it was taken in.
    pub account: String,
    /// When it was taken (the plan's time, RFC 3339).
    pub at: String,
    /// The source of the deploy it was taken before.
    pub source: String,
    /// The configuration that deploy was of.
    pub configuration: String,
    pub items: Vec<BackupItem>,
}

/// One component of a backup: this account's item as it was listed.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupItem {
    pub spec: &'static TypeSpec,
    /// Its name (the item's own display name).
    pub name: String,
    pub item: Item,
}

/// Why a file cannot be restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not JSON (or not text at all).
    NotJson,
    /// JSON, but not a deskset backup (no `deskset_backup` head, or no list of `items`).
    NotBackup,
    /// The backup of another account (`account`): a restore puts back this account's own items.
    Foreign { account: String },
    /// An item of a type deskset does not deploy.
    UnknownType { kind: String, name: String },
    /// An item without the name (or key) that identifies it; `name` is its position (1-based)
    /// when it has no name at all.
    NoIdentity { kind: String, name: String },
    /// Two items of one type with the same identity: which one to restore is not guessed.
    Twice { kind: String, name: String },
    /// No items: nothing to restore.
    Empty,
}

impl Refusal {
    /// The translation key of the refusal; its placeholders are [`Refusal::args`].
    pub fn i18n_key(&self) -> &'static str {
        match self {
            Refusal::NotJson => "deploy.restore.refused.not_json",
            Refusal::NotBackup => "deploy.restore.refused.not_backup",
            Refusal::Foreign { .. } => "deploy.restore.refused.foreign",
            Refusal::UnknownType { .. } => "deploy.restore.refused.unknown_type",
            Refusal::NoIdentity { .. } => "deploy.restore.refused.no_identity",
            Refusal::Twice { .. } => "deploy.restore.refused.twice",
            Refusal::Empty => "deploy.restore.refused.empty",
        }
    }

    /// The refusal's placeholders: `account`, `type` (a type's key), `name`.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Refusal::Foreign { account } => vec![("account", account.clone())],
            Refusal::UnknownType { kind, name }
            | Refusal::NoIdentity { kind, name }
            | Refusal::Twice { kind, name } => {
                vec![("type", kind.clone()), ("name", name.clone())]
            }
            _ => Vec::new(),
        }
    }
}

/// Reads a backup file's text, for the account `subdomain`. `fold` folds names for comparison,
/// as the planner's (the browser's, in the app: see docs/size.md).
pub fn parse(
    text: &str,
    subdomain: &str,
    fold: &dyn Fn(&str) -> String,
) -> Result<Backup, Refusal> {
    let value: Value = serde_json::from_str(text).map_err(|_| Refusal::NotJson)?;
    let head = value
        .get("deskset_backup")
        .and_then(Value::as_object)
        .ok_or(Refusal::NotBackup)?;
    let list = value
        .get("items")
        .and_then(Value::as_array)
        .ok_or(Refusal::NotBackup)?;
    let text = |k: &str| {
        head.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let account = text("account");
    if account.is_empty() {
        return Err(Refusal::NotBackup);
    }
    if !account.eq_ignore_ascii_case(subdomain.trim()) {
        return Err(Refusal::Foreign { account });
    }
    let mut items: Vec<BackupItem> = Vec::new();
    let mut seen: Vec<(&'static str, String)> = Vec::new();
    for (n, entry) in list.iter().enumerate() {
        let kind = entry
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let named = entry
            .get("name")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        let label = || named.clone().unwrap_or_else(|| format!("#{}", n + 1));
        let Some(spec) = types::spec(&kind) else {
            return Err(Refusal::UnknownType {
                kind,
                name: label(),
            });
        };
        let item = entry.get("item").and_then(Value::as_object);
        // Identity compared as the planner does (trimmed, case-folded), so the planner finds
        // exactly one component per item.
        let key = item.and_then(|i| plan::identity(spec, i, fold));
        let (Some(item), Some(key)) = (item, key) else {
            return Err(Refusal::NoIdentity {
                kind,
                name: label(),
            });
        };
        if seen.iter().any(|(k, i)| *k == spec.key && *i == key) {
            return Err(Refusal::Twice {
                kind,
                name: plan::display_name(spec, item),
            });
        }
        seen.push((spec.key, key));
        items.push(BackupItem {
            spec,
            name: plan::display_name(spec, item),
            item: item.clone(),
        });
    }
    if items.is_empty() {
        return Err(Refusal::Empty);
    }
    Ok(Backup {
        account,
        at: text("at"),
        source: text("source"),
        configuration: text("configuration"),
        items,
    })
}

impl Backup {
    /// The components a restore plans: each item, by its own name.
    pub fn components(&self) -> Vec<Component> {
        self.items
            .iter()
            .map(|i| Component {
                kind: i.spec.key.to_string(),
                name: i.name.clone(),
            })
            .collect()
    }

    /// The plan's source: `target` (this account, as read now) with each backup item in place
    /// of the item it was (same id), or of the item that has its name now, or added.
    pub fn source(&self, target: &Inventory, fold: &dyn Fn(&str) -> String) -> Inventory {
        let mut source = target.clone();
        for b in &self.items {
            let id = plan::item_id(&b.item);
            let key = plan::identity(b.spec, &b.item, fold);
            let list = source.items.entry(b.spec.key.to_string()).or_default();
            list.retain(|i| {
                let same_id = id.is_some() && plan::item_id(i) == id;
                let same_name = key.is_some() && plan::identity(b.spec, i, fold) == key;
                !(same_id || same_name)
            });
            list.push(b.item.clone());
        }
        source
    }

    /// The restore's plan against this account (`target`, as read now).
    pub fn plan(&self, target: &Inventory, fold: &dyn Fn(&str) -> String) -> Plan {
        let mut planned = plan::plan(&self.components(), &self.source(target, fold), target, fold);
        // An item of the backup that is here under another name now: matching by name would
        // make a second one beside it. It is blocked, naming what it is called now (and so is
        // what depends on it: it may refer to it by id).
        for step in planned.steps.iter_mut() {
            if step.target.is_some() || step.is_blocked() {
                continue;
            }
            let Some(id) = step.source.as_ref().and_then(plan::item_id) else {
                continue;
            };
            let renamed = target
                .items(step.spec.key)
                .iter()
                .find(|i| plan::item_id(i).as_deref() == Some(id.as_str()));
            if let Some(now) = renamed {
                step.action = Action::Blocked(vec![Blocked::Renamed {
                    now: plan::display_name(step.spec, now),
                }]);
            }
        }
        for i in planned.order.clone() {
            let dep = planned.steps[i]
                .depends_on
                .iter()
                .copied()
                .find(|d| planned.steps[*d].is_blocked());
            if let Some(dep) = dep {
                match &mut planned.steps[i].action {
                    Action::Blocked(why) => {
                        if !why.contains(&Blocked::DependsOn(dep)) {
                            why.push(Blocked::DependsOn(dep));
                        }
                    }
                    other => *other = Action::Blocked(vec![Blocked::DependsOn(dep)]),
                }
            }
        }
        planned
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::tests::{fold, inv};
    use proptest::prelude::*;
    use serde_json::json;

    fn backup(items: Value) -> String {
        json!({
            "deskset_backup": {"account": "acme", "at": "2026-12-01T09:00:00Z",
                               "source": "https://globex.zendesk.com", "configuration": "Tier 2 escalation"},
            "items": items,
        })
        .to_string()
    }

    #[test]
    fn a_backup_of_this_account_reads_back() {
        let text = backup(json!([
            {"type": "groups", "name": "Tier 2", "item": {"id": 901, "name": "Tier 2"}},
            {"type": "ticket_fields", "name": "Reason", "item": {"id": 902, "type": "tagger", "title": "Reason", "raw_title": "Reason"}},
        ]));
        let b = parse(&text, "ACME", &fold);
        assert_eq!(
            b.as_ref()
                .map(|b| (b.items.len(), b.configuration.as_str(), b.at.as_str())),
            Ok((2, "Tier 2 escalation", "2026-12-01T09:00:00Z"))
        );
    }

    #[test]
    fn what_is_not_a_backup_of_this_account_is_refused_saying_why() {
        assert_eq!(parse("", "acme", &fold), Err(Refusal::NotJson));
        assert_eq!(
            parse("{\"deskset_backup\":", "acme", &fold),
            Err(Refusal::NotJson)
        );
        assert_eq!(parse("[1, 2]", "acme", &fold), Err(Refusal::NotBackup));
        assert_eq!(
            parse(
                &json!({"name": "Tier 2 agent", "configuration": {}}).to_string(),
                "acme",
                &fold,
            ),
            Err(Refusal::NotBackup),
            "a role export"
        );
        assert_eq!(
            parse(
                &json!({"deskset_backup": {"account": "acme"}}).to_string(),
                "acme",
                &fold,
            ),
            Err(Refusal::NotBackup)
        );
        assert_eq!(
            parse(
                &backup(json!([])).replace("\"acme\"", "\"globex\""),
                "acme",
                &fold
            ),
            Err(Refusal::Foreign {
                account: "globex".into()
            })
        );
        assert_eq!(
            parse(&backup(json!([])), "acme", &fold),
            Err(Refusal::Empty)
        );
        assert_eq!(
            parse(
                &backup(
                    json!([{"type": "brands", "name": "Acme", "item": {"id": 1, "name": "Acme"}}])
                ),
                "acme",
                &fold,
            ),
            Err(Refusal::UnknownType {
                kind: "brands".into(),
                name: "Acme".into()
            })
        );
        assert_eq!(
            parse(
                &backup(json!([
                    {"type": "groups", "name": "Tier 2", "item": {"id": 901, "name": "Tier 2"}},
                    {"type": "groups", "item": {"id": 902, "name": "  "}}])),
                "acme",
                &fold,
            ),
            Err(Refusal::NoIdentity {
                kind: "groups".into(),
                name: "#2".into()
            })
        );
        assert_eq!(
            parse(
                &backup(json!([{"type": "groups", "name": "Tier 2", "item": "Tier 2"}])),
                "acme",
                &fold,
            ),
            Err(Refusal::NoIdentity {
                kind: "groups".into(),
                name: "Tier 2".into()
            })
        );
        assert_eq!(
            parse(
                &backup(json!([
                    {"type": "groups", "name": "Tier 2", "item": {"id": 901, "name": "Tier 2"}},
                    {"type": "groups", "name": "tier 2 ", "item": {"id": 905, "name": "tier 2 "}}])),
                "acme",
                &fold,
            ),
            Err(Refusal::Twice {
                kind: "groups".into(),
                name: "tier 2".into()
            })
        );
    }

    #[test]
    fn a_restore_plans_updates_back_creates_what_is_gone_and_blocks_what_was_renamed() {
        let b = parse(
            &backup(json!([
                {"type": "groups", "name": "Tier 2", "item": {"id": 901, "name": "Tier 2", "description": "Before"}},
                {"type": "groups", "name": "Gone", "item": {"id": 903, "name": "Gone", "description": ""}},
                {"type": "groups", "name": "Renamed", "item": {"id": 904, "name": "Renamed", "description": ""}},
                {"type": "groups", "name": "Same", "item": {"id": 905, "name": "Same", "description": "x"}},
                {"type": "triggers", "name": "To Tier 2", "item": {"id": 950, "title": "To Tier 2",
                    "conditions": {"all": [{"field": "status", "operator": "is", "value": "new"}], "any": []},
                    "actions": [{"field": "group_id", "value": "901"}, {"field": "group_id", "value": "903"}]}},
                {"type": "macros", "name": "To Renamed", "item": {"id": 960, "title": "To Renamed",
                    "actions": [{"field": "group_id", "value": "904"}]}},
            ])),
            "acme",
            &fold,
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let target = inv(json!({
            "groups": [
                {"id": 901, "name": "Tier 2", "description": "After the deploy"},
                {"id": 904, "name": "Called otherwise", "description": ""},
                {"id": 905, "name": "Same", "description": "x"},
            ],
            "triggers": [{"id": 950, "title": "To Tier 2",
                "conditions": {"all": [{"field": "status", "operator": "is", "value": "new"}], "any": []},
                "actions": [{"field": "group_id", "value": "905"}]}],
            "macros": [],
        }));
        let p = b.plan(&target, &fold);
        let action = |name: &str| {
            p.steps
                .iter()
                .find(|s| s.name == name)
                .map(|s| s.action.clone())
        };
        assert!(matches!(action("Tier 2"), Some(Action::Update(_))));
        assert_eq!(action("Gone"), Some(Action::Create));
        assert_eq!(action("Same"), Some(Action::Unchanged));
        assert_eq!(
            action("Renamed"),
            Some(Action::Blocked(vec![Blocked::Renamed {
                now: "Called otherwise".into()
            }]))
        );
        assert!(
            matches!(action("To Renamed"), Some(Action::Blocked(why)) if matches!(why[..], [Blocked::DependsOn(_)]))
        );
        // The trigger goes back to its groups: Tier 2 as it is (its own id), Gone as made again.
        let (i, trigger) = p
            .steps
            .iter()
            .enumerate()
            .find(|(_, s)| s.name == "To Tier 2")
            .unwrap_or_else(|| panic!("no trigger"));
        assert!(matches!(trigger.action, Action::Update(_)));
        let gone = p.steps.iter().position(|s| s.name == "Gone");
        assert!(gone.is_some_and(|g| trigger.depends_on.contains(&g)));
        let desired = trigger.desired(&|_, _| Some("999".into()));
        assert_eq!(desired["actions"][0]["value"], json!("901"));
        assert_eq!(desired["actions"][1]["value"], json!("999"));
        assert!(
            p.order.iter().position(|x| Some(*x) == gone) < p.order.iter().position(|x| *x == i)
        );
    }

    #[test]
    fn an_item_deleted_and_made_again_by_hand_is_restored_into_the_new_one() {
        let b = parse(
            &backup(json!([{"type": "groups", "name": "Tier 2", "item": {"id": 901, "name": "Tier 2", "description": "Before"}}])),
            "acme",
            &fold,
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let target = inv(json!({"groups": [{"id": 990, "name": "TIER 2", "description": "New"}]}));
        let p = b.plan(&target, &fold);
        assert_eq!(p.steps.len(), 1);
        assert!(matches!(p.steps[0].action, Action::Update(_)));
        assert_eq!(p.steps[0].target_id().as_deref(), Some("990"));
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_are_refused_or_read_never_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let text = String::from_utf8_lossy(&bytes);
            let _ = parse(&text, "acme", &fold);
        }

        #[test]
        fn arbitrary_json_in_a_backups_shape_is_refused_or_read_never_a_panic(
            head in proptest::option::of(json_value()),
            items in proptest::collection::vec(json_value(), 0..5),
            kinds in proptest::collection::vec(prop_oneof![Just("groups"), Just("ticket_fields"), Just("custom_roles"), Just("nope")], 5),
        ) {
            let items: Vec<Value> = items.into_iter().zip(kinds).map(|(item, kind)| json!({"type": kind, "name": "x", "item": item})).collect();
            let mut doc = json!({"items": items});
            if let Some(head) = head {
                doc["deskset_backup"] = json!({"account": "acme", "at": head});
            }
            if let Ok(b) = parse(&doc.to_string(), "acme", &fold) {
                prop_assert!(!b.items.is_empty());
                let p = b.plan(&Inventory::default(), &fold);
                prop_assert_eq!(p.order.len(), p.steps.len());
            }
        }
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            "[a-zA-Z _]{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map(
                    prop_oneof![
                        Just("id".to_string()),
                        Just("name".to_string()),
                        Just("title".to_string()),
                        Just("raw_title".to_string()),
                        Just("key".to_string()),
                        "[a-z]{1,6}"
                    ],
                    inner,
                    0..4
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }
}
