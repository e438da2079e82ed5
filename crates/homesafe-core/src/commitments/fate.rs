//! What became of a promise (requirements R9), as the record showed it at one instant, from
//! history alone. The single definition of "kept": the `commitment.overdue` alert
//! (`rules/alerts/commitments.rs`) is raised exactly when this says [`Fate::Broken`].
//!
//! - **Kept** — every works order linked to the commitment (or the work that replaced it or
//!   followed on from it) is recorded complete with the outcome *resolved*, with evidence (a
//!   document on the completion or held against the order), and confirmed by the resident or
//!   passed at a post-inspection since. Work that fulfils a promise is complaint work, which
//!   needs that confirmation (requirements R5; the issue: "kept only when those works are
//!   complete with evidence and, for complaint or hazard work, the resident confirms or a
//!   post-inspection passes"). Kept after the due date is still kept, and says so.
//! - **Unverified** — every linked works order is recorded complete and nothing since has
//!   disputed, failed or cancelled it, but the record does not show it kept: evidence, the
//!   outcome or the confirmation is missing. Not broken — the claim stands — and not kept; the
//!   `job.closed_without_evidence` alert on each such order says what is missing. A dispute or a
//!   failed post-inspection turns it back into an open promise at once, so it is never silently
//!   closed (Clarion 202208650: the stage 2 response said works were done that were not).
//! - **Broken** — the due date (as last rescheduled) has passed and the work is not done.
//! - **At risk** — not yet due, but a linked order was cancelled with nothing replacing it, its
//!   completion was disputed or failed a post-inspection, its last visit failed with nothing booked
//!   since — or no works order is linked and the due date is near (within the due-soon warning).
//! - **Open** — not yet due, and nothing yet threatens it.
//!
//! Sources: Complaint Handling Code 2024, 7.3 (a remedy says what will happen and by when, and is
//! followed through to completion) and 6.6 (outstanding actions tracked and done); requirements
//! R5 and R9.

use jiff::Timestamp;
use serde::Serialize;

use crate::events::EventData;
use crate::history::{Event, HistoryTime, RecordId};
use crate::references::RecordKind;
use crate::repairs::{CompletionOutcome, VisitOutcome};
use crate::rules::RulesConfig;
use crate::rules::alerts::model::{Model, WorksOrder, on_when, when};
use crate::rules::clock::due_on;

use super::CommitmentMade;

/// The provision behind every fate.
pub const SOURCE: &str = "Complaint Handling Code 2024, 7.3 (a remedy says what will happen and by when, and is followed through to completion) and 6.6 (outstanding actions tracked and done); requirements R5 and R9";

/// What became of a commitment at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fate {
    /// Not yet due, and nothing yet threatens it.
    Open,
    /// Not yet due, but its works were cancelled, failed or disputed, or none is linked and the
    /// due date is near.
    AtRisk,
    /// Its works are recorded complete, but the record does not show them kept.
    Unverified,
    /// Its works are complete with evidence and confirmed or passed at a post-inspection.
    Kept,
    /// The due date has passed and the work is not done.
    Broken,
}

impl Fate {
    pub fn as_str(&self) -> &'static str {
        match self {
            Fate::Open => "open",
            Fate::AtRisk => "at_risk",
            Fate::Unverified => "unverified",
            Fate::Kept => "kept",
            Fate::Broken => "broken",
        }
    }
}

/// Where one works order (followed through its replacements and follow-ons) stood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkState {
    /// Complete, resolved, with evidence, confirmed or passed at a post-inspection.
    Verified,
    /// Recorded complete; evidence, a resolved outcome or the verification is missing.
    Unverified,
    /// Recorded complete, then disputed, with no confirmation or passed inspection since.
    Disputed,
    /// Recorded complete, then failed its post-inspection.
    FailedInspection,
    /// Cancelled with nothing replacing it.
    Cancelled,
    /// Its last visit did not complete the work and nothing has been booked since.
    VisitFailed,
    /// Raised and not yet done.
    NotDone,
}

impl WorkState {
    /// Done as far as the record shows (whether or not verified).
    pub fn done(&self) -> bool {
        matches!(self, WorkState::Verified | WorkState::Unverified)
    }

    /// A state that puts the promise at risk before its due date.
    pub fn threatens(&self) -> bool {
        matches!(
            self,
            WorkState::Disputed
                | WorkState::FailedInspection
                | WorkState::Cancelled
                | WorkState::VisitFailed
        )
    }
}

