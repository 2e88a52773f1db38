//! The host page (a stand-in for the Zendesk agent interface), the app's files, the ZAF SDK bundle and
//! the session data host.js answers the app's `get` calls and registration with.

use std::path::{Component, Path as FsPath};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::control::unknown_plan;
use crate::state::{now_ms, Account, DesksetApp, Plan, Role, User, World};
use crate::{AppState, Config};

const HOST_JS: &str = include_str!("../static/host.js");
const HOST_HTML: &str = include_str!("../static/host.html");
const CDN_SDK: &str = "https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js";
const LOCAL_SDK: &str = "/sim/zaf_sdk.js";
/// The bench's floor app, served from `--floor` at `/app/floor/`.
const FLOOR: &str = "floor";

pub const LOCATIONS: [&str; 5] = [
    "nav_bar",
    "top_bar",
    "ticket_sidebar",
    "user_sidebar",
    "background",
];
/// The locales deskset ships translations for.
pub const LOCALES: [&str; 4] = ["en-US", "fr", "nl", "zh-cn"];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(host_page))
        .route("/app/{app}/{*path}", get(app_file))
        .route("/sim/zaf_sdk.js", get(sdk))
        .route("/sim/host.js", get(host_js))
        // Keeps the browser console free of a 404 that end-to-end tests might count as an error.
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
}

/// `/sim/session`, kept apart so the router can guard it with the control API (it can change the plan).
pub fn session_routes() -> Router<AppState> {
    Router::new().route("/sim/session", get(session))
}

/// The host page's switches (contracts.md).
#[derive(Debug, Default, Deserialize)]
pub struct Switches {
    pub location: Option<String>,
    pub account: Option<String>,
    pub user: Option<String>,
    pub locale: Option<String>,
    pub plan: Option<String>,
    pub ticket: Option<String>,
    pub viewed_user: Option<String>,
    /// `floor`: the frame opens the bench's floor app (`--floor`) instead of the location's app, in
    /// the same session (registration, `get` answers, the proxy as that app).
    pub app: Option<String>,
    /// Only for `/sim/session`: the page makes its own.
    pub app_guid: Option<String>,
}

async fn host_page(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(switches): Query<Switches>,
) -> Response {
    // The host page is a top-level page: not something to embed or fetch (e.g. by the app, to get a
    // host key for its own origin). Browsers say which with Sec-Fetch-Dest; tools send none.
    if let Some(dest) = headers.get("sec-fetch-dest").and_then(|v| v.to_str().ok()) {
        if dest != "document" {
            return error_page(&format!(
                "the host page opens only as a top-level page, not as {dest:?}"
            ));
        }
    }
    let floor = match switches.app.as_deref().filter(|a| !a.is_empty()) {
        None => false,
        Some("floor") if app.config.floor.is_some() => true,
        Some("floor") => {
            return error_page(
                "app=floor: this simulator has no floor app (start it with --floor DIR)",
            )
        }
        Some(other) => return error_page(&format!("unknown app {other:?}; known: floor")),
    };
    let guid = new_guid();
    let (origin, app_base) = origins(&headers);
    let session = {
        let mut world = app.lock();
        match session_data(&mut world, &app.config, &switches, &guid) {
            Ok(s) => s,
            Err(message) => return error_page(&message),
        }
    };
    let mut session = session;
    // Only the page gets the key: the app, on another origin, cannot read it.
    session["hostKey"] = json!(app.host_keys.key_for(&origin));
    let stage = match (session["app"].as_str(), session["unavailable"].as_str()) {
        // In Zendesk the app iframe is cross-origin with the agent interface; here it is on the
        // other loopback name, same port.
        (Some(which), None) => {
            let which = if floor { FLOOR } else { which };
            let iframe_src = format!(
                "{app_base}/app/{which}/assets/iframe.html?origin={}&app_guid={guid}",
                crate::encode_query_value(&origin)
            );
            format!(
                "<iframe id=\"app\" data-app=\"{which}\" title=\"{}\" src=\"{}\"></iframe>",
                escape_html(session["appTitle"].as_str().unwrap_or("deskset")),
                escape_html(&iframe_src)
            )
        }
        // Zendesk shows nothing of an app a user may not have or a location no app declares;
        // the simulator says why.
        (_, reason) => format!(
            "<p id=\"sim-no-app\" role=\"status\">{}</p>",
            escape_html(reason.unwrap_or("no deskset app here"))
        ),
    };
    let page = HOST_HTML
        .replace("__STAGE__", &stage)
        .replace("__SESSION_JSON__", &script_json(&session));
    ([(header::CACHE_CONTROL, "no-store")], Html(page)).into_response()
}

