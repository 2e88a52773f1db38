use yew::prelude::*;

/// A polite "loading" line that screen readers announce (a plain function: no state).
pub fn loading(text: String) -> Html {
    html! {
        <div class="ds-loading" data-state="loading" role="status" aria-live="polite">
            <span class="ds-spinner" aria-hidden="true"></span>
            { text }
        </div>
    }
}

/// The value of a finished load, or what to show instead: the loading line (`loading_key`'s
/// text) or the error with Zendesk's words and a "Try again" that calls `retry`. A stale value
/// (a reload failed) is still the value: [`reload_failed`] says what went wrong.
pub fn loaded<'a, T, E: deskset_domain::http::Explain>(
    t: &deskset_domain::i18n::Translator,
    state: &'a crate::hooks::Load<T, E>,
    loading_key: &str,
    retry: &Callback<()>,
) -> Result<&'a T, Html> {
    use crate::hooks::Load;
    match state {
        Load::Ready(value) | Load::Stale(value, _) => Ok(value),
        Load::Loading => Err(loading(t.t(loading_key))),
        Load::Failed(e) => {
            let (title, detail) = crate::i18n::describe_error(t, e);
            Err(super::Callout::new(super::Tone::Error, "error", title)
                .detail(detail)
                .retry(retry.clone())
                .render(t))
        }
    }
}

/// The notice of a reload that failed while the last answer stays on screen (nothing when the
/// load is not stale).
pub fn reload_failed<T, E: deskset_domain::http::Explain>(
    t: &deskset_domain::i18n::Translator,
    state: &crate::hooks::Load<T, E>,
    retry: &Callback<()>,
) -> Html {
    match state {
        crate::hooks::Load::Stale(_, e) => {
            let (text, detail) = crate::i18n::describe_error(t, e);
            super::Callout::new(super::Tone::Error, "error", t.t("common.reload_failed"))
                .body(text)
                .detail(detail)
                .retry(retry.clone())
                .render(t)
        }
        _ => html! {},
    }
}
