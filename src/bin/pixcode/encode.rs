//! `pixcode encode`: building a Pix code from options.

use crate::args::EncodeArgs;
use crate::refused;
use std::io::{self, Write};

pub(crate) fn encode(out: &mut impl Write, a: &EncodeArgs) -> io::Result<bool> {
    let mut b = pixcode::pix::Builder::new(&a.name, &a.city);
    let amount = a
        .amount
        .as_deref()
        .map(pixcode::Amount::parse)
        .transpose()
        .map_err(|e| refused(format!("amount (54): {e}")))?;
    if let Some(v) = &a.key {
        b.key(v);
    }
    if let Some(v) = &a.url {
        b.url(v);
    }
    if let Some(v) = &a.recurrence_url {
        b.recurrence_url(v);
    }
    if let Some(v) = amount {
        b.amount(v);
    }
    if let Some(v) = &a.txid {
        b.txid(v);
    }
    if let Some(v) = &a.info {
        b.additional_info(v);
    }
    if let Some(v) = &a.postal_code {
        b.postal_code(v);
    }
    if let Some(v) = &a.saque {
        b.saque(v);
    }
    if let Some(v) = &a.mcc {
        b.merchant_category_code(v);
    }
    if a.single_use || a.reusable {
        b.single_use(a.single_use);
    }
    b.fold_ascii(!a.no_fold).truncate(a.truncate);
    let built = b.build().map_err(|e| refused(e.to_string()))?;
    for (what, n) in [
        ("merchant name", built.name_cut),
        ("merchant city", built.city_cut),
    ] {
        if n > 0 {
            eprintln!("pixcode: note: cut {n} character(s) from the {what}");
        }
    }
    if a.json {
        let report = pixcode::inspect(built.payload.as_bytes());
        let json = serde_json::json!({
            "payload": built.payload,
            "name_cut": built.name_cut,
            "city_cut": built.city_cut,
            "decoded": report,
        });
        serde_json::to_writer_pretty(&mut *out, &json)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", built.payload)?;
    }
    if let Some(path) = &a.qr {
        let qr = pixcode::render::Qr::new(&built.payload, &Default::default())
            .map_err(|e| refused(e.to_string()))?;
        let bytes = match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("svg") => qr.to_svg().into_bytes(),
            _ => qr.to_png().map_err(|e| refused(e.to_string()))?,
        };
        std::fs::write(path, bytes)?;
    }
    Ok(true)
}
