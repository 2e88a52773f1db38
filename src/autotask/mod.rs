//! Typed Autotask REST calls, over [`crate::http::Api`] (so through Zendesk's proxy). The secret
//! and an own integration code travel only as `{{setting.NAME}}` placeholders that the proxy
//! fills in (`secure: true`); the browser never holds them.

pub mod cache;

use crate::http::{Api, HttpError, Method, Request};
use deskset_domain::autotask::{
    self, classify, contact_query, match_contact, page, ticket_query, window_start, ContactMatch,
    Picklists, Trouble, Zone, MAX_PAGES,
};
use deskset_domain::tile::{cache_key, Cached, TicketRow, TileSettings};
use serde_json::Value;

/// deskset's own Autotask integration code (API tracking identifier), used unless the admin
/// chose their own. A placeholder until the vendor registration exists; the simulator accepts
/// exactly this value (docs/contracts.md, Autotask).
pub const DESKSET_INTEGRATION_CODE: &str = "DESKSETBUILTININTEGRATION1";

/// The installation settings the tile needs (non-secure ones read from ZAF's metadata).
#[derive(Debug, Clone, PartialEq)]
pub struct Connection {
    /// The API user's username (also what finds the zone).
    pub username: String,
    /// Use the admin's own integration code (secure setting) instead of deskset's.
    pub own_integration_code: bool,
}

/// Why the tile could not show tickets.
#[derive(Debug, Clone, PartialEq)]
pub enum AutotaskError {
    /// Autotask answered, and this is what it meant.
    Trouble(Trouble),
    /// No answer (network, timeout) or an unreadable one.
    Unreachable(HttpError),
}

impl From<HttpError> for AutotaskError {
    fn from(e: HttpError) -> Self {
        match &e {
            HttpError::Status { status, body, .. } => match classify(*status, body) {
                Trouble::Unreachable => AutotaskError::Unreachable(e),
                trouble => AutotaskError::Trouble(trouble),
            },
            _ => AutotaskError::Unreachable(e),
        }
    }
}

impl Connection {
    fn headers(&self) -> Vec<(String, String)> {
        let code = if self.own_integration_code {
            "{{setting.autotask_integration_code}}".to_string()
        } else {
            DESKSET_INTEGRATION_CODE.to_string()
        };
        vec![
            ("ApiIntegrationCode".into(), code),
            ("UserName".into(), self.username.trim().to_string()),
            ("Secret".into(), "{{setting.autotask_secret}}".into()),
        ]
    }

    fn request(&self, method: Method, url: String, body: Option<Value>) -> Request {
        Request {
            method,
            url,
            body,
            headers: self.headers(),
            secure: true,
        }
    }
}

/// The API user's zone (no auth needed).
pub async fn find_zone(api: &Api, username: &str) -> Result<Zone, AutotaskError> {
    let body = api
        .json(Request::get(autotask::zone_lookup_url(username)))
        .await?;
    Zone::from_json(&body).ok_or(AutotaskError::Trouble(Trouble::UnknownUser))
}

/// The contact with this email, by the tile's rule (exactly one active contact).
pub async fn find_contact(
    api: &Api,
    zone: &Zone,
    connection: &Connection,
    email: &str,
) -> Result<ContactMatch, AutotaskError> {
    let request = connection.request(
        Method::Post,
        zone.api("Contacts/query"),
        Some(contact_query(email)),
    );
    let (items, _) = page(&api.json(request).await?);
    Ok(match_contact(&items, email))
}

/// The contact's tickets with activity since `since`, newest first, following `nextPageUrl` for
/// at most [`MAX_PAGES`] pages; `true` when there were more.
pub async fn tickets(
    api: &Api,
    zone: &Zone,
    connection: &Connection,
    contact_id: u64,
    since: &str,
) -> Result<(Vec<Value>, bool), AutotaskError> {
    let first = connection.request(
        Method::Post,
        zone.api("Tickets/query"),
        Some(ticket_query(contact_id, since)),
    );
    let (mut all, mut next) = page(&api.json(first).await?);
    let mut pages = 1;
    // One page at a time: the tile never has two requests in flight to one endpoint.
    while let Some(url) = next.take() {
        if pages >= MAX_PAGES {
            return Ok((autotask::newest_first(all), true));
        }
        let (items, more) = page(&api.json(connection.request(Method::Get, url, None)).await?);
        all.extend(items);
        next = more;
        pages += 1;
    }
    Ok((autotask::newest_first(all), false))
}

