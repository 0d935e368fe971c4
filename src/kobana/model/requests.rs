//! What the API is sent: new payments, batches and QR code queries.

use super::*;

/// The beneficiary given when creating a payment.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NewBeneficiary {
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// CPF or CNPJ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
}

/// `POST /v2/payment/pix` body (`v2_new_payment_pix_single`). Absent fields are omitted, never
/// sent as `null`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NewPixPayment {
    /// Source financial account (required).
    pub financial_account_uid: String,
    /// The Pix copy-and-paste code (required). The field is `qrcode`, not `emv`.
    pub qrcode: String,
    /// Amount; taken from the code when omitted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_to: Option<String>,
    /// Payment account of that financial account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_account_uid: Option<String>,
    /// Your id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Free JSON object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_data: Option<Map<String, Value>>,
    /// Tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Text on the bank receipt (Itaú only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// Who receives.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beneficiary: Option<NewBeneficiary>,
}

/// One payment of a new batch: an existing payment by uid, or a new one inline.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum BatchItem {
    /// A payment created before.
    Existing {
        /// Its uid.
        uid: String,
    },
    /// A new payment.
    New(NewBatchPayment),
}

/// A new payment inside a batch.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NewBatchPayment {
    /// The code (required).
    pub qrcode: String,
    /// Amount; from the code when omitted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_to: Option<String>,
    /// Payment account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_account_uid: Option<String>,
    /// Your id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Free JSON object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_data: Option<Map<String, Value>>,
    /// Tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Receipt text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
}

/// `POST /v2/payment/pix_batches` body (`v2_new_payment_batch_pix`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NewPixBatch {
    /// Source financial account (required).
    pub financial_account_uid: String,
    /// The payments (required, at least one).
    pub payments: Vec<BatchItem>,
    /// Payment account for the whole batch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_account_uid: Option<String>,
}

/// `POST /v2/data/pix_qrcode_queries` body.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NewQrcodeQuery {
    /// The code (required).
    pub qrcode: String,
    /// Your id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Free JSON object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_data: Option<Map<String, Value>>,
    /// Tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

/// What the unverified `POST /v2/payment/pix/decode` returns: the raw JSON, and a typed view
/// of the fields one Kobana text describes, where they parse.
#[derive(Clone, Debug, PartialEq)]
pub struct UnverifiedDecode {
    /// The `data` member as received.
    pub raw: Value,
    /// Typed fields, if they match the described shape.
    pub view: Option<UnverifiedDecodeView>,
}

/// The fields Kobana's agent-skills text describes for the unverified decode call.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct UnverifiedDecodeView {
    /// `static` or `dynamic`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// The key.
    #[serde(default)]
    pub key: Option<String>,
    /// The key type.
    #[serde(default)]
    pub key_type: Option<String>,
    /// Merchant name.
    #[serde(default)]
    pub merchant_name: Option<String>,
    /// Merchant city.
    #[serde(default)]
    pub merchant_city: Option<String>,
    /// Amount.
    #[serde(default, deserialize_with = "opt_money::deserialize")]
    pub amount: Option<Money>,
    /// txid.
    #[serde(default)]
    pub txid: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Due date.
    #[serde(default)]
    pub due_date: Option<String>,
    /// Who receives.
    #[serde(default)]
    pub beneficiary: Option<Party>,
}
