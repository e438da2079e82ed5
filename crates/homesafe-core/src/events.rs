//! The event catalogue: every kind of event the history can hold, its data, the record it is
//! about and the references it makes. `docs/history-format.md` documents the same catalogue
//! for people writing importers; a test keeps the two in step.

use serde::{Deserialize, Serialize};

use crate::commitments::*;
use crate::complaints::*;
use crate::contacts::*;
use crate::contractors::*;
use crate::documents::*;
use crate::estate::*;
use crate::hazards::*;
use crate::legal::*;
use crate::ombudsman::*;
use crate::people::*;
use crate::references::{RecordKind, Refs};
use crate::remedies::*;
use crate::repairs::*;
use crate::surveys::*;

/// A rule a well-formed event broke, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct Invalid {
    pub field: String,
    pub reason: String,
}

impl Invalid {
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// What every event's data can tell about itself.
pub trait EventBody {
    /// The references to other records this data makes.
    fn refs<'a>(&'a self, _r: &mut Refs<'a>) {}
    /// Rules beyond the shape (e.g. a cancellation names its replacement).
    fn check(&self) -> Result<(), Invalid> {
        Ok(())
    }
}

/// A correction that withdraws an earlier event without replacing it ("entered in error").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EntryVoided {}
impl EventBody for EntryVoided {}

/// The data of an event, by type. The `type` strings are the history format's vocabulary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", content = "data")]
pub enum EventData {
    #[serde(rename = "landlord.registered")]
    LandlordRegistered(LandlordRegistered),
    #[serde(rename = "estate.registered")]
    EstateRegistered(EstateRegistered),
    #[serde(rename = "block.registered")]
    BlockRegistered(BlockRegistered),
    #[serde(rename = "component.registered")]
    ComponentRegistered(ComponentRegistered),
    #[serde(rename = "property.registered")]
    PropertyRegistered(PropertyRegistered),
    #[serde(rename = "property.rent_set")]
    PropertyRentSet(PropertyRentSet),

    #[serde(rename = "person.registered")]
    PersonRegistered(PersonRegistered),
    #[serde(rename = "tenancy.started")]
    TenancyStarted(TenancyStarted),
    #[serde(rename = "tenancy.member_added")]
    HouseholdMemberAdded(HouseholdMemberAdded),
    #[serde(rename = "tenancy.ended")]
    TenancyEnded(TenancyEnded),
    #[serde(rename = "representative.registered")]
    RepresentativeRegistered(RepresentativeRegistered),
    #[serde(rename = "vulnerability.recorded")]
    VulnerabilityRecorded(VulnerabilityRecorded),
    #[serde(rename = "vulnerability.reviewed")]
    VulnerabilityReviewed(VulnerabilityReviewed),
    #[serde(rename = "adjustment.agreed")]
    AdjustmentAgreed(AdjustmentAgreed),

    #[serde(rename = "report.received")]
    ReportReceived(ReportReceived),
    #[serde(rename = "report.acknowledged")]
    ReportAcknowledged(ReportAcknowledged),
    #[serde(rename = "report.triaged")]
    ReportTriaged(ReportTriaged),
    #[serde(rename = "report.closed")]
    ReportClosed(ReportClosed),
    #[serde(rename = "report.dissatisfaction_expressed")]
    ReportDissatisfaction(ReportDissatisfaction),
    #[serde(rename = "works_order.raised")]
    WorksOrderRaised(WorksOrderRaised),
    #[serde(rename = "works_order.assigned")]
    WorksOrderAssigned(WorksOrderAssigned),
    #[serde(rename = "works_order.varied")]
    WorksOrderVaried(WorksOrderVaried),
    #[serde(rename = "works_order.completed")]
    WorksOrderCompleted(WorksOrderCompleted),
    #[serde(rename = "works_order.confirmed")]
    WorksOrderConfirmed(WorksOrderConfirmed),
    #[serde(rename = "works_order.disputed")]
    WorksOrderDisputed(WorksOrderDisputed),
    #[serde(rename = "works_order.post_inspected")]
    WorksOrderPostInspected(WorksOrderPostInspected),
    #[serde(rename = "works_order.cancelled")]
    WorksOrderCancelled(WorksOrderCancelled),
    #[serde(rename = "appointment.booked")]
    AppointmentBooked(AppointmentBooked),
    #[serde(rename = "appointment.rearranged")]
    AppointmentRearranged(AppointmentRearranged),
    #[serde(rename = "appointment.cancelled")]
    AppointmentCancelled(AppointmentCancelled),
    #[serde(rename = "appointment.outcome")]
    AppointmentOutcome(AppointmentOutcome),

