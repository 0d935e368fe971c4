//! The catalogue of dynamic-code problems: every code a resolution, a verifier, a payload
//! reader or a signer can report, with its stage, its severity and what it means, stated once.
//! [`Problem`](super::Problem)s are made from these rules, so a code that is not here does not
//! compile; the README's list is tested against [`Rule::ALL`].

use crate::Severity;

/// Where in the resolution of a dynamic code a problem is found, in the order a resolver meets
/// them (see the module documentation of [`dynamic`](super)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Stage {
    /// The code and its location URLs, before anything is fetched.
    Code,
    /// Fetching over HTTPS.
    Fetch,
    /// What a location or a JWK Set URL answered.
    Answer,
    /// The JWS: its form, header and signature.
    Jws,
    /// The signing key in the JWK Set.
    Key,
    /// The key's certificate chain.
    Certificate,
    /// The payload read with the schema its URL names.
    Payload,
    /// The business checks: is the charge payable.
    Charge,
    /// Signing (the receiver's side).
    Signer,
}

impl Stage {
    /// Every stage, in order.
    pub const ALL: [Stage; 9] = [
        Stage::Code,
        Stage::Fetch,
        Stage::Answer,
        Stage::Jws,
        Stage::Key,
        Stage::Certificate,
        Stage::Payload,
        Stage::Charge,
        Stage::Signer,
    ];
}

/// One problem a dynamic code can have: a stable code (a public interface), the stage that
/// finds it, whether it is an error (nothing is verified or payable) or a finding (worth
/// knowing, nothing refused), and what it means. Messages made from it say the particulars.
///
/// ```
/// use pixcode::dynamic::{rule, Rule, Stage};
/// use pixcode::Severity;
/// assert_eq!(rule::COB_EXPIRED.code, "cob_expired");
/// assert_eq!(rule::COB_EXPIRED.stage, Stage::Charge);
/// assert_eq!(rule::JWS_WHITESPACE.severity, Severity::Warning);
/// assert_eq!(Rule::find("jws_alg_none"), Some(rule::JWS_ALG_NONE));
/// assert!(Rule::ALL.iter().all(|r| Rule::find(r.code) == Some(*r)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rule {
    /// The stable snake_case code.
    pub code: &'static str,
    /// Where it is found.
    pub stage: Stage,
    /// An error or a finding.
    pub severity: Severity,
    /// What it means, in a line.
    pub summary: &'static str,
}

impl Rule {
    /// The rule with `code`, if there is one.
    pub fn find(code: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.code == code)
    }

    /// The rule of a location URL the Pix rule book refuses: the builder's and the decoder's
    /// own codes for the same rules.
    ///
    /// ```
    /// use pixcode::{dynamic::Rule, pix::LocationIssue};
    /// assert_eq!(Rule::of_location_issue(LocationIssue::Query).code, LocationIssue::Query.code());
    /// ```
    pub fn of_location_issue(issue: crate::pix::LocationIssue) -> Rule {
        use crate::pix::LocationIssue;
        match issue {
            LocationIssue::IpHost => rule::LOCATION_IP_HOST,
            LocationIssue::Query => rule::LOCATION_QUERY,
            LocationIssue::DotSegment => rule::LOCATION_DOT_SEGMENT,
        }
    }

    /// Whether this rule is an error: the code is then neither verified nor payable.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The rules, one constant each (`rule::COB_EXPIRED`).
pub mod rule {
    use super::{Rule, Stage};
    use crate::Severity;

    macro_rules! rules {
        ($($name:ident = $code:literal, $stage:ident, $severity:ident, $summary:literal;)*) => {
            $(
                #[doc = concat!("`", $code, "`: ", $summary, ".")]
                pub const $name: Rule = Rule {
                    code: $code,
                    stage: Stage::$stage,
                    severity: Severity::$severity,
                    summary: $summary,
                };
            )*
            /// Every rule, by stage, errors before findings.
            pub(super) const ALL: &[Rule] = &[$($name),*];
        };
    }