/// The ticket picklists (status, priority labels).
pub async fn ticket_picklists(
    api: &Api,
    zone: &Zone,
    connection: &Connection,
) -> Result<Picklists, AutotaskError> {
    let request = connection.request(
        Method::Get,
        zone.api("Tickets/entityInformation/fields"),
        None,
    );
    Ok(Picklists::from_json(&api.json(request).await?))
}

/// What a tile load found for a person.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// The one contact's tickets in the window, newest activity first; `more` when the page cap
    /// left some out.
    Tickets { rows: Vec<TicketRow>, more: bool },
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

/// Everything the tile shows for `email`. The zone and picklists come from the cache when they
/// are fresh (a warm load is two requests: contact, tickets); a cold load also looks up the zone
/// and reads the picklists, next to the contact query (four). A 401 with a cached zone may mean
/// the tenant moved: the zone is looked up again, once. When Autotask is busy (its thread
/// threshold) the load waits and tries again twice before it says so.
pub async fn load(
    api: &Api,
    settings: &TileSettings,
    email: &str,
    now_ms: i64,
) -> Result<Loaded, AutotaskError> {
    let mut attempt = 1;
    loop {
        match load_once(api, settings, email, now_ms).await {
            Err(AutotaskError::Trouble(Trouble::Throttled)) => {
                let jitter = (js_sys::Math::random() * 400.0) as u64;
                let Some(wait) = autotask::throttle_wait_ms(attempt, jitter) else {
                    return Err(AutotaskError::Trouble(Trouble::Throttled));
                };
                api.sleep(std::time::Duration::from_millis(wait)).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

async fn load_once(
    api: &Api,
    settings: &TileSettings,
    email: &str,
    now_ms: i64,
) -> Result<Loaded, AutotaskError> {
    let connection = Connection {
        username: settings.username.clone(),
        own_integration_code: settings.own_code,
    };
    let key = cache_key(&settings.username);
    let cached = cache::read(&key, now_ms);
    let from_cache = cached.is_some();
    let since = window_start(now_ms, settings.window_days);
    let run = |cached| attempt(api, &connection, cached, email, &since, &key, now_ms);
    match run(cached).await {
        Err(AutotaskError::Trouble(Trouble::WrongSecret)) if from_cache => {
            cache::forget(&key);
            run(None).await
        }
        other => other,
    }
}

async fn attempt(
    api: &Api,
    connection: &Connection,
    cached: Option<Cached>,
    email: &str,
    since: &str,
    key: &str,
    now_ms: i64,
) -> Result<Loaded, AutotaskError> {
    let (zone, known_lists) = match cached {
        Some(c) => (c.zone, c.picklists),
        None => {
            let zone = find_zone(api, &connection.username).await?;
            // Kept at once: a retry after Autotask was busy need not look it up again.
            let entry = Cached {
                zone: zone.clone(),
                picklists: None,
            };
            cache::write(key, &entry, now_ms);
            (zone, None)
        }
    };
    // Only what was fetched now is stored, so the age of an entry is the age of its facts.
    let fetched = known_lists.is_none();
    let lists = async {
        match known_lists {
            Some(lists) => Some(lists),
            // Labels are a nicety: without them the tile shows the raw values.
            None => ticket_picklists(api, &zone, connection).await.ok(),
        }
    };
    let (contact, lists) = futures::join!(find_contact(api, &zone, connection, email), lists);
    if fetched && lists.is_some() {
        let entry = Cached {
            zone: zone.clone(),
            picklists: lists.clone(),
        };
        cache::write(key, &entry, now_ms);
    }
    let found = match contact? {
        ContactMatch::None => Found::NoContact,
        ContactMatch::Several => Found::SeveralContacts,
        ContactMatch::One(id) => {
            let (tickets, more) = tickets(api, &zone, connection, id, since).await?;
            let lists = lists.unwrap_or_default();
            Found::Tickets {
                rows: tickets
                    .iter()
                    .filter_map(|t| TicketRow::from_json(t, &lists, &zone))
                    .collect(),
                more,
            }
        }
    };
    Ok(Loaded { zone, found })
}
