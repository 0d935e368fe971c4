//! The vectors of spec §4 (BCB manuals, Pix API examples, real homologation codes) with what
//! each one must decode to, and the negative vectors of §4.4.

use pixcode::pix::{KeyKind, Kind, Resource};
use pixcode::{decode, inspect, Amount};

fn amount(s: &str) -> Option<Amount> {
    Some(Amount::parse(s).unwrap())
}

#[test]
fn bcb_static_example() {
    let c = decode("00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D").unwrap();
    assert_eq!(c.kind(), Kind::Static);
    assert_eq!(c.key().unwrap().kind(), KeyKind::Evp);
    assert_eq!(c.amount(), None);
    assert_eq!(c.txid(), Some("***"));
    assert_eq!(c.merchant_category_code(), Some("0000"));
    assert_eq!(c.payload().crc().unwrap().computed, 0x1D3D);
}

#[test]
fn bcb_dynamic_example() {
    let c = decode("00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***630464E4").unwrap();
    assert_eq!(c.kind(), Kind::Dynamic);
    assert!(c.single_use());
    let loc = c.location().unwrap();
    assert_eq!(
        loc.as_str(),
        "pix.example.com/8b3da2f39a4140d1a91abd93113bd441"
    );
    assert_eq!(loc.resource(), Resource::Cob);
    assert_eq!(c.key(), None);
}

#[test]
fn constructed_static_with_cpf_info_amount_txid() {
    let c = decode("00020126460014br.gov.bcb.pix0111123456789090209Pedido 42520400005303986540510.505802BR5912Loja Exemplo6009SAO PAULO62120508PEDIDO4263044552").unwrap();
    assert_eq!(c.key().unwrap().kind(), KeyKind::Cpf);
    assert_eq!(c.key().unwrap().issue(), None);
    assert_eq!(c.additional_info(), Some("Pedido 42"));
    assert_eq!(c.amount(), amount("10.50"));
    assert_eq!(c.amount().unwrap().cents(), Some(1050));
    assert_eq!(c.txid(), Some("PEDIDO42"));
    let report = inspect(c.payload().input().as_bytes());
    assert!(report.emv.warnings.is_empty(), "{:?}", report.emv.warnings);
    assert!(report.pix.unwrap().report.warnings.is_empty());
}

#[test]
fn constructed_pix_saque() {
    let c = decode("00020101021126480014br.gov.bcb.pix0114+5561912345678030812345678520400005303986540550.005802BR5915Mercado Central6008BRASILIA62070503***63041C95").unwrap();
    assert!(c.is_saque());
    assert_eq!(c.withdrawal_facilitator(), Some("12345678"));
    assert_eq!(c.key().unwrap().kind(), KeyKind::Phone);
    assert_eq!(c.amount().unwrap().cents(), Some(5000));
    assert_eq!(c.point_of_initiation(), Some("11"));
}

#[test]
fn constructed_alphanumeric_cnpj() {
    let c = decode("00020126360014br.gov.bcb.pix011412ABC34501DE355204000053039865802BR5912Empresa Alfa6006RECIFE62070503***63040F98").unwrap();
    let key = c.key().unwrap();
    assert_eq!(key.kind(), KeyKind::Cnpj);
    assert_eq!(key.issue(), None);
}

#[test]
fn non_ascii_changes_the_crc_input() {
    // §4.2 example 6: a body with accents. Its CRC over UTF-8 is BCB3 and over Latin-1 36D3
    // (both computed independently with Python's binascii.crc_hqx).
    let body = "00020126460014br.gov.bcb.pix0111123456789090209Pedido 42520400005303986540510.505802BR5911José Araújo6009SÃO PAULO62120508PEDIDO426304";
    let code = format!("{body}BCB3");
    let c = decode(&code).unwrap();
    assert_eq!(c.merchant_name(), Some("José Araújo"));
    assert_eq!(c.merchant_city(), Some("SÃO PAULO"));
    let latin1 = format!("{body}36D3");
    assert_eq!(decode(&latin1).unwrap_err().code(), "crc_mismatch");
}

