//! What a stored secret is, without revealing it: [`describe_secret`] for tests (a share slot must hold
//! a read-only OAuth token, never an API token), and `GET /sim/accounts/{subdomain}/oauth`, an
//! account's OAuth clients and tokens without any token or secret value.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use base64::Engine;
use serde_json::{json, Value};

use crate::state::World;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sim/accounts/{subdomain}/oauth", get(account_oauth))
        .route("/sim/secrets/scan", axum::routing::post(scan))
}

/// Every secret the world holds, described without its value: each installation's secure
/// settings, each OAuth token and client secret, each API token.
fn secrets(world: &World) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for account in world.accounts.values() {
        for inst in &account.installations {
            for (name, value) in &inst.secure_settings {
                if let Some(v) = value.as_str().filter(|v| !v.is_empty()) {
                    out.push((
                        format!("{}: {} setting {name}", account.subdomain, inst.app_name),
                        v.to_owned(),
                    ));
                }
            }
        }
        for t in &account.oauth.tokens {
            out.push((
                format!("{}: OAuth token {}", account.subdomain, t.id),
                t.value.clone(),
            ));
        }
        for (n, t) in account.api_tokens.iter().enumerate() {
            out.push((format!("{}: API token {n}", account.subdomain), t.clone()));
        }
    }
    // Too short to mean anything in a haystack (and no stored secret is this short).
    out.retain(|(_, v)| v.chars().count() >= 8);
    out
}

/// `POST /sim/secrets/scan {"text": "..."}` with any text (a page's DOM, storage, console,
/// messages): which of the world's secrets appear in it, each described (`"acme: deskset setting
/// share_auth_1"`), never shown. `{"found": [...]}`.
async fn scan(State(app): State<AppState>, Json(body): Json<Value>) -> Response {
    let text = body.get("text").and_then(Value::as_str).unwrap_or_default();
    let world = app.lock();
    let found: Vec<String> = secrets(&world)
        .into_iter()
        .filter(|(_, v)| text.contains(v.as_str()))
        .map(|(what, _)| what)
        .collect();
    Json(json!({ "found": found })).into_response()
}

/// What `value` (a stored secret, exactly as stored: no trimming, no `Bearer `/`Basic ` prefix
/// taken off) is, in any account of `world`:
///
/// - `{"kind": "empty"}`;
/// - `{"kind": "oauth_token", "account", "token_id", "user_id", "client_id", "scopes", "revoked"}`
///   for an OAuth access token (revoked ones included);
/// - `{"kind": "api_token", "account"}` for a raw API token;
/// - `{"kind": "basic_api_token", "account", "email"}` for `base64("{email}/token:{token}")` with
///   one of the account's API tokens (what the app stored before OAuth; the email as written, whether
///   or not it is a user's, and whatever the account's token access switch);
/// - `{"kind": "other", "length": <characters>}` for anything else.
pub fn describe_secret(world: &World, value: &str) -> Value {
    if value.is_empty() {
        return json!({"kind": "empty"});
    }
    for account in world.accounts.values() {
        if let Some(t) = account.oauth.tokens.iter().find(|t| t.value == value) {
            return json!({
                "kind": "oauth_token",
                "account": account.subdomain,
                "token_id": t.id,
                "user_id": t.user_id,
                "client_id": t.client_id,
                "scopes": t.scopes,
                "revoked": t.revoked,
            });
        }
    }
    if let Some(account) = api_token_account(world, value) {
        return json!({"kind": "api_token", "account": account});
    }
    if let Some((account, email)) = basic_api_token(world, value) {
        return json!({"kind": "basic_api_token", "account": account, "email": email});
    }
    json!({"kind": "other", "length": value.chars().count()})
}

/// The account whose API token `token` is.
fn api_token_account<'w>(world: &'w World, token: &str) -> Option<&'w str> {
    world
        .accounts
        .values()
        .find(|a| a.api_tokens.iter().any(|t| t == token))
        .map(|a| a.subdomain.as_str())
}

/// `base64("{email}/token:{token}")` with a known API token: (account, email).
fn basic_api_token<'w>(world: &'w World, value: &str) -> Option<(&'w str, String)> {
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(value)
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (login, token) = text.split_once(':')?;
    let email = login.strip_suffix("/token")?;
    Some((api_token_account(world, token)?, email.to_owned()))
}

/// `{"clients": [{id, name, identifier, user_id, created_at}], "tokens": [{id, client_id, user_id,
/// scopes, revoked, created_at, used_at}]}`, revoked tokens included; never a token or secret value.
async fn account_oauth(State(app): State<AppState>, Path(subdomain): Path<String>) -> Response {
    let world = app.lock();
    let Some(account) = world.account(&subdomain) else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"error": format!("no account {subdomain:?}")})),
        )
            .into_response();
    };
    let clients: Vec<Value> = account
        .oauth
        .clients
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "name": c.name,
                "identifier": c.identifier,
                "user_id": c.user_id,
                "created_at": c.created_at,
            })
        })
        .collect();
    let tokens: Vec<Value> = account
        .oauth
        .tokens
        .iter()
        .map(|t| {
            json!({
                "id": t.id,
                "client_id": t.client_id,
                "user_id": t.user_id,
                "scopes": t.scopes,
                "revoked": t.revoked,
                "created_at": t.created_at,
                "used_at": t.used_at,
            })
        })
        .collect();
    Json(json!({"clients": clients, "tokens": tokens})).into_response()
}
