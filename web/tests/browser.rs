//! Browser tests of what both apps share: the ZAF facade over a fake SDK, the transport, the
//! screen shown outside Zendesk (`cargo xtask test` runs them with wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

use deskset_domain::access::UserRole;
use deskset_web::app::{App, AppProps};
use deskset_web::http::{HttpError, Request, Transport};
use deskset_web::testing::{mount, wait_for};
use deskset_web::zaf::{NoClient, ZafClient, ZafError};
use serde_json::json;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn without_zaf_the_app_asks_to_be_opened_in_zendesk() {
    let root = mount();
    yew::Renderer::<App>::with_root_and_props(
        root.clone(),
        AppProps {
            boot: Err(NoClient::NotInZendesk),
            view: Callback::from(|_| html! {}),
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
            boot: Err(NoClient::SdkMissing),
            view: Callback::from(|_| html! {}),
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
    use deskset_web::http::ZafTransport;
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
async fn init_takes_the_client_the_page_started() {
    install_fake_sdk(FAKE_SDK);
    // iframe.html ran ZAFClient.init() before the wasm: the app uses that client, and does not
    // make a second one (whose handshake would start over).
    js_sys::eval(
        "window.__inits = 0; window.ZAFClient.init = function () { window.__inits++; return window.__fakeClient; };
         window.desksetZafClient = Object.assign({}, window.__fakeClient, {
           context: function () { return Promise.resolve({location: 'top_bar', account: {subdomain: 'early'}}); }
         });",
    )
    .unwrap();
    let client = ZafClient::init().expect("the page's client");
    assert_eq!(client.context().await.unwrap().subdomain(), "early");
    assert_eq!(js_sys::eval("window.__inits").unwrap().as_f64(), Some(0.0));
    // The page found no Zendesk around it.
    js_sys::eval("window.desksetZafClient = false").unwrap();
    assert_eq!(ZafClient::init().err(), Some(NoClient::NotInZendesk));
    // Without the page's attempt (an older iframe.html), the app starts the client itself.
    js_sys::eval("delete window.desksetZafClient").unwrap();
    assert!(ZafClient::init().is_ok());
    assert_eq!(js_sys::eval("window.__inits").unwrap().as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
async fn the_calls_iframe_html_sent_answer_the_app_s_first_calls() {
    use deskset_web::app::Boot;
    install_fake_sdk(FAKE_SDK);
    // What iframe.html leaves for the app (its list written by xtask dist).
    js_sys::eval(
        r#"window.desksetEarly = [
          {get: 'currentUser', at: Date.now(), promise: Promise.resolve({currentUser: {id: 9, role: 'admin'}, errors: {}})},
          {request: {type: 'GET', url: '/early'}, at: Date.now(),
           promise: Promise.resolve({status: 200, statusText: 'OK', responseText: '{"early":1}', headers: {}})},
          {request: {type: 'POST', url: '/write'}, at: Date.now(), promise: Promise.resolve({status: 200, responseText: '{}'})}
        ];"#,
    )
    .unwrap();
    let boot = Boot::new(ZafClient::init().unwrap());
    let calls = || {
        js_sys::JSON::stringify(&js_sys::eval("window.__zafCalls").unwrap())
            .unwrap()
            .as_string()
            .unwrap()
    };
    assert_eq!(boot.client.current_user().await.unwrap().id(), Some(9));
    let body = boot.api.json(Request::get("/early")).await.unwrap();
    assert_eq!(body, json!({"early": 1}));
    assert_eq!(calls(), "[]", "nothing asked again");
    // Taken once, and only reads: the next calls go to ZAF.
    assert_eq!(boot.client.current_user().await.unwrap().id(), Some(5));
    let _ = boot.api.send(Request::get("/early")).await;
    let _ = boot
        .api
        .send(deskset_web::http::Request::new(
            deskset_web::http::Method::Post,
            "/write",
        ))
        .await;
    let asked = calls();
    assert!(
        asked.contains(r#""url":"/early""#) && asked.contains(r#""url":"/write""#),
        "{asked}"
    );
    assert!(js_sys::eval("window.desksetEarly === undefined")
        .unwrap()
        .is_truthy());
}

#[wasm_bindgen_test]
async fn an_early_get_answers_the_first_get_of_its_path_once() {
    install_fake_sdk(FAKE_SDK);
    let client = ZafClient::init().unwrap();
    let gets = || {
        js_sys::eval("window.__zafCalls.filter(function (c) { return c[0] === 'get'; }).length")
            .unwrap()
            .as_f64()
    };
    client.get_now("currentUser");
    assert_eq!(gets(), Some(1.0), "sent at once");
    assert_eq!(client.current_user().await.unwrap().id(), Some(5));
    assert_eq!(gets(), Some(1.0), "the early answer, not a second get");
    // Taken once: the next get asks again, and another path never takes it.
    client.get_now("currentUser");
    assert!(client.get("currentAccount").await.is_ok());
    assert_eq!(gets(), Some(3.0));
    client.current_user().await.unwrap();
    client.current_user().await.unwrap();
    assert_eq!(gets(), Some(4.0));
}

#[wasm_bindgen_test]
async fn an_early_request_answers_the_first_equal_request_once() {
    use deskset_web::http::early::{Early, MAX_AGE_MS};
    use deskset_web::testing::{answer, FakeTransport};
    thread_local! {
        static NOW: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
    }
    let transport = FakeTransport::new(vec![
        answer(200, json!({"n": 1})),
        answer(200, json!({"n": 2})),
        answer(200, json!({"n": 3})),
        answer(200, json!({"n": 4})),
    ]);
    let early = Early::with_clock(transport.clone(), || NOW.with(|n| n.get()));
    early.send_now(Request::get("/api/v2/custom_roles"));
    // Asked early twice (the page and the app): sent once.
    early.send_now(Request::get("/api/v2/custom_roles"));
    // Sent before anyone asked.
    yew::platform::time::sleep(Duration::from_millis(1)).await;
    assert_eq!(transport.urls(), ["/api/v2/custom_roles"]);
    let body = |r: Result<deskset_web::http::Response, HttpError>| r.unwrap().body;
    assert_eq!(
        body(early.send(Request::get("/api/v2/custom_roles")).await),
        r#"{"n":1}"#
    );
    assert_eq!(transport.urls().len(), 1, "answered by the early request");
    // Once: the same request again is sent again; a different one never takes an early answer.
    early.send_now(Request::get("/a"));
    yew::platform::time::sleep(Duration::from_millis(1)).await;
    assert_eq!(
        body(early.send(Request::get("/api/v2/custom_roles")).await),
        r#"{"n":3}"#
    );
    // Too old: a screen opened long after boot reads afresh.
    NOW.with(|n| n.set(MAX_AGE_MS));
    assert_eq!(body(early.send(Request::get("/a")).await), r#"{"n":4}"#);
    assert_eq!(
        transport.urls(),
        ["/api/v2/custom_roles", "/a", "/api/v2/custom_roles", "/a"]
    );
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
    use deskset_web::http::ZafTransport;
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

// ---------------------------------------------------------------- hooks

mod hooks {
    use super::*;
    use deskset_web::hooks::{use_action, use_load, Load};
    use futures::channel::oneshot;
    use wasm_bindgen::JsCast;

    type Gate<T> = Rc<RefCell<Vec<oneshot::Sender<Result<T, String>>>>>;

    fn text(root: &web_sys::Element, id: &str) -> String {
        root.query_selector(&format!("#{id}"))
            .ok()
            .flatten()
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    }

    fn click(root: &web_sys::Element, id: &str) {
        if let Some(button) = root
            .query_selector(&format!("#{id}"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            button.click();
        }
    }

    async fn settle() {
        yew::platform::time::sleep(Duration::from_millis(30)).await;
    }

    fn answer<T>(gate: &Gate<T>, index: usize, value: Result<T, String>) {
        let sender = {
            let mut senders = gate.borrow_mut();
            assert!(
                senders.len() > index,
                "{} runs, not {}",
                senders.len(),
                index + 1
            );
            senders.remove(index)
        };
        let _ = sender.send(value);
    }

    #[derive(Properties)]
    struct ActionProps {
        gate: Gate<u32>,
    }

    impl PartialEq for ActionProps {
        fn eq(&self, other: &Self) -> bool {
            Rc::ptr_eq(&self.gate, &other.gate)
        }
    }

    #[component]
    fn ActionProbe(props: &ActionProps) -> Html {
        let done = use_state(|| 0u32);
        let gate = props.gate.clone();
        let action = use_action(
            move |_: ()| {
                let (tx, rx) = oneshot::channel();
                gate.borrow_mut().push(tx);
                async move { rx.await.unwrap_or(Err("dropped".into())) }
            },
            {
                let done = done.clone();
                Callback::from(move |v: u32| done.set(v))
            },
        );
        html! {
            <div>
                <button id="go" onclick={action.run.reform(|_| ())}>{ "go" }</button>
                <p id="busy">{ action.busy.to_string() }</p>
                <p id="error">{ action.error.clone().unwrap_or_default() }</p>
                <p id="done">{ *done }</p>
            </div>
        }
    }

    #[wasm_bindgen_test]
    async fn an_action_runs_once_at_a_time_and_keeps_its_error() {
        let gate: Gate<u32> = Rc::default();
        let root = mount();
        yew::Renderer::<ActionProbe>::with_root_and_props(
            root.clone(),
            ActionProps { gate: gate.clone() },
        )
        .render();
        settle().await;
        click(&root, "go");
        settle().await;
        click(&root, "go");
        settle().await;
        assert_eq!(
            gate.borrow().len(),
            1,
            "a second click while in flight is ignored"
        );
        assert_eq!(text(&root, "busy"), "true");
        answer(&gate, 0, Ok(7));
        settle().await;
        assert_eq!(text(&root, "done"), "7");
        assert_eq!(text(&root, "busy"), "false");
        click(&root, "go");
        settle().await;
        answer(&gate, 0, Err("refused".into()));
        settle().await;
        assert_eq!(text(&root, "error"), "refused");
        assert_eq!(text(&root, "done"), "7", "a failure is not a success");
        // The next run clears the last error.
        click(&root, "go");
        settle().await;
        assert_eq!(text(&root, "error"), "");
        answer(&gate, 0, Ok(8));
        settle().await;
        assert_eq!(text(&root, "done"), "8");
    }

    #[derive(Properties)]
    struct LoadProps {
        gate: Gate<u32>,
    }

    impl PartialEq for LoadProps {
        fn eq(&self, other: &Self) -> bool {
            Rc::ptr_eq(&self.gate, &other.gate)
        }
    }

    #[component]
    fn LoadProbe(props: &LoadProps) -> Html {
        let gate = props.gate.clone();
        let (state, retry) = use_load((), true, move |()| {
            let (tx, rx) = oneshot::channel();
            gate.borrow_mut().push(tx);
            async move { rx.await.unwrap_or(Err("dropped".into())) }
        });
        let shown = match &state {
            Load::Loading => "loading".to_string(),
            Load::Ready(v) => format!("ready {v}"),
            Load::Failed(e) => format!("failed {e}"),
            Load::Stale(v, e) => format!("stale {v} {e}"),
        };
        html! {
            <div>
                <p id="state">{ shown }</p>
                <button id="retry" onclick={retry.reform(|_| ())}>{ "again" }</button>
            </div>
        }
    }

    #[wasm_bindgen_test]
    async fn a_load_shows_only_its_latest_answer_and_keeps_the_last_one_through_a_failure() {
        let gate: Gate<u32> = Rc::default();
        let root = mount();
        yew::Renderer::<LoadProbe>::with_root_and_props(
            root.clone(),
            LoadProps { gate: gate.clone() },
        )
        .render();
        settle().await;
        assert_eq!(text(&root, "state"), "loading");
        answer(&gate, 0, Err("down".into()));
        settle().await;
        assert_eq!(
            text(&root, "state"),
            "failed down",
            "no earlier answer to keep"
        );
        click(&root, "retry");
        settle().await;
        answer(&gate, 0, Ok(1));
        settle().await;
        assert_eq!(text(&root, "state"), "ready 1");
        // Two loads at once: the older answer, arriving last, is dropped.
        click(&root, "retry");
        settle().await;
        assert_eq!(text(&root, "state"), "ready 1", "kept while it loads again");
        click(&root, "retry");
        settle().await;
        assert_eq!(gate.borrow().len(), 2);
        answer(&gate, 1, Ok(3));
        settle().await;
        assert_eq!(text(&root, "state"), "ready 3");
        answer(&gate, 0, Ok(2));
        settle().await;
        assert_eq!(
            text(&root, "state"),
            "ready 3",
            "the older answer is dropped"
        );
        // A failure after an answer keeps the answer and says what happened.
        click(&root, "retry");
        settle().await;
        answer(&gate, 0, Err("timeout".into()));
        settle().await;
        assert_eq!(text(&root, "state"), "stale 3 timeout");
    }
}
