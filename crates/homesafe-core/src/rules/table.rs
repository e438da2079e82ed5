//! The rule table: every rule in force on a date, with its limit, what starts, pauses, stops and
//! satisfies it, its source, its dates and status — `homesafe rules --on DATE` prints it. The
//! values are read from the rule modules and the configuration; nothing is restated here.

use std::borrow::Cow;

use jiff::civil::Date;
use serde::Serialize;

use super::alerts::AlertCode;
use super::clock::Limit;
use super::complaint_code::{self, ComplaintRules, TimeRule, code_in_force};
use super::config::RulesConfig;
use super::remedy_bands::RemedyBands;
use super::repair_policy::RepairPolicy;
use crate::history::RecordId;

/// Whether a rule's value and source are confirmed by a primary source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleStatus {
    Confirmed,
    /// Not seen in a primary source (rules.md legend): verify before relying on it.
    Unconfirmed,
}

impl RuleStatus {
    fn from(confirmed: bool) -> RuleStatus {
        if confirmed {
            RuleStatus::Confirmed
        } else {
            RuleStatus::Unconfirmed
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            RuleStatus::Confirmed => "confirmed",
            RuleStatus::Unconfirmed => "UNCONFIRMED",
        }
    }
}

/// One row of the rule table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleEntry {
    /// Stable id, cited by alerts (`AlertSpan::rule`).
    pub id: Cow<'static, str>,
    pub title: Cow<'static, str>,
    /// How long the duty may take; `None` for immediate checks and definitions.
    pub limit: Option<Limit>,
    /// What starts the clock.
    pub start: Cow<'static, str>,
    /// What pauses or stops it (with the evidence required).
    pub pause_stop: Cow<'static, str>,
    /// What satisfies it.
    pub satisfied_by: Cow<'static, str>,
    pub source: Cow<'static, str>,
    pub effective_from: Option<Date>,
    pub effective_to: Option<Date>,
    pub status: RuleStatus,
    /// Whether the landlord may set its own value.
    pub landlord_configurable: bool,
    /// The landlord whose policy this is (`None`: the law, the Code or HomeSafe's default).
    pub landlord: Option<RecordId>,
    /// The alert the rule raises.
    #[serde(serialize_with = "ser_code")]
    pub alert: Option<AlertCode>,
}

fn ser_code<S: serde::Serializer>(c: &Option<AlertCode>, s: S) -> Result<S::Ok, S::Error> {
    match c {
        Some(c) => s.serialize_str(c.as_str()),
        None => s.serialize_none(),
    }
}

struct Row {
    id: Cow<'static, str>,
    title: Cow<'static, str>,
    limit: Option<Limit>,
    start: Cow<'static, str>,
    pause_stop: Cow<'static, str>,
    satisfied_by: Cow<'static, str>,
    source: Cow<'static, str>,
    confirmed: bool,
    configurable: bool,
    alert: Option<AlertCode>,
}

impl Row {
    fn entry(self, from: Option<Date>, to: Option<Date>, landlord: Option<RecordId>) -> RuleEntry {
        RuleEntry {
            id: self.id,
            title: self.title,
            limit: self.limit,
            start: self.start,
            pause_stop: self.pause_stop,
            satisfied_by: self.satisfied_by,
            source: self.source,
            effective_from: from,
            effective_to: to,
            status: RuleStatus::from(self.confirmed),
            landlord_configurable: self.configurable,
            landlord,
            alert: self.alert,
        }
    }
}

