//! Zendesk's error answers: `{"error": "...", "description": "..."}` with the matching status, and
//! `422 {"error": "RecordInvalid", "description": "...", "details": {"<field>": [...]}}` for validation.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

#[derive(Debug)]
pub struct ZdError {
    pub status: StatusCode,
    pub error: &'static str,
    pub description: Option<String>,
    /// `details` of a `RecordInvalid` answer: field -> `[{"description", "error"}]`.
    pub details: Option<Value>,
}

impl ZdError {
    pub fn new(status: StatusCode, error: &'static str, description: &str) -> ZdError {
        ZdError {
            status,
            error,
            description: Some(description.to_owned()),
            details: None,
        }
    }

    /// Bad or missing credentials, token access off: Zendesk sends only this short body.
    pub fn unauthenticated() -> ZdError {
        ZdError {
            status: StatusCode::UNAUTHORIZED,
            error: "Couldn't authenticate you",
            description: None,
            details: None,
        }
    }

    pub fn forbidden() -> ZdError {
        ZdError::new(
            StatusCode::FORBIDDEN,
            "Forbidden",
            "You do not have access to this page. Please contact the account owner of this help desk for further help.",
        )
    }

    pub fn not_found() -> ZdError {
        ZdError::new(StatusCode::NOT_FOUND, "RecordNotFound", "Not found")
    }

    pub fn invalid_endpoint() -> ZdError {
        ZdError::new(StatusCode::NOT_FOUND, "InvalidEndpoint", "Not found")
    }

    pub fn bad_request(description: &str) -> ZdError {
        ZdError::new(StatusCode::BAD_REQUEST, "InvalidValue", description)
    }

    /// 422 `RecordInvalid` with these `details` (an object: field -> list of `{description, error}`).
    pub fn record_invalid(description: &str, details: Value) -> ZdError {
        ZdError {
            details: Some(details),
            ..ZdError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "RecordInvalid",
                description,
            )
        }
    }
}

impl IntoResponse for ZdError {
    fn into_response(self) -> Response {
        let mut body = json!({"error": self.error});
        if let Some(d) = self.description {
            body["description"] = json!(d);
        }
        if let Some(details) = self.details {
            body["details"] = details;
        }
        (self.status, Json(body)).into_response()
    }
}
