//! Contractor conduct and workmanship cases (requirements R11; issue 4): a report about how a
//! contractor or its operative behaved, or about the quality, safety or billing of its work, is a
//! case of its own — opened, investigated with recorded steps, and concluded — not a line in a
//! complaint response.
//!
//! Why a case and not a note: in Housing Ombudsman determination 202209500 (L&Q) the resident
//! reported on 18 March 2022 that the contractor had refitted the soil stack off a ladder, asked
//! his son to say scaffolding had been used, and invoiced for scaffolding. The landlord said at
//! stage 1 it "would investigate", and at stage 2 that the allegation "could not be proven" and
//! would be "investigated internally 'as required'". The Ombudsman found maladministration: the
//! landlord "did not attend to inspect" and "no evidence has been provided that the landlord took
//! any other investigative steps before issuing its complaint responses". So an investigation here
//! is only recorded with the steps taken, and the rules (`rules::alerts::conduct`) watch for a case
//! left uninvestigated and for a complaint answered while one is.

use serde::{Deserialize, Serialize};

use crate::codes::Channel;
use crate::events::{EventBody, Invalid};
use crate::history::{HistoryTime, RecordId};
use crate::references::{Refs, to};

/// What a report about a contractor is about. One report can raise several (L&Q's 18 March 2022
/// complaint raised all four).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConductConcern {
    /// How the contractor or operative behaved (L&Q: asking the resident's son to say
    /// scaffolding had been put up).
    Conduct,
    /// The standard of the work (L&Q: a poor finish, the stack "hanging off the wall").
    Workmanship,
    /// Unsafe practice (L&Q: working at height off a ladder; cleaning sewage without
    /// protective clothing).
    HealthAndSafety,
    /// Billing for work not done or not done as billed (L&Q: scaffolding invoiced, not used).
    Invoicing,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConductCaseOpened {
    /// Whose conduct or work is reported.
    pub contractor: RecordId,
    /// The operative, when the report names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operative: Option<RecordId>,
    /// The jobs concerned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub works_orders: Vec<RecordId>,
    /// Who reported it, when on record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<RecordId>,
    /// The complaint the report came in, if it came in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaint: Option<RecordId>,
    /// What the report is about: at least one, each once.
    pub concerns: Vec<ConductConcern>,
    pub description: String,
    /// How the report reached the landlord.
    pub channel: Channel,
}
impl EventBody for ConductCaseOpened {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("contractor", &self.contractor, to::CONTRACTOR);
        r.opt("operative", &self.operative, to::OPERATIVE);
        r.many("works_orders", &self.works_orders, to::WORKS_ORDER);
        r.opt("reported_by", &self.reported_by, to::PERSON);
        r.opt("complaint", &self.complaint, to::COMPLAINT);
    }
    fn check(&self) -> Result<(), Invalid> {
        if self.concerns.is_empty() {
            return Err(Invalid::new(
                "concerns",
                "say what the report is about: conduct, workmanship, health_and_safety or invoicing",
            ));
        }
        for (i, c) in self.concerns.iter().enumerate() {
            if self.concerns[..i].contains(c) {
                return Err(Invalid::new(
                    format!("concerns[{i}]"),
                    "each concern is listed once",
                ));
            }
        }
        if self.description.trim().is_empty() {
            return Err(Invalid::new("description", "describe what was reported"));
        }
        Ok(())
    }
}

/// A step taken to find out what happened. The coded steps are the ones the Ombudsman said would
/// have been reasonable in L&Q (202209500): inspect the work, speak with the resident further,
/// speak with other residents of the building, discuss the concerns with the contractor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvestigationStepKind {
    InspectedWork,
    SpokeToResident,
    SpokeToContractor,
    SpokeToOperative,
    SpokeToWitnesses,
    ReviewedRecords,
    /// Photos, videos or documents the resident or contractor supplied.
    ReviewedEvidence,
    /// Anything else: the notes say what.
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InvestigationStep {
    pub step: InvestigationStepKind,
    /// When it was done, if different from the investigation's own date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<HistoryTime>,
    /// What was done and learnt; required for `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConductCaseInvestigated {
    pub investigator: String,
    /// The steps taken: at least one. An "investigation" with none is what the Ombudsman found
    /// in L&Q, so it is refused rather than recorded.
    pub steps: Vec<InvestigationStep>,
    pub findings: String,
    /// Photos, statements, records relied on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<RecordId>,
}
impl EventBody for ConductCaseInvestigated {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.many("evidence", &self.evidence, to::DOCUMENT);
    }
    fn check(&self) -> Result<(), Invalid> {
        if self.investigator.trim().is_empty() {
            return Err(Invalid::new("investigator", "say who investigated"));
        }
        if self.steps.is_empty() {
            return Err(Invalid::new(
                "steps",
                "an investigation records at least one step taken (inspected_work, spoke_to_resident, spoke_to_contractor, spoke_to_witnesses, reviewed_records, …): the Ombudsman found maladministration where no investigative steps were taken (202209500)",
            ));
        }
        for (i, s) in self.steps.iter().enumerate() {
            let blank = s.notes.as_deref().is_none_or(|n| n.trim().is_empty());
            if s.step == InvestigationStepKind::Other && blank {
                return Err(Invalid::new(
                    format!("steps[{i}].notes"),
                    "say what the step was",
                ));
            }
        }
        if self.findings.trim().is_empty() {
            return Err(Invalid::new("findings", "record what was found"));
        }
        Ok(())
    }
}

