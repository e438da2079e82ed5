//! Intake: what is a complaint, what may be refused, and what must be offered (Complaint
//! Handling Code 2024, sections 1 and 2; rules.md §1.1–1.2 and §9.7).
//!
//! - A report is a **service request** (Code 1.4). When a resident is dissatisfied with how one
//!   is going, they must be offered the choice to complain (1.3), and a complaint must be raised
//!   while the request stays open (1.5): [`ReportDissatisfaction`].
//! - A complaint may be refused — at intake or at escalation (5.11) — only on a ground in the
//!   landlord's policy that the Code accepts (2.2), each with its evidence, and the resident told
//!   of their right to take the refusal to the Ombudsman (2.4): [`ComplaintRefused`].
//! - The 12-month limit counts from when the issue occurred or the resident became aware of it,
//!   and the landlord must consider discretion for older complaints (2.3): [`time_limit`].
//! - A new issue raised during a stage is included in that stage's response, or logged as a new
//!   complaint (6.8): [`ComplaintIssueRaised`].

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::Stage;
use crate::codes::Channel;
use crate::events::{EventBody, Invalid};
use crate::history::{HistoryTime, RecordId};
use crate::references::{Refs, to};

/// The months within which a complaint must be accepted (Code 2.3).
pub const TIME_LIMIT_MONTHS: i32 = 12;

/// The grounds on which a complaint, or its escalation, may be refused. The Code's three
/// acceptable examples (2.2 a–c), and an exclusion the landlord's own published policy lists,
/// which must name the clause (2.2: the policy must set the circumstances out; 2.5: no blanket
/// exclusions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RefusalGround {
    /// The issue arose more than 12 months before the complaint (2.2 a, 2.3).
    #[serde(rename = "older_than_12_months")]
    OlderThan12Months,
    /// Legal proceedings started: a claim form and particulars filed at court, not a
    /// pre-action protocol letter (2.2 b).
    LegalProceedingsIssued,
    /// The matter was already considered under the complaints policy (2.2 c).
    AlreadyConsidered,
    /// Another exclusion in the landlord's published policy (2.2).
    PolicyExclusion,
}

impl RefusalGround {
    pub fn as_str(&self) -> &'static str {
        match self {
            RefusalGround::OlderThan12Months => "older_than_12_months",
            RefusalGround::LegalProceedingsIssued => "legal_proceedings_issued",
            RefusalGround::AlreadyConsidered => "already_considered",
            RefusalGround::PolicyExclusion => "policy_exclusion",
        }
    }

    /// In words, for letters and alerts.
    pub fn describe(&self) -> &'static str {
        match self {
            RefusalGround::OlderThan12Months => {
                "the issue arose more than 12 months before the complaint"
            }
            RefusalGround::LegalProceedingsIssued => "legal proceedings have been issued",
            RefusalGround::AlreadyConsidered => {
                "the matter was already considered under the complaints policy"
            }
            RefusalGround::PolicyExclusion => "an exclusion in the landlord's complaints policy",
        }
    }
}

/// A complaint not accepted, or an escalation refused (Code 2.1–2.4, 5.11). Each ground carries
/// what shows it holds, so that anyone reading the record — the resident, the Ombudsman — can
/// check the refusal against the facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ComplaintRefused {
    pub ground: RefusalGround,
    /// The explanation given to the resident.
    pub reason: String,
    /// The resident was told of their right to take the decision to the Ombudsman (2.4).
    pub ombudsman_rights_given: bool,
    /// Refused at escalation to stage 2 rather than at intake (5.11).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub at_escalation: bool,
    /// `older_than_12_months`: when the issue occurred or the resident became aware of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_arose: Option<HistoryTime>,
    /// `older_than_12_months`: why the landlord's discretion to accept an older complaint was
    /// not exercised (2.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discretion_considered: Option<String>,
    /// `legal_proceedings_issued`: the legal case in which the claim was filed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_case: Option<RecordId>,
    /// `already_considered`: the complaint that considered the matter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earlier_complaint: Option<RecordId>,
    /// `policy_exclusion`: the clause of the landlord's policy relied on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_clause: Option<String>,
    /// Documents or records showing the ground holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<RecordId>,
}

