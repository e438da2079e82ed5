//! Repairs (requirements R2, R4, R5): reports triaged and met within the landlord's targets,
//! appointments honest, failed visits followed on, completions verified, disputes resolved.
//!
//! - `report.not_triaged` — triage (or a works order, or a hazard classification) within the
//!   policy's triage period (default 1 working day).
//! - `repair.target_missed` — the target of the report's priority: from triage, else a works
//!   order's priority, else the policy's emergency list (L&Q: foul drains), else the policy's
//!   default for untriaged reports (Clarion: an appointment offered within 28 days).
//! - `appointment.changed_resident_not_told`, `appointment.failed_no_follow_on`.
//! - `job.closed_without_evidence`, `job.claimed_complete_disputed`.

use std::borrow::Cow;

use jiff::Timestamp;

use super::model::{Model, WorksOrder, day, on_when, visible, when};
use super::timeline::Pending;
use super::{AlertCode, AlertSpan, DueOr, due_or, excerpt, track};
use crate::codes::Party;
use crate::contacts::Direction;
use crate::events::EventData;
use crate::history::{Event, RecordId};
use crate::references::RecordKind;
use crate::repairs::{ReportReceived, VisitOutcome, WorkPurpose};
use crate::rules::clock::{due_after, precision_note};
use crate::rules::repair_policy::{Measure, RepairPolicy, policy_for};

pub(crate) const RESIDENT_TOLD_RULE: &str = "homesafe.appointment.resident_told";
pub(crate) const RESIDENT_TOLD_SOURCE: &str = "HomeSafe rule (requirements R4): an appointment change says whether the resident was told; Housing Ombudsman report 202208650";
pub(crate) const DISPUTE_RULE: &str = "homesafe.works.dispute";
pub(crate) const DISPUTE_SOURCE: &str = "HomeSafe rule (requirements R5): \"claimed complete but not done\" must be detectable; resolved only by the resident's confirmation or a post-inspection";

pub(super) fn spans(m: &Model<'_>) -> Vec<AlertSpan> {
    let mut out = Vec::new();
    for report in m.records_of(RecordKind::Report) {
        out.extend(report_clocks(m, report));
    }
    for appointment in m.records_of(RecordKind::Appointment) {
        out.extend(appointment_clocks(m, appointment));
    }
    for wo in m.records_of(RecordKind::WorksOrder) {
        out.extend(completion_clocks(m, wo));
    }
    out
}

fn policy<'m>(
    m: &'m Model<'_>,
    property: &RecordId,
    on: jiff::civil::Date,
    k: Timestamp,
) -> Cow<'m, RepairPolicy> {
    let landlord = m.landlord_of_property(property, k);
    policy_for(&m.cfg.repair_policies, landlord.as_ref(), on)
}

