//! Ombudsman cases (requirements R13): referral, information requests, the determination per
//! complaint element (rules.md §5.1), each order with its deadline and the evidence it was met.

use serde::{Deserialize, Serialize};

use crate::codes::Pence;
use crate::events::EventBody;
use crate::history::{EventId, HistoryTime, RecordId};
use crate::references::{Refs, to};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OmbudsmanCaseOpened {
    pub reference: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub complaints: Vec<RecordId>,
    pub referred: HistoryTime,
}
impl EventBody for OmbudsmanCaseOpened {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.many("complaints", &self.complaints, to::COMPLAINT);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OmbudsmanInformationRequested {
    pub what: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<HistoryTime>,
}
impl EventBody for OmbudsmanInformationRequested {}

/// The landlord's answer to an information request: what was sent, the documents sent, and —
/// when the writer knows it — which request it answers. Requests are events on the case, not
/// records, so a request is named by its event id; a provision that names none answers the
/// earliest request on the case not yet answered before it (see
/// `rules::alerts::ombudsman`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OmbudsmanInformationProvided {
    pub what: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<RecordId>,
    /// The id of the `ombudsman.information_requested` event, on the same case, this answers
    /// (checked by `history::Validator`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<EventId>,
}
impl EventBody for OmbudsmanInformationProvided {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.many("documents", &self.documents, to::DOCUMENT);
    }
    fn check(&self) -> Result<(), crate::events::Invalid> {
        if self.what.trim().is_empty() {
            return Err(crate::events::Invalid::new(
                "what",
                "say what information was provided",
            ));
        }
        Ok(())
    }
}

/// The Ombudsman's findings vocabulary (rules.md §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    NoMaladministration,
    ServiceFailure,
    Maladministration,
    SevereMaladministration,
    ReasonableRedress,
    OutsideJurisdiction,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ElementFinding {
    pub element: String,
    pub finding: Finding,
    /// The Scheme paragraph the finding is made under, e.g. `52`, `53(b)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme_paragraph: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OmbudsmanDetermined {
    pub findings: Vec<ElementFinding>,
}
impl EventBody for OmbudsmanDetermined {
    fn check(&self) -> Result<(), crate::events::Invalid> {
        if self.findings.is_empty() {
            return Err(crate::events::Invalid::new(
                "findings",
                "a determination has a finding for each element",
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderKind {
    /// Binding (Housing Act 1996 Sch. 2 para 7).
    Order,
    /// Not binding.
    Recommendation,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OmbudsmanOrderMade {
    pub case: RecordId,
    pub kind: OrderKind,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<HistoryTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Pence>,
}
impl EventBody for OmbudsmanOrderMade {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("case", &self.case, to::OMBUDSMAN_CASE);
    }
    fn check(&self) -> Result<(), crate::events::Invalid> {
        if self.amount.is_some_and(|a| a.0 < 0) {
            return Err(crate::events::Invalid::new(
                "amount",
                "an ordered amount cannot be negative",
            ));
        }
        Ok(())
    }
}

/// The landlord's answer to a recommendation (not binding): whether it will follow it, and why
/// not if it will not. Determinations ask the landlord to reply with its intentions; the reply is
/// part of the record an investigator reads. Following it is then shown, as for an order, by
/// `ombudsman.order_complied`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OmbudsmanRecommendationAnswered {
    pub accepted: bool,
    /// What the landlord will do, or why it will not.
    pub reasons: String,
    /// Who decided (a name or post).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
}
impl EventBody for OmbudsmanRecommendationAnswered {
    fn check(&self) -> Result<(), crate::events::Invalid> {
        if self.reasons.trim().is_empty() {
            return Err(crate::events::Invalid::new(
                "reasons",
                if self.accepted {
                    "say what the landlord will do to follow the recommendation"
                } else {
                    "a recommendation declined needs the landlord's reasons"
                },
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OmbudsmanOrderComplied {
    pub notes: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<RecordId>,
}
impl EventBody for OmbudsmanOrderComplied {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.many("evidence", &self.evidence, to::DOCUMENT);
    }
}
