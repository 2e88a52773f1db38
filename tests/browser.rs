//! Browser tests of the console: its views and its Zendesk calls in headless Chromium
//! (`cargo xtask test` runs them with wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

use deskset::views::console::Console;
use deskset::views::roles::RolesTab;
use deskset_web::http::{HttpError, Request, Response};
use deskset_web::testing::{answer, api, render, session, texts, wait_for, FakeTransport};
use serde_json::json;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn roles_body() -> serde_json::Value {
    json!({"custom_roles": [
        {"id": 2, "name": "Tier 2", "description": "Escalations", "team_member_count": 3,
         "updated_at": "2026-01-01T10:00:00Z", "role_type": 0},
        {"id": 1, "name": "billing desk", "description": null, "team_member_count": 0,
         "updated_at": "2025-06-01T10:00:00Z", "role_type": 0},
        {"id": 3, "name": "<img src=x onerror=alert(1)>", "description": "<b>bold</b>",
         "team_member_count": 1, "role_type": 0}
    ]})
}

fn rows(root: &Element) -> Vec<String> {
    texts(root, "table[data-testid=roles-table] tbody tr th")
}

// ---------------------------------------------------------------- Roles tab

#[wasm_bindgen_test]
async fn roles_are_listed_sorted_with_html_as_plain_text() {
    let transport = FakeTransport::new(vec![answer(200, roles_body())]);
    let root = render(
        session(transport.clone(), "admin"),
        "en",
        html! { <RolesTab /> },
    );
    wait_for(&root, "[data-state=ready]").await;
    assert_eq!(
        rows(&root),
        vec!["<img src=x onerror=alert(1)>", "billing desk", "Tier 2"]
    );
    // Names are text, never markup.
    assert!(root.query_selector("tbody img").unwrap().is_none());
    assert!(root.query_selector("tbody b").unwrap().is_none());
    assert_eq!(transport.seen.borrow()[0].url, "/api/v2/custom_roles");
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("Roles shown: 3 of 3"), "{text}");
    // Agents column reads team_member_count.
    let cells = root.query_selector_all("tbody tr td.ds-num").unwrap();
    assert_eq!(
        cells.item(2).and_then(|c| c.text_content()),
        Some("3".into())
    );
}

#[wasm_bindgen_test]
async fn roles_filter_narrows_the_table() {
    let transport = FakeTransport::new(vec![answer(200, roles_body())]);
    let root = render(session(transport, "admin"), "en", html! { <RolesTab /> });
    wait_for(&root, "[data-state=ready]").await;
    let input: web_sys::HtmlInputElement = root
        .query_selector("#roles-filter")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    input.set_value("escal");
    let event = web_sys::InputEvent::new("input").unwrap();
    input.dispatch_event(&event).unwrap();
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(rows(&root), vec!["Tier 2"]);
    input.set_value("nothing-matches");
    input
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    assert!(rows(&root).is_empty());
    assert!(root
        .text_content()
        .unwrap_or_default()
        .contains("No role matches"));
}

#[wasm_bindgen_test]
async fn plan_without_custom_roles_says_so() {
    for status in [403, 404] {
        let transport = FakeTransport::new(vec![answer(status, json!({"error": "Forbidden"}))]);
        let root = render(session(transport, "admin"), "en", html! { <RolesTab /> });
        let el = wait_for(&root, "[data-state=plan]").await;
        assert!(el.text_content().unwrap_or_default().contains("Enterprise"));
        assert!(root.query_selector("table").unwrap().is_none());
    }
}

#[wasm_bindgen_test]
async fn empty_account_has_its_own_state() {
    let transport = FakeTransport::new(vec![answer(200, json!({"custom_roles": []}))]);
    let root = render(session(transport, "admin"), "en", html! { <RolesTab /> });
    let el = wait_for(&root, "[data-state=empty]").await;
    assert!(el
        .text_content()
        .unwrap_or_default()
        .contains("No custom roles"));
}