    rules! {
        CODE_INVALID = "code_invalid", Code, Error, "the text is not a valid Pix BR Code";
        CODE_NOT_DYNAMIC = "code_not_dynamic", Code, Error, "the code has no location URL to resolve";
        PAYMENT_URL_NOT_CHARGE = "payment_url_not_charge", Code, Error, "the payment URL (26.25) does not name a cob or cobv location";
        RECURRENCE_URL_NOT_REC = "recurrence_url_not_rec", Code, Error, "the recurrence URL (80.25) does not name a rec location";
        COMPOSTO_SAME_URL = "composto_same_url", Code, Error, "a composto's payment and recurrence URLs are the same";
        COMPOSTO_HOSTS_DIFFER = "composto_hosts_differ", Code, Error, "a composto's two locations are on different hosts";
        LOCATION_URL_INVALID = "location_url_invalid", Code, Error, "a location URL does not read as a URL";
        LOCATION_IP_HOST = "location_ip_host", Code, Error, "a location URL's host is an IP address";
        LOCATION_QUERY = "location_query", Code, Error, "a location URL has a query or a fragment";
        LOCATION_DOT_SEGMENT = "location_dot_segment", Code, Error, "a location URL has a `.` or `..` segment";
        LOCATION_HOST_REFUSED = "location_host_refused", Code, Error, "a location's host is refused by the policy";
        COD_MUN_MISSING = "cod_mun_missing", Code, Error, "a cobv is fetched with the payer's municipality, and none was given";
        COD_MUN_INVALID = "cod_mun_invalid", Code, Error, "the payer's municipality is not a 7-digit IBGE code";
        FETCH_FAILED = "fetch_failed", Fetch, Error, "a fetch failed: DNS, TCP or TLS";
        FETCH_TIMEOUT = "fetch_timeout", Fetch, Error, "the code's whole time ran out during a fetch";
        FETCH_REDIRECT = "fetch_redirect", Fetch, Error, "a server answered with a redirect, which is not followed";
        FETCH_TOO_LARGE = "fetch_too_large", Fetch, Error, "a body is larger than the cap";
        TRANSPORT_SETUP = "transport_setup", Fetch, Error, "the HTTPS client could not be set up";
        LOCATION_NOT_FOUND = "location_not_found", Answer, Error, "the location answered 404";
        LOCATION_GONE = "location_gone", Answer, Error, "the location answered 410";
        LOCATION_BAD_REQUEST = "location_bad_request", Answer, Error, "the location answered 400";
        LOCATION_HTTP_STATUS = "location_http_status", Answer, Error, "the location answered another status than 200";
        LOCATION_NOT_JWS = "location_not_jws", Answer, Error, "the location's body is not a compact JWS";
        JWKS_HTTP_STATUS = "jwks_http_status", Answer, Error, "the JWK Set URL answered another status than 200";
        JWKS_INVALID = "jwks_invalid", Answer, Error, "the JWK Set is not a JSON JWK Set";
        JWKS_DUPLICATE_MEMBER = "jwks_duplicate_member", Answer, Error, "the JWK Set has a member twice";
        JWS_FORMAT = "jws_format", Jws, Error, "the JWS is not three base64url parts";
        JWS_HEADER = "jws_header", Jws, Error, "the JWS header is not a JSON object of the expected members";
        JWS_DUPLICATE_MEMBER = "jws_duplicate_member", Jws, Error, "the JWS header has a member twice";
        JWS_ALG_MISSING = "jws_alg_missing", Jws, Error, "the JWS header has no `alg`";
        JWS_ALG_NONE = "jws_alg_none", Jws, Error, "the JWS says `alg: none`";
        JWS_ALG_HMAC = "jws_alg_hmac", Jws, Error, "the JWS asks for an HMAC algorithm";
        JWS_ALG_REFUSED = "jws_alg_refused", Jws, Error, "the JWS algorithm is not one the policy accepts";
        JWS_CRIT_UNSUPPORTED = "jws_crit_unsupported", Jws, Error, "the JWS header lists a critical extension not understood";
        JWS_KID_MISSING = "jws_kid_missing", Jws, Error, "the JWS header has no `kid`";
        JWS_JKU_MISSING = "jws_jku_missing", Jws, Error, "the JWS header has no `jku`";
        JWS_JKU_NOT_HTTPS = "jws_jku_not_https", Jws, Error, "the JWS `jku` is not an HTTPS URL";
        JWS_JKU_HOST = "jws_jku_host", Jws, Error, "the JWS `jku` is not on the location's host";
        JWS_THUMBPRINT_MISSING = "jws_thumbprint_missing", Jws, Error, "the JWS header has no `x5t#S256`";
        JWS_THUMBPRINT_FORMAT = "jws_thumbprint_format", Jws, Error, "the JWS `x5t#S256` is not a SHA-256 digest";
        JWS_THUMBPRINT_MISMATCH = "jws_thumbprint_mismatch", Jws, Error, "the JWS `x5t#S256` is not the certificate's";
        JWS_SIGNATURE_INVALID = "jws_signature_invalid", Jws, Error, "the JWS signature does not verify";
        JWKS_KID_MISSING = "jwks_kid_missing", Key, Error, "the JWK Set has no key with the JWS `kid`";
        JWK_KTY = "jwk_kty", Key, Error, "the key's `kty` is not RSA or EC";
        JWK_KTY_MISMATCH = "jwk_kty_mismatch", Key, Error, "the key's type does not suit the JWS algorithm";
        JWK_INVALID = "jwk_invalid", Key, Error, "the key's members do not read";
        JWK_USE = "jwk_use", Key, Error, "the key is not for signatures";
        JWK_ALG_MISMATCH = "jwk_alg_mismatch", Key, Error, "the key's `alg` is not the JWS algorithm";
        JWK_X5C_MISSING = "jwk_x5c_missing", Key, Error, "the key has no certificate chain (`x5c`)";
        JWK_X5C_INVALID = "jwk_x5c_invalid", Key, Error, "the key's `x5c` is not base64 DER";
        JWK_THUMBPRINT_MISMATCH = "jwk_thumbprint_mismatch", Key, Error, "the key's `x5t#S256` is not its certificate's";
        JWK_KEY_MISMATCH = "jwk_key_mismatch", Key, Error, "the key is not its certificate's key";
        JWK_KEY_TOO_SMALL = "jwk_key_too_small", Key, Error, "the RSA key is under 2,048 bits";
        JWK_KEY_TOO_LARGE = "jwk_key_too_large", Key, Error, "the RSA key is over 8,192 bits";
        CERT_INVALID = "cert_invalid", Certificate, Error, "a certificate does not parse";
        CERT_KEY_USAGE = "cert_key_usage", Certificate, Error, "the certificate's key usage does not allow signatures";
        CERT_KEY_TYPE = "cert_key_type", Certificate, Error, "the certificate's key is not of the JWS algorithm's type";
        CERT_UNTRUSTED = "cert_untrusted", Certificate, Error, "the chain does not reach one of the resolver's anchors";
        CERT_EXPIRED = "cert_expired", Certificate, Error, "a certificate of the chain has expired";
        CERT_NOT_YET_VALID = "cert_not_yet_valid", Certificate, Error, "a certificate of the chain is not valid yet";
        CERT_USAGE = "cert_usage", Certificate, Error, "the signing certificate's extended key usage lacks serverAuth";
        CERT_CHAIN_INVALID = "cert_chain_invalid", Certificate, Error, "the chain does not verify";
        CERT_NAME_MISMATCH = "cert_name_mismatch", Certificate, Error, "the certificate does not name the location's host";
        ANCHOR_INVALID = "anchor_invalid", Certificate, Error, "a trust anchor given does not read";
        PAYLOAD_NOT_JSON = "payload_not_json", Payload, Error, "the payload is not a JSON object";
        PAYLOAD_TYPE = "payload_type", Payload, Error, "a member has the wrong JSON type";
        PAYLOAD_MISSING_FIELD = "payload_missing_field", Payload, Error, "a required member is missing";
        PAYLOAD_MONEY = "payload_money", Payload, Error, "an amount is not a decimal with 2 places";
        PAYLOAD_TIMESTAMP = "payload_timestamp", Payload, Error, "a timestamp is not RFC 3339";
        PAYLOAD_DATE = "payload_date", Payload, Error, "a date is not YYYY-MM-DD";
        PAYLOAD_TXID = "payload_txid", Payload, Error, "the txid is not 26 to 35 letters and digits";
        PAYLOAD_ID_REC = "payload_id_rec", Payload, Error, "the recurrence's `idRec` is not 29 letters and digits";
        PAYLOAD_FIELD = "payload_field", Payload, Error, "a member's value is out of its domain";
        PAYLOAD_INVALID = "payload_invalid", Payload, Error, "the payload does not read as the schema its URL names";
        RETIRADA_BOTH = "retirada_both", Payload, Error, "a withdrawal names both saque and troco";
        PAYLOAD_DUPLICATE_MEMBER = "payload_duplicate_member", Payload, Error, "the payload has a member twice";
        PAYLOAD_WRONG_KIND = "payload_wrong_kind", Payload, Error, "a member of another kind of charge";
        PAYLOAD_RANGE = "payload_range", Payload, Error, "a number that cannot be kept exactly";
        CHARGE_CONCLUDED = "charge_concluded", Charge, Error, "the charge has already been paid";
        CHARGE_REMOVED = "charge_removed", Charge, Error, "the charge was removed";
        CHARGE_STATUS_UNKNOWN = "charge_status_unknown", Charge, Error, "the charge's status is not one the spec names";
        CHARGE_KEY_MISSING = "charge_key_missing", Charge, Error, "the charge has no Pix key";
        CHARGE_KEY_INVALID = "charge_key_invalid", Charge, Error, "the charge's Pix key is invalid";
        COB_EXPIRED = "cob_expired", Charge, Error, "the cob has expired";
        COB_AMOUNT_ZERO = "cob_amount_zero", Charge, Error, "the cob's amount is zero and the payer may not change it";
        RETIRADA_IN_COMPOSTO = "retirada_in_composto", Charge, Error, "a withdrawal in a composto code";
        RETIRADA_MODALIDADE_ALTERACAO = "retirada_modalidade_alteracao", Charge, Error, "a withdrawal whose amount the payer may change";
        RETIRADA_AMOUNT_ZERO = "retirada_amount_zero", Charge, Error, "a withdrawal of zero";
        RETIRADA_ISPB = "retirada_ispb", Charge, Error, "the withdrawal service's ISPB is not 8 digits or capital letters";
        RETIRADA_AGENT = "retirada_agent", Charge, Error, "the withdrawal agent's modality does not suit saque or troco";
        SAQUE_ORIGINAL_NOT_ZERO = "saque_original_not_zero", Charge, Error, "a saque charge with a non-zero original amount";
        TROCO_ORIGINAL_ZERO = "troco_original_zero", Charge, Error, "a troco without a purchase amount above zero";
        COBV_PAST_VALIDITY = "cobv_past_validity", Charge, Error, "the cobv is past its last payable day";
        COBV_FINAL_ZERO = "cobv_final_zero", Charge, Error, "the cobv's final amount is zero";
        COBV_FINAL_INCONSISTENT = "cobv_final_inconsistent", Charge, Error, "the cobv's final amount is not what its components give";
        REC_NOT_OPEN = "rec_not_open", Charge, Error, "the recurrence is not open to be accepted";
        REC_ENDED = "rec_ended", Charge, Error, "the recurrence has ended";
        RECURRENCE_UNVERIFIED = "recurrence_unverified", Charge, Error, "a static code's recurrence URL failed; nothing of it is verified";
        SIGNER_KEY_INVALID = "signer_key_invalid", Signer, Error, "the signing key does not read";
        SIGNER_KEY_MISMATCH = "signer_key_mismatch", Signer, Error, "the signing key is not the certificate's";
        SIGNER_FAILED = "signer_failed", Signer, Error, "signing failed";
        CONTENT_TYPE = "content_type", Answer, Warning, "the location's content type is not application/jose";
        JWS_WHITESPACE = "jws_whitespace", Jws, Warning, "whitespace around the JWS, removed";
        THUMBPRINT_NOT_BASE64URL = "thumbprint_not_base64url", Jws, Warning, "a thumbprint in base64 with padding, accepted";
        THUMBPRINT_HEX_TEXT = "thumbprint_hex_text", Jws, Warning, "a thumbprint as base64url of the hex text, accepted";
        JWK_ALG_NONSTANDARD = "jwk_alg_nonstandard", Key, Warning, "the key's `alg` is not a JOSE name, ignored";
        X5C_WHITESPACE = "x5c_whitespace", Key, Warning, "whitespace in the `x5c` base64, removed";
        INTEGER_AS_STRING = "integer_as_string", Payload, Warning, "an integer written as a string, read";
        MONEY_COMMA = "money_comma", Payload, Warning, "an amount with a comma, read";
        MONEY_FORMAT = "money_format", Payload, Warning, "an amount not written with 2 places, read";
        MONEY_AS_NUMBER = "money_as_number", Payload, Warning, "an amount as a JSON number, read";
        UNKNOWN_FIELD = "unknown_field", Payload, Warning, "a member the schema does not name, ignored";
        UNKNOWN_VALUE = "unknown_value", Payload, Warning, "a value the schema does not name, read as given";
        FIELD_MISSPELLED = "field_misspelled", Payload, Warning, "a member misspelled as BCB's own example does, read";
        STATUS_SPELLING = "status_spelling", Payload, Warning, "a status spelled otherwise than the API's enum, read";
        DEFAULT_APPLIED = "default_applied", Payload, Warning, "a missing member given its default";
        TEXT_TOO_LONG = "text_too_long", Payload, Warning, "a text longer than the schema allows, read";
        TOO_MANY_ITEMS = "too_many_items", Payload, Warning, "more items than the schema allows, read";
        PARTY_CPF_AND_CNPJ = "party_cpf_and_cnpj", Payload, Warning, "a party with both CPF and CNPJ";
        PARTY_DOCUMENT = "party_document", Payload, Warning, "a party's document is not 11 or 14 digits";
        PARTY_CHECK_DIGITS = "party_check_digits", Payload, Warning, "a party's document fails its check digits";
        CHARGE_KEY_FORMAT = "charge_key_format", Charge, Warning, "the charge's Pix key is in a form the decoder warns about";
        CRIACAO_IN_FUTURE = "criacao_in_future", Charge, Warning, "the charge was created in the future";
        COBV_COMPONENTS_WITHOUT_ORIGINAL = "cobv_components_without_original", Charge, Warning, "cobv components without an original amount";
        RECURRENCE_UNAVAILABLE = "recurrence_unavailable", Code, Warning, "a composto's recurrence could not be resolved; the payment stands";
    }
}

impl Rule {
    /// Every rule, by stage, errors before findings.
    pub const ALL: &'static [Rule] = rule::ALL;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_snake_case_and_summaries_short() {
        for (i, r) in Rule::ALL.iter().enumerate() {
            assert!(
                r.code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{}",
                r.code
            );
            assert!(
                !r.summary.is_empty() && r.summary.len() < 100 && !r.summary.ends_with('.'),
                "{}",
                r.code
            );
            assert!(
                Rule::ALL[i + 1..].iter().all(|o| o.code != r.code),
                "{} twice",
                r.code
            );
        }
    }
}
