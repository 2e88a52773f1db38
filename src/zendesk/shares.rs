//! Sharing agreements (ARCHITECTURE.md, the share flow): the checks of a new share's source
//! through Zendesk's proxy, the exchange of the typed API token for a read-only OAuth token in
//! the source, the write of the slot and the entry, and removal (revoke first).
//!
//! The typed API token is used for the checks and the exchange only: it is held in memory for
//! the length of [`add`] and never stored, shown or logged. What the share keeps is the
//! read-only token, in its secure slot, sent as `Bearer {{setting.share_auth_N}}`.

use deskset_domain::oauth::{self, NewToken, Revoked};
use deskset_domain::share::{self, Registration, Share, ShareProblem, ZendeskUrl};
use deskset_web::http::{Api, HttpError, Method, Request};
use deskset_web::store::{SettingsStore, StoreError};
use serde_json::{Map, Value};

/// At most this many pages of a source's OAuth clients are searched for this target's client.
const CLIENT_PAGES: usize = 10;

/// A status and body, whether the call succeeded or not (`None`: no answer at all).
async fn answer(api: &Api, request: Request) -> Option<(u16, Value)> {
    match api.send(request).await {
        Ok(response) => Some((
            response.status,
            serde_json::from_str(&response.body).unwrap_or(Value::Null),
        )),
        Err(HttpError::Status { status, body, .. }) => Some((status, body)),
        Err(_) => None,
    }
}

/// A request to `source` with the typed credentials (Basic, API token): for the checks and the
/// exchange only.
fn with_token(
    source: &ZendeskUrl,
    credentials: &str,
    method: Method,
    path_or_url: &str,
) -> Request {
    let url = if path_or_url.starts_with("https://") {
        path_or_url.to_string()
    } else {
        source.api(path_or_url)
    };
    Request {
        method,
        url,
        body: None,
        headers: vec![("Authorization".into(), format!("Basic {credentials}"))],
        secure: false,
    }
}

/// A request to a saved share's source: its read-only token, filled in by Zendesk's proxy from
/// the share's secure slot.
pub fn source_request(source: &ZendeskUrl, slot: u8, method: Method, path: &str) -> Request {
    Request {
        method,
        url: source.api(path),
        body: None,
        headers: vec![("Authorization".into(), oauth::slot_authorization(slot))],
        secure: true,
    }
}

/// The checks of a new share, in order: the credentials work and are an admin's, deskset is
/// installed and registered in the source, and the user name is the admin who registered it.
/// Returns the registration and the admin's id in the source.
pub async fn check_source(
    api: &Api,
    source: &ZendeskUrl,
    username: &str,
    token: &str,
) -> Result<(Registration, u64), ShareProblem> {
    let credentials = share::basic_credentials(username, token);
    let get = |path: &str| with_token(source, &credentials, Method::Get, path);
    let (status, body) = answer(api, get("/api/v2/users/me.json"))
        .await
        .ok_or(ShareProblem::Unreachable)?;
    let admin_id = share::check_me(status, &body)?;
    let (status, body) = answer(api, get("/api/v2/apps/installations.json"))
        .await
        .ok_or(ShareProblem::Unreachable)?;
    let registration = share::check_installations(status, &body)?;
    share::check_name(&registration, username)?;
    Ok((registration, admin_id))
}

