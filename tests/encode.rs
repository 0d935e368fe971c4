//! The encoder: byte-exact re-encoding of the corpus, the BCB examples rebuilt from their
//! fields, `decode(build(x)) == x` for generated inputs, and refusals that name the field.

use pixcode::emv::{reencode, Node, Payload, Writer};
use pixcode::pix::{fold_ascii, BuildOptions, BuildProblem, Builder, Field, Kind};
use pixcode::{decode, inspect, Amount};
use proptest::prelude::*;
use serde_json::Value;

#[test]
fn every_valid_corpus_code_reencodes_byte_for_byte() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/real-codes.jsonl"
    ))
    .unwrap();
    let (mut valid, mut exact, mut reference_valid) = (0, 0, 0);
    for line in text.lines() {
        let r: Value = serde_json::from_str(line).unwrap();
        let payload = r["payload"].as_str().unwrap();
        reference_valid += usize::from(r["reference"]["valid"] == true);
        let Ok(p) = Payload::parse(payload) else {
            continue;
        };
        valid += 1;
        let out = reencode(&p, String::new()).unwrap();
        assert_eq!(out, p.as_str(), "{}", r["id"]);
        exact += 1;
    }
    assert_eq!((valid, exact), (reference_valid, reference_valid));
    assert_eq!(valid, 244);
}

