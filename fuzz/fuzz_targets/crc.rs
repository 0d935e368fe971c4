//! Differential: the table-driven CRC equals a plain bitwise reference for any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fn bitwise(bytes: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &b in bytes {
        crc ^= (b as u16) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    crc
}

fuzz_target!(|data: &[u8]| {
    assert_eq!(pixcode::crc::crc16(data), bitwise(data));
    let hex = pixcode::crc::to_hex(pixcode::crc::crc16(data));
    assert_eq!(pixcode::crc::parse_hex(&hex), Some(pixcode::crc::crc16(data)));
});
