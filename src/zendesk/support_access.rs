//! Support access: Zendesk's account assumption (`/api/v2/security_settings`).

use deskset_domain::support_access::{self, Grant};
use deskset_web::http::{Api, HttpError, Method, Request};
use serde_json::Value;

/// Support access now (`GET /api/v2/security_settings`).
pub async fn read(api: &Api) -> Result<Value, HttpError> {
    api.json(Request::get("/api/v2/security_settings")).await
}

/// Grants support access for `grant`, or turns it off (`None`).
pub async fn write(api: &Api, grant: Option<Grant>) -> Result<Value, HttpError> {
    let request = Request::new(Method::Put, "/api/v2/security_settings")
        .with_body(support_access::write_body(grant));
    api.json(request).await
}
