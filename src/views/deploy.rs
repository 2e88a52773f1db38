//! Deploying a shared configuration (deploy.md, "What the admin sees"): the plan before anything
//! is written, the backup, the deploy's progress and report; and the history with the undo of
//! the latest deploy. The rules are in `deskset_domain::deploy` and `screens::deploy`; the I/O in
//! `crate::zendesk::deploy`.

use crate::views::roles::perm;
use crate::zendesk::deploy as edge;
use crate::zendesk::review;
use deskset_domain::configurations::Configuration;
use deskset_domain::deploy::drift::{self, Drift};
use deskset_domain::deploy::plan::{Action, Blocked, Change, Plan, Step};
use deskset_domain::deploy::record::{
    self, LogEntry, LogItem, Meta, UndoAction as UndoWhat, UndoStep,
};
use deskset_domain::deploy::restore::{self, Backup};
use deskset_domain::deploy::run::{Failure, Outcome, Run};
use deskset_domain::deploy::words::{self, Names};
use deskset_domain::i18n::Translator;
use deskset_domain::role_schema::permission;
use deskset_domain::screens::deploy::{Deploy, DeployAction, Phase, Undo, UndoAction};
use deskset_domain::screens::restore::{Restore, RestoreAction};
use deskset_domain::share::Share;
use deskset_web::components::{loading, Callout, Tone};
use deskset_web::files;
use deskset_web::hooks::{later, use_action, use_load, use_screen, Load, Screen};
use deskset_web::i18n::{describe_error, full_date, use_i18n};
use deskset_web::session::{use_session, Session};
use deskset_web::store::Settings;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// A type's name in a sentence ("group", "ticket field").
fn type_name(t: &Translator, key: &str) -> String {
    t.t(&format!("deploy.type.{key}"))
}

/// Now as the history keeps it: an id, an ISO 8601 time, and who.
fn meta(session: &Session, source: &str, configuration: &str) -> Meta {
    Meta::now(
        js_sys::Date::now(),
        session.user.name(),
        session.user.email(),
        source,
        configuration,
    )
}

/// A timestamp as a date alone ("3 Dec 2026" as the locale writes it); the timestamp itself
/// when the browser cannot read it.
fn day(t: &Translator, iso: &str) -> String {
    let then = js_sys::Date::parse(iso);
    if then.is_nan() {
        return iso.to_string();
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    js_sys::Date::new(&then.into())
        .to_locale_date_string(t.locale(), &options)
        .into()
}

/// Why a step is blocked, in one sentence naming both ends.
fn blocked_text(t: &Translator, plan: &Plan, step: &Step, b: &Blocked) -> String {
    let kind = type_name(t, step.spec.key);
    let name = step.name.as_str();
    match b {
        Blocked::NotInSource => t.t_with(
            "deploy.blocked.not_in_source",
            &[("type", &kind), ("name", name)],
        ),
        Blocked::DuplicateInSource => t.t_with(
            "deploy.blocked.duplicate_in_source",
            &[("type", &kind), ("name", name)],
        ),
        Blocked::DuplicateInTarget => t.t_with(
            "deploy.blocked.duplicate_in_target",
            &[("type", &kind), ("name", name)],
        ),
        Blocked::Unavailable => t.t_with("deploy.blocked.unavailable", &[("type", &kind)]),
        Blocked::Unresolved {
            kind: r,
            name: Some(other),
        } => t.t_with(
            "deploy.blocked.unresolved",
            &[
                ("type", &kind),
                ("name", name),
                ("ref", &t.t(r.i18n_key())),
                ("other", other),
            ],
        ),
        Blocked::Unresolved {
            kind: r,
            name: None,
        } => t.t_with(
            "deploy.blocked.unresolved_unknown",
            &[("type", &kind), ("name", name), ("ref", &t.t(r.i18n_key()))],
        ),
        Blocked::NotMatched { kind: r, id } => t.t_with(
            "deploy.blocked.not_matched",
            &[
                ("type", &kind),
                ("name", name),
                ("ref", &t.t(r.i18n_key())),
                ("id", id),
            ],
        ),
        Blocked::TypeDiffers { source, target } => t.t_with(
            "deploy.blocked.type_differs",
            &[("name", name), ("source", source), ("target", target)],
        ),
        Blocked::SystemField => t.t_with("deploy.blocked.system_field", &[("name", name)]),
        Blocked::NoBusinessHours => t.t_with(
            "deploy.blocked.no_business_hours",
            &[("type", &kind), ("name", name)],
        ),
        Blocked::Refused(check) => t.t_with(check.i18n_key(), &[("type", &kind), ("name", name)]),
        Blocked::AmbiguousInTarget {
            kind: r,
            name: other,
        } => t.t_with(
            "deploy.blocked.ambiguous_in_target",
            &[
                ("type", &kind),
                ("name", name),
                ("ref", &t.t(r.i18n_key())),
                ("other", other),
            ],
        ),
        Blocked::DependsOn(d) => {
            let dep = &plan.steps[*d];
            t.t_with(
                "deploy.blocked.depends_on",
                &[("type", &type_name(t, dep.spec.key)), ("other", &dep.name)],
            )
        }
        Blocked::Cycle(steps) => {
            let names: Vec<&str> = steps.iter().map(|i| plan.steps[*i].name.as_str()).collect();
            t.t_with("deploy.blocked.cycle", &[("names", &names.join(", "))])
        }
        Blocked::Renamed { now } => t.t_with(
            "deploy.restore.blocked_renamed",
            &[("type", &kind), ("name", name), ("now", now)],
        ),
    }
}

/// A changed field's label: a role's permission by its translated label.
fn field_label(t: &Translator, field: &str) -> String {
    if let Some(key) = field.strip_prefix("configuration.") {
        return perm::label(t, key);
    }
    let k = format!("deploy.field.{field}");
    let label = t.t(&k);
    if label == k {
        field.to_string()
    } else {
        label
    }
}

/// One change of an update: the field, what it was and what it becomes.
fn change_view(t: &Translator, step: &Step, change: &Change, names: &Names) -> Html {
    let lines = |v: Option<&serde_json::Value>| -> Vec<String> {
        match change.field.strip_prefix("configuration.") {
            Some(key) => vec![perm::value_text(t, permission(key), key, v)],
            None => words::lines(step.spec.key, &change.field, v, names),
        }
    };
    let list = |items: Vec<String>| {
        html! {
            <ul class="ds-lines">{ for items.into_iter().map(|l| html! { <li>{ l }</li> }) }</ul>
        }
    };
    html! {
        <div class="ds-change" data-field={change.field.clone()}>
            <span class="ds-change__field">{ field_label(t, &change.field) }</span>
            <div class="ds-change__values">
                <del class="ds-change__from" aria-label={t.t("deploy.was")}>{ list(lines(change.from.as_ref())) }</del>
                <span aria-hidden="true" class="ds-change__arrow">{ "\u{2192}" }</span>
                <ins class="ds-change__to" aria-label={t.t("deploy.becomes")}>{ list(lines(change.to.as_ref())) }</ins>
            </div>
        </div>
    }
}

/// The badge class of an action or a result (written out: the CSS purge keeps only literal
/// class names).
fn badge(key: &str) -> &'static str {
    match key {
        "create" => "ds-action--create",
        "update" => "ds-action--update",
        "blocked" => "ds-action--blocked",
        "created" => "ds-result--created",
        "updated" => "ds-result--updated",
        "deleted" => "ds-result--deleted",
        "restored" => "ds-result--restored",
        "failed" => "ds-result--failed",
        "skipped" => "ds-result--skipped",
        "kept" => "ds-result--kept",
        "blocked_result" => "ds-result--blocked",
        _ => "ds-action--unchanged",
    }
}

