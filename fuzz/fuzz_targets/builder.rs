//! Structured builder input: the builder returns a code that decodes with no errors (and no
//! warnings), or a typed error.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use pixcode::pix::Builder;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    name: &'a str,
    city: &'a str,
    key: Option<&'a str>,
    url: Option<&'a str>,
    recurrence_url: Option<&'a str>,
    cents: Option<u64>,
    amount_text: Option<&'a str>,
    txid: Option<&'a str>,
    info: Option<&'a str>,
    saque: Option<&'a str>,
    postal_code: Option<&'a str>,
    mcc: Option<&'a str>,
    truncate: bool,
}

fuzz_target!(|x: Input<'_>| {
    let mut b = Builder::new(x.name, x.city);
    if let Some(v) = x.key {
        b.key(v);
    }
    if let Some(v) = x.url {
        b.url(v);
    }
    if let Some(v) = x.recurrence_url {
        b.recurrence_url(v);
    }
    if let Some(c) = x.cents {
        if let Ok(a) = pixcode::Amount::from_minor_units(c, 2) {
            b.amount(a);
        }
    } else if let Some(t) = x.amount_text {
        if let Ok(a) = pixcode::Amount::parse(t) {
            b.amount(a);
        }
    }
    if let Some(v) = x.txid {
        b.txid(v);
    }
    if let Some(v) = x.info {
        b.additional_info(v);
    }
    if let Some(v) = x.saque {
        b.saque(v);
    }
    if let Some(v) = x.postal_code {
        b.postal_code(v);
    }
    if let Some(v) = x.mcc {
        b.merchant_category_code(v);
    }
    b.truncate(x.truncate);
    let mut buf = [0u8; 1024];
    match b.build_into(&mut buf) {
        Ok(built) => {
            let report = pixcode::inspect(built.payload.as_bytes());
            assert!(report.emv.errors.is_empty(), "{:?}\n{}", report.emv.errors, built.payload);
            assert!(report.emv.warnings.is_empty(), "{:?}\n{}", report.emv.warnings, built.payload);
            let pix = report.pix.expect("a Pix code");
            assert!(pix.report.errors.is_empty(), "{:?}\n{}", pix.report.errors, built.payload);
            assert!(pix.report.warnings.is_empty(), "{:?}\n{}", pix.report.warnings, built.payload);
            assert_eq!(pix.code.key().map(|k| k.as_str()), x.key);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
