//! [`Transport`] over ZAF's `client.request`.

use super::{HttpError, Request, Response, Transport};
use crate::zaf::{await_raw, complete_response_json, ZafClient};
use deskset_domain::zaf_wire::{read_complete_response, request_options};
use futures::future::LocalBoxFuture;
use js_sys::Promise;
use serde_json::Value;
use std::time::Duration;

/// How long one request may take before deskset gives up (ZAF's `request` has no limit).
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Sends requests with `client.request`, as the signed-in agent (relative URLs) or through
/// Zendesk's proxy (absolute URLs).
#[derive(Clone)]
pub struct ZafTransport {
    client: ZafClient,
    timeout: Duration,
}

impl ZafTransport {
    /// A transport over `client`, giving up on a request after 30 seconds.
    pub fn new(client: ZafClient) -> Self {
        Self {
            client,
            timeout: REQUEST_TIMEOUT,
        }
    }

    /// The same transport with another time limit per request.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

impl Transport for ZafTransport {
    fn send(&self, request: Request) -> LocalBoxFuture<'_, Result<Response, HttpError>> {
        Box::pin(async move {
            let options = request_options(&request, self.timeout);
            let promise = self
                .client
                .request_raw(&options)
                .map_err(|e| HttpError::Network(e.to_string()))?;
            settle(promise, self.timeout).await
        })
    }
}

/// The answer of a `client.request` promise (sent with [`request_options`]), or why there was
/// none: also for the requests `iframe.html` sent before the wasm was ready.
pub(crate) async fn settle(promise: Promise, timeout: Duration) -> Result<Response, HttpError> {
    let settled = match await_raw(promise, timeout).await {
        Ok(settled) => settled,
        Err(_) => return Err(HttpError::Timeout),
    };
    // Both outcomes carry the complete response when there was an HTTP answer.
    let value = match &settled {
        Ok(v) | Err(v) => complete_response_json(v),
    };
    match read_complete_response(&value) {
        Some(response) => Ok(response),
        None => Err(HttpError::Network(
            value
                .get("statusText")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .unwrap_or_else(|| value.to_string()),
        )),
    }
}
