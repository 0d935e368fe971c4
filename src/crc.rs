//! CRC-16/CCITT-FALSE, the checksum of object `63`.
//!
//! Polynomial `0x1021`, initial value `0xFFFF`, no reflection, no final XOR (the catalogue
//! name is CRC-16/IBM-3740). It runs over the UTF-8 bytes of the payload from its first
//! character through the literal `6304`. The table is built at compile time and processes
//! 16 bytes per step.

use crc::{Crc, Table, CRC_16_IBM_3740};

static CRC16: Crc<u16, Table<16>> = Crc::<u16, Table<16>>::new(&CRC_16_IBM_3740);

/// Computes the CRC-16/CCITT-FALSE of `bytes`.
///
/// ```
/// assert_eq!(pixcode::crc::crc16(b"123456789"), 0x29B1);
/// assert_eq!(pixcode::crc::crc16(b""), 0xFFFF);
/// ```
#[inline]
pub fn crc16(bytes: &[u8]) -> u16 {
    CRC16.checksum(bytes)
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

    #[test]
    fn table_matches_bitwise_reference() {
        let mut data = [0u8; 1031];
        let mut x: u32 = 0x1234_5678;
        for b in data.iter_mut() {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            *b = x as u8;
        }
        for len in [0, 1, 2, 15, 16, 17, 31, 64, 1000, 1031] {
            assert_eq!(crc16(&data[..len]), bitwise(&data[..len]), "len {len}");
        }
    }

    #[test]
    fn hex_round_trip() {
        for v in [0u16, 1, 0x7B, 0xAC05, 0xFFFF, 0x1D3D] {
            assert_eq!(parse_hex(&to_hex(v)), Some(v));
        }
    }
}
