//! `/api/v2/oauth/clients` and `/api/v2/oauth/tokens` (the spec's OAuth Clients and OAuth Tokens),
//! `Authorization: Bearer` sign-in with those tokens, and what a token's `scopes` let it do.
//!
//! The spec is the contract; where it and zendesk-api.md are silent the simulator takes the narrowest
//! reasonable behaviour, said here next to the code and in docs/contracts.md ("OAuth clients and
//! tokens"), in short:
//!
//! - A client's `secret` is answered in full by the create (and by `generate_secret`, which makes a
//!   new one); every other answer shows its first 10 characters followed by `...` (the spec: "returned
//!   in full only at that time"; its examples show a cut-off `af3t24tfj34h43s...`).
//! - `identifier` must be unique in the account, compared case-insensitively (refuses more than an
//!   exact comparison would).
//! - A token's `token` is answered in full by the create only; every other answer holds its first 10
//!   characters (the spec says so of list and show).
//! - `GET /api/v2/oauth/tokens` is for admins only (the spec's "Allowed For"); `show` and `revoke` are
//!   for anyone signed in, but a non-admin reaches only their own tokens (another user's answers 404,
//!   as an unknown id does: it does not tell whether the id exists).
//! - A revoked token (or one whose client was deleted) is gone from the API: 404 on show and revoke,
//!   absent from lists, 401 when signing in with it. The simulator keeps it, revoked, for the control
//!   API and [`crate::secrets::describe_secret`].

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Bytes;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::{Method, StatusCode};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::error::ZdError;
use super::paging::{self, List, Params, Unpaged};
use super::role_rules::Details;
use super::{authorize, Allowed, Caller, ZdState};
use crate::state::{now_rfc3339, Account, Role, User};

/// The first client id the simulator hands out in an account (clients and tokens draw from
/// different ranges, so a token id sent as a `client_id` is never taken for a client).
pub const FIRST_CLIENT_ID: u64 = 360_000_510_001;
/// The first token id.
pub const FIRST_TOKEN_ID: u64 = 360_000_520_001;

/// How many characters of a token (or a client secret) answers other than the create show.
pub const SHOWN_PREFIX: usize = 10;

/// The spec's "Resources that can be scoped". A request's resource is the first path segment after
/// `/api/v2/` when it is one of these, literally (so `/api/v2/audit_logs` is not `auditlogs`, nor
/// `/api/v2/help_center` `hc`: the spec names no paths, and the narrow reading grants less).
pub const SCOPED_RESOURCES: [&str; 16] = [
    "tickets",
    "users",
    "auditlogs",
    "organizations",
    "hc",
    "apps",
    "triggers",
    "automations",
    "targets",
    "webhooks",
    "macros",
    "requests",
    "satisfaction_ratings",
    "dynamic_content",
    "any_channel",
    "web_widget",
];
/// "auditlogs (read only)": a `auditlogs:write` scope grants nothing.
const READ_ONLY_RESOURCES: [&str; 1] = ["auditlogs"];
/// "any_channel (write only)", "web_widget (write only)": their `:read` scopes grant nothing.
const WRITE_ONLY_RESOURCES: [&str; 2] = ["any_channel", "web_widget"];

/// An OAuth client (the spec's OAuthClientObject), as stored.
#[derive(Clone, Debug)]
pub struct OAuthClient {
    pub id: u64,
    /// The admin who created it.
    pub user_id: u64,
    pub name: String,
    pub identifier: String,
    pub company: Option<String>,
    pub description: Option<String>,
    /// `public` or `confidential` (the default).
    pub kind: String,
    pub redirect_uri: Vec<String>,
    /// In full; answers show it in full only when it is made.
    pub secret: String,
    pub created_at: String,
    pub updated_at: String,
}

/// An OAuth access token (the spec's OauthTokenObject), as stored.
#[derive(Clone, Debug)]
pub struct OAuthToken {
    pub id: u64,
    /// The resource id of its client.
    pub client_id: u64,
    /// The user it signs in as: the admin who created it.
    pub user_id: u64,
    /// The access token itself.
    pub value: String,
    /// As given at creation, invalid ones included (the spec: "The endpoint returns an access token
    /// even if you specify an invalid scope").
    pub scopes: Vec<String>,
    pub created_at: String,
    /// "The latest time this token was used for authentication".
    pub used_at: Option<String>,
    /// Revoked (by a DELETE, or because its client was deleted): it signs nothing in any more.
    pub revoked: bool,
}

