//! One module per screen. Views render state and dispatch actions: loads and writes go through
//! `crate::zendesk`, decisions through `deskset_domain`.

pub mod account;
pub mod configurations;
pub mod console;
pub mod deploy;
pub mod roles;
