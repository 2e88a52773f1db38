//! Browser tests: the views and the ZAF layer in headless Chromium
//! (`cargo xtask test` runs them with wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

use deskset::app::{App, AppProps};
use deskset::http::{Api, HttpError, Request, Response, Transport};
use deskset::session::Session;
use deskset::views::console::Console;
use deskset::views::roles::RolesTab;
use deskset::zaf::{CurrentUser, NoClient, ZafClient, ZafError};
use deskset_domain::access::UserRole;
use deskset_domain::i18n::Catalog;
use deskset_domain::i18n::Translator;
use futures::future::LocalBoxFuture;
use serde_json::json;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

// ---------------------------------------------------------------- fakes and helpers

/// A transport that answers from a queue and records what it was asked.
#[derive(Default)]
struct FakeTransport {
    answers: RefCell<VecDeque<Result<Response, HttpError>>>,
    seen: RefCell<Vec<Request>>,
}

impl FakeTransport {
    fn new(answers: Vec<Result<Response, HttpError>>) -> Rc<Self> {
        Rc::new(Self {
            answers: RefCell::new(answers.into()),
            seen: RefCell::default(),
        })
    }
    fn push(&self, answer: Result<Response, HttpError>) {
        self.answers.borrow_mut().push_back(answer);
    }
}

impl Transport for FakeTransport {
    fn send(&self, request: Request) -> LocalBoxFuture<'_, Result<Response, HttpError>> {
        self.seen.borrow_mut().push(request);
        let answer = self
            .answers
            .borrow_mut()
            .pop_front()
            .unwrap_or(Err(HttpError::Network("no answer queued".into())));
        Box::pin(async move { answer })
    }
}

fn answer(status: u16, body: serde_json::Value) -> Result<Response, HttpError> {
    let mut headers = Vec::new();
    if status == 429 {
        headers.push(("retry-after".to_string(), "1".to_string()));
    }
    Ok(Response {
        status,
        headers,
        body: body.to_string(),
    })
}

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

fn user(role: &str) -> CurrentUser {
    CurrentUser(
        json!({"id": 1, "name": "Ada", "email": "ada@acme.test", "role": role, "locale": "en-US"}),
    )
}

fn session(transport: Rc<FakeTransport>, role: &str) -> Rc<Session> {
    // No real waiting between retries in tests: the policy, not the clock, is under test.
    let api = Api::new(transport).with_sleep(Rc::new(|_| Box::pin(async {})));
    Rc::new(Session {
        api,
        user: user(role),
        subdomain: "acme".into(),
        installation_id: Some(1),
    })
}

#[derive(Properties, PartialEq)]
struct HarnessProps {
    session: Rc<Session>,
    locale: AttrValue,
    children: Html,
}

#[component]
fn Harness(props: &HarnessProps) -> Html {
    html! {
        <ContextProvider<Rc<Translator>> context={Rc::new(translator(&props.locale))}>
            <ContextProvider<Rc<Session>> context={props.session.clone()}>
                { props.children.clone() }
            </ContextProvider<Rc<Session>>>
        </ContextProvider<Rc<Translator>>>
    }
}

/// The translator the app would load for `locale` (the browser tests have no assets/ to fetch from).
fn translator(locale: &str) -> Translator {
    let english = Catalog::from_json(include_str!("../static/translations/en.json")).unwrap();
    match locale {
        "fr" => Translator::new(
            "fr",
            Catalog::from_json(include_str!("../static/translations/fr.json")).unwrap(),
            english,
        ),
        _ => Translator::new("en", english.clone(), english),
    }
}

