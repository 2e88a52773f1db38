//! Typed Autotask REST calls, over [`deskset_web::http::Api`] (so through Zendesk's proxy). The secret
//! and an own integration code travel only as `{{setting.NAME}}` placeholders that the proxy
//! fills in (`secure: true`); the browser never holds them.

pub mod cache;

use deskset_domain::autotask::{
    self, contact_query, match_contact, page, ticket_query, window_start, ContactMatch, Picklists,
    Trouble, Zone, MAX_PAGES,
};
pub use deskset_domain::autotask::{AutotaskError, Found, Loaded};
use deskset_domain::retry::RetryPolicy;
use deskset_domain::tile::{cache_key, Cached, IntegrationCode, TicketRow, TileSettings};
use deskset_web::http::{Api, Method, Request};
use serde_json::Value;

/// deskset's vendor integration code (Autotask's API tracking identifier of a registered
/// integration vendor), given at build time as `DESKSET_AUTOTASK_INTEGRATION_CODE`. deskset has
/// no vendor registration yet, so builds have none, and the tile then needs the admin's own code.
pub const BUILT_IN_CODE: Option<&str> = option_env!("DESKSET_AUTOTASK_INTEGRATION_CODE");

/// What every call after the zone lookup authenticates with.
#[derive(Debug, Clone, PartialEq)]
pub struct Connection {
    /// The API user's username (also what finds the zone).
    pub username: String,
    /// The integration code to send.
    pub code: IntegrationCode,
}

impl Connection {
    fn headers(&self) -> Vec<(String, String)> {
        vec![
            ("ApiIntegrationCode".into(), self.code.header()),
            ("UserName".into(), self.username.trim().to_string()),
            ("Secret".into(), "{{setting.autotask_secret}}".into()),
        ]
    }

