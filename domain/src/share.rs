//! Sharing agreements (ARCHITECTURE.md, "The share flow"): the source account's URL, the checks
//! before a share is saved, each decided from the answer it got, the secure slots, and the
//! registration a source carries.

use serde_json::{json, Map, Value};

/// At most this many shares per account (secure slots `share_auth_1` .. `share_auth_10`).
pub const MAX_SHARES: usize = 10;

/// A Zendesk account's URL, always `https://<subdomain>.zendesk.com`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZendeskUrl {
    subdomain: String,
}

/// Why a text is not a Zendesk account's URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlProblem {
    Empty,
    /// `http://` or another scheme: only https reaches a Zendesk account.
    NotHttps,
    /// Not `<subdomain>.zendesk.com` (another domain, a deeper name, a port, credentials, ...).
    NotZendesk,
}

impl UrlProblem {
    pub fn i18n_key(self) -> &'static str {
        match self {
            UrlProblem::Empty => "share_errors.url_empty",
            UrlProblem::NotHttps => "share_errors.url_not_https",
            UrlProblem::NotZendesk => "share_errors.url_not_zendesk",
        }
    }
}

fn valid_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
        // Zendesk's own site, not an account.
        && label != "www"
}

impl ZendeskUrl {
    /// Reads what an admin typed: `acme`, `acme.zendesk.com`, `https://acme.zendesk.com/agent/tickets/1`
    /// all become `https://acme.zendesk.com`.
    pub fn parse(input: &str) -> Result<ZendeskUrl, UrlProblem> {
        let text = input.trim();
        if text.is_empty() {
            return Err(UrlProblem::Empty);
        }
        let rest = match text.find("://") {
            Some(i) => {
                if !text[..i].eq_ignore_ascii_case("https") {
                    return Err(UrlProblem::NotHttps);
                }
                &text[i + 3..]
            }
            None => text,
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..end];
        if authority.contains('@') {
            return Err(UrlProblem::NotZendesk);
        }
        let host = match authority.rsplit_once(':') {
            Some((host, "443")) => host,
            Some(_) => return Err(UrlProblem::NotZendesk),
            None => authority,
        };
        let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
        let subdomain = match host.strip_suffix(".zendesk.com") {
            Some(sub) => sub,
            // A bare name is a subdomain, but only when that is all there is.
            None if !host.contains('.') && end == rest.len() && rest.len() == text.len() => &host,
            None => return Err(UrlProblem::NotZendesk),
        };
        if !valid_label(subdomain) {
            return Err(UrlProblem::NotZendesk);
        }
        Ok(ZendeskUrl {
            subdomain: subdomain.to_string(),
        })
    }

    pub fn subdomain(&self) -> &str {
        &self.subdomain
    }

    /// `https://<subdomain>.zendesk.com`.
    pub fn origin(&self) -> String {
        format!("https://{}.zendesk.com", self.subdomain)
    }

    /// An API URL of this account: `path` like `/api/v2/users/me.json`.
    pub fn api(&self, path: &str) -> String {
        format!("{}/{}", self.origin(), path.trim_start_matches('/'))
    }
}

/// Why a share cannot be added: the form's own checks, then each check through the proxy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareProblem {
    Url(UrlProblem),
    UsernameRequired,
    TokenRequired,
    OwnAccount,
    AlreadyShared,
    TooMany,
    /// 401 from the source: a wrong user name or token, or token access is off there.
    CredentialsRejected,
    /// The user signed in but is not an admin of the source.
    NotAdmin,
    /// deskset is not installed (or is disabled) in the source.
    NotInstalled,
    /// deskset is installed in the source but nobody registered it.
    NotRegistered,
    /// The user name is not the admin who registered the source.
    NameMismatch,
    /// No such Zendesk account (404 on the source's URL).
    NoSuchAccount,
    /// Anything else the source answered (status), e.g. 429 or 5xx.
    Unexpected(u16),
    /// No answer from the source at all (network, timeout).
    Unreachable,
    /// The source did not let the API token create an access token (401 on the exchange).
    OAuthRefused,
    /// The source refused the exchange (403): OAuth clients and tokens are for its admins, and
    /// its security settings may not allow them.
    OAuthForbidden,
    /// The source refused the exchange's request (422), with Zendesk's words.
    OAuthInvalid(Option<String>),
}