/// The same data the host page embeds, for tools and tests.
async fn session(State(app): State<AppState>, Query(switches): Query<Switches>) -> Response {
    let guid = switches.app_guid.clone().unwrap_or_else(new_guid);
    let mut world = app.lock();
    match session_data(&mut world, &app.config, &switches, &guid) {
        Ok(s) => Json(s).into_response(),
        Err(message) => (StatusCode::BAD_REQUEST, Json(json!({"error": message}))).into_response(),
    }
}

fn error_page(message: &str) -> Response {
    let body = format!(
        "<!doctype html><meta charset=utf-8><title>deskset-sim</title><p>deskset-sim: {}</p><p><a href=\"/\">Back to the default page</a></p>",
        escape_html(message)
    );
    (StatusCode::BAD_REQUEST, Html(body)).into_response()
}

/// Everything host.js needs: the session, the ZAF registration (metadata, context), the values `get`
/// answers with, and the choices for the toolbar. The app is the one whose manifest declares the
/// location (the console in `nav_bar`, the tile in `top_bar` and the sidebars); `unavailable` says
/// why the page embeds no app (no app declares the location, or the app's role restrictions leave
/// the user out).
pub fn session_data(
    world: &mut World,
    config: &Config,
    switches: &Switches,
    guid: &str,
) -> Result<Value, String> {
    let location = switches.location.as_deref().unwrap_or("nav_bar");
    if !LOCATIONS.contains(&location) {
        return Err(format!(
            "unknown location {location:?}; known: {}",
            LOCATIONS.join(", ")
        ));
    }
    let account_key = switches.account.as_deref().unwrap_or("acme");
    let known_accounts: Vec<String> = world.accounts.keys().cloned().collect();
    let Some(account) = world.account_mut(account_key) else {
        return Err(format!(
            "unknown account {account_key:?}; known: {}",
            known_accounts.join(", ")
        ));
    };
    let which = config.app_for(location);
    // The app of the location must be installed; a location no app declares opens no app anyway.
    let needed = which.unwrap_or(DesksetApp::Console);
    if account.installation_of(needed).is_none() {
        let switch = match needed {
            DesksetApp::Console => "deskset_installed",
            DesksetApp::Tile => "tile_installed",
        };
        return Err(format!(
            "{} is not installed in {account_key}: there is no app to open in {location}. Install it with POST /sim/accounts/{account_key} {{\"{switch}\": true}}",
            needed.title()
        ));
    }
    if let Some(name) = switches.plan.as_deref().filter(|p| !p.is_empty()) {
        account.plan = Plan::parse(name).ok_or_else(|| unknown_plan(name))?;
    }
    let account: &Account = account;
    let user_key = switches.user.as_deref().unwrap_or("admin");
    let user = account
        .user(user_key)
        .filter(|u| u.role != Role::EndUser && u.active && !u.suspended)
        .ok_or_else(|| {
            let agents: Vec<&str> = account
                .users
                .iter()
                .filter(|u| u.role != Role::EndUser && u.active && !u.suspended)
                .map(|u| u.key.as_str())
                .collect();
            format!(
                "account {account_key} has no agent or admin {user_key:?}; known: {}",
                agents.join(", ")
            )
        })?;
    let locale = switches.locale.as_deref().filter(|l| !l.is_empty());

    let mut data = Map::new();
    data.insert(
        "currentUser".into(),
        zaf_user(account, user, locale.or(Some(&user.locale))),
    );
    data.insert(
        "currentAccount".into(),
        json!({
            "subdomain": account.subdomain,
            "planName": account.plan.key(),
            // A number on a trial account, null on a paid one.
            "daysLeftInTrial": account.days_left_in_trial(now_ms()),
        }),
    );
    let mut context = json!({
        "instanceGuid": guid,
        "product": "support",
        "account": {"subdomain": account.subdomain},
        "location": location,
    });
    if location == "ticket_sidebar" {
        let ticket = match switches.ticket.as_deref().filter(|t| !t.is_empty()) {
            None => account.default_ticket(),
            Some(t) => t
                .parse::<u64>()
                .ok()
                .and_then(|id| account.tickets.iter().find(|x| x.id == id)),
        }
        .ok_or_else(|| {
            let ids: Vec<String> = account.tickets.iter().map(|t| t.id.to_string()).collect();
            format!(
                "no such ticket in {account_key}; tickets: {}",
                ids.join(", ")
            )
        })?;
        let requester = account
            .user(&ticket.requester_key)
            .map(|u| zaf_user(account, u, None))
            .unwrap_or(Value::Null);
        data.insert(
            "ticket".into(),
            json!({"id": ticket.id, "subject": ticket.subject, "requester": requester}),
        );
        context["ticketId"] = json!(ticket.id);
    }
    if location == "user_sidebar" {
        let viewed = match switches.viewed_user.as_deref().filter(|v| !v.is_empty()) {
            None => account.users.iter().find(|u| u.role == Role::EndUser),
            Some(key) => account.user(key),
        }
        .ok_or_else(|| format!("no such user to view in {account_key}"))?;
        data.insert("user".into(), zaf_user(account, viewed, None));
        context["userId"] = json!(viewed.id);
    }

    // Every person of the account as ZAF describes a user, for `__simSetRequester` (host.js):
    // changing a ticket's requester swaps in one of these.
    let people: Option<Map<String, Value>> = (location == "ticket_sidebar").then(|| {
        account
            .users
            .iter()
            .map(|u| (u.key.clone(), zaf_user(account, u, None)))
            .collect()
    });

    // Secure settings are write-only: only the readable ones reach the iframe.
    let installation = which.and_then(|w| account.installation_of(w));
    let manifest = which.map(|w| config.manifest(w));
    let metadata = json!({
        "appId": installation.map(|i| i.app_id),
        "installationId": installation.map(|i| i.id),
        "name": manifest.map(|m| m.name.clone()),
        "version": manifest.map(|m| m.version.clone()),
        "plan": {"name": Value::Null},
        "settings": installation.map(|i| Value::Object(i.settings.clone())).unwrap_or_else(|| json!({})),
    });
    let unavailable = match (which, installation) {
        (None, _) => Some(format!(
            "No deskset app is in {location}: neither manifest declares it."
        )),
        (Some(w), Some(i)) if !i.allows(user) => Some(format!(
            "{} is not available to {}: its role restrictions leave their role out.",
            w.title(),
            user.name
        )),
        _ => None,
    };

    // Only accounts with deskset installed have an app to open.
    let accounts: Vec<Value> = world
        .accounts
        .values()
        .filter(|a| a.deskset_installation().is_some())
        .map(|a| {
            json!({
                "subdomain": a.subdomain,
                "plan": a.plan.key(),
                "users": a.users.iter().filter(|u| u.role != Role::EndUser).map(|u| json!({"key": u.key, "name": u.name})).collect::<Vec<_>>(),
                "endUsers": a.users.iter().filter(|u| u.role == Role::EndUser).map(|u| json!({"key": u.key, "name": u.name})).collect::<Vec<_>>(),
                "tickets": a.tickets.iter().map(|t| t.id).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut out = json!({
        "session": {"account": account_key, "user": user_key, "app": which.map(|w| w.key())},
        "app": which.filter(|_| unavailable.is_none()).map(|w| w.key()),
        "appTitle": which.map(|w| w.title()),
        "unavailable": unavailable,
        "switches": {
            "location": location,
            "account": account_key,
            "user": user_key,
            "locale": locale,
            "ticket": switches.ticket,
            "viewed_user": switches.viewed_user,
        },
        "metadata": metadata,
        "context": context,
        "data": data,
        "choices": {
            "locations": LOCATIONS,
            "locales": LOCALES,
            "plans": Plan::ALL.iter().map(|p| p.key()).collect::<Vec<_>>(),
            "accounts": accounts,
        },
    });
    if let Some(people) = people {
        out["people"] = Value::Object(people);
    }
    Ok(out)
}

/// A user as ZAF's `get('currentUser')` describes it (camelCase, unlike the REST API).
fn zaf_user(account: &Account, user: &User, locale: Option<&str>) -> Value {
    let groups: Vec<Value> = account
        .groups
        .iter()
        .filter(|g| user.group_ids.contains(&g.id))
        .map(|g| json!({"id": g.id, "name": g.name}))
        .collect();
    json!({
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "role": user.role.as_str(),
        "locale": locale.unwrap_or(&user.locale),
        "timeZone": {
            "name": user.time_zone,
            "ianaName": user.iana_time_zone,
            "offset": 60,
            "formattedOffset": "GMT+01:00",
        },
        "groups": groups,
        "alias": "",
        "avatarUrl": Value::Null,
        "details": "",
        "externalId": Value::Null,
        "notes": "",
        "organizations": [],
        "signature": "",
        "tags": [],
    })
}

async fn app_file(
    State(app): State<AppState>,
    Path((which, path)): Path<(String, String)>,
) -> Response {
    let dir = match DesksetApp::parse(&which) {
        Some(known) => app.config.app_dir(known),
        None if which == FLOOR => match &app.config.floor {
            Some(dir) => dir.clone(),
            None => {
                return not_found(
                    "deskset-sim: no floor app here (start the simulator with --floor DIR)".into(),
                )
            }
        },
        None => {
            return not_found(format!(
                "deskset-sim: no app {which:?}: the apps are console and tile"
            ))
        }
    };
    // Zendesk serves only the package's assets/ folder to the iframe (zaf.md).
    let rel = FsPath::new(&path);
    let safe = rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !safe || !path.starts_with("assets/") {
        return not_found(format!(
            "deskset-sim: /app/{which}/{path} is not served: Zendesk serves only the app's assets/ folder to the iframe"
        ));
    }
    let file = dir.join(rel);
    let bytes = match tokio::fs::read(&file).await {
        Ok(b) => b,
        Err(_) => {
            return not_found(format!(
                "deskset-sim: {} not found (build the app into --dist first)",
                file.display()
            ))
        }
    };
    let content_type = content_type(&path);
    let body = if path == "assets/iframe.html" {
        String::from_utf8_lossy(&bytes)
            .replace(CDN_SDK, LOCAL_SDK)
            .into_bytes()
    } else {
        bytes
    };
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

async fn sdk(State(app): State<AppState>) -> Response {
    match tokio::fs::read(&app.config.sdk).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => not_found(format!(
            "deskset-sim: the ZAF SDK bundle is missing at {} (make it with `cargo xtask setup`, or pass --sdk FILE)",
            app.config.sdk.display()
        )),
    }
}

async fn host_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        HOST_JS,
    )
        .into_response()
}

fn not_found(text: String) -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The page's origin as the browser sees it (the SDK accepts messages only from this origin), and the
/// app's origin: the other loopback name, same port (`127.0.0.1` <-> `localhost`; any other name the
/// browser used -> `localhost`).
pub fn origins(headers: &HeaderMap) -> (String, String) {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("127.0.0.1");
    let (name, port) = split_host(host);
    let other = if name.eq_ignore_ascii_case("localhost") {
        "127.0.0.1"
    } else {
        "localhost"
    };
    let port = port.map(|p| format!(":{p}")).unwrap_or_default();
    (format!("http://{host}"), format!("http://{other}{port}"))
}

/// `name:port` -> (name, Some(port)); `[v6]:port` keeps its brackets on the name.
fn split_host(host: &str) -> (&str, Option<&str>) {
    if let Some(end) = host.rfind(']') {
        let (name, rest) = host.split_at(end + 1);
        return (name, rest.strip_prefix(':'));
    }
    match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    }
}

/// A fresh v4-style GUID per page load; std's randomly keyed hasher is random enough for an id.
fn new_guid() -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let word = |salt: u64| {
        let mut h = RandomState::new().build_hasher();
        h.write_u128(nanos);
        h.write_u64(salt);
        h.finish()
    };
    let (a, b) = (word(1), word(2));
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        ((b >> 48) & 0x3fff) | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// JSON safe inside a `<script>` element.
fn script_json(v: &Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
