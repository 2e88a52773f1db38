//! deskset's pure logic: every decision the app makes that does not need I/O.
//!
//! Nothing here touches the browser, the network or the clock: callers pass in what they
//! observed (a status code, a header, "now"), and get back a decision. That keeps the rules
//! testable natively in milliseconds, and the same code runs inside the wasm app.

pub mod access;
pub mod autotask;
pub mod configurations;
pub mod deploy;
pub mod http;
pub mod i18n;
pub mod location;
pub mod oauth;
pub mod retry;
pub mod role_edit;
pub mod role_schema;
pub mod role_validation;
pub mod roles;
pub mod screens;
pub mod share;
pub mod support_access;
pub mod tile;
pub mod time;
pub mod zaf_wire;
pub mod zendesk_error;
