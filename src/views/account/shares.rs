//! Shares: the accounts this one reads configurations from (list, remove), and the form that
//! adds one (the source's checks and the exchange for a read-only token are the edge's).

use super::{now_secs, SectionProps};
use crate::zendesk::shares::{self as edge, AddError, Adder, NewShare};
use deskset_domain::i18n::Translator;
use deskset_domain::screens::account::{Shares, SharesAction};
use deskset_domain::share::{self, Share, ShareProblem};
use deskset_domain::time::iso8601;
use deskset_web::components::{Callout, Tone};
use deskset_web::hooks::{use_action, use_screen};
use deskset_web::i18n::{describe_error, full_date, relative_time, use_i18n};
use deskset_web::session::use_session;
use web_sys::HtmlInputElement;
use yew::prelude::*;

fn input_value(node: &NodeRef) -> String {
    node.cast::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

#[component]
pub(super) fn SharesSection(props: &SectionProps) -> Html {
    let t = use_i18n();
    let session = use_session();
    let list = share::shares(props.settings.get("shares"));
    let state = use_screen(Shares::default);
    let (url_ref, user_ref, token_ref) = (use_node_ref(), use_node_ref(), use_node_ref());

    let add = {
        let (session, on_screen) = (session.clone(), list.clone());
        let done = {
            let (state, on_saved) = (state.clone(), props.on_saved.clone());
            let fields = [url_ref.clone(), user_ref.clone(), token_ref.clone()];
            Callback::from(move |origin: String| {
                // The token leaves the page: nothing keeps it after this.
                for node in &fields {
                    if let Some(input) = node.cast::<HtmlInputElement>() {
                        input.set_value("");
                    }
                }
                state.dispatch(SharesAction::Added(origin));
                on_saved.emit(());
            })
        };
        use_action(
            move |form: NewShare| {
                let (session, on_screen) = (session.clone(), on_screen.clone());
                async move {
                    let store = session.store();
                    let adder = Adder {
                        subdomain: &session.subdomain,
                        email: session.user.email().unwrap_or_default(),
                        now: iso8601(now_secs()),
                    };
                    edge::add(&session.api, &store, adder, &on_screen, form).await
                }
            },
            done,
        )
    };
    let remove = {
        let session = session.clone();
        let done = {
            let (state, on_saved) = (state.clone(), props.on_saved.clone());
            Callback::from(move |(source, revoked)| {
                state.dispatch(SharesAction::Removed(source, revoked));
                on_saved.emit(());
            })
        };
        use_action(
            move |source: String| {
                let session = session.clone();
                async move {
                    let store = session.store();
                    let revoked = edge::remove(&session.api, &store, &source).await?;
                    Ok::<_, deskset_web::store::StoreError>((source, revoked))
                }
            },
            done,
        )
    };
    // The confirmation takes the focus from the Remove button it replaces.
    let confirm_button = use_node_ref();
    {
        let confirm_button = confirm_button.clone();
        use_effect_with(state.confirm.clone(), move |asked| {
            if asked.is_some() {
                if let Some(button) = confirm_button.cast::<web_sys::HtmlElement>() {
                    let _ = button.focus();
                }
            }
        });
    }

    let on_submit = {
        let (state, run) = (state.clone(), add.run.clone());
        let (url_ref, user_ref, token_ref) = (url_ref.clone(), user_ref.clone(), token_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            state.dispatch(SharesAction::Submitted);
            run.emit(NewShare {
                url: input_value(&url_ref),
                username: input_value(&user_ref),
                token: input_value(&token_ref),
            });
        })
    };

    let refusal = match &add.error {
        Some(AddError::Refused(p)) => Some(p),
        _ => None,
    };
    let field_of = |field: &str| refusal.filter(|p| p.field() == Some(field));
    let field_error = |field: &str| -> Html {
        match field_of(field) {
            Some(p) => html! {
                <p class="c-field__message ds-error" id={format!("share-{field}-error")} role="alert">{ t.t(p.i18n_key()) }</p>
            },
            None => html! {},
        }
    };
    // The hint, and the error when there is one, describe each field.
    let described = |field: &str, hint: &str| -> String {
        match field_of(field) {
            Some(_) => format!("{hint} share-{field}-error"),
            None => hint.to_string(),
        }
    };
    let invalid = |field: &str| field_of(field).is_some();
    let form_notice = match (&add.error, &state.added) {
        (Some(AddError::Refused(p)), _) if p.field().is_none() => refused_callout(&t, p),
        (Some(e @ (AddError::Failed(_) | AddError::TokenLeft(_))), _) => {
            let (title, detail) = describe_error(&t, e);
            Callout::new(Tone::Error, "error", title)
                .detail(detail)
                .render(&t)
        }
        (None, Some(origin)) => Callout::new(
            Tone::Info,
            "share-added",
            t.t_with("account.share_added", &[("source", origin)]),
        )
        .render(&t),
        _ => html! {},
    };
    let checking = add.busy;
    let full = share::is_full(&list);
    let ask = {
        let state = state.clone();
        Callback::from(move |action: SharesAction| state.dispatch(action))
    };
    let rows = list.iter().map(|s| {
        share_row(
            &t,
            s,
            state.confirm.as_deref() == Some(s.source_url.as_str()),
            &ask,
            &remove.run,
            remove.busy,
            &confirm_button,
        )
    });
    let removal_notice = state.removal_notice().map(|(data_state, key)| {
        let source = state
            .removed
            .as_ref()
            .map(|(s, _)| s.as_str())
            .unwrap_or_default();
        Callout::new(
            Tone::Warning,
            data_state,
            t.t_with(key, &[("source", source)]),
        )
        .render(&t)
    });

    html! {
        <section class="ds-panel" data-testid="shares" aria-labelledby="ds-shares-title">
            <h2 class="ds-subtitle" id="ds-shares-title">{ t.t("account.shares_title") }</h2>
            if let Some(e) = &remove.error {
                { Callout::new(Tone::Error, "error", describe_error(&t, e).0).detail(describe_error(&t, e).1).render(&t) }
            }
            if let Some(notice) = removal_notice {
                { notice }
            }
            if list.is_empty() {
                <p class="ds-muted" data-state="no-shares">{ t.t("account.no_shares") }</p>
            } else {
                <table class="c-table ds-table" data-testid="shares-table">
                    <thead>
                        <tr class="c-table__row c-table__row--header">
                            <th scope="col" class="c-table__row__cell">{ t.t("account.col_source") }</th>
                            <th scope="col" class="c-table__row__cell">{ t.t("account.col_username") }</th>
                            <th scope="col" class="c-table__row__cell">{ t.t("account.col_added_by") }</th>
                            <th scope="col" class="c-table__row__cell">{ t.t("account.col_added") }</th>
                            <th scope="col" class="c-table__row__cell"><span class="ds-visually-hidden">{ t.t("account.col_actions") }</span></th>
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            }
            <h3 class="ds-subtitle">{ t.t("account.add_title") }</h3>
            if full {
                <p class="ds-muted" data-state="shares-full">{ t.t("share_errors.too_many") }</p>
            }
            { form_notice }
            <form class="ds-share-form" data-testid="add-share" onsubmit={on_submit} novalidate=true>
                <div class={classes!("c-field", "ds-field", invalid("url").then_some("c-field--error"))} data-field="url">
                    <label class="c-field__label" for="share-url">{ t.t("account.field_url") }</label>
                    <p class="c-field__hint" id="share-url-hint">{ t.t("account.field_url_hint") }</p>
                    <input id="share-url" readonly={checking} ref={url_ref} class="c-field__input"
                        type="text" inputmode="url" autocomplete="off" spellcheck="false"
                        aria-describedby={described("url", "share-url-hint")} aria-invalid={invalid("url").to_string()} />
                    { field_error("url") }
                </div>
                <div class={classes!("c-field", "ds-field", invalid("username").then_some("c-field--error"))} data-field="username">
                    <label class="c-field__label" for="share-username">{ t.t("account.field_username") }</label>
                    <p class="c-field__hint" id="share-username-hint">{ t.t("account.field_username_hint") }</p>
                    <input id="share-username" readonly={checking} ref={user_ref} class="c-field__input"
                        type="email" autocomplete="off" spellcheck="false"
                        aria-describedby={described("username", "share-username-hint")} aria-invalid={invalid("username").to_string()} />
                    { field_error("username") }
                </div>
                <div class={classes!("c-field", "ds-field", invalid("token").then_some("c-field--error"))} data-field="token">
                    <label class="c-field__label" for="share-token">{ t.t("account.field_token") }</label>
                    <input id="share-token" readonly={checking} ref={token_ref} class="c-field__input"
                        type="password" autocomplete="off" spellcheck="false"
                        aria-describedby={described("token", "share-token-help")} aria-invalid={invalid("token").to_string()} />
                    { field_error("token") }
                </div>
                <details class="ds-help-panel" id="share-token-help">
                    <summary>{ t.t("account.help_title") }</summary>
                    <ul>
                        <li>{ t.t("account.help_where") }</li>
                        <li>{ t.t("account.help_enable") }</li>
                        <li>{ t.t("account.help_new") }</li>
                        <li>{ t.t("account.help_who") }</li>
                        <li>{ t.t("account.help_exchange") }</li>
                    </ul>
                </details>
                <button type="submit" class="c-btn c-btn--primary" data-testid="add-share-submit" aria-disabled={(checking || full).to_string()}>
                    { if checking { t.t("account.checking") } else { t.t("account.add_submit") } }
                </button>
            </form>
        </section>
    }
}