impl EventBody for ComplaintRefused {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.opt("legal_case", &self.legal_case, to::LEGAL_CASE);
        r.opt("earlier_complaint", &self.earlier_complaint, to::COMPLAINT);
        r.many("evidence", &self.evidence, to::ANY);
    }

    fn check(&self) -> Result<(), Invalid> {
        if !self.ombudsman_rights_given {
            return Err(Invalid::new(
                "ombudsman_rights_given",
                "a refusal must tell the resident of their right to go to the Ombudsman (Code 2.4)",
            ));
        }
        if self.reason.trim().is_empty() {
            return Err(Invalid::new(
                "reason",
                "a refusal must explain to the resident why the complaint is not accepted (Code 2.4)",
            ));
        }
        let needs = |field: &str, present: bool, why: &str| {
            if present {
                Ok(())
            } else {
                Err(Invalid::new(
                    field,
                    format!(
                        "required when the ground is {}: {why}",
                        self.ground.as_str()
                    ),
                ))
            }
        };
        match self.ground {
            RefusalGround::OlderThan12Months => {
                needs(
                    "issue_arose",
                    self.issue_arose.is_some(),
                    "when the issue occurred or the resident became aware of it (Code 2.3)",
                )?;
                needs(
                    "discretion_considered",
                    self.discretion_considered
                        .as_deref()
                        .is_some_and(|s| !s.trim().is_empty()),
                    "why discretion to accept an older complaint was not exercised (Code 2.3)",
                )
            }
            RefusalGround::LegalProceedingsIssued => needs(
                "legal_case",
                self.legal_case.is_some(),
                "the legal case in which a claim was filed at court (Code 2.2 b)",
            ),
            RefusalGround::AlreadyConsidered => needs(
                "earlier_complaint",
                self.earlier_complaint.is_some(),
                "the complaint that already considered the matter (Code 2.2 c)",
            ),
            RefusalGround::PolicyExclusion => needs(
                "policy_clause",
                self.policy_clause
                    .as_deref()
                    .is_some_and(|s| !s.trim().is_empty()),
                "the clause of the published policy relied on (Code 2.2, 2.5)",
            ),
        }
    }
}

/// Whether a complaint received on `received` about an issue that arose (or the resident became
/// aware of) at `issue_arose` is within the 12-month limit (Code 2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeLimit {
    Within,
    /// Older: the landlord may refuse it, having considered its discretion.
    Outside {
        /// The last day a complaint about it would have been within the limit.
        limit_ended: Date,
    },
}

/// The 12-month limit, read in the resident's favour: an issue known only to the month or year
/// is taken to have arisen at the latest day it could have, so a refusal never rests on a day
/// the record does not hold. A complaint on the anniversary itself is within the limit.
pub fn time_limit(issue_arose: &HistoryTime, received: &HistoryTime) -> TimeLimit {
    let arose = issue_arose.last_date();
    let limit_ended = arose
        .checked_add(TIME_LIMIT_MONTHS.months())
        .unwrap_or(Date::MAX);
    if received.first_date() <= limit_ended {
        TimeLimit::Within
    } else {
        TimeLimit::Outside { limit_ended }
    }
}

/// Dissatisfaction with a service request (a report). Subject: the report, which stays open —
/// the landlord must not stop working on it because a complaint is made (Code 1.5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportDissatisfaction {
    pub channel: Channel,
    /// What the resident said, in a line.
    pub summary: String,
    /// The resident was offered the choice to make a complaint (Code 1.3).
    pub complaint_offered: bool,
    /// What the resident chose, when an offer was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident_choice: Option<ComplaintChoice>,
    /// The complaint raised, when one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaint: Option<RecordId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComplaintChoice {
    /// The resident wants to complain.
    Complain,
    /// The resident does not want to complain now (the request goes on; they may later).
    NotNow,
}

impl EventBody for ReportDissatisfaction {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.opt("complaint", &self.complaint, to::COMPLAINT);
    }

    fn check(&self) -> Result<(), Invalid> {
        if self.resident_choice.is_some() && !self.complaint_offered {
            return Err(Invalid::new(
                "resident_choice",
                "a choice is recorded only when the resident was offered a complaint",
            ));
        }
        if self.complaint.is_some() && !self.complaint_offered {
            return Err(Invalid::new(
                "complaint_offered",
                "a complaint was raised, so it was offered: set complaint_offered to true",
            ));
        }
        Ok(())
    }
}

/// How a new issue raised during a stage was handled (Code 6.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IssueHandling {
    /// Related, and the stage's response not yet issued: it is answered in that response.
    Included,
    /// Unrelated, the response already issued, or including it would unreasonably delay the
    /// response: logged as a complaint of its own.
    NewComplaint,
}

