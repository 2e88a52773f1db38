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