impl ShareProblem {
    pub fn i18n_key(&self) -> &'static str {
        match self {
            ShareProblem::Url(p) => p.i18n_key(),
            ShareProblem::UsernameRequired => "share_errors.username_required",
            ShareProblem::TokenRequired => "share_errors.token_required",
            ShareProblem::OwnAccount => "share_errors.own_account",
            ShareProblem::AlreadyShared => "share_errors.already_shared",
            ShareProblem::TooMany => "share_errors.too_many",
            ShareProblem::CredentialsRejected => "share_errors.credentials_rejected",
            ShareProblem::NotAdmin => "share_errors.not_admin",
            ShareProblem::NotInstalled => "share_errors.not_installed",
            ShareProblem::NotRegistered => "share_errors.not_registered",
            ShareProblem::NameMismatch => "share_errors.name_mismatch",
            ShareProblem::NoSuchAccount => "share_errors.no_such_account",
            ShareProblem::Unexpected(_) => "share_errors.unexpected",
            ShareProblem::Unreachable => "share_errors.unreachable",
            ShareProblem::OAuthRefused => "share_errors.oauth_refused",
            ShareProblem::OAuthForbidden => "share_errors.oauth_forbidden",
            ShareProblem::OAuthInvalid(_) => "share_errors.oauth_invalid",
        }
    }

    /// Which form field the problem belongs next to (`None`: the form as a whole).
    pub fn field(&self) -> Option<&'static str> {
        match self {
            ShareProblem::Url(_)
            | ShareProblem::OwnAccount
            | ShareProblem::AlreadyShared
            | ShareProblem::NoSuchAccount
            | ShareProblem::NotInstalled
            | ShareProblem::NotRegistered => Some("url"),
            ShareProblem::UsernameRequired
            | ShareProblem::NotAdmin
            | ShareProblem::NameMismatch => Some("username"),
            ShareProblem::TokenRequired | ShareProblem::CredentialsRejected => Some("token"),
            ShareProblem::TooMany
            | ShareProblem::Unexpected(_)
            | ShareProblem::Unreachable
            | ShareProblem::OAuthRefused
            | ShareProblem::OAuthForbidden
            | ShareProblem::OAuthInvalid(_) => None,
        }
    }
}

/// A JSON setting as ZAF and the installations API hold it: text (settings are strings), or,
/// leniently, the JSON itself. Anything unreadable is `Null`.
pub fn json_setting(value: Option<&Value>) -> Value {
    match value {
        Some(Value::String(text)) if !text.trim().is_empty() => {
            serde_json::from_str(text).unwrap_or(Value::Null)
        }
        Some(Value::String(_)) | None => Value::Null,
        Some(other) => other.clone(),
    }
}

/// One share, as the target keeps it in the `shares` setting: the source, the admin who
/// registered it there, the secure slot that holds its credential, and the id of that
/// credential (an OAuth token) in the source. Fields this version does not know are kept, so a
/// read-modify-write never drops what another version wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    /// The secure slot (`share_auth_<slot>`); `None` for an entry without a usable one (it can
    /// still be removed).
    pub slot: Option<u8>,
    /// The source's URL as stored.
    pub source_url: String,
    /// The source account, when the stored URL is one.
    pub source: Option<ZendeskUrl>,
    /// The source admin's email (who registered it there).
    pub username: String,
    pub created_at: String,
    pub created_by: String,
    /// The OAuth token's id in the source (revoked on removal); `None` for shares made before.
    pub token_id: Option<u64>,
    /// Everything else the entry holds.
    pub rest: Map<String, Value>,
}

const SHARE_FIELDS: [&str; 6] = [
    "slot",
    "source_url",
    "username",
    "created_at",
    "created_by",
    "token_id",
];

impl Share {
    /// A new share of `source` in `slot`.
    pub fn new(
        slot: u8,
        source: &ZendeskUrl,
        username: &str,
        created_at: &str,
        created_by: &str,
        token_id: Option<u64>,
    ) -> Share {
        Share {
            slot: Some(slot),
            source_url: source.origin(),
            source: Some(source.clone()),
            username: username.trim().to_string(),
            created_at: created_at.to_string(),
            created_by: created_by.to_string(),
            token_id,
            rest: Map::new(),
        }
    }

