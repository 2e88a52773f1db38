//! HTTP for every API call: a [`Transport`] that sends one request, and [`Api`], which adds the
//! retry policy and JSON decoding on top. Views and API modules only ever see [`Api`].

pub mod early;
pub(crate) mod zaf;

pub use deskset_domain::http::{HttpError, Method, Request, Response};
pub use early::Early;
pub use zaf::ZafTransport;

use deskset_domain::retry::RetryPolicy;
use futures::future::LocalBoxFuture;
use std::rc::Rc;
use std::time::Duration;

/// Sends one request and returns the answer, whatever its status. `Err` only when there was no
/// HTTP answer at all. Implemented over ZAF in the app and by fakes in tests.
pub trait Transport {
    fn send(&self, request: Request) -> LocalBoxFuture<'_, Result<Response, HttpError>>;
}

/// Waits between retries. The app uses the browser's timers; tests may pass a shorter sleep.
pub type Sleep = Rc<dyn Fn(Duration) -> LocalBoxFuture<'static, ()>>;

/// The API client every screen uses: a transport, the retry policy for 429, JSON decoding.
#[derive(Clone)]
pub struct Api {
    transport: Rc<dyn Transport>,
    policy: RetryPolicy,
    sleep: Sleep,
}

impl PartialEq for Api {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.transport, &other.transport) && self.policy == other.policy
    }
}

impl Api {
    /// An API client over `transport` with the default retry policy and browser timers.
    pub fn new(transport: Rc<dyn Transport>) -> Self {
        Self {
            transport,
            policy: RetryPolicy::default(),
            sleep: Rc::new(|d| Box::pin(yew::platform::time::sleep(d))),
        }
    }

    /// The same client with another retry policy.
    pub fn with_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The same client with another way to wait (tests).
    pub fn with_sleep(mut self, sleep: Sleep) -> Self {
        self.sleep = sleep;
        self
    }

    /// Waits `duration` with this client's timers (so tests that shorten the waits shorten this).
    pub async fn sleep(&self, duration: Duration) {
        (self.sleep)(duration).await
    }

    /// Sends `request`, waiting and retrying on 429 as [`RetryPolicy`] says, and returns the
    /// final answer if it is 2xx, or the error.
    pub async fn send(&self, request: Request) -> Result<Response, HttpError> {
        let mut attempt = 1;
        loop {
            let response = self.transport.send(request.clone()).await?;
            if response.is_success() {
                return Ok(response);
            }
            match self.policy.wait_before_retry(
                response.status,
                response.header("retry-after"),
                attempt,
            ) {
                Some(secs) => {
                    (self.sleep)(Duration::from_secs(u64::from(secs))).await;
                    attempt += 1;
                }
                None => return Err(HttpError::from_response(&response)),
            }
        }
    }

    /// Sends `request` and returns its status and JSON body whatever the status (`Null` for a
    /// body that is not JSON), for callers that decide from the answer themselves; `None` when
    /// there was no answer at all (network, timeout).
    pub async fn answer(&self, request: Request) -> Option<(u16, serde_json::Value)> {
        match self.send(request).await {
            Ok(response) => Some((
                response.status,
                serde_json::from_str(&response.body).unwrap_or(serde_json::Value::Null),
            )),
            Err(HttpError::Status { status, body, .. }) => Some((status, body)),
            Err(_) => None,
        }
    }

    /// Sends `request` and returns the JSON answer.
    pub async fn json(&self, request: Request) -> Result<serde_json::Value, HttpError> {
        let response = self.send(request).await?;
        deskset_domain::http::decode(&response)
    }
}
