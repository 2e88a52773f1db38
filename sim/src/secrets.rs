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
    Router::new().route("/sim/accounts/{subdomain}/oauth", get(account_oauth))
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
