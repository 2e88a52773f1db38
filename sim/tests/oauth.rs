//! OAuth clients and tokens in the fake Zendesk (the spec's OAuth Clients and OAuth Tokens), Bearer
//! sign-in with a token and its scopes, and `describe_secret`. Driven through the proxy as the app
//! drives a share's source: acme's admin calls globex with globex's credentials.

mod common;

use common::{basic, sim_in, Sim, GLOBEX_ADMIN};
use deskset_sim::scenario::{ACME_API_TOKEN, GLOBEX_API_TOKEN};
use deskset_sim::secrets::describe_secret;
use serde_json::{json, Value};

const GLOBEX: &str = "https://globex.zendesk.com";
const GLOBEX_AGENT: &str = "gil.agent@globex.example";
const GRETA_ID: u64 = 382_000_000_001;
const GIL_ID: u64 = 382_000_000_002;
/// These tests start from OAuth state with nothing in it: the `unshared` scenario (in `demo`, globex
/// already holds the client and token of acme's share).
fn sim() -> Sim {
    sim_in("unshared")
}

const FORBIDDEN: &str =
    "You do not have access to this page. Please contact the account owner of this help desk for further help.";

fn greta() -> String {
    format!("Basic {}", basic(GLOBEX_ADMIN, GLOBEX_API_TOKEN))
}