/// One linked works order and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkFate {
    pub works_order: RecordId,
    pub state: WorkState,
    /// The orders that replaced it or followed on from it, in the order followed.
    pub via: Vec<RecordId>,
    /// When the work was recorded done (the latest completion on the path), if it was.
    pub completed_on: Option<HistoryTime>,
    /// What a housing officer reads: each order on the path and where it stood.
    pub detail: String,
}

/// A commitment's fate at one instant, with the reasons and the records behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitmentFate {
    pub commitment: RecordId,
    /// The complaint, contact, survey or case in which it was promised.
    pub source: RecordId,
    pub description: String,
    pub owner: Option<String>,
    /// When it was promised.
    pub made: HistoryTime,
    /// The due date as last rescheduled.
    pub due: HistoryTime,
    /// Earlier due dates, in order.
    pub rescheduled_from: Vec<HistoryTime>,
    /// The end of the due date: overdue from here.
    pub due_at: Timestamp,
    pub fate: Fate,
    /// For a kept commitment: kept after its due date.
    pub late: bool,
    pub works: Vec<WorkFate>,
    /// Why, in words, one line per reason.
    pub reasons: Vec<String>,
    /// The records behind it: the commitment, its source, every works order followed, evidence.
    pub records: Vec<RecordId>,
}

/// The fate of every commitment known at `at`, in the order they were made.
pub fn fates_at(events: &[Event], config: &RulesConfig, at: Timestamp) -> Vec<CommitmentFate> {
    let m = Model::new(events, config);
    m.records_of(RecordKind::Commitment)
        .iter()
        .filter_map(|c| assess(&m, c, at).map(|a| a.fate(&m, at)))
        .collect()
}

/// The fate of one commitment at `at`; `None` if it was not on the record then.
pub fn fate_at(
    events: &[Event],
    config: &RulesConfig,
    commitment: &RecordId,
    at: Timestamp,
) -> Option<CommitmentFate> {
    let m = Model::new(events, config);
    let c = m.record_ref(commitment)?;
    assess(&m, c, at).map(|a| a.fate(&m, at))
}

/// A commitment's terms and its works' states as known at `k`: what both the fate and the
/// `commitment.overdue` alert are decided from.
pub(crate) struct Assessment<'e> {
    pub commitment: &'e RecordId,
    pub made_ev: &'e Event,
    pub made: &'e CommitmentMade,
    pub due: &'e HistoryTime,
    pub moved: Vec<&'e HistoryTime>,
    /// The linked works orders, each followed through replacements and follow-ons.
    pub works: Vec<WorkFate>,
    /// Documents relied on as evidence.
    pub evidence: Vec<RecordId>,
}

