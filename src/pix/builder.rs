//! Building Pix BR Codes: static, dynamic and composto (Pix Automático), never an invalid one.

use super::fold::fold_char;
use super::rules::{
    is_cep, is_ispb, is_recurrence_url, location_issue, same_host, txid_issue, url_issue,
    TxidIssue, MAX_CITY_CHARS, MAX_NAME_CHARS,
};
use super::{key_issue, Location, UrlIssue, GUI, MAX_KEY_CHARS, MAX_TXID_CHARS, MAX_URL_CHARS};
use crate::amount::Amount;
use crate::emv::{is_numeric, ByteBuf, MAX_PAYLOAD_CHARS};
use crate::tlv::{char_len, Cursor, Full};
use core::fmt;

use super::build_error::err;
pub use super::build_error::{BuildError, BuildProblem, Field};

/// A built code, and what the builder had to cut to make it fit (only when asked to, with
/// [`Builder::truncate`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Built<W> {
    /// The payload.
    pub payload: W,
    /// Characters cut from the end of the (folded) merchant name.
    pub name_cut: usize,
    /// Characters cut from the end of the (folded) merchant city.
    pub city_cut: usize,
}

/// Builds Pix BR Codes that decode with no errors and no warnings.
///
/// * static: [`Builder::key`], optional amount, txid (`***` by default), additional info,
///   postal code, Pix Saque;
/// * dynamic: [`Builder::url`], single use (`01 = 12`) by default;
/// * composto (Pix Automático): [`Builder::recurrence_url`] alone, or with a key or a URL.
///
/// Objects come in ascending ID order. Name, city and additional info are folded to ASCII
/// (`São José` → `Sao Jose`) unless [`Builder::fold_ascii`] is turned off; their limits (25,
/// 15) are checked after folding, and a value still too long is an error unless
/// [`Builder::truncate`] asks to cut it.
///
/// ```
/// use pixcode::{pix::Builder, Amount};
/// let built = Builder::new("Fulano de Tal", "BRASILIA")
///     .key("123e4567-e12b-12d1-a456-426655440000")
///     .build()?;
/// assert_eq!(built.payload, "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D");
///
/// // No allocation: into a caller's buffer.
/// let mut buf = [0u8; 512];
/// let built = Builder::new("Loja Exemplo", "São Paulo")
///     .key("12345678909")
///     .amount(Amount::parse("10.5")?)
///     .txid("PEDIDO42")
///     .build_into(&mut buf)?;
/// let code = pixcode::decode(built.payload)?;
/// assert_eq!(code.merchant_city(), Some("Sao Paulo"));
/// assert_eq!(code.amount_text(), Some("10.50"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Builder<'a> {
    name: &'a str,
    city: &'a str,
    key: Option<&'a str>,
    url: Option<&'a str>,
    recurrence_url: Option<&'a str>,
    amount: Option<Amount>,
    txid: Option<&'a str>,
    info: Option<&'a str>,
    saque: Option<&'a str>,
    postal_code: Option<&'a str>,
    mcc: &'a str,
    single_use: Option<bool>,
    fold: bool,
    truncate: bool,
}

/// The longest additional information: the Pix template's 99 characters less the GUI and
/// the shortest key with their headers.
const INFO_MAX: usize = 72;

