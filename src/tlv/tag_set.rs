//! The IDs met at one level of a payload or a template: one bit each.

/// A set of object IDs (`00`–`99`), a bit each: what every walk (the checker, the fast path,
/// the writer) uses to find a duplicate ID and a missing one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct TagSet([u64; 2]);

impl TagSet {
    /// No ID.
    pub(crate) const EMPTY: TagSet = TagSet([0; 2]);

    /// The set with `tag` marked too.
    pub(crate) const fn with(mut self, tag: u8) -> TagSet {
        self.0[(tag >> 6) as usize & 1] |= 1u64 << (tag & 63);
        self
    }

    /// Marks `tag`; `false` when it was marked already. IDs above 127 wrap (callers pass
    /// two-digit IDs).
    #[inline(always)]
    pub(crate) fn insert(&mut self, tag: u8) -> bool {
        let word = &mut self.0[usize::from(tag >> 6) & 1];
        let bit = 1u64 << (tag & 63);
        let new = *word & bit == 0;
        *word |= bit;
        new
    }

    /// Whether `tag` is marked.
    #[inline(always)]
    pub(crate) fn contains(&self, tag: u8) -> bool {
        self.0[usize::from(tag >> 6) & 1] & (1u64 << (tag & 63)) != 0
    }

    /// Whether any ID in `from..to` is marked (`from <= to <= 128`).
    pub(crate) fn any_in(&self, from: u8, to: u8) -> bool {
        // The bits below `n`, as two words.
        let below = |n: u8| -> [u64; 2] {
            match n {
                0..=63 => [(1u64 << n) - 1, 0],
                64..=127 => [u64::MAX, (1u64 << (n - 64)) - 1],
                _ => [u64::MAX; 2],
            }
        };
        let (hi, lo) = (below(to), below(from));
        (self.0[0] & hi[0] & !lo[0]) | (self.0[1] & hi[1] & !lo[1]) != 0
    }

    /// The set less `tag`.
    pub(crate) fn without(mut self, tag: u8) -> TagSet {
        self.0[usize::from(tag >> 6) & 1] &= !(1u64 << (tag & 63));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_each_id_once_and_keeps_the_others() {
        let mut s = TagSet::EMPTY;
        for t in [0u8, 1, 26, 52, 63, 64, 99] {
            assert!(!s.contains(t));
            assert!(s.insert(t));
            assert!(!s.insert(t), "{t} twice");
            assert!(s.contains(t));
        }
        assert!(s.any_in(2, 52) && !s.any_in(2, 26) && !s.any_in(65, 99));
        let less = s.without(64);
        assert!(!less.contains(64) && less.contains(63) && less.contains(99));
    }
}
