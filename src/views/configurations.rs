//! The Configurations tab (admins): what each shared source offers, read through its share, and
//! this account's own named configurations (name, description, components picked from its
//! custom roles, groups, ticket fields, macros, triggers and views); a shared configuration's
//! deploy (`views::deploy`) and the deploy history.

use crate::views::deploy::{DeployPanel, History};
use crate::zendesk::configurations::{self as edge, ChangeError};
use deskset_domain::configurations::{self, Change, Configuration, Problem, KINDS};
use deskset_domain::i18n::Translator;
use deskset_domain::screens::configurations::{Editing, Form, FormAction, Own, Shown};
use deskset_domain::share::{self, Share};
use deskset_web::components::{loaded, reload_failed, Callout, Tone};
use deskset_web::hooks::{use_action, use_load, use_screen, use_settings, Load};
use deskset_web::i18n::{describe_error, use_i18n};
use deskset_web::session::use_session;
use deskset_web::store::Settings;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[component]
pub fn ConfigurationsTab() -> Html {
    let t = use_i18n();
    let (shown, reload) = use_settings();
    let view = use_screen(Shown::default);
    let body = match loaded(&t, &shown, "configurations.loading", &reload) {
        Err(shown) => shown,
        Ok(_) if matches!(&view.0, Shown::Deploy(..)) => {
            let Shown::Deploy(share, configuration) = view.0.clone() else {
                return html! {};
            };
            let on_close = {
                let (view, reload) = (view.clone(), reload.clone());
                Callback::from(move |()| {
                    view.dispatch(Shown::Lists);
                    reload.emit(());
                })
            };
            html! { <DeployPanel {share} {configuration} {on_close} /> }
        }
        Ok(settings) => {
            let shares = share::shares(settings.get("shares"));
            let on_deploy = {
                let view = view.clone();
                Callback::from(move |(share, c): (Rc<Share>, Rc<Configuration>)| {
                    view.dispatch(Shown::Deploy(share, c))
                })
            };
            html! {
                <>
                    <section class="ds-panel" data-testid="shared-configurations" aria-labelledby="ds-shared-title">
                        <h2 class="ds-subtitle" id="ds-shared-title">{ t.t("configurations.shared_title") }</h2>
                        if shares.is_empty() {
                            <p class="ds-muted" data-state="no-shares">{ t.t("configurations.no_shares") }</p>
                        }
                        { for shares.into_iter().map(|entry| {
                            let key = entry.source_url.clone();
                            html! { <SharedSource {key} entry={Rc::new(entry)} on_deploy={on_deploy.clone()} /> }
                        }) }
                    </section>
                    <History settings={settings.clone()} on_changed={reload.clone()} />
                    <OwnConfigurations settings={settings.clone()} on_saved={reload.clone()} />
                </>
            }
        }
    };
    html! {
        <div class="ds-section" data-testid="configurations-tab">
            { reload_failed(&t, &shown, &reload) }
            { body }
        </div>
    }
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
    entry: Rc<Share>,
    /// "Review deploy" of one of its configurations.
    on_deploy: Callback<(Rc<Share>, Rc<Configuration>)>,
}

