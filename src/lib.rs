//! deskset, the console (`nav_bar`): custom agent roles, sharing agreements and support access,
//! for admins (and agents whose role manages roles). Its own Zendesk app, so the share
//! credentials live in an installation whose audience is admins.
//!
//! [`zendesk`] holds the typed Zendesk calls and the flows built on them (the edge); [`views`]
//! render; every decision is in `deskset_domain`.

pub mod views;
pub mod zendesk;

use deskset_domain::location::Location;
use deskset_web::app::{Boot, Started};
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// The wasm entry point.
#[wasm_bindgen(start)]
pub fn start() {
    deskset_web::app::run(root, early);
}

/// The console opens on the Roles tab for everyone who may open it (admins, and agents, whose
/// tab list starts with Roles too: `deskset_domain::access::Tab`), so its list is asked for the
/// moment the ZAF client exists, next to `currentUser` and the strings; the tab's load gets this
/// answer (`deskset_web::app::Boot`).
fn early(boot: &Boot) {
    boot.send_now(zendesk::roles::list_request());
}

/// The console in `nav_bar`; nothing elsewhere (a location the manifest does not list is not a
/// failure).
fn root(started: &Started) -> Html {
    match started.location {
        Location::NavBar => html! { <views::console::Console /> },
        _ => html! {},
    }
}
