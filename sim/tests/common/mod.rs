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
    let config = Config::load(fixtures().join("app"), fixtures().join("zaf_sdk.js"))
        .unwrap_or_else(|e| panic!("fixture config: {e}"));
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
