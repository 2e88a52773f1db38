use crate::i18n::use_i18n;
use yew::prelude::*;

/// The callout's colour and meaning.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Warning,
    Error,
}

#[derive(Properties, PartialEq)]
pub struct CalloutProps {
    pub tone: Tone,
    /// The `data-state` this callout stands for (`error`, `plan`, `empty`, ...).
    pub state: AttrValue,
    pub title: AttrValue,
    #[prop_or_default]
    pub body: Option<AttrValue>,
    /// Zendesk's own words, shown smaller under the body.
    #[prop_or_default]
    pub detail: Option<AttrValue>,
    /// When set, a "Try again" button calls it.
    #[prop_or_default]
    pub on_retry: Option<Callback<()>>,
}

/// A Garden callout: a titled notice with an optional retry button.
#[component]
pub fn Callout(props: &CalloutProps) -> Html {
    let t = use_i18n();
    let tone = match props.tone {
        Tone::Info => "c-callout--info",
        Tone::Warning => "c-callout--warning",
        Tone::Error => "c-callout--error",
    };
    // Errors interrupt (assertive); other notices wait their turn.
    let role = if props.tone == Tone::Error {
        "alert"
    } else {
        "status"
    };
    html! {
        <div class={classes!("c-callout", tone, "ds-callout")} data-state={props.state.clone()} role={role}>
            <strong class="c-callout__title">{ props.title.clone() }</strong>
            if let Some(body) = &props.body {
                <p class="c-callout__paragraph">{ body.clone() }</p>
            }
            if let Some(detail) = &props.detail {
                <p class="c-callout__paragraph ds-detail">{ detail.clone() }</p>
            }
            if let Some(retry) = &props.on_retry {
                <button type="button" class="c-btn c-btn--sm ds-retry"
                    onclick={retry.reform(|_: MouseEvent| ())}>
                    { t.t("common.try_again") }
                </button>
            }
        </div>
    }
}