impl Assessment<'_> {
    /// The work is done as far as the record shows (kept or unverified): the alert's clock stops.
    pub fn works_done(&self) -> bool {
        !self.works.is_empty() && self.works.iter().all(|w| w.state.done())
    }

    /// Kept: every linked order verified.
    pub fn kept(&self) -> bool {
        !self.works.is_empty() && self.works.iter().all(|w| w.state == WorkState::Verified)
    }

    /// The fate at `at` (the assessment must be of the record as known at `at`).
    pub fn fate(&self, m: &Model<'_>, at: Timestamp) -> CommitmentFate {
        let (due_at, warn_from, calendar_note) =
            match due_on(self.due, &m.cfg.calendar, &m.cfg.due_soon) {
                Ok(d) => (d.at, d.warn_from, None),
                Err(e) => (
                    self.due.end(),
                    None,
                    Some(format!(
                        "The working-day calendar could not place the due-soon warning: {e}."
                    )),
                ),
            };
        let past_due = at >= due_at;
        let mut reasons = Vec::new();
        let fate = if self.kept() {
            Fate::Kept
        } else if self.works_done() {
            Fate::Unverified
        } else if past_due {
            Fate::Broken
        } else if self.works.iter().any(|w| w.state.threatens())
            || (self.works.is_empty() && warn_from.is_some_and(|w| at >= w))
        {
            Fate::AtRisk
        } else {
            Fate::Open
        };
        let late = fate == Fate::Kept
            && self
                .works
                .iter()
                .filter_map(|w| w.completed_on.as_ref())
                .any(|c| c.last_date() > self.due.last_date());
        let due_words = format!(
            "due {}{}",
            when(self.due),
            if self.moved.is_empty() {
                String::new()
            } else {
                let from: Vec<String> = self.moved.iter().map(|t| when(t)).collect();
                format!(" (rescheduled from {})", from.join(", then "))
            }
        );
        reasons.push(match fate {
            Fate::Kept if late => format!("Kept late: {due_words}; every linked works order is complete with evidence and verified."),
            Fate::Kept => format!("Kept: {due_words}; every linked works order is complete with evidence and verified."),
            Fate::Unverified => format!("Not shown kept: {due_words}; the works are recorded complete but not verified (evidence, a resolved outcome, or the resident's confirmation or a post-inspection is missing)."),
            Fate::Broken => format!("Broken: {due_words}, and the work is not done."),
            Fate::AtRisk => format!("At risk: {due_words}."),
            Fate::Open => format!("Open: {due_words}."),
        });
        if self.works.is_empty() {
            reasons
                .push("No works order is linked, so the record cannot show it kept.".to_string());
        }
        for w in &self.works {
            reasons.push(w.detail.clone());
        }
        reasons.extend(calendar_note);
        let mut records = vec![self.commitment.clone(), self.made.source.clone()];
        for w in &self.works {
            for r in std::iter::once(&w.works_order).chain(&w.via) {
                if !records.contains(r) {
                    records.push(r.clone());
                }
            }
        }
        for d in &self.evidence {
            if !records.contains(d) {
                records.push(d.clone());
            }
        }
        CommitmentFate {
            commitment: self.commitment.clone(),
            source: self.made.source.clone(),
            description: self.made.description.clone(),
            owner: self.made.owner.clone(),
            made: self.made_ev.at,
            due: *self.due,
            rescheduled_from: self.moved.iter().map(|t| **t).collect(),
            due_at,
            fate,
            late,
            works: self.works.clone(),
            reasons,
            records,
        }
    }
}

/// Assesses a commitment as known at `k`; `None` if it was not yet made (or was voided).
pub(crate) fn assess<'e>(
    m: &Model<'e>,
    commitment: &'e RecordId,
    k: Timestamp,
) -> Option<Assessment<'e>> {
    let evs = m.effective(commitment, k);
    let made_ev = *evs.first()?;
    let EventData::CommitmentMade(made) = &made_ev.data else {
        return None;
    };
    let mut due = &made.due;
    let mut moved = Vec::new();
    for e in &evs[1..] {
        if let EventData::CommitmentRescheduled(r) = &e.data {
            moved.push(due);
            due = &r.due;
        }
    }
    let linked = super::promised_vs_done::linked_works(m, commitment, k);
    let mut evidence = Vec::new();
    let works = linked
        .into_iter()
        .map(|w| {
            let mut via = Vec::new();
            let mut visiting = Vec::new();
            let (state, completed_on, mut lines) =
                follow(m, w, k, &mut via, &mut visiting, &mut evidence);
            debug_assert_eq!(state.done(), m.settled(w, k), "{w}: one definition of done");
            lines.dedup();
            WorkFate {
                works_order: w.clone(),
                state,
                via,
                completed_on,
                detail: lines.join(" "),
            }
        })
        .collect();
    Some(Assessment {
        commitment,
        made_ev,
        made,
        due,
        moved,
        works,
        evidence,
    })
}

pub(super) type Followed = (WorkState, Option<HistoryTime>, Vec<String>);