/// An account's OAuth clients and tokens. Ids are never reused, even after a delete.
#[derive(Clone, Debug, Default)]
pub struct OAuthStore {
    pub clients: Vec<OAuthClient>,
    /// Revoked ones included (they are kept, marked, for the control API).
    pub tokens: Vec<OAuthToken>,
    /// The highest id handed out so far (0 before any).
    pub last_client_id: u64,
    pub last_token_id: u64,
}

impl OAuthStore {
    fn next_client_id(&mut self) -> u64 {
        let id = self
            .clients
            .iter()
            .map(|c| c.id)
            .chain([self.last_client_id, FIRST_CLIENT_ID - 1])
            .max()
            .unwrap_or(FIRST_CLIENT_ID - 1)
            + 1;
        self.last_client_id = id;
        id
    }

    fn next_token_id(&mut self) -> u64 {
        let id = self
            .tokens
            .iter()
            .map(|t| t.id)
            .chain([self.last_token_id, FIRST_TOKEN_ID - 1])
            .max()
            .unwrap_or(FIRST_TOKEN_ID - 1)
            + 1;
        self.last_token_id = id;
        id
    }

    /// A token that has not been revoked.
    pub fn live_token(&self, id: u64) -> Option<&OAuthToken> {
        self.tokens.iter().find(|t| t.id == id && !t.revoked)
    }
}

pub fn routes() -> Router<ZdState> {
    Router::new()
        .route(
            "/api/v2/oauth/clients",
            get(list_clients).post(create_client),
        )
        .route(
            "/api/v2/oauth/clients/{id}",
            get(show_client).put(update_client).delete(delete_client),
        )
        .route(
            "/api/v2/oauth/clients/{id}/generate_secret",
            put(generate_secret),
        )
        .route("/api/v2/oauth/tokens", get(list_tokens).post(create_token))
        .route(
            "/api/v2/oauth/tokens/current",
            get(show_current).delete(revoke_current),
        )
        .route(
            "/api/v2/oauth/tokens/{id}",
            get(show_token).delete(revoke_token),
        )
}

// ---- Bearer sign-in and scopes ----

/// The token of an `Authorization: Bearer <token>` header value; `None` for any other scheme.
pub fn bearer_token(authorization: &str) -> Option<&str> {
    authorization
        .strip_prefix("Bearer ")
        .or_else(|| authorization.strip_prefix("bearer "))
        .map(str::trim)
}

/// Who a Bearer token signs in as: its user, if the token exists in this account, is not revoked, and
/// the user is active and not suspended (401 otherwise). Records the token's `used_at`. OAuth tokens
/// do not depend on the account's API token access switch (`token_access` is about API tokens only).
pub fn bearer_user(account: &mut Account, token: &str) -> Result<(User, u64), ZdError> {
    let found = account
        .oauth
        .tokens
        .iter_mut()
        .find(|t| !t.revoked && !token.is_empty() && t.value == token)
        .ok_or_else(ZdError::unauthenticated)?;
    let user = account
        .users
        .iter()
        .find(|u| u.id == found.user_id && u.active && !u.suspended)
        .cloned()
        .ok_or_else(ZdError::unauthenticated)?;
    found.used_at = Some(now_rfc3339());
    Ok((user, found.id))
}

/// Whether the OAuth token that authenticated `caller` (if one did) covers this request: 403 with
/// Zendesk's `Forbidden` body if not. Callers signed in otherwise pass.
///
/// One exception, where the documents disagree: zendesk-api.md says a read-scoped token answers 403
/// to any DELETE, while ARCHITECTURE.md's share flow (step 7) revokes the read-only token with
/// `DELETE /api/v2/oauth/tokens/current.json` sent with that token itself. Revoking the very token
/// that authenticates the request (`DELETE .../tokens/current`, or `.../tokens/{id}` of that token) is
/// allowed whatever its scopes, as OAuth token revocation (RFC 7009) lets a token's holder revoke it:
/// giving up a credential grants nothing. Revoking any other token still needs `write`.
pub fn check_scopes(
    account: &Account,
    caller: &Caller,
    method: &Method,
    path: &str,
) -> Result<(), ZdError> {
    let Some(id) = caller.oauth_token else {
        return Ok(());
    };
    if revokes_itself(id, method, path) {
        return Ok(());
    }
    let token = account
        .oauth
        .live_token(id)
        .ok_or_else(ZdError::unauthenticated)?;
    if permits(&token.scopes, method, path) {
        Ok(())
    } else {
        Err(ZdError::forbidden())
    }
}

