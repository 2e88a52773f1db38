//! The Configurations tab (admins): what each shared source offers, read through its share, and
//! this account's own named configurations (name, description, components picked from its
//! custom roles, groups, ticket fields, macros, triggers and views). Nothing here deploys.

use crate::zendesk::account::{own_settings as api_settings, Settings};
use crate::zendesk::configurations::{self as api, SourceError};
use deskset_domain::configurations::{self, Change, Configuration, KINDS};
use deskset_domain::http::HttpError;
use deskset_domain::i18n::Translator;
use deskset_domain::share;
use deskset_web::components::{loaded, loading, Callout, Tone};
use deskset_web::hooks::{use_load, use_load_keeping};
use deskset_web::i18n::{describe_error, use_i18n};
use deskset_web::session::{use_session, Session};
use serde_json::{Map, Value};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

#[component]
pub fn ConfigurationsTab() -> Html {
    let t = use_i18n();
    let session = use_session();
    let (shown, reload) = use_load_keeping({
        let session = session.clone();
        move || api_settings(session)
    });
    let Some(session) = session else {
        return html! {};
    };
    let body = match loaded(&t, &shown, "configurations.loading", &reload) {
        Err(shown) => shown,
        Ok(settings) => {
            let shares = share::shares(settings.get("shares"));
            html! {
                <>
                    <section class="ds-panel" data-testid="shared-configurations" aria-labelledby="ds-shared-title">
                        <h2 class="ds-subtitle" id="ds-shared-title">{ t.t("configurations.shared_title") }</h2>
                        if shares.is_empty() {
                            <p class="ds-muted" data-state="no-shares">{ t.t("configurations.no_shares") }</p>
                        }
                        { for shares.into_iter().map(|entry| html! {
                            <SharedSource key={entry.get("source_url").and_then(Value::as_str).unwrap_or_default().to_owned()}
                                session={session.clone()} entry={Rc::new(entry.clone())} />
                        }) }
                    </section>
                    <OwnConfigurations session={session.clone()} settings={settings.clone()} on_saved={reload.clone()} />
                </>
            }
        }
    };
    html! { <div class="ds-section" data-testid="configurations-tab">{ body }</div> }
}

/// A configuration's components, grouped by kind.
fn components(t: &Translator, c: &Configuration) -> Html {
    let all = c.components();
    html! {
        <dl class="ds-components">
            { for KINDS.iter().filter_map(|k| {
                let names: Vec<&str> = all.iter().filter(|(kind, _)| kind == k.key).map(|(_, n)| n.as_str()).collect();
                (!names.is_empty()).then(|| html! {
                    <>
                        <dt>{ t.t(&format!("configurations.kinds.{}", k.key)) }</dt>
                        <dd>{ names.join(", ") }</dd>
                    </>
                })
            }) }
        </dl>
    }
}

#[derive(Properties, PartialEq)]
struct SharedProps {
    session: Rc<Session>,
    entry: Rc<Map<String, Value>>,
}

