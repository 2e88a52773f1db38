//! The fake Autotask PSA REST API (docs/contracts.md, "Autotask"; ../shared/design/autotask-api.md).
//!
//! Like the fake Zendesk it is not mounted on the simulator's port: the proxy hands it requests for
//! `webservices.autotask.net` (zone lookup) and `webservicesNN.autotask.net` (a zone's API) through
//! [`dispatch`]. Paths are case-insensitive (`/atservicesrest/` and `/ATServicesRest/` alike), as
//! Autotask's IIS serves them.
//!
//! Order of checks for a zone call: route (404/405), the auth headers (401; 500 for the integration
//! code), the thread limit (per tenant, integration code, entity and operation; ZoneInformation is
//! exempt), the injected latency, then the answer.

pub mod control;
pub mod model;
pub mod query;
pub mod seed;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::state::World;
use crate::AppState;
use model::{AtWorld, Entity, Kind, ThreadKey};
use query::Query;

/// The zone lookup host.
pub const LOOKUP_HOST: &str = "webservices.autotask.net";

/// Whether the fake Autotask answers for `host` (lower-case).
pub fn serves(host: &str) -> bool {
    host == LOOKUP_HOST || zone_of_host(host).is_some()
}

/// `webservices15.autotask.net` -> 15.
pub fn zone_of_host(host: &str) -> Option<u32> {
    let n = host
        .strip_prefix("webservices")?
        .strip_suffix(".autotask.net")?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    n.parse().ok()
}

/// A zone's API root, as ZoneInformation's `url` gives it.
pub fn zone_url(zone: u32) -> String {
    format!("https://webservices{zone}.autotask.net/ATServicesRest/")
}

/// A zone's web root, as ZoneInformation's `webUrl` gives it.
pub fn web_url(zone: u32) -> String {
    format!("https://ww{zone}.autotask.net/")
}

