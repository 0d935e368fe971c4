//! Text from outside (a BR Code's values, a server's messages, a signed payload's names) made
//! safe to show on a terminal: control characters (C0, DEL, C1) and the bidirectional
//! overrides and isolates are written as escapes, so no input can move the cursor, clear the
//! screen, recolour the output, draw lines of its own or reverse what follows it.

use core::fmt;

/// Whether `c` must not reach a terminal as it is: a control character (C0 including line
/// breaks and tabs, DEL, C1) or a bidirectional formatting character (U+061C, U+200E, U+200F,
/// U+202A–U+202E, U+2066–U+2069).
///
/// ```
/// use pixcode::text::needs_escape;
/// assert!(needs_escape('\u{1b}') && needs_escape('\n') && needs_escape('\u{9b}'));
/// assert!(needs_escape('\u{202e}') && needs_escape('\u{2067}'));
/// assert!(!needs_escape('ç') && !needs_escape(' '));
/// ```
pub const fn needs_escape(c: char) -> bool {
    matches!(c, '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{061c}' | '\u{200e}' | '\u{200f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Shows a text with every character of [`needs_escape`] written as `\n`, `\r`, `\t` or
/// `\u{…}`; everything else, accents included, as it is. Allocation-free.
///
/// ```
/// use pixcode::text::Escaped;
/// let hostile = "Loja\u{1b}[2J\nverified  yes\u{202e}";
/// assert_eq!(Escaped(hostile).to_string(), r"Loja\u{1b}[2J\nverified  yes\u{202e}");
/// assert_eq!(Escaped("São Paulo").to_string(), "São Paulo");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        // Printable ASCII needs nothing: one pass, then one write.
        if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            return f.write_str(s);
        }
        let mut start = 0;
        for (i, c) in s.char_indices() {
            if needs_escape(c) {
                f.write_str(&s[start..i])?;
                match c {
                    '\n' => f.write_str("\\n")?,
                    '\r' => f.write_str("\\r")?,
                    '\t' => f.write_str("\\t")?,
                    c => write!(f, "\\u{{{:x}}}", c as u32)?,
                }
                start = i + c.len_utf8();
            }
        }
        f.write_str(&s[start..])
    }
}