/// Exchanges the typed API token of the source's admin `admin_id` for a read-only OAuth token
/// in the source: this target's client (reused if it made one before, else created), then a
/// token with `scopes: ["read"]`.
pub async fn exchange(
    api: &Api,
    source: &ZendeskUrl,
    own_subdomain: &str,
    (username, admin_id): (&str, u64),
    token: &str,
) -> Result<NewToken, ShareProblem> {
    let credentials = share::basic_credentials(username, token);
    let identifier = oauth::client_identifier(own_subdomain);
    let mut client = None;
    let mut next = Some(oauth::CLIENTS_LIST_PATH.to_string());
    for _ in 0..CLIENT_PAGES {
        let Some(page) = next.take() else { break };
        // The list's links stay on the source's own host.
        if page.starts_with("https://") && !page.starts_with(&source.origin()) {
            break;
        }
        let (status, body) = answer(api, with_token(source, &credentials, Method::Get, &page))
            .await
            .ok_or(ShareProblem::Unreachable)?;
        if !(200..300).contains(&status) {
            return Err(oauth::exchange_problem(status, &body));
        }
        let (found, after) = oauth::find_client(&body, &identifier);
        client = found;
        if client.is_some() {
            break;
        }
        next = after;
    }
    let client_id = match client {
        Some(id) => id,
        None => {
            let mut create = with_token(source, &credentials, Method::Post, oauth::CLIENTS_PATH);
            create.body = Some(oauth::client_body(own_subdomain, admin_id));
            let (status, body) = answer(api, create).await.ok_or(ShareProblem::Unreachable)?;
            if !(200..300).contains(&status) {
                return Err(oauth::exchange_problem(status, &body));
            }
            oauth::created_client(&body).ok_or(ShareProblem::OAuthRefused)?
        }
    };
    let mut create = with_token(source, &credentials, Method::Post, oauth::TOKENS_PATH);
    create.body = Some(oauth::token_body(client_id));
    let (status, body) = answer(api, create).await.ok_or(ShareProblem::Unreachable)?;
    if !(200..300).contains(&status) {
        return Err(oauth::exchange_problem(status, &body));
    }
    oauth::created_token(&body).ok_or(ShareProblem::OAuthRefused)
}

/// Revokes a token this flow holds in memory (a save that failed after the exchange), so that
/// nothing is left behind in the source. Best effort: the source's admin sees and can revoke
/// any token left.
async fn revoke_held(api: &Api, source: &ZendeskUrl, token: &NewToken) -> Revoked {
    let request = Request {
        method: Method::Delete,
        url: source.api(oauth::REVOKE_PATH),
        body: None,
        headers: vec![("Authorization".into(), format!("Bearer {}", token.value))],
        secure: false,
    };
    oauth::revoke_outcome(answer(api, request).await.map(|(status, _)| status))
}

/// Why a share was not added.
#[derive(Debug, Clone, PartialEq)]
pub enum AddError {
    /// A check refused it (the form's or the source's): nothing was asked or stored.
    Refused(ShareProblem),
    /// Reading or writing this account's settings failed: nothing was stored (a token the
    /// source had already made was revoked again).
    Failed(StoreError),
}

impl deskset_domain::http::Explain for AddError {
    fn i18n_key(&self) -> &'static str {
        match self {
            AddError::Refused(p) => p.i18n_key(),
            AddError::Failed(e) => e.i18n_key(),
        }
    }

    fn detail(&self) -> Option<&str> {
        match self {
            AddError::Refused(ShareProblem::OAuthInvalid(words)) => words.as_deref(),
            AddError::Refused(_) => None,
            AddError::Failed(e) => e.detail(),
        }
    }
}

/// What the admin typed into the form. The API token lives here for one add, in memory only.
#[derive(Clone, PartialEq)]
pub struct NewShare {
    pub url: String,
    pub username: String,
    pub token: String,
}

impl std::fmt::Debug for NewShare {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewShare")
            .field("url", &self.url)
            .field("username", &self.username)
            .field("token", &"<redacted>")
            .finish()
    }
}

/// Who adds the share and when.
pub struct Adder<'a> {
    /// This account's subdomain (a share of itself is refused; names the OAuth client).
    pub subdomain: &'a str,
    /// The admin's email, kept as `created_by`.
    pub email: &'a str,
    /// Now, ISO 8601.
    pub now: String,
}