#[component]
fn SharedSource(props: &SharedProps) -> Html {
    let t = use_i18n();
    let session = use_session();
    let (state, retry) = use_load(
        (session, props.entry.clone()),
        false,
        |(s, entry)| async move { edge::shared(&s.api, &entry).await },
    );
    let source = props.entry.source_url.clone();
    let body = match &state {
        Load::Loading => deskset_web::components::loading(t.t("configurations.loading_source")),
        Load::Ready(list) | Load::Stale(list, _) if list.is_empty() => html! {
            <p class="ds-muted" data-state="empty">{ t.t("configurations.source_empty") }</p>
        },
        Load::Ready(list) | Load::Stale(list, _) => html! {
            <ul class="ds-config-list" data-state="ready">
                { for list.iter().map(|c| {
                    let review = {
                        let (on_deploy, entry, c) = (props.on_deploy.clone(), props.entry.clone(), Rc::new(c.clone()));
                        Callback::from(move |_: MouseEvent| on_deploy.emit((entry.clone(), c.clone())))
                    };
                    html! {
                        <li class="ds-config" data-name={c.name().to_string()}>
                            <strong>{ c.name() }</strong>
                            if !c.description().is_empty() {
                                <p class="ds-muted">{ c.description() }</p>
                            }
                            { components(&t, c) }
                            <div class="ds-toolbar">
                                <button type="button" class="c-btn c-btn--sm c-btn--primary" data-testid="review-deploy"
                                    aria-label={t.t_with("deploy.review_label", &[("name", c.name())])} onclick={review}>
                                    { t.t("deploy.review") }
                                </button>
                            </div>
                        </li>
                    }
                }) }
            </ul>
        },
        Load::Failed(e) => {
            let state = match e {
                edge::SourceError::Refused => "refused",
                edge::SourceError::NotAdmin => "not-admin",
                edge::SourceError::Gone => "gone",
                edge::SourceError::Broken | edge::SourceError::Http(_) => "error",
            };
            let detail = match e {
                edge::SourceError::Http(h) => describe_error(&t, h).1.or(Some(t.t(h.i18n_key()))),
                _ => None,
            };
            Callout::new(Tone::Warning, state, describe_error(&t, e).0)
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
    settings: Rc<Settings>,
    on_saved: Callback<()>,
}

#[component]
fn OwnConfigurations(props: &OwnProps) -> Html {
    let t = use_i18n();
    let session = use_session();
    let list = configurations::read(props.settings.get("configurations"));
    let own = use_screen(Own::default);
    // One change at a time: a second click on Save while the first is on its way is ignored
    // (it would find the name taken by the first).
    let save = {
        let done = {
            let (own, on_saved) = (own.clone(), props.on_saved.clone());
            Callback::from(move |()| {
                own.dispatch(Editing::None);
                on_saved.emit(());
            })
        };
        use_action(
            move |change: Change| {
                let session = session.clone();
                async move { edge::apply_change(&session.store(), &change).await }
            },
            done,
        )
    };
    let go = |to: Editing| {
        let own = own.clone();
        Callback::from(move |_: MouseEvent| own.dispatch(to))
    };

    let content = match own.editing {
        Editing::Form(index) => {
            let cancel = {
                let own = own.clone();
                Callback::from(move |()| own.dispatch(Editing::None))
            };
            let original = index.and_then(|i| list.get(i).cloned()).unwrap_or_default();
            let on_save = {
                let (run, original) = (
                    save.run.clone(),
                    index
                        .and_then(|i| list.get(i))
                        .map(|c| c.name().to_string()),
                );
                Callback::from(move |edited: Configuration| {
                    run.emit(Change::Save {
                        original: original.clone(),
                        edited,
                    })
                })
            };
            html! {
                <ConfigForm original={Rc::new(original)} others={Rc::new(list.clone())}
                    index={index} {on_save} saving={save.busy}
                    on_cancel={cancel} />
            }
        }
        editing => html! {
            <>
                if list.is_empty() {
                    <p class="ds-muted" data-state="no-configurations">{ t.t("configurations.none_yet") }</p>
                }
                <ul class="ds-config-list" data-testid="own-configurations">
                    { for list.iter().enumerate().map(|(i, c)| {
                        let delete = {
                            let (run, name) = (save.run.clone(), c.name().to_string());
                            Callback::from(move |_: MouseEvent| run.emit(Change::Delete(name.clone())))
                        };
                        let confirming = editing == Editing::ConfirmDelete(i);
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
                                        <button type="button" class="c-btn c-btn--sm c-btn--danger" data-testid="confirm-delete-configuration"
                                            aria-disabled={save.busy.to_string()} onclick={delete}>{ t.t("configurations.delete") }</button>
                                        <button type="button" class="c-btn c-btn--sm c-btn--basic" onclick={go(Editing::None)}>{ t.t("common.cancel") }</button>
                                    } else {
                                        <button type="button" class="c-btn c-btn--sm" aria-label={t.t_with("configurations.edit_label", &[("name", c.name())])}
                                            onclick={go(Editing::Form(Some(i)))}>{ t.t("configurations.edit") }</button>
                                        <button type="button" class="c-btn c-btn--sm c-btn--basic" aria-label={t.t_with("configurations.delete_label", &[("name", c.name())])}
                                            onclick={go(Editing::ConfirmDelete(i))}>{ t.t("configurations.delete") }</button>
                                    }
                                </div>
                            </li>
                        }
                    }) }
                </ul>
                <button type="button" class="c-btn c-btn--primary" data-testid="new-configuration" onclick={go(Editing::Form(None))}>
                    { t.t("configurations.new") }
                </button>
            </>
        },
    };
    html! {
        <section class="ds-panel" data-testid="own-configurations-section" aria-labelledby="ds-own-title">
            <h2 class="ds-subtitle" id="ds-own-title">{ t.t("configurations.own_title") }</h2>
            <p class="ds-muted">{ t.t("configurations.own_explain") }</p>
            { match &save.error {
                Some(ChangeError::Failed(e)) => {
                    let (title, detail) = describe_error(&t, e);
                    Callout::new(Tone::Error, "error", title).detail(detail).render(&t)
                }
                Some(ChangeError::Problem(p)) => Callout::new(Tone::Error, "invalid", t.t(p.i18n_key())).render(&t),
                None => html! {},
            } }
            { content }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    original: Rc<Configuration>,
    others: Rc<Vec<Configuration>>,
    index: Option<usize>,
    /// A save is on its way (the button says so and a second click does nothing).
    saving: bool,
    on_save: Callback<Configuration>,
    on_cancel: Callback<()>,
}

#[component]
fn ConfigForm(props: &FormProps) -> Html {
    let t = use_i18n();
    let session = use_session();
    let form = use_screen(|| Form::new((*props.original).clone()));
    let (names, retry) = use_load(
        session,
        false,
        |s| async move { edge::all_names(&s.api).await },
    );
    let on_name = {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            form.dispatch(FormAction::Name(
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ))
        })
    };
    let on_description = {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            form.dispatch(FormAction::Description(
                e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            ))
        })
    };
    let on_submit = {
        let (form, others, index, on_save) = (
            form.clone(),
            props.others.clone(),
            props.index,
            props.on_save.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match form.check(&others, index) {
                Ok(ready) => {
                    form.dispatch(FormAction::Checked(None));
                    on_save.emit(ready);
                }
                Err(p) => form.dispatch(FormAction::Checked(Some(p))),
            }
        })
    };
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let pickers = match loaded(&t, &names, "configurations.loading_items", &retry) {
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
                            let checked = form.draft.has(kind.key, name);
                            let onchange = {
                                let (form, key, name) = (form.clone(), kind.key, name.clone());
                                Callback::from(move |e: Event| {
                                    let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                                    form.dispatch(FormAction::Toggle(key, name.clone(), on));
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
    let name_problem = form.name_problem();
    html! {
        <form class="ds-role-form" data-state="configuration-form" onsubmit={on_submit} novalidate=true>
            <div class={classes!("c-field", "ds-field", name_problem.then_some("c-field--error"))} data-field="name">
                <label class="c-field__label" for="configuration-name">{ t.t("configurations.field_name") }</label>
                <input id="configuration-name" class="c-field__input" type="text" value={form.draft.name().to_string()}
                    oninput={on_name} aria-invalid={name_problem.to_string()} />
                if let Some(p) = form.problem.filter(|_| name_problem) {
                    <p class="c-field__message ds-error" role="alert">{ t.t(p.i18n_key()) }</p>
                }
            </div>
            <div class="c-field ds-field">
                <label class="c-field__label" for="configuration-description">{ t.t("configurations.field_description") }</label>
                <textarea id="configuration-description" class="c-field__input c-field__input--area" rows="2"
                    value={form.draft.description().to_string()} oninput={on_description} />
            </div>
            { pickers }
            if form.problem == Some(Problem::NoComponents) {
                <p class="ds-error" data-field="components" role="alert">{ t.t(Problem::NoComponents.i18n_key()) }</p>
            }
            <div class="ds-toolbar">
                <button type="submit" class="c-btn c-btn--primary" data-testid="save-configuration"
                    aria-disabled={props.saving.to_string()}>
                    { if props.saving { t.t("configurations.saving") } else { t.t("configurations.save") } }
                </button>
                <button type="button" class="c-btn c-btn--basic" onclick={cancel}>{ t.t("common.cancel") }</button>
            </div>
        </form>
    }
}
