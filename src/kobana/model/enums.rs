//! The string enums of the API, kept open.

use super::*;

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
