//! `homesafe recurrence` from the outside, replaying the Clarion case (Housing Ombudsman
//! 202208650) into a fresh database (SQLite, or PostgreSQL when HOMESAFE_TEST_POSTGRES is set):
//! what came before the 2023 repointing job, as a table and as JSON, and a refusal naming what.

mod common;

use common::{homesafe, ok, text, with_case};

#[tokio::test]
async fn the_2023_repointing_job_shows_the_2022_jobs_first() {
    let db = with_case("clarion-202208650").await;

    let table = ok(&db, &["recurrence", "clarion-wo-repoint-2023-02-12"]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with(
            "Before clarion-wo-repoint-2023-02-12 at clarion-property, since 12 February 2021 (24 months)"
        ),
        "{table}"
    );
    assert!(lines[1].starts_with("WHEN"), "{table}");
    assert!(lines[2].contains("clarion-wo-repoint-2022-06"), "{table}");
    assert!(lines[2].contains("same follow-on chain"), "{table}");
    assert!(
        lines[4].contains("clarion-wo-repoint-2022-03-17"),
        "{table}"
    );

    let json: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &[
            "recurrence",
            "clarion-wo-repoint-2023-02-12",
            "--format",
            "json",
        ],
    ))
    .expect("json");
    let items = json["items"].as_array().expect("items");
    assert!(
        items
            .iter()
            .any(|i| i["record"] == "clarion-survey-2021-12-20" && i["kind"] == "survey"),
        "{json:#}"
    );

    let out = homesafe(&db, &["recurrence", "clarion-survey-2021-12-20"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains(
            "record: no report or works order 'clarion-survey-2021-12-20': it is a survey record"
        ),
        "{}",
        text(&out.stderr)
    );
    db.drop_db().await;
}
