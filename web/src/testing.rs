//! What the apps' browser tests share (feature `testing`, for dev-dependencies only): a fake
//! transport, a session over it, and rendering a view below the contexts the app provides.

use crate::http::{Api, HttpError, Request, Response, Transport};
use crate::session::Session;
use crate::zaf::CurrentUser;
use deskset_domain::i18n::{Catalog, Translator};
use futures::future::LocalBoxFuture;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::Duration;
use web_sys::Element;
use yew::prelude::*;

/// A transport that answers from a queue and records what it was asked.
#[derive(Default)]
pub struct FakeTransport {
    pub answers: RefCell<VecDeque<Result<Response, HttpError>>>,
    pub seen: RefCell<Vec<Request>>,
}

impl FakeTransport {
    pub fn new(answers: Vec<Result<Response, HttpError>>) -> Rc<Self> {
        Rc::new(Self {
            answers: RefCell::new(answers.into()),
            seen: RefCell::default(),
        })
    }

    pub fn push(&self, answer: Result<Response, HttpError>) {
        self.answers.borrow_mut().push_back(answer);
    }

    /// The URLs asked, in order.
    pub fn urls(&self) -> Vec<String> {
        self.seen.borrow().iter().map(|r| r.url.clone()).collect()
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

/// An HTTP answer with a JSON body (a 429 carries `Retry-After: 1`).
pub fn answer(status: u16, body: Value) -> Result<Response, HttpError> {
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

/// The API over `transport`, with no real waiting between retries (the policy is under test,
/// not the clock).
pub fn api(transport: Rc<FakeTransport>) -> Api {
    Api::new(transport).with_sleep(Rc::new(|_| Box::pin(async {})))
}

/// A signed-in user of `role` (`admin`, `agent`, ...).
pub fn user(role: &str) -> CurrentUser {
    CurrentUser(
        json!({"id": 1, "name": "Ada", "email": "ada@acme.test", "role": role, "locale": "en-US"}),
    )
}

/// A session of a user of `role` in acme over `transport`, with `settings` as the app's.
pub fn session_with(
    transport: Rc<FakeTransport>,
    role: &str,
    settings: serde_json::Map<String, Value>,
) -> Rc<Session> {
    Rc::new(Session {
        api: api(transport),
        user: user(role),
        subdomain: "acme".into(),
        installation_id: Some(1),
        settings: Rc::new(settings),
    })
}

/// A session of a user of `role` in acme over `transport`.
pub fn session(transport: Rc<FakeTransport>, role: &str) -> Rc<Session> {
    session_with(transport, role, Default::default())
}

/// The translator the app would load for `locale` (tests have no assets/ to fetch from).
pub fn translator(locale: &str) -> Translator {
    let english =
        Catalog::from_json(include_str!("../../static/translations/en.json")).unwrap_or_default();
    let own = match locale {
        "fr" => include_str!("../../static/translations/fr.json"),
        "nl" => include_str!("../../static/translations/nl.json"),
        "zh-cn" => include_str!("../../static/translations/zh-cn.json"),
        _ => return Translator::new("en", english.clone(), english),
    };
    Translator::new(locale, Catalog::from_json(own).unwrap_or_default(), english)
}

#[derive(Properties, PartialEq)]
pub struct HarnessProps {
    pub session: Rc<Session>,
    pub locale: AttrValue,
    pub children: Html,
}

/// The contexts a started app gives its views.
#[component]
pub fn Harness(props: &HarnessProps) -> Html {
    html! {
        <ContextProvider<Rc<Translator>> context={Rc::new(translator(&props.locale))}>
            <ContextProvider<Rc<Session>> context={props.session.clone()}>
                { props.children.clone() }
            </ContextProvider<Rc<Session>>>
        </ContextProvider<Rc<Translator>>>
    }
}

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .unwrap_or_else(|| panic!("tests run in a browser"))
}

/// A fresh element on the page to render into.
pub fn mount() -> Element {
    let document = document();
    let div = document
        .create_element("div")
        .unwrap_or_else(|e| panic!("{e:?}"));
    if let Some(body) = document.body() {
        let _ = body.append_child(&div);
    }
    div
}

/// Renders `children` below the app's contexts into a fresh element.
pub fn render(session: Rc<Session>, locale: &str, children: Html) -> Element {
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
pub async fn wait_for(root: &Element, selector: &str) -> Element {
    for _ in 0..150 {
        if let Ok(Some(el)) = root.query_selector(selector) {
            return el;
        }
        yew::platform::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{selector} never appeared; DOM: {}", root.inner_html());
}

/// The text of every element matching `selector` inside `root`.
pub fn texts(root: &Element, selector: &str) -> Vec<String> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}
