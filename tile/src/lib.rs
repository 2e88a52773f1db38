//! deskset tile: a person's Autotask tickets in `top_bar` (the signed-in agent's own),
//! `ticket_sidebar` (the requester's) and `user_sidebar` (the viewed user's). Its own Zendesk
//! app, so the installation every agent loads holds only the Autotask settings.
//!
//! [`autotask`] holds the Autotask calls and the tile's load (the edge); [`view`] renders.

pub mod autotask;
pub mod load;
pub mod view;

use deskset_domain::location::Location;
use deskset_domain::tile::{cache_key, TileSettings};
use deskset_web::app::{Boot, Started};
use deskset_web::http::Request;
use deskset_web::zaf::{REQUESTER_PATH, VIEWED_USER_PATH};
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// The wasm entry point.
#[wasm_bindgen(start)]
pub fn start() {
    deskset_web::app::run(root, early);
}

/// What the tile's first load will ask, asked as soon as Zendesk has answered the handshake
/// (the registration carries the location and the settings), next to `currentUser` and the
/// strings instead of after them: the person on screen (a sidebar's `get`) and, when this
/// browser does not know the API user's zone yet, the zone lookup. The load then sends the same
/// calls as always and gets these answers (`deskset_web::app::Boot`).
fn early(boot: &Boot) {
    let boot = boot.clone();
    yew::platform::spawn_local(async move {
        let (context, metadata) = futures::join!(boot.client.context(), boot.client.metadata());
        if let Ok(context) = context {
            match Location::parse(context.location()) {
                Location::TicketSidebar => boot.client.get_now(REQUESTER_PATH),
                Location::UserSidebar => boot.client.get_now(VIEWED_USER_PATH),
                _ => {}
            }
        }
        let settings = metadata.ok().and_then(|m| m.settings().cloned());
        let Some(settings) = settings else { return };
        let Ok(settings) = TileSettings::read(&settings, autotask::BUILT_IN_CODE) else {
            return;
        };
        let now = js_sys::Date::now() as i64;
        if autotask::cache::read(&cache_key(&settings.username), now).is_none() {
            boot.send_now(Request::get(deskset_domain::autotask::zone_lookup_url(
                &settings.username,
            )));
        }
    });
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
