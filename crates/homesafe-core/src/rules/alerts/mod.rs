//! Alerts: every duty the landlord owes, when it falls due, and the alarm before and after.
//!
//! An alert is an interval derived from the history alone, independent of when it is asked
//! about: an [`AlertSpan`] *appears* when a dashboard would first have shown it (the end of the
//! due day for an overdue clock, the moment the triggering event became known for an immediate
//! alert) and *clears* when the satisfying or stopping event became known. An alert is present
//! at `T` iff `appears <= T` and it has not cleared by `T`. So [`alerts_as_of`] shows exactly
//! what a dashboard would have shown at that moment (requirement B1), and the spans of a whole
//! history are the record of every alarm it ever raised.
//!
//! Files follow the way a housing officer searches: one per family (`repairs.rs`, `hazards.rs`,
//! `complaints.rs`, `commitments.rs`, `surveys.rs`, `vulnerabilities.rs`, `recurrence.rs`,
//! `ombudsman.rs`, `conduct.rs`, `remedies.rs`); the catalogue of codes in [`codes`]; the
//! worklist order in [`worklist`].

pub mod codes;
pub(crate) mod commitments;
mod complaint_intake;
mod complaints;
pub(crate) mod conduct;
mod damp;
mod hazards;
pub mod households;
pub(crate) mod model;
pub(crate) mod ombudsman;
pub(crate) mod recurrence;
pub(crate) mod remedies;
pub(crate) mod repairs;
mod surveys;
pub(crate) mod timeline;
pub(crate) mod vulnerabilities;
pub mod worklist;

use std::borrow::Cow;

use jiff::Timestamp;
use serde::Serialize;

use crate::history::{Event, RecordId};
use crate::people::VulnerabilityCode;
use crate::rules::RulesConfig;
use crate::rules::calendar::CalendarError;
use crate::rules::clock::Due;

pub use codes::{AlertCode, AlertStage, Severity};
pub use households::split_by_household;
pub use worklist::{
    ShownStretch, VulnerabilitySpan, assemble, code_rank, shown_stretches, sort_worklist,
    stage_rank, vulnerability_spans, worklist_band,
};

use model::Model;
use timeline::Pending;

/// One alert over its life: when it appeared and when (if ever) it cleared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlertSpan {
    pub code: AlertCode,
    /// The code's severity when overdue; [`Severity::Low`] while due soon.
    pub severity: Severity,
    pub stage: AlertStage,
    /// The rule's id, as listed by [`crate::rules::rules_in_force`], e.g. `chc2024.stage2.response`.
    pub rule: Cow<'static, str>,
    /// The provision, e.g. "Complaint Handling Code 2024, 6.14".
    pub source: Cow<'static, str>,
    /// The home it concerns.
    pub property: Option<RecordId>,
    /// The records behind it, the main one first.
    pub records: Vec<RecordId>,
    /// When the clock started.
    pub started: Timestamp,
    /// When the duty fell (or falls) due; for an immediate alert, when it became known.
    pub due: Timestamp,
    /// When a dashboard would first have shown it.
    pub appears: Timestamp,
    /// When the event that satisfied or stopped it became known; `None` if it never did.
    pub clears: Option<Timestamp>,
    /// What a housing officer reads: what happened, what is missing, dates (saying when a date
    /// is known only to the month or year).
    pub detail: String,
}

impl AlertSpan {
    /// Whether a dashboard at `t` shows this alert.
    pub fn present_at(&self, t: Timestamp) -> bool {
        self.appears <= t && self.clears.is_none_or(|c| t < c)
    }

    /// The main record.
    pub fn record(&self) -> Option<&RecordId> {
        self.records.first()
    }
}

/// An alert as shown at one moment: its span (not yet cleared, as far as anyone knew then) and
/// the household's vulnerabilities known at that moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alert {
    #[serde(flatten)]
    pub span: AlertSpan,
    /// Codes of the household's current vulnerability records (recorded, not ended), sorted.
    pub vulnerabilities: Vec<VulnerabilityCode>,
    /// The household has a vulnerability suggested by its notes but not recorded
    /// (`vulnerability.possibly_unrecorded` is present for it).
    pub suspected_vulnerability: bool,
}

