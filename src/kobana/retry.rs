//! The retry decision, sans-IO: given what happened, the attempt, the time spent and a draw of
//! jitter, whether to wait and try again. The client only sends, sleeps and draws.

use std::time::Duration;

/// When to try again. Only transport failures and 429 are retried, always with the same
/// idempotency key; an error status (5xx included, which Kobana replays for a key) is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = no retry).
    pub max_attempts: u32,
    /// The first backoff; it doubles each time, with jitter.
    pub base_delay: Duration,
    /// The longest single wait.
    pub max_delay: Duration,
    /// No retry starts after this much time since the first attempt.
    pub deadline: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            deadline: Duration::from_secs(60),
        }
    }
}

/// How an attempt ended, as [`RetryPolicy::next`] reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A response came, with its status and its `retry-after` in seconds, if any.
    Response {
        /// The HTTP status.
        status: u16,
        /// The `retry-after` header, in seconds.
        retry_after: Option<u64>,
    },
    /// No response came (connection, TLS, timeout, a body cut short).
    TransportFailed,
}

/// What to do after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Return the outcome as it is: a response that is no reason to retry, or the last
    /// attempt's.
    Done,
    /// Wait this long, then send the same request again (same idempotency key).
    Retry(Duration),
    /// A retry was due, but its wait would end past [`RetryPolicy::deadline`]: return the
    /// outcome as it is, saying so.
    DeadlinePassed,
}

impl RetryPolicy {
    /// The decision after attempt `attempt` (from 1) ended in `outcome`, `elapsed` after the
    /// first attempt began; `jitter` (0–999, per mille, drawn by the caller) places the wait
    /// in `[delay/2, delay]`. Pure: the driver only sends, sleeps and draws the jitter.
    ///
    /// Only a 429 and a transport failure are retried; a 429's `retry-after` is honoured
    /// as given, the backoff otherwise doubles from [`RetryPolicy::base_delay`] up to
    /// [`RetryPolicy::max_delay`].
    ///
    /// ```
    /// use pixcode::kobana::{Decision, Outcome, RetryPolicy};
    /// use std::time::Duration;
    /// let policy = RetryPolicy::default(); // 3 attempts, 500 ms doubling, 60 s deadline
    /// let busy = Outcome::Response { status: 429, retry_after: Some(2) };
    /// assert_eq!(policy.next(busy, 1, Duration::ZERO, 0), Decision::Retry(Duration::from_secs(2)));
    /// assert_eq!(policy.next(busy, 3, Duration::ZERO, 0), Decision::Done);
    /// assert_eq!(policy.next(busy, 1, Duration::from_secs(59), 0), Decision::DeadlinePassed);
    /// let failed = Outcome::TransportFailed;
    /// assert_eq!(policy.next(failed, 2, Duration::ZERO, 999), Decision::Retry(Duration::from_micros(999_500)));
    /// let ok = Outcome::Response { status: 500, retry_after: None };
    /// assert_eq!(policy.next(ok, 1, Duration::ZERO, 0), Decision::Done);
    /// ```
    pub fn next(&self, outcome: Outcome, attempt: u32, elapsed: Duration, jitter: u16) -> Decision {
        if attempt >= self.max_attempts {
            return Decision::Done;
        }
        let wait = match outcome {
            Outcome::Response {
                status: 429,
                retry_after: Some(seconds),
            } => Duration::from_secs(seconds),
            Outcome::Response { status: 429, .. } | Outcome::TransportFailed => {
                self.backoff(attempt, jitter)
            }
            Outcome::Response { .. } => return Decision::Done,
        };
        // Saturating: a server's `retry-after` may be any number of seconds.
        if elapsed.saturating_add(wait) > self.deadline {
            return Decision::DeadlinePassed;
        }
        Decision::Retry(wait)
    }

    /// The wait before attempt `attempt + 1`: exponential with "full jitter" in
    /// `[delay/2, delay]`.
    fn backoff(&self, attempt: u32, jitter: u16) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << attempt.min(16).saturating_sub(1));
        let capped = exp.min(self.max_delay);
        capped / 2 + capped / 2 * u32::from(jitter.min(999)) / 1000
    }
}