fn mount() -> Element {
    let document = gloo_document();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

fn gloo_document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn render(session: Rc<Session>, locale: &str, children: Html) -> Element {
    let root = mount();
    yew::Renderer::<Harness>::with_root_and_props(
        root.clone(),
        HarnessProps {
            session,
            locale: AttrValue::from(locale.to_string()),
            children,
        },
    )
    .render();
    root
}

/// Waits until `selector` matches inside `root` (or fails after 3 s).
async fn wait_for(root: &Element, selector: &str) -> Element {
    for _ in 0..150 {
        if let Ok(Some(el)) = root.query_selector(selector) {
            return el;
        }
        yew::platform::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{selector} never appeared; DOM: {}", root.inner_html());
}

fn rows(root: &Element) -> Vec<String> {
    let list = root
        .query_selector_all("table[data-testid=roles-table] tbody tr th")
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
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

#[wasm_bindgen_test]
async fn without_zaf_the_app_asks_to_be_opened_in_zendesk() {
    let root = mount();
    yew::Renderer::<App>::with_root_and_props(
        root.clone(),
        AppProps {
            client: Err(NoClient::NotInZendesk),
        },
    )
    .render();
    let el = wait_for(&root, "[data-state=outside-zendesk]").await;
    assert!(el.text_content().unwrap_or_default().contains("Zendesk"));

    // A blocked SDK is a different problem, with its own advice.
    let root = mount();
    yew::Renderer::<App>::with_root_and_props(
        root.clone(),
        AppProps {
            client: Err(NoClient::SdkMissing),
        },
    )
    .render();
    let el = wait_for(&root, "[data-state=sdk-missing]").await;
    assert!(el
        .text_content()
        .unwrap_or_default()
        .contains("static.zdassets.com"));
}

// ---------------------------------------------------------------- ZAF facade over a fake SDK

/// Installs a fake `window.ZAFClient` whose client answers as the SDK does.
fn install_fake_sdk(script: &str) {
    js_sys::eval(script).unwrap();
}

const FAKE_SDK: &str = r#"
window.__zafCalls = [];
window.ZAFClient = { init: function () { return window.__fakeClient; } };
window.__handlers = {};
window.__fire = function (name, payload) { (window.__handlers[name] || []).forEach(function (h) { h(payload); }); };
window.__fakeClient = {
  context: function () { return Promise.resolve({location: 'nav_bar', instanceGuid: 'g', account: {subdomain: 'acme'}}); },
  metadata: function () { return Promise.resolve({installationId: 7, settings: {a: 1}}); },
  get: function (paths) {
    window.__zafCalls.push(['get', paths]);
    var p = paths[0];
    if (p === 'currentUser') return Promise.resolve({currentUser: {id: 5, name: 'Ada', role: 'admin', locale: 'nl'}, errors: {}});
    if (p === 'currentAccount') return Promise.resolve({currentAccount: {subdomain: 'acme', planName: 'enterprise'}, errors: {}});
    return Promise.resolve({errors: (function () { var e = {}; e[p] = {name: 'APIUnavailable', message: 'not here', path: p}; return e; })()});
  },
  invoke: function (name, arg) { window.__zafCalls.push(['invoke', name, arg]); return Promise.resolve({}); },
  on: function (name, handler) { (window.__handlers[name] = window.__handlers[name] || []).push(handler); },
  off: function (name, handler) { window.__handlers[name] = (window.__handlers[name] || []).filter(function (h) { return h !== handler; }); return handler; },
  request: function (options) {
    window.__zafCalls.push(['request', options]);
    if (options.url === '/ok') return Promise.resolve({status: 200, statusText: 'OK', responseText: '{"x":1}', headers: {'Content-Type': 'application/json'}});
    if (options.url === '/fail') return Promise.reject({status: 500, statusText: 'Internal', responseText: '{"description":"boom"}', headers: {}});
    if (options.url === '/offline') return Promise.reject({status: 0, statusText: 'error'});
    if (options.url === '/hang') return new Promise(function () {});
    return Promise.reject('weird');
  }
};
"#;

#[wasm_bindgen_test]
async fn zaf_facade_reads_context_user_and_path_errors() {
    install_fake_sdk(FAKE_SDK);
    let client = ZafClient::init().expect("fake SDK returns a client");
    let account = client.current_account().await.unwrap();
    assert_eq!(account.subdomain(), "acme");
    assert_eq!(account.plan_name(), Some("enterprise"));
    let context = client.context().await.unwrap();
    assert_eq!(context.location(), "nav_bar");
    assert_eq!(context.subdomain(), "acme");
    let user = client.current_user().await.unwrap();
    assert_eq!(user.role(), UserRole::Admin);
    assert_eq!(user.locale(), Some("nl"));
    assert_eq!(user.id(), Some(5));
    assert_eq!(user.email(), None);
    match client.ticket_requester().await {
        Err(ZafError::Path { path, message }) => {
            assert_eq!(path, "ticket.requester");
            assert_eq!(message, "not here");
        }
        other => panic!("{other:?}"),
    }
    let metadata = client.metadata().await.unwrap();
    assert_eq!(
        metadata.settings().and_then(|s| s.get("a")),
        Some(&json!(1))
    );
    assert_eq!(metadata.installation_id(), Some(7));
    client.resize("100%", "321px").await.unwrap();
    let calls = js_sys::JSON::stringify(&js_sys::eval("window.__zafCalls").unwrap())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(
        calls.contains(r#"["invoke","resize",{"width":"100%","height":"321px"}]"#),
        "{calls}"
    );
}

#[wasm_bindgen_test]
async fn zaf_transport_maps_answers_failures_and_no_answer() {
    use deskset::http::ZafTransport;
    install_fake_sdk(FAKE_SDK);
    let transport = ZafTransport::new(ZafClient::init().unwrap());
    let ok = transport.send(Request::get("/ok")).await.unwrap();
    assert_eq!(ok.status, 200);
    assert_eq!(ok.body, r#"{"x":1}"#);
    assert_eq!(ok.header("content-type"), Some("application/json"));
    // A rejected promise with an HTTP status is still an answer.
    let failed = transport.send(Request::get("/fail")).await.unwrap();
    assert_eq!(failed.status, 500);
    assert!(matches!(
        transport.send(Request::get("/offline")).await,
        Err(HttpError::Network(_))
    ));
    assert!(matches!(
        transport.send(Request::get("/weird")).await,
        Err(HttpError::Network(_))
    ));
    let sent = js_sys::JSON::stringify(&js_sys::eval("window.__zafCalls[0][1]").unwrap())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(sent.contains(r#""httpCompleteResponse":true"#), "{sent}");
    assert!(sent.contains(r#""autoRetry":false"#), "{sent}");
}

#[wasm_bindgen_test]
fn init_says_why_there_is_no_client() {
    js_sys::eval("delete window.ZAFClient").unwrap();
    assert_eq!(ZafClient::init().err(), Some(NoClient::SdkMissing));
    js_sys::eval("window.ZAFClient = { init: function () { return false; } }").unwrap();
    assert_eq!(ZafClient::init().err(), Some(NoClient::NotInZendesk));
}

#[wasm_bindgen_test]
async fn zaf_events_reach_the_handler_with_their_payload() {
    install_fake_sdk(FAKE_SDK);
    let client = ZafClient::init().unwrap();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    let subscription = client
        .on("ticket.requester.email.changed", move |payload| {
            sink.borrow_mut().push(payload)
        })
        .unwrap();
    js_sys::eval("window.__fire('ticket.requester.email.changed', {email: 'b@x.test'})").unwrap();
    js_sys::eval("window.__fire('other.event', 1)").unwrap();
    js_sys::eval("window.__fire('ticket.requester.email.changed')").unwrap();
    assert_eq!(
        *seen.borrow(),
        vec![json!({"email": "b@x.test"}), serde_json::Value::Null]
    );
    // Dropped, the subscription is gone from ZAF: later events reach nothing (and throw nothing).
    drop(subscription);
    js_sys::eval("window.__fire('ticket.requester.email.changed', {email: 'c@x.test'})").unwrap();
    assert_eq!(seen.borrow().len(), 2);
    assert_eq!(
        js_sys::eval("window.__handlers['ticket.requester.email.changed'].length")
            .unwrap()
            .as_f64(),
        Some(0.0)
    );
}

#[wasm_bindgen_test]
async fn a_request_without_an_answer_times_out() {
    use deskset::http::ZafTransport;
    install_fake_sdk(FAKE_SDK);
    let transport =
        ZafTransport::new(ZafClient::init().unwrap()).with_timeout(Duration::from_millis(100));
    assert_eq!(
        transport.send(Request::get("/hang")).await,
        Err(HttpError::Timeout)
    );
    // The time limit is also passed to ZAF with the request.
    let sent = js_sys::JSON::stringify(
        &js_sys::eval("window.__zafCalls[window.__zafCalls.length - 1][1]").unwrap(),
    )
    .unwrap()
    .as_string()
    .unwrap();
    assert!(sent.contains(r#""timeout":100"#), "{sent}");
}

// ---------------------------------------------------------------- custom role API calls

fn api(transport: Rc<FakeTransport>) -> Api {
    Api::new(transport).with_sleep(Rc::new(|_| Box::pin(async {})))
}

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
    use deskset::http::Method;
    use deskset::zendesk::roles;
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

// ---------------------------------------------------------------- Autotask calls

fn zone() -> deskset_domain::autotask::Zone {
    deskset_domain::autotask::Zone::from_json(&json!({
        "url": "https://webservices15.autotask.net/ATServicesRest/", "webUrl": "https://ww15.autotask.net/", "ci": 1
    }))
    .unwrap()
}

fn connection(own: bool) -> deskset::autotask::Connection {
    deskset::autotask::Connection {
        username: "api@acme-it.example".into(),
        own_integration_code: own,
    }
}

#[wasm_bindgen_test]
async fn autotask_calls_send_placeholders_never_secrets() {
    use deskset::autotask::{find_contact, find_zone};
    use deskset_domain::autotask::ContactMatch;
    let transport = FakeTransport::new(vec![
        answer(
            200,
            json!({"url": "https://webservices15.autotask.net/ATServicesRest/", "webUrl": "https://ww15.autotask.net/", "ci": 9}),
        ),
        answer(
            200,
            json!({"items": [{"id": 30, "emailAddress": "ada@acme.example", "isActive": 1}], "pageDetails": {"nextPageUrl": null}}),
        ),
    ]);
    let api = api(transport.clone());
    let zone = find_zone(&api, "api@acme-it.example").await.unwrap();
    assert_eq!(zone.ci, Some(9));
    let found = find_contact(&api, &zone, &connection(true), "ada@acme.example")
        .await
        .unwrap();
    assert_eq!(found, ContactMatch::One(30));
    let seen = transport.seen.borrow();
    assert!(seen[0]
        .url
        .ends_with("zoneInformation?user=api%40acme-it.example"));
    assert!(
        !seen[0].secure && seen[0].headers.is_empty(),
        "the zone lookup needs no auth"
    );
    let contacts = &seen[1];
    assert_eq!(
        contacts.url,
        "https://webservices15.autotask.net/ATServicesRest/V1.0/Contacts/query"
    );
    assert!(contacts.secure, "the proxy must fill the placeholders");
    let header = |name: &str| {
        contacts
            .headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(header("Secret"), Some("{{setting.autotask_secret}}"));
    assert_eq!(
        header("ApiIntegrationCode"),
        Some("{{setting.autotask_integration_code}}")
    );
    assert_eq!(header("UserName"), Some("api@acme-it.example"));
    assert!(
        contacts.headers.iter().all(|(k, _)| !k.contains('_')),
        "the proxy refuses underscores in header names"
    );
}

#[wasm_bindgen_test]
async fn autotask_tickets_follow_pages_up_to_the_cap() {
    use deskset::autotask::tickets;
    const NOW: i64 = 1_795_000_000_000;
    let page_answer = |ids: std::ops::Range<u64>, next: Option<&str>| {
        let items: Vec<serde_json::Value> = ids.map(|i| json!({"id": i, "lastActivityDate": format!("2026-11-{:02}T00:00:00Z", i % 28 + 1)})).collect();
        answer(
            200,
            json!({"items": items, "pageDetails": {"nextPageUrl": next}}),
        )
    };
    let count = |n: u64| answer(200, json!({"queryCount": n}));
    let next = |n: u32| {
        format!(
            "https://webservices15.autotask.net/ATServicesRest/V1.0/Tickets/query/next?paging={n}"
        )
    };
    let since = |request: &deskset::http::Request| {
        request.body.as_ref().unwrap()["filter"][1]["value"].clone()
    };

    // Two pages and the end: everything, nothing more.
    let transport = FakeTransport::new(vec![
        page_answer(0..3, Some(&next(2))),
        count(5),
        page_answer(3..5, None),
    ]);
    let (list, more) = tickets(
        &api(transport.clone()),
        &zone(),
        &connection(false),
        30,
        NOW,
        90,
    )
    .await
    .unwrap();
    assert_eq!((list.len(), more), (5, false));
    assert_eq!(transport.seen.borrow()[2].url, next(2));
    assert!(transport.seen.borrow()[2].secure);
    // Newest activity first.
    assert!(list
        .windows(2)
        .all(|w| w[0]["lastActivityDate"].as_str() >= w[1]["lastActivityDate"].as_str()));

    // More pages than the cap though the count said they fit (tickets moved meanwhile): stop and say so.
    let transport = FakeTransport::new(vec![
        page_answer(0..2, Some(&next(2))),
        count(8),
        page_answer(2..4, Some(&next(3))),
        page_answer(4..6, None),
    ]);
    let (list, more) = tickets(
        &api(transport.clone()),
        &zone(),
        &connection(false),
        30,
        NOW,
        90,
    )
    .await
    .unwrap();
    assert_eq!((list.len(), more), (4, true));
    assert_eq!(transport.seen.borrow().len(), 3);

    // More in the window than the pages can hold: the window narrows so the newest fit.
    let transport = FakeTransport::new(vec![
        page_answer(0..2, Some(&next(2))),
        count(2_700),
        count(1_100),
        count(950),
        page_answer(100..102, None),
    ]);
    let (list, more) = tickets(
        &api(transport.clone()),
        &zone(),
        &connection(false),
        30,
        NOW,
        90,
    )
    .await
    .unwrap();
    assert_eq!((list.len(), more), (2, true));
    {
        let seen = transport.seen.borrow();
        assert!(seen[1].url.ends_with("Tickets/query/count"));
        assert_eq!(
            since(&seen[1]),
            since(&seen[0]),
            "the count asks about the same window"
        );
        assert_eq!(
            since(&seen[2]),
            json!(deskset_domain::autotask::window_start(NOW, 33)),
            "90 days * 1000 / 2700"
        );
        assert_eq!(
            since(&seen[3]),
            json!(deskset_domain::autotask::window_start(NOW, 30)),
            "still too many: 33 * 1000 / 1100"
        );
        assert_eq!(
            since(&seen[4]),
            since(&seen[3]),
            "950 fit: the tickets of that window"
        );
        assert_eq!(seen.len(), 5);
    }

    // A next page on another host is not followed (the secret would go with it).
    let transport = FakeTransport::new(vec![
        page_answer(0..2, Some("https://evil.example/next")),
        count(4),
    ]);
    let (list, _) = tickets(
        &api(transport.clone()),
        &zone(),
        &connection(false),
        30,
        NOW,
        90,
    )
    .await
    .unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(transport.seen.borrow().len(), 2);

    // deskset's own integration code when the admin did not choose theirs.
    let first = &transport.seen.borrow()[0];
    assert_eq!(
        first
            .headers
            .iter()
            .find(|(k, _)| k == "ApiIntegrationCode")
            .map(|(_, v)| v.as_str()),
        Some(deskset::autotask::DESKSET_INTEGRATION_CODE)
    );
}

#[wasm_bindgen_test]
async fn autotask_errors_mean_what_the_tile_says() {
    use deskset::autotask::{find_zone, ticket_picklists, AutotaskError};
    use deskset_domain::autotask::Trouble;
    let transport = FakeTransport::new(vec![
        answer(
            500,
            json!({"errors": ["Zone information could not be determined"]}),
        ),
        answer(401, json!({})),
        Err(HttpError::Timeout),
    ]);
    let api = api(transport);
    assert_eq!(
        find_zone(&api, "nobody").await,
        Err(AutotaskError::Trouble(Trouble::UnknownUser))
    );
    assert_eq!(
        ticket_picklists(&api, &zone(), &connection(false)).await,
        Err(AutotaskError::Trouble(Trouble::WrongSecret))
    );
    assert!(matches!(
        ticket_picklists(&api, &zone(), &connection(false)).await,
        Err(AutotaskError::Unreachable(_))
    ));
}

/// A tile load's answers, in the order the requests go out.
mod tile_load {
    use super::*;
    use deskset::autotask::{load, AutotaskError, Found};
    use deskset_domain::autotask::Trouble;
    use deskset_domain::tile::TileSettings;

    const NOW: i64 = 1_795_000_000_000;

    fn settings(username: &str) -> TileSettings {
        TileSettings {
            connection_name: None,
            username: username.into(),
            own_code: false,
            window_days: 90,
        }
    }

    fn zone_answer(n: u32) -> Result<Response, HttpError> {
        answer(
            200,
            json!({"zoneName": "z", "url": format!("https://webservices{n}.autotask.net/ATServicesRest/"),
                   "webUrl": format!("https://ww{n}.autotask.net/"), "ci": 1}),
        )
    }

    fn one_contact() -> Result<Response, HttpError> {
        answer(
            200,
            json!({"items": [{"id": 5, "emailAddress": "ada@acme.example", "isActive": 1}],
                   "pageDetails": {"nextPageUrl": null}}),
        )
    }

    fn picklists() -> Result<Response, HttpError> {
        answer(
            200,
            json!({"fields": [{"name": "status", "isPickList": true,
                "picklistValues": [{"value": "1", "label": "New", "isActive": true}]}]}),
        )
    }

    fn tickets() -> Result<Response, HttpError> {
        answer(
            200,
            json!({"items": [
                {"id": 1, "ticketNumber": "T1", "status": 1, "lastActivityDate": "2026-11-01T00:00:00Z"},
                {"id": 2, "ticketNumber": "T2", "status": 1, "lastActivityDate": "2026-11-03T00:00:00Z"}],
                "pageDetails": {"nextPageUrl": null}}),
        )
    }

    fn paths(transport: &FakeTransport) -> Vec<String> {
        transport
            .seen
            .borrow()
            .iter()
            .map(|r| {
                let url = r.url.split('?').next().unwrap_or_default();
                url.rsplit("V1.0/").next().unwrap_or_default().to_string()
            })
            .collect()
    }

    #[wasm_bindgen_test]
    async fn cold_then_warm_four_requests_then_two() {
        let user = "cold-warm@acme-it.example";
        let cold = FakeTransport::new(vec![zone_answer(15), one_contact(), tickets(), picklists()]);
        let loaded = load(
            &api(cold.clone()),
            &settings(user),
            "ada@acme.example",
            NOW,
            false,
        )
        .await
        .unwrap();
        assert_eq!(
            paths(&cold),
            [
                "zoneInformation",
                "Contacts/query",
                "Tickets/query",
                "Tickets/entityInformation/fields"
            ]
        );
        let Found::Tickets { rows, more } = &loaded.found else {
            panic!("tickets expected, got {:?}", loaded.found)
        };
        assert!(!more);
        assert_eq!(
            rows.iter()
                .map(|r| (r.number.as_str(), r.status.as_str()))
                .collect::<Vec<_>>(),
            [("T2", "New"), ("T1", "New")],
            "newest activity first, labelled"
        );

        let warm = FakeTransport::new(vec![one_contact(), tickets()]);
        let again = load(
            &api(warm.clone()),
            &settings(user),
            "ada@acme.example",
            NOW + 60_000,
            false,
        )
        .await
        .unwrap();
        assert_eq!(paths(&warm), ["Contacts/query", "Tickets/query"]);
        assert_eq!(
            again, loaded,
            "the same answer from the cached zone and labels"
        );
    }

    #[wasm_bindgen_test]
    async fn a_refused_cached_zone_is_looked_up_again_once() {
        let user = "moved@acme-it.example";
        let first = FakeTransport::new(vec![zone_answer(2), one_contact(), tickets(), picklists()]);
        load(&api(first), &settings(user), "ada@acme.example", NOW, false)
            .await
            .unwrap();
        let unauthorized = || answer(401, json!({"errors": ["Unauthorized"]}));
        let moved = FakeTransport::new(vec![
            unauthorized(),
            zone_answer(15),
            one_contact(),
            tickets(),
            picklists(),
        ]);
        let loaded = load(
            &api(moved.clone()),
            &settings(user),
            "ada@acme.example",
            NOW + 1,
            false,
        )
        .await
        .unwrap();
        assert_eq!(
            loaded.zone.url,
            "https://webservices15.autotask.net/ATServicesRest/"
        );
        assert_eq!(paths(&moved)[1], "zoneInformation");
        assert_eq!(moved.seen.borrow().len(), 5);

        // The same zone again: the secret is wrong after all; one bad login, not two.
        let same = FakeTransport::new(vec![unauthorized(), zone_answer(15)]);
        let result = load(
            &api(same.clone()),
            &settings(user),
            "ada@acme.example",
            NOW + 2,
            false,
        )
        .await;
        assert_eq!(
            result.err(),
            Some(AutotaskError::Trouble(Trouble::WrongSecret))
        );
        assert_eq!(paths(&same), ["Contacts/query", "zoneInformation"]);
    }

    #[wasm_bindgen_test]
    async fn a_refused_secret_is_believed_until_refresh() {
        let user = "wrong@acme-it.example";
        let unauthorized = || answer(401, json!({"errors": ["Unauthorized"]}));
        // A zone never confirmed: a 401 is the answer, after one bad login.
        let fresh = FakeTransport::new(vec![zone_answer(15), unauthorized()]);
        let result = load(
            &api(fresh.clone()),
            &settings(user),
            "ada@acme.example",
            NOW,
            false,
        )
        .await;
        assert_eq!(
            result.err(),
            Some(AutotaskError::Trouble(Trouble::WrongSecret))
        );
        assert_eq!(paths(&fresh), ["zoneInformation", "Contacts/query"]);
        // Another frame, another ticket: Autotask is not asked (no second bad login).
        let quiet = FakeTransport::new(vec![]);
        let result = load(
            &api(quiet.clone()),
            &settings(user),
            "x@y.z",
            NOW + 60_000,
            false,
        )
        .await;
        assert_eq!(
            result.err(),
            Some(AutotaskError::Trouble(Trouble::WrongSecret))
        );
        assert!(quiet.seen.borrow().is_empty());
        // Refresh asks again (the admin may have fixed the secret), and success forgets the refusal.
        let fixed = FakeTransport::new(vec![one_contact(), tickets(), picklists()]);
        load(
            &api(fixed.clone()),
            &settings(user),
            "ada@acme.example",
            NOW + 120_000,
            true,
        )
        .await
        .unwrap();
        assert_eq!(fixed.seen.borrow().len(), 3);
        let after = FakeTransport::new(vec![one_contact(), tickets()]);
        load(
            &api(after.clone()),
            &settings(user),
            "ada@acme.example",
            NOW + 180_000,
            false,
        )
        .await
        .unwrap();
        // After the refusal's time, Autotask is asked again without Refresh.
        let later = FakeTransport::new(vec![unauthorized()]);
        let _ = load(
            &api(later.clone()),
            &settings(user),
            "ada@acme.example",
            NOW + 200_000,
            false,
        )
        .await;
        let again = FakeTransport::new(vec![unauthorized(), zone_answer(15)]);
        let result = load(
            &api(again.clone()),
            &settings(user),
            "ada@acme.example",
            NOW + 200_000 + deskset_domain::tile::REFUSAL_TTL_MS,
            false,
        )
        .await;
        assert_eq!(
            result.err(),
            Some(AutotaskError::Trouble(Trouble::WrongSecret))
        );
        assert_eq!(again.seen.borrow().len(), 2);
    }

    #[wasm_bindgen_test]
    async fn a_busy_autotask_is_asked_again_twice_then_the_tile_says_so() {
        let busy = || {
            answer(
                500,
                json!({"errors": ["Thread threshold exceeded: the API thread threshold of 3 threads has been exceeded. Try again later."]}),
            )
        };
        let user = "busy@acme-it.example";
        let t = FakeTransport::new(vec![
            zone_answer(15),
            busy(),
            busy(),
            one_contact(),
            tickets(),
            picklists(),
        ]);
        let loaded = load(
            &api(t.clone()),
            &settings(user),
            "ada@acme.example",
            NOW,
            false,
        )
        .await;
        assert!(
            matches!(loaded, Ok(ref l) if matches!(l.found, Found::Tickets { .. })),
            "{loaded:?}"
        );
        assert_eq!(
            paths(&t),
            [
                "zoneInformation",
                "Contacts/query",
                "Contacts/query",
                "Contacts/query",
                "Tickets/query",
                "Tickets/entityInformation/fields"
            ],
            "the zone is not looked up again"
        );

        let t = FakeTransport::new(vec![busy(), busy(), busy(), busy()]);
        let result = load(
            &api(t.clone()),
            &settings(user),
            "ada@acme.example",
            NOW + 1,
            false,
        )
        .await;
        assert_eq!(
            result.err(),
            Some(AutotaskError::Trouble(Trouble::Throttled))
        );
        assert_eq!(t.seen.borrow().len(), 3, "three tries, then the busy state");
    }

    #[wasm_bindgen_test]
    async fn without_picklists_the_raw_values_show_and_no_contact_is_its_own_answer() {
        let user = "nolists@acme-it.example";
        let t = FakeTransport::new(vec![
            zone_answer(15),
            one_contact(),
            tickets(),
            answer(
                500,
                json!({"errors": ["User does not have the adequate permissions"]}),
            ),
        ]);
        let loaded = load(&api(t), &settings(user), "ada@acme.example", NOW, false)
            .await
            .unwrap();
        let Found::Tickets { rows, .. } = loaded.found else {
            panic!("tickets expected")
        };
        assert_eq!(
            rows[0].status, "1",
            "the raw value when the labels could not be read"
        );

        let none = FakeTransport::new(vec![answer(
            200,
            json!({"items": [], "pageDetails": {"nextPageUrl": null}}),
        )]);
        let loaded = load(
            &api(none.clone()),
            &settings(user),
            "nobody@acme.example",
            NOW + 1,
            false,
        )
        .await
        .unwrap();
        assert_eq!(loaded.found, Found::NoContact);
        assert_eq!(
            paths(&none),
            ["Contacts/query"],
            "neither tickets nor labels without a contact"
        );
    }
}

/// The share checks against a source, over a fake transport.
mod share_checks {
    use super::*;
    use deskset::zendesk::account::{check_source, source_request};
    use deskset_domain::share::{ShareProblem, ZendeskUrl};

    fn globex() -> ZendeskUrl {
        ZendeskUrl::parse("globex").unwrap()
    }

    const REG: &str = r#"{"admin_email": "greta@globex.example", "admin_id": 9}"#;

    #[wasm_bindgen_test]
    async fn checks_go_in_order_with_the_typed_credentials_and_stop_at_the_first_refusal() {
        let t = FakeTransport::new(vec![
            answer(200, json!({"user": {"id": 9, "role": "admin"}})),
            answer(
                200,
                json!({"installations": [{"settings": {"name": "deskset", "registration": REG}, "enabled": true}]}),
            ),
        ]);
        let reg = check_source(&api(t.clone()), &globex(), "Greta@globex.example", "tok")
            .await
            .unwrap();
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
            let auth = seen[0]
                .headers
                .iter()
                .find(|(k, _)| k == "Authorization")
                .map(|(_, v)| v.clone());
            assert_eq!(
                auth.as_deref(),
                Some(
                    format!(
                        "Basic {}",
                        deskset_domain::share::basic_credentials("Greta@globex.example", "tok")
                    )
                    .as_str()
                )
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
    fn a_saved_share_is_asked_with_its_slot_placeholder() {
        let r = source_request(&globex(), 3, "/api/v2/apps/installations.json");
        assert!(r.secure);
        assert_eq!(
            r.headers,
            vec![(
                "Authorization".to_string(),
                "Basic {{setting.share_auth_3}}".to_string()
            )]
        );
    }
}
