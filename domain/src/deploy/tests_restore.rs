//! A restore from the backup a deploy offered, end to end over the recorded accounts of `tests`:
//! deploy, restore, and the backed-up items are as they were; drift after a deploy.

use super::plan::{plan, Action, Inventory};
use super::record;
use super::restore;
use super::run::Outcome;
use super::tests::{acme, deploy, fold, globex, meta, tier2};
use super::write;
use serde_json::{json, Value};

/// Each of `ids`' items of `kind` in write shape (what a restore puts back), by id.
fn shapes(inv: &Inventory, kind: &str, ids: &[String]) -> Vec<(String, Value)> {
    let spec = super::types::spec(kind);
    ids.iter()
        .map(|id| {
            let found = inv
                .items(kind)
                .iter()
                .find(|i| super::plan::item_id(i).as_deref() == Some(id.as_str()));
            let shaped = match (spec, found) {
                (Some(spec), Some(item)) => {
                    write::normalised(&Value::Object(write::shape(spec, item)))
                }
                _ => Value::Null,
            };
            (id.clone(), shaped)
        })
        .collect()
}

#[test]
fn restoring_the_backup_puts_back_every_item_the_deploy_updated() {
    let before = acme();
    let mut target = before.clone();
    let p = plan(&tier2(), &globex(), &target, &fold);
    let file = record::backup(&p, &meta(), "acme").to_string();
    deploy(p, &mut target, &|_, _| false);

    let backup = restore::parse(&file, "acme", &fold).unwrap_or_else(|e| panic!("{e:?}"));
    let kinds: Vec<(&str, Vec<String>)> = backup
        .items
        .iter()
        .map(|i| {
            (
                i.spec.key,
                super::plan::item_id(&i.item).into_iter().collect(),
            )
        })
        .collect();
    assert_eq!(kinds.len(), 2, "the role and the ticket field");
    for (kind, ids) in &kinds {
        assert_ne!(
            shapes(&target, kind, ids),
            shapes(&before, kind, ids),
            "{kind} deployed"
        );
    }

    let rp = backup.plan(&target, &fold);
    assert!(
        rp.steps
            .iter()
            .all(|s| matches!(s.action, Action::Update(_))),
        "{:?}",
        rp.steps
            .iter()
            .map(|s| (&s.name, &s.action))
            .collect::<Vec<_>>()
    );
    // The removed option ("Outage", added by the deploy) is said before anything is written.
    assert!(rp.steps.iter().any(|s| s.removed_options == ["Outage"]));
    let (run, undo) = deploy(rp, &mut target, &|_, _| false);
    assert!(run
        .outcomes
        .iter()
        .flatten()
        .all(|o| *o == Outcome::Updated));
    for (kind, ids) in &kinds {
        assert_eq!(
            shapes(&target, kind, ids),
            shapes(&before, kind, ids),
            "{kind} restored"
        );
    }
    // Its history entry and undo data are a deploy's; a second restore has nothing to do.
    let entry = record::as_restore(record::log_entry(&run, &meta()));
    assert_eq!(entry["kind"], json!("restore"));
    assert_eq!(entry["counts"], json!({"updated": 2}));
    assert_eq!(undo["items"].as_array().map(Vec::len), Some(2));
    let log = record::read_log(Some(&record::put_log(None, entry)));
    let (undo_meta, _) = record::read_undo(Some(&record::undo_setting(&undo)))
        .unwrap_or_else(|| panic!("undo data"));
    assert!(
        record::undoable(&log, Some(&undo_meta)),
        "a restore can be undone"
    );
    let again = backup.plan(&target, &fold);
    assert!(again.steps.iter().all(|s| s.action == Action::Unchanged));
}

#[test]
fn a_restore_of_what_was_deleted_since_makes_it_again_with_its_references() {
    let before = acme();
    let mut target = before.clone();
    // A backup of the role and field, then both deleted here.
    let p = plan(&tier2(), &globex(), &target, &fold);
    let file = record::backup(&p, &meta(), "acme").to_string();
    for kind in ["custom_roles", "ticket_fields"] {
        target.items.insert(kind.into(), Vec::new());
    }
    let backup = restore::parse(&file, "acme", &fold).unwrap_or_else(|e| panic!("{e:?}"));
    let rp = backup.plan(&target, &fold);
    assert!(rp.steps.iter().all(|s| s.action == Action::Create));
    deploy(rp, &mut target, &|_, _| false);
    let names = |inv: &Inventory, kind: &str| -> Vec<String> {
        inv.items(kind)
            .iter()
            .map(|i| {
                super::plan::identity(
                    super::types::spec(kind).unwrap_or(&super::types::GROUPS),
                    i,
                    &fold,
                )
                .unwrap_or_default()
            })
            .collect()
    };
    assert_eq!(
        names(&target, "custom_roles"),
        names(&before, "custom_roles")
    );
    assert_eq!(
        names(&target, "ticket_fields"),
        names(&before, "ticket_fields")
    );
}
