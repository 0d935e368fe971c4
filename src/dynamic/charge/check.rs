//! Whether a verified charge is payable at an instant and on a date (spec `dynamic.md` §2 step
//! 8, `brcode.md` §5.4–5.7).

use crate::dynamic::rules::rule;
use std::format;
use std::string::ToString;
use std::vec::Vec;

use super::{Charge, ChargeStatus, CobPayload, CobvPayload, RecPayload, RecStatus, RetiradaKind};
use crate::dynamic::cobv::calculator::{components_sum, final_is_consistent};
use crate::dynamic::cobv::calendar::{Calendar, Date};
use crate::dynamic::cobv::time::Timestamp;
use crate::dynamic::problem::Problem;
use crate::pix::rules::is_ispb;
use crate::pix::{key_issue, MAX_KEY_CHARS};

/// When and where a charge is to be paid.
///
/// ```
/// use pixcode::dynamic::{Calendar, PayContext};
/// let ctx = PayContext::new("2026-03-10T14:10:00Z".parse()?);
/// assert_eq!(ctx.on.to_string(), "2026-03-10"); // the date in Brasília
/// assert!(!ctx.composto);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct PayContext<'h> {
    /// The instant of payment (cob expiry, rec dates).
    pub at: Timestamp,
    /// The payment date (`DPP` of a cobv): by default the date at `at` in Brasília.
    pub on: Date,
    /// The payer's banking calendar (their municipality's holidays for a cobv).
    pub calendar: Calendar<'h>,
    /// Whether the charge came from a composto code (Pix Automático): saque and troco are
    /// then forbidden.
    pub composto: bool,
}

impl PayContext<'static> {
    /// Paying at `at`, on that date in Brasília, national calendar, not a composto.
    pub fn new(at: Timestamp) -> PayContext<'static> {
        PayContext {
            at,
            on: at.date_in_brasilia(),
            calendar: Calendar::national(),
            composto: false,
        }
    }
}

/// Errors (the charge must not be paid) and findings of the business checks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Payability {
    /// Why the charge is not payable; empty when it is.
    pub errors: Vec<Problem>,
    /// Non-fatal observations.
    pub findings: Vec<Problem>,
}

impl Payability {
    /// Whether no check failed.
    pub fn is_payable(&self) -> bool {
        self.errors.is_empty()
    }
}

fn status(s: &ChargeStatus, out: &mut Payability) {
    let (code, why) = match s {
        ChargeStatus::Ativa => return,
        ChargeStatus::Concluida => (rule::CHARGE_CONCLUDED, "it has already been paid"),
        ChargeStatus::RemovidaPeloUsuarioRecebedor => {
            (rule::CHARGE_REMOVED, "the receiver removed it")
        }
        ChargeStatus::RemovidaPeloPsp => (rule::CHARGE_REMOVED, "the receiver's PSP removed it"),
        ChargeStatus::Other(_) => (
            rule::CHARGE_STATUS_UNKNOWN,
            "the status is not one the API defines",
        ),
    };
    out.errors.push(Problem::new(
        code,
        format!("expected status ATIVA but found {}: {why}", s.as_str()),
    ));
}

/// The business checks of a verified charge.
///
/// * every charge: `status` ATIVA (`charge_concluded`, `charge_removed`,
///   `charge_status_unknown`);
/// * cob and cobv: `chave` a key (`charge_key_missing`, `charge_key_invalid`; the decoder's key
///   warnings as `charge_key_format` findings), `criacao` not after `ctx.at`
///   (`criacao_in_future`, a finding);
/// * cob: not expired at `ctx.at` (`cob_expired`: `criacao + expiracao`), a non-zero amount
///   unless the payer may change it (`cob_amount_zero`), the saque / troco rules
///   (`retirada_*`);
/// * cobv: payable on `ctx.on` (`cobv_past_validity`: the due date rolled on the payer's
///   calendar, plus `validadeAposVencimento` days), `valor.final` above zero
///   (`cobv_final_zero`) and equal to its components (`cobv_final_inconsistent`);
/// * rec: the latest status is CRIADA (`rec_not_open`), not past `dataFinal` (`rec_ended`).
///
/// ```
/// use pixcode::dynamic::{check_charge, parse_payload, PayContext};
/// use pixcode::pix::Resource;
/// let json = br#"{"revisao":0,"calendario":{"criacao":"2026-03-10T14:05:00Z",
///   "apresentacao":"2026-03-10T14:07:31Z","expiracao":3600},"valor":{"original":"37.90"},
///   "chave":"pagamentos@example.com","txid":"PEDIDO2026031000000000000042","status":"ATIVA"}"#;
/// let cob = parse_payload(Resource::Cob, json)?.charge;
/// assert!(check_charge(&cob, &PayContext::new("2026-03-10T15:04:59Z".parse()?)).is_payable());
/// let late = check_charge(&cob, &PayContext::new("2026-03-10T15:05:00Z".parse()?));
/// assert_eq!(late.errors[0].code, "cob_expired");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_charge(charge: &Charge, ctx: &PayContext<'_>) -> Payability {
    let mut out = Payability::default();
    match charge {
        Charge::Cob(c) => cob(c, ctx, &mut out),
        Charge::Cobv(c) => cobv(c, ctx, &mut out),
        Charge::Rec(r) => rec(r, ctx, &mut out),
    }
    out
}

