//! deskset tile: a person's Autotask tickets in `top_bar` (the signed-in agent's own),
//! `ticket_sidebar` (the requester's) and `user_sidebar` (the viewed user's). Its own Zendesk
//! app, so the installation every agent loads holds only the Autotask settings.
//!
//! [`autotask`] holds the Autotask calls and the tile's load (the edge); [`view`] renders.

pub mod autotask;
pub mod load;
pub mod view;

use deskset_domain::location::Location;
use deskset_web::app::Started;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// The wasm entry point.
#[wasm_bindgen(start)]
pub fn start() {
    deskset_web::app::run(root);
}

/// The tile where Zendesk shows it; nothing elsewhere (a location the manifest does not list
/// is not a failure).
fn root(started: &Started) -> Html {
    match started.location {
        Location::TopBar | Location::TicketSidebar | Location::UserSidebar => html! {
            <view::AutotaskTile client={started.client.clone()} location={started.location} />
        },
        _ => html! {},
    }
}
