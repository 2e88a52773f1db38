use crate::i18n::use_i18n;
use yew::prelude::*;

/// Shown when the page was not opened by Zendesk (no ZAF client): what deskset is and where
/// to open it, instead of a blank page or a crash.
#[component]
pub fn OutsideZendesk() -> Html {
    let t = use_i18n();
    html! {
        <main class="ds-page ds-outside" data-state="outside-zendesk">
            <h1 class="ds-title">{ t.t("app.outside_title") }</h1>
            <p>{ t.t("app.outside_body") }</p>
        </main>
    }
}
