//! What every screen of a running app shares: the API client and who is signed in.

use crate::http::Api;
use crate::zaf::CurrentUser;
use std::rc::Rc;
use yew::prelude::*;

/// The signed-in agent's session, provided to every view as a context.
#[derive(Clone, PartialEq)]
pub struct Session {
    /// API calls, as this agent.
    pub api: Api,
    /// The signed-in agent.
    pub user: CurrentUser,
    /// The account's subdomain (`acme` for acme.zendesk.com).
    pub subdomain: String,
    /// deskset's installation in this account (where its settings live), when ZAF says.
    pub installation_id: Option<u64>,
}

/// The session. Views are only ever rendered below a provider of it.
#[hook]
pub fn use_session() -> Option<Rc<Session>> {
    use_context::<Rc<Session>>()
}
