//! Documents (requirements R6): photos, reports, letters, invoices, stored content-addressed by
//! SHA-256 so anyone can check a copy with `sha256sum`. A document's record id is
//! `sha256:<64 hex digits>`; the bytes live outside the database (local disk by default). A
//! legacy document the landlord no longer holds is still recorded, marked `held: false`.

use serde::{Deserialize, Serialize};

use crate::events::{EventBody, Invalid};
use crate::history::RecordId;
use crate::references::{Refs, to};

pub const ID_PREFIX: &str = "sha256:";

/// The record id of the document with this content hash.
pub fn id_for_sha256(hex: &str) -> Option<RecordId> {
    RecordId::parse(format!("{ID_PREFIX}{hex}")).ok()
}

/// The content hash a document record id names, if it is one.
pub fn sha256_of(id: &RecordId) -> Option<&str> {
    let hex = id.as_str().strip_prefix(ID_PREFIX)?;
    let ok = hex.len() == 64
        && hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    ok.then_some(hex)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DocumentAdded {
    pub media_type: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Whether HomeSafe holds the bytes.
    pub held: bool,
    /// The records this document is evidence for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidences: Vec<RecordId>,
}
impl EventBody for DocumentAdded {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.many("evidences", &self.evidences, to::ANY);
    }
    fn check(&self) -> Result<(), Invalid> {
        if !self.media_type.contains('/') {
            return Err(Invalid::new(
                "media_type",
                "a media type looks like image/jpeg",
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DocumentLinked {
    pub evidences: Vec<RecordId>,
}
impl EventBody for DocumentLinked {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.many("evidences", &self.evidences, to::ANY);
    }
    fn check(&self) -> Result<(), Invalid> {
        if self.evidences.is_empty() {
            return Err(Invalid::new(
                "evidences",
                "link the document to at least one record",
            ));
        }
        Ok(())
    }
}
