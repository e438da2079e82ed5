//! Commitments (requirements R9): `commitment.overdue` is raised exactly when the commitment's
//! fate ([`crate::commitments::fate`], the one definition of "kept") is broken: due, and its
//! works — followed through replacements and follow-ons — not done. Works recorded complete but
//! not yet verified stop this clock; `job.closed_without_evidence` watches them, and a dispute or
//! failed post-inspection starts this one again. A commitment with no works order can never be
//! shown kept, so it becomes overdue on its date. A
//! reschedule is a record, not a date edit: it moves the due date from the moment it is known,
//! and the breach shown before it stays on the record (its span ends when the reschedule became
//! known). Due dates known only to a month or year fall due at the end of that month or year.

use std::borrow::Cow;

use super::model::{Model, visible, when};
use super::repairs::due_text;
use super::timeline::Pending;
use super::{AlertCode, AlertSpan, DueOr, due_or, excerpt, track};
use crate::commitments::fate::assess;
use crate::events::EventData;
use crate::history::RecordId;
use crate::references::RecordKind;
use crate::rules::clock::{due_on, precision_note};

/// The rule id and source of every commitment clock.
pub(crate) const RULE: &str = "commitment.due";
pub(crate) const SOURCE: &str = "The landlord's own commitment: Complaint Handling Code 2024, 7.3 (a remedy says what will happen and by when, and is followed through); requirements R9";

pub(super) fn spans(m: &Model<'_>) -> Vec<AlertSpan> {
    let mut out = Vec::new();
    for c in m.records_of(RecordKind::Commitment) {
        out.extend(commitment_clock(m, c));
    }
    out
}

/// Every works order a commitment could depend on (any version): linked ones, their follow-ons
/// and replacements, transitively.
fn work_candidates<'e>(m: &Model<'e>, commitment: &RecordId) -> Vec<&'e RecordId> {
    let mut out: Vec<&'e RecordId> = Vec::new();
    for e in m.all_events(commitment) {
        match &e.data {
            EventData::CommitmentMade(made) => out.extend(made.works_orders.iter()),
            EventData::CommitmentWorksLinked(l) => out.push(&l.works_order),
            _ => {}
        }
    }
    // Orders raised to fulfil it.
    for w in m.referring(commitment, RecordKind::WorksOrder) {
        if !out.contains(&w) {
            out.push(w);
        }
    }
    let mut i = 0;
    while i < out.len() && out.len() < 500 {
        let w = out[i];
        for f in m.referring(w, RecordKind::WorksOrder) {
            if !out.contains(&f) {
                out.push(f);
            }
        }
        for e in m.all_events(w) {
            if let EventData::WorksOrderCancelled(c) = &e.data
                && let Some(r) = &c.replaced_by
                && !out.contains(&r)
            {
                out.push(r);
            }
        }
        i += 1;
    }
    out
}

fn commitment_clock(m: &Model<'_>, commitment: &RecordId) -> Vec<AlertSpan> {
    let candidates = work_candidates(m, commitment);
    let Some(commitment) = m.record_ref(commitment) else {
        return Vec::new();
    };
    let mut deps: Vec<&RecordId> = vec![commitment];
    deps.extend(candidates.iter().copied());
    track(m, deps, |k| {
        // One definition of "kept": the commitment's fate (`commitments::fate`). The clock stops
        // when its works are done as far as the record shows — kept, or recorded complete and
        // awaiting verification (which `job.closed_without_evidence` watches); otherwise, once
        // due, it is broken.
        let Some(a) = assess(m, commitment, k) else {
            return Vec::new();
        };
        if a.works_done() {
            return Vec::new();
        }
        let made = a.made;
        let made_ev = a.made_ev;
        let due = a.due;
        let moved: Vec<String> = a.moved.iter().map(|t| when(t)).collect();
        let mut records = vec![commitment.clone(), made.source.clone()];
        records.extend(a.works.iter().map(|w| w.works_order.clone()));
        let works_text = if a.works.is_empty() {
            "No works order is linked, so the record cannot show it kept.".to_string()
        } else {
            format!(
                "Works: {}",
                a.works
                    .iter()
                    .map(|w| w.detail.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        };
        match due_or(
            due_on(due, &m.cfg.calendar, &m.cfg.due_soon),
            RULE,
            &records,
            visible(made_ev),
        ) {
            DueOr::Failed(p) => vec![p],
            DueOr::Due(d) => vec![Pending {
                code: AlertCode::CommitmentOverdue,
                rule: Cow::Borrowed(RULE),
                source: Cow::Borrowed(SOURCE),
                property: None,
                records,
                started: made_ev.at.earliest(),
                due: d.at,
                warn_from: d.warn_from,
                detail: format!(
                    "Promised {} ({}{}): \"{}\" — due {}{}{}, not kept by {}. {works_text}",
                    when(&made_ev.at),
                    made.source,
                    made.owner
                        .as_ref()
                        .map(|o| format!(", owner: {o}"))
                        .unwrap_or_default(),
                    excerpt(&made.description, 120),
                    when(due),
                    precision_note("the due date", due),
                    if moved.is_empty() {
                        String::new()
                    } else {
                        format!(" (rescheduled from {})", moved.join(", then "))
                    },
                    due_text(&d)
                ),
            }],
        }
    })
}