/// `DELETE /api/v2/oauth/tokens/current` or `/api/v2/oauth/tokens/<id>` (`.json` already dropped).
fn revokes_itself(id: u64, method: &Method, path: &str) -> bool {
    *method == Method::DELETE
        && path
            .strip_prefix("/api/v2/oauth/tokens/")
            .is_some_and(|rest| rest == "current" || rest == id.to_string())
}

/// Whether `scopes` cover a request: GET and HEAD need read access, every other method write access
/// (the spec: `read` "gives access to GET endpoints", `write` "to POST, PUT, and DELETE endpoints";
/// PATCH and the rest count as writes).
pub fn permits(scopes: &[String], method: &Method, path: &str) -> bool {
    let write = !(*method == Method::GET || *method == Method::HEAD);
    let resource = resource_of(path);
    scopes.iter().any(|s| grants(s, resource, write))
}

/// The scoped resource a path belongs to, if any (see [`SCOPED_RESOURCES`]).
fn resource_of(path: &str) -> Option<&'static str> {
    let segment = path.strip_prefix("/api/v2/")?.split('/').next()?;
    SCOPED_RESOURCES.iter().copied().find(|r| *r == segment)
}

/// One scope: `read`, `write` (every resource), `<resource>:read`, `<resource>:write`, or
/// `<resource>` (read and write: "If you don't specify the access, read and write access are
/// assumed"). Anything else (an unknown resource or access, `impersonate`, which is about acting for
/// end users and is not modelled) grants nothing, so requests with only such scopes are forbidden, as
/// the spec says of invalid scopes.
fn grants(scope: &str, resource: Option<&str>, write: bool) -> bool {
    let (scoped, access) = match scope.split_once(':') {
        Some((r, a)) => (Some(r), Some(a)),
        None if scope == "read" || scope == "write" => (None, Some(scope)),
        None => (Some(scope), None),
    };
    let access_ok = match access {
        None => true,
        Some("read") => !write,
        Some("write") => write,
        Some(_) => false,
    };
    if !access_ok {
        return false;
    }
    match scoped {
        None => true,
        Some(r) => {
            let one_way_ok = if write {
                !READ_ONLY_RESOURCES.contains(&r)
            } else {
                !WRITE_ONLY_RESOURCES.contains(&r)
            };
            SCOPED_RESOURCES.contains(&r) && resource == Some(r) && one_way_ok
        }
    }
}

// ---- Clients ----

const CLIENTS: List = List {
    key: "clients",
    path: "/api/v2/oauth/clients.json",
    order: "id",
    unpaged: Unpaged::Offset,
};

async fn list_clients(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Admins)?;
    let items = account
        .oauth
        .clients
        .iter()
        .map(|c| {
            (
                (c.id as i64, c.id),
                client_json(&account.subdomain, c, false),
            )
        })
        .collect();
    Ok(Json(paging::answer(
        &CLIENTS,
        &account.subdomain,
        &params,
        items,
    )?))
}

async fn show_client(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Admins)?;
    let client = &account.oauth.clients[client_position(account, &id)?];
    Ok(Json(
        json!({ "client": client_json(&account.subdomain, client, false) }),
    ))
}

/// 201 with the client, its secret in full (the only time it is).
async fn create_client(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ZdError> {
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::Admins)?;
    let sent = object_body(&body, "client")?;
    let accepted = check_client(&sent, &account.oauth.clients, None)?;
    let id = account.oauth.next_client_id();
    let now = now_rfc3339();
    let client = OAuthClient {
        id,
        user_id: user.id,
        name: accepted.name.unwrap_or_default(),
        identifier: accepted.identifier.unwrap_or_default(),
        company: accepted.company.flatten(),
        description: accepted.description.flatten(),
        kind: accepted.kind.unwrap_or_else(|| "confidential".to_owned()),
        redirect_uri: accepted.redirect_uri.unwrap_or_default(),
        secret: random_hex(),
        created_at: now.clone(),
        updated_at: now,
    };
    let answer = json!({ "client": client_json(&account.subdomain, &client, true) });
    account.oauth.clients.push(client);
    Ok((StatusCode::CREATED, Json(answer)))
}