fn json_answer(status: StatusCode, body: Value) -> Response {
    (
        status,
        [("content-type", "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

/// Autotask's error shape: `{"errors": ["..."]}`.
fn error(status: StatusCode, message: &str) -> Response {
    json_answer(status, json!({"errors": [message]}))
}

/// An error answer not yet rendered (small enough to travel in a `Result`).
struct Refusal(StatusCode, String);

impl Refusal {
    fn into_response(self) -> Response {
        error(self.0, &self.1)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Query,
    Count,
    /// `query/next`: a page link; shares the query's thread budget.
    Page,
    Fields,
}

impl Op {
    /// The operation part of the thread-limit key.
    fn budget(self) -> &'static str {
        match self {
            Op::Query | Op::Page => "query",
            Op::Count => "query/count",
            Op::Fields => "entityInformation/fields",
        }
    }
}

enum Route {
    Zone,
    Entity(Entity, Op),
}

fn not_found(path: &str) -> Refusal {
    Refusal(
        StatusCode::NOT_FOUND,
        format!("No HTTP resource was found that matches the request URI {path}."),
    )
}

fn route(host: &str, method: &Method, path: &str) -> Result<Route, Refusal> {
    let lower = path.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("/atservicesrest/") else {
        return Err(not_found(path));
    };
    let segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    // Only V1.0 exists: V2.0 zone lookups (and anything else) are 404.
    if segs.first() != Some(&"v1.0") {
        return Err(not_found(path));
    }
    let allow = |methods: &[Method]| {
        if methods.contains(method) {
            Ok(())
        } else {
            Err(Refusal(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("The requested resource does not support http method '{method}'."),
            ))
        }
    };
    if segs[1..] == ["zoneinformation"] {
        allow(&[Method::GET])?;
        return Ok(Route::Zone);
    }
    if host == LOOKUP_HOST {
        return Err(not_found(path));
    }
    let Some(entity_seg) = segs.get(1) else {
        return Err(not_found(path));
    };
    let Some(entity) = Entity::parse(entity_seg) else {
        return Err(Refusal(
            StatusCode::NOT_FOUND,
            format!(
                "deskset-sim's Autotask models only Contacts and Tickets, not {entity_seg} ({path})."
            ),
        ));
    };
    let op = match &segs[2..] {
        ["query"] => {
            allow(&[Method::GET, Method::POST])?;
            Op::Query
        }
        ["query", "count"] => {
            allow(&[Method::GET, Method::POST])?;
            Op::Count
        }
        ["query", "next"] => {
            allow(&[Method::GET])?;
            Op::Page
        }
        ["entityinformation", "fields"] => {
            allow(&[Method::GET])?;
            Op::Fields
        }
        _ => return Err(not_found(path)),
    };
    Ok(Route::Entity(entity, op))
}

/// The `name` query parameter, decoded as ASP.NET does (`+` is a space).
fn query_param(uri_query: Option<&str>, name: &str) -> Option<String> {
    uri_query?.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if !k.eq_ignore_ascii_case(name) {
            return None;
        }
        let v = v.replace('+', " ");
        Some(
            percent_encoding::percent_decode_str(&v)
                .decode_utf8_lossy()
                .into_owned(),
        )
    })
}

/// One request to the fake Autotask. `host` is the URL's host (lower-case), which [`serves`].
pub async fn dispatch(app: &AppState, host: &str, req: Request<Body>) -> Response {
    let (parts, body) = req.into_parts();
    let body = to_bytes(body, 16 * 1024 * 1024).await.unwrap_or_default();
    let latency = {
        let mut world = app.lock();
        world.autotask.calls += 1;
        Duration::from_millis(world.autotask.switches.latency_ms)
    };
    let path = parts.uri.path();
    let uri_query = parts.uri.query();
    let (entity, op) = match route(host, &parts.method, path) {
        Err(refusal) => return delayed(latency, refusal.into_response()).await,
        Ok(Route::Zone) => {
            let resp = zone_information(&app.lock().autotask, uri_query);
            return delayed(latency, resp).await;
        }
        Ok(Route::Entity(entity, op)) => (entity, op),
    };
    let zone = zone_of_host(host).unwrap_or(0);
    let who = authenticate(&app.lock().autotask, zone, &parts.headers);
    let (ci, code) = match who {
        Ok(who) => who,
        Err(refusal) => return delayed(latency, refusal.into_response()).await,
    };
    let key: ThreadKey = (ci, code, entity.path_name(), op.budget());
    let Some(slot) = Slot::take(&app.world, key) else {
        let status = {
            let mut world = app.lock();
            world.autotask.thread_refusals += 1;
            world.autotask.switches.thread_limit_status
        };
        let limit = app.lock().autotask.switches.thread_limit;
        let resp = error(
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            &format!(
                "Thread threshold exceeded: the API thread threshold of {limit} threads for this integration and object endpoint ({}/{}) has been exceeded. Try again later.",
                entity.path_name(),
                op.budget()
            ),
        );
        return delayed(latency, resp).await;
    };
    tokio::time::sleep(latency).await;
    let resp = {
        let world = app.lock();
        match world.autotask.tenants.iter().find(|t| t.ci == ci) {
            None => error(StatusCode::UNAUTHORIZED, "Unauthorized"),
            Some(tenant) => answer(tenant, host, entity, op, &parts.method, uri_query, &body),
        }
    };
    drop(slot);
    resp
}

async fn delayed(latency: Duration, resp: Response) -> Response {
    tokio::time::sleep(latency).await;
    resp
}

/// A taken thread; gives it back when dropped (also when the request is abandoned).
struct Slot {
    world: Arc<Mutex<World>>,
    key: ThreadKey,
}

impl Slot {
    fn take(world: &Arc<Mutex<World>>, key: ThreadKey) -> Option<Slot> {
        let mut w = world.lock().unwrap_or_else(|e| e.into_inner());
        let limit = w.autotask.switches.thread_limit;
        let used = w.autotask.in_flight.entry(key.clone()).or_insert(0);
        if *used >= limit {
            return None;
        }
        *used += 1;
        Some(Slot {
            world: world.clone(),
            key,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut w = self.world.lock().unwrap_or_else(|e| e.into_inner());
        // After a reset the key may be gone: nothing to give back then.
        if let Some(used) = w.autotask.in_flight.get_mut(&self.key) {
            *used = used.saturating_sub(1);
            if *used == 0 {
                w.autotask.in_flight.remove(&self.key);
            }
        }
    }
}

/// `GET .../V1.0/zoneInformation?user=<API username>`: no auth headers needed.
fn zone_information(world: &AtWorld, uri_query: Option<&str>) -> Response {
    let user = query_param(uri_query, "user").unwrap_or_default();
    match world.user(user.trim()) {
        Some((tenant, _)) => json_answer(
            StatusCode::OK,
            json!({
                "zoneName": format!("deskset-sim zone {}", tenant.zone),
                "url": zone_url(tenant.zone),
                "webUrl": web_url(tenant.zone),
                "ci": tenant.ci,
            }),
        ),
        None => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Zone information could not be determined",
        ),
    }
}

/// The tenant (`ci`) and integration code of a call, from `UserName`, `Secret` and
/// `ApiIntegrationCode`. A user, secret or zone that does not fit is 401 (a user whose database lives
/// in another zone is unknown there); an integration code the tenant does not accept is 500.
fn authenticate(world: &AtWorld, zone: u32, headers: &HeaderMap) -> Result<(i64, String), Refusal> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let unauthorized = || Refusal(StatusCode::UNAUTHORIZED, "Unauthorized".to_owned());
    let (Some(username), Some(secret)) = (header("UserName"), header("Secret")) else {
        return Err(unauthorized());
    };
    let Some((tenant, user)) = world.user(username) else {
        return Err(unauthorized());
    };
    if tenant.zone != zone || user.secret != secret {
        return Err(unauthorized());
    }
    let code = header("ApiIntegrationCode").unwrap_or_default();
    let valid = !code.is_empty()
        && (world.vendor_codes.iter().any(|c| c == code)
            || tenant.custom_codes.iter().any(|c| c == code));
    if !valid {
        return Err(Refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "IntegrationCode is invalid.".to_owned(),
        ));
    }
    Ok((tenant.ci, code.to_owned()))
}

fn answer(
    tenant: &model::Tenant,
    host: &str,
    entity: Entity,
    op: Op,
    method: &Method,
    uri_query: Option<&str>,
    body: &[u8],
) -> Response {
    if op == Op::Fields {
        return json_answer(StatusCode::OK, field_information(tenant, entity));
    }
    let bad = |message: String| error(StatusCode::INTERNAL_SERVER_ERROR, &message);
    // POST carries the query in the body; GET in `search=`.
    let raw: Value = if *method == Method::POST {
        match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(e) => return bad(format!("The query body is not valid JSON: {e}")),
        }
    } else {
        let Some(search) = query_param(uri_query, "search") else {
            return bad("The search parameter is required.".to_owned());
        };
        match serde_json::from_str(&search) {
            Ok(v) => v,
            Err(e) => return bad(format!("The search parameter is not valid JSON: {e}")),
        }
    };
    let query = match Query::parse(entity, &raw) {
        Ok(q) => q,
        Err(e) => return bad(e),
    };
    let mut matching: Vec<&model::Record> = Vec::new();
    for record in tenant.records(entity) {
        match query.matches(record) {
            Ok(true) => matching.push(record),
            Ok(false) => {}
            Err(e) => return bad(e),
        }
    }
    matching.sort_by_key(|r| id_of(r));
    if op == Op::Count {
        return json_answer(StatusCode::OK, json!({"queryCount": matching.len()}));
    }
    let paging = if op == Op::Page {
        match query_param(uri_query, "paging").map(|p| serde_json::from_str::<Value>(&p)) {
            Some(Ok(p)) => Some(p),
            _ => return bad("The paging parameter is missing or not valid.".to_owned()),
        }
    } else {
        None
    };
    let size = paging
        .as_ref()
        .and_then(|p| p["pageSize"].as_u64())
        .map_or(query.page_size, |n| (n as usize).clamp(1, query::PAGE_MAX));
    let position = |id: i64| matching.partition_point(|r| id_of(r) <= id);
    let (start, end) = match &paging {
        Some(p) if p["afterId"].is_i64() => {
            let s = position(p["afterId"].as_i64().unwrap_or_default());
            (s, (s + size).min(matching.len()))
        }
        Some(p) if p["beforeId"].is_i64() => {
            let e = matching.partition_point(|r| id_of(r) < p["beforeId"].as_i64().unwrap_or(0));
            (e.saturating_sub(size), e)
        }
        _ => (0, size.min(matching.len())),
    };
    let page = &matching[start..end];
    let link = |paging: Value| {
        Value::String(format!(
            "https://{host}/ATServicesRest/V1.0/{}/query/next?paging={}&search={}",
            entity.path_name(),
            crate::encode_query_value(&paging.to_string()),
            crate::encode_query_value(&query.raw.to_string()),
        ))
    };
    let prev = match page.first() {
        Some(first) if start > 0 => link(json!({"pageSize": size, "beforeId": id_of(first)})),
        _ => Value::Null,
    };
    let next = match page.last() {
        Some(last) if end < matching.len() => {
            link(json!({"pageSize": size, "afterId": id_of(last)}))
        }
        _ => Value::Null,
    };
    let items: Vec<Value> = page.iter().map(|r| query.shape(entity, r)).collect();
    json_answer(
        StatusCode::OK,
        json!({
            "items": items,
            "pageDetails": {
                "count": items.len(),
                "requestCount": size,
                "prevPageUrl": prev,
                "nextPageUrl": next,
            },
        }),
    )
}

