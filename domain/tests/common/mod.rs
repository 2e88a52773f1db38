//! What the contract tests share: the Support API's spec (../shared/specs/zendesk-support-oas.yaml),
//! read once, and read as OpenAPI 3.0 reads a request schema. Each file of `tests/` is its own
//! crate; this module is included by each (`mod common;`).

#![allow(dead_code)]

use serde_json::{json, Value};
use std::sync::OnceLock;

/// The spec, parsed once per test crate.
pub fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/specs/zendesk-support-oas.yaml"
        ))
        .expect("../shared/specs/zendesk-support-oas.yaml");
        serde_norway::from_str(&text).expect("the spec parses")
    })
}

pub fn spec_schemas() -> Value {
    spec()["components"]["schemas"].clone()
}

/// OpenAPI's request view of a schema: a `readOnly` property becomes `false` (must not be
/// present) and leaves `required`.
pub fn for_requests(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            let mut read_only = Vec::new();
            if let Some(Value::Object(props)) = map.get_mut("properties") {
                for (name, prop) in props.iter_mut() {
                    if prop.get("readOnly") == Some(&json!(true)) {
                        read_only.push(name.clone());
                        *prop = json!(false);
                    }
                }
            }
            if let Some(Value::Array(required)) = map.get_mut("required") {
                required.retain(|r| !r.as_str().is_some_and(|r| read_only.iter().any(|n| n == r)));
            }
            for value in map.values_mut() {
                for_requests(value);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(for_requests),
        _ => {}
    }
}

/// OpenAPI 3.0's `nullable: true` in JSON Schema's words: the type admits `null`.
pub fn nullable(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.get("nullable") == Some(&json!(true)) {
                if let Some(Value::String(t)) = map.get("type").cloned() {
                    map.insert("type".into(), json!([t, "null"]));
                }
                if let Some(Value::Array(values)) = map.get_mut("enum") {
                    if !values.contains(&Value::Null) {
                        values.push(Value::Null);
                    }
                }
            }
            map.values_mut().for_each(nullable);
        }
        Value::Array(items) => items.iter_mut().for_each(nullable),
        _ => {}
    }
}
