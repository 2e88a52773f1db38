//! The Account tab (admins): this account's registration with deskset, its shares, and Zendesk
//! support access. The tab reads the settings once; each section writes through the store and
//! asks for them again.

mod registration;
mod shares;
mod support_access;

use deskset_web::components::{loaded, reload_failed};
use deskset_web::hooks::use_settings;
use deskset_web::i18n::use_i18n;
use deskset_web::store::Settings;
use std::rc::Rc;
use yew::prelude::*;

/// Now, in seconds since the epoch (the browser's clock).
fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

#[component]
pub fn AccountTab() -> Html {
    let t = use_i18n();
    let (shown, reload) = use_settings();
    let body = match loaded(&t, &shown, "account.loading", &reload) {
        Err(shown) => shown,
        Ok(settings) => html! {
            <>
                // Keyed by the registration: a new one is checked anew.
                <registration::RegistrationSection
                    key={settings.get("registration").map(|r| r.to_string()).unwrap_or_default()}
                    settings={settings.clone()} on_saved={reload.clone()} />
                <shares::SharesSection settings={settings.clone()} on_saved={reload.clone()} />
            </>
        },
    };
    html! {
        <div class="ds-section" data-testid="account-tab">
            { reload_failed(&t, &shown, &reload) }
            { body }
            <support_access::SupportAccessSection />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SectionProps {
    settings: Rc<Settings>,
    /// Reads the settings again after a write.
    on_saved: Callback<()>,
}
