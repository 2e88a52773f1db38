//! The Autotask tile above the API: its settings, whose tickets it shows, what it caches between
//! loads, and one row per ticket. The API's own rules are in [`crate::autotask`].

use crate::autotask::{Picklists, Trouble, Zone, DEFAULT_WINDOW_DAYS};
use serde_json::{json, Map, Value};

/// The manifest parameters the tile reads (the secure ones are never readable: only their
/// `{{setting.NAME}}` placeholders travel, filled in by Zendesk's proxy).
pub mod setting {
    pub const CONNECTION_NAME: &str = "autotask_connection_name";
    pub const USERNAME: &str = "autotask_username";
    pub const SECRET: &str = "autotask_secret";
    pub const USE_OWN_CODE: &str = "autotask_use_own_code";
    pub const INTEGRATION_CODE: &str = "autotask_integration_code";
    pub const WINDOW_DAYS: &str = "autotask_window_days";
}

/// The longest window the tile accepts (a larger setting is read as this many days).
pub const MAX_WINDOW_DAYS: u32 = 3650;

/// How many tickets the tile lists before a "Show all" button.
pub const FIRST_ROWS: usize = 25;

/// How long a cached zone and picklists are trusted.
pub const CACHE_TTL_MS: i64 = 12 * 60 * 60 * 1000;

/// The integration code (Autotask's API tracking identifier) the tile sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntegrationCode {
    /// The vendor code this build of deskset was given (`DESKSET_AUTOTASK_INTEGRATION_CODE`).
    BuiltIn(String),
    /// The admin's own, from the secure setting (the proxy fills in its placeholder).
    Own,
}

impl IntegrationCode {
    /// The `ApiIntegrationCode` header's value.
    pub fn header(&self) -> String {
        match self {
            IntegrationCode::BuiltIn(code) => code.clone(),
            IntegrationCode::Own => format!("{{{{setting.{}}}}}", setting::INTEGRATION_CODE),
        }
    }
}

/// The tile's readable settings, once an admin has set what it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileSettings {
    /// What the admin called the connection (the tile's title); `None` when blank.
    pub connection_name: Option<String>,
    /// The API user's username, trimmed.
    pub username: String,
    /// Which integration code to send.
    pub code: IntegrationCode,
    /// Days of activity to show.
    pub window_days: u32,
}

/// A setting the tile cannot work without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// The Autotask API username.
    Username,
    /// An integration code: this build has no vendor code, and "Use my own integration code" is
    /// not ticked.
    IntegrationCode,
}

impl Missing {
    /// The admin's instructions for it.
    pub fn i18n_key(self) -> &'static str {
        match self {
            Missing::Username => "autotask.not_configured.username",
            Missing::IntegrationCode => "autotask.not_configured.integration_code",
        }
    }
}