#[test]
fn composto_examples() {
    let cases = [
        ("00020126180014br.gov.bcb.pix5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac1200026304F2DA", Kind::Recurrence),
        ("00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865406100.505802BR5913Fulano de Tal6008BRASILIA62070503***80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac12000263042875", Kind::StaticRecurrence),
        ("00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac1200026304FB42", Kind::DynamicRecurrence),
        ("00020126180014br.gov.bcb.pix5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80800014br.gov.bcb.pix2558pix.example.com/qr/v2/rec/2353c790eefb11eaadc10242ac120002630462C9", Kind::Recurrence),
        ("00020101021226760014br.gov.bcb.pix2554pix.example.com/qr/v2/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80800014br.gov.bcb.pix2558pix.example.com/qr/v2/rec/94ed2badcbc04c15b0bb7fa35319489063047741", Kind::DynamicRecurrence),
        ("00020101021226810014br.gov.bcb.pix2559pix.example.com/qr/v2/cobv/1e6c54d3ec9449b7a7fc53b6b0f998e75204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80800014br.gov.bcb.pix2558pix.example.com/qr/v2/rec/3ffa640fa4f14080adccb949fa2dc0d06304A441", Kind::DynamicRecurrence),
    ];
    for (payload, kind) in cases {
        let c = decode(payload).unwrap_or_else(|e| panic!("{payload}: {e}"));
        assert_eq!(c.kind(), kind, "{payload}");
        assert_eq!(c.recurrence().unwrap().resource(), Resource::Rec);
        let pix = inspect(payload.as_bytes()).pix.unwrap();
        assert!(!pix.report.warnings.contains("pix_recurrence_host_mismatch"));
    }
    let cobv = decode(cases[5].0).unwrap();
    assert_eq!(cobv.location().unwrap().resource(), Resource::Cobv);
}

#[test]
fn brcode_manual_multi_arrangement_example() {
    let payload = "00020104141234567890123426660014BR.GOV.BCB.PIX014466756C616E6F32303139406578616D706C652E636F6D27300012BR.COM.OUTRO011001234567895204000053039865406123.455802BR5915NOMEDORECEBEDOR6008BRASILIA61087007490062530515RP12345678-201950300017BR.GOV.BCB.BRCODE01051.0.080450014BR.GOV.BCB.PIX0123PADRAO.URL.PIX/0123ABCD81390012BR.COM.OUTRO01190123.ABCD.3456.WXYZ6304EB76";
    let report = inspect(payload.as_bytes());
    assert!(report.emv.is_valid(), "{:?}", report.emv.errors);
    let pix = report.pix.unwrap();
    let c = pix.code;
    assert_eq!(c.template_id(), 26);
    assert_eq!(c.postal_code(), Some("70074900"));
    assert_eq!(c.brcode_version(), Some("1.0.0"));
    assert_eq!(c.amount(), amount("123.45"));
    // The hex-encoded key is no known key shape; its txid has a hyphen.
    assert_eq!(c.key().unwrap().kind(), KeyKind::Unknown);
    assert!(pix.report.warnings.contains("pix_key_format"));
    assert!(pix.report.errors.contains("pix_bad_txid"));
}

