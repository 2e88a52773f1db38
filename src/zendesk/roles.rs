//! `/api/v2/custom_roles`.

use crate::http::{Api, HttpError, Request};
use deskset_domain::roles::{self, CustomRole};

/// Every custom role of the account (`GET /api/v2/custom_roles`; not paginated by Zendesk).
pub async fn list(api: &Api) -> Result<Vec<CustomRole>, HttpError> {
    let body = api.json(Request::get("/api/v2/custom_roles")).await?;
    roles::parse_list(&body).ok_or_else(|| HttpError::Decode("no custom_roles list".into()))
}
