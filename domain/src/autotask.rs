//! The Autotask tile's rules and the shapes of Autotask's REST API (autotask-api.md): the zone,
//! the query bodies, the activity window, which contact is "the person", picklist labels, paging,
//! what an error means, and the client portal's URLs. No I/O: the app sends what this builds.

use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde_json::{json, Map, Value};

/// The zone lookup (no auth). `V1.0` is pinned: V2.0 lookups answer 404.
pub const ZONE_LOOKUP: &str =
    "https://webservices.autotask.net/atservicesrest/V1.0/zoneInformation";

/// The ticket window when the admin set none (days of activity).
pub const DEFAULT_WINDOW_DAYS: u32 = 90;

/// Autotask answers at most this many items a page.
pub const PAGE_SIZE: u64 = 500;

/// How many pages of tickets the tile follows before it says there are more.
pub const MAX_PAGES: usize = 2;

/// Contact fields deskset asks for (wire names: camelCase).
pub const CONTACT_FIELDS: &[&str] = &[
    "id",
    "firstName",
    "lastName",
    "emailAddress",
    "emailAddress2",
    "emailAddress3",
    "isActive",
    "companyID",
];

/// Ticket fields deskset asks for and reads.
pub const TICKET_FIELDS: &[&str] = &[
    "id",
    "ticketNumber",
    "title",
    "status",
    "priority",
    "createDate",
    "lastActivityDate",
    "contactID",
];

/// The URL that finds an API user's zone.
pub fn zone_lookup_url(username: &str) -> String {
    const VALUE: &percent_encoding::AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    format!(
        "{ZONE_LOOKUP}?user={}",
        utf8_percent_encode(username.trim(), VALUE)
    )
}

/// Where an API user's data lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    /// The REST base, e.g. `https://webservices15.autotask.net/ATServicesRest/`.
    pub url: String,
    /// The web interface, e.g. `https://ww15.autotask.net/` (client portal links).
    pub web_url: String,
    /// The tenant's `ci` (client portal login).
    pub ci: Option<u64>,
}

/// `https://<name>.autotask.net[/...]`.
fn on_autotask(url: &str) -> bool {
    let Some(rest) = url
        .get(..8)
        .filter(|s| s.eq_ignore_ascii_case("https://"))
        .and_then(|_| url.get(8..))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.to_ascii_lowercase();
    host.strip_suffix(".autotask.net").is_some_and(|name| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    })
}

fn with_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

impl Zone {
    /// Reads the zone lookup's answer (or the cache's copy); `None` unless both `url` and
    /// `webUrl` are https URLs on an `autotask.net` host: the API calls carry the secret there,
    /// and the portal links point there.
    pub fn from_json(body: &Value) -> Option<Zone> {
        let url = body.get("url").and_then(Value::as_str)?;
        let web_url = body.get("webUrl").and_then(Value::as_str)?;
        (on_autotask(url) && on_autotask(web_url)).then(|| Zone {
            url: with_slash(url),
            web_url: with_slash(web_url),
            ci: body.get("ci").and_then(Value::as_u64),
        })
    }

    /// Whether `url` is on this zone's API host (a `nextPageUrl` must be).
    pub fn owns(&self, url: &str) -> bool {
        let origin = |u: &str| {
            u.get(8..)
                .and_then(|rest| rest.split('/').next())
                .map(str::to_ascii_lowercase)
        };
        url.get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
            && origin(url).is_some()
            && origin(url) == origin(&self.url)
    }

    /// An API URL in this zone: `path` like `Tickets/query`.
    pub fn api(&self, path: &str) -> String {
        format!("{}V1.0/{}", self.url, path.trim_start_matches('/'))
    }

    /// The client portal page of a ticket. Autotask does not document this page's query
    /// parameters; this one function is the only place that knows them.
    pub fn portal_ticket_url(&self, ticket_id: u64) -> String {
        format!(
            "{}ClientPortal/ServiceTickets/ServiceTicketDetail.aspx?ticketID={ticket_id}",
            self.web_url
        )
    }

    /// The client portal's new-ticket page.
    pub fn portal_new_ticket_url(&self) -> String {
        format!("{}ClientPortal/ServiceTickets/NewTicket.aspx", self.web_url)
    }
}

