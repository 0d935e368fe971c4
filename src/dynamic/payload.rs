//! The JSON a location serves once its signature holds: cob, cobv and rec (spec `brcode.md`
//! §5.6, Pix API 2.9.0), read leniently where real servers are sloppy, each leniency a
//! finding, and strictly where a payer's money depends on it.

use super::rules::{rule, Rule};
use std::string::{String, ToString};
use std::vec::Vec;
use std::{format, vec};

use serde::Serialize;
use serde_json::{Map, Value};

use super::calendar::Date;
use super::problem::Problem;
use super::time::Timestamp;
use crate::pix::Resource;
use crate::Amount;

/// A charge's status (open: a status this crate does not know is kept as written).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ChargeStatus {
    /// `ATIVA`: payable.
    Ativa,
    /// `CONCLUIDA`: already paid.
    Concluida,
    /// `REMOVIDA_PELO_USUARIO_RECEBEDOR` (or `REMOVIDO_…`, as BCB's prose writes it).
    RemovidaPeloUsuarioRecebedor,
    /// `REMOVIDA_PELO_PSP` (or `REMOVIDO_…`).
    RemovidaPeloPsp,
    /// Any other value, as written.
    Other(String),
}

impl ChargeStatus {
    fn parse(s: &str) -> ChargeStatus {
        match s {
            "ATIVA" => ChargeStatus::Ativa,
            "CONCLUIDA" => ChargeStatus::Concluida,
            "REMOVIDA_PELO_USUARIO_RECEBEDOR" | "REMOVIDO_PELO_USUARIO_RECEBEDOR" => {
                ChargeStatus::RemovidaPeloUsuarioRecebedor
            }
            "REMOVIDA_PELO_PSP" | "REMOVIDO_PELO_PSP" => ChargeStatus::RemovidaPeloPsp,
            other => ChargeStatus::Other(other.to_string()),
        }
    }

    /// The status as the API's enum writes it.
    pub fn as_str(&self) -> &str {
        match self {
            ChargeStatus::Ativa => "ATIVA",
            ChargeStatus::Concluida => "CONCLUIDA",
            ChargeStatus::RemovidaPeloUsuarioRecebedor => "REMOVIDA_PELO_USUARIO_RECEBEDOR",
            ChargeStatus::RemovidaPeloPsp => "REMOVIDA_PELO_PSP",
            ChargeStatus::Other(s) => s,
        }
    }
}

impl Serialize for ChargeStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A person or company: `cpf` or `cnpj`, and a name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Party {
    /// CPF, 11 digits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpf: Option<String>,
    /// CNPJ, 14 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cnpj: Option<String>,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nome: Option<String>,
    /// Trade name (cobv receiver).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nome_fantasia: Option<String>,
    /// Street address (cobv).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logradouro: Option<String>,
    /// City (cobv).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidade: Option<String>,
    /// State, two letters (cobv).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uf: Option<String>,
    /// Postal code, 8 digits (cobv).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cep: Option<String>,
    /// E-mail (cobv).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// One `infoAdicionais` entry, shown to the payer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InfoAdicional {
    /// Label (≤ 50).
    pub nome: String,
    /// Value (≤ 200).
    pub valor: String,
}

/// A withdrawal (`saque`) or change (`troco`) in a cob (spec §5.4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Retirada {
    /// `saque` or `troco`.
    #[serde(skip)]
    pub kind: RetiradaKind,
    /// The cash amount.
    pub valor: Amount,
    /// 0: fixed; 1: the payer may change it.
    pub modalidade_alteracao: u8,
    /// The ISPB of the PSP providing the cash service.
    pub prestador_do_servico_de_saque: String,
    /// `AGTEC`, `AGTOT` or `AGPSS`.
    pub modalidade_agente: String,
}

/// Which retirada a cob carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RetiradaKind {
    /// Pix Saque: cash out, no purchase.
    Saque,
    /// Pix Troco: a purchase plus cash.
    Troco,
}

/// `calendario` of a cob.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CobCalendario {
    /// Creation instant.
    pub criacao: Timestamp,
    /// When the payload was served.
    pub apresentacao: Timestamp,
    /// Lifetime in seconds from `criacao` (86400 when absent).
    pub expiracao: u64,
}

/// `valor` of a cob.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CobValor {
    /// The amount (a suggestion when `modalidade_alteracao` is 1).
    pub original: Amount,
    /// 0: fixed; 1: the payer may change it.
    pub modalidade_alteracao: u8,
    /// Saque or troco.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retirada: Option<Retirada>,
}

/// An immediate charge (`CobPayload`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CobPayload {
    /// 26 to 35 letters and digits: goes into the payment.
    pub txid: String,
    /// Revision, from 0.
    pub revisao: u64,
    /// Dates.
    pub calendario: CobCalendario,
    /// The payer, when named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub devedor: Option<Party>,
    /// Amounts.
    pub valor: CobValor,
    /// The receiver's Pix key.
    pub chave: String,
    /// A prompt shown to the payer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub solicitacao_pagador: Option<String>,
    /// Extra information shown to the payer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub info_adicionais: Vec<InfoAdicional>,
    /// Status.
    pub status: ChargeStatus,
}