#[test]
fn real_homologation_codes() {
    let maceio = "00020101021126330014br.gov.bcb.pix0111002051041185204000053039865406350.005802BR5928Leone Parise Vieira da Silva6006Maceió62070503***6304E5FB";
    let r = inspect(maceio.as_bytes());
    assert!(r.emv.is_valid());
    assert!(r.emv.warnings.contains("non_ascii"));
    assert!(r.emv.warnings.contains("field_too_long"));
    let pix = r.pix.unwrap();
    assert!(pix.report.warnings.contains("pix_too_long"));
    assert_eq!(pix.code.merchant_city(), Some("Maceió"));

    let no_01 = decode("00020126880014br.gov.bcb.pix2566opsqrc.7trust.com.br/qr/v3/at/908a17b4-c530-4857-a7e9-5c4de0a1e7695204000053039865802BR5925BRASIL_AUGE_INTERNACIONAL6014BELO_HORIZONTE62070503***63048AD8").unwrap();
    assert_eq!(no_01.kind(), Kind::Dynamic);
    assert_eq!(no_01.point_of_initiation(), None);

    let itau = decode("00020101021126950014BR.GOV.BCB.PIX2573spi.hom.cloud.itau.com.br/documentos/ae40f1f9-daa1-41ea-83c7-62fe15efa0a25204000053039865802BR5917TESTE PIX PORTAB 6009SAO PAULO623450300017BR.GOV.BCB.BRCODE01051.0.0630410C4").unwrap();
    assert_eq!(itau.brcode_version(), Some("1.0.0"));
    assert_eq!(itau.txid(), None);

    let safra = "00020101021226760014BR.GOV.BCB.PIX2554pix-h.safra.com.br/gi/8985c9ad21494cb4bf0bdf2d9928ad48520400005303986540513.135802BR5921COM E IMP SERTIC LTDA6009SAO PAULO62230519202010251755fd714176304CED5";
    let pix = inspect(safra.as_bytes()).pix.unwrap();
    assert!(pix.is_valid());
    assert!(pix.report.warnings.contains("pix_dynamic_fields_ignored"));

    let banrisul = decode("00020101021226740014br.gov.bcb.pix2552pix.nascent.com.br/codes/k7nXuhpOMeHbkbNw6UUEoXwdkdM5204752153039865802BR5915Testes Banrisul6012Porto Alegre61089000000062070503***6304802C").unwrap();
    assert_eq!(banrisul.merchant_category_code(), Some("7521"));
    assert_eq!(banrisul.postal_code(), Some("90000000"));

    let bb = decode("00020101021226840014br.gov.bcb.pix2562qrcodepix-h.bb.com.br/pix/766b3e9c-7d5b-4a2c-b912-6f34cb4b0f4c52040000530398654046.545802BR5920EPITACIO NEVES BRAGA6012RONDONOPOLIS62070503***6304B43B").unwrap();
    assert_eq!(bb.amount().unwrap().cents(), Some(654));
}

#[test]
fn negative_vectors() {
    // 1. The CRC matches, but 62 declares one character more than exists.
    let r = inspect(b"00020126360014BR.GOV.BCB.PIX0114+5511943214321520400005303986540566.665802BR5907EMPRESA6008BRASILIA62080503***6304170E");
    assert!(r.crc.unwrap().matches());
    assert!(!r.emv.is_valid());
    assert_eq!(r.emv.errors[0].code(), "template_not_tlv");
    assert_eq!(r.emv.errors[0].path.to_string(), "62");

    // 2. A stray 01 after 000201: the root misparses although the CRC matches.
    let r = inspect(b"0002010101021226630014BR.GOV.BCB.PIX0132420ab7c44d6346d4809ecd3eebc129ec0205BARBA52040000530398654041.005802BR5922RAFAEL DE ANDRADE DIAS6004LAJE62160512AG000000023863047C58");
    assert!(r.crc.unwrap().matches());
    assert!(!r.emv.is_valid());

    // 3. Well-formed TLV, CRC given as 9224 but computing to EB66.
    let e = decode("00020101021226850014BR.GOV.BCB.PIX2563PIX-HOM.HOMOLOGACAO.COM.BR/API/BRCODE/ZSX3020382321603660337879520400005303986540544.225802BR5911IRVING KUHN6008BRASILIA62290525ZSX302038232160366033787963049224").unwrap_err();
    assert_eq!(e.code(), "crc_mismatch");
    assert!(
        e.to_string().contains("9224") && e.to_string().contains("EB66"),
        "{e}"
    );
}

#[test]
fn other_schemes_decode_generically() {
    for payload in [
        "00020101021129370016A000000677010111011300668012345675802TH530376463046197",
        "00020101021129370016A000000677010111021311111111111115802TH530376463047B5A",
        "00020101021229370016A000000677010111011300660000000005802TH530376454044.226304E469",
        "00020101021153037645802TH29370016A0000006770101110113006681017332754074999.9963040154",
    ] {
        let r = inspect(payload.as_bytes());
        assert!(r.emv.is_valid(), "{payload}: {:?}", r.emv.errors);
        assert!(r.pix.is_none());
        assert_eq!(decode(payload).unwrap_err().code(), "pix_not_pix");
    }
}