    fn request(&self, method: Method, url: String, body: Option<Value>) -> Request {
        let mut request = Request::new(method, url).filled_by_proxy();
        request.headers = self.headers();
        request.body = body;
        request
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

/// The contact's tickets with activity in the last `days` before `now_ms`, newest first,
/// following `nextPageUrl` (on the zone's host only) for at most [`MAX_PAGES`] pages; `true`
/// when there were more. Autotask pages by ascending id, so when the window holds more than the
/// pages can, the tile counts them and asks again for a window narrowed to fit: the newest
/// tickets, not the oldest. One request at a time: never two in flight to one endpoint.
pub async fn tickets(
    api: &Api,
    zone: &Zone,
    connection: &Connection,
    contact_id: u64,
    now_ms: i64,
    days: u32,
) -> Result<(Vec<Value>, bool), AutotaskError> {
    let query = |since: &str| {
        connection.request(
            Method::Post,
            zone.api("Tickets/query"),
            Some(ticket_query(contact_id, since)),
        )
    };
    let since = window_start(now_ms, days);
    let (mut all, mut next) = page(&api.json(query(&since)).await?);
    let mut more = false;
    if next.is_some() {
        let count = |since: String| async move {
            let request = connection.request(
                Method::Post,
                zone.api("Tickets/query/count"),
                Some(ticket_query(contact_id, &since)),
            );
            api.json(request)
                .await
                .map(|body| autotask::query_count(&body).unwrap_or(0))
        };
        // Tickets are rarely spread evenly: narrow until the count fits (a few tries at most).
        let mut window = days;
        let mut n = count(since.clone()).await?;
        for _ in 0..4 {
            let narrower = autotask::narrowed_days(window, n);
            if narrower >= window {
                break;
            }
            window = narrower;
            n = count(window_start(now_ms, window)).await?;
        }
        if window < days {
            more = true;
            (all, next) = page(&api.json(query(&window_start(now_ms, window))).await?);
        }
    }
    let mut pages = 1;
    while let Some(url) = next.take().filter(|u| zone.owns(u)) {
        if pages >= MAX_PAGES {
            more = true;
            break;
        }
        let (items, after) = page(&api.json(connection.request(Method::Get, url, None)).await?);
        all.extend(items);
        next = after;
        pages += 1;
    }
    Ok((autotask::newest_first(all), more))
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

/// Everything the tile shows for `email`. The zone and picklists come from the cache when they
/// are fresh, and so does the contact found for this email in the last
/// [`CONTACT_TTL_MS`](deskset_domain::tile::CONTACT_TTL_MS): a warm load is then one request
/// (the tickets), Refresh included. Without a remembered contact it is two (contact, tickets);
/// a cold load also looks up the zone first and reads the picklists next to the tickets (four).
/// Autotask's tickets query says nothing about a contact deactivated, deleted or whose email
/// changed (autotask-api.md and the spec give no signal: tickets keep their `contactID`), so a
/// remembered contact whose tickets query answers none is looked up again at once, and its
/// tickets read again if the email now finds another contact: a gone contact cannot keep
/// showing "no tickets" (one or two requests more, only then). One with tickets is trusted until
/// its time is up. A 401 in a zone that worked before may mean the tenant moved: the zone is
/// looked up again, once, and used if it changed. A refused secret or integration code is
/// believed for a while without asking again (every ask is a bad login, and bad logins lock API
/// users), unless `refresh` (the person clicked Refresh). When Autotask is busy (its thread
/// threshold) the load waits and tries again twice before saying so.
pub async fn load(
    api: &Api,
    settings: &TileSettings,
    email: &str,
    now_ms: i64,
    refresh: bool,
) -> Result<Loaded, AutotaskError> {
    // Autotask's 429 is its hourly threshold: no point in the Zendesk client's long waits.
    let api = &api.clone().with_policy(RetryPolicy {
        max_retries: 0,
        ..RetryPolicy::default()
    });
    let connection = Connection {
        username: settings.username.clone(),
        code: settings.code.clone(),
    };
    let key = cache_key(&settings.username);
    let mut attempt = 1;
    loop {
        let cached = cache::read(&key, now_ms);
        if let Some(trouble) = cached.as_ref().and_then(|c| c.recent_refusal(now_ms)) {
            if !refresh || attempt > 1 {
                return Err(AutotaskError::Trouble(trouble));
            }
        }
        let result = load_once(
            api,
            &connection,
            cached,
            email,
            settings.window_days,
            &key,
            now_ms,
        )
        .await;
        match result {
            Err(AutotaskError::Trouble(Trouble::Throttled)) => {
                let jitter = (js_sys::Math::random() * 400.0) as u64;
                let Some(wait) = autotask::throttle_wait_ms(attempt, jitter) else {
                    return Err(AutotaskError::Trouble(Trouble::Throttled));
                };
                api.sleep(std::time::Duration::from_millis(wait)).await;
                attempt += 1;
            }
            Err(AutotaskError::Trouble(
                t @ (Trouble::WrongSecret | Trouble::BadIntegrationCode),
            )) => {
                if let Some(mut entry) = cache::read(&key, now_ms) {
                    entry.refused = Some((t, now_ms));
                    cache::write(&key, &entry);
                }
                return Err(AutotaskError::Trouble(t));
            }
            other => return other,
        }
    }
}

async fn load_once(
    api: &Api,
    connection: &Connection,
    cached: Option<Cached>,
    email: &str,
    days: u32,
    key: &str,
    now_ms: i64,
) -> Result<Loaded, AutotaskError> {
    let entry = match cached {
        Some(c) => c,
        None => {
            let entry = Cached::new(find_zone(api, &connection.username).await?, now_ms);
            // Kept at once: a retry after Autotask was busy need not look it up again.
            cache::write(key, &entry);
            entry
        }
    };
    match attempt(api, connection, entry.clone(), email, days, key, now_ms).await {
        Err(AutotaskError::Trouble(Trouble::WrongSecret)) if entry.confirmed => {
            // The zone worked before: perhaps the tenant moved. Ask once where it is now.
            let zone = find_zone(api, &connection.username).await?;
            if zone == entry.zone {
                return Err(AutotaskError::Trouble(Trouble::WrongSecret));
            }
            // Another zone: nothing known in the old one is kept (its contacts included).
            let fresh = Cached::new(zone, now_ms);
            cache::write(key, &fresh);
            attempt(api, connection, fresh, email, days, key, now_ms).await
        }
        other => other,
    }
}

async fn attempt(
    api: &Api,
    connection: &Connection,
    mut entry: Cached,
    email: &str,
    days: u32,
    key: &str,
    now_ms: i64,
) -> Result<Loaded, AutotaskError> {
    let zone = entry.zone.clone();
    let lookup = Lookup {
        api,
        zone: &zone,
        connection,
        email,
        days,
        now_ms,
    };
    let mut changed = !entry.confirmed || entry.refused.is_some();
    let remembered = entry.contact_for(email, now_ms);
    let mut contact = match remembered {
        Some(id) => ContactMatch::One(id),
        None => lookup.contact(&mut entry, &mut changed).await?,
    };
    let mut recheck = remembered.is_some();
    let found = loop {
        let found = lookup.found(&mut entry, &mut changed, contact).await?;
        if recheck && matches!(&found, Found::Tickets { rows, more: false } if rows.is_empty()) {
            // No tickets for a remembered contact: Autotask answers so for a contact that is gone
            // too. Ask who the email is now, once; another contact's tickets are read.
            recheck = false;
            let now = lookup.contact(&mut entry, &mut changed).await?;
            if now != contact {
                contact = now;
                continue;
            }
        }
        break found;
    };
    // The credentials work in this zone.
    entry.confirmed = true;
    entry.refused = None;
    if changed {
        cache::write(key, &entry);
    }
    Ok(Loaded { zone, found })
}

/// One attempt's calls for one person, in one zone.
struct Lookup<'a> {
    api: &'a Api,
    zone: &'a Zone,
    connection: &'a Connection,
    email: &'a str,
    days: u32,
    now_ms: i64,
}

impl Lookup<'_> {
    /// The email's contact, remembered in `entry` when there is exactly one (forgotten else).
    async fn contact(
        &self,
        entry: &mut Cached,
        changed: &mut bool,
    ) -> Result<ContactMatch, AutotaskError> {
        let contact = find_contact(self.api, self.zone, self.connection, self.email).await?;
        match contact {
            ContactMatch::One(id) => {
                entry.remember_contact(self.email, id, self.now_ms);
                *changed = true;
            }
            ContactMatch::None | ContactMatch::Several => {
                *changed |= entry.forget_contact(self.email);
            }
        }
        Ok(contact)
    }

    /// What the tile shows for `contact`: its tickets, labelled with the picklists (read next
    /// to the tickets when `entry` has none yet).
    async fn found(
        &self,
        entry: &mut Cached,
        changed: &mut bool,
        contact: ContactMatch,
    ) -> Result<Found, AutotaskError> {
        let id = match contact {
            ContactMatch::None => return Ok(Found::NoContact),
            ContactMatch::Several => return Ok(Found::SeveralContacts),
            ContactMatch::One(id) => id,
        };
        let (api, zone, connection) = (self.api, self.zone, self.connection);
        let known = entry.picklists.clone();
        let lists = async {
            match known {
                Some(lists) => Some(lists),
                // Labels are a nicety: without them the tile shows the raw values.
                None => ticket_picklists(api, zone, connection).await.ok(),
            }
        };
        let (tickets, lists) = futures::join!(
            tickets(api, zone, connection, id, self.now_ms, self.days),
            lists
        );
        if entry.picklists.is_none() && lists.is_some() {
            entry.picklists = lists.clone();
            *changed = true;
        }
        let (tickets, more) = tickets?;
        let lists = lists.unwrap_or_default();
        Ok(Found::Tickets {
            rows: tickets
                .iter()
                .filter_map(|t| TicketRow::from_json(t, &lists, zone))
                .collect(),
            more,
        })
    }
}
