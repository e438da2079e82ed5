//! The alert catalogue: every alert's stable code, its severity, what it means and what clears it.
//! The codes are API: clients and saved worklists match on them, so a code is never renamed.

use std::fmt;

use serde::{Serialize, Serializer};

/// How urgent an alert is. Ordered: `Low < Medium < High < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Due soon: a deadline is approaching.
    Low,
    Medium,
    High,
    /// A statutory safety duty or a binding order.
    Critical,
}

impl Severity {
    pub fn as_str(&self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        [
            Severity::Low,
            Severity::Medium,
            Severity::High,
            Severity::Critical,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// Whether the deadline is approaching or has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertStage {
    /// The deadline is near (the last `DueSoon` period before it). Severity is always Low.
    DueSoon,
    /// The deadline has passed, or the alert is about something that has already happened.
    Overdue,
}

impl AlertStage {
    pub fn as_str(&self) -> &'static str {
        match self {
            AlertStage::DueSoon => "due_soon",
            AlertStage::Overdue => "overdue",
        }
    }

    pub fn parse(s: &str) -> Option<AlertStage> {
        [AlertStage::DueSoon, AlertStage::Overdue]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $sev:ident, $meaning:literal, $clears:literal; )*) => {
        /// Every alert HomeSafe raises.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum AlertCode {
            $( $(#[$doc])* $variant, )*
        }

        impl AlertCode {
            pub const ALL: &'static [AlertCode] = &[$(AlertCode::$variant),*];

            /// The stable code, e.g. `complaint.stage2.response_overdue`.
            pub fn as_str(&self) -> &'static str {
                match self { $(AlertCode::$variant => $code,)* }
            }

            /// The severity when overdue (due-soon warnings are always [`Severity::Low`]).
            pub fn severity(&self) -> Severity {
                match self { $(AlertCode::$variant => Severity::$sev,)* }
            }

            /// What the alert means, for the catalogue in docs/rules.md and for help text.
            pub fn meaning(&self) -> &'static str {
                match self { $(AlertCode::$variant => $meaning,)* }
            }

            /// What clears it.
            pub fn clears_when(&self) -> &'static str {
                match self { $(AlertCode::$variant => $clears,)* }
            }

            pub fn parse(s: &str) -> Option<AlertCode> {
                AlertCode::ALL.iter().copied().find(|c| c.as_str() == s)
            }
        }
    };
}

