//! Complaint Handling Code 2024, 6.13 in the store: a stage 2 handled by the stage 1 handler is
//! refused when written — on import (the whole file, naming the line, nothing written) and on
//! append. Runs on SQLite, and on PostgreSQL when HOMESAFE_TEST_POSTGRES is set.

use homesafe_core::history::{Draft, parse_line};
use homesafe_store::StoreError;
use homesafe_store::testing::TestDb;

const CLARION: &str = include_str!("../../../examples/cases/clarion-202208650.jsonl");
const LQ: &str = include_str!("../../../examples/cases/lq-202209500.jsonl");

/// A complaint through stage 1 (handled by Jo Smith), escalated.
const STAGE_ONE: &str = r#"{"id":"p","type":"property.registered","subject":"p1","at":"2026-01-05","actor":{"id":"legacy","role":"system"},"data":{"address":{"line1":"1 Example Road"},"property_type":"flat"}}
{"id":"r","type":"person.registered","subject":"r1","at":"2026-01-05","actor":{"id":"legacy","role":"system"},"data":{"name":"Resident A"}}
{"id":"c","type":"complaint.received","subject":"c1","at":"2026-01-06","actor":{"id":"team","role":"complaints_handler"},"data":{"complainant":"r1","property":"p1","channel":"phone","description":"Leak not fixed"}}
{"id":"ack1","type":"complaint.acknowledged","subject":"c1","at":"2026-01-07","actor":{"id":"team","role":"complaints_handler"},"data":{"stage":1,"handler":"Jo Smith"}}
{"id":"resp1","type":"complaint.responded","subject":"c1","at":"2026-01-14","actor":{"id":"team","role":"complaints_handler"},"data":{"stage":1,"handler":"Jo Smith","decision":"upheld","summary":"We will fix it."}}
{"id":"esc","type":"complaint.escalation_requested","subject":"c1","at":"2026-01-15","actor":{"id":"team","role":"complaints_handler"},"data":{"channel":"phone"}}
"#;

fn stage_two_by(id: &str, handler: &str) -> String {
    format!(
        r#"{{"id":"{id}","type":"complaint.responded","subject":"c1","at":"2026-02-10","actor":{{"id":"team","role":"complaints_handler"}},"data":{{"stage":2,"handler":"{handler}","decision":"upheld","summary":"Final response."}}}}"#
    )
}

fn drafts(lines: &[&str]) -> Vec<Draft> {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| parse_line(i + 1, l).expect("line").into_draft())
        .collect()
}

async fn import(db: &TestDb, text: &str) -> Result<homesafe_store::ImportReport, StoreError> {
    db.store
        .import(
            std::io::Cursor::new(text.as_bytes().to_vec()),
            "test-operator",
            &mut |_| {},
        )
        .await
}

fn assert_refused_6_13(err: StoreError, line: usize) {
    match err {
        StoreError::Invalid {
            line: l,
            field,
            reason,
        } => {
            assert_eq!((l, field.as_str()), (Some(line), "data.handler"));
            assert!(
                reason.contains("'Jo Smith' handled stage 1 of complaint 'c1'"),
                "{reason}"
            );
            assert!(
                reason.contains("Complaint Handling Code 2024, 6.13"),
                "{reason}"
            );
        }
        other => panic!("unexpected error {other}"),
    }
}

#[tokio::test]
async fn import_refuses_the_whole_file_naming_the_line_and_writes_nothing() {
    let db = TestDb::new().await;
    let text = format!("{STAGE_ONE}{}\n", stage_two_by("resp2", "Jo Smith"));
    let err = import(&db, &text).await.expect_err("refused");
    assert_refused_6_13(err, 7);
    assert_eq!(
        db.store.event_count().await.expect("count"),
        0,
        "nothing written"
    );
    assert!(
        db.store.counts().await.expect("counts").is_empty(),
        "no current state"
    );

    // Both Ombudsman cases import: their stage 2 handlers differ from stage 1's.
    import(&db, CLARION).await.expect("clarion imports");
    let db2 = TestDb::new().await;
    import(&db2, LQ).await.expect("l&q imports");
    db.drop_db().await;
    db2.drop_db().await;
}

#[tokio::test]
async fn append_refuses_a_stage_2_by_the_stage_1_handler_and_writes_nothing() {
    let db = TestDb::new().await;
    // The complaint and its stage 1 acknowledgement are already held.
    let first: String = STAGE_ONE
        .lines()
        .take(4)
        .map(|l| format!("{l}\n"))
        .collect();
    import(&db, &first).await.expect("import");
    let before = db.store.event_count().await.expect("count");

    // Stage 1 answered and escalated, and stage 2 answered by the same person, in one append.
    let rest: Vec<&str> = STAGE_ONE.lines().skip(4).collect();
    let same = stage_two_by("resp2", "Jo Smith");
    let err = db
        .store
        .append(drafts(&[rest[0], rest[1], &same]))
        .await
        .expect_err("refused");
    assert_refused_6_13(err, 3);
    assert_eq!(
        db.store.event_count().await.expect("count"),
        before,
        "nothing written"
    );

    // Stage 2 by someone else is accepted.
    let other = stage_two_by("resp2", "Sam Patel");
    let appended = db
        .store
        .append(drafts(&[rest[0], rest[1], &other]))
        .await
        .expect("a different handler");
    assert_eq!(appended.events.len(), 3);
    db.drop_db().await;
}

