//! What both deskset apps (the console and the tile) use in the browser.
//!
//! Layering: [`zaf`] is the only code that touches the ZAF JS client; [`http`] sends requests
//! over it; [`store`] keeps an installation's settings; [`i18n`] looks up strings;
//! [`components`] and [`hooks`] are the pieces screens are built from; [`app`] starts an app
//! (ZAF, the signed-in user, strings) and hands the started session to the app's own view.
//! Every decision without I/O is in `deskset_domain`.

pub mod app;
pub mod components;
pub mod files;
pub mod hooks;
pub mod http;
pub mod i18n;
pub mod outside;
pub mod session;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;
pub mod zaf;

pub use deskset_domain as domain;
