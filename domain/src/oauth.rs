//! The least-privilege credential a share keeps (ARCHITECTURE.md, the share flow, steps 5-7): the
//! typed API token is exchanged, in the source and with the token itself, for a read-only OAuth
//! access token (`POST /api/v2/oauth/clients` once per source, then `POST /api/v2/oauth/tokens`
//! with `scopes: ["read"]`), which the target keeps in the share's secure slot and sends as
//! `Authorization: Bearer`. Removing the share revokes it in the source first.

use crate::share::{slot_setting, ShareProblem};
use serde_json::{json, Value};

/// What a share's token may do: read only (deploying reads the source, nothing more).
pub const SCOPES: [&str; 1] = ["read"];

/// The path that lists and creates OAuth clients (the list asked in pages of 100).
pub const CLIENTS_PATH: &str = "/api/v2/oauth/clients.json";
/// The first page of the clients list.
pub const CLIENTS_LIST_PATH: &str = "/api/v2/oauth/clients.json?page[size]=100";
/// The path that creates OAuth tokens.
pub const TOKENS_PATH: &str = "/api/v2/oauth/tokens.json";
/// The path that revokes the token sent with the request.
pub const REVOKE_PATH: &str = "/api/v2/oauth/tokens/current.json";

/// The unique identifier of the OAuth client a target makes in a source (one per target, reused
/// by its later shares of that source).
pub fn client_identifier(target_subdomain: &str) -> String {
    format!("deskset_share_{}", target_subdomain.trim())
}

/// `POST source/api/v2/oauth/clients` body for `target_subdomain`, made by the source's admin
/// `user_id` (the spec's `OAuthClientObject` requires it).
pub fn client_body(target_subdomain: &str, user_id: u64) -> Value {
    let target = target_subdomain.trim();
    json!({"client": {
        "user_id": user_id,
        "name": format!("deskset share with {target}"),
        "identifier": client_identifier(target),
        "kind": "confidential",
        "company": "deskset",
        "description": format!(
            "Read-only access for deskset in {target}.zendesk.com, made when an admin there added this account as a share. Revoke its token to end the share."
        ),
    }})
}

/// The id of the client `identifier` in a page of `GET /api/v2/oauth/clients`, and the next
/// page's URL while there are more (cursor `links.next` with `meta.has_more`, or offset
/// `next_page`).
pub fn find_client(page: &Value, identifier: &str) -> (Option<u64>, Option<String>) {
    let found = page
        .get("clients")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|c| {
            c.get("identifier")
                .and_then(Value::as_str)
                .is_some_and(|i| i.eq_ignore_ascii_case(identifier))
        })
        .and_then(|c| c.get("id").and_then(Value::as_u64));
    let next = match page.get("meta").and_then(|m| m.get("has_more")) {
        Some(Value::Bool(true)) => page
            .get("links")
            .and_then(|l| l.get("next"))
            .and_then(Value::as_str),
        Some(_) => None,
        None => page.get("next_page").and_then(Value::as_str),
    };
    (found, next.map(str::to_string))
}

/// The id of the client in a `POST /api/v2/oauth/clients` answer.
pub fn created_client(body: &Value) -> Option<u64> {
    body.get("client")?.get("id")?.as_u64()
}

/// `POST source/api/v2/oauth/tokens` body: a read-only token of client `client_id`.
pub fn token_body(client_id: u64) -> Value {
    json!({"token": {"client_id": client_id, "scopes": SCOPES}})
}

/// A token just created: its id and the access token in full (the only time the source shows
/// it).
#[derive(Clone, PartialEq, Eq)]
pub struct NewToken {
    pub id: u64,
    pub value: String,
}

impl std::fmt::Debug for NewToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The value is a credential: never in a log.
        f.debug_struct("NewToken")
            .field("id", &self.id)
            .field("value", &"<redacted>")
            .finish()
    }
}