#[wasm_bindgen_test]
async fn server_error_shows_zendesk_text_and_retry_recovers() {
    let transport = FakeTransport::new(vec![answer(
        500,
        json!({"error": "InternalError", "description": "Something broke"}),
    )]);
    let root = render(
        session(transport.clone(), "admin"),
        "en",
        html! { <RolesTab /> },
    );
    let error = wait_for(&root, "[data-state=error]").await;
    let text = error.text_content().unwrap_or_default();
    assert!(text.contains("Zendesk says: Something broke"), "{text}");
    transport.push(answer(200, roles_body()));
    let button: HtmlElement = wait_for(&root, "button.ds-retry").await.dyn_into().unwrap();
    assert_eq!(button.text_content().as_deref(), Some("Try again"));
    button.click();
    wait_for(&root, "[data-state=ready]").await;
    assert_eq!(rows(&root).len(), 3);
    assert_eq!(transport.seen.borrow().len(), 2);
}

#[wasm_bindgen_test]
async fn throttled_then_ok_still_shows_roles() {
    let transport = FakeTransport::new(vec![
        answer(429, json!({"error": "TooManyRequests"})),
        answer(200, roles_body()),
    ]);
    let root = render(
        session(transport.clone(), "admin"),
        "en",
        html! { <RolesTab /> },
    );
    wait_for(&root, "[data-state=ready]").await;
    assert_eq!(transport.seen.borrow().len(), 2);
}

#[wasm_bindgen_test]
async fn endless_throttling_gives_up_with_an_error() {
    let answers = (0..10).map(|_| answer(429, json!({}))).collect();
    let transport = FakeTransport::new(answers);
    let root = render(
        session(transport.clone(), "admin"),
        "en",
        html! { <RolesTab /> },
    );
    let el = wait_for(&root, "[data-state=error]").await;
    assert!(el
        .text_content()
        .unwrap_or_default()
        .contains("too many requests"));
    // First attempt plus the policy's three retries, then it stops.
    assert_eq!(transport.seen.borrow().len(), 4);
}

#[wasm_bindgen_test]
async fn strings_follow_the_users_locale() {
    let transport = FakeTransport::new(vec![answer(200, roles_body())]);
    let root = render(session(transport, "admin"), "fr", html! { <RolesTab /> });
    wait_for(&root, "[data-state=ready]").await;
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("Rôles d'agent personnalisés"), "{text}");
    assert!(text.contains("Dernière modification"), "{text}");
}

// ---------------------------------------------------------------- Console

#[wasm_bindgen_test]
async fn agents_get_a_plain_notice_admins_do_not() {
    let transport = FakeTransport::new(vec![answer(200, roles_body())]);
    let root = render(session(transport, "agent"), "en", html! { <Console /> });
    let notice = wait_for(&root, "[data-testid=agent-notice]").await;
    assert!(notice
        .text_content()
        .unwrap_or_default()
        .contains("for admins only"));
    wait_for(&root, "[data-state=ready]").await;

    let transport = FakeTransport::new(vec![answer(200, roles_body())]);
    let root = render(session(transport, "admin"), "en", html! { <Console /> });
    wait_for(&root, "[data-state=ready]").await;
    assert!(root
        .query_selector("[data-testid=agent-notice]")
        .unwrap()
        .is_none());
    let tab = wait_for(&root, "[role=tab][aria-selected=true]").await;
    assert_eq!(tab.text_content().as_deref(), Some("Roles"));
}

#[wasm_bindgen_test]
async fn end_users_see_no_tabs() {
    let transport = FakeTransport::new(vec![]);
    let root = render(
        session(transport.clone(), "end-user"),
        "en",
        html! { <Console /> },
    );
    wait_for(&root, "[data-state=no-access]").await;
    assert!(root.query_selector("[role=tab]").unwrap().is_none());
    assert!(transport.seen.borrow().is_empty());
}

