//! Repairs (requirements R2, R4, R5): reports, triage, works orders, appointments and
//! completion. Built so the record can say, for every promise of work, whether it happened:
//! appointments record who changed them and whether the resident was told; a visit that could
//! not finish says why; completion carries scope, outcome, who and evidence; a cancellation
//! says what replaces it.

use serde::{Deserialize, Serialize};

use crate::codes::{Channel, Code, Duration, Party};
use crate::events::{EventBody, Invalid};
use crate::hazards::HazardType;
use crate::history::{HistoryTime, RecordId};
use crate::references::{Refs, to};

/// Who reported something.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Reporter {
    pub kind: ReporterKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReporterKind {
    Resident,
    Representative,
    Neighbour,
    Staff,
    Operative,
    Contractor,
    HealthProfessional,
    Ombudsman,
    Other,
}

impl Reporter {
    fn refs<'a>(&'a self, prefix: &str, r: &mut Refs<'a>) {
        r.opt(format!("{prefix}.person"), &self.person, to::PERSON);
        r.opt(
            format!("{prefix}.representative"),
            &self.representative,
            to::REPRESENTATIVE,
        );
    }
}

/// A report of a problem (a service request in the Complaint Handling Code's terms, 1.4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportReceived {
    pub property: RecordId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<RecordId>,
    pub channel: Channel,
    pub reporter: Reporter,
    pub description: String,
    /// e.g. `kitchen`, `bathroom`, `bedroom_1`, `balcony`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<Code>,
    /// The building element, e.g. `external_wall`, `floor`, `waste_pipe`, `soil_stack`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element: Option<Code>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<RecordId>,
}
impl EventBody for ReportReceived {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("property", &self.property, to::PROPERTY);
        r.opt("component", &self.component, to::COMPONENT);
        self.reporter.refs("reporter", r);
        r.many("photos", &self.photos, to::DOCUMENT);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportAcknowledged {
    pub channel: Channel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}
impl EventBody for ReportAcknowledged {}

/// Triage under the landlord's repair policy, with a possible HHSRS hazard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportTriaged {
    /// A priority from the landlord's repair policy, e.g. `emergency`, `urgent`, `routine`.
    pub priority: Code,
    /// e.g. `damp_mould`, `leak`, `pests`, `drainage`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Code>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hazard_suspected: Option<HazardType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<HistoryTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}
impl EventBody for ReportTriaged {}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportClosed {
    /// e.g. `resolved`, `duplicate`, `no_fault_found`, `withdrawn`, `referred`.
    pub outcome: Code,
    pub reason: String,
}
impl EventBody for ReportClosed {}

/// What a job is for; hazard work is tracked against the Awaab's Law steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WorkPurpose {
    Repair,
    Inspection,
    Safety,
    Preventative,
    FollowOn,
    Cleaning,
}

/// The task: a schedule-of-rates code where the landlord uses one, always a description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Task {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WorksOrderRaised {
    pub property: RecordId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hazard: Option<RecordId>,
    pub purpose: WorkPurpose,
    pub task: Task,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trade: Option<Code>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contractor: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_duration: Option<Duration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Code>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<HistoryTime>,
    /// The order this one follows on from (an incomplete visit, a second trade).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_on_of: Option<RecordId>,
    /// Commitments, survey recommendations or Ombudsman orders this work fulfils.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fulfils: Vec<RecordId>,
}
impl EventBody for WorksOrderRaised {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("property", &self.property, to::PROPERTY);
        r.opt("report", &self.report, to::REPORT);
        r.opt("component", &self.component, to::COMPONENT);
        r.opt("hazard", &self.hazard, to::HAZARD);
        r.opt("contractor", &self.contractor, to::CONTRACTOR);
        r.opt("follow_on_of", &self.follow_on_of, to::WORKS_ORDER);
        r.many("fulfils", &self.fulfils, to::FULFILLABLE);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WorksOrderAssigned {
    pub contractor: RecordId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operative: Option<RecordId>,
}
impl EventBody for WorksOrderAssigned {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("contractor", &self.contractor, to::CONTRACTOR);
        r.opt("operative", &self.operative, to::OPERATIVE);
    }
}

