//! Import a role from JSON (a file exported by deskset, or pasted) into the create form.

use deskset_domain::role_edit::import;
use deskset_domain::screens::roles::{Import, ImportAction, Screen};
use deskset_web::files;
use deskset_web::hooks::{later, use_screen};
use deskset_web::i18n::use_i18n;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RoleImportProps {
    pub go: Callback<Screen>,
    pub back: Callback<()>,
}

#[component]
pub fn RoleImport(props: &RoleImportProps) -> Html {
    let t = use_i18n();
    let state = use_screen(Import::default);
    let read = {
        let state = state.clone();
        let go = props.go.clone();
        Callback::from(move |source: String| match import(&source) {
            Ok(role) => go.emit(Screen::New(role)),
            // Keep what was pasted or read, so it can be fixed.
            Err(e) => state.dispatch(ImportAction::Refused(source, e.i18n_key())),
        })
    };
    let on_file = {
        let read = read.clone();
        Callback::from(move |e: Event| {
            if let Some(file) = files::picked(&e.target_unchecked_into::<HtmlInputElement>()) {
                later(files::text(file), read.clone());
            }
        })
    };
    let onsubmit = {
        let (read, text) = (read.clone(), state.text.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            read.emit(text.clone());
        })
    };
    let oninput = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.dispatch(ImportAction::Typed(
                e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            ));
        })
    };
    html! {
        <form class="ds-import" data-state="import" onsubmit={onsubmit}>
            <button type="button" class="ds-link ds-back" onclick={props.back.reform(|_: MouseEvent| ())}>
                { t.t("roles.back") }
            </button>
            <h3 class="ds-role__name">{ t.t("roles.import_title") }</h3>
            <p class="ds-muted">{ t.t("roles.import_help") }</p>
            <div class="c-field ds-field">
                <label class="c-field__label" for="role-import-file">{ t.t("roles.import_file") }</label>
                <input id="role-import-file" type="file" accept=".json,application/json" onchange={on_file} />
            </div>
            <div class="c-field ds-field">
                <label class="c-field__label" for="role-import-text">{ t.t("roles.import_paste") }</label>
                <textarea id="role-import-text" class="c-field__input c-field__input--area ds-json" rows="10"
                    value={state.text.clone()} {oninput} aria-describedby="role-import-errors" />
                <div id="role-import-errors" aria-live="polite">
                    if let Some(key) = state.problem {
                        <p class="c-field__message c-field__message--error ds-error">{ t.t(key) }</p>
                    }
                </div>
            </div>
            <div class="ds-toolbar">
                <button type="submit" class="c-btn c-btn--primary">{ t.t("roles.import_read") }</button>
            </div>
        </form>
    }
}
