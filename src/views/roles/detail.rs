//! One role: its permissions grouped as Admin Center groups them, and what can be done with it.

use super::perm;
use deskset_domain::role_edit::{clone_as, export};
use deskset_domain::roles::CustomRole;
use deskset_domain::screens::roles::{Detail, Panel, Screen};
use deskset_web::components::{Callout, Tone};
use deskset_web::hooks::{use_action, use_screen};
use deskset_web::i18n::{describe_error, use_i18n};
use deskset_web::session::use_session;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RoleDetailProps {
    pub role: Rc<CustomRole>,
    pub may_manage: bool,
    pub go: Callback<Screen>,
    /// After Zendesk changed something: reload, then go there.
    pub changed: Callback<Screen>,
}

#[component]
pub fn RoleDetail(props: &RoleDetailProps) -> Html {
    let t = use_i18n();
    let session = use_session();
    let detail = use_screen(Detail::default);
    let role = &props.role;
    let id = role.id();
    let members = role.team_member_count().unwrap_or(0);
    let name = role.name().to_string();

    let delete = use_action(
        move |id: u64| {
            let api = session.api.clone();
            async move { crate::zendesk::roles::delete(&api, id).await }
        },
        props.changed.reform(|()| Screen::List),
    );
    let show = |p: Panel| {
        let detail = detail.clone();
        Callback::from(move |_: MouseEvent| detail.dispatch(p))
    };
    let confirm_delete = {
        let run = delete.run.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(id) = id {
                run.emit(id)
            }
        })
    };
    let clone = {
        let copy = clone_as(role, &t.t_with("roles.copy_of", &[("name", &name)]));
        props
            .go
            .reform(move |_: MouseEvent| Screen::New(copy.clone()))
    };

    let panel_view = match detail.panel {
        Panel::None => html! {},
        Panel::Export => {
            let json = export(role);
            let href = deskset_web::files::data_url(&json);
            html! {
                <div class="ds-panel" data-testid="role-export">
                    <label class="c-field__label" for="role-export-json">{ t.t("roles.export_label") }</label>
                    <textarea id="role-export-json" class="c-field__input ds-json" readonly=true rows="12" value={json} />
                    <a class="c-btn" href={href} download={format!("{}.json", deskset_web::files::file_name(&name, "role"))}>{ t.t("roles.export_download") }</a>
                </div>
            }
        }
        Panel::ConfirmDelete if members > 0 => Callout::new(
            Tone::Warning,
            "delete-blocked",
            t.t("roles.delete_blocked_title"),
        )
        .body(t.t_with(
            "roles.delete_blocked_body",
            &[("name", &name), ("count", &members.to_string())],
        ))
        .render(&t),
        Panel::ConfirmDelete => html! {
            <div class="c-callout c-callout--warning ds-callout" role="alertdialog" data-state="confirm-delete"
                aria-labelledby="delete-title">
                <strong id="delete-title" class="c-callout__title">{ t.t_with("roles.delete_confirm", &[("name", &name)]) }</strong>
                <p class="c-callout__paragraph">{ t.t("roles.delete_permanent") }</p>
                <div class="ds-toolbar">
                    <button type="button" class="c-btn c-btn--danger c-btn--primary" onclick={confirm_delete}
                        aria-disabled={delete.busy.to_string()}>{ t.t("roles.delete_yes") }</button>
                    <button type="button" class="c-btn" onclick={show(Panel::None)}>{ t.t("common.cancel") }</button>
                </div>
            </div>
        },
    };
    let delete_state = if delete.busy {
        html! { <p class="ds-muted" role="status">{ t.t("roles.deleting") }</p> }
    } else if let Some(e) = &delete.error {
        let (text, detail) = describe_error(&t, e);
        Callout::new(Tone::Error, "error", t.t("roles.delete_failed"))
            .body(text)
            .detail(detail)
            .render(&t)
    } else {
        html! {}
    };

    html! {
        <article class="ds-role" data-state="role" aria-labelledby="role-name">
            <button type="button" class="ds-link ds-back" onclick={props.go.reform(|_: MouseEvent| Screen::List)}>
                { t.t("roles.back") }
            </button>
            <h3 id="role-name" class="ds-role__name">{ name.clone() }</h3>
            if let Some(d) = role.description().filter(|d| !d.is_empty()) {
                <p class="ds-muted">{ d.to_string() }</p>
            }
            <p class="ds-count">{ t.t_with("roles.members", &[("count", &members.to_string())]) }</p>
            <div class="ds-toolbar">
                if props.may_manage {
                    <button type="button" class="c-btn c-btn--primary"
                        onclick={props.go.reform(move |_: MouseEvent| id.map(Screen::Edit).unwrap_or(Screen::List))}>
                        { t.t("roles.edit") }
                    </button>
                    <button type="button" class="c-btn" onclick={clone}>{ t.t("roles.clone") }</button>
                }
                <button type="button" class="c-btn" onclick={show(Panel::Export)}>{ t.t("roles.export") }</button>
                if props.may_manage {
                    <button type="button" class="c-btn c-btn--danger" onclick={show(Panel::ConfirmDelete)}>{ t.t("roles.delete") }</button>
                }
            </div>
            { panel_view }
            { delete_state }
            { perm::grouped(&t, role) }
        </article>
    }
}
