//! The human text inside a Zendesk error body.

use serde_json::Value;

/// The message a person should read from a Zendesk error body, if it has one.
///
/// Zendesk uses several shapes: `{"error": "X", "description": "Y"}`,
/// `{"error": {"title": "T", "message": "M"}}`, `{"errors": [{"title", "detail"}]}`, and for
/// validation `{"details": {"field": [{"description": "..."}]}}`. The most specific text wins.
pub fn message(body: &Value) -> Option<String> {
    let text = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    if let Some(details) = body.get("details").and_then(Value::as_object) {
        let parts: Vec<String> = details
            .values()
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(|d| text(d.get("description")))
            .collect();
        if !parts.is_empty() {
            return Some(parts.join(" "));
        }
    }
    if let Some(d) = text(body.get("description")) {
        return Some(d);
    }
    match body.get("error") {
        Some(Value::Object(e)) => text(e.get("message")).or_else(|| text(e.get("title"))),
        Some(v @ Value::String(_)) => text(Some(v)),
        _ => body
            .get("errors")
            .and_then(Value::as_array)
            .and_then(|errors| errors.first())
            .and_then(|e| {
                text(e.get("detail"))
                    .or_else(|| text(e.get("title")))
                    .or_else(|| text(Some(e)))
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_every_documented_shape() {
        assert_eq!(
            message(&json!({"error": "RecordNotFound", "description": "Not found"})),
            Some("Not found".into())
        );
        assert_eq!(
            message(&json!({"error": {"title": "Forbidden", "message": "You do not have access"}})),
            Some("You do not have access".into())
        );
        assert_eq!(
            message(&json!({"error": {"title": "Forbidden"}})),
            Some("Forbidden".into())
        );
        assert_eq!(
            message(
                &json!({"error": "RecordInvalid", "description": "Record validation errors",
                "details": {"name": [{"description": "Name: is already taken", "error": "DuplicateValue"}]}})
            ),
            Some("Name: is already taken".into())
        );
        assert_eq!(
            message(&json!({"errors": [{"title": "Bad", "detail": "Really bad"}]})),
            Some("Really bad".into())
        );
        assert_eq!(
            message(&json!({"errors": ["IntegrationCode is invalid."]})),
            Some("IntegrationCode is invalid.".into())
        );
        assert_eq!(
            message(&json!({"error": "Couldn't authenticate you"})),
            Some("Couldn't authenticate you".into())
        );
    }

    #[test]
    fn nothing_useful_is_none() {
        assert_eq!(message(&json!(null)), None);
        assert_eq!(message(&json!({})), None);
        assert_eq!(message(&json!({"description": "  "})), None);
        assert_eq!(message(&json!([1, 2])), None);
    }
}
