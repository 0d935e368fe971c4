//! Spec §1.2: objects inside a template may come in any order, and §2.5 makes a template Pix
//! when its sub-`00` is the Pix GUI, wherever it stands. Every template ID (26–51 for the
//! payment, 80–99 for the recurrence) and every order of its sub-objects is read the same by
//! the one-pass path, the full walk and `inspect`.

use pixcode::emv::{Node, Payload, Writer};
use pixcode::pix::{decode_both, Kind};

const KEY: &str = "123e4567-e12b-12d1-a456-426655440000";
const URL: &str = "pix.example.com/qr/v2/9d36b84f";
const REC: &str = "pix.example.com/rec/2353c790";

/// A code whose payment template is `pix` (ID `pay_id`) and, when given, whose recurrence
/// template is `rec` (ID `rec_id`).
fn code(pay_id: u8, pix: &[Node<'_>], rec: Option<(u8, &[Node<'_>])>) -> String {
    let mut w = Writer::new(String::new()).unwrap();
    w.value(1, "12").unwrap();
    w.node(&Node::Template(pay_id, pix)).unwrap();
    w.value(52, "0000").unwrap().value(53, "986").unwrap();
    w.value(58, "BR")
        .unwrap()
        .value(59, "Fulano de Tal")
        .unwrap();
    w.value(60, "BRASILIA").unwrap();
    w.node(&Node::Template(62, &[Node::Value(5, "***")]))
        .unwrap();
    if let Some((id, nodes)) = rec {
        w.node(&Node::Template(id, nodes)).unwrap();
    }
    w.finish().unwrap()
}

/// Decodes `input` by both paths and by `inspect`, asserts they agree and returns the view's
/// kind, template IDs, key, URL and recurrence URL.
fn read(
    input: &str,
) -> (
    Kind,
    u8,
    Option<u8>,
    Option<String>,
    Option<String>,
    Option<String>,
) {
    let (fast, walk) = decode_both(input);
    let fast = fast
        .expect("the one-pass path answers a valid ASCII code")
        .unwrap_or_else(|e| panic!("one-pass path refused {input}: {e}"));
    let walk = walk.unwrap_or_else(|e| panic!("full walk refused {input}: {e}"));
    assert_eq!(format!("{fast:?}"), format!("{walk:?}"));
    let report = pixcode::inspect(input.as_bytes());
    assert!(report.is_valid(), "inspect: {input}");
    let pix = report.pix.expect("inspect sees a Pix code");
    assert_eq!(format!("{:?}", pix.code), format!("{walk:?}"));
    let c = walk;
    (
        c.kind(),
        c.template_id(),
        c.recurrence_template_id(),
        c.key().map(|k| k.as_str().to_owned()),
        c.location().map(|l| l.as_str().to_owned()),
        c.recurrence().map(|l| l.as_str().to_owned()),
    )
}

/// Every permutation of `items`.
fn permutations<T: Copy>(items: &[T]) -> Vec<Vec<T>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, first);
            out.push(p);
        }
    }
    out
}

#[test]
fn static_template_any_id_any_order() {
    let subs = [
        Node::Value(0, "br.gov.bcb.pix"),
        Node::Value(1, KEY),
        Node::Value(2, "Pedido 42"),
    ];
    for id in 26..=51 {
        for order in permutations(&subs) {
            let input = code(id, &order, None);
            let (kind, tid, rid, key, url, rec) = read(&input);
            assert_eq!(kind, Kind::Static, "{input}");
            assert_eq!((tid, rid), (id, None));
            assert_eq!(key.as_deref(), Some(KEY));
            assert_eq!((url, rec), (None, None));
        }
    }
}

#[test]
fn uppercase_gui_last() {
    let input = code(
        26,
        &[Node::Value(1, KEY), Node::Value(0, "BR.GOV.BCB.PIX")],
        None,
    );
    assert_eq!(read(&input).0, Kind::Static);
}

#[test]
fn recurrence_template_any_id_any_order() {
    let pay = [Node::Value(25, URL), Node::Value(0, "br.gov.bcb.pix")];
    let rec = [Node::Value(0, "br.gov.bcb.pix"), Node::Value(25, REC)];
    for id in 80..=99 {
        for pay_order in permutations(&pay) {
            for rec_order in permutations(&rec) {
                let input = code(26, &pay_order, Some((id, &rec_order)));
                let (kind, tid, rid, key, url, rec) = read(&input);
                assert_eq!(kind, Kind::DynamicRecurrence, "{input}");
                assert_eq!((tid, rid), (26, Some(id)));
                assert_eq!(key, None);
                assert_eq!(url.as_deref(), Some(URL));
                assert_eq!(rec.as_deref(), Some(REC));
            }
        }
    }
}

#[test]
fn static_composto_with_gui_after_the_url() {
    let input = code(
        30,
        &[Node::Value(1, KEY), Node::Value(0, "br.gov.bcb.pix")],
        Some((
            95,
            &[Node::Value(25, REC), Node::Value(0, "br.gov.bcb.pix")],
        )),
    );
    let (kind, tid, rid, ..) = read(&input);
    assert_eq!(kind, Kind::StaticRecurrence);
    assert_eq!((tid, rid), (30, Some(95)));
}

#[test]
fn a_template_whose_00_is_another_gui_is_not_pix() {
    // The Pix key's sub-ID inside someone else's template does not make it Pix.
    let input = code(
        26,
        &[Node::Value(1, KEY), Node::Value(0, "com.example.wallet")],
        None,
    );
    assert!(Payload::parse(&input).is_ok());
    let err = pixcode::decode(&input).unwrap_err();
    assert_eq!(err.code(), "pix_not_pix");
    let (fast, walk) = decode_both(&input);
    assert_eq!(fast.unwrap().unwrap_err(), walk.unwrap_err());
}

#[test]
fn the_first_pix_template_wins_and_a_second_is_noted() {
    // 26 is someone else's; 27 and 28 are both Pix, with the GUI last: 27 is the view's.
    let mut w = Writer::new(String::new()).unwrap();
    w.node(&Node::Template(
        26,
        &[Node::Value(0, "com.example.wallet"), Node::Value(1, "x")],
    ))
    .unwrap();
    for id in [27, 28] {
        w.node(&Node::Template(
            id,
            &[Node::Value(1, KEY), Node::Value(0, "br.gov.bcb.pix")],
        ))
        .unwrap();
    }
    w.value(52, "0000").unwrap().value(53, "986").unwrap();
    w.value(58, "BR").unwrap().value(59, "Fulano").unwrap();
    w.value(60, "BRASILIA").unwrap();
    w.node(&Node::Template(62, &[Node::Value(5, "***")]))
        .unwrap();
    let input = w.finish().unwrap();
    let (_, tid, ..) = read(&input);
    assert_eq!(tid, 27);
    let report = pixcode::inspect(input.as_bytes());
    assert!(report
        .pix
        .unwrap()
        .report
        .warnings
        .contains("pix_multiple_templates"));
}
