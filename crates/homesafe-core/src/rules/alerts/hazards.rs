//! Awaab's Law clocks (rules.md §2.3, §9.8) over hazard records. The limits and phases are in
//! `rules/awaabs_law.rs`.
//!
//! - Only hazards the landlord became aware of on or after the commencement of a phase that
//!   covers their type, counting from the first day the awareness could have been.
//! - Classified `emergency` (and on the emergency track): investigated by a competent person
//!   *and* made safe within 24 clock hours of awareness (`hazard.emergency_overdue`). A hazard
//!   first classified significant and later emergency runs the 24 hours from the
//!   reclassification.
//! - Classified `significant`, or not yet classified, on the significant track: investigated
//!   within 10 working days of awareness; then, from the day the investigation concluded, a
//!   written summary within 3 working days (not needed if all the work was done within them),
//!   the relevant safety work within 5, preventative work physically started within 12 weeks.
//! - Whenever the safety-work deadline passes without the work done, an alternative
//!   accommodation decision must be on the record.
//! - Classified `not_significant` or `no_hazard`: no duty. `hazard.closed` stops nothing: only
//!   the three clock-stop reasons do, each with its evidence (`hazard.clock_stopped`).

use std::borrow::Cow;

use jiff::Timestamp;

use super::model::{Model, WorksOrder, visible, when};
use super::repairs::due_text;
use super::timeline::Pending;
use super::{AlertCode, AlertSpan, DueOr, due_or, excerpt, track};
use crate::events::EventData;
use crate::hazards::{HazardClass, HazardOpened, HazardWorkPurpose};
use crate::history::{Event, HistoryTime, RecordId};
use crate::references::RecordKind;
use crate::repairs::{VisitOutcome, WorkPurpose};
use crate::rules::awaabs_law::SI;
use crate::rules::clock::{Limit, clock_start, due_after, precision_note};

pub(super) fn spans(m: &Model<'_>) -> Vec<AlertSpan> {
    let mut out = Vec::new();
    for hazard in m.records_of(RecordKind::Hazard) {
        out.extend(hazard_clocks(m, hazard));
    }
    out
}

/// Works orders for the hazard with the given purpose, as known at `k`: raised against it with
/// that purpose, or linked to it with that purpose.
fn works<'e>(
    m: &Model<'e>,
    hazard: &RecordId,
    hazard_evs: &[&'e Event],
    candidates: &[&'e RecordId],
    purpose: HazardWorkPurpose,
    k: Timestamp,
) -> Vec<WorksOrder<'e>> {
    let wo_purpose = match purpose {
        HazardWorkPurpose::Safety => WorkPurpose::Safety,
        HazardWorkPurpose::Preventative => WorkPurpose::Preventative,
        HazardWorkPurpose::Investigation => WorkPurpose::Inspection,
    };
    candidates
        .iter()
        .filter_map(|id| m.works_order(id, k))
        .filter(|w| {
            let raised = w.raised.hazard.as_ref() == Some(hazard) && w.purpose() == wo_purpose;
            let linked = hazard_evs.iter().any(|e| {
                matches!(&e.data, EventData::HazardWorksLinked(l) if &l.works_order == w.id && l.purpose == purpose)
            });
            raised || linked
        })
        .collect()
}

