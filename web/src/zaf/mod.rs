//! A typed facade over the ZAF JavaScript client: the only module that touches `ZAFClient`.
//!
//! Values cross the boundary as JSON text (`JSON.stringify` / `serde_json`), which keeps the
//! typing in Rust and avoids guessing how JS numbers map to Rust integers.

mod types;

pub use types::{Context, CurrentUser, Metadata};

use js_sys::{Function, Promise, Reflect, JSON};
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// The object `ZAFClient.init()` returns.
    #[derive(Clone)]
    type JsClient;

    #[wasm_bindgen(method, catch)]
    fn context(this: &JsClient) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn metadata(this: &JsClient) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn get(this: &JsClient, paths: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn invoke(this: &JsClient, name: &str, arg: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn on(this: &JsClient, name: &str, handler: &Function) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch)]
    fn off(this: &JsClient, name: &str, handler: &Function) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn request(this: &JsClient, options: &JsValue) -> Result<Promise, JsValue>;

    /// The browser's `TextEncoder`.
    type TextEncoder;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<TextEncoder, JsValue>;
    /// `encoder.encode(text)`: UTF-8 bytes of a JS string, made by the browser.
    #[wasm_bindgen(method)]
    fn encode(this: &TextEncoder, text: &JsValue) -> js_sys::Uint8Array;
}

/// A JS string as a Rust `String`, encoded by the browser's `TextEncoder` and copied in one
/// piece. wasm-bindgen's own conversion walks the string in JS a character at a time, which in
/// a freshly started frame (its loop not yet optimised) took 13 ms for 197 roles' 355 KB
/// (issue 12); the encoder takes well under 1 ms. `None` when `value` is not a string.
fn big_string(value: &JsValue) -> Option<String> {
    if !value.is_string() {
        return None;
    }
    match TextEncoder::new() {
        Ok(encoder) => String::from_utf8(encoder.encode(value).to_vec()).ok(),
        Err(_) => value.as_string(),
    }
}

/// Why a ZAF call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ZafError {
    /// The SDK threw or rejected; its message.
    Sdk(String),
    /// No answer in time (the npm SDK gives up after 5 s, the CDN one after 5 min: deskset
    /// sets its own limit so a silent host never hangs a screen).
    Timeout,
    /// An answer of an unexpected shape.
    Decode(String),
    /// `get` answered with an error for the path (e.g. a path unavailable in this location).
    Path { path: String, message: String },
}

impl fmt::Display for ZafError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ZafError::Sdk(m) => write!(f, "ZAF: {m}"),
            ZafError::Timeout => write!(f, "ZAF: no answer in time"),
            ZafError::Decode(m) => write!(f, "ZAF: unexpected answer: {m}"),
            ZafError::Path { path, message } => write!(f, "ZAF: {path}: {message}"),
        }
    }
}

/// A live `client.on` subscription; dropping it unsubscribes.
pub struct Subscription {
    client: JsClient,
    event: String,
    closure: Closure<dyn Fn(JsValue)>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        // Unsubscribe before the closure is freed; an SDK that refuses leaves nothing to do.
        let _ = self
            .client
            .off(&self.event, self.closure.as_ref().unchecked_ref());
    }
}

/// Why the page has no ZAF client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoClient {
    /// `ZAFClient` is not there: the SDK script did not load.
    SdkMissing,
    /// `ZAFClient.init()` gave no client: the page was not opened by Zendesk.
    NotInZendesk,
}

/// `get` path of the open ticket's requester (`ticket_sidebar`).
pub const REQUESTER_PATH: &str = "ticket.requester";
/// `get` path of the user on screen (`user_sidebar`).
pub const VIEWED_USER_PATH: &str = "user";

/// How old an early `get` may be and still answer ([`ZafClient::get_now`]): what a screen opened
/// later asks for is read afresh.
pub const EARLY_MAX_AGE_MS: f64 = 10_000.0;

/// How long deskset waits for ZAF's get/invoke/context answers.
const ZAF_TIMEOUT: Duration = Duration::from_secs(15);

/// The ZAF client of this iframe.
#[derive(Clone)]
pub struct ZafClient {
    js: JsClient,
    /// `get`s sent before anyone asked ([`ZafClient::get_now`]): path, when, the SDK's promise.
    early: Rc<RefCell<Vec<(String, f64, Promise)>>>,
}

impl PartialEq for ZafClient {
    fn eq(&self, other: &Self) -> bool {
        // One client per iframe: two handles are the same client when they hold the same object.
        let (a, b): (&JsValue, &JsValue) = (self.js.as_ref(), other.js.as_ref());
        a == b
    }
}

