//! Per-client rate limits (governor's keyed GCRA over a DashMap): one bucket per IPv4 address
//! and one per IPv6 /64, since one customer's line usually holds a whole /64 and rotating
//! within it must not buy a fresh budget. IPv4-mapped IPv6 counts as IPv4.
//!
//! In memory and per instance: with several proxies behind a balancer each has its own
//! budget, so the balancer's limit is the shared one. Memory is bounded: stale buckets are
//! dropped every [`RETAIN_EVERY`] checks, and beyond [`MAX_TRACKED`] buckets new addresses
//! share one overflow bucket (limiting never switches off under a flood of addresses).

use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::nanos::Nanos;
use governor::state::keyed::{DashMapStateStore, ShrinkableKeyedStateStore};
use governor::state::StateStore;
use governor::Quota;

/// Most buckets one limiter keeps (a few MB); more addresses share [`Bucket::Overflow`].
pub const MAX_TRACKED: usize = 100_000;
/// Stale buckets are dropped once per this many checks.
pub const RETAIN_EVERY: u64 = 1024;

/// Whose budget a request spends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bucket {
    /// One IPv4 address (or IPv4-mapped IPv6 address).
    V4(Ipv4Addr),
    /// One IPv6 /64: the upper 64 bits of the address.
    V6Net(u64),
    /// Every new address once [`MAX_TRACKED`] buckets are kept.
    Overflow,
}

impl Bucket {
    /// The bucket of `ip`.
    pub fn of(ip: IpAddr) -> Self {
        match ip.to_canonical() {
            IpAddr::V4(v4) => Self::V4(v4),
            IpAddr::V6(v6) => Self::V6Net((v6.to_bits() >> 64) as u64),
        }
    }
}

/// governor's DashMap store with a cap on the number of buckets.
pub struct CappedStore {
    map: DashMapStateStore<Bucket>,
    cap: usize,
}

impl StateStore for CappedStore {
    type Key = Bucket;

    fn measure_and_replace<T, F, E>(&self, key: &Bucket, f: F) -> Result<T, E>
    where
        F: Fn(Option<Nanos>) -> Result<(T, Nanos), E>,
    {
        // A known bucket costs one shard lock; only a new one pays for counting.
        let key = if self.map.contains_key(key) || self.map.len() < self.cap {
            key
        } else {
            &Bucket::Overflow
        };
        self.map.measure_and_replace(key, f)
    }
}

impl ShrinkableKeyedStateStore<Bucket> for CappedStore {
    fn retain_recent(&self, drop_below: Nanos) {
        ShrinkableKeyedStateStore::retain_recent(&self.map, drop_below);
    }

    fn shrink_to_fit(&self) {
        self.map.shrink_to_fit();
    }

    fn len(&self) -> usize {
        self.map.len()
    }

    fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

type Keyed = governor::RateLimiter<Bucket, CappedStore, DefaultClock>;

/// `per_minute` requests per bucket, refilled evenly over the minute (a burst of the whole
/// minute's budget is allowed).
pub struct RateLimiter {
    limiter: Option<Keyed>,
    checks: AtomicU64,
}

impl RateLimiter {
    /// A limiter allowing `per_minute` calls per bucket (0 disables it).
    pub fn new(per_minute: u32) -> Self {
        Self::with_cap(per_minute, MAX_TRACKED)
    }

    /// A limiter keeping at most `cap` buckets besides the overflow one.
    pub fn with_cap(per_minute: u32, cap: usize) -> Self {
        let limiter = NonZeroU32::new(per_minute).map(|n| {
            let store = CappedStore {
                map: DashMapStateStore::default(),
                cap,
            };
            Keyed::new(Quota::per_minute(n), store, DefaultClock::default())
        });
        Self {
            limiter,
            checks: AtomicU64::new(0),
        }
    }

    /// Spends one call of `ip`'s bucket; `Err(wait)` when it is empty, `wait` being when the
    /// next call would pass.
    pub fn check(&self, ip: IpAddr) -> Result<(), Duration> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        if self.checks.fetch_add(1, Ordering::Relaxed) % RETAIN_EVERY == RETAIN_EVERY - 1 {
            limiter.retain_recent();
        }
        limiter
            .check_key(&Bucket::of(ip))
            .map_err(|not_until| not_until.wait_time_from(limiter.clock().now()))
    }

