//! `Serialize` for the decoded payload, its object tree, the Pix view and the full inspection.
//!
//! The JSON shape of [`Inspection`] is the one `pixcode decode --json` prints; it is a public
//! interface, described in the README.

use crate::emv::{CrcCheck, Payload};
use crate::pix::{self, BrCode, PixInspection};
use crate::tlv::{Object, Objects};
use crate::Inspection;
use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use serde::Serialize;

struct Tree<'a> {
    objects: Objects<'a>,
    code: Option<&'a BrCode<'a>>,
}

impl Serialize for Tree<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let code = self.code;
        s.collect_seq(
            self.objects
                .clone()
                .map_while(Result::ok)
                .map(move |o| Node { obj: o, code }),
        )
    }
}

struct Node<'a> {
    obj: Object<'a>,
    code: Option<&'a BrCode<'a>>,
}

impl Serialize for Node<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let o = &self.obj;
        let mut buf = [0u8; 2];
        buf[0] = b'0' + o.tag() / 10;
        buf[1] = b'0' + o.tag() % 10;
        let id = core::str::from_utf8(&buf).unwrap_or("");
        let mut m = s.serialize_struct("Object", 6)?;
        m.serialize_field("id", id)?;
        m.serialize_field("path", &o.path())?;
        m.serialize_field("name", &pix::object_name(o.path(), self.code))?;
        m.serialize_field("offset", &o.offset())?;
        m.serialize_field("value", o.value())?;
        let children = if crate::emv::is_template(o.path()) && o.children().all(|c| c.is_ok()) {
            Some(Tree {
                objects: o.children(),
                code: self.code,
            })
        } else {
            None
        };
        m.serialize_field("children", &children)?;
        m.end()
    }
}

impl Serialize for Payload<'_> {
    /// The root objects as a tree: `[{id, path, name, offset, value, children}]`, up to the
    /// first object that cannot be framed.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Tree {
            objects: self.objects(),
            code: None,
        }
        .serialize(s)
    }
}

struct Crc<'a>(CrcCheck<'a>);

impl Serialize for Crc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let hex = self.0.computed_hex();
        let mut m = s.serialize_struct("Crc", 3)?;
        m.serialize_field("declared", self.0.declared)?;
        m.serialize_field("computed", core::str::from_utf8(&hex).unwrap_or(""))?;
        m.serialize_field("matches", &self.0.matches())?;
        m.end()
    }
}

impl Serialize for BrCode<'_> {
    /// The typed Pix view; absent fields are `null`, the amount an exact decimal string.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        self.fields(&mut m)?;
        m.end()
    }
}

impl BrCode<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        m.serialize_entry("kind", &self.kind())?;
        m.serialize_entry("template_id", &self.template_id())?;
        // The registry's fields in its order, `single_use` (a flag, not a text) after the
        // point of initiation it reads.
        use crate::pix::Field;
        for field in Field::VIEW {
            // The key and the URLs are objects (`{value, kind}`, `{url, host, …}`).
            match field {
                Field::Key => m.serialize_entry(field.json_key(), &self.key())?,
                Field::Url => m.serialize_entry(field.json_key(), &self.location())?,
                Field::RecurrenceUrl => m.serialize_entry(field.json_key(), &self.recurrence())?,
                _ => m.serialize_entry(field.json_key(), &self.get(field))?,
            }
            if field == Field::PointOfInitiation {
                m.serialize_entry("single_use", &self.single_use())?;
            }
        }
        Ok(())
    }
}

impl Serialize for PixInspection<'_> {
    /// `{valid, errors, warnings, kind, key, amount, …}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("valid", &self.is_valid())?;
        m.serialize_entry("errors", &self.report.errors)?;
        m.serialize_entry("warnings", &self.report.warnings)?;
        if self.report.errors.dropped() + self.report.warnings.dropped() > 0 {
            m.serialize_entry("errors_dropped", &self.report.errors.dropped())?;
            m.serialize_entry("warnings_dropped", &self.report.warnings.dropped())?;
        }
        self.code.fields(&mut m)?;
        m.end()
    }
}

impl Serialize for Inspection<'_> {
    /// `{valid, errors, warnings, crc, objects, pix}`: see the README for every field.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("valid", &self.emv.is_valid())?;
        m.serialize_entry("errors", &self.emv.errors)?;
        m.serialize_entry("warnings", &self.emv.warnings)?;
        if self.emv.errors.dropped() + self.emv.warnings.dropped() > 0 {
            m.serialize_entry("errors_dropped", &self.emv.errors.dropped())?;
            m.serialize_entry("warnings_dropped", &self.emv.warnings.dropped())?;
        }
        m.serialize_entry("crc", &self.crc.map(Crc))?;
        m.serialize_entry(
            "objects",
            &self.payload.map(|p| Tree {
                objects: p.objects(),
                code: self.pix.as_ref().map(|p| &p.code),
            }),
        )?;
        m.serialize_entry("pix", &self.pix)?;
        m.end()
    }
}
