//! Shared helpers: the simulator's Router over the fixture dist, driven in-process with oneshot.
#![allow(dead_code)]

use std::path::PathBuf;

use axum::body::{to_bytes, Body};
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use base64::Engine;
use deskset_sim::{router, AppState, Config};
use serde_json::{json, Value};
use tower::ServiceExt;

pub const ACME_DESKSET: u64 = 360_000_870_001;
pub const ACME_TILE: u64 = 360_000_870_003;
pub const GLOBEX_ADMIN: &str = "greta.globex@globex.example";

pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub struct Sim {
    pub router: Router,
    pub state: AppState,
}

pub fn sim() -> Sim {
    sim_in("demo")
}

pub fn sim_in(scenario: &str) -> Sim {
    sim_with(scenario, None)
}

/// The simulator over the fixture dist, serving `floor` as the bench's floor app (`--floor`).
pub fn sim_with(scenario: &str, floor: Option<PathBuf>) -> Sim {
    let config = Config::load(fixtures().join("app"), fixtures().join("zaf_sdk.js"))
        .unwrap_or_else(|e| panic!("fixture config: {e}"))
        .with_floor(floor);
    let state =
        AppState::new(config, scenario).unwrap_or_else(|e| panic!("{scenario} scenario: {e}"));
    Sim {
        router: router(state.clone()),
        state,
    }
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
}

impl Sim {
    pub async fn call(&self, method: &str, uri: &str, body: Option<Value>) -> Answer {
        match body {
            Some(v) => {
                self.call_with(
                    method,
                    uri,
                    &[("content-type", "application/json")],
                    v.to_string(),
                )
                .await
            }
            None => self.call_with(method, uri, &[], String::new()).await,
        }
    }