impl ZafClient {
    /// `ZAFClient.init()`, or why there is no client: the SDK did not load (blocked, offline),
    /// or it loaded but the page was not opened by Zendesk (no `origin` / `app_guid` in its URL).
    ///
    /// `iframe.html` calls `ZAFClient.init()` as soon as the SDK has run, so that the handshake
    /// with Zendesk overlaps the wasm's download and compilation; its answer waits in
    /// `window.desksetZafClient`, and this takes it (a second `init` would make a second client).
    pub fn init() -> Result<Self, NoClient> {
        let global = js_sys::global();
        let zaf = prop(&global, "ZAFClient");
        let init = prop(&zaf, "init")
            .dyn_into::<Function>()
            .map_err(|_| NoClient::SdkMissing)?;
        let early = prop(&global, "desksetZafClient");
        let client = if early.is_undefined() {
            init.call0(&zaf)
        } else {
            Ok(early)
        };
        match client {
            Ok(client) if client.is_object() => Ok(Self {
                js: client.unchecked_into(),
                early: Rc::default(),
            }),
            _ => Err(NoClient::NotInZendesk),
        }
    }

    /// `client.context()`: location, account, instance.
    pub async fn context(&self) -> Result<Context, ZafError> {
        let promise = self.js.context().map_err(js_error)?;
        to_json(&await_with_timeout(promise, ZAF_TIMEOUT).await?).map(Context)
    }

    /// `client.metadata()`: installation id and non-secure settings (cached by ZAF until reload).
    pub async fn metadata(&self) -> Result<Metadata, ZafError> {
        let promise = self.js.metadata().map_err(js_error)?;
        to_json(&await_with_timeout(promise, ZAF_TIMEOUT).await?).map(Metadata)
    }

    /// Sends `client.get(path)` now (the SDK queues it until Zendesk has answered the
    /// handshake): the first [`ZafClient::get`] of `path` within [`EARLY_MAX_AGE_MS`] gets its
    /// answer, once. For an app's first screen (issue 12): the tile's person is asked for next to
    /// `currentUser` rather than after it.
    pub fn get_now(&self, path: &str) {
        let paths = js_sys::Array::of1(&JsValue::from_str(path));
        if let Ok(promise) = self.js.get(&paths) {
            self.adopt_get(path, js_sys::Date::now(), promise);
        }
    }

    /// Keeps `promise`, a `client.get([path])` that `iframe.html` sent at `at_ms`, for the
    /// first [`ZafClient::get`] of `path` (as [`ZafClient::get_now`] does).
    pub fn adopt_get(&self, path: &str, at_ms: f64, promise: Promise) {
        self.early
            .borrow_mut()
            .push((path.to_string(), at_ms, promise));
    }

    /// The calls `iframe.html` sent before the wasm was ready (`window.desksetEarly`: `{get,
    /// at, promise}` or `{request: {type, url}, at, promise}`): each get is kept here, each
    /// request handed to `adopt_request` (only GETs: nothing that writes is sent early).
    pub fn adopt_page_calls(&self, mut adopt_request: impl FnMut(&str, f64, Promise)) {
        let calls = prop(&js_sys::global(), "desksetEarly");
        let Some(calls) = calls.dyn_ref::<js_sys::Array>() else {
            return;
        };
        for call in calls.iter() {
            let Ok(promise) = prop(&call, "promise").dyn_into::<Promise>() else {
                continue;
            };
            let at = prop(&call, "at").as_f64().unwrap_or_else(js_sys::Date::now);
            if let Some(path) = prop(&call, "get").as_string() {
                self.adopt_get(&path, at, promise);
            } else {
                let request = prop(&call, "request");
                let is_get = prop(&request, "type").as_string().as_deref() == Some("GET");
                if let (true, Some(url)) = (is_get, prop(&request, "url").as_string()) {
                    adopt_request(&url, at, promise);
                }
            }
        }
        // Taken once: a second client (tests) finds none.
        let global: js_sys::Object = js_sys::global();
        let _ = Reflect::delete_property(&global, &JsValue::from_str("desksetEarly"));
    }

    /// `client.get(path)` as JSON. Fails with [`ZafError::Path`] when ZAF reports an error for it.
    pub async fn get(&self, path: &str) -> Result<serde_json::Value, ZafError> {
        let early = {
            let now = js_sys::Date::now();
            let mut early = self.early.borrow_mut();
            early.retain(|(_, at, _)| now - at < EARLY_MAX_AGE_MS);
            early
                .iter()
                .position(|(p, _, _)| p == path)
                .map(|i| early.remove(i).2)
        };
        let promise = match early {
            Some(promise) => promise,
            None => {
                let paths = js_sys::Array::of1(&JsValue::from_str(path));
                self.js.get(&paths).map_err(js_error)?
            }
        };
        let result = await_with_timeout(promise, ZAF_TIMEOUT).await?;
        let error = prop(&prop(&result, "errors"), path);
        if !error.is_undefined() && !error.is_null() {
            return Err(ZafError::Path {
                path: path.to_string(),
                message: prop(&error, "message")
                    .as_string()
                    .unwrap_or_else(|| "unavailable".to_string()),
            });
        }
        to_json(&prop(&result, path))
    }

    /// The signed-in agent.
    pub async fn current_user(&self) -> Result<CurrentUser, ZafError> {
        self.get("currentUser").await.map(CurrentUser)
    }

