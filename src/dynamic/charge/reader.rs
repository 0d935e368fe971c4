//! The lenient reader: JSON in, a typed charge and its findings out, every error collected.

use super::*;

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
        crate::dynamic::json::refuse_duplicates(json, rule::PAYLOAD_DUPLICATE_MEMBER, "the payload")
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
pub(super) struct Reader {
    pub(super) errors: Vec<Problem>,
    pub(super) findings: Vec<Problem>,
}

pub(super) fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}.{name}")
    }
}

pub(super) fn kind(v: &Value) -> &'static str {
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
    pub(super) fn error(&mut self, rule: Rule, message: String) {
        debug_assert!(rule.is_error(), "{} is a finding", rule.code);
        self.errors.push(Problem::new(rule, message));
    }

    pub(super) fn note(&mut self, rule: Rule, message: String) {
        debug_assert!(!rule.is_error(), "{} is an error", rule.code);
        self.findings.push(Problem::new(rule, message));
    }

    pub(super) fn object<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
    ) -> Option<&'v Map<String, Value>> {
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
    pub(super) fn members(
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
    pub(super) fn unknown(&mut self, m: &Map<String, Value>, path: &str, known: &[&str]) {
        self.members(m, path, known, &[], "");
    }

    /// The field `name`: `None` when absent or null (an error when `required`).
    pub(super) fn field<'v>(
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

    pub(super) fn string(&mut self, v: &Value, path: &str, max_chars: usize) -> Option<String> {
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

    pub(super) fn opt_string(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        name: &str,
        max: usize,
    ) -> Option<String> {
        let v = self.field(m, path, name, false)?;
        self.string(v, &join(path, name), max)
    }

    pub(super) fn req_string(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        name: &str,
        max: usize,
    ) -> Option<String> {
        let v = self.field(m, path, name, true)?;
        self.string(v, &join(path, name), max)
    }

    pub(super) fn integer(&mut self, v: &Value, path: &str) -> Option<u64> {
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

    pub(super) fn money(&mut self, v: &Value, path: &str) -> Option<Amount> {
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

    pub(super) fn opt_money(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        name: &str,
    ) -> Option<Amount> {
        let v = self.field(m, path, name, false)?;
        self.money(v, &join(path, name))
    }

    pub(super) fn timestamp(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        name: &str,
    ) -> Option<Timestamp> {
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

    pub(super) fn date(
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

    pub(super) fn txid(&mut self, m: &Map<String, Value>) -> Option<String> {
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

    pub(super) fn status(&mut self, m: &Map<String, Value>) -> Option<ChargeStatus> {
        let s = self.req_string(m, "", "status", 64)?;
        if s.starts_with("REMOVIDO_") {
            self.note(
                rule::STATUS_SPELLING,
                format!("status is {s:?}; the API's enum writes REMOVIDA_…"),
            );
        }
        Some(ChargeStatus::parse(&s))
    }

    pub(super) fn info(&mut self, m: &Map<String, Value>) -> Vec<InfoAdicional> {
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
}
