//! HTTP answers and the one error type every API call returns.

use crate::zendesk_error;

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    /// Trigger categories are updated with PATCH.
    Patch,
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// One request. `url` is relative (`/api/v2/...`: this account, as the signed-in agent) or
/// absolute (through Zendesk's proxy).
///
/// Its `Debug` never shows a secret (see [`redact_header`] and [`redact_json`]), so a request
/// can be logged or shown in a failed assertion.
#[derive(Clone, PartialEq)]
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
    /// A `method` request of `url`, without body or headers.
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        Self {
            method,
            url: url.into(),
            body: None,
            headers: Vec::new(),
            secure: false,
        }
    }

    /// A GET of `url`.
    pub fn get(url: impl Into<String>) -> Self {
        Self::new(Method::Get, url)
    }

    /// The same request with a JSON body.
    pub fn with_body(mut self, body: serde_json::Value) -> Self {
        self.body = Some(body);
        self
    }

    /// The same request with one more header.
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// The same request, its `{{setting.NAME}}` placeholders to be filled in by Zendesk's proxy.
    pub fn filled_by_proxy(mut self) -> Self {
        self.secure = true;
        self
    }
}

/// An HTTP answer as the transport saw it, whatever its status.
///
/// Its `Debug` redacts secrets like [`Request`]'s: a JSON body's secret fields (a created OAuth
/// token, a client secret) and secret headers.
#[derive(Clone, PartialEq, Default)]
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

/// Shown instead of a secret.
pub const REDACTED: &str = "<redacted>";

/// Whether a header or JSON field called `name` holds a secret: `Authorization`, Autotask's
/// `Secret` and `ApiIntegrationCode`, and anything whose name contains `token`, `secret`,
/// `key`, `auth` or `password` (case-insensitive; `_` and `-` ignored, so `share_auth_3` and
/// `X-Api-Key` count). Erring on the side of hiding: a hidden harmless value costs a look at
/// the code, a shown secret cannot be taken back.
pub fn is_secret_name(name: &str) -> bool {
    let name: String = name
        .chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    [
        "token",
        "secret",
        "key",
        "auth",
        "password",
        "integrationcode",
    ]
    .iter()
    .any(|word| name.contains(word))
}

/// Whether `value` is only ZAF placeholders (`{{setting.NAME}}`), perhaps after an auth scheme
/// (`Bearer {{setting.share_auth_3}}`). Such a value names a secure setting that Zendesk's proxy
/// fills in; it is no secret, and showing it tells which setting a request uses.
fn only_placeholders(value: &str) -> bool {
    let mut rest = value;
    let mut outside = String::new();
    let mut found = false;
    while let Some(start) = rest.find("{{") {
        outside.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            return false;
        };
        let name = match after[..end].strip_prefix("setting.") {
            Some(name) => name,
            None => return false,
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return false;
        }
        found = true;
        rest = &after[end + 2..];
    }
    outside.push_str(rest);
    let scheme = outside.trim();
    found
        && (scheme.is_empty()
            || scheme.eq_ignore_ascii_case("bearer")
            || scheme.eq_ignore_ascii_case("basic"))
}

/// A header's value as `Debug` shows it: [`REDACTED`] when the name says it is a secret, unless
/// the value is only placeholders.
pub fn redact_header<'a>(name: &str, value: &'a str) -> &'a str {
    if is_secret_name(name) && !only_placeholders(value) {
        REDACTED
    } else {
        value
    }
}

/// A JSON value with every secret field's value replaced by [`REDACTED`], at any depth (a
/// settings write `{"settings": {"share_auth_3": "..."}}`, a created token `{"token": {"token":
/// "..."}}`). A secret field holding only placeholders stays.
pub fn redact_json(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let shown = match v {
                        Value::String(s) if only_placeholders(s) => v.clone(),
                        _ if is_secret_name(k) => Value::String(REDACTED.into()),
                        _ => redact_json(v),
                    };
                    (k.clone(), shown)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact_json).collect()),
        other => other.clone(),
    }
}

/// Headers as `Debug` shows them.
struct Headers<'a>(&'a [(String, String)]);

