//! CRC-16/CCITT-FALSE by carry-less multiplication (x86-64 `PCLMULQDQ`), for inputs of 32 bytes
//! and more (below that the table is as fast).
//!
//! This is the crate's one exception to `unsafe_code`: calling a function compiled for a CPU
//! feature the build does not assume. The criterion `crc` group shows why it is worth it: on a
//! 142-byte payload the table takes about 65 ns and this about 22 ns, and the CRC was the
//! largest single cost of `decode`. The function body itself uses only safe intrinsics (no
//! pointers: loads go through ordinary slices); the one `unsafe` call is made after the CPU
//! feature is detected, at run time with `std` or at compile time without it. The unit tests
//! run under Miri (`.ci/run`) and compare against a bitwise reference at every length from 0 to
//! 600 bytes.
//!
//! The method: the message, as a polynomial over GF(2) with its first bit highest, is folded
//! 128 bits at a time (four lanes of 128 bits in the main loop), each fold replacing
//! `A·x^k` by `A_hi·(x^(k+64) mod P) + A_lo·(x^k mod P)`, which keeps the value congruent
//! modulo `P = x^16 + x^12 + x^5 + 1`. The initial value `0xFFFF` becomes a 2-byte prefix
//! `J = 0x84CF` (the value with `J·x^16 ≡ 0xFFFF mod P`), so the whole CRC is the zero-init CRC
//! of `J ‖ message`, left-padded with zero bytes (which change nothing) to a multiple of 16.
//! The last 128 bits are reduced to 16 with two more folds and a Barrett reduction.

#![allow(unsafe_code)]

use core::arch::x86_64::{
    __m128i, _mm_clmulepi64_si128, _mm_cvtsi128_si64, _mm_set_epi64x, _mm_unpackhi_epi64,
    _mm_xor_si128,
};

/// The prefix that stands for the initial value 0xFFFF: the zero-init CRC of `J ‖ m` equals the
/// CRC-16/CCITT-FALSE of `m`.
const J: u16 = 0x84CF;

/// `x^n mod P`, computed at compile time.
const fn x_pow_mod(n: u32) -> i64 {
    let mut r: u32 = 1;
    let mut i = 0;
    while i < n {
        r <<= 1;
        if r & 0x1_0000 != 0 {
            r ^= 0x1_1021;
        }
        i += 1;
    }
    r as i64
}

const X128: i64 = x_pow_mod(128);
const X192: i64 = x_pow_mod(192);
const X256: i64 = x_pow_mod(256);
const X320: i64 = x_pow_mod(320);
const X384: i64 = x_pow_mod(384);
const X448: i64 = x_pow_mod(448);
const X512: i64 = x_pow_mod(512);
const X576: i64 = x_pow_mod(576);

/// Whether this CPU can run [`crc16`].
#[inline]
pub(super) fn available() -> bool {
    #[cfg(target_feature = "pclmulqdq")]
    {
        true
    }
    #[cfg(all(not(target_feature = "pclmulqdq"), feature = "std"))]
    {
        std::is_x86_feature_detected!("pclmulqdq")
    }
    #[cfg(all(not(target_feature = "pclmulqdq"), not(feature = "std")))]
    {
        false
    }
}

/// CRC-16/CCITT-FALSE of `bytes` (at least 16 bytes long) when [`available`] says so.
#[inline]
pub(super) fn crc16(bytes: &[u8]) -> u16 {
    debug_assert!(available() && bytes.len() >= 16);
    // SAFETY: `fold` needs `pclmulqdq` (and `sse2`, part of every x86-64 target); every caller
    // checks `available()` first, which detected `pclmulqdq` on this CPU at run time or found it
    // enabled for the whole build. The function takes no pointers and reads only through slices.
    unsafe { fold(bytes) }
}

/// A 16-byte chunk as a 128-bit polynomial, first byte highest.
#[inline]
#[target_feature(enable = "sse2")]
fn load(chunk: &[u8]) -> __m128i {
    let hi = u64::from_be_bytes([
        chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
    ]);
    let lo = u64::from_be_bytes([
        chunk[8], chunk[9], chunk[10], chunk[11], chunk[12], chunk[13], chunk[14], chunk[15],
    ]);
    _mm_set_epi64x(hi as i64, lo as i64)
}

#[inline]
#[target_feature(enable = "sse2")]
fn from_u128(v: u128) -> __m128i {
    _mm_set_epi64x((v >> 64) as i64, v as i64)
}

/// `x·x^k` folded to `x_hi·k.hi + x_lo·k.lo`, where `k = (x^(k+64) mod P, x^k mod P)`.
#[inline]
#[target_feature(enable = "pclmulqdq,sse2")]
fn fold_by(x: __m128i, k: __m128i) -> __m128i {
    _mm_xor_si128(
        _mm_clmulepi64_si128(x, k, 0x11),
        _mm_clmulepi64_si128(x, k, 0x00),
    )
}