/// Every alert span over a self-contained group of events (a whole history, or one household's
/// events with everything they refer to), in a deterministic order: by appearance, then code,
/// main record, due and stage.
pub fn alert_spans(events: &[Event], config: &RulesConfig) -> Vec<AlertSpan> {
    let m = Model::new(events, config);
    let mut spans = Vec::new();
    spans.extend(repairs::spans(&m));
    spans.extend(hazards::spans(&m));
    spans.extend(complaints::spans(&m));
    spans.extend(complaint_intake::spans(&m));
    spans.extend(commitments::spans(&m));
    spans.extend(surveys::spans(&m));
    spans.extend(vulnerabilities::spans(&m));
    let recurring = recurrence::spans(&m);
    spans.extend(damp::spans(&m, &recurring));
    spans.extend(recurring);
    spans.extend(ombudsman::spans(&m));
    spans.extend(conduct::spans(&m));
    spans.extend(remedies::spans(&m));
    spans.sort_by(|a, b| {
        (a.appears, a.code, &a.records, a.due, a.stage)
            .cmp(&(b.appears, b.code, &b.records, b.due, b.stage))
    });
    spans
}

/// The alerts a dashboard showed at `as_of`, as a worklist ([`sort_worklist`]): each span
/// present then, with `clears` unset (nobody knew then when it would clear) and the household's
/// vulnerabilities as recorded by then.
pub fn alerts_as_of(events: &[Event], as_of: Timestamp, config: &RulesConfig) -> Vec<Alert> {
    let spans = alert_spans(events, config);
    worklist::build(events, config, spans, as_of)
}

/// Runs one clock over the knowledge instants of the records it depends on, filling each
/// pending duty's home from its main record as known at that instant.
pub(crate) fn track<'e, 'a>(
    m: &Model<'e>,
    deps: impl IntoIterator<Item = &'a RecordId>,
    eval: impl FnMut(Timestamp) -> Vec<Pending>,
) -> Vec<AlertSpan> {
    track_since(m, deps, Timestamp::MIN, eval)
}

/// [`track`], skipping the knowledge instants before `since` — for a clock that cannot be pending
/// before then (its record was not yet known).
pub(crate) fn track_since<'e, 'a>(
    m: &Model<'e>,
    deps: impl IntoIterator<Item = &'a RecordId>,
    since: Timestamp,
    mut eval: impl FnMut(Timestamp) -> Vec<Pending>,
) -> Vec<AlertSpan> {
    let mut instants = m.instants(deps);
    instants.retain(|k| *k >= since);
    timeline::run(&instants, |k| {
        let mut pending = eval(k);
        for p in &mut pending {
            if p.property.is_none()
                && let Some(main) = p.records.first()
            {
                p.property = m.property_of(main, k);
            }
        }
        pending
    })
}

/// A due date or, when the calendar cannot give one, the alert that says so.
pub(crate) enum DueOr {
    Due(Due),
    Failed(Pending),
}

/// Wraps a deadline computation: a calendar refusal (a year whose bank holidays are unknown)
/// becomes a `rules.calendar_unknown` alert from the moment the clock became known, never a
/// silently skipped clock.
pub(crate) fn due_or(
    result: Result<Due, CalendarError>,
    rule: &str,
    records: &[RecordId],
    known: Timestamp,
) -> DueOr {
    match result {
        Ok(due) => DueOr::Due(due),
        Err(e) => DueOr::Failed(Pending::immediate(
            AlertCode::CalendarUnknown,
            Cow::Owned(rule.to_string()),
            "rules.md §9.1 (one working-day calendar)",
            records.to_vec(),
            known,
            known,
            format!("The deadline for {rule} could not be computed: {e}"),
        )),
    }
}

/// A vocabulary value as words, for details: `damp_and_mould` → "damp and mould".
pub(crate) fn words<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s.replace('_', " "),
        _ => String::new(),
    }
}

/// The first `n` characters of a text, for quoting in details.
pub(crate) fn excerpt(text: &str, n: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= n {
        return text.to_string();
    }
    let cut: String = text.chars().take(n).collect();
    format!("{}…", cut.trim_end())
}
