//! Complaints under the Housing Ombudsman's Complaint Handling Code (requirements R8). This
//! module holds what the record says happened; the clocks that judge it are in `rules`.
//!
//! - [`letters`]: response letters, checked element by element before they can be issued
//!   (Code 6.9, 6.19), and rendered as HTML and PDF.
//! - [`intake`]: service requests and complaints, refusals on a Section 2 ground with their
//!   evidence, the 12-month limit, new issues raised mid-stage (Code 1, 2, 6.8).
//! - [`handlers`]: who handled each stage; a stage 2 handled by the stage 1 handler is refused
//!   when written (Code 6.13).

pub mod handlers;
pub mod intake;
pub mod letters;

pub use intake::{
    ComplaintChoice, ComplaintIssueRaised, ComplaintRefused, IssueHandling, RefusalGround,
    ReportDissatisfaction, TimeLimit, time_limit,
};

use serde::{Deserialize, Serialize};

use crate::codes::Channel;
use crate::events::EventBody;
use crate::history::{HistoryTime, RecordId};
use crate::references::{Refs, to};

/// Complaint stage: the Code allows exactly two (2024 Code 5.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Stage {
    One,
    Two,
}
impl TryFrom<u8> for Stage {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, String> {
        match n {
            1 => Ok(Stage::One),
            2 => Ok(Stage::Two),
            _ => Err(format!(
                "stage {n} does not exist: a complaints process has exactly two stages (Code 5.3)"
            )),
        }
    }
}
impl From<Stage> for u8 {
    fn from(s: Stage) -> u8 {
        match s {
            Stage::One => 1,
            Stage::Two => 2,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ComplaintReceived {
    pub complainant: RecordId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property: Option<RecordId>,
    pub channel: Channel,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome_sought: Option<String>,
    /// The reports, works orders, hazards or other complaints it is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<RecordId>,
}
impl EventBody for ComplaintReceived {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("complainant", &self.complainant, to::PERSON);
        r.opt("representative", &self.representative, to::REPRESENTATIVE);
        r.opt("property", &self.property, to::PROPERTY);
        r.many("about", &self.about, to::ANY);
    }
}

/// Acknowledged, defined and logged (Code 6.2 at stage 1, 6.11 at stage 2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ComplaintAcknowledged {
    pub stage: Stage,
    /// The landlord's understanding of the complaint and the outcome sought.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
}
impl EventBody for ComplaintAcknowledged {}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ComplaintExtended {
    pub stage: Stage,
    pub new_due: HistoryTime,
    pub reason: String,
    /// Every extension notice must give the Ombudsman's contact details (Code 6.5).
    pub ombudsman_details_given: bool,
}
impl EventBody for ComplaintExtended {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Upheld,
    PartlyUpheld,
    NotUpheld,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ComplaintResponded {
    pub stage: Stage,
    pub handler: String,
    pub decision: Decision,
    pub summary: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outstanding_actions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter: Option<RecordId>,
}
impl EventBody for ComplaintResponded {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.opt("letter", &self.letter, to::DOCUMENT);
    }
}

/// The resident asks for stage 2. No reason is required (Code 6.12).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EscalationRequested {
    pub channel: Channel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasons: Option<String>,
}
impl EventBody for EscalationRequested {}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ComplaintClosed {
    pub reason: String,
}
impl EventBody for ComplaintClosed {}
