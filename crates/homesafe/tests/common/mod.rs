//! Running the `homesafe` binary from the outside against a test database: shared by the CLI
//! tests that replay a case file.
#![allow(dead_code)] // each test file uses what it needs

use std::process::{Command, Output};

use homesafe_store::testing::TestDb;

pub fn homesafe(db: &TestDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_homesafe"))
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("HOMESAFE_OPERATOR", "cli-test")
        .output()
        .expect("run homesafe")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs and insists it exits 0; standard output.
pub fn ok(db: &TestDb, args: &[&str]) -> String {
    let out = homesafe(db, args);
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

/// Runs and insists it fails; standard error.
pub fn refused(db: &TestDb, args: &[&str]) -> String {
    let out = homesafe(db, args);
    assert!(!out.status.success(), "{args:?}: {}", text(&out.stdout));
    text(&out.stderr)
}

/// A fresh database with one of `examples/cases/` imported, e.g. `"lq-202209500"`.
pub async fn with_case(case: &str) -> TestDb {
    let db = TestDb::new().await;
    let file = format!(
        "{}/../../examples/cases/{case}.jsonl",
        env!("CARGO_MANIFEST_DIR")
    );
    ok(&db, &["import", &file]);
    db
}
