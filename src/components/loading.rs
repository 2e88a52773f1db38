use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LoadingProps {
    /// What is loading, in the person's language.
    pub text: AttrValue,
}

/// A polite "loading" line that screen readers announce.
#[component]
pub fn Loading(props: &LoadingProps) -> Html {
    html! {
        <div class="ds-loading" data-state="loading" role="status" aria-live="polite">
            <span class="ds-spinner" aria-hidden="true"></span>
            { props.text.clone() }
        </div>
    }
}
