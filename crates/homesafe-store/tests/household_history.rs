//! Questions about one home, household or complaint are answered from its household's slice of
//! the history (households.rs) — and the answers are exactly those of the whole history: the
//! promised-vs-done table and remedies ledger of every home and complaint, and the stage 1
//! letter draft of every complaint, on both Ombudsman cases and a small demo landlord. On
//! SQLite, and on PostgreSQL when HOMESAFE_TEST_POSTGRES is set.

use homesafe_core::commitments::promised_vs_done::{Scope, promised_vs_done};
use homesafe_core::complaints::Stage;
use homesafe_core::complaints::letters::draft_from_record;
use homesafe_core::demo::{DemoConfig, generate};
use homesafe_core::events::SubjectRule;
use homesafe_core::history::RecordId;
use homesafe_core::recurrence::earlier;
use homesafe_core::references::RecordKind;
use homesafe_core::remedies::ledger::{Scope as LedgerScope, ledger as remedies_ledger};
use homesafe_store::testing::TestDb;
use jiff::Timestamp;
use jiff::civil::date;

const CLARION: &str = include_str!("../../../examples/cases/clarion-202208650.jsonl");
const LQ: &str = include_str!("../../../examples/cases/lq-202209500.jsonl");

/// Two flats on one soil stack, and a survey of their block (which names no home).
const ALDER_HOUSE: &str = r#"{"type":"block.registered","subject":"alder","at":"2019-04","actor":{"id":"o","role":"staff"},"data":{"name":"Alder House"}}
{"type":"property.registered","subject":"alder-a","at":"2019-04","actor":{"id":"o","role":"staff"},"data":{"address":{"line1":"1 Alder House"},"property_type":"flat","block":"alder"}}
{"type":"property.registered","subject":"alder-b","at":"2019-04","actor":{"id":"o","role":"staff"},"data":{"address":{"line1":"2 Alder House"},"property_type":"flat","block":"alder"}}
{"type":"component.registered","subject":"alder-stack","at":"2019-04","actor":{"id":"o","role":"staff"},"data":{"block":"alder","kind":"soil_stack","serves":["alder-a","alder-b"]}}
{"type":"report.received","subject":"alder-a-stack","at":"2024-01-15","actor":{"id":"o","role":"staff"},"data":{"property":"alder-a","component":"alder-stack","element":"soil_stack","channel":"phone","reporter":{"kind":"resident"},"description":"Stack leaking"}}
{"type":"survey.recorded","subject":"alder-survey","at":"2024-06-03","actor":{"id":"o","role":"surveyor"},"data":{"block":"alder","kind":"stock_condition","surveyor":"R. Ahmed","on":"2024-06-03","findings":"Soil stack brackets corroded"}}
{"type":"report.received","subject":"alder-b-stack","at":"2025-03-10","actor":{"id":"o","role":"staff"},"data":{"property":"alder-b","component":"alder-stack","element":"soil_stack","channel":"phone","reporter":{"kind":"resident"},"description":"Sewage from the stack"}}
"#;

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