    /// Reads one entry of the setting.
    pub fn from_json(entry: &Map<String, Value>) -> Share {
        let text = |k: &str| {
            entry
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let source_url = text("source_url");
        Share {
            slot: entry
                .get("slot")
                .and_then(Value::as_u64)
                .and_then(|n| u8::try_from(n).ok())
                .filter(|n| (1..=MAX_SHARES as u8).contains(n)),
            source: ZendeskUrl::parse(&source_url).ok(),
            source_url,
            username: text("username"),
            created_at: text("created_at"),
            created_by: text("created_by"),
            token_id: entry.get("token_id").and_then(Value::as_u64),
            rest: entry
                .iter()
                .filter(|(k, _)| !SHARE_FIELDS.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        }
    }

    /// The entry as stored (unknown fields kept; a slot or token id it never had stays out).
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        if let Some(slot) = self.slot {
            out.insert("slot".into(), json!(slot));
        }
        out.insert("source_url".into(), json!(self.source_url));
        out.insert("username".into(), json!(self.username));
        out.insert("created_at".into(), json!(self.created_at));
        out.insert("created_by".into(), json!(self.created_by));
        if let Some(id) = self.token_id {
            out.insert("token_id".into(), json!(id));
        }
        for (k, v) in &self.rest {
            out.insert(k.clone(), v.clone());
        }
        Value::Object(out)
    }

    /// Whether this is the share with the source `source_url` (any spelling of the account).
    pub fn is_source(&self, source_url: &str) -> bool {
        match (ZendeskUrl::parse(source_url).ok(), &self.source) {
            (Some(wanted), Some(mine)) => wanted == *mine,
            _ => self.source_url == source_url,
        }
    }
}

/// The `shares` setting's entries (objects only; unknown fields kept).
pub fn shares(setting: Option<&Value>) -> Vec<Share> {
    match json_setting(setting) {
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_object)
            .map(Share::from_json)
            .collect(),
        _ => Vec::new(),
    }
}

/// The `shares` setting for `list` (JSON text, as settings hold text).
pub fn shares_setting(list: &[Share]) -> Value {
    Value::String(Value::Array(list.iter().map(Share::to_json).collect()).to_string())
}

/// The checks the form makes before asking anyone: the fields, this account itself, a source
/// already shared, the limit.
pub fn check_form(
    url: &str,
    username: &str,
    token: &str,
    own_subdomain: &str,
    existing: &[Share],
) -> Result<ZendeskUrl, ShareProblem> {
    let url = ZendeskUrl::parse(url).map_err(ShareProblem::Url)?;
    if username.trim().is_empty() {
        return Err(ShareProblem::UsernameRequired);
    }
    if token.trim().is_empty() {
        return Err(ShareProblem::TokenRequired);
    }
    if url.subdomain.eq_ignore_ascii_case(own_subdomain.trim()) {
        return Err(ShareProblem::OwnAccount);
    }
    if existing.iter().any(|s| s.source.as_ref() == Some(&url)) {
        return Err(ShareProblem::AlreadyShared);
    }
    if is_full(existing) {
        return Err(ShareProblem::TooMany);
    }
    Ok(url)
}

/// Whether no share can be added: [`MAX_SHARES`] entries, or no free slot.
pub fn is_full(existing: &[Share]) -> bool {
    existing.len() >= MAX_SHARES || free_slot(existing).is_none()
}

/// The lowest slot (1..=10) no share uses.
pub fn free_slot(existing: &[Share]) -> Option<u8> {
    (1..=MAX_SHARES as u8).find(|n| !existing.iter().any(|s| s.slot == Some(*n)))
}

/// The secure setting that holds slot `n`'s credentials.
pub fn slot_setting(n: u8) -> String {
    format!("share_auth_{n}")
}

/// What goes after `Basic ` for a Zendesk API token: base64 of `{username}/token:{token}`.
pub fn basic_credentials(username: &str, token: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(format!(
        "{}/token:{}",
        username.trim(),
        token.trim()
    ))
}

