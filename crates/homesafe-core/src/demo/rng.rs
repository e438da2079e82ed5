//! A small, self-contained pseudo-random generator: xoshiro256** seeded through SplitMix64.
//! Only integer and correctly rounded floating-point operations (+ − × ÷ √) are used, so the
//! same seed gives the same stream on every platform — no libm `exp`/`ln` whose last bit may
//! differ between systems.

/// xoshiro256** (Blackman and Vigna, 2018).
#[derive(Debug, Clone)]
pub(crate) struct Rng {
    s: [u64; 4],
}

/// SplitMix64: spreads a 64-bit seed over the generator's state.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        let mut sm = seed;
        let s = [
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
        ];
        Rng { s }
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in `0..n` (Lemire's multiply-shift; the tiny bias is irrelevant here).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo) as u64 + 1) as i64
    }

    /// Uniform in `lo..=hi`, for `u32`.
    pub(crate) fn range_u32(&mut self, lo: u32, hi: u32) -> u32 {
        self.range(i64::from(lo), i64::from(hi)) as u32
    }

    /// Uniform in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// An index chosen with the given integer weights.
    pub(crate) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut r = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            let w = u64::from(w);
            if r < w {
                return i;
            }
            r -= w;
        }
        weights.len().saturating_sub(1)
    }

    /// A Poisson-distributed count with mean `lambda`: exact (Knuth) for small means, a normal
    /// approximation (Irwin–Hall) for large ones.
    pub(crate) fn poisson(&mut self, lambda: f64) -> u32 {
        if lambda <= 0.0 {
            return 0;
        }
        if lambda < 30.0 {
            let limit = exp_neg(lambda);
            let mut k = 0u32;
            let mut p = self.unit();
            while p > limit {
                k += 1;
                p *= self.unit();
            }
            k
        } else {
            let z: f64 = (0..12).map(|_| self.unit()).sum::<f64>() - 6.0;
            let x = lambda + lambda.sqrt() * z + 0.5;
            if x < 0.0 { 0 } else { x as u32 }
        }
    }

    /// 64 lower-case hex digits: a made-up SHA-256 for a document the demo does not hold.
    pub(crate) fn hex64(&mut self) -> String {
        let mut out = String::with_capacity(64);
        for _ in 0..4 {
            let mut v = self.next_u64();
            for _ in 0..16 {
                out.push(HEX[(v >> 60) as usize] as char);
                v <<= 4;
            }
        }
        out
    }
}

/// e^(−x) for x ≥ 0, from a Taylor series and repeated squaring: basic arithmetic only.
pub(crate) fn exp_neg(x: f64) -> f64 {
    let mut k = 0;
    let mut y = x;
    while y > 0.5 {
        y /= 2.0;
        k += 1;
    }
    // e^y for |y| ≤ 0.5: 16 terms is far beyond double precision.
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 1..16 {
        term *= -y / f64::from(n);
        sum += term;
    }
    for _ in 0..k {
        sum *= sum;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_different_seed_differs() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let mut c = Rng::new(8);
        let xs: Vec<u64> = (0..8).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..8).map(|_| b.next_u64()).collect();
        let zs: Vec<u64> = (0..8).map(|_| c.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs, zs);
    }

    #[test]
    fn exp_neg_matches_the_library_closely() {
        for x in [0.0, 0.1, 0.5, 1.0, 2.5, 7.0, 29.0] {
            let rel = (exp_neg(x) - (-x).exp()).abs() / (-x).exp();
            assert!(rel < 1e-12, "{x}: {rel}");
        }
    }

    #[test]
    fn poisson_means_are_right() {
        let mut r = Rng::new(1);
        for lambda in [0.3, 3.0, 12.0, 250.0] {
            let n = 20_000;
            let total: u64 = (0..n).map(|_| u64::from(r.poisson(lambda))).sum();
            let mean = total as f64 / f64::from(n);
            assert!(
                (mean - lambda).abs() < lambda.sqrt() * 0.05 + 0.02,
                "{lambda}: {mean}"
            );
        }
    }

    #[test]
    fn bounded_draws_stay_in_range() {
        let mut r = Rng::new(3);
        for _ in 0..1000 {
            let v = r.range(-3, 5);
            assert!((-3..=5).contains(&v));
            assert!(r.unit() < 1.0);
        }
        assert_eq!(r.hex64().len(), 64);
        assert_eq!(r.weighted(&[0, 0, 5]), 2);
    }
}
