//! What the API answers: payments, batches, commands, QR code queries, pagination.

use super::*;

/// A date or a date-time, as Kobana writes `scheduled_to` (the schema says date; examples and
/// webhooks send date-times). Kept as written.
///
/// ```
/// use pixcode::kobana::DateOrDateTime;
/// let d: DateOrDateTime = serde_json::from_str("\"2026-08-22\"").unwrap();
/// assert_eq!(d.date(), "2026-08-22");
/// let t: DateOrDateTime = serde_json::from_str("\"2026-08-22T17:08:34+01:00\"").unwrap();
/// assert_eq!(t.date(), "2026-08-22");
/// assert!(t.is_date_time());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DateOrDateTime(pub String);

impl DateOrDateTime {
    /// The `YYYY-MM-DD` part.
    pub fn date(&self) -> &str {
        self.0.get(..10).unwrap_or(&self.0)
    }

    /// Whether a time is given.
    pub fn is_date_time(&self) -> bool {
        self.0.len() > 10
    }
}

/// A name and a document (CPF/CNPJ).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Party {
    /// `cpf` or `cnpj`, where given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_type: Option<String>,
    /// The document number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    /// The name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The Pix part of a payment.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct PixDetails {
    /// The EMV code paid.
    #[serde(default)]
    pub qrcode: Option<String>,
    /// Who receives.
    #[serde(default)]
    pub beneficiary: Option<Party>,
}