codes! {
    ReportNotTriaged = "report.not_triaged", High,
        "A report (service request) has not been triaged within the landlord's triage period: no triage, no works order, no hazard classification.",
        "the report is triaged, a works order is raised for it, a hazard it opened is classified, or it is closed";
    RepairTargetMissed = "repair.target_missed", High,
        "The landlord's own target for the report's priority has passed: an emergency not completed, or no appointment offered for a routine repair.",
        "a works order for the report is believed done, an appointment is booked (for appointment targets), or the report is closed";
    AppointmentChangedResidentNotTold = "appointment.changed_resident_not_told", Medium,
        "An appointment was booked, rearranged or cancelled and the record says the resident was not told.",
        "a later change records that the resident was told, an outbound contact about it is logged, or the visit's outcome is recorded";
    AppointmentFailedNoFollowOn = "appointment.failed_no_follow_on", High,
        "A visit failed (no access, operative did not attend, could not complete) and no follow-on is on the record within the follow-on period.",
        "a new appointment on the works order, a follow-on works order, another works order for the same report, or the works order completed or cancelled";
    JobClosedWithoutEvidence = "job.closed_without_evidence", Medium,
        "A works order was completed with no evidence, no resident confirmation and no post-inspection; for complaint or hazard work, without resident confirmation or a post-inspection.",
        "evidence is attached (ordinary work), the resident confirms, a post-inspection passes, or the completion is withdrawn";
    JobClaimedCompleteDisputed = "job.claimed_complete_disputed", High,
        "Someone disputes that work recorded as done was done, or done properly.",
        "the resident confirms the work, or a post-inspection passes, after the dispute";
    HazardEmergencyOverdue = "hazard.emergency_overdue", Critical,
        "Awaab's Law: an emergency hazard not investigated and made safe within 24 hours of awareness.",
        "a competent investigation and the relevant safety work are both on the record, or the clock is stopped for one of the three reasons";
    HazardInvestigationOverdue = "hazard.investigation_overdue", High,
        "Awaab's Law: a potential significant hazard not investigated within 10 working days of awareness.",
        "a competent investigation is recorded, or the clock is stopped for one of the three reasons";
    HazardSummaryOverdue = "hazard.summary_overdue", High,
        "Awaab's Law: no written summary within 3 working days of the investigation concluding.",
        "the summary is sent (or all the work was completed within the period), or the clock is stopped";
    HazardSafetyWorkOverdue = "hazard.safety_work_overdue", Critical,
        "Awaab's Law: relevant safety work not done within 5 working days of the investigation concluding.",
        "every safety works order linked to the hazard is believed done, the hazard is reclassified as not significant, or the clock is stopped";
    HazardPreventativeWorkOverdue = "hazard.preventative_work_overdue", High,
        "Awaab's Law: supplementary preventative work not physically started within 12 weeks of the investigation concluding.",
        "each preventative works order has a visit at which work started, or is done, or the clock is stopped";
    HazardAlternativeAccommodationNotConsidered = "hazard.alternative_accommodation_not_considered", Critical,
        "Awaab's Law: the safety-work deadline passed without the work done and with no alternative-accommodation decision recorded.",
        "an alternative-accommodation decision is recorded, the safety work is done, or the clock is stopped";
    HazardRiskAssessmentMissing = "hazard.risk_assessment_missing", High,
        "The landlord's own damp-and-mould policy: recurring damp and mould was identified at a home (a report or job on the hazard matched an earlier one) and no risk assessment is recorded on the hazard within the policy's period.",
        "a risk assessment is recorded on the hazard (hazard.risk_assessed, dated on or after the recurrence was identified), or the hazard is closed";
    RecommendationNotActioned = "recommendation.not_actioned", High,
        "A survey or inspection recommendation has no recorded decision and no works order by its due date.",
        "a decision (act or decline) is recorded or a works order fulfilling it is raised";
    SurveyReportNotHeld = "survey.report_not_held", Medium,
        "A survey or inspection was recorded without its report: no document the landlord holds.",
        "a held document is attached to the survey";
    IssueRecurring = "issue.recurring", Medium,
        "A new report or job is about an issue already on the record (same element, component or hazard type, or a follow-on of closed work) within the recurrence window: it is not a new issue.",
        "the new report is closed or resolved, or the new works order is done or cancelled";
    VulnerabilityReviewOverdue = "vulnerability.review_overdue", Medium,
        "A recorded vulnerability's review date has passed with no review.",
        "a review is recorded (setting the next review date or ending the vulnerability)";
    VulnerabilityPossiblyUnrecorded = "vulnerability.possibly_unrecorded", High,
        "A note, report or complaint about the household mentions a vulnerability (see the word list) but the household has no matching vulnerability record.",
        "a matching vulnerability is recorded for a member of the household";
    ComplaintStage1AckOverdue = "complaint.stage1.ack_overdue", Medium,
        "Stage 1 not acknowledged, defined and logged in time (Code 6.2; earlier Codes and the landlord's policy).",
        "stage 1 is acknowledged or answered, refused or closed";
    ComplaintStage1ResponseOverdue = "complaint.stage1.response_overdue", High,
        "No stage 1 response by the deadline (Code 6.3; the 2020/2022 Codes: 10 working days of logging; the landlord's policy).",
        "the stage 1 response is recorded, or the complaint is refused or closed";
    ComplaintStage2AckOverdue = "complaint.stage2.ack_overdue", Medium,
        "An escalation request not acknowledged in time (Code 6.11; the landlord's policy).",
        "stage 2 is acknowledged or answered, refused or closed";
    ComplaintStage2ResponseOverdue = "complaint.stage2.response_overdue", High,
        "No final (stage 2) response by the deadline (Code 6.14; the 2020/2022 Codes: 20 working days of the escalation request; the landlord's policy).",
        "the stage 2 response is recorded, or the complaint is refused or closed";
    ComplaintExtensionInvalid = "complaint.extension_invalid", Medium,
        "An extension was longer than allowed, sent after the original deadline, without the Ombudsman's details (2024 Code), or a second extension at the same stage.",
        "the stage's response is recorded or the complaint is closed";
    ComplaintActionsNotTracked = "complaint.actions_not_tracked", High,
        "A complaint response listed outstanding actions but no commitment (owner, due date) was recorded for them.",
        "a commitment from the complaint is recorded";
    ComplaintNotOffered = "complaint.not_offered", Medium,
        "A resident was dissatisfied with a service request and the record says they were not offered the choice to complain (Code 1.3, 1.5).",
        "a later record of dissatisfaction with the report offers a complaint, or a complaint about the report is received";
    ComplaintRefusalUnfounded = "complaint.refusal_unfounded", High,
        "A complaint (or its escalation) was refused on a ground the record does not support: out of time though the issue arose within 12 months of the complaint; legal proceedings though no claim was filed at court (a pre-action letter is not proceedings); already considered though the earlier complaint was never answered (Code 2.2, 2.3).",
        "the complaint is acknowledged after the refusal (accepted after all), or the refusal is corrected";
    CommitmentOverdue = "commitment.overdue", High,
        "A promise's due date passed without all its works orders done (a commitment with no works order can never be shown kept).",
        "every linked works order is done or settled by a done follow-on; a reschedule moves the due date (the earlier breach stays on the record)";
    ConductNotInvestigated = "conduct.not_investigated", Medium,
        "A report about a contractor's conduct or workmanship has no investigation on the record within the landlord's investigation period (landlord policy; HomeSafe default 10 working days).",
        "an investigation with the steps taken is recorded (conduct_case.investigated); concluding the case without one does not clear it";
    ConductResponseWithoutInvestigation = "conduct.response_without_investigation", High,
        "A complaint response was issued while a conduct case raised from that complaint, or about a works order it is about, had no investigation (L&Q 202209500: no investigative steps before the complaint responses).",
        "an investigation of the conduct case is recorded (conduct_case.investigated)";
    OmbudsmanInformationOverdue = "ombudsman.information_overdue", High,
        "The Ombudsman asked the landlord for information by a date, and none was provided in answer by then.",
        "information is provided in answer to the request (an ombudsman.information_provided naming it, or the first one after it naming none), or the Ombudsman determines the case";
    OmbudsmanRecommendationUnanswered = "ombudsman.recommendation_unanswered", Medium,
        "The Ombudsman made a recommendation with a date to reply by, and the landlord's answer (accepted, or declined with reasons) is not on the record by then.",
        "the landlord's answer is recorded (ombudsman.recommendation_answered), or compliance with it";
    OmbudsmanOrderOverdue = "ombudsman.order_overdue", Critical,
        "A binding Ombudsman order's due date passed with no compliance recorded.",
        "compliance with the order is recorded";
    RemedyPaymentOverdue = "remedy.payment_overdue", High,
        "A remedy offered or ordered is not fully paid by its due date: the remedy's own, the Ombudsman order's it is paid under, or with neither the landlord's policy period after the offer (28 calendar days by default).",
        "payments (and credits from offers it replaced) reach the amount, or the offer is withdrawn or replaced; a part payment does not clear it";
    CalendarUnknown = "rules.calendar_unknown", High,
        "A deadline could not be computed because the working-day calendar does not know a year's bank holidays.",
        "a newer bank-holidays feed is loaded";
}

impl AlertCode {
    /// The family a code belongs to (the part before the first dot).
    pub fn family(&self) -> &'static str {
        self.as_str().split('.').next().unwrap_or("")
    }
}

impl fmt::Display for AlertCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for AlertCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn codes_are_unique_and_parse_back() {
        let mut seen = HashSet::new();
        for c in AlertCode::ALL {
            assert!(seen.insert(c.as_str()), "duplicate {c}");
            assert_eq!(AlertCode::parse(c.as_str()), Some(*c));
            assert!(!c.meaning().is_empty() && !c.clears_when().is_empty());
        }
        assert_eq!(AlertCode::parse("nope"), None);
        assert!(Severity::Critical > Severity::Low);
    }
}
