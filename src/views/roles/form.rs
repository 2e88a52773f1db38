//! Create and edit a role in one form: name, description, every permission with its allowed
//! values. Checked before sending; Zendesk's 422 details shown next to the fields they name;
//! nothing typed is lost on any error.

use super::perm;
use deskset_domain::i18n::Translator;
use deskset_domain::role_schema::{in_group, Group, Kind, Permission, OBJECT_SCOPES};
use deskset_domain::role_validation::validate;
use deskset_domain::roles::CustomRole;
use deskset_domain::screens::roles::{Form, FormAction, SaveError, Screen};
use deskset_web::components::{Callout, Tone};
use deskset_web::hooks::{use_action, use_screen};
use deskset_web::i18n::{describe_error, fold, use_i18n};
use deskset_web::session::use_session;
use serde_json::{json, Map, Value};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RoleFormProps {
    /// The role as Zendesk has it; `None` to create.
    pub original: Option<Rc<CustomRole>>,
    /// What the form starts with.
    pub draft: Rc<CustomRole>,
    /// Every custom role of the account (names must be unique).
    pub existing: Rc<Vec<CustomRole>>,
    /// Saved: reload and go there.
    pub saved: Callback<Screen>,
    pub cancel: Callback<()>,
}

#[component]
pub fn RoleForm(props: &RoleFormProps) -> Html {
    let t = use_i18n();
    let session = use_session();
    let form = use_screen(|| Form::new((*props.draft).clone()));
    let save = {
        let original = props.original.clone();
        use_action(
            move |draft: CustomRole| {
                let (api, original) = (session.api.clone(), original.clone());
                async move { crate::zendesk::roles::save(&api, original.as_deref(), &draft).await }
            },
            props
                .saved
                .reform(|role: CustomRole| role.id().map(Screen::Show).unwrap_or(Screen::List)),
        )
    };

    let set_top = |key: &'static str| {
        let form = form.clone();
        Callback::from(move |value: String| form.dispatch(FormAction::SetText(key, value)))
    };
    let set_perm = {
        let form = form.clone();
        Callback::from(move |(key, value): (String, Value)| {
            form.dispatch(FormAction::SetPermission(key, value))
        })
    };

    let onsubmit = {
        let form = form.clone();
        let run = save.run.clone();
        let original = props.original.clone();
        let existing = props.existing.clone();
        let t = t.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let local = validate(&form.draft, original.as_deref(), &existing, fold(&t));
            let clean = local.is_empty();
            form.dispatch(FormAction::Checked(local));
            if clean {
                run.emit(form.draft.clone());
            }
        })
    };

    let problems = form.problems(save.error.as_ref());
    let errors = |field: &str| field_errors(&problems.messages(&t, field), field);
    let draft = &form.draft;
    let config = draft.configuration().cloned().unwrap_or_default();
    let creating = props.original.is_none();
    let title = if creating {
        t.t("roles.form_new")
    } else {
        t.t_with("roles.form_edit", &[("name", props.draft.name())])
    };
    let add_object = add_object(&t, &form);
    let failure = match &save.error {
        Some(SaveError::Failed(e)) => failure_view(&t, e),
        _ => html! {},
    };

    html! {
        <form class="ds-role-form" data-state="role-form" onsubmit={onsubmit} novalidate=true
            aria-labelledby="role-form-title">
            <h3 id="role-form-title" class="ds-role__name">{ title }</h3>
            if !problems.is_empty() {
                <div class="c-callout c-callout--error ds-callout" role="alert" data-state="invalid">
                    <strong class="c-callout__title">{ t.t("roles.form_invalid") }</strong>
                    { for problems.unplaced(&t).into_iter().map(|m| html! { <p class="c-callout__paragraph">{ m }</p> }) }
                </div>
            }
            { failure }
            <div class="c-field ds-field">
                <label class="c-field__label" for="role-name-input">{ t.t("roles.field_name") }</label>
                <input id="role-name-input" class="c-field__input" type="text" required=true
                    value={draft.name().to_string()} aria-describedby="role-name-errors"
                    oninput={set_top("name").reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value())} />
                { errors("name") }
            </div>
            <div class="c-field ds-field">
                <label class="c-field__label" for="role-description-input">{ t.t("roles.field_description") }</label>
                <textarea id="role-description-input" class="c-field__input c-field__input--area" rows="2"
                    value={draft.description().unwrap_or_default().to_string()}
                    oninput={set_top("description").reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value())} />
                { errors("description") }
            </div>
            { for Group::ALL.iter().map(|g| html! {
                <fieldset class="ds-perm-group" data-group={g.id()}>
                    <legend class="ds-perm-group__title">{ t.t(&format!("perm_group.{}", g.id())) }</legend>
                    { for in_group(*g).map(|p| permission_field(&t, p, config.get(p.key), &set_perm, errors(&format!("configuration.{}", p.key)), &add_object)) }
                </fieldset>
            }) }
            <div class="ds-toolbar ds-form-actions">
                <button type="submit" class="c-btn c-btn--primary" disabled={save.busy}>
                    { if save.busy { t.t("roles.saving") } else if creating { t.t("roles.create") } else { t.t("roles.save") } }
                </button>
                <button type="button" class="c-btn" onclick={props.cancel.reform(|_: MouseEvent| ())}>{ t.t("common.cancel") }</button>
            </div>
        </form>
    }
}

fn failure_view(t: &Translator, e: &deskset_domain::http::HttpError) -> Html {
    let (text, detail) = describe_error(t, e);
    Callout::new(Tone::Error, "error", t.t("roles.save_failed"))
        .body(text)
        .detail(detail)
        .render(t)
}