impl std::fmt::Debug for Headers<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(k, v)| (k, redact_header(k, v))))
            .finish()
    }
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("body", &self.body.as_ref().map(redact_json))
            .field("headers", &Headers(&self.headers))
            .field("secure", &self.secure)
            .finish()
    }
}

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A JSON body is shown redacted; any other body (HTML from a gateway, empty) as it is.
        let body = match serde_json::from_str::<serde_json::Value>(&self.body) {
            Ok(json) => redact_json(&json).to_string(),
            Err(_) => self.body.clone(),
        };
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &Headers(&self.headers))
            .field("body", &body)
            .finish()
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

    fn with_headers(headers: &[(&str, &str)], body: Option<serde_json::Value>) -> Request {
        Request {
            method: Method::Put,
            url: "https://globex.zendesk.com/api/v2/x".into(),
            body,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            secure: true,
        }
    }

    #[test]
    fn debug_never_shows_a_basic_credential() {
        let credential = crate::share::basic_credentials("greta@globex.example", "s3cr3t-t0k3n");
        let shown = format!(
            "{:?}",
            with_headers(&[("Authorization", &format!("Basic {credential}"))], None)
        );
        assert!(!shown.contains(&credential), "{shown}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains(REDACTED), "{shown}");
        assert!(
            shown.contains("globex.zendesk.com/api/v2/x"),
            "the rest is shown: {shown}"
        );
        // Pretty printing goes through the same code.
        assert!(!format!(
            "{:#?}",
            with_headers(&[("authorization", &credential)], None)
        )
        .contains(&credential));
    }

    #[test]
    fn debug_redacts_secret_headers_and_keeps_placeholders() {
        let request = with_headers(
            &[
                ("ApiIntegrationCode", "VENDORCODE123"),
                ("UserName", "api@acme.example"),
                ("Secret", "hunter2hunter2"),
                ("X-Api-Key", "k-123456"),
                ("X-Session-Token", "t-123456"),
                ("Content-Type", "application/json"),
                ("Authorization", "Bearer {{setting.share_auth_3}}"),
                ("Proxy-Authorization", "Basic {{setting.share_auth_1}}x"),
            ],
            None,
        );
        let shown = format!("{request:?}");
        for secret in ["VENDORCODE123", "hunter2", "k-123456", "t-123456", "}}x"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        for visible in [
            "api@acme.example",
            "application/json",
            "Bearer {{setting.share_auth_3}}",
        ] {
            assert!(shown.contains(visible), "{visible} hidden in {shown}");
        }
        assert_eq!(
            redact_header("Secret", "{{setting.autotask_secret}}"),
            "{{setting.autotask_secret}}"
        );
        for not_only_placeholders in [
            "{{setting.a}} extra",
            "Token {{setting.a}}",
            "{{other.a}}",
            "{{setting.}}",
            "{{setting.a b}}",
            "{{setting.a",
            "",
        ] {
            assert_eq!(
                redact_header("Secret", not_only_placeholders),
                REDACTED,
                "{not_only_placeholders:?}"
            );
        }
    }

    #[test]
    fn debug_redacts_secret_fields_of_bodies_at_any_depth() {
        let request = with_headers(
            &[],
            Some(json!({"settings": {
                "share_auth_3": "full-access-token-value",
                "shares": "[{\"slot\": 3}]",
                "autotask_secret": "{{setting.autotask_secret}}",
                "list": [{"api_key": 12345678}],
            }})),
        );
        let shown = format!("{request:?}");
        assert!(!shown.contains("full-access-token-value"), "{shown}");
        assert!(!shown.contains("12345678"), "{shown}");
        assert!(shown.contains("slot"), "other fields stay: {shown}");
        assert!(shown.contains("{{setting.autotask_secret}}"), "{shown}");
        // A created token's answer.
        let answer = response(
            201,
            r#"{"token": {"id": 77, "token": "full-oauth-access-token", "scopes": ["read"]}}"#,
        );
        let shown = format!("{answer:?}");
        assert!(!shown.contains("full-oauth-access-token"), "{shown}");
        assert!(shown.contains("201"), "{shown}");
        assert!(format!("{:?}", response(502, "<html>bad gateway</html>")).contains("bad gateway"));
    }

    #[test]
    fn secret_names() {
        for name in [
            "Authorization",
            "authorization",
            "Secret",
            "ApiIntegrationCode",
            "autotask_integration_code",
            "share_auth_10",
            "X-API-KEY",
            "access_token",
            "client_secret",
            "password",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "UserName",
            "Content-Type",
            "Retry-After",
            "slot",
            "source_url",
            "id",
        ] {
            assert!(!is_secret_name(name), "{name}");
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

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever a secret header carries (a credential, with or without a scheme), `Debug`
        /// shows none of it.
        #[test]
        fn no_secret_header_value_reaches_debug(
            name in "(Authorization|authorization|Secret|ApiIntegrationCode|X-[A-Za-z]{0,6}(Token|Key|Auth)[A-Za-z]{0,6})",
            scheme in "(|Basic |Bearer )",
            secret in "[A-Za-z0-9+/=_.-]{12,40}",
        ) {
            let request = Request {
                headers: vec![(name, format!("{scheme}{secret}"))],
                ..Request::get("https://globex.zendesk.com/api/v2/users/me.json")
            };
            let shown = format!("{request:?}");
            prop_assert!(!shown.contains(&secret), "{}", shown);
        }
    }
}