#[tokio::test]
async fn one_households_slice_answers_as_the_whole_history_does() {
    let db = TestDb::new().await;
    import(&db, CLARION).await;
    import(&db, LQ).await;
    let cfg = DemoConfig {
        homes: 12,
        years: 3,
        seed: 4,
        ..DemoConfig::default()
    };
    let mut demo = Vec::new();
    generate(&cfg, |d| demo.push(d));
    db.store.append(demo).await.expect("demo");

    import(&db, ALDER_HOUSE).await;

    let whole = db.store.history_events().await.expect("history");
    let config = db.store.rules_config().await.expect("rules");
    let ids = |kind: RecordKind| -> Vec<RecordId> {
        let mut seen: Vec<RecordId> = whole
            .iter()
            .filter(|e| e.data.subject_rule() == SubjectRule::Creates(kind))
            .map(|e| e.subject.clone())
            .collect();
        seen.sort();
        seen.dedup();
        seen
    };
    let complaints = ids(RecordKind::Complaint);
    let homes = ids(RecordKind::Property);
    assert!(complaints.len() >= 4, "{} complaints", complaints.len());
    let now = Timestamp::now();

    let mut smaller = 0;
    for id in &complaints {
        let slice = db
            .store
            .household_history(id)
            .await
            .expect("slice")
            .expect("a complaint is in a household group");
        assert!(slice.windows(2).all(|w| w[0].seq < w[1].seq), "in order");
        if slice.len() < whole.len() {
            smaller += 1;
        }
        let scope = Scope::Complaint(id.clone());
        assert_eq!(
            db.store
                .promised_vs_done(scope.clone(), now)
                .await
                .expect("table"),
            promised_vs_done(&whole, &config, scope, now),
            "complaint {id}"
        );
        let ledger = LedgerScope::Case(id.clone());
        assert_eq!(
            db.store
                .remedies_ledger(ledger.clone(), now)
                .await
                .expect("ledger"),
            remedies_ledger(&whole, &config, ledger, now),
            "remedies of {id}"
        );
        let on = date(2026, 12, 31);
        let from_whole = draft_from_record(&whole, &config, id, Stage::One, on).ok();
        let from_store = db.store.letter_draft(id, Stage::One, on).await.ok();
        assert_eq!(from_store, from_whole, "letter for {id}");
    }
    assert!(
        smaller > 0,
        "a slice is a part of the history, not all of it"
    );
    let mut tables = 0;
    for id in &homes {
        let scope = Scope::Property(id.clone());
        let table = db
            .store
            .promised_vs_done(scope.clone(), now)
            .await
            .expect("table");
        tables += usize::from(!table.rows.is_empty());
        let ledger = LedgerScope::Property(id.clone());
        assert_eq!(
            db.store
                .remedies_ledger(ledger.clone(), now)
                .await
                .expect("ledger"),
            remedies_ledger(&whole, &config, ledger, now),
            "remedies at {id}"
        );
        assert_eq!(
            table,
            promised_vs_done(&whole, &config, scope, now),
            "home {id}"
        );
    }
    assert!(tables >= 2, "{tables} homes with rows");
    // What came before each report and works order (with the surveys of whole blocks, which no
    // household holds).
    let mut linked = 0;
    for kind in [RecordKind::Report, RecordKind::WorksOrder] {
        // Every third, to keep the test quick; the block's two reports always.
        let all = ids(kind);
        let sample = all
            .iter()
            .step_by(3)
            .chain(all.iter().filter(|id| id.as_str().starts_with("alder-")));
        for id in sample {
            let from_store = db.store.earlier(id, now).await.expect("earlier");
            let from_whole = earlier(&whole, &config, id, now).expect("on the record");
            linked += usize::from(!from_store.items.is_empty());
            assert_eq!(from_store, from_whole, "earlier for {id}");
        }
    }
    assert!(linked >= 5, "{linked} items with earlier ones");
    let flat_b = RecordId::parse("alder-b-stack").expect("id");
    let linked: Vec<String> = db
        .store
        .earlier(&flat_b, now)
        .await
        .expect("earlier")
        .items
        .iter()
        .map(|i| i.record.to_string())
        .collect();
    assert_eq!(
        linked,
        ["alder-a-stack", "alder-survey"],
        "across homes and the block"
    );
    let survey = ids(RecordKind::Survey);
    let err = db
        .store
        .earlier(&survey[0], now)
        .await
        .expect_err("a survey");
    assert!(err.to_string().contains("it is a survey record"), "{err}");
    // A shared record has no household slice: its questions read the whole history.
    let landlord = ids(RecordKind::Landlord);
    let first = landlord.first().expect("a landlord");
    assert_eq!(db.store.household_history(first).await.expect("ok"), None);
    db.drop_db().await;
}
