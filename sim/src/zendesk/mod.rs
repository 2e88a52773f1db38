//! The fake Zendesk Support API. It is never mounted on the simulator's HTTP port: the proxy calls it
//! in-process through [`dispatch`], passing the target account and the credentials as a request
//! extension, so nothing an app sends (no header, no URL) can choose who it acts as.

pub mod automations;
pub mod custom_fields;
pub mod custom_roles;
pub mod dynamic_content;
pub mod error;
pub mod groups;
pub mod installations;
pub mod locales;
pub mod lookups;
pub mod macros;
pub mod oauth;
pub mod organizations;
pub mod paging;
pub mod role_rules;
pub mod schedules;
pub mod security_settings;
pub mod sla_policies;
pub mod ticket_fields;
pub mod ticket_forms;
pub mod trigger_categories;
pub mod triggers;
pub mod user_org_fields;
pub mod users;
pub mod views;
pub mod write;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::Engine;
use serde_json::{Map, Value};
use tower::ServiceExt;

use crate::state::{Account, Feature, RateDecision, Role, User, World};
use error::ZdError;

#[derive(Clone)]
pub struct ZdState {
    pub world: Arc<Mutex<World>>,
    /// The apps' manifests (which settings of an installation are secure).
    pub config: Arc<crate::Config>,
}

impl ZdState {
    pub fn lock(&self) -> MutexGuard<'_, World> {
        // A panic elsewhere must not take the whole simulator down with it.
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// How the request is authenticated.
#[derive(Clone, Debug)]
pub enum Auth {
    /// A relative URL from the app: the agent's browser session.
    Session { user: String },
    /// Through the proxy to an absolute URL: only what the `Authorization` header proves.
    Header,
}

/// Which account a request is for and how it authenticates; set by the proxy only.
#[derive(Clone, Debug)]
pub struct Target {
    pub account: String,
    pub auth: Auth,
}

/// Who is calling, after authentication. `user` is `None` for an anonymous caller.
#[derive(Clone, Debug)]
pub struct Caller {
    pub account: String,
    pub user: Option<User>,
    /// The id of the OAuth token (`Authorization: Bearer`) that signed the caller in, if one did.
    pub oauth_token: Option<u64>,
}

impl Caller {
    pub fn require_user(&self) -> Result<&User, ZdError> {
        self.user.as_ref().ok_or_else(ZdError::unauthenticated)
    }
}

/// Who an endpoint is for: the spec's "Allowed For".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Allowed {
    /// Any signed-in user, end users included (the spec's "Anyone"; anonymous callers get 401).
    SignedIn,
    /// Admins and agents.
    Agents,
    /// Admins only.
    Admins,
}

/// The preamble of every handler: an authenticated caller (401 otherwise), their account, and the
/// role the endpoint is for (403 otherwise, Zendesk's `Forbidden` body).
pub fn authorize<'w, 'c>(
    world: &'w mut World,
    caller: &'c Caller,
    allowed: Allowed,
) -> Result<(&'c User, &'w mut Account), ZdError> {
    let user = caller.require_user()?;
    let account = world
        .account_mut(&caller.account)
        .ok_or_else(ZdError::not_found)?;
    let permitted = match allowed {
        Allowed::SignedIn => true,
        Allowed::Agents => user.role != Role::EndUser,
        Allowed::Admins => user.role == Role::Admin,
    };
    if permitted {
        Ok((user, account))
    } else {
        Err(ZdError::forbidden())
    }
}

/// [`authorize`] for agents, then the endpoint's write permission `may` (Zendesk's `Forbidden`
/// for a caller without it).
pub fn authorize_writer<'w, 'c>(
    world: &'w mut World,
    caller: &'c Caller,
    may: fn(&Account, &User) -> bool,
) -> Result<(&'c User, &'w mut Account), ZdError> {
    let (user, account) = authorize(world, caller, Allowed::Agents)?;
    if may(account, user) {
        Ok((user, account))
    } else {
        Err(ZdError::forbidden())
    }
}

/// 403 `Forbidden` when the account lacks `feature` (its plan, or the control API's switch; see
/// [`Feature`]).
pub fn require(account: &Account, feature: Feature) -> Result<(), ZdError> {
    if account.has(feature) {
        Ok(())
    } else {
        Err(ZdError::forbidden())
    }
}

/// [`authorize`] for an endpoint of a `feature` some plans lack ([`require`]).
pub fn authorize_feature<'w, 'c>(
    world: &'w mut World,
    caller: &'c Caller,
    allowed: Allowed,
    feature: Feature,
) -> Result<(&'c User, &'w mut Account), ZdError> {
    let (user, account) = authorize(world, caller, allowed)?;
    require(account, feature)?;
    Ok((user, account))
}

