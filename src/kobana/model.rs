//! Kobana's resources as the OpenAPI documents describe them, read leniently: every field is
//! optional, unknown fields are ignored, enums are open, money is an exact decimal.

use std::prelude::rust_2021::*;
#[allow(unused_imports)]
use std::{format, vec};

use rust_decimal::Decimal;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::fmt;
use std::str::FromStr;

/// An exact amount in reais, read from and written as a JSON number without passing through a
/// float (`100.4` stays `100.4`).
///
/// ```
/// use pixcode::kobana::Money;
/// let m: Money = serde_json::from_str("100.40").unwrap();
/// assert_eq!(m.to_string(), "100.40");
/// assert_eq!(serde_json::to_string(&m).unwrap(), "100.40");
/// let s: Money = serde_json::from_str("\"12.5\"").unwrap(); // a string is accepted too
/// assert_eq!(s.0, "12.5".parse().unwrap());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub Decimal);

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for Money {
    type Err = rust_decimal::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Decimal::from_str_exact(s).map(Money)
    }
}

impl From<Decimal> for Money {
    fn from(d: Decimal) -> Self {
        Money(d)
    }
}

impl From<crate::Amount> for Money {
    fn from(a: crate::Amount) -> Self {
        Money(a.to_decimal())
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The decimal's own digits, emitted verbatim as a JSON number.
        let raw = RawValue::from_string(self.0.to_string()).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        let text = raw.get().trim();
        let digits = text
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(text);
        Decimal::from_str_exact(digits)
            .or_else(|_| Decimal::from_scientific(digits))
            .map(Money)
            .map_err(|_| D::Error::custom(format!("expected an amount, found {text}")))
    }
}

/// Deserializes an optional [`Money`] where `null` is `None`.
pub(crate) mod opt_money {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Money>, D::Error> {
        let raw = Option::<Box<RawValue>>::deserialize(d)?;
        match raw {
            None => Ok(None),
            Some(r) if r.get().trim() == "null" => Ok(None),
            Some(r) => serde_json::from_str::<Money>(r.get())
                .map(Some)
                .map_err(D::Error::custom),
        }
    }
}

/// A string enum kept open: a value this crate does not know is kept, not an error.
macro_rules! open_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vm])* $variant,)*
            /// A value the documents do not list.
            Other(String),
        }

        impl $name {
            /// The value as Kobana writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)*
                    $name::Other(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($text => $name::$variant,)*
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok($name::from(s.as_str()))
            }
        }
    };
}

open_enum! {
    /// A payment's status.
    PaymentStatus {
        /// Created, not sent to the bank.
        Pending = "pending",
        /// Refused by the bank.
        Rejected = "rejected",
        /// Approved, not yet settled.
        Approved = "approved",
        /// Refused by an approver (terminal).
        Reproved = "reproved",
        /// Failed.
        Failed = "failed",
        /// Settled.
        Confirmed = "confirmed",
        /// Cancelled (terminal).
        Canceled = "canceled",
        /// Waiting for an approver.
        AwaitingApproval = "awaiting_approval",
        /// Scheduled for a later date.
        Scheduled = "scheduled",
    }
}

open_enum! {
    /// Where a payment or batch is with the bank.
    RegistrationStatus {
        /// Not sent.
        Pending = "pending",
        /// Sent, not answered.
        Requested = "requested",
        /// Registered.
        Confirmed = "confirmed",
        /// Refused.
        Rejected = "rejected",
        /// Failed.
        Failed = "failed",
    }
}

open_enum! {
    /// A batch's status.
    BatchStatus {
        /// Created.
        Pending = "pending",
        /// Waiting for an approver.
        AwaitingApproval = "awaiting_approval",
        /// Settled.
        Confirmed = "confirmed",
        /// Approved.
        Approved = "approved",
        /// Refused by an approver (terminal).
        Reproved = "reproved",
        /// Refused by the bank.
        Rejected = "rejected",
        /// Scheduled.
        Scheduled = "scheduled",
        /// Being finished.
        Finishing = "finishing",
        /// Cancelled.
        Canceled = "canceled",
    }
}

open_enum! {
    /// A command's status (cancel, approve, reprove run asynchronously).
    CommandStatus {
        /// Requested.
        Pending = "pending",
        /// Done by the bank.
        Confirmed = "confirmed",
        /// Failed.
        Failed = "failed",
    }
}

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
