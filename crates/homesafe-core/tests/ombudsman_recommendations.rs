//! Ombudsman recommendations (not binding, requirements R13): the landlord answers each —
//! accepted, or declined with its reasons — by the date given; unanswered by then,
//! `ombudsman.recommendation_unanswered` shows until an answer (or compliance) is recorded. A
//! binding order is not answered but complied with.

use homesafe_core::history::{Event, Hash, read_history};
use homesafe_core::rules::{AlertSpan, AlertStage, RulesConfig, alert_spans};
use jiff::Timestamp;
use serde_json::{Value, json};

const CODE: &str = "ombudsman.recommendation_unanswered";

fn line(id: &str, ty: &str, subject: &str, at: &str, data: Value) -> Value {
    json!({"id": id, "type": ty, "subject": subject, "at": at,
        "actor": {"id": "officer", "role": "complaints_handler"}, "data": data})
}

/// A complaint closed at once (so it raises nothing), referred to the Ombudsman, and a
/// recommendation made on Monday 2 March 2026 with a reply due Monday 30 March.
fn history(kind: &str) -> Vec<Value> {
    vec![
        line(
            "prop",
            "property.registered",
            "p1",
            "2026-01-05",
            json!({"address": {"line1": "1 High Street"}, "property_type": "flat"}),
        ),
        line(
            "person",
            "person.registered",
            "r1",
            "2026-01-05",
            json!({"name": "A. Tenant"}),
        ),
        line(
            "complaint",
            "complaint.received",
            "c1",
            "2026-01-12T10:00:00Z",
            json!({"complainant": "r1", "property": "p1", "channel": "email", "description": "Damp"}),
        ),
        line(
            "closed",
            "complaint.closed",
            "c1",
            "2026-01-13T10:00:00Z",
            json!({"reason": "Went to the Ombudsman"}),
        ),
        line(
            "open",
            "ombudsman.case_opened",
            "hos-1",
            "2026-02-02T09:00:00Z",
            json!({"reference": "202600001", "complaints": ["c1"], "referred": "2026-02-02"}),
        ),
        line(
            "rec",
            "ombudsman.order_made",
            "rec-1",
            "2026-03-02T09:00:00Z",
            json!({"case": "hos-1", "kind": kind, "text": "Review the damp and mould policy against the Spotlight report", "due": "2026-03-30"}),
        ),
    ]
}

fn read(lines: &[Value]) -> Result<Vec<Event>, String> {
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    read_history(&text, (), (0, Hash::GENESIS)).map_err(|e| e.to_string())
}

fn overdue(lines: &[Value]) -> Vec<AlertSpan> {
    alert_spans(
        &read(lines).expect("a valid history"),
        &RulesConfig::default(),
    )
    .into_iter()
    .filter(|s| s.stage == AlertStage::Overdue)
    .collect()
}

fn ts(s: &str) -> Timestamp {
    s.parse().expect("instant")
}

fn answered(at: &str, accepted: bool, reasons: &str) -> Value {
    line(
        "answer",
        "ombudsman.recommendation_answered",
        "rec-1",
        at,
        json!({"accepted": accepted, "reasons": reasons, "decided_by": "Director of Housing"}),
    )
}

#[test]
fn unanswered_it_is_overdue_from_the_day_after_until_answered() {
    let h = history("recommendation");
    let s = overdue(&h);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].code.as_str(), CODE);
    assert_eq!(s[0].appears, ts("2026-03-31T00:00:00+01:00"));
    assert_eq!(s[0].clears, None);
    assert_eq!(s[0].records[0].as_str(), "rec-1");
    assert!(s[0].source.contains("UNCONFIRMED"), "{}", s[0].source);
    assert!(s[0].detail.starts_with("Recommended"), "{}", s[0].detail);

    // Declined, with reasons, a week late: the alert clears then.
    let mut h = history("recommendation");
    h.push(answered(
        "2026-04-07T10:00:00Z",
        false,
        "Our policy was reviewed in January against the same report",
    ));
    let s = overdue(&h);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].clears, Some(ts("2026-04-07T10:00:00Z")));

    // Accepted in time: nothing overdue.
    let mut h = history("recommendation");
    h.push(answered(
        "2026-03-20T10:00:00Z",
        true,
        "We will review it by June",
    ));
    assert_eq!(overdue(&h), []);
}

#[test]
fn a_decline_needs_reasons_and_an_order_is_complied_with_not_answered() {
    let mut h = history("recommendation");
    h.push(answered("2026-03-20T10:00:00Z", false, "  "));
    let err = read(&h).expect_err("refused");
    assert!(err.contains("line 7") && err.contains("reasons"), "{err}");

    // An answer does not discharge a binding order.
    let mut h = history("order");
    h.push(answered("2026-03-20T10:00:00Z", true, "We will"));
    let s = overdue(&h);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].code.as_str(), "ombudsman.order_overdue");
}