    #[serde(rename = "hazard.opened")]
    HazardOpened(HazardOpened),
    #[serde(rename = "hazard.classified")]
    HazardClassified(HazardClassified),
    #[serde(rename = "hazard.investigated")]
    HazardInvestigated(HazardInvestigated),
    #[serde(rename = "hazard.summary_sent")]
    HazardSummarySent(HazardSummarySent),
    #[serde(rename = "hazard.works_linked")]
    HazardWorksLinked(HazardWorksLinked),
    #[serde(rename = "hazard.alternative_accommodation")]
    AlternativeAccommodationDecided(AlternativeAccommodationDecided),
    #[serde(rename = "hazard.risk_assessed")]
    HazardRiskAssessed(HazardRiskAssessed),
    #[serde(rename = "hazard.clock_stopped")]
    HazardClockStopped(HazardClockStopped),
    #[serde(rename = "hazard.closed")]
    HazardClosed(HazardClosed),

    #[serde(rename = "survey.recorded")]
    SurveyRecorded(SurveyRecorded),
    #[serde(rename = "recommendation.decided")]
    RecommendationDecided(RecommendationDecided),
    #[serde(rename = "document.added")]
    DocumentAdded(DocumentAdded),
    #[serde(rename = "document.linked")]
    DocumentLinked(DocumentLinked),
    #[serde(rename = "contact.logged")]
    ContactLogged(ContactLogged),

    #[serde(rename = "contractor.registered")]
    ContractorRegistered(ContractorRegistered),
    #[serde(rename = "operative.registered")]
    OperativeRegistered(OperativeRegistered),
    #[serde(rename = "quote.received")]
    QuoteReceived(QuoteReceived),
    #[serde(rename = "invoice.received")]
    InvoiceReceived(InvoiceReceived),
    #[serde(rename = "conduct_case.opened")]
    ConductCaseOpened(ConductCaseOpened),
    #[serde(rename = "conduct_case.investigated")]
    ConductCaseInvestigated(ConductCaseInvestigated),
    #[serde(rename = "conduct_case.concluded")]
    ConductCaseConcluded(ConductCaseConcluded),

