//! Information provided to the Ombudsman names the request it answers by event id; the request
//! may have been written in an earlier request or chunk, and the writer must find it there.
//! On SQLite, and on PostgreSQL when HOMESAFE_TEST_POSTGRES is set.

use homesafe_core::history::{Draft, EventId, parse_line};
use homesafe_store::testing::TestDb;

const CLARION: &str = include_str!("../../../examples/cases/clarion-202208650.jsonl");
const CASE: &str = "clarion-ombudsman-202208650";

fn draft(line: &str) -> Draft {
    parse_line(1, line).expect("valid line").into_draft()
}

#[tokio::test]
async fn an_answer_finds_its_request_written_earlier() {
    let db = TestDb::new().await;
    db.store
        .import(
            std::io::Cursor::new(CLARION.as_bytes().to_vec()),
            "test",
            &mut |_| {},
        )
        .await
        .expect("clarion");
    let request = db
        .store
        .append(vec![draft(&format!(
            r#"{{"type":"ombudsman.information_requested","subject":"{CASE}","at":"2023-09-01","actor":{{"id":"hos","role":"staff"}},"data":{{"what":"Evidence of compliance","due":"2023-09-15"}}}}"#
        ))])
        .await
        .expect("request")
        .events
        .remove(0);
    let answer = |answers: &str| {
        draft(&format!(
            r#"{{"type":"ombudsman.information_provided","subject":"{CASE}","at":"2023-09-10","actor":{{"id":"staff","role":"staff"}},"data":{{"what":"Works records sent","answers":"{answers}"}}}}"#
        ))
    };
    // A separate write: the request is only in the database.
    let written = db
        .store
        .append(vec![answer(request.id.as_str())])
        .await
        .expect("an answer to a stored request is accepted");
    assert_eq!(written.events.len(), 1);
    let unknown = EventId::parse("no-such-request").expect("id");
    let refused = db
        .store
        .append(vec![answer(unknown.as_str())])
        .await
        .expect_err("an answer to no request is refused");
    assert!(
        refused
            .to_string()
            .contains("data.answers: unknown event 'no-such-request'"),
        "{refused}"
    );
    db.drop_db().await;
}
