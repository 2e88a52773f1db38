//! Deploying a shared configuration (deploy.md): reading both accounts (the source only ever
//! through the share's read-only credential), keeping the undo data before the first write,
//! writing one change at a time, the history, and the undo of the latest deploy. The rules are in
//! `deskset_domain::deploy`; this is the I/O around them.

use crate::zendesk::shares::source_request;
use deskset_domain::configurations::Configuration;
use deskset_domain::deploy::drift;
use deskset_domain::deploy::record::{self, Meta, UndoStep};
use deskset_domain::deploy::run::{Failure, Run, Write};
use deskset_domain::deploy::types::{Fetch, TypeSpec};
use deskset_domain::deploy::{self, Component, Inventory, Plan, ReadError};
use deskset_domain::retry::RetryPolicy;
use deskset_domain::screens::deploy::{DeployAction, Said, UndoAction};
use deskset_domain::share::Share;
use deskset_web::http::{Api, HttpError, Method, Request};
use deskset_web::store::{SettingsStore, StoreError};
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::rc::Rc;
use std::time::Duration;

/// Names compare trimmed and case-insensitively (deploy.md): lower-cased by the browser's own
/// Unicode tables, the same in every language.
pub fn fold(s: &str) -> String {
    js_sys::JsString::from(s).to_lower_case().into()
}

/// Which account a list is read in.
#[derive(Clone, Copy)]
enum Side<'a> {
    /// This account, as the signed-in admin.
    Target,
    /// The share's source, with its read-only credential.
    Source(&'a Share),
}

impl Side<'_> {
    fn request(&self, path: &str) -> Option<Request> {
        match self {
            Side::Target => Some(Request::get(path)),
            Side::Source(share) => Some(source_request(
                share.source.as_ref()?,
                share.slot?,
                Method::Get,
                path,
            )),
        }
    }
}

