//! Structured builder input, through the options every front end fills: the builder returns a
//! code that decodes with no errors and no warnings (but `non_ascii` when folding is off) and
//! holds what was given, or a typed error.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use pixcode::pix::BuildOptions;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    name: &'a str,
    city: &'a str,
    key: Option<&'a str>,
    url: Option<&'a str>,
    recurrence_url: Option<&'a str>,
    /// Whole cents, written as text, or any text.
    cents: Option<u64>,
    amount_text: Option<&'a str>,
    txid: Option<&'a str>,
    info: Option<&'a str>,
    saque: Option<&'a str>,
    postal_code: Option<&'a str>,
    mcc: Option<&'a str>,
    single_use: Option<bool>,
    fold_ascii: bool,
    truncate: bool,
}

fuzz_target!(|x: Input<'_>| {
    let cents = x.cents.map(|c| format!("{}.{:02}", c / 100, c % 100));
    let options = BuildOptions {
        merchant_name: x.name,
        merchant_city: x.city,
        key: x.key,
        url: x.url,
        recurrence_url: x.recurrence_url,
        amount: cents.as_deref().or(x.amount_text),
        txid: x.txid,
        additional_info: x.info,
        saque: x.saque,
        postal_code: x.postal_code,
        merchant_category_code: x.mcc,
        single_use: x.single_use,
        fold_ascii: x.fold_ascii,
        truncate: x.truncate,
    };
    let mut buf = [0u8; 1024];
    let builder = match options.builder() {
        Ok(b) => b,
        Err(e) => {
            assert_eq!(e.field, pixcode::pix::Field::Amount);
            let _ = e.to_string();
            return;
        }
    };
    match builder.build_into(&mut buf) {
        Ok(built) => {
            let report = pixcode::inspect(built.payload.as_bytes());
            assert!(report.emv.errors.is_empty(), "{:?}\n{}", report.emv.errors, built.payload);
            // Without folding, non-ASCII text is written as UTF-8 on purpose: the EMV warning
            // `non_ascii` says so, and is the only warning allowed.
            let allowed = |code: &str| !x.fold_ascii && code == "non_ascii";
            assert!(
                report.emv.warnings.iter().all(|w| allowed(pixcode::Code::code(&w.problem))),
                "{:?}\n{}",
                report.emv.warnings,
                built.payload
            );
            let pix = report.pix.expect("a Pix code");
            assert!(pix.report.errors.is_empty(), "{:?}\n{}", pix.report.errors, built.payload);
            // A static code asked to be single use (01 = 12) is written as asked, with the
            // decoder's warning that static codes are reusable: the one Pix warning allowed.
            let asked = |code: &str| x.single_use == Some(true) && code == "pix_single_use_static";
            assert!(
                pix.report.warnings.iter().all(|w| asked(pixcode::Code::code(&w.problem))),
                "{:?}\n{}",
                pix.report.warnings,
                built.payload
            );
            assert_eq!(pix.code.key().map(|k| k.as_str()), x.key);
            if let Some(s) = x.single_use {
                assert_eq!(pix.code.single_use(), s, "{}", built.payload);
            }
            if let Some(a) = options.amount {
                let given = pixcode::Amount::parse(a).unwrap().cents();
                assert_eq!(pix.code.amount().and_then(|a| a.cents()), given, "{}", built.payload);
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
