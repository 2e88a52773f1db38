//! ZAF's `client.request`, as host.js hands it over: `POST /sim/proxy`
//! `{"session": {"account", "user"}, "options": {...}}` -> `{"done", "args": [value]}`.
//!
//! Rules (zaf.md): relative `/api/v2/...` URLs run against the session's account as the session user;
//! absolute URLs go only to hosts in the manifest's domainWhitelist; `{{setting.NAME}}` is filled in
//! only for `secure: true` requests, secure parameters and whitelisted hosts, and only where the
//! parameter's `scopes` allow (`header`, `body`, `url`; a request that puts one elsewhere is refused);
//! header names with underscores are refused. Every request is recorded without secure values.
//! Absolute URLs to `*.zendesk.com` accounts go to the fake Zendesk, to `webservices[NN].autotask.net`
//! to the fake Autotask; other whitelisted hosts answer 502 (no fake).

use std::time::Duration;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, Method, Request, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::autotask;
use crate::manifest::Manifest;
use crate::state::{DesksetApp, Fault, RequestRecord};
use crate::zendesk::{self, Auth, Target};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/sim/proxy", post(proxy))
}

#[derive(Clone, Debug, Deserialize)]
pub struct Session {
    pub account: String,
    pub user: String,
    /// Which deskset app's frame sent the request (`console`, `tile`): its manifest and its
    /// installation's secure settings apply. The host page always says; tools that leave it out
    /// mean the console.
    #[serde(default = "console")]
    pub app: String,
}

fn console() -> String {
    DesksetApp::Console.key().to_owned()
}

#[derive(Deserialize)]
struct ProxyBody {
    session: Session,
    options: Value,
}

/// Answers larger than this are cut off; no fake produces them.
const MAX_BODY: usize = 16 * 1024 * 1024;
const PLACEHOLDER_OPEN: &str = "{{setting.";

async fn proxy(State(app): State<AppState>, body: Bytes) -> Response {
    let parsed: ProxyBody = match serde_json::from_slice(&body) {
        Ok(p) => p,
        Err(e) => {
            return (
                StatusCode::BAD_REQUEST,
                Json(json!({"error": format!("expected {{session, options}}: {e}")})),
            )
                .into_response()
        }
    };
    Json(handle(&app, &parsed.session, &parsed.options).await).into_response()
}

/// The request options the simulator honours, read leniently like jQuery does.
struct Options {
    url: String,
    method: String,
    headers: Vec<(String, String)>,
    data: Option<Value>,
    content_type: Option<String>,
    secure: bool,
    complete: bool,
}

impl Options {
    fn parse(options: &Value) -> Options {
        // `client.request('/api/...')` sends the URL alone.
        let obj = match options {
            Value::Object(map) => map.clone(),
            Value::String(url) => {
                let mut m = Map::new();
                m.insert("url".to_owned(), Value::String(url.clone()));
                m
            }
            _ => Map::new(),
        };
        let text = |key: &str| obj.get(key).and_then(Value::as_str).map(str::to_owned);
        let method = text("type")
            .or_else(|| text("method"))
            .unwrap_or_else(|| "GET".to_owned())
            .to_ascii_uppercase();
        let headers = obj
            .get("headers")
            .and_then(Value::as_object)
            .map(|h| {
                h.iter()
                    .map(|(k, v)| {
                        let v = match v {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        (k.clone(), v)
                    })
                    .collect()
            })
            .unwrap_or_default();
        Options {
            url: text("url").unwrap_or_default(),
            method,
            headers,
            data: obj.get("data").filter(|d| !d.is_null()).cloned(),
            content_type: text("contentType"),
            secure: obj.get("secure").is_some_and(truthy),
            complete: obj.get("httpCompleteResponse").is_some_and(truthy),
        }
    }

    fn has_placeholder(&self) -> bool {
        self.url.contains(PLACEHOLDER_OPEN)
            || self
                .headers
                .iter()
                .any(|(_, v)| v.contains(PLACEHOLDER_OPEN))
            || matches!(&self.data, Some(Value::String(s)) if s.contains(PLACEHOLDER_OPEN))
            || matches!(&self.data, Some(d) if !d.is_string() && d.to_string().contains(PLACEHOLDER_OPEN))
    }
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        _ => true,
    }
}

