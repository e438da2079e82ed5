//! People (requirements R1, R12): tenancies and households, residents, their representatives,
//! and the vulnerabilities and reasonable adjustments the landlord has been told about. The
//! Clarion case turned on a disability written in a repair note but never on the person's record.

pub mod vulnerability_codes;

use serde::{Deserialize, Serialize};

use crate::codes::{Channel, Code};
use crate::events::{EventBody, Invalid};
use crate::history::{HistoryTime, RecordId};
use crate::references::{Refs, to};

pub use vulnerability_codes::VulnerabilityCode;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PersonRegistered {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<HistoryTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_contact: Option<Channel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}
impl EventBody for PersonRegistered {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TenancyType {
    Secure,
    Assured,
    AssuredShorthold,
    Starter,
    Introductory,
    FixedTerm,
    Licence,
    SharedOwnership,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HouseholdMember {
    pub person: RecordId,
    /// e.g. `partner`, `child`, `parent`, `lodger`.
    pub relationship: Code,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TenancyStarted {
    pub property: RecordId,
    pub tenancy_type: TenancyType,
    pub start: HistoryTime,
    pub tenants: Vec<RecordId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<HouseholdMember>,
}
impl EventBody for TenancyStarted {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("property", &self.property, to::PROPERTY);
        r.many("tenants", &self.tenants, to::PERSON);
        for (i, m) in self.members.iter().enumerate() {
            r.one(format!("members[{i}].person"), &m.person, to::PERSON);
        }
    }
    fn check(&self) -> Result<(), Invalid> {
        if self.tenants.is_empty() {
            return Err(Invalid::new(
                "tenants",
                "a tenancy needs at least one tenant",
            ));
        }
        Ok(())
    }
}

/// Someone joins the household: a partner moves in, a baby is born.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HouseholdMemberAdded {
    pub person: RecordId,
    pub relationship: Code,
    pub from: HistoryTime,
}
impl EventBody for HouseholdMemberAdded {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("person", &self.person, to::PERSON);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TenancyEnded {
    pub end: HistoryTime,
    pub reason: String,
}
impl EventBody for TenancyEnded {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RepresentativeKind {
    Advocate,
    Councillor,
    Mp,
    Solicitor,
    Family,
    Friend,
    SupportWorker,
    Other,
}

/// Whether the person agreed to the landlord holding (and, where needed, sharing) the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Consent {
    Given,
    Refused,
    NotAsked,
    NotRequired,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RepresentativeRegistered {
    pub name: String,
    pub kind: RepresentativeKind,
    pub acts_for: RecordId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}
impl EventBody for RepresentativeRegistered {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("acts_for", &self.acts_for, to::PERSON);
    }
}

/// Where the landlord learned of a vulnerability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DisclosureSource {
    Resident,
    Representative,
    CallNote,
    RepairRecord,
    Complaint,
    HealthVisitor,
    HealthProfessional,
    SupportWorker,
    Operative,
    Survey,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VulnerabilityRecorded {
    pub person: RecordId,
    pub code: VulnerabilityCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub source: DisclosureSource,
    pub disclosed: HistoryTime,
    pub consent: Consent,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_by: Option<HistoryTime>,
}
impl EventBody for VulnerabilityRecorded {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("person", &self.person, to::PERSON);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewOutcome {
    Confirmed,
    Changed,
    Ended,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VulnerabilityReviewed {
    pub outcome: ReviewOutcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_review: Option<HistoryTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}
impl EventBody for VulnerabilityReviewed {
    fn check(&self) -> Result<(), Invalid> {
        if self.outcome != ReviewOutcome::Ended && self.next_review.is_none() {
            return Err(Invalid::new(
                "next_review",
                "a vulnerability that continues needs its next review date",
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AdjustmentAgreed {
    pub person: RecordId,
    /// e.g. `large_print`, `interpreter`, `bsl_interpreter`, `two_person_visit`,
    /// `allow_time_at_door`, `phone_only`, `advocate_present`.
    pub code: Code,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_by: Option<HistoryTime>,
}
impl EventBody for AdjustmentAgreed {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("person", &self.person, to::PERSON);
    }
}
