//! Notes for the next page of the same person, kept on the server: one-time links are shown
//! once after the redirect that follows their creation, and never travel in an address (which
//! browsers keep in their history and proxies in their logs). The address carries only a random
//! key, which is useless to anyone but the staff member it was made for.
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a note waits to be shown.
const KEPT_FOR: Duration = Duration::from_secs(15 * 60);
/// At most this many notes are kept; the oldest go first.
const MAX_NOTES: usize = 1000;

struct Note {
    at: Instant,
    for_user: i64,
    text: String,
}

#[derive(Default)]
pub struct FlashStore {
    notes: Mutex<HashMap<String, Note>>,
}

impl FlashStore {
    /// Keeps `text` for the user `for_user`; returns the key for the address.
    pub fn put(&self, for_user: i64, text: String) -> String {
        let key = super::token::generate();
        let now = Instant::now();
        let mut notes = self.notes.lock().unwrap_or_else(|p| p.into_inner());
        notes.retain(|_, note| now.duration_since(note.at) < KEPT_FOR);
        while notes.len() >= MAX_NOTES {
            let Some(oldest) = notes
                .iter()
                .min_by_key(|(_, note)| note.at)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            notes.remove(&oldest);
        }
        notes.insert(
            key.clone(),
            Note {
                at: now,
                for_user,
                text,
            },
        );
        key
    }

    /// The note behind `key` for the user it was made for, left in place (a search that the page
    /// reads again on reload or after an error, within the 15 minutes).
    pub fn peek(&self, for_user: i64, key: &str) -> Option<String> {
        let notes = self.notes.lock().unwrap_or_else(|p| p.into_inner());
        notes
            .get(key)
            .filter(|note| note.for_user == for_user && note.at.elapsed() < KEPT_FOR)
            .map(|note| note.text.clone())
    }

    /// The note behind `key`, once, and only for the user it was made for.
    pub fn take(&self, for_user: i64, key: &str) -> Option<String> {
        let mut notes = self.notes.lock().unwrap_or_else(|p| p.into_inner());
        let fresh = notes
            .get(key)
            .is_some_and(|note| note.for_user == for_user && note.at.elapsed() < KEPT_FOR);
        if fresh {
            notes.remove(key).map(|note| note.text)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_peeked_note_stays_for_its_owner_only() {
        let store = FlashStore::default();
        let key = store.put(7, "anna@example.org".into());
        assert_eq!(store.peek(8, &key), None);
        assert_eq!(store.peek(7, &key).as_deref(), Some("anna@example.org"));
        assert_eq!(store.peek(7, &key).as_deref(), Some("anna@example.org"));
    }

    #[test]
    fn a_note_is_shown_once_and_only_to_its_owner() {
        let store = FlashStore::default();
        let key = store.put(7, "https://x/passwort?token=abc".into());
        assert_eq!(store.take(8, &key), None, "someone else");
        assert_eq!(store.take(7, "geraten"), None);
        assert_eq!(
            store.take(7, &key).as_deref(),
            Some("https://x/passwort?token=abc")
        );
        assert_eq!(store.take(7, &key), None, "only once");
    }

    #[test]
    fn the_store_stays_bounded() {
        let store = FlashStore::default();
        let first = store.put(1, "erste".into());
        for n in 0..MAX_NOTES {
            store.put(1, format!("{n}"));
        }
        assert_eq!(store.take(1, &first), None, "the oldest went first");
        assert!(store.notes.lock().map(|n| n.len()).unwrap_or(0) <= MAX_NOTES);
    }
}