/// Only the fields sent change; the secret stays (and shows cut off).
async fn update_client(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Admins)?;
    let at = client_position(account, &id)?;
    let sent = object_body(&body, "client")?;
    let accepted = check_client(
        &sent,
        &account.oauth.clients,
        Some(account.oauth.clients[at].id),
    )?;
    let client = &mut account.oauth.clients[at];
    if let Some(name) = accepted.name {
        client.name = name;
    }
    if let Some(identifier) = accepted.identifier {
        client.identifier = identifier;
    }
    if let Some(company) = accepted.company {
        client.company = company;
    }
    if let Some(description) = accepted.description {
        client.description = description;
    }
    if let Some(kind) = accepted.kind {
        client.kind = kind;
    }
    if let Some(uris) = accepted.redirect_uri {
        client.redirect_uri = uris;
    }
    client.updated_at = now_rfc3339();
    let client = &account.oauth.clients[at];
    Ok(Json(
        json!({ "client": client_json(&account.subdomain, client, false) }),
    ))
}

/// A new secret, answered in full (the old one is gone). The client's tokens are untouched: the
/// secret is for OAuth flows, not for tokens already issued.
async fn generate_secret(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Admins)?;
    let at = client_position(account, &id)?;
    let client = &mut account.oauth.clients[at];
    client.secret = random_hex();
    client.updated_at = now_rfc3339();
    let client = &account.oauth.clients[at];
    Ok(Json(
        json!({ "client": client_json(&account.subdomain, client, true) }),
    ))
}

/// 204. The client's tokens are revoked with it.
async fn delete_client(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<StatusCode, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, Allowed::Admins)?;
    let at = client_position(account, &id)?;
    let client = account.oauth.clients.remove(at);
    for token in account
        .oauth
        .tokens
        .iter_mut()
        .filter(|t| t.client_id == client.id)
    {
        token.revoked = true;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Where client `id` is in the account's list; 404 for an unknown or malformed id.
fn client_position(account: &Account, id: &str) -> Result<usize, ZdError> {
    id.parse::<u64>()
        .ok()
        .and_then(|id| account.oauth.clients.iter().position(|c| c.id == id))
        .ok_or_else(ZdError::not_found)
}

/// A client create or update that passed validation: the fields sent (`None`: not sent; for
/// `company` and `description`, `Some(None)`: sent as null).
#[derive(Default)]
struct AcceptedClient {
    name: Option<String>,
    identifier: Option<String>,
    company: Option<Option<String>>,
    description: Option<Option<String>>,
    kind: Option<String>,
    redirect_uri: Option<Vec<String>>,
}

/// Validates the `client` object of a create (`this: None`) or an update of client `this`. `name`
/// and `identifier` are required on create and may not be blank (trimmed); `identifier` is unique in
/// the account (case-insensitive); `kind` is `public` or `confidential`; `redirect_uri` a list of
/// text; `company`, `description` text or null. Read-only fields (`id`, `secret`, `user_id`,
/// `global`, `url`, the times) and unknown ones are ignored. Every refusal is collected.
fn check_client(
    sent: &Map<String, Value>,
    clients: &[OAuthClient],
    this: Option<u64>,
) -> Result<AcceptedClient, ZdError> {
    let mut details = Details::default();
    let mut accepted = AcceptedClient::default();
    let creating = this.is_none();
    for (field, label) in [("name", "Name"), ("identifier", "Identifier")] {
        let value = match sent.get(field) {
            None if !creating => continue,
            None | Some(Value::Null) => {
                details.add(field, "BlankValue", format!("{label}: cannot be blank"));
                continue;
            }
            Some(Value::String(s)) if s.trim().is_empty() => {
                details.add(field, "BlankValue", format!("{label}: cannot be blank"));
                continue;
            }
            Some(Value::String(s)) => s.trim().to_owned(),
            Some(_) => {
                details.add(field, "InvalidValue", format!("{label}: must be text"));
                continue;
            }
        };
        if field == "identifier" {
            let taken = clients
                .iter()
                .any(|c| Some(c.id) != this && c.identifier.eq_ignore_ascii_case(&value));
            if taken {
                details.add(
                    field,
                    "DuplicateValue",
                    format!("{label}: {value} has already been taken"),
                );
                continue;
            }
            accepted.identifier = Some(value);
        } else {
            accepted.name = Some(value);
        }
    }
    for (field, label) in [("company", "Company"), ("description", "Description")] {
        let value = match sent.get(field) {
            None => continue,
            Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                details.add(field, "InvalidValue", format!("{label}: must be text"));
                continue;
            }
        };
        if field == "company" {
            accepted.company = Some(value);
        } else {
            accepted.description = Some(value);
        }
    }
    match sent.get("kind") {
        None => {}
        Some(Value::String(k)) if k == "public" || k == "confidential" => {
            accepted.kind = Some(k.clone());
        }
        Some(_) => details.add(
            "kind",
            "InvalidValue",
            "Kind: must be public or confidential".to_owned(),
        ),
    }
    match sent.get("redirect_uri") {
        None => {}
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
            accepted.redirect_uri = Some(
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
            );
        }
        Some(_) => details.add(
            "redirect_uri",
            "InvalidValue",
            "Redirect URI: must be a list of URLs".to_owned(),
        ),
    }
    details.finish()?;
    Ok(accepted)
}

