//! `homesafe commitments` and `homesafe promised-vs-done` from the outside, replaying the Clarion
//! case (Housing Ombudsman 202208650) into a fresh database (SQLite, or PostgreSQL when
//! HOMESAFE_TEST_POSTGRES is set).

mod common;

use common::{ok, refused};
use homesafe_store::testing::TestDb;

async fn clarion() -> TestDb {
    common::with_case("clarion-202208650").await
}

#[tokio::test]
async fn commitments_show_every_fate_most_urgent_first() {
    let db = clarion().await;
    // The determination, 11 August 2023: all eleven promises broken.
    let json: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &["commitments", "--as-of", "2023-08-11", "--format", "json"],
    ))
    .expect("commitments print JSON");
    assert_eq!(json["counts"]["broken"], 11);
    let fates = json["commitments"].as_array().expect("commitments");
    assert_eq!(fates.len(), 11);
    assert!(fates.iter().all(|f| f["fate"] == "broken"));

    // The day after the stage 2 response: six broken, the cavity wall claimed done but
    // unverified, four not yet due — in that order, dates at the precision promised.
    let table = ok(&db, &["commitments", "--as-of", "2022-05-21"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines[0],
        "11 commitments at 2022-05-22 00:00 (Europe/London): 6 broken, 0 at risk, 1 unverified, 4 open, 0 kept; most urgent first"
    );
    assert!(lines[1].starts_with("FATE"), "{table}");
    assert_eq!(lines.len(), 13, "{table}");
    let fate_of = |l: &&str| l.split_whitespace().next().unwrap_or("").to_string();
    assert_eq!(
        lines[2..].iter().map(fate_of).collect::<Vec<_>>(),
        [
            "broken",
            "broken",
            "broken",
            "broken",
            "broken",
            "broken",
            "unverified",
            "open",
            "open",
            "open",
            "open"
        ]
    );
    assert!(
        lines[2].contains("March 2022") && lines[2].contains("clarion-com-s1-french-drain"),
        "{table}"
    );
    let decant = lines
        .iter()
        .find(|l| l.contains("clarion-com-s2-decant"))
        .expect("decant row");
    assert!(decant.starts_with("open        2022  "), "{decant}");

    // Only the broken ones, and a refusal naming the flag.
    let broken = ok(
        &db,
        &["commitments", "--as-of", "2022-05-21", "--fate", "broken"],
    );
    assert_eq!(broken.lines().count(), 2 + 6, "{broken}");
    assert!(
        refused(&db, &["commitments", "--fate", "late"])
            .contains("--fate: 'late' is not a fate; one of broken, at_risk")
    );
    assert!(refused(&db, &["commitments", "--as-of", "11/08/2023"]).contains("--as-of:"));
    db.drop_db().await;
}

#[tokio::test]
async fn promised_vs_done_reproduces_the_clarion_table() {
    let db = clarion().await;
    let table = ok(
        &db,
        &[
            "promised-vs-done",
            "--complaint",
            "clarion-complaint-2022-03",
            "--as-of",
            "2023-08-11",
        ],
    );
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines[0],
        "Promised vs done for complaint clarion-complaint-2022-03, as the record stood at 2023-08-12 00:00 (Europe/London): 10 rows"
    );
    assert!(lines[1].starts_with("RAISED"), "{table}");
    assert_eq!(lines.len(), 12, "{table}");
    let row = |root: &str| {
        *lines
            .iter()
            .find(|l| l.ends_with(root))
            .unwrap_or_else(|| panic!("no row {root} in {table}"))
    };
    // The Ombudsman's table, row by row as the report words it: month raised, the dates said,
    // and done or not.
    let floor = row("clarion-rep-bathroom-floor-2022-04-13");
    assert!(floor.starts_with("13 April 2022"), "{floor}");
    assert!(
        floor.contains("  May 2022  ") && floor.contains("July 2023, not verified"),
        "{floor}"
    );
    // The repointing: four dates said; by the determination, recorded complete in March 2023
    // with nothing to show for it.
    let repoint = row("clarion-wo-repoint-2022-03-17");
    assert!(
        repoint.contains("7 April 2022; 20 May 2022; 16 June 2022; 7 July 2022")
            && repoint.contains("March 2023, not verified"),
        "{repoint}"
    );
    let drain = row("clarion-wo-french-drain-2022-03");
    assert!(drain.starts_with("March 2022"), "{drain}");
    // A promise known only to the year says so.
    let decant = row("clarion-com-s2-decant");
    assert!(
        decant.contains("  2022  ") && decant.contains("no works order"),
        "{decant}"
    );

    let json: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &[
            "promised-vs-done",
            "--complaint",
            "clarion-complaint-2022-03",
            "--format",
            "json",
        ],
    ))
    .expect("the table prints JSON");
    assert_eq!(
        json["scope"],
        serde_json::json!({"kind": "complaint", "id": "clarion-complaint-2022-03"})
    );
    let rows = json["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 10);
    assert_eq!(rows[5]["root"], "clarion-rep-bathroom-floor-2022-04-13");
    assert_eq!(rows[5]["done"]["on"], "2023-07");
    assert_eq!(rows[5]["done"]["verified"], false);

    // The home's and the household's tables.
    let home = ok(
        &db,
        &[
            "promised-vs-done",
            "--home",
            "clarion-property",
            "--as-of",
            "2023-08-11",
        ],
    );
    assert!(
        home.lines()
            .any(|l| l.ends_with("clarion-rep-vermin-2022-03-03") && l.contains("never said")),
        "{home}"
    );
    assert!(
        ok(&db, &["promised-vs-done", "--tenancy", "clarion-tenancy"])
            .starts_with("Promised vs done for household (tenancy) clarion-tenancy")
    );

    // Exactly one scope, of the right kind.
    assert!(refused(&db, &["promised-vs-done"]).contains("--home"));
    assert!(
        refused(
            &db,
            &["promised-vs-done", "--home", "a", "--complaint", "b"]
        )
        .contains("cannot be used with")
    );
    assert!(
        refused(
            &db,
            &["promised-vs-done", "--home", "clarion-complaint-2022-03"]
        )
        .contains("--home: no property 'clarion-complaint-2022-03': it is a complaint record")
    );
    assert!(
        refused(&db, &["promised-vs-done", "--complaint", "nope"])
            .contains("--complaint: no complaint 'nope': no such record")
    );
    db.drop_db().await;
}
