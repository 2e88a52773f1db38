//! Zendesk's error answers: `{"error": "...", "description": "..."}` with the matching status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

#[derive(Debug)]
pub struct ZdError {
    pub status: StatusCode,
    pub error: &'static str,
    pub description: Option<String>,
}

impl ZdError {
    pub fn new(status: StatusCode, error: &'static str, description: &str) -> ZdError {
        ZdError {
            status,
            error,
            description: Some(description.to_owned()),
        }
    }

    /// Bad or missing credentials, token access off: Zendesk sends only this short body.
    pub fn unauthenticated() -> ZdError {
        ZdError {
            status: StatusCode::UNAUTHORIZED,
            error: "Couldn't authenticate you",
            description: None,
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
}

impl IntoResponse for ZdError {
    fn into_response(self) -> Response {
        let body = match self.description {
            Some(d) => json!({"error": self.error, "description": d}),
            None => json!({"error": self.error}),
        };
        (self.status, Json(body)).into_response()
    }
}
