//! The names of objects, Pix names inside the Pix templates and EMV names elsewhere.

use super::view::BrCode;
use crate::emv;
use crate::finding::Path;

/// The name of the object at `path` in a payload whose Pix view is `code` (`None` when it is
/// not a Pix code): Pix names inside the Pix templates, EMV names elsewhere.
///
/// ```
/// use pixcode::{pix::object_name, Path};
/// let code = pixcode::decode("00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D")?;
/// assert_eq!(object_name(Path::root().child(26).child(1), Some(&code)), Some("Pix Key"));
/// assert_eq!(object_name(Path::root().child(27).child(1), Some(&code)), None);
/// assert_eq!(object_name(Path::root().child(59), None), Some("Merchant Name"));
/// # Ok::<(), pixcode::Error>(())
/// ```
pub fn object_name(path: Path, code: Option<&BrCode<'_>>) -> Option<&'static str> {
    let root = path.tags().first().copied();
    let in_pix = code.is_some_and(|c| {
        root == Some(c.template_id) || (root.is_some() && root == c.recurrence_template_id())
    });
    field_name(path, in_pix)
}

/// The Pix name of the object at `path` where Pix defines one (`26.01` "Pix Key"), else the
/// EMV name.
///
/// ```
/// use pixcode::{pix::field_name, Path};
/// assert_eq!(field_name(Path::root().child(26).child(1), true), Some("Pix Key"));
/// assert_eq!(field_name(Path::root().child(62).child(5), true), Some("Reference Label (txid)"));
/// ```
pub fn field_name(path: Path, in_pix_template: bool) -> Option<&'static str> {
    match (path.tags(), in_pix_template) {
        ([26..=51, 1], true) => Some("Pix Key"),
        ([26..=51, 2], true) => Some("Additional Information"),
        ([26..=51, 3], true) => Some("Withdrawal Facilitator ISPB (Pix Saque)"),
        ([26..=51, 25], true) => Some("Location URL"),
        ([80..=99, 25], true) => Some("Recurrence URL"),
        ([26..=51], true) => Some("Merchant Account Information (Pix)"),
        ([80..=99], true) => Some("Unreserved Template (Pix Automático)"),
        ([62, 5], _) => Some("Reference Label (txid)"),
        ([62, 50, 1], _) => Some("BR Code Version"),
        _ => emv::field_name(path),
    }
}