fn status_problem(status: u16) -> ShareProblem {
    match status {
        401 => ShareProblem::CredentialsRejected,
        403 => ShareProblem::NotAdmin,
        404 => ShareProblem::NoSuchAccount,
        s => ShareProblem::Unexpected(s),
    }
}

/// Check 1, `GET source/api/v2/users/me.json`: the credentials work and the user is an admin;
/// the admin's id in the source. Zendesk answers an unknown token with an anonymous user (`id:
/// null`) rather than 401 in some cases: that is rejected credentials too.
pub fn check_me(status: u16, body: &Value) -> Result<u64, ShareProblem> {
    if !(200..300).contains(&status) {
        return Err(status_problem(status));
    }
    let user = &body["user"];
    let Some(id) = user.get("id").and_then(Value::as_u64) else {
        return Err(ShareProblem::CredentialsRejected);
    };
    match user.get("role").and_then(Value::as_str) {
        Some("admin") => Ok(id),
        _ => Err(ShareProblem::NotAdmin),
    }
}

/// Who registered an account with deskset (the `registration` setting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub admin_email: String,
    pub admin_id: Option<u64>,
    pub registered_at: Option<String>,
}

impl Registration {
    /// Reads the `registration` setting (JSON text); `None` when absent or unusable.
    pub fn read(setting: Option<&Value>) -> Option<Registration> {
        let v = json_setting(setting);
        let email = v.get("admin_email")?.as_str()?.trim();
        if email.is_empty() {
            return None;
        }
        Some(Registration {
            admin_email: email.to_string(),
            admin_id: v.get("admin_id").and_then(Value::as_u64),
            registered_at: v
                .get("registered_at")
                .and_then(Value::as_str)
                .map(str::to_string),
        })
    }

    /// The setting's value: JSON text, as settings hold text.
    pub fn to_setting(&self) -> Value {
        Value::String(
            json!({
                "admin_email": self.admin_email,
                "admin_id": self.admin_id,
                "registered_at": self.registered_at,
            })
            .to_string(),
        )
    }
}

/// deskset's installation among an account's installations: the one carrying a registration,
/// else the one Zendesk names "deskset" (`settings.name`, the installation's title).
pub fn deskset_installation(installations: &Value) -> Option<&Map<String, Value>> {
    let list = installations.get("installations")?.as_array()?;
    let objects = || list.iter().filter_map(Value::as_object);
    objects()
        .find(|i| {
            i.get("settings")
                .and_then(|s| s.get("registration"))
                .is_some_and(|r| !json_setting(Some(r)).is_null())
        })
        .or_else(|| {
            objects().find(|i| {
                i.get("settings")
                    .and_then(|s| s.get("name"))
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.trim().eq_ignore_ascii_case("deskset"))
            })
        })
}

/// Check 2, `GET source/api/v2/apps/installations.json`: deskset is installed, enabled and
/// registered there.
pub fn check_installations(status: u16, body: &Value) -> Result<Registration, ShareProblem> {
    if !(200..300).contains(&status) {
        return Err(status_problem(status));
    }
    let installation = deskset_installation(body).ok_or(ShareProblem::NotInstalled)?;
    if installation.get("enabled") == Some(&Value::Bool(false)) {
        return Err(ShareProblem::NotInstalled);
    }
    Registration::read(
        installation
            .get("settings")
            .and_then(|s| s.get("registration")),
    )
    .ok_or(ShareProblem::NotRegistered)
}

/// Check 3: the user name is the admin who registered the source (case-insensitive).
pub fn check_name(registration: &Registration, username: &str) -> Result<(), ShareProblem> {
    if registration
        .admin_email
        .eq_ignore_ascii_case(username.trim())
    {
        Ok(())
    } else {
        Err(ShareProblem::NameMismatch)
    }
}

/// The `shares` setting with `new` added (JSON text).
pub fn add_share(existing: &[Share], new: Share) -> Value {
    let mut all = existing.to_vec();
    all.push(new);
    shares_setting(&all)
}

