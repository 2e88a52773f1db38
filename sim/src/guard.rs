//! Who may use the simulator's own endpoints (`/sim/proxy`, the control API, `/sim/session`).
//!
//! In Zendesk the app iframe is cross-origin with the agent interface and reaches Zendesk only
//! through ZAF. The simulator serves the app on the other loopback name than the host page (host
//! `127.0.0.1` -> app `localhost` and back), so the app's requests to its own origin look
//! same-origin to this server. Two checks keep the app (and any other web page) off these endpoints:
//!
//! - [`json_only`]: POSTs must be `Content-Type: application/json` (415 otherwise), which a plain
//!   form post cannot send, and a cross-origin `fetch` cannot send without a CORS preflight this
//!   server never grants.
//! - [`host_page_only`]: a browser request (one with an `Origin` header) must come from the host page:
//!   same origin as the server name it addresses, and carrying that host page's key
//!   (`X-Deskset-Sim-Host`, see [`HostKeys`]), which the host page embeds and the cross-origin app
//!   cannot read. A request whose `Referer` is an app page (`/app/...`) or whose `Sec-Fetch-Site` is
//!   not `same-origin`/`none` is refused too, which covers GETs (browsers send no `Origin` on
//!   same-origin GETs). Tools (curl, Node, the Rust tests) send none of these headers and pass.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::AppState;

/// The header host.js sends its page's key in.
pub const HOST_KEY_HEADER: &str = "x-deskset-sim-host";

/// Keys for host pages: a keyed hash of the page's origin with a secret made at start-up, so a key
/// works only for the origin it was made for and nothing needs storing.
#[derive(Clone)]
pub struct HostKeys {
    secret: [RandomState; 2],
}

impl Default for HostKeys {
    fn default() -> Self {
        HostKeys {
            secret: [RandomState::new(), RandomState::new()],
        }
    }
}

impl HostKeys {
    pub fn key_for(&self, origin: &str) -> String {
        let word = |s: &RandomState| {
            let mut h = s.build_hasher();
            h.write(origin.as_bytes());
            h.finish()
        };
        format!(
            "{:016x}{:016x}",
            word(&self.secret[0]),
            word(&self.secret[1])
        )
    }
}

fn refuse(status: StatusCode, message: String) -> Response {
    eprintln!("deskset-sim: refused: {message}");
    (status, Json(json!({"error": message}))).into_response()
}

/// 415 for a POST whose body is not declared `application/json`.
pub async fn json_only(req: Request, next: Next) -> Response {
    if req.method() == Method::POST && !is_json(req.headers()) {
        let path = req.uri().path().to_owned();
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("POST {path} takes a JSON body with Content-Type: application/json"),
        );
    }
    next.run(req).await
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

/// 403 for a browser request that is not the host page's (see the module docs).
pub async fn host_page_only(State(app): State<AppState>, req: Request, next: Next) -> Response {
    if let Err(message) = check_host_page(&app, req.headers()) {
        let path = req.uri().path().to_owned();
        return refuse(StatusCode::FORBIDDEN, format!("{path}: {message}"));
    }
    next.run(req).await
}

fn check_host_page(app: &AppState, headers: &HeaderMap) -> Result<(), String> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(referer) = text(header::REFERER.as_str()) {
        let path = referer_path(referer);
        if path.starts_with("/app/") {
            let page = referer.strip_suffix(path).unwrap_or(referer);
            return Err(format!(
                "the app (a page under {page}/app/) may not use the simulator's own endpoints; it reaches Zendesk only through ZAF, like in Zendesk"
            ));
        }
    }
    // Browsers say where a request comes from; a GET carries no Origin but this header.
    if let Some(site) = text("sec-fetch-site") {
        if site != "same-origin" && site != "none" {
            return Err(format!(
                "a {site} request: only the deskset-sim host page (same origin) and tools may use it"
            ));
        }
    }
    let Some(origin) = text(header::ORIGIN.as_str()) else {
        // Not a browser page: a tool or a test.
        return Ok(());
    };
    let own = text(header::HOST.as_str()).map(|h| format!("http://{h}"));
    if own.as_deref() != Some(origin) {
        return Err(format!(
            "cross-origin request from {origin}: only the deskset-sim host page (same origin) and tools that send no Origin may use it"
        ));
    }
    if text(HOST_KEY_HEADER) != Some(app.host_keys.key_for(origin).as_str()) {
        return Err(format!(
            "a page at {origin} without the host page's key (the app's origin?): the app may not use the simulator's own endpoints; it reaches Zendesk only through ZAF, like in Zendesk"
        ));
    }
    Ok(())
}

/// `http://h:1/app/x?y` -> `/app/x?y`; anything unparsable -> "".
fn referer_path(referer: &str) -> &str {
    referer
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_per_origin_and_per_process() {
        let keys = HostKeys::default();
        let a = keys.key_for("http://127.0.0.1:4567");
        assert_eq!(a, keys.key_for("http://127.0.0.1:4567"));
        assert_ne!(a, keys.key_for("http://localhost:4567"));
        assert_ne!(a, HostKeys::default().key_for("http://127.0.0.1:4567"));
        assert_eq!(a.len(), 32);
    }

    #[test]
    fn referer_paths() {
        assert_eq!(
            referer_path("http://localhost:1/app/assets/iframe.html?x=1"),
            "/app/assets/iframe.html?x=1"
        );
        assert_eq!(referer_path("http://127.0.0.1:1"), "");
        assert_eq!(referer_path("garbage"), "");
    }
}
