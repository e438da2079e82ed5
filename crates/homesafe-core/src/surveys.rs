//! Surveys and inspections (requirements R6): kept against the property with findings, readings
//! and recommendations. Each recommendation becomes a record of its own so it can be tracked to
//! a works order or to a recorded decision not to act (L&Q: "at risk of collapse", 7 months).

use serde::{Deserialize, Serialize};

use crate::events::{EventBody, Invalid};
use crate::history::{HistoryTime, RecordId};
use crate::references::{Refs, to};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    Inspection,
    DampSurvey,
    StockCondition,
    Independent,
    PreInspection,
    PostInspection,
    HealthAndSafety,
    Other,
}

/// A measurement. The value is a decimal written as a string so it is kept exactly as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Reading {
    pub location: String,
    /// e.g. `moisture`, `relative_humidity`, `temperature`.
    pub measure: String,
    pub value: String,
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    /// The recommendation's own record id.
    pub id: RecordId,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<HistoryTime>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SurveyRecorded {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hazard: Option<RecordId>,
    pub kind: SurveyKind,
    pub surveyor: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    pub on: HistoryTime,
    pub findings: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<Reading>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommendations: Vec<Recommendation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<RecordId>,
}
impl EventBody for SurveyRecorded {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.opt("property", &self.property, to::PROPERTY);
        r.opt("block", &self.block, to::BLOCK);
        r.opt("hazard", &self.hazard, to::HAZARD);
        r.many("documents", &self.documents, to::DOCUMENT);
    }
    fn check(&self) -> Result<(), Invalid> {
        if self.property.is_none() && self.block.is_none() {
            return Err(Invalid::new(
                "property",
                "a survey is of a property or a block",
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecommendationDecision {
    Act,
    Decline,
}

/// What the landlord decided about a recommendation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RecommendationDecided {
    pub decision: RecommendationDecision,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub works_order: Option<RecordId>,
    pub reason: String,
}
impl EventBody for RecommendationDecided {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.opt("works_order", &self.works_order, to::WORKS_ORDER);
    }
}