fn c(s: &'static str) -> Cow<'static, str> {
    Cow::Borrowed(s)
}

const COMPLAINT_STOP: &str = "refusal with a Section 2 ground and Ombudsman rights (complaint.refused), or closure; an extension sent before the deadline moves it (capped at the longest extension allowed)";

fn complaint_rows(rules: &ComplaintRules, out: &mut Vec<RuleEntry>) {
    let configurable = rules.landlord.is_some();
    let mut push = |rule: &Option<TimeRule>,
                    title: &'static str,
                    satisfied: &'static str,
                    alert: Option<AlertCode>,
                    stop: &'static str| {
        if let Some(r) = rule {
            out.push(
                Row {
                    id: r.id.clone(),
                    title: Cow::Owned(format!("{title} ({})", rules.name)),
                    limit: Some(r.limit),
                    start: c(r.from.describe()),
                    pause_stop: c(stop),
                    satisfied_by: c(satisfied),
                    source: r.source.clone(),
                    confirmed: r.confirmed && rules.dates_confirmed,
                    configurable,
                    alert,
                }
                .entry(
                    rules.effective_from,
                    rules.effective_to,
                    rules.landlord.clone(),
                ),
            );
        }
    };
    push(
        &rules.stage1_ack,
        "Stage 1: acknowledge, define and log",
        "complaint.acknowledged (stage 1) or the stage 1 response",
        Some(AlertCode::ComplaintStage1AckOverdue),
        COMPLAINT_STOP,
    );
    push(
        &rules.stage1_response,
        "Stage 1: respond",
        "complaint.responded (stage 1); without an acknowledgement the clock runs provisionally from the acknowledgement deadline",
        Some(AlertCode::ComplaintStage1ResponseOverdue),
        COMPLAINT_STOP,
    );
    push(
        &rules.stage1_extension_max,
        "Stage 1: longest extension without good reason",
        "an extension within the limit, sent before the original deadline with reasons and the new date",
        Some(AlertCode::ComplaintExtensionInvalid),
        "—",
    );
    push(
        &rules.stage2_ack,
        "Stage 2: acknowledge, define and log",
        "complaint.acknowledged (stage 2) or the stage 2 response",
        Some(AlertCode::ComplaintStage2AckOverdue),
        COMPLAINT_STOP,
    );
    push(
        &rules.stage2_response,
        "Stage 2: final response",
        "complaint.responded (stage 2); without an acknowledgement the clock runs provisionally from the acknowledgement deadline",
        Some(AlertCode::ComplaintStage2ResponseOverdue),
        COMPLAINT_STOP,
    );
    push(
        &rules.stage2_extension_max,
        "Stage 2: longest extension without good reason",
        "an extension within the limit, sent before the original deadline with reasons and the new date",
        Some(AlertCode::ComplaintExtensionInvalid),
        "—",
    );
    if let Some(src) = &rules.extension_ombudsman_details {
        out.push(
            Row {
                id: Cow::Owned(format!("{}.extension.ombudsman_details", rules.id)),
                title: Cow::Owned(format!(
                    "Every extension gives the Ombudsman's contact details ({})",
                    rules.name
                )),
                limit: None,
                start: c("complaint.extended"),
                pause_stop: c("—"),
                satisfied_by: c("ombudsman_details_given: true"),
                source: src.clone(),
                confirmed: true,
                configurable: false,
                alert: Some(AlertCode::ComplaintExtensionInvalid),
            }
            .entry(rules.effective_from, rules.effective_to, None),
        );
    }
}