fn field_errors(messages: &[String], field: &str) -> Html {
    let id = format!("{}-errors", field.replace('.', "-"));
    html! {
        <div id={id} class="ds-field-errors" data-field={field.to_string()} aria-live="polite">
            { for messages.iter().map(|m| html! { <p class="c-field__message c-field__message--error ds-error">{ m.clone() }</p> }) }
        </div>
    }
}

/// The input for one permission: a checkbox, a list of its values, scopes per custom object;
/// read-only ones disabled (Zendesk sets them).
fn permission_field(
    t: &Translator,
    p: &Permission,
    value: Option<&Value>,
    set: &Callback<(String, Value)>,
    errors: Html,
    add_object: &Html,
) -> Html {
    let id = format!("perm-{}", p.key);
    let key = p.key.to_string();
    let help = html! { <span class="c-field__hint ds-help">{ t.t(&p.help_key()) }</span> };
    let badge = p
        .read_only
        .then(|| html! { <span class="ds-badge">{ t.t("perm_value.read_only") }</span> });
    let input = match p.kind {
        Kind::Bool => {
            let checked = value.and_then(Value::as_bool).unwrap_or(false);
            let onchange = set.reform(move |e: Event| {
                (
                    key.clone(),
                    json!(e.target_unchecked_into::<HtmlInputElement>().checked()),
                )
            });
            return html! {
                <div class="c-field ds-perm" data-key={p.key}>
                    <input id={id.clone()} class="c-field__checkbox" type="checkbox" {checked}
                        disabled={p.read_only} {onchange} />
                    <label class="c-field__label" for={id}>{ t.t(&p.label_key()) }{ badge }</label>
                    { help }
                    { errors }
                </div>
            };
        }
        Kind::Choice(values) => {
            let current = value
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let onchange = set.reform(move |e: Event| {
                (
                    key.clone(),
                    json!(e.target_unchecked_into::<HtmlSelectElement>().value()),
                )
            });
            html! {
                <select id={id.clone()} class="c-field__input c-field__input--select" disabled={p.read_only} {onchange}>
                    if current.is_empty() {
                        <option value="" selected=true disabled=true>{ t.t("perm_value.unset") }</option>
                    }
                    { for values.iter().map(|v| html! {
                        <option value={*v} selected={current == *v}>{ perm::value_text(t, Some(p), p.key, Some(&json!(v))) }</option>
                    }) }
                </select>
            }
        }
        Kind::CustomObjects => {
            let objects: Map<String, Value> = value
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            html! {
                <div id={id.clone()} class="ds-scopes">
                    if objects.is_empty() {
                        <p class="ds-muted">{ t.t("perm_value.unset") }</p>
                    }
                    { for objects.iter().map(|(object, grant)| scopes_field(t, &objects, object, grant, set)) }
                    { add_object.clone() }
                </div>
            }
        }
        Kind::Object => html! {
            <p id={id.clone()} class="ds-muted">{ perm::value_text(t, Some(p), p.key, value) }</p>
        },
    };
    html! {
        <div class="c-field ds-perm" data-key={p.key}>
            <label class="c-field__label" for={id}>{ t.t(&p.label_key()) }{ badge }</label>
            { help }
            { input }
            { errors }
        </div>
    }
}

fn scopes_field(
    t: &Translator,
    objects: &Map<String, Value>,
    object: &str,
    grant: &Value,
    set: &Callback<(String, Value)>,
) -> Html {
    let has = |s: &str| {
        grant
            .get("scopes")
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|v| v == s))
    };
    html! {
        <div class="ds-scope-row" data-object={object.to_string()}>
            <span class="ds-scope-object">{ object.to_string() }</span>
            { for OBJECT_SCOPES.iter().map(|scope| {
                let id = format!("scope-{object}-{scope}");
                let objects = objects.clone();
                let object_key = object.to_string();
                let onchange = set.reform(move |e: Event| {
                    let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                    let mut next = objects.clone();
                    let scopes: Vec<Value> = OBJECT_SCOPES
                        .iter()
                        .filter(|s| {
                            let had = next
                                .get(&object_key)
                                .and_then(|g| g.get("scopes"))
                                .and_then(Value::as_array)
                                .is_some_and(|a| a.iter().any(|v| v == **s));
                            if **s == *scope { on } else { had }
                        })
                        .map(|s| json!(s))
                        .collect();
                    next.insert(object_key.clone(), json!({ "scopes": scopes }));
                    ("custom_objects".to_string(), Value::Object(next))
                });
                html! {
                    <span class="ds-scope">
                        <input id={id.clone()} type="checkbox" checked={has(scope)} {onchange} />
                        <label for={id}>{ t.t(&format!("perm.custom_objects.scopes.{scope}")) }</label>
                    </span>
                }
            }) }
        </div>
    }
}

/// Grants access to one more custom object (by its key, as Admin Center lists it).
fn add_object(t: &Translator, form: &UseReducerHandle<deskset_web::hooks::Screen<Form>>) -> Html {
    let oninput = {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            form.dispatch(FormAction::TypeObjectKey(
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ))
        })
    };
    let add = {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| form.dispatch(FormAction::AddObject))
    };
    html! {
        <div class="ds-add-object">
            <label class="c-field__label" for="add-object-key">{ t.t("roles.object_key") }</label>
            <input id="add-object-key" class="c-field__input ds-object-key" type="text" value={form.object_key.clone()} {oninput} />
            <button type="button" class="c-btn c-btn--sm" onclick={add} disabled={!form.can_add_object()}>
                { t.t("roles.object_add") }
            </button>
        </div>
    }
}