/// Why a list could not be read to its end.
enum ListError {
    Http(HttpError),
    /// More than [`deploy::MAX_PAGES`] pages.
    TooMany(&'static str),
}

impl ListError {
    /// As a plan's error, with `http` saying which side a refusal came from.
    fn read_error(self, http: impl FnOnce(HttpError) -> ReadError) -> ReadError {
        match self {
            ListError::Http(e) => http(e),
            ListError::TooMany(kind) => ReadError::TooMany(kind),
        }
    }
}

/// Every item of one type, paged to the end. `Ok(None)`: the account cannot hold the type.
async fn list(api: &Api, side: Side<'_>, spec: &TypeSpec) -> Result<Option<Vec<Value>>, ListError> {
    let mut all = Vec::new();
    let mut path = Some(spec.list_path.to_string());
    let mut pages = 0;
    while let Some(p) = path.take() {
        if pages == deploy::MAX_PAGES {
            return Err(ListError::TooMany(spec.key));
        }
        let request = side
            .request(&p)
            .ok_or(ListError::Http(HttpError::NoSession))?;
        let body = match api.json(request).await {
            Ok(body) => body,
            Err(e) if deploy::unavailable(spec, e.status()) => return Ok(None),
            Err(e) => return Err(ListError::Http(e)),
        };
        let (items, next) = deploy::page(spec, &body);
        all.extend(items.into_iter().map(Value::Object));
        pages += 1;
        path = next;
    }
    // Sub-items the list does not hold (a schedule's holidays): each item's, side by side.
    if let Some(children) = spec.children.filter(|c| !c.listed) {
        let reads = all.iter().map(|item| async move {
            let id = item
                .get("id")
                .and_then(deskset_domain::deploy::refs::id_text)?;
            let request = side.request(&format!("{}/{id}/{}.json", spec.path, children.sub))?;
            Some(api.json(request).await)
        });
        let answers = futures::future::join_all(reads).await;
        for (item, answer) in all.iter_mut().zip(answers) {
            match answer {
                Some(Ok(body)) => {
                    let list = body
                        .get(children.sub)
                        .cloned()
                        .unwrap_or(Value::Array(vec![]));
                    if let Some(map) = item.as_object_mut() {
                        map.insert(children.field.into(), list);
                    }
                }
                Some(Err(e)) => return Err(ListError::Http(e)),
                None => {}
            }
        }
    }
    Ok(Some(all))
}

/// The items of a lookup type read by [`Fetch::Find`]: `by_id`, those of the ids `asks` (100 a
/// request; the source's, or this account's for a restore); otherwise those with each identity
/// of `asks` (this account's, matching the source's items found).
async fn find(
    api: &Api,
    side: Side<'_>,
    spec: &TypeSpec,
    by_id: bool,
    asks: Vec<String>,
) -> Result<Vec<Value>, ListError> {
    let Fetch::Find {
        by_ids,
        by_identity,
    } = spec.fetch
    else {
        return Ok(Vec::new());
    };
    let paths: Vec<String> = match by_id {
        true => asks
            .chunks(100)
            .map(|ids| format!("{by_ids}{}", ids.join(",")))
            .collect(),
        false => asks
            .iter()
            .map(|text| {
                format!(
                    "{by_identity}{}",
                    String::from(js_sys::encode_uri_component(text))
                )
            })
            .collect(),
    };
    let answers = futures::future::join_all(paths.iter().map(|p| async move {
        let request = side
            .request(p)
            .ok_or(ListError::Http(HttpError::NoSession))?;
        api.json(request).await.map_err(ListError::Http)
    }))
    .await;
    let mut out = Vec::new();
    for answer in answers {
        let (items, _) = deploy::page(spec, &answer?);
        out.extend(items.into_iter().map(Value::Object));
    }
    Ok(out)
}

/// An account's inventory of `specs`, the lists read side by side.
async fn inventory(
    api: &Api,
    side: Side<'_>,
    specs: &[&'static TypeSpec],
) -> Result<Inventory, ListError> {
    let lists = futures::future::join_all(specs.iter().map(|s| list(api, side, s))).await;
    let mut inv = Inventory::default();
    for (spec, answer) in specs.iter().zip(lists) {
        match answer? {
            Some(items) => {
                inv.items.insert(spec.key.to_string(), objects(items));
            }
            None => {
                inv.unavailable.insert(spec.key.to_string());
            }
        }
    }
    Ok(inv)
}

/// A refusal of the source: its credential (401), or another.
fn source_error(e: HttpError) -> ReadError {
    match e.status() {
        Some(401) => ReadError::SourceRefused,
        _ => ReadError::Source(e),
    }
}

fn objects(values: Vec<Value>) -> Vec<Map<String, Value>> {
    values
        .into_iter()
        .filter_map(|v| match v {
            Value::Object(m) => Some(m),
            _ => None,
        })
        .collect()
}

/// `specs` read in the source and in this account, side by side.
async fn read_both(
    api: &Api,
    share: &Share,
    specs: &[&'static TypeSpec],
) -> Result<(Inventory, Inventory), ReadError> {
    let (source, target) = futures::join!(
        inventory(api, Side::Source(share), specs),
        inventory(api, Side::Target, specs)
    );
    let source = source.map_err(|e| e.read_error(source_error))?;
    let target = target.map_err(|e| e.read_error(ReadError::Target))?;
    Ok((source, target))
}

/// A plan, with the target as it was read (to name what the plan's references point to).
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub plan: Rc<Plan>,
    pub target: Rc<Inventory>,
}

/// Reads the configuration's components from the source and this account's inventory, and
/// plans the deploy. Nothing is written anywhere.
pub async fn plan(
    api: &Api,
    share: &Share,
    configuration: &Configuration,
) -> Result<Planned, ReadError> {
    if share.source.is_none() || share.slot.is_none() {
        return Err(ReadError::Broken);
    }
    let components: Vec<Component> = configuration
        .components()
        .into_iter()
        .map(|(kind, name)| Component { kind, name })
        .collect();
    // The components' own types first; then, only if they refer to types not read yet, those
    // (one more round, side by side again); then the users and organizations they name, which
    // are too many to list: the source's by id, then this account's by email or name.
    let own = deploy::component_types(&components);
    let (mut source, mut target) = read_both(api, share, &own).await?;
    let more = deploy::referenced_types(&components, &own, &source, &fold);
    let (listed, found): (Vec<_>, Vec<_>) = more.into_iter().partition(|t| t.fetch == Fetch::List);
    if !listed.is_empty() {
        let (s, t) = read_both(api, share, &listed).await?;
        source.merge(s);
        target.merge(t);
    }
    for spec in found {
        let ids = deploy::referenced_ids(&components, spec, &source, &fold);
        let items = find(api, Side::Source(share), spec, true, ids)
            .await
            .map_err(|e| e.read_error(source_error))?;
        let names: Vec<String> = items
            .iter()
            .filter_map(Value::as_object)
            .filter_map(|i| deploy::identity_text(spec, i))
            .collect();
        let theirs = find(api, Side::Target, spec, false, names)
            .await
            .map_err(|e| e.read_error(ReadError::Target))?;
        source.items.insert(spec.key.into(), objects(items));
        target.items.insert(spec.key.into(), objects(theirs));
    }
    let plan = deploy::plan(&components, &source, &target, &fold);
    Ok(Planned {
        plan: Rc::new(plan),
        target: Rc::new(target),
    })
}

/// Saves the undo data, with the deploy's started entry in the history, and reads them back:
/// the deploy starts only if both succeed. Should the deploy not finish (the page closed), the
/// history shows it and the undo data still undoes what it wrote.
async fn save_undo(
    store: &dyn SettingsStore,
    undo: &Value,
    started: Value,
) -> Result<(), StoreError> {
    let fresh = store.read().await?;
    let mut changes = Map::new();
    changes.insert("deploy_undo".into(), record::undo_setting(undo));
    changes.insert(
        "deploy_log".into(),
        record::put_log(fresh.get("deploy_log"), started),
    );
    store.write(changes).await?;
    let checked = match store.read().await {
        Ok(saved) => {
            let log = record::read_log(saved.get("deploy_log"));
            match record::read_undo(saved.get("deploy_undo")) {
                Some((meta, data)) if &data == undo && record::undoable(&log, Some(&meta)) => {
                    Ok(())
                }
                _ => Err(StoreError::Http(HttpError::Decode(
                    "the undo data did not read back as saved".into(),
                ))),
            }
        }
        Err(e) => Err(e),
    };
    if checked.is_err() {
        // Nothing will be written: take the started entry back out (best effort; if this fails
        // too, the history shows a deploy that did not finish, and its undo finds nothing to do).
        if let (Some(id), Ok(fresh)) = (undo.get("id").and_then(Value::as_str), store.read().await)
        {
            let mut changes = Map::new();
            changes.insert(
                "deploy_log".into(),
                record::drop_log(fresh.get("deploy_log"), id),
            );
            changes.insert("deploy_undo".into(), Value::String(String::new()));
            let _ = store.write(changes).await;
        }
    }
    checked
}

/// The deploy's writes, with the retries deploy.md asks for (429 `Retry-After`, 409/503 a few
/// times with backoff).
fn writer(api: &Api) -> Api {
    api.clone().with_policy(RetryPolicy::for_deploy())
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Writes one change: the answer's JSON, or why it failed.
async fn send(api: &Api, write: &Write) -> Result<Value, Failure> {
    let mut request = Request::new(write.method, write.path.clone());
    if !write.body.is_null() {
        request = request.with_body(write.body.clone());
    }
    match api.send(request).await {
        Ok(response) => Ok(serde_json::from_str(&response.body).unwrap_or(Value::Null)),
        Err(e) => Err(Failure::from_error(&e)),
    }
}

/// What a deploy carries out: the plan under review, the drifted steps the admin kept as this
/// account has them (`deploy::drift`), who and what for the history, whether it is a restore
/// from a backup, and whether it goes on without undo data (it could not be saved and the admin
/// downloaded the backup and confirmed).
pub struct Order {
    pub plan: Rc<Plan>,
    pub kept: BTreeSet<usize>,
    pub meta: Meta,
    pub restore: bool,
    pub without_undo: bool,
}

/// Deploys the order's plan: the undo data first (unless `without_undo`), then each write in
/// order (the kept steps are not written), then the history. `progress` hears each step. Ends
/// with [`DeployAction::Finished`] or, when the undo data could not be saved,
/// [`DeployAction::UndoUnsaved`] with nothing written.
pub async fn run(
    api: &Api,
    store: &dyn SettingsStore,
    order: Order,
    progress: &dyn Fn(DeployAction),
) {
    let Order {
        plan,
        kept,
        meta,
        restore,
        without_undo,
    } = order;
    let kind = |entry: Value| {
        if restore {
            record::as_restore(entry)
        } else {
            entry
        }
    };
    progress(DeployAction::Start);
    let plan = drift::keeping(&plan, &kept);
    let undo = record::undo_data(&plan, &meta);
    if !without_undo {
        if let Err(e) = save_undo(store, &undo, kind(record::started_entry(&plan, &meta))).await {
            progress(DeployAction::UndoUnsaved(Said::of(&e)));
            return;
        }
    }
    let api = writer(api);
    let mut run = Run::new(plan).keeping(kept);
    let total = run.total();
    while let Some(write) = run.next_write() {
        let step = &run.plan.steps[write.step];
        progress(DeployAction::Progress {
            done: run.done(),
            total,
            current: Some((step.spec.key.to_string(), step.name.clone())),
        });
        let wait = run.wait_before(&write, now_ms());
        if wait > 0.0 {
            api.sleep(Duration::from_millis(wait as u64)).await;
        }
        let sent = now_ms();
        let answer = send(&api, &write).await;
        run.record(&write, answer, sent);
    }
    progress(DeployAction::Progress {
        done: run.done(),
        total,
        current: None,
    });
    let entry = kind(record::log_entry(&run, &meta));
    let history = save_history(store, entry, &meta, &run, (!without_undo).then_some(&undo))
        .await
        .err()
        .map(|e| Said::of(&e));
    progress(DeployAction::Finished {
        run: Rc::new(run),
        history,
    });
}

/// The history `entry`, and the undo data with the created ids (when it was saved before).
async fn save_history(
    store: &dyn SettingsStore,
    entry: Value,
    meta: &Meta,
    run: &Run,
    undo: Option<&Value>,
) -> Result<(), StoreError> {
    let fresh = store.read().await?;
    let mut changes = Map::new();
    changes.insert(
        "deploy_log".into(),
        record::put_log(fresh.get("deploy_log"), entry),
    );
    // The undo data with the created ids, unless a later deploy has saved its own since.
    let still_ours =
        record::read_undo(fresh.get("deploy_undo")).is_some_and(|(m, _)| m.id == meta.id);
    if let (Some(undo), true) = (undo, still_ours) {
        changes.insert(
            "deploy_undo".into(),
            record::undo_setting(&record::with_created(undo, run)),
        );
    }
    store.write(changes).await.map(|_| ())
}

/// Why an undo could not start.
#[derive(Debug, Clone, PartialEq)]
pub enum UndoError {
    /// There is no undo data for the latest deploy.
    Nothing,
    Store(StoreError),
    /// This account's lists could not be read.
    Read(ReadError),
}

impl deskset_domain::http::Explain for UndoError {
    fn i18n_key(&self) -> &'static str {
        match self {
            UndoError::Nothing => "deploy.undo_nothing",
            UndoError::Store(e) => e.i18n_key(),
            UndoError::Read(e) => e.i18n_key(),
        }
    }

    fn detail(&self) -> Option<&str> {
        match self {
            UndoError::Nothing => None,
            UndoError::Store(e) => e.detail(),
            UndoError::Read(e) => e.detail(),
        }
    }
}

/// Undoes the latest deploy (`undo_meta` says which: the latest entry of the history): reads
/// this account, puts back what the deploy updated and deletes what it created, in reverse
/// order; writes the history and clears the undo data. `progress` hears each step.
pub async fn undo(
    api: &Api,
    store: &dyn SettingsStore,
    by: String,
    at: String,
    progress: &dyn Fn(UndoAction),
) {
    let result = undo_inner(api, store, by, at, progress).await;
    if let Err(e) = result {
        progress(UndoAction::Failed(Said::of(&e)));
    }
}

async fn undo_inner(
    api: &Api,
    store: &dyn SettingsStore,
    by: String,
    at: String,
    progress: &dyn Fn(UndoAction),
) -> Result<(), UndoError> {
    let settings = store.read().await.map_err(UndoError::Store)?;
    let (meta, data) = record::read_undo(settings.get("deploy_undo")).ok_or(UndoError::Nothing)?;
    let log = record::read_log(settings.get("deploy_log"));
    if !record::undoable(&log, Some(&meta)) {
        return Err(UndoError::Nothing);
    }
    let finished = log.first().is_some_and(|e| e.finished);
    let specs: Vec<&'static TypeSpec> = deskset_domain::deploy::types::TYPES
        .iter()
        .copied()
        .filter(|t| {
            data.get("items")
                .and_then(Value::as_array)
                .is_some_and(|items| {
                    items
                        .iter()
                        .any(|i| i.get("type").and_then(Value::as_str) == Some(t.key))
                })
        })
        .collect();
    let target = inventory(api, Side::Target, &specs)
        .await
        .map_err(|e| UndoError::Read(e.read_error(ReadError::Target)))?;
    let steps = record::undo_steps(&data, &target, &fold, finished);
    let api = writer(api);
    let total = steps.iter().filter(|s| !s.requests().is_empty()).count();
    let mut results: Vec<(UndoStep, Result<(), Failure>)> = Vec::new();
    let mut done = 0;
    for step in steps {
        let requests = step.requests();
        if !requests.is_empty() {
            progress(UndoAction::Progress {
                done,
                total,
                current: Some((step.spec.key.to_string(), step.name.clone())),
            });
            done += 1;
        }
        let mut result = Ok(());
        for r in requests {
            let mut request = Request::new(r.method, r.path);
            if let Some(body) = r.body {
                request = request.with_body(body);
            }
            if let Err(e) = api.send(request).await {
                result = Err(Failure::from_error(&e));
                break;
            }
        }
        results.push((step, result));
    }
    let undo_meta = Meta {
        id: format!("{}-undo", meta.id),
        at,
        by,
        ..meta
    };
    let history = async {
        let fresh = store.read().await?;
        let mut changes = Map::new();
        changes.insert(
            "deploy_log".into(),
            record::put_log(
                fresh.get("deploy_log"),
                record::undo_entry(&undo_meta, &results),
            ),
        );
        // Undone: there is nothing left to undo.
        changes.insert("deploy_undo".into(), Value::String(String::new()));
        store.write(changes).await.map(|_| ())
    }
    .await
    .err()
    .map(|e: StoreError| Said::of(&e));
    progress(UndoAction::Finished {
        results: Rc::new(results),
        history,
    });
    Ok(())
}

/// This account's inventory of `specs` (what a restore from a backup reads: it has no source).
pub(crate) async fn read_target(
    api: &Api,
    specs: &[&'static TypeSpec],
) -> Result<Inventory, ReadError> {
    inventory(api, Side::Target, specs)
        .await
        .map_err(|e| e.read_error(ReadError::Target))
}

/// This account's items of a lookup type read by [`Fetch::Find`] with these ids (a restore's
/// backup names this account's own users and organizations).
pub(crate) async fn read_target_by_ids(
    api: &Api,
    spec: &'static TypeSpec,
    ids: Vec<String>,
) -> Result<Vec<Map<String, Value>>, ReadError> {
    find(api, Side::Target, spec, true, ids)
        .await
        .map(objects)
        .map_err(|e| e.read_error(ReadError::Target))
}
