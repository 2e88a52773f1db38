//! Zendesk's error answers: `{"error": "...", "description": "..."}` with the matching status,
//! `422 {"error": "RecordInvalid", "description": "...", "details": {"<field>": [...]}}` for validation,
//! and the spec's `Errors` shape, `{"errors": [{"code", "title"}]}`, for bad pagination parameters.

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
    /// Sent as the spec's `Errors` body, `{"errors": [{"code": error, "title": description}]}`,
    /// instead of `{"error", "description"}`.
    pub errors_shape: bool,
}

impl ZdError {
    pub fn new(status: StatusCode, error: &'static str, description: &str) -> ZdError {
        ZdError {
            status,
            error,
            description: Some(description.to_owned()),
            details: None,
            errors_shape: false,
        }
    }

    /// Bad or missing credentials, token access off: Zendesk sends only this short body.
    pub fn unauthenticated() -> ZdError {
        ZdError {
            status: StatusCode::UNAUTHORIZED,
            error: "Couldn't authenticate you",
            description: None,
            details: None,
            errors_shape: false,
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

    /// 400 `{"errors": [{"code": "InvalidPaginationParameter", "title": ...}]}`, as the spec's
    /// paginated endpoints answer a bad `page[...]` parameter.
    pub fn invalid_pagination(title: &str) -> ZdError {
        ZdError::errors(StatusCode::BAD_REQUEST, "InvalidPaginationParameter", title)
    }

    /// The spec's `Errors` body, `{"errors": [{"code", "title"}]}`, with this status.
    pub fn errors(status: StatusCode, code: &'static str, title: &str) -> ZdError {
        ZdError {
            errors_shape: true,
            ..ZdError::new(status, code, title)
        }
    }
}

impl IntoResponse for ZdError {
    fn into_response(self) -> Response {
        if self.errors_shape {
            let errors = json!([{"code": self.error, "title": self.description}]);
            return (self.status, Json(json!({ "errors": errors }))).into_response();
        }
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