/// A refusal about the form as a whole, with Zendesk's words when it gave any.
fn refused_callout(t: &Translator, problem: &ShareProblem) -> Html {
    let words = match problem {
        ShareProblem::OAuthInvalid(Some(words)) => {
            Some(t.t_with("common.zendesk_says", &[("message", words)]))
        }
        _ => None,
    };
    Callout::new(Tone::Error, "share-refused", t.t(problem.i18n_key()))
        .detail(words)
        .render(t)
}

fn share_row(
    t: &Translator,
    s: &Share,
    confirming: bool,
    dispatch: &Callback<SharesAction>,
    remove: &Callback<String>,
    removing: bool,
    confirm_button: &NodeRef,
) -> Html {
    let source = s.source_url.clone();
    let ask = {
        let source = source.clone();
        dispatch.reform(move |_: MouseEvent| SharesAction::AskRemove(source.clone()))
    };
    let cancel = dispatch.reform(|_: MouseEvent| SharesAction::CancelRemove);
    let confirm = {
        let source = source.clone();
        remove.reform(move |_: MouseEvent| source.clone())
    };
    let created = &s.created_at;
    html! {
        <tr data-source={source.clone()}>
            <th scope="row" class="c-table__row__cell ds-name">{ &source }</th>
            <td class="c-table__row__cell">{ &s.username }</td>
            <td class="c-table__row__cell">{ &s.created_by }</td>
            <td class="c-table__row__cell">
                if !created.is_empty() {
                    <time datetime={created.clone()} title={full_date(t, created)}>{ relative_time(t, created) }</time>
                }
            </td>
            <td class="c-table__row__cell">
                if confirming {
                    <span role="group" aria-label={t.t_with("account.remove_confirm", &[("source", &source)])}>
                        <span class="ds-muted">{ t.t_with("account.remove_confirm", &[("source", &source)]) }{ " " }</span>
                        <button type="button" class="c-btn c-btn--sm c-btn--danger" data-testid="confirm-remove" ref={confirm_button.clone()}
                            aria-disabled={removing.to_string()} onclick={confirm}>{ t.t("account.remove_yes") }</button>
                        { " " }
                        <button type="button" class="c-btn c-btn--sm c-btn--basic" onclick={cancel}>{ t.t("common.cancel") }</button>
                    </span>
                } else {
                    <button type="button" class="c-btn c-btn--sm c-btn--basic"
                        aria-label={t.t_with("account.remove_label", &[("source", &source)])}
                        onclick={ask}>{ t.t("account.remove") }</button>
                }
            </td>
        </tr>
    }
}
