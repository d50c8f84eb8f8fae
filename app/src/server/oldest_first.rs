//! A map whose entries leave oldest first, in O(log n): the shape of every bounded in-memory
//! store of the server (page cache, PDFs, forms kept for their echo). A full store makes room
//! by dropping its oldest entry, never by clearing everything, so that nobody can empty it for
//! all by asking for many new keys.
use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

pub struct OldestFirst<K, V> {
    entries: HashMap<K, (u64, V)>,
    /// Insertion number → key; the first is the oldest.
    order: BTreeMap<u64, K>,
    next: u64,
}

impl<K: Hash + Eq + Clone, V> Default for OldestFirst<K, V> {
    fn default() -> Self {
        Self {
            entries: HashMap::new(),
            order: BTreeMap::new(),
            next: 0,
        }
    }
}

impl<K: Hash + Eq + Clone, V> OldestFirst<K, V> {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get<Q: Hash + Eq + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.entries.get(key).map(|(_, value)| value)
    }

    /// Inserts as the newest entry (an entry under the same key is replaced and made newest).
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let old = self.remove(&key);
        let number = self.next;
        self.next += 1;
        self.order.insert(number, key.clone());
        self.entries.insert(key, (number, value));
        old
    }

    pub fn remove<Q: Hash + Eq + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let (number, value) = self.entries.remove(key)?;
        self.order.remove(&number);
        Some(value)
    }

    pub fn oldest(&self) -> Option<(&K, &V)> {
        let (_, key) = self.order.first_key_value()?;
        self.entries.get(key).map(|(_, value)| (key, value))
    }

    pub fn pop_oldest(&mut self) -> Option<(K, V)> {
        let (_, key) = self.order.pop_first()?;
        let (_, value) = self.entries.remove(&key)?;
        Some((key, value))
    }

    /// Drops the oldest entries until at most `capacity` are left.
    pub fn shrink_to(&mut self, capacity: usize) {
        while self.entries.len() > capacity {
            if self.pop_oldest().is_none() {
                break;
            }
        }
    }

    /// Drops the oldest entries as long as `stale` says so of the oldest (entries that expire
    /// by age are stale from the oldest on).
    pub fn drop_oldest_while(&mut self, mut stale: impl FnMut(&V) -> bool) {
        while self.oldest().is_some_and(|(_, value)| stale(value)) {
            self.pop_oldest();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_leaves_first_and_a_replaced_entry_counts_as_new() {
        let mut map = OldestFirst::default();
        map.insert("a", 1);
        map.insert("b", 2);
        map.insert("c", 3);
        assert_eq!(map.insert("a", 10), Some(1), "replaced");
        map.shrink_to(2);
        assert_eq!(map.len(), 2);
        assert_eq!(map.get(&"b"), None, "the oldest left");
        assert_eq!(map.get(&"a"), Some(&10));
        assert_eq!(map.oldest(), Some((&"c", &3)));
        assert_eq!(map.remove(&"c"), Some(3));
        assert_eq!(map.pop_oldest(), Some(("a", 10)));
        assert!(map.is_empty());
        assert_eq!(map.pop_oldest(), None);
    }

    #[test]
    fn stale_entries_leave_from_the_oldest_on() {
        let mut map = OldestFirst::default();
        for n in 0..10 {
            map.insert(n, n);
        }
        map.drop_oldest_while(|value| *value < 4);
        assert_eq!(map.len(), 6);
        assert_eq!(map.oldest(), Some((&4, &4)));
        // Many keys never grow it past what shrink_to allows, one at a time.
        for n in 100..10_000 {
            map.insert(n, n);
            map.shrink_to(256);
        }
        assert_eq!(map.len(), 256);
        assert_eq!(map.oldest(), Some((&9_744, &9_744)));
    }
}