fn report_clocks(m: &Model<'_>, report: &RecordId) -> Vec<AlertSpan> {
    let wos = m.referring(report, RecordKind::WorksOrder);
    let appointments: Vec<&RecordId> = wos
        .iter()
        .flat_map(|w| m.referring(w, RecordKind::Appointment))
        .collect();
    let hazards = m.referring(report, RecordKind::Hazard);
    let mut deps: Vec<&RecordId> = vec![report];
    deps.extend(wos.iter().copied());
    deps.extend(appointments);
    deps.extend(hazards.iter().copied());
    let first_data = m.all_events(report).next().map(|e| &e.data);
    if let Some(EventData::ReportReceived(r)) = first_data {
        deps.push(&r.property);
        if let Some(c) = &r.component {
            deps.push(c);
        }
    }
    track(m, deps, |k| {
        let evs = m.effective(report, k);
        let Some(first) = evs.first().copied() else {
            return Vec::new();
        };
        let EventData::ReportReceived(rr) = &first.data else {
            return Vec::new();
        };
        let closed = evs
            .iter()
            .any(|e| matches!(e.data, EventData::ReportClosed(_)));
        if closed {
            return Vec::new();
        }
        let triage = evs.iter().rev().find_map(|e| match &e.data {
            EventData::ReportTriaged(t) => Some(t),
            _ => None,
        });
        let wos_k = m.works_orders_for_report(report, k);
        let opened_hazards: Vec<(&RecordId, Vec<&Event>)> = hazards
            .iter()
            .map(|h| (*h, m.effective(h, k)))
            .filter(|(_, evs)| matches!(evs.first().map(|e| &e.data), Some(EventData::HazardOpened(o)) if o.source.as_ref() == Some(report)))
            .collect();
        let hazard_classified = opened_hazards.iter().any(|(_, evs)| {
            evs.iter()
                .any(|e| matches!(e.data, EventData::HazardClassified(_)))
        });
        let policy = policy(m, &rr.property, first.at.last_date(), k);
        let received = format!(
            "{}{}",
            when(&first.at),
            precision_note("the date received", &first.at)
        );
        let quote = excerpt(&rr.description, 100);
        let mut out = Vec::new();

        // Triage.
        if triage.is_none() && wos_k.is_empty() && !hazard_classified {
            let rule = format!("{}.triage", policy.id);
            let records = vec![report.clone()];
            match due_or(
                due_after(policy.triage_within, &first.at, &m.cfg.calendar, &m.cfg.due_soon),
                &rule,
                &records,
                visible(first),
            ) {
                DueOr::Due(due) => out.push(Pending {
                    code: AlertCode::ReportNotTriaged,
                    rule: rule.into(),
                    source: format!(
                        "{} (triage within {}); service requests recorded, monitored and reviewed: Complaint Handling Code 2024, 1.4",
                        policy.periods_source, policy.triage_within
                    )
                    .into(),
                    property: Some(rr.property.clone()),
                    records,
                    started: crate::rules::clock::clock_start(policy.triage_within, &first.at),
                    due: due.at,
                    warn_from: due.warn_from,
                    detail: format!(
                        "Report received {received}: \"{quote}\". Not triaged, no works order raised and no hazard classified by the end of {} ({} under {}).",
                        due.date.map(day).unwrap_or_default(),
                        policy.triage_within,
                        policy.name
                    ),
                }),
                DueOr::Failed(p) => out.push(p),
            }
        }

        // Target for the priority.
        let (priority, why) = priority_of(
            m,
            rr,
            triage.map(|t| t.priority.as_str()),
            &wos_k,
            &opened_hazards,
            &policy,
            triage.and_then(|t| t.hazard_suspected),
            k,
        );
        if let Some(target) = policy.target(&priority) {
            let met = match target.measure {
                Measure::Completed => wos_k.iter().any(WorksOrder::done),
                Measure::AppointmentOffered => wos_k
                    .iter()
                    .any(|w| w.done() || !m.appointments(w.id, k).is_empty()),
            };
            if !met {
                let rule = format!("{}.{}", policy.id, priority);
                let records: Vec<RecordId> = std::iter::once(report.clone())
                    .chain(wos_k.iter().map(|w| w.id.clone()))
                    .collect();
                match due_or(
                    due_after(target.limit, &first.at, &m.cfg.calendar, &m.cfg.due_soon),
                    &rule,
                    &records,
                    visible(first),
                ) {
                    DueOr::Due(due) => out.push(Pending {
                        code: AlertCode::RepairTargetMissed,
                        rule: rule.into(),
                        source: target.source.clone(),
                        property: Some(rr.property.clone()),
                        records,
                        started: crate::rules::clock::clock_start(target.limit, &first.at),
                        due: due.at,
                        warn_from: due.warn_from,
                        detail: format!(
                            "{} report received {received}: \"{quote}\". Target under {}: {} within {} ({why}); not met by {}.",
                            capitalise(&priority),
                            policy.name,
                            target.measure.describe(),
                            target.limit,
                            due_text(&due)
                        ),
                    }),
                    DueOr::Failed(p) => out.push(p),
                }
            }
        }
        out
    })
}