/// A Pix payment (`v2_payment_pix`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct PaymentPix {
    /// Identifier.
    #[serde(default)]
    pub uid: Option<String>,
    /// `pix`, or another kind when listed among a batch's payments.
    #[serde(default)]
    pub kind: Option<String>,
    /// Amount in reais.
    #[serde(default, deserialize_with = "opt_money::deserialize")]
    pub amount: Option<Money>,
    /// Scheduled date (or date-time).
    #[serde(default)]
    pub scheduled_to: Option<DateOrDateTime>,
    /// Status.
    #[serde(default)]
    pub status: Option<PaymentStatus>,
    /// Status with the bank.
    #[serde(default)]
    pub registration_status: Option<RegistrationStatus>,
    /// When Kobana processed the confirmation.
    #[serde(default)]
    pub confirmed_at: Option<String>,
    /// When it was rejected.
    #[serde(default)]
    pub rejected_at: Option<String>,
    /// Why it was rejected.
    #[serde(default)]
    pub rejected_error: Option<String>,
    /// Authentication code.
    #[serde(default)]
    pub transaction_code: Option<String>,
    /// When the money left the account.
    #[serde(default)]
    pub transaction_date: Option<String>,
    /// Source financial account.
    #[serde(default)]
    pub financial_account_uid: Option<String>,
    /// Payment account.
    #[serde(default)]
    pub payment_account_uid: Option<String>,
    /// The batch it was sent in.
    #[serde(default)]
    pub batch_uid: Option<String>,
    /// The caller's id.
    #[serde(default)]
    pub external_id: Option<String>,
    /// Free JSON (an object; webhooks have shown `[]`).
    #[serde(default)]
    pub custom_data: Option<Value>,
    /// Tags.
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// `api`, `dda` or `view`.
    #[serde(default)]
    pub source: Option<String>,
    /// Who receives.
    #[serde(default)]
    pub beneficiary: Option<Party>,
    /// The code and its beneficiary.
    #[serde(default)]
    pub pix: Option<PixDetails>,
    /// Receipt URLs once confirmed.
    #[serde(default)]
    pub formats: Option<Value>,
    /// Text on the bank receipt (Itaú).
    #[serde(default)]
    pub identifier: Option<String>,
    /// The bank's id.
    #[serde(default)]
    pub financial_provider_external_id: Option<String>,
    /// Created at.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Updated at.
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// A payment batch (`v2_payment_batch`, `v2_payment_batch_pix`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct PaymentBatch {
    /// Identifier.
    #[serde(default)]
    pub uid: Option<String>,
    /// Status.
    #[serde(default)]
    pub status: Option<BatchStatus>,
    /// Status with the bank.
    #[serde(default)]
    pub registration_status: Option<RegistrationStatus>,
    /// Its payments (any kind; read as Pix payments, with `kind` telling them apart).
    #[serde(default)]
    pub payments: Option<Vec<PaymentPix>>,
    /// Source financial account.
    #[serde(default)]
    pub financial_account_uid: Option<String>,
    /// Payment account.
    #[serde(default)]
    pub payment_account_uid: Option<String>,
    /// Created at.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Updated at.
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// An asynchronous command (cancel, approve, reprove): the outcome arrives by webhook.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Command {
    /// Numeric id.
    #[serde(default)]
    pub id: Option<i64>,
    /// Identifier.
    #[serde(default)]
    pub uid: Option<String>,
    /// Status.
    #[serde(default)]
    pub status: Option<CommandStatus>,
    /// `cancel`, `approve` or `reprove`.
    #[serde(default)]
    pub operation: Option<String>,
    /// What it acts on.
    #[serde(default)]
    pub resource_type: Option<String>,
    /// Its uid.
    #[serde(default)]
    pub resource_uid: Option<String>,
    /// The bank.
    #[serde(default)]
    pub financial_provider_slug: Option<String>,
    /// Parameters.
    #[serde(default)]
    pub params: Option<Value>,
    /// Payload.
    #[serde(default)]
    pub payload: Option<Value>,
    /// `api` or `edi`.
    #[serde(default)]
    pub confirmation_via: Option<String>,
    /// Messages the examples carry.
    #[serde(default)]
    pub message: Option<String>,
    /// Error message.
    #[serde(default)]
    pub error_message: Option<String>,
    /// Warning message.
    #[serde(default)]
    pub warning_message: Option<String>,
    /// The payment, on payment commands.
    #[serde(default)]
    pub payment: Option<PaymentPix>,
    /// The batch, on batch commands: `payment_batch` in examples and webhooks, `pix` in the
    /// schema; both are read.
    #[serde(default, alias = "pix")]
    pub payment_batch: Option<PaymentBatch>,
    /// Created at.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Updated at.
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// A decoded QR code (`v2_pix_qrcode_query`): what `POST /v2/data/pix_qrcode_queries` returns.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct PixQrcodeQuery {
    /// Identifier.
    #[serde(default)]
    pub uid: Option<String>,
    /// The code sent.
    #[serde(default)]
    pub qrcode: Option<String>,
    /// The receiver's key.
    #[serde(default)]
    pub pix_key: Option<String>,
    /// Expiry.
    #[serde(default)]
    pub expires_at: Option<String>,
    /// Purpose.
    #[serde(default)]
    pub finality: Option<String>,
    /// Original amount.
    #[serde(default, deserialize_with = "opt_money::deserialize")]
    pub amount: Option<Money>,
    /// Change (Pix Troco).
    #[serde(default, deserialize_with = "opt_money::deserialize")]
    pub amount_change: Option<Money>,
    /// Interest.
    #[serde(default, deserialize_with = "opt_money::deserialize")]
    pub interest: Option<Money>,
    /// Fine.
    #[serde(default, deserialize_with = "opt_money::deserialize")]
    pub fine: Option<Money>,
    /// Discount.
    #[serde(default, deserialize_with = "opt_money::deserialize")]
    pub discount: Option<Money>,
    /// What to pay.
    #[serde(default, deserialize_with = "opt_money::deserialize")]
    pub total_amount: Option<Money>,
    /// Who receives.
    #[serde(default)]
    pub beneficiary: Option<Party>,
    /// Who pays.
    #[serde(default)]
    pub debtor: Option<Party>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether it can be paid; `null` until resolved.
    #[serde(default)]
    pub can_be_paid: Option<bool>,
    /// Whether another amount may be paid.
    #[serde(default)]
    pub can_be_paid_with_different_value: Option<bool>,
    /// Why it cannot be paid.
    #[serde(default)]
    pub cannot_be_paid_reason: Option<String>,
    /// The caller's id.
    #[serde(default)]
    pub external_id: Option<String>,
    /// Free JSON.
    #[serde(default)]
    pub custom_data: Option<Value>,
    /// Tags.
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// Created at.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Updated at.
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// List pagination: relative `next_url`/`prev_url` and the page number.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Pagination {
    /// The previous page, a path with its query.
    #[serde(default)]
    pub prev_url: Option<String>,
    /// The next page, a path with its query.
    #[serde(default)]
    pub next_url: Option<String>,
    /// This page's number, from 1.
    #[serde(default)]
    pub page: Option<u32>,
}
