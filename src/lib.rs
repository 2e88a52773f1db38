//! deskset: a Zendesk app in Rust. One wasm bundle serves every ZAF location; `app` picks the
//! root view from the location ZAF reports.
//!
//! Layering: `zaf` is the only code that touches the ZAF JS client; `http` sends requests over
//! it; `zendesk` holds typed API calls; `deskset_domain` (the `domain/` crate) makes every
//! decision without I/O; `views` and `components` render.

pub mod app;
pub mod components;
pub mod hooks;
pub mod http;
pub mod i18n;
pub mod session;
pub mod views;
pub mod zaf;
pub mod zendesk;

pub use deskset_domain as domain;

use wasm_bindgen::prelude::*;

/// The wasm entry point: initialise ZAF once and mount the app on `<body>`.
#[wasm_bindgen(start)]
pub fn start() {
    let client = zaf::ZafClient::init();
    yew::Renderer::<app::App>::with_props(app::AppProps { client }).render();
}
