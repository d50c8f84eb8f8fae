//! Counts events per key (failed logins per account or IP, form submissions per IP or area) in a
//! sliding window.
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct WindowLimiter {
    max_events: usize,
    window: Duration,
    events: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl WindowLimiter {
    pub fn new(max_events: usize, window: Duration) -> Self {
        Self {
            max_events,
            window,
            events: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(seconds)` when the key has used up its events; the seconds say when to retry.
    pub fn check(&self, key: &str, now: Instant) -> Result<(), u64> {
        let mut map = self.events.lock().unwrap_or_else(|p| p.into_inner());
        let Some(times) = map.get_mut(key) else {
            return Ok(());
        };
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            times.pop_front();
        }
        if times.len() >= self.max_events {
            let oldest = times.front().copied().unwrap_or(now);
            let wait = self.window.saturating_sub(now.duration_since(oldest));
            Err(wait.as_secs().max(1))
        } else {
            Ok(())
        }
    }

    pub fn record(&self, key: &str, now: Instant) {
        let mut map = self.events.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 50_000 {
            // Bound memory under a flood of distinct keys: forget the ones whose window has passed.
            let window = self.window;
            map.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < window)
            });
        }
        let times = map.entry(key.to_owned()).or_default();
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            times.pop_front();
        }
        times.push_back(now);
        while times.len() > self.max_events {
            times.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_max_events_within_window_and_recovers() {
        let limiter = WindowLimiter::new(3, Duration::from_secs(60));
        let start = Instant::now();
        for i in 0..3 {
            assert_eq!(limiter.check("a", start), Ok(()), "attempt {i}");
            limiter.record("a", start + Duration::from_secs(i));
        }
        let retry = limiter.check("a", start + Duration::from_secs(10));
        assert_eq!(retry, Err(50));
        assert_eq!(limiter.check("b", start), Ok(()));
        assert_eq!(limiter.check("a", start + Duration::from_secs(61)), Ok(()));
    }
}
