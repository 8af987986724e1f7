//! A tiny seeded pseudo-random generator (SplitMix64). The engine draws all
//! its jitter from one of these, so the same seed always yields the same
//! trace; no platform randomness is ever used.

/// SplitMix64 (Steele, Lea, Flood 2014): 64-bit state, full period, and good
/// enough statistical quality for start-up jitter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// Restarts the sequence from `seed` (`sim seed N`).
    pub fn reseed(&mut self, seed: u64) {
        self.state = seed;
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi` (inclusive); `lo` when the range is empty or
    /// inverted.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        let span = hi - lo + 1;
        lo + self.next_u64() % span
    }

    /// `n` lowercase alphanumeric characters from Kubernetes' name alphabet
    /// (`bcdfghjklmnpqrstvwxz2456789`), as `generateName` suffixes use.
    pub fn name_suffix(&mut self, n: usize) -> String {
        const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
        (0..n)
            .map(|_| {
                let i = (self.next_u64() % ALPHABET.len() as u64) as usize;
                ALPHABET.get(i).copied().map_or('x', char::from)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence_other_seed_differs() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let mut c = Rng::new(8);
        let xs: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        let zs: Vec<u64> = (0..5).map(|_| c.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs, zs);
    }

    #[test]
    fn range_is_inclusive_and_bounded() {
        let mut r = Rng::new(1);
        for _ in 0..1000 {
            let v = r.range(10, 12);
            assert!((10..=12).contains(&v));
        }
        assert_eq!(r.range(5, 5), 5);
        assert_eq!(r.range(9, 3), 9);
        assert_eq!(r.name_suffix(5).len(), 5);
    }
}