/// "the end of 28 April 2021" or an instant.
pub(super) fn due_text(due: &crate::rules::clock::Due) -> String {
    match due.date {
        Some(d) => format!("the end of {}", day(d)),
        None => due
            .at
            .to_zoned(crate::history::london())
            .strftime("%H:%M on %-d %B %Y")
            .to_string(),
    }
}

#[allow(clippy::too_many_arguments)]
fn priority_of(
    m: &Model<'_>,
    rr: &ReportReceived,
    triaged: Option<&str>,
    wos: &[WorksOrder<'_>],
    hazards: &[(&RecordId, Vec<&Event>)],
    policy: &RepairPolicy,
    suspected: Option<crate::hazards::HazardType>,
    k: Timestamp,
) -> (String, String) {
    if let Some(p) = triaged {
        return (p.to_string(), "priority from triage".into());
    }
    if let Some(p) = wos.iter().find_map(|w| w.raised.priority.as_ref()) {
        return (p.to_string(), "priority from the works order".into());
    }
    if let Some(e) = &rr.element
        && policy.emergency_elements.iter().any(|x| x == e.as_str())
    {
        return (
            "emergency".into(),
            format!("the policy makes a '{e}' report an emergency"),
        );
    }
    if let Some(c) = &rr.component
        && let Some(EventData::ComponentRegistered(reg)) = m.created(c, k).map(|e| &e.data)
        && policy.emergency_components.contains(&reg.kind)
    {
        return (
            "emergency".into(),
            format!("the policy makes a report about the {c} an emergency"),
        );
    }
    let hazard_types = suspected
        .into_iter()
        .chain(
            hazards
                .iter()
                .filter_map(|(_, evs)| match evs.first().map(|e| &e.data) {
                    Some(EventData::HazardOpened(o)) => Some(o.hazard_type),
                    _ => None,
                }),
        );
    for h in hazard_types {
        if policy.emergency_hazards.contains(&h) {
            return (
                "emergency".into(),
                format!(
                    "the policy makes a suspected {} hazard an emergency",
                    super::words(&h)
                ),
            );
        }
    }
    (
        policy.default_priority.to_string(),
        "not triaged: the policy's priority for untriaged reports".into(),
    )
}

fn appointment_clocks(m: &Model<'_>, appointment: &RecordId) -> Vec<AlertSpan> {
    let wo_id = m.all_events(appointment).find_map(|e| match &e.data {
        EventData::AppointmentBooked(b) => Some(&b.works_order),
        _ => None,
    });
    let Some(wo_id) = wo_id else {
        return Vec::new();
    };
    let mut deps: Vec<&RecordId> = vec![appointment, wo_id];
    deps.extend(m.referring(wo_id, RecordKind::Appointment));
    deps.extend(m.referring(wo_id, RecordKind::WorksOrder));
    deps.extend(m.referring(wo_id, RecordKind::Contact));
    deps.extend(m.referring(appointment, RecordKind::Contact));
    let report = m.all_events(wo_id).find_map(|e| match &e.data {
        EventData::WorksOrderRaised(r) => r.report.as_ref(),
        _ => None,
    });
    if let Some(r) = report {
        deps.extend(m.referring(r, RecordKind::WorksOrder));
    }
    let contacts: Vec<&RecordId> = m
        .referring(wo_id, RecordKind::Contact)
        .into_iter()
        .chain(m.referring(appointment, RecordKind::Contact))
        .collect();
    track(m, deps, |k| {
        let Some(a) = m.appointment(appointment, k) else {
            return Vec::new();
        };
        let Some(w) = m.works_order(wo_id, k) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let records = vec![appointment.clone(), wo_id.clone()];

        // Changes the resident was not told about.
        let mut untold: Option<&Event> = None;
        for e in &a.evs {
            let told = match &e.data {
                EventData::AppointmentBooked(b) => b.resident_told.as_ref().map(|t| t.told),
                EventData::AppointmentRearranged(r) => Some(r.resident_told.told),
                EventData::AppointmentCancelled(c) => Some(c.resident_told.told),
                EventData::AppointmentOutcome(_) => Some(true),
                _ => None,
            };
            match told {
                Some(false) => untold = Some(e),
                Some(true) => untold = None,
                None => {}
            }
        }
        if let Some(change) = untold {
            let told_since = contacts.iter().any(|c| {
                m.effective(c, k).iter().any(|e| match &e.data {
                    EventData::ContactLogged(l) => {
                        l.direction == Direction::Outbound
                            && e.at.last_date() >= change.at.first_date()
                            && l.parties.iter().any(|p| {
                                p.role == "resident"
                                    || p.person.is_some()
                                    || p.representative.is_some()
                            })
                    }
                    _ => false,
                })
            });
            if !told_since {
                let (what, why, by) = match &change.data {
                    EventData::AppointmentRearranged(r) => (
                        format!("rearranged to {}", when(&r.date)),
                        r.why.as_str(),
                        r.decided_by,
                    ),
                    EventData::AppointmentCancelled(c) => {
                        ("cancelled".to_string(), c.why.as_str(), c.decided_by)
                    }
                    EventData::AppointmentBooked(b) => {
                        (format!("booked for {}", when(&b.date)), "", b.decided_by)
                    }
                    _ => (String::new(), "", Party::Unknown),
                };
                let original = a
                    .evs
                    .first()
                    .and_then(|e| match &e.data {
                        EventData::AppointmentBooked(b) => Some(when(&b.date)),
                        _ => None,
                    })
                    .unwrap_or_default();
                out.push(Pending::immediate(
                    AlertCode::AppointmentChangedResidentNotTold,
                    RESIDENT_TOLD_RULE,
                    RESIDENT_TOLD_SOURCE,
                    records.clone(),
                    change.at.earliest(),
                    visible(change),
                    format!(
                        "Appointment for \"{}\" (booked for {original}) {what} {} by {}: \"{}\". The record says the resident was not told.",
                        excerpt(w.description(), 80),
                        on_when(&change.at),
                        party(by),
                        excerpt(why, 120)
                    ),
                ));
            }
        }

        // A failed visit with no follow-on.
        if let Some((outcome_ev, outcome)) = a.outcome()
            && matches!(
                outcome,
                VisitOutcome::NoAccess
                    | VisitOutcome::OperativeDidNotAttend
                    | VisitOutcome::CouldNotComplete
            )
        {
            let after = outcome_ev.at.first_date();
            let rearranged_after = a.evs.iter().any(|e| {
                e.seq > outcome_ev.seq && matches!(e.data, EventData::AppointmentRearranged(_))
            });
            let another_visit = m
                .appointments(wo_id, k)
                .iter()
                .any(|o| o.id != appointment && o.date().is_some_and(|d| d.last_date() >= after));
            let follow_on = !m.follow_ons(wo_id, k).is_empty();
            let same_report = w.raised.report.as_ref().is_some_and(|r| {
                m.works_orders_for_report(r, k)
                    .iter()
                    .any(|o| o.id != wo_id && o.raised_ev.at.last_date() >= after)
            });
            let settled = w.done() || w.cancellation().is_some();
            if !(rearranged_after || another_visit || follow_on || same_report || settled) {
                let policy = policy(m, &w.raised.property, outcome_ev.at.last_date(), k);
                let rule = format!("{}.follow_on", policy.id);
                match due_or(
                    due_after(
                        policy.follow_on_within,
                        &outcome_ev.at,
                        &m.cfg.calendar,
                        &m.cfg.due_soon,
                    ),
                    &rule,
                    &records,
                    visible(outcome_ev),
                ) {
                    DueOr::Due(due) => {
                        let reason = match &outcome_ev.data {
                            EventData::AppointmentOutcome(o) => {
                                o.reason.clone().unwrap_or_default()
                            }
                            _ => String::new(),
                        };
                        out.push(Pending {
                            code: AlertCode::AppointmentFailedNoFollowOn,
                            rule: rule.into(),
                            source: format!(
                                "{} (follow-on within {}); requirements R4: an incomplete visit creates the follow-on",
                                policy.periods_source, policy.follow_on_within
                            )
                            .into(),
                            property: Some(w.raised.property.clone()),
                            records: records.clone(),
                            started: crate::rules::clock::clock_start(policy.follow_on_within, &outcome_ev.at),
                            due: due.at,
                            warn_from: due.warn_from,
                            detail: format!(
                                "Visit for \"{}\" {}{}: {}{}. No new appointment, follow-on works order or completion by {}.{}",
                                excerpt(w.description(), 80),
                                when(&outcome_ev.at),
                                precision_note("the visit date", &outcome_ev.at),
                                outcome_words(outcome),
                                if reason.is_empty() { String::new() } else { format!(" (\"{}\")", excerpt(&reason, 140)) },
                                due_text(&due),
                                if policy.first_time_fix { " The landlord's policy aims at a first-time fix." } else { "" }
                            ),
                        });
                    }
                    DueOr::Failed(p) => out.push(p),
                }
            }
        }
        out
    })
}

fn outcome_words(o: VisitOutcome) -> &'static str {
    match o {
        VisitOutcome::Completed => "completed",
        VisitOutcome::NoAccess => "no access",
        VisitOutcome::OperativeDidNotAttend => "the operative did not attend",
        VisitOutcome::CouldNotComplete => "the work could not be completed",
    }
}