/// The spec's OAuthClientObject. `secret` in full only when `full_secret` (the create and
/// generate_secret answers); otherwise its first [`SHOWN_PREFIX`] characters and `...`.
pub fn client_json(subdomain: &str, client: &OAuthClient, full_secret: bool) -> Value {
    let secret = if full_secret {
        client.secret.clone()
    } else {
        format!("{}...", prefix(&client.secret))
    };
    json!({
        "id": client.id,
        "url": format!("https://{subdomain}.zendesk.com/api/v2/oauth/clients/{}.json", client.id),
        "name": client.name,
        "identifier": client.identifier,
        "company": client.company,
        "description": client.description,
        "kind": client.kind,
        "redirect_uri": client.redirect_uri,
        "global": false,
        "logo_url": null,
        "user_id": client.user_id,
        "secret": secret,
        "created_at": client.created_at,
        "updated_at": client.updated_at,
    })
}

// ---- Tokens ----

const TOKENS: List = List {
    key: "tokens",
    path: "/api/v2/oauth/tokens.json",
    order: "id",
    unpaged: Unpaged::Offset,
};

/// Admins only (the spec's "Allowed For"). The caller's own tokens; with `all=true`, every user's.
/// `client_id=N` keeps only client N's tokens (a value that is not a number matches none);
/// `global_client_id` matches none (the simulator has no global clients).
async fn list_tokens(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::Admins)?;
    let all = params.get("all") == Some("true");
    let client = params
        .get("client_id")
        .map(|c| c.trim().parse::<u64>().ok());
    let global = params.get("global_client_id").is_some();
    let items = account
        .oauth
        .tokens
        .iter()
        .filter(|t| !t.revoked && (all || t.user_id == user.id))
        .filter(|t| client.is_none_or(|c| c == Some(t.client_id)))
        .filter(|_| !global)
        .map(|t| {
            (
                (t.id as i64, t.id),
                token_json(&account.subdomain, t, false),
            )
        })
        .collect();
    Ok(Json(paging::answer(
        &TOKENS,
        &account.subdomain,
        &params,
        items,
    )?))
}