    #[serde(rename = "complaint.received")]
    ComplaintReceived(ComplaintReceived),
    #[serde(rename = "complaint.acknowledged")]
    ComplaintAcknowledged(ComplaintAcknowledged),
    #[serde(rename = "complaint.extended")]
    ComplaintExtended(ComplaintExtended),
    #[serde(rename = "complaint.responded")]
    ComplaintResponded(ComplaintResponded),
    #[serde(rename = "complaint.escalation_requested")]
    EscalationRequested(EscalationRequested),
    #[serde(rename = "complaint.refused")]
    ComplaintRefused(ComplaintRefused),
    #[serde(rename = "complaint.issue_raised")]
    ComplaintIssueRaised(ComplaintIssueRaised),
    #[serde(rename = "complaint.closed")]
    ComplaintClosed(ComplaintClosed),
    #[serde(rename = "remedy.offered")]
    RemedyOffered(RemedyOffered),
    #[serde(rename = "remedy.paid")]
    RemedyPaid(RemedyPaid),
    #[serde(rename = "remedy.credited")]
    RemedyCredited(RemedyCredited),
    #[serde(rename = "remedy.withdrawn")]
    RemedyWithdrawn(RemedyWithdrawn),
    #[serde(rename = "commitment.made")]
    CommitmentMade(CommitmentMade),
    #[serde(rename = "commitment.works_linked")]
    CommitmentWorksLinked(CommitmentWorksLinked),
    #[serde(rename = "commitment.rescheduled")]
    CommitmentRescheduled(CommitmentRescheduled),
    #[serde(rename = "ombudsman.case_opened")]
    OmbudsmanCaseOpened(OmbudsmanCaseOpened),
    #[serde(rename = "ombudsman.information_requested")]
    OmbudsmanInformationRequested(OmbudsmanInformationRequested),
    #[serde(rename = "ombudsman.information_provided")]
    OmbudsmanInformationProvided(OmbudsmanInformationProvided),
    #[serde(rename = "ombudsman.determined")]
    OmbudsmanDetermined(OmbudsmanDetermined),
    #[serde(rename = "ombudsman.order_made")]
    OmbudsmanOrderMade(OmbudsmanOrderMade),
    #[serde(rename = "ombudsman.order_complied")]
    OmbudsmanOrderComplied(OmbudsmanOrderComplied),
    #[serde(rename = "ombudsman.recommendation_answered")]
    OmbudsmanRecommendationAnswered(OmbudsmanRecommendationAnswered),
    #[serde(rename = "legal_case.opened")]
    LegalCaseOpened(LegalCaseOpened),
    #[serde(rename = "legal_case.progressed")]
    LegalCaseProgressed(LegalCaseProgressed),

    #[serde(rename = "entry.voided")]
    EntryVoided(EntryVoided),
}

/// How an event relates to its subject record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectRule {
    /// The event creates the subject, a new record of this kind.
    Creates(RecordKind),
    /// The event changes an existing record of this kind.
    Changes(RecordKind),
    /// The event changes an existing record of any kind (a voiding correction).
    ChangesAny,
}