/// What removing a share changes: the `shares` setting without the share(s) with the source
/// (JSON text; other entries untouched), the secure slots to clear (those the removed entries
/// held and no remaining entry uses), and the removed entries (whose tokens are revoked first).
/// By source, not slot: an entry without a slot can be removed too, and a slot another admin
/// meanwhile gave to a new share is never cleared.
#[derive(Debug, Clone, PartialEq)]
pub struct Removal {
    pub setting: Value,
    pub clear: Vec<u8>,
    pub removed: Vec<Share>,
}

/// The share(s) with `source_url` taken out of `existing` (see [`Removal`]).
pub fn remove_share(existing: &[Share], source_url: &str) -> Removal {
    let (removed, kept): (Vec<Share>, Vec<Share>) = existing
        .iter()
        .cloned()
        .partition(|s| s.is_source(source_url));
    let mut clear: Vec<u8> = removed
        .iter()
        .filter_map(|s| s.slot)
        .filter(|n| !kept.iter().any(|k| k.slot == Some(*n)))
        .collect();
    clear.sort_unstable();
    clear.dedup();
    Removal {
        setting: shares_setting(&kept),
        clear,
        removed,
    }
}

/// Whether this account's registration still holds, from `GET /api/v2/users/{admin_id}.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationState {
    Valid,
    /// The registering admin no longer exists (404) or is suspended.
    AdminGone,
    /// They exist but are no longer an admin.
    NoLongerAdmin,
}

