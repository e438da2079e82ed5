//! Intake alerts (Complaint Handling Code 2024 sections 1 and 2; rules.md §1.1–1.2, §9.7): a
//! dissatisfied resident not offered a complaint, and a refusal the record does not support. The
//! rules themselves — the grounds, what each needs, the 12-month limit — are in
//! `complaints/intake.rs`; this file judges the record against them.

use super::model::{Model, day, visible, when};
use super::timeline::Pending;
use super::{AlertCode, AlertSpan, excerpt, track};
use crate::complaints::{ComplaintRefused, RefusalGround, TimeLimit, time_limit};
use crate::events::EventData;
use crate::history::{Event, RecordId};
use crate::legal::LegalStage;
use crate::references::RecordKind;

use crate::rules::complaint_code::{
    COMPLAINT_OFFERED_RULE as NOT_OFFERED_RULE, COMPLAINT_OFFERED_SOURCE as NOT_OFFERED_SOURCE,
    REFUSAL_GROUNDS_RULE as REFUSAL_RULE, REFUSAL_GROUNDS_SOURCE as REFUSAL_SOURCE,
};

pub(super) fn spans(m: &Model<'_>) -> Vec<AlertSpan> {
    let mut out = Vec::new();
    for report in m.records_of(RecordKind::Report) {
        if m.all_events(report)
            .any(|e| matches!(&e.data, EventData::ReportDissatisfaction(d) if !d.complaint_offered))
        {
            out.extend(not_offered(m, report));
        }
    }
    for complaint in m.records_of(RecordKind::Complaint) {
        if m.all_events(complaint)
            .any(|e| matches!(e.data, EventData::ComplaintRefused(_)))
        {
            out.extend(refusals(m, complaint));
        }
    }
    out
}

/// Dissatisfaction with a service request, the complaint not offered: present from the moment
/// it was recorded until a later record offers one or a complaint about the report arrives.
fn not_offered(m: &Model<'_>, report: &RecordId) -> Vec<AlertSpan> {
    let complaints = m.referring(report, RecordKind::Complaint);
    let mut deps: Vec<&RecordId> = vec![report];
    deps.extend(complaints.iter().copied());
    track(m, deps, |k| {
        let evs = m.effective(report, k);
        // The last word on the matter: an offer (or a complaint) after the failure settles it.
        let Some((ev, summary)) = evs.iter().rev().find_map(|e| match &e.data {
            EventData::ReportDissatisfaction(d) => Some((*e, d)),
            _ => None,
        }) else {
            return Vec::new();
        };
        if summary.complaint_offered {
            return Vec::new();
        }
        let complained = complaints.iter().any(|c| {
            m.created(c, k)
                .is_some_and(|c| c.at.end() >= ev.at.earliest())
        });
        if complained {
            return Vec::new();
        }
        vec![Pending::immediate(
            AlertCode::ComplaintNotOffered,
            NOT_OFFERED_RULE,
            NOT_OFFERED_SOURCE,
            vec![report.clone()],
            ev.at.earliest(),
            visible(ev),
            format!(
                "Report {report}: on {} the resident was dissatisfied (\"{}\") and the record says they were not offered the choice to complain.",
                when(&ev.at),
                excerpt(&summary.summary, 120)
            ),
        )]
    })
}

/// Each refusal whose ground the record, as known at the refusal, does not support.
fn refusals(m: &Model<'_>, complaint: &RecordId) -> Vec<AlertSpan> {
    let mut deps: Vec<&RecordId> = vec![complaint];
    for e in m.all_events(complaint) {
        if let EventData::ComplaintRefused(r) = &e.data {
            deps.extend(r.legal_case.iter().filter_map(|id| m.record_ref(id)));
            deps.extend(r.earlier_complaint.iter().filter_map(|id| m.record_ref(id)));
        }
    }
    track(m, deps, |k| {
        let evs = m.effective(complaint, k);
        let Some(received) = evs.first().copied() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, ev) in evs.iter().enumerate() {
            let EventData::ComplaintRefused(r) = &ev.data else {
                continue;
            };
            // Accepted after all: the complaint was acknowledged after the refusal.
            if evs[i + 1..]
                .iter()
                .any(|e| matches!(e.data, EventData::ComplaintAcknowledged(_)))
            {
                continue;
            }
            if let Some(why) = unfounded(m, received, ev, r) {
                out.push(Pending::immediate(
                    AlertCode::ComplaintRefusalUnfounded,
                    REFUSAL_RULE,
                    REFUSAL_SOURCE,
                    vec![complaint.clone()],
                    ev.at.earliest(),
                    visible(ev),
                    format!(
                        "Complaint {complaint}: {} refused {} on the ground that {}, but {why}.",
                        if r.at_escalation {
                            "escalation"
                        } else {
                            "complaint"
                        },
                        when(&ev.at),
                        r.ground.describe()
                    ),
                ));
            }
        }
        out
    })
}

/// Why the record, as known when the refusal was recorded, does not support its ground.
fn unfounded(m: &Model<'_>, received: &Event, ev: &Event, r: &ComplaintRefused) -> Option<String> {
    let k = visible(ev);
    match r.ground {
        RefusalGround::OlderThan12Months => {
            let arose = r.issue_arose.as_ref()?;
            match time_limit(arose, &received.at) {
                TimeLimit::Within => Some(format!(
                    "the issue arose {} and the complaint was received {}, within 12 months (the limit ran to the end of {})",
                    when(arose),
                    when(&received.at),
                    arose
                        .last_date()
                        .checked_add(jiff::Span::new().months(12))
                        .map(day)
                        .unwrap_or_default()
                )),
                TimeLimit::Outside { .. } => None,
            }
        }
        RefusalGround::LegalProceedingsIssued => {
            let case = r.legal_case.as_ref()?;
            let stage = m
                .effective(case, k)
                .iter()
                .rev()
                .find_map(|e| match &e.data {
                    EventData::LegalCaseOpened(o) => Some(o.stage),
                    EventData::LegalCaseProgressed(p) => Some(p.stage),
                    _ => None,
                });
            match stage {
                Some(LegalStage::ProceedingsIssued) | Some(LegalStage::Settled) => None,
                Some(LegalStage::PreAction) => Some(format!(
                    "legal case {case} was at the pre-action protocol stage: no claim had been filed at court"
                )),
                Some(LegalStage::Closed) => Some(format!(
                    "legal case {case} was closed without a claim on the record"
                )),
                None => Some(format!("legal case {case} was not on the record")),
            }
        }
        RefusalGround::AlreadyConsidered => {
            let earlier = r.earlier_complaint.as_ref()?;
            let answered = m
                .effective(earlier, k)
                .iter()
                .any(|e| matches!(e.data, EventData::ComplaintResponded(_)));
            (!answered).then(|| {
                format!("complaint {earlier} had no response on the record: it was not considered")
            })
        }
        RefusalGround::PolicyExclusion => None,
    }
}
