//! Inputs and peer adapters shared by the benchmarks and the allocation counter.

use pixcode::emv::{Node, Writer};

/// BCB static example (CRC 1D3D).
pub const STATIC: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
/// BCB dynamic example (CRC 64E4): the "typical dynamic code".
pub const DYNAMIC: &str = "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***630464E4";
/// BCB composto, dynamic + recurrence (CRC FB42).
pub const COMPOSTO: &str = "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac1200026304FB42";
/// A real homologation code with a non-ASCII city (CRC E5FB).
pub const NON_ASCII: &str = "00020101021126330014br.gov.bcb.pix0111002051041185204000053039865406350.005802BR5928Leone Parise Vieira da Silva6006Maceió62070503***6304E5FB";
/// Spec §4.4 negative vector 1: CRC matches, 62 overruns.
pub const BROKEN: &str = "00020126360014BR.GOV.BCB.PIX0114+5511943214321520400005303986540566.665802BR5907EMPRESA6008BRASILIA62080503***6304170E";

/// A well-formed generic EMV payload of exactly 512 characters (no Pix template).
pub fn generic_512() -> String {
    let filler = "X".repeat(99);
    let mut w = Writer::new(String::new()).unwrap();
    w.node(&Node::Template(
        29,
        &[
            Node::Value(0, "A000000677010111"),
            Node::Value(1, "0066801234567"),
        ],
    ))
    .unwrap();
    w.value(52, "5812")
        .unwrap()
        .value(53, "764")
        .unwrap()
        .value(58, "TH")
        .unwrap();
    w.value(59, "MERCHANT")
        .unwrap()
        .value(60, "BANGKOK")
        .unwrap();
    // Fill to 512 with unreserved templates.
    let mut tag = 80;
    while w.chars() + 8 < 512 {
        let room = 512 - 8 - w.chars() - 4 - 4;
        let take = room.min(95);
        if take == 0 {
            break;
        }
        w.node(&Node::Template(tag, &[Node::Value(0, &filler[..take])]))
            .unwrap();
        tag += 1;
    }
    let out = w.finish().unwrap();
    assert!(pixcode::emv::Payload::parse(&out).is_ok());
    out
}

/// [`NON_ASCII`] with `Maceió` written `Maceio`: an ASCII code of (almost) the same length,
/// to compare the non-ASCII path with.
pub fn ascii_twin() -> String {
    let body = NON_ASCII.replace("Maceió", "Maceio");
    let body = &body[..body.len() - 4];
    format!("{body}{:04X}", pixcode::crc::crc16(body.as_bytes()))
}

/// The inputs of the decode group, by name.
pub fn decode_inputs() -> Vec<(&'static str, String)> {
    vec![
        ("static", STATIC.to_owned()),
        ("dynamic", DYNAMIC.to_owned()),
        ("composto", COMPOSTO.to_owned()),
        ("non_ascii", NON_ASCII.to_owned()),
        ("ascii_twin", ascii_twin()),
        ("generic_512", generic_512()),
        ("broken", BROKEN.to_owned()),
    ]
}

/// Decode-and-validate with each peer, giving whether it accepted the input. A panic is
/// caught by the caller and reported.
pub mod peer {
    /// `brcode`: parses into its typed model and checks the CRC with its own function.
    pub fn brcode(code: &str) -> bool {
        let parsed = brcode::str_to_brcode(code);
        let crc_ok = code.len() > 4
            && brcode::crc16_ccitt(&code[..code.len() - 4])
                == code[code.len() - 4..].to_uppercase();
        std::hint::black_box(&parsed);
        crc_ok
    }

    /// `pix-brcode-parser`: parse with validation.
    pub fn pix_brcode_parser(code: &str) -> bool {
        pix_brcode_parser::parse(code).is_ok()
    }

    /// `promptparse`: strict parse (CRC checked) with sub-tags.
    pub fn promptparse(code: &str) -> bool {
        promptparse::parse(code, true, true).is_some()
    }
}

/// Builds the BCB static example with `promptparse`'s generic TLV encoder.
pub fn promptparse_emit() -> String {
    use promptparse::tlv::{encode, tag, with_crc_tag};
    let mai = encode(&[
        tag("00", "br.gov.bcb.pix"),
        tag("01", "123e4567-e12b-12d1-a456-426655440000"),
    ]);
    let adf = encode(&[tag("05", "***")]);
    let body = encode(&[
        tag("00", "01"),
        tag("26", &mai),
        tag("52", "0000"),
        tag("53", "986"),
        tag("58", "BR"),
        tag("59", "Fulano de Tal"),
        tag("60", "BRASILIA"),
        tag("62", &adf),
    ]);
    with_crc_tag(&body, "63", true)
}

/// Builds the BCB static example with `pix-brcode-parser`.
pub fn pix_brcode_parser_emit() -> String {
    use pix_brcode_parser::*;
    let code = BRCode {
        payload_format_indicator: "01".into(),
        point_of_initiation_method: None,
        merchant_account_info: MerchantAccountInfo {
            gui: "br.gov.bcb.pix".into(),
            pix_key: "123e4567-e12b-12d1-a456-426655440000".into(),
            description: None,
            url: None,
        },
        merchant_category_code: "0000".into(),
        transaction_currency: "986".into(),
        transaction_amount: None,
        country_code: "BR".into(),
        merchant_name: "Fulano de Tal".into(),
        merchant_city: "BRASILIA".into(),
        additional_data: Some(AdditionalData {
            bill_number: None,
            mobile_number: None,
            store_label: None,
            loyalty_number: None,
            reference_label: Some("***".into()),
            customer_label: None,
            terminal_label: None,
            purpose_of_transaction: None,
            additional_consumer_data_request: None,
        }),
        crc16: String::new(),
    };
    generate_brcode(&code).unwrap()
}

/// Builds the BCB static example with `pixcode` into a stack buffer.
pub fn pixcode_emit(buf: &mut [u8; 512]) -> usize {
    pixcode::pix::Builder::new("Fulano de Tal", "BRASILIA")
        .key("123e4567-e12b-12d1-a456-426655440000")
        .build_into(buf)
        .unwrap()
        .payload
        .len()
}