/// Stage 1 written in one request, stage 2 in a later one: the validator checks against what
/// the store already holds, which the writer supplies through `Known::complaint_handlers`.
#[tokio::test]
async fn append_refuses_a_stage_2_written_after_stage_1_was_stored() {
    let db = TestDb::new().await;
    import(&db, STAGE_ONE).await.expect("import");
    let before = db.store.event_count().await.expect("count");
    let err = db
        .store
        .append(drafts(&[&stage_two_by("resp2", "Jo Smith")]))
        .await
        .expect_err("refused");
    assert_refused_6_13(err, 1);
    assert_eq!(
        db.store.event_count().await.expect("count"),
        before,
        "nothing written"
    );

    // Also refused when the name differs only in case and spacing, after an unrelated line.
    let err = db
        .store
        .append(drafts(&[
            r#"{"id":"r2","type":"person.registered","subject":"r2","at":"2026-02-01","actor":{"id":"legacy","role":"system"},"data":{"name":"Resident B"}}"#,
            &stage_two_by("resp2", "  jo   SMITH "),
        ]))
        .await
        .expect_err("refused");
    match err {
        StoreError::Invalid { line, field, .. } => {
            assert_eq!((line, field.as_str()), (Some(2), "data.handler"))
        }
        other => panic!("unexpected error {other}"),
    }
    assert_eq!(db.store.event_count().await.expect("count"), before);

    // Someone else may answer stage 2.
    let appended = db
        .store
        .append(drafts(&[&stage_two_by("resp2", "Sam Patel")]))
        .await
        .expect("a different handler");
    assert_eq!(appended.events.len(), 1);
    assert_eq!(appended.events[0].seq, before + 1);

    // Stage 2 stored first: a later correction naming its handler for stage 1 is refused too.
    let fix = r#"{"id":"resp1-fix","type":"complaint.responded","subject":"c1","at":"2026-01-14","actor":{"id":"team","role":"complaints_handler"},"corrects":"resp1","reason":"Wrong handler recorded","data":{"stage":1,"handler":"Sam Patel","decision":"upheld","summary":"We will fix it."}}"#;
    let err = db.store.append(drafts(&[fix])).await.expect_err("refused");
    match err {
        StoreError::Invalid {
            line,
            field,
            reason,
        } => {
            assert_eq!((line, field.as_str()), (Some(1), "data.handler"));
            assert!(
                reason.contains("'Sam Patel' handled stage 2 of complaint 'c1'"),
                "{reason}"
            );
        }
        other => panic!("unexpected error {other}"),
    }
    assert_eq!(db.store.event_count().await.expect("count"), before + 1);
    db.drop_db().await;
}

/// Stored corrections and voids are folded in: once both events naming Jo Smith at stage 1
/// are corrected or withdrawn in earlier requests, Jo Smith may answer stage 2.
#[tokio::test]
async fn stored_corrections_and_voids_release_the_stage_1_handler() {
    let db = TestDb::new().await;
    import(&db, STAGE_ONE).await.expect("import");
    let ack_void = r#"{"id":"ack1-void","type":"entry.voided","subject":"c1","at":"2026-01-20","actor":{"id":"team","role":"complaints_handler"},"corrects":"ack1","reason":"Recorded against the wrong complaint","data":{}}"#;
    let fix = r#"{"id":"resp1-fix","type":"complaint.responded","subject":"c1","at":"2026-01-14","actor":{"id":"team","role":"complaints_handler"},"corrects":"resp1","reason":"Wrong handler recorded","data":{"stage":1,"handler":"Ali Khan","decision":"upheld","summary":"We will fix it."}}"#;

    db.store.append(drafts(&[ack_void])).await.expect("void");
    // The response still names Jo Smith at stage 1.
    let err = db
        .store
        .append(drafts(&[&stage_two_by("resp2", "Jo Smith")]))
        .await
        .expect_err("refused");
    assert_refused_6_13(err, 1);

    db.store.append(drafts(&[fix])).await.expect("correction");
    let appended = db
        .store
        .append(drafts(&[&stage_two_by("resp2", "Jo Smith")]))
        .await
        .expect("Jo Smith no longer handled stage 1");
    assert_eq!(appended.events[0].id.as_str(), "resp2");

    // And now Ali Khan, the corrected stage 1 handler, may not be named for stage 2.
    let fix2 = stage_two_by("resp2-fix", "Ali Khan").replace(
        r#""at":"2026-02-10","#,
        r#""at":"2026-02-10","corrects":"resp2","reason":"Wrong handler recorded","#,
    );
    let err = db
        .store
        .append(drafts(&[&fix2]))
        .await
        .expect_err("refused");
    match err {
        StoreError::Invalid { field, reason, .. } => {
            assert_eq!(field, "data.handler");
            assert!(
                reason.contains("'Ali Khan' handled stage 1 of complaint 'c1'"),
                "{reason}"
            );
        }
        other => panic!("unexpected error {other}"),
    }
    db.drop_db().await;
}
