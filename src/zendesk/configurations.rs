//! Named configurations: the lists their components are picked from, this account's own (the
//! `configurations` setting), and those of a share's source, read through the share's token.

use crate::zendesk::shares::source_request;
use deskset_domain::configurations::{self, Change, Configuration, Kind, ListError, Problem};
use deskset_domain::http::Explain;
use deskset_domain::share::{self, Share};
use deskset_web::http::{Api, HttpError, Method, Request};
use deskset_web::store::{SettingsStore, StoreError};
use serde_json::Map;

/// The names of this account's items of `kind`, every cursor page to the end (a large account
/// has thousands of macros: the editor offers them all or says why not). A list this plan or
/// user may not read has nothing to pick. `read` hears how many have been read after each page.
pub async fn names(api: &Api, kind: &Kind, read: &dyn Fn(usize)) -> Result<Vec<String>, ListError> {
    let mut all = Vec::new();
    let mut path = Some(kind.list_path.to_string());
    let mut pages = 0;
    while let Some(p) = path.take() {
        if pages == configurations::MAX_PAGES {
            return Err(ListError::TooMany);
        }
        let body = match api.json(Request::get(p)).await {
            Ok(body) => body,
            Err(e) if configurations::nothing_to_pick(e.status()) => return Ok(Vec::new()),
            Err(e) => return Err(ListError::Http(e)),
        };
        let (names, next) = configurations::names_in_page(kind, &body);
        all.extend(names);
        pages += 1;
        path = next;
        if path.is_some() {
            read(all.len());
        }
    }
    Ok(all)
}

/// Why a share's configurations could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceError {
    /// The saved entry has no usable URL or slot.
    Broken,
    /// The source refused the saved token (401): it was revoked, or the share predates tokens.
    Refused,
    /// The token works but may no longer read deskset's settings (403): the share's user is no
    /// longer an admin of the source.
    NotAdmin,
    /// deskset is no longer installed or registered there.
    Gone,
    Http(HttpError),
}

impl Explain for SourceError {
    fn i18n_key(&self) -> &'static str {
        match self {
            SourceError::Refused => "configurations.source_refused",
            SourceError::NotAdmin => "configurations.source_not_admin",
            SourceError::Gone => "configurations.source_gone",
            SourceError::Broken => "configurations.source_broken",
            SourceError::Http(_) => "configurations.source_error",
        }
    }

    fn detail(&self) -> Option<&str> {
        match self {
            SourceError::Http(e) => e.detail(),
            _ => None,
        }
    }
}

/// The configurations a share's source offers, asked with the share's token (the proxy fills it
/// in from the secure slot).
pub async fn shared(api: &Api, share: &Share) -> Result<Vec<Configuration>, SourceError> {
    let (Some(source), Some(slot)) = (&share.source, share.slot) else {
        return Err(SourceError::Broken);
    };
    let request = source_request(source, slot, Method::Get, "/api/v2/apps/installations.json");
    let body = match api.json(request).await {
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

/// Why a change to the configurations was not saved.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangeError {
    /// The change clashes with the list as it is now (e.g. another admin took the name).
    Problem(Problem),
    Failed(StoreError),
}

impl Explain for ChangeError {
    fn i18n_key(&self) -> &'static str {
        match self {
            ChangeError::Problem(p) => p.i18n_key(),
            ChangeError::Failed(e) => e.i18n_key(),
        }
    }

    fn detail(&self) -> Option<&str> {
        match self {
            ChangeError::Problem(_) => None,
            ChangeError::Failed(e) => e.detail(),
        }
    }
}

/// Applies `change` to the configurations as they are now (read afresh: another admin's change
/// meanwhile is kept), then writes them.
pub async fn apply_change(store: &dyn SettingsStore, change: &Change) -> Result<(), ChangeError> {
    let fresh = store.read().await.map_err(ChangeError::Failed)?;
    let now = configurations::read(fresh.get("configurations"));
    // Checked on screen already; a clash with a change made meanwhile is reported here.
    let all = configurations::apply(now, change).map_err(ChangeError::Problem)?;
    let mut changes = Map::new();
    changes.insert("configurations".into(), configurations::to_setting(&all));
    store
        .write(changes)
        .await
        .map(|_| ())
        .map_err(ChangeError::Failed)
}
