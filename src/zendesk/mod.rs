//! Typed Zendesk Support API calls, over [`deskset_web::http::Api`].

pub mod account;
pub mod configurations;
pub mod roles;
pub mod users;
