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

/// The console's first calls (`currentUser`, and the Roles tab's `custom_roles`: it opens on
/// that tab for everyone who may open it) are sent by `iframe.html` itself, from the list
/// `cargo xtask dist` writes there (`App::early`); the console has none of its own.
fn early(_: &Boot) {}

/// The console in `nav_bar`; nothing elsewhere (a location the manifest does not list is not a
/// failure).
fn root(started: &Started) -> Html {
    match started.location {
        Location::NavBar => html! { <views::console::Console /> },
        _ => html! {},
    }
}
