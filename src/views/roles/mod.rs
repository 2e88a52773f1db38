//! The Roles tab: the account's custom agent roles, and for those who may (admins, agents whose
//! role has `manage_roles`), creating, editing, cloning, comparing, importing and deleting them.
//!
//! One component holds the loaded roles and which screen is open; each screen is its own module.

mod compare;
mod detail;
mod form;
mod import;
mod list;
mod perm;

use crate::components::{loading, Callout, Tone};
use crate::hooks::{use_load, Load};
use crate::i18n::{collate, describe_error, use_i18n};
use crate::session::use_session;
use crate::zendesk;
use deskset_domain::access::may_manage_roles;
use deskset_domain::http::HttpError;
use deskset_domain::roles::{self, CustomRole};
use std::rc::Rc;
use yew::prelude::*;

/// What the tab shows.
#[derive(Clone, PartialEq)]
pub enum Screen {
    List,
    Show(u64),
    /// The create form, prefilled (blank, a clone, an import).
    New(Rc<CustomRole>),
    Edit(u64),
    Compare(Vec<u64>),
    Import,
}

/// The roles and what the signed-in user may do with them.
#[derive(Clone, PartialEq)]
pub struct Loaded {
    pub roles: Rc<Vec<CustomRole>>,
    pub may_manage: bool,
}

impl Loaded {
    fn find(&self, id: u64) -> Option<&CustomRole> {
        self.roles.iter().find(|r| r.id() == Some(id))
    }
}

/// Loads and shows the custom roles, with a state for each outcome.
#[component]
pub fn RolesTab() -> Html {
    let t = use_i18n();
    let session = use_session();
    let screen = use_state(|| Screen::List);
    let order = collate(&t);
    let (state, reload) = use_load(move || async move {
        let Some(s) = session else {
            return Err(HttpError::Network("no session".into()));
        };
        let role = s.user.role();
        // Agents need their own role to know whether they may manage roles; admins do not.
        let me = async {
            match role {
                deskset_domain::access::UserRole::Agent => zendesk::users::me(&s.api).await.ok(),
                _ => None,
            }
        };
        let (list, me) = futures::join!(zendesk::roles::list(&s.api), me);
        let list = roles::sorted_by_name(list?, order);
        let own = me
            .as_ref()
            .and_then(zendesk::users::custom_role_id)
            .and_then(|id| list.iter().find(|r| r.id() == Some(id)));
        let may_manage = may_manage_roles(&role, own);
        Ok(Loaded {
            roles: Rc::new(list),
            may_manage,
        })
    });
    let go = {
        let screen = screen.clone();
        Callback::from(move |next: Screen| screen.set(next))
    };
    // After a change Zendesk made: reload the list, then show where the person was going.
    let changed = {
        let screen = screen.clone();
        let reload = reload.clone();
        Callback::from(move |next: Screen| {
            screen.set(next);
            reload.emit(());
        })
    };
    let body = match &*state {
        Load::Loading => loading(t.t("roles.loading")),
        // Custom roles are an Enterprise feature; every agent may list them, so a 403 or 404
        // on the list means the plan lacks them.
        Load::Failed(e) if matches!(e.status(), Some(403) | Some(404)) => {
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
        Load::Ready(loaded) => screen_view(&screen, loaded, &go, &changed),
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
    match screen {
        Screen::List => html! { <list::RolesList loaded={loaded.clone()} go={go.clone()} /> },
        Screen::Show(id) => match loaded.find(*id) {
            Some(role) => html! {
                <detail::RoleDetail role={Rc::new(role.clone())} may_manage={loaded.may_manage}
                    go={go.clone()} changed={changed.clone()} />
            },
            None => html! { <list::RolesList loaded={loaded.clone()} go={go.clone()} /> },
        },
        Screen::New(draft) if loaded.may_manage => html! {
            <form::RoleForm original={None::<Rc<CustomRole>>} draft={draft.clone()}
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
            None => html! { <list::RolesList loaded={loaded.clone()} go={go.clone()} /> },
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
        _ => html! { <list::RolesList loaded={loaded.clone()} go={go.clone()} /> },
    }
}