/// The new token in a `POST /api/v2/oauth/tokens` answer. The OAS names the access token
/// `token`; Zendesk's own answers also carry it as `full_token` (and `token` shortened), so
/// `full_token` wins when present.
pub fn created_token(body: &Value) -> Option<NewToken> {
    let token = body.get("token")?;
    let value = token
        .get("full_token")
        .or_else(|| token.get("token"))?
        .as_str()?
        .trim();
    if value.is_empty() {
        return None;
    }
    Some(NewToken {
        id: token.get("id")?.as_u64()?,
        value: value.to_string(),
    })
}

/// Why the exchange failed, from the status of the clients or tokens call and Zendesk's body.
pub fn exchange_problem(status: u16, body: &Value) -> ShareProblem {
    match status {
        401 => ShareProblem::OAuthRefused,
        403 => ShareProblem::OAuthForbidden,
        // The account answered the checks just before: a 404 here is not "no such account".
        422 => ShareProblem::OAuthInvalid(crate::zendesk_error::message(body)),
        s => ShareProblem::Unexpected(s),
    }
}

/// `Authorization` for requests to a share's source: its token, filled in by Zendesk's proxy
/// from the secure slot.
pub fn slot_authorization(slot: u8) -> String {
    format!("Bearer {{{{setting.{}}}}}", slot_setting(slot))
}

/// What became of a share's token when it was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revoked {
    /// The source revoked it.
    Revoked,
    /// The source no longer knows it (revoked there already, or its client deleted): nothing
    /// left to revoke.
    AlreadyGone,
    /// The source could not be asked or refused: the token may still be valid there, and its
    /// admin can revoke it (Admin Center > Apps and integrations > Zendesk API > OAuth
    /// clients).
    NotRevoked,
}

/// Reads the answer to `DELETE source/api/v2/oauth/tokens/current.json` (`None`: no answer).
pub fn revoke_outcome(status: Option<u16>) -> Revoked {
    match status {
        Some(200..=299) => Revoked::Revoked,
        Some(401 | 404) => Revoked::AlreadyGone,
        _ => Revoked::NotRevoked,
    }
}