/// `calendario` of a cobv.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CobvCalendario {
    /// Creation instant.
    pub criacao: Timestamp,
    /// When the payload was served.
    pub apresentacao: Timestamp,
    /// The due date.
    pub data_de_vencimento: Date,
    /// Calendar days after the (rolled) due date the charge stays payable (30 when absent).
    pub validade_apos_vencimento: u32,
}

/// `valor` of a cobv: the components already computed for the requested date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CobvValor {
    /// `Vo`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original: Option<Amount>,
    /// `Va`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abatimento: Option<Amount>,
    /// `Vd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desconto: Option<Amount>,
    /// `Vj`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub juros: Option<Amount>,
    /// `Vm`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multa: Option<Amount>,
    /// What to pay.
    #[serde(rename = "final")]
    pub final_value: Amount,
}

/// A charge with a due date (`CobVPayload`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CobvPayload {
    /// 26 to 35 letters and digits.
    pub txid: String,
    /// Revision.
    pub revisao: u64,
    /// Dates.
    pub calendario: CobvCalendario,
    /// The payer.
    pub devedor: Party,
    /// The receiver, with its address.
    pub recebedor: Party,
    /// Amounts.
    pub valor: CobvValor,
    /// The receiver's Pix key.
    pub chave: String,
    /// A prompt shown to the payer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub solicitacao_pagador: Option<String>,
    /// Extra information shown to the payer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub info_adicionais: Vec<InfoAdicional>,
    /// Status.
    pub status: ChargeStatus,
}

/// A recurrence's status (open).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RecStatus {
    /// `CRIADA`: waiting for the payer's authorization.
    Criada,
    /// `APROVADA`.
    Aprovada,
    /// `REJEITADA`.
    Rejeitada,
    /// `EXPIRADA`.
    Expirada,
    /// `CANCELADA`.
    Cancelada,
    /// Any other value, as written.
    Other(String),
}

impl RecStatus {
    fn parse(s: &str) -> RecStatus {
        match s {
            "CRIADA" => RecStatus::Criada,
            "APROVADA" => RecStatus::Aprovada,
            "REJEITADA" => RecStatus::Rejeitada,
            "EXPIRADA" => RecStatus::Expirada,
            "CANCELADA" => RecStatus::Cancelada,
            other => RecStatus::Other(other.to_string()),
        }
    }

    /// The status as written by the API.
    pub fn as_str(&self) -> &str {
        match self {
            RecStatus::Criada => "CRIADA",
            RecStatus::Aprovada => "APROVADA",
            RecStatus::Rejeitada => "REJEITADA",
            RecStatus::Expirada => "EXPIRADA",
            RecStatus::Cancelada => "CANCELADA",
            RecStatus::Other(s) => s,
        }
    }
}

impl Serialize for RecStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One entry of a recurrence's status history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Atualizacao {
    /// The status.
    pub status: RecStatus,
    /// When it was set.
    pub data: Timestamp,
}

/// `vinculo` of a recurrence: what it pays for and who pays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Vinculo {
    /// The object (≤ 35).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objeto: Option<String>,
    /// The contract (≤ 35).
    pub contrato: String,
    /// The payer.
    pub devedor: Party,
}

/// `calendario` of a recurrence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecCalendario {
    /// First charge date.
    pub data_inicial: Date,
    /// Last charge date, when bounded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_final: Option<Date>,
    /// `SEMANAL`, `MENSAL`, `TRIMESTRAL`, `SEMESTRAL` or `ANUAL` (kept as written).
    pub periodicidade: String,
}

/// `valor` of a recurrence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecValor {
    /// A fixed value per charge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valor_rec: Option<Amount>,
    /// The receiver's minimum for a payer-set limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valor_minimo_recebedor: Option<Amount>,
}

/// `recebedor` of a recurrence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecRecebedor {
    /// CNPJ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cnpj: Option<String>,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nome: Option<String>,
    /// The receiver's PSP, 8 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ispb_participante: Option<String>,
}

/// A recurrence (`RecPayload`, Pix Automático).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecPayload {
    /// 29 letters and digits.
    pub id_rec: String,
    /// What it pays for and who pays.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vinculo: Option<Vinculo>,
    /// Dates and period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendario: Option<RecCalendario>,
    /// Amounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valor: Option<RecValor>,
    /// The receiver.
    pub recebedor: RecRecebedor,
    /// `NAO_PERMITE` or `PERMITE_3R_7D` (kept as written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub politica_retentativa: Option<String>,
    /// The status history.
    pub atualizacao: Vec<Atualizacao>,
}

impl RecPayload {
    /// The latest status: the history entry with the latest `data` (the last one written
    /// among equal dates).
    pub fn latest_status(&self) -> Option<&RecStatus> {
        self.atualizacao
            .iter()
            .enumerate()
            .max_by_key(|(i, a)| (a.data, *i))
            .map(|(_, a)| &a.status)
    }
}

/// A verified payload, typed by the schema its URL names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
// One charge per resolution, moved rarely: boxing would only add an allocation.
#[allow(clippy::large_enum_variant)]
pub enum Charge {
    /// An immediate charge.
    Cob(CobPayload),
    /// A charge with a due date.
    Cobv(CobvPayload),
    /// A recurrence.
    Rec(RecPayload),
}

