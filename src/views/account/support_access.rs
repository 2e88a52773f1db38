//! Support access: Zendesk's account assumption, off, for a while, or indefinitely.

use super::now_secs;
use crate::zendesk::support_access as edge;
use deskset_domain::screens::account::SupportAccess;
use deskset_domain::support_access::{self, write_refused, Access, Grant};
use deskset_domain::time::iso8601;
use deskset_web::components::{loaded, reload_failed, Callout, Tone};
use deskset_web::hooks::{use_action, use_load, use_screen};
use deskset_web::i18n::{describe_error, full_date, relative_time, use_i18n};
use deskset_web::session::use_session;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[component]
pub(super) fn SupportAccessSection() -> Html {
    let t = use_i18n();
    let session = use_session();
    let picked = use_screen(SupportAccess::default);
    let (state, reload) = use_load(session.clone(), true, |s| async move {
        edge::read(&s.api).await
    });
    let write = {
        let session = session.clone();
        use_action(
            move |grant: Option<Grant>| {
                let api = session.api.clone();
                async move { edge::write(&api, grant).await }
            },
            reload.reform(|_| ()),
        )
    };
    let on_choice = {
        let picked = picked.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                if let Some(g) = Grant::parse(&select.value()) {
                    picked.dispatch(g);
                }
            }
        })
    };
    let admin_center = format!(
        "https://{}.zendesk.com/admin/account/security/advanced",
        session.subdomain
    );
    let busy = write.busy;
    let body = match loaded(&t, &state, "access.loading", &reload) {
        Err(shown) => shown,
        Ok(body) => {
            let now = now_secs();
            let access = support_access::read(body, now);
            let choice = support_access::shown_grant(picked.picked, body, &access);
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
            let grant = write.run.reform(move |_: MouseEvent| Some(choice));
            let off = write.run.reform(|_: MouseEvent| None);
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
    let failure = write.error.as_ref().map(|e| {
        let (text, detail) = describe_error(&t, e);
        if write_refused(e.status()) {
            // Zendesk documents reading this setting only: a refused write sends the admin to
            // Admin Center, where it is changed by hand.
            html! {
                <div class="c-callout c-callout--error ds-callout" data-state="access-refused" role="alert">
                    <strong class="c-callout__title">{ t.t("access.refused") }</strong>
                    <p class="c-callout__paragraph">{ text }</p>
                    <p class="c-callout__paragraph">
                        <a href={admin_center.clone()} target="_blank" rel="noopener noreferrer">{ t.t("access.admin_center") }</a>
                    </p>
                </div>
            }
        } else {
            Callout::new(Tone::Error, "error", text).detail(detail).render(&t)
        }
    });
    html! {
        <section class="ds-panel" aria-labelledby="ds-access-title">
            <h2 class="ds-subtitle" id="ds-access-title">{ t.t("access.title") }</h2>
            <p class="ds-muted">{ t.t("access.explain") }</p>
            { reload_failed(&t, &state, &reload) }
            { body }
            { failure.unwrap_or_default() }
        </section>
    }
}
