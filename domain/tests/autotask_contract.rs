//! Contract test: every field deskset requests from or reads on Autotask's contacts and tickets
//! exists on the vendor's `ContactModel` / `TicketModel` (../shared/specs/autotask-rest-v1.json;
//! PascalCase there, camelCase on the wire, so compared case-insensitively), and the endpoints
//! deskset calls are in the spec's paths.

use deskset_domain::autotask::{contact_query, ticket_query, CONTACT_FIELDS, TICKET_FIELDS};
use serde_json::Value;

fn spec() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/specs/autotask-rest-v1.json"
    ))
    .expect("../shared/specs/autotask-rest-v1.json");
    serde_json::from_str(&text).expect("the spec parses")
}

fn model_fields(spec: &Value, model: &str) -> Vec<String> {
    spec["definitions"][model]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("{model} in the spec"))
        .keys()
        .map(|k| k.to_ascii_lowercase())
        .collect()
}

/// Every `field` named in a query's filter, recursively.
fn filter_fields(filter: &Value, out: &mut Vec<String>) {
    for item in filter.as_array().into_iter().flatten() {
        if let Some(f) = item.get("field").and_then(Value::as_str) {
            out.push(f.to_ascii_lowercase());
        }
        if let Some(items) = item.get("items") {
            filter_fields(items, out);
        }
    }
}

#[test]
fn every_field_deskset_uses_exists_in_the_spec() {
    let spec = spec();
    for (model, fields, query) in [
        ("ContactModel", CONTACT_FIELDS, contact_query("a@b.c")),
        (
            "TicketModel",
            TICKET_FIELDS,
            ticket_query(1, "2026-01-01T00:00:00Z"),
        ),
    ] {
        let known = model_fields(&spec, model);
        let mut used: Vec<String> = fields.iter().map(|f| f.to_ascii_lowercase()).collect();
        filter_fields(&query["filter"], &mut used);
        for f in used {
            assert!(known.contains(&f), "{model} has no field {f}");
        }
    }
}

#[test]
fn the_check_can_fail() {
    let known = model_fields(&spec(), "TicketModel");
    assert!(!known.contains(&"lastactivitydat".to_string()));
    assert!(known.contains(&"lastactivitydate".to_string()));
}

#[test]
fn the_endpoints_deskset_calls_are_in_the_spec() {
    let spec = spec();
    let paths = spec["paths"].as_object().expect("paths");
    for path in [
        "/V1.0/Contacts/query",
        "/V1.0/Tickets/query",
        "/V1.0/Tickets/entityInformation/fields",
    ] {
        assert!(paths.contains_key(path), "{path} is not in the spec");
    }
}
