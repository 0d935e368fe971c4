//! Arbitrary bytes as a PDF: as a page's content stream (the interpreter, the work count and
//! the renderer) or, after the header, as the whole file (the parser, its repair and the
//! stream measures). An error or a result, never a panic, in bounded time and memory.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let file = if mode & 1 == 0 {
        // A small page (100 points, 278 pixels drawn), so each run is quick.
        pixcode::scan::pdf::one_page_pdf(&String::from_utf8_lossy(rest), [100, 100])
    } else {
        [b"%PDF-1.7\n".as_slice(), rest].concat()
    };
    if let Ok(found) = pixcode::scan::scan(&file) {
        for symbol in found {
            assert!(symbol.page.is_some());
        }
    }
});
