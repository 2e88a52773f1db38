//! The Account tab (admins): this account's registration with deskset, its shares (add with
//! the source's checks, list, remove), and Zendesk support access.

use crate::zendesk::account as api;
use crate::zendesk::account::{own_settings as api_settings, Settings};
use deskset_domain::http::HttpError;
use deskset_domain::share::{self, Registration, RegistrationState, ShareProblem};
use deskset_domain::support_access::{self, Access, Grant};
use deskset_domain::time::iso8601;
use deskset_web::components::{loaded, Callout, Tone};
use deskset_web::hooks::{use_load, use_load_keeping, Load};
use deskset_web::i18n::{describe_error, full_date, relative_time, use_i18n};
use deskset_web::session::{use_session, Session};
use serde_json::{Map, Value};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The tab: reads deskset's settings once, and each section writes through it.
#[component]
pub fn AccountTab() -> Html {
    let t = use_i18n();
    let session = use_session();
    let (shown, reload) = use_load_keeping({
        let session = session.clone();
        move || api_settings(session)
    });
    let Some(session) = session else {
        return html! {};
    };
    let body = match loaded(&t, &shown, "account.loading", &reload) {
        Err(shown) => shown,
        Ok(settings) => html! {
            <>
                // Keyed by the registration: a new one is checked anew.
                <RegistrationSection key={settings.get("registration").map(|r| r.to_string()).unwrap_or_default()}
                    session={session.clone()} settings={settings.clone()} on_saved={reload.clone()} />
                <SharesSection session={session.clone()} settings={settings.clone()} on_saved={reload.clone()} />
            </>
        },
    };
    html! {
        <div class="ds-section" data-testid="account-tab">
            { body }
            <SupportAccessSection session={session} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SectionProps {
    session: Rc<Session>,
    settings: Settings,
    /// Reads the settings again after a write.
    on_saved: Callback<()>,
}

// ------------------------------------------------------------------ registration

#[component]
fn RegistrationSection(props: &SectionProps) -> Html {
    let t = use_i18n();
    let registration = Registration::read(props.settings.get("registration"));
    let (validity, _) = {
        let session = props.session.clone();
        let registration = registration.clone();
        use_load(move || async move {
            Ok::<_, HttpError>(match registration {
                Some(r) => api::registration_state(&session.api, &r).await,
                None => None,
            })
        })
    };
    let busy = use_state(|| false);
    // One write at a time, whatever render the click comes from.
    let in_flight = use_mut_ref(|| false);
    let error = use_state(|| None::<HttpError>);
    let register = {
        let (session, busy, error, on_saved) = (
            props.session.clone(),
            busy.clone(),
            error.clone(),
            props.on_saved.clone(),
        );
        let in_flight = in_flight.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(id) = session.installation_id else {
                return;
            };
            if std::mem::replace(&mut *in_flight.borrow_mut(), true) {
                return;
            }
            let mine = Registration {
                admin_email: session.user.email().unwrap_or_default().to_string(),
                admin_id: session.user.id(),
                registered_at: Some(iso8601(now_secs())),
            };
            let mut changes = Map::new();
            changes.insert("registration".into(), mine.to_setting());
            let (session, busy, error, on_saved) = (
                session.clone(),
                busy.clone(),
                error.clone(),
                on_saved.clone(),
            );
            busy.set(true);
            let in_flight = in_flight.clone();
            spawn_local(async move {
                let result = api::save(&session.api, id, changes).await;
                *in_flight.borrow_mut() = false;
                busy.set(false);
                match result {
                    Ok(_) => {
                        error.set(None);
                        on_saved.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let (state, text, tone) = match (&registration, &*validity) {
        (None, _) => ("not-registered", t.t("account.not_registered"), Tone::Info),
        (Some(r), Load::Ready(Some(RegistrationState::AdminGone))) => (
            "registration-invalid",
            t.t_with("account.registration_gone", &[("email", &r.admin_email)]),
            Tone::Warning,
        ),
        (Some(r), Load::Ready(Some(RegistrationState::NoLongerAdmin))) => (
            "registration-invalid",
            t.t_with(
                "account.registration_not_admin",
                &[("email", &r.admin_email)],
            ),
            Tone::Warning,
        ),
        (Some(r), _) => {
            let when = r
                .registered_at
                .as_deref()
                .map(|at| full_date(&t, at))
                .unwrap_or_default();
            (
                "registered",
                t.t_with(
                    "account.registered",
                    &[("email", &r.admin_email), ("date", &when)],
                ),
                Tone::Info,
            )
        }
    };
    let label = if registration.is_some() {
        t.t("account.register_again")
    } else {
        t.t("account.register")
    };
    html! {
        <section class="ds-panel" data-testid="registration" data-state={state} aria-labelledby="ds-registration-title">
            <h2 class="ds-subtitle" id="ds-registration-title">{ t.t("account.registration_title") }</h2>
            { Callout::new(tone, state, t.t("account.registration_title")).body(text).render(&t) }
            if let Some(e) = &*error {
                { Callout::new(Tone::Error, "error", describe_error(&t, e).0).detail(describe_error(&t, e).1).render(&t) }
            }
            <button type="button" class="c-btn" data-testid="register" aria-disabled={busy.to_string()}
                onclick={register}>{ label }</button>
        </section>
    }
}

// ------------------------------------------------------------------ shares

#[derive(Clone, PartialEq, Default)]
enum AddState {
    #[default]
    Idle,
    Checking,
    Failed(ShareProblem),
    /// The check passed but saving failed.
    SaveFailed(HttpError),
    Added(String),
}

fn input_value(node: &NodeRef) -> String {
    node.cast::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

#[component]
fn SharesSection(props: &SectionProps) -> Html {
    let t = use_i18n();
    let shares = share::shares(props.settings.get("shares"));
    let add = use_state(AddState::default);
    let confirm = use_state(|| None::<String>);
    // The confirmation takes the focus from the Remove button it replaces.
    let confirm_button = use_node_ref();
    {
        let confirm_button = confirm_button.clone();
        use_effect_with((*confirm).clone(), move |asked| {
            if asked.is_some() {
                if let Some(button) = confirm_button.cast::<web_sys::HtmlElement>() {
                    let _ = button.focus();
                }
            }
        });
    }
    let remove_error = use_state(|| None::<HttpError>);
    let url_ref = use_node_ref();
    let user_ref = use_node_ref();
    let token_ref = use_node_ref();

    // One add at a time, whatever render the click comes from.
    let adding = use_mut_ref(|| false);
    let on_submit = {
        let (session, add, on_saved) = (props.session.clone(), add.clone(), props.on_saved.clone());
        let (url_ref, user_ref, token_ref) = (url_ref.clone(), user_ref.clone(), token_ref.clone());
        let shares = shares.clone();
        let adding = adding.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *adding.borrow() {
                return;
            }
            let (url, username, token) = (
                input_value(&url_ref),
                input_value(&user_ref),
                input_value(&token_ref),
            );
            // The form's own checks first, on what is on screen: no request for a typo.
            if let Err(problem) =
                share::check_form(&url, &username, &token, &session.subdomain, &shares)
            {
                return add.set(AddState::Failed(problem));
            }
            let Some(id) = session.installation_id else {
                return;
            };
            *adding.borrow_mut() = true;
            add.set(AddState::Checking);
            let (session, add, on_saved, adding) = (
                session.clone(),
                add.clone(),
                on_saved.clone(),
                adding.clone(),
            );
            let (url_ref, user_ref, token_ref) =
                (url_ref.clone(), user_ref.clone(), token_ref.clone());
            spawn_local(async move {
                let outcome = api::add_share(&session, id, &url, &username, &token).await;
                *adding.borrow_mut() = false;
                match outcome {
                    Ok(origin) => {
                        // The token leaves the page: nothing keeps it after this.
                        for node in [&url_ref, &user_ref, &token_ref] {
                            if let Some(input) = node.cast::<HtmlInputElement>() {
                                input.set_value("");
                            }
                        }
                        add.set(AddState::Added(origin));
                        on_saved.emit(());
                    }
                    Err(api::AddError::Refused(problem)) => add.set(AddState::Failed(problem)),
                    Err(api::AddError::Failed(e)) => add.set(AddState::SaveFailed(e)),
                }
            });
        })
    };

    let field_error = |field: &str| -> Html {
        match &*add {
            AddState::Failed(p) if p.field() == Some(field) => html! {
                <p class="c-field__message ds-error" id={format!("share-{field}-error")} role="alert">{ t.t(p.i18n_key()) }</p>
            },
            _ => html! {},
        }
    };
    // The hint, and the error when there is one, describe each field.
    let described = |field: &str, hint: &str| -> String {
        if matches!(&*add, AddState::Failed(p) if p.field() == Some(field)) {
            format!("{hint} share-{field}-error")
        } else {
            hint.to_string()
        }
    };
    let invalid = |field: &str| matches!(&*add, AddState::Failed(p) if p.field() == Some(field));
    let form_notice = match &*add {
        AddState::Failed(p) if p.field().is_none() => {
            Callout::new(Tone::Error, "share-refused", t.t(p.i18n_key())).render(&t)
        }
        AddState::SaveFailed(e) => {
            let (title, detail) = describe_error(&t, e);
            Callout::new(Tone::Error, "error", title)
                .detail(detail)
                .render(&t)
        }
        AddState::Added(origin) => Callout::new(
            Tone::Info,
            "share-added",
            t.t_with("account.share_added", &[("source", origin)]),
        )
        .render(&t),
        _ => html! {},
    };
    let checking = *add == AddState::Checking;
    let full = shares.len() >= share::MAX_SHARES;

    let rows = shares.iter().map(|s| {
        let text = |k: &str| s.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        let source = text("source_url");
        let created = text("created_at");
        let ask = {
            let (confirm, source) = (confirm.clone(), source.clone());
            Callback::from(move |_: MouseEvent| confirm.set(Some(source.clone())))
        };
        let confirming = confirm.as_deref() == Some(source.as_str());
        let cancel = {
            let confirm = confirm.clone();
            Callback::from(move |_: MouseEvent| confirm.set(None))
        };
        let remove = {
            let (session, on_saved, confirm, remove_error, source) = (
                props.session.clone(),
                props.on_saved.clone(),
                confirm.clone(),
                remove_error.clone(),
                source.clone(),
            );
            Callback::from(move |_: MouseEvent| {
                let Some(id) = session.installation_id else {
                    return;
                };
                let (session, on_saved, confirm, remove_error, source) = (
                    session.clone(),
                    on_saved.clone(),
                    confirm.clone(),
                    remove_error.clone(),
                    source.clone(),
                );
                spawn_local(async move {
                    match api::remove_share(&session, id, &source).await {
                        Ok(()) => {
                            confirm.set(None);
                            remove_error.set(None);
                            on_saved.emit(());
                        }
                        Err(e) => remove_error.set(Some(e)),
                    }
                });
            })
        };
        html! {
            <tr data-source={source.clone()}>
                <th scope="row" class="c-table__row__cell ds-name">{ &source }</th>
                <td class="c-table__row__cell">{ text("username") }</td>
                <td class="c-table__row__cell">{ text("created_by") }</td>
                <td class="c-table__row__cell">
                    if !created.is_empty() {
                        <time datetime={created.clone()} title={full_date(&t, &created)}>{ relative_time(&t, &created) }</time>
                    }
                </td>
                <td class="c-table__row__cell">
                    if confirming {
                        <span role="group" aria-label={t.t_with("account.remove_confirm", &[("source", &source)])}>
                            <span class="ds-muted">{ t.t_with("account.remove_confirm", &[("source", &source)]) }{ " " }</span>
                            <button type="button" class="c-btn c-btn--sm c-btn--danger" data-testid="confirm-remove" ref={confirm_button.clone()}
                                onclick={remove}>{ t.t("account.remove_yes") }</button>
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
    });

    html! {
        <section class="ds-panel" data-testid="shares" aria-labelledby="ds-shares-title">
            <h2 class="ds-subtitle" id="ds-shares-title">{ t.t("account.shares_title") }</h2>
            if let Some(e) = &*remove_error {
                { Callout::new(Tone::Error, "error", describe_error(&t, e).0).detail(describe_error(&t, e).1).render(&t) }
            }
            if shares.is_empty() {
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
                    </ul>
                </details>
                <button type="submit" class="c-btn c-btn--primary" data-testid="add-share-submit" aria-disabled={(checking || full).to_string()}>
                    { if checking { t.t("account.checking") } else { t.t("account.add_submit") } }
                </button>
            </form>
        </section>
    }
}

// ------------------------------------------------------------------ support access

/// Zendesk refused the write itself (not allowed, not there, not writable): the setting is
/// changed by hand in Admin Center then. Other failures are ordinary errors.
fn write_refused(e: &HttpError) -> bool {
    matches!(e.status(), Some(403..=405))
}

#[derive(Properties, PartialEq)]
struct AccessProps {
    session: Rc<Session>,
}

#[component]
fn SupportAccessSection(props: &AccessProps) -> Html {
    let t = use_i18n();
    let session = props.session.clone();
    let (state, reload) =
        use_load_keeping(move || async move { api::support_access(&session.api).await });
    let write_error = use_state(|| None::<HttpError>);
    let busy = use_state(|| false);
    let in_flight = use_mut_ref(|| false);
    // What the admin picked; until then, the grant in force (or a day).
    let picked = use_state(|| None::<Grant>);

    let write = {
        let (session, reload, write_error, busy) = (
            props.session.clone(),
            reload.clone(),
            write_error.clone(),
            busy.clone(),
        );
        let in_flight = in_flight.clone();
        Callback::from(move |grant: Option<Grant>| {
            if std::mem::replace(&mut *in_flight.borrow_mut(), true) {
                return;
            }
            busy.set(true);
            let in_flight = in_flight.clone();
            let (session, reload, write_error, busy) = (
                session.clone(),
                reload.clone(),
                write_error.clone(),
                busy.clone(),
            );
            spawn_local(async move {
                let result = api::set_support_access(&session.api, grant).await;
                *in_flight.borrow_mut() = false;
                busy.set(false);
                match result {
                    Ok(_) => {
                        write_error.set(None);
                        reload.emit(());
                    }
                    Err(e) => write_error.set(Some(e)),
                }
            });
        })
    };
    let on_choice = {
        let picked = picked.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                if let Some(g) = Grant::parse(&select.value()) {
                    picked.set(Some(g));
                }
            }
        })
    };
    let admin_center = format!(
        "https://{}.zendesk.com/admin/account/security/advanced",
        props.session.subdomain
    );
    let body = match loaded(&t, &state, "access.loading", &reload) {
        Err(shown) => shown,
        Ok(body) => {
            let now = now_secs();
            let access = support_access::read(body, now);
            let current = body
                .get("security_settings")
                .and_then(|s| s.get("assumption_duration"))
                .and_then(serde_json::Value::as_str)
                .and_then(Grant::parse);
            let choice = picked
                .or(current.filter(|_| access != Access::Off))
                .unwrap_or(Grant::Day);
            let (state, text) = match access {
                Access::Trial => ("trial", t.t("access.trial")),
                Access::Off => ("off", t.t("access.off")),
                Access::Indefinitely => ("indefinitely", t.t("access.indefinitely")),
                Access::Until { expires } => {
                    let at = iso8601(expires);
                    (
                        "until",
                        t.t_with(
                            "access.until",
                            &[
                                ("date", &full_date(&t, &at)),
                                ("left", &relative_time(&t, &at)),
                            ],
                        ),
                    )
                }
            };
            // What the chosen grant would mean, from now: the same arithmetic Zendesk applies.
            let preview = match choice.expires(now) {
                Some(end) => t.t_with(
                    "access.preview_until",
                    &[("date", &full_date(&t, &iso8601(end)))],
                ),
                None => t.t("access.preview_always"),
            };
            let grant = {
                let write = write.clone();
                Callback::from(move |_: MouseEvent| write.emit(Some(choice)))
            };
            let off = {
                let write = write.clone();
                Callback::from(move |_: MouseEvent| write.emit(None))
            };
            html! {
                <div data-testid="support-access" data-state={state}>
                    <p>{ text }</p>
                    if access != Access::Trial {
                        <div class="ds-toolbar">
                            <label class="c-field__label ds-visually-hidden" for="access-duration">{ t.t("access.duration_label") }</label>
                            <select id="access-duration" class="c-field__input c-field__input--select ds-select" onchange={on_choice}>
                                { for Grant::ALL.iter().map(|g| html! {
                                    <option value={g.key()} selected={*g == choice}>{ t.t(g.i18n_key()) }</option>
                                }) }
                            </select>
                            <button type="button" class="c-btn c-btn--primary" data-testid="access-grant"
                                aria-disabled={busy.to_string()} onclick={grant}>
                                { if access == Access::Off { t.t("access.grant_action") } else { t.t("access.change") } }
                            </button>
                            if access != Access::Off {
                                <button type="button" class="c-btn" data-testid="access-off"
                                    aria-disabled={busy.to_string()} onclick={off}>{ t.t("access.turn_off") }</button>
                            }
                        </div>
                        <p class="ds-muted" data-testid="access-preview">{ preview }</p>
                    }
                </div>
            }
        }
    };
    html! {
        <section class="ds-panel" aria-labelledby="ds-access-title">
            <h2 class="ds-subtitle" id="ds-access-title">{ t.t("access.title") }</h2>
            <p class="ds-muted">{ t.t("access.explain") }</p>
            { body }
            if let Some(e) = write_error.as_ref().filter(|e| !write_refused(e)) {
                { Callout::new(Tone::Error, "error", describe_error(&t, e).0).detail(describe_error(&t, e).1).render(&t) }
            }
            // Zendesk documents reading this setting only: a refused write sends the admin to
            // Admin Center, where it is changed by hand.
            if let Some(e) = write_error.as_ref().filter(|e| write_refused(e)) {
                <div class="c-callout c-callout--error ds-callout" data-state="access-refused" role="alert">
                    <strong class="c-callout__title">{ t.t("access.refused") }</strong>
                    <p class="c-callout__paragraph">{ describe_error(&t, e).0 }</p>
                    <p class="c-callout__paragraph">
                        <a href={admin_center} target="_blank" rel="noopener noreferrer">{ t.t("access.admin_center") }</a>
                    </p>
                </div>
            }
        </section>
    }
}
