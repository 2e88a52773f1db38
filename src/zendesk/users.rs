//! `/api/v2/users`.

use deskset_web::http::{Api, HttpError, Request};
use serde_json::Value;

/// The signed-in user as the API describes them (`GET /api/v2/users/me.json`): ZAF's
/// `currentUser` lacks `custom_role_id`, which says what an agent may do.
pub async fn me(api: &Api) -> Result<Value, HttpError> {
    let body = api.json(Request::get("/api/v2/users/me.json")).await?;
    body.get("user")
        .cloned()
        .filter(Value::is_object)
        .ok_or_else(|| HttpError::Decode("no user object".into()))
}

/// The custom role id in a `users/me` answer, when the user has one.
pub fn custom_role_id(user: &Value) -> Option<u64> {
    user.get("custom_role_id").and_then(Value::as_u64)
}
