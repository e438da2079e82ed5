//! The alert tables (alerts/table.rs) answer exactly what replaying the whole history answers:
//! after an import (rebuilt), after appends a few at a time (caught up, household by household),
//! and after the calendar changes (rebuilt). On SQLite, and on PostgreSQL when
//! HOMESAFE_TEST_POSTGRES is set.

use homesafe_core::demo::{DemoConfig, generate};
use homesafe_core::history::{Draft, RecordId};
use homesafe_store::alerts::table::Refreshed;
use homesafe_store::testing::TestDb;
use jiff::Timestamp;

const CLARION: &str = include_str!("../../../examples/cases/clarion-202208650.jsonl");
const LQ: &str = include_str!("../../../examples/cases/lq-202209500.jsonl");

async fn import(db: &TestDb, text: &str) {
    db.store
        .import(
            std::io::Cursor::new(text.as_bytes().to_vec()),
            "test-operator",
            &mut |_| {},
        )
        .await
        .expect("import");
}

fn demo_drafts(homes: u32, years: u32, seed: u64) -> Vec<Draft> {
    let cfg = DemoConfig {
        homes,
        years,
        seed,
        ..DemoConfig::default()
    };
    let mut drafts = Vec::new();
    generate(&cfg, |d| drafts.push(d));
    drafts
}

fn at(s: &str) -> Timestamp {
    s.parse().expect("instant")
}

/// Tables and replay agree at every instant given, and the worklist is not trivially empty at
/// all of them.
async fn assert_tables_equal_replay(db: &TestDb, instants: &[Timestamp], what: &str) {
    let mut nonempty = 0;
    for &t in instants {
        let tables = db.store.alerts_as_of(t).await.expect("alerts from tables");
        let replay = db
            .store
            .alerts_as_of_by_replay(t)
            .await
            .expect("alerts by replay");
        assert_eq!(tables.len(), replay.len(), "{what}: how many at {t}");
        assert_eq!(tables, replay, "{what}: the worklist at {t}");
        // The dashboard's counts are the same alerts, tallied.
        let mut tally: std::collections::BTreeMap<(String, String, String), u64> =
            Default::default();
        for a in &tables {
            let key = (
                a.span.code.as_str().to_string(),
                a.span.severity.as_str().to_string(),
                a.span.stage.as_str().to_string(),
            );
            *tally.entry(key).or_default() += 1;
        }
        let counts: std::collections::BTreeMap<(String, String, String), u64> = db
            .store
            .alert_counts_as_of(t)
            .await
            .expect("counts")
            .into_iter()
            .map(|c| {
                (
                    (
                        c.code.as_str().to_string(),
                        c.severity.as_str().to_string(),
                        c.stage.as_str().to_string(),
                    ),
                    c.count,
                )
            })
            .collect();
        assert_eq!(counts, tally, "{what}: counts at {t}");
        // Read in pages from the worklist-order index, it is the same list in the same order.
        let mut paged = Vec::new();
        loop {
            let page = db
                .store
                .alerts_page(t, paged.len() as u64, 7)
                .await
                .expect("a page of the worklist");
            assert_eq!(page.total, tables.len() as u64, "{what}: total at {t}");
            if page.alerts.is_empty() {
                break;
            }
            paged.extend(page.alerts);
        }
        assert_eq!(paged, tables, "{what}: the worklist in pages at {t}");
        if !tables.is_empty() {
            nonempty += 1;
        }
    }
    assert!(nonempty > 0, "{what}: some worklist has alerts");
}

#[tokio::test]
async fn the_cases_from_tables_equal_the_replay() {
    for (name, text, instants) in [
        (
            "clarion",
            CLARION,
            [
                at("2021-06-01T09:00Z"),
                at("2022-04-08T09:00Z"),
                at("2023-03-01T12:00Z"),
            ],
        ),
        (
            "lq",
            LQ,
            [
                at("2021-09-01T09:00Z"),
                at("2022-06-01T09:00Z"),
                at("2023-01-10T12:00Z"),
            ],
        ),
    ] {
        let db = TestDb::new().await;
        import(&db, text).await;
        assert_tables_equal_replay(&db, &instants, name).await;
        assert_eq!(
            db.store.refresh_alerts(&mut |_| {}).await.expect("refresh"),
            Refreshed::UpToDate,
            "{name}: nothing new, nothing done"
        );
        db.drop_db().await;
    }
}

