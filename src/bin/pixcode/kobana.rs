//! `pixcode kobana`: the Kobana client from the command line.

use crate::args::{BatchCommand, KobanaArgs, KobanaCommand, PaymentsCommand};
use crate::refused;
use std::io::{self, Write};

pub(crate) fn kobana(out: &mut impl Write, a: &KobanaArgs) -> io::Result<bool> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(kobana_run(out, a))
}

fn reply_json<T>(r: &pixcode::kobana::Reply<T>) -> serde_json::Value {
    serde_json::json!({
        "status": r.status,
        "idempotency_key": r.idempotency_key.as_ref().map(|k| k.to_string()),
        "message": r.message,
        "rate_limit": {
            "limit": r.rate_limit.limit,
            "remaining": r.rate_limit.remaining,
            "reset": r.rate_limit.reset,
        },
        "data": r.raw,
    })
}

/// Kobana errors: an API answer exits 1 with its JSON on standard output; anything else is
/// reported on standard error and exits 2.
fn kobana_error(out: &mut impl Write, e: pixcode::kobana::Error) -> io::Result<bool> {
    use pixcode::kobana::{Error, ErrorItem};
    match e {
        Error::Api(api) => {
            let items: Vec<String> = api.items.iter().map(ErrorItem::to_string).collect();
            let json = serde_json::json!({
                "status": api.status,
                "errors": items,
                "idempotency_key": api.idempotency_key,
                "retry_after": api.rate_limit.retry_after,
                "body": api.raw,
            });
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)?;
            eprintln!("pixcode: {}", pixcode::text::Escaped(&api.to_string()));
            Ok(false)
        }
        other => Err(refused(other.to_string())),
    }
}

async fn kobana_run(out: &mut impl Write, a: &KobanaArgs) -> io::Result<bool> {
    use pixcode::kobana::*;
    let fail = |e: Error| refused(e.to_string());
    let mut config = Config::from_env()
        .map_err(fail)?
        .environment(if a.production {
            Environment::Production
        } else {
            Environment::Sandbox
        })
        .precheck(!a.no_precheck);
    if let Some(b) = &a.base_url {
        config = config.base_url_override(b.clone());
    }
    if let Some(c) = &a.contact {
        config = config.contact(c.clone());
    }
    let client = Client::new(config).map_err(fail)?;
    let key = a
        .idempotency_key
        .as_deref()
        .map(IdempotencyKey::new)
        .transpose()
        .map_err(fail)?;
    let money = |s: &str| -> io::Result<Money> {
        let amount = pixcode::Amount::parse(s).map_err(|e| refused(format!("amount: {e}")))?;
        if amount.is_zero() {
            return Err(refused("amount: must be greater than zero".into()));
        }
        Ok(Money::from(amount))
    };
    macro_rules! one {
        ($call:expr) => {
            match $call.await {
                Ok(r) => {
                    serde_json::to_writer_pretty(&mut *out, &reply_json(&r))?;
                    writeln!(out)?;
                    Ok(true)
                }
                Err(e) => kobana_error(out, e),
            }
        };
    }
    macro_rules! pages {
        ($pager:expr, $max:expr) => {{
            let mut pager = $pager.map_err(fail)?;
            let mut n = 0;
            while n < $max {
                match pager.next_page().await {
                    None => break,
                    Some(Ok(page)) => {
                        let raw = serde_json::json!({
                            "page": page.pagination.as_ref().and_then(|p| p.page),
                            "next_url": page.pagination.as_ref().and_then(|p| p.next_url.clone()),
                            "data": page.raw,
                        });
                        serde_json::to_writer(&mut *out, &raw)?;
                        writeln!(out)?;
                    }
                    Some(Err(e)) => return kobana_error(out, e),
                }
                n += 1;
            }
            Ok(true)
        }};
    }
    match &a.command {
        KobanaCommand::Decode { code, external_id } => one!(client.decode(
            &NewQrcodeQuery {
                qrcode: code.clone(),
                external_id: external_id.clone(),
                ..Default::default()
            },
            key
        )),
        KobanaCommand::DecodeUnverified { code } => one!(client.decode_unverified(code, key)),
        KobanaCommand::Pay {
            code,
            financial_account,
            amount,
            scheduled_to,
            external_id,
        } => {
            let payment = NewPixPayment {
                financial_account_uid: financial_account.clone(),
                qrcode: code.clone(),
                amount: amount.as_deref().map(money).transpose()?,
                scheduled_to: scheduled_to.clone(),
                external_id: external_id.clone(),
                ..Default::default()
            };
            one!(client.create_pix_payment(&payment, key))
        }
        KobanaCommand::Payments(PaymentsCommand::List { per_page, pages }) => {
            pages!(client.pix_payments(*per_page), *pages)
        }
        KobanaCommand::Payments(PaymentsCommand::Get { uid }) => one!(client.get_pix_payment(uid)),
        KobanaCommand::Payments(PaymentsCommand::Cancel { uid }) => {
            one!(client.cancel_pix_payment(uid, key))
        }
        KobanaCommand::Batch(BatchCommand::Create {
            financial_account,
            payments,
            codes,
        }) => {
            let mut items: Vec<BatchItem> = payments
                .iter()
                .map(|u| BatchItem::Existing { uid: u.clone() })
                .collect();
            items.extend(codes.iter().map(|c| {
                BatchItem::New(NewBatchPayment {
                    qrcode: c.clone(),
                    ..Default::default()
                })
            }));
            let batch = NewPixBatch {
                financial_account_uid: financial_account.clone(),
                payments: items,
                payment_account_uid: None,
            };
            one!(client.create_pix_batch(&batch, key))
        }
        KobanaCommand::Batch(BatchCommand::Approve { uid }) => {
            one!(client.batch_command(uid, BatchOp::Approve, key))
        }
        KobanaCommand::Batch(BatchCommand::Reprove { uid }) => {
            one!(client.batch_command(uid, BatchOp::Reprove, key))
        }
        KobanaCommand::Batch(BatchCommand::Cancel { uid }) => {
            one!(client.batch_command(uid, BatchOp::Cancel, key))
        }
        KobanaCommand::Batch(BatchCommand::Get { uid }) => one!(client.get_batch(uid)),
        KobanaCommand::Batch(BatchCommand::List { per_page, pages }) => {
            pages!(client.batches(*per_page), *pages)
        }
    }
}