/// The body of `POST Contacts/query`: active contacts with this email in any of their three
/// addresses. Two are enough to know "more than one".
pub fn contact_query(email: &str) -> Value {
    let email = email.trim();
    json!({
        "MaxRecords": 2,
        "IncludeFields": CONTACT_FIELDS,
        "filter": [
            {"op": "eq", "field": "isActive", "value": 1},
            {"op": "or", "items": [
                {"op": "eq", "field": "emailAddress", "value": email},
                {"op": "eq", "field": "emailAddress2", "value": email},
                {"op": "eq", "field": "emailAddress3", "value": email},
            ]},
        ],
    })
}

/// Who "the person" is in Autotask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactMatch {
    /// No active contact has the email.
    None,
    /// Exactly one: their id.
    One(u64),
    /// More than one: the rule is exactly one, so none is chosen.
    Several,
}

/// Applies the rule to a contact query's items: exactly one active contact whose email, second
/// or third email equals `email` (case-insensitively, as email addresses compare in practice).
/// Re-checked here rather than trusted from the filter, so a loose match never picks a person.
pub fn match_contact(items: &[Value], email: &str) -> ContactMatch {
    let want = email.trim().to_ascii_lowercase();
    let matching: Vec<u64> = items
        .iter()
        .filter(|c| is_active(c.get("isActive")))
        .filter(|c| {
            ["emailAddress", "emailAddress2", "emailAddress3"]
                .iter()
                .any(|f| {
                    c.get(*f)
                        .and_then(Value::as_str)
                        .is_some_and(|e| e.trim().to_ascii_lowercase() == want)
                })
        })
        .filter_map(|c| c.get("id").and_then(Value::as_u64))
        .collect();
    match matching.as_slice() {
        [] => ContactMatch::None,
        [id] => ContactMatch::One(*id),
        _ => ContactMatch::Several,
    }
}

/// `isActive` is documented as an integer 1/0; a boolean is read too.
fn is_active(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(v) => v.as_u64() == Some(1),
        None => false,
    }
}

/// The start of the activity window: `days` before `now_ms` (milliseconds since the epoch), as
/// the UTC ISO 8601 time Autotask filters take (`2026-08-23T12:00:00Z`).
pub fn window_start(now_ms: i64, days: u32) -> String {
    let secs = now_ms.div_euclid(1000) - i64::from(days) * 86_400;
    crate::time::iso8601(secs)
}

/// The body of `POST Tickets/query`: the contact's tickets with activity since `since`.
pub fn ticket_query(contact_id: u64, since: &str) -> Value {
    json!({
        "MaxRecords": PAGE_SIZE,
        "IncludeFields": TICKET_FIELDS,
        "filter": [
            {"op": "eq", "field": "contactID", "value": contact_id},
            {"op": "gte", "field": "lastActivityDate", "value": since},
        ],
    })
}

/// The window to ask for when `count` tickets have activity in `days`: more than [`MAX_PAGES`]
/// pages would come back oldest id first (Autotask pages by id), so the window shrinks in
/// proportion until the newest tickets fit (at least a day).
pub fn narrowed_days(days: u32, count: u64) -> u32 {
    let fit = MAX_PAGES as u64 * PAGE_SIZE;
    if count <= fit {
        return days;
    }
    u32::try_from(u64::from(days) * fit / count)
        .unwrap_or(days)
        .max(1)
}

/// The count answer's number (`{"queryCount": N}`).
pub fn query_count(body: &Value) -> Option<u64> {
    body.get("queryCount").and_then(Value::as_u64)
}

/// A query answer's items and its next page (a GET URL), if any.
pub fn page(body: &Value) -> (Vec<Value>, Option<String>) {
    let items = body
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let next = body
        .get("pageDetails")
        .and_then(|p| p.get("nextPageUrl"))
        .and_then(Value::as_str)
        .filter(|u| !u.is_empty())
        .map(str::to_string);
    (items, next)
}