fn party(p: Party) -> &'static str {
    match p {
        Party::Landlord => "the landlord",
        Party::Resident => "the resident",
        Party::Representative => "the resident's representative",
        Party::Contractor => "the contractor",
        Party::Operative => "the operative",
        Party::Unknown => "someone not recorded",
    }
}

fn completion_clocks(m: &Model<'_>, wo: &RecordId) -> Vec<AlertSpan> {
    let documents = m.referring(wo, RecordKind::Document);
    let commitments = m.referring(wo, RecordKind::Commitment);
    let hazards = m.referring(wo, RecordKind::Hazard);
    let mut complaints = m.referring(wo, RecordKind::Complaint);
    let report = m.all_events(wo).find_map(|e| match &e.data {
        EventData::WorksOrderRaised(r) => r.report.as_ref(),
        _ => None,
    });
    if let Some(r) = report {
        complaints.extend(m.referring(r, RecordKind::Complaint));
    }
    let mut deps: Vec<&RecordId> = vec![wo];
    deps.extend(documents.iter().copied());
    deps.extend(commitments.iter().copied());
    deps.extend(hazards.iter().copied());
    deps.extend(complaints.iter().copied());
    track(m, deps, |k| {
        let Some(w) = m.works_order(wo, k) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let records = vec![wo.clone()];

        // A completion that nothing verifies.
        if let Some((c_ev, c)) = w.last_completion()
            && w.cancellation().is_none()
        {
            let pos = w
                .evs
                .iter()
                .position(|e| std::ptr::eq(*e, c_ev))
                .unwrap_or(0);
            let verified = w.evs[pos..].iter().any(|e| match &e.data {
                EventData::WorksOrderConfirmed(_) => true,
                EventData::WorksOrderPostInspected(p) => p.passed,
                _ => false,
            });
            let has_evidence = !c.evidence.is_empty() || !m.held_documents_for(wo, k).is_empty();
            let why_verify =
                needs_confirmation(m, &w, &hazards, &commitments, &complaints, report, k);
            if !verified && (why_verify.is_some() || !has_evidence) {
                let policy = policy(m, &w.raised.property, c_ev.at.last_date(), k);
                let rule = format!("{}.verify_completion", policy.id);
                match due_or(
                    due_after(
                        policy.verify_completion_within,
                        &c_ev.at,
                        &m.cfg.calendar,
                        &m.cfg.due_soon,
                    ),
                    &rule,
                    &records,
                    visible(c_ev),
                ) {
                    DueOr::Due(due) => {
                        let missing = match (&why_verify, has_evidence) {
                            (Some(why), true) => format!(
                                "no resident confirmation or post-inspection, which {why} needs (evidence alone is not enough)"
                            ),
                            (Some(why), false) => format!(
                                "no evidence, no resident confirmation and no post-inspection ({why} needs confirmation or a post-inspection)"
                            ),
                            (None, _) => {
                                "no evidence, no resident confirmation and no post-inspection"
                                    .to_string()
                            }
                        };
                        out.push(Pending {
                            code: AlertCode::JobClosedWithoutEvidence,
                            rule: rule.into(),
                            source: format!(
                                "{} (verify within {}); requirements R5: complete only with evidence, and for complaint or hazard work with the resident's confirmation or a post-inspection",
                                policy.periods_source, policy.verify_completion_within
                            )
                            .into(),
                            property: Some(w.raised.property.clone()),
                            records: records.clone(),
                            started: crate::rules::clock::clock_start(policy.verify_completion_within, &c_ev.at),
                            due: due.at,
                            warn_from: due.warn_from,
                            detail: format!(
                                "\"{}\" recorded complete {} (work done {}): \"{}\" — {missing} by {}.",
                                excerpt(w.description(), 80),
                                on_when(&c_ev.at),
                                when(&c.completed_on),
                                excerpt(&c.scope_done, 120),
                                due_text(&due)
                            ),
                        });
                    }
                    DueOr::Failed(p) => out.push(p),
                }
            }
        }

        // A dispute nothing has resolved.
        let last_dispute = w
            .evs
            .iter()
            .rposition(|e| matches!(e.data, EventData::WorksOrderDisputed(_)));
        if let Some(pos) = last_dispute {
            let d_ev = w.evs[pos];
            let resolved = w.evs[pos..].iter().any(|e| match &e.data {
                EventData::WorksOrderConfirmed(_) => true,
                EventData::WorksOrderPostInspected(p) => p.passed,
                _ => false,
            });
            if !resolved && let EventData::WorksOrderDisputed(d) = &d_ev.data {
                let claim = match w.last_completion() {
                    Some((c_ev, _)) => format!("Recorded complete {}.", on_when(&c_ev.at)),
                    None => "No completion is recorded.".to_string(),
                };
                out.push(Pending::immediate(
                    AlertCode::JobClaimedCompleteDisputed,
                    DISPUTE_RULE,
                    DISPUTE_SOURCE,
                    records.clone(),
                    d_ev.at.earliest(),
                    visible(d_ev),
                    format!(
                        "\"{}\" disputed by {} {}: \"{}\". {claim} No confirmation or post-inspection since.",
                        excerpt(w.description(), 80),
                        party(d.by),
                        on_when(&d_ev.at),
                        excerpt(&d.what, 140)
                    ),
                ));
            }
        }
        out
    })
}