fn repair_rows(p: &RepairPolicy, out: &mut Vec<RuleEntry>) {
    let (from, to, landlord) = (p.effective_from, p.effective_to, p.landlord.clone());
    let mut row = |id: String,
                   title: String,
                   limit: Option<Limit>,
                   start: &'static str,
                   stop: &'static str,
                   satisfied: &'static str,
                   source: Cow<'static, str>,
                   confirmed: bool,
                   alert: Option<AlertCode>| {
        out.push(
            Row {
                id: Cow::Owned(id),
                title: Cow::Owned(title),
                limit,
                start: c(start),
                pause_stop: c(stop),
                satisfied_by: c(satisfied),
                source,
                confirmed,
                configurable: true,
                alert,
            }
            .entry(from, to, landlord.clone()),
        );
    };
    let own = p.landlord.is_some();
    row(
        format!("{}.triage", p.id),
        format!("Triage a report ({})", p.name),
        Some(p.triage_within),
        "report.received",
        "report.closed",
        "report.triaged, a works order for the report, or a classification of a hazard it opened",
        Cow::Owned(format!(
            "{}; Complaint Handling Code 2024, 1.4 (service requests recorded, monitored and reviewed)",
            p.periods_source
        )),
        false,
        Some(AlertCode::ReportNotTriaged),
    );
    for t in &p.priorities {
        row(
            format!("{}.{}", p.id, t.priority),
            format!(
                "{} repair: {} ({})",
                t.priority,
                t.measure.describe(),
                p.name
            ),
            Some(t.limit),
            "report.received",
            "report.closed",
            match t.measure {
                crate::rules::repair_policy::Measure::Completed => {
                    "a works order for the report believed done (completed, not disputed since)"
                }
                crate::rules::repair_policy::Measure::AppointmentOffered => {
                    "an appointment booked on a works order for the report (or the work done)"
                }
            },
            t.source.clone(),
            t.confirmed,
            Some(AlertCode::RepairTargetMissed),
        );
    }
    if !(p.emergency_elements.is_empty()
        && p.emergency_components.is_empty()
        && p.emergency_hazards.is_empty())
    {
        let mut what: Vec<String> = p
            .emergency_elements
            .iter()
            .map(|e| format!("element {e}"))
            .collect();
        what.extend(
            p.emergency_components
                .iter()
                .map(|k| format!("component {}", super::alerts::words(k))),
        );
        what.extend(
            p.emergency_hazards
                .iter()
                .map(|h| format!("hazard {}", super::alerts::words(h))),
        );
        row(
            format!("{}.emergencies", p.id),
            format!("Emergencies by policy ({}): {}", p.name, what.join(", ")),
            None,
            "report.received",
            "—",
            "an untriaged report about these takes the emergency target",
            p.source.clone(),
            own,
            Some(AlertCode::RepairTargetMissed),
        );
    }
    row(
        format!("{}.follow_on", p.id),
        format!("Follow-on after a failed visit ({})", p.name),
        Some(p.follow_on_within),
        "appointment.outcome: no_access, operative_did_not_attend or could_not_complete",
        "the works order completed or cancelled",
        "a new appointment on the works order, a follow-on works order, or another works order for the same report",
        Cow::Owned(format!("{}; requirements R4", p.periods_source)),
        false,
        Some(AlertCode::AppointmentFailedNoFollowOn),
    );
    row(
        format!("{}.verify_completion", p.id),
        format!("Verify a completion ({})", p.name),
        Some(p.verify_completion_within),
        "works_order.completed",
        "the completion withdrawn (entry.voided) or the order cancelled",
        "evidence attached; for complaint or hazard work, the resident's confirmation or a passed post-inspection",
        Cow::Owned(format!("{}; requirements R5", p.periods_source)),
        false,
        Some(AlertCode::JobClosedWithoutEvidence),
    );
    row(
        format!("{}.recommendation", p.id),
        format!(
            "Decide a survey recommendation that gives no date ({})",
            p.name
        ),
        Some(p.recommendation_within),
        "survey.recorded (the survey date)",
        "—",
        "recommendation.decided (act or decline, with reasons) or a works order that fulfils it",
        Cow::Owned(format!("{}; requirements R6", p.periods_source)),
        false,
        Some(AlertCode::RecommendationNotActioned),
    );
    row(
        format!("{}.survey_report", p.id),
        format!("Hold a survey's report ({})", p.name),
        Some(p.survey_report_within),
        "survey.recorded",
        "—",
        "a held document attached to the survey",
        Cow::Owned(format!("{}; requirements R6", p.periods_source)),
        false,
        Some(AlertCode::SurveyReportNotHeld),
    );
    if p.first_time_fix {
        row(
            format!("{}.first_time_fix", p.id),
            format!(
                "Aim at a first-time fix ({}): recorded on completions, no clock",
                p.name
            ),
            None,
            "—",
            "—",
            "works_order.completed with first_time_fix",
            p.source.clone(),
            own,
            None,
        );
    }
}