/// Tickets newest activity first. Autotask's dates are ISO 8601 in one format, so they sort as
/// text; a ticket without a date goes last.
pub fn newest_first(mut tickets: Vec<Value>) -> Vec<Value> {
    let key = |t: &Value| {
        t.get("lastActivityDate")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    tickets.sort_unstable_by_key(|t| std::cmp::Reverse(key(t)));
    tickets
}

/// The ticket picklists the tile shows (lower-cased field names).
pub const SHOWN_PICKLISTS: &[&str] = &["status", "priority"];

/// The picklists of an entity (`entityInformation/fields`), by field name (lower-cased).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picklists(Map<String, Value>);

impl Picklists {
    /// Reads `{"fields": [{"name", "isPickList", "picklistValues": [...]}]}`.
    pub fn from_json(body: &Value) -> Picklists {
        let mut map = Map::new();
        for field in body
            .get("fields")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let is_picklist = field
                .get("isPickList")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let Some(name) = field.get("name").and_then(Value::as_str) else {
                continue;
            };
            if is_picklist {
                let values = field.get("picklistValues").cloned().unwrap_or(json!([]));
                map.insert(name.to_ascii_lowercase(), values);
            }
        }
        Picklists(map)
    }

    /// The picklists the tile shows (status, priority), as stored in the cache.
    pub fn to_json(&self) -> Value {
        let kept: Map<String, Value> = self
            .0
            .iter()
            .filter(|(k, _)| SHOWN_PICKLISTS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Value::Object(kept)
    }

    /// Reads [`Picklists::to_json`]'s form; `None` when it is not an object.
    pub fn from_stored(stored: &Value) -> Option<Picklists> {
        stored.as_object().map(|m| Picklists(m.clone()))
    }

    /// The label of `value` (an int on tickets, a string in picklists) for `field`; inactive
    /// values still label old tickets. `None` when the picklist has no such value.
    pub fn label(&self, field: &str, value: &Value) -> Option<&str> {
        let wanted = match value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        self.0
            .get(&field.to_ascii_lowercase())?
            .as_array()?
            .iter()
            .find(|v| match v.get("value") {
                Some(Value::String(s)) => *s == wanted,
                Some(Value::Number(n)) => n.to_string() == wanted,
                _ => false,
            })
            .and_then(|v| v.get("label").and_then(Value::as_str))
    }
}

/// What went wrong with Autotask, in the tile's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trouble {
    /// The zone lookup does not know the username.
    UnknownUser,
    /// 401: the secret is wrong (or the user is locked).
    WrongSecret,
    /// The integration code is refused.
    BadIntegrationCode,
    /// The API user lacks a permission.
    NoPermission,
    /// 429, or the thread / hourly threshold: try later.
    Throttled,
    /// A gateway between Zendesk's proxy and Autotask answered instead (502, 503, 504).
    Unreachable,
    /// Anything else Autotask answered with.
    Other,
}

/// Why the tile could not show tickets.
#[derive(Debug, Clone, PartialEq)]
pub enum AutotaskError {
    /// Autotask answered, and this is what it meant.
    Trouble(Trouble),
    /// No answer (network, timeout) or an unreadable one.
    Unreachable(crate::http::HttpError),
}

impl From<crate::http::HttpError> for AutotaskError {
    fn from(e: crate::http::HttpError) -> Self {
        match &e {
            crate::http::HttpError::Status { status, body, .. } => match classify(*status, body) {
                Trouble::Unreachable => AutotaskError::Unreachable(e),
                trouble => AutotaskError::Trouble(trouble),
            },
            _ => AutotaskError::Unreachable(e),
        }
    }
}

/// What a tile load found for a person.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// The one contact's tickets in the window, newest activity first; `more` when the page cap
    /// left some out.
    Tickets {
        rows: Vec<crate::tile::TicketRow>,
        more: bool,
    },
    /// No active contact has the email.
    NoContact,
    /// More than one does: the rule is exactly one.
    SeveralContacts,
}

/// A tile load's result, with the zone (for the client portal's links).
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub zone: Zone,
    pub found: Found,
}

/// How long the tile waits before asking again after Autotask said it is busy (the thread
/// threshold: several deskset frames, or other integrations of the tenant, at once), by attempt
/// (1-based); `None` once it should stop and say so. `jitter_ms` (0..400, the caller's randomness)
/// keeps frames that were refused together from asking together again.
pub fn throttle_wait_ms(attempt: usize, jitter_ms: u64) -> Option<u64> {
    const WAITS: [u64; 2] = [800, 2000];
    WAITS
        .get(attempt.checked_sub(1)?)
        .map(|w| w + jitter_ms.min(400))
}