/// The receiver's key, judged as the decoder judges `26.01`: no key, or one that cannot be a
/// key (over 77 characters, spaces or control characters), is an error; a key of a doubtful
/// shape (check digits, case, an unknown format) a finding.
fn key(chave: &str, out: &mut Payability) {
    if chave.is_empty() {
        out.errors.push(Problem::new(
            rule::CHARGE_KEY_MISSING,
            "chave is empty: the charge names no Pix key to pay".to_string(),
        ));
    } else if chave.chars().count() > MAX_KEY_CHARS
        || chave.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        out.errors.push(Problem::new(
            rule::CHARGE_KEY_INVALID,
            format!("chave cannot be a Pix key: keys are at most {MAX_KEY_CHARS} characters without spaces or control characters"),
        ));
    } else if let Some(issue) = key_issue(chave) {
        out.findings.push(Problem::new(
            rule::CHARGE_KEY_FORMAT,
            format!("chave {chave:?}: {issue} ({})", issue.code()),
        ));
    }
}

/// A creation instant after the verification instant: a clock off, or a payload made up.
fn created(criacao: Timestamp, ctx: &PayContext<'_>, out: &mut Payability) {
    if criacao > ctx.at {
        out.findings.push(Problem::new(
            rule::CRIACAO_IN_FUTURE,
            format!(
                "calendario.criacao {criacao} is after the verification instant {}",
                ctx.at
            ),
        ));
    }
}

fn cob(c: &CobPayload, ctx: &PayContext<'_>, out: &mut Payability) {
    status(&c.status, out);
    key(&c.chave, out);
    created(c.calendario.criacao, ctx, out);
    let expires = c
        .calendario
        .criacao
        .add_seconds(i64::try_from(c.calendario.expiracao).unwrap_or(i64::MAX));
    if ctx.at >= expires {
        out.errors.push(Problem::new(
            rule::COB_EXPIRED,
            format!(
                "the charge expired at {expires} (created {} + {} s); the payment is at {}",
                c.calendario.criacao, c.calendario.expiracao, ctx.at
            ),
        ));
    }
    let v = &c.valor;
    match &v.retirada {
        None => {
            if v.original.is_zero() && v.modalidade_alteracao == 0 {
                out.errors.push(Problem::new(
                    rule::COB_AMOUNT_ZERO,
                    "valor.original is 0.00 and the payer may not change it".to_string(),
                ));
            }
        }
        Some(r) => {
            if ctx.composto {
                out.errors.push(Problem::new(
                    rule::RETIRADA_IN_COMPOSTO,
                    "a payment from a Pix Automático code cannot carry saque or troco".to_string(),
                ));
            }
            if v.modalidade_alteracao != 0 || r.modalidade_alteracao != 0 {
                out.errors.push(Problem::new(
                    rule::RETIRADA_MODALIDADE_ALTERACAO,
                    "with saque or troco, modalidadeAlteracao must be 0 (fixed amounts)"
                        .to_string(),
                ));
            }
            if r.valor.is_zero() {
                out.errors.push(Problem::new(
                    rule::RETIRADA_AMOUNT_ZERO,
                    "the cash amount of the saque or troco is 0.00".to_string(),
                ));
            }
            if !is_ispb(&r.prestador_do_servico_de_saque) {
                out.errors.push(Problem::new(
                    rule::RETIRADA_ISPB,
                    format!(
                        "expected prestadorDoServicoDeSaque to be an ISPB (8 digits or capital letters) but found {:?}",
                        r.prestador_do_servico_de_saque
                    ),
                ));
            }
            let agents: &[&str] = match r.kind {
                RetiradaKind::Saque => &["AGTEC", "AGTOT", "AGPSS"],
                RetiradaKind::Troco => &["AGTEC", "AGTOT"],
            };
            if !agents.contains(&r.modalidade_agente.as_str()) {
                out.errors.push(Problem::new(
                    rule::RETIRADA_AGENT,
                    format!(
                        "expected modalidadeAgente {} for {:?} but found {:?}",
                        agents.join(", "),
                        r.kind,
                        r.modalidade_agente
                    ),
                ));
            }
            match r.kind {
                RetiradaKind::Saque if !v.original.is_zero() => out.errors.push(Problem::new(
                    rule::SAQUE_ORIGINAL_NOT_ZERO,
                    format!("a saque has valor.original 0.00 but found {}", v.original),
                )),
                RetiradaKind::Troco if v.original.is_zero() => out.errors.push(Problem::new(
                    rule::TROCO_ORIGINAL_ZERO,
                    "a troco pays for a purchase: valor.original must be above 0.00".to_string(),
                )),
                _ => {}
            }
        }
    }
}