macro_rules! each_variant {
    ($self:ident, $d:ident => $body:expr) => {
        match $self {
            EventData::LandlordRegistered($d) => $body,
            EventData::EstateRegistered($d) => $body,
            EventData::BlockRegistered($d) => $body,
            EventData::ComponentRegistered($d) => $body,
            EventData::PropertyRegistered($d) => $body,
            EventData::PropertyRentSet($d) => $body,
            EventData::PersonRegistered($d) => $body,
            EventData::TenancyStarted($d) => $body,
            EventData::HouseholdMemberAdded($d) => $body,
            EventData::TenancyEnded($d) => $body,
            EventData::RepresentativeRegistered($d) => $body,
            EventData::VulnerabilityRecorded($d) => $body,
            EventData::VulnerabilityReviewed($d) => $body,
            EventData::AdjustmentAgreed($d) => $body,
            EventData::ReportReceived($d) => $body,
            EventData::ReportAcknowledged($d) => $body,
            EventData::ReportTriaged($d) => $body,
            EventData::ReportClosed($d) => $body,
            EventData::ReportDissatisfaction($d) => $body,
            EventData::WorksOrderRaised($d) => $body,
            EventData::WorksOrderAssigned($d) => $body,
            EventData::WorksOrderVaried($d) => $body,
            EventData::WorksOrderCompleted($d) => $body,
            EventData::WorksOrderConfirmed($d) => $body,
            EventData::WorksOrderDisputed($d) => $body,
            EventData::WorksOrderPostInspected($d) => $body,
            EventData::WorksOrderCancelled($d) => $body,
            EventData::AppointmentBooked($d) => $body,
            EventData::AppointmentRearranged($d) => $body,
            EventData::AppointmentCancelled($d) => $body,
            EventData::AppointmentOutcome($d) => $body,
            EventData::HazardOpened($d) => $body,
            EventData::HazardClassified($d) => $body,
            EventData::HazardInvestigated($d) => $body,
            EventData::HazardSummarySent($d) => $body,
            EventData::HazardWorksLinked($d) => $body,
            EventData::AlternativeAccommodationDecided($d) => $body,
            EventData::HazardRiskAssessed($d) => $body,
            EventData::HazardClockStopped($d) => $body,
            EventData::HazardClosed($d) => $body,
            EventData::SurveyRecorded($d) => $body,
            EventData::RecommendationDecided($d) => $body,
            EventData::DocumentAdded($d) => $body,
            EventData::DocumentLinked($d) => $body,
            EventData::ContactLogged($d) => $body,
            EventData::ContractorRegistered($d) => $body,
            EventData::OperativeRegistered($d) => $body,
            EventData::QuoteReceived($d) => $body,
            EventData::InvoiceReceived($d) => $body,
            EventData::ConductCaseOpened($d) => $body,
            EventData::ConductCaseInvestigated($d) => $body,
            EventData::ConductCaseConcluded($d) => $body,
            EventData::ComplaintReceived($d) => $body,
            EventData::ComplaintAcknowledged($d) => $body,
            EventData::ComplaintExtended($d) => $body,
            EventData::ComplaintResponded($d) => $body,
            EventData::EscalationRequested($d) => $body,
            EventData::ComplaintRefused($d) => $body,
            EventData::ComplaintIssueRaised($d) => $body,
            EventData::ComplaintClosed($d) => $body,
            EventData::RemedyOffered($d) => $body,
            EventData::RemedyPaid($d) => $body,
            EventData::RemedyCredited($d) => $body,
            EventData::RemedyWithdrawn($d) => $body,
            EventData::CommitmentMade($d) => $body,
            EventData::CommitmentWorksLinked($d) => $body,
            EventData::CommitmentRescheduled($d) => $body,
            EventData::OmbudsmanCaseOpened($d) => $body,
            EventData::OmbudsmanInformationRequested($d) => $body,
            EventData::OmbudsmanInformationProvided($d) => $body,
            EventData::OmbudsmanDetermined($d) => $body,
            EventData::OmbudsmanOrderMade($d) => $body,
            EventData::OmbudsmanOrderComplied($d) => $body,
            EventData::OmbudsmanRecommendationAnswered($d) => $body,
            EventData::LegalCaseOpened($d) => $body,
            EventData::LegalCaseProgressed($d) => $body,
            EventData::EntryVoided($d) => $body,
        }
    };
}