/// Admins. `{"token": {"client_id": <client resource id>, "scopes": [...]}}` -> 201 with the access
/// token in full (the only time it is). The token signs in as the caller. An unknown `client_id`
/// (including a deleted client's or another account's) and missing or empty `scopes` answer 422;
/// scopes are stored as given, invalid ones included.
async fn create_token(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ZdError> {
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::Admins)?;
    let sent = object_body(&body, "token")?;
    let mut details = Details::default();
    let client_id = match sent.get("client_id") {
        None | Some(Value::Null) => {
            details.add(
                "client_id",
                "BlankValue",
                "Client: cannot be blank".to_owned(),
            );
            None
        }
        Some(v) => match v
            .as_u64()
            .filter(|id| account.oauth.clients.iter().any(|c| c.id == *id))
        {
            Some(id) => Some(id),
            None => {
                details.add(
                    "client_id",
                    "InvalidValue",
                    format!("Client: {v} is not an OAuth client of this account"),
                );
                None
            }
        },
    };
    let scopes = match sent.get("scopes") {
        None | Some(Value::Null) => {
            details.add("scopes", "BlankValue", "Scopes: cannot be blank".to_owned());
            None
        }
        Some(Value::Array(items)) if items.is_empty() => {
            details.add("scopes", "BlankValue", "Scopes: cannot be blank".to_owned());
            None
        }
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect::<Vec<_>>(),
        ),
        Some(_) => {
            details.add(
                "scopes",
                "InvalidValue",
                "Scopes: must be a list of scopes".to_owned(),
            );
            None
        }
    };
    details.finish()?;
    let (Some(client_id), Some(scopes)) = (client_id, scopes) else {
        // finish() refused any missing part above; this is never reached.
        return Err(ZdError::record_invalid(
            "Record validation errors",
            json!({}),
        ));
    };
    let id = account.oauth.next_token_id();
    let token = OAuthToken {
        id,
        client_id,
        user_id: user.id,
        value: random_hex(),
        scopes,
        created_at: now_rfc3339(),
        used_at: None,
        revoked: false,
    };
    let answer = json!({ "token": token_json(&account.subdomain, &token, true) });
    account.oauth.tokens.push(token);
    Ok((StatusCode::CREATED, Json(answer)))
}

async fn show_token(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::SignedIn)?;
    let token = reachable_token(account, user, id.parse::<u64>().ok())?;
    Ok(Json(
        json!({ "token": token_json(&account.subdomain, token, false) }),
    ))
}

/// The token in the request's `Authorization: Bearer` header; 404 when the request was not signed
/// in with one.
async fn show_current(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::SignedIn)?;
    let token = reachable_token(account, user, caller.oauth_token)?;
    Ok(Json(
        json!({ "token": token_json(&account.subdomain, token, false) }),
    ))
}

/// 204; the token signs nothing in from now on. Admins any token of the account, others their own.
async fn revoke_token(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<StatusCode, ZdError> {
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::SignedIn)?;
    let id = reachable_token(account, user, id.parse::<u64>().ok())?.id;
    revoke(account, id);
    Ok(StatusCode::NO_CONTENT)
}

/// 204: revokes the token in the request's `Authorization: Bearer` header (404 without one).
async fn revoke_current(
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
) -> Result<StatusCode, ZdError> {
    let mut world = state.lock();
    let (user, account) = authorize(&mut world, &caller, Allowed::SignedIn)?;
    let id = reachable_token(account, user, caller.oauth_token)?.id;
    revoke(account, id);
    Ok(StatusCode::NO_CONTENT)
}

fn revoke(account: &mut Account, id: u64) {
    if let Some(t) = account.oauth.tokens.iter_mut().find(|t| t.id == id) {
        t.revoked = true;
    }
}

/// A live token `user` may see: any for an admin, their own for anyone else. 404 otherwise (unknown,
/// malformed, revoked, or another user's).
fn reachable_token<'a>(
    account: &'a Account,
    user: &User,
    id: Option<u64>,
) -> Result<&'a OAuthToken, ZdError> {
    id.and_then(|id| account.oauth.live_token(id))
        .filter(|t| user.role == Role::Admin || t.user_id == user.id)
        .ok_or_else(ZdError::not_found)
}

/// The spec's OauthTokenObject. `token` in full only when `full` (the create answer); otherwise its
/// first [`SHOWN_PREFIX`] characters. Tokens never expire and have no refresh token (the spec:
/// "Refresh tokens aren't used. An access token doesn't expire").
pub fn token_json(subdomain: &str, token: &OAuthToken, full: bool) -> Value {
    let value = if full {
        token.value.clone()
    } else {
        prefix(&token.value)
    };
    json!({
        "id": token.id,
        "url": format!("https://{subdomain}.zendesk.com/api/v2/oauth/tokens/{}.json", token.id),
        "client_id": token.client_id,
        "user_id": token.user_id,
        "token": value,
        "scopes": token.scopes,
        "created_at": token.created_at,
        "used_at": token.used_at,
        "expires_at": null,
        "refresh_token": null,
        "refresh_token_expires_at": null,
    })
}

// ---- Helpers ----

fn prefix(value: &str) -> String {
    value.chars().take(SHOWN_PREFIX).collect()
}

