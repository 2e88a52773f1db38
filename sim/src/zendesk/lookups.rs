//! Brands, targets and webhooks, read only: configurations refer to them (a trigger's `brand_id`,
//! `notification_target`, `notification_webhook`) and a deploy matches them by name or title in the
//! target account, but never creates them (their credentials cannot be read). One table row per
//! kind ([`Lookup`]); the demo's items are seeded ([`crate::scenario`]).
//!
//! - Brands (`GET /api/v2/brands`, `/api/v2/brands/{id}`; the spec's BrandObject): "sorted by name";
//!   cursor or offset pagination (the spec). "Agents without the `assign_tickets_to_any_brand`
//!   permission can only list brands they are members of": the simulator does not model brand
//!   membership, and counts every agent a member of every brand (every agent sees them all).
//! - Targets (`GET /api/v2/targets`, `/api/v2/targets/{id}`; the spec's TargetObject): agents; the
//!   spec answers `targets` with no pagination. The docs are silent on the order; the simulator
//!   answers by id.
//! - Webhooks (`GET /api/v2/webhooks`, `/api/v2/webhooks/{id}`; not in the spec: Zendesk's Webhooks
//!   API reference): admins; ids are text (`01GZ...`); cursor pagination only, `filter[name_contains]`
//!   (case-insensitive) and `filter[status]` (`active`, `inactive`). The object has no `url`. The
//!   docs are silent on the default order and page size; the simulator answers by name, then id,
//!   100 a page.

use axum::extract::{Extension, Path, RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::error::ZdError;
use super::paging::{self, List, Params, SortBy, Unpaged};
use super::{authorize, item_id, item_json, Allowed, Caller, ZdState};
use crate::state::Account;

/// One read-only kind.
pub struct Lookup {
    pub list: List<'static>,
    /// The show answer's key: `brand`, `target`, `webhook`.
    pub wrapper: &'static str,
    /// Whether items are answered with their `url` (`https://<sub>.zendesk.com/api/v2/<key>/<id>.json`).
    pub with_url: bool,
    pub allowed: Allowed,
    pub sort: SortBy,
    /// Whether the list takes `filter[name_contains]` and `filter[status]` (webhooks).
    pub filtered: bool,
    pub items: fn(&Account) -> &Vec<Map<String, Value>>,
}

pub const BRANDS: Lookup = Lookup {
    list: List {
        key: "brands",
        path: "/api/v2/brands.json",
        order: "name",
        unpaged: Unpaged::Offset,
    },
    wrapper: "brand",
    with_url: true,
    allowed: Allowed::Agents,
    sort: SortBy::Text("name"),
    filtered: false,
    items: |a| &a.brands,
};

pub const TARGETS: Lookup = Lookup {
    list: List {
        key: "targets",
        path: "/api/v2/targets.json",
        order: "id",
        unpaged: Unpaged::All,
    },
    wrapper: "target",
    with_url: true,
    allowed: Allowed::Agents,
    sort: SortBy::Position,
    filtered: false,
    items: |a| &a.targets,
};

pub const WEBHOOKS: Lookup = Lookup {
    list: List {
        key: "webhooks",
        path: "/api/v2/webhooks",
        order: "name",
        unpaged: Unpaged::Cursor,
    },
    wrapper: "webhook",
    with_url: false,
    allowed: Allowed::Admins,
    sort: SortBy::Text("name"),
    filtered: true,
    items: |a| &a.webhooks,
};

pub fn routes() -> Router<ZdState> {
    [&BRANDS, &TARGETS, &WEBHOOKS]
        .into_iter()
        .fold(Router::new(), |router, kind| {
            router.merge(kind_routes(kind))
        })
}

fn kind_routes(kind: &'static Lookup) -> Router<ZdState> {
    let base = format!("/api/v2/{}", kind.list.key);
    Router::new()
        .route(
            &base,
            get(move |s: State<ZdState>, c: Extension<Caller>, q: RawQuery| list(kind, s, c, q)),
        )
        .route(
            &format!("{base}/{{id}}"),
            get(
                move |s: State<ZdState>, c: Extension<Caller>, p: Path<String>| show(kind, s, c, p),
            ),
        )
}

/// An item as answered.
fn answer(kind: &Lookup, item: &Map<String, Value>, subdomain: &str) -> Value {
    if kind.with_url {
        item_json(item, subdomain, kind.list.key)
    } else {
        Value::Object(item.clone())
    }
}

/// A stored item's id as the URL names it: digits, or a webhook's text id.
fn id_text(item: &Map<String, Value>) -> String {
    match item.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// Every item of a kind as answered, in the list's order (the control API's config).
pub fn all_json(account: &Account, kind: &Lookup) -> Vec<Value> {
    paging::keyed((kind.items)(account), kind.sort, false, item_id)
        .into_iter()
        .map(|(_, i)| answer(kind, i, &account.subdomain))
        .collect()
}

/// Whether a webhook passes the list's `filter[...]` parameters.
fn passes(item: &Map<String, Value>, params: &Params) -> bool {
    let text = |k: &str| item.get(k).and_then(Value::as_str).unwrap_or_default();
    let name_ok = params
        .get("filter[name_contains]")
        .is_none_or(|part| text("name").to_lowercase().contains(&part.to_lowercase()));
    let status_ok = params
        .get("filter[status]")
        .is_none_or(|status| text("status") == status);
    name_ok && status_ok
}

async fn list(
    kind: &'static Lookup,
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ZdError> {
    let params = Params::parse(query.as_deref());
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, kind.allowed)?;
    let sub = account.subdomain.as_str();
    let chosen = (kind.items)(account)
        .iter()
        .filter(|i| !kind.filtered || passes(i, &params));
    let items = paging::keyed(chosen, kind.sort, false, item_id)
        .into_iter()
        .map(|(key, i)| (key, answer(kind, i, sub)))
        .collect();
    Ok(Json(paging::answer(&kind.list, sub, &params, items)?))
}

async fn show(
    kind: &'static Lookup,
    State(state): State<ZdState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ZdError> {
    let mut world = state.lock();
    let (_, account) = authorize(&mut world, &caller, kind.allowed)?;
    let item = (kind.items)(account)
        .iter()
        .find(|i| id_text(i) == id.trim())
        .ok_or_else(ZdError::not_found)?;
    Ok(Json(
        json!({ kind.wrapper: answer(kind, item, &account.subdomain) }),
    ))
}
