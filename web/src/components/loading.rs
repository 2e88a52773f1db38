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
/// text) or the error with Zendesk's words and a "Try again" that calls `retry`.
pub fn loaded<'a, T, E: deskset_domain::http::Explain>(
    t: &deskset_domain::i18n::Translator,
    state: &'a crate::hooks::Load<T, E>,
    loading_key: &str,
    retry: &Callback<()>,
) -> Result<&'a T, Html> {
    use crate::hooks::Load;
    match state {
        Load::Ready(value) => Ok(value),
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
