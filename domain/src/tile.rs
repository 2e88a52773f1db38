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

/// How long a cached zone and picklists are trusted, from when the zone was found (later
/// writes of the entry do not extend it).
pub const CACHE_TTL_MS: i64 = 12 * 60 * 60 * 1000;

/// How long the contact found for an email is used without asking Autotask again: the warm
/// load is then one request (the tickets). Short, because Autotask gives no sign in a tickets
/// query that the contact was deactivated or its email changed (the tickets keep their
/// `contactID`): for at most this long after the lookup, the tile may show the tickets of a
/// contact that no longer matches the email. Ten minutes covers an agent working through a
/// queue (the same requesters again and again, in new frames) while an Autotask admin's change
/// shows within minutes; a remembered contact with no tickets is checked at once (see
/// [`Cached::contact_for`]).
pub const CONTACT_TTL_MS: i64 = 10 * 60 * 1000;

/// How many emails' contacts are remembered at most, the most recently found first: the entry
/// stays small (about 60 bytes each) whatever the number of people an agent opens.
pub const MAX_REMEMBERED_CONTACTS: usize = 20;

/// The longest email whose contact is remembered (RFC 5321's limit): a longer one is looked up
/// each time, so no entry grows with junk.
const MAX_EMAIL_LEN: usize = 254;

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

/// The browser-storage key for an API user's cached zone, picklists and remembered contacts.
/// Only non-secret facts are cached: the zone's URLs, the picklist labels, and contact ids with
/// the emails they were found for (personal data, kept in the agent's own browser only).
pub fn cache_key(username: &str) -> String {
    format!("deskset.autotask.{}", username.trim().to_ascii_lowercase())
}

/// How long a refused secret or integration code is believed without asking Autotask again
/// (unless someone clicks Refresh): every frame that asks sends a bad login, and repeated bad
/// logins can lock the API user (autotask-api.md).
pub const REFUSAL_TTL_MS: i64 = 10 * 60 * 1000;

/// What the tile keeps between loads: the zone (and when it was found), once read the ticket
/// picklists, whether the zone ever worked for a signed-in call, a recent refusal of the
/// credentials, and the contacts recently found for emails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cached {
    pub zone: Zone,
    /// When the zone was found (ms): the zone and picklists expire [`CACHE_TTL_MS`] after it.
    pub saved: i64,
    pub picklists: Option<Picklists>,
    /// A signed-in call in this zone succeeded once: a later 401 may mean the tenant moved.
    pub confirmed: bool,
    /// Autotask refused the credentials at this time (ms): `Trouble::WrongSecret` or
    /// `Trouble::BadIntegrationCode`.
    pub refused: Option<(Trouble, i64)>,
    /// The contact found for an email, the most recent first (at most
    /// [`MAX_REMEMBERED_CONTACTS`], each for [`CONTACT_TTL_MS`]).
    pub contacts: Vec<RememberedContact>,
}

/// The one active contact a contact query found for an email. Only the contact's id and the
/// email it was found for are kept: no name, no secret. The email is personal data: it stays in
/// the agent's own browser (the frame's memory, or `localStorage` under the same key as the
/// zone), for [`CONTACT_TTL_MS`] at most, and is dropped when read after that. "No contact" and
/// "several contacts" are not remembered: the person seeing them is likely to fix the contact
/// in Autotask and look again, and they cost one request (the contact query) anyway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RememberedContact {
    /// The email as [`match_contact`](crate::autotask::match_contact) compares it: trimmed,
    /// ASCII lower-cased.
    pub email: String,
    pub id: u64,
    /// When the contact query found it (ms); using it does not extend it.
    pub found: i64,
}

/// An email as the remembered contacts compare it (as the contact rule does: ASCII case only).
fn email_key(email: &str) -> String {
    email.trim().to_ascii_lowercase()
}

