use deskset_domain::i18n::Translator;
use yew::prelude::*;

/// The callout's colour and meaning.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Warning,
    Error,
}

/// A Garden callout: a titled notice with an optional retry button. A plain builder rather
/// than a component: it has no state, and each component costs wasm (docs/size.md).
///
/// `Callout::new(Tone::Error, "error", title).body(text).retry(cb).render(&t)`
pub struct Callout {
    tone: Tone,
    state: &'static str,
    title: String,
    body: Option<String>,
    detail: Option<String>,
    retry: Option<Callback<()>>,
}

impl Callout {
    /// A callout for the `data-state` `state` (`error`, `plan`, `empty`, ...).
    pub fn new(tone: Tone, state: &'static str, title: String) -> Self {
        Self {
            tone,
            state,
            title,
            body: None,
            detail: None,
            retry: None,
        }
    }

    pub fn body(mut self, body: String) -> Self {
        self.body = Some(body);
        self
    }

    /// Zendesk's own words, shown smaller under the body.
    pub fn detail(mut self, detail: Option<String>) -> Self {
        self.detail = detail;
        self
    }

    /// A "Try again" button that calls `retry`.
    pub fn retry(mut self, retry: Callback<()>) -> Self {
        self.retry = Some(retry);
        self
    }

    pub fn render(self, t: &Translator) -> Html {
        let tone = match self.tone {
            Tone::Info => "c-callout--info",
            Tone::Warning => "c-callout--warning",
            Tone::Error => "c-callout--error",
        };
        // Errors interrupt (assertive); other notices wait their turn.
        let role = if self.tone == Tone::Error {
            "alert"
        } else {
            "status"
        };
        html! {
            <div class={classes!("c-callout", tone, "ds-callout")} data-state={self.state} role={role}>
                <strong class="c-callout__title">{ self.title }</strong>
                if let Some(body) = self.body {
                    <p class="c-callout__paragraph">{ body }</p>
                }
                if let Some(detail) = self.detail {
                    <p class="c-callout__paragraph ds-detail">{ detail }</p>
                }
                if let Some(retry) = self.retry {
                    <button type="button" class="c-btn c-btn--sm ds-retry"
                        onclick={retry.reform(|_: MouseEvent| ())}>
                        { t.t("common.try_again") }
                    </button>
                }
            </div>
        }
    }
}
