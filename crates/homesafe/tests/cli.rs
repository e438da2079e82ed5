//! The binary from the outside: the commands an operator runs, against a fresh database each
//! (SQLite, or PostgreSQL when HOMESAFE_TEST_POSTGRES is set).

use std::path::PathBuf;
use std::process::{Command, Output};

use homesafe_store::testing::TestDb;

const MINI: &str = r#"{"type":"property.registered","subject":"p1","at":"2020-10","actor":{"id":"legacy","role":"system"},"data":{"address":{"line1":"1 Example Road"},"property_type":"bungalow","bedrooms":2}}
{"type":"person.registered","subject":"r1","at":"2020-10","actor":{"id":"legacy","role":"system"},"data":{"name":"Resident A"}}
{"type":"report.received","subject":"rep1","at":"2021-03","actor":{"id":"legacy","role":"call_handler"},"data":{"property":"p1","channel":"phone","reporter":{"kind":"resident","person":"r1"},"description":"Damp and mould near bathroom and kitchen"}}
"#;

fn homesafe(db: &TestDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_homesafe"))
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("HOMESAFE_OPERATOR", "cli-test")
        .output()
        .expect("run homesafe")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn temp_file(name: &str, content: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("homesafe-cli-{}-{name}", std::process::id()));
    std::fs::write(&path, content).expect("write temp file");
    path
}

