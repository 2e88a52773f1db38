//! The Roles tab: the account's custom agent roles, and for those who may (admins, agents whose
//! role has `manage_roles`), creating, editing, cloning, comparing, importing and deleting them.
//!
//! One component holds the loaded roles and which screen is open (`domain::screens::roles`);
//! each screen is its own module.

mod compare;
mod detail;
mod form;
mod import;
mod list;
pub(crate) mod perm;

use deskset_domain::roles::CustomRole;

use deskset_domain::screens::roles::{plan_lacks_roles, Loaded, Screen, Tab};
use deskset_web::components::{loading, Callout, Tone};
use deskset_web::hooks::{use_load, use_screen, Load};
use deskset_web::i18n::{collate, describe_error, prepare_dates, use_i18n};
use deskset_web::session::use_session;
use std::rc::Rc;
use yew::prelude::*;

/// Loads and shows the custom roles, with a state for each outcome.
#[component]
pub fn RolesTab() -> Html {
    let t = use_i18n();
    let session = use_session();
    let tab = use_screen(Tab::default);
    let order = collate(&t);
    // The list's dates: formatters built while the roles load, not when they arrive.
    prepare_dates(&t);
    let (state, reload) = use_load(session, false, move |s| {
        let order = order.clone();
        async move { crate::zendesk::roles::load(&s.api, s.user.role(), order).await }
    });
    let go = {
        let tab = tab.clone();
        Callback::from(move |next: Screen| tab.dispatch(next))
    };
    // After a change Zendesk made: reload the list, then show where the person was going.
    let changed = {
        let tab = tab.clone();
        let reload = reload.clone();
        Callback::from(move |next: Screen| {
            tab.dispatch(next);
            reload.emit(());
        })
    };
    let body = match &state {
        Load::Loading => loading(t.t("roles.loading")),
        Load::Failed(e) if plan_lacks_roles(e) => {
            Callout::new(Tone::Info, "plan", t.t("roles.plan_title"))
                .body(t.t("roles.plan_body"))
                .render(&t)
        }
        Load::Failed(e) => {
            let (text, detail) = describe_error(&t, e);
            Callout::new(Tone::Error, "error", t.t("roles.error_title"))
                .body(text)
                .detail(detail)
                .retry(reload.clone())
                .render(&t)
        }
        Load::Ready(loaded) | Load::Stale(loaded, _) => {
            screen_view(&tab.screen, loaded, &go, &changed)
        }
    };
    html! {
        <section class="ds-section" aria-labelledby="roles-title">
            <h2 id="roles-title" class="ds-subtitle">{ t.t("roles.title") }</h2>
            { body }
        </section>
    }
}

fn screen_view(
    screen: &Screen,
    loaded: &Loaded,
    go: &Callback<Screen>,
    changed: &Callback<Screen>,
) -> Html {
    let back = go.reform(|_: ()| Screen::List);
    let list = || html! { <list::RolesList loaded={loaded.clone()} go={go.clone()} /> };
    match screen {
        Screen::List => list(),
        Screen::Show(id) => match loaded.find(*id) {
            Some(role) => html! {
                <detail::RoleDetail role={Rc::new(role.clone())} may_manage={loaded.may_manage}
                    go={go.clone()} changed={changed.clone()} />
            },
            None => list(),
        },
        Screen::New(draft) if loaded.may_manage => html! {
            <form::RoleForm original={None::<Rc<CustomRole>>} draft={Rc::new(draft.clone())}
                existing={loaded.roles.clone()} saved={changed.clone()} cancel={back} />
        },
        Screen::Edit(id) if loaded.may_manage => match loaded.find(*id) {
            Some(role) => {
                let (role, id) = (Rc::new(role.clone()), *id);
                html! {
                    <form::RoleForm original={Some(role.clone())} draft={role}
                        existing={loaded.roles.clone()} saved={changed.clone()}
                        cancel={go.reform(move |_: ()| Screen::Show(id))} />
                }
            }
            None => list(),
        },
        Screen::Compare(ids) => {
            let chosen: Vec<CustomRole> = ids
                .iter()
                .filter_map(|id| loaded.find(*id).cloned())
                .collect();
            html! { <compare::RoleCompare roles={Rc::new(chosen)} back={back} /> }
        }
        Screen::Import if loaded.may_manage => {
            html! { <import::RoleImport go={go.clone()} back={back} /> }
        }
        // A screen the user may not open (it cannot be reached from the UI): the list.
        _ => list(),
    }
}
