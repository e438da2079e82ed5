//! `homesafe letter draft` and `homesafe letter issue` from the outside, on the Clarion case
//! (Housing Ombudsman 202208650) in a fresh database (SQLite, or PostgreSQL when
//! HOMESAFE_TEST_POSTGRES is set): a draft from the record, an incomplete letter refused naming
//! every missing element with nothing written, and a completed one issued as two documents whose
//! bytes are kept under their SHA-256.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use homesafe_core::history::Hash;
use homesafe_store::testing::TestDb;
use serde_json::Value;

fn homesafe(db: &TestDb, docs: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_homesafe"))
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("HOMESAFE_DOCUMENTS_DIR", docs)
        .env("HOMESAFE_OPERATOR", "cli-test")
        .output()
        .expect("run homesafe")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(db: &TestDb, docs: &Path, args: &[&str]) -> Output {
    let out = homesafe(db, docs, args);
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    out
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "homesafe-cli-letters-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

#[tokio::test]
async fn letters_are_drafted_refused_while_incomplete_and_issued_when_complete() {
    let db = TestDb::new().await;
    let dir = scratch("issue");
    let docs = dir.join("documents");
    let case = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/cases/clarion-202208650.jsonl"
    );
    ok(&db, &docs, &["import", case]);
    let events = db.store.event_count().await.expect("count");

    // The draft of the stage 1 response of 24 March 2022.
    let draft_file = dir.join("draft.json");
    let out = ok(
        &db,
        &docs,
        &[
            "letter",
            "draft",
            "--complaint",
            "clarion-complaint-2022-03",
            "--stage",
            "1",
            "--date",
            "2022-03-24",
            "--out",
            draft_file.to_str().expect("path"),
        ],
    );
    let notes = text(&out.stderr);
    assert!(notes.contains("decision: missing"), "{notes}");
    assert!(notes.contains("reasons: missing"), "{notes}");
    let mut letter: Value =
        serde_json::from_str(&std::fs::read_to_string(&draft_file).expect("draft written"))
            .expect("draft is JSON");
    assert_eq!(letter["landlord"], "Clarion Housing Association Limited");
    assert_eq!(
        letter["remedy"]["items"].as_array().expect("items").len(),
        2
    );
    assert_eq!(
        letter["outstanding_actions"]
            .as_array()
            .expect("actions")
            .len(),
        8
    );

    // Issued as drafted: refused, every missing element named, nothing written.
    let out = homesafe(
        &db,
        &docs,
        &["letter", "issue", draft_file.to_str().expect("path")],
    );
    assert!(!out.status.success());
    let err = text(&out.stderr);
    for named in [
        "complaint definition: missing 'outcome sought'",
        "decision: missing 'upheld, partly upheld or not upheld' for item 1",
        "reasons: missing 'reasons' for item 1",
        "remedy: missing 'by when' for item 1",
        "remedy: missing 'by when' for item 2",
    ] {
        assert!(err.contains(named), "{named}: {err}");
    }
    assert!(err.contains("5 element(s)"), "{err}");
    assert_eq!(db.store.event_count().await.expect("count"), events);
    assert!(!docs.exists(), "no bytes kept for a refused letter");

    // Completed by the officer: issued, two documents, each kept under its hash.
    letter["decisions"][0]["decision"] = "upheld".into();
    letter["decisions"][0]["reasons"] = "The works did not go ahead.".into();
    letter["definition"]["outcome_sought"] = "The damp put right.".into();
    for item in letter["remedy"]["items"].as_array_mut().expect("items") {
        item["by_when"] = "2022-04-21".into();
    }
    let complete = dir.join("letter.json");
    std::fs::write(&complete, letter.to_string()).expect("write letter");
    let out = ok(
        &db,
        &docs,
        &["letter", "issue", complete.to_str().expect("path")],
    );
    let printed = text(&out.stdout);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), 2, "{printed}");
    assert!(lines[0].contains("text/html"), "{printed}");
    assert!(lines[1].contains("application/pdf"), "{printed}");
    for line in &lines {
        let sha = line.split_whitespace().next().expect("sha256");
        let kept = docs
            .join("sha256")
            .join(&sha[0..2])
            .join(&sha[2..4])
            .join(sha);
        let bytes = std::fs::read(&kept).expect("bytes kept under their hash");
        assert_eq!(Hash::of(&bytes).to_string(), sha);
        let record = homesafe_core::history::RecordId::parse(format!("sha256:{sha}")).expect("id");
        let state = db.store.record(&record).await.expect("read");
        assert!(state.is_some(), "{sha} recorded");
    }
    assert_eq!(db.store.event_count().await.expect("count"), events + 2);

    let _ = std::fs::remove_dir_all(&dir);
    db.drop_db().await;
}