pub fn registration_state(status: u16, body: &Value) -> Option<RegistrationState> {
    match status {
        404 => Some(RegistrationState::AdminGone),
        200..=299 => {
            let user = &body["user"];
            if user.get("active") == Some(&Value::Bool(false))
                || user.get("suspended") == Some(&Value::Bool(true))
            {
                Some(RegistrationState::AdminGone)
            } else if user.get("role").and_then(Value::as_str) == Some("admin") {
                Some(RegistrationState::Valid)
            } else {
                Some(RegistrationState::NoLongerAdmin)
            }
        }
        // Anything else says nothing about the registration.
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Result<String, UrlProblem> {
        ZendeskUrl::parse(s).map(|u| u.origin())
    }

    #[test]
    fn urls_normalise_to_the_account_origin() {
        for ok in [
            "acme",
            " ACME ",
            "acme.zendesk.com",
            "Acme.Zendesk.com.",
            "https://acme.zendesk.com",
            "HTTPS://acme.zendesk.com/",
            "https://acme.zendesk.com/agent/tickets/1",
            "https://acme.zendesk.com:443/hc?x=1#y",
            "acme.zendesk.com/agent",
        ] {
            assert_eq!(url(ok), Ok("https://acme.zendesk.com".into()), "{ok:?}");
        }
        assert_eq!(url("my-team2"), Ok("https://my-team2.zendesk.com".into()));
        for (bad, why) in [
            ("", UrlProblem::Empty),
            ("   ", UrlProblem::Empty),
            ("http://acme.zendesk.com", UrlProblem::NotHttps),
            ("ftp://acme.zendesk.com", UrlProblem::NotHttps),
            (
                "https://acme.zendesk.com.evil.example",
                UrlProblem::NotZendesk,
            ),
            (
                "https://evil.example/acme.zendesk.com",
                UrlProblem::NotZendesk,
            ),
            ("https://a.b.zendesk.com", UrlProblem::NotZendesk),
            ("https://zendesk.com", UrlProblem::NotZendesk),
            ("https://www.zendesk.com", UrlProblem::NotZendesk),
            ("https://user@acme.zendesk.com", UrlProblem::NotZendesk),
            ("https://acme.zendesk.com:8443", UrlProblem::NotZendesk),
            ("acme/agent", UrlProblem::NotZendesk),
            ("-acme", UrlProblem::NotZendesk),
            ("acme_co", UrlProblem::NotZendesk),
            ("acmé", UrlProblem::NotZendesk),
            ("acme.example", UrlProblem::NotZendesk),
        ] {
            assert_eq!(url(bad), Err(why), "{bad:?}");
        }
        let u = ZendeskUrl::parse("acme").unwrap();
        assert_eq!(
            u.api("/api/v2/users/me.json"),
            "https://acme.zendesk.com/api/v2/users/me.json"
        );
    }

    fn share(slot: u64, url: &str) -> Share {
        Share::from_json(
            json!({"slot": slot, "source_url": url, "username": "g@globex.example", "extra": [1]})
                .as_object()
                .unwrap(),
        )
    }

    #[test]
    fn the_form_refuses_before_asking_anyone() {
        let none: Vec<Share> = vec![];
        let ok = check_form("globex", "g@globex.example", "tok", "acme", &none);
        assert_eq!(
            ok.map(|u| u.origin()),
            Ok("https://globex.zendesk.com".into())
        );
        assert_eq!(
            check_form("http://globex.zendesk.com", "u", "t", "acme", &none),
            Err(ShareProblem::Url(UrlProblem::NotHttps))
        );
        assert_eq!(
            check_form("globex", " ", "t", "acme", &none),
            Err(ShareProblem::UsernameRequired)
        );
        assert_eq!(
            check_form("globex", "u", "", "acme", &none),
            Err(ShareProblem::TokenRequired)
        );
        assert_eq!(
            check_form("https://ACME.zendesk.com/agent", "u", "t", "acme", &none),
            Err(ShareProblem::OwnAccount)
        );
        let one = vec![share(1, "https://globex.zendesk.com")];
        assert_eq!(
            check_form("Globex.zendesk.com", "u", "t", "acme", &one),
            Err(ShareProblem::AlreadyShared)
        );
        let ten: Vec<_> = (1..=10)
            .map(|n| share(n, &format!("https://s{n}.zendesk.com")))
            .collect();
        assert_eq!(
            check_form("globex", "u", "t", "acme", &ten),
            Err(ShareProblem::TooMany)
        );
        assert_eq!(ShareProblem::TooMany.field(), None);
        assert_eq!(ShareProblem::NameMismatch.field(), Some("username"));
    }

    #[test]
    fn slots_are_the_lowest_free_one() {
        assert_eq!(free_slot(&[]), Some(1));
        let used = vec![
            share(1, "https://a.zendesk.com"),
            share(3, "https://b.zendesk.com"),
        ];
        assert_eq!(free_slot(&used), Some(2));
        let full: Vec<_> = (1..=10).map(|n| share(n, "x")).collect();
        assert_eq!(free_slot(&full), None);
        assert!(is_full(&full));
        assert!(!is_full(&used));
        // A share without a slot number does not block one.
        let odd = vec![Share::from_json(
            json!({"source_url": "x"}).as_object().unwrap(),
        )];
        assert_eq!(free_slot(&odd), Some(1));
        assert_eq!(slot_setting(10), "share_auth_10");
    }

    #[test]
    fn each_check_is_decided_from_its_answer() {
        let me = |role: &str| json!({"user": {"id": 5, "role": role, "email": "g@globex.example"}});
        assert_eq!(check_me(200, &me("admin")), Ok(5));
        assert_eq!(check_me(200, &me("agent")), Err(ShareProblem::NotAdmin));
        assert_eq!(
            check_me(200, &json!({"user": {"id": null, "role": "end-user"}})),
            Err(ShareProblem::CredentialsRejected)
        );
        assert_eq!(
            check_me(401, &json!({"error": "Couldn't authenticate you"})),
            Err(ShareProblem::CredentialsRejected)
        );
        assert_eq!(check_me(403, &json!({})), Err(ShareProblem::NotAdmin));
        assert_eq!(check_me(404, &json!({})), Err(ShareProblem::NoSuchAccount));
        assert_eq!(
            check_me(503, &json!({})),
            Err(ShareProblem::Unexpected(503))
        );

        let reg = r#"{"admin_email": "Greta@Globex.example", "admin_id": 9, "registered_at": "2026-01-02T03:04:05Z"}"#;
        let installs = |settings: Value, enabled: bool| {
            json!({"installations": [
                {"id": 1, "settings": {"name": "Other app"}, "enabled": true},
                {"id": 2, "settings": settings, "enabled": enabled},
            ]})
        };
        let found = check_installations(
            200,
            &installs(json!({"name": "deskset", "registration": reg}), true),
        )
        .unwrap();
        assert_eq!(found.admin_email, "Greta@Globex.example");
        assert_eq!(found.admin_id, Some(9));
        assert_eq!(check_name(&found, " greta@globex.EXAMPLE "), Ok(()));
        assert_eq!(
            check_name(&found, "gil@globex.example"),
            Err(ShareProblem::NameMismatch)
        );
        // Renamed installation: the registration identifies it.
        assert!(check_installations(
            200,
            &installs(json!({"name": "Our tools", "registration": reg}), true)
        )
        .is_ok());
        assert_eq!(
            check_installations(200, &installs(json!({"name": "deskset"}), true)),
            Err(ShareProblem::NotRegistered)
        );
        assert_eq!(
            check_installations(
                200,
                &installs(json!({"name": "deskset", "registration": ""}), true)
            ),
            Err(ShareProblem::NotRegistered)
        );
        assert_eq!(
            check_installations(
                200,
                &installs(json!({"name": "deskset", "registration": reg}), false)
            ),
            Err(ShareProblem::NotInstalled)
        );
        assert_eq!(
            check_installations(
                200,
                &json!({"installations": [{"settings": {"name": "Other"}}]})
            ),
            Err(ShareProblem::NotInstalled)
        );
        assert_eq!(
            check_installations(403, &json!({})),
            Err(ShareProblem::NotAdmin)
        );
    }

    #[test]
    fn shares_are_added_and_removed_keeping_unknown_fields() {
        let existing = vec![share(1, "https://a.zendesk.com")];
        let url = ZendeskUrl::parse("globex").unwrap();
        let added = add_share(
            &existing,
            Share::new(
                2,
                &url,
                " g@globex.example ",
                "2026-11-21T08:00:00Z",
                "ada@acme.example",
                Some(77),
            ),
        );
        let list = shares(Some(&added));
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].rest["extra"], json!([1]), "unknown fields survive");
        assert_eq!(list[0].token_id, None);
        assert_eq!(list[1].source_url, "https://globex.zendesk.com");
        assert_eq!(list[1].source, Some(url));
        assert_eq!(list[1].username, "g@globex.example");
        assert_eq!(list[1].token_id, Some(77));
        let removal = remove_share(&list, "a.zendesk.com");
        let left = shares(Some(&removal.setting));
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].slot, Some(2));
        assert_eq!(removal.clear, vec![1]);
        assert_eq!(removal.removed, vec![list[0].clone()]);
        // An entry without a slot is removed by its source; nothing to clear.
        let odd = vec![Share::from_json(
            json!({"source_url": "https://b.zendesk.com"})
                .as_object()
                .unwrap(),
        )];
        let removal = remove_share(&odd, "https://b.zendesk.com");
        assert!(shares(Some(&removal.setting)).is_empty());
        assert!(removal.clear.is_empty());
        // So is one whose URL is not an account's (removed by the text it holds).
        let broken = vec![Share::from_json(
            json!({"source_url": "not a url", "slot": 3})
                .as_object()
                .unwrap(),
        )];
        let removal = remove_share(&broken, "not a url");
        assert_eq!(removal.clear, vec![3]);
        // A slot that another entry holds now is not cleared.
        let reused = vec![
            share(4, "https://old.zendesk.com"),
            share(4, "https://new.zendesk.com"),
        ];
        let removal = remove_share(&reused, "https://old.zendesk.com");
        assert_eq!(shares(Some(&removal.setting)).len(), 1);
        assert!(removal.clear.is_empty(), "slot 4 belongs to the new share");
        assert!(shares(Some(&json!("not json"))).is_empty());
        assert!(shares(None).is_empty());
        assert_eq!(shares(Some(&json!([{"slot": 1}, 3]))).len(), 1);
        // A slot out of range is no slot.
        assert_eq!(shares(Some(&json!([{"slot": 11}])))[0].slot, None);
    }

    #[test]
    fn credentials_and_registration_round_trip() {
        assert_eq!(basic_credentials("a@b.c ", " t0k"), "YUBiLmMvdG9rZW46dDBr");
        let r = Registration {
            admin_email: "ada@acme.example".into(),
            admin_id: Some(1),
            registered_at: Some("2026-11-21T08:00:00Z".into()),
        };
        assert_eq!(Registration::read(Some(&r.to_setting())), Some(r));
        assert_eq!(Registration::read(Some(&json!(""))), None);
        assert_eq!(
            Registration::read(Some(&json!("{\"admin_email\": \" \"}"))),
            None
        );
        let user =
            |role: &str, active: bool| json!({"user": {"id": 1, "role": role, "active": active}});
        assert_eq!(
            registration_state(200, &user("admin", true)),
            Some(RegistrationState::Valid)
        );
        assert_eq!(
            registration_state(200, &user("agent", true)),
            Some(RegistrationState::NoLongerAdmin)
        );
        assert_eq!(
            registration_state(200, &user("admin", false)),
            Some(RegistrationState::AdminGone)
        );
        assert_eq!(
            registration_state(404, &json!({})),
            Some(RegistrationState::AdminGone)
        );
        assert_eq!(registration_state(500, &json!({})), None);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever is typed, parsing never panics, and what it accepts is stable: the origin
        /// parses back to itself.
        #[test]
        fn a_share_round_trips_with_its_unknown_fields(
            slot in proptest::option::of(1u64..=10),
            sub in "[a-z][a-z0-9]{0,10}",
            username in ".{0,20}",
            token_id in proptest::option::of(any::<u64>()),
            extra_key in "[a-z_]{1,8}",
            extra in ".{0,12}",
        ) {
            prop_assume!(!SHARE_FIELDS.contains(&extra_key.as_str()));
            let mut entry = json!({
                "source_url": format!("https://{sub}.zendesk.com"),
                "username": username.trim(),
                "created_at": "2026-01-01T00:00:00Z",
                "created_by": "ada@acme.example",
            });
            if let Some(slot) = slot { entry["slot"] = json!(slot); }
            if let Some(id) = token_id { entry["token_id"] = json!(id); }
            entry[&extra_key] = json!(extra);
            let once = shares(Some(&Value::String(json!([entry]).to_string())));
            let written = shares_setting(&once);
            let twice = shares(Some(&written));
            prop_assert_eq!(&once, &twice);
            let back: Value = serde_json::from_str(written.as_str().unwrap_or("")).unwrap_or(Value::Null);
            prop_assert_eq!(&back[0][&extra_key], &json!(extra));
            prop_assert_eq!(back[0].get("token_id").and_then(Value::as_u64), token_id);
        }

        #[test]
        fn parsing_never_panics_and_is_idempotent(input in ".{0,80}") {
            if let Ok(u) = ZendeskUrl::parse(&input) {
                let again = ZendeskUrl::parse(&u.origin()).unwrap();
                prop_assert_eq!(&again, &u);
                prop_assert!(u.origin().starts_with("https://"));
                prop_assert!(u.origin().ends_with(".zendesk.com"));
            }
        }

        /// Any valid subdomain, in any of the accepted spellings, gives the same account.
        #[test]
        fn every_spelling_of_an_account_is_that_account(
            sub in "[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?",
            path in "(/[a-z0-9]{1,8}){0,3}",
        ) {
            prop_assume!(sub != "www");
            let want = format!("https://{sub}.zendesk.com");
            for spelling in [
                sub.clone(),
                format!("{sub}.zendesk.com"),
                format!("https://{sub}.zendesk.com{path}"),
                format!("HTTPS://{}.ZENDESK.COM{path}", sub.to_uppercase()),
            ] {
                prop_assert_eq!(ZendeskUrl::parse(&spelling).map(|u| u.origin()), Ok(want.clone()));
            }
        }

        /// Anything not https, or on another domain, is refused.
        #[test]
        fn other_schemes_and_domains_are_refused(
            sub in "[a-z0-9]{1,10}",
            scheme in "(http|ftp|ws|javascript)",
            domain in "[a-z]{1,10}\\.(com|net|example)",
        ) {
            prop_assert_eq!(
                ZendeskUrl::parse(&format!("{scheme}://{sub}.zendesk.com")),
                Err(UrlProblem::NotHttps)
            );
            prop_assume!(domain != "zendesk.com");
            prop_assert_eq!(
                ZendeskUrl::parse(&format!("https://{sub}.{domain}")),
                Err(UrlProblem::NotZendesk)
            );
        }
    }
}
