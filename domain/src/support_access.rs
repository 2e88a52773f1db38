//! Support access: Zendesk's account assumption setting (`/api/v2/security_settings`), which lets
//! Zendesk's support sign in to the account for a while. Off by default; deskset grants it for a
//! day, a week, a month, a year or indefinitely, and turns it off.

use crate::time::{add_months, parse_iso8601};
use serde_json::{json, Value};

/// How long to grant support access for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    Day,
    Week,
    Month,
    Year,
    Indefinitely,
}

impl Grant {
    pub const ALL: [Grant; 5] = [
        Grant::Day,
        Grant::Week,
        Grant::Month,
        Grant::Year,
        Grant::Indefinitely,
    ];

    /// Zendesk's `assumption_duration` value.
    pub fn key(self) -> &'static str {
        match self {
            Grant::Day => "day",
            Grant::Week => "week",
            Grant::Month => "month",
            Grant::Year => "year",
            Grant::Indefinitely => "always",
        }
    }

    pub fn i18n_key(self) -> &'static str {
        match self {
            Grant::Day => "access.grant.day",
            Grant::Week => "access.grant.week",
            Grant::Month => "access.grant.month",
            Grant::Year => "access.grant.year",
            Grant::Indefinitely => "access.grant.always",
        }
    }

    pub fn parse(key: &str) -> Option<Grant> {
        Grant::ALL.into_iter().find(|g| g.key() == key)
    }

    /// When a grant made at `now` (seconds since the epoch) ends: a day and a week are 24 and
    /// 168 hours; a month and a year are calendar ones (the day clamped: Jan 31 + 1 month is the
    /// end of February); `None` for indefinitely.
    pub fn expires(self, now: i64) -> Option<i64> {
        match self {
            Grant::Day => Some(now + 86_400),
            Grant::Week => Some(now + 7 * 86_400),
            Grant::Month => Some(add_months(now, 1)),
            Grant::Year => Some(add_months(now, 12)),
            Grant::Indefinitely => None,
        }
    }
}

/// Support access as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    Off,
    /// On until `expires` (seconds since the epoch).
    Until {
        expires: i64,
    },
    Indefinitely,
    /// A trial account: always on, and Zendesk hides the control.
    Trial,
}

/// Reads `GET /api/v2/security_settings` at `now`. `assumable_account_type` is Zendesk's "this is
/// a trial account" flag (always true there). An expiration in the past is off, whatever the
/// other fields say; so is an answer deskset cannot read as on.
pub fn read(body: &Value, now: i64) -> Access {
    let s = body.get("security_settings").unwrap_or(body);
    if s.get("assumable_account_type") == Some(&Value::Bool(true)) {
        return Access::Trial;
    }
    if s.get("assumable") == Some(&Value::Bool(false)) {
        return Access::Off;
    }
    match s.get("assumption_duration").and_then(Value::as_str) {
        Some("always") => Access::Indefinitely,
        Some("day" | "week" | "month" | "year") => {
            match s
                .get("assumption_expiration")
                .and_then(Value::as_str)
                .and_then(parse_iso8601)
            {
                Some(expires) if expires > now => Access::Until { expires },
                _ => Access::Off,
            }
        }
        _ => Access::Off,
    }
}

/// The grant in force, as Zendesk reports its `assumption_duration` (`None` when off or unknown).
pub fn current_grant(body: &Value) -> Option<Grant> {
    let s = body.get("security_settings").unwrap_or(body);
    s.get("assumption_duration")
        .and_then(Value::as_str)
        .and_then(Grant::parse)
}

/// Which grant the select shows: the admin's pick, else the grant in force (while access is on),
/// else a day.
pub fn shown_grant(picked: Option<Grant>, body: &Value, access: &Access) -> Grant {
    picked
        .or(current_grant(body).filter(|_| *access != Access::Off))
        .unwrap_or(Grant::Day)
}

/// Whether Zendesk refused the write itself (403 not allowed, 404 not there, 405 not writable):
/// the setting is then changed by hand in Admin Center (Account > Security > Advanced > Account
/// assumption), the only place Zendesk documents it. Other failures are ordinary errors.
pub fn write_refused(status: Option<u16>) -> bool {
    matches!(status, Some(403..=405))
}