fn text(settings: &Map<String, Value>, name: &str) -> Option<String> {
    settings
        .get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A checkbox setting: Zendesk stores `true`/`false`; older installs hold the text `"true"`.
fn checked(settings: &Map<String, Value>, name: &str) -> bool {
    match settings.get(name) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// A number setting: a number or its text (settings are often text); blank, zero, negative or
/// unreadable means the default; more than [`MAX_WINDOW_DAYS`] is capped.
fn days(settings: &Map<String, Value>, name: &str) -> u32 {
    let n = match settings.get(name) {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    match n {
        None | Some(0) => DEFAULT_WINDOW_DAYS,
        Some(n) => u32::try_from(n.min(u64::from(MAX_WINDOW_DAYS))).unwrap_or(MAX_WINDOW_DAYS),
    }
}

impl TileSettings {
    /// Reads the installation's settings (`client.metadata().settings`), or says which are
    /// missing. `built_in` is this build's vendor integration code, if it has one: without it
    /// the admin's own code is required. The app cannot read secure settings, so the ticked "Use
    /// my own integration code" is the admin's word that they entered it (a wrong or empty one
    /// is Autotask's "IntegrationCode is invalid"). No placeholder code is ever sent.
    pub fn read(
        settings: &Map<String, Value>,
        built_in: Option<&str>,
    ) -> Result<TileSettings, Vec<Missing>> {
        let username = text(settings, setting::USERNAME);
        let own = checked(settings, setting::USE_OWN_CODE);
        let built_in = built_in.map(str::trim).filter(|c| !c.is_empty());
        let code = match (own, built_in) {
            (true, _) => Some(IntegrationCode::Own),
            (false, Some(code)) => Some(IntegrationCode::BuiltIn(code.to_string())),
            (false, None) => None,
        };
        match (username, code) {
            (Some(username), Some(code)) => Ok(TileSettings {
                username,
                code,
                connection_name: text(settings, setting::CONNECTION_NAME),
                window_days: days(settings, setting::WINDOW_DAYS),
            }),
            (username, code) => Err([
                username.is_none().then_some(Missing::Username),
                code.is_none().then_some(Missing::IntegrationCode),
            ]
            .into_iter()
            .flatten()
            .collect()),
        }
    }
}

/// The person whose tickets the tile shows, from a ZAF user object (`currentUser`,
/// `ticket.requester`, `user`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: Option<u64>,
    pub name: String,
    /// `None` when the person has no email (Zendesk end users may have none).
    pub email: Option<String>,
}

impl Person {
    pub fn from_zaf(user: &Value) -> Person {
        Person {
            id: user.get("id").and_then(Value::as_u64),
            name: user
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            email: user
                .get("email")
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(str::to_string),
        }
    }
}

/// The browser-storage key for an API user's cached zone and picklists. Only non-secret facts
/// are cached: the zone's URLs and the picklist labels.
pub fn cache_key(username: &str) -> String {
    format!("deskset.autotask.{}", username.trim().to_ascii_lowercase())
}

/// How long a refused secret or integration code is believed without asking Autotask again
/// (unless someone clicks Refresh): every frame that asks sends a bad login, and repeated bad
/// logins can lock the API user (autotask-api.md).
pub const REFUSAL_TTL_MS: i64 = 10 * 60 * 1000;

/// What the tile keeps between loads: the zone, once read the ticket picklists, whether the
/// zone ever worked for a signed-in call, and a recent refusal of the credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cached {
    pub zone: Zone,
    pub picklists: Option<Picklists>,
    /// A signed-in call in this zone succeeded once: a later 401 may mean the tenant moved.
    pub confirmed: bool,
    /// Autotask refused the credentials at this time (ms): `Trouble::WrongSecret` or
    /// `Trouble::BadIntegrationCode`.
    pub refused: Option<(Trouble, i64)>,
}

fn trouble_key(t: Trouble) -> Option<&'static str> {
    match t {
        Trouble::WrongSecret => Some("wrong-secret"),
        Trouble::BadIntegrationCode => Some("bad-integration-code"),
        _ => None,
    }
}

impl Cached {
    /// A zone just found: not yet confirmed, nothing else known.
    pub fn new(zone: Zone) -> Cached {
        Cached {
            zone,
            picklists: None,
            confirmed: false,
            refused: None,
        }
    }

    /// The stored form, stamped with `now_ms`.
    pub fn to_json(&self, now_ms: i64) -> Value {
        let refused = self
            .refused
            .and_then(|(t, at)| trouble_key(t).map(|k| json!({"kind": k, "at": at})));
        json!({
            "saved": now_ms,
            "zone": {"url": self.zone.url, "webUrl": self.zone.web_url, "ci": self.zone.ci},
            "picklists": self.picklists.as_ref().map(Picklists::to_json),
            "confirmed": self.confirmed,
            "refused": refused,
        })
    }

    /// Reads the stored form; `None` when it is unreadable or older than [`CACHE_TTL_MS`] (or
    /// from the future: a clock that moved back).
    pub fn from_json(stored: &Value, now_ms: i64) -> Option<Cached> {
        let saved = stored.get("saved").and_then(Value::as_i64)?;
        let age = now_ms.checked_sub(saved)?;
        if !(0..CACHE_TTL_MS).contains(&age) {
            return None;
        }
        let refused = stored.get("refused").and_then(|r| {
            let kind = match r.get("kind")?.as_str()? {
                "wrong-secret" => Trouble::WrongSecret,
                "bad-integration-code" => Trouble::BadIntegrationCode,
                _ => return None,
            };
            Some((kind, r.get("at")?.as_i64()?))
        });
        Some(Cached {
            zone: Zone::from_json(stored.get("zone")?)?,
            picklists: stored.get("picklists").and_then(Picklists::from_stored),
            confirmed: stored.get("confirmed") == Some(&Value::Bool(true)),
            refused,
        })
    }

    /// The credentials' refusal, if it is recent enough at `now_ms` to answer without asking.
    pub fn recent_refusal(&self, now_ms: i64) -> Option<Trouble> {
        let (trouble, at) = self.refused?;
        (0..REFUSAL_TTL_MS)
            .contains(&now_ms.checked_sub(at)?)
            .then_some(trouble)
    }
}

/// One ticket as the tile shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketRow {
    pub id: u64,
    /// `T20240604.0001`; the id when Autotask gave no number.
    pub number: String,
    pub title: String,
    /// The status picklist label; the raw value when the picklist does not know it.
    pub status: String,
    pub priority: String,
    /// ISO 8601, as Autotask sent it.
    pub last_activity: Option<String>,
    /// The ticket's page in the client portal.
    pub url: String,
}

