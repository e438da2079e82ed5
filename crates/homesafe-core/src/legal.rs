//! Legal and insurance paths (requirements R18): a disrepair claim or insurance referral is
//! recorded beside the repair, hazard and complaint — it never pauses their clocks (L&Q: stage 2
//! deferred everything to the legal team). A pre-action protocol letter is not legal
//! proceedings (rules.md §1.2, "Edge").

use serde::{Deserialize, Serialize};

use crate::events::EventBody;
use crate::history::RecordId;
use crate::references::{Refs, to};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LegalKind {
    DisrepairClaim,
    InsuranceReferral,
    PersonalInjuryClaim,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LegalStage {
    /// Pre-action protocol: not legal proceedings.
    PreAction,
    /// Claim form and particulars filed at court.
    ProceedingsIssued,
    Settled,
    Closed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LegalCaseOpened {
    pub kind: LegalKind,
    pub stage: LegalStage,
    pub property: RecordId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimant: Option<RecordId>,
    pub description: String,
}
impl EventBody for LegalCaseOpened {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("property", &self.property, to::PROPERTY);
        r.opt("claimant", &self.claimant, to::PERSON);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LegalCaseProgressed {
    pub stage: LegalStage,
    pub notes: String,
}
impl EventBody for LegalCaseProgressed {}
