//! CRC-16/CCITT-FALSE, the checksum of object `63`.
//!
//! Polynomial `0x1021`, initial value `0xFFFF`, no reflection, no final XOR (the catalogue
//! name is CRC-16/IBM-3740). It runs over the UTF-8 bytes of the payload from its first
//! character through the literal `6304`. On x86-64 CPUs with carry-less multiplication
//! (`PCLMULQDQ`, detected at run time with the `std` feature) inputs of 32 bytes and more are
//! folded 64 bytes per step; elsewhere a table built at compile time processes 16 bytes per step.

use crc::{Crc, Table, CRC_16_IBM_3740};

#[cfg(target_arch = "x86_64")]
mod clmul;

static CRC16: Crc<u16, Table<16>> = Crc::<u16, Table<16>>::new(&CRC_16_IBM_3740);

/// Computes the CRC-16/CCITT-FALSE of `bytes`.
///
/// ```
/// assert_eq!(pixcode::crc::crc16(b"123456789"), 0x29B1);
/// assert_eq!(pixcode::crc::crc16(b""), 0xFFFF);
/// ```
#[inline]
pub fn crc16(bytes: &[u8]) -> u16 {
    #[cfg(target_arch = "x86_64")]
    if bytes.len() >= 32 && clmul::available() {
        return clmul::crc16(bytes);
    }
    CRC16.checksum(bytes)
}

/// A CRC-16/CCITT-FALSE fed in pieces, for output that is written a piece at a time.
///
/// ```
/// let mut d = pixcode::crc::Digest::new();
/// d.update(b"1234");
/// d.update(b"56789");
/// assert_eq!(d.finalize(), pixcode::crc::crc16(b"123456789"));
/// ```
#[derive(Clone)]
pub struct Digest(crc::Digest<'static, u16, Table<16>>);

impl Digest {
    /// A digest of nothing yet.
    pub fn new() -> Digest {
        Digest(CRC16.digest())
    }

    /// Feeds `bytes`.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// The CRC of everything fed.
    pub fn finalize(self) -> u16 {
        self.0.finalize()
    }
}

impl Default for Digest {
    fn default() -> Digest {
        Digest::new()
    }
}

impl core::fmt::Debug for Digest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Digest").finish_non_exhaustive()
    }
}

/// Formats a CRC as the 4 uppercase hexadecimal digits that object `63` carries.
///
/// ```
/// assert_eq!(&pixcode::crc::to_hex(0x007B), b"007B");
/// assert_eq!(&pixcode::crc::to_hex(0xAC05), b"AC05");
/// ```
#[inline]
pub const fn to_hex(crc: u16) -> [u8; 4] {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    [
        DIGITS[(crc >> 12) as usize & 0xF],
        DIGITS[(crc >> 8) as usize & 0xF],
        DIGITS[(crc >> 4) as usize & 0xF],
        DIGITS[crc as usize & 0xF],
    ]
}

/// Reads 4 hexadecimal digits, upper or lower case, as a CRC value.
///
/// Returns `None` when `text` is not exactly 4 hexadecimal digits.
///
/// ```
/// assert_eq!(pixcode::crc::parse_hex(b"1D3D"), Some(0x1D3D));
/// assert_eq!(pixcode::crc::parse_hex(b"1d3d"), Some(0x1D3D));
/// assert_eq!(pixcode::crc::parse_hex(b"1D3"), None);
/// assert_eq!(pixcode::crc::parse_hex(b"XXXX"), None);
/// ```
pub const fn parse_hex(text: &[u8]) -> Option<u16> {
    if text.len() != 4 {
        return None;
    }
    let mut value = 0u16;
    let mut i = 0;
    while i < 4 {
        let nibble = match text[i] {
            b @ b'0'..=b'9' => b - b'0',
            b @ b'A'..=b'F' => b - b'A' + 10,
            b @ b'a'..=b'f' => b - b'a' + 10,
            _ => return None,
        };
        value = (value << 4) | nibble as u16;
        i += 1;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2021::*;

    /// Plain bitwise reference, as spec §4.1 describes it.
    fn bitwise(bytes: &[u8]) -> u16 {
        let mut crc: u16 = 0xFFFF;
        for &b in bytes {
            crc ^= (b as u16) << 8;
            for _ in 0..8 {
                crc = if crc & 0x8000 != 0 {
                    (crc << 1) ^ 0x1021
                } else {
                    crc << 1
                };
            }
        }
        crc
    }

    fn sample(len: usize) -> std::vec::Vec<u8> {
        let mut x: u32 = 0x1234_5678;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect()
    }

    #[test]
    #[cfg_attr(
        miri,
        ignore = "slow under Miri; folding_matches_table covers the unsafe path"
    )]
    fn matches_bitwise_reference() {
        let data = sample(1031);
        // Every length to 600 covers each head shape and lane count of the folding path.
        for len in (0..=600).chain([1000, 1031]) {
            assert_eq!(crc16(&data[..len]), bitwise(&data[..len]), "len {len}");
            assert_eq!(
                CRC16.checksum(&data[..len]),
                bitwise(&data[..len]),
                "len {len}"
            );
        }
    }

    /// The folding path against the table at every head shape (length mod 16) with one, two and
    /// three 64-byte blocks. `.ci/run` runs this under Miri with `pclmulqdq` enabled.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn folding_matches_table() {
        if !clmul::available() {
            return;
        }
        let data = sample(230);
        for len in 16..=230 {
            assert_eq!(
                clmul::crc16(&data[..len]),
                CRC16.checksum(&data[..len]),
                "len {len}"
            );
        }
    }

    #[test]
    fn hex_round_trip() {
        for v in [0u16, 1, 0x7B, 0xAC05, 0xFFFF, 0x1D3D] {
            assert_eq!(parse_hex(&to_hex(v)), Some(v));
        }
    }
}
