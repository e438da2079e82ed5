//! Communications (requirements R12): every call, e-mail, letter, visit or internal note, with
//! direction, channel, parties and a summary, linked to the cases it concerns — including
//! contacts through a councillor, MP, solicitor or the Ombudsman.

use serde::{Deserialize, Serialize};

use crate::codes::Channel;
use crate::events::{EventBody, Invalid};
use crate::history::RecordId;
use crate::references::{Refs, to};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Inbound,
    Outbound,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactParty {
    /// e.g. `resident`, `landlord`, `health_visitor`, `councillor`, `ombudsman`, `contractor`.
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactLogged {
    pub direction: Direction,
    pub channel: Channel,
    pub parties: Vec<ContactParty>,
    pub summary: String,
    /// The records this contact concerns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<RecordId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<RecordId>,
}
impl EventBody for ContactLogged {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        for (i, p) in self.parties.iter().enumerate() {
            r.opt(format!("parties[{i}].person"), &p.person, to::PERSON);
            r.opt(
                format!("parties[{i}].representative"),
                &p.representative,
                to::REPRESENTATIVE,
            );
        }
        r.many("about", &self.about, to::ANY);
        r.many("documents", &self.documents, to::DOCUMENT);
    }
    fn check(&self) -> Result<(), Invalid> {
        if self.parties.is_empty() {
            return Err(Invalid::new(
                "parties",
                "name at least one party to the contact",
            ));
        }
        if self.summary.trim().is_empty() {
            return Err(Invalid::new("summary", "say what the contact was about"));
        }
        Ok(())
    }
}