fn fresh(at: i64, now_ms: i64, ttl: i64) -> bool {
    now_ms
        .checked_sub(at)
        .is_some_and(|age| (0..ttl).contains(&age))
}

fn trouble_key(t: Trouble) -> Option<&'static str> {
    match t {
        Trouble::WrongSecret => Some("wrong-secret"),
        Trouble::BadIntegrationCode => Some("bad-integration-code"),
        _ => None,
    }
}

impl Cached {
    /// A zone just found at `now_ms`: not yet confirmed, nothing else known.
    pub fn new(zone: Zone, now_ms: i64) -> Cached {
        Cached {
            zone,
            saved: now_ms,
            picklists: None,
            confirmed: false,
            refused: None,
            contacts: Vec::new(),
        }
    }

    /// The stored form.
    pub fn to_json(&self) -> Value {
        let refused = self
            .refused
            .and_then(|(t, at)| trouble_key(t).map(|k| json!({"kind": k, "at": at})));
        let contacts: Vec<Value> = self
            .contacts
            .iter()
            .map(|c| json!({"email": c.email, "id": c.id, "found": c.found}))
            .collect();
        json!({
            "saved": self.saved,
            "zone": {"url": self.zone.url, "webUrl": self.zone.web_url, "ci": self.zone.ci},
            "picklists": self.picklists.as_ref().map(Picklists::to_json),
            "confirmed": self.confirmed,
            "refused": refused,
            "contacts": contacts,
        })
    }