#[component]
fn SharedSource(props: &SharedProps) -> Html {
    let t = use_i18n();
    let (session, entry) = (props.session.clone(), props.entry.clone());
    let state = use_state(|| None::<Result<Vec<Configuration>, SourceError>>);
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        use_effect_with((props.entry.clone(), *attempt), move |_| {
            state.set(None);
            spawn_local(async move { state.set(Some(api::shared(&session.api, &entry).await)) });
        });
    }
    let retry = Callback::from(move |()| attempt.set(*attempt + 1));
    let source = props
        .entry
        .get("source_url")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let body = match &*state {
        None => loading(t.t("configurations.loading_source")),
        Some(Ok(list)) if list.is_empty() => html! {
            <p class="ds-muted" data-state="empty">{ t.t("configurations.source_empty") }</p>
        },
        Some(Ok(list)) => html! {
            <ul class="ds-config-list" data-state="ready">
                { for list.iter().map(|c| html! {
                    <li class="ds-config" data-name={c.name().to_string()}>
                        <strong>{ c.name() }</strong>
                        if !c.description().is_empty() {
                            <p class="ds-muted">{ c.description() }</p>
                        }
                        { components(&t, c) }
                    </li>
                }) }
            </ul>
        },
        Some(Err(e)) => {
            let (state, key) = match e {
                SourceError::Refused => ("refused", "configurations.source_refused"),
                SourceError::NotAdmin => ("not-admin", "configurations.source_not_admin"),
                SourceError::Gone => ("gone", "configurations.source_gone"),
                SourceError::Broken => ("error", "configurations.source_broken"),
                SourceError::Http(_) => ("error", "configurations.source_error"),
            };
            let detail = match e {
                SourceError::Http(h) => describe_error(&t, h).1.or(Some(t.t(h.i18n_key()))),
                _ => None,
            };
            Callout::new(Tone::Warning, state, t.t(key))
                .detail(detail)
                .retry(retry)
                .render(&t)
        }
    };
    html! {
        <article class="ds-source" data-source={source.clone()}>
            <h3 class="ds-source__title">{ source }</h3>
            { body }
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct OwnProps {
    session: Rc<Session>,
    settings: Settings,
    on_saved: Callback<()>,
}

/// What the own-configurations section shows.
#[derive(Clone, PartialEq)]
enum Editing {
    None,
    /// The form: a new configuration (`None`) or the one at this index.
    Form(Option<usize>),
    ConfirmDelete(usize),
}

#[component]
fn OwnConfigurations(props: &OwnProps) -> Html {
    let t = use_i18n();
    let list = configurations::read(props.settings.get("configurations"));
    let editing = use_state(|| Editing::None);
    let error = use_state(|| None::<api::ChangeError>);

    let save = {
        let (session, on_saved, editing, error) = (
            props.session.clone(),
            props.on_saved.clone(),
            editing.clone(),
            error.clone(),
        );
        Callback::from(move |change: Change| {
            let Some(id) = session.installation_id else {
                return;
            };
            let (session, on_saved, editing, error) = (
                session.clone(),
                on_saved.clone(),
                editing.clone(),
                error.clone(),
            );
            spawn_local(async move {
                match api::apply_change(&session.api, id, &change).await {
                    Ok(()) => {
                        error.set(None);
                        editing.set(Editing::None);
                        on_saved.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };

    let content = match &*editing {
        Editing::Form(index) => {
            let original = index.and_then(|i| list.get(i).cloned()).unwrap_or_default();
            let on_save = {
                let (save, original) = (
                    save.clone(),
                    index
                        .and_then(|i| list.get(i))
                        .map(|c| c.name().to_string()),
                );
                Callback::from(move |edited: Configuration| {
                    save.emit(Change::Save {
                        original: original.clone(),
                        edited,
                    })
                })
            };
            let cancel = {
                let editing = editing.clone();
                Callback::from(move |()| editing.set(Editing::None))
            };
            html! {
                <ConfigForm session={props.session.clone()} original={Rc::new(original)} others={Rc::new(list.clone())}
                    index={*index} {on_save} on_cancel={cancel} />
            }
        }
        _ => {
            let new = {
                let editing = editing.clone();
                Callback::from(move |_: MouseEvent| editing.set(Editing::Form(None)))
            };
            html! {
                <>
                    if list.is_empty() {
                        <p class="ds-muted" data-state="no-configurations">{ t.t("configurations.none_yet") }</p>
                    }
                    <ul class="ds-config-list" data-testid="own-configurations">
                        { for list.iter().enumerate().map(|(i, c)| {
                            let edit = { let editing = editing.clone(); Callback::from(move |_: MouseEvent| editing.set(Editing::Form(Some(i)))) };
                            let ask = { let editing = editing.clone(); Callback::from(move |_: MouseEvent| editing.set(Editing::ConfirmDelete(i))) };
                            let cancel = { let editing = editing.clone(); Callback::from(move |_: MouseEvent| editing.set(Editing::None)) };
                            let delete = {
                                let (save, name) = (save.clone(), c.name().to_string());
                                Callback::from(move |_: MouseEvent| save.emit(Change::Delete(name.clone())))
                            };
                            let confirming = *editing == Editing::ConfirmDelete(i);
                            html! {
                                <li class="ds-config" data-name={c.name().to_string()}>
                                    <strong>{ c.name() }</strong>
                                    if !c.description().is_empty() {
                                        <p class="ds-muted">{ c.description() }</p>
                                    }
                                    { components(&t, c) }
                                    <div class="ds-toolbar">
                                        if confirming {
                                            <span class="ds-muted">{ t.t_with("configurations.delete_confirm", &[("name", c.name())]) }</span>
                                            <button type="button" class="c-btn c-btn--sm c-btn--danger" data-testid="confirm-delete-configuration" onclick={delete}>{ t.t("configurations.delete") }</button>
                                            <button type="button" class="c-btn c-btn--sm c-btn--basic" onclick={cancel}>{ t.t("common.cancel") }</button>
                                        } else {
                                            <button type="button" class="c-btn c-btn--sm" aria-label={t.t_with("configurations.edit_label", &[("name", c.name())])} onclick={edit}>{ t.t("configurations.edit") }</button>
                                            <button type="button" class="c-btn c-btn--sm c-btn--basic" aria-label={t.t_with("configurations.delete_label", &[("name", c.name())])} onclick={ask}>{ t.t("configurations.delete") }</button>
                                        }
                                    </div>
                                </li>
                            }
                        }) }
                    </ul>
                    <button type="button" class="c-btn c-btn--primary" data-testid="new-configuration" onclick={new}>
                        { t.t("configurations.new") }
                    </button>
                </>
            }
        }
    };
    html! {
        <section class="ds-panel" data-testid="own-configurations-section" aria-labelledby="ds-own-title">
            <h2 class="ds-subtitle" id="ds-own-title">{ t.t("configurations.own_title") }</h2>
            <p class="ds-muted">{ t.t("configurations.own_explain") }</p>
            { match &*error {
                Some(api::ChangeError::Http(e)) => {
                    let (title, detail) = describe_error(&t, e);
                    Callout::new(Tone::Error, "error", title).detail(detail).render(&t)
                }
                Some(api::ChangeError::Problem(p)) => Callout::new(Tone::Error, "invalid", t.t(p.i18n_key())).render(&t),
                None => html! {},
            } }
            { content }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    session: Rc<Session>,
    original: Rc<Configuration>,
    others: Rc<Vec<Configuration>>,
    index: Option<usize>,
    on_save: Callback<Configuration>,
    on_cancel: Callback<()>,
}

#[component]
fn ConfigForm(props: &FormProps) -> Html {
    let t = use_i18n();
    let draft = use_state(|| (*props.original).clone());
    let problem = use_state(|| None::<configurations::Problem>);
    let session = props.session.clone();
    let (names, retry) = use_load(move || async move {
        let client = &session.api;
        let lists = futures::future::join_all(KINDS.iter().map(|k| async move {
            match api::names(client, k).await {
                // Not on this plan (custom roles need Enterprise) or not for this user: none to pick.
                Err(HttpError::Status {
                    status: 403 | 404, ..
                }) => Ok(Vec::new()),
                other => other,
            }
        }))
        .await;
        lists
            .into_iter()
            .collect::<Result<Vec<Vec<String>>, HttpError>>()
    });
    let on_name = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let mut d = (*draft).clone();
            d.set_name(&e.target_unchecked_into::<HtmlInputElement>().value());
            draft.set(d);
        })
    };
    let on_description = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let mut d = (*draft).clone();
            d.set_description(&e.target_unchecked_into::<HtmlTextAreaElement>().value());
            draft.set(d);
        })
    };
    let on_submit = {
        let (draft, problem, others, index, on_save) = (
            draft.clone(),
            problem.clone(),
            props.others.clone(),
            props.index,
            props.on_save.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match configurations::validate(&draft, &others, index) {
                Ok(()) => {
                    problem.set(None);
                    let mut d = (*draft).clone();
                    let name = d.name().trim().to_string();
                    d.set_name(&name);
                    on_save.emit(d);
                }
                Err(p) => problem.set(Some(p)),
            }
        })
    };
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let pickers = match loaded(&t, &*names, "configurations.loading_items", &retry) {
        Err(shown) => shown,
        Ok(lists) => html! {
            <>
                { for KINDS.iter().zip(lists.iter()).map(|(kind, items)| html! {
                    <fieldset class="ds-perm-group" data-kind={kind.key}>
                        <legend class="ds-perm-group__title">{ t.t(&format!("configurations.kinds.{}", kind.key)) }</legend>
                        if items.is_empty() {
                            <p class="ds-muted">{ t.t("configurations.kind_empty") }</p>
                        }
                        { for items.iter().enumerate().map(|(i, name)| {
                            let id = format!("cfg-{}-{i}", kind.key);
                            let checked = draft.has(kind.key, name);
                            let onchange = {
                                let (draft, key, name) = (draft.clone(), kind.key, name.clone());
                                Callback::from(move |e: Event| {
                                    let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                                    let mut d = (*draft).clone();
                                    d.toggle(key, &name, on);
                                    draft.set(d);
                                })
                            };
                            html! {
                                <div class="c-field ds-check">
                                    <input id={id.clone()} class="c-field__checkbox" type="checkbox" {checked} {onchange} />
                                    <label class="c-field__label" for={id}>{ name }</label>
                                </div>
                            }
                        }) }
                    </fieldset>
                }) }
            </>
        },
    };
    let name_problem = matches!(
        *problem,
        Some(configurations::Problem::NameRequired | configurations::Problem::NameTaken)
    );
    html! {
        <form class="ds-role-form" data-state="configuration-form" onsubmit={on_submit} novalidate=true>
            <div class={classes!("c-field", "ds-field", name_problem.then_some("c-field--error"))} data-field="name">
                <label class="c-field__label" for="configuration-name">{ t.t("configurations.field_name") }</label>
                <input id="configuration-name" class="c-field__input" type="text" value={draft.name().to_string()}
                    oninput={on_name} aria-invalid={name_problem.to_string()} />
                if let Some(p) = (*problem).filter(|_| name_problem) {
                    <p class="c-field__message ds-error" role="alert">{ t.t(p.i18n_key()) }</p>
                }
            </div>
            <div class="c-field ds-field">
                <label class="c-field__label" for="configuration-description">{ t.t("configurations.field_description") }</label>
                <textarea id="configuration-description" class="c-field__input c-field__input--area" rows="2"
                    value={draft.description().to_string()} oninput={on_description} />
            </div>
            { pickers }
            if *problem == Some(configurations::Problem::NoComponents) {
                <p class="ds-error" data-field="components" role="alert">{ t.t(configurations::Problem::NoComponents.i18n_key()) }</p>
            }
            <div class="ds-toolbar">
                <button type="submit" class="c-btn c-btn--primary" data-testid="save-configuration">{ t.t("configurations.save") }</button>
                <button type="button" class="c-btn c-btn--basic" onclick={cancel}>{ t.t("common.cancel") }</button>
            </div>
        </form>
    }
}
