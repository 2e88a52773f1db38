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
    Request::new(method, url).with_header("Authorization", format!("Basic {credentials}"))
}

/// A request to a saved share's source: its read-only token, filled in by Zendesk's proxy from
/// the share's secure slot.
pub fn source_request(source: &ZendeskUrl, slot: u8, method: Method, path: &str) -> Request {
    Request::new(method, source.api(path))
        .with_header("Authorization", oauth::slot_authorization(slot))
        .filled_by_proxy()
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
    let (status, body) = api
        .answer(get("/api/v2/users/me.json"))
        .await
        .ok_or(ShareProblem::Unreachable)?;
    let admin_id = share::check_me(status, &body)?;
    let (status, body) = api
        .answer(get("/api/v2/apps/installations.json"))
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
        // The list's links stay on the source's own host (its origin and a slash: not
        // `<origin>.example` nor `<origin>@elsewhere`), or the typed API token would follow them.
        if page.starts_with("https://") && !page.starts_with(&format!("{}/", source.origin())) {
            break;
        }
        let (status, body) = api
            .answer(with_token(source, &credentials, Method::Get, &page))
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
            let create = with_token(source, &credentials, Method::Post, oauth::CLIENTS_PATH)
                .with_body(oauth::client_body(own_subdomain, admin_id));
            let (status, body) = api.answer(create).await.ok_or(ShareProblem::Unreachable)?;
            if !(200..300).contains(&status) {
                return Err(oauth::exchange_problem(status, &body));
            }
            oauth::created_client(&body).ok_or(ShareProblem::Unexpected(status))?
        }
    };
    let create = with_token(source, &credentials, Method::Post, oauth::TOKENS_PATH)
        .with_body(oauth::token_body(client_id));
    let (status, body) = api.answer(create).await.ok_or(ShareProblem::Unreachable)?;
    if !(200..300).contains(&status) {
        return Err(oauth::exchange_problem(status, &body));
    }
    oauth::created_token(&body).ok_or(ShareProblem::Unexpected(status))
}

/// Revokes a token this flow holds in memory (a save that failed after the exchange), so that
/// nothing is left behind in the source. Best effort: the source's admin sees and can revoke
/// any token left.
async fn revoke_held(api: &Api, source: &ZendeskUrl, token: &NewToken) -> Revoked {
    let request = Request::new(Method::Delete, source.api(oauth::REVOKE_PATH))
        .with_header("Authorization", format!("Bearer {}", token.value));
    oauth::revoke_outcome(api.answer(request).await.map(|(status, _)| status))
}

/// Why a share was not added.
#[derive(Debug, Clone, PartialEq)]
pub enum AddError {
    /// A check refused it (the form's or the source's): nothing was stored, and a token the
    /// source had already made was revoked again.
    Refused(ShareProblem),
    /// Reading or writing this account's settings failed: nothing was stored, and the token the
    /// source had made was revoked again.
    Failed(StoreError),
    /// As [`AddError::Failed`], but the source could not revoke the token it had made: it is
    /// left there (its admin sees it under OAuth clients and can revoke it).
    TokenLeft(StoreError),
}

impl deskset_domain::http::Explain for AddError {
    fn i18n_key(&self) -> &'static str {
        match self {
            AddError::Refused(p) => p.i18n_key(),
            AddError::Failed(e) => e.i18n_key(),
            AddError::TokenLeft(_) => "account.token_left",
        }
    }

    fn detail(&self) -> Option<&str> {
        match self {
            AddError::Refused(ShareProblem::OAuthInvalid(words)) => words.as_deref(),
            AddError::Refused(_) => None,
            AddError::Failed(e) | AddError::TokenLeft(e) => e.detail(),
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
/// checks, the exchange for a read-only token; then, on settings read afresh just before the
/// write (another admin may have added or removed one meanwhile), the form's checks again, the
/// lowest free slot, the write, and a read of what Zendesk saved. Whatever stops it after the
/// exchange revokes the new token again. Returns the source's origin.
pub async fn add(
    api: &Api,
    store: &dyn SettingsStore,
    adder: Adder<'_>,
    on_screen: &[Share],
    form: NewShare,
) -> Result<String, AddError> {
    let check = |shares: &[Share]| {
        share::check_form(
            &form.url,
            &form.username,
            &form.token,
            adder.subdomain,
            shares,
        )
    };
    let source = check(on_screen).map_err(AddError::Refused)?;
    let (_, admin_id) = check_source(api, &source, &form.username, &form.token)
        .await
        .map_err(AddError::Refused)?;
    let token = exchange(
        api,
        &source,
        adder.subdomain,
        (&form.username, admin_id),
        &form.token,
    )
    .await
    .map_err(AddError::Refused)?;
    // From here on the source holds a token: a failure revokes it again.
    let undo = |why: AddError| async {
        match (revoke_held(api, &source, &token).await, why) {
            (Revoked::NotRevoked, AddError::Failed(e)) => AddError::TokenLeft(e),
            (_, why) => why,
        }
    };
    let shares = match store.read().await {
        Ok(fresh) => share::shares(fresh.get("shares")),
        Err(e) => return Err(undo(AddError::Failed(e)).await),
    };
    if let Err(problem) = check(&shares) {
        return Err(undo(AddError::Refused(problem)).await);
    }
    let Some(slot) = share::free_slot(&shares) else {
        return Err(undo(AddError::Refused(ShareProblem::TooMany)).await);
    };
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
    if let Err(e) = store.write(changes).await {
        return Err(undo(AddError::Failed(e)).await);
    }
    // What Zendesk saved, read back (ZAF's metadata is cached; the PUT's answer is not documented).
    let saved = store
        .read()
        .await
        .map(|s| share::shares(s.get("shares")))
        .map_err(AddError::Failed)?;
    let ours = |s: &Share| s.source.as_ref() == Some(&source) && s.slot == Some(slot);
    if !saved.iter().any(ours) {
        // Not saved after all: the slot's token is this one only if no entry holds the slot.
        if !saved.iter().any(|s| s.slot == Some(slot)) {
            let mut clear = Map::new();
            clear.insert(share::slot_setting(slot), Value::String(String::new()));
            let _ = store.write(clear).await;
        }
        return Err(undo(AddError::Failed(StoreError::Http(HttpError::Decode(
            "the saved shares do not list the new one".into(),
        ))))
        .await);
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
        let status = api.answer(request).await.map(|(status, _)| status);
        let mut result = oauth::revoke_outcome(status);
        if result == Revoked::Revoked {
            // Believed once the token no longer signs in (see oauth::verified).
            let check = source_request(source, slot, Method::Get, oauth::REVOKE_PATH);
            let status = api.answer(check).await.map(|(status, _)| status);
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