/// Where a request goes.
enum Destination {
    /// The session's own account, as the session user.
    Own { path_and_query: String },
    /// Through the proxy to an absolute URL.
    Remote { uri: Uri, host: String },
}

/// What came back, from a fake, a fault or the proxy itself.
struct Upstream {
    status: StatusCode,
    headers: Vec<(String, String)>,
    body: Bytes,
}

impl Upstream {
    fn text(status: StatusCode, text: String) -> Upstream {
        Upstream {
            status,
            headers: vec![("content-type".into(), "text/plain; charset=utf-8".into())],
            body: Bytes::from(text),
        }
    }
}

struct Outcome {
    upstream: Upstream,
    refused: Option<String>,
}

fn refuse(status: StatusCode, reason: String) -> Outcome {
    Outcome {
        upstream: Upstream::text(status, reason.clone()),
        refused: Some(reason),
    }
}

/// Runs one ZAF request and returns what host.js passes on as `responseArgs`.
pub async fn handle(app: &AppState, session: &Session, raw_options: &Value) -> Value {
    let options = Options::parse(raw_options);
    let outcome = run(app, session, &options).await;
    let status = outcome.upstream.status.as_u16();
    let seq = app.lock().record(RequestRecord {
        seq: 0,
        account: session.account.clone(),
        user: session.user.clone(),
        app: session.app.clone(),
        method: options.method.clone(),
        url: options.url.clone(),
        secure: options.secure,
        status,
        refused: outcome.refused.clone(),
        answered_ms: crate::state::now_ms(),
    });
    // The URL as the app wrote it: placeholders unfilled, so no secure value reaches the log.
    match &outcome.refused {
        Some(reason) => eprintln!(
            "proxy #{seq} {}/{} {} {} -> refused ({status}): {reason}",
            session.account, session.user, options.method, options.url
        ),
        None => eprintln!(
            "proxy #{seq} {}/{} {} {} -> {status}",
            session.account, session.user, options.method, options.url
        ),
    }
    answer(outcome.upstream, options.complete)
}