impl<'a> Builder<'a> {
    /// A builder for a code of merchant `name` (`59`) in `city` (`60`).
    pub fn new(name: &'a str, city: &'a str) -> Builder<'a> {
        Builder {
            name,
            city,
            key: None,
            url: None,
            recurrence_url: None,
            amount: None,
            txid: None,
            info: None,
            saque: None,
            postal_code: None,
            mcc: "0000",
            single_use: None,
            fold: true,
            truncate: false,
        }
    }

    /// The Pix key (static code): CPF, CNPJ (numeric or alphanumeric), e-mail, `+55` mobile
    /// or random key, checked as DICT registers it.
    pub fn key(&mut self, key: &'a str) -> &mut Self {
        self.key = Some(key);
        self
    }

    /// The location URL without scheme (dynamic code), at most 77 characters.
    pub fn url(&mut self, url: &'a str) -> &mut Self {
        self.url = Some(url);
        self
    }

    /// The recurrence URL (Pix Automático), with `/rec/`, on the same host as [`Builder::url`].
    pub fn recurrence_url(&mut self, url: &'a str) -> &mut Self {
        self.recurrence_url = Some(url);
        self
    }

    /// The amount (static codes). Written with exactly 2 decimals; more decimals than that
    /// are refused unless they are zeros.
    pub fn amount(&mut self, amount: Amount) -> &mut Self {
        self.amount = Some(amount);
        self
    }

    /// The txid (static codes): 1 to 25 of `[A-Za-z0-9]`. `***` (no txid) by default.
    pub fn txid(&mut self, txid: &'a str) -> &mut Self {
        self.txid = Some(txid);
        self
    }

    /// Additional information shown to the payer (`26.02`, static codes).
    pub fn additional_info(&mut self, info: &'a str) -> &mut Self {
        self.info = Some(info);
        self
    }

    /// Makes a Pix Saque code: the 8-character ISPB of the withdrawal facilitator (`26.03`).
    pub fn saque(&mut self, ispb: &'a str) -> &mut Self {
        self.saque = Some(ispb);
        self
    }

    /// The postal code (CEP, 8 digits).
    pub fn postal_code(&mut self, cep: &'a str) -> &mut Self {
        self.postal_code = Some(cep);
        self
    }

    /// The merchant category code; `0000` (not informed) by default.
    pub fn merchant_category_code(&mut self, mcc: &'a str) -> &mut Self {
        self.mcc = mcc;
        self
    }

    /// `01 = 12` (may be paid once) or `01 = 11`. Dynamic codes default to single use;
    /// static codes omit `01` unless this is set.
    pub fn single_use(&mut self, single_use: bool) -> &mut Self {
        self.single_use = Some(single_use);
        self
    }

    /// Whether name, city and additional info are folded to ASCII (default `true`). Without
    /// folding, non-ASCII text is written as UTF-8, which many apps refuse.
    pub fn fold_ascii(&mut self, fold: bool) -> &mut Self {
        self.fold = fold;
        self
    }

    /// Whether a name or city too long is cut to fit (default `false`: an error). What was
    /// cut is reported in [`Built`].
    pub fn truncate(&mut self, truncate: bool) -> &mut Self {
        self.truncate = truncate;
        self
    }

    /// Builds into a caller's buffer: no allocation. 512 bytes always suffice for folded
    /// codes; unfolded UTF-8 may need up to 4 bytes a character.
    ///
    /// # Errors
    /// A [`BuildError`] naming the field and the rule.
    pub fn build_into<'b>(&self, buf: &'b mut [u8]) -> Result<Built<&'b str>, BuildError> {
        let (len, name_cut, city_cut) = self.emit(buf)?;
        // Every piece written is a `&str` or ASCII, so this only confirms it.
        let payload = core::str::from_utf8(&buf[..len])
            .map_err(|_| err(Field::Payload, BuildProblem::Output))?;
        Ok(Built {
            payload,
            name_cut,
            city_cut,
        })
    }

    /// Builds into a new `String`.
    ///
    /// # Errors
    /// A [`BuildError`] naming the field and the rule.
    #[cfg(feature = "alloc")]
    pub fn build(&self) -> Result<Built<alloc::string::String>, BuildError> {
        self.write_to(alloc::string::String::new())
    }

    /// Builds into any [`fmt::Write`].
    ///
    /// # Errors
    /// A [`BuildError`] naming the field and the rule.
    pub fn write_to<W: fmt::Write>(&self, mut out: W) -> Result<Built<W>, BuildError> {
        let mut buf = [0u8; MAX_PAYLOAD_BYTES];
        let built = self.build_into(&mut buf)?;
        out.write_str(built.payload)
            .map_err(|_| err(Field::Payload, BuildProblem::Output))?;
        Ok(Built {
            payload: out,
            name_cut: built.name_cut,
            city_cut: built.city_cut,
        })
    }

    /// Checks every input and writes the payload into `buf`: its length in bytes, and the
    /// characters cut from the name and the city.
    fn emit(&self, buf: &mut [u8]) -> Result<(usize, usize, usize), BuildError> {
        use BuildProblem::*;
        // Which kind of code.
        if self.key.is_some() && self.url.is_some() {
            return Err(err(Field::Url, KeyAndUrl));
        }
        if self.key.is_none() && self.url.is_none() && self.recurrence_url.is_none() {
            return Err(err(Field::Key, Missing));
        }
        let is_static = self.key.is_some();

        if let Some(key) = self.key {
            if key.is_empty() {
                return Err(err(Field::Key, Missing));
            }
            // Characters are counted only when the bytes say there could be too many.
            if key.len() > MAX_KEY_CHARS {
                let chars = char_len(key);
                if chars > MAX_KEY_CHARS {
                    return Err(err(
                        Field::Key,
                        TooLong {
                            max: MAX_KEY_CHARS,
                            chars,
                        },
                    ));
                }
            }
            if let Some(issue) = key_issue(key) {
                return Err(err(Field::Key, Key(issue)));
            }
        }
        if let Some(url) = self.url {
            check_url(url, Field::Url)?;
        }
        if let Some(rec) = self.recurrence_url {
            check_url(rec, Field::RecurrenceUrl)?;
            if !is_recurrence_url(rec) {
                return Err(err(Field::RecurrenceUrl, NotRecurrence));
            }
            if let Some(url) = self.url {
                if !same_host(url, rec) {
                    return Err(err(Field::RecurrenceUrl, HostMismatch));
                }
            }
        }

        // Amount: static only, exact, 2 decimals.
        let mut amount_buf = [0u8; 16];
        let amount = match self.amount {
            None => None,
            Some(_) if !is_static => return Err(err(Field::Amount, NotStatic)),
            Some(a) if a.is_zero() => return Err(err(Field::Amount, ZeroAmount)),
            Some(a) => {
                let canonical = a
                    .to_canonical()
                    .map_err(|e| err(Field::Amount, Amount(e)))?;
                let mut b = ByteBuf::new(&mut amount_buf);
                fmt::write(&mut b, format_args!("{canonical}"))
                    .map_err(|_| err(Field::Amount, Output))?;
                Some(b.into_str())
            }
        };

        let txid = match self.txid {
            None | Some("***") => "***",
            Some(_) if !is_static => return Err(err(Field::Txid, NotStatic)),
            Some(t) => match txid_issue(t) {
                None => t,
                Some(TxidIssue::Empty) => return Err(err(Field::Txid, Missing)),
                Some(TxidIssue::BadChar { at, found }) => {
                    return Err(err(Field::Txid, BadChar { at, found }))
                }
                Some(TxidIssue::TooLong { chars }) => {
                    return Err(err(
                        Field::Txid,
                        TooLong {
                            max: MAX_TXID_CHARS,
                            chars,
                        },
                    ))
                }
            },
        };

        if let Some(ispb) = self.saque {
            if !is_static || self.recurrence_url.is_some() {
                return Err(err(Field::Saque, SaqueNotStatic));
            }
            if !is_ispb(ispb) {
                return Err(err(
                    Field::Saque,
                    Format {
                        expected: "an ISPB of 8 characters [0-9A-Z]",
                    },
                ));
            }
        }
        if let Some(cep) = self.postal_code {
            if !is_cep(cep) {
                return Err(err(
                    Field::PostalCode,
                    Format {
                        expected: "a CEP of 8 digits",
                    },
                ));
            }
        }
        if !is_numeric(self.mcc, 4) {
            return Err(err(
                Field::MerchantCategoryCode,
                Format {
                    expected: "4 digits",
                },
            ));
        }

        // Filled (and zeroed) only for text that is not printable ASCII.
        let (mut name_buf, mut city_buf, mut info_buf) = (None, None, None);
        let (name, name_cut) = self.text(
            self.name,
            Field::MerchantName,
            MAX_NAME_CHARS,
            self.truncate,
            &mut name_buf,
        )?;
        let (city, city_cut) = self.text(
            self.city,
            Field::MerchantCity,
            MAX_CITY_CHARS,
            self.truncate,
            &mut city_buf,
        )?;
        let info = match self.info {
            None => None,
            Some(_) if !is_static => return Err(err(Field::AdditionalInfo, NotStatic)),
            Some(i) => {
                // Additional info is never cut: its room depends on the key.
                let (text, _) =
                    self.text(i, Field::AdditionalInfo, INFO_MAX, false, &mut info_buf)?;
                Some(text)
            }
        };

        // The Pix template, with its 99-character budget.
        // A key without a `key_issue` is ASCII.
        let key = self.key.map(Text::ascii);
        let sub = [
            (1u8, key),
            (2, info),
            (3, self.saque.map(Text::ascii)), // checked: [0-9A-Z]
            (25, self.url.map(Text::ascii)),  // checked: RFC 3986 characters
        ];
        let budget = 4
            + GUI.len()
            + sub
                .iter()
                .flat_map(|(_, t)| t)
                .map(|t| 4 + t.chars)
                .sum::<usize>();
        if budget > 99 {
            let field = if info.is_some() {
                Field::AdditionalInfo
            } else {
                Field::PixTemplate
            };
            return Err(err(
                field,
                TooLong {
                    max: 99,
                    chars: budget,
                },
            ));
        }

        let poi = match (self.single_use, self.url.is_some(), self.saque.is_some()) {
            (Some(true), _, _) | (None, true, false) => Some("12"),
            (Some(false), _, _) | (None, false, true) => Some("11"),
            (None, _, _) => None,
        };

        // Every input was checked above; writing can only fail on a full buffer. Objects go
        // in ascending ID order, lengths in characters.
        let mut w = Cursor::new(buf);
        let full = |_: Full| err(Field::Payload, Output);
        w.put(b"000201").map_err(full)?;
        if let Some(p) = poi {
            w.object(1, p, 2).map_err(full)?;
        }
        w.header(26, budget).map_err(full)?;
        w.object(0, GUI, GUI.len()).map_err(full)?;
        for (tag, value) in sub {
            if let Some(t) = value {
                w.object(tag, t.text, t.chars).map_err(full)?;
            }
        }
        w.object(52, self.mcc, 4).map_err(full)?;
        w.put(b"5303986").map_err(full)?;
        if let Some(a) = amount {
            w.object(54, a, a.len()).map_err(full)?;
        }
        w.put(b"5802BR").map_err(full)?;
        w.object(59, name.text, name.chars).map_err(full)?;
        w.object(60, city.text, city.chars).map_err(full)?;
        if let Some(cep) = self.postal_code {
            w.object(61, cep, 8).map_err(full)?;
        }
        w.header(62, 4 + txid.len()).map_err(full)?;
        w.object(5, txid, txid.len()).map_err(full)?;
        if let Some(rec) = self.recurrence_url {
            w.header(80, 8 + GUI.len() + rec.len()).map_err(full)?;
            w.object(0, GUI, GUI.len()).map_err(full)?;
            w.object(25, rec, rec.len()).map_err(full)?;
        }
        // Characters so far: the bytes, less the extra bytes of multibyte characters (only the
        // key and unfolded texts can have them).
        let extra = [Some(name), Some(city), info, key]
            .iter()
            .flatten()
            .map(|t| t.text.len() - t.chars)
            .sum::<usize>();
        let chars = w.len() - extra;
        if chars + 8 > MAX_PAYLOAD_CHARS {
            return Err(err(
                Field::Payload,
                TooLong {
                    max: MAX_PAYLOAD_CHARS,
                    chars: chars + 8,
                },
            ));
        }
        w.put(b"6304").map_err(full)?;
        let crc = crate::crc::crc16(w.written());
        w.put(&crate::crc::to_hex(crc)).map_err(full)?;
        Ok((w.len(), name_cut, city_cut))
    }

    /// Folds (when asked) and checks a text field; cuts it when asked. Returns the text and
    /// how many characters were cut.
    fn text<'b>(
        &self,
        text: &'b str,
        field: Field,
        max: usize,
        truncate: bool,
        slot: &'b mut Option<[u8; FOLDED_BYTES]>,
    ) -> Result<(Text<'b>, usize), BuildError> {
        // Printable ASCII needs no folding and no copy.
        let bytes = text.as_bytes();
        if bytes.iter().fold(0u8, |acc, &c| {
            acc | u8::from(c.wrapping_sub(b' ') > b'~' - b' ')
        }) == 0
        {
            let total = bytes.len();
            if total == 0 {
                return Err(err(field, BuildProblem::Missing));
            }
            if total > max && !truncate {
                return Err(err(field, BuildProblem::TooLong { max, chars: total }));
            }
            let kept = total.min(max);
            return Ok((Text::ascii(&text[..kept]), total - kept));
        }
        let buf = slot.insert([0u8; FOLDED_BYTES]);
        let mut len = 0; // bytes kept in buf
        let mut kept = 0; // characters kept
        let mut total = 0; // characters after folding
        for (at, c) in text.chars().enumerate() {
            let mut one = [0u8; 4];
            let piece: &str = if (' '..='~').contains(&c) {
                c.encode_utf8(&mut one)
            } else if c.is_control() || (self.fold && fold_char(c).is_none()) {
                return Err(err(field, BuildProblem::BadChar { at, found: c }));
            } else if self.fold {
                fold_char(c).unwrap_or("")
            } else {
                c.encode_utf8(&mut one)
            };
            for pc in piece.chars() {
                total += 1;
                if kept < max {
                    let end = len + pc.len_utf8();
                    pc.encode_utf8(
                        buf.get_mut(len..end)
                            .ok_or(err(field, BuildProblem::Output))?,
                    );
                    len = end;
                    kept += 1;
                }
            }
        }
        if total == 0 {
            return Err(err(field, BuildProblem::Missing));
        }
        if total > max && !truncate {
            return Err(err(field, BuildProblem::TooLong { max, chars: total }));
        }
        let kept_text =
            core::str::from_utf8(&buf[..len]).map_err(|_| err(field, BuildProblem::Output))?;
        Ok((
            Text {
                text: kept_text,
                chars: kept,
            },
            total - kept,
        ))
    }
}