    /// Drops the buckets that are full again (they are no different from new ones).
    pub fn retain_recent(&self) {
        if let Some(limiter) = &self.limiter {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    /// How many buckets are kept now.
    pub fn tracked(&self) -> usize {
        self.limiter.as_ref().map_or(0, |l| l.len())
    }
}

/// `Retry-After` seconds for a wait: rounded up, at least 1.
pub fn retry_after_secs(wait: Duration) -> u64 {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    secs.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn each_ipv4_address_and_each_ipv6_64_has_its_own_budget() {
        let limiter = RateLimiter::new(2);
        for address in ["192.0.2.1", "2001:db8:0:1::1"] {
            assert!(limiter.check(ip(address)).is_ok());
            assert!(limiter.check(ip(address)).is_ok());
            let wait = limiter.check(ip(address)).unwrap_err();
            // Two per minute: the next call is about 30 s away.
            assert!(
                wait > Duration::from_secs(25) && wait <= Duration::from_secs(30),
                "{wait:?}"
            );
        }
        // Another IPv4 address, another /64: fresh budgets.
        assert!(limiter.check(ip("192.0.2.2")).is_ok());
        assert!(limiter.check(ip("2001:db8:0:2::1")).is_ok());
        // Another address in the same /64, or the mapped form of the IPv4 address: the same.
        assert!(limiter
            .check(ip("2001:db8:0:1:ffff:ffff:ffff:ffff"))
            .is_err());
        assert!(limiter.check(ip("::ffff:192.0.2.1")).is_err());
    }

    #[test]
    fn buckets_are_keyed_by_address_or_64() {
        assert_eq!(
            Bucket::of(ip("::ffff:10.0.0.1")),
            Bucket::of(ip("10.0.0.1"))
        );
        assert_eq!(
            Bucket::of(ip("2001:db8::1")),
            Bucket::V6Net(0x2001_0db8_0000_0000)
        );
        assert_ne!(Bucket::of(ip("10.0.0.1")), Bucket::of(ip("10.0.0.2")));
    }

    #[test]
    fn zero_disables_the_limit() {
        let limiter = RateLimiter::new(0);
        assert!((0..1000).all(|_| limiter.check(ip("192.0.2.1")).is_ok()));
        assert_eq!(limiter.tracked(), 0);
    }

    #[test]
    fn retry_after_is_whole_seconds_rounded_up() {
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(1001)), 2);
        assert_eq!(retry_after_secs(Duration::from_secs(30)), 30);
    }

    #[test]
    fn memory_stays_bounded_under_many_addresses() {
        // 60 000 a minute: a bucket is full again after a millisecond.
        let limiter = RateLimiter::with_cap(60_000, 1000);
        for i in 0..5000u32 {
            let _ = limiter.check(IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + i)));
        }
        assert!(limiter.tracked() <= 1001, "{}", limiter.tracked());
        std::thread::sleep(Duration::from_millis(20));
        limiter.retain_recent();
        // Every address's bucket is gone; the overflow one still counts its 4000 calls down.
        assert_eq!(limiter.tracked(), 1);
    }

    #[test]
    fn beyond_the_cap_new_addresses_share_the_overflow_bucket() {
        let limiter = RateLimiter::with_cap(1, 3);
        for i in 1..=3 {
            assert!(limiter.check(ip(&format!("192.0.2.{i}"))).is_ok());
        }
        // Full: the first newcomer takes the overflow bucket's one call, the next finds it empty.
        assert!(limiter.check(ip("198.51.100.1")).is_ok());
        assert!(limiter.check(ip("198.51.100.2")).is_err());
        // Known addresses keep their own (spent) buckets.
        assert!(limiter.check(ip("192.0.2.1")).is_err());
        assert_eq!(limiter.tracked(), 4);
    }

    #[test]
    fn stale_buckets_are_dropped_while_checking() {
        let limiter = RateLimiter::with_cap(60_000, MAX_TRACKED);
        for i in 0..RETAIN_EVERY as u32 - 1 {
            let _ = limiter.check(IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + i)));
        }
        assert_eq!(limiter.tracked(), RETAIN_EVERY as usize - 1);
        std::thread::sleep(Duration::from_millis(20));
        // The RETAIN_EVERY-th check sweeps first.
        let _ = limiter.check(ip("192.0.2.1"));
        assert_eq!(limiter.tracked(), 1);
    }
}
