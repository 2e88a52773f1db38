//! Typed Zendesk Support API calls, over [`crate::http::Api`].

pub mod account;
pub mod configurations;
pub mod roles;
pub mod users;
