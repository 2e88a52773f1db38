//! One module per screen. Views render and dispatch: API calls go through `zendesk::`, decisions
//! through `deskset_domain::`.

pub mod account;
pub mod configurations;
pub mod console;
pub mod outside;
pub mod roles;
pub mod tile;
