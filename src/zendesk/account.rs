//! This account's deskset data (the installation's settings), its registration, the share
//! checks against a source account, and support access (`/api/v2/security_settings`).

use deskset_domain::share::{self, Registration, ShareProblem, ZendeskUrl};
use deskset_domain::support_access::{self, Grant};
use deskset_web::http::{Api, HttpError, Method, Request};
use serde_json::{json, Map, Value};

fn installation_url(id: u64) -> String {
    format!("/api/v2/apps/installations/{id}.json")
}

/// deskset's settings in this account, read fresh (`client.metadata()` keeps the values the app
/// started with). Secure settings are never among them.
pub async fn settings(api: &Api, installation_id: u64) -> Result<Map<String, Value>, HttpError> {
    let body = api
        .json(Request::get(installation_url(installation_id)))
        .await?;
    let inst = body.get("installation").unwrap_or(&body);
    inst.get("settings")
        .and_then(Value::as_object)
        .cloned()
        .ok_or_else(|| HttpError::Decode("no settings in the installation".into()))
}

/// deskset's settings as the screens share them.
pub type Settings = std::rc::Rc<Map<String, Value>>;

/// deskset's settings in the signed-in user's account (the session's installation).
pub async fn own_settings(
    session: Option<std::rc::Rc<deskset_web::session::Session>>,
) -> Result<Settings, HttpError> {
    let s = session.ok_or_else(|| HttpError::Network("no session".into()))?;
    let id = s
        .installation_id
        .ok_or_else(|| HttpError::Decode("no installation id".into()))?;
    settings(&s.api, id).await.map(std::rc::Rc::new)
}

/// Writes `changes` (only those settings: Zendesk keeps the others, secure ones included) and
/// returns the settings as Zendesk answers them.
pub async fn save(
    api: &Api,
    installation_id: u64,
    changes: Map<String, Value>,
) -> Result<Map<String, Value>, HttpError> {
    let request = Request {
        method: Method::Put,
        url: installation_url(installation_id),
        body: Some(json!({ "settings": changes })),
        headers: Vec::new(),
        secure: false,
    };
    let body = api.json(request).await?;
    let inst = body.get("installation").unwrap_or(&body);
    Ok(inst
        .get("settings")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default())
}

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

/// Whether the registration still holds: its admin's account as Zendesk answers it now.
pub async fn registration_state(
    api: &Api,
    registration: &Registration,
) -> Option<share::RegistrationState> {
    let id = registration.admin_id?;
    let (status, body) = answer(api, Request::get(format!("/api/v2/users/{id}.json"))).await?;
    share::registration_state(status, &body)
}

/// The checks of a new share, in order, through Zendesk's proxy with the typed credentials:
/// they work and are an admin's, deskset is installed and registered in the source, and the
/// user name is the admin who registered it.
pub async fn check_source(
    api: &Api,
    source: &ZendeskUrl,
    username: &str,
    token: &str,
) -> Result<Registration, ShareProblem> {
    let credentials = share::basic_credentials(username, token);
    let get = |path: &str| Request {
        method: Method::Get,
        url: source.api(path),
        body: None,
        headers: vec![("Authorization".into(), format!("Basic {credentials}"))],
        secure: false,
    };
    let (status, body) = answer(api, get("/api/v2/users/me.json"))
        .await
        .ok_or(ShareProblem::Unreachable)?;
    share::check_me(status, &body)?;
    let (status, body) = answer(api, get("/api/v2/apps/installations.json"))
        .await
        .ok_or(ShareProblem::Unreachable)?;
    let registration = share::check_installations(status, &body)?;
    share::check_name(&registration, username)?;
    Ok(registration)
}

/// A request to a share's source, its credentials filled in by Zendesk's proxy from the
/// share's secure slot.
pub fn source_request(source: &ZendeskUrl, slot: u8, path: &str) -> Request {
    Request {
        method: Method::Get,
        url: source.api(path),
        body: None,
        headers: vec![(
            "Authorization".into(),
            format!("Basic {{{{setting.{}}}}}", share::slot_setting(slot)),
        )],
        secure: true,
    }
}

/// Support access now (`GET /api/v2/security_settings`).
pub async fn support_access(api: &Api) -> Result<Value, HttpError> {
    api.json(Request::get("/api/v2/security_settings")).await
}

/// Grants support access for `grant`, or turns it off (`None`).
pub async fn set_support_access(api: &Api, grant: Option<Grant>) -> Result<Value, HttpError> {
    let request = Request {
        method: Method::Put,
        url: "/api/v2/security_settings".into(),
        body: Some(support_access::write_body(grant)),
        headers: Vec::new(),
        secure: false,
    };
    api.json(request).await
}

/// Why a share was not added: a refusal (the form's or the source's), or a failed read or write
/// of this account's settings.
#[derive(Debug, Clone, PartialEq)]
pub enum AddError {
    Refused(ShareProblem),
    Failed(HttpError),
}

/// Adds a share: the source's checks with the typed credentials, then, on settings read
/// afresh (another admin may have added or removed one meanwhile), the form's checks again, the
/// lowest free slot, the write, and a look at what Zendesk saved.
pub async fn add_share(
    session: &deskset_web::session::Session,
    id: u64,
    url: &str,
    username: &str,
    token: &str,
) -> Result<String, AddError> {
    let source = ZendeskUrl::parse(url).map_err(|p| AddError::Refused(ShareProblem::Url(p)))?;
    check_source(&session.api, &source, username, token)
        .await
        .map_err(AddError::Refused)?;
    let fresh = settings(&session.api, id).await.map_err(AddError::Failed)?;
    let shares = share::shares(fresh.get("shares"));
    share::check_form(url, username, token, &session.subdomain, &shares)
        .map_err(AddError::Refused)?;
    let slot = share::free_slot(&shares).ok_or(AddError::Refused(ShareProblem::TooMany))?;
    let mut changes = Map::new();
    changes.insert(
        share::slot_setting(slot),
        Value::String(share::basic_credentials(username, token)),
    );
    changes.insert(
        "shares".into(),
        share::add_share(
            &shares,
            slot,
            &source,
            username,
            &deskset_domain::time::iso8601((js_sys::Date::now() / 1000.0) as i64),
            session.user.email().unwrap_or_default(),
        ),
    );
    let saved = save(&session.api, id, changes)
        .await
        .map_err(AddError::Failed)?;
    let listed = share::shares(saved.get("shares"))
        .iter()
        .any(|s| s.get("source_url").and_then(Value::as_str) == Some(source.origin().as_str()));
    if !listed {
        return Err(AddError::Failed(HttpError::Decode(
            "the saved shares do not list the new one".into(),
        )));
    }
    Ok(source.origin())
}

/// Removes the share with `source` from settings read afresh, clearing the secure slots only it
/// held.
pub async fn remove_share(
    session: &deskset_web::session::Session,
    id: u64,
    source: &str,
) -> Result<(), HttpError> {
    let fresh = settings(&session.api, id).await?;
    let (setting, clear) = share::remove_share(&share::shares(fresh.get("shares")), source);
    let mut changes = Map::new();
    for n in clear {
        changes.insert(share::slot_setting(n), Value::String(String::new()));
    }
    changes.insert("shares".into(), setting);
    save(&session.api, id, changes).await.map(|_| ())
}
