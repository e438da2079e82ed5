//! Complaint Handling Code 2024, 6.13: the stage 2 handler must be a different person from the
//! stage 1 handler — enforced when history is written, not advised. Every write goes through the
//! `Validator` (the store's import and append, `homesafe check`, `read_history`).

use homesafe_core::complaints::handlers::StageHandlers;
use homesafe_core::history::{EventId, Hash, Known, RecordId, read_history};
use homesafe_core::references::RecordKind;

/// A complaint through stage 1, escalated: the lines every case below starts from.
const STAGE_ONE: &str = r#"{"id":"p","type":"property.registered","subject":"p1","at":"2026-01-05","actor":{"id":"legacy","role":"system"},"data":{"address":{"line1":"1 Example Road"},"property_type":"flat"}}
{"id":"r","type":"person.registered","subject":"r1","at":"2026-01-05","actor":{"id":"legacy","role":"system"},"data":{"name":"Resident A"}}
{"id":"c","type":"complaint.received","subject":"c1","at":"2026-01-06","actor":{"id":"team","role":"complaints_handler"},"data":{"complainant":"r1","property":"p1","channel":"phone","description":"Leak not fixed"}}
{"id":"ack1","type":"complaint.acknowledged","subject":"c1","at":"2026-01-07","actor":{"id":"team","role":"complaints_handler"},"data":{"stage":1,"handler":"Jo Smith"}}
{"id":"resp1","type":"complaint.responded","subject":"c1","at":"2026-01-14","actor":{"id":"team","role":"complaints_handler"},"data":{"stage":1,"handler":"Jo Smith","decision":"upheld","summary":"We will fix it."}}
{"id":"esc","type":"complaint.escalation_requested","subject":"c1","at":"2026-01-15","actor":{"id":"team","role":"complaints_handler"},"data":{"channel":"phone"}}
"#;

fn with(lines: &[&str]) -> String {
    let mut text = STAGE_ONE.to_string();
    for l in lines {
        text.push_str(l);
        text.push('\n');
    }
    text
}

fn stage_two_by(handler: &str) -> String {
    format!(
        r#"{{"id":"resp2","type":"complaint.responded","subject":"c1","at":"2026-02-10","actor":{{"id":"team","role":"complaints_handler"}},"data":{{"stage":2,"handler":"{handler}","decision":"upheld","summary":"Final response."}}}}"#
    )
}

#[test]
fn a_stage_2_response_by_the_stage_1_handler_is_refused_naming_line_field_and_rule() {
    // Case and spacing do not make another person.
    let err = read_history(
        &with(&[&stage_two_by("  jo  SMITH ")]),
        (),
        (0, Hash::GENESIS),
    )
    .expect_err("refused");
    assert_eq!((err.line, err.field.as_str()), (7, "data.handler"));
    assert!(
        err.reason
            .contains("'  jo  SMITH ' handled stage 1 of complaint 'c1'"),
        "{}",
        err.reason
    );
    assert!(
        err.reason.contains("Complaint Handling Code 2024, 6.13"),
        "{}",
        err.reason
    );

    // Someone else may answer stage 2, recorded by the same team account.
    let events = read_history(&with(&[&stage_two_by("Sam Patel")]), (), (0, Hash::GENESIS))
        .expect("a different handler is accepted");
    assert_eq!(events.len(), 7);
}

#[test]
fn a_stage_2_acknowledgement_naming_the_stage_1_handler_is_refused() {
    let ack2 = r#"{"id":"ack2","type":"complaint.acknowledged","subject":"c1","at":"2026-01-16","actor":{"id":"team","role":"complaints_handler"},"data":{"stage":2,"handler":"Jo Smith"}}"#;
    let err = read_history(&with(&[ack2]), (), (0, Hash::GENESIS)).expect_err("refused");
    assert_eq!((err.line, err.field.as_str()), (7, "data.handler"));
    // An acknowledgement naming nobody says nothing about who handles stage 2.
    let unnamed = r#"{"id":"ack2","type":"complaint.acknowledged","subject":"c1","at":"2026-01-16","actor":{"id":"team","role":"complaints_handler"},"data":{"stage":2}}"#;
    assert!(read_history(&with(&[unnamed]), (), (0, Hash::GENESIS)).is_ok());
}

