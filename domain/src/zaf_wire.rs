//! The wire format of ZAF's `client.request`: the options deskset sends, and the
//! `httpCompleteResponse` value it gets back (`{status, statusText, responseJSON, responseText,
//! headers}`, per Zendesk's public typings).

use crate::http::{Request, Response};
use serde_json::{json, Map, Value};
use std::time::Duration;

/// The options object for `client.request`.
pub fn request_options(request: &Request, timeout: Duration) -> Value {
    let mut options = json!({
        "url": request.url,
        "type": request.method.as_str(),
        // The whole answer (status, headers) in both outcomes, and no retries behind deskset's back.
        "httpCompleteResponse": true,
        "autoRetry": false,
        "timeout": timeout.as_millis() as u64,
    });
    if let Some(body) = &request.body {
        options["data"] = Value::String(body.to_string());
        options["contentType"] = Value::String("application/json".into());
    }
    if !request.headers.is_empty() {
        let headers: Map<String, Value> = request
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        options["headers"] = Value::Object(headers);
    }
    if request.secure {
        options["secure"] = Value::Bool(true);
    }
    options
}

/// Reads ZAF's `httpCompleteResponse` value (`{status, responseText, responseJSON, headers}`).
/// `None` when the value has no usable status: then there was no HTTP answer.
pub fn read_complete_response(value: &Value) -> Option<Response> {
    let status = value.get("status").and_then(Value::as_u64)?;
    if status == 0 {
        return None;
    }
    let body = match value.get("responseText") {
        Some(Value::String(text)) => text.clone(),
        _ => match value.get("responseJSON") {
            Some(Value::Null) | None => String::new(),
            Some(json) => json.to_string(),
        },
    };
    let headers = match value.get("headers") {
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.to_ascii_lowercase(), v)
            })
            .collect(),
        // Some hosts hand over the raw `getAllResponseHeaders()` text.
        Some(Value::String(raw)) => raw
            .lines()
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect(),
        _ => Vec::new(),
    };
    Some(Response {
        status: u16::try_from(status).unwrap_or(599),
        headers,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;

    #[test]
    fn options_ask_for_the_complete_response_without_auto_retry() {
        let o = request_options(
            &Request::get("/api/v2/custom_roles"),
            Duration::from_secs(30),
        );
        assert_eq!(o["url"], "/api/v2/custom_roles");
        assert_eq!(o["type"], "GET");
        assert_eq!(o["httpCompleteResponse"], true);
        assert_eq!(o["autoRetry"], false);
        assert_eq!(o["timeout"], 30000);
        assert!(o.get("data").is_none());
        assert!(o.get("secure").is_none());
        assert!(o.get("headers").is_none());
    }

    #[test]
    fn bodies_are_json_strings_and_secure_headers_pass_placeholders() {
        let r = Request {
            method: Method::Put,
            url: "https://globex.zendesk.com/api/v2/users/me.json".into(),
            body: Some(json!({"a": 1})),
            headers: vec![(
                "Authorization".into(),
                "Basic {{setting.share_auth_1}}".into(),
            )],
            secure: true,
        };
        let o = request_options(&r, Duration::from_secs(1));
        assert_eq!(o["type"], "PUT");
        assert_eq!(o["data"], r#"{"a":1}"#);
        assert_eq!(o["contentType"], "application/json");
        assert_eq!(o["secure"], true);
        assert_eq!(
            o["headers"]["Authorization"],
            "Basic {{setting.share_auth_1}}"
        );
    }

    #[test]
    fn reads_complete_responses() {
        let r = read_complete_response(&json!({
            "status": 429, "statusText": "Too Many Requests",
            "responseText": "{\"error\":\"x\"}", "headers": {"Retry-After": "2"}
        }))
        .unwrap();
        assert_eq!(r.status, 429);
        assert_eq!(r.header("retry-after"), Some("2"));
        assert_eq!(r.body, r#"{"error":"x"}"#);

        // responseJSON only, headers as raw text.
        let r = read_complete_response(&json!({
            "status": 200, "responseJSON": {"custom_roles": []},
            "headers": "Content-Type: application/json\r\nX-Rate-Limit: 700\r\n"
        }))
        .unwrap();
        assert_eq!(r.body, r#"{"custom_roles":[]}"#);
        assert_eq!(r.header("x-rate-limit"), Some("700"));

        let r = read_complete_response(&json!({"status": 204, "responseJSON": null})).unwrap();
        assert_eq!(r.body, "");
    }

    #[test]
    fn no_status_means_no_http_answer() {
        assert_eq!(
            read_complete_response(&json!({"status": 0, "statusText": "error"})),
            None
        );
        assert_eq!(read_complete_response(&json!("boom")), None);
        assert_eq!(read_complete_response(&json!(null)), None);
        assert_eq!(read_complete_response(&json!({"status": "200"})), None);
    }
}
