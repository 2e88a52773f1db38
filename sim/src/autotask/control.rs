//! `GET|POST /sim/autotask`: the fake Autotask's switches (latency, thread limit) and counters;
//! `POST|DELETE /sim/autotask/contacts/{id}`: a change to a contact, or its deletion, as an
//! Autotask user would make them (deactivate it, change its addresses), for tests of what the
//! tile does then.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::model::{AtWorld, Kind, CONTACT_FIELDS};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sim/autotask", get(show).post(change))
        .route(
            "/sim/autotask/contacts/{id}",
            post(change_contact).delete(delete_contact),
        )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Change {
    #[serde(default)]
    latency_ms: Option<u64>,
    #[serde(default)]
    thread_limit: Option<u32>,
    #[serde(default)]
    thread_limit_status: Option<u16>,
    /// The vendor integration codes every tenant accepts (none unless registered here: deskset
    /// has no vendor registration).
    #[serde(default)]
    vendor_codes: Option<Vec<String>>,
}

fn summary(at: &AtWorld) -> Value {
    let in_flight: u32 = at.in_flight.values().sum();
    json!({
        "latency_ms": at.switches.latency_ms,
        "thread_limit": at.switches.thread_limit,
        "thread_limit_status": at.switches.thread_limit_status,
        "vendor_codes": at.vendor_codes,
        "calls": at.calls,
        "thread_refusals": at.thread_refusals,
        "in_flight": in_flight,
    })
}

async fn show(State(app): State<AppState>) -> Response {
    Json(summary(&app.lock().autotask)).into_response()
}

async fn change(State(app): State<AppState>, body: Bytes) -> Response {
    let bad = |m: String| (StatusCode::BAD_REQUEST, Json(json!({"error": m}))).into_response();
    let change: Change = match serde_json::from_slice(&body) {
        Ok(c) => c,
        Err(e) => return bad(format!("autotask: {e}")),
    };
    if change.latency_ms.is_some_and(|ms| ms > 60_000) {
        return bad("autotask: latency_ms must be at most 60000".to_owned());
    }
    if change.thread_limit == Some(0) {
        return bad("autotask: thread_limit must be at least 1".to_owned());
    }
    if let Some(status) = change.thread_limit_status {
        if !(400..=599).contains(&status) {
            return bad("autotask: thread_limit_status must be a 4xx or 5xx status".to_owned());
        }
    }
    let mut world = app.lock();
    let s = &mut world.autotask.switches;
    if let Some(ms) = change.latency_ms {
        s.latency_ms = ms;
    }
    if let Some(n) = change.thread_limit {
        s.thread_limit = n;
    }
    if let Some(status) = change.thread_limit_status {
        s.thread_limit_status = status;
    }
    if let Some(codes) = change.vendor_codes {
        world.autotask.vendor_codes = codes;
    }
    Json(summary(&world.autotask)).into_response()
}

/// Sets the given fields of contact `id` (in whichever tenant holds it): modelled ContactModel
/// fields only, by their wire names, `id` excepted; a value of the field's kind or null
/// (`isActive`: 0 or 1). `lastModifiedDate` becomes now unless given. Answers the contact.
async fn change_contact(State(app): State<AppState>, Path(id): Path<i64>, body: Bytes) -> Response {
    let bad = |m: String| (StatusCode::BAD_REQUEST, Json(json!({"error": m}))).into_response();
    let fields: serde_json::Map<String, Value> = match serde_json::from_slice(&body) {
        Ok(f) => f,
        Err(e) => return bad(format!("autotask contact: {e}")),
    };
    for (name, value) in &fields {
        let Some(def) = CONTACT_FIELDS
            .iter()
            .find(|f| f.name == name.as_str() && f.name != "id")
        else {
            return bad(format!(
                "autotask contact: `{name}` is not a modelled Contact field (or is `id`)"
            ));
        };
        let fits = match (def.kind, value) {
            (_, Value::Null) => def.name != "isActive",
            (Kind::Str | Kind::Date, Value::String(_)) => true,
            (Kind::Int, Value::Number(n)) => {
                n.as_i64().is_some()
                    && (def.name != "isActive" || matches!(n.as_i64(), Some(0 | 1)))
            }
            (Kind::Bool, Value::Bool(_)) => true,
            _ => false,
        };
        if !fits {
            return bad(format!("autotask contact: {value} does not fit `{name}`"));
        }
    }
    let mut world = app.lock();
    let Some(contact) = world
        .autotask
        .tenants
        .iter_mut()
        .flat_map(|t| t.contacts.iter_mut())
        .find(|c| c.get("id").and_then(Value::as_i64) == Some(id))
    else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"error": format!("autotask contact: no contact {id}")})),
        )
            .into_response();
    };
    contact.insert(
        "lastModifiedDate".into(),
        json!(super::seed::iso(crate::state::now_ms())),
    );
    for (name, value) in fields {
        contact.insert(name, value);
    }
    Json(Value::Object(contact.clone())).into_response()
}

/// Deletes contact `id` (the spec has `DELETE .../Companies/{parentId}/Contacts/{id}`). Its
/// tickets are left as they are, `contactID` included: the documents do not say what Autotask
/// does with them. Answers 204, or 404 for an unknown id.
async fn delete_contact(State(app): State<AppState>, Path(id): Path<i64>) -> Response {
    let mut world = app.lock();
    for tenant in &mut world.autotask.tenants {
        let before = tenant.contacts.len();
        tenant
            .contacts
            .retain(|c| c.get("id").and_then(Value::as_i64) != Some(id));
        if tenant.contacts.len() != before {
            return StatusCode::NO_CONTENT.into_response();
        }
    }
    (
        StatusCode::NOT_FOUND,
        Json(json!({"error": format!("autotask contact: no contact {id}")})),
    )
        .into_response()
}
