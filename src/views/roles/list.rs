//! The Roles tab: the account's custom agent roles.

use crate::components::{Callout, Loading, Tone};
use crate::hooks::{use_load, Load};
use crate::i18n::{collate, describe_error, fold, full_date, relative_time, use_i18n};
use crate::session::use_session;
use crate::zendesk;
use deskset_domain::http::HttpError;
use deskset_domain::roles::{self, CustomRole};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Loads and shows the custom roles, with a state for each outcome.
#[component]
pub fn RolesTab() -> Html {
    let t = use_i18n();
    let session = use_session();
    let order = collate(&t);
    let (state, retry) = use_load(move || async move {
        match session {
            Some(s) => zendesk::roles::list(&s.api)
                .await
                .map(|list| roles::sorted_by_name(list, order)),
            None => Err(HttpError::Network("no session".into())),
        }
    });
    let body = match &*state {
        Load::Loading => html! { <Loading text={t.t("roles.loading")} /> },
        // Custom roles are an Enterprise feature; every agent may list them, so a 403 or 404
        // on the list means the plan lacks them.
        Load::Failed(e) if matches!(e.status(), Some(403) | Some(404)) => html! {
            <Callout tone={Tone::Info} state="plan" title={t.t("roles.plan_title")}
                body={Some(AttrValue::from(t.t("roles.plan_body")))} />
        },
        Load::Failed(e) => {
            let (text, detail) = describe_error(&t, e);
            html! {
                <Callout tone={Tone::Error} state="error" title={t.t("roles.error_title")}
                    body={Some(AttrValue::from(text))} detail={detail.map(AttrValue::from)}
                    on_retry={Some(retry.clone())} />
            }
        }
        Load::Ready(list) if list.is_empty() => html! {
            <Callout tone={Tone::Info} state="empty" title={t.t("roles.empty_title")}
                body={Some(AttrValue::from(t.t("roles.empty_body")))} />
        },
        Load::Ready(list) => html! { <RolesTable roles={list.clone()} /> },
    };
    html! {
        <section class="ds-section" aria-labelledby="roles-title">
            <h2 id="roles-title" class="ds-subtitle">{ t.t("roles.title") }</h2>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RolesTableProps {
    roles: Vec<CustomRole>,
}

#[component]
fn RolesTable(props: &RolesTableProps) -> Html {
    let t = use_i18n();
    let query = use_state(String::new);
    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            query.set(input.value());
        })
    };
    let shown: Vec<&CustomRole> = props
        .roles
        .iter()
        .filter(|r| roles::matches(r, &query, fold(&t)))
        .collect();
    let count = t.t_with(
        "roles.shown",
        &[
            ("shown", &shown.len().to_string()),
            ("total", &props.roles.len().to_string()),
        ],
    );
    html! {
        <div data-state="ready">
            <div class="c-field ds-filter">
                <label class="c-field__label" for="roles-filter">{ t.t("roles.filter_label") }</label>
                <input id="roles-filter" class="c-field__input" type="search" autocomplete="off"
                    placeholder={t.t("roles.filter_placeholder")} value={(*query).clone()} {oninput} />
            </div>
            <p class="ds-count" aria-live="polite">{ count }</p>
            <table class="c-table ds-table" data-testid="roles-table">
                <thead>
                    <tr class="c-table__row c-table__row--header">
                        <th scope="col" class="c-table__row__cell">{ t.t("roles.col_name") }</th>
                        <th scope="col" class="c-table__row__cell">{ t.t("roles.col_description") }</th>
                        <th scope="col" class="c-table__row__cell ds-num">{ t.t("roles.col_agents") }</th>
                        <th scope="col" class="c-table__row__cell">{ t.t("roles.col_updated") }</th>
                    </tr>
                </thead>
                <tbody>
                    { for shown.iter().map(|role| {
                        let updated = role.updated_at().unwrap_or_default();
                        html! {
                            <tr class="c-table__row" key={role.id().map(|i| i.to_string()).unwrap_or_else(|| role.name().to_string())}>
                                <th scope="row" class="c-table__row__cell ds-name">{ role.name().to_string() }</th>
                                <td class="c-table__row__cell ds-muted">{ role.description().unwrap_or_default().to_string() }</td>
                                <td class="c-table__row__cell ds-num">{ role.team_member_count().unwrap_or(0) }</td>
                                <td class="c-table__row__cell">
                                    if !updated.is_empty() {
                                        <time datetime={updated.to_string()} title={full_date(&t, updated)}>
                                            { relative_time(&t, updated) }
                                        </time>
                                    }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if shown.is_empty() {
                <p class="ds-muted" role="status">{ t.t_with("roles.no_match", &[("query", &query)]) }</p>
            }
        </div>
    }
}
