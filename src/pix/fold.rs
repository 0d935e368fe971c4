//! Folding text to printable ASCII for the fields bank apps read as `ans` (59, 60, 26.02):
//! `São José` becomes `Sao Jose` (spec §1.4). No allocation: the result goes to a buffer.

use core::fmt;

/// Why a text could not be folded.
///
/// ```
/// let mut buf = [0u8; 32];
/// let err = pixcode::pix::fold_ascii("Café ☕", &mut buf).unwrap_err();
/// assert_eq!(err, pixcode::pix::FoldError::Unfoldable { at: 5, found: '☕' });
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FoldError {
    /// A character with no ASCII equivalent (an emoji, CJK…) or a control character.
    Unfoldable {
        /// Character index.
        at: usize,
        /// The character.
        found: char,
    },
    /// The folded text does not fit the buffer.
    BufferFull,
}

impl fmt::Display for FoldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FoldError::Unfoldable { at, found } => {
                write!(f, "{found:?} at character {at} has no ASCII equivalent")
            }
            FoldError::BufferFull => f.write_str("the folded text does not fit the buffer"),
        }
    }
}

impl core::error::Error for FoldError {}

/// The ASCII replacement of one non-ASCII character, or `None` when there is none.
pub(crate) fn fold_char(c: char) -> Option<&'static str> {
    if ('\u{300}'..='\u{36F}').contains(&c) {
        // Combining marks of decomposed (NFD) text disappear with their accent.
        return Some("");
    }
    Some(match c {
        '\u{ad}' | '\u{200b}' => "",
        '\u{a0}' | '\u{2009}' | '\u{202f}' | '\u{2007}' => " ",
        '¡' => "!",
        '¨' | '«' | '»' | '“' | '”' | '„' | '‟' => "\"",
        '¤' => "$",
        '´' | '‘' | '’' | '‚' | '‛' => "'",
        '©' => "(C)",
        '®' => "(R)",
        '•' => "*",
        '±' => "+-",
        '¸' => ",",
        '¬' | '¯' | '–' | '—' | '‐' | '‑' | '‒' | '―' => "-",
        '·' => ".",
        '…' => "...",
        '÷' => "/",
        '¹' => "1",
        '½' => "1/2",
        '¼' => "1/4",
        '²' => "2",
        '³' => "3",
        '¾' => "3/4",
        '¿' => "?",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'Æ' => "AE",
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'Ð' | 'Ď' | 'Đ' => "D",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        '€' => "EUR",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'Ĥ' | 'Ħ' => "H",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => "I",
        'Ĳ' => "IJ",
        'Ĵ' => "J",
        'Ķ' => "K",
        '£' | 'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' | 'Ŋ' => "N",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ŏ' | 'Ő' => "O",
        'Œ' => "OE",
        '¶' => "P",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        '§' | 'Ś' | 'Ŝ' | 'Ş' | 'Š' => "S",
        'Ţ' | 'Ť' | 'Ŧ' => "T",
        'Þ' => "TH",
        '™' => "TM",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "U",
        'Ŵ' => "W",
        '¥' | 'Ý' | 'Ŷ' | 'Ÿ' => "Y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ª' | 'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        '¢' | 'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ð' | 'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' | 'ĸ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ŋ' => "n",
        '°' | 'º' | 'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ſ' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' => "t",
        'þ' => "th",
        'µ' | 'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        '×' => "x",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        '¦' => "|",
        _ => return None,
    })
}

/// Folds `text` into printable ASCII (0x20–0x7E) in `buf`: accents are removed (precomposed or
/// decomposed), typographic quotes and dashes become their ASCII forms, and anything else
/// outside printable ASCII is an error. Text that is already printable ASCII is copied as is.
///
/// # Errors
/// [`FoldError`] for a character with no ASCII form or a buffer too small.
///
/// ```
/// let mut buf = [0u8; 32];
/// assert_eq!(pixcode::pix::fold_ascii("São José", &mut buf)?, "Sao Jose");
/// let mut buf = [0u8; 32];
/// assert_eq!(pixcode::pix::fold_ascii("Sa\u{303}o Paulo", &mut buf)?, "Sao Paulo");
/// # Ok::<(), pixcode::pix::FoldError>(())
/// ```
pub fn fold_ascii<'b>(text: &str, buf: &'b mut [u8]) -> Result<&'b str, FoldError> {
    let mut len = 0;
    for (at, c) in text.chars().enumerate() {
        let mut one = [0u8; 4];
        let piece: &str = if (' '..='~').contains(&c) {
            c.encode_utf8(&mut one)
        } else {
            match fold_char(c) {
                Some(s) => s,
                None => return Err(FoldError::Unfoldable { at, found: c }),
            }
        };
        let end = len + piece.len();
        buf.get_mut(len..end)
            .ok_or(FoldError::BufferFull)?
            .copy_from_slice(piece.as_bytes());
        len = end;
    }
    core::str::from_utf8(&buf[..len]).map_err(|_| FoldError::BufferFull)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portuguese_names_fold() {
        let mut buf = [0u8; 64];
        for (from, to) in [
            ("Maceió", "Maceio"),
            ("SÃO PAULO", "SAO PAULO"),
            ("Açaí & Pão", "Acai & Pao"),
            ("Conceição do Araguaia", "Conceicao do Araguaia"),
            ("D’Ávila – Ltda", "D'Avila - Ltda"),
            ("Straße", "Strasse"),
        ] {
            assert_eq!(fold_ascii(from, &mut buf).unwrap(), to);
        }
    }

    #[test]
    fn unfoldable_and_control_characters_are_refused() {
        let mut buf = [0u8; 64];
        assert!(fold_ascii("Loja 🙂", &mut buf).is_err());
        assert!(fold_ascii("Loja\tX", &mut buf).is_err());
        assert!(fold_ascii("東京", &mut buf).is_err());
        let mut small = [0u8; 3];
        assert_eq!(fold_ascii("abcd", &mut small), Err(FoldError::BufferFull));
    }
}
