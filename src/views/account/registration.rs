//! Registration: who registered this account with deskset, whether that still holds, and
//! Register (again).

use super::{now_secs, SectionProps};
use crate::zendesk::registration;
use deskset_domain::share::{Registration, RegistrationState};
use deskset_domain::time::iso8601;
use deskset_web::components::{Callout, Tone};
use deskset_web::hooks::{use_action, use_load, Load};
use deskset_web::i18n::{describe_error, full_date, use_i18n};
use deskset_web::session::use_session;
use yew::prelude::*;

#[component]
pub(super) fn RegistrationSection(props: &SectionProps) -> Html {
    let t = use_i18n();
    let session = use_session();
    let registration = Registration::read(props.settings.get("registration"));
    let (validity, _) = use_load(
        (session.clone(), registration.clone()),
        false,
        |(s, registration)| async move {
            Ok::<_, ()>(match registration {
                Some(r) => registration::state(&s.api, &r).await,
                None => None,
            })
        },
    );
    let register = {
        let session = session.clone();
        use_action(
            move |()| {
                let session = session.clone();
                async move {
                    let store = session.store();
                    registration::register(
                        &store,
                        session.user.email().unwrap_or_default(),
                        session.user.id(),
                        iso8601(now_secs()),
                    )
                    .await
                }
            },
            props.on_saved.reform(|_| ()),
        )
    };
    let (state, text, tone) = match (&registration, &validity) {
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
            if let Some(e) = &register.error {
                { Callout::new(Tone::Error, "error", describe_error(&t, e).0).detail(describe_error(&t, e).1).render(&t) }
            }
            <button type="button" class="c-btn" data-testid="register" aria-disabled={register.busy.to_string()}
                onclick={register.run.reform(|_: MouseEvent| ())}>{ label }</button>
        </section>
    }
}
