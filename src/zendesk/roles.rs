//! `/api/v2/custom_roles`.

use deskset_domain::access::UserRole;
use deskset_domain::i18n::Collation;
use deskset_domain::role_edit;
use deskset_domain::roles::{self, CustomRole};
use deskset_domain::screens::roles::{Loaded, SaveError};
use deskset_web::http::{Api, HttpError, Method, Request};
use serde_json::Value;

/// Every custom role of the account (`GET /api/v2/custom_roles`; not paginated by Zendesk).
/// `iframe.html` sends this request before the wasm is ready (xtask dist's `App::early`).
pub async fn list(api: &Api) -> Result<Vec<CustomRole>, HttpError> {
    let body = api.json(Request::get("/api/v2/custom_roles")).await?;
    roles::parse_list(&body).ok_or_else(|| HttpError::Decode("no custom_roles list".into()))
}

/// The Roles tab's data: every role, sorted by `order`, and whether a user of `role` may manage
/// them. Agents need their own role (`users/me` has its id) to know that; admins do not, so
/// for them the list is the only request.
pub async fn load(
    api: &Api,
    role: UserRole,
    collation: impl Collation,
) -> Result<Loaded, HttpError> {
    let me = async {
        match role {
            // Without it the agent reads the roles only: the list still shows.
            UserRole::Agent => super::users::me(api).await.ok(),
            _ => None,
        }
    };
    let (list, me) = futures::join!(list(api), me);
    let own_role_id = me.as_ref().and_then(super::users::custom_role_id);
    Ok(Loaded::new(list?, &role, own_role_id, &collation))
}

/// Saves the form: creates `draft`, or updates `original` with what changed. A 422 with
/// details comes back as [`SaveError::Refused`], for the form to show by field.
pub async fn save(
    api: &Api,
    original: Option<&CustomRole>,
    draft: &CustomRole,
) -> Result<CustomRole, SaveError> {
    Ok(match original {
        Some(original) => update(api, original, draft).await?,
        None => create(api, draft).await?,
    })
}

fn role_url(id: u64) -> String {
    format!("/api/v2/custom_roles/{id}")
}

/// The role in a `{"custom_role": {...}}` answer.
fn role_in(body: &Value) -> Result<CustomRole, HttpError> {
    body.get("custom_role")
        .and_then(Value::as_object)
        .map(|r| CustomRole(r.clone()))
        .ok_or_else(|| HttpError::Decode("no custom_role object".into()))
}

/// One role (`GET /api/v2/custom_roles/{id}`), with its whole configuration.
pub async fn show(api: &Api, id: u64) -> Result<CustomRole, HttpError> {
    role_in(&api.json(Request::get(role_url(id))).await?)
}

/// Creates `draft` (`POST /api/v2/custom_roles`; Zendesk answers 200 with the new role).
pub async fn create(api: &Api, draft: &CustomRole) -> Result<CustomRole, HttpError> {
    let request =
        Request::new(Method::Post, "/api/v2/custom_roles").with_body(role_edit::create_body(draft));
    role_in(&api.json(request).await?)
}

/// Saves what changed between `original` and `edited` (`PUT /api/v2/custom_roles/{id}` with only
/// those fields). Nothing changed: no request, and `original` back.
pub async fn update(
    api: &Api,
    original: &CustomRole,
    edited: &CustomRole,
) -> Result<CustomRole, HttpError> {
    let (Some(id), Some(body)) = (original.id(), role_edit::update_body(original, edited)) else {
        return Ok(original.clone());
    };
    role_in(
        &api.json(Request::new(Method::Put, role_url(id)).with_body(body))
            .await?,
    )
}

/// Deletes a role (`DELETE /api/v2/custom_roles/{id}`; Zendesk answers 204).
pub async fn delete(api: &Api, id: u64) -> Result<(), HttpError> {
    api.send(Request::new(Method::Delete, role_url(id)))
        .await
        .map(|_| ())
}