#[target_feature(enable = "pclmulqdq,sse2")]
fn fold(m: &[u8]) -> u16 {
    let k128 = _mm_set_epi64x(X192, X128);
    let n = m.len();
    // The first chunk(s) of `J ‖ m`, left-padded with zeros to a multiple of 16 bytes; `o` is
    // how many bytes of `m` they hold.
    // One bounds check for the whole head (callers pass 16 bytes or more; a shorter input
    // takes the table, so the answer is right whatever the length).
    let Some(head) = m.first_chunk::<16>() else {
        return super::CRC16.checksum(m);
    };
    let w = u128::from_be_bytes(*head);
    let j = J as u128;
    let (mut x, o) = match (n + 2) % 16 {
        0 => (from_u128((j << 112) | (w >> 16)), 14),
        // One byte of J in the first chunk, the other opening the second.
        1 => {
            let second = ((j & 0xFF) << 120) | (w >> 8);
            (
                _mm_xor_si128(fold_by(from_u128(j >> 8), k128), from_u128(second)),
                15,
            )
        }
        2 => (from_u128(j), 0),
        h => {
            let taken = h - 2;
            (
                from_u128((j << (8 * taken)) | (w >> (8 * (16 - taken)))),
                taken,
            )
        }
    };
    let mut blocks = m[o..].chunks_exact(64);
    if let Some(b) = blocks.next() {
        // Four lanes, 64 bytes apart, folded by 512 bits; the first chunk folds into lane 0.
        let k512 = _mm_set_epi64x(X576, X512);
        let mut l0 = _mm_xor_si128(fold_by(x, k128), load(&b[..16]));
        let mut l1 = load(&b[16..32]);
        let mut l2 = load(&b[32..48]);
        let mut l3 = load(&b[48..]);
        for b in blocks.by_ref() {
            l0 = _mm_xor_si128(fold_by(l0, k512), load(&b[..16]));
            l1 = _mm_xor_si128(fold_by(l1, k512), load(&b[16..32]));
            l2 = _mm_xor_si128(fold_by(l2, k512), load(&b[32..48]));
            l3 = _mm_xor_si128(fold_by(l3, k512), load(&b[48..]));
        }
        let k384 = _mm_set_epi64x(X448, X384);
        let k256 = _mm_set_epi64x(X320, X256);
        x = _mm_xor_si128(
            _mm_xor_si128(fold_by(l0, k384), fold_by(l1, k256)),
            _mm_xor_si128(fold_by(l2, k128), l3),
        );
    }
    for c in blocks.remainder().chunks_exact(16) {
        x = _mm_xor_si128(fold_by(x, k128), load(c));
    }
    reduce(x)
}

/// `floor(x^64 / P)`, for the Barrett reduction.
const MU: u64 = {
    // Long division of x^64 by P, bit by bit from the top.
    let mut rem: u128 = 1 << 64;
    let mut q: u64 = 0;
    let mut bit = 64;
    while bit >= 16 {
        if rem & (1 << bit) != 0 {
            rem ^= 0x1_1021 << (bit - 16);
            q |= 1 << (bit - 16);
        }
        bit -= 1;
    }
    q
};
const X64: u64 = x_pow_mod(64) as u64;
const X80: u64 = x_pow_mod(80) as u64;

/// The carry-less product of two 64-bit polynomials.
#[inline]
#[target_feature(enable = "pclmulqdq,sse2")]
fn clmul(a: u64, b: u64) -> u128 {
    let p = _mm_clmulepi64_si128(_mm_set_epi64x(0, a as i64), _mm_set_epi64x(0, b as i64), 0);
    let lo = _mm_cvtsi128_si64(p) as u64;
    let hi = _mm_cvtsi128_si64(_mm_unpackhi_epi64(p, p)) as u64;
    (u128::from(hi) << 64) | u128::from(lo)
}

/// `R·x^16 mod P` for the 128-bit polynomial `R`: the zero-init CRC of its 16 bytes.
#[inline]
#[target_feature(enable = "pclmulqdq,sse2")]
fn reduce(r: __m128i) -> u16 {
    let hi = _mm_cvtsi128_si64(_mm_unpackhi_epi64(r, r)) as u64;
    let lo = _mm_cvtsi128_si64(r) as u64;
    // R·x^16 = hi·x^80 + lo·x^16: at most 80 bits once hi·x^80 is replaced by hi·(x^80 mod P).
    let t = clmul(hi, X80) ^ (u128::from(lo) << 16);
    // The top 16 bits times x^64 likewise: at most 64 bits.
    let t = (t as u64) ^ (clmul((t >> 64) as u64, X64) as u64);
    // Barrett: the quotient by P, then the remainder.
    let q = (clmul(t >> 16, MU) >> 48) as u64;
    (t ^ clmul(q, 0x1_1021) as u64) as u16
}