fn id_of(record: &model::Record) -> i64 {
    record.get("id").and_then(Value::as_i64).unwrap_or_default()
}

/// `GET .../<Entity>/entityInformation/fields`: every modelled field; picklists with all their
/// values, inactive ones included, `value` as a string.
fn field_information(tenant: &model::Tenant, entity: Entity) -> Value {
    let fields: Vec<Value> = entity
        .fields()
        .iter()
        .map(|def| {
            let picklist = tenant.picklist(entity, def.name);
            let data_type = match def.kind {
                Kind::Int if def.long => "long",
                Kind::Int => "integer",
                Kind::Str => "string",
                Kind::Date => "datetime",
                Kind::Bool => "boolean",
            };
            let values = picklist.map(|values| {
                values
                    .iter()
                    .map(|v| {
                        json!({
                            "value": v.value,
                            "label": v.label,
                            "isDefaultValue": v.is_default,
                            "sortOrder": v.sort_order,
                            "parentValue": "",
                            "isActive": v.is_active,
                            "isSystem": v.is_system,
                        })
                    })
                    .collect::<Vec<_>>()
            });
            let read_only = matches!(
                def.name,
                "id" | "ticketNumber" | "createDate" | "lastActivityDate" | "lastModifiedDate"
            );
            json!({
                "name": def.name,
                "dataType": data_type,
                "length": if def.kind == Kind::Str { 255 } else { 0 },
                "isRequired": matches!(def.name, "id" | "title" | "status" | "priority" | "companyID" | "firstName" | "lastName" | "isActive"),
                "isReadOnly": read_only,
                "isQueryable": true,
                "isReference": def.reference.is_some(),
                "referenceEntityType": def.reference.unwrap_or(""),
                "isPickList": values.is_some(),
                "picklistValues": values,
                "picklistParentValueField": "",
                "isSupportedWebhookField": true,
            })
        })
        .collect();
    json!({"fields": fields})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_hosts_are_webservices_with_a_number() {
        assert_eq!(zone_of_host("webservices15.autotask.net"), Some(15));
        assert_eq!(zone_of_host("webservices.autotask.net"), None);
        assert_eq!(zone_of_host("webservicesx.autotask.net"), None);
        assert_eq!(zone_of_host("ww15.autotask.net"), None);
        assert!(serves(LOOKUP_HOST) && !serves("ww15.autotask.net"));
    }
}