fn gil() -> String {
    format!("Basic {}", basic(GLOBEX_AGENT, GLOBEX_API_TOKEN))
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// One call to globex from acme's app, with this `Authorization` (none if `None`); the complete
/// response (`status`, `responseJSON`, ...).
async fn call(
    sim: &Sim,
    method: &str,
    path: &str,
    auth: Option<&str>,
    body: Option<Value>,
) -> Value {
    let mut options = json!({"url": format!("{GLOBEX}{path}"), "type": method});
    if let Some(auth) = auth {
        options["headers"] = json!({ "Authorization": auth });
    }
    if let Some(body) = body {
        options["contentType"] = json!("application/json");
        options["data"] = json!(body.to_string());
    }
    sim.complete("acme", "admin", options).await
}

/// Greta creates a client; the 201 answer's `client`.
async fn create_client(sim: &Sim, identifier: &str) -> Value {
    let made = call(
        sim,
        "POST",
        "/api/v2/oauth/clients.json",
        Some(&greta()),
        Some(json!({"client": {"name": "deskset for acme", "identifier": identifier}})),
    )
    .await;
    assert_eq!(made["status"], 201, "{made}");
    made["responseJSON"]["client"].clone()
}

/// Creates a token for `client_id` with these scopes as `auth`; the 201 answer's `token`.
async fn create_token_as(sim: &Sim, auth: &str, client_id: &Value, scopes: Value) -> Value {
    let made = call(
        sim,
        "POST",
        "/api/v2/oauth/tokens.json",
        Some(auth),
        Some(json!({"token": {"client_id": client_id, "scopes": scopes}})),
    )
    .await;
    assert_eq!(made["status"], 201, "{made}");
    made["responseJSON"]["token"].clone()
}

/// A client and a token on it with `scopes`, made by Greta: (client, token object, full token).
async fn client_and_token(sim: &Sim, identifier: &str, scopes: Value) -> (Value, Value, String) {
    let client = create_client(sim, identifier).await;
    let token = create_token_as(sim, &greta(), &client["id"], scopes).await;
    let value = token["token"].as_str().unwrap_or_default().to_owned();
    (client, token, value)
}

async fn me(sim: &Sim, auth: &str) -> Value {
    call(sim, "GET", "/api/v2/users/me.json", Some(auth), None).await
}

fn assert_forbidden(answer: &Value, what: &str) {
    assert_eq!(answer["status"], 403, "{what}: {answer}");
    assert_eq!(answer["responseJSON"]["error"], "Forbidden", "{what}");
    assert_eq!(answer["responseJSON"]["description"], FORBIDDEN, "{what}");
}

fn assert_unauthenticated(answer: &Value, what: &str) {
    assert_eq!(answer["status"], 401, "{what}: {answer}");
    assert_eq!(
        answer["responseJSON"],
        json!({"error": "Couldn't authenticate you"}),
        "{what}"
    );
}

async fn control(sim: &Sim, subdomain: &str) -> Value {
    let answer = sim
        .call("GET", &format!("/sim/accounts/{subdomain}/oauth"), None)
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.json()
}

async fn change_user(sim: &Sim, key: &str, change: Value) {
    let answer = sim
        .call(
            "POST",
            &format!("/sim/accounts/globex/users/{key}"),
            Some(change),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
}

#[tokio::test]
async fn create_client_answers_201_with_the_secret_in_full_once() {
    let sim = sim();
    let made = call(
        &sim,
        "POST",
        "/api/v2/oauth/clients.json",
        Some(&greta()),
        Some(json!({"client": {
            "name": "deskset for acme",
            "identifier": "deskset_acme",
            "description": "Reads globex's configurations",
            "secret": "chosen-by-the-caller",
            "user_id": 1,
        }})),
    )
    .await;
    assert_eq!(made["status"], 201, "{made}");
    let client = &made["responseJSON"]["client"];
    let id = client["id"].as_u64().unwrap_or_else(|| panic!("{client}"));
    assert_eq!(client["name"], "deskset for acme");
    assert_eq!(client["identifier"], "deskset_acme");
    assert_eq!(client["description"], "Reads globex's configurations");
    assert_eq!(client["user_id"], GRETA_ID, "the caller, not the body's");
    assert_eq!(client["global"], false);
    assert_eq!(
        client["url"],
        format!("{GLOBEX}/api/v2/oauth/clients/{id}.json")
    );
    let secret = client["secret"].as_str().unwrap_or_default().to_owned();
    assert_eq!(secret.len(), 64, "{secret}");
    assert!(secret.chars().all(|c| c.is_ascii_hexdigit()), "{secret}");

    // Later reads: cut off.
    let masked = format!("{}...", &secret[..10]);
    let shown = call(
        &sim,
        "GET",
        &format!("/api/v2/oauth/clients/{id}.json"),
        Some(&greta()),
        None,
    )
    .await;
    assert_eq!(shown["status"], 200, "{shown}");
    assert_eq!(shown["responseJSON"]["client"]["secret"], masked.as_str());
    assert_eq!(
        shown["responseJSON"]["client"]["identifier"],
        "deskset_acme"
    );
    let list = call(
        &sim,
        "GET",
        "/api/v2/oauth/clients.json",
        Some(&greta()),
        None,
    )
    .await;
    assert_eq!(list["status"], 200, "{list}");
    assert_eq!(list["responseJSON"]["count"], 1);
    assert_eq!(list["responseJSON"]["clients"][0]["id"], id);
    assert_eq!(
        list["responseJSON"]["clients"][0]["secret"],
        masked.as_str()
    );
    assert!(!list["responseText"]
        .as_str()
        .unwrap_or_default()
        .contains(&secret));

    // An update changes what was sent; the secret still shows cut off.
    let updated = call(
        &sim,
        "PUT",
        &format!("/api/v2/oauth/clients/{id}.json"),
        Some(&greta()),
        Some(json!({"client": {"name": "deskset (acme)"}})),
    )
    .await;
    assert_eq!(updated["status"], 200, "{updated}");
    assert_eq!(updated["responseJSON"]["client"]["name"], "deskset (acme)");
    assert_eq!(
        updated["responseJSON"]["client"]["identifier"],
        "deskset_acme"
    );
    assert_eq!(updated["responseJSON"]["client"]["secret"], masked.as_str());

    // generate_secret: a new one, in full, once.
    let fresh = call(
        &sim,
        "PUT",
        &format!("/api/v2/oauth/clients/{id}/generate_secret.json"),
        Some(&greta()),
        None,
    )
    .await;
    assert_eq!(fresh["status"], 200, "{fresh}");
    let new_secret = fresh["responseJSON"]["client"]["secret"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(new_secret.len(), 64);
    assert_ne!(new_secret, secret);
}

#[tokio::test]
async fn client_lists_page_like_the_other_lists() {
    let sim = sim();
    for n in 1..=3 {
        create_client(&sim, &format!("client_{n}")).await;
    }
    let first = call(
        &sim,
        "GET",
        "/api/v2/oauth/clients.json?page[size]=2",
        Some(&greta()),
        None,
    )
    .await;
    assert_eq!(first["status"], 200, "{first}");
    let page = &first["responseJSON"];
    assert_eq!(page["clients"].as_array().map(Vec::len), Some(2));
    assert_eq!(page["meta"]["has_more"], true);
    let next = page["links"]["next"].as_str().unwrap_or_default();
    assert!(
        next.starts_with("https://globex.zendesk.com/api/v2/oauth/clients.json?"),
        "{next}"
    );
    let path = next.trim_start_matches(GLOBEX);
    let second = call(&sim, "GET", path, Some(&greta()), None).await;
    assert_eq!(
        second["responseJSON"]["clients"][0]["identifier"],
        "client_3"
    );
    assert_eq!(second["responseJSON"]["meta"]["has_more"], false);
}

#[tokio::test]
async fn a_duplicate_identifier_or_a_missing_name_is_422_and_stores_nothing() {
    let sim = sim();
    create_client(&sim, "deskset_acme").await;
    for (sent, field, error) in [
        (
            json!({"name": "again", "identifier": "deskset_acme"}),
            "identifier",
            "DuplicateValue",
        ),
        (
            json!({"name": "again", "identifier": "DESKSET_ACME"}),
            "identifier",
            "DuplicateValue",
        ),
        (json!({"identifier": "other"}), "name", "BlankValue"),
        (
            json!({"name": "  ", "identifier": "other"}),
            "name",
            "BlankValue",
        ),
        (json!({"name": "other"}), "identifier", "BlankValue"),
        (
            json!({"name": "other", "identifier": "other", "kind": "secret"}),
            "kind",
            "InvalidValue",
        ),
    ] {
        let refused = call(
            &sim,
            "POST",
            "/api/v2/oauth/clients.json",
            Some(&greta()),
            Some(json!({ "client": sent })),
        )
        .await;
        assert_eq!(refused["status"], 422, "{sent}: {refused}");
        let body = &refused["responseJSON"];
        assert_eq!(body["error"], "RecordInvalid", "{sent}");
        assert_eq!(body["details"][field][0]["error"], error, "{sent}: {body}");
        assert!(body["details"][field][0]["description"].is_string());
    }
    let both = call(
        &sim,
        "POST",
        "/api/v2/oauth/clients.json",
        Some(&greta()),
        Some(json!({"client": {}})),
    )
    .await;
    assert_eq!(both["status"], 422);
    assert!(both["responseJSON"]["details"]["name"].is_array());
    assert!(both["responseJSON"]["details"]["identifier"].is_array());
    assert_eq!(
        control(&sim, "globex").await["clients"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    // An update may not take another client's identifier, but may keep its own.
    let other = create_client(&sim, "other").await;
    let path = format!("/api/v2/oauth/clients/{}.json", other["id"]);
    let taken = call(
        &sim,
        "PUT",
        &path,
        Some(&greta()),
        Some(json!({"client": {"identifier": "deskset_acme"}})),
    )
    .await;
    assert_eq!(taken["status"], 422, "{taken}");
    let same = call(
        &sim,
        "PUT",
        &path,
        Some(&greta()),
        Some(json!({"client": {"identifier": "other"}})),
    )
    .await;
    assert_eq!(same["status"], 200, "{same}");
}

#[tokio::test]
async fn clients_are_for_admins_and_signed_in_callers_only() {
    let sim = sim();
    let client = create_client(&sim, "deskset_acme").await;
    let one = format!("/api/v2/oauth/clients/{}.json", client["id"]);
    let body = json!({"client": {"name": "x", "identifier": "y"}});
    for (method, path, body) in [
        ("GET", "/api/v2/oauth/clients.json", None),
        ("POST", "/api/v2/oauth/clients.json", Some(body.clone())),
        ("GET", one.as_str(), None),
        ("PUT", one.as_str(), Some(body.clone())),
        ("DELETE", one.as_str(), None),
    ] {
        let agent = call(&sim, method, path, Some(&gil()), body.clone()).await;
        assert_forbidden(&agent, &format!("agent {method} {path}"));
        let anonymous = call(&sim, method, path, None, body.clone()).await;
        assert_unauthenticated(&anonymous, &format!("anonymous {method} {path}"));
    }
    // An agent in their own session too.
    let session = sim
        .complete(
            "acme",
            "agent",
            json!({"url": "/api/v2/oauth/clients.json", "type": "POST",
                   "contentType": "application/json", "data": body.to_string()}),
        )
        .await;
    assert_forbidden(&session, "acme agent session POST");
    assert_eq!(
        control(&sim, "globex").await["clients"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn a_read_token_is_answered_in_full_once_and_signs_in_as_its_admin() {
    let sim = sim();
    let client = create_client(&sim, "deskset_acme").await;
    let token = create_token_as(&sim, &greta(), &client["id"], json!(["read"])).await;
    let id = token["id"].as_u64().unwrap_or_else(|| panic!("{token}"));
    let value = token["token"].as_str().unwrap_or_default().to_owned();
    assert_eq!(value.len(), 64, "{token}");
    assert!(value.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(token["client_id"], client["id"]);
    assert_eq!(token["user_id"], GRETA_ID);
    assert_eq!(token["scopes"], json!(["read"]));
    assert_eq!(token["expires_at"], Value::Null);
    assert_eq!(token["refresh_token"], Value::Null);
    assert_eq!(token["used_at"], Value::Null);
    assert!(token["created_at"].is_string());
    assert_eq!(
        token["url"],
        format!("{GLOBEX}/api/v2/oauth/tokens/{id}.json")
    );

    // Listed and shown: only the first 10 characters.
    let list = call(
        &sim,
        "GET",
        "/api/v2/oauth/tokens.json",
        Some(&greta()),
        None,
    )
    .await;
    assert_eq!(list["status"], 200, "{list}");
    assert_eq!(list["responseJSON"]["tokens"][0]["id"], id);
    assert_eq!(list["responseJSON"]["tokens"][0]["token"], &value[..10]);
    assert!(!list["responseText"]
        .as_str()
        .unwrap_or_default()
        .contains(&value));
    let shown = call(
        &sim,
        "GET",
        &format!("/api/v2/oauth/tokens/{id}.json"),
        Some(&greta()),
        None,
    )
    .await;
    assert_eq!(shown["status"], 200, "{shown}");
    assert_eq!(shown["responseJSON"]["token"]["token"], &value[..10]);

    // Bearer: signs in as Greta, and records used_at.
    let who = me(&sim, &bearer(&value)).await;
    assert_eq!(who["status"], 200, "{who}");
    assert_eq!(who["responseJSON"]["user"]["id"], GRETA_ID);
    assert_eq!(who["responseJSON"]["user"]["role"], "admin");
    let current = call(
        &sim,
        "GET",
        "/api/v2/oauth/tokens/current.json",
        Some(&bearer(&value)),
        None,
    )
    .await;
    assert_eq!(current["status"], 200, "{current}");
    assert_eq!(current["responseJSON"]["token"]["id"], id);
    assert_eq!(current["responseJSON"]["token"]["token"], &value[..10]);
    assert!(current["responseJSON"]["token"]["used_at"].is_string());
    let installations = call(
        &sim,
        "GET",
        "/api/v2/apps/installations.json",
        Some(&bearer(&value)),
        None,
    )
    .await;
    assert_eq!(installations["status"], 200, "{installations}");

    // `current` without a Bearer token has no token to show.
    let no_bearer = call(
        &sim,
        "GET",
        "/api/v2/oauth/tokens/current.json",
        Some(&greta()),
        None,
    )
    .await;
    assert_eq!(no_bearer["status"], 404, "{no_bearer}");

    // An unknown or damaged token is 401, with the short body.
    let mut wrong = value.clone();
    wrong.replace_range(..1, if value.starts_with('0') { "1" } else { "0" });
    assert_unauthenticated(&me(&sim, &bearer(&wrong)).await, "a wrong token");
    assert_unauthenticated(&me(&sim, "Bearer ").await, "an empty token");
    // A token is its account's only.
    let elsewhere = sim
        .complete(
            "acme",
            "admin",
            json!({"url": "https://initech.zendesk.com/api/v2/users/me.json",
                   "headers": {"Authorization": bearer(&value)}}),
        )
        .await;
    assert_unauthenticated(&elsewhere, "globex's token in initech");
}

#[tokio::test]
async fn token_creation_is_checked() {
    let sim = sim();
    let client = create_client(&sim, "deskset_acme").await;
    for (sent, field) in [
        (json!({"client_id": 42, "scopes": ["read"]}), "client_id"),
        (json!({"client_id": "abc", "scopes": ["read"]}), "client_id"),
        (json!({"scopes": ["read"]}), "client_id"),
        (json!({"client_id": client["id"]}), "scopes"),
        (json!({"client_id": client["id"], "scopes": []}), "scopes"),
        (
            json!({"client_id": client["id"], "scopes": "read"}),
            "scopes",
        ),
    ] {
        let refused = call(
            &sim,
            "POST",
            "/api/v2/oauth/tokens.json",
            Some(&greta()),
            Some(json!({ "token": sent })),
        )
        .await;
        assert_eq!(refused["status"], 422, "{sent}: {refused}");
        assert_eq!(refused["responseJSON"]["error"], "RecordInvalid");
        assert!(
            refused["responseJSON"]["details"][field][0]["error"].is_string(),
            "{sent}: {refused}"
        );
    }
    let no_object = call(
        &sim,
        "POST",
        "/api/v2/oauth/tokens.json",
        Some(&greta()),
        Some(json!({"client_id": client["id"], "scopes": ["read"]})),
    )
    .await;
    assert_eq!(no_object["status"], 400, "{no_object}");
    assert_eq!(control(&sim, "globex").await["tokens"], json!([]));

    // Tokens are for admins to create.
    let agent = call(
        &sim,
        "POST",
        "/api/v2/oauth/tokens.json",
        Some(&gil()),
        Some(json!({"token": {"client_id": client["id"], "scopes": ["read"]}})),
    )
    .await;
    assert_forbidden(&agent, "an agent creating a token");
    let anonymous = call(
        &sim,
        "POST",
        "/api/v2/oauth/tokens.json",
        None,
        Some(json!({"token": {"client_id": client["id"], "scopes": ["read"]}})),
    )
    .await;
    assert_unauthenticated(&anonymous, "anonymous token create");

    // An invalid scope still gives a token, kept as given; it is forbidden everything.
    let odd = create_token_as(
        &sim,
        &greta(),
        &client["id"],
        json!(["bogus", "impersonate"]),
    )
    .await;
    assert_eq!(odd["scopes"], json!(["bogus", "impersonate"]));
    let value = odd["token"].as_str().unwrap_or_default();
    assert_forbidden(
        &me(&sim, &bearer(value)).await,
        "a token with invalid scopes",
    );
}

#[tokio::test]
async fn a_read_token_may_not_write_and_a_read_write_token_may() {
    let sim = sim();
    let client = create_client(&sim, "deskset_acme").await;
    let read = create_token_as(&sim, &greta(), &client["id"], json!(["read"])).await;
    let read = bearer(read["token"].as_str().unwrap_or_default());
    let both = create_token_as(&sim, &greta(), &client["id"], json!(["read", "write"])).await;
    let both = bearer(both["token"].as_str().unwrap_or_default());
    let write_only = create_token_as(&sim, &greta(), &client["id"], json!(["write"])).await;
    let write_only = bearer(write_only["token"].as_str().unwrap_or_default());
    /// globex's custom role "Tier 2 agent".
    const TIER_2: u64 = 361_000_310_002;

    let roles_before = call(&sim, "GET", "/api/v2/custom_roles.json", Some(&read), None).await;
    assert_eq!(roles_before["status"], 200, "{roles_before}");
    let new_role = json!({"custom_role": {"name": "Night shift", "configuration": {}}});
    let rename = json!({"custom_role": {"description": "changed"}});
    let writes = [
        (
            "POST",
            "/api/v2/custom_roles.json".to_owned(),
            Some(new_role.clone()),
        ),
        (
            "PUT",
            format!("/api/v2/custom_roles/{TIER_2}.json"),
            Some(rename.clone()),
        ),
        (
            "DELETE",
            format!("/api/v2/custom_roles/{TIER_2}.json"),
            None,
        ),
        (
            "PUT",
            "/api/v2/security_settings.json".to_owned(),
            Some(json!({"security_settings": {"assumption_duration": "day"}})),
        ),
        (
            "POST",
            "/api/v2/oauth/clients.json".to_owned(),
            Some(json!({"client": {"name": "n", "identifier": "i"}})),
        ),
        (
            "DELETE",
            format!("/api/v2/oauth/clients/{}.json", client["id"]),
            None,
        ),
    ];
    for (method, path, body) in &writes {
        let refused = call(&sim, method, path, Some(&read), body.clone()).await;
        assert_forbidden(&refused, &format!("read token {method} {path}"));
    }
    // Nothing changed.
    let roles_after = call(&sim, "GET", "/api/v2/custom_roles.json", Some(&read), None).await;
    assert_eq!(roles_before["responseJSON"], roles_after["responseJSON"]);
    assert_eq!(
        control(&sim, "globex").await["clients"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    // A write-only token may not read.
    assert_forbidden(&me(&sim, &write_only).await, "write-only GET");

    // read + write: the same writes go through.
    let made = call(
        &sim,
        "POST",
        "/api/v2/custom_roles.json",
        Some(&both),
        Some(new_role),
    )
    .await;
    assert_eq!(made["status"], 200, "{made}");
    let changed = call(
        &sim,
        "PUT",
        &format!("/api/v2/custom_roles/{TIER_2}.json"),
        Some(&both),
        Some(rename),
    )
    .await;
    assert_eq!(changed["status"], 200, "{changed}");
    let new_id = &made["responseJSON"]["custom_role"]["id"];
    let deleted = call(
        &sim,
        "DELETE",
        &format!("/api/v2/custom_roles/{new_id}.json"),
        Some(&both),
        None,
    )
    .await;
    assert_eq!(deleted["status"], 204, "{deleted}");
}

#[tokio::test]
async fn resource_scopes_cover_their_resource_only() {
    let sim = sim();
    let client = create_client(&sim, "deskset_acme").await;
    let token = |scopes: Value| {
        let sim = &sim;
        let id = client["id"].clone();
        async move {
            let t = create_token_as(sim, &greta(), &id, scopes).await;
            bearer(t["token"].as_str().unwrap_or_default())
        }
    };
    let users = token(json!(["users:read"])).await;
    assert_eq!(me(&sim, &users).await["status"], 200);
    assert_forbidden(
        &call(&sim, "GET", "/api/v2/groups.json", Some(&users), None).await,
        "users:read on groups",
    );
    let macros = token(json!(["macros:read"])).await;
    assert_eq!(
        call(&sim, "GET", "/api/v2/macros.json", Some(&macros), None).await["status"],
        200
    );
    assert_forbidden(
        &call(&sim, "GET", "/api/v2/views.json", Some(&macros), None).await,
        "macros:read on views",
    );
    assert_forbidden(&me(&sim, &macros).await, "macros:read on users/me");
    // tickets:read passes the scope check for the tickets resource (the simulator serves no ticket
    // endpoint, so the answer is its 404 for an unknown path, not 403) and nothing else.
    let tickets = token(json!(["tickets:read"])).await;
    let ticket = call(
        &sim,
        "GET",
        "/api/v2/tickets/2001.json",
        Some(&tickets),
        None,
    )
    .await;
    assert_eq!(ticket["status"], 404, "{ticket}");
    assert_eq!(ticket["responseJSON"]["error"], "InvalidEndpoint");
    assert_forbidden(&me(&sim, &tickets).await, "tickets:read on users/me");
    assert_forbidden(
        &call(
            &sim,
            "GET",
            "/api/v2/oauth/tokens/current.json",
            Some(&tickets),
            None,
        )
        .await,
        "tickets:read on oauth (not a scoped resource)",
    );
    // apps:read reads installations (what a share reads in its source); no access part is both.
    let apps = token(json!(["apps:read"])).await;
    assert_eq!(
        call(
            &sim,
            "GET",
            "/api/v2/apps/installations.json",
            Some(&apps),
            None
        )
        .await["status"],
        200
    );
    let apps_rw = token(json!(["apps"])).await;
    let put = call(
        &sim,
        "PUT",
        "/api/v2/apps/installations/361000870001.json",
        Some(&apps_rw),
        Some(json!({"settings": {"title": "deskset"}})),
    )
    .await;
    assert_eq!(put["status"], 200, "{put}");
    assert_forbidden(
        &call(
            &sim,
            "PUT",
            "/api/v2/apps/installations/361000870001.json",
            Some(&apps),
            Some(json!({"settings": {"title": "deskset"}})),
        )
        .await,
        "apps:read PUT",
    );
}

#[tokio::test]
async fn a_read_token_revokes_itself_through_current_and_is_dead_after() {
    let sim = sim();
    let (_, token, value) = client_and_token(&sim, "deskset_acme", json!(["read"])).await;
    let id = token["id"].as_u64().unwrap_or_default();
    assert_eq!(me(&sim, &bearer(&value)).await["status"], 200);

    let revoked = call(
        &sim,
        "DELETE",
        "/api/v2/oauth/tokens/current.json",
        Some(&bearer(&value)),
        None,
    )
    .await;
    assert_eq!(revoked["status"], 204, "{revoked}");

    for (method, path) in [
        ("GET", "/api/v2/users/me.json"),
        ("GET", "/api/v2/oauth/tokens/current.json"),
        ("DELETE", "/api/v2/oauth/tokens/current.json"),
        ("GET", "/api/v2/apps/installations.json"),
    ] {
        let dead = call(&sim, method, path, Some(&bearer(&value)), None).await;
        assert_unauthenticated(&dead, &format!("revoked token {method} {path}"));
    }
    // Gone from the API, kept (revoked) for the control API.
    let shown = call(
        &sim,
        "GET",
        &format!("/api/v2/oauth/tokens/{id}.json"),
        Some(&greta()),
        None,
    )
    .await;
    assert_eq!(shown["status"], 404, "{shown}");
    let list = call(
        &sim,
        "GET",
        "/api/v2/oauth/tokens.json?all=true",
        Some(&greta()),
        None,
    )
    .await;
    assert_eq!(list["responseJSON"]["tokens"], json!([]));
    let state = control(&sim, "globex").await;
    assert_eq!(state["tokens"][0]["id"], id);
    assert_eq!(state["tokens"][0]["revoked"], true);
}

#[tokio::test]
async fn a_read_token_revokes_itself_by_id_but_not_another() {
    let sim = sim();
    let (client, mine, value) = client_and_token(&sim, "deskset_acme", json!(["read"])).await;
    let other = create_token_as(&sim, &greta(), &client["id"], json!(["read"])).await;
    let refused = call(
        &sim,
        "DELETE",
        &format!("/api/v2/oauth/tokens/{}.json", other["id"]),
        Some(&bearer(&value)),
        None,
    )
    .await;
    assert_forbidden(&refused, "a read token revoking another token");
    let own = call(
        &sim,
        "DELETE",
        &format!("/api/v2/oauth/tokens/{}.json", mine["id"]),
        Some(&bearer(&value)),
        None,
    )
    .await;
    assert_eq!(own["status"], 204, "{own}");
    assert_unauthenticated(&me(&sim, &bearer(&value)).await, "after revoking by id");
    // The other one lives on.
    let other_value = other["token"].as_str().unwrap_or_default();
    assert_eq!(me(&sim, &bearer(other_value)).await["status"], 200);
}

#[tokio::test]
async fn admins_revoke_any_token_others_only_their_own() {
    let sim = sim();
    let (client, gretas, gretas_value) =
        client_and_token(&sim, "deskset_acme", json!(["read"])).await;
    // Gil, an admin for a moment, makes a token for himself, then is an agent again.
    change_user(&sim, "agent", json!({"role": "admin"})).await;
    let gils = create_token_as(&sim, &gil(), &client["id"], json!(["read"])).await;
    assert_eq!(gils["user_id"], GIL_ID);
    change_user(&sim, "agent", json!({"role": "agent"})).await;

    // Greta's list: her own; with all=true, everyone's; client_id filters.
    let own = call(
        &sim,
        "GET",
        "/api/v2/oauth/tokens.json",
        Some(&greta()),
        None,
    )
    .await;
    let ids = |v: &Value| -> Vec<Value> {
        v["responseJSON"]["tokens"]
            .as_array()
            .map(|a| a.iter().map(|t| t["id"].clone()).collect())
            .unwrap_or_default()
    };
    assert_eq!(ids(&own), vec![gretas["id"].clone()]);
    let all = call(
        &sim,
        "GET",
        "/api/v2/oauth/tokens.json?all=true",
        Some(&greta()),
        None,
    )
    .await;
    assert_eq!(ids(&all), vec![gretas["id"].clone(), gils["id"].clone()]);
    let other_client = create_client(&sim, "another").await;
    let filtered = call(
        &sim,
        "GET",
        &format!(
            "/api/v2/oauth/tokens.json?all=true&client_id={}",
            other_client["id"]
        ),
        Some(&greta()),
        None,
    )
    .await;
    assert_eq!(filtered["responseJSON"]["tokens"], json!([]));
    let filtered = call(
        &sim,
        "GET",
        &format!(
            "/api/v2/oauth/tokens.json?all=true&client_id={}",
            client["id"]
        ),
        Some(&greta()),
        None,
    )
    .await;
    assert_eq!(ids(&filtered).len(), 2);

    // Gil (an agent): no list, his own token only.
    assert_forbidden(
        &call(&sim, "GET", "/api/v2/oauth/tokens.json", Some(&gil()), None).await,
        "an agent listing tokens",
    );
    let his = format!("/api/v2/oauth/tokens/{}.json", gils["id"]);
    let hers = format!("/api/v2/oauth/tokens/{}.json", gretas["id"]);
    assert_eq!(
        call(&sim, "GET", &his, Some(&gil()), None).await["status"],
        200
    );
    assert_eq!(
        call(&sim, "GET", &hers, Some(&gil()), None).await["status"],
        404
    );
    assert_eq!(
        call(&sim, "DELETE", &hers, Some(&gil()), None).await["status"],
        404
    );
    assert_eq!(me(&sim, &bearer(&gretas_value)).await["status"], 200);

    // Greta, an admin, revokes Gil's token by id.
    assert_eq!(
        call(&sim, "GET", &his, Some(&greta()), None).await["status"],
        200
    );
    let revoked = call(&sim, "DELETE", &his, Some(&greta()), None).await;
    assert_eq!(revoked["status"], 204, "{revoked}");
    let gils_value = gils["token"].as_str().unwrap_or_default();
    assert_unauthenticated(&me(&sim, &bearer(gils_value)).await, "Gil's revoked token");
    assert_eq!(
        call(&sim, "DELETE", &his, Some(&greta()), None).await["status"],
        404
    );
    assert_eq!(
        call(
            &sim,
            "DELETE",
            "/api/v2/oauth/tokens/nope.json",
            Some(&greta()),
            None
        )
        .await["status"],
        404
    );
}

#[tokio::test]
async fn deleting_a_client_revokes_its_tokens_and_ids_are_never_reused() {
    let sim = sim();
    let (client, token, value) = client_and_token(&sim, "deskset_acme", json!(["read"])).await;
    let (kept_client, _, kept_value) = client_and_token(&sim, "kept", json!(["read"])).await;
    let deleted = call(
        &sim,
        "DELETE",
        &format!("/api/v2/oauth/clients/{}.json", client["id"]),
        Some(&greta()),
        None,
    )
    .await;
    assert_eq!(deleted["status"], 204, "{deleted}");
    assert_unauthenticated(&me(&sim, &bearer(&value)).await, "a deleted client's token");
    assert_eq!(me(&sim, &bearer(&kept_value)).await["status"], 200);
    let shown = call(
        &sim,
        "GET",
        &format!("/api/v2/oauth/clients/{}.json", client["id"]),
        Some(&greta()),
        None,
    )
    .await;
    assert_eq!(shown["status"], 404);
    let refused = call(
        &sim,
        "POST",
        "/api/v2/oauth/tokens.json",
        Some(&greta()),
        Some(json!({"token": {"client_id": client["id"], "scopes": ["read"]}})),
    )
    .await;
    assert_eq!(refused["status"], 422, "{refused}");
    assert!(refused["responseJSON"]["details"]["client_id"].is_array());
    let state = control(&sim, "globex").await;
    let revoked = state["tokens"]
        .as_array()
        .and_then(|t| t.iter().find(|t| t["id"] == token["id"]))
        .map(|t| t["revoked"].clone());
    assert_eq!(revoked, Some(json!(true)));

    // Ids: a new client and token never take a deleted or revoked one's.
    let again = create_client(&sim, "deskset_acme").await;
    let ids = [&client["id"], &kept_client["id"], &again["id"]].map(|v| v.as_u64().unwrap_or(0));
    assert!(ids[2] > ids[1] && ids[1] > ids[0], "{ids:?}");
    let next = create_token_as(&sim, &greta(), &again["id"], json!(["read"])).await;
    assert!(next["id"].as_u64() > token["id"].as_u64(), "{next}");
}

#[tokio::test]
async fn oauth_ignores_api_token_access_and_needs_an_active_user() {
    let sim = sim();
    let (_, _, value) = client_and_token(&sim, "deskset_acme", json!(["read"])).await;
    let off = sim
        .call(
            "POST",
            "/sim/accounts/globex",
            Some(json!({"token_access": false})),
        )
        .await;
    assert_eq!(off.status, 200, "{}", off.text);
    assert_unauthenticated(&me(&sim, &greta()).await, "API token with access off");
    let who = me(&sim, &bearer(&value)).await;
    assert_eq!(who["status"], 200, "OAuth with API token access off: {who}");
    assert_eq!(who["responseJSON"]["user"]["id"], GRETA_ID);

    change_user(&sim, "admin", json!({"suspended": true})).await;
    assert_unauthenticated(&me(&sim, &bearer(&value)).await, "a suspended user's token");
    change_user(&sim, "admin", json!({"suspended": false})).await;
    assert_eq!(me(&sim, &bearer(&value)).await["status"], 200);
    change_user(&sim, "admin", json!({"active": false})).await;
    assert_unauthenticated(&me(&sim, &bearer(&value)).await, "a deleted user's token");
}

#[tokio::test]
async fn a_share_slot_sends_its_token_as_bearer_and_holds_a_read_only_oauth_token() {
    let sim = sim();
    let (client, token, value) = client_and_token(&sim, "deskset_acme", json!(["read"])).await;
    let saved = sim
        .put_acme_settings(json!({ "share_auth_1": value }))
        .await;
    assert_eq!(saved["status"], 200, "{saved}");
    let through_slot = sim
        .complete(
            "acme",
            "admin",
            json!({
                "url": format!("{GLOBEX}/api/v2/users/me.json"),
                "headers": {"Authorization": "Bearer {{setting.share_auth_1}}"},
                "secure": true,
            }),
        )
        .await;
    assert_eq!(through_slot["status"], 200, "{through_slot}");
    assert_eq!(through_slot["responseJSON"]["user"]["id"], GRETA_ID);

    let world = sim.state.lock();
    let described = describe_secret(&world, &value);
    assert_eq!(
        described,
        json!({
            "kind": "oauth_token",
            "account": "globex",
            "token_id": token["id"],
            "user_id": GRETA_ID,
            "client_id": client["id"],
            "scopes": ["read"],
            "revoked": false,
        })
    );
}

#[tokio::test]
async fn describe_secret_tells_what_a_value_is_without_showing_it() {
    let sim = sim();
    let (_, _, value) = client_and_token(&sim, "deskset_acme", json!(["read"])).await;
    {
        let world = sim.state.lock();
        assert_eq!(describe_secret(&world, ""), json!({"kind": "empty"}));
        assert_eq!(describe_secret(&world, &value)["kind"], "oauth_token");
        assert_eq!(describe_secret(&world, &value)["revoked"], false);
        assert_eq!(
            describe_secret(&world, GLOBEX_API_TOKEN),
            json!({"kind": "api_token", "account": "globex"})
        );
        assert_eq!(
            describe_secret(&world, ACME_API_TOKEN),
            json!({"kind": "api_token", "account": "acme"})
        );
        assert_eq!(
            describe_secret(&world, &basic(GLOBEX_ADMIN, GLOBEX_API_TOKEN)),
            json!({"kind": "basic_api_token", "account": "globex", "email": GLOBEX_ADMIN})
        );
        // Not a known token: other, by length only.
        let fake = basic(GLOBEX_ADMIN, "notAToken");
        assert_eq!(
            describe_secret(&world, &fake),
            json!({"kind": "other", "length": fake.len()})
        );
        assert_eq!(
            describe_secret(&world, &format!("Bearer {value}")),
            json!({"kind": "other", "length": value.len() + 7})
        );
        assert_eq!(
            describe_secret(&world, &value[..10]),
            json!({"kind": "other", "length": 10})
        );
    }
    let revoked = call(
        &sim,
        "DELETE",
        "/api/v2/oauth/tokens/current.json",
        Some(&bearer(&value)),
        None,
    )
    .await;
    assert_eq!(revoked["status"], 204);
    let world = sim.state.lock();
    assert_eq!(describe_secret(&world, &value)["revoked"], true);
}

#[tokio::test]
async fn the_control_api_shows_oauth_state_but_never_a_token_or_secret() {
    let sim = sim();
    let client = create_client(&sim, "deskset_acme").await;
    let secret = client["secret"].as_str().unwrap_or_default().to_owned();
    let token = create_token_as(&sim, &greta(), &client["id"], json!(["read"])).await;
    let value = token["token"].as_str().unwrap_or_default().to_owned();
    let before = control(&sim, "globex").await;
    assert_eq!(before["tokens"][0]["used_at"], Value::Null);
    assert_eq!(me(&sim, &bearer(&value)).await["status"], 200);

    let answer = sim.call("GET", "/sim/accounts/globex/oauth", None).await;
    assert_eq!(answer.status, 200);
    for hidden in [&secret[..10], &value[..10]] {
        assert!(!answer.text.contains(hidden), "{}", answer.text);
    }
    let state = answer.json();
    assert_eq!(
        state["clients"],
        json!([{
            "id": client["id"],
            "name": "deskset for acme",
            "identifier": "deskset_acme",
            "user_id": GRETA_ID,
            "created_at": client["created_at"],
        }])
    );
    let t = &state["tokens"][0];
    assert_eq!(t["id"], token["id"]);
    assert_eq!(t["client_id"], client["id"]);
    assert_eq!(t["user_id"], GRETA_ID);
    assert_eq!(t["scopes"], json!(["read"]));
    assert_eq!(t["revoked"], false);
    assert!(t["used_at"].is_string(), "{t}");
    assert_eq!(
        control(&sim, "acme").await,
        json!({"clients": [], "tokens": []})
    );
    let unknown = sim.call("GET", "/sim/accounts/nowhere/oauth", None).await;
    assert_eq!(unknown.status, 404);

    // A reset forgets it all.
    let reset = sim.call("POST", "/sim/reset", Some(json!({}))).await;
    assert_eq!(reset.status, 200, "{}", reset.text);
    assert_eq!(
        control(&sim, "globex").await,
        json!({"clients": [], "tokens": []})
    );
    assert_unauthenticated(
        &me(&sim, &bearer(&value)).await,
        "a token from before the reset",
    );
}
