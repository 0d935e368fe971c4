//! Decoding and validating borrow from the input and allocate nothing: a counting global
//! allocator proves it for a static, a dynamic, a composto and a non-ASCII code, and for a
//! broken one.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const CODES: [&str; 5] = [
    // static
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D",
    // dynamic
    "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***630464E4",
    // composto
    "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac1200026304FB42",
    // non-ASCII
    "00020101021126330014br.gov.bcb.pix0111002051041185204000053039865406350.005802BR5928Leone Parise Vieira da Silva6006Maceió62070503***6304E5FB",
    // broken (CRC matches, 62 overruns)
    "00020126360014BR.GOV.BCB.PIX0114+5511943214321520400005303986540566.665802BR5907EMPRESA6008BRASILIA62080503***6304170E",
];

/// One test only, so no other test thread allocates while counting.
#[test]
fn decoding_and_validating_allocate_nothing() {
    for code in CODES {
        let before = ALLOCATIONS.load(Ordering::SeqCst);
        let strict = pixcode::decode(code);
        let full = pixcode::inspect(code.as_bytes());
        let view_ok = strict.as_ref().map(|c| {
            (
                c.key().map(|k| k.kind()),
                c.amount().and_then(|a| a.cents()),
                c.merchant_city().map(str::len),
                c.location().map(|l| l.resource()),
            )
        });
        let counts = (
            full.emv.errors.len(),
            full.emv.warnings.len(),
            full.pix.map(|p| p.report.warnings.len()),
        );
        let after = ALLOCATIONS.load(Ordering::SeqCst);
        assert_eq!(after - before, 0, "allocations while decoding {code}");
        // The results are real: valid codes decode, the broken one does not.
        assert_eq!(strict.is_ok(), full.emv.is_valid());
        let _ = std::hint::black_box((view_ok, counts));
    }
    // The counter itself works.
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    std::hint::black_box(vec![1u8; 16]);
    assert!(ALLOCATIONS.load(Ordering::SeqCst) > before);
    assert!(pixcode::decode(CODES[4]).is_err());
    assert!(pixcode::decode(CODES[3]).is_ok());
}