    /// Reads the stored form; `None` when it is unreadable or older than [`CACHE_TTL_MS`] (or
    /// from the future: a clock that moved back). Remembered contacts that are unreadable,
    /// stale, from the future or beyond [`MAX_REMEMBERED_CONTACTS`] are dropped.
    pub fn from_json(stored: &Value, now_ms: i64) -> Option<Cached> {
        let saved = stored.get("saved").and_then(Value::as_i64)?;
        if !fresh(saved, now_ms, CACHE_TTL_MS) {
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
        let mut contacts: Vec<RememberedContact> = Vec::new();
        let stored_contacts = stored.get("contacts").and_then(Value::as_array);
        for c in stored_contacts.into_iter().flatten() {
            if contacts.len() == MAX_REMEMBERED_CONTACTS {
                break;
            }
            let read = || {
                let email = c.get("email")?.as_str()?;
                Some(RememberedContact {
                    email: email_key(email),
                    id: c.get("id")?.as_u64()?,
                    found: c.get("found")?.as_i64()?,
                })
            };
            if let Some(c) = read().filter(|c| {
                !c.email.is_empty()
                    && c.email.len() <= MAX_EMAIL_LEN
                    && fresh(c.found, now_ms, CONTACT_TTL_MS)
            }) {
                if contacts.iter().all(|known| known.email != c.email) {
                    contacts.push(c);
                }
            }
        }
        Some(Cached {
            zone: Zone::from_json(stored.get("zone")?)?,
            saved,
            picklists: stored.get("picklists").and_then(Picklists::from_stored),
            confirmed: stored.get("confirmed") == Some(&Value::Bool(true)),
            refused,
            contacts,
        })
    }

    /// The credentials' refusal, if it is recent enough at `now_ms` to answer without asking.
    pub fn recent_refusal(&self, now_ms: i64) -> Option<Trouble> {
        let (trouble, at) = self.refused?;
        fresh(at, now_ms, REFUSAL_TTL_MS).then_some(trouble)
    }

    /// The contact found for `email` less than [`CONTACT_TTL_MS`] before `now_ms`, if any: the
    /// tile then asks only for its tickets. Autotask says nothing in a tickets query about a
    /// contact deactivated, deleted or whose email changed (autotask-api.md, the spec), so the
    /// caller looks the contact up again when the tickets query answers none: a contact that is
    /// gone (or no longer this person's) cannot keep showing "no tickets".
    pub fn contact_for(&self, email: &str, now_ms: i64) -> Option<u64> {
        let email = email_key(email);
        self.contacts
            .iter()
            .find(|c| c.email == email && fresh(c.found, now_ms, CONTACT_TTL_MS))
            .map(|c| c.id)
    }

    /// Remembers that `email`'s one active contact is `id`, found at `now_ms`: first in the
    /// list, replacing what was known for that email; the oldest beyond
    /// [`MAX_REMEMBERED_CONTACTS`] and the stale ones are dropped.
    pub fn remember_contact(&mut self, email: &str, id: u64, now_ms: i64) {
        let email = email_key(email);
        self.contacts
            .retain(|c| c.email != email && fresh(c.found, now_ms, CONTACT_TTL_MS));
        if email.is_empty() || email.len() > MAX_EMAIL_LEN {
            return;
        }
        self.contacts.insert(
            0,
            RememberedContact {
                email,
                id,
                found: now_ms,
            },
        );
        self.contacts.truncate(MAX_REMEMBERED_CONTACTS);
    }

    /// Forgets `email`'s contact (the lookup found none or several); `true` if one was known.
    pub fn forget_contact(&mut self, email: &str) -> bool {
        let email = email_key(email);
        let before = self.contacts.len();
        self.contacts.retain(|c| c.email != email);
        self.contacts.len() != before
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
        let now = 1_790_000_000_000;
        let cached = Cached {
            picklists: Some(picklists()),
            confirmed: true,
            refused: Some((Trouble::WrongSecret, 1_790_000_000_000)),
            ..Cached::new(zone(), now)
        };
        let stored = cached.to_json();
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
        let no_lists = Cached::new(zone(), now);
        assert_eq!(
            Cached::from_json(&no_lists.to_json(), now),
            Some(no_lists.clone())
        );
        let other = Cached {
            refused: Some((Trouble::Throttled, now)),
            ..no_lists.clone()
        };
        assert_eq!(
            Cached::from_json(&other.to_json(), now),
            Some(no_lists),
            "only credential refusals are remembered"
        );
        assert_eq!(
            cache_key(" Deskset-API@Acme-IT.example "),
            "deskset.autotask.deskset-api@acme-it.example"
        );
    }

    #[test]
    fn the_zone_expires_from_when_it_was_found_whatever_is_written_since() {
        let found = 1_790_000_000_000;
        let mut entry = Cached::new(zone(), found);
        let later = found + CACHE_TTL_MS - 1;
        entry.remember_contact("ada@acme.example", 5, later);
        let stored = entry.to_json();
        assert!(Cached::from_json(&stored, later).is_some());
        assert_eq!(
            Cached::from_json(&stored, found + CACHE_TTL_MS),
            None,
            "a contact found late does not keep the zone and picklists alive"
        );
    }

    #[test]
    fn a_remembered_contact_round_trips_for_its_email_and_expires() {
        let now = 1_790_000_000_000;
        let mut entry = Cached::new(zone(), now);
        assert_eq!(entry.contact_for("ada@acme.example", now), None);
        entry.remember_contact(" Ada.Admin@Acme.example ", 30, now);
        assert_eq!(
            entry.contact_for("ada.admin@acme.example", now + 1),
            Some(30),
            "emails compare as the contact rule compares them"
        );
        assert_eq!(entry.contact_for("ADA.ADMIN@ACME.EXAMPLE ", now), Some(30));
        assert_eq!(entry.contact_for("alan@acme.example", now), None);
        assert_eq!(
            entry.contacts[0].email, "ada.admin@acme.example",
            "kept as compared"
        );

        let stored = entry.to_json();
        assert_eq!(
            stored["contacts"],
            json!([{"email": "ada.admin@acme.example", "id": 30, "found": now}]),
            "only the email and the contact's id (and when)"
        );
        let read = Cached::from_json(&stored, now + CONTACT_TTL_MS - 1).unwrap();
        assert_eq!(read, entry);
        assert_eq!(
            read.contact_for("ada.admin@acme.example", now + CONTACT_TTL_MS - 1),
            Some(30)
        );
        assert_eq!(
            read.contact_for("ada.admin@acme.example", now + CONTACT_TTL_MS),
            None,
            "stale"
        );
        assert_eq!(
            read.contact_for("ada.admin@acme.example", now - 1),
            None,
            "found in the future"
        );
        let later = Cached::from_json(&stored, now + CONTACT_TTL_MS).unwrap();
        assert!(
            later.contacts.is_empty(),
            "a stale contact is dropped when read"
        );
        assert_eq!(later.zone, entry.zone, "the zone outlives it");

        // Found again: replaced and moved first; looked up to nobody: forgotten.
        let mut entry = read;
        entry.remember_contact("alan@acme.example", 31, now + 10);
        entry.remember_contact("ada.admin@acme.example", 32, now + 20);
        assert_eq!(
            entry
                .contacts
                .iter()
                .map(|c| (c.email.as_str(), c.id, c.found))
                .collect::<Vec<_>>(),
            [
                ("ada.admin@acme.example", 32, now + 20),
                ("alan@acme.example", 31, now + 10)
            ]
        );
        assert!(entry.forget_contact(" ALAN@acme.example"));
        assert!(!entry.forget_contact("alan@acme.example"));
        assert_eq!(entry.contact_for("alan@acme.example", now + 30), None);
        entry.remember_contact("   ", 1, now + 30);
        entry.remember_contact(&format!("{}@x.example", "a".repeat(260)), 2, now + 30);
        assert_eq!(entry.contacts.len(), 1, "no blank or overlong email");
    }

    #[test]
    fn at_most_the_last_twenty_emails_are_remembered() {
        let now = 1_790_000_000_000;
        let mut entry = Cached::new(zone(), now);
        for n in 0..(MAX_REMEMBERED_CONTACTS as u64 + 5) {
            entry.remember_contact(&format!("p{n}@acme.example"), n, now + n as i64);
        }
        assert_eq!(entry.contacts.len(), MAX_REMEMBERED_CONTACTS);
        let last = MAX_REMEMBERED_CONTACTS as u64 + 4;
        assert_eq!(entry.contacts[0].id, last, "the most recent first");
        assert_eq!(
            entry.contact_for("p4@acme.example", now + 30),
            None,
            "the oldest went"
        );
        assert_eq!(entry.contact_for("p5@acme.example", now + 30), Some(5));
        // Stale ones go when another is found: here those found before `now + 11`.
        let much_later = now + 10 + CONTACT_TTL_MS;
        entry.remember_contact("new@acme.example", 99, much_later);
        let mut expected = vec![99];
        expected.extend((11..=last).rev());
        assert_eq!(
            entry.contacts.iter().map(|c| c.id).collect::<Vec<_>>(),
            expected
        );
        // A stored list longer than the bound (another version, a hand edit) is cut to it.
        let mut stored = Cached::new(zone(), now).to_json();
        stored["contacts"] = Value::Array(
            (0..100u64)
                .map(|n| json!({"email": format!("p{n}@acme.example"), "id": n, "found": now}))
                .collect(),
        );
        let read = Cached::from_json(&stored, now).unwrap();
        assert_eq!(read.contacts.len(), MAX_REMEMBERED_CONTACTS);
        assert_eq!(read.contacts[0].id, 0);
    }

    #[test]
    fn junk_where_contacts_are_stored_is_dropped_never_a_panic() {
        let now = 1_790_000_000_000;
        let mut stored = Cached::new(zone(), now).to_json();
        stored["contacts"] = json!([
            null,
            7,
            "ada@acme.example",
            {"email": "ok@acme.example", "id": 1, "found": now},
            {"email": "ok@acme.example", "id": 2, "found": now},
            {"email": 5, "id": 3, "found": now},
            {"email": "", "id": 4, "found": now},
            {"email": "neg@acme.example", "id": -4, "found": now},
            {"email": "float@acme.example", "id": 4.5, "found": now},
            {"email": "text@acme.example", "id": "4", "found": now},
            {"email": "nofound@acme.example", "id": 4},
            {"email": "future@acme.example", "id": 4, "found": now + 1},
            {"email": "min@acme.example", "id": 4, "found": i64::MIN},
            {"email": "extra@acme.example", "id": 6, "found": now, "name": "Ada", "more": [1]},
        ]);
        let read = Cached::from_json(&stored, now).unwrap();
        assert_eq!(
            read.contacts
                .iter()
                .map(|c| (c.email.as_str(), c.id))
                .collect::<Vec<_>>(),
            [("ok@acme.example", 1), ("extra@acme.example", 6)],
            "the first for an email wins; unknown fields are ignored"
        );
        for junk in [json!(null), json!({}), json!("x"), json!([[]])] {
            stored["contacts"] = junk;
            assert!(Cached::from_json(&stored, now).unwrap().contacts.is_empty());
        }
        // An entry stored before contacts were remembered reads as none remembered.
        let mut old = Cached::new(zone(), now).to_json();
        old.as_object_mut().unwrap().remove("contacts");
        assert!(Cached::from_json(&old, now).unwrap().contacts.is_empty());
        assert_eq!(
            Cached::from_json(
                &json!({"saved": i64::MIN, "zone": stored["zone"]}),
                i64::MAX
            ),
            None
        );
    }

    proptest::proptest! {
        #[test]
        fn any_stored_json_reads_within_the_bounds_or_not_at_all(
            contacts in proptest::collection::vec(json_value(), 0..40),
            saved in proptest::prop_oneof![proptest::strategy::Just(0i64), proptest::num::i64::ANY],
            now in proptest::num::i64::ANY,
        ) {
            let mut stored = Cached::new(zone(), saved).to_json();
            stored["contacts"] = Value::Array(contacts);
            if let Some(read) = Cached::from_json(&stored, now) {
                proptest::prop_assert!(read.contacts.len() <= MAX_REMEMBERED_CONTACTS);
                for c in &read.contacts {
                    proptest::prop_assert_eq!(read.contact_for(&c.email, now), Some(c.id));
                }
                proptest::prop_assert_eq!(Cached::from_json(&read.to_json(), now), Some(read));
            }
        }

        #[test]
        fn remembering_keeps_the_bound_and_the_latest(
            steps in proptest::collection::vec((0u8..30, 0u64..1000, 0i64..(2 * CONTACT_TTL_MS), proptest::bool::ANY), 0..80),
        ) {
            let start = 1_790_000_000_000;
            let mut entry = Cached::new(zone(), start);
            let mut now = start;
            for (who, id, step, forget) in steps {
                now += step / 20;
                let email = format!("P{who}@acme.example");
                if forget {
                    entry.forget_contact(&email);
                    proptest::prop_assert_eq!(entry.contact_for(&email, now), None);
                } else {
                    entry.remember_contact(&email, id, now);
                    proptest::prop_assert_eq!(entry.contact_for(&email, now), Some(id));
                }
                proptest::prop_assert!(entry.contacts.len() <= MAX_REMEMBERED_CONTACTS);
            }
        }
    }

    fn json_value() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            (1_790_000_000_000i64..1_790_000_000_000 + 2 * CONTACT_TTL_MS).prop_map(|n| json!(n)),
            any::<f64>().prop_map(|n| json!(n)),
            "[a-zA-Z@. _]{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(2, 12, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
                proptest::collection::btree_map(
                    prop_oneof![
                        Just("email".to_string()),
                        Just("id".to_string()),
                        Just("found".to_string()),
                        "[a-z]{1,6}"
                    ],
                    inner,
                    0..4
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
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