fn label(picklists: &Picklists, field: &str, ticket: &Value) -> String {
    let Some(value) = ticket.get(field).filter(|v| !v.is_null()) else {
        return String::new();
    };
    match picklists.label(field, value) {
        Some(label) => label.to_string(),
        None => match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        },
    }
}

impl TicketRow {
    /// A ticket from a query answer; `None` without an id (nothing to link to).
    pub fn from_json(ticket: &Value, picklists: &Picklists, zone: &Zone) -> Option<TicketRow> {
        let id = ticket.get("id").and_then(Value::as_u64)?;
        let text = |k: &str| {
            ticket
                .get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        Some(TicketRow {
            id,
            number: text("ticketNumber").unwrap_or_else(|| id.to_string()),
            title: text("title").unwrap_or_default(),
            status: label(picklists, "status", ticket),
            priority: label(picklists, "priority", ticket),
            last_activity: text("lastActivityDate"),
            url: zone.portal_ticket_url(id),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    fn zone() -> Zone {
        Zone::from_json(
            &json!({"url": "https://webservices15.autotask.net/ATServicesRest/",
            "webUrl": "https://ww15.autotask.net/", "ci": 648213}),
        )
        .unwrap()
    }

    fn picklists() -> Picklists {
        Picklists::from_json(&json!({"fields": [
            {"name": "status", "isPickList": true, "picklistValues": [
                {"value": "1", "label": "New", "isActive": true},
                {"value": "29", "label": "On Hold (retired)", "isActive": false}]},
            {"name": "priority", "isPickList": true, "picklistValues": [
                {"value": "1", "label": "High", "isActive": true}]},
            {"name": "queueID", "isPickList": true, "picklistValues": [
                {"value": "5", "label": "Level I", "isActive": true}]},
            {"name": "title", "isPickList": false, "picklistValues": null},
        ]}))
    }

    #[test]
    fn settings_need_a_username_and_a_code_and_read_the_rest_leniently() {
        let vendor = Some("VENDORCODE");
        assert_eq!(
            TileSettings::read(&Map::new(), vendor),
            Err(vec![Missing::Username])
        );
        assert_eq!(
            TileSettings::read(&Map::new(), None),
            Err(vec![Missing::Username, Missing::IntegrationCode])
        );
        assert_eq!(
            TileSettings::read(&map(json!({"autotask_username": "   "})), vendor),
            Err(vec![Missing::Username]),
            "a blank username is not a configuration"
        );
        let s = TileSettings::read(
            &map(json!({
                "autotask_username": " api@acme.example ",
                "autotask_connection_name": "  ",
                "autotask_use_own_code": "true",
                "autotask_window_days": "30",
            })),
            None,
        )
        .unwrap();
        assert_eq!(
            s,
            TileSettings {
                connection_name: None,
                username: "api@acme.example".into(),
                code: IntegrationCode::Own,
                window_days: 30
            }
        );
        let window = |v: Value| {
            TileSettings::read(
                &map(json!({"autotask_username": "u", "autotask_window_days": v})),
                vendor,
            )
            .unwrap()
            .window_days
        };
        assert_eq!(window(json!(14)), 14);
        assert_eq!(window(json!(0)), DEFAULT_WINDOW_DAYS);
        assert_eq!(window(json!(-5)), DEFAULT_WINDOW_DAYS);
        assert_eq!(window(json!("soon")), DEFAULT_WINDOW_DAYS);
        assert_eq!(window(json!(null)), DEFAULT_WINDOW_DAYS);
        assert_eq!(window(json!(12.5)), DEFAULT_WINDOW_DAYS);
        assert_eq!(window(json!(100000)), MAX_WINDOW_DAYS);
    }

    #[test]
    fn no_placeholder_code_is_ever_sent() {
        let code = |own: Value, built_in: Option<&str>| {
            TileSettings::read(
                &map(json!({"autotask_username": "u", "autotask_use_own_code": own})),
                built_in,
            )
            .map(|s| s.code)
        };
        // A build with a vendor code sends it unless the admin chose their own.
        assert_eq!(
            code(json!(false), Some(" VENDOR ")),
            Ok(IntegrationCode::BuiltIn("VENDOR".into()))
        );
        assert_eq!(code(json!(true), Some("VENDOR")), Ok(IntegrationCode::Own));
        // Without one, the admin's own code is required: nothing is sent until they say so.
        for unticked in [json!(false), json!("false"), json!(null)] {
            assert_eq!(code(unticked, None), Err(vec![Missing::IntegrationCode]));
        }
        assert_eq!(code(json!(true), Some("  ")), Ok(IntegrationCode::Own));
        assert_eq!(
            code(json!(false), Some("")),
            Err(vec![Missing::IntegrationCode])
        );
        assert_eq!(
            IntegrationCode::Own.header(),
            "{{setting.autotask_integration_code}}"
        );
        assert_eq!(IntegrationCode::BuiltIn("V".into()).header(), "V");
        assert_eq!(
            Missing::IntegrationCode.i18n_key(),
            "autotask.not_configured.integration_code"
        );
    }

    #[test]
    fn a_person_without_an_email_has_none() {
        assert_eq!(
            Person::from_zaf(&json!({"name": "Nora", "email": null})).email,
            None
        );
        assert_eq!(
            Person::from_zaf(&json!({"name": "Nora", "email": " "})).email,
            None
        );
        assert_eq!(
            Person::from_zaf(&json!({"id": 7, "name": "Ada", "email": " ada@acme.example "})),
            Person {
                id: Some(7),
                name: "Ada".into(),
                email: Some("ada@acme.example".into())
            }
        );
        assert_eq!(Person::from_zaf(&json!(null)).name, "");
    }

    #[test]
    fn the_cache_round_trips_and_expires() {
        let cached = Cached {
            picklists: Some(picklists()),
            confirmed: true,
            refused: Some((Trouble::WrongSecret, 1_790_000_000_000)),
            ..Cached::new(zone())
        };
        let now = 1_790_000_000_000;
        let stored = cached.to_json(now);
        let read_back = Cached::from_json(&stored, now + 1000).unwrap();
        assert_eq!(read_back.zone, cached.zone);
        assert!(read_back.confirmed);
        assert_eq!(
            read_back.recent_refusal(now + 1000),
            Some(Trouble::WrongSecret)
        );
        assert_eq!(
            read_back.recent_refusal(now + REFUSAL_TTL_MS),
            None,
            "believed for a while only"
        );
        assert_eq!(read_back.recent_refusal(now - 1), None);
        let read_back = read_back.picklists.unwrap();
        assert_eq!(read_back.label("status", &json!(1)), Some("New"));
        assert_eq!(read_back.label("priority", &json!("1")), Some("High"));
        assert_eq!(
            read_back.label("status", &json!(29)),
            Some("On Hold (retired)")
        );
        assert_eq!(
            read_back.label("queueID", &json!(5)),
            None,
            "only the picklists the tile shows are kept"
        );
        assert_eq!(
            Cached::from_json(&stored, now + CACHE_TTL_MS),
            None,
            "stale"
        );
        assert_eq!(
            Cached::from_json(&stored, now - 1),
            None,
            "saved in the future"
        );
        assert_eq!(Cached::from_json(&json!({"saved": now}), now), None);
        assert_eq!(Cached::from_json(&json!("junk"), now), None);
        let no_lists = Cached::new(zone());
        assert_eq!(
            Cached::from_json(&no_lists.to_json(now), now),
            Some(no_lists.clone())
        );
        let other = Cached {
            refused: Some((Trouble::Throttled, now)),
            ..no_lists.clone()
        };
        assert_eq!(
            Cached::from_json(&other.to_json(now), now),
            Some(no_lists),
            "only credential refusals are remembered"
        );
        assert_eq!(
            cache_key(" Deskset-API@Acme-IT.example "),
            "deskset.autotask.deskset-api@acme-it.example"
        );
    }

    #[test]
    fn ticket_rows_show_labels_and_link_to_the_portal() {
        let row = TicketRow::from_json(
            &json!({"id": 41004, "ticketNumber": "T20260101.0004", "title": " Printer ",
                "status": 29, "priority": 7, "lastActivityDate": "2026-11-01T10:00:00.000Z"}),
            &picklists(),
            &zone(),
        )
        .unwrap();
        assert_eq!(row.number, "T20260101.0004");
        assert_eq!(row.title, "Printer");
        assert_eq!(
            row.status, "On Hold (retired)",
            "inactive values still label"
        );
        assert_eq!(row.priority, "7", "an unknown value shows as itself");
        assert_eq!(
            row.last_activity.as_deref(),
            Some("2026-11-01T10:00:00.000Z")
        );
        assert_eq!(row.url, zone().portal_ticket_url(41004));
        let bare = TicketRow::from_json(
            &json!({"id": 7, "status": null}),
            &Picklists::default(),
            &zone(),
        )
        .unwrap();
        assert_eq!((bare.number.as_str(), bare.status.as_str()), ("7", ""));
        assert_eq!(bare.last_activity, None);
        assert_eq!(
            TicketRow::from_json(&json!({"title": "no id"}), &picklists(), &zone()),
            None
        );
    }
}
