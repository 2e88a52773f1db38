//! Requests sent before any screen asks for them (issue 12): at boot an app knows which request its
//! first screen will send (the console's Roles tab reads `/api/v2/custom_roles`; the tile looks up
//! the Autotask zone), so it sends it the moment the ZAF client exists, next to `currentUser`
//! and the strings, instead of after them. The screen then sends the same request as always and
//! gets the early answer: screens do not know about this.
//!
//! That calls made before Zendesk answers the handshake are queued and sent, in the order they
//! were made, the moment it answers is read from the SDK's source (npm `zendesk_app_framework_sdk`,
//! `rawPostMessage`: each waits on `app.registered`); zaf.md does not say it.

use super::{HttpError, Request, Response, Transport};
use futures::channel::oneshot;
use futures::future::LocalBoxFuture;
use std::cell::RefCell;
use std::rc::Rc;

/// How old an early request may be and still answer a screen's (ms since it was sent). A
/// screen opened later than this reads afresh: an early answer is for the first screen only.
pub const MAX_AGE_MS: f64 = 10_000.0;

struct Sent {
    request: Request,
    at_ms: f64,
    answer: oneshot::Receiver<Result<Response, HttpError>>,
}

/// A transport that can send requests early; each early answer goes to the first equal request
/// sent through it within [`MAX_AGE_MS`], once.
pub struct Early {
    inner: Rc<dyn Transport>,
    sent: RefCell<Vec<Sent>>,
    now_ms: fn() -> f64,
}

impl Early {
    /// Early requests over `inner`.
    pub fn new(inner: Rc<dyn Transport>) -> Rc<Self> {
        Self::with_clock(inner, js_sys::Date::now)
    }

    /// The same with another clock (tests).
    pub fn with_clock(inner: Rc<dyn Transport>, now_ms: fn() -> f64) -> Rc<Self> {
        Rc::new(Self {
            inner,
            sent: RefCell::new(Vec::new()),
            now_ms,
        })
    }

    /// Sends `request` now; its answer waits for the first equal request. Nothing is sent when
    /// an equal one is already waiting (`iframe.html` may have sent it: [`Early::adopt`]).
    pub fn send_now(self: &Rc<Self>, request: Request) {
        if self.sent.borrow().iter().any(|s| s.request == request) {
            return;
        }
        let inner = self.inner.clone();
        self.adopt(request.clone(), (self.now_ms)(), async move {
            inner.send(request).await
        });
    }

    /// Keeps `answer`, the answer of `request` sent at `at_ms` (by this, or by `iframe.html`
    /// before the wasm was ready), for the first equal request.
    pub fn adopt(
        self: &Rc<Self>,
        request: Request,
        at_ms: f64,
        answer: impl std::future::Future<Output = Result<Response, HttpError>> + 'static,
    ) {
        let (sender, receiver) = oneshot::channel();
        self.sent.borrow_mut().push(Sent {
            request,
            at_ms,
            answer: receiver,
        });
        // A request of `send_now` leaves as soon as this task first runs (tasks run in the order
        // they were spawned, so before whatever the app spawns after this: `currentUser`). ZAF's
        // client queues it until Zendesk has answered the handshake.
        yew::platform::spawn_local(async move {
            // Nobody may ever ask (the screen was not opened): the answer is then dropped.
            let _ = sender.send(answer.await);
        });
    }

    /// The early answer for `request`, if one was sent and is young enough; taken once.
    fn take(&self, request: &Request) -> Option<oneshot::Receiver<Result<Response, HttpError>>> {
        let now = (self.now_ms)();
        let mut sent = self.sent.borrow_mut();
        sent.retain(|s| now - s.at_ms < MAX_AGE_MS);
        let i = sent.iter().position(|s| s.request == *request)?;
        Some(sent.remove(i).answer)
    }
}

impl Transport for Early {
    fn send(&self, request: Request) -> LocalBoxFuture<'_, Result<Response, HttpError>> {
        let early = self.take(&request);
        Box::pin(async move {
            if let Some(answer) = early {
                if let Ok(answer) = answer.await {
                    return answer;
                }
            }
            self.inner.send(request).await
        })
    }
}
