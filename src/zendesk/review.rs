//! What the plan view shows before anything is written, for a deploy and for a restore from a
//! backup: the plan (read through the share, or over this account alone for a restore), and
//! which of its updates would overwrite a change made here since deskset last wrote the item
//! (drift, against the history read afresh). Nothing is written anywhere.

use super::deploy::{self as edge, fold, Planned};
use deskset_domain::configurations::Configuration;
use deskset_domain::deploy::drift::{self, Drift};
use deskset_domain::deploy::restore::Backup;
use deskset_domain::deploy::types::Fetch;
use deskset_domain::deploy::{self, record, Plan};
use deskset_domain::screens::deploy::Said;
use deskset_domain::share::Share;
use deskset_web::http::Api;
use deskset_web::store::SettingsStore;
use std::collections::BTreeMap;
use std::rc::Rc;

/// A plan under review and its drifted steps (by index).
#[derive(Debug, Clone, PartialEq)]
pub struct Reviewed {
    pub planned: Planned,
    pub drift: Rc<BTreeMap<usize, Drift>>,
}

/// The deploy of a shared configuration, planned, with its drift.
pub async fn deploy(
    api: &Api,
    store: &dyn SettingsStore,
    share: &Share,
    configuration: &Configuration,
) -> Result<Reviewed, Said> {
    let planned = edge::plan(api, share, configuration)
        .await
        .map_err(|e| Said::of(&e))?;
    with_drift(store, planned).await
}

/// The restore of a backup (already read and checked: `restore::parse`), planned over this
/// account as it is now, with its drift. Only this account is read.
pub async fn restore(
    api: &Api,
    store: &dyn SettingsStore,
    backup: &Backup,
) -> Result<Reviewed, Said> {
    let components = backup.components();
    let own = deploy::component_types(&components);
    let mut target = edge::read_target(api, &own)
        .await
        .map_err(|e| Said::of(&e))?;
    let source = backup.source(&target, &fold);
    let more = deploy::referenced_types(&components, &own, &source, &fold);
    let (listed, found): (Vec<_>, Vec<_>) = more.into_iter().partition(|t| t.fetch == Fetch::List);
    if !listed.is_empty() {
        let rest = edge::read_target(api, &listed)
            .await
            .map_err(|e| Said::of(&e))?;
        target.merge(rest);
    }
    // The users and organizations the backup's items name: this account's own, by id.
    for spec in found {
        let ids = deploy::referenced_ids(&components, spec, &source, &fold);
        let items = edge::read_target_by_ids(api, spec, ids)
            .await
            .map_err(|e| Said::of(&e))?;
        target.items.insert(spec.key.into(), items);
    }
    let plan: Plan = backup.plan(&target, &fold);
    let planned = Planned {
        plan: Rc::new(plan),
        target: Rc::new(target),
    };
    with_drift(store, planned).await
}

/// The plan's drift, against the history as it is now (another admin may have deployed since
/// this screen was opened). The history unread is an error, not "no drift": a plan that cannot
/// tell what it would overwrite is not offered.
async fn with_drift(store: &dyn SettingsStore, planned: Planned) -> Result<Reviewed, Said> {
    let settings = store.read().await.map_err(|e| Said::of(&e))?;
    let log = record::read_log(settings.get("deploy_log"));
    let drift = drift::find(&planned.plan, &log, &fold);
    Ok(Reviewed {
        planned,
        drift: Rc::new(drift),
    })
}
