//! The lists a configuration's components are picked from, and the configurations of a share's
//! source, read through the share.

use crate::zendesk::account::{save, settings, source_request};
use deskset_domain::configurations::{self, Change, Configuration, Kind};
use deskset_domain::share::{self, ZendeskUrl};
use deskset_web::http::{Api, HttpError, Request};
use serde_json::{Map, Value};

/// At most this many pages of one list (100 items each).
const MAX_PAGES: usize = 20;

/// The names of this account's items of `kind`, following cursor pages.
pub async fn names(api: &Api, kind: &Kind) -> Result<Vec<String>, HttpError> {
    let mut all = Vec::new();
    let mut path = Some(kind.path.to_string());
    let mut pages = 0;
    while let Some(p) = path.take() {
        let (names, next) = configurations::names_in_page(kind, &api.json(Request::get(p)).await?);
        all.extend(names);
        pages += 1;
        if pages < MAX_PAGES {
            path = next;
        }
    }
    Ok(all)
}

/// Why a share's configurations could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceError {
    /// The saved entry has no usable URL or slot.
    Broken,
    /// The source refused the saved credentials (401): the token was removed or token access
    /// turned off.
    Refused,
    /// The credentials work but may no longer read deskset's settings (403): the share's user is
    /// no longer an admin of the source.
    NotAdmin,
    /// deskset is no longer installed or registered there.
    Gone,
    Http(HttpError),
}

/// The configurations a share's source offers, asked with the share's saved credentials (the
/// proxy fills them in from the secure slot).
pub async fn shared(
    api: &Api,
    entry: &Map<String, Value>,
) -> Result<Vec<Configuration>, SourceError> {
    let source = entry
        .get("source_url")
        .and_then(Value::as_str)
        .and_then(|u| ZendeskUrl::parse(u).ok())
        .ok_or(SourceError::Broken)?;
    let slot = entry
        .get("slot")
        .and_then(Value::as_u64)
        .and_then(|s| u8::try_from(s).ok())
        .ok_or(SourceError::Broken)?;
    let body = match api
        .json(source_request(
            &source,
            slot,
            "/api/v2/apps/installations.json",
        ))
        .await
    {
        Ok(body) => body,
        Err(HttpError::Status { status: 401, .. }) => return Err(SourceError::Refused),
        Err(HttpError::Status { status: 403, .. }) => return Err(SourceError::NotAdmin),
        Err(e) => return Err(SourceError::Http(e)),
    };
    let installation = share::deskset_installation(&body).ok_or(SourceError::Gone)?;
    Ok(configurations::read(
        installation
            .get("settings")
            .and_then(|s| s.get("configurations")),
    ))
}

/// Applies `change` to the configurations as they are now (read afresh: another admin's change
/// meanwhile is kept), then writes them.
pub async fn apply_change(api: &Api, id: u64, change: &Change) -> Result<(), ChangeError> {
    let fresh = settings(api, id).await.map_err(ChangeError::Http)?;
    let now = configurations::read(fresh.get("configurations"));
    // Checked on screen already; a clash with a change made meanwhile is reported here.
    let all = configurations::apply(now, change).map_err(ChangeError::Problem)?;
    let mut changes = Map::new();
    changes.insert("configurations".into(), configurations::to_setting(&all));
    save(api, id, changes)
        .await
        .map(|_| ())
        .map_err(ChangeError::Http)
}

/// Why a change to the configurations was not saved.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangeError {
    /// The change clashes with the list as it is now (e.g. another admin took the name).
    Problem(configurations::Problem),
    Http(HttpError),
}
