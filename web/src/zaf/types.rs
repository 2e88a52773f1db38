//! What ZAF answers with. Each type is the JSON ZAF sent, read through accessors: nothing is
//! required, so an unexpected answer degrades a screen instead of failing it, and the wasm
//! carries one JSON reader (`serde_json::Value`) rather than one per type.

use deskset_domain::access::UserRole;
use serde_json::{Map, Value};

fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// `client.context()`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Context(pub Value);

impl Context {
    /// The location name (`nav_bar`, `ticket_sidebar`, ...); empty when ZAF gave none.
    pub fn location(&self) -> &str {
        text(&self.0, "location").unwrap_or_default()
    }

    /// The account's subdomain.
    pub fn subdomain(&self) -> &str {
        self.0
            .get("account")
            .and_then(|a| text(a, "subdomain"))
            .unwrap_or_default()
    }
}

/// `client.metadata()`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Metadata(pub Value);

impl Metadata {
    /// This installation's id (for `PUT /api/v2/apps/installations/{id}.json`).
    pub fn installation_id(&self) -> Option<u64> {
        self.0.get("installationId").and_then(Value::as_u64)
    }

    /// The installation's non-secure settings, as of the app's load.
    pub fn settings(&self) -> Option<&Map<String, Value>> {
        self.0.get("settings").and_then(Value::as_object)
    }
}

/// A Zendesk user as ZAF describes it (`currentUser`, `ticket.requester`, `user`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CurrentUser(pub Value);

impl CurrentUser {
    /// The user's id.
    pub fn id(&self) -> Option<u64> {
        self.0.get("id").and_then(Value::as_u64)
    }

    /// Display name.
    pub fn name(&self) -> &str {
        text(&self.0, "name").unwrap_or_default()
    }

    /// Primary email, when the user has one.
    pub fn email(&self) -> Option<&str> {
        text(&self.0, "email").filter(|e| !e.is_empty())
    }

    /// admin, agent (standard or custom role), end user.
    pub fn role(&self) -> UserRole {
        UserRole::from_zaf(self.0.get("role").unwrap_or(&Value::Null))
    }

    /// The user's Zendesk locale, e.g. `en-US`.
    pub fn locale(&self) -> Option<&str> {
        text(&self.0, "locale")
    }
}