async fn run(app: &AppState, session: &Session, options: &Options) -> Outcome {
    let original = match parse_destination(&options.url) {
        Ok(d) => d,
        Err(reason) => return refuse(StatusCode::BAD_REQUEST, reason),
    };
    let Some(which) = DesksetApp::parse(&session.app) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            format!("no deskset app {:?} (console, tile)", session.app),
        );
    };
    let manifest = app.config.manifest(which);
    if let Destination::Remote { host, .. } = &original {
        // Zendesk's proxy (not the browser) carries these, and it rejects such names.
        if let Some((name, _)) = options.headers.iter().find(|(n, _)| n.contains('_')) {
            return refuse(
                StatusCode::BAD_REQUEST,
                format!(
                    "Zendesk's request proxy does not accept underscores in header names: {name:?}"
                ),
            );
        }
        if options.secure && options.has_placeholder() && !manifest.allows_host(host) {
            return refuse(
                StatusCode::FORBIDDEN,
                format!("secure setting placeholders are only filled for domains in the manifest's domainWhitelist, and {host} is not one: the request was not sent"),
            );
        }
        if !manifest.allows_host(host) {
            return refuse(
                StatusCode::FORBIDDEN,
                format!("{host} is not in the manifest's domainWhitelist"),
            );
        }
    } else if options.secure && options.has_placeholder() {
        return refuse(
            StatusCode::FORBIDDEN,
            "secure setting placeholders are only filled for absolute URLs to domains in the manifest's domainWhitelist, not for a relative URL".to_owned(),
        );
    }
    // Each secure value goes only where its parameter's scopes allow it.
    if options.secure {
        if let Err(reason) = check_scopes(manifest, options) {
            return refuse(StatusCode::FORBIDDEN, reason);
        }
    }

    // Past this point a secure request targets a whitelisted host: fill its placeholders.
    let filled = if options.secure && matches!(original, Destination::Remote { .. }) {
        let secrets = secure_values(app, which, &session.account);
        Filled {
            url: fill(&options.url, &secrets),
            headers: options
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), fill(v, &secrets)))
                .collect(),
            data: options.data.as_ref().map(|d| match d {
                Value::String(s) => Value::String(fill(s, &secrets)),
                other => fill_json(other, &secrets),
            }),
        }
    } else {
        Filled {
            url: options.url.clone(),
            headers: options.headers.clone(),
            data: options.data.clone(),
        }
    };
    let destination = match parse_destination(&filled.url) {
        Ok(d) => d,
        Err(reason) => return refuse(StatusCode::BAD_REQUEST, reason),
    };
    // A placeholder must never move the request to another host than the one checked above.
    if let (Destination::Remote { host: before, .. }, Destination::Remote { host: after, .. }) =
        (&original, &destination)
    {
        if before != after {
            return refuse(
                StatusCode::FORBIDDEN,
                "a setting placeholder may not change the request's host".to_owned(),
            );
        }
    }

    // The fault's path is matched against the URL as the app wrote it, query ignored.
    let app_path = match &original {
        Destination::Own { path_and_query } => path_only(path_and_query).to_owned(),
        Destination::Remote { uri, .. } => uri.path().to_owned(),
    };
    let fault_account = match &destination {
        Destination::Own { .. } => Some(session.account.clone()),
        Destination::Remote { host, .. } => zendesk_subdomain(host),
    };
    let fault = app
        .lock()
        .take_fault(fault_account.as_deref(), &options.method, &app_path);
    if let Some(fault) = fault {
        return Outcome {
            upstream: fault_answer(fault).await,
            refused: None,
        };
    }

    let (target, path_and_query) = match destination {
        Destination::Own { path_and_query } => (
            Target {
                account: session.account.clone(),
                auth: Auth::Session {
                    user: session.user.clone(),
                },
            },
            path_and_query,
        ),
        Destination::Remote { uri, host } => match zendesk_subdomain(&host) {
            Some(sub) => (
                Target {
                    account: sub,
                    auth: Auth::Header,
                },
                uri.path_and_query()
                    .map_or_else(|| "/".to_owned(), |pq| pq.as_str().to_owned()),
            ),
            None if autotask::serves(&host) => {
                let path_and_query = uri
                    .path_and_query()
                    .map_or_else(|| "/".to_owned(), |pq| pq.as_str().to_owned());
                let request = match build_request(options, &filled, &path_and_query) {
                    Ok(r) => r,
                    Err(reason) => return refuse(StatusCode::BAD_REQUEST, reason),
                };
                let response = autotask::dispatch(app, &host, request).await;
                return Outcome {
                    upstream: collect(response).await,
                    refused: None,
                };
            }
            None => {
                return Outcome {
                    upstream: Upstream::text(
                        StatusCode::BAD_GATEWAY,
                        format!("deskset-sim has no fake server for {host} yet"),
                    ),
                    refused: None,
                }
            }
        },
    };
    let request = match build_request(options, &filled, &path_and_query) {
        Ok(r) => r,
        Err(reason) => return refuse(StatusCode::BAD_REQUEST, reason),
    };
    let response = zendesk::dispatch(&app.zendesk, target, request).await;
    Outcome {
        upstream: collect(response).await,
        refused: None,
    }
}

/// Where in a request a placeholder sits, and the scope that place needs.
enum Place<'a> {
    Header(&'a str),
    Body,
    Url,
}

impl Place<'_> {
    fn scope(&self) -> &'static str {
        match self {
            Place::Header(_) => "header",
            Place::Body => "body",
            Place::Url => "url",
        }
    }

    fn describe(&self) -> String {
        match self {
            Place::Header(name) => format!("the header {name:?}"),
            Place::Body => "the request body (data)".to_owned(),
            Place::Url => "the URL".to_owned(),
        }
    }
}