    /// A request with exactly these headers (plus `host: 127.0.0.1:4567` unless one is given).
    pub async fn call_with(
        &self,
        method: &str,
        uri: &str,
        headers: &[(&str, &str)],
        body: String,
    ) -> Answer {
        let mut req = Request::builder().method(method).uri(uri);
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            req = req.header("host", "127.0.0.1:4567");
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req
            .body(Body::from(body))
            .unwrap_or_else(|e| panic!("request: {e}"));
        let resp = self
            .router
            .clone()
            .oneshot(req)
            .await
            .unwrap_or_else(|e| match e {});
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = to_bytes(resp.into_body(), usize::MAX)
            .await
            .unwrap_or_else(|e| panic!("body: {e}"));
        Answer {
            status,
            headers,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// A ZAF `client.request(options)` from the console of `account`/`user`, as host.js relays it.
    pub async fn request(&self, account: &str, user: &str, options: Value) -> (bool, Value) {
        self.request_in("console", account, user, options).await
    }

    /// A ZAF `client.request(options)` from deskset's `app` (`console`, `tile`).
    pub async fn request_in(
        &self,
        app: &str,
        account: &str,
        user: &str,
        options: Value,
    ) -> (bool, Value) {
        let answer = self
            .call(
                "POST",
                "/sim/proxy",
                Some(json!({"session": {"account": account, "user": user, "app": app}, "options": options})),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        let v = answer.json();
        let done = v["done"]
            .as_bool()
            .unwrap_or_else(|| panic!("no done: {v}"));
        (done, v["args"][0].clone())
    }

    /// Same, with `httpCompleteResponse: true`; returns the complete response object.
    pub async fn complete(&self, account: &str, user: &str, options: Value) -> Value {
        self.complete_in("console", account, user, options).await
    }

    /// [`Sim::complete`] from deskset's `app`.
    pub async fn complete_in(
        &self,
        app: &str,
        account: &str,
        user: &str,
        mut options: Value,
    ) -> Value {
        options["httpCompleteResponse"] = json!(true);
        self.request_in(app, account, user, options).await.1
    }

    pub fn api_calls(&self, account: &str) -> u64 {
        let world = self.state.lock();
        world.account(account).map_or(0, |a| a.api_calls)
    }

    pub async fn requests(&self) -> Vec<Value> {
        match self.call("GET", "/sim/requests", None).await.json() {
            Value::Array(items) => items,
            other => panic!("requests: {other}"),
        }
    }

    /// acme's admin writes the console's settings through the app's own relative URL.
    pub async fn put_acme_settings(&self, settings: Value) -> Value {
        self.put_settings(ACME_DESKSET, settings).await
    }

    /// acme's admin writes settings of installation `id` (e.g. [`ACME_TILE`]).
    pub async fn put_settings(&self, id: u64, settings: Value) -> Value {
        self.complete(
            "acme",
            "admin",
            json!({
                "url": format!("/api/v2/apps/installations/{id}.json"),
                "type": "PUT",
                "contentType": "application/json",
                "data": json!({"settings": settings}).to_string(),
            }),
        )
        .await
    }
}

pub fn basic(email: &str, token: &str) -> String {
    let raw = format!("{email}/token:{token}");
    base64::engine::general_purpose::STANDARD.encode(raw)
}

/// Zendesk's 403 body's description.
pub const FORBIDDEN: &str =
    "You do not have access to this page. Please contact the account owner of this help desk for further help.";

impl Sim {
    /// One API call from deskset's console of `account`/`user` (a relative URL: the agent's own
    /// session); the complete response (`status`, `responseJSON`, `responseText`, `headers`).
    pub async fn api(
        &self,
        account: &str,
        user: &str,
        method: &str,
        url: &str,
        body: Option<Value>,
    ) -> Value {
        let mut options = json!({"url": url, "type": method});
        if let Some(body) = body {
            options["contentType"] = json!("application/json");
            options["data"] = json!(body.to_string());
        }
        self.complete(account, user, options).await
    }

    /// `GET /sim/accounts/<subdomain>/config`: every configuration item of the account.
    pub async fn config(&self, subdomain: &str) -> Value {
        let answer = self
            .call("GET", &format!("/sim/accounts/{subdomain}/config"), None)
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        answer.json()
    }
}

/// A 422 with Zendesk's validation shape whose `details` name `field` (each entry with a
/// `description` and an `error`).
pub fn assert_invalid(answer: &Value, field: &str) {
    assert_eq!(answer["status"], 422, "{answer}");
    let body = &answer["responseJSON"];
    assert_eq!(body["error"], "RecordInvalid", "{body}");
    assert_eq!(body["description"], "Record validation errors", "{body}");
    let entries = body["details"][field]
        .as_array()
        .unwrap_or_else(|| panic!("no details.{field}: {body}"));
    assert!(!entries.is_empty(), "{body}");
    for entry in entries {
        let text = entry["description"].as_str().unwrap_or_default();
        let code = entry["error"].as_str().unwrap_or_default();
        assert!(!text.is_empty() && !code.is_empty(), "{body}");
    }
}

/// Zendesk's 403 `Forbidden`.
pub fn assert_forbidden(answer: &Value, what: &str) {
    assert_eq!(answer["status"], 403, "{what}: {answer}");
    assert_eq!(
        answer["responseJSON"],
        json!({"error": "Forbidden", "description": FORBIDDEN}),
        "{what}"
    );
}

/// The item of `list` whose `key` is `value`.
pub fn find<'a>(list: &'a Value, key: &str, value: &str) -> &'a Value {
    list.as_array()
        .and_then(|items| items.iter().find(|i| i[key] == value))
        .unwrap_or_else(|| panic!("no item with {key} {value:?} in {list}"))
}

/// Whether `list` has an item whose `key` is `value`.
pub fn has(list: &Value, key: &str, value: &str) -> bool {
    list.as_array()
        .is_some_and(|items| items.iter().any(|i| i[key] == value))
}

/// (id, name, value, position) of each of a field's `custom_field_options`.
pub fn options(field: &Value) -> Vec<(u64, String, String, i64)> {
    field["custom_field_options"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|o| {
                    (
                        o["id"].as_u64().unwrap_or_default(),
                        o["name"].as_str().unwrap_or_default().to_owned(),
                        o["value"].as_str().unwrap_or_default().to_owned(),
                        o["position"].as_i64().unwrap_or(-1),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}