/// A stored item's `id` (0 if it has none).
pub fn item_id(item: &Map<String, Value>) -> u64 {
    item.get("id").and_then(Value::as_u64).unwrap_or(0)
}

/// A stored item's `position` (0 if it has none).
pub fn item_position(item: &Map<String, Value>) -> i64 {
    item.get("position").and_then(Value::as_i64).unwrap_or(0)
}

/// A stored item as the API answers it: with its `url` on this account (`kind` is the path segment:
/// `macros`, `views`, ...).
pub fn item_json(item: &Map<String, Value>, subdomain: &str, kind: &str) -> Value {
    let mut out = item.clone();
    out.insert(
        "url".to_owned(),
        Value::String(format!(
            "https://{subdomain}.zendesk.com/api/v2/{kind}/{}.json",
            item_id(item)
        )),
    );
    Value::Object(out)
}

/// Stored items by position then id.
pub fn by_position(items: &[Map<String, Value>]) -> Vec<&Map<String, Value>> {
    let mut sorted: Vec<&Map<String, Value>> = items.iter().collect();
    sorted.sort_by_key(|i| (item_position(i), item_id(i)));
    sorted
}

/// Stored items of one kind as the API answers them, by position then id.
fn stored_json(items: &[Map<String, Value>], subdomain: &str, kind: &str) -> Vec<Value> {
    by_position(items)
        .into_iter()
        .map(|i| item_json(i, subdomain, kind))
        .collect()
}

/// Every configuration item of `account` in its read shape (the control API's
/// `/sim/accounts/<subdomain>/config`): groups and custom roles by id, the rest by position then id
/// (dynamic content, schedules, brands, targets, webhooks and organizations by id; each schedule
/// with its `holidays`, which its own read shape lacks). Whatever the plan has: a type the plan
/// lacks is what the account holds of it (the demo accounts hold none).
pub fn config_json(account: &Account) -> Value {
    let sub = account.subdomain.as_str();
    let mut groups: Vec<&crate::state::Group> = account.groups.iter().collect();
    groups.sort_by_key(|g| g.id);
    let mut roles: Vec<&crate::state::CustomRole> = account.custom_roles.iter().collect();
    roles.sort_by_key(|r| r.id);
    serde_json::json!({
        "groups": groups.into_iter().map(|g| groups::group_json(sub, g)).collect::<Vec<_>>(),
        "ticket_fields": stored_json(&account.ticket_fields, sub, "ticket_fields"),
        "user_fields": user_org_fields::fields_json(&account.user_fields, sub, "user_fields"),
        "organization_fields": user_org_fields::fields_json(
            &account.organization_fields,
            sub,
            "organization_fields",
        ),
        "trigger_categories": trigger_categories::sorted(&account.trigger_categories)
            .into_iter()
            .map(|c| Value::Object(c.clone()))
            .collect::<Vec<_>>(),
        "triggers": stored_json(&account.triggers, sub, "triggers"),
        // The spec's AutomationObject has no `url`.
        "automations": automations::sorted(&account.automations),
        "macros": stored_json(&account.macros, sub, "macros"),
        "views": stored_json(&account.views, sub, "views"),
        "custom_roles": roles
            .into_iter()
            .map(|r| custom_roles::role_json(account, r))
            .collect::<Vec<_>>(),
        "ticket_forms": stored_json(&account.ticket_forms, sub, ticket_forms::KIND),
        "sla_policies": stored_json(&account.sla_policies, sub, sla_policies::KIND),
        "dynamic_content": dynamic_content::items_json(account),
        "schedules": schedules::with_holidays(account),
        "brands": lookups::all_json(account, &lookups::BRANDS),
        "targets": lookups::all_json(account, &lookups::TARGETS),
        "webhooks": lookups::all_json(account, &lookups::WEBHOOKS),
        "organizations": organizations::all_json(account),
    })
}

pub fn router(state: ZdState) -> Router {
    Router::new()
        .merge(users::routes())
        .merge(custom_roles::routes())
        .merge(installations::routes())
        .merge(security_settings::routes())
        .merge(groups::routes())
        .merge(ticket_fields::routes())
        .merge(user_org_fields::routes())
        .merge(macros::routes())
        .merge(trigger_categories::routes())
        .merge(triggers::routes())
        .merge(automations::routes())
        .merge(views::routes())
        .merge(ticket_forms::routes())
        .merge(sla_policies::routes())
        .merge(dynamic_content::routes())
        .merge(schedules::routes())
        .merge(lookups::routes())
        .merge(organizations::routes())
        .merge(oauth::routes())
        .fallback(invalid_endpoint)
        .method_not_allowed_fallback(invalid_endpoint)
        .layer(middleware::from_fn_with_state(state.clone(), gate))
        .with_state(state)
}

