//! `/api/v2/custom_roles`.

use crate::http::{Api, HttpError, Request};
use deskset_domain::roles::{CustomRole, CustomRolesResponse};

/// Every custom role of the account (`GET /api/v2/custom_roles`; not paginated by Zendesk).
pub async fn list(api: &Api) -> Result<Vec<CustomRole>, HttpError> {
    let body: CustomRolesResponse = api.json(Request::get("/api/v2/custom_roles")).await?;
    Ok(body.custom_roles)
}
