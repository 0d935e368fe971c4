//! The JWK Set cache, sans-IO: which set to use for a `jku` and `kid`, or that it must be
//! fetched, decided on a clock the caller gives.

use super::jwk::Jwks;
use std::collections::HashMap;
use std::string::{String, ToString};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The most JWK Sets kept: a stream of codes, each naming its own `jku`, cannot grow the
/// cache without bound; past it, the set fetched longest ago is dropped.
pub const MAX_CACHED_SETS: usize = 256;

/// JWK Sets by `jku`, each kept for a time to live.
///
/// ```
/// use pixcode::dynamic::{Jwks, JwksCache, Lookup};
/// use std::{sync::Arc, time::{Duration, Instant}};
/// let mut cache = JwksCache::new(Duration::from_secs(300));
/// let t0 = Instant::now();
/// let jku = "pix.example.com/jwks";
/// assert_eq!(cache.lookup(jku, "k1", t0), Lookup::Fetch);
/// let set = Arc::new(Jwks::parse(br#"{"keys":[{"kty":"EC","kid":"k1","crv":"P-256","x":"AA","y":"AA"}]}"#).unwrap());
/// cache.store(jku, set.clone(), t0);
/// assert_eq!(cache.lookup(jku, "k1", t0 + Duration::from_secs(299)), Lookup::Cached(set));
/// // A kid the cached set lacks (a rotated key), or a stale set: fetch again.
/// assert_eq!(cache.lookup(jku, "k2", t0), Lookup::Fetch);
/// assert_eq!(cache.lookup(jku, "k1", t0 + Duration::from_secs(300)), Lookup::Fetch);
/// ```
#[derive(Debug)]
pub struct JwksCache {
    ttl: Duration,
    sets: HashMap<String, (Instant, Arc<Jwks>)>,
}

/// What [`JwksCache::lookup`] decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// Use this set: fetched less than the time to live ago, and it has the `kid`.
    Cached(Arc<Jwks>),
    /// Fetch the set (then [`JwksCache::store`] it): none is cached, the cached one is
    /// stale, or it lacks the `kid` (the key was rotated since).
    Fetch,
}

impl JwksCache {
    /// An empty cache keeping each set for `ttl`.
    pub fn new(ttl: Duration) -> JwksCache {
        JwksCache {
            ttl,
            sets: HashMap::new(),
        }
    }

    /// The set for `jku` when it is fresh at `now` and has `kid`; else [`Lookup::Fetch`].
    /// A set just fetched is used as it is even without the `kid`: the verifier then says
    /// the key is missing, and nothing is fetched twice for one code.
    pub fn lookup(&self, jku: &str, kid: &str, now: Instant) -> Lookup {
        match self.sets.get(jku) {
            Some((fetched, set))
                if now.saturating_duration_since(*fetched) < self.ttl
                    && set.find(kid).is_some() =>
            {
                Lookup::Cached(set.clone())
            }
            _ => Lookup::Fetch,
        }
    }

    /// Keeps `set` as fetched from `jku` at `now`; past [`MAX_CACHED_SETS`], the set fetched
    /// longest ago goes.
    pub fn store(&mut self, jku: &str, set: Arc<Jwks>, now: Instant) {
        if !self.sets.contains_key(jku) && self.sets.len() >= MAX_CACHED_SETS {
            if let Some(oldest) = self
                .sets
                .iter()
                .min_by_key(|(_, (fetched, _))| *fetched)
                .map(|(k, _)| k.clone())
            {
                self.sets.remove(&oldest);
            }
        }
        self.sets.insert(jku.to_string(), (now, set));
    }

    /// How many sets are kept.
    pub fn len(&self) -> usize {
        self.sets.len()
    }

    /// Whether no set is kept.
    pub fn is_empty(&self) -> bool {
        self.sets.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(kid: &str) -> Arc<Jwks> {
        Arc::new(Jwks {
            keys: std::vec![crate::dynamic::jose::jwk::Jwk {
                kid: Some(kid.to_string()),
                ..crate::dynamic::jose::jwk::Jwk::default()
            }],
        })
    }

    #[test]
    fn the_cache_is_bounded_and_drops_the_oldest() {
        let mut cache = JwksCache::new(Duration::from_secs(60));
        let t0 = Instant::now();
        for i in 0..MAX_CACHED_SETS + 10 {
            cache.store(
                &std::format!("h{i}/jwks"),
                set("k"),
                t0 + Duration::from_millis(i as u64),
            );
        }
        assert_eq!(cache.len(), MAX_CACHED_SETS);
        let late = t0 + Duration::from_secs(1);
        assert_eq!(cache.lookup("h0/jwks", "k", late), Lookup::Fetch);
        assert_eq!(cache.lookup("h9/jwks", "k", late), Lookup::Fetch);
        assert_eq!(
            cache.lookup("h10/jwks", "k", late),
            Lookup::Cached(set("k"))
        );
        // Storing a set again replaces it, without evicting another.
        cache.store("h10/jwks", set("k2"), late);
        assert_eq!(cache.len(), MAX_CACHED_SETS);
        assert_eq!(
            cache.lookup("h10/jwks", "k2", late),
            Lookup::Cached(set("k2"))
        );
        // A clock that goes back (a caller's mistake) is not fresher than fresh.
        assert_eq!(
            cache.lookup("h10/jwks", "k2", t0),
            Lookup::Cached(set("k2"))
        );
    }
}
