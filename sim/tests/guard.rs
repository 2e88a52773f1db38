//! The simulator's own endpoints are for the host page and tools, never for the app (whose iframe is
//! on the other loopback name) or another page.

mod common;

use common::{sim, Answer, Sim};
use serde_json::{json, Value};

const HOST: &str = "127.0.0.1:4567";
const HOST_ORIGIN: &str = "http://127.0.0.1:4567";
const APP_HOST: &str = "localhost:4567";
const APP_ORIGIN: &str = "http://localhost:4567";

/// The key the host page served for `host` embeds for host.js.
async fn host_key(sim: &Sim, host: &str) -> String {
    let page = sim
        .call_with("GET", "/", &[("host", host)], String::new())
        .await;
    assert_eq!(page.status, 200);
    let start = page
        .text
        .find("\"hostKey\":\"")
        .unwrap_or_else(|| panic!("no hostKey: {}", page.text))
        + "\"hostKey\":\"".len();
    page.text[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn proxy_body() -> String {
    json!({"session": {"account": "acme", "user": "admin"}, "options": {"url": "/api/v2/users/me.json"}})
        .to_string()
}

/// Every guarded endpoint with a body that would succeed.
fn endpoints() -> Vec<(&'static str, &'static str, String)> {
    vec![
        ("POST", "/sim/proxy", proxy_body()),
        (
            "POST",
            "/sim/reset",
            json!({"scenario": "empty"}).to_string(),
        ),
        (
            "POST",
            "/sim/faults",
            json!({"path": "/api/v2/users/me.json", "status": 500}).to_string(),
        ),
        (
            "POST",
            "/sim/accounts/acme",
            json!({"plan": "team"}).to_string(),
        ),
        ("DELETE", "/sim/faults", String::new()),
        ("GET", "/sim/requests", String::new()),
        ("GET", "/sim/session?plan=team", String::new()),
    ]
}

async fn send(sim: &Sim, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut all = vec![("content-type", "application/json")];
    all.extend_from_slice(headers);
    sim.call_with(method, path, &all, body.to_owned()).await
}

/// Nothing a refused request asked for happened.
async fn assert_untouched(sim: &Sim) {
    let session = sim.call("GET", "/sim/session", None).await.json();
    assert_eq!(session["data"]["currentAccount"]["planName"], "enterprise");
    let roles = sim
        .complete("acme", "admin", json!({"url": "/api/v2/custom_roles"}))
        .await;
    assert_eq!(roles["status"], 200, "{roles}");
    assert_eq!(
        roles["responseJSON"]["custom_roles"]
            .as_array()
            .map(Vec::len),
        Some(5)
    );
}

#[tokio::test]
async fn the_app_origin_is_refused_on_every_sim_endpoint() {
    let sim = sim();
    let key = host_key(&sim, HOST).await;
    for (method, path, body) in endpoints() {
        // The app calling its own origin (same-origin for the browser), with or without the host
        // page's key (which is bound to the host page's origin).
        for headers in [
            vec![("host", APP_HOST), ("origin", APP_ORIGIN)],
            vec![
                ("host", APP_HOST),
                ("origin", APP_ORIGIN),
                ("x-deskset-sim-host", key.as_str()),
            ],
            // The app calling the host page's name: cross-origin.
            vec![("host", HOST), ("origin", APP_ORIGIN)],
            vec![
                ("host", HOST),
                ("origin", APP_ORIGIN),
                ("x-deskset-sim-host", key.as_str()),
            ],
            // A GET from the app page: no Origin, but its Referer or Sec-Fetch-Site.
            vec![
                ("host", APP_HOST),
                (
                    "referer",
                    "http://localhost:4567/app/assets/iframe.html?origin=x&app_guid=y",
                ),
            ],
            vec![("host", HOST), ("sec-fetch-site", "cross-site")],
            // Another web site.
            vec![("host", HOST), ("origin", "https://evil.example")],
        ] {
            let answer = send(&sim, method, path, &headers, &body).await;
            assert_eq!(
                answer.status, 403,
                "{method} {path} {headers:?}: {}",
                answer.text
            );
            let error = answer.json()["error"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            assert!(
                error.starts_with(path.split('?').next().unwrap_or(path)),
                "{error}"
            );
        }
    }
    assert!(sim.requests().await.is_empty(), "a refused proxy call ran");
    assert_untouched(&sim).await;
}

#[tokio::test]
async fn the_app_origin_error_names_the_reason() {
    let sim = sim();
    let answer = send(
        &sim,
        "POST",
        "/sim/proxy",
        &[("host", APP_HOST), ("origin", APP_ORIGIN)],
        &proxy_body(),
    )
    .await;
    assert_eq!(answer.status, 403);
    let error = answer.json()["error"].clone();
    assert!(
        error
            .as_str()
            .is_some_and(|e| e.contains(APP_ORIGIN) && e.contains("only through ZAF")),
        "{error}"
    );
}

#[tokio::test]
async fn the_host_page_and_tools_may_use_them() {
    let sim = sim();
    let key = host_key(&sim, HOST).await;
    // host.js: same origin, the page's key.
    let host = [
        ("host", HOST),
        ("origin", HOST_ORIGIN),
        ("x-deskset-sim-host", key.as_str()),
        ("sec-fetch-site", "same-origin"),
        ("referer", "http://127.0.0.1:4567/?location=nav_bar"),
    ];
    let answer = send(&sim, "POST", "/sim/proxy", &host, &proxy_body()).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.json()["done"], true);
    // A host page on localhost gets its own key, valid for its own origin only.
    let local_key = host_key(&sim, APP_HOST).await;
    assert_ne!(local_key, key);
    let local = [
        ("host", APP_HOST),
        ("origin", APP_ORIGIN),
        ("x-deskset-sim-host", local_key.as_str()),
    ];
    assert_eq!(
        send(&sim, "POST", "/sim/proxy", &local, &proxy_body())
            .await
            .status,
        200
    );
    let swapped = [
        ("host", HOST),
        ("origin", HOST_ORIGIN),
        ("x-deskset-sim-host", local_key.as_str()),
    ];
    assert_eq!(
        send(&sim, "POST", "/sim/proxy", &swapped, &proxy_body())
            .await
            .status,
        403
    );
    // Tools send no Origin.
    for (method, path, body) in endpoints() {
        let answer = send(&sim, method, path, &[], &body).await;
        assert_eq!(answer.status, 200, "{method} {path}: {}", answer.text);
    }
    let reqs: Value = sim.call("GET", "/sim/requests", None).await.json();
    assert!(reqs.is_array());
}