/// The scope or estimate changed (a variation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WorksOrderVaried {
    pub task: Task,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_duration: Option<Duration>,
    pub reason: String,
}
impl EventBody for WorksOrderVaried {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CompletionOutcome {
    Resolved,
    PartlyResolved,
    NotResolved,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WorksOrderCompleted {
    pub completed_on: HistoryTime,
    /// What was actually done — not what was ordered.
    pub scope_done: String,
    pub outcome: CompletionOutcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operative: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contractor: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<RecordId>,
    /// Fixed on the first visit (the landlord's first-time-fix measure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_time_fix: Option<bool>,
}
impl EventBody for WorksOrderCompleted {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.opt("operative", &self.operative, to::OPERATIVE);
        r.opt("contractor", &self.contractor, to::CONTRACTOR);
        r.many("evidence", &self.evidence, to::DOCUMENT);
    }
    fn check(&self) -> Result<(), Invalid> {
        if self.scope_done.trim().is_empty() {
            return Err(Invalid::new("scope_done", "say what was actually done"));
        }
        Ok(())
    }
}

/// The resident (or their representative) confirms the work was done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WorksOrderConfirmed {
    pub by: Party,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}
impl EventBody for WorksOrderConfirmed {}

/// Someone says work recorded as done was not done, or not done properly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WorksOrderDisputed {
    pub by: Party,
    pub what: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<RecordId>,
}
impl EventBody for WorksOrderDisputed {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.many("evidence", &self.evidence, to::DOCUMENT);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WorksOrderPostInspected {
    pub inspector: String,
    pub passed: bool,
    pub findings: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<RecordId>,
}
impl EventBody for WorksOrderPostInspected {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.many("evidence", &self.evidence, to::DOCUMENT);
    }
}

/// Cancellation needs a reason and says what replaces the work — or why nothing does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WorksOrderCancelled {
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_replacement_because: Option<String>,
}
impl EventBody for WorksOrderCancelled {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.opt("replaced_by", &self.replaced_by, to::WORKS_ORDER);
    }
    fn check(&self) -> Result<(), Invalid> {
        if self.reason.trim().is_empty() {
            return Err(Invalid::new("reason", "a cancellation needs a reason"));
        }
        match (&self.replaced_by, &self.no_replacement_because) {
            (Some(_), None) | (None, Some(_)) => Ok(()),
            (None, None) => Err(Invalid::new(
                "replaced_by",
                "say which works order replaces this one, or give no_replacement_because",
            )),
            (Some(_), Some(_)) => Err(Invalid::new(
                "no_replacement_because",
                "give replaced_by or no_replacement_because, not both",
            )),
        }
    }
}

/// Whether and how the resident was told about an appointment change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResidentTold {
    pub told: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub how: Option<Channel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<HistoryTime>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AppointmentBooked {
    pub works_order: RecordId,
    pub date: HistoryTime,
    /// e.g. `am`, `pm`, `all_day`, `08:00-12:00`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<String>,
    pub decided_by: Party,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident_told: Option<ResidentTold>,
}
impl EventBody for AppointmentBooked {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("works_order", &self.works_order, to::WORKS_ORDER);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AppointmentRearranged {
    pub date: HistoryTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<String>,
    pub decided_by: Party,
    pub why: String,
    pub resident_told: ResidentTold,
}
impl EventBody for AppointmentRearranged {}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AppointmentCancelled {
    pub decided_by: Party,
    pub why: String,
    pub resident_told: ResidentTold,
}
impl EventBody for AppointmentCancelled {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VisitOutcome {
    Completed,
    NoAccess,
    OperativeDidNotAttend,
    CouldNotComplete,
}

/// What happened at an appointment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AppointmentOutcome {
    pub outcome: VisitOutcome,
    /// Why it could not be completed ("needs two days, booked one", "area too large for the
    /// hours set aside"), or how access was attempted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operative: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}
impl EventBody for AppointmentOutcome {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.opt("operative", &self.operative, to::OPERATIVE);
    }
    fn check(&self) -> Result<(), Invalid> {
        let needs_reason = matches!(
            self.outcome,
            VisitOutcome::CouldNotComplete | VisitOutcome::NoAccess
        );
        if needs_reason && self.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
            return Err(Invalid::new(
                "reason",
                "say why the visit could not be completed, or how access was attempted",
            ));
        }
        Ok(())
    }
}
