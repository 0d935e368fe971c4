//! `pixcode::decode` answers codes in the common shape (ASCII, no surrounding whitespace,
//! `000201` first, `6304` last) from a one-pass common path, and falls back to the full walk
//! otherwise. The two must agree: whenever the common path answers, the full walk gives the
//! same view or the same error; and every corpus code in the common shape is answered by the
//! common path, so the benchmarks measure the path users get.

use pixcode::pix::decode_both;
use proptest::prelude::*;

mod common;
use common::payloads;

/// Asserts agreement and says whether the common path answered.
fn agree(input: &str) -> bool {
    let (fast, walk) = decode_both(input);
    // `decode` itself, whichever way it goes, gives the full walk's answer.
    assert_eq!(
        format!("{:?}", pixcode::decode(input)),
        format!("{walk:?}"),
        "decode differs from the full walk on {input:?}"
    );
    match (fast, walk) {
        (None, _) => false,
        (Some(Ok(f)), Ok(w)) => {
            assert_eq!(
                format!("{f:?}"),
                format!("{w:?}"),
                "views differ for {input:?}"
            );
            true
        }
        (Some(Err(f)), Err(w)) => {
            assert_eq!(f, w, "errors differ for {input:?}");
            true
        }
        (Some(f), w) => panic!("the paths disagree on {input:?}: {f:?} against {w:?}"),
    }
}

/// Replaces the CRC so that a mutation reaches the checks behind it.
fn with_crc(body: &str) -> String {
    format!("{body}{:04X}", pixcode::crc::crc16(body.as_bytes()))
}

#[test]
fn corpus_agrees_and_common_codes_take_the_common_path() {
    let mut taken = 0;
    let mut non_ascii = 0;
    for code in payloads() {
        let took = agree(code);
        taken += usize::from(took);
        let shape = code.trim() == code
            && code.starts_with("000201")
            && code.len() >= 14
            && code.as_bytes()[code.len() - 8..code.len() - 4] == *b"6304";
        if code.is_ascii() {
            // Every ASCII code in the common shape is answered there, valid or not.
            assert_eq!(took, shape, "{code}");
        } else if shape {
            // One with other characters is too when its structure holds with lengths counted
            // in characters; otherwise the full walk decides (the lengths may count bytes).
            let report = pixcode::inspect(code.as_bytes());
            let chars_framed = report.emv.is_valid()
                && !report
                    .emv
                    .warnings
                    .iter()
                    .any(|w| w.code() == "lengths_counted_in_bytes");
            assert_eq!(took, chars_framed, "{code}");
            non_ascii += usize::from(took);
        }
    }
    assert!(
        non_ascii >= 14,
        "only {non_ascii} non-ASCII corpus codes took the common path"
    );
    assert!(
        taken >= 200,
        "only {taken} corpus codes took the common path"
    );
}

#[test]
fn named_shapes() {
    let dynamic = "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***630464E4";
    assert!(agree(dynamic));
    // Other characters take the common path when the lengths count characters, as EMV says,
    // and give the full walk's answer.
    let mut b = pixcode::pix::Builder::new("Padaria São João", "Maceió");
    b.key("12345678909").fold_ascii(false);
    let accented = b.build().unwrap().payload;
    assert!(!accented.is_ascii());
    assert!(agree(&accented));
    let real = "00020101021126330014br.gov.bcb.pix0111002051041185204000053039865406350.005802BR5928Leone Parise Vieira da Silva6006Maceió62070503***6304E5FB";
    assert!(agree(real));
    // Lengths counted in bytes (`6007Maceió`) go the long way, to the same answer.
    let bytes_counted = with_crc("00020101021126330014br.gov.bcb.pix0111002051041185204000053039865406350.005802BR5928Leone Parise Vieira da Silva6007Maceió62070503***6304");
    assert!(!agree(&bytes_counted));
    // Whitespace around goes the long way, to the same answer.
    assert!(!agree(&format!(" {dynamic}\n")));
    assert!(pixcode::decode(&format!(" {dynamic}\n")).is_ok());
    // The GUI in capitals, a composto, 62.50, 64 and an unreserved template.
    let body = "00020101021226700014BR.GOV.BCB.PIX2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62390503***50280017BR.GOV.BCB.BRCODE01031.064170002PT0107Fulano 80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac1200026304";
    let code = with_crc(body);
    assert!(agree(&code));
    let c = pixcode::decode(&code).unwrap();
    assert_eq!(c.brcode_version(), Some("1.0"));
    assert_eq!(c.kind(), pixcode::pix::Kind::DynamicRecurrence);
    // Each error the accept path must see, behind a good CRC.
    for bad in [
        "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***01021262070503***6304", // duplicate
        "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***630400006304", // 63 not last
        "00020101021226700014br.gov.bcb.xyz2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***6304", // not Pix
        "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62080503***6304", // 62 overruns
        "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62080503***X6304", // 62 not TLV
        "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039765802BR5913Fulano de Tal6008BRASILIA62070503***6304", // currency
        "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***64040001X6304", // 64 not TLV
        "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80040001X6304", // 80 not TLV
        "00020201021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***6304", // 00 is 02
    ] {
        let code = with_crc(bad);
        // The common path answers every code in its shape: a Pix error behind a valid EMV
        // layer, and an EMV error (named by the EMV check); `00` other than `01` is not its shape.
        assert_eq!(agree(&code), bad.starts_with("000201"), "{bad}");
        assert!(pixcode::decode(&code).is_err(), "{bad}");
    }
}

/// One edit to a valid code, with the CRC made right again (or not).
#[derive(Debug, Clone)]
enum Edit {
    Set(usize, u8),
    Insert(usize, u8),
    Remove(usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let byte = prop_oneof![
        prop::sample::select(b"0123456789".to_vec()),
        prop::sample::select(b" */:.-ABCXabcx~{}\"\\^".to_vec()),
        any::<u8>().prop_filter("ASCII", |b| b.is_ascii()),
    ];
    prop::collection::vec(
        prop_oneof![
            (any::<usize>(), byte.clone()).prop_map(|(i, b)| Edit::Set(i, b)),
            (any::<usize>(), byte).prop_map(|(i, b)| Edit::Insert(i, b)),
            any::<usize>().prop_map(Edit::Remove),
        ],
        1..4,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn mutated_codes_agree(pick in any::<prop::sample::Index>(), edits in edits(), fix_crc in any::<bool>()) {
        let all = payloads();
        let valid: Vec<&String> = all.iter().filter(|c| pixcode::decode(c).is_ok()).collect();
        let code = pick.get(&valid);
        let mut body = code.as_bytes()[..code.len() - 4].to_vec();
        for e in edits {
            match e {
                Edit::Set(i, b) if !body.is_empty() => { let i = i % body.len(); body[i] = b; }
                Edit::Insert(i, b) => { let i = i % (body.len() + 1); body.insert(i, b); }
                Edit::Remove(i) if !body.is_empty() => { let i = i % body.len(); body.remove(i); }
                _ => {}
            }
        }
        let Ok(body) = String::from_utf8(body) else { return Ok(()) };
        let code = if fix_crc { with_crc(&body) } else { format!("{body}{}", &code[code.len() - 4..]) };
        agree(&code);
    }
}
