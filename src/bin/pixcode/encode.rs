//! `pixcode encode`: building a Pix code from options.

use crate::args::EncodeArgs;
use crate::refused;
use std::io::{self, Write};

pub(crate) fn encode(out: &mut impl Write, a: &EncodeArgs) -> io::Result<bool> {
    let options = pixcode::pix::BuildOptions {
        merchant_name: &a.name,
        merchant_city: &a.city,
        key: a.key.as_deref(),
        url: a.url.as_deref(),
        recurrence_url: a.recurrence_url.as_deref(),
        amount: a.amount.as_deref(),
        txid: a.txid.as_deref(),
        additional_info: a.info.as_deref(),
        saque: a.saque.as_deref(),
        postal_code: a.postal_code.as_deref(),
        merchant_category_code: a.mcc.as_deref(),
        single_use: (a.single_use || a.reusable).then_some(a.single_use),
        fold_ascii: !a.no_fold,
        truncate: a.truncate,
    };
    let built = options.build().map_err(|e| refused(e.to_string()))?;
    for (what, n) in [
        ("merchant name", built.name_cut),
        ("merchant city", built.city_cut),
    ] {
        if n > 0 {
            eprintln!("pixcode: note: cut {n} character(s) from the {what}");
        }
    }
    let nfc_uri = if a.nfc_uri {
        let view = pixcode::decode(&built.payload).map_err(|e| refused(e.to_string()))?;
        Some(
            pixcode::nfc::to_uri(&view, a.nfc_host.as_deref(), None)
                .map_err(|e| refused(e.to_string()))?,
        )
    } else {
        None
    };
    if a.json {
        let report = pixcode::inspect(built.payload.as_bytes());
        let mut json = serde_json::json!({
            "payload": built.payload,
            "name_cut": built.name_cut,
            "city_cut": built.city_cut,
            "decoded": report,
        });
        if let Some(uri) = &nfc_uri {
            json["nfc_uri"] = serde_json::json!(uri);
        }
        serde_json::to_writer_pretty(&mut *out, &json)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", nfc_uri.as_deref().unwrap_or(&built.payload))?;
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
