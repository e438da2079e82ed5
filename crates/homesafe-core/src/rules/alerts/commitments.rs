//! Commitments (requirements R9): a promise is kept only when every works order that fulfils it
//! is settled — believed done, or replaced by or followed on by work that is itself done. A
//! commitment with no works order can never be shown kept, so it becomes overdue on its date. A
//! reschedule is a record, not a date edit: it moves the due date from the moment it is known,
//! and the breach shown before it stays on the record (its span ends when the reschedule became
//! known). Due dates known only to a month or year fall due at the end of that month or year.

use std::borrow::Cow;

use super::model::{Model, visible, when};
use super::repairs::due_text;
use super::timeline::Pending;
use super::{AlertCode, AlertSpan, DueOr, due_or, excerpt, track};
use crate::events::EventData;
use crate::history::{HistoryTime, RecordId};
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
    let mut deps: Vec<&RecordId> = vec![commitment];
    deps.extend(candidates.iter().copied());
    track(m, deps, |k| {
        let evs = m.effective(commitment, k);
        let Some(EventData::CommitmentMade(made)) = evs.first().map(|e| &e.data) else {
            return Vec::new();
        };
        let made_ev = evs[0];
        let mut works: Vec<&RecordId> = made.works_orders.iter().collect();
        let mut due: &HistoryTime = &made.due;
        let mut moved = Vec::new();
        for e in &evs[1..] {
            match &e.data {
                EventData::CommitmentWorksLinked(l) if !works.contains(&&l.works_order) => {
                    works.push(&l.works_order)
                }
                EventData::CommitmentRescheduled(r) => {
                    moved.push(when(due));
                    due = &r.due;
                }
                _ => {}
            }
        }
        // Resolve to the model's own references so the settled check can borrow them.
        let works: Vec<&RecordId> = works
            .into_iter()
            .filter_map(|w| candidates.iter().copied().find(|c| *c == w))
            .collect();
        let settled: Vec<bool> = works.iter().map(|w| m.settled(w, k)).collect();
        if !works.is_empty() && settled.iter().all(|s| *s) {
            return Vec::new();
        }
        let mut records = vec![commitment.clone(), made.source.clone()];
        records.extend(works.iter().map(|w| (*w).clone()));
        let state: Vec<String> = works
            .iter()
            .zip(&settled)
            .map(|(w, s)| {
                let what = match m.works_order(w, k) {
                    None => "not known".to_string(),
                    Some(_) if *s => "done".to_string(),
                    Some(wo) if wo.cancellation().is_some_and(|c| c.replaced_by.is_none()) => {
                        "cancelled with no replacement".to_string()
                    }
                    Some(wo) if wo.last_completion().is_some() => {
                        "completion not standing (disputed or withdrawn)".to_string()
                    }
                    Some(_) => "not done".to_string(),
                };
                format!("{w}: {what}")
            })
            .collect();
        let works_text = if works.is_empty() {
            "No works order is linked, so the record cannot show it kept.".to_string()
        } else {
            format!("Works: {}.", state.join("; "))
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