/// A new issue the resident raised while a stage was open. Subject: the complaint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ComplaintIssueRaised {
    pub stage: Stage,
    pub description: String,
    pub handling: IssueHandling,
    /// `new_complaint`: the complaint it was logged as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_complaint: Option<RecordId>,
    /// Why it was handled that way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl EventBody for ComplaintIssueRaised {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.opt("new_complaint", &self.new_complaint, to::COMPLAINT);
    }

    fn check(&self) -> Result<(), Invalid> {
        match (self.handling, &self.new_complaint) {
            (IssueHandling::NewComplaint, None) => Err(Invalid::new(
                "new_complaint",
                "an issue logged as a new complaint names that complaint (Code 6.8)",
            )),
            (IssueHandling::Included, Some(_)) => Err(Invalid::new(
                "new_complaint",
                "an issue included in this stage's response is not a new complaint",
            )),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> HistoryTime {
        s.parse().expect("time")
    }

    #[test]
    fn the_limit_is_twelve_months_from_the_issue_and_includes_the_anniversary() {
        assert_eq!(
            time_limit(&t("2021-03-30"), &t("2022-03-30")),
            TimeLimit::Within
        );
        assert_eq!(
            time_limit(&t("2021-03-30"), &t("2022-03-31")),
            TimeLimit::Outside {
                limit_ended: jiff::civil::date(2022, 3, 30)
            }
        );
    }

    #[test]
    fn an_issue_known_only_to_the_month_is_read_in_the_residents_favour() {
        // "March 2021" could be 31 March: a complaint on 31 March 2022 is in time.
        assert_eq!(
            time_limit(&t("2021-03"), &t("2022-03-31")),
            TimeLimit::Within
        );
        assert!(matches!(
            time_limit(&t("2021-03"), &t("2022-04-01")),
            TimeLimit::Outside { .. }
        ));
        // A leap day's anniversary falls on 28 February.
        assert_eq!(
            time_limit(&t("2020-02-29"), &t("2021-02-28")),
            TimeLimit::Within
        );
    }

    fn refusal(ground: RefusalGround) -> ComplaintRefused {
        ComplaintRefused {
            ground,
            reason: "explained".into(),
            ombudsman_rights_given: true,
            at_escalation: false,
            issue_arose: None,
            discretion_considered: None,
            legal_case: None,
            earlier_complaint: None,
            policy_clause: None,
            evidence: Vec::new(),
        }
    }

    #[test]
    fn each_ground_needs_its_evidence() {
        let cases = [
            (RefusalGround::OlderThan12Months, "issue_arose"),
            (RefusalGround::LegalProceedingsIssued, "legal_case"),
            (RefusalGround::AlreadyConsidered, "earlier_complaint"),
            (RefusalGround::PolicyExclusion, "policy_clause"),
        ];
        for (ground, field) in cases {
            let err = refusal(ground).check().expect_err("refused");
            assert_eq!(err.field, field, "{ground:?}");
        }
        let mut old = refusal(RefusalGround::OlderThan12Months);
        old.issue_arose = Some(t("2020-01"));
        assert_eq!(
            old.check().expect_err("discretion").field,
            "discretion_considered"
        );
        old.discretion_considered = Some("No good reason given for the delay".into());
        assert_eq!(old.check(), Ok(()));
    }

    #[test]
    fn a_refusal_without_the_ombudsman_rights_or_a_reason_is_refused() {
        let mut r = refusal(RefusalGround::AlreadyConsidered);
        r.earlier_complaint = Some(RecordId::parse("complaint-1").expect("id"));
        r.ombudsman_rights_given = false;
        assert_eq!(
            r.check().expect_err("rights").field,
            "ombudsman_rights_given"
        );
        r.ombudsman_rights_given = true;
        r.reason = " ".into();
        assert_eq!(r.check().expect_err("reason").field, "reason");
    }

    #[test]
    fn an_issue_is_included_or_names_its_new_complaint() {
        let mut i = ComplaintIssueRaised {
            stage: Stage::One,
            description: "Also the fence".into(),
            handling: IssueHandling::NewComplaint,
            new_complaint: None,
            reason: None,
        };
        assert_eq!(i.check().expect_err("names").field, "new_complaint");
        i.handling = IssueHandling::Included;
        assert_eq!(i.check(), Ok(()));
    }
}
