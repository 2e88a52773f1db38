//! Where an app keeps its data: its installation's settings (ARCHITECTURE.md, "Where deskset keeps
//! its data"), behind [`SettingsStore`] so that another backend (Zendesk custom objects, say) can
//! take its place without touching the screens.
//!
//! Reads are always fresh (`client.metadata()` keeps the values the app started with); a write
//! names only the settings it changes (Zendesk keeps the others, secure ones included) and
//! answers the settings as Zendesk saved them.

use crate::http::{Api, HttpError, Method, Request};
use deskset_domain::http::Explain;
use futures::future::LocalBoxFuture;
use serde_json::{json, Map, Value};

/// Readable settings (secure ones are never among them).
pub type Settings = Map<String, Value>;

/// Why the settings could not be read or written.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreError {
    /// ZAF did not say which installation this app is, so there is nothing to read or write.
    NoInstallation,
    /// Zendesk refused or did not answer.
    Http(HttpError),
}

impl From<HttpError> for StoreError {
    fn from(e: HttpError) -> Self {
        StoreError::Http(e)
    }
}

impl Explain for StoreError {
    fn i18n_key(&self) -> &'static str {
        match self {
            StoreError::NoInstallation => "errors.no_installation",
            StoreError::Http(e) => e.i18n_key(),
        }
    }

    fn detail(&self) -> Option<&str> {
        match self {
            StoreError::NoInstallation => None,
            StoreError::Http(e) => e.detail(),
        }
    }
}

/// An app's settings.
pub trait SettingsStore {
    /// The settings as they are now.
    fn read(&self) -> LocalBoxFuture<'_, Result<Settings, StoreError>>;
    /// Writes `changes` (only those settings) and returns the settings as saved.
    fn write(&self, changes: Settings) -> LocalBoxFuture<'_, Result<Settings, StoreError>>;
}

/// The settings of an app installation, through `/api/v2/apps/installations/{id}.json` as the
/// signed-in admin.
#[derive(Clone, PartialEq)]
pub struct Installation {
    api: Api,
    id: Option<u64>,
}

impl Installation {
    /// The installation `id` (`None` when ZAF did not say: every call then fails with
    /// [`StoreError::NoInstallation`]).
    pub fn new(api: Api, id: Option<u64>) -> Self {
        Self { api, id }
    }

    fn url(&self) -> Result<String, StoreError> {
        let id = self.id.ok_or(StoreError::NoInstallation)?;
        Ok(format!("/api/v2/apps/installations/{id}.json"))
    }
}

/// The `settings` of an installation answer (`{"installation": {...}}` or the object itself).
fn settings_in(body: &Value) -> Option<Settings> {
    body.get("installation")
        .unwrap_or(body)
        .get("settings")
        .and_then(Value::as_object)
        .cloned()
}

impl SettingsStore for Installation {
    fn read(&self) -> LocalBoxFuture<'_, Result<Settings, StoreError>> {
        Box::pin(async move {
            let body = self.api.json(Request::get(self.url()?)).await?;
            settings_in(&body).ok_or_else(|| {
                StoreError::Http(HttpError::Decode("no settings in the installation".into()))
            })
        })
    }

    fn write(&self, changes: Settings) -> LocalBoxFuture<'_, Result<Settings, StoreError>> {
        Box::pin(async move {
            let request =
                Request::new(Method::Put, self.url()?).with_body(json!({ "settings": changes }));
            let body = self.api.json(request).await?;
            Ok(settings_in(&body).unwrap_or_default())
        })
    }
}