/// The conclusion on the report. `not_proven` is for a report the investigation could neither
/// confirm nor rule out (L&Q's stage 2: "could not be proven due to the lack of independent
/// witnesses").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConductOutcome {
    Upheld,
    PartlyUpheld,
    NotUpheld,
    NotProven,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConductCaseConcluded {
    pub outcome: ConductOutcome,
    pub reasons: String,
    /// What the contractor must do (retrain an operative, redo the work, credit an invoice).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contractor_actions: Vec<String>,
    /// What the landlord learnt (the Ombudsman noted in L&Q that a response would have been
    /// better for "any learning that it had identified through its investigation").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learning: Option<String>,
}
impl EventBody for ConductCaseConcluded {
    fn check(&self) -> Result<(), Invalid> {
        if self.reasons.trim().is_empty() {
            return Err(Invalid::new("reasons", "give the reasons for the outcome"));
        }
        if let Some(i) = self
            .contractor_actions
            .iter()
            .position(|a| a.trim().is_empty())
        {
            return Err(Invalid::new(
                format!("contractor_actions[{i}]"),
                "an action cannot be blank",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn opened(json: &str) -> ConductCaseOpened {
        serde_json::from_str(json).unwrap()
    }

    const OPENED: &str = r#"{"contractor":"c1","works_orders":["wo1"],"complaint":"cmp1","concerns":["conduct","workmanship","health_and_safety","invoicing"],"description":"Refitted the soil stack off a ladder and invoiced scaffolding","channel":"web"}"#;

    #[test]
    fn an_opening_names_its_references_and_at_least_one_concern() {
        let o = opened(OPENED);
        assert_eq!(o.check(), Ok(()));
        let mut r = Refs::default();
        o.refs(&mut r);
        let fields: Vec<&str> = r.list.iter().map(|x| x.field.as_ref()).collect();
        assert_eq!(fields, ["contractor", "works_orders[0]", "complaint"]);

        let none = opened(&OPENED.replace(
            r#"["conduct","workmanship","health_and_safety","invoicing"]"#,
            "[]",
        ));
        assert_eq!(none.check().unwrap_err().field, "concerns");
        let twice = opened(&OPENED.replace(
            r#"["conduct","workmanship","health_and_safety","invoicing"]"#,
            r#"["conduct","conduct"]"#,
        ));
        assert_eq!(twice.check().unwrap_err().field, "concerns[1]");
        assert!(
            serde_json::from_str::<ConductCaseOpened>(&OPENED.replace("invoicing", "rudeness"))
                .is_err(),
            "an unknown concern is refused"
        );
    }

    #[test]
    fn an_investigation_without_steps_is_refused_with_a_field_error() {
        let inv: ConductCaseInvestigated = serde_json::from_str(
            r#"{"investigator":"Repairs manager","steps":[],"findings":"Could not be proven"}"#,
        )
        .unwrap();
        let e = inv.check().unwrap_err();
        assert_eq!(e.field, "steps");
        assert!(e.reason.contains("202209500"), "{}", e.reason);

        let other: ConductCaseInvestigated = serde_json::from_str(
            r#"{"investigator":"Repairs manager","steps":[{"step":"inspected_work"},{"step":"other"}],"findings":"Stack loose"}"#,
        )
        .unwrap();
        assert_eq!(other.check().unwrap_err().field, "steps[1].notes");

        let good: ConductCaseInvestigated = serde_json::from_str(
            r#"{"investigator":"Repairs manager","steps":[{"step":"inspected_work","on":"2022-03-22","notes":"Brackets missing"},{"step":"spoke_to_witnesses","notes":"Neighbour saw a ladder"}],"findings":"Fitted off a ladder","evidence":["sha256:00"]}"#,
        )
        .unwrap();
        assert_eq!(good.check(), Ok(()));
    }

    #[test]
    fn a_conclusion_gives_reasons() {
        let c: ConductCaseConcluded =
            serde_json::from_str(r#"{"outcome":"not_proven","reasons":"  "}"#).unwrap();
        assert_eq!(c.check().unwrap_err().field, "reasons");
        let c: ConductCaseConcluded = serde_json::from_str(
            r#"{"outcome":"upheld","reasons":"Photos show a ladder","contractor_actions":["Credit the scaffolding line",""]}"#,
        )
        .unwrap();
        assert_eq!(c.check().unwrap_err().field, "contractor_actions[1]");
    }
}