fn amount(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

#[test]
fn bcb_examples_from_their_fields() {
    let evp = "123e4567-e12b-12d1-a456-426655440000";
    let loc = "pix.example.com/8b3da2f39a4140d1a91abd93113bd441";
    let rec = "pix.example.com/rec/2353c790eefb11eaadc10242ac120002";
    let fulano = || Builder::new("Fulano de Tal", "BRASILIA");
    let cases: Vec<(Builder, &str)> = vec![
        (fulano().key(evp).clone(), "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"),
        (fulano().url(loc).clone(), "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***630464E4"),
        (Builder::new("Loja Exemplo", "SAO PAULO").key("12345678909").additional_info("Pedido 42").amount(amount("10.50")).txid("PEDIDO42").clone(),
         "00020126460014br.gov.bcb.pix0111123456789090209Pedido 42520400005303986540510.505802BR5912Loja Exemplo6009SAO PAULO62120508PEDIDO4263044552"),
        (Builder::new("Mercado Central", "BRASILIA").key("+5561912345678").saque("12345678").amount(amount("50")).clone(),
         "00020101021126480014br.gov.bcb.pix0114+5561912345678030812345678520400005303986540550.005802BR5915Mercado Central6008BRASILIA62070503***63041C95"),
        (Builder::new("Empresa Alfa", "RECIFE").key("12ABC34501DE35").clone(),
         "00020126360014br.gov.bcb.pix011412ABC34501DE355204000053039865802BR5912Empresa Alfa6006RECIFE62070503***63040F98"),
        (fulano().recurrence_url(rec).clone(),
         "00020126180014br.gov.bcb.pix5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac1200026304F2DA"),
        (fulano().key(evp).amount(amount("100.5")).recurrence_url(rec).clone(),
         "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865406100.505802BR5913Fulano de Tal6008BRASILIA62070503***80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac12000263042875"),
        (fulano().url(loc).recurrence_url(rec).clone(),
         "00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac1200026304FB42"),
        (fulano().recurrence_url("pix.example.com/qr/v2/rec/2353c790eefb11eaadc10242ac120002").clone(),
         "00020126180014br.gov.bcb.pix5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80800014br.gov.bcb.pix2558pix.example.com/qr/v2/rec/2353c790eefb11eaadc10242ac120002630462C9"),
        (fulano().url("pix.example.com/qr/v2/8b3da2f39a4140d1a91abd93113bd441").recurrence_url("pix.example.com/qr/v2/rec/94ed2badcbc04c15b0bb7fa353194890").clone(),
         "00020101021226760014br.gov.bcb.pix2554pix.example.com/qr/v2/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80800014br.gov.bcb.pix2558pix.example.com/qr/v2/rec/94ed2badcbc04c15b0bb7fa35319489063047741"),
        (fulano().url("pix.example.com/qr/v2/cobv/1e6c54d3ec9449b7a7fc53b6b0f998e7").recurrence_url("pix.example.com/qr/v2/rec/3ffa640fa4f14080adccb949fa2dc0d0").clone(),
         "00020101021226810014br.gov.bcb.pix2559pix.example.com/qr/v2/cobv/1e6c54d3ec9449b7a7fc53b6b0f998e75204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80800014br.gov.bcb.pix2558pix.example.com/qr/v2/rec/3ffa640fa4f14080adccb949fa2dc0d06304A441"),
    ];
    for (builder, expected) in cases {
        let built = builder.build().unwrap();
        assert_eq!(built.payload, expected);
        let mut buf = [0u8; 512];
        assert_eq!(builder.build_into(&mut buf).unwrap().payload, expected);
    }
}

#[test]
fn names_fold_and_cut_only_when_asked() {
    let b = Builder::new("Padaria São José", "São José")
        .key("12345678909")
        .build()
        .unwrap();
    let code = decode(&b.payload).unwrap();
    assert_eq!(code.merchant_name(), Some("Padaria Sao Jose"));
    assert_eq!(code.merchant_city(), Some("Sao Jose"));

    let long = "Comércio de Alimentos Ferreira Ltda";
    let e = Builder::new(long, "Recife")
        .key("12345678909")
        .build()
        .unwrap_err();
    assert_eq!(e.field, Field::MerchantName);
    assert_eq!(e.problem, BuildProblem::TooLong { max: 25, chars: 35 });

    let b = Builder::new(long, "Recife")
        .key("12345678909")
        .truncate(true)
        .build()
        .unwrap();
    assert_eq!(b.name_cut, 10);
    assert_eq!(
        decode(&b.payload).unwrap().merchant_name(),
        Some("Comercio de Alimentos Fer")
    );

    let e = Builder::new("Loja 🙂", "Recife")
        .key("12345678909")
        .build()
        .unwrap_err();
    assert_eq!(
        (e.field, e.problem),
        (
            Field::MerchantName,
            BuildProblem::BadChar {
                at: 5, found: '🙂'
            }
        )
    );

    // Without folding, UTF-8 is written and lengths count characters.
    let b = Builder::new("Café", "Maceió")
        .key("12345678909")
        .fold_ascii(false)
        .build()
        .unwrap();
    assert!(b.payload.contains("5904Café6006Maceió"));
    assert!(decode(&b.payload).is_ok());

    // Every field has room for its whole limit at 4 bytes a character.
    let (name, info) = ("𝄞".repeat(25), "𝄞".repeat(40));
    let b = Builder::new(&name, "Maceió")
        .key("12345678909")
        .additional_info(&info)
        .fold_ascii(false)
        .build()
        .unwrap();
    let code = decode(&b.payload).unwrap();
    assert_eq!(code.merchant_name(), Some(name.as_str()));
    assert_eq!(code.additional_info(), Some(info.as_str()));
}

#[test]
fn refusals_name_the_field() {
    let base = || Builder::new("Loja", "Recife");
    let (a78, x73, x40) = ("a".repeat(78), "x".repeat(73), "x".repeat(40));
    let cases: Vec<(Builder, Field)> = vec![
        (base().clone(), Field::Key),
        (base().key("12345678900").clone(), Field::Key),
        (base().key("Fulano@Example.com").clone(), Field::Key),
        (base().key("+14155550100").clone(), Field::Key),
        (
            base().key("12345678909").url("pix.example.com/x").clone(),
            Field::Url,
        ),
        (base().url("https://pix.example.com/x").clone(), Field::Url),
        (base().url("pix.example.com/a b").clone(), Field::Url),
        (base().url(&a78).clone(), Field::Url),
        (
            base()
                .url("pix.example.com/x")
                .amount(amount("1.00"))
                .clone(),
            Field::Amount,
        ),
        (
            base().key("12345678909").amount(amount("0.00")).clone(),
            Field::Amount,
        ),
        (
            base().key("12345678909").amount(amount("1.005")).clone(),
            Field::Amount,
        ),
        (
            base()
                .key("12345678909")
                .amount(amount("99999999999.5"))
                .clone(),
            Field::Amount,
        ),
        (
            base().key("12345678909").txid("PEDIDO-42").clone(),
            Field::Txid,
        ),
        (
            base()
                .key("12345678909")
                .txid("A12345678901234567890123456")
                .clone(),
            Field::Txid,
        ),
        (base().key("12345678909").txid("").clone(), Field::Txid),
        (
            base().url("pix.example.com/x").txid("ABC").clone(),
            Field::Txid,
        ),
        (
            base().key("12345678909").saque("1234").clone(),
            Field::Saque,
        ),
        (
            base().url("pix.example.com/x").saque("12345678").clone(),
            Field::Saque,
        ),
        (
            base().key("12345678909").postal_code("1234-567").clone(),
            Field::PostalCode,
        ),
        (
            base()
                .key("12345678909")
                .recurrence_url("pix.example.com/cob/1")
                .clone(),
            Field::RecurrenceUrl,
        ),
        (
            base()
                .url("a.example.com/x")
                .recurrence_url("b.example.com/rec/1")
                .clone(),
            Field::RecurrenceUrl,
        ),
        (
            base().key("12345678909").additional_info(&x73).clone(),
            Field::AdditionalInfo,
        ),
        (
            base()
                .key("fulano_da_silva.recebedor@example.com")
                .additional_info(&x40)
                .clone(),
            Field::AdditionalInfo,
        ),
        (
            Builder::new("", "Recife").key("12345678909").clone(),
            Field::MerchantName,
        ),
        (
            Builder::new("Loja", "Cidade\u{7}")
                .key("12345678909")
                .clone(),
            Field::MerchantCity,
        ),
        (
            base()
                .key("12345678909")
                .merchant_category_code("52")
                .clone(),
            Field::MerchantCategoryCode,
        ),
    ];
    for (builder, field) in cases {
        let e = builder.build().unwrap_err();
        assert_eq!(e.field, field, "{e}");
        assert!(e.to_string().starts_with(field.name()));
    }
    let mut small = [0u8; 40];
    let e = base()
        .key("12345678909")
        .build_into(&mut small)
        .unwrap_err();
    assert_eq!(e.problem, BuildProblem::Output);
}

fn cpf() -> impl Strategy<Value = String> {
    "[0-9]{9}".prop_filter_map("check digits", |base| {
        (0..100)
            .map(|dv| format!("{base}{dv:02}"))
            .find(|c| pixcode::pix::cpf_is_valid(c) && pixcode::pix::key_issue(c).is_none())
    })
}

fn cnpj() -> impl Strategy<Value = String> {
    "[0-9A-Z]{12}".prop_filter_map("check digits", |base| {
        (0..100)
            .map(|dv| format!("{base}{dv:02}"))
            .find(|c| pixcode::pix::cnpj_is_valid(c) && pixcode::pix::key_issue(c).is_none())
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        cpf(),
        cnpj(),
        "[a-z0-9._]{1,20}@[a-z0-9]{1,10}\\.com(\\.br)?",
        "\\+55[1-9]{2}9[0-9]{8}",
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    ]
}

fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[ -~áéíóúãõçÁÉÍÓÚÃÕÇâêô]{{1,{max}}}")).unwrap()
}

#[derive(Debug, Clone)]
struct Input {
    key: Option<String>,
    url: Option<String>,
    rec: Option<String>,
    amount: Option<u64>,
    txid: Option<String>,
    info: Option<String>,
    name: String,
    city: String,
    cep: Option<String>,
}

fn input() -> impl Strategy<Value = Input> {
    let host = "[a-z]{1,10}\\.example\\.com";
    (
        prop_oneof![Just(0u8), Just(1), Just(2)],
        key(),
        host,
        "[A-Za-z0-9]{1,30}",
        proptest::option::of(1u64..=999_999_999_999),
        proptest::option::of("[A-Za-z0-9]{1,25}"),
        proptest::option::of(text(40)),
        (
            text(25),
            text(15),
            proptest::option::of("[0-9]{8}"),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(kind, key, host, token, amount, txid, info, (name, city, cep, rec))| {
                let is_static = kind == 0;
                Input {
                    key: is_static.then(|| key.clone()),
                    url: (kind == 1).then(|| format!("{host}/qr/v2/{token}")),
                    rec: (rec || kind == 2).then(|| format!("{host}/rec/{token}")),
                    amount: amount.filter(|_| is_static),
                    txid: txid.filter(|_| is_static),
                    info: info.filter(|_| is_static),
                    name,
                    city,
                    cep,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn decode_of_build_gives_the_input(x in input()) {
        let amount = x.amount.map(|c| format!("{}.{:02}", c / 100, c % 100));
        let options = BuildOptions {
            merchant_name: &x.name,
            merchant_city: &x.city,
            key: x.key.as_deref(),
            url: x.url.as_deref(),
            recurrence_url: x.rec.as_deref(),
            amount: amount.as_deref(),
            txid: x.txid.as_deref(),
            additional_info: x.info.as_deref(),
            saque: None,
            postal_code: x.cep.as_deref(),
            merchant_category_code: None,
            single_use: None,
            fold_ascii: true,
            truncate: false,
        };
        let built = match options.build() {
            Ok(built) => built,
            Err(e) => {
                // The only refusal possible for these inputs: info that overflows the template.
                prop_assert_eq!(e.field, Field::AdditionalInfo, "{}", e);
                return Ok(());
            }
        };
        let report = inspect(built.payload.as_bytes());
        prop_assert!(report.emv.errors.is_empty() && report.emv.warnings.is_empty(), "{:?}", report.emv);
        let pix = report.pix.unwrap();
        prop_assert!(pix.report.errors.is_empty() && pix.report.warnings.is_empty(), "{:?}", pix.report);
        let c = pix.code;
        let fold = |s: &str| { let mut buf = [0u8; 128]; fold_ascii(s, &mut buf).unwrap().to_owned() };
        prop_assert_eq!(c.key().map(|k| k.as_str().to_owned()), x.key.clone());
        prop_assert_eq!(c.location().map(|l| l.as_str().to_owned()), x.url.clone());
        prop_assert_eq!(c.recurrence().map(|l| l.as_str().to_owned()), x.rec.clone());
        prop_assert_eq!(c.amount().and_then(|a| a.cents()), x.amount);
        prop_assert_eq!(c.txid().unwrap(), x.txid.as_deref().unwrap_or("***"));
        prop_assert_eq!(c.additional_info().map(str::to_owned), x.info.as_deref().map(fold));
        prop_assert_eq!(c.merchant_name().unwrap(), fold(&x.name));
        prop_assert_eq!(c.merchant_city().unwrap(), fold(&x.city));
        prop_assert_eq!(c.postal_code().map(str::to_owned), x.cep.clone());
        let kind = match (x.key.is_some(), x.url.is_some(), x.rec.is_some()) {
            (true, _, false) => Kind::Static,
            (true, _, true) => Kind::StaticRecurrence,
            (_, true, false) => Kind::Dynamic,
            (_, true, true) => Kind::DynamicRecurrence,
            _ => Kind::Recurrence,
        };
        prop_assert_eq!(c.kind(), kind);
        // And decode -> re-encode is the identity on it.
        let p = Payload::parse(&built.payload).unwrap();
        prop_assert_eq!(reencode(&p, String::new()).unwrap(), built.payload.clone());
    }

    #[test]
    fn reencode_is_identity_on_generated_payloads(
        objs in proptest::collection::btree_map(1u8..100, "[ -~é]{1,30}", 0..10),
        sub in proptest::collection::btree_map(0u8..100, "[ -~]{1,10}", 1..5),
    ) {
        let mut w = Writer::new(String::new()).unwrap();
        let children: Vec<Node> = sub.iter().map(|(t, v)| Node::Value(*t, v)).collect();
        w.node(&Node::Template(62, &children)).unwrap();
        for (tag, value) in objs.iter().filter(|(t, _)| **t != 63 && **t != 62) {
            if pixcode::emv::is_template(pixcode::Path::root().child(*tag)) {
                w.node(&Node::Template(*tag, &[Node::Value(0, value)])).unwrap();
            } else {
                w.value(*tag, value).unwrap();
            }
        }
        let payload = w.finish().unwrap();
        let p = Payload::parse(&payload).unwrap();
        prop_assert_eq!(reencode(&p, String::new()).unwrap(), payload);
    }
}

#[test]
fn writer_crc_holds_past_its_staging_block() {
    // Over 512 bytes (non-ASCII values, and over 512 characters too): the writer passes its
    // block on as it fills, and the CRC must still cover every byte.
    for n in [3usize, 6, 9] {
        let mut w = pixcode::emv::Writer::new(String::new()).unwrap();
        w.value(59, "Fulano").unwrap();
        let value = "ç".repeat(90);
        for tag in 0..n {
            w.node(&pixcode::emv::Node::Template(
                80 + tag as u8,
                &[pixcode::emv::Node::Value(0, &value[..2 * 90])],
            ))
            .unwrap();
        }
        let out = w.finish().unwrap();
        let body = &out.as_bytes()[..out.len() - 4];
        let crc = pixcode::crc::crc16(body);
        assert_eq!(&out.as_bytes()[out.len() - 4..], &pixcode::crc::to_hex(crc));
        let check = pixcode::emv::validate(out.as_bytes());
        assert!(check.crc.unwrap().matches(), "n = {n}");
    }
}