/// The `<key>` object of a request body: 400 if the body is not JSON or lacks it.
fn object_body(body: &Bytes, key: &str) -> Result<Map<String, Value>, ZdError> {
    let parsed: Value = serde_json::from_slice(body)
        .map_err(|_| ZdError::bad_request("The request body is not valid JSON"))?;
    match parsed.get(key) {
        Some(Value::Object(map)) => Ok(map.clone()),
        _ => Err(ZdError::bad_request(&format!(
            "The request body needs a {key} object"
        ))),
    }
}

/// 64 hex characters (256 bits) for a token or a secret. Made from std's randomly keyed hashers (as
/// [`crate::guard::HostKeys`] does), a counter and the clock: unguessable enough for a local
/// simulator, not a cryptographic generator.
pub(crate) fn random_hex() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    (0..4)
        .map(|_| {
            let mut h = RandomState::new().build_hasher();
            h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
            h.write_u128(nanos);
            format!("{:016x}", h.finish())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scopes(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn read_is_get_and_write_is_everything_else() {
        let read = scopes(&["read"]);
        assert!(permits(&read, &Method::GET, "/api/v2/macros"));
        assert!(permits(
            &read,
            &Method::HEAD,
            "/api/v2/oauth/tokens/current"
        ));
        for m in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            assert!(!permits(&read, &m, "/api/v2/macros"), "{m}");
        }
        let write = scopes(&["write"]);
        assert!(permits(&write, &Method::DELETE, "/api/v2/macros/1"));
        assert!(!permits(&write, &Method::GET, "/api/v2/macros"));
    }

    #[test]
    fn resource_scopes_cover_their_resource_only() {
        let tickets = scopes(&["tickets:read"]);
        assert!(permits(&tickets, &Method::GET, "/api/v2/tickets/1"));
        assert!(!permits(&tickets, &Method::GET, "/api/v2/users/me"));
        assert!(!permits(&tickets, &Method::GET, "/api/v2/oauth/tokens"));
        assert!(!permits(&tickets, &Method::PUT, "/api/v2/tickets/1"));
        // No access part: read and write.
        let users = scopes(&["users"]);
        assert!(permits(&users, &Method::GET, "/api/v2/users/me"));
        assert!(permits(&users, &Method::PUT, "/api/v2/users/1"));
        assert!(!permits(&users, &Method::GET, "/api/v2/tickets"));
        // The spec's own example: write to organizations, read to everything else.
        let mixed = scopes(&["organizations:write", "read"]);
        assert!(permits(&mixed, &Method::POST, "/api/v2/organizations"));
        assert!(permits(&mixed, &Method::GET, "/api/v2/groups"));
        assert!(!permits(&mixed, &Method::POST, "/api/v2/groups"));
    }

    #[test]
    fn invalid_and_one_way_scopes_grant_nothing() {
        for s in ["impersonate", "groups:read", "tickets:admin", "", "READ"] {
            assert!(
                !permits(&scopes(&[s]), &Method::GET, "/api/v2/groups"),
                "{s}"
            );
            assert!(
                !permits(&scopes(&[s]), &Method::GET, "/api/v2/tickets"),
                "{s}"
            );
        }
        assert!(!permits(
            &scopes(&["auditlogs:write"]),
            &Method::POST,
            "/api/v2/auditlogs"
        ));
        assert!(permits(
            &scopes(&["auditlogs"]),
            &Method::GET,
            "/api/v2/auditlogs"
        ));
        assert!(!permits(
            &scopes(&["any_channel"]),
            &Method::GET,
            "/api/v2/any_channel/x"
        ));
        assert!(permits(
            &scopes(&["any_channel"]),
            &Method::POST,
            "/api/v2/any_channel/x"
        ));
    }

    #[test]
    fn only_revoking_itself_skips_the_scopes() {
        assert!(revokes_itself(
            7,
            &Method::DELETE,
            "/api/v2/oauth/tokens/current"
        ));
        assert!(revokes_itself(7, &Method::DELETE, "/api/v2/oauth/tokens/7"));
        assert!(!revokes_itself(
            7,
            &Method::DELETE,
            "/api/v2/oauth/tokens/8"
        ));
        assert!(!revokes_itself(7, &Method::GET, "/api/v2/oauth/tokens/7"));
        assert!(!revokes_itself(
            7,
            &Method::DELETE,
            "/api/v2/oauth/clients/7"
        ));
    }

    #[test]
    fn secrets_are_long_random_hex() {
        let a = random_hex();
        let b = random_hex();
        assert_eq!(a.len(), 64);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