/// Adds a share: the form's checks on the shares on screen (no request for a typo), the source's
/// checks, the exchange for a read-only token, then, on settings read afresh (another admin may
/// have added or removed one meanwhile), the form's checks again, the lowest free slot, the
/// write, and a look at what Zendesk saved. Returns the source's origin.
pub async fn add(
    api: &Api,
    store: &dyn SettingsStore,
    adder: Adder<'_>,
    on_screen: &[Share],
    form: NewShare,
) -> Result<String, AddError> {
    let refused = AddError::Refused;
    let source = share::check_form(
        &form.url,
        &form.username,
        &form.token,
        adder.subdomain,
        on_screen,
    )
    .map_err(refused)?;
    let (_, admin_id) = check_source(api, &source, &form.username, &form.token)
        .await
        .map_err(refused)?;
    let fresh = store.read().await.map_err(AddError::Failed)?;
    let shares = share::shares(fresh.get("shares"));
    share::check_form(
        &form.url,
        &form.username,
        &form.token,
        adder.subdomain,
        &shares,
    )
    .map_err(refused)?;
    let slot = share::free_slot(&shares).ok_or(AddError::Refused(ShareProblem::TooMany))?;
    let token = exchange(
        api,
        &source,
        adder.subdomain,
        (&form.username, admin_id),
        &form.token,
    )
    .await
    .map_err(refused)?;
    let entry = Share::new(
        slot,
        &source,
        &form.username,
        &adder.now,
        adder.email,
        Some(token.id),
    );
    let mut changes = Map::new();
    changes.insert(
        share::slot_setting(slot),
        Value::String(token.value.clone()),
    );
    changes.insert("shares".into(), share::add_share(&shares, entry));
    let saved = match store.write(changes).await {
        Ok(saved) => saved,
        Err(e) => {
            revoke_held(api, &source, &token).await;
            return Err(AddError::Failed(e));
        }
    };
    if !share::shares(saved.get("shares"))
        .iter()
        .any(|s| s.source.as_ref() == Some(&source))
    {
        return Err(AddError::Failed(StoreError::Http(HttpError::Decode(
            "the saved shares do not list the new one".into(),
        ))));
    }
    Ok(source.origin())
}

/// Removes the share with `source_url` from settings read afresh: revokes its token in the
/// source first (with the token itself, from its slot), then clears the secure slots only it
/// held and writes the shares without it. An unreachable or refusing source does not stop the
/// removal: the answer says the token was not revoked.
pub async fn remove(
    api: &Api,
    store: &dyn SettingsStore,
    source_url: &str,
) -> Result<Revoked, StoreError> {
    let fresh = store.read().await?;
    let removal = share::remove_share(&share::shares(fresh.get("shares")), source_url);
    let mut outcome = Revoked::AlreadyGone;
    for gone in &removal.removed {
        let (Some(source), Some(slot)) = (&gone.source, gone.slot) else {
            continue;
        };
        // A slot another share holds now belongs to that share: its token is not this one's.
        if !removal.clear.contains(&slot) {
            continue;
        }
        let request = source_request(source, slot, Method::Delete, oauth::REVOKE_PATH);
        let status = answer(api, request).await.map(|(status, _)| status);
        let mut result = oauth::revoke_outcome(status);
        if result == Revoked::Revoked {
            // Believed once the token no longer signs in (see oauth::verified).
            let check = source_request(source, slot, Method::Get, oauth::REVOKE_PATH);
            let status = answer(api, check).await.map(|(status, _)| status);
            result = oauth::verified(result, status);
        }
        match result {
            Revoked::NotRevoked => outcome = Revoked::NotRevoked,
            Revoked::Revoked if outcome != Revoked::NotRevoked => outcome = Revoked::Revoked,
            _ => {}
        }
    }
    let mut changes = Map::new();
    for n in &removal.clear {
        changes.insert(share::slot_setting(*n), Value::String(String::new()));
    }
    changes.insert("shares".into(), removal.setting);
    store.write(changes).await?;
    Ok(outcome)
}