#[tokio::test]
async fn appends_are_caught_up_household_by_household() {
    let db = TestDb::new().await;
    let mut drafts = demo_drafts(12, 3, 7);
    let later = drafts.split_off(drafts.len() * 2 / 3);
    db.store.append(drafts).await.expect("first part");
    let first = db.store.refresh_alerts(&mut |_| {}).await.expect("rebuild");
    assert!(matches!(first, Refreshed::Rebuilt { .. }), "{first:?}");

    let mut instants: Vec<Timestamp> = Vec::new();
    let mut caught_up = 0;
    for (i, chunk) in later.chunks(later.len() / 4 + 1).enumerate() {
        let appended = db.store.append(chunk.to_vec()).await.expect("append");
        let last = appended.events.last().expect("events").recorded.end();
        instants.push(last);
        match db
            .store
            .refresh_alerts(&mut |_| {})
            .await
            .expect("catch up")
        {
            Refreshed::CaughtUp { events, households } => {
                assert_eq!(events as usize, chunk.len(), "chunk {i}");
                assert!(households > 0);
                caught_up += 1;
            }
            other => panic!("chunk {i}: expected a catch-up, got {other:?}"),
        }
        assert_tables_equal_replay(&db, &instants[i..], &format!("after chunk {i}")).await;
    }
    assert_eq!(caught_up, 4);
    // Earlier moments too: catching up never rewrites what was shown before.
    let t0 = instants[0];
    let earlier = [
        t0.checked_sub(jiff::SignedDuration::from_hours(24 * 200))
            .expect("instant"),
        t0.checked_sub(jiff::SignedDuration::from_hours(24 * 30))
            .expect("instant"),
    ];
    assert_tables_equal_replay(&db, &earlier, "earlier").await;
    db.drop_db().await;
}

#[tokio::test]
async fn one_homes_alerts_are_the_worklist_entries_for_that_home() {
    let db = TestDb::new().await;
    db.store.append(demo_drafts(15, 3, 3)).await.expect("demo");
    let t = at("2026-06-01T09:00Z");
    let all = db.store.alerts_as_of(t).await.expect("all");
    let home: RecordId = all
        .iter()
        .find_map(|a| a.span.property.clone())
        .expect("some alert has a home");
    let one = db.store.household_alerts(&home, t).await.expect("one home");
    let expected: Vec<_> = all
        .iter()
        .filter(|a| a.span.property.as_ref() == Some(&home))
        .cloned()
        .collect();
    assert!(!one.is_empty());
    assert_eq!(one, expected);
    db.drop_db().await;
}

#[tokio::test]
async fn a_new_calendar_rebuilds_the_tables() {
    let db = TestDb::new().await;
    import(&db, CLARION).await;
    db.store.refresh_alerts(&mut |_| {}).await.expect("first");
    let feed = r#"{"england-and-wales":{"division":"england-and-wales","events":[{"title":"Extra day","date":"2029-01-01","notes":"","bunting":true}]}}"#;
    db.store
        .import_calendar_feed(feed, "test-operator")
        .await
        .expect("feed");
    assert!(matches!(
        db.store.refresh_alerts(&mut |_| {}).await.expect("refresh"),
        Refreshed::Rebuilt { .. }
    ));
    assert_tables_equal_replay(&db, &[at("2022-04-08T09:00Z")], "after a feed").await;
    db.drop_db().await;
}

/// A correction to a shared record (here a contractor's registration) may matter to any
/// household, so the tables are rebuilt rather than caught up — and still equal the replay.
#[tokio::test]
async fn a_change_to_a_shared_record_rebuilds_the_tables() {
    let db = TestDb::new().await;
    let drafts = demo_drafts(10, 2, 4);
    let contractor = drafts
        .iter()
        .find(|d| {
            d.data.subject_rule()
                == homesafe_core::events::SubjectRule::Creates(
                    homesafe_core::references::RecordKind::Contractor,
                )
        })
        .cloned()
        .expect("the demo registers contractors");
    let appended = db.store.append(drafts).await.expect("demo");
    db.store.refresh_alerts(&mut |_| {}).await.expect("first");
    let original = appended
        .events
        .iter()
        .find(|e| e.subject == contractor.subject)
        .expect("stored");
    let mut correction = contractor.clone();
    correction.id = None;
    correction.corrects = Some(original.id.clone());
    correction.reason = Some("name corrected".into());
    correction.recorded = None;
    db.store.append(vec![correction]).await.expect("correction");
    let refreshed = db.store.refresh_alerts(&mut |_| {}).await.expect("refresh");
    assert!(
        matches!(refreshed, Refreshed::Rebuilt { .. }),
        "{refreshed:?}"
    );
    let last = appended.events.last().expect("events").recorded.end();
    assert_tables_equal_replay(&db, &[last], "after a shared correction").await;
    db.drop_db().await;
}