/// The bytes a folded or unfolded text field can take: its characters at up to 4 bytes.
const FOLDED_BYTES: usize = 4 * INFO_MAX;

/// The most bytes a payload of [`MAX_PAYLOAD_CHARS`] characters can take.
const MAX_PAYLOAD_BYTES: usize = 4 * MAX_PAYLOAD_CHARS;

/// A value to write and its length in characters.
#[derive(Clone, Copy)]
struct Text<'t> {
    text: &'t str,
    chars: usize,
}

impl<'t> Text<'t> {
    /// A value already checked to be ASCII.
    fn ascii(text: &'t str) -> Self {
        Text {
            text,
            chars: text.len(),
        }
    }
}

fn check_url(url: &str, field: Field) -> Result<(), BuildError> {
    use BuildProblem::*;
    if url.is_empty() {
        return Err(err(field, Missing));
    }
    match url_issue(url) {
        Some(UrlIssue::TooLong { chars }) => {
            return Err(err(
                field,
                TooLong {
                    max: MAX_URL_CHARS,
                    chars,
                },
            ))
        }
        Some(UrlIssue::Scheme) => return Err(err(field, Scheme)),
        Some(UrlIssue::BadChar { at, found }) => return Err(err(field, BadChar { at, found })),
        _ => {}
    }
    if Location::new(url).host().is_empty() {
        return Err(err(
            field,
            Format {
                expected: "host/path",
            },
        ));
    }
    if let Some(issue) = location_issue(url) {
        return Err(err(field, UnsafeLocation(issue)));
    }
    Ok(())
}
