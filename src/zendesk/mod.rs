//! The console's edge: typed Zendesk Support API calls over [`deskset_web::http::Api`], and the
//! flows built on them (a share's checks and exchange, a configuration's change). Every call
//! returns a typed result; the views only dispatch them.

pub mod configurations;
pub mod deploy;
pub mod registration;
pub mod review;
pub mod roles;
pub mod shares;
pub mod support_access;
pub mod users;
