//! The shapes ZAF answers with. Every field is optional or defaulted: an unexpected answer
//! degrades a screen, it never panics the app.

use deskset_domain::access::UserRole;
use serde::Deserialize;
use serde_json::{Map, Value};

/// `client.context()`.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Context {
    /// The location name (`nav_bar`, `ticket_sidebar`, ...).
    #[serde(default)]
    pub location: String,
    /// This app instance.
    #[serde(default)]
    pub instance_guid: String,
    /// The Zendesk product (`support`).
    #[serde(default)]
    pub product: String,
    /// The account.
    #[serde(default)]
    pub account: ContextAccount,
    /// The open ticket's id (ticket locations).
    #[serde(default)]
    pub ticket_id: Option<Value>,
    /// The viewed user's id (user_sidebar).
    #[serde(default)]
    pub user_id: Option<Value>,
}

/// `context.account`.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
pub struct ContextAccount {
    /// The account's subdomain.
    #[serde(default)]
    pub subdomain: String,
}

/// `client.metadata()`.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// The app's id.
    #[serde(default)]
    pub app_id: Option<Value>,
    /// This installation's id (for `PUT /api/v2/apps/installations/{id}.json`).
    #[serde(default)]
    pub installation_id: Option<Value>,
    /// The installation's non-secure settings, as of the app's load.
    #[serde(default)]
    pub settings: Map<String, Value>,
}

/// A Zendesk user as ZAF describes it (`currentUser`, `ticket.requester`, `user`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CurrentUser {
    /// The user's id.
    #[serde(default)]
    pub id: Value,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Primary email, when the user has one.
    #[serde(default)]
    pub email: Option<String>,
    /// admin, agent (standard or custom role), end user.
    #[serde(default = "agent")]
    pub role: UserRole,
    /// The user's Zendesk locale, e.g. `en-US`.
    #[serde(default)]
    pub locale: Option<String>,
}

fn agent() -> UserRole {
    UserRole::Agent
}

/// `currentAccount`.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct CurrentAccount {
    /// The account's subdomain.
    #[serde(default)]
    pub subdomain: String,
    /// The plan's name, when ZAF reports it.
    #[serde(default)]
    pub plan_name: Option<String>,
}
