//! The list of roles: filter, pick roles to compare, open one; new role and import for those
//! who may manage roles.

use deskset_domain::roles::{self, CustomRole};
use deskset_domain::screens::roles::{List, ListAction, Loaded, Screen};
use deskset_web::components::{Callout, Tone};
use deskset_web::hooks::use_screen;
use deskset_web::i18n::{fold, full_date, relative_time, use_i18n};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RolesListProps {
    pub loaded: Loaded,
    pub go: Callback<Screen>,
}

#[component]
pub fn RolesList(props: &RolesListProps) -> Html {
    let t = use_i18n();
    let list = use_screen(List::default);
    let all = &props.loaded.roles;
    let oninput = {
        let list = list.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            list.dispatch(ListAction::Filter(input.value()));
        })
    };
    let shown: Vec<&CustomRole> = all
        .iter()
        .filter(|r| roles::matches(r, &list.query, fold(&t)))
        .collect();
    let toggle = {
        let list = list.clone();
        Callback::from(move |id: u64| list.dispatch(ListAction::Toggle(id)))
    };
    let count = t.t_with(
        "roles.shown",
        &[
            ("shown", &shown.len().to_string()),
            ("total", &all.len().to_string()),
        ],
    );
    let go = &props.go;
    let toolbar = html! {
        <div class="ds-toolbar">
            if props.loaded.may_manage {
                <button type="button" class="c-btn c-btn--primary"
                    onclick={go.reform(|_| Screen::New(CustomRole::default()))}>
                    { t.t("roles.new") }
                </button>
                <button type="button" class="c-btn" onclick={go.reform(|_| Screen::Import)}>
                    { t.t("roles.import") }
                </button>
            }
            <button type="button" class="c-btn" disabled={!list.can_compare()}
                onclick={{ let ids = list.picked.clone(); go.reform(move |_| Screen::Compare(ids.clone())) }}>
                { t.t_with("roles.compare_picked", &[("count", &list.picked.len().to_string())]) }
            </button>
        </div>
    };
    if all.is_empty() {
        return html! {
            <div>
                { toolbar }
                { Callout::new(Tone::Info, "empty", t.t("roles.empty_title")).body(t.t("roles.empty_body")).render(&t) }
            </div>
        };
    }
    html! {
        <div data-state="ready">
            if !props.loaded.may_manage {
                <p class="ds-muted" data-testid="roles-readonly-note">{ t.t("roles.readonly_note") }</p>
            }
            { toolbar }
            <div class="c-field ds-filter">
                <label class="c-field__label" for="roles-filter">{ t.t("roles.filter_label") }</label>
                <input id="roles-filter" class="c-field__input" type="search" autocomplete="off"
                    placeholder={t.t("roles.filter_placeholder")} value={list.query.clone()} {oninput} />
            </div>
            <p class="ds-count" aria-live="polite">{ count }</p>
            <table class="c-table ds-table" data-testid="roles-table">
                <thead>
                    <tr class="c-table__row c-table__row--header">
                        <th scope="col" class="c-table__row__cell ds-pick">
                            <span class="ds-visually-hidden">{ t.t("roles.col_pick") }</span>
                        </th>
                        <th scope="col" class="c-table__row__cell">{ t.t("roles.col_name") }</th>
                        <th scope="col" class="c-table__row__cell">{ t.t("roles.col_description") }</th>
                        <th scope="col" class="c-table__row__cell ds-num">{ t.t("roles.col_agents") }</th>
                        <th scope="col" class="c-table__row__cell">{ t.t("roles.col_updated") }</th>
                    </tr>
                </thead>
                <tbody>
                    { for shown.iter().map(|role| row(&t, role, &list.picked, &toggle, go)) }
                </tbody>
            </table>
            if shown.is_empty() {
                <p class="ds-muted" role="status">{ t.t_with("roles.no_match", &[("query", &list.query)]) }</p>
            }
        </div>
    }
}

fn row(
    t: &deskset_domain::i18n::Translator,
    role: &CustomRole,
    picked: &[u64],
    toggle: &Callback<u64>,
    go: &Callback<Screen>,
) -> Html {
    let updated = role.updated_at().unwrap_or_default();
    let id = role.id();
    let name = role.name().to_string();
    let is_picked = id.is_some_and(|id| picked.contains(&id));
    let toggle = {
        let toggle = toggle.clone();
        Callback::from(move |_: Event| {
            if let Some(id) = id {
                toggle.emit(id)
            }
        })
    };
    let open = go.reform(move |_: MouseEvent| id.map(Screen::Show).unwrap_or(Screen::List));
    html! {
        <tr class="c-table__row" key={id.map(|i| i.to_string()).unwrap_or_else(|| name.clone())}>
            <td class="c-table__row__cell ds-pick">
                <input type="checkbox" checked={is_picked} onchange={toggle}
                    aria-label={t.t_with("roles.pick", &[("name", &name)])} />
            </td>
            <th scope="row" class="c-table__row__cell ds-name">
                <button type="button" class="ds-link" onclick={open}>{ name.clone() }</button>
            </th>
            <td class="c-table__row__cell ds-muted">{ role.description().unwrap_or_default().to_string() }</td>
            <td class="c-table__row__cell ds-num">{ role.team_member_count().unwrap_or(0) }</td>
            <td class="c-table__row__cell">
                if !updated.is_empty() {
                    <time datetime={updated.to_string()} title={full_date(t, updated)}>
                        { relative_time(t, updated) }
                    </time>
                }
            </td>
        </tr>
    }
}