// ---------------------------------------------------------------- custom role API calls

fn zendesk_role() -> deskset_domain::roles::CustomRole {
    deskset_domain::roles::CustomRole(
        json!({"id": 7, "name": "Tier 2", "team_member_count": 3,
               "configuration": {"ticket_merge": true, "chat_access": false, "later": 1}})
        .as_object()
        .unwrap()
        .clone(),
    )
}

#[wasm_bindgen_test]
async fn role_calls_send_what_zendesk_documents() {
    use deskset::zendesk::roles;
    use deskset_web::http::Method;
    let transport = FakeTransport::new(vec![
        answer(200, json!({"custom_role": {"id": 7, "name": "Tier 2"}})),
        answer(200, json!({"custom_role": {"id": 8, "name": "New"}})),
        answer(
            200,
            json!({"custom_role": {"id": 7, "name": "Tier 2", "configuration": {"ticket_merge": false}}}),
        ),
        Ok(Response {
            status: 204,
            headers: Vec::new(),
            body: String::new(),
        }),
    ]);
    let api = api(transport.clone());
    assert_eq!(roles::show(&api, 7).await.unwrap().name(), "Tier 2");
    let draft = zendesk_role();
    assert_eq!(roles::create(&api, &draft).await.unwrap().id(), Some(8));
    let mut edited = zendesk_role();
    edited.0["configuration"]["ticket_merge"] = json!(false);
    roles::update(&api, &zendesk_role(), &edited).await.unwrap();
    roles::delete(&api, 7).await.unwrap();

    let seen = transport.seen.borrow();
    let calls: Vec<(Method, &str)> = seen.iter().map(|r| (r.method, r.url.as_str())).collect();
    assert_eq!(
        calls,
        vec![
            (Method::Get, "/api/v2/custom_roles/7"),
            (Method::Post, "/api/v2/custom_roles"),
            (Method::Put, "/api/v2/custom_roles/7"),
            (Method::Delete, "/api/v2/custom_roles/7"),
        ]
    );
    // Create sends no read-only permission and no identity; update only what changed.
    let created = seen[1].body.clone().unwrap();
    assert_eq!(
        created["custom_role"]["configuration"],
        json!({"ticket_merge": true, "later": 1})
    );
    assert!(created["custom_role"].get("id").is_none());
    assert_eq!(
        seen[2].body,
        Some(json!({"custom_role": {"configuration": {"ticket_merge": false}}}))
    );
}

#[wasm_bindgen_test]
async fn an_unchanged_role_is_not_sent_and_a_422_keeps_its_details() {
    use deskset::zendesk::roles;
    let transport = FakeTransport::new(vec![answer(
        422,
        json!({"error": "RecordInvalid", "description": "Record validation errors",
               "details": {"name": [{"description": "Name: has already been taken", "error": "DuplicateValue"}]}}),
    )]);
    let api = api(transport.clone());
    let same = roles::update(&api, &zendesk_role(), &zendesk_role())
        .await
        .unwrap();
    assert_eq!(same, zendesk_role());
    assert!(transport.seen.borrow().is_empty(), "nothing to send");
    match roles::create(&api, &zendesk_role()).await {
        Err(HttpError::Status {
            status: 422,
            message,
            body,
        }) => {
            assert_eq!(message.as_deref(), Some("Name: has already been taken"));
            assert_eq!(body["details"]["name"][0]["error"], json!("DuplicateValue"));
        }
        other => panic!("{other:?}"),
    }
}

#[wasm_bindgen_test]
async fn users_me_gives_the_custom_role_id() {
    use deskset::zendesk::users;
    let transport = FakeTransport::new(vec![
        answer(
            200,
            json!({"user": {"id": 3, "role": "agent", "custom_role_id": 10127}}),
        ),
        answer(200, json!({"nobody": true})),
    ]);
    let api = api(transport);
    let me = users::me(&api).await.unwrap();
    assert_eq!(users::custom_role_id(&me), Some(10127));
    assert!(matches!(users::me(&api).await, Err(HttpError::Decode(_))));
}