/// Sends one request to the fake Zendesk. `.json` suffixes are optional in Zendesk's API, so they are
/// dropped before routing.
pub async fn dispatch(router: &Router, target: Target, mut req: Request) -> Response {
    if let Some(uri) = strip_json_suffix(req.uri()) {
        *req.uri_mut() = uri;
    }
    req.extensions_mut().insert(target);
    match router.clone().oneshot(req).await {
        Ok(resp) => resp,
        Err(never) => match never {},
    }
}

fn strip_json_suffix(uri: &Uri) -> Option<Uri> {
    let path = uri.path().strip_suffix(".json")?;
    let pq = match uri.query() {
        Some(q) => format!("{path}?{q}"),
        None => path.to_owned(),
    };
    pq.parse().ok()
}

async fn invalid_endpoint() -> ZdError {
    ZdError::invalid_endpoint()
}

/// Account lookup, rate limit and authentication, before any handler.
async fn gate(State(state): State<ZdState>, mut req: Request, next: Next) -> Response {
    let Some(target) = req.extensions().get::<Target>().cloned() else {
        // Only `dispatch` builds requests for this router; reaching here is a simulator bug.
        return ZdError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "InternalError",
            "request without a target account",
        )
        .into_response();
    };
    let authorization = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let (decision, caller) = {
        let mut world = state.lock();
        let Some(account) = world.account_mut(&target.account) else {
            return ZdError::new(
                axum::http::StatusCode::NOT_FOUND,
                "AccountNotFound",
                "There is no Zendesk account at this address",
            )
            .into_response();
        };
        account.api_calls += 1;
        let limit = account.rate_limit();
        let decision = account.rate.hit(limit, Instant::now());
        let caller = authenticate(account, &target.auth, authorization.as_deref()).and_then(|c| {
            oauth::check_scopes(account, &c, req.method(), req.uri().path()).map(|()| c)
        });
        (decision, caller)
    };
    let (limit, remaining) = match decision {
        RateDecision::Limited {
            limit,
            retry_after_secs,
        } => {
            let mut resp = ZdError::new(
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                "APIRateLimitExceeded",
                "Number of allowed API requests per minute exceeded",
            )
            .into_response();
            let h = resp.headers_mut();
            h.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            h.insert("x-rate-limit", HeaderValue::from(limit));
            h.insert("x-rate-limit-remaining", HeaderValue::from(0u32));
            return resp;
        }
        RateDecision::Allowed { limit, remaining } => (limit, remaining),
    };
    let mut resp = match caller {
        Ok(caller) => {
            req.extensions_mut().insert(caller);
            next.run(req).await
        }
        Err(e) => e.into_response(),
    };
    let h = resp.headers_mut();
    h.insert("x-rate-limit", HeaderValue::from(limit));
    h.insert("x-rate-limit-remaining", HeaderValue::from(remaining));
    resp
}

fn authenticate(
    account: &mut Account,
    auth: &Auth,
    authorization: Option<&str>,
) -> Result<Caller, ZdError> {
    let mut oauth_token = None;
    let user = match auth {
        Auth::Session { user } => Some(
            account
                .user(user)
                .filter(|u| u.active && !u.suspended)
                .cloned()
                .ok_or_else(ZdError::unauthenticated)?,
        ),
        Auth::Header => match authorization {
            None => None,
            Some(value) => match oauth::bearer_token(value) {
                Some(token) => {
                    let (user, id) = oauth::bearer_user(account, token)?;
                    oauth_token = Some(id);
                    Some(user)
                }
                None => Some(basic_token_user(account, value)?.clone()),
            },
        },
    };
    Ok(Caller {
        account: account.subdomain.clone(),
        user,
        oauth_token,
    })
}

/// `Basic base64(email/token:TOKEN)`; passwords are not accepted (Zendesk turned password access off).
fn basic_token_user<'a>(account: &'a Account, value: &str) -> Result<&'a User, ZdError> {
    let encoded = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))
        .ok_or_else(ZdError::unauthenticated)?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|_| ZdError::unauthenticated())?;
    let text = String::from_utf8(decoded).map_err(|_| ZdError::unauthenticated())?;
    let (login, token) = text.split_once(':').ok_or_else(ZdError::unauthenticated)?;
    let email = login
        .strip_suffix("/token")
        .ok_or_else(ZdError::unauthenticated)?;
    if !account.token_access || !account.api_tokens.iter().any(|t| t == token) {
        return Err(ZdError::unauthenticated());
    }
    account
        .user_by_email(email)
        .filter(|u| u.active && !u.suspended)
        .ok_or_else(ZdError::unauthenticated)
}