/// Follows a works order through its replacement and follow-ons, the way
/// [`Model::settled`] does: done if the order itself is done, else done if everything that
/// replaced or followed it is done.
pub(super) fn follow<'e>(
    m: &Model<'e>,
    wo: &'e RecordId,
    k: Timestamp,
    via: &mut Vec<RecordId>,
    visiting: &mut Vec<&'e RecordId>,
    evidence: &mut Vec<RecordId>,
) -> Followed {
    if visiting.contains(&wo) {
        return (
            WorkState::NotDone,
            None,
            vec![format!("{wo}: refers back to itself.")],
        );
    }
    visiting.push(wo);
    let Some(w) = m.works_order(wo, k) else {
        return (
            WorkState::NotDone,
            None,
            vec![format!("{wo}: not yet on the record.")],
        );
    };
    let what = crate::rules::alerts::excerpt(w.description(), 80);
    if w.done() {
        let (state, line, completed_on) = verification(m, &w, k, evidence);
        return (
            state,
            completed_on,
            vec![format!("{wo} (\"{what}\"): {line}")],
        );
    }
    let mut next: Vec<&'e RecordId> = m.follow_ons(wo, k).into_iter().map(|f| f.id).collect();
    if let Some(r) = w.cancellation().and_then(|c| c.replaced_by.as_ref())
        && let Some(r) = m.record_ref(r)
    {
        next.push(r);
    }
    let own = own_state(m, &w, k);
    if next.is_empty() {
        return (own.0, None, vec![format!("{wo} (\"{what}\"): {}", own.1)]);
    }
    let mut lines = vec![format!(
        "{wo} (\"{what}\"): {}; continued by {}.",
        own.1.trim_end_matches('.'),
        next.iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )];
    let mut states = Vec::new();
    let mut completed: Option<HistoryTime> = None;
    for n in next {
        via.push(n.clone());
        let (s, c, l) = follow(m, n, k, via, visiting, evidence);
        states.push(s);
        if let Some(c) = c
            && completed
                .as_ref()
                .is_none_or(|p| c.last_date() > p.last_date())
        {
            completed = Some(c);
        }
        lines.extend(l);
    }
    let state = if states.iter().all(|s| *s == WorkState::Verified) {
        WorkState::Verified
    } else if states.iter().all(WorkState::done) {
        WorkState::Unverified
    } else {
        // The worst of what is still open: a threat before a plain "not done".
        states
            .iter()
            .copied()
            .find(WorkState::threatens)
            .unwrap_or(WorkState::NotDone)
    };
    (state, if state.done() { completed } else { None }, lines)
}

/// A done order: verified, or what its verification lacks.
fn verification(
    m: &Model<'_>,
    w: &WorksOrder<'_>,
    k: Timestamp,
    evidence: &mut Vec<RecordId>,
) -> (WorkState, String, Option<HistoryTime>) {
    let Some((c_ev, c)) = w.last_completion() else {
        return (
            WorkState::Unverified,
            "done, but no completion is recorded.".into(),
            None,
        );
    };
    let pos = w
        .evs
        .iter()
        .position(|e| std::ptr::eq(*e, c_ev))
        .unwrap_or(0);
    let mut verified_by = None;
    let mut inspection_evidence = Vec::new();
    for e in &w.evs[pos..] {
        match &e.data {
            EventData::WorksOrderConfirmed(_) => {
                verified_by = Some(format!("confirmed {}", on_when(&e.at)))
            }
            EventData::WorksOrderPostInspected(p) if p.passed => {
                verified_by = Some(format!("passed a post-inspection {}", on_when(&e.at)));
                inspection_evidence.extend(p.evidence.iter().cloned());
            }
            _ => {}
        }
    }
    let mut docs: Vec<RecordId> = c.evidence.clone();
    docs.extend(inspection_evidence);
    docs.extend(m.held_documents_for(w.id, k).into_iter().cloned());
    docs.dedup();
    let mut missing = Vec::new();
    if docs.is_empty() {
        missing.push("no evidence".to_string());
    }
    if c.outcome != CompletionOutcome::Resolved {
        missing.push(format!(
            "the outcome recorded is {}",
            crate::rules::alerts::words(&c.outcome)
        ));
    }
    if verified_by.is_none() {
        missing.push("no resident confirmation or post-inspection".to_string());
    }
    let recorded = format!(
        "recorded complete {} (work done {})",
        on_when(&c_ev.at),
        when(&c.completed_on)
    );
    if missing.is_empty() {
        for d in docs {
            if !evidence.contains(&d) {
                evidence.push(d);
            }
        }
        let by = verified_by.unwrap_or_default();
        (
            WorkState::Verified,
            format!("{recorded}, with evidence, {by}."),
            Some(c.completed_on),
        )
    } else {
        (
            WorkState::Unverified,
            format!("{recorded}, but {}.", missing.join(", ")),
            Some(c.completed_on),
        )
    }
}