/// The plan's drifted steps and what the admin chose for them.
struct Drifts<'a> {
    drift: &'a BTreeMap<usize, Drift>,
    /// The drifted steps kept as this account has them (not ticked "Overwrite").
    kept: &'a BTreeSet<usize>,
    /// Whether the choice can still change (in review, before writing).
    editable: bool,
    on_overwrite: &'a Callback<(usize, bool)>,
}

/// A drifted step's note: when it was changed here, since which deploy, and "Overwrite".
fn drift_note(t: &Translator, index: usize, drift: &Drift, drifts: &Drifts) -> Html {
    let id = format!("overwrite-{index}");
    let onchange = {
        let on = drifts.on_overwrite.clone();
        Callback::from(move |e: Event| {
            on.emit((
                index,
                e.target_unchecked_into::<HtmlInputElement>().checked(),
            ))
        })
    };
    html! {
        <div class="c-callout c-callout--warning ds-drift" data-testid="drift">
            <p class="c-callout__paragraph">
                { t.t_with("deploy.drift.changed", &[("changed", &day(t, &drift.changed_at)), ("since", &day(t, &drift.since))]) }
            </p>
            <div class="c-field ds-check">
                <input id={id.clone()} class="c-field__checkbox" type="checkbox" data-testid="overwrite"
                    checked={!drifts.kept.contains(&index)} disabled={!drifts.editable} {onchange} />
                <label class="c-field__label" for={id}>{ t.t("deploy.drift.overwrite") }</label>
            </div>
        </div>
    }
}

