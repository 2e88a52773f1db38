//! HTTP answers and the one error type every API call returns.

use crate::zendesk_error;

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// One request. `url` is relative (`/api/v2/...`: this account, as the signed-in agent) or
/// absolute (through Zendesk's proxy).
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// Relative or absolute URL.
    pub url: String,
    /// A JSON body.
    pub body: Option<serde_json::Value>,
    /// Extra headers. Names must not contain underscores (the proxy rejects them).
    pub headers: Vec<(String, String)>,
    /// Ask the proxy to fill `{{setting.NAME}}` placeholders from secure settings.
    pub secure: bool,
}

impl Request {
    /// A GET of `url`.
    pub fn get(url: impl Into<String>) -> Self {
        Self {
            method: Method::Get,
            url: url.into(),
            body: None,
            headers: Vec::new(),
            secure: false,
        }
    }
}

/// An HTTP answer as the transport saw it, whatever its status.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// Headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body as text (empty for 204).
    pub body: String,
}

impl Response {
    /// A header's value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Why an API call failed. One type for every call, so that one place turns it into words.
#[derive(Debug, Clone, PartialEq)]
pub enum HttpError {
    /// The request never got an HTTP answer (offline, proxy unreachable, blocked).
    Network(String),
    /// No answer within deskset's own time limit.
    Timeout,
    /// An answer with a non-2xx status, and the text Zendesk put in its body, if any.
    Status {
        /// The HTTP status.
        status: u16,
        /// The error text from the body (see [`zendesk_error::message`]).
        message: Option<String>,
        /// The parsed body, for callers that read more than the message (422 details).
        body: serde_json::Value,
    },
    /// A 2xx answer whose body was not what the API documents.
    Decode(String),
    /// The app has no ZAF session to send requests with (a view rendered outside a started
    /// app): nothing was sent.
    NoSession,
}

impl HttpError {
    /// The error for a non-2xx answer.
    pub fn from_response(response: &Response) -> Self {
        let body: serde_json::Value =
            serde_json::from_str(&response.body).unwrap_or(serde_json::Value::Null);
        HttpError::Status {
            status: response.status,
            message: zendesk_error::message(&body),
            body,
        }
    }

    /// The HTTP status, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            HttpError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The translation key that explains this error to a person.
    pub fn i18n_key(&self) -> &'static str {
        match self {
            HttpError::Network(_) => "errors.network",
            HttpError::Timeout => "errors.timeout",
            HttpError::Decode(_) => "errors.decode",
            HttpError::NoSession => "errors.no_session",
            HttpError::Status { status, .. } => match status {
                401 => "errors.status_401",
                403 => "errors.status_403",
                404 => "errors.status_404",
                429 => "errors.status_429",
                500..=599 => "errors.status_5xx",
                _ => "errors.status_other",
            },
        }
    }

    /// Zendesk's own words about the error, to show after deskset's explanation.
    pub fn detail(&self) -> Option<&str> {
        match self {
            HttpError::Status { message, .. } => message.as_deref(),
            _ => None,
        }
    }
}

/// An error a person can be told about: deskset's explanation (a translation key) and the
/// service's own words, when it gave any. One place turns every boundary's errors into text.
pub trait Explain {
    /// The translation key that explains the error.
    fn i18n_key(&self) -> &'static str;
    /// The other side's own words about it.
    fn detail(&self) -> Option<&str> {
        None
    }
}

impl Explain for HttpError {
    fn i18n_key(&self) -> &'static str {
        HttpError::i18n_key(self)
    }

    fn detail(&self) -> Option<&str> {
        HttpError::detail(self)
    }
}

/// A 2xx answer's JSON body, or why not. Callers read it through typed accessors (see
/// [`crate::roles::CustomRole`]): one JSON reader for every body keeps the wasm small and keeps
/// every field Zendesk sent.
pub fn decode(response: &Response) -> Result<serde_json::Value, HttpError> {
    if !response.is_success() {
        return Err(HttpError::from_response(response));
    }
    serde_json::from_str(&response.body).map_err(|e| HttpError::Decode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn response(status: u16, body: &str) -> Response {
        Response {
            status,
            headers: vec![("retry-after".to_string(), "3".to_string())],
            body: body.to_string(),
        }
    }

    #[test]
    fn headers_are_case_insensitive() {
        assert_eq!(response(429, "").header("Retry-After"), Some("3"));
        assert_eq!(response(429, "").header("x-missing"), None);
    }

    #[test]
    fn errors_carry_status_and_zendesk_text() {
        let e = HttpError::from_response(&response(
            403,
            r#"{"error":"Forbidden","description":"You do not have access to this page"}"#,
        ));
        assert_eq!(e.status(), Some(403));
        assert_eq!(e.detail(), Some("You do not have access to this page"));
        assert_eq!(e.i18n_key(), "errors.status_403");
        let e = HttpError::from_response(&response(502, "<html>bad gateway</html>"));
        assert_eq!(e.detail(), None);
        assert_eq!(e.i18n_key(), "errors.status_5xx");
        assert_eq!(HttpError::Timeout.i18n_key(), "errors.timeout");
        assert_eq!(HttpError::Network("x".into()).status(), None);
    }

    #[test]
    fn decode_checks_status_then_json() {
        assert_eq!(decode(&response(200, r#"{"n": 1}"#)), Ok(json!({"n": 1})));
        assert!(matches!(
            decode(&response(200, "not json")),
            Err(HttpError::Decode(_))
        ));
        assert!(matches!(
            decode(&response(204, "")),
            Err(HttpError::Decode(_))
        ));
        match decode(&response(
            422,
            r#"{"details": {"name": [{"description": "taken"}]}}"#,
        )) {
            Err(HttpError::Status {
                status: 422,
                message,
                body,
            }) => {
                assert_eq!(message.as_deref(), Some("taken"));
                assert_eq!(body["details"]["name"][0]["description"], json!("taken"));
            }
            other => panic!("{other:?}"),
        }
    }
}