#[tokio::test]
async fn import_verify_export_round_trip() {
    let db = TestDb::new().await;
    let file = temp_file("mini.jsonl", MINI);
    let out = homesafe(&db, &["import", file.to_str().expect("path")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("events=3"));
    let verify = homesafe(&db, &["verify"]);
    assert!(verify.status.success(), "{}", text(&verify.stderr));
    assert!(text(&verify.stdout).starts_with("ok: 3 events verified"));
    let exported = homesafe(&db, &["export"]);
    let canonical = Command::new(env!("CARGO_BIN_EXE_homesafe"))
        .args(["check", file.to_str().expect("path"), "--canonical"])
        .output()
        .expect("check");
    assert!(canonical.status.success());
    assert_eq!(
        text(&exported.stdout),
        text(&canonical.stdout),
        "export equals the canonical form of the file"
    );
    db.drop_db().await;
}

#[tokio::test]
async fn verify_exits_non_zero_naming_the_altered_event() {
    let db = TestDb::new().await;
    let file = temp_file("tamper.jsonl", MINI);
    assert!(
        homesafe(&db, &["import", file.to_str().expect("path")])
            .status
            .success()
    );
    db.raw("DROP TRIGGER events_no_update ON events").await.ok();
    db.raw("DROP TRIGGER IF EXISTS events_no_update").await.ok();
    db.raw("UPDATE events SET body = REPLACE(body, 'Resident A', 'Resident B') WHERE seq = 2")
        .await
        .expect("tamper");
    let out = homesafe(&db, &["verify"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("event 2"),
        "{}",
        text(&out.stderr)
    );
    db.drop_db().await;
}

#[tokio::test]
async fn a_bad_line_fails_the_import_with_line_field_and_reason() {
    let db = TestDb::new().await;
    let bad = MINI.replace(r#""property":"p1""#, r#""property":"p404""#);
    let file = temp_file("bad.jsonl", &bad);
    let out = homesafe(&db, &["import", file.to_str().expect("path")]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("line 3: data.property: unknown reference 'p404'"),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(
        db.raw_count("SELECT COUNT(*) FROM events")
            .await
            .expect("count"),
        0
    );
    db.drop_db().await;
}

#[tokio::test]
async fn rebuild_gives_identical_current_state_for_the_demo() {
    let db = TestDb::new().await;
    let out = homesafe(&db, &["demo", "--homes", "15", "--seed", "3"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let before = db.store.state_digest().await.expect("digest");
    let rebuilt = homesafe(&db, &["rebuild"]);
    assert!(rebuilt.status.success(), "{}", text(&rebuilt.stderr));
    assert_eq!(db.store.state_digest().await.expect("digest"), before);
    assert!(homesafe(&db, &["verify"]).status.success());
    db.drop_db().await;
}

#[tokio::test]
async fn demo_is_deterministic_by_seed() {
    let a = temp_file("demo-a.jsonl", "");
    let b = temp_file("demo-b.jsonl", "");
    let c = temp_file("demo-c.jsonl", "");
    for (path, seed) in [(&a, "5"), (&b, "5"), (&c, "6")] {
        let out = Command::new(env!("CARGO_BIN_EXE_homesafe"))
            .args([
                "demo",
                "--homes",
                "10",
                "--seed",
                seed,
                "--out",
                path.to_str().expect("path"),
            ])
            .output()
            .expect("demo");
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let (a, b, c) = (
        std::fs::read(a).expect("a"),
        std::fs::read(b).expect("b"),
        std::fs::read(c).expect("c"),
    );
    assert!(!a.is_empty());
    assert_eq!(a, b, "same seed, same history");
    assert_ne!(a, c, "another seed, another landlord");
}

#[tokio::test]
async fn tokens_are_created_with_a_role_and_shown_once() {
    let db = TestDb::new().await;
    let out = homesafe(
        &db,
        &[
            "token",
            "create",
            "--name",
            "repairs-app",
            "--role",
            "repairs_officer",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let secret = text(&out.stdout).trim().to_string();
    assert!(secret.starts_with("hs_"));
    let who = db
        .store
        .authenticate(&secret)
        .await
        .expect("auth")
        .expect("token");
    assert_eq!(who.name, "repairs-app");
    let bad = homesafe(&db, &["token", "create", "--name", "x", "--role", "king"]);
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("--role: 'king' is not a role"));
    db.drop_db().await;
}

#[tokio::test]
async fn calendar_answers_the_questions_staff_ask_daily() {
    let db = TestDb::new().await;
    // A complaint received on Friday 23 December 2022: 26 and 27 December are bank holidays.
    let due = homesafe(
        &db,
        &[
            "calendar",
            "due",
            "--from",
            "2022-12-23",
            "--working-days",
            "5",
        ],
    );
    assert!(due.status.success(), "{}", text(&due.stderr));
    assert_eq!(text(&due.stdout).trim(), "2023-01-04");
    let between = homesafe(&db, &["calendar", "between", "2022-03-29", "2022-08-10"]);
    // L&Q: escalation requested 29 March 2022, acknowledged again 10 August 2022. The Ombudsman
    // wrote "a 92 working day wait", counting 29 March itself; HomeSafe counts from day 0.
    assert_eq!(text(&between.stdout).trim(), "91");
    let bad = homesafe(
        &db,
        &[
            "calendar",
            "due",
            "--from",
            "29/03/2022",
            "--working-days",
            "5",
        ],
    );
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("--from: '29/03/2022' is not a date"));
    db.drop_db().await;
}

/// The L&Q case file (Housing Ombudsman report 202209500), imported into a fresh database.
async fn lq_case() -> TestDb {
    let db = TestDb::new().await;
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/cases/lq-202209500.jsonl"
    );
    let out = homesafe(&db, &["import", file]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    db
}

/// `homesafe alerts --as-of T --format json`, parsed; insists it exits 0.
fn alerts_json(db: &TestDb, as_of: &str) -> serde_json::Value {
    let out = homesafe(db, &["alerts", "--as-of", as_of, "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("alerts print JSON")
}

/// Whether the worklist holds `code` for `record` at `stage` (`overdue` or `due_soon`).
fn has_alert(doc: &serde_json::Value, code: &str, record: &str, stage: &str) -> bool {
    doc["alerts"]
        .as_array()
        .expect("alerts")
        .iter()
        .any(|a| a["code"] == code && a["records"][0] == record && a["stage"] == stage)
}

#[tokio::test]
async fn alerts_show_what_a_dashboard_showed_at_the_time() {
    let db = lq_case().await;
    // L&Q: escalation requested Tuesday 29 March 2022; 20 working days (Easter in between) end
    // on Thursday 28 April; no stage 2 response until 1 September.
    let overdue = alerts_json(&db, "2022-04-29T12:00");
    assert_eq!(overdue["as_of"], "2022-04-29T11:00:00Z", "London wall time");
    let alert = overdue["alerts"]
        .as_array()
        .expect("alerts")
        .iter()
        .find(|a| {
            a["code"] == "complaint.stage2.response_overdue"
                && a["records"][0] == "lq-complaint-2022-03"
        })
        .unwrap_or_else(|| panic!("no stage 2 alert in {overdue:#}"));
    assert_eq!(alert["severity"], "high");
    assert_eq!(alert["stage"], "overdue");
    assert_eq!(alert["property"], "lq-flat-resident");
    assert!(alert["vulnerabilities"].is_array());
    // On Wednesday 27 April it is not overdue: it shows only as due soon (the last two working
    // days), at low severity.
    let before = alerts_json(&db, "2022-04-27T12:00");
    let stage2 = |doc: &serde_json::Value, stage: &str| {
        has_alert(
            doc,
            "complaint.stage2.response_overdue",
            "lq-complaint-2022-03",
            stage,
        )
    };
    assert!(!stage2(&before, "overdue"), "{before:#}");
    assert!(stage2(&before, "due_soon"), "{before:#}");
    assert!(stage2(&overdue, "overdue"));
    // A date is the end of that London day; an RFC 3339 instant is taken as given.
    assert!(stage2(&alerts_json(&db, "2022-04-28"), "overdue"));
    let last_second = alerts_json(&db, "2022-04-28T22:59:59Z");
    assert!(!stage2(&last_second, "overdue"));
    assert!(stage2(&last_second, "due_soon"));

    // The table: one row per alert, exit 0 though there are alerts.
    let table = homesafe(&db, &["alerts", "--as-of", "2022-04-29T12:00"]);
    assert!(table.status.success(), "{}", text(&table.stderr));
    let shown = text(&table.stdout);
    let n = overdue["alerts"].as_array().expect("alerts").len();
    assert!(
        shown.starts_with(&format!("{n} alerts at 2022-04-29 12:00")),
        "{shown}"
    );
    assert_eq!(shown.lines().count(), n + 2, "{shown}");
    assert!(
        shown
            .lines()
            .nth(1)
            .is_some_and(|h| h.starts_with("SEVERITY"))
    );
    assert!(
        shown
            .lines()
            .any(|l| l.contains("complaint.stage2.response_overdue")
                && l.contains("2022-04-29 00:00")
                && l.contains("lq-complaint-2022-03")),
        "{shown}"
    );

    // A page: the same alerts as the whole list at those positions, with the total.
    let page = homesafe(
        &db,
        &[
            "alerts",
            "--as-of",
            "2022-04-29T12:00",
            "--limit",
            "2",
            "--offset",
            "1",
            "--format",
            "json",
        ],
    );
    assert!(page.status.success(), "{}", text(&page.stderr));
    let page: serde_json::Value = serde_json::from_slice(&page.stdout).expect("JSON");
    assert!(n >= 3, "the case has a few alerts then: {n}");
    assert_eq!(page["total"], n as u64);
    assert_eq!(
        page["alerts"].as_array().expect("alerts")[..],
        overdue["alerts"].as_array().expect("alerts")[1..3]
    );
    let page = homesafe(
        &db,
        &["alerts", "--as-of", "2022-04-29T12:00", "--limit", "2"],
    );
    assert!(
        text(&page.stdout).starts_with(&format!(
            "2 alerts at 2022-04-29 12:00 (Europe/London), most urgent first (alerts 1 to 2 of {n})"
        )),
        "{}",
        text(&page.stdout)
    );
    let bad = homesafe(&db, &["alerts", "--offset", "2"]);
    assert!(!bad.status.success(), "--offset needs --limit");
    let bad = homesafe(&db, &["alerts", "--limit", "0"]);
    assert!(!bad.status.success(), "a page holds at least one alert");

    let bad = homesafe(&db, &["alerts", "--as-of", "29/04/2022"]);
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("--as-of: '29/04/2022' is not a time"),
        "{}",
        text(&bad.stderr)
    );
    let bad = homesafe(&db, &["alerts", "--format", "csv"]);
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("--format: 'csv' is not a format"));
    db.drop_db().await;
}

#[tokio::test]
async fn rules_list_the_code_in_force_on_the_date() {
    let db = TestDb::new().await;
    let ids = |at: &str| -> Vec<String> {
        let out = homesafe(&db, &["rules", "--at", at, "--format", "json"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(doc["at"], at);
        doc["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .map(|r| r["id"].as_str().expect("id").to_string())
            .collect()
    };
    // 1 April 2022: the 2022 Code (not statutory); the 2024 Code from 1 April 2024.
    let in_2022 = ids("2022-04-01");
    assert!(in_2022.contains(&"chc2022.stage2.response".to_string()));
    assert!(!in_2022.iter().any(|id| id.starts_with("chc2024.")));
    let in_2024 = ids("2024-06-01");
    assert!(in_2024.contains(&"chc2024.stage2.response".to_string()));
    assert!(!in_2024.iter().any(|id| id.starts_with("chc2022.")));

    let table = homesafe(&db, &["rules", "--at", "2024-06-01"]);
    assert!(table.status.success(), "{}", text(&table.stderr));
    let shown = text(&table.stdout);
    assert!(
        shown.starts_with(&format!("{} rules in force on 2024-06-01", in_2024.len())),
        "{shown}"
    );
    let row = shown
        .lines()
        .find(|l| l.starts_with("chc2024.stage2.response "))
        .unwrap_or_else(|| panic!("no stage 2 row in\n{shown}"));
    for cell in [
        "20 working days",
        "confirmed",
        "no",
        "Complaint Handling Code 2024, 6.14",
    ] {
        assert!(row.contains(cell), "{row}");
    }
    let bad = homesafe(&db, &["rules", "--at", "1 June 2024"]);
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("--at: '1 June 2024' is not a date"));
    db.drop_db().await;
}

#[tokio::test]
async fn a_document_added_from_the_command_line_is_held_and_recorded() {
    let db = TestDb::new().await;
    let file = temp_file("mini-docs.jsonl", MINI);
    assert!(
        homesafe(&db, &["import", file.to_str().expect("path")])
            .status
            .success()
    );
    let photo = temp_file("mould.jpg", "pretend jpeg bytes");
    let dir = std::env::temp_dir().join(format!("homesafe-cli-docs-{}", std::process::id()));
    let out = Command::new(env!("CARGO_BIN_EXE_homesafe"))
        .args([
            "document",
            "add",
            photo.to_str().expect("path"),
            "--title",
            "Mould photo",
            "--evidences",
            "rep1",
        ])
        .env("DATABASE_URL", &db.url)
        .env("HOMESAFE_DOCUMENTS_DIR", &dir)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let id = text(&out.stdout).trim().to_string();
    let sha = homesafe_core::history::Hash::of(b"pretend jpeg bytes").to_string();
    assert_eq!(id, format!("sha256:{sha}"));
    let held = dir
        .join("sha256")
        .join(&sha[0..2])
        .join(&sha[2..4])
        .join(&sha);
    assert_eq!(
        std::fs::read(&held).expect("bytes on disk"),
        b"pretend jpeg bytes"
    );
    let record = db
        .store
        .record(&homesafe_core::history::RecordId::parse(id).expect("id"))
        .await
        .expect("read")
        .expect("recorded");
    assert_eq!(record.fields["media_type"], "image/jpeg");
    assert_eq!(record.fields["evidences"][0], "rep1");
    let _ = std::fs::remove_dir_all(dir);
    db.drop_db().await;
}