/// Classifies an Autotask error answer (`{"errors": ["..."]}` bodies).
pub fn classify(status: u16, body: &Value) -> Trouble {
    let text = body
        .get("errors")
        .and_then(Value::as_array)
        .map(|e| {
            e.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" ")
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    match status {
        401 => Trouble::WrongSecret,
        429 => Trouble::Throttled,
        _ if text.contains("zone information could not be determined") => Trouble::UnknownUser,
        _ if text.contains("integrationcode is invalid") => Trouble::BadIntegrationCode,
        _ if text.contains("thread") || text.contains("threshold") => Trouble::Throttled,
        _ if text.contains("adequate permissions") => Trouble::NoPermission,
        502..=504 => Trouble::Unreachable,
        _ => Trouble::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone() -> Zone {
        Zone::from_json(&json!({"zoneName": "America East 2", "url": "https://webservices15.autotask.net/ATServicesRest/",
            "webUrl": "https://ww15.autotask.net/", "ci": 8123})).unwrap()
    }

    #[test]
    fn a_zone_is_only_ever_on_autotask() {
        let zone_at = |url: &str, web: &str| Zone::from_json(&json!({"url": url, "webUrl": web}));
        assert!(zone_at(
            "https://webservices2.autotask.net/ATServicesRest/",
            "https://ww2.autotask.net/"
        )
        .is_some());
        assert!(
            zone_at("https://webservices2.autotask.net/ATServicesRest/", "").is_none(),
            "no portal"
        );
        assert!(zone_at(
            "http://webservices2.autotask.net/",
            "https://ww2.autotask.net/"
        )
        .is_none());
        assert!(zone_at("https://evil.example/", "https://ww2.autotask.net/").is_none());
        assert!(zone_at(
            "https://autotask.net.evil.example/",
            "https://ww2.autotask.net/"
        )
        .is_none());
        assert!(zone_at(
            "https://webservices2.autotask.net/",
            "https://ww2.autotask.net.evil.example/"
        )
        .is_none());
        assert!(zone_at(
            "https://x@evil.example/.autotask.net",
            "https://ww2.autotask.net/"
        )
        .is_none());
        let z = zone();
        assert!(z.owns(
            "https://WebServices15.autotask.net/atservicesrest/V1.0/Tickets/query/next?paging=x"
        ));
        assert!(!z.owns("https://webservices2.autotask.net/ATServicesRest/V1.0/Tickets/query/next"));
        assert!(!z.owns("https://evil.example/ATServicesRest/"));
        assert!(!z.owns("/relative"));
    }

    #[test]
    fn zone_lookup_and_api_urls() {
        assert_eq!(
            zone_lookup_url(" deskset api+bot@acme-it.example "),
            "https://webservices.autotask.net/atservicesrest/V1.0/zoneInformation?user=deskset%20api%2Bbot%40acme-it.example"
        );
        let z = zone();
        assert_eq!(
            z.api("Tickets/query"),
            "https://webservices15.autotask.net/ATServicesRest/V1.0/Tickets/query"
        );
        assert_eq!(
            z.api("/Contacts/query"),
            "https://webservices15.autotask.net/ATServicesRest/V1.0/Contacts/query"
        );
        assert_eq!(z.ci, Some(8123));
        let no_slash = Zone::from_json(&json!({"url": "https://webservices2.autotask.net/ATServicesRest", "webUrl": "https://ww2.autotask.net"})).unwrap();
        assert_eq!(
            no_slash.api("x"),
            "https://webservices2.autotask.net/ATServicesRest/V1.0/x"
        );
        assert_eq!(
            no_slash.portal_new_ticket_url(),
            "https://ww2.autotask.net/ClientPortal/ServiceTickets/NewTicket.aspx"
        );
        assert_eq!(
            Zone::from_json(&json!({"errors": ["Zone information could not be determined"]})),
            None
        );
        assert_eq!(Zone::from_json(&json!({"url": "http://insecure/"})), None);
    }

    #[test]
    fn portal_urls_come_from_the_zones_web_url() {
        assert_eq!(
            zone().portal_ticket_url(4711),
            "https://ww15.autotask.net/ClientPortal/ServiceTickets/ServiceTicketDetail.aspx?ticketID=4711"
        );
        assert_eq!(
            zone().portal_new_ticket_url(),
            "https://ww15.autotask.net/ClientPortal/ServiceTickets/NewTicket.aspx"
        );
    }

    #[test]
    fn contact_query_asks_for_active_contacts_by_any_email() {
        let q = contact_query("  ada@acme.example ");
        assert_eq!(q["MaxRecords"], 2);
        assert_eq!(
            q["filter"][0],
            json!({"op": "eq", "field": "isActive", "value": 1})
        );
        let items = q["filter"][1]["items"].as_array().unwrap();
        let fields: Vec<&str> = items.iter().map(|i| i["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["emailAddress", "emailAddress2", "emailAddress3"]);
        assert!(items
            .iter()
            .all(|i| i["value"] == "ada@acme.example" && i["op"] == "eq"));
        assert_eq!(q["filter"][1]["op"], "or");
    }

    #[test]
    fn the_person_is_exactly_one_active_contact_with_the_email() {
        let c = |id: u64, field: &str, email: &str, active: Value| json!({"id": id, field: email, "isActive": active});
        let email = "Ada@Acme.example";
        assert_eq!(match_contact(&[], email), ContactMatch::None);
        assert_eq!(
            match_contact(&[c(1, "emailAddress", "ada@acme.example", json!(1))], email),
            ContactMatch::One(1)
        );
        assert_eq!(
            match_contact(
                &[c(2, "emailAddress3", " ADA@ACME.EXAMPLE ", json!(true))],
                email
            ),
            ContactMatch::One(2)
        );
        assert_eq!(
            match_contact(
                &[
                    c(1, "emailAddress", "ada@acme.example", json!(1)),
                    c(2, "emailAddress2", "ada@acme.example", json!(1))
                ],
                email
            ),
            ContactMatch::Several
        );
        // Inactive contacts and near misses do not count.
        assert_eq!(
            match_contact(&[c(3, "emailAddress", "ada@acme.example", json!(0))], email),
            ContactMatch::None
        );
        assert_eq!(
            match_contact(
                &[c(4, "emailAddress", "ada@acme.example.org", json!(1))],
                email
            ),
            ContactMatch::None
        );
        assert_eq!(
            match_contact(
                &[
                    c(1, "emailAddress", "ada@acme.example", json!(1)),
                    c(3, "emailAddress", "ada@acme.example", json!(0))
                ],
                email
            ),
            ContactMatch::One(1)
        );
    }

    #[test]
    fn the_window_starts_days_before_now_in_utc() {
        // 2026-11-21T10:30:00Z
        let now = 1_795_257_000_000;
        assert_eq!(crate::time::iso8601(now / 1000), "2026-11-21T10:30:00Z");
        assert_eq!(window_start(now, 90), "2026-08-23T10:30:00Z");
        assert_eq!(window_start(now, 0), "2026-11-21T10:30:00Z");
        assert_eq!(window_start(now, 365), "2025-11-21T10:30:00Z");
        // Leap years and the epoch.
        assert_eq!(crate::time::iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(crate::time::iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(crate::time::iso8601(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn ticket_query_filters_by_contact_and_activity() {
        let q = ticket_query(42, "2026-08-23T10:30:00Z");
        assert_eq!(q["MaxRecords"], 500);
        assert_eq!(
            q["filter"],
            json!([
                {"op": "eq", "field": "contactID", "value": 42},
                {"op": "gte", "field": "lastActivityDate", "value": "2026-08-23T10:30:00Z"}
            ])
        );
        assert_eq!(
            q["IncludeFields"].as_array().unwrap().len(),
            TICKET_FIELDS.len()
        );
    }

    #[test]
    fn paging_reads_items_and_the_next_url() {
        let (items, next) = page(
            &json!({"items": [{"id": 1}], "pageDetails": {"count": 1, "nextPageUrl": "https://x/next"}}),
        );
        assert_eq!(items.len(), 1);
        assert_eq!(next.as_deref(), Some("https://x/next"));
        assert_eq!(
            page(&json!({"items": [], "pageDetails": {"nextPageUrl": null}})).1,
            None
        );
        assert_eq!(
            page(&json!({"items": [], "pageDetails": {"nextPageUrl": ""}})).1,
            None
        );
        assert_eq!(page(&json!({})), (vec![], None));
    }

    #[test]
    fn newest_activity_first() {
        let t = |id: u64, d: Option<&str>| match d {
            Some(d) => json!({"id": id, "lastActivityDate": d}),
            None => json!({"id": id}),
        };
        let sorted = newest_first(vec![
            t(1, Some("2026-10-01T00:00:00Z")),
            t(2, None),
            t(3, Some("2026-11-01T08:00:00Z")),
        ]);
        let ids: Vec<u64> = sorted.iter().map(|t| t["id"].as_u64().unwrap()).collect();
        assert_eq!(ids, [3, 1, 2]);
    }

    #[test]
    fn picklists_label_int_values_including_inactive_ones() {
        let p = Picklists::from_json(&json!({"fields": [
            {"name": "status", "isPickList": true, "picklistValues": [
                {"value": "1", "label": "New", "isActive": true},
                {"value": "5", "label": "Complete", "isActive": true},
                {"value": "17", "label": "Waiting Vendor (old)", "isActive": false}]},
            {"name": "Priority", "isPickList": true, "picklistValues": [{"value": "2", "label": "Medium", "isActive": true}]},
            {"name": "title", "isPickList": false}
        ]}));
        assert_eq!(p.label("status", &json!(1)), Some("New"));
        assert_eq!(p.label("status", &json!("5")), Some("Complete"));
        assert_eq!(p.label("status", &json!(17)), Some("Waiting Vendor (old)"));
        assert_eq!(p.label("priority", &json!(2)), Some("Medium"));
        assert_eq!(
            p.label("STATUS", &json!(1)),
            Some("New"),
            "field names are case-insensitive"
        );
        assert_eq!(p.label("status", &json!(99)), None);
        assert_eq!(p.label("title", &json!("x")), None);
        assert_eq!(p.label("status", &json!(null)), None);
    }

    #[test]
    fn errors_are_classified_as_the_tile_explains_them() {
        let e = |s: &str| json!({"errors": [s]});
        assert_eq!(
            classify(500, &e("Zone information could not be determined")),
            Trouble::UnknownUser
        );
        assert_eq!(classify(401, &json!(null)), Trouble::WrongSecret);
        assert_eq!(
            classify(500, &e("IntegrationCode is invalid.")),
            Trouble::BadIntegrationCode
        );
        assert_eq!(classify(429, &json!({})), Trouble::Throttled);
        assert_eq!(
            classify(500, &e("Request rejected: thread threshold of 3 exceeded")),
            Trouble::Throttled
        );
        assert_eq!(
            classify(500, &e("User does not have the adequate permissions")),
            Trouble::NoPermission
        );
        assert_eq!(classify(500, &e("Something else")), Trouble::Other);
        assert_eq!(classify(404, &json!("not json errors")), Trouble::Other);
        assert_eq!(classify(502, &json!(null)), Trouble::Unreachable);
        assert_eq!(narrowed_days(90, 800), 90, "fits: the whole window");
        assert_eq!(narrowed_days(90, 1000), 90);
        assert_eq!(narrowed_days(90, 1206), 74);
        assert_eq!(narrowed_days(90, 1_000_000), 1, "at least a day");
        assert_eq!(query_count(&json!({"queryCount": 12})), Some(12));
        assert_eq!(query_count(&json!({})), None);
        assert_eq!(throttle_wait_ms(1, 0), Some(800));
        assert_eq!(throttle_wait_ms(2, 150), Some(2150));
        assert_eq!(throttle_wait_ms(2, 9999), Some(2400), "jitter is capped");
        assert_eq!(
            throttle_wait_ms(3, 0),
            None,
            "then the tile says Autotask is busy"
        );
        assert_eq!(throttle_wait_ms(0, 0), None);
        assert_eq!(classify(504, &json!({})), Trouble::Unreachable);
        assert_eq!(
            classify(503, &e("thread threshold exceeded")),
            Trouble::Throttled,
            "Autotask's own words win over the status"
        );
    }
}
