//! Forms sent without JavaScript come back through a redirect when they fail; this keeps what
//! was typed for a few minutes so that the page can fill the form in again. Kept in memory
//! only, under a random key that travels in the redirect; passwords are never kept.
pub use crate::components::form_echo::EchoedForm;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn size(form: &EchoedForm) -> usize {
    form.path.len()
        + form
            .values
            .iter()
            .map(|(k, v)| k.len() + v.len())
            .sum::<usize>()
}

/// Whether a field may be kept: no passwords, nothing of the framework's own.
pub fn keeps_field(name: &str) -> bool {
    let lower = name.to_lowercase();
    !(name.starts_with("__") || lower.contains("password") || lower.contains("passwort"))
}

pub struct FormEchoStore {
    ttl: Duration,
    max_bytes: usize,
    entries: Mutex<HashMap<String, (Instant, EchoedForm)>>,
}

impl FormEchoStore {
    pub fn new(ttl: Duration, max_bytes: usize) -> Self {
        Self {
            ttl,
            max_bytes,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// Keeps the form and returns its key; the oldest entries go first when memory runs short.
    pub fn remember(&self, path: &str, values: Vec<(String, String)>) -> String {
        let form = EchoedForm {
            path: path.to_owned(),
            values: Arc::new(values.into_iter().filter(|(k, _)| keeps_field(k)).collect()),
        };
        let key = super::token::generate();
        let now = Instant::now();
        let Ok(mut entries) = self.entries.lock() else {
            return key;
        };
        if size(&form) > self.max_bytes {
            return key;
        }
        entries.retain(|_, (at, _)| now.duration_since(*at) < self.ttl);
        let mut total: usize = entries.values().map(|(_, f)| size(f)).sum::<usize>() + size(&form);
        while total > self.max_bytes {
            let Some(oldest) = entries
                .iter()
                .min_by_key(|(_, (at, _))| *at)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some((_, gone)) = entries.remove(&oldest) {
                total -= size(&gone);
            }
        }
        entries.insert(key.clone(), (now, form));
        key
    }

    /// The form kept under `key`, once: the page that shows the error takes it, so that the
    /// address in the browser history no longer fills anything in (a shared computer).
    pub fn take(&self, key: &str) -> Option<EchoedForm> {
        let mut entries = self.entries.lock().ok()?;
        let (at, form) = entries.remove(key)?;
        (at.elapsed() < self.ttl).then_some(form)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn keeps_fields_but_never_passwords_and_forgets_after_the_time() {
        let store = FormEchoStore::new(Duration::from_millis(200), 10_000);
        let key = store.remember(
            "/api/termin-speichern",
            pairs(&[
                ("title", "Akteursgespräch"),
                ("password", "geheim"),
                ("new_password_repeat", "geheim"),
                ("__token", "x"),
                ("area", "hafen"),
            ]),
        );
        let form = store.take(&key).expect("kept");
        assert_eq!(form.path, "/api/termin-speichern");
        assert_eq!(
            *form.values,
            pairs(&[("title", "Akteursgespräch"), ("area", "hafen")])
        );
        assert_eq!(store.take(&key), None, "taken once");
        assert_eq!(store.take("anderer-schluessel"), None);
        let later = store.remember("/api/termin-speichern", pairs(&[("title", "x")]));
        std::thread::sleep(Duration::from_millis(250));
        assert_eq!(store.take(&later), None, "expired");
    }

    #[test]
    fn the_oldest_forms_make_room() {
        let store = FormEchoStore::new(Duration::from_secs(60), 100);
        let first = store.remember("/api/a", pairs(&[("text", &"a".repeat(40))]));
        std::thread::sleep(Duration::from_millis(5));
        let second = store.remember("/api/b", pairs(&[("text", &"b".repeat(40))]));
        std::thread::sleep(Duration::from_millis(5));
        let third = store.remember("/api/c", pairs(&[("text", &"c".repeat(40))]));
        let huge = store.remember("/api/d", pairs(&[("text", &"d".repeat(500))]));
        assert!(store.take(&huge).is_none());
        assert!(store.take(&first).is_none());
        assert!(store.take(&second).is_some());
        assert!(
            store.take(&third).is_some(),
            "a form too big to keep evicts nothing"
        );
    }
}
