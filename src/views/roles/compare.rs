//! Two or more roles side by side: the permission matrix, differences highlighted, and a filter
//! to show only the differences.

use super::perm;
use deskset_domain::role_edit::compare;
use deskset_domain::roles::CustomRole;
use deskset_domain::screens::roles::Compare;
use deskset_web::hooks::use_screen;
use deskset_web::i18n::use_i18n;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RoleCompareProps {
    pub roles: Rc<Vec<CustomRole>>,
    pub back: Callback<()>,
}

#[component]
pub fn RoleCompare(props: &RoleCompareProps) -> Html {
    let t = use_i18n();
    let state = use_screen(Compare::default);
    let only_differences = state.only_differences;
    let rows = compare(&props.roles);
    let differing = rows.iter().filter(|r| r.differs).count();
    let toggle = {
        let state = state.clone();
        Callback::from(move |_: Event| state.dispatch(!only_differences))
    };
    html! {
        <div class="ds-compare" data-state="compare">
            <button type="button" class="ds-link ds-back" onclick={props.back.reform(|_: MouseEvent| ())}>
                { t.t("roles.back") }
            </button>
            <p class="ds-count" aria-live="polite">
                { t.t_with("roles.compare_summary", &[("count", &differing.to_string())]) }
            </p>
            <div class="c-field">
                <input id="only-differences" class="c-field__checkbox" type="checkbox"
                    checked={only_differences} onchange={toggle} />
                <label class="c-field__label" for="only-differences">{ t.t("roles.only_differences") }</label>
            </div>
            <div class="ds-scroll">
                <table class="c-table ds-table ds-matrix" data-testid="compare-matrix">
                    <thead>
                        <tr class="c-table__row c-table__row--header">
                            <th scope="col" class="c-table__row__cell">{ t.t("roles.col_permission") }</th>
                            { for props.roles.iter().map(|r| html! {
                                <th scope="col" class="c-table__row__cell">{ r.name().to_string() }</th>
                            }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for rows.iter().filter(|r| r.differs || !only_differences).map(|row| html! {
                            <tr class={classes!("c-table__row", row.differs.then_some("ds-differs"))}
                                data-key={row.key.clone()} data-differs={row.differs.to_string()}>
                                <th scope="row" class="c-table__row__cell">{ perm::label(&t, &row.key) }</th>
                                { for row.values.iter().map(|v| html! {
                                    <td class="c-table__row__cell">{ perm::value_text(&t, row.permission, &row.key, v.as_ref()) }</td>
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </div>
    }
}