/// The share flow against a source, over a fake transport and a fake settings store.
mod share_flow {
    use super::*;
    use deskset::zendesk::shares::{
        add, check_source, exchange, remove, source_request, AddError, Adder, NewShare,
    };
    use deskset_domain::oauth::Revoked;
    use deskset_domain::share::{ShareProblem, ZendeskUrl};
    use deskset_web::http::Method;
    use deskset_web::store::{Settings, SettingsStore, StoreError};
    use futures::future::LocalBoxFuture;
    use std::cell::RefCell;

    fn globex() -> ZendeskUrl {
        ZendeskUrl::parse("globex").unwrap()
    }

    const REG: &str = r#"{"admin_email": "greta@globex.example", "admin_id": 9}"#;
    const API_TOKEN: &str = "the-typed-api-token";

    /// Settings in memory, recording each write.
    #[derive(Default)]
    struct FakeStore {
        settings: RefCell<Settings>,
        writes: RefCell<Vec<Settings>>,
        fail_writes: bool,
    }

    impl SettingsStore for FakeStore {
        fn read(&self) -> LocalBoxFuture<'_, Result<Settings, StoreError>> {
            let now = self.settings.borrow().clone();
            Box::pin(async move { Ok(now) })
        }
        fn write(&self, changes: Settings) -> LocalBoxFuture<'_, Result<Settings, StoreError>> {
            self.writes.borrow_mut().push(changes.clone());
            if self.fail_writes {
                return Box::pin(async { Err(StoreError::Http(HttpError::Timeout)) });
            }
            let mut now = self.settings.borrow_mut();
            for (k, v) in changes {
                now.insert(k, v);
            }
            let saved = now.clone();
            Box::pin(async move { Ok(saved) })
        }
    }

    fn me_ok() -> Result<deskset_web::http::Response, HttpError> {
        answer(200, json!({"user": {"id": 9, "role": "admin"}}))
    }

    fn installations_ok() -> Result<deskset_web::http::Response, HttpError> {
        answer(
            200,
            json!({"installations": [{"settings": {"name": "deskset", "registration": REG}, "enabled": true}]}),
        )
    }

    /// The source's answers up to a token made (checks, this target's client found, a read
    /// token), then `next` (the answer to the revoke that follows a failure).
    fn through_the_exchange(
        next: Result<deskset_web::http::Response, HttpError>,
    ) -> Vec<Result<deskset_web::http::Response, HttpError>> {
        vec![
            me_ok(),
            installations_ok(),
            answer(
                200,
                json!({"clients": [{"id": 8, "identifier": "deskset_share_acme"}]}),
            ),
            answer(201, json!({"token": {"id": 56, "token": "readonlytoken"}})),
            next,
        ]
    }

    fn auth(r: &Request) -> Option<String> {
        r.headers
            .iter()
            .find(|(k, _)| k == "Authorization")
            .map(|(_, v)| v.clone())
    }

    #[wasm_bindgen_test]
    async fn checks_go_in_order_with_the_typed_credentials_and_stop_at_the_first_refusal() {
        let t = FakeTransport::new(vec![me_ok(), installations_ok()]);
        let (reg, admin_id) =
            check_source(&api(t.clone()), &globex(), "Greta@globex.example", "tok")
                .await
                .unwrap();
        assert_eq!(admin_id, 9);
        assert_eq!(reg.admin_email, "greta@globex.example");
        {
            let seen = t.seen.borrow();
            assert_eq!(
                seen[0].url,
                "https://globex.zendesk.com/api/v2/users/me.json"
            );
            assert_eq!(
                seen[1].url,
                "https://globex.zendesk.com/api/v2/apps/installations.json"
            );
            assert_eq!(
                auth(&seen[0]),
                Some(format!(
                    "Basic {}",
                    deskset_domain::share::basic_credentials("Greta@globex.example", "tok")
                ))
            );
            assert!(!seen[0].secure, "not saved yet: no placeholder to fill");
        }
        let refused = FakeTransport::new(vec![answer(
            401,
            json!({"error": "Couldn't authenticate you"}),
        )]);
        assert_eq!(
            check_source(&api(refused.clone()), &globex(), "g@globex.example", "bad").await,
            Err(ShareProblem::CredentialsRejected)
        );
        assert_eq!(refused.seen.borrow().len(), 1, "stops at the first refusal");
        let offline = FakeTransport::new(vec![Err(HttpError::Network("offline".into()))]);
        assert_eq!(
            check_source(&api(offline), &globex(), "g@globex.example", "t").await,
            Err(ShareProblem::Unreachable)
        );
    }

    #[wasm_bindgen_test]
    fn a_saved_share_is_asked_with_its_token_as_bearer() {
        let r = source_request(&globex(), 3, Method::Get, "/api/v2/apps/installations.json");
        assert!(r.secure);
        assert_eq!(auth(&r).as_deref(), Some("Bearer {{setting.share_auth_3}}"));
    }

    #[wasm_bindgen_test]
    async fn the_exchange_reuses_this_targets_client_and_asks_for_a_read_token() {
        let t = FakeTransport::new(vec![
            answer(
                200,
                json!({"clients": [{"id": 1, "identifier": "other"}], "meta": {"has_more": true},
                "links": {"next": "https://globex.zendesk.com/api/v2/oauth/clients.json?page[after]=a"}}),
            ),
            answer(
                200,
                json!({"clients": [{"id": 7, "identifier": "deskset_share_acme"}], "meta": {"has_more": false}}),
            ),
            answer(
                201,
                json!({"token": {"id": 55, "token": "fulltokenvalue", "scopes": ["read"]}}),
            ),
        ]);
        let token = exchange(
            &api(t.clone()),
            &globex(),
            "acme",
            ("g@globex.example", 9),
            API_TOKEN,
        )
        .await
        .unwrap();
        assert_eq!((token.id, token.value.as_str()), (55, "fulltokenvalue"));
        let seen = t.seen.borrow().clone();
        assert_eq!(seen.len(), 3, "no second client");
        assert_eq!(
            seen[2].url,
            "https://globex.zendesk.com/api/v2/oauth/tokens.json"
        );
        assert_eq!(seen[2].method, Method::Post);
        assert_eq!(
            seen[2].body,
            Some(json!({"token": {"client_id": 7, "scopes": ["read"]}}))
        );

        // No client yet: one is made, named for deskset and this account.
        let t = FakeTransport::new(vec![
            answer(200, json!({"clients": [], "meta": {"has_more": false}})),
            answer(201, json!({"client": {"id": 8}})),
            answer(
                201,
                json!({"token": {"id": 56, "full_token": "longer", "token": "shorter"}}),
            ),
        ]);
        let token = exchange(
            &api(t.clone()),
            &globex(),
            "acme",
            ("g@globex.example", 9),
            API_TOKEN,
        )
        .await
        .unwrap();
        assert_eq!(token.value, "longer");
        let made = t.seen.borrow()[1].body.clone().unwrap_or_default();
        assert_eq!(made["client"]["identifier"], json!("deskset_share_acme"));
        assert_eq!(
            made["client"]["user_id"],
            json!(9),
            "made by the source's admin"
        );
    }

    #[wasm_bindgen_test]
    async fn each_exchange_refusal_says_why() {
        let list_empty = || answer(200, json!({"clients": [], "meta": {"has_more": false}}));
        let forbidden = FakeTransport::new(vec![
            list_empty(),
            answer(403, json!({"error": "Forbidden"})),
        ]);
        assert_eq!(
            exchange(&api(forbidden), &globex(), "acme", ("g", 9), "t").await,
            Err(ShareProblem::OAuthForbidden)
        );
        let invalid = FakeTransport::new(vec![
            list_empty(),
            answer(201, json!({"client": {"id": 8}})),
            answer(
                422,
                json!({"error": "RecordInvalid", "details": {"scopes": [{"description": "Scopes: is invalid"}]}}),
            ),
        ]);
        assert_eq!(
            exchange(&api(invalid), &globex(), "acme", ("g", 9), "t").await,
            Err(ShareProblem::OAuthInvalid(Some(
                "Scopes: is invalid".into()
            )))
        );
        let refused = FakeTransport::new(vec![answer(401, json!({}))]);
        assert_eq!(
            exchange(&api(refused), &globex(), "acme", ("g", 9), "t").await,
            Err(ShareProblem::OAuthRefused)
        );
    }

    fn adder() -> Adder<'static> {
        Adder {
            subdomain: "acme",
            email: "ada@acme.example",
            now: "2026-12-03T10:00:00Z".into(),
        }
    }

    fn form() -> NewShare {
        NewShare {
            url: "globex".into(),
            username: "greta@globex.example".into(),
            token: API_TOKEN.into(),
        }
    }

    #[wasm_bindgen_test]
    async fn an_added_share_keeps_the_read_token_and_never_the_api_token() {
        let t = FakeTransport::new(vec![
            me_ok(),
            installations_ok(),
            answer(200, json!({"clients": [], "meta": {"has_more": false}})),
            answer(201, json!({"client": {"id": 8}})),
            answer(201, json!({"token": {"id": 56, "token": "readonlytoken"}})),
        ]);
        let store = FakeStore::default();
        let origin = add(&api(t), &store, adder(), &[], form()).await.unwrap();
        assert_eq!(origin, "https://globex.zendesk.com");
        let writes = store.writes.borrow();
        assert_eq!(writes.len(), 1);
        assert_eq!(writes[0]["share_auth_1"], json!("readonlytoken"));
        let text = serde_json::to_string(&*writes).unwrap();
        assert!(!text.contains(API_TOKEN), "the API token is never stored");
        let shares = deskset_domain::share::shares(writes[0].get("shares"));
        assert_eq!(shares[0].token_id, Some(56));
        assert_eq!(shares[0].created_by, "ada@acme.example");
    }

    #[wasm_bindgen_test]
    async fn a_refused_exchange_or_a_failed_save_stores_nothing() {
        let t = FakeTransport::new(vec![
            me_ok(),
            installations_ok(),
            answer(403, json!({"error": "Forbidden"})),
        ]);
        let store = FakeStore::default();
        assert_eq!(
            add(&api(t), &store, adder(), &[], form()).await,
            Err(AddError::Refused(ShareProblem::OAuthForbidden))
        );
        assert!(store.writes.borrow().is_empty());

        // The save fails after the source made the token: it is revoked again, with itself.
        let t = FakeTransport::new(through_the_exchange(answer(204, json!(null))));
        let store = FakeStore {
            fail_writes: true,
            ..FakeStore::default()
        };
        assert!(matches!(
            add(&api(t.clone()), &store, adder(), &[], form()).await,
            Err(AddError::Failed(_))
        ));
        let seen = t.seen.borrow();
        let last = seen.last().unwrap();
        assert_eq!(last.method, Method::Delete);
        assert_eq!(
            last.url,
            "https://globex.zendesk.com/api/v2/oauth/tokens/current.json"
        );
        assert_eq!(auth(last).as_deref(), Some("Bearer readonlytoken"));
    }

    #[wasm_bindgen_test]
    async fn a_share_another_admin_added_meanwhile_revokes_the_new_token_and_keeps_theirs() {
        let t = FakeTransport::new(through_the_exchange(answer(204, json!(null))));
        // On screen: no shares. In Zendesk, meanwhile: another admin's share of globex.
        let store = FakeStore::default();
        store.settings.borrow_mut().insert(
            "shares".into(),
            json!(
                json!([{"slot": 1, "source_url": "https://globex.zendesk.com", "username": "g"}])
                    .to_string()
            ),
        );
        assert_eq!(
            add(&api(t.clone()), &store, adder(), &[], form()).await,
            Err(AddError::Refused(ShareProblem::AlreadyShared))
        );
        assert!(
            store.writes.borrow().is_empty(),
            "theirs is kept, nothing written"
        );
        let seen = t.seen.borrow().clone();
        let last = seen.last().unwrap();
        assert_eq!(
            last.method,
            Method::Delete,
            "the new token is revoked again"
        );
        assert_eq!(auth(last).as_deref(), Some("Bearer readonlytoken"));
    }

    #[wasm_bindgen_test]
    async fn a_failed_save_whose_token_cannot_be_revoked_says_a_token_is_left() {
        let t = FakeTransport::new(through_the_exchange(answer(
            403,
            json!({"error": "Forbidden"}),
        )));
        let store = FakeStore {
            fail_writes: true,
            ..FakeStore::default()
        };
        assert!(matches!(
            add(&api(t), &store, adder(), &[], form()).await,
            Err(AddError::TokenLeft(_))
        ));
    }

    #[wasm_bindgen_test]
    async fn removing_revokes_the_token_first_then_clears_its_slot() {
        let store = FakeStore::default();
        store.settings.borrow_mut().insert(
            "shares".into(),
            json!(json!([{"slot": 2, "source_url": "https://globex.zendesk.com", "username": "g", "token_id": 56, "keep": true},
                         {"slot": 1, "source_url": "https://initech.zendesk.com", "username": "i"}]).to_string()),
        );
        let t = FakeTransport::new(vec![
            answer(204, json!(null)),
            answer(401, json!({"error": "Couldn't authenticate you"})),
        ]);
        let revoked = remove(&api(t.clone()), &store, "globex.zendesk.com")
            .await
            .unwrap();
        assert_eq!(revoked, Revoked::Revoked);
        let seen = t.seen.borrow().clone();
        assert_eq!(seen.len(), 2, "revoke, then check it no longer signs in");
        assert_eq!(seen[1].method, Method::Get);
        assert_eq!(seen[0].method, Method::Delete);
        assert!(seen[0].secure);
        assert_eq!(
            auth(&seen[0]).as_deref(),
            Some("Bearer {{setting.share_auth_2}}")
        );
        {
            let writes = store.writes.borrow();
            assert_eq!(writes[0]["share_auth_2"], json!(""));
            let left = deskset_domain::share::shares(writes[0].get("shares"));
            assert_eq!(left.len(), 1);
            assert_eq!(left[0].source_url, "https://initech.zendesk.com");
        }

        // A 204 that left the token working is no revoke.
        store.settings.borrow_mut().insert(
            "shares".into(),
            json!(json!([{"slot": 3, "source_url": "https://globex.zendesk.com", "username": "g", "token_id": 57}]).to_string()),
        );
        let t = FakeTransport::new(vec![
            answer(204, json!(null)),
            answer(200, json!({"token": {"id": 57}})),
        ]);
        assert_eq!(
            remove(&api(t), &store, "globex").await,
            Ok(Revoked::NotRevoked)
        );
        store.settings.borrow_mut().insert(
            "shares".into(),
            json!(
                json!([{"slot": 1, "source_url": "https://initech.zendesk.com", "username": "i"}])
                    .to_string()
            ),
        );

        // An unreachable source: removed here all the same, and the answer says so.
        let t = FakeTransport::new(vec![Err(HttpError::Network("offline".into()))]);
        assert_eq!(
            remove(&api(t), &store, "initech").await,
            Ok(Revoked::NotRevoked)
        );
        assert!(deskset_domain::share::shares(store.settings.borrow().get("shares")).is_empty());
    }
}