    /// The requester of the open ticket (`ticket_sidebar`).
    pub async fn ticket_requester(&self) -> Result<CurrentUser, ZafError> {
        self.get(REQUESTER_PATH).await.map(CurrentUser)
    }

    /// The user on screen (`user_sidebar`).
    pub async fn viewed_user(&self) -> Result<CurrentUser, ZafError> {
        self.get(VIEWED_USER_PATH).await.map(CurrentUser)
    }

    /// `client.invoke('resize', {width, height})`: asks Zendesk to size the app's frame.
    pub async fn resize(&self, width: &str, height: &str) -> Result<(), ZafError> {
        let size = js_sys::Object::new();
        set(&size, "width", &JsValue::from_str(width));
        set(&size, "height", &JsValue::from_str(height));
        let promise = self.js.invoke("resize", &size).map_err(js_error)?;
        await_with_timeout(promise, ZAF_TIMEOUT).await.map(|_| ())
    }

    /// `client.on(event, handler)`. The handler gets the event's payload as JSON (`null` when
    /// none). The subscription lasts as long as the returned [`Subscription`]: dropping it calls
    /// `client.off`, so the handler can never be called after it is gone.
    pub fn on(
        &self,
        event: &str,
        handler: impl Fn(serde_json::Value) + 'static,
    ) -> Result<Subscription, ZafError> {
        let closure = Closure::<dyn Fn(JsValue)>::new(move |payload: JsValue| {
            handler(to_json(&payload).unwrap_or(serde_json::Value::Null));
        });
        self.js
            .on(event, closure.as_ref().unchecked_ref())
            .map_err(js_error)?;
        Ok(Subscription {
            client: self.js.clone(),
            event: event.to_string(),
            closure,
        })
    }

    /// `client.request(options)`: the raw promise, for the HTTP transport to await and read.
    pub(crate) fn request_raw(&self, options: &serde_json::Value) -> Result<Promise, ZafError> {
        let options = from_json(options)?;
        self.js.request(&options).map_err(js_error)
    }
}

/// Awaits a JS promise, giving up after `limit`. A rejection becomes its value as an `Err`.
pub(crate) async fn await_raw(
    promise: Promise,
    limit: Duration,
) -> Result<Result<JsValue, JsValue>, ZafError> {
    use futures::future::{select, Either};
    let answer = JsFuture::from(promise);
    let timer = yew::platform::time::sleep(limit);
    futures::pin_mut!(answer, timer);
    match select(answer, timer).await {
        Either::Left((result, _)) => Ok(result),
        Either::Right(_) => Err(ZafError::Timeout),
    }
}

async fn await_with_timeout(promise: Promise, limit: Duration) -> Result<JsValue, ZafError> {
    await_raw(promise, limit).await?.map_err(js_error)
}

/// A JS value as JSON text (`undefined` and functions become `null`).
fn json_text(value: &JsValue) -> Result<String, ZafError> {
    if value.is_undefined() {
        return Ok("null".to_string());
    }
    Ok(JSON::stringify(value)
        .map_err(js_error)?
        .as_string()
        .unwrap_or_else(|| "null".to_string()))
}

/// A JS value as JSON (the one JSON reader the app uses: see `types`).
pub(crate) fn to_json(value: &JsValue) -> Result<serde_json::Value, ZafError> {
    serde_json::from_str(&json_text(value)?).map_err(|e| ZafError::Decode(e.to_string()))
}

/// ZAF's complete response (`httpCompleteResponse`: status, statusText, headers, responseText
/// and responseJSON) as JSON, for `zaf_wire::read_complete_response`. The body is read as the
/// string it is: it is not turned into JSON text and parsed back, and `responseJSON` (the same
/// body, parsed by the SDK) is left out when there is a text, so a large answer (197 roles) is
/// parsed once, by its reader, instead of three times (issue 12).
pub(crate) fn complete_response_json(value: &JsValue) -> serde_json::Value {
    if !value.is_object() {
        return to_json(value).unwrap_or(serde_json::Value::Null);
    }
    let text = big_string(&prop(value, "responseText"));
    let small = js_sys::Object::new();
    for key in ["status", "statusText", "headers"] {
        set(&small, key, &prop(value, key));
    }
    if text.is_none() {
        set(&small, "responseJSON", &prop(value, "responseJSON"));
    }
    let mut json = to_json(&small).unwrap_or(serde_json::Value::Null);
    if let (Some(text), Some(object)) = (text, json.as_object_mut()) {
        object.insert("responseText".into(), serde_json::Value::String(text));
    }
    json
}

/// `value[key]`, `undefined` when absent or when `value` is not an object.
fn prop(value: &JsValue, key: &str) -> JsValue {
    if !value.is_object() && !value.is_function() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn from_json(value: &serde_json::Value) -> Result<JsValue, ZafError> {
    JSON::parse(&value.to_string()).map_err(js_error)
}

fn set(target: &js_sys::Object, key: &str, value: &JsValue) {
    // Setting a plain property on a fresh object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// The message of a thrown JS value.
pub(crate) fn js_error(value: JsValue) -> ZafError {
    let message = value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"));
    ZafError::Sdk(message)
}
