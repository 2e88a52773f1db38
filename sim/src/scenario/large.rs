//! `large`: demo's acme at the size of a large account, for the configuration editor's tests and
//! bench: 2,000 shared macros and 500 custom ticket fields in all (demo's three of each plus
//! generated ones), and 40 personal macros of Alan's that a shared list leaves out. Everything is
//! generated from its number, so every load of the scenario is the same.
//!
//! Macro titles are "<topic>: reply <nnnn>" over [`MACRO_TOPICS`] in turn (macro n has topic
//! `n % 20`), so each topic has 100 of the generated macros ("Refund request" 1, 21, ... 1981).
//! Field titles are "<topic> <nnn>" over [`FIELD_TOPICS`], their types over text, textarea,
//! checkbox, integer, date and drop-down (three options).

use serde_json::{json, Value};

use super::rules::{custom_field, macro_item, ACME_BILLING, ACME_ESCALATIONS, ACME_SUPPORT};
use crate::state::{rfc3339_from_unix, Account};

/// Shared macros acme holds in `large`, demo's included.
pub const SHARED_MACROS: usize = 2_000;
/// Custom ticket fields acme holds in `large`, demo's included (the seven system fields besides).
pub const CUSTOM_TICKET_FIELDS: usize = 500;
/// Alan's personal macros (a shared list leaves them out).
pub const PERSONAL_MACROS: usize = 40;

pub const MACRO_TOPICS: [&str; 20] = [
    "Billing",
    "Refund request",
    "Shipping delay",
    "Password reset",
    "VPN access",
    "Order status",
    "Returns",
    "Warranty claim",
    "Account closure",
    "Invoice copy",
    "Échange de matériel",
    "Onboarding",
    "Outage update",
    "Feature request",
    "Data export",
    "Security review",
    "Contract renewal",
    "Hardware repair",
    "License key",
    "Escalation",
];

pub const FIELD_TOPICS: [&str; 10] = [
    "Contract number",
    "Serial number",
    "Store code",
    "Device model",
    "Region",
    "Cost centre",
    "Warranty until",
    "Callback requested",
    "Order reference",
    "Customer tier",
];

/// Alan Agent, whose personal macros these are.
const ALAN: u64 = 381_000_000_002;
/// 2023-01-02T08:00:00Z: the first generated item; one more every few hours.
const FIRST: u64 = 1_672_646_400;

/// The title of generated macro `n` (1-based).
pub fn macro_title(n: usize) -> String {
    format!("{}: reply {n:04}", MACRO_TOPICS[n % MACRO_TOPICS.len()])
}

/// The title of generated ticket field `n` (1-based).
pub fn field_title(n: usize) -> String {
    format!("{} {n:03}", FIELD_TOPICS[n % FIELD_TOPICS.len()])
}

/// acme (demo's, built by the caller) grown to a large account.
pub fn grow(acme: &mut Account) {
    let shared = acme
        .macros
        .iter()
        .filter(|m| m.get("restriction").and_then(|r| r.get("type")) != Some(&json!("User")))
        .count();
    let first_position = acme.macros.len() as i64;
    for n in 1..=SHARED_MACROS.saturating_sub(shared) {
        let at = rfc3339_from_unix(FIRST + n as u64 * 3_571);
        // Every fifth is for a group (still shared: `access=shared` lists it).
        let restriction = match n % 5 {
            0 => json!({"type": "Group", "id": ACME_SUPPORT, "ids": [ACME_SUPPORT]}),
            _ => Value::Null,
        };
        let group = [ACME_SUPPORT, ACME_ESCALATIONS, ACME_BILLING][n % 3];
        acme.macros.push(macro_item(
            360_003_100_000 + n as u64,
            &macro_title(n),
            &format!("Generated for the large account ({n})."),
            first_position + n as i64,
            restriction,
            json!([
                {"field": "comment_value", "value": format!("Thank you for your message about {}.", MACRO_TOPICS[n % MACRO_TOPICS.len()].to_lowercase())},
                {"field": "group_id", "value": group.to_string()},
            ]),
            &at,
            &at,
        ));
    }
    for n in 1..=PERSONAL_MACROS {
        let at = rfc3339_from_unix(FIRST + n as u64 * 86_400);
        acme.macros.push(macro_item(
            360_003_200_000 + n as u64,
            &format!("Personal note {n:02}"),
            "Alan's own.",
            (SHARED_MACROS + n) as i64,
            json!({"type": "User", "id": ALAN}),
            json!([{"field": "comment_value", "value": "Noted."}]),
            &at,
            &at,
        ));
    }

    let custom = acme
        .ticket_fields
        .iter()
        .filter(|f| f.get("removable") == Some(&Value::Bool(true)))
        .count();
    let first_position = acme.ticket_fields.len() as i64;
    for n in 1..=CUSTOM_TICKET_FIELDS.saturating_sub(custom) {
        let id = 360_002_100_000 + n as u64;
        let at = rfc3339_from_unix(FIRST + n as u64 * 7_919);
        let title = field_title(n);
        // Tags are the account's: each field's own (the spec: not re-used across fields).
        let (kind, tag, options): (&str, Option<String>, Vec<(String, String)>) = match n % 6 {
            0 => ("text", None, Vec::new()),
            1 => ("textarea", None, Vec::new()),
            2 => ("checkbox", Some(format!("large_{n}")), Vec::new()),
            3 => ("integer", None, Vec::new()),
            4 => ("date", None, Vec::new()),
            _ => (
                "tagger",
                None,
                ["Low", "Medium", "High"]
                    .iter()
                    .map(|o| (o.to_string(), format!("large_{n}_{}", o.to_lowercase())))
                    .collect(),
            ),
        };
        let options: Vec<(&str, &str)> = options
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        acme.ticket_fields.push(custom_field(
            id,
            kind,
            &title,
            &format!("Generated for the large account ({n})."),
            first_position + n as i64,
            n % 4 == 0,
            tag.as_deref(),
            &options,
            &at,
        ));
    }
}
