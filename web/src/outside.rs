use crate::i18n::use_i18n;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OutsideZendeskProps {
    /// The ZAF SDK itself did not load (rather than the page being opened outside Zendesk).
    #[prop_or_default]
    pub sdk_missing: bool,
}

/// Shown when there is no ZAF client: the page was not opened by Zendesk (what deskset is and
/// where to open it), or Zendesk's SDK did not load (what to check). Never a blank page or a crash.
#[component]
pub fn OutsideZendesk(props: &OutsideZendeskProps) -> Html {
    let t = use_i18n();
    if props.sdk_missing {
        return html! {
            <main class="ds-page ds-outside" data-state="sdk-missing">
                <h1 class="ds-title">{ t.t("app.sdk_missing_title") }</h1>
                <p>{ t.t("app.sdk_missing_body") }</p>
            </main>
        };
    }
    html! {
        <main class="ds-page ds-outside" data-state="outside-zendesk">
            <h1 class="ds-title">{ t.t("app.outside_title") }</h1>
            <p>{ t.t("app.outside_body") }</p>
        </main>
    }
}