impl Charge {
    /// Which schema it was read with.
    pub fn resource(&self) -> Resource {
        match self {
            Charge::Cob(_) => Resource::Cob,
            Charge::Cobv(_) => Resource::Cobv,
            Charge::Rec(_) => Resource::Rec,
        }
    }
}

/// A payload that could not be read: every error, and the findings met on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayloadErrors {
    /// What makes the payload unusable (at least one).
    pub errors: Vec<Problem>,
    /// Non-fatal findings.
    pub findings: Vec<Problem>,
}

impl core::fmt::Display for PayloadErrors {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.errors.first() {
            Some(e) => write!(f, "{e}")?,
            None => f.write_str("the payload is invalid")?,
        }
        if self.errors.len() > 1 {
            write!(f, " (and {} more)", self.errors.len() - 1)?;
        }
        Ok(())
    }
}

impl std::error::Error for PayloadErrors {}

/// Reads a payload's JSON with the schema its URL names ([`crate::pix::Location::resource`]:
/// the path, never the content, chooses).
///
/// Leniencies, each a finding: integers written as strings (`"revisao":"3"`), money with a
/// comma or without two decimals (`"140,45"`, `"10.5"`), money as a JSON integer, unknown
/// fields, the `peridiocidade` misspelling, `REMOVIDO_…` statuses, texts over their length.
/// Errors: not JSON, missing required fields, wrong types, money that is not a non-negative
/// decimal or a JSON number with a fraction (it cannot be read exactly), bad timestamps and
/// dates, a txid that is not 26–35 letters and digits.
///
/// ```
/// use pixcode::dynamic::{parse_payload, Charge};
/// use pixcode::pix::Resource;
/// let json = br#"{"revisao":"3","calendario":{"criacao":"2020-09-15T19:39:54.013Z",
///   "apresentacao":"2020-04-01T18:00:00Z","expiracao":"3600"},
///   "txid":"fc9a4366ff3d4964b5dbc6c91a8722d3","status":"ATIVA",
///   "valor":{"original":"500.00"},"chave":"7407c9c8-f78b-11ea-adc1-0242ac120002"}"#;
/// let read = parse_payload(Resource::Cob, json)?;
/// let Charge::Cob(cob) = &read.charge else { panic!() };
/// assert_eq!(cob.valor.original.to_string(), "500.00");
/// assert_eq!(cob.calendario.expiracao, 3600);
/// assert_eq!(read.findings[0].code, "integer_as_string");
/// # Ok::<(), pixcode::dynamic::PayloadErrors>(())
/// ```
///
/// # Errors
/// [`PayloadErrors`] with every error found.
pub fn parse_payload(schema: Resource, json: &[u8]) -> Result<Payload, PayloadErrors> {
    if let Err(e) =
        super::json::refuse_duplicates(json, rule::PAYLOAD_DUPLICATE_MEMBER, "the payload")
    {
        return Err(PayloadErrors {
            errors: vec![e],
            findings: Vec::new(),
        });
    }
    let value: Value = match serde_json::from_slice(json) {
        Ok(v) => v,
        Err(e) => {
            return Err(PayloadErrors {
                errors: vec![Problem::new(
                    rule::PAYLOAD_NOT_JSON,
                    format!(
                        "the payload is not JSON ({} at line {}, column {})",
                        match e.classify() {
                            serde_json::error::Category::Io => "unreadable",
                            serde_json::error::Category::Syntax => "a syntax error",
                            serde_json::error::Category::Data => "a wrong type",
                            serde_json::error::Category::Eof => "it ends early",
                        },
                        e.line(),
                        e.column()
                    ),
                )],
                findings: Vec::new(),
            })
        }
    };
    let mut r = Reader::default();
    let charge = match schema {
        Resource::Cob => r.cob(&value).map(Charge::Cob),
        Resource::Cobv => r.cobv(&value).map(Charge::Cobv),
        Resource::Rec => r.rec(&value).map(Charge::Rec),
    };
    match charge {
        Some(charge) if r.errors.is_empty() => Ok(Payload {
            charge,
            findings: r.findings,
        }),
        _ => {
            if r.errors.is_empty() {
                r.errors.push(Problem::new(
                    rule::PAYLOAD_INVALID,
                    "the payload could not be read".to_string(),
                ));
            }
            Err(PayloadErrors {
                errors: r.errors,
                findings: r.findings,
            })
        }
    }
}

/// A payload read with its schema, and the findings met on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payload {
    /// The typed charge.
    pub charge: Charge,
    /// Leniencies and other non-fatal findings.
    pub findings: Vec<Problem>,
}

#[derive(Default)]
struct Reader {
    errors: Vec<Problem>,
    findings: Vec<Problem>,
}

fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}.{name}")
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Reader {
    fn error(&mut self, rule: Rule, message: String) {
        debug_assert!(rule.is_error(), "{} is a finding", rule.code);
        self.errors.push(Problem::new(rule, message));
    }

    fn note(&mut self, rule: Rule, message: String) {
        debug_assert!(!rule.is_error(), "{} is an error", rule.code);
        self.findings.push(Problem::new(rule, message));
    }

    fn object<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                let at = if path.is_empty() { "the payload" } else { path };
                self.error(
                    rule::PAYLOAD_TYPE,
                    format!("expected {at} to be an object but found {}", kind(other)),
                );
                None
            }
        }
    }

    /// Refuses members of another kind of charge (`foreign`: name and the kind it belongs to)
    /// and reports the other fields not in `known`.
    fn members(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        known: &[&str],
        foreign: &[(&str, &str)],
        schema: &str,
    ) {
        for (name, kind) in foreign {
            if m.contains_key(*name) {
                self.error(
                    rule::PAYLOAD_WRONG_KIND,
                    format!(
                        "{} belongs to a {kind}, but the location's URL names a {schema}: a payload of another kind of charge is refused",
                        join(path, name)
                    ),
                );
            }
        }
        for k in m.keys() {
            let is_foreign = foreign.iter().any(|(n, _)| n == k);
            if !known.contains(&k.as_str()) && !is_foreign {
                self.note(
                    rule::UNKNOWN_FIELD,
                    format!("{} is not a field of the schema; ignored", join(path, k)),
                );
            }
        }
    }

    /// Reports fields not in `known`.
    fn unknown(&mut self, m: &Map<String, Value>, path: &str, known: &[&str]) {
        self.members(m, path, known, &[], "");
    }

    /// The field `name`: `None` when absent or null (an error when `required`).
    fn field<'v>(
        &mut self,
        m: &'v Map<String, Value>,
        path: &str,
        name: &str,
        required: bool,
    ) -> Option<&'v Value> {
        match m.get(name) {
            Some(Value::Null) | None => {
                if required {
                    self.error(
                        rule::PAYLOAD_MISSING_FIELD,
                        format!("{} is required but absent", join(path, name)),
                    );
                }
                None
            }
            Some(v) => Some(v),
        }
    }

    fn string(&mut self, v: &Value, path: &str, max_chars: usize) -> Option<String> {
        match v {
            Value::String(s) => {
                let n = s.chars().count();
                if n > max_chars {
                    self.note(
                        rule::TEXT_TOO_LONG,
                        format!("{path} has {n} characters; the schema allows {max_chars}"),
                    );
                }
                Some(s.clone())
            }
            other => {
                self.error(
                    rule::PAYLOAD_TYPE,
                    format!("expected {path} to be a string but found {}", kind(other)),
                );
                None
            }
        }
    }

    fn opt_string(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        name: &str,
        max: usize,
    ) -> Option<String> {
        let v = self.field(m, path, name, false)?;
        self.string(v, &join(path, name), max)
    }

    fn req_string(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        name: &str,
        max: usize,
    ) -> Option<String> {
        let v = self.field(m, path, name, true)?;
        self.string(v, &join(path, name), max)
    }

    fn integer(&mut self, v: &Value, path: &str) -> Option<u64> {
        match v {
            Value::Number(n) => match (n.as_u64(), n.as_f64()) {
                (Some(i), _) => Some(i),
                (None, Some(f)) if f >= 0.0 && f.fract() == 0.0 && !n.is_i64() => {
                    self.error(
                        rule::PAYLOAD_RANGE,
                        format!(
                            "{path} is an integer above {}, which cannot be kept exactly",
                            u64::MAX
                        ),
                    );
                    None
                }
                _ => {
                    self.error(
                        rule::PAYLOAD_TYPE,
                        format!("expected {path} to be a non-negative integer but found a negative or fractional number"),
                    );
                    None
                }
            },
            Value::String(s) => match s.parse::<u64>() {
                Ok(i) if !s.starts_with('+') => {
                    self.note(
                        rule::INTEGER_AS_STRING,
                        format!("{path} is the string {s:?}; the schema says an integer"),
                    );
                    Some(i)
                }
                _ => {
                    self.error(
                        rule::PAYLOAD_TYPE,
                        format!("expected {path} to be a non-negative integer but found a string that is not one"),
                    );
                    None
                }
            },
            other => {
                self.error(
                    rule::PAYLOAD_TYPE,
                    format!("expected {path} to be an integer but found {}", kind(other)),
                );
                None
            }
        }
    }

    fn money(&mut self, v: &Value, path: &str) -> Option<Amount> {
        let mut noted = false;
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) if n.is_u64() => {
                noted = true;
                self.note(
                    rule::MONEY_AS_NUMBER,
                    format!("{path} is the number {n}; the schema says a string such as \"10.00\""),
                );
                n.to_string()
            }
            Value::Number(_) => {
                self.error(
                    rule::PAYLOAD_MONEY,
                    format!(
                        "{path} is a JSON number with a fraction or a sign, which cannot be read exactly; money must be a string such as \"10.50\""
                    ),
                );
                return None;
            }
            other => {
                self.error(
                    rule::PAYLOAD_TYPE,
                    format!(
                        "expected {path} to be money as a string but found {}",
                        kind(other)
                    ),
                );
                return None;
            }
        };
        let mut fixed = text.clone();
        if text.matches(',').count() == 1 && !text.contains('.') {
            self.note(
                rule::MONEY_COMMA,
                format!("{path} is {text:?}, with a comma for the decimal point"),
            );
            fixed = text.replace(',', ".");
            noted = true;
        }
        match fixed.parse::<Amount>() {
            Ok(a) => match a.to_canonical() {
                Ok(c) => {
                    if !a.is_canonical() && !noted {
                        self.note(
                            rule::MONEY_FORMAT,
                            format!("{path} is {text:?}; the schema writes money with two decimals, as {c}"),
                        );
                    }
                    Some(c)
                }
                Err(_) => {
                    self.error(
                        rule::PAYLOAD_MONEY,
                        format!("{path} has more than two decimals or is too large"),
                    );
                    None
                }
            },
            Err(_) => {
                self.error(
                    rule::PAYLOAD_MONEY,
                    format!("{path} is not an amount (digits with an optional point and decimals)"),
                );
                None
            }
        }
    }

    fn opt_money(&mut self, m: &Map<String, Value>, path: &str, name: &str) -> Option<Amount> {
        let v = self.field(m, path, name, false)?;
        self.money(v, &join(path, name))
    }

    fn timestamp(&mut self, m: &Map<String, Value>, path: &str, name: &str) -> Option<Timestamp> {
        let p = join(path, name);
        let s = {
            let v = self.field(m, path, name, true)?;
            self.string(v, &p, 64)?
        };
        match s.parse() {
            Ok(t) => Some(t),
            Err(_) => {
                self.error(
                    rule::PAYLOAD_TIMESTAMP,
                    format!("{p} is not an RFC 3339 instant (such as 2026-03-10T14:05:00Z)"),
                );
                None
            }
        }
    }

    fn date(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        name: &str,
        required: bool,
    ) -> Option<Date> {
        let p = join(path, name);
        let s = {
            let v = self.field(m, path, name, required)?;
            self.string(v, &p, 10)?
        };
        match s.parse() {
            Ok(d) => Some(d),
            Err(_) => {
                self.error(rule::PAYLOAD_DATE, format!("{p} is not a date YYYY-MM-DD"));
                None
            }
        }
    }

    fn txid(&mut self, m: &Map<String, Value>) -> Option<String> {
        let t = self.req_string(m, "", "txid", 35)?;
        if !(26..=35).contains(&t.len()) || !t.bytes().all(|b| b.is_ascii_alphanumeric()) {
            self.error(
                rule::PAYLOAD_TXID,
                "txid is not 26 to 35 letters and digits, as a charge's txid is".to_string(),
            );
            return None;
        }
        Some(t)
    }

    fn status(&mut self, m: &Map<String, Value>) -> Option<ChargeStatus> {
        let s = self.req_string(m, "", "status", 64)?;
        if s.starts_with("REMOVIDO_") {
            self.note(
                rule::STATUS_SPELLING,
                format!("status is {s:?}; the API's enum writes REMOVIDA_…"),
            );
        }
        Some(ChargeStatus::parse(&s))
    }

    fn info(&mut self, m: &Map<String, Value>) -> Vec<InfoAdicional> {
        let Some(v) = self.field(m, "", "infoAdicionais", false) else {
            return Vec::new();
        };
        let Value::Array(items) = v else {
            self.error(
                rule::PAYLOAD_TYPE,
                format!(
                    "expected infoAdicionais to be an array but found {}",
                    kind(v)
                ),
            );
            return Vec::new();
        };
        if items.len() > 50 {
            self.note(
                rule::TOO_MANY_ITEMS,
                format!(
                    "infoAdicionais has {} entries; the schema allows 50",
                    items.len()
                ),
            );
        }
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let p = format!("infoAdicionais[{i}]");
            let Some(o) = self.object(item, &p) else {
                continue;
            };
            self.unknown(o, &p, &["nome", "valor"]);
            let nome = self.req_string(o, &p, "nome", 50);
            let valor = self.req_string(o, &p, "valor", 200);
            if let (Some(nome), Some(valor)) = (nome, valor) {
                out.push(InfoAdicional { nome, valor });
            }
        }
        out
    }

    fn party(&mut self, v: &Value, path: &str, address: bool) -> Option<Party> {
        let o = self.object(v, path)?;
        let known: &[&str] = if address {
            &[
                "cpf",
                "cnpj",
                "nome",
                "nomeFantasia",
                "logradouro",
                "cidade",
                "uf",
                "cep",
                "email",
            ]
        } else {
            &["cpf", "cnpj", "nome"]
        };
        self.unknown(o, path, known);
        let mut p = Party {
            cpf: self.opt_string(o, path, "cpf", 11),
            cnpj: self.opt_string(o, path, "cnpj", 14),
            nome: self.opt_string(o, path, "nome", 200),
            ..Party::default()
        };
        if address {
            p.nome_fantasia = self.opt_string(o, path, "nomeFantasia", 200);
            p.logradouro = self.opt_string(o, path, "logradouro", 200);
            p.cidade = self.opt_string(o, path, "cidade", 200);
            p.uf = self.opt_string(o, path, "uf", 2);
            p.cep = self.opt_string(o, path, "cep", 8);
            p.email = self.opt_string(o, path, "email", 512);
        }
        if p.cpf.is_some() && p.cnpj.is_some() {
            self.note(
                rule::PARTY_CPF_AND_CNPJ,
                format!("{path} has both cpf and cnpj; the schema allows one"),
            );
        }
        if let Some(cpf) = &p.cpf {
            if cpf.len() != 11 || !cpf.bytes().all(|b| b.is_ascii_digit()) {
                self.note(
                    rule::PARTY_DOCUMENT,
                    format!("{path}.cpf {cpf:?} is not 11 digits"),
                );
            } else if !crate::pix::cpf_is_valid(cpf) {
                self.note(
                    rule::PARTY_CHECK_DIGITS,
                    format!("{path}.cpf {cpf:?}: the check digits do not match"),
                );
            }
        }
        if let Some(cnpj) = &p.cnpj {
            if cnpj.len() != 14
                || !cnpj
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
            {
                self.note(
                    rule::PARTY_DOCUMENT,
                    format!("{path}.cnpj {cnpj:?} is not 14 digits or capital letters"),
                );
            } else if !crate::pix::cnpj_is_valid(cnpj) {
                self.note(
                    rule::PARTY_CHECK_DIGITS,
                    format!("{path}.cnpj {cnpj:?}: the check digits do not match"),
                );
            }
        }
        Some(p)
    }

    fn retirada(&mut self, v: &Value) -> Option<Retirada> {
        let path = "valor.retirada";
        let o = self.object(v, path)?;
        self.unknown(o, path, &["saque", "troco"]);
        let (kind, name, inner) = match (o.get("saque"), o.get("troco")) {
            (Some(s), None) => (RetiradaKind::Saque, "saque", s),
            (None, Some(t)) => (RetiradaKind::Troco, "troco", t),
            (Some(_), Some(_)) => {
                self.error(
                    rule::RETIRADA_BOTH,
                    "valor.retirada has both saque and troco; exactly one is allowed".to_string(),
                );
                return None;
            }
            (None, None) => {
                self.error(
                    rule::PAYLOAD_MISSING_FIELD,
                    "valor.retirada has neither saque nor troco".to_string(),
                );
                return None;
            }
        };
        let p = join(path, name);
        let r = self.object(inner, &p)?;
        self.unknown(
            r,
            &p,
            &[
                "valor",
                "modalidadeAlteracao",
                "prestadorDoServicoDeSaque",
                "modalidadeAgente",
            ],
        );
        let valor = {
            let v = self.field(r, &p, "valor", true)?;
            self.money(v, &join(&p, "valor"))?
        };
        let modalidade_alteracao = match self.field(r, &p, "modalidadeAlteracao", false) {
            Some(v) => match self.integer(v, &join(&p, "modalidadeAlteracao"))? {
                n @ (0 | 1) => n as u8,
                _ => {
                    self.error(
                        rule::PAYLOAD_FIELD,
                        format!("{p}.modalidadeAlteracao must be 0 or 1"),
                    );
                    return None;
                }
            },
            None => 0,
        };
        let prestador = self.req_string(r, &p, "prestadorDoServicoDeSaque", 8)?;
        let agente = self.req_string(r, &p, "modalidadeAgente", 5)?;
        Some(Retirada {
            kind,
            valor,
            modalidade_alteracao,
            prestador_do_servico_de_saque: prestador,
            modalidade_agente: agente,
        })
    }

    fn cob(&mut self, v: &Value) -> Option<CobPayload> {
        let m = self.object(v, "")?;
        self.members(
            m,
            "",
            &[
                "txid",
                "revisao",
                "calendario",
                "devedor",
                "valor",
                "chave",
                "solicitacaoPagador",
                "infoAdicionais",
                "status",
                "loc",
                "location",
            ],
            &[
                ("recebedor", "cobv"),
                ("idRec", "rec"),
                ("vinculo", "rec"),
                ("politicaRetentativa", "rec"),
                ("atualizacao", "rec"),
            ],
            "cob",
        );
        let txid = self.txid(m);
        let revisao = self
            .field(m, "", "revisao", true)
            .and_then(|v| self.integer(v, "revisao"));
        let calendario = self.field(m, "", "calendario", true).and_then(|c| {
            let o = self.object(c, "calendario")?;
            self.members(
                o,
                "calendario",
                &["criacao", "apresentacao", "expiracao"],
                &[
                    ("dataDeVencimento", "cobv"),
                    ("validadeAposVencimento", "cobv"),
                    ("dataInicial", "rec"),
                    ("dataFinal", "rec"),
                    ("periodicidade", "rec"),
                ],
                "cob",
            );
            let criacao = self.timestamp(o, "calendario", "criacao");
            let apresentacao = self.timestamp(o, "calendario", "apresentacao");
            let expiracao = match self.field(o, "calendario", "expiracao", false) {
                Some(v) => self.integer(v, "calendario.expiracao"),
                None => {
                    self.note(
                        rule::DEFAULT_APPLIED,
                        "calendario.expiracao is absent; the default of 86400 seconds applies"
                            .to_string(),
                    );
                    Some(86_400)
                }
            };
            Some(CobCalendario {
                criacao: criacao?,
                apresentacao: apresentacao?,
                expiracao: expiracao?,
            })
        });
        let devedor = self
            .field(m, "", "devedor", false)
            .and_then(|d| self.party(d, "devedor", false));
        let valor = self.field(m, "", "valor", true).and_then(|v| {
            let o = self.object(v, "valor")?;
            self.members(
                o,
                "valor",
                &["original", "modalidadeAlteracao", "retirada"],
                &[
                    ("final", "cobv"),
                    ("juros", "cobv"),
                    ("multa", "cobv"),
                    ("desconto", "cobv"),
                    ("abatimento", "cobv"),
                    ("valorRec", "rec"),
                    ("valorMinimoRecebedor", "rec"),
                ],
                "cob",
            );
            let original = {
                let v = self.field(o, "valor", "original", true)?;
                self.money(v, "valor.original")
            };
            let modalidade = match self.field(o, "valor", "modalidadeAlteracao", false) {
                Some(v) => match self.integer(v, "valor.modalidadeAlteracao")? {
                    n @ (0 | 1) => Some(n as u8),
                    _ => {
                        self.error(
                            rule::PAYLOAD_FIELD,
                            "valor.modalidadeAlteracao must be 0 or 1".to_string(),
                        );
                        None
                    }
                },
                None => Some(0),
            };
            let retirada = match self.field(o, "valor", "retirada", false) {
                Some(r) => Some(self.retirada(r)?),
                None => None,
            };
            Some(CobValor {
                original: original?,
                modalidade_alteracao: modalidade?,
                retirada,
            })
        });
        let chave = self.req_string(m, "", "chave", 77);
        let solicitacao_pagador = self.opt_string(m, "", "solicitacaoPagador", 140);
        let info_adicionais = self.info(m);
        let status = self.status(m);
        Some(CobPayload {
            txid: txid?,
            revisao: revisao?,
            calendario: calendario?,
            devedor,
            valor: valor?,
            chave: chave?,
            solicitacao_pagador,
            info_adicionais,
            status: status?,
        })
    }

    fn cobv(&mut self, v: &Value) -> Option<CobvPayload> {
        let m = self.object(v, "")?;
        self.members(
            m,
            "",
            &[
                "txid",
                "revisao",
                "calendario",
                "devedor",
                "recebedor",
                "valor",
                "chave",
                "solicitacaoPagador",
                "infoAdicionais",
                "status",
                "loc",
                "location",
            ],
            &[
                ("idRec", "rec"),
                ("vinculo", "rec"),
                ("politicaRetentativa", "rec"),
                ("atualizacao", "rec"),
            ],
            "cobv",
        );
        let txid = self.txid(m);
        let revisao = self
            .field(m, "", "revisao", true)
            .and_then(|v| self.integer(v, "revisao"));
        let calendario = self.field(m, "", "calendario", true).and_then(|c| {
            let p = "calendario";
            let o = self.object(c, p)?;
            self.members(
                o,
                p,
                &["criacao", "apresentacao", "dataDeVencimento", "validadeAposVencimento"],
                &[
                    ("expiracao", "cob"),
                    ("dataInicial", "rec"),
                    ("dataFinal", "rec"),
                    ("periodicidade", "rec"),
                ],
                "cobv",
            );
            let criacao = self.timestamp(o, p, "criacao");
            let apresentacao = self.timestamp(o, p, "apresentacao");
            let due = self.date(o, p, "dataDeVencimento", true);
            let validade = match self.field(o, p, "validadeAposVencimento", false) {
                Some(v) => match self.integer(v, "calendario.validadeAposVencimento") {
                    Some(n) => match u32::try_from(n) {
                        Ok(n) => Some(n),
                        Err(_) => {
                            self.error(
                                rule::PAYLOAD_RANGE,
                                format!("calendario.validadeAposVencimento is above {} days, which cannot be kept exactly", u32::MAX),
                            );
                            None
                        }
                    },
                    None => None,
                },
                None => {
                    self.note(
                        rule::DEFAULT_APPLIED,
                        "calendario.validadeAposVencimento is absent; the default of 30 days applies"
                            .to_string(),
                    );
                    Some(30)
                }
            };
            Some(CobvCalendario {
                criacao: criacao?,
                apresentacao: apresentacao?,
                data_de_vencimento: due?,
                validade_apos_vencimento: validade?,
            })
        });
        let devedor = self
            .field(m, "", "devedor", true)
            .and_then(|d| self.party(d, "devedor", true));
        let recebedor = self
            .field(m, "", "recebedor", true)
            .and_then(|d| self.party(d, "recebedor", true));
        let valor = self.field(m, "", "valor", true).and_then(|v| {
            let p = "valor";
            let o = self.object(v, p)?;
            self.members(
                o,
                p,
                &[
                    "original",
                    "abatimento",
                    "desconto",
                    "juros",
                    "multa",
                    "final",
                ],
                &[
                    ("modalidadeAlteracao", "cob"),
                    ("retirada", "cob"),
                    ("valorRec", "rec"),
                    ("valorMinimoRecebedor", "rec"),
                ],
                "cobv",
            );
            let original = self.opt_money(o, p, "original");
            let abatimento = self.opt_money(o, p, "abatimento");
            let desconto = self.opt_money(o, p, "desconto");
            let juros = self.opt_money(o, p, "juros");
            let multa = self.opt_money(o, p, "multa");
            let final_value = {
                let v = self.field(o, p, "final", true)?;
                self.money(v, "valor.final")
            };
            Some(CobvValor {
                original,
                abatimento,
                desconto,
                juros,
                multa,
                final_value: final_value?,
            })
        });
        let chave = self.req_string(m, "", "chave", 77);
        let solicitacao_pagador = self.opt_string(m, "", "solicitacaoPagador", 140);
        let info_adicionais = self.info(m);
        let status = self.status(m);
        Some(CobvPayload {
            txid: txid?,
            revisao: revisao?,
            calendario: calendario?,
            devedor: devedor?,
            recebedor: recebedor?,
            valor: valor?,
            chave: chave?,
            solicitacao_pagador,
            info_adicionais,
            status: status?,
        })
    }

    fn rec(&mut self, v: &Value) -> Option<RecPayload> {
        let m = self.object(v, "")?;
        self.members(
            m,
            "",
            &[
                "idRec",
                "vinculo",
                "calendario",
                "valor",
                "recebedor",
                "politicaRetentativa",
                "atualizacao",
            ],
            &[
                ("txid", "cob or cobv"),
                ("revisao", "cob or cobv"),
                ("chave", "cob or cobv"),
                ("status", "cob or cobv"),
                ("devedor", "cob or cobv"),
            ],
            "rec",
        );
        let id_rec = self.req_string(m, "", "idRec", 29).and_then(|id| {
            if id.len() != 29 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
                self.error(
                    rule::PAYLOAD_ID_REC,
                    "idRec is not 29 letters and digits".to_string(),
                );
                return None;
            }
            Some(id)
        });
        let vinculo = self.field(m, "", "vinculo", false).and_then(|v| {
            let p = "vinculo";
            let o = self.object(v, p)?;
            self.unknown(o, p, &["objeto", "contrato", "devedor"]);
            let objeto = self.opt_string(o, p, "objeto", 35);
            let contrato = self.req_string(o, p, "contrato", 35);
            let devedor = self
                .field(o, p, "devedor", true)
                .and_then(|d| self.party(d, "vinculo.devedor", false));
            Some(Vinculo {
                objeto,
                contrato: contrato?,
                devedor: devedor?,
            })
        });
        let calendario = self.field(m, "", "calendario", false).and_then(|c| {
            let p = "calendario";
            let o = self.object(c, p)?;
            self.members(
                o,
                p,
                &["dataInicial", "dataFinal", "periodicidade", "peridiocidade"],
                &[
                    ("criacao", "cob or cobv"),
                    ("expiracao", "cob"),
                    ("dataDeVencimento", "cobv"),
                    ("validadeAposVencimento", "cobv"),
                ],
                "rec",
            );
            let data_inicial = self.date(o, p, "dataInicial", true);
            let data_final = self.date(o, p, "dataFinal", false);
            let periodicidade = if o.contains_key("periodicidade") {
                self.req_string(o, p, "periodicidade", 16)
            } else if o.contains_key("peridiocidade") {
                self.note(
                    rule::FIELD_MISSPELLED,
                    "calendario.peridiocidade is read as periodicidade (a misspelling in BCB's own example)"
                        .to_string(),
                );
                self.req_string(o, p, "peridiocidade", 16)
            } else {
                self.req_string(o, p, "periodicidade", 16)
            };
            if let Some(per) = &periodicidade {
                if !["SEMANAL", "MENSAL", "TRIMESTRAL", "SEMESTRAL", "ANUAL"].contains(&per.as_str()) {
                    self.note(
                        rule::UNKNOWN_VALUE,
                        format!("calendario.periodicidade is {per:?}, not a known period"),
                    );
                }
            }
            Some(RecCalendario {
                data_inicial: data_inicial?,
                data_final,
                periodicidade: periodicidade?,
            })
        });
        let valor = self.field(m, "", "valor", false).and_then(|v| {
            let o = self.object(v, "valor")?;
            self.members(
                o,
                "valor",
                &["valorRec", "valorMinimoRecebedor"],
                &[
                    ("original", "cob or cobv"),
                    ("final", "cobv"),
                    ("juros", "cobv"),
                    ("multa", "cobv"),
                ],
                "rec",
            );
            Some(RecValor {
                valor_rec: self.opt_money(o, "valor", "valorRec"),
                valor_minimo_recebedor: self.opt_money(o, "valor", "valorMinimoRecebedor"),
            })
        });
        let recebedor = self.field(m, "", "recebedor", true).and_then(|v| {
            let p = "recebedor";
            let o = self.object(v, p)?;
            self.unknown(o, p, &["cnpj", "nome", "ispbParticipante"]);
            Some(RecRecebedor {
                cnpj: self.opt_string(o, p, "cnpj", 14),
                nome: self.opt_string(o, p, "nome", 140),
                ispb_participante: self.opt_string(o, p, "ispbParticipante", 8),
            })
        });
        let politica_retentativa = self.opt_string(m, "", "politicaRetentativa", 32);
        let atualizacao = self.field(m, "", "atualizacao", true).and_then(|v| {
            let Value::Array(items) = v else {
                self.error(
                    rule::PAYLOAD_TYPE,
                    format!("expected atualizacao to be an array but found {}", kind(v)),
                );
                return None;
            };
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let p = format!("atualizacao[{i}]");
                let Some(o) = self.object(item, &p) else {
                    continue;
                };
                self.unknown(o, &p, &["status", "data"]);
                let status = self.req_string(o, &p, "status", 32);
                let data = self.timestamp(o, &p, "data");
                if let (Some(s), Some(data)) = (status, data) {
                    out.push(Atualizacao {
                        status: RecStatus::parse(&s),
                        data,
                    });
                }
            }
            if out.is_empty() && self.errors.is_empty() {
                self.error(
                    rule::PAYLOAD_MISSING_FIELD,
                    "atualizacao is empty; a recurrence states its status there".to_string(),
                );
            }
            Some(out)
        });
        Some(RecPayload {
            id_rec: id_rec?,
            vinculo,
            calendario,
            valor,
            recebedor: recebedor?,
            politica_retentativa,
            atualizacao: atualizacao?,
        })
    }
}
