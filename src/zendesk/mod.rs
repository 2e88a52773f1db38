//! Typed Zendesk Support API calls, over [`crate::http::Api`].

pub mod roles;
pub mod users;
