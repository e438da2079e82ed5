//! Hazards (requirements R3): a hazard case is its own record — HHSRS hazard type, when and how
//! the landlord became aware, the emergency/significant classification with reasons,
//! investigations, the written summary, safety and preventative works, alternative
//! accommodation decisions and risk assessments. The Awaab's Law clocks run over these events.

pub mod taxonomy;

use serde::{Deserialize, Serialize};

use crate::codes::Channel;
use crate::events::{EventBody, Invalid};
use crate::history::{HistoryTime, RecordId};
use crate::references::{Refs, to};

pub use taxonomy::HazardType;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AwarenessSource {
    Report,
    Complaint,
    Inspection,
    Survey,
    Contractor,
    Operative,
    HealthProfessional,
    LetterOfClaim,
    Sensor,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HazardOpened {
    pub property: RecordId,
    pub hazard_type: HazardType,
    /// When the landlord became aware: the Awaab's Law trigger (rules.md §2.3).
    pub aware_at: HistoryTime,
    pub aware_how: AwarenessSource,
    /// The report, complaint, survey or contact that made the landlord aware.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    pub description: String,
}
impl EventBody for HazardOpened {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("property", &self.property, to::PROPERTY);
        r.opt("source", &self.source, to::PROMISE_SOURCE);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HazardClass {
    Emergency,
    Significant,
    NotSignificant,
    NoHazard,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HazardClassified {
    pub classification: HazardClass,
    pub reasons: String,
    /// HHSRS category (1 = score of 1,000 or more; rules.md §3.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u32>,
    /// Vulnerabilities taken into account ("relevant knowledge", rules.md §2.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vulnerabilities_considered: Vec<RecordId>,
}
impl EventBody for HazardClassified {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.many(
            "vulnerabilities_considered",
            &self.vulnerabilities_considered,
            &[crate::references::RecordKind::Vulnerability],
        );
    }
    fn check(&self) -> Result<(), Invalid> {
        match self.category {
            None | Some(1) | Some(2) => Ok(()),
            Some(_) => Err(Invalid::new("category", "HHSRS category is 1 or 2")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvestigationMethod {
    InPerson,
    Remote,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HazardInvestigated {
    pub investigator: String,
    /// In the landlord's reasonable opinion, competent to decide the hazard (rules.md §2.1).
    pub competent: bool,
    pub method: InvestigationMethod,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<HistoryTime>,
    pub concluded: HistoryTime,
    pub findings: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<RecordId>,
}
impl EventBody for HazardInvestigated {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.many("documents", &self.documents, to::DOCUMENT);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HazardSummarySent {
    pub sent: HistoryTime,
    pub channel: Channel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<RecordId>,
}
impl EventBody for HazardSummarySent {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.opt("document", &self.document, to::DOCUMENT);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HazardWorkPurpose {
    Safety,
    Preventative,
    Investigation,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HazardWorksLinked {
    pub works_order: RecordId,
    pub purpose: HazardWorkPurpose,
}
impl EventBody for HazardWorksLinked {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("works_order", &self.works_order, to::WORKS_ORDER);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccommodationDecision {
    ConsideredNotNeeded,
    Offered,
    Accepted,
    Declined,
    Arranged,
    NoneAvailable,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AlternativeAccommodationDecided {
    pub decision: AccommodationDecision,
    pub reasons: String,
}
impl EventBody for AlternativeAccommodationDecided {
    fn check(&self) -> Result<(), Invalid> {
        if self.reasons.trim().is_empty() {
            return Err(Invalid::new(
                "reasons",
                "record the reasons for the decision",
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HazardRiskAssessed {
    pub assessor: String,
    pub outcome: String,
    /// e.g. dehumidifier supplied, ventilation installed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<String>,
}
impl EventBody for HazardRiskAssessed {}

/// The only three reasons an Awaab's Law clock stops (rules.md §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClockStopReason {
    AllOccupiersDecanted,
    ConsentNotObtained,
    NoHazardFound,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HazardClockStopped {
    pub reason: ClockStopReason,
    pub notes: String,
    pub evidence: Vec<RecordId>,
}
impl EventBody for HazardClockStopped {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.many("evidence", &self.evidence, to::DOCUMENT);
    }
    fn check(&self) -> Result<(), Invalid> {
        if self.evidence.is_empty() {
            return Err(Invalid::new(
                "evidence",
                "a clock stop needs evidence (a document) for its reason",
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HazardClosed {
    pub reason: String,
}
impl EventBody for HazardClosed {}
