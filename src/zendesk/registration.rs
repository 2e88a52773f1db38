//! This account's registration with deskset (the `registration` setting): writing it, and
//! whether it still holds.

use deskset_domain::share::{self, Registration, RegistrationState};
use deskset_web::http::{Api, Request};
use deskset_web::store::{Settings, SettingsStore, StoreError};
use serde_json::Map;

/// Registers this account with the signed-in admin (`email`, `id`) at `now` (ISO 8601), and
/// returns the settings as saved.
pub async fn register(
    store: &dyn SettingsStore,
    email: &str,
    id: Option<u64>,
    now: String,
) -> Result<Settings, StoreError> {
    let mine = Registration {
        admin_email: email.to_string(),
        admin_id: id,
        registered_at: Some(now),
    };
    let mut changes = Map::new();
    changes.insert("registration".into(), mine.to_setting());
    store.write(changes).await
}

/// Whether the registration still holds: its admin's account as Zendesk answers it now (`None`
/// when the answer says nothing about it, e.g. no answer at all).
pub async fn state(api: &Api, registration: &Registration) -> Option<RegistrationState> {
    let id = registration.admin_id?;
    let (status, body) = api
        .answer(Request::get(format!("/api/v2/users/{id}.json")))
        .await?;
    share::registration_state(status, &body)
}
