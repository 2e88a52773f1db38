//! What every screen of a running app shares: the API client and who is signed in.

use crate::http::{Api, HttpError, Request, Response, Transport};
use crate::store::Installation;
use crate::zaf::CurrentUser;
use futures::future::LocalBoxFuture;
use serde_json::{Map, Value};
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
    /// This app's installation in the account (where its settings live), when ZAF says.
    pub installation_id: Option<u64>,
    /// The installation's readable settings as of the app's start (`client.metadata()`, which
    /// ZAF keeps until the app reloads: read the installation afresh before writing).
    pub settings: Rc<Map<String, Value>>,
}

impl Session {
    /// A session that sends nothing: every request fails with [`HttpError::NoSession`]. What a
    /// view gets if it is ever rendered outside a started app, instead of a crash.
    pub fn detached() -> Self {
        Session {
            api: Api::new(Rc::new(Detached)),
            user: CurrentUser::default(),
            subdomain: String::new(),
            installation_id: None,
            settings: Rc::default(),
        }
    }

    /// This app's settings in the account (its installation's).
    pub fn store(&self) -> Installation {
        Installation::new(self.api.clone(), self.installation_id)
    }
}

struct Detached;

impl Transport for Detached {
    fn send(&self, _: Request) -> LocalBoxFuture<'_, Result<Response, HttpError>> {
        Box::pin(async { Err(HttpError::NoSession) })
    }
}

/// The session. Views are rendered below its provider (`app::run`); without one they get a
/// [`Session::detached`] one.
#[hook]
pub fn use_session() -> Rc<Session> {
    use_context::<Rc<Session>>().unwrap_or_else(|| Rc::new(Session::detached()))
}
