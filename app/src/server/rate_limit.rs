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

    /// Checks and records in one step: `Ok` only if every key has an event left, and then the
    /// event is counted for each of them before anyone else can look. Parallel tries cannot all
    /// pass the check before the first is recorded.
    pub fn take(&self, keys: &[&str], now: Instant) -> Result<(), u64> {
        let mut map = self.events.lock().unwrap_or_else(|p| p.into_inner());
        for key in keys {
            if let Some(times) = map.get_mut(*key) {
                self.forget_old(times, now);
                if times.len() >= self.max_events {
                    let oldest = times.front().copied().unwrap_or(now);
                    let wait = self.window.saturating_sub(now.duration_since(oldest));
                    return Err(wait.as_secs().max(1));
                }
            }
        }
        for key in keys {
            self.record_locked(&mut map, key, now);
        }
        Ok(())
    }

    /// Takes back the newest event of `key` (a login that turned out right is no failure).
    pub fn give_back(&self, key: &str) {
        let mut map = self.events.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(times) = map.get_mut(key) {
            times.pop_back();
        }
    }

    fn forget_old(&self, times: &mut VecDeque<Instant>, now: Instant) {
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            times.pop_front();
        }
    }

    fn record_locked(&self, map: &mut HashMap<String, VecDeque<Instant>>, key: &str, now: Instant) {
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
        self.forget_old(times, now);
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
            assert_eq!(
                limiter.take(&["a"], start + Duration::from_secs(i)),
                Ok(()),
                "attempt {i}"
            );
        }
        let retry = limiter.take(&["a"], start + Duration::from_secs(10));
        assert_eq!(retry, Err(50));
        assert_eq!(limiter.take(&["b"], start), Ok(()));
        assert_eq!(
            limiter.take(&["a"], start + Duration::from_secs(61)),
            Ok(())
        );
    }

    #[test]
    fn take_counts_every_key_at_once_or_none() {
        let limiter = WindowLimiter::new(2, Duration::from_secs(60));
        let now = Instant::now();
        assert_eq!(limiter.take(&["konto", "ip:1"], now), Ok(()));
        assert_eq!(limiter.take(&["konto", "ip:2"], now), Ok(()));
        // The account is used up: nothing is counted for the new address either.
        assert_eq!(limiter.take(&["konto", "ip:3"], now), Err(60));
        assert_eq!(limiter.take(&["ip:3"], now), Ok(()));
        assert_eq!(limiter.take(&["ip:3"], now), Ok(()));
        assert_eq!(limiter.take(&["ip:3"], now), Err(60));
        limiter.give_back("konto");
        assert_eq!(limiter.take(&["konto"], now), Ok(()));
    }

    #[test]
    fn parallel_takes_pass_at_most_the_limit() {
        let limiter = std::sync::Arc::new(WindowLimiter::new(10, Duration::from_secs(60)));
        let now = Instant::now();
        let passed: usize = (0..8)
            .map(|_| {
                let limiter = limiter.clone();
                std::thread::spawn(move || {
                    (0..25)
                        .filter(|_| limiter.take(&["konto:a@b.de"], now).is_ok())
                        .count()
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().expect("thread"))
            .sum();
        assert_eq!(passed, 10);
    }
}
