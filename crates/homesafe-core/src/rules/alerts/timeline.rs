//! From "what the record showed at each moment" to alert spans.
//!
//! A clock's state can only change when an event about it becomes known (its `recorded` time
//! ends). So each clock is evaluated once per *knowledge instant* — the distinct times at which
//! an event it depends on became visible — from the events visible then, and says what is
//! pending: a duty with its due date, or nothing (satisfied, stopped, not applicable). Between
//! two instants nothing changes but the clock on the wall, so the alert is due soon from
//! `warn_from` and overdue from `due` within that epoch. Consecutive pieces of the same alert
//! (same code, main record, due date and stage) are merged into one span.
//!
//! Because every evaluation sees only events visible at its instant, a span present at T is
//! exactly what a dashboard built from the record as it stood at T would show (requirement B1):
//! later events can end a span but never change one before they were recorded.

use std::borrow::Cow;

use jiff::Timestamp;

use super::AlertSpan;
use super::codes::{AlertCode, AlertStage, Severity};
use crate::history::RecordId;

/// A duty pending at one knowledge instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pending {
    pub code: AlertCode,
    pub rule: Cow<'static, str>,
    pub source: Cow<'static, str>,
    pub property: Option<RecordId>,
    /// The main record first.
    pub records: Vec<RecordId>,
    pub started: Timestamp,
    pub due: Timestamp,
    pub warn_from: Option<Timestamp>,
    pub detail: String,
}

impl Pending {
    /// An alert about something that has already happened: due (and shown) from `known`.
    pub fn immediate(
        code: AlertCode,
        rule: impl Into<Cow<'static, str>>,
        source: impl Into<Cow<'static, str>>,
        records: Vec<RecordId>,
        started: Timestamp,
        known: Timestamp,
        detail: String,
    ) -> Pending {
        Pending {
            code,
            rule: rule.into(),
            source: source.into(),
            property: None,
            records,
            started,
            due: known,
            warn_from: None,
            detail,
        }
    }
}

struct Piece {
    key: (AlertCode, Option<RecordId>, Timestamp, AlertStage),
    start: Timestamp,
    end: Option<Timestamp>,
    order: usize,
    pending: Pending,
    stage: AlertStage,
}

/// Evaluates a clock at each knowledge instant (sorted, distinct) and returns its spans.
/// `eval` is called in increasing order of instants and may keep state between calls.
pub(crate) fn run(
    instants: &[Timestamp],
    mut eval: impl FnMut(Timestamp) -> Vec<Pending>,
) -> Vec<AlertSpan> {
    let mut pieces: Vec<Piece> = Vec::new();
    for (i, &k) in instants.iter().enumerate() {
        let next = instants.get(i + 1).copied();
        for p in eval(k) {
            let main = p.records.first().cloned();
            if let Some(w) = p.warn_from {
                let start = w.max(k);
                let end = next.map_or(p.due, |n| n.min(p.due));
                if start < end {
                    pieces.push(Piece {
                        key: (p.code, main.clone(), p.due, AlertStage::DueSoon),
                        start,
                        end: Some(end),
                        order: pieces.len(),
                        pending: p.clone(),
                        stage: AlertStage::DueSoon,
                    });
                }
            }
            let start = p.due.max(k);
            if next.is_none_or(|n| start < n) {
                pieces.push(Piece {
                    key: (p.code, main, p.due, AlertStage::Overdue),
                    start,
                    end: next,
                    order: pieces.len(),
                    pending: p,
                    stage: AlertStage::Overdue,
                });
            }
        }
    }
    pieces.sort_by(|a, b| {
        a.key
            .cmp(&b.key)
            .then(a.start.cmp(&b.start))
            .then(a.order.cmp(&b.order))
    });
    let mut spans: Vec<(Piece, Option<Timestamp>)> = Vec::new();
    for piece in pieces {
        if let Some((last, end)) = spans.last_mut()
            && last.key == piece.key
            && *end == Some(piece.start)
        {
            *end = piece.end;
            continue;
        }
        let end = piece.end;
        spans.push((piece, end));
    }
    spans
        .into_iter()
        .map(|(piece, clears)| {
            let p = piece.pending;
            AlertSpan {
                code: p.code,
                severity: match piece.stage {
                    AlertStage::DueSoon => Severity::Low,
                    AlertStage::Overdue => p.code.severity(),
                },
                stage: piece.stage,
                rule: p.rule,
                source: p.source,
                property: p.property,
                records: p.records,
                started: p.started,
                due: p.due,
                appears: piece.start,
                clears,
                detail: p.detail,
            }
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn pending(due: &str, warn: Option<&str>) -> Pending {
        Pending {
            code: AlertCode::CommitmentOverdue,
            rule: "r".into(),
            source: "s".into(),
            property: None,
            records: vec![RecordId::parse("c1").unwrap()],
            started: ts("2022-01-01T00:00:00Z"),
            due: ts(due),
            warn_from: warn.map(ts),
            detail: String::new(),
        }
    }

    #[test]
    fn pieces_of_the_same_alert_merge_and_a_new_due_date_is_a_new_span() {
        let k = [
            ts("2022-01-01T00:00:00Z"),
            ts("2022-01-05T00:00:00Z"),
            ts("2022-01-20T00:00:00Z"),
            ts("2022-02-01T00:00:00Z"),
        ];
        let spans = run(&k, |at| {
            if at < ts("2022-01-20T00:00:00Z") {
                vec![pending(
                    "2022-01-10T00:00:00Z",
                    Some("2022-01-08T00:00:00Z"),
                )]
            } else if at < ts("2022-02-01T00:00:00Z") {
                vec![pending("2022-01-25T00:00:00Z", None)]
            } else {
                Vec::new()
            }
        });
        let got: Vec<_> = spans
            .iter()
            .map(|s| {
                (
                    s.stage,
                    s.appears.to_string(),
                    s.clears.map(|c| c.to_string()),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    AlertStage::DueSoon,
                    "2022-01-08T00:00:00Z".to_string(),
                    Some("2022-01-10T00:00:00Z".to_string())
                ),
                (
                    AlertStage::Overdue,
                    "2022-01-10T00:00:00Z".to_string(),
                    Some("2022-01-20T00:00:00Z".to_string())
                ),
                (
                    AlertStage::Overdue,
                    "2022-01-25T00:00:00Z".to_string(),
                    Some("2022-02-01T00:00:00Z".to_string())
                ),
            ]
        );
    }
}
