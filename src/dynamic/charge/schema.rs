//! The charges as the Pix API writes them: cob, cobv and rec, and their parts.

use super::*;

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
    pub(super) fn parse(s: &str) -> ChargeStatus {
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
    pub(super) fn parse(s: &str) -> RecStatus {
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