impl EventData {
    /// The references this event's data makes.
    pub fn refs(&self) -> Refs<'_> {
        let mut r = Refs::default();
        each_variant!(self, d => d.refs(&mut r));
        r
    }

    pub fn check(&self) -> Result<(), Invalid> {
        each_variant!(self, d => d.check())
    }

    /// The record this event creates or changes.
    pub fn subject_rule(&self) -> SubjectRule {
        use RecordKind as K;
        use SubjectRule::{Changes, ChangesAny, Creates};
        match self {
            EventData::LandlordRegistered(_) => Creates(K::Landlord),
            EventData::EstateRegistered(_) => Creates(K::Estate),
            EventData::BlockRegistered(_) => Creates(K::Block),
            EventData::ComponentRegistered(_) => Creates(K::Component),
            EventData::PropertyRegistered(_) => Creates(K::Property),
            EventData::PropertyRentSet(_) => Changes(K::Property),
            EventData::PersonRegistered(_) => Creates(K::Person),
            EventData::TenancyStarted(_) => Creates(K::Tenancy),
            EventData::HouseholdMemberAdded(_) | EventData::TenancyEnded(_) => Changes(K::Tenancy),
            EventData::RepresentativeRegistered(_) => Creates(K::Representative),
            EventData::VulnerabilityRecorded(_) => Creates(K::Vulnerability),
            EventData::VulnerabilityReviewed(_) => Changes(K::Vulnerability),
            EventData::AdjustmentAgreed(_) => Creates(K::Adjustment),
            EventData::ReportReceived(_) => Creates(K::Report),
            EventData::ReportAcknowledged(_)
            | EventData::ReportTriaged(_)
            | EventData::ReportClosed(_)
            | EventData::ReportDissatisfaction(_) => Changes(K::Report),
            EventData::WorksOrderRaised(_) => Creates(K::WorksOrder),
            EventData::WorksOrderAssigned(_)
            | EventData::WorksOrderVaried(_)
            | EventData::WorksOrderCompleted(_)
            | EventData::WorksOrderConfirmed(_)
            | EventData::WorksOrderDisputed(_)
            | EventData::WorksOrderPostInspected(_)
            | EventData::WorksOrderCancelled(_) => Changes(K::WorksOrder),
            EventData::AppointmentBooked(_) => Creates(K::Appointment),
            EventData::AppointmentRearranged(_)
            | EventData::AppointmentCancelled(_)
            | EventData::AppointmentOutcome(_) => Changes(K::Appointment),
            EventData::HazardOpened(_) => Creates(K::Hazard),
            EventData::HazardClassified(_)
            | EventData::HazardInvestigated(_)
            | EventData::HazardSummarySent(_)
            | EventData::HazardWorksLinked(_)
            | EventData::AlternativeAccommodationDecided(_)
            | EventData::HazardRiskAssessed(_)
            | EventData::HazardClockStopped(_)
            | EventData::HazardClosed(_) => Changes(K::Hazard),
            EventData::SurveyRecorded(_) => Creates(K::Survey),
            EventData::RecommendationDecided(_) => Changes(K::Recommendation),
            EventData::DocumentAdded(_) => Creates(K::Document),
            EventData::DocumentLinked(_) => Changes(K::Document),
            EventData::ContactLogged(_) => Creates(K::Contact),
            EventData::ContractorRegistered(_) => Creates(K::Contractor),
            EventData::OperativeRegistered(_) => Creates(K::Operative),
            EventData::QuoteReceived(_) => Creates(K::Quote),
            EventData::InvoiceReceived(_) => Creates(K::Invoice),
            EventData::ConductCaseOpened(_) => Creates(K::ConductCase),
            EventData::ConductCaseInvestigated(_) | EventData::ConductCaseConcluded(_) => {
                Changes(K::ConductCase)
            }
            EventData::ComplaintReceived(_) => Creates(K::Complaint),
            EventData::ComplaintAcknowledged(_)
            | EventData::ComplaintExtended(_)
            | EventData::ComplaintResponded(_)
            | EventData::EscalationRequested(_)
            | EventData::ComplaintRefused(_)
            | EventData::ComplaintIssueRaised(_)
            | EventData::ComplaintClosed(_) => Changes(K::Complaint),
            EventData::RemedyOffered(_) => Creates(K::Remedy),
            EventData::RemedyPaid(_)
            | EventData::RemedyCredited(_)
            | EventData::RemedyWithdrawn(_) => Changes(K::Remedy),
            EventData::CommitmentMade(_) => Creates(K::Commitment),
            EventData::CommitmentWorksLinked(_) | EventData::CommitmentRescheduled(_) => {
                Changes(K::Commitment)
            }
            EventData::OmbudsmanCaseOpened(_) => Creates(K::OmbudsmanCase),
            EventData::OmbudsmanInformationRequested(_)
            | EventData::OmbudsmanInformationProvided(_)
            | EventData::OmbudsmanDetermined(_) => Changes(K::OmbudsmanCase),
            EventData::OmbudsmanOrderMade(_) => Creates(K::OmbudsmanOrder),
            EventData::OmbudsmanOrderComplied(_)
            | EventData::OmbudsmanRecommendationAnswered(_) => Changes(K::OmbudsmanOrder),
            EventData::LegalCaseOpened(_) => Creates(K::LegalCase),
            EventData::LegalCaseProgressed(_) => Changes(K::LegalCase),
            EventData::EntryVoided(_) => ChangesAny,
        }
    }

    /// Records created by this event besides its subject (a survey's recommendations).
    pub fn also_creates(&self) -> Vec<(&crate::history::RecordId, RecordKind)> {
        match self {
            EventData::SurveyRecorded(s) => s
                .recommendations
                .iter()
                .map(|r| (&r.id, RecordKind::Recommendation))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The status a record takes after this event, for the current-state tables.
    pub fn status_after(&self) -> Option<&'static str> {
        Some(match self {
            EventData::ReportReceived(_) => "received",
            EventData::ReportAcknowledged(_) => "acknowledged",
            EventData::ReportTriaged(_) => "triaged",
            EventData::ReportClosed(_) => "closed",
            EventData::WorksOrderRaised(_) => "raised",
            EventData::WorksOrderAssigned(_) => "assigned",
            EventData::WorksOrderCompleted(_) => "completed",
            EventData::WorksOrderConfirmed(_) => "confirmed",
            EventData::WorksOrderDisputed(_) => "disputed",
            EventData::WorksOrderPostInspected(p) => {
                if p.passed {
                    "post_inspection_passed"
                } else {
                    "post_inspection_failed"
                }
            }
            EventData::WorksOrderCancelled(_) => "cancelled",
            EventData::AppointmentBooked(_) | EventData::AppointmentRearranged(_) => "booked",
            EventData::AppointmentCancelled(_) => "cancelled",
            EventData::AppointmentOutcome(o) => match o.outcome {
                VisitOutcome::Completed => "completed",
                VisitOutcome::NoAccess => "no_access",
                VisitOutcome::OperativeDidNotAttend => "operative_did_not_attend",
                VisitOutcome::CouldNotComplete => "could_not_complete",
            },
            EventData::HazardOpened(_) => "open",
            EventData::HazardClassified(_) => "classified",
            EventData::HazardInvestigated(_) => "investigated",
            EventData::HazardClockStopped(_) => "clock_stopped",
            EventData::HazardClosed(_) => "closed",
            EventData::ComplaintReceived(_) => "stage1_received",
            EventData::ComplaintAcknowledged(a) => match a.stage {
                Stage::One => "stage1_acknowledged",
                Stage::Two => "stage2_acknowledged",
            },
            EventData::ComplaintResponded(r) => match r.stage {
                Stage::One => "stage1_responded",
                Stage::Two => "stage2_responded",
            },
            EventData::EscalationRequested(_) => "stage2_requested",
            EventData::ComplaintRefused(_) => "refused",
            EventData::ComplaintClosed(_) => "closed",
            EventData::RemedyOffered(_) => "offered",
            EventData::RemedyPaid(_) => "paid",
            EventData::RemedyCredited(_) => "credited",
            EventData::RemedyWithdrawn(_) => "withdrawn",
            EventData::CommitmentMade(_) => "open",
            EventData::RecommendationDecided(d) => match d.decision {
                RecommendationDecision::Act => "actioned",
                RecommendationDecision::Decline => "declined",
            },
            EventData::OmbudsmanCaseOpened(_) => "open",
            EventData::OmbudsmanDetermined(_) => "determined",
            EventData::OmbudsmanOrderMade(_) => "open",
            EventData::OmbudsmanOrderComplied(_) => "complied",
            EventData::OmbudsmanRecommendationAnswered(a) => {
                if a.accepted {
                    "accepted"
                } else {
                    "declined"
                }
            }
            EventData::ConductCaseOpened(_) => "open",
            EventData::ConductCaseInvestigated(_) => "investigated",
            EventData::ConductCaseConcluded(_) => "concluded",
            EventData::TenancyStarted(_) => "active",
            EventData::TenancyEnded(_) => "ended",
            EventData::VulnerabilityRecorded(_) => "current",
            EventData::VulnerabilityReviewed(r) => match r.outcome {
                ReviewOutcome::Ended => "ended",
                _ => "current",
            },
            EventData::LegalCaseOpened(LegalCaseOpened { stage, .. })
            | EventData::LegalCaseProgressed(LegalCaseProgressed { stage, .. }) => match stage {
                LegalStage::PreAction => "pre_action",
                LegalStage::ProceedingsIssued => "proceedings_issued",
                LegalStage::Settled => "settled",
                LegalStage::Closed => "closed",
            },
            _ => return None,
        })
    }
}
