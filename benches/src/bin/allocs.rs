//! Allocations per operation, for pixcode and each peer, on the benchmark inputs:
//! `cargo run --release --manifest-path benches/Cargo.toml --bin allocs`. Prints a Markdown
//! table; a peer that panics or rejects an input is reported so.

use pixcode_benches::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static COUNT: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        COUNT.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        COUNT.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by one call of `f`, or a note when it panics.
fn count<R>(f: impl FnOnce() -> R) -> String {
    let before = COUNT.load(Ordering::Relaxed);
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => {
            let n = COUNT.load(Ordering::Relaxed) - before;
            std::hint::black_box(r);
            n.to_string()
        }
        Err(_) => "panics".into(),
    }
}

fn main() {
    std::panic::set_hook(Box::new(|_| {}));
    println!("| operation | input | pixcode decode | pixcode inspect | brcode | pix-brcode-parser | promptparse |");
    println!("|---|---|---|---|---|---|---|");
    for (name, input) in decode_inputs() {
        let i = input.as_str();
        let peer_note = |ok: &str, accepted: Option<bool>| match accepted {
            Some(false) => format!("{ok} (rejects)"),
            _ => ok.to_owned(),
        };
        let pbp = count(|| peer::pix_brcode_parser(i));
        let pbp_ok = catch_unwind(|| peer::pix_brcode_parser(i)).ok();
        let pp = count(|| peer::promptparse(i));
        let pp_ok = catch_unwind(|| peer::promptparse(i)).ok();
        println!(
            "| decode + validate | {name} | {} | {} | {} | {} | {} |",
            count(|| pixcode::decode(i).is_ok()),
            count(|| pixcode::inspect(i.as_bytes()).is_valid()),
            count(|| peer::brcode(i)),
            peer_note(&pbp, pbp_ok),
            peer_note(&pp, pp_ok),
        );
    }
    let mut buf = [0u8; 512];
    println!(
        "| build static | BCB example | {} | – | – | {} | {} |",
        count(|| pixcode_emit(&mut buf)),
        count(pix_brcode_parser_emit),
        count(promptparse_emit),
    );
    let kib = "1".repeat(1024);
    println!(
        "| CRC | 1 KiB | {} | – | {} | {} | {} |",
        count(|| pixcode::crc::crc16(kib.as_bytes())),
        count(|| brcode::crc16_ccitt(&kib)),
        count(|| pix_brcode_parser::validation::calculate_crc16(&kib)),
        count(|| promptparse::checksum(&kib, true)),
    );
}
