//! When to try an HTTP request again.
//!
//! Zendesk answers `429 Too Many Requests` with `Retry-After` (seconds) when an account goes over
//! its per-minute limit. deskset sends requests with ZAF's `autoRetry: false` and follows this
//! policy itself, so that a retry is bounded and the person sees an error instead of a hang.

/// How many times, and how long at most, deskset waits on a throttled request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The longest single wait, in seconds; a longer `Retry-After` is not waited for.
    pub max_wait_secs: u32,
    /// The wait when a 429 has no usable `Retry-After`.
    pub default_wait_secs: u32,
    /// Also retry `409 Conflict` and `503 Service Unavailable`, waiting `default_wait_secs`
    /// doubled at each attempt (deploy.md: a deploy's writes retry these a few times).
    pub retry_conflicts: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            max_wait_secs: 60,
            default_wait_secs: 2,
            retry_conflicts: false,
        }
    }
}

impl RetryPolicy {
    /// A deploy's writes: 429 as always, and 409/503 a few times with backoff (2, 4, 8 s).
    pub fn for_deploy() -> Self {
        Self {
            retry_conflicts: true,
            ..Self::default()
        }
    }

    /// Seconds to wait before the next attempt, or `None` to give up and report the answer.
    ///
    /// `attempt` counts attempts made so far (1 after the first). Only 429 is retried: other
    /// errors are the person's to see (a 5xx gets a "Try again" button, not a silent loop).
    pub fn wait_before_retry(
        &self,
        status: u16,
        retry_after: Option<&str>,
        attempt: u32,
    ) -> Option<u32> {
        if attempt > self.max_retries {
            return None;
        }
        if self.retry_conflicts && matches!(status, 409 | 503) {
            let wait = self
                .default_wait_secs
                .saturating_mul(1 << (attempt - 1).min(8));
            return (wait <= self.max_wait_secs).then_some(wait);
        }
        if status != 429 {
            return None;
        }
        let wait = retry_after
            .and_then(parse_retry_after)
            .unwrap_or(self.default_wait_secs);
        (wait <= self.max_wait_secs).then_some(wait)
    }
}

/// Reads a `Retry-After` value in seconds. Zendesk sends whole seconds; a fractional value is
/// rounded up (waiting less than asked would be refused again). HTTP dates are not used by
/// Zendesk and are treated as absent. (Parsed by hand: `str::parse::<f64>` would link the
/// whole float parser into the wasm for this one header.)
pub fn parse_retry_after(value: &str) -> Option<u32> {
    let (whole, fraction) = match value.trim().split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (value.trim(), None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) {
        return None;
    }
    let seconds: u32 = whole.parse().ok()?;
    match fraction {
        None => Some(seconds),
        Some(f) if !digits(f) => None,
        Some(f) if f.bytes().any(|b| b != b'0') => seconds.checked_add(1),
        Some(_) => Some(seconds),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_parsing() {
        assert_eq!(parse_retry_after("1"), Some(1));
        assert_eq!(parse_retry_after(" 30 "), Some(30));
        assert_eq!(parse_retry_after("1.2"), Some(2));
        assert_eq!(parse_retry_after("0"), Some(0));
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("NaN"), None);
        assert_eq!(parse_retry_after("1e30"), None);
        assert_eq!(parse_retry_after("2.0"), Some(2));
        assert_eq!(parse_retry_after("0.001"), Some(1));
        assert_eq!(parse_retry_after("1."), None);
        assert_eq!(parse_retry_after(".5"), None);
        assert_eq!(parse_retry_after("+3"), None);
        assert_eq!(parse_retry_after("99999999999"), None);
        assert_eq!(parse_retry_after("4294967295.5"), None);
    }

    #[test]
    fn only_429_is_retried_and_only_a_bounded_number_of_times() {
        let p = RetryPolicy::default();
        assert_eq!(p.wait_before_retry(429, Some("1"), 1), Some(1));
        assert_eq!(p.wait_before_retry(429, Some("1"), 3), Some(1));
        assert_eq!(p.wait_before_retry(429, Some("1"), 4), None);
        for status in [200, 400, 401, 403, 404, 422, 500, 503] {
            assert_eq!(p.wait_before_retry(status, Some("1"), 1), None, "{status}");
        }
    }

    #[test]
    fn waits_default_without_header_and_refuses_long_waits() {
        let p = RetryPolicy::default();
        assert_eq!(p.wait_before_retry(429, None, 1), Some(p.default_wait_secs));
        assert_eq!(
            p.wait_before_retry(429, Some("junk"), 1),
            Some(p.default_wait_secs)
        );
        assert_eq!(p.wait_before_retry(429, Some("60"), 1), Some(60));
        assert_eq!(p.wait_before_retry(429, Some("61"), 1), None);
    }

    #[test]
    fn a_deploy_also_retries_conflicts_and_unavailable_with_backoff() {
        let p = RetryPolicy::for_deploy();
        assert_eq!(p.wait_before_retry(409, None, 1), Some(2));
        assert_eq!(
            p.wait_before_retry(503, Some("1"), 2),
            Some(4),
            "backoff, not Retry-After"
        );
        assert_eq!(p.wait_before_retry(409, None, 3), Some(8));
        assert_eq!(p.wait_before_retry(409, None, 4), None, "a few times only");
        assert_eq!(p.wait_before_retry(429, Some("5"), 1), Some(5));
        assert_eq!(p.wait_before_retry(422, None, 1), None);
        assert_eq!(RetryPolicy::default().wait_before_retry(503, None, 1), None);
    }
}
