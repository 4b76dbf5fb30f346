//! Bounded stores: a sandbox left running (a demo, a long e2e run, a script hammering it)
//! must not grow without end. Each store keeps at most [`STORE_CAPACITY`] entries it
//! created; a new one evicts the oldest. Seeded entries are pinned: never evicted, not counted.

use std::collections::{HashMap, VecDeque};

/// Entries per store (invoices, transactions, cards, 3-D Secure steps, idempotency keys,
/// emulator orders and payments) before the oldest is evicted.
pub const STORE_CAPACITY: usize = 10_000;

/// A map from id to `V` holding at most `capacity` unpinned entries, oldest evicted first.
pub struct Bounded<V> {
    map: HashMap<String, V>,
    /// Unpinned keys, oldest first.
    order: VecDeque<String>,
    capacity: usize,
}

impl<V> Default for Bounded<V> {
    fn default() -> Self {
        Self::with_capacity(STORE_CAPACITY)
    }
}

impl<V> Bounded<V> {
    /// An empty store keeping at most `capacity` entries (at least one).
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            map: HashMap::new(),
            order: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    /// Keeps `value` under `key`. A new key beyond the capacity evicts the oldest unpinned
    /// entry; a known key keeps its place (and its pin).
    pub fn insert(&mut self, key: String, value: V) {
        if let Some(slot) = self.map.get_mut(&key) {
            *slot = value;
            return;
        }
        while self.order.len() >= self.capacity {
            match self.order.pop_front() {
                Some(oldest) => {
                    self.map.remove(&oldest);
                }
                None => break,
            }
        }
        self.order.push_back(key.clone());
        self.map.insert(key, value);
    }

    /// Keeps `value` under `key` for good: the seeded demo objects must stay reachable.
    pub fn pin(&mut self, key: String, value: V) {
        self.order.retain(|k| *k != key);
        self.map.insert(key, value);
    }

    /// Forgets `key` (pinned or not) and returns its entry.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        self.order.retain(|k| k != key);
        self.map.remove(key)
    }

    /// The entry under `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.map.get(key)
    }

    /// The entry under `key`, to change.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.map.get_mut(key)
    }

    /// Whether `key` is kept.
    pub fn contains_key(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// How many entries are kept, pinned ones included.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The store's capacity.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}

/// Pushes `value` onto a list store of at most `capacity` entries, dropping the oldest.
pub fn push_bounded<V>(list: &mut VecDeque<V>, capacity: usize, value: V) {
    while list.len() >= capacity.max(1) {
        list.pop_front();
    }
    list.push_back(value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_entry_goes_first_and_pinned_ones_stay() {
        let mut store = Bounded::with_capacity(3);
        store.pin("seed".into(), 0);
        for i in 1..=5 {
            store.insert(format!("k{i}"), i);
        }
        assert_eq!(store.len(), 4, "three created plus the pinned one");
        assert!(!store.contains_key("k1") && !store.contains_key("k2"));
        assert_eq!(store.get("k5"), Some(&5));
        assert_eq!(store.get("seed"), Some(&0));
        // Replacing a kept entry moves nothing out.
        store.insert("k3".into(), 30);
        assert_eq!(store.get("k3"), Some(&30));
        assert!(store.contains_key("k4") && store.contains_key("k5"));
    }

    #[test]
    fn a_list_store_drops_its_oldest() {
        let mut list = VecDeque::new();
        for i in 0..5 {
            push_bounded(&mut list, 2, i);
        }
        assert_eq!(list, [3, 4]);
    }
}
