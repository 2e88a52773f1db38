//! Import a role from JSON (a file exported by deskset, or pasted) into the create form.

use super::Screen;
use crate::i18n::use_i18n;
use deskset_domain::role_edit::import;
use std::rc::Rc;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RoleImportProps {
    pub go: Callback<Screen>,
    pub back: Callback<()>,
}

#[component]
pub fn RoleImport(props: &RoleImportProps) -> Html {
    let t = use_i18n();
    let text = use_state(String::new);
    let problem = use_state(|| None::<&'static str>);
    let read = {
        let text = text.clone();
        let problem = problem.clone();
        let go = props.go.clone();
        move |source: String| match import(&source) {
            Ok(role) => go.emit(Screen::New(Rc::new(role))),
            Err(e) => {
                // Keep what was pasted or read, so it can be fixed.
                text.set(source);
                problem.set(Some(e.i18n_key()));
            }
        }
    };
    let on_file = {
        let read = read.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let read = read.clone();
            spawn_local(async move {
                let content = JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default();
                read(content);
            });
        })
    };
    let onsubmit = {
        let text = text.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            read((*text).clone());
        })
    };
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
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
                    value={(*text).clone()} {oninput} aria-describedby="role-import-errors" />
                <div id="role-import-errors" aria-live="polite">
                    if let Some(key) = *problem {
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
