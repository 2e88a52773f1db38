//! deskset: a Zendesk app in Rust. One wasm bundle serves every ZAF location; `app` picks the
//! root view from the location ZAF reports.
//!
//! Layering: `zaf` is the only code that touches the ZAF JS client; `http` sends requests over
//! it; `zendesk` holds typed API calls; `deskset_domain` (the `domain/` crate) makes every
//! decision without I/O; `views` and `components` render.

pub mod app;
pub mod autotask;
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
    yew::set_custom_panic_hook(Box::new(on_panic));
    let client = zaf::ZafClient::init();
    yew::Renderer::<app::App>::with_props(app::AppProps { client }).render();
}

/// A panic stops the wasm for good (`panic = "abort"`): log it, and replace whatever was on
/// screen (perhaps a spinner) with a plain statement, so nobody waits on a dead app.
fn on_panic(info: &std::panic::PanicHookInfo<'_>) {
    console_error_panic_hook::hook(info);
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-state", "crashed");
        // No translation lookup here: nothing may run that could panic again.
        body.set_text_content(Some(
            "deskset stopped because of an internal error. Reload the page to start it again.",
        ));
    }
}