/// Refuses a secure request that puts a secure parameter's placeholder somewhere its `scopes` do not
/// allow (a header value needs `header`, `data` needs `body`, the URL needs `url`). Placeholders of
/// non-secure or unknown parameters are not filled, so they need no scope.
fn check_scopes(manifest: &Manifest, options: &Options) -> Result<(), String> {
    let mut places: Vec<(Place<'_>, String)> = vec![(Place::Url, options.url.clone())];
    for (name, value) in &options.headers {
        places.push((Place::Header(name), value.clone()));
    }
    match &options.data {
        None => {}
        Some(Value::String(s)) => places.push((Place::Body, s.clone())),
        Some(other) => places.push((Place::Body, other.to_string())),
    }
    for (place, text) in &places {
        for name in placeholder_names(text) {
            let Some(scopes) = manifest.secure_scopes(name) else {
                continue;
            };
            if scopes.iter().any(|s| s == place.scope()) {
                continue;
            }
            let scopes_text = if manifest.has_explicit_scopes(name) {
                format!("its scopes are [{}]", scopes.join(", "))
            } else {
                "its manifest parameter has no scopes, which the simulator takes as [header] only"
                    .to_owned()
            };
            return Err(format!(
                "secure setting {name:?} may not be used in {}: that needs the {:?} scope and {scopes_text}",
                place.describe(),
                place.scope(),
            ));
        }
    }
    Ok(())
}

/// The NAMEs of every complete `{{setting.NAME}}` in `text`.
fn placeholder_names(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(PLACEHOLDER_OPEN) {
        let after = &rest[start + PLACEHOLDER_OPEN.len()..];
        match after.find("}}") {
            Some(end) => {
                names.push(&after[..end]);
                rest = &after[end + 2..];
            }
            None => break,
        }
    }
    names
}

struct Filled {
    url: String,
    headers: Vec<(String, String)>,
    data: Option<Value>,
}

fn parse_destination(url: &str) -> Result<Destination, String> {
    if url.starts_with('/') && !url.starts_with("//") {
        return Ok(Destination::Own {
            path_and_query: url.to_owned(),
        });
    }
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        let uri: Uri = url
            .parse()
            .map_err(|e| format!("not a valid URL ({e}): {url}"))?;
        let host = uri
            .host()
            .ok_or_else(|| format!("no host in URL: {url}"))?
            .to_ascii_lowercase();
        return Ok(Destination::Remote { uri, host });
    }
    Err(format!(
        "the simulator takes relative URLs starting with / or absolute http(s) URLs, not {url:?}"
    ))
}

fn path_only(path_and_query: &str) -> &str {
    path_and_query
        .split_once('?')
        .map_or(path_and_query, |(p, _)| p)
}

/// `acme.zendesk.com` -> `acme`; deeper names are not Zendesk accounts.
fn zendesk_subdomain(host: &str) -> Option<String> {
    let sub = host.strip_suffix(".zendesk.com")?;
    (!sub.is_empty() && !sub.contains('.')).then(|| sub.to_owned())
}

/// The session account's deskset secure settings, as text.
fn secure_values(app: &AppState, which: DesksetApp, account: &str) -> Map<String, Value> {
    let world = app.lock();
    world
        .account(account)
        .and_then(|a| a.installation_of(which))
        .map(|i| i.secure_settings.clone())
        .unwrap_or_default()
        .into_iter()
        .filter(|(name, _)| app.config.manifest(which).is_secure(name))
        .collect()
}