#[test]
fn stage_1_recorded_after_stage_2_by_the_same_person_is_refused_too() {
    // A migrated history may record stage 2 first; the rule holds whichever comes first.
    let text = STAGE_ONE.replace("Jo Smith", "Ali Khan")
        + &stage_two_by("Sam Patel")
        + "\n"
        + r#"{"id":"resp1b","type":"complaint.responded","subject":"c1","at":"2026-01-14","actor":{"id":"team","role":"complaints_handler"},"data":{"stage":1,"handler":"Sam Patel","decision":"upheld","summary":"Late entry."}}"#
        + "\n";
    let err = read_history(&text, (), (0, Hash::GENESIS)).expect_err("refused");
    assert_eq!((err.line, err.field.as_str()), (8, "data.handler"));
    assert!(
        err.reason.contains("cannot handle stage 1"),
        "{}",
        err.reason
    );
}

#[test]
fn a_corrected_stage_1_handler_is_what_counts() {
    // Stage 1 was in fact handled by Ali Khan: once corrected, Jo Smith may handle stage 2.
    let fix = r#"{"id":"resp1-fix","type":"complaint.responded","subject":"c1","at":"2026-01-14","actor":{"id":"team","role":"complaints_handler"},"corrects":"resp1","reason":"Wrong handler recorded","data":{"stage":1,"handler":"Ali Khan","decision":"upheld","summary":"We will fix it."}}"#;
    let ack_fix = r#"{"id":"ack1-fix","type":"complaint.acknowledged","subject":"c1","at":"2026-01-07","actor":{"id":"team","role":"complaints_handler"},"corrects":"ack1","reason":"Wrong handler recorded","data":{"stage":1,"handler":"Ali Khan"}}"#;
    assert!(
        read_history(
            &with(&[fix, ack_fix, &stage_two_by("Jo Smith")]),
            (),
            (0, Hash::GENESIS)
        )
        .is_ok()
    );
    // Correcting only the response leaves Jo Smith named on the stage 1 acknowledgement.
    let err = read_history(
        &with(&[fix, &stage_two_by("Jo Smith")]),
        (),
        (0, Hash::GENESIS),
    )
    .expect_err("still named at stage 1");
    assert!(
        err.reason.contains("complaint.acknowledged event 'ack1'"),
        "{}",
        err.reason
    );
}

/// What a store supplies about a complaint already in it: the check spans writes.
struct Stored(StageHandlers);

impl Known for Stored {
    fn record_kind(&self, id: &RecordId) -> Option<RecordKind> {
        match id.as_str() {
            "c1" => Some(RecordKind::Complaint),
            _ => None,
        }
    }
    fn event(&self, _: &EventId) -> Option<(RecordId, String)> {
        None
    }
    fn complaint_handlers(&self, complaint: &RecordId) -> Option<StageHandlers> {
        (complaint.as_str() == "c1").then(|| self.0.clone())
    }
}

#[test]
fn a_stage_2_appended_later_is_checked_against_what_the_store_holds() {
    let earlier = read_history(STAGE_ONE, (), (0, Hash::GENESIS)).expect("stage 1");
    let held = StageHandlers::from_events(earlier.iter().filter(|e| e.subject.as_str() == "c1"));
    assert_eq!(held.0.len(), 2, "the acknowledgement and the response");
    let head = (earlier.len() as u64, earlier.last().expect("events").hash);
    let err = read_history(
        &(stage_two_by("Jo Smith") + "\n"),
        Stored(held.clone()),
        head,
    )
    .expect_err("refused across writes");
    assert_eq!((err.line, err.field.as_str()), (1, "data.handler"));
    assert!(read_history(&(stage_two_by("Sam Patel") + "\n"), Stored(held), head).is_ok());
}