fn hazard_clocks(m: &Model<'_>, hazard: &RecordId) -> Vec<AlertSpan> {
    let mut candidates: Vec<&RecordId> = m.referring(hazard, RecordKind::WorksOrder);
    for e in m.all_events(hazard) {
        if let EventData::HazardWorksLinked(l) = &e.data
            && !candidates.contains(&&l.works_order)
        {
            candidates.push(&l.works_order);
        }
    }
    let appointments: Vec<&RecordId> = candidates
        .iter()
        .flat_map(|w| m.referring(w, RecordKind::Appointment))
        .collect();
    let mut deps: Vec<&RecordId> = vec![hazard];
    deps.extend(candidates.iter().copied());
    deps.extend(appointments);
    let law = &m.cfg.awaab;
    track(m, deps, |k| {
        let evs = m.effective(hazard, k);
        let Some(EventData::HazardOpened(opened)) = evs.first().map(|e| &e.data) else {
            return Vec::new();
        };
        let scope = law.scope(opened.hazard_type, opened.aware_at.first_date());
        if !scope.emergency && !scope.significant {
            return Vec::new();
        }
        if evs
            .iter()
            .any(|e| matches!(e.data, EventData::HazardClockStopped(_)))
        {
            return Vec::new();
        }
        let classes: Vec<(&Event, HazardClass)> = evs
            .iter()
            .filter_map(|e| match &e.data {
                EventData::HazardClassified(c) => Some((*e, c.classification)),
                _ => None,
            })
            .collect();
        let latest = classes.last().map(|(_, c)| *c);
        let investigation = evs.iter().find_map(|e| match &e.data {
            EventData::HazardInvestigated(i) if i.competent => Some(i),
            _ => None,
        });
        let safety = works(m, hazard, &evs, &candidates, HazardWorkPurpose::Safety, k);
        let safety_done = !safety.is_empty() && safety.iter().all(WorksOrder::done);
        let decided_accommodation = evs
            .iter()
            .any(|e| matches!(e.data, EventData::AlternativeAccommodationDecided(_)));
        let ctx = Ctx {
            m,
            hazard,
            opened,
            aware_known: visible(evs[0]),
            phase: scope.phase.unwrap_or(1),
        };
        let mut out = Vec::new();
        match latest {
            Some(HazardClass::NotSignificant | HazardClass::NoHazard) => {}
            Some(HazardClass::Emergency) if scope.emergency => {
                // 24 hours from awareness, or from a reclassification as emergency.
                let start = match classes.iter().find(|(_, c)| *c == HazardClass::Emergency) {
                    Some((e, _))
                        if classes
                            .first()
                            .is_some_and(|(_, c)| *c != HazardClass::Emergency) =>
                    {
                        HistoryTime::Instant(e.at.end())
                    }
                    _ => opened.aware_at,
                };
                if !(investigation.is_some() && safety_done) {
                    let mut missing = Vec::new();
                    if investigation.is_none() {
                        missing.push("no competent investigation");
                    }
                    if !safety_done {
                        missing.push("no completed safety work");
                    }
                    out.extend(ctx.clock(
                        AlertCode::HazardEmergencyOverdue,
                        "awaab.emergency",
                        "investigate and make safe",
                        law.emergency,
                        &start,
                        "awareness",
                        &missing.join(" and "),
                    ));
                }
                if !safety_done && !decided_accommodation {
                    out.extend(ctx.clock(
                        AlertCode::HazardAlternativeAccommodationNotConsidered,
                        "awaab.alternative_accommodation",
                        "make safe (or decide on alternative accommodation)",
                        law.emergency,
                        &start,
                        "awareness",
                        "the home is not made safe and no alternative-accommodation decision is recorded",
                    ));
                }
            }
            Some(HazardClass::Emergency) => {}
            Some(HazardClass::Significant) | None if scope.significant => {
                let Some(inv) = investigation else {
                    out.extend(ctx.clock(
                        AlertCode::HazardInvestigationOverdue,
                        "awaab.significant.investigate",
                        "investigate (reg 6)",
                        law.investigate,
                        &opened.aware_at,
                        "awareness",
                        "no competent investigation recorded",
                    ));
                    return out;
                };
                let concluded = inv.concluded;
                let concluded_label =
                    format!("the investigation concluding ({})", when(&concluded));
                let preventative = works(
                    m,
                    hazard,
                    &evs,
                    &candidates,
                    HazardWorkPurpose::Preventative,
                    k,
                );
                // Written summary, unless all the work was done within its period.
                let sent = evs
                    .iter()
                    .any(|e| matches!(e.data, EventData::HazardSummarySent(_)));
                let summary_due =
                    due_after(law.summary, &concluded, &m.cfg.calendar, &m.cfg.due_soon).ok();
                let all_work: Vec<&WorksOrder<'_>> =
                    safety.iter().chain(preventative.iter()).collect();
                let exempt = !all_work.is_empty()
                    && all_work.iter().all(|w| {
                        w.done()
                            && w.last_completion().is_some_and(|(c, _)| {
                                summary_due
                                    .and_then(|d| d.date)
                                    .is_some_and(|d| c.at.last_date() <= d)
                            })
                    });
                if !sent && !exempt {
                    out.extend(ctx.clock(
                        AlertCode::HazardSummaryOverdue,
                        "awaab.significant.summary",
                        "send the written summary (reg 9)",
                        law.summary,
                        &concluded,
                        &concluded_label,
                        "no written summary sent",
                    ));
                }
                if !safety_done {
                    let what = if safety.is_empty() {
                        "no safety works order is linked to the hazard".to_string()
                    } else {
                        format!(
                            "safety work not done: {}",
                            safety
                                .iter()
                                .filter(|w| !w.done())
                                .map(|w| w.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    };
                    out.extend(ctx.clock(
                        AlertCode::HazardSafetyWorkOverdue,
                        "awaab.significant.safety_work",
                        "complete the relevant safety work (reg 11(2)(a))",
                        law.safety_work,
                        &concluded,
                        &concluded_label,
                        &what,
                    ));
                    if !decided_accommodation {
                        out.extend(ctx.clock(
                            AlertCode::HazardAlternativeAccommodationNotConsidered,
                            "awaab.alternative_accommodation",
                            "make safe (or decide on alternative accommodation)",
                            law.safety_work,
                            &concluded,
                            &concluded_label,
                            "the safety work is not done and no alternative-accommodation decision is recorded",
                        ));
                    }
                }
                let not_started: Vec<&str> = preventative
                    .iter()
                    .filter(|w| {
                        !w.done()
                            && !m.appointments(w.id, k).iter().any(|a| {
                                matches!(
                                    a.outcome(),
                                    Some((
                                        _,
                                        VisitOutcome::Completed | VisitOutcome::CouldNotComplete
                                    ))
                                )
                            })
                    })
                    .map(|w| w.id.as_str())
                    .collect();
                if !not_started.is_empty() {
                    out.extend(ctx.clock(
                        AlertCode::HazardPreventativeWorkOverdue,
                        "awaab.significant.preventative_start",
                        "physically start the supplementary preventative work",
                        law.preventative_start,
                        &concluded,
                        &concluded_label,
                        &format!("preventative work not started: {}", not_started.join(", ")),
                    ));
                }
            }
            Some(HazardClass::Significant) | None => {}
        }
        out
    })
}

struct Ctx<'a, 'e> {
    m: &'a Model<'e>,
    hazard: &'a RecordId,
    opened: &'a HazardOpened,
    aware_known: Timestamp,
    phase: u8,
}

impl Ctx<'_, '_> {
    /// One Awaab's Law duty: `limit` from `from` (described as `from_label`), with what is missing.
    #[allow(clippy::too_many_arguments)]
    fn clock(
        &self,
        code: AlertCode,
        rule: &'static str,
        duty: &str,
        limit: Limit,
        from: &HistoryTime,
        from_label: &str,
        missing: &str,
    ) -> Option<Pending> {
        let records = vec![self.hazard.clone()];
        match due_or(
            due_after(limit, from, &self.m.cfg.calendar, &self.m.cfg.due_soon),
            rule,
            &records,
            self.aware_known,
        ) {
            DueOr::Failed(p) => Some(p),
            DueOr::Due(due) => Some(Pending {
                code,
                rule: Cow::Borrowed(rule),
                source: Cow::Owned(format!(
                    "{SI} (Awaab's Law, phase {}; rules.md §2.3)",
                    self.phase
                )),
                property: Some(self.opened.property.clone()),
                records,
                started: clock_start(limit, from),
                due: due.at,
                warn_from: due.warn_from,
                detail: format!(
                    "Hazard ({}) \"{}\" (aware {}{}): {duty} within {limit} of {} — {missing} by {}.",
                    super::words(&self.opened.hazard_type),
                    excerpt(&self.opened.description, 80),
                    when(&self.opened.aware_at),
                    precision_note("awareness", &self.opened.aware_at),
                    from_label,
                    due_text(&due)
                ),
            }),
        }
    }
}
