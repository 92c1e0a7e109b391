//! The demo's PRNG: a fixed-seed xorshift, so that the generated site group is the same on
//! every machine (no `rand`, whose algorithms may change between versions).

/// xorshift64: small, fast and the same everywhere; not for anything but demo text.
#[derive(Debug, Clone)]
pub(super) struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi.saturating_sub(lo) + 1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `k` distinct indexes of `0..n`, in random order.
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            all.swap(i, self.below(i + 1));
        }
        all.truncate(k);
        all
    }

    /// An amount such as `1234.56`.
    pub fn amount(&mut self, lo: u64, hi: u64) -> String {
        format!("{}.{:02}", self.range(lo, hi), self.below(100))
    }

    /// A percentage such as `3.6`.
    pub fn percent(&mut self, lo: u64, hi: u64) -> String {
        format!("{}.{}", self.range(lo, hi), self.below(10))
    }
}
