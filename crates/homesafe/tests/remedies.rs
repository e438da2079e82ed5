//! `homesafe remedies` from the outside, replaying the L&Q case (Housing Ombudsman 202209500) into a
//! fresh database (SQLite, or PostgreSQL when HOMESAFE_TEST_POSTGRES is set): the ledger as a
//! table and as JSON, for a case and a household, and refusals naming the flag.

mod common;

use common::{ok, refused};
use homesafe_store::testing::TestDb;

async fn lq() -> TestDb {
    common::with_case("lq-202209500").await
}

#[tokio::test]
async fn remedies_show_the_ledger_as_a_table_and_as_json() {
    let db = lq().await;
    // The £550 by item, the day after it was offered: nothing paid, not yet due (28 days).
    let table = ok(
        &db,
        &[
            "remedies",
            "--case",
            "lq-complaint-2022-03",
            "--as-of",
            "2022-09-02",
        ],
    );
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines[0],
        "Remedies for case lq-complaint-2022-03, as the record stood at 2022-09-03 00:00 (Europe/London): 4 remedies; £550.00 standing, £0.00 paid (£0.00 to the rent account), £0.00 credited, £550.00 outstanding, £0.00 overdue"
    );
    assert!(lines[1].starts_with("STATUS"), "{table}");
    let amounts: Vec<(&str, &str)> = lines[2..6]
        .iter()
        .map(|l| {
            let cells: Vec<&str> = l.split("  ").filter(|c| !c.trim().is_empty()).collect();
            (cells[0].trim(), cells[2].trim())
        })
        .collect();
    assert_eq!(
        amounts,
        [
            ("offered", "£150.00"),
            ("offered", "£50.00"),
            ("offered", "£250.00"),
            ("offered", "£100.00"),
        ]
    );
    assert!(lines[2].contains("29 September 2022 (policy)"), "{table}");
    assert!(table.contains("By head"), "{table}");

    // The household after the order's date, as JSON: £1,550, the further £1,000 overdue.
    let json: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &[
            "remedies",
            "--household",
            "lq-tenancy",
            "--as-of",
            "2023-11-20",
            "--format",
            "json",
        ],
    ))
    .expect("JSON");
    assert_eq!(json["scope"]["kind"], "household");
    assert_eq!(json["totals"]["standing"], 155000);
    assert_eq!(json["totals"]["overdue"], 155000);
    let ordered: Vec<&serde_json::Value> = json["remedies"]
        .as_array()
        .expect("remedies")
        .iter()
        .filter(|r| r["due_from"] == "order")
        .collect();
    assert_eq!(ordered.len(), 3);
    assert!(ordered.iter().all(|r| r["due_date"] == "2023-11-20"));
    assert_eq!(
        json["by_head"][0],
        serde_json::json!({
            "head": "delay", "offered": 50000, "withdrawn": 0, "standing": 50000, "paid": 0,
            "to_rent_account": 0, "to_resident": 0, "credited": 0, "outstanding": 50000,
            "overdue": 50000
        })
    );

    assert!(
        refused(&db, &["remedies", "--case", "lq-tenancy"]).contains(
            "--case: no complaint or ombudsman_case 'lq-tenancy': it is a tenancy record"
        )
    );
    assert!(refused(&db, &["remedies", "--case", "x", "--household", "y"]).contains("--household"));
    assert!(refused(&db, &["remedies"]).contains("--case"));
    assert!(
        refused(
            &db,
            &[
                "remedies",
                "--property",
                "lq-flat-resident",
                "--as-of",
                "soon"
            ]
        )
        .contains("--as-of:")
    );
    db.drop_db().await;
}