/// Replaces `{{setting.NAME}}` for secure parameters; other placeholders stay as written.
fn fill(text: &str, secrets: &Map<String, Value>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(PLACEHOLDER_OPEN) {
        out.push_str(&rest[..start]);
        let after = &rest[start + PLACEHOLDER_OPEN.len()..];
        match after.find("}}") {
            Some(end) => {
                let name = &after[..end];
                match secrets.get(name) {
                    Some(Value::String(s)) => out.push_str(s),
                    Some(Value::Null) => {}
                    Some(other) => out.push_str(&other.to_string()),
                    None => out.push_str(&rest[start..start + PLACEHOLDER_OPEN.len() + end + 2]),
                }
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn fill_json(value: &Value, secrets: &Map<String, Value>) -> Value {
    match value {
        Value::String(s) => Value::String(fill(s, secrets)),
        Value::Array(items) => Value::Array(items.iter().map(|v| fill_json(v, secrets)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), fill_json(v, secrets)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn build_request(
    options: &Options,
    filled: &Filled,
    path_and_query: &str,
) -> Result<Request<Body>, String> {
    let method = Method::from_bytes(options.method.as_bytes())
        .map_err(|_| format!("not an HTTP method: {:?}", options.method))?;
    let mut uri = path_and_query.to_owned();
    let mut body = Vec::new();
    match &filled.data {
        None => {}
        Some(Value::String(s)) => body = s.clone().into_bytes(),
        // jQuery turns object data into a query string for GET and a form body otherwise.
        Some(Value::Object(map)) if method == Method::GET || method == Method::DELETE => {
            let query = form_encode(map);
            if !query.is_empty() {
                uri.push(if uri.contains('?') { '&' } else { '?' });
                uri.push_str(&query);
            }
        }
        Some(Value::Object(map)) => body = form_encode(map).into_bytes(),
        Some(other) => body = other.to_string().into_bytes(),
    }
    let mut builder = Request::builder().method(method).uri(uri.as_str());
    for (name, value) in &filled.headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("not a valid header name: {name:?}"))?;
        let value = HeaderValue::from_str(value)
            .map_err(|_| format!("header {name} has a value that is not valid in HTTP"))?;
        builder = builder.header(name, value);
    }
    if !body.is_empty() {
        let content_type = options
            .content_type
            .clone()
            .unwrap_or_else(|| "application/x-www-form-urlencoded; charset=UTF-8".to_owned());
        builder = builder.header("content-type", content_type);
    }
    builder
        .body(Body::from(body))
        .map_err(|e| format!("cannot build the request: {e}"))
}

fn form_encode(map: &Map<String, Value>) -> String {
    map.iter()
        .map(|(k, v)| {
            let v = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            format!(
                "{}={}",
                crate::encode_query_value(k),
                crate::encode_query_value(&v)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

async fn fault_answer(fault: Fault) -> Upstream {
    if fault.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
    }
    let status = StatusCode::from_u16(fault.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (content_type, body) = match fault.body {
        None => (None, Bytes::new()),
        Some(Value::String(s)) => (Some("text/plain; charset=utf-8"), Bytes::from(s)),
        Some(v) => (
            Some("application/json; charset=utf-8"),
            Bytes::from(v.to_string()),
        ),
    };
    let mut headers: Vec<(String, String)> = fault
        .headers
        .into_iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v))
        .collect();
    if let Some(ct) = content_type {
        if !headers.iter().any(|(k, _)| k == "content-type") {
            headers.push(("content-type".to_owned(), ct.to_owned()));
        }
    }
    Upstream {
        status,
        headers,
        body,
    }
}

async fn collect(response: Response) -> Upstream {
    let (parts, body) = response.into_parts();
    let headers = parts
        .headers
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
        .collect();
    let body = to_bytes(body, MAX_BODY).await.unwrap_or_default();
    Upstream {
        status: parts.status,
        headers,
        body,
    }
}

/// The value the app's promise gets: the parsed body when done, a jqXHR-like object when failed, or
/// with `httpCompleteResponse` always `{status, statusText, responseJSON, responseText, headers}`.
fn answer(up: Upstream, complete: bool) -> Value {
    let done = up.status.is_success();
    let text = String::from_utf8_lossy(&up.body).into_owned();
    let is_json = up
        .headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("content-type") && v.contains("json"));
    let parsed = if is_json {
        serde_json::from_str::<Value>(&text).ok()
    } else {
        None
    };
    let status_text = up.status.canonical_reason().unwrap_or("");
    let value = if complete {
        let headers: Map<String, Value> = up
            .headers
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), Value::String(v.clone())))
            .collect();
        json!({
            "status": up.status.as_u16(),
            "statusText": status_text,
            "responseJSON": parsed,
            "responseText": text,
            "headers": headers,
        })
    } else if done {
        match parsed {
            Some(v) => v,
            None if text.is_empty() => Value::Null,
            None => Value::String(text),
        }
    } else {
        json!({
            "status": up.status.as_u16(),
            "statusText": status_text,
            "responseText": text,
            "responseJSON": parsed,
        })
    };
    json!({"done": done, "args": [value]})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_only_known_secrets() {
        let mut secrets = Map::new();
        secrets.insert("token".into(), json!("s3cret"));
        assert_eq!(
            fill("Basic {{setting.token}} {{setting.other}}", &secrets),
            "Basic s3cret {{setting.other}}"
        );
        assert_eq!(fill("{{setting.token", &secrets), "{{setting.token");
    }

    #[test]
    fn finds_complete_placeholders_only() {
        assert_eq!(
            placeholder_names("a {{setting.x}} b {{setting.y_z}}{{setting.open"),
            vec!["x", "y_z"]
        );
    }

    #[test]
    fn only_single_label_zendesk_hosts_are_accounts() {
        assert_eq!(
            zendesk_subdomain("acme.zendesk.com").as_deref(),
            Some("acme")
        );
        assert_eq!(zendesk_subdomain("a.b.zendesk.com"), None);
        assert_eq!(zendesk_subdomain("zendesk.com"), None);
    }
}