/// Why a works order needs the resident's confirmation or a post-inspection (complaint or
/// hazard work), as known at `k`; `None` for ordinary work.
fn needs_confirmation(
    m: &Model<'_>,
    w: &WorksOrder<'_>,
    hazards: &[&RecordId],
    commitments: &[&RecordId],
    complaints: &[&RecordId],
    report: Option<&RecordId>,
    k: Timestamp,
) -> Option<&'static str> {
    if w.raised.hazard.is_some()
        || matches!(w.purpose(), WorkPurpose::Safety | WorkPurpose::Preventative)
    {
        return Some("hazard work");
    }
    let linked_to_hazard = hazards.iter().any(|h| {
        m.effective(h, k)
            .iter()
            .any(|e| matches!(&e.data, EventData::HazardWorksLinked(l) if &l.works_order == w.id))
    });
    if linked_to_hazard {
        return Some("hazard work");
    }
    let promised = commitments.iter().any(|c| {
        m.effective(c, k).iter().any(|e| match &e.data {
            EventData::CommitmentMade(made) => made.works_orders.contains(w.id),
            EventData::CommitmentWorksLinked(l) => &l.works_order == w.id,
            _ => false,
        })
    });
    let complained = complaints.iter().any(|c| {
        m.effective(c, k).iter().any(|e| match &e.data {
            EventData::ComplaintReceived(r) => {
                r.about.contains(w.id) || report.is_some_and(|rep| r.about.contains(rep))
            }
            _ => false,
        })
    });
    (promised || complained).then_some("complaint work")
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
