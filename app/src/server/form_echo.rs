//! Forms sent without JavaScript come back through a redirect when they fail; this keeps what
//! was typed for a few minutes so that the page can fill the form in again. Kept in memory
//! only, under a random key that travels in the redirect; passwords are never kept.
use super::oldest_first::OldestFirst;
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

/// Whether a field may be kept: no passwords or codes of a second factor, nothing of the
/// framework's own.
pub fn keeps_field(name: &str) -> bool {
    let lower = name.to_lowercase();
    !(name.starts_with("__")
        || lower.contains("password")
        || lower.contains("passwort")
        || lower == "code"
        || lower.ends_with("_code"))
}

/// Forms kept from one address at most (a school or an office behind one address has room for
/// many people's mistakes; one visitor sending failing forms in a loop only pushes out their own).
pub const MAX_PER_ADDRESS: usize = 50;

struct Kept {
    at: Instant,
    form: EchoedForm,
    /// Who sent it (the rate limits' key of the address), if known.
    owner: Option<String>,
}

#[derive(Default)]
struct Entries {
    forms: OldestFirst<String, Kept>,
    bytes: usize,
    /// Each address's forms, oldest first.
    by_owner: HashMap<String, OldestFirst<String, ()>>,
}

impl Entries {
    fn remove(&mut self, key: &str) -> Option<Kept> {
        let kept = self.forms.remove(key)?;
        self.forget(key, &kept);
        Some(kept)
    }

    fn pop_oldest(&mut self) -> bool {
        match self.forms.pop_oldest() {
            Some((key, kept)) => {
                self.forget(&key, &kept);
                true
            }
            None => false,
        }
    }

    fn forget(&mut self, key: &str, kept: &Kept) {
        self.bytes -= size(&kept.form);
        if let Some(owner) = &kept.owner {
            if let Some(own) = self.by_owner.get_mut(owner) {
                own.remove(key);
                if own.is_empty() {
                    self.by_owner.remove(owner);
                }
            }
        }
    }
}

/// The forms kept, under one lock; every step costs O(log n) in the number kept.
pub struct FormEchoStore {
    ttl: Duration,
    max_bytes: usize,
    entries: Mutex<Entries>,
}

impl FormEchoStore {
    pub fn new(ttl: Duration, max_bytes: usize) -> Self {
        Self {
            ttl,
            max_bytes,
            entries: Mutex::new(Entries::default()),
        }
    }

    /// Keeps the form sent from `owner` (the rate limits' key of its address) and returns its
    /// key; the oldest forms go first when memory runs short, and an address's oldest when it
    /// holds [`MAX_PER_ADDRESS`].
    pub fn remember(
        &self,
        path: &str,
        values: Vec<(String, String)>,
        owner: Option<String>,
    ) -> String {
        let form = EchoedForm {
            path: path.to_owned(),
            values: Arc::new(values.into_iter().filter(|(k, _)| keeps_field(k)).collect()),
        };
        let key = super::token::generate();
        let now = Instant::now();
        let form_size = size(&form);
        if form_size > self.max_bytes {
            return key;
        }
        let Ok(mut entries) = self.entries.lock() else {
            return key;
        };
        // Forms expire by age, so the stale ones are the oldest.
        while entries
            .forms
            .oldest()
            .is_some_and(|(_, kept)| now.duration_since(kept.at) >= self.ttl)
        {
            entries.pop_oldest();
        }
        while entries.bytes + form_size > self.max_bytes && entries.pop_oldest() {}
        if let Some(owner) = &owner {
            let own = entries.by_owner.entry(owner.clone()).or_default();
            own.insert(key.clone(), ());
            let mut pushed_out = Vec::new();
            while own.len() > MAX_PER_ADDRESS {
                if let Some((oldest, ())) = own.pop_oldest() {
                    pushed_out.push(oldest);
                }
            }
            for oldest in pushed_out {
                entries.remove(&oldest);
            }
        }
        entries.bytes += form_size;
        entries.forms.insert(
            key.clone(),
            Kept {
                at: now,
                form,
                owner,
            },
        );
        key
    }

    /// The form kept under `key`, once: the page that shows the error takes it, so that the
    /// address in the browser history no longer fills anything in (a shared computer).
    pub fn take(&self, key: &str) -> Option<EchoedForm> {
        let mut entries = self.entries.lock().ok()?;
        let kept = entries.remove(key)?;
        (kept.at.elapsed() < self.ttl).then_some(kept.form)
    }

    /// How many forms are kept (for tests).
    pub fn len(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.forms.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
            None,
        );
        let form = store.take(&key).expect("kept");
        assert_eq!(form.path, "/api/termin-speichern");
        assert_eq!(
            *form.values,
            pairs(&[("title", "Akteursgespräch"), ("area", "hafen")])
        );
        assert_eq!(store.take(&key), None, "taken once");
        assert_eq!(store.take("anderer-schluessel"), None);
        let later = store.remember("/api/termin-speichern", pairs(&[("title", "x")]), None);
        std::thread::sleep(Duration::from_millis(250));
        assert_eq!(store.take(&later), None, "expired");
    }

    #[test]
    fn the_oldest_forms_make_room() {
        let store = FormEchoStore::new(Duration::from_secs(60), 100);
        let first = store.remember("/api/a", pairs(&[("text", &"a".repeat(40))]), None);
        std::thread::sleep(Duration::from_millis(5));
        let second = store.remember("/api/b", pairs(&[("text", &"b".repeat(40))]), None);
        std::thread::sleep(Duration::from_millis(5));
        let third = store.remember("/api/c", pairs(&[("text", &"c".repeat(40))]), None);
        let huge = store.remember("/api/d", pairs(&[("text", &"d".repeat(500))]), None);
        assert!(store.take(&huge).is_none());
        assert!(store.take(&first).is_none());
        assert!(store.take(&second).is_some());
        assert!(
            store.take(&third).is_some(),
            "a form too big to keep evicts nothing"
        );
    }

    #[test]
    fn one_address_pushes_out_only_its_own_forms() {
        let store = FormEchoStore::new(Duration::from_secs(60), 1_000_000);
        let neighbour = store.remember(
            "/api/a",
            pairs(&[("text", "mein Bedarf")]),
            Some("10.0.0.2".into()),
        );
        let mut own = Vec::new();
        for n in 0..(MAX_PER_ADDRESS + 30) {
            own.push(store.remember(
                "/api/a",
                pairs(&[("text", &format!("Versuch {n}"))]),
                Some("10.0.0.1".into()),
            ));
        }
        assert_eq!(store.len(), MAX_PER_ADDRESS + 1);
        assert!(store.take(&own[0]).is_none(), "its oldest went");
        assert!(
            store.take(&own[own.len() - 1]).is_some(),
            "its newest stays"
        );
        assert!(
            store.take(&neighbour).is_some(),
            "the neighbour's form stays"
        );
        // Taking and expiring keep the counts right: the address has room again.
        assert_eq!(store.len(), MAX_PER_ADDRESS - 1);
    }
}