/// One row per band: the Ombudsman's guidance or a compensation policy. Bands judge an amount,
/// they run no clock, so limit and alert are empty.
fn band_rows(set: &RemedyBands, configurable: bool, out: &mut Vec<RuleEntry>) {
    let heads = if set.not_banded.is_empty() {
        "remedy.offered, any head".to_string()
    } else {
        let left_out: Vec<&str> = set.not_banded.iter().map(|h| h.as_str()).collect();
        format!(
            "remedy.offered, any head but {} ({})",
            left_out.join(", "),
            set.not_banded_why
        )
    };
    for b in &set.bands {
        out.push(
            Row {
                id: b.id.clone(),
                title: Cow::Owned(format!("{} {}: {}", set.name, b.range(), b.description)),
                limit: None,
                start: Cow::Owned(heads.clone()),
                pause_stop: c("—"),
                satisfied_by: c(
                    "an amount that reflects the impact on the resident (Complaint Handling Code 2024, 7.2, 7.4)",
                ),
                source: b.source.clone(),
                confirmed: b.confirmed && set.dates_confirmed,
                configurable,
                alert: None,
            }
            .entry(set.effective_from, set.effective_to, set.landlord.clone()),
        );
    }
}

/// Every rule in force on `on`, in a stable order: the calendar, complaints (the Code version,
/// then landlords' policies), Awaab's Law, repair policies (HomeSafe's default, then landlords'),
/// compensation bands (the Ombudsman's, then HomeSafe's default policy, then landlords'), then
/// HomeSafe's own record-keeping rules.
pub fn rules_in_force(on: Date, config: &RulesConfig) -> Vec<RuleEntry> {
    let mut out = Vec::new();
    let known: Vec<String> = config
        .calendar
        .known_years()
        .map(|(y, s)| {
            format!(
                "{y}{}",
                if s == super::calendar::YearStatus::Provisional {
                    " (provisional)"
                } else {
                    ""
                }
            )
        })
        .collect();
    out.push(
        Row {
            id: c("calendar.working_day"),
            title: Cow::Owned(format!(
                "Working day: Monday to Friday minus England and Wales bank holidays and closure days; the trigger day is day 0 (bank holidays known for {})",
                known.join(", ")
            )),
            limit: None,
            start: c("—"),
            pause_stop: c("—"),
            satisfied_by: c("—"),
            source: c("GOV.UK bank-holidays feed, england-and-wales (rules.md §7, §9.1–9.2); the Code defines no working day (UNCONFIRMED)"),
            confirmed: false,
            configurable: true,
            alert: Some(AlertCode::CalendarUnknown),
        }
        .entry(None, None, None),
    );

    // Complaints.
    if let Some(code) = code_in_force(&config.complaint_code, on) {
        complaint_rows(code, &mut out);
    }
    for p in config.complaint_policies.iter().filter(|p| p.in_force(on)) {
        complaint_rows(p, &mut out);
    }
    out.push(
        Row {
            id: c("complaint.actions_tracked"),
            title: c("Outstanding actions in a complaint response become tracked commitments"),
            limit: Some(config.complaint_actions_within),
            start: c("complaint.responded with outstanding_actions"),
            pause_stop: c("refusal or closure"),
            satisfied_by: c("commitment.made from the complaint on or after the response"),
            source: c(complaint_code::ACTIONS_TRACKED_SOURCE),
            confirmed: true,
            configurable: true,
            alert: Some(AlertCode::ComplaintActionsNotTracked),
        }
        .entry(None, None, None),
    );

    // Intake: complaints offered, refusals on a ground the record supports.
    out.push(
        Row {
            id: c(complaint_code::COMPLAINT_OFFERED_RULE),
            title: c("A resident dissatisfied with a service request is offered a complaint"),
            limit: None,
            start: c("report.dissatisfaction_expressed with complaint_offered: false"),
            pause_stop: c("—"),
            satisfied_by: c(
                "a later report.dissatisfaction_expressed offering a complaint, or complaint.received about the report",
            ),
            source: c(complaint_code::COMPLAINT_OFFERED_SOURCE),
            confirmed: true,
            configurable: false,
            alert: Some(AlertCode::ComplaintNotOffered),
        }
        .entry(None, None, None),
    );
    out.push(
        Row {
            id: c(complaint_code::REFUSAL_GROUNDS_RULE),
            title: c(
                "A refusal rests on a Section 2 ground the record supports (12 months from the issue or awareness; a claim filed at court; a complaint already answered)",
            ),
            limit: None,
            start: c("complaint.refused"),
            pause_stop: c("—"),
            satisfied_by: c(
                "the ground holds on the record as known at the refusal, or the complaint is acknowledged after it",
            ),
            source: c(complaint_code::REFUSAL_GROUNDS_SOURCE),
            confirmed: true,
            configurable: false,
            alert: Some(AlertCode::ComplaintRefusalUnfounded),
        }
        .entry(None, None, None),
    );

    // Awaab's Law.
    let law = &config.awaab;
    let in_force: Vec<_> = law
        .phases
        .iter()
        .filter(|p| p.commencement.is_some_and(|d| d <= on))
        .collect();
    if !in_force.is_empty() {
        const STOP: &str = "hazard.clock_stopped with evidence, for one of three reasons only: all occupiers decanted; consent needed and all reasonable steps failed; a further investigation found no hazard (rules.md §2.3). hazard.closed stops nothing";
        let phase_confirmed = in_force.iter().all(|p| p.confirmed);
        for p in &in_force {
            let scope = if p.all_remaining {
                "every remaining HHSRS hazard except crowding and space".to_string()
            } else {
                p.significant
                    .iter()
                    .map(super::alerts::words)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.push(
                Row {
                    id: Cow::Owned(format!("awaab.phase{}", p.number)),
                    title: Cow::Owned(format!(
                        "Awaab's Law phase {}: significant-hazard track for {scope}{}",
                        p.number,
                        if p.number == 1 { "; emergency track for every HHSRS hazard except crowding and space" } else { "" }
                    )),
                    limit: None,
                    start: c("awareness (hazard.opened aware_at) on or after commencement — its first possible day"),
                    pause_stop: c("—"),
                    satisfied_by: c("—"),
                    source: p.source.clone(),
                    confirmed: p.confirmed,
                    configurable: !p.confirmed,
                    alert: None,
                }
                .entry(p.commencement, None, None),
            );
        }
        let from = law.commencement();
        let mut row = |id: &'static str,
                       title: &'static str,
                       limit: Option<Limit>,
                       start: &'static str,
                       satisfied: &'static str,
                       alert: Option<AlertCode>,
                       confirmed: bool| {
            out.push(
                Row {
                    id: c(id),
                    title: c(title),
                    limit,
                    start: c(start),
                    pause_stop: c(STOP),
                    satisfied_by: c(satisfied),
                    source: Cow::Owned(format!("{} (rules.md §2.3)", super::awaabs_law::SI)),
                    confirmed,
                    configurable: false,
                    alert,
                }
                .entry(from, None, None),
            );
        };
        row(
            "awaab.emergency",
            "Emergency hazard: investigate and make safe",
            Some(law.emergency),
            "awareness (a reclassification as emergency after a significant classification restarts it)",
            "a competent investigation and every safety works order done",
            Some(AlertCode::HazardEmergencyOverdue),
            phase_confirmed,
        );
        row(
            "awaab.significant.investigate",
            "Significant hazard: investigate (reg 6)",
            Some(law.investigate),
            "awareness (unclassified hazards in scope are treated as significant)",
            "hazard.investigated by a competent investigator",
            Some(AlertCode::HazardInvestigationOverdue),
            phase_confirmed,
        );
        row(
            "awaab.significant.summary",
            "Written summary (reg 9)",
            Some(law.summary),
            "the investigation concluding",
            "hazard.summary_sent, or all the work done within the period",
            Some(AlertCode::HazardSummaryOverdue),
            phase_confirmed,
        );
        row(
            "awaab.significant.safety_work",
            "Relevant safety work (reg 11(2)(a))",
            Some(law.safety_work),
            "the investigation concluding",
            "every safety works order linked to the hazard done",
            Some(AlertCode::HazardSafetyWorkOverdue),
            phase_confirmed,
        );
        row(
            "awaab.significant.preventative_steps",
            "Supplementary preventative work begun or steps taken (recorded as linking the work; no separate alert)",
            Some(law.preventative_steps),
            "the investigation concluding",
            "a preventative works order linked",
            None,
            false,
        );
        row(
            "awaab.significant.preventative_start",
            "Supplementary preventative work physically started",
            Some(law.preventative_start),
            "the investigation concluding",
            "a visit at which work started, or the work done, for every preventative works order",
            Some(AlertCode::HazardPreventativeWorkOverdue),
            phase_confirmed,
        );
        row(
            "awaab.alternative_accommodation",
            "Alternative accommodation considered when the home cannot be made safe in time (decision recorded: UNCONFIRMED)",
            None,
            "the safety-work deadline (emergency: 24 hours; significant: 5 working days)",
            "hazard.alternative_accommodation, or the safety work done",
            Some(AlertCode::HazardAlternativeAccommodationNotConsidered),
            false,
        );
    }

    // Repair policies.
    let mut defaults: Vec<&RepairPolicy> = config
        .repair_policies
        .iter()
        .filter(|p| p.in_force(on))
        .collect();
    defaults.sort_by_key(|p| p.landlord.is_some());
    for p in defaults {
        repair_rows(p, &mut out);
    }

    // Landlords' damp-and-mould policies.
    for p in config.damp_policies.iter().filter(|p| p.in_force(on)) {
        out.push(
            Row {
                id: Cow::Owned(format!("{}.risk_assessment", p.id)),
                title: Cow::Owned(format!(
                    "A comprehensive risk assessment once damp and mould is found recurring ({})",
                    p.name
                )),
                limit: Some(p.risk_assessment_within),
                start: c(
                    "issue.recurring on a report or works order on a damp-and-mould hazard (or the policy's first day, if later)",
                ),
                pause_stop: c("hazard.closed"),
                satisfied_by: c(
                    "hazard.risk_assessed on the hazard, dated on or after the recurrence was identified",
                ),
                source: p.source.clone(),
                confirmed: p.period_confirmed,
                configurable: true,
                alert: Some(AlertCode::HazardRiskAssessmentMissing),
            }
            .entry(
                Some(p.effective_from),
                p.effective_to,
                Some(p.landlord.clone()),
            ),
        );
    }

    // Compensation bands, as configured (`RulesConfig::remedy_guidance`, `remedy_policies`).
    for g in config.remedy_guidance.iter().filter(|g| g.in_force(on)) {
        band_rows(g, false, &mut out);
    }
    let mut policies: Vec<&RemedyBands> = config
        .remedy_policies
        .iter()
        .filter(|p| p.in_force(on))
        .collect();
    policies.sort_by_key(|p| p.landlord.is_some());
    for p in policies {
        band_rows(p, true, &mut out);
    }

    // HomeSafe's own record-keeping rules.
    let mut own = |id: &'static str,
                   title: Cow<'static, str>,
                   limit: Option<Limit>,
                   start: &'static str,
                   stop: &'static str,
                   satisfied: &'static str,
                   source: Cow<'static, str>,
                   confirmed: bool,
                   configurable: bool,
                   alert: AlertCode| {
        out.push(
            Row {
                id: c(id),
                title,
                limit,
                start: c(start),
                pause_stop: c(stop),
                satisfied_by: c(satisfied),
                source,
                confirmed,
                configurable,
                alert: Some(alert),
            }
            .entry(None, None, None),
        );
    };
    use super::alerts::{
        commitments, conduct, ombudsman, recurrence, remedies, repairs, vulnerabilities,
    };
    own(
        repairs::RESIDENT_TOLD_RULE,
        c("Appointment changes are told to the resident"),
        None,
        "appointment booked, rearranged or cancelled with resident_told.told = false",
        "—",
        "a later change that was told, an outbound contact with the resident, or the visit's outcome",
        c(repairs::RESIDENT_TOLD_SOURCE),
        true,
        false,
        AlertCode::AppointmentChangedResidentNotTold,
    );
    own(
        repairs::DISPUTE_RULE,
        c("A disputed completion is resolved"),
        None,
        "works_order.disputed",
        "—",
        "works_order.confirmed or a passed post-inspection after the dispute",
        c(repairs::DISPUTE_SOURCE),
        true,
        false,
        AlertCode::JobClaimedCompleteDisputed,
    );
    own(
        recurrence::RULE,
        Cow::Owned(format!(
            "A new report or job about an issue already on the record within {} months is not a new issue",
            config.recurrence_window_months
        )),
        None,
        "report.received, or works_order.raised without a report",
        "—",
        "the new item resolved",
        Cow::Owned(recurrence::source(config.recurrence_window_months)),
        true,
        true,
        AlertCode::IssueRecurring,
    );
    own(
        commitments::RULE,
        c("A promise is kept by its due date"),
        None,
        "commitment.made (due); commitment.rescheduled moves the date",
        "—",
        "every linked works order settled (done, or replaced or followed on by done work)",
        c(commitments::SOURCE),
        true,
        false,
        AlertCode::CommitmentOverdue,
    );
    own(
        conduct::INVESTIGATE_RULE,
        c(
            "A report about a contractor's conduct or workmanship is investigated, with the steps taken recorded (landlord policy)",
        ),
        Some(config.conduct_investigation_within),
        "conduct_case.opened",
        "— (concluding the case without an investigation does not stop it)",
        "conduct_case.investigated (at least one step taken)",
        c(conduct::INVESTIGATE_SOURCE),
        false,
        true,
        AlertCode::ConductNotInvestigated,
    );
    own(
        conduct::RESPONSE_RULE,
        c(
            "A complaint is not answered while a report about a contractor it raised is uninvestigated",
        ),
        None,
        "complaint.responded while a conduct case from the complaint, or about a works order it is about, has no investigation",
        "—",
        "conduct_case.investigated",
        c(conduct::RESPONSE_SOURCE),
        true,
        false,
        AlertCode::ConductResponseWithoutInvestigation,
    );
    own(
        ombudsman::RULE,
        c("A binding Ombudsman order is complied with by its due date"),
        None,
        "ombudsman.order_made (kind order, with due)",
        "—",
        "ombudsman.order_complied",
        c(ombudsman::SOURCE),
        true,
        false,
        AlertCode::OmbudsmanOrderOverdue,
    );
    own(
        ombudsman::RECOMMENDATION_RULE,
        c(
            "An Ombudsman recommendation is answered (accepted, or declined with reasons) by the date given",
        ),
        None,
        "ombudsman.order_made (kind recommendation, with due)",
        "—",
        "ombudsman.recommendation_answered, or ombudsman.order_complied",
        c(ombudsman::RECOMMENDATION_SOURCE),
        false,
        false,
        AlertCode::OmbudsmanRecommendationUnanswered,
    );
    own(
        ombudsman::INFORMATION_RULE,
        c("An Ombudsman information request is answered by its due date"),
        None,
        "ombudsman.information_requested (with due)",
        "the case determined after the request (ombudsman.determined)",
        "ombudsman.information_provided (naming the request, or the first after it naming none)",
        c(ombudsman::INFORMATION_SOURCE),
        false,
        false,
        AlertCode::OmbudsmanInformationOverdue,
    );
    own(
        remedies::RULE,
        c("A remedy is paid by the date the landlord gave"),
        None,
        "remedy.offered with due",
        "remedy.withdrawn (withdrawn or replaced)",
        "remedy.paid and remedy.credited reaching the amount (nothing outstanding)",
        c(remedies::SOURCE),
        true,
        false,
        AlertCode::RemedyPaymentOverdue,
    );
    own(
        remedies::ORDERED_RULE,
        c("Compensation the Ombudsman ordered is paid by the order's date"),
        None,
        "remedy.offered with order (the order's due; the earlier of the two if the remedy has its own)",
        "remedy.withdrawn (withdrawn or replaced)",
        "remedy.paid and remedy.credited reaching the amount (nothing outstanding)",
        c(remedies::ORDERED_SOURCE),
        true,
        false,
        AlertCode::RemedyPaymentOverdue,
    );
    own(
        vulnerabilities::REVIEW_RULE,
        c("A recorded vulnerability is reviewed by its review date"),
        None,
        "vulnerability.recorded review_by, or the last review's next_review",
        "a review ending it",
        "vulnerability.reviewed",
        c(vulnerabilities::REVIEW_SOURCE),
        true,
        false,
        AlertCode::VulnerabilityReviewOverdue,
    );
    let words: usize = config
        .vulnerability_words
        .iter()
        .map(|g| g.words.len())
        .sum();
    own(
        vulnerabilities::UNRECORDED_RULE,
        Cow::Owned(format!(
            "A vulnerability mentioned in the household's notes is recorded ({} word groups, {words} words and phrases; see docs/rules.md)",
            config.vulnerability_words.len()
        )),
        None,
        "a contact, report, complaint, escalation, appointment note, dispute or hazard description mentioning a listed word; an infant joining the household",
        "—",
        "a current vulnerability record with a matching code for a member of the household",
        c(vulnerabilities::UNRECORDED_SOURCE),
        true,
        true,
        AlertCode::VulnerabilityPossiblyUnrecorded,
    );
    out.push(
        Row {
            id: c(remedies::DEFAULT_RULE),
            title: c("A remedy offered with no date is paid within the landlord's policy period"),
            limit: Some(config.remedy_payment_within),
            start: c("remedy.offered with neither due nor order (day 0: the offer's date)"),
            pause_stop: c("remedy.withdrawn (withdrawn or replaced)"),
            satisfied_by: c(
                "remedy.paid and remedy.credited reaching the amount (nothing outstanding)",
            ),
            source: c(remedies::DEFAULT_SOURCE),
            confirmed: false,
            configurable: true,
            alert: Some(AlertCode::RemedyPaymentOverdue),
        }
        .entry(None, None, None),
    );
    out
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn the_table_changes_with_the_date() {
        let cfg = RulesConfig::default();
        let ids = |on| {
            rules_in_force(on, &cfg)
                .into_iter()
                .map(|r| r.id.to_string())
                .collect::<Vec<_>>()
        };
        let in_2022 = ids(date(2022, 3, 4));
        assert!(in_2022.contains(&"chc2020.stage2.response".to_string()));
        assert!(in_2022.contains(&"policy.lq.stage1.ack".to_string()));
        assert!(!in_2022.iter().any(|i| i.starts_with("awaab.")));
        let in_2026 = ids(date(2026, 1, 12));
        assert!(in_2026.contains(&"chc2024.stage2.response".to_string()));
        assert!(in_2026.contains(&"awaab.emergency".to_string()));
        assert!(in_2026.contains(&"awaab.phase1".to_string()));
        assert!(!in_2026.contains(&"awaab.phase2".to_string()));
        assert!(ids(date(2026, 12, 1)).contains(&"awaab.phase2".to_string()));
        assert!(!in_2022.contains(&"hos.remedies.adverse_effect".to_string()));
        assert!(in_2022.contains(&"policy.clarion.remedies.lower".to_string()));
        assert!(in_2026.contains(&"hos.remedies.adverse_effect".to_string()));
        assert!(in_2026.contains(&"policy.homesafe.remedies.minor".to_string()));
        let mut sorted = in_2026.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), in_2026.len(), "rule ids are unique");
    }

    #[test]
    fn remedy_bands_are_listed_with_their_source_and_status() {
        let table = rules_in_force(date(2026, 1, 12), &RulesConfig::default());
        let row = |id: &str| {
            table
                .iter()
                .find(|r| r.id == id)
                .unwrap_or_else(|| panic!("{id} listed"))
        };
        let adverse = row("hos.remedies.adverse_effect");
        assert!(adverse.title.contains("£100–£600"), "{}", adverse.title);
        assert!(adverse.source.contains("202332678"));
        assert!(!adverse.landlord_configurable);
        // The band is confirmed; the date it took effect is not.
        assert_eq!(adverse.status, RuleStatus::Unconfirmed);
        assert_eq!(adverse.effective_from, Some(date(2023, 9, 1)));
        let top = row("hos.remedies.seriously_detrimental");
        assert!(top.title.contains("£1,000 and above"));
        assert!(top.start.contains("loss_of_use"), "{}", top.start);
        let clarion = row("policy.clarion.remedies.higher");
        assert!(clarion.title.contains("£250–£700"));
        assert!(clarion.landlord_configurable);
        assert_eq!(
            clarion.landlord.as_ref().map(|l| l.as_str()),
            Some("clarion")
        );
    }
}