/// The write that grants `grant` (or turns access off with `None`).
pub fn write_body(grant: Option<Grant>) -> Value {
    json!({"security_settings": {"assumption_duration": grant.map_or("off", Grant::key)}})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::iso8601;

    #[test]
    fn the_select_starts_at_the_pick_then_the_grant_in_force() {
        let week = json!({"security_settings": {"assumption_duration": "week"}});
        let on = Access::Until { expires: 1 };
        assert_eq!(current_grant(&week), Some(Grant::Week));
        assert_eq!(
            current_grant(&json!({"assumption_duration": "always"})),
            Some(Grant::Indefinitely)
        );
        assert_eq!(
            current_grant(&json!({"security_settings": {"assumption_duration": "off"}})),
            None
        );
        assert_eq!(shown_grant(None, &week, &on), Grant::Week);
        assert_eq!(shown_grant(Some(Grant::Year), &week, &on), Grant::Year);
        // An expired week reads as off: the select starts at a day again.
        assert_eq!(shown_grant(None, &week, &Access::Off), Grant::Day);
    }

    #[test]
    fn only_403_to_405_send_the_admin_to_admin_center() {
        for s in [403, 404, 405] {
            assert!(write_refused(Some(s)), "{s}");
        }
        for s in [Some(400), Some(401), Some(422), Some(429), Some(500), None] {
            assert!(!write_refused(s), "{s:?}");
        }
    }

    fn at(s: &str) -> i64 {
        parse_iso8601(s).unwrap()
    }

    #[test]
    fn each_grant_ends_when_it_should() {
        let now = at("2026-01-31T09:30:00Z");
        let end = |g: Grant| g.expires(now).map(iso8601);
        assert_eq!(end(Grant::Day).as_deref(), Some("2026-02-01T09:30:00Z"));
        assert_eq!(end(Grant::Week).as_deref(), Some("2026-02-07T09:30:00Z"));
        assert_eq!(end(Grant::Month).as_deref(), Some("2026-02-28T09:30:00Z"));
        assert_eq!(end(Grant::Year).as_deref(), Some("2027-01-31T09:30:00Z"));
        assert_eq!(end(Grant::Indefinitely), None);
        let leap = at("2028-02-29T00:00:00Z");
        assert_eq!(
            Grant::Year.expires(leap).map(iso8601).as_deref(),
            Some("2029-02-28T00:00:00Z")
        );
        for g in Grant::ALL {
            assert_eq!(Grant::parse(g.key()), Some(g));
        }
        assert_eq!(Grant::parse("off"), None);
    }

    #[test]
    fn reading_the_setting() {
        let now = at("2026-11-21T08:00:00Z");
        let body = |duration: &str, exp: Value, assumable: bool| {
            json!({"security_settings": {"assumable": assumable, "assumption_duration": duration,
                "assumption_expiration": exp}})
        };
        assert_eq!(
            read(&body("week", json!("2026-11-28T08:00:00Z"), true), now),
            Access::Until {
                expires: at("2026-11-28T08:00:00Z")
            }
        );
        assert_eq!(
            read(&body("week", json!("2026-11-21T07:59:59Z"), true), now),
            Access::Off,
            "expired"
        );
        assert_eq!(
            read(&body("always", Value::Null, true), now),
            Access::Indefinitely
        );
        assert_eq!(read(&body("off", Value::Null, false), now), Access::Off);
        assert_eq!(read(&body("day", json!("garbage"), true), now), Access::Off);
        assert_eq!(
            read(&body("day", json!("2026-11-22T08:00:00Z"), false), now),
            Access::Off
        );
        assert_eq!(read(&json!({}), now), Access::Off);
        assert_eq!(
            read(
                &json!({"security_settings": {"assumable": true, "assumable_account_type": true,
                    "assumption_duration": "always", "assumption_expiration": null}}),
                now
            ),
            Access::Trial
        );
        assert_eq!(
            read(
                &json!({"security_settings": {"assumable_account_type": false}}),
                now
            ),
            Access::Off
        );
        assert_eq!(
            write_body(Some(Grant::Month)),
            json!({"security_settings": {"assumption_duration": "month"}})
        );
        assert_eq!(
            write_body(None),
            json!({"security_settings": {"assumption_duration": "off"}})
        );
    }
}