/// Where an order that is not done stands on its own.
fn own_state(m: &Model<'_>, w: &WorksOrder<'_>, k: Timestamp) -> (WorkState, String) {
    if let Some(c) = w.cancellation() {
        return match &c.replaced_by {
            Some(r) => (
                WorkState::NotDone,
                format!("cancelled (\"{}\"), replaced by {r}.", c.reason),
            ),
            None => (
                WorkState::Cancelled,
                format!(
                    "cancelled (\"{}\") with no replacement{}.",
                    c.reason,
                    c.no_replacement_because
                        .as_ref()
                        .map(|b| format!(": {b}"))
                        .unwrap_or_default()
                ),
            ),
        };
    }
    // The latest of: completion, dispute, post-inspection.
    let last = w.evs.iter().rev().find_map(|e| match &e.data {
        EventData::WorksOrderDisputed(d) => Some((WorkState::Disputed, format!(
            "recorded complete, then disputed {}: \"{}\"; no confirmation or passed post-inspection since.",
            on_when(&e.at),
            crate::rules::alerts::excerpt(&d.what, 120)
        ))),
        EventData::WorksOrderPostInspected(p) if !p.passed => Some((WorkState::FailedInspection, format!(
            "failed its post-inspection {}: \"{}\".",
            on_when(&e.at),
            crate::rules::alerts::excerpt(&p.findings, 120)
        ))),
        _ => None,
    });
    if let Some(found) = last {
        return found;
    }
    // The latest appointment, and whether it failed with nothing booked since.
    let mut appointments = m.appointments(w.id, k);
    appointments.sort_by_key(|a| a.evs.first().map(|e| e.seq));
    if let Some(a) = appointments.last()
        && let Some((o_ev, outcome)) = a.outcome()
        && outcome != VisitOutcome::Completed
    {
        let reason = match &o_ev.data {
            EventData::AppointmentOutcome(o) => o.reason.as_deref(),
            _ => None,
        }
        .map(|r| format!(": \"{}\"", crate::rules::alerts::excerpt(r, 120)))
        .unwrap_or_default();
        return (
            WorkState::VisitFailed,
            format!(
                "the visit {} {}{reason}, and nothing has been booked since.",
                on_when(&o_ev.at),
                match outcome {
                    VisitOutcome::NoAccess => "got no access",
                    VisitOutcome::OperativeDidNotAttend =>
                        "was missed: the operative did not attend",
                    VisitOutcome::CouldNotComplete => "could not complete the work",
                    VisitOutcome::Completed => "completed",
                }
            ),
        );
    }
    let booked = appointments
        .iter()
        .rev()
        .find(|a| {
            a.outcome().is_none()
                && !a
                    .evs
                    .iter()
                    .any(|e| matches!(e.data, EventData::AppointmentCancelled(_)))
        })
        .and_then(|a| a.date());
    (
        WorkState::NotDone,
        match booked {
            Some(d) => format!("not done; a visit is booked for {}.", when(d)),
            None => "not done.".to_string(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{Hash, read_history};
    use crate::rules::calendar::london_day_start;
    use jiff::civil::date;

    const BASE: &str = r#"{"v":1,"id":"e1","type":"property.registered","subject":"p","at":"2026-01-05","actor":{"id":"a","role":"admin"},"data":{"address":{"line1":"1 Road"},"property_type":"flat"}}"#;

    fn at(d: jiff::civil::Date) -> Timestamp {
        london_day_start(d).expect("day")
    }

    fn history(extra: &[&str]) -> Vec<Event> {
        let mut text = String::from(BASE);
        text.push('\n');
        for l in [
            r#"{"v":1,"id":"e2","type":"person.registered","subject":"r","at":"2026-01-05","actor":{"id":"a","role":"admin"},"data":{"name":"Resident"}}"#,
            r#"{"v":1,"id":"e3","type":"complaint.received","subject":"c","at":"2026-01-06","actor":{"id":"a","role":"complaints_handler"},"data":{"complainant":"r","property":"p","channel":"phone","description":"Leak"}}"#,
            r#"{"v":1,"id":"e4","type":"works_order.raised","subject":"w","at":"2026-01-07","actor":{"id":"a","role":"repairs_officer"},"data":{"property":"p","purpose":"repair","task":{"description":"Fix the leak"}}}"#,
            r#"{"v":1,"id":"e5","type":"commitment.made","subject":"k","at":"2026-01-07","actor":{"id":"a","role":"complaints_handler"},"data":{"source":"c","description":"Fix the leak","due":"2026-01-30","works_orders":["w"]}}"#,
        ]
        .into_iter()
        .chain(extra.iter().copied())
        {
            text.push_str(l);
            text.push('\n');
        }
        read_history(&text, (), (0, Hash::GENESIS)).expect("valid history")
    }

    fn fate(events: &[Event], d: jiff::civil::Date) -> CommitmentFate {
        let cfg = RulesConfig::default();
        fate_at(events, &cfg, &RecordId::parse("k").expect("id"), at(d)).expect("known")
    }

    #[test]
    fn open_until_due_then_broken() {
        let ev = history(&[]);
        assert_eq!(fate(&ev, date(2026, 1, 12)).fate, Fate::Open);
        let broken = fate(&ev, date(2026, 1, 31));
        assert_eq!(broken.fate, Fate::Broken);
        assert!(broken.reasons[0].starts_with("Broken: due 30 January 2026"));
        assert_eq!(
            broken.records[..3],
            ["k", "c", "w"].map(|r| RecordId::parse(r).expect("id"))
        );
    }

    #[test]
    fn a_claim_without_evidence_is_unverified_and_a_dispute_breaks_it_again() {
        let ev = history(&[
            r#"{"v":1,"id":"e6","type":"works_order.completed","subject":"w","at":"2026-01-20","actor":{"id":"a","role":"operative"},"data":{"completed_on":"2026-01-20","scope_done":"Fixed","outcome":"resolved"}}"#,
            r#"{"v":1,"id":"e7","type":"works_order.disputed","subject":"w","at":"2026-02-10","actor":{"id":"r","role":"resident"},"data":{"by":"resident","what":"Still leaking"}}"#,
        ]);
        let claimed = fate(&ev, date(2026, 2, 2));
        assert_eq!(claimed.fate, Fate::Unverified);
        assert!(
            claimed.works[0].detail.contains("no evidence"),
            "{}",
            claimed.works[0].detail
        );
        let disputed = fate(&ev, date(2026, 2, 11));
        assert_eq!(disputed.fate, Fate::Broken);
        assert_eq!(disputed.works[0].state, WorkState::Disputed);
    }

    #[test]
    fn kept_only_with_evidence_and_confirmation_and_late_says_so() {
        let ev = history(&[
            r#"{"v":1,"id":"e6","type":"document.added","subject":"sha256:0000000000000000000000000000000000000000000000000000000000000001","at":"2026-02-03","actor":{"id":"a","role":"operative"},"data":{"media_type":"image/jpeg","title":"After","held":true,"evidences":["w"]}}"#,
            r#"{"v":1,"id":"e7","type":"works_order.completed","subject":"w","at":"2026-02-03","actor":{"id":"a","role":"operative"},"data":{"completed_on":"2026-02-03","scope_done":"Fixed","outcome":"resolved","evidence":["sha256:0000000000000000000000000000000000000000000000000000000000000001"]}}"#,
            r#"{"v":1,"id":"e8","type":"works_order.confirmed","subject":"w","at":"2026-02-04","actor":{"id":"r","role":"resident"},"data":{"by":"resident"}}"#,
        ]);
        // Completed with evidence on 3 Feb, not yet confirmed: unverified.
        assert_eq!(fate(&ev, date(2026, 2, 4)).fate, Fate::Unverified);
        let kept = fate(&ev, date(2026, 2, 5));
        assert_eq!((kept.fate, kept.late), (Fate::Kept, true));
        assert!(
            kept.records.contains(
                &RecordId::parse(
                    "sha256:0000000000000000000000000000000000000000000000000000000000000001"
                )
                .expect("id")
            )
        );
    }

    #[test]
    fn cancelled_with_no_replacement_is_at_risk_before_the_due_date() {
        let ev = history(&[
            r#"{"v":1,"id":"e6","type":"works_order.cancelled","subject":"w","at":"2026-01-09","actor":{"id":"a","role":"repairs_officer"},"data":{"reason":"Contractor unavailable","no_replacement_because":"none arranged"}}"#,
        ]);
        let f = fate(&ev, date(2026, 1, 12));
        assert_eq!(
            (f.fate, f.works[0].state),
            (Fate::AtRisk, WorkState::Cancelled)
        );
        assert!(
            f.reasons
                .iter()
                .any(|r| r.contains("with no replacement: none arranged"))
        );
    }
}