fn cobv(c: &CobvPayload, ctx: &PayContext<'_>, out: &mut Payability) {
    status(&c.status, out);
    key(&c.chave, out);
    created(c.calendario.criacao, ctx, out);
    let due = ctx.calendar.roll_forward(c.calendario.data_de_vencimento);
    let last = due.add_days(i64::from(c.calendario.validade_apos_vencimento));
    if ctx.on > last {
        out.errors.push(Problem::new(
            rule::COBV_PAST_VALIDITY,
            format!(
                "the last payable day was {last} (due {}{}, + {} days); the payment date is {}",
                c.calendario.data_de_vencimento,
                if due == c.calendario.data_de_vencimento {
                    std::string::String::new()
                } else {
                    format!(", moved to {due}")
                },
                c.calendario.validade_apos_vencimento,
                ctx.on
            ),
        ));
    }
    let v = &c.valor;
    if v.final_value.is_zero() {
        out.errors.push(Problem::new(
            rule::COBV_FINAL_ZERO,
            "valor.final is 0.00".to_string(),
        ));
    }
    if let Some(original) = v.original {
        if final_is_consistent(
            original,
            v.abatimento,
            v.desconto,
            v.juros,
            v.multa,
            v.final_value,
        ) == Some(false)
        {
            out.errors.push(Problem::new(
                rule::COBV_FINAL_INCONSISTENT,
                format!(
                    "valor.final is {} but original − abatimento − desconto + juros + multa is {}",
                    v.final_value,
                    sum(original, v)
                ),
            ));
        }
    } else if v.abatimento.is_some()
        || v.desconto.is_some()
        || v.juros.is_some()
        || v.multa.is_some()
    {
        out.findings.push(Problem::new(
            rule::COBV_COMPONENTS_WITHOUT_ORIGINAL,
            "valor has components but no original value; valor.final cannot be checked".to_string(),
        ));
    }
}

fn sum(original: crate::Amount, v: &super::CobvValor) -> std::string::String {
    let total = components_sum(original, v.abatimento, v.desconto, v.juros, v.multa).unwrap_or(0);
    let sign = if total < 0 { "-" } else { "" };
    let t = total.unsigned_abs();
    format!("{sign}{}.{:02}", t / 100, t % 100)
}

fn rec(r: &RecPayload, ctx: &PayContext<'_>, out: &mut Payability) {
    match r.latest_status() {
        Some(RecStatus::Criada) => {}
        Some(s) => out.errors.push(Problem::new(
            rule::REC_NOT_OPEN,
            format!(
                "expected the recurrence's latest status to be CRIADA (waiting for authorization) but found {}",
                s.as_str()
            ),
        )),
        None => out.errors.push(Problem::new(
            rule::REC_NOT_OPEN,
            "the recurrence states no status".to_string(),
        )),
    }
    if let Some(end) = r.calendario.as_ref().and_then(|c| c.data_final) {
        if ctx.on > end {
            out.errors.push(Problem::new(
                rule::REC_ENDED,
                format!("the recurrence ended on {end}; the date is {}", ctx.on),
            ));
        }
    }
}
