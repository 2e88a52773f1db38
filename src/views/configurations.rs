//! The Configurations tab (admins): what each shared source offers, read through its share, and
//! this account's own named configurations (name, description, components picked from its items
//! of each type in `configurations::KINDS`: a tab per type, each list read to its end, filtered
//! and paged by `screens::picker`); a shared configuration's deploy (`views::deploy`) and the
//! deploy history.

use crate::views::deploy::{DeployPanel, History};
use crate::zendesk::configurations::{self as edge, ChangeError};
use deskset_domain::configurations::{
    self, Change, Configuration, Kind, ListError, Problem, KINDS,
};
use deskset_domain::i18n::Translator;
use deskset_domain::screens::configurations::{Editing, Form, FormAction, Own, Shown};
use deskset_domain::screens::picker::{self, Items, Listed, PickerAction};
use deskset_domain::share::{self, Share};
use deskset_web::components::{loaded, loading, reload_failed, Callout, Tabs, Tone};
use deskset_web::hooks::{later, use_action, use_load, use_screen, use_settings, Load, Screen};
use deskset_web::i18n::{count, describe_error, fold, use_i18n};
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
    // Every kind's list is read as the form opens, side by side, each to its end; the form
    // and the kinds already read can be used meanwhile. "Try again" reads one kind again.
    let load = {
        let (form, t) = (form.clone(), t.clone());
        Callback::from(move |kind: &'static Kind| {
            form.dispatch(FormAction::Pick(PickerAction::Load(kind.key)));
            let then = {
                let (form, fold) = (form.clone(), fold(&t));
                Callback::from(move |answer: Result<Vec<String>, ListError>| {
                    let answer = answer.map(|names| Rc::new(Items::new(names, &fold)));
                    form.dispatch(FormAction::Pick(PickerAction::Loaded(kind.key, answer)));
                })
            };
            let read = {
                let form = form.clone();
                Callback::from(move |n: usize| {
                    form.dispatch(FormAction::Pick(PickerAction::Read(kind.key, n)))
                })
            };
            let session = session.clone();
            let names = async move { edge::names(&session.api, kind, &|n| read.emit(n)).await };
            later(names, then);
        })
    };
    {
        let load = load.clone();
        use_effect_with((), move |_| KINDS.iter().for_each(|kind| load.emit(kind)));
    }
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
    let tabs: Vec<(AttrValue, AttrValue)> = KINDS
        .iter()
        .map(|kind| {
            let name = t.t(&format!("configurations.kinds.{}", kind.key));
            let label = match form.selected(kind.key).len() {
                0 => name,
                n => t.t_with(
                    "configurations.picker.tab",
                    &[("kind", &name), ("count", &count(&t, n))],
                ),
            };
            (AttrValue::from(kind.key), AttrValue::from(label))
        })
        .collect();
    let on_show = {
        let form = form.clone();
        Callback::from(move |id: AttrValue| {
            if let Some(kind) = KINDS.iter().find(|k| k.key == id.as_str()) {
                form.dispatch(FormAction::Pick(PickerAction::Show(kind.key)));
            }
        })
    };
    let pickers = html! {
        <div class="ds-picker-kinds">
            <Tabs label={t.t("configurations.picker.kinds_label")} {tabs}
                selected={AttrValue::from(form.picker.shown)} on_select={on_show}>
                { picker_panel(&t, &form, &load) }
            </Tabs>
        </div>
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

/// The shown kind's items: loading, its error with "Try again", or the filter, the count, one
/// page of checkboxes and the pager.
fn picker_panel(
    t: &Translator,
    form: &UseReducerHandle<Screen<Form>>,
    load: &Callback<&'static Kind>,
) -> Html {
    let (Some(kind), Some(spec)) = (
        form.picker.current(),
        configurations::kind(form.picker.shown),
    ) else {
        return html! {};
    };
    let key = kind.key;
    let kind_name = t.t(&format!("configurations.kinds.{key}"));
    let items = match &kind.listed {
        Listed::Loading => {
            let text = match kind.read {
                0 => t.t_with("configurations.picker.loading", &[("kind", &kind_name)]),
                n => t.t_with(
                    "configurations.picker.loading_read",
                    &[("kind", &kind_name), ("count", &count(t, n))],
                ),
            };
            return html! {
                <div class="ds-picker" data-kind={key} data-state="loading">{ loading(text) }</div>
            };
        }
        Listed::Failed(e) => {
            let (title, detail) = describe_error(t, e);
            return html! {
                <div class="ds-picker" data-kind={key} data-state="error">
                    { Callout::new(Tone::Error, "error", title).detail(detail)
                        .retry(load.reform(move |()| spec)).render(t) }
                </div>
            };
        }
        Listed::Ready(items) => items,
    };
    let selected = form.selected(key);
    let unlisted = form.unlisted(key, items);
    let browse = &kind.browse;
    let page = picker::page(items, &unlisted, &selected, browse, fold(t));
    if page.total == 0 {
        return html! {
            <div class="ds-picker" data-kind={key} data-state="empty">
                <p class="ds-muted">{ t.t("configurations.kind_empty") }</p>
            </div>
        };
    }
    let on_filter = {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let query = e.target_unchecked_into::<HtmlInputElement>().value();
            form.dispatch(FormAction::Pick(PickerAction::Filter(key, query)));
        })
    };
    // Enter in the filter finds, it does not save the form.
    let on_filter_key = Callback::from(|e: KeyboardEvent| {
        if e.key() == "Enter" {
            e.prevent_default();
        }
    });
    let on_selected_only = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            form.dispatch(FormAction::Pick(PickerAction::SelectedOnly(key, on)));
        })
    };
    let go = |to: usize| {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            form.dispatch(FormAction::Pick(PickerAction::Page(key, to)))
        })
    };
    let query = browse.query.trim();
    html! {
        <div class="ds-picker" data-kind={key} data-state="ready">
            <div class="ds-picker__bar">
                <div class="c-field ds-filter">
                    <label class="c-field__label" for="picker-filter">{ t.t("configurations.picker.filter") }</label>
                    <input id="picker-filter" class="c-field__input" type="search" autocomplete="off"
                        value={browse.query.clone()} oninput={on_filter} onkeydown={on_filter_key} />
                </div>
                <div class="c-field ds-check">
                    <input id="picker-selected-only" class="c-field__checkbox" type="checkbox"
                        checked={browse.selected_only} onchange={on_selected_only} />
                    <label class="c-field__label" for="picker-selected-only">{ t.t("configurations.picker.selected_only") }</label>
                </div>
            </div>
            <p class="ds-count" aria-live="polite">
                <span data-testid="picker-count" data-matches={page.matches.to_string()} data-total={page.total.to_string()}>
                    { t.t_with("configurations.picker.count", &[("shown", &count(t, page.matches)), ("total", &count(t, page.total))]) }
                </span>
                { " · " }
                <span data-testid="picker-selected" data-count={selected.len().to_string()}>
                    { t.t_with("configurations.picker.selected", &[("count", &count(t, selected.len()))]) }
                </span>
            </p>
            <div class="ds-pick-list" role="group" aria-label={kind_name}>
                { for page.rows.iter().map(|row| {
                    let id = format!("cfg-{key}-{}", row.index);
                    let onchange = {
                        let (form, name) = (form.clone(), row.name.to_string());
                        Callback::from(move |e: Event| {
                            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                            form.dispatch(FormAction::Toggle(key, name.clone(), on));
                        })
                    };
                    html! {
                        <div class="c-field ds-check" key={row.index} data-name={row.name.to_string()}>
                            <input id={id.clone()} class="c-field__checkbox" type="checkbox" checked={row.selected} {onchange} />
                            <label class="c-field__label" for={id}>
                                { row.name }
                                if !row.listed {
                                    <span class="ds-badge">{ t.t("configurations.picker.unlisted") }</span>
                                }
                            </label>
                        </div>
                    }
                }) }
            </div>
            if page.matches == 0 {
                <p class="ds-muted" role="status" data-state="no-match">
                    { if query.is_empty() {
                        t.t("configurations.picker.none_selected")
                    } else {
                        t.t_with("configurations.picker.no_match", &[("query", query)])
                    } }
                </p>
            }
            if page.pages > 1 {
                <nav class="ds-pager" aria-label={t.t("configurations.picker.pages")}>
                    <button type="button" class="c-btn c-btn--sm" data-testid="picker-previous"
                        disabled={!page.has_previous()} onclick={go(page.page.saturating_sub(1))}>
                        { t.t("configurations.picker.previous") }
                    </button>
                    <span data-testid="picker-page" data-page={(page.page + 1).to_string()} data-pages={page.pages.to_string()}>
                        { t.t_with("configurations.picker.page", &[("page", &count(t, page.page + 1)), ("pages", &count(t, page.pages))]) }
                    </span>
                    <button type="button" class="c-btn c-btn--sm" data-testid="picker-next"
                        disabled={!page.has_next()} onclick={go(page.page + 1)}>
                        { t.t("configurations.picker.next") }
                    </button>
                </nav>
            }
        </div>
    }
}