/// Reads the check after a revoke: `GET source/api/v2/oauth/tokens/current.json` with the same
/// token. Zendesk users report 204 answers to the revoke that left the token working, so the
/// revoke counts only once the token no longer signs in (401, or 404 for a token it no longer
/// knows); a token that still reads its own record was not revoked. No answer leaves the
/// revoke's word standing.
pub fn verified(revoke: Revoked, check: Option<u16>) -> Revoked {
    match (revoke, check) {
        (Revoked::Revoked, Some(200..=299)) => Revoked::NotRevoked,
        (outcome, _) => outcome,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_is_named_for_deskset_and_the_target() {
        let body = client_body(" acme ", 29);
        assert_eq!(body["client"]["user_id"], 29);
        assert_eq!(body["client"]["identifier"], "deskset_share_acme");
        assert_eq!(body["client"]["name"], "deskset share with acme");
        assert!(body["client"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("acme.zendesk.com")));
        assert_eq!(
            token_body(12),
            json!({"token": {"client_id": 12, "scopes": ["read"]}})
        );
    }

    #[test]
    fn the_targets_client_is_found_on_any_page() {
        let page = json!({
            "clients": [
                {"id": 1, "identifier": "other"},
                {"id": 2, "identifier": "Deskset_Share_acme"},
            ],
            "meta": {"has_more": true},
            "links": {"next": "https://globex.zendesk.com/api/v2/oauth/clients.json?page[after]=x"},
        });
        assert_eq!(
            find_client(&page, "deskset_share_acme"),
            (
                Some(2),
                Some("https://globex.zendesk.com/api/v2/oauth/clients.json?page[after]=x".into())
            )
        );
        let last = json!({"clients": [], "meta": {"has_more": false}, "links": {"next": "x"}});
        assert_eq!(find_client(&last, "deskset_share_acme"), (None, None));
        let offset = json!({"clients": [{"id": 3}], "next_page": "https://g/2"});
        assert_eq!(
            find_client(&offset, "deskset_share_acme"),
            (None, Some("https://g/2".into()))
        );
        assert_eq!(find_client(&json!("nonsense"), "x"), (None, None));
        assert_eq!(created_client(&json!({"client": {"id": 9}})), Some(9));
        assert_eq!(created_client(&json!({})), None);
    }

    #[test]
    fn the_new_token_is_read_in_full_and_never_printed() {
        let oas = json!({"token": {"id": 5, "token": "abcdefghijklmnop", "scopes": ["read"]}});
        let token = created_token(&oas).unwrap();
        assert_eq!(token.id, 5);
        assert_eq!(token.value, "abcdefghijklmnop");
        assert!(!format!("{token:?}").contains("abcdef"));
        let zendesk =
            json!({"token": {"id": 6, "token": "abcdefghij", "full_token": "abcdefghijFULL"}});
        assert_eq!(
            created_token(&zendesk).map(|t| t.value).as_deref(),
            Some("abcdefghijFULL")
        );
        assert_eq!(
            created_token(&json!({"token": {"id": 7, "token": " "}})),
            None
        );
        assert_eq!(created_token(&json!({"token": {"token": "abc"}})), None);
    }

    #[test]
    fn each_exchange_failure_has_its_own_problem() {
        assert_eq!(
            exchange_problem(401, &Value::Null),
            ShareProblem::OAuthRefused
        );
        assert_eq!(
            exchange_problem(403, &Value::Null),
            ShareProblem::OAuthForbidden
        );
        assert_eq!(
            exchange_problem(
                422,
                &json!({"error": "RecordInvalid", "description": "Record validation errors", "details": {"identifier": [{"description": "Identifier: is taken"}]}})
            ),
            ShareProblem::OAuthInvalid(Some("Identifier: is taken".into()))
        );
        assert_eq!(
            exchange_problem(503, &Value::Null),
            ShareProblem::Unexpected(503)
        );
        for p in [
            ShareProblem::OAuthRefused,
            ShareProblem::OAuthForbidden,
            ShareProblem::OAuthInvalid(None),
        ] {
            assert_eq!(p.field(), None, "{p:?} is about the source, not a field");
            assert!(p.i18n_key().starts_with("share_errors.oauth_"));
        }
    }

    #[test]
    fn a_saved_share_sends_its_token_as_bearer() {
        assert_eq!(slot_authorization(3), "Bearer {{setting.share_auth_3}}");
    }

    #[test]
    fn a_revoke_counts_once_the_token_no_longer_signs_in() {
        assert_eq!(verified(Revoked::Revoked, Some(401)), Revoked::Revoked);
        assert_eq!(verified(Revoked::Revoked, Some(404)), Revoked::Revoked);
        assert_eq!(verified(Revoked::Revoked, None), Revoked::Revoked);
        assert_eq!(verified(Revoked::Revoked, Some(200)), Revoked::NotRevoked);
        assert_eq!(
            verified(Revoked::NotRevoked, Some(401)),
            Revoked::NotRevoked
        );
        assert_eq!(
            verified(Revoked::AlreadyGone, Some(200)),
            Revoked::AlreadyGone
        );
    }

    #[test]
    fn a_token_the_source_no_longer_knows_counts_as_revoked() {
        assert_eq!(revoke_outcome(Some(204)), Revoked::Revoked);
        assert_eq!(revoke_outcome(Some(401)), Revoked::AlreadyGone);
        assert_eq!(revoke_outcome(Some(404)), Revoked::AlreadyGone);
        assert_eq!(revoke_outcome(Some(403)), Revoked::NotRevoked);
        assert_eq!(revoke_outcome(Some(500)), Revoked::NotRevoked);
        assert_eq!(revoke_outcome(None), Revoked::NotRevoked);
    }
}