/// The plan: each component in write order with its action and what it changes or why not.
fn plan_rows(t: &Translator, plan: &Plan, names: &Names, drifts: &Drifts) -> Html {
    html! {
        <table class="c-table ds-table ds-plan" data-testid="deploy-plan">
            <thead>
                <tr class="c-table__row c-table__row--header">
                    <th scope="col" class="c-table__row__cell">{ t.t("deploy.col_component") }</th>
                    <th scope="col" class="c-table__row__cell">{ t.t("deploy.col_action") }</th>
                    <th scope="col" class="c-table__row__cell">{ t.t("deploy.col_details") }</th>
                </tr>
            </thead>
            <tbody>
                { for plan.order.iter().map(|i| {
                    let step = &plan.steps[*i];
                    let key = record::action_key(&step.action);
                    let details = match &step.action {
                        Action::Update(changes) => html! {
                            <>
                                { for changes.iter().map(|c| change_view(t, step, c, names)) }
                                if !step.removed_options.is_empty() {
                                    <p class="ds-error" data-testid="removes-options">{ t.t_with("deploy.removes_options", &[("options", &step.removed_options.join(", "))]) }</p>
                                }
                                { for step.one_way.iter().map(|field| html! {
                                    <p class="ds-error" data-one-way={*field}>{ t.t(&format!("deploy.one_way.{field}.irreversible")) }</p>
                                }) }
                            </>
                        },
                        Action::Blocked(why) => html! {
                            <ul class="ds-lines">{ for why.iter().map(|b| html! { <li>{ blocked_text(t, plan, step, b) }</li> }) }</ul>
                        },
                        Action::Create => html! { <span class="ds-muted">{ t.t("deploy.create_explain") }</span> },
                        Action::Unchanged => html! {},
                    };
                    let kept = html! {
                        { for step.kept.iter().map(|field| html! {
                            <p class="ds-muted" data-kept={*field}>{ t.t(&format!("deploy.one_way.{field}.kept")) }</p>
                        }) }
                    };
                    let drift = drifts.drift.get(i);
                    let drift_state = drift.map(|_| if drifts.kept.contains(i) { "kept" } else { "overwrite" });
                    html! {
                        <tr class="c-table__row" data-step={format!("{}:{}", step.spec.key, step.name)} data-action={key} data-drift={drift_state}>
                            <th scope="row" class="c-table__row__cell ds-name">
                                <span class="ds-type">{ type_name(t, step.spec.key) }</span>
                                { step.name.clone() }
                            </th>
                            <td class="c-table__row__cell"><span class={classes!("ds-badge", badge(key))}>{ t.t(&format!("deploy.action.{key}")) }</span></td>
                            <td class="c-table__row__cell">
                                if let Some(drift) = drift {
                                    { drift_note(t, *i, drift, drifts) }
                                }
                                { details }{ kept }
                            </td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

/// One step's outcome in words: the `data-result`, the sentence, Zendesk's words by field.
fn outcome_text(
    t: &Translator,
    run: &Run,
    i: usize,
) -> (&'static str, String, Vec<(String, String)>) {
    let plan = &run.plan;
    let step = &plan.steps[i];
    let Some(outcome) = &run.outcomes[i] else {
        return ("skipped", t.t("deploy.result.not_reached"), Vec::new());
    };
    let text = match outcome {
        // The badge says it all.
        Outcome::Created { .. } | Outcome::Updated => String::new(),
        Outcome::Unchanged => t.t("deploy.result.unchanged"),
        Outcome::Blocked(why) => why
            .iter()
            .map(|b| blocked_text(t, plan, step, b))
            .collect::<Vec<_>>()
            .join(" "),
        Outcome::Skipped { because } => {
            let dep = &plan.steps[*because];
            t.t_with(
                "deploy.result.skipped",
                &[("type", &type_name(t, dep.spec.key)), ("other", &dep.name)],
            )
        }
        // The fields' own words are listed below it.
        Outcome::Failed(Failure::Refused {
            status, message, ..
        }) => t.t_with(
            "deploy.result.failed",
            &[
                ("status", &status.to_string()),
                ("message", message.as_deref().unwrap_or_default()),
            ],
        ),
        Outcome::Failed(f) => failure_words(t, f),
        Outcome::Kept => t.t("deploy.result.kept"),
    };
    // A step of several requests that failed after its first ones: what was written says so.
    let text = match outcome {
        Outcome::Failed(_) if run.wrote.contains(&i) => {
            format!("{text} {}", t.t("deploy.result.partly_written"))
        }
        _ => text,
    };
    let details = match outcome {
        Outcome::Failed(Failure::Refused { details, .. }) => details.clone(),
        _ => Vec::new(),
    };
    (outcome.key(), text, details)
}

/// The report: every component, in write order, with what happened to it.
fn report(t: &Translator, run: &Run) -> Html {
    html! {
        <table class="c-table ds-table ds-report" data-testid="deploy-report">
            <thead>
                <tr class="c-table__row c-table__row--header">
                    <th scope="col" class="c-table__row__cell">{ t.t("deploy.col_component") }</th>
                    <th scope="col" class="c-table__row__cell">{ t.t("deploy.col_result") }</th>
                </tr>
            </thead>
            <tbody>
                { for run.plan.order.iter().map(|i| {
                    let step = &run.plan.steps[*i];
                    let (key, text, details) = outcome_text(t, run, *i);
                    html! {
                        <tr class="c-table__row" data-step={format!("{}:{}", step.spec.key, step.name)} data-result={key}>
                            <th scope="row" class="c-table__row__cell ds-name">
                                <span class="ds-type">{ type_name(t, step.spec.key) }</span>
                                { step.name.clone() }
                            </th>
                            <td class="c-table__row__cell">
                                <span class={classes!("ds-badge", badge(if key == "blocked" { "blocked_result" } else { key }))}>{ t.t(&format!("deploy.result_word.{key}")) }</span>
                                { " " }{ text }
                                if !details.is_empty() {
                                    <ul class="ds-lines ds-error">
                                        { for details.iter().map(|(field, words)| html! { <li data-field={field.clone()}>{ format!("{field}: {words}") }</li> }) }
                                    </ul>
                                }
                            </td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

fn progress(
    t: &Translator,
    testid: &'static str,
    done: usize,
    total: usize,
    current: &Option<(String, String)>,
) -> Html {
    let now = current
        .as_ref()
        .map(|(kind, name)| {
            t.t_with(
                "deploy.writing",
                &[("type", &type_name(t, kind)), ("name", name)],
            )
        })
        .unwrap_or_default();
    html! {
        <div class="ds-progress" data-testid={testid} role="status" aria-live="polite">
            <progress max={total.to_string()} value={done.to_string()} />
            <span>{ t.t_with("deploy.progress", &[("done", &done.to_string()), ("total", &total.to_string())]) }</span>
            <span class="ds-muted">{ now }</span>
        </div>
    }
}

/// Where a plan under review comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// A shared configuration, deployed from its source.
    Share {
        share: Rc<Share>,
        configuration: Rc<Configuration>,
    },
    /// A backup of this account (read from the file named `file`), restored.
    Backup { backup: Rc<Backup>, file: Rc<str> },
}

impl Origin {
    /// Now as the history keeps it: an id, an ISO 8601 time, who, and the source (a restore's:
    /// the backup's file) and configuration.
    fn meta(&self, session: &Session) -> Meta {
        let (source, configuration) = match self {
            Origin::Share {
                share,
                configuration,
            } => (share.source_url.as_str(), configuration.name()),
            Origin::Backup { backup, file } => (&**file, backup.configuration.as_str()),
        };
        meta(session, source, configuration)
    }

    fn is_restore(&self) -> bool {
        matches!(self, Origin::Backup { .. })
    }

    /// The configuration's name (a restore's: the one its backup was taken before deploying).
    fn name(&self) -> &str {
        match self {
            Origin::Share { configuration, .. } => configuration.name(),
            Origin::Backup { backup, .. } => &backup.configuration,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct DeployProps {
    pub share: Rc<Share>,
    pub configuration: Rc<Configuration>,
    /// Back to the configurations (the history is read again).
    pub on_close: Callback<()>,
}

/// A configuration's deploy: read both accounts, show the plan, deploy, report.
#[component]
pub fn DeployPanel(props: &DeployProps) -> Html {
    let origin = Origin::Share {
        share: props.share.clone(),
        configuration: props.configuration.clone(),
    };
    html! { <ReviewPanel {origin} on_close={props.on_close.clone()} /> }
}

#[derive(Properties, PartialEq)]
pub struct ReviewProps {
    pub origin: Origin,
    /// Back (the history is read again).
    pub on_close: Callback<()>,
}

/// A deploy or a restore: its plan (with what changed here since the last deploy), then its
/// writes and its report.
#[component]
pub fn ReviewPanel(props: &ReviewProps) -> Html {
    let t = use_i18n();
    let session = use_session();
    let (state, retry) = use_load(
        (session.clone(), props.origin.clone()),
        false,
        |(s, origin)| async move {
            let store = s.store();
            match origin {
                Origin::Share {
                    share,
                    configuration,
                } => review::deploy(&s.api, &store, &share, &configuration).await,
                Origin::Backup { backup, .. } => review::restore(&s.api, &store, &backup).await,
            }
        },
    );
    let screen = use_screen(Deploy::default);
    let deploy = {
        let (session, origin, dispatcher) =
            (session.clone(), props.origin.clone(), screen.dispatcher());
        use_action(
            move |(plan, kept, without_undo): (Rc<Plan>, BTreeSet<usize>, bool)| {
                let (session, dispatcher) = (session.clone(), dispatcher.clone());
                let order = edge::Order {
                    plan,
                    kept,
                    meta: origin.meta(&session),
                    restore: origin.is_restore(),
                    without_undo,
                };
                async move {
                    edge::run(&session.api, &session.store(), order, &|a| {
                        dispatcher.dispatch(a)
                    })
                    .await;
                    Ok::<(), ()>(())
                }
            },
            Callback::noop(),
        )
    };
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let restore = props.origin.is_restore();
    let title = match &props.origin {
        Origin::Share {
            share,
            configuration,
        } => t.t_with(
            "deploy.title",
            &[
                ("name", configuration.name()),
                ("source", &share.source_url),
            ],
        ),
        Origin::Backup { backup, file } => t.t_with(
            "deploy.restore.title",
            &[
                ("name", &backup.configuration),
                ("date", &full_date(&t, &backup.at)),
                ("file", file),
            ],
        ),
    };
    let body = match &state {
        Load::Loading => loading(t.t(if restore {
            "deploy.restore.reading_account"
        } else {
            "deploy.reading"
        })),
        Load::Failed(e) => {
            let (title, detail) = describe_error(&t, e);
            Callout::new(Tone::Error, "error", title)
                .detail(detail)
                .retry(retry.clone())
                .render(&t)
        }
        Load::Ready(reviewed) | Load::Stale(reviewed, _) => {
            let planned = &reviewed.planned;
            let plan = &planned.plan;
            let drift = &reviewed.drift;
            let kept = drift::kept(drift, &screen.overwrite);
            let names = Names::new(plan, &planned.target)
                .with_parts(t.t("deploy.conditions_all"), t.t("deploy.conditions_any"))
                .with_days(std::array::from_fn(|d| t.t(&format!("deploy.days.{d}"))));
            // What will be carried out: the kept steps write nothing.
            let totals = drift::totals(plan, &kept);
            let changes = totals.create + totals.update;
            let removed: Vec<String> = plan
                .steps
                .iter()
                .enumerate()
                .filter(|(i, s)| !s.removed_options.is_empty() && !kept.contains(i))
                .map(|(_, s)| format!("{}: {}", s.name, s.removed_options.join(", ")))
                .collect();
            let one_way: Vec<String> = plan
                .steps
                .iter()
                .enumerate()
                .filter(|(i, _)| !kept.contains(i))
                .flat_map(|(_, s)| {
                    s.one_way.iter().map(|field| {
                        t.t_with(
                            &format!("deploy.one_way.{field}.named"),
                            &[("type", &type_name(&t, s.spec.key)), ("name", &s.name)],
                        )
                    })
                })
                .collect();
            let backup = {
                let m = props.origin.meta(&session);
                let json =
                    serde_json::to_string_pretty(&record::backup(plan, &m, &session.subdomain))
                        .unwrap_or_default();
                files::data_url(&json)
            };
            let on_backup = {
                let screen = screen.clone();
                Callback::from(move |_: MouseEvent| screen.dispatch(DeployAction::BackupDownloaded))
            };
            let on_confirm = {
                let screen = screen.clone();
                Callback::from(move |e: Event| {
                    screen.dispatch(DeployAction::Confirm(
                        e.target_unchecked_into::<HtmlInputElement>().checked(),
                    ))
                })
            };
            let on_overwrite = {
                let screen = screen.clone();
                Callback::from(move |(step, on): (usize, bool)| {
                    screen.dispatch(DeployAction::Overwrite(step, on))
                })
            };
            let on_deploy = {
                let (run, plan, kept, can, without) = (
                    deploy.run.clone(),
                    plan.clone(),
                    kept.clone(),
                    screen.can_deploy(totals),
                    screen.without_undo(totals),
                );
                Callback::from(move |_: MouseEvent| {
                    if can {
                        run.emit((plan.clone(), kept.clone(), without));
                    }
                })
            };
            let again = {
                let (retry, screen) = (retry.clone(), screen.clone());
                Callback::from(move |_: MouseEvent| {
                    screen.dispatch(DeployAction::Review);
                    retry.emit(());
                })
            };
            let file = format!(
                "deskset-backup-{}.json",
                files::file_name(props.origin.name(), "configuration")
            );
            let drifts = Drifts {
                drift,
                kept: &kept,
                editable: matches!(screen.phase, Phase::Review),
                on_overwrite: &on_overwrite,
            };
            let review = html! {
                <>
                    <p class="ds-totals" data-testid="deploy-totals">
                        { for [("create", totals.create), ("update", totals.update), ("unchanged", totals.unchanged), ("blocked", totals.blocked)].into_iter().map(|(k, n)| html! {
                            <span class={classes!("ds-badge", badge(k))} data-total={k}>
                                { t.t_with(&format!("deploy.total.{k}"), &[("count", &n.to_string())]) }
                            </span>
                        }) }
                        if !drift.is_empty() {
                            <span class="ds-badge ds-result--kept" data-total="drift">
                                { t.t_with("deploy.total.drift", &[("count", &drift.len().to_string())]) }
                            </span>
                        }
                    </p>
                    if !drift.is_empty() {
                        { Callout::new(Tone::Warning, "drift", t.t("deploy.drift.title"))
                            .body(t.t_with("deploy.drift.explain", &[("count", &drift.len().to_string())]))
                            .render(&t) }
                    }
                    if !removed.is_empty() || !one_way.is_empty() {
                        { Callout::new(Tone::Warning, "irreversible", t.t("deploy.irreversible_title"))
                            .body(
                                [
                                    (!removed.is_empty()).then(|| t.t_with("deploy.irreversible", &[("options", &removed.join("; "))])),
                                    (!one_way.is_empty()).then(|| one_way.join(" ")),
                                ]
                                .into_iter()
                                .flatten()
                                .collect::<Vec<_>>()
                                .join(" "),
                            )
                            .render(&t) }
                    }
                    { plan_rows(&t, plan, &names, &drifts) }
                </>
            };
            let go = if restore {
                "deploy.restore.restore_n"
            } else {
                "deploy.deploy_n"
            };
            match &screen.phase {
                Phase::Review | Phase::NoUndo(_) | Phase::Preparing => html! {
                    <>
                        { review }
                        if let Phase::NoUndo(said) = &screen.phase {
                            { {
                                let (title, detail) = describe_error(&t, said);
                                Callout::new(Tone::Error, "no-undo", t.t("deploy.no_undo_title"))
                                    .body(format!("{title} {}", t.t(if Deploy::needs_backup(totals) { "deploy.no_undo" } else { "deploy.no_undo_creates" })))
                                    .detail(detail)
                                    .render(&t)
                            } }
                            <div class="c-field ds-check">
                                <input id="deploy-confirm" class="c-field__checkbox" type="checkbox" checked={screen.confirmed}
                                    onchange={on_confirm} data-testid="confirm-without-undo" />
                                <label class="c-field__label" for="deploy-confirm">{ t.t(if Deploy::needs_backup(totals) { "deploy.confirm_without_undo" } else { "deploy.confirm_without_undo_creates" }) }</label>
                            </div>
                        }
                        <div class="ds-toolbar">
                            <button type="button" class="c-btn c-btn--primary" data-testid="deploy-button"
                                aria-disabled={(!screen.can_deploy(totals) || deploy.busy).to_string()} onclick={on_deploy}>
                                { if matches!(screen.phase, Phase::Preparing) { t.t("deploy.preparing") } else { t.t_with(go, &[("count", &changes.to_string())]) } }
                            </button>
                            if Deploy::needs_backup(totals) {
                                <a class="c-btn" data-testid="download-backup" href={backup} download={file} onclick={on_backup}>{ t.t("deploy.download_backup") }</a>
                            }
                        </div>
                        if changes == 0 {
                            <p class="ds-muted" data-state="nothing-to-do">{ t.t(if kept.is_empty() { "deploy.nothing_to_do" } else { "deploy.drift.nothing_but_kept" }) }</p>
                        }
                    </>
                },
                Phase::Deploying {
                    done,
                    total,
                    current,
                } => progress(&t, "deploy-progress", *done, *total, current),
                Phase::Finished { run, history } => html! {
                    <>
                        <h3 class="ds-subtitle" data-state="deployed">{ t.t(if restore { "deploy.restore.report_title" } else { "deploy.report_title" }) }</h3>
                        if let Some(said) = history {
                            { {
                                let (title, detail) = describe_error(&t, said);
                                Callout::new(Tone::Error, "history-unsaved", t.t("deploy.history_unsaved")).body(title).detail(detail).render(&t)
                            } }
                        }
                        { report(&t, run) }
                        <div class="ds-toolbar">
                            <button type="button" class="c-btn" data-testid="review-again" onclick={again}>{ t.t("deploy.review_again") }</button>
                        </div>
                    </>
                },
            }
        }
    };
    html! {
        <section class="ds-panel ds-deploy" data-testid="deploy-panel" data-origin={if restore { "backup" } else { "share" }} aria-labelledby="ds-deploy-title">
            <button type="button" class="ds-link ds-back" onclick={close} disabled={screen.busy()}>{ t.t(if restore { "deploy.restore.back" } else { "deploy.back" }) }</button>
            <h2 class="ds-subtitle" id="ds-deploy-title">{ title }</h2>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct HistoryProps {
    pub settings: Rc<Settings>,
    /// After an undo: the settings are read again.
    pub on_changed: Callback<()>,
}

fn counts_text(t: &Translator, e: &LogEntry) -> String {
    e.counts
        .iter()
        .map(|(k, n)| t.t_with(&format!("deploy.count.{k}"), &[("count", &n.to_string())]))
        .collect::<Vec<_>>()
        .join(", ")
}

fn undo_result(
    t: &Translator,
    step: &UndoStep,
    result: &Result<(), Failure>,
) -> (&'static str, String) {
    let key = record::undo_result_key(step, result);
    let text = match result {
        Err(f) => failure_words(t, f),
        Ok(()) => t.t(&format!("deploy.undo_result.{key}")),
    };
    (key, text)
}

/// A failed write in words: Zendesk's own (by field when it gave them), or why there are none.
fn failure_words(t: &Translator, f: &Failure) -> String {
    match f {
        Failure::Refused {
            status,
            message,
            details,
        } => t.t_with(
            "deploy.result.failed",
            &[
                ("status", &status.to_string()),
                (
                    "message",
                    &record::refused_words(message.as_deref(), details),
                ),
            ],
        ),
        Failure::NoAnswer => t.t("deploy.result.no_answer"),
        Failure::NoId => t.t("deploy.result.no_id"),
    }
}

/// One component of a history entry in words.
fn log_item_text(t: &Translator, item: &LogItem) -> String {
    let word = t.t(&format!("deploy.result_word.{}", item.result));
    let why = match (&item.because, &item.reason, &item.message) {
        (Some((kind, name)), _, _) => Some(t.t_with(
            "deploy.result.skipped",
            &[("type", &type_name(t, kind)), ("other", name)],
        )),
        (None, Some(reason), _) => Some(t.t(&format!("deploy.result.{reason}"))),
        (None, None, Some(message)) => Some(message.clone()),
        _ => None,
    };
    let why = match (why, item.partial) {
        (Some(why), true) => Some(format!("{why} {}", t.t("deploy.result.partly_written"))),
        (why, _) => why,
    };
    let head = format!(
        "{} \u{201c}{}\u{201d}: {word}",
        type_name(t, &item.kind),
        item.name
    );
    match why {
        Some(why) => format!("{head} ({why})"),
        None => head,
    }
}

/// The last 50 deploys and undos, and the undo of the latest deploy.
#[component]
pub fn History(props: &HistoryProps) -> Html {
    let t = use_i18n();
    let session = use_session();
    let log = record::read_log(props.settings.get("deploy_log"));
    let undo_meta = record::read_undo(props.settings.get("deploy_undo")).map(|(m, _)| m);
    let undo = use_screen(Undo::default);
    let restore = use_screen(Restore::default);
    let run_undo = {
        let (session, dispatcher) = (session.clone(), undo.dispatcher());
        use_action(
            move |()| {
                let (session, dispatcher) = (session.clone(), dispatcher.clone());
                async move {
                    let now = js_sys::Date::now();
                    let by = session.user.name().to_string();
                    let at = deskset_domain::time::iso8601((now / 1000.0) as i64);
                    dispatcher.dispatch(UndoAction::Progress {
                        done: 0,
                        total: 0,
                        current: None,
                    });
                    edge::undo(&session.api, &session.store(), by, at, &|a| {
                        dispatcher.dispatch(a)
                    })
                    .await;
                    Ok::<(), ()>(())
                }
            },
            props.on_changed.clone(),
        )
    };
    // A backup read: its restore takes the history's place until it is closed.
    if let Restore::Review { backup, file } = &restore.0 {
        let origin = Origin::Backup {
            backup: backup.clone(),
            file: file.as_str().into(),
        };
        let on_close = {
            let (restore, changed) = (restore.clone(), props.on_changed.clone());
            Callback::from(move |()| {
                restore.dispatch(RestoreAction::Close);
                changed.emit(());
            })
        };
        return html! { <ReviewPanel {origin} {on_close} /> };
    }
    let restore_view = restore_picker(&t, &restore, &session.subdomain);
    // Undo is offered for the latest deploy only, when its undo data is there.
    let undoable = record::undoable(&log, undo_meta.as_ref());
    let ask = {
        let undo = undo.clone();
        Callback::from(move |_: MouseEvent| undo.dispatch(UndoAction::Ask))
    };
    let cancel = {
        let undo = undo.clone();
        Callback::from(move |_: MouseEvent| undo.dispatch(UndoAction::Cancel))
    };
    let confirm = {
        let run = run_undo.run.clone();
        Callback::from(move |_: MouseEvent| run.emit(()))
    };
    let undo_view = match &undo.0 {
        Undo::Idle => html! {
            if undoable {
                <button type="button" class="c-btn" data-testid="undo-last" onclick={ask}>{ t.t("deploy.undo_last") }</button>
            }
        },
        Undo::Confirming => html! {
            <div class="c-callout c-callout--warning ds-callout" data-state="confirm-undo" role="alertdialog" aria-labelledby="ds-undo-q">
                <strong class="c-callout__title" id="ds-undo-q">{ t.t("deploy.undo_confirm_title") }</strong>
                <p class="c-callout__paragraph">{ t.t("deploy.undo_confirm") }</p>
                <div class="ds-toolbar">
                    <button type="button" class="c-btn c-btn--danger" data-testid="confirm-undo" onclick={confirm}>{ t.t("deploy.undo_last") }</button>
                    <button type="button" class="c-btn c-btn--basic" onclick={cancel}>{ t.t("common.cancel") }</button>
                </div>
            </div>
        },
        Undo::Running {
            done,
            total,
            current,
        } => progress(&t, "undo-progress", *done, *total, current),
        Undo::Failed(said) => {
            let (title, detail) = describe_error(&t, said);
            Callout::new(Tone::Error, "undo-failed", t.t("deploy.undo_failed"))
                .body(title)
                .detail(detail)
                .render(&t)
        }
        Undo::Finished { results, history } => html! {
            <div data-testid="undo-report" data-state="undone">
                <h3 class="ds-subtitle">{ t.t("deploy.undo_report_title") }</h3>
                if let Some(said) = history {
                    { {
                        let (title, detail) = describe_error(&t, said);
                        Callout::new(Tone::Error, "history-unsaved", t.t("deploy.history_unsaved")).body(title).detail(detail).render(&t)
                    } }
                }
                <ul class="ds-lines">
                    { for results.iter().map(|(step, result)| {
                        let (key, text) = undo_result(&t, step, result);
                        let what = match step.action { UndoWhat::Delete { .. } => "delete", UndoWhat::Restore { .. } => "restore", _ => "none" };
                        html! {
                            <li data-step={format!("{}:{}", step.spec.key, step.name)} data-result={key} data-undo={what}>
                                <span class="ds-type">{ type_name(&t, step.spec.key) }</span>{ " " }
                                <strong>{ step.name.clone() }</strong>{ ": " }{ text }
                            </li>
                        }
                    }) }
                </ul>
            </div>
        },
    };
    html! {
        <section class="ds-panel" data-testid="deploy-history" aria-labelledby="ds-history-title">
            <h2 class="ds-subtitle" id="ds-history-title">{ t.t("deploy.history_title") }</h2>
            { restore_view }
            if log.is_empty() {
                <p class="ds-muted" data-state="no-history">{ t.t("deploy.history_empty") }</p>
            } else {
                { undo_view }
                <ul class="ds-config-list">
                    { for log.iter().map(|e| html! {
                        <li class="ds-config" data-entry={e.meta.id.clone()} data-kind={e.kind.clone()}>
                            <details>
                                <summary>
                                    <strong>{ t.t_with(&format!("deploy.entry.{}", match e.kind.as_str() { "undo" => "undo", record::RESTORE => "restore", _ => "deploy" }), &[("name", &e.meta.configuration), ("source", &e.meta.source)]) }</strong>
                                    <span class="ds-muted">{ [full_date(&t, &e.meta.at), e.meta.by.clone(), counts_text(&t, e)].into_iter().filter(|p| !p.is_empty()).fold(String::new(), |out, p| format!("{out} \u{b7} {p}")) }</span>
                                    if !e.finished {
                                        { " " }<span class="ds-badge ds-result--failed" data-state="unfinished">{ t.t("deploy.unfinished") }</span>
                                    }
                                </summary>
                                if !e.finished {
                                    <p class="ds-muted">{ t.t("deploy.unfinished_explain") }</p>
                                }
                                <ul class="ds-lines">
                                    { for e.items.iter().map(|item| html! {
                                        <li data-result={item.result.clone()}>{ log_item_text(&t, item) }</li>
                                    }) }
                                </ul>
                            </details>
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}

/// A restore refusal in words, naming the type and item it is about.
fn refusal_text(t: &Translator, why: &restore::Refusal) -> String {
    let args: Vec<(&str, String)> = why
        .args()
        .into_iter()
        .map(|(k, v)| match k {
            // A type deskset knows, by its name; another, as the file says it.
            "type" if deskset_domain::deploy::types::spec(&v).is_some() => (k, type_name(t, &v)),
            _ => (k, v),
        })
        .collect();
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    t.t_with(why.i18n_key(), &args)
}

/// "Restore from a backup": the button, then a file picker that is also a drop zone, what is
/// being read, and why the last file was refused. The file's text is checked by the domain.
fn restore_picker(
    t: &Translator,
    restore: &UseReducerHandle<Screen<Restore>>,
    subdomain: &str,
) -> Html {
    let (refused, reading) = match &restore.0 {
        Restore::Closed => {
            let open = {
                let restore = restore.clone();
                Callback::from(move |_: MouseEvent| restore.dispatch(RestoreAction::Open))
            };
            return html! {
                <div class="ds-toolbar">
                    <button type="button" class="c-btn" data-testid="restore-open" onclick={open}>{ t.t("deploy.restore.open") }</button>
                </div>
            };
        }
        Restore::Review { .. } => return html! {},
        Restore::Picking { refused } => (refused.as_ref(), false),
        Restore::Reading { .. } => (None, true),
    };
    let read = {
        let (restore, subdomain) = (restore.clone(), subdomain.to_string());
        Callback::from(move |file: web_sys::File| {
            let name = file.name();
            restore.dispatch(RestoreAction::Reading(name.clone()));
            let (restore, subdomain) = (restore.clone(), subdomain.clone());
            later(
                files::text(file),
                Callback::from(move |text: String| {
                    restore.dispatch(RestoreAction::Read {
                        file: name.clone(),
                        result: restore::parse(&text, &subdomain, &edge::fold),
                    })
                }),
            );
        })
    };
    let on_file = {
        let read = read.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            if let Some(file) = files::picked(&input) {
                read.emit(file);
            }
            // The same file picked again (after fixing it) is read again.
            input.set_value("");
        })
    };
    let ondragover = Callback::from(|e: DragEvent| {
        // Without this the browser opens the dropped file itself.
        e.prevent_default();
        if let Some(d) = e.data_transfer() {
            d.set_drop_effect("copy");
        }
    });
    let ondrop = Callback::from(move |e: DragEvent| {
        e.prevent_default();
        if let Some(file) = e
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            read.emit(file);
        }
    });
    let cancel = {
        let restore = restore.clone();
        Callback::from(move |_: MouseEvent| restore.dispatch(RestoreAction::Close))
    };
    html! {
        <div class="ds-restore" data-testid="restore" data-state={if reading { "restore-reading" } else { "restore-picking" }}
            role="group" aria-labelledby="ds-restore-title">
            <h3 class="ds-subtitle" id="ds-restore-title">{ t.t("deploy.restore.pick_title") }</h3>
            <p class="ds-muted">{ t.t("deploy.restore.help") }</p>
            <div class="ds-drop" data-testid="restore-drop" {ondragover} {ondrop}>
                <label class="c-field__label" for="restore-file">{ t.t("deploy.restore.file") }</label>
                <input id="restore-file" type="file" accept=".json,application/json" onchange={on_file} disabled={reading} />
            </div>
            if let Some((file, why)) = refused {
                { Callout::new(Tone::Error, "restore-refused", t.t_with("deploy.restore.refused_title", &[("file", file)]))
                    .body(refusal_text(t, why))
                    .render(t) }
            }
            if reading {
                { loading(t.t("deploy.restore.reading_file")) }
            }
            <div class="ds-toolbar">
                <button type="button" class="c-btn c-btn--basic" data-testid="restore-cancel" onclick={cancel}>{ t.t("common.cancel") }</button>
            </div>
        </div>
    }
}
