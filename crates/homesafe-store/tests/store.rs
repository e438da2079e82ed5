//! The store's conformance suite: every test runs on SQLite, and on PostgreSQL when
//! HOMESAFE_TEST_POSTGRES is set (`.ci/run` does both).

use homesafe_core::history::{Actor, Draft, HistoryTime, RecordId, Role};
use homesafe_store::testing::TestDb;
use homesafe_store::{RecordQuery, StoreError};

const MINI: &str = r#"{"type":"property.registered","subject":"p1","at":"2020-10","actor":{"id":"legacy","role":"system"},"data":{"address":{"line1":"1 Example Road"},"property_type":"bungalow","bedrooms":2}}
{"type":"person.registered","subject":"r1","at":"2020-10","actor":{"id":"legacy","role":"system"},"data":{"name":"Resident A"}}
{"type":"report.received","subject":"rep1","at":"2021-03","actor":{"id":"legacy","role":"call_handler"},"data":{"property":"p1","channel":"phone","reporter":{"kind":"resident","person":"r1"},"description":"Damp and mould near bathroom and kitchen"}}
{"type":"works_order.raised","subject":"wo1","at":"2021-03-17","actor":{"id":"legacy","role":"repairs_officer"},"data":{"property":"p1","report":"rep1","purpose":"repair","task":{"description":"Mould wash"}}}
{"type":"appointment.booked","subject":"ap1","at":"2021-03-18","actor":{"id":"legacy","role":"repairs_officer"},"data":{"works_order":"wo1","date":"2021-03-25","decided_by":"landlord"}}
"#;

fn no_progress() -> impl FnMut(u64) {
    |_| {}
}

async fn import(db: &TestDb, text: &str) -> Result<homesafe_store::ImportReport, StoreError> {
    db.store
        .import(
            std::io::Cursor::new(text.as_bytes().to_vec()),
            "test-operator",
            &mut no_progress(),
        )
        .await
}

async fn export(db: &TestDb) -> String {
    let mut out = Vec::new();
    db.store
        .export(&mut out, &mut no_progress())
        .await
        .expect("export");
    String::from_utf8(out).expect("utf8")
}

#[tokio::test]
async fn import_then_export_reproduces_the_canonical_file() {
    let db = TestDb::new().await;
    let report = import(&db, MINI).await.expect("import");
    assert_eq!(
        (report.events, report.first_seq, report.last_seq),
        (5, 1, 5)
    );
    let exported = export(&db).await;
    // The export is canonical: importing it into a fresh store and exporting again is exact.
    let db2 = TestDb::new().await;
    import(&db2, &exported).await.expect("re-import");
    assert_eq!(export(&db2).await, exported);
    assert_eq!(exported.lines().count(), 5);
    db.drop_db().await;
    db2.drop_db().await;
}

#[tokio::test]
async fn current_state_is_derived_in_the_same_write() {
    let db = TestDb::new().await;
    import(&db, MINI).await.expect("import");
    let appt = db
        .store
        .record(&RecordId::parse("ap1").expect("id"))
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(appt.status, "booked");
    assert_eq!(
        appt.property.as_ref().map(|p| p.as_str()),
        Some("p1"),
        "appointment belongs to the home through its works order"
    );
    let page = db
        .store
        .records(&RecordQuery {
            property: RecordId::parse("p1").ok(),
            limit: 100,
            ..Default::default()
        })
        .await
        .expect("records");
    let ids: Vec<&str> = page.records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["ap1", "p1", "rep1", "wo1"]);
    let chronology = db
        .store
        .history_of(&RecordId::parse("p1").expect("id"))
        .await
        .expect("history");
    assert_eq!(
        chronology.len(),
        4,
        "everything about the home except the person record"
    );
    db.drop_db().await;
}

#[tokio::test]
async fn one_bad_line_among_thousands_writes_nothing_and_names_the_line() {
    let db = TestDb::new().await;
    let mut text = String::new();
    for i in 0..3000 {
        text.push_str(&format!(
            r#"{{"type":"property.registered","subject":"p{i}","at":"2020-01-02","actor":{{"id":"legacy","role":"system"}},"data":{{"address":{{"line1":"{i} Long Road"}},"property_type":"flat"}}}}"#
        ));
        text.push('\n');
    }
    // Line 2501 refers to a home that does not exist.
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines.insert(
        2500,
        r#"{"type":"report.received","subject":"rep-x","at":"2021-01-02","actor":{"id":"legacy","role":"call_handler"},"data":{"property":"nope","channel":"phone","reporter":{"kind":"resident"},"description":"leak"}}"#.into(),
    );
    let err = import(&db, &(lines.join("\n") + "\n"))
        .await
        .expect_err("must fail");
    match err {
        StoreError::Invalid {
            line,
            field,
            reason,
        } => {
            assert_eq!(line, Some(2501));
            assert_eq!(field, "data.property");
            assert!(reason.contains("nope"), "{reason}");
        }
        other => panic!("unexpected error {other}"),
    }
    assert_eq!(
        db.store.event_count().await.expect("count"),
        0,
        "nothing was written"
    );
    assert!(
        db.store.counts().await.expect("counts").is_empty(),
        "no current state either"
    );
    db.drop_db().await;
}

#[tokio::test]
async fn history_is_append_only_and_tampering_is_named_by_verify() {
    let db = TestDb::new().await;
    import(&db, MINI).await.expect("import");
    assert_eq!(
        db.store
            .verify(&mut no_progress())
            .await
            .expect("verifies")
            .events,
        5
    );
    // The database itself refuses updates and deletes.
    assert!(
        db.raw("UPDATE events SET body = body WHERE seq = 3")
            .await
            .is_err()
    );
    assert!(db.raw("DELETE FROM events WHERE seq = 5").await.is_err());
    // Someone with enough access drops the guard and changes one byte of event 3.
    db.raw("DROP TRIGGER events_no_update ON events").await.ok();
    db.raw("DROP TRIGGER IF EXISTS events_no_update").await.ok();
    let changed = db
        .raw("UPDATE events SET body = REPLACE(body, 'Damp and mould', 'Damp and mold') WHERE seq = 3")
        .await
        .expect("tamper");
    assert_eq!(changed, 1);
    let err = db
        .store
        .verify(&mut no_progress())
        .await
        .expect_err("must fail");
    assert!(err.to_string().contains("event 3"), "{err}");
    db.drop_db().await;
}

#[tokio::test]
async fn tampering_with_a_derived_column_is_also_caught() {
    let db = TestDb::new().await;
    import(&db, MINI).await.expect("import");
    db.raw("DROP TRIGGER events_no_update ON events").await.ok();
    db.raw("DROP TRIGGER IF EXISTS events_no_update").await.ok();
    db.raw("UPDATE events SET subject = 'p2' WHERE seq = 4")
        .await
        .expect("tamper");
    let err = db
        .store
        .verify(&mut no_progress())
        .await
        .expect_err("must fail");
    assert!(
        err.to_string().contains("event 4") && err.to_string().contains("subject"),
        "{err}"
    );
    db.drop_db().await;
}

#[tokio::test]
async fn rebuild_reproduces_current_state_exactly_including_corrections() {
    let db = TestDb::new().await;
    import(&db, MINI).await.expect("import");
    let booked = export(&db)
        .await
        .lines()
        .nth(4)
        .map(String::from)
        .expect("line 5");
    let booked_id = serde_json::from_str::<serde_json::Value>(&booked).expect("json")["id"]
        .as_str()
        .expect("id")
        .to_string();
    let correction = format!(
        r#"{{"type":"appointment.booked","subject":"ap1","at":"2021-03-18","actor":{{"id":"officer","role":"repairs_officer"}},"reason":"date mistyped","corrects":"{booked_id}","data":{{"works_order":"wo1","date":"2021-03-26","decided_by":"landlord"}}}}"#
    );
    import(&db, &(correction + "\n")).await.expect("correction");
    let ap = db
        .store
        .record(&RecordId::parse("ap1").expect("id"))
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(
        ap.fields["date"], "2021-03-26",
        "the correction replaced the mistyped date"
    );
    let before = db.store.state_digest().await.expect("digest");
    assert_eq!(
        db.store.rebuild(&mut no_progress()).await.expect("rebuild"),
        6
    );
    assert_eq!(db.store.state_digest().await.expect("digest"), before);
    db.drop_db().await;
}

#[tokio::test]
async fn appends_name_their_actor_and_chain_onto_imported_history() {
    let db = TestDb::new().await;
    import(&db, MINI).await.expect("import");
    let draft = Draft {
        id: None,
        subject: RecordId::parse("ap1").expect("id"),
        at: "2021-03-25".parse::<HistoryTime>().expect("time"),
        recorded: None,
        actor: Actor::new("token:contractor-app", Role::Operative),
        reason: None,
        corrects: None,
        data: serde_json::from_value(serde_json::json!({
            "type": "appointment.outcome",
            "data": {"outcome": "could_not_complete", "reason": "two days needed, booked for one"}
        }))
        .expect("data"),
    };
    let appended = db.store.append(vec![draft]).await.expect("append");
    assert_eq!(appended.events[0].seq, 6);
    let exported = export(&db).await;
    assert!(
        exported
            .lines()
            .last()
            .expect("line")
            .contains(r#""actor":{"id":"token:contractor-app","role":"operative"}"#)
    );
    assert_eq!(
        db.store
            .verify(&mut no_progress())
            .await
            .expect("verify")
            .events,
        6
    );
    let ap = db
        .store
        .record(&RecordId::parse("ap1").expect("id"))
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(ap.status, "could_not_complete");
    db.drop_db().await;
}

#[tokio::test]
async fn an_exported_file_with_a_removed_line_is_refused() {
    let db = TestDb::new().await;
    import(&db, MINI).await.expect("import");
    let exported = export(&db).await;
    let without_line_2: Vec<&str> = exported
        .lines()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, l)| l)
        .collect();
    let db2 = TestDb::new().await;
    let err = import(&db2, &(without_line_2.join("\n") + "\n"))
        .await
        .expect_err("gap");
    assert!(
        matches!(err, StoreError::Invalid { line: Some(2), ref field, .. } if field == "prev"),
        "{err}"
    );
    db.drop_db().await;
    db2.drop_db().await;
}

#[tokio::test]
async fn tokens_are_stored_hashed_and_authenticate_their_role() {
    let db = TestDb::new().await;
    let token = db
        .store
        .create_token("contractor-app", Role::Contractor, "admin")
        .await
        .expect("create");
    let who = db
        .store
        .authenticate(&token.secret)
        .await
        .expect("auth")
        .expect("known");
    assert_eq!(
        (who.name.as_str(), who.role),
        ("contractor-app", Role::Contractor)
    );
    assert!(
        db.store
            .authenticate("hs_wrong")
            .await
            .expect("auth")
            .is_none()
    );
    let plain = format!(
        "SELECT COUNT(*) FROM api_tokens WHERE secret_sha256 = '{}'",
        token.secret
    );
    assert_eq!(
        db.raw_count(&plain).await.expect("count"),
        0,
        "the secret itself is never stored"
    );
    assert_eq!(
        db.raw_count("SELECT COUNT(*) FROM api_tokens")
            .await
            .expect("count"),
        1
    );
    assert!(matches!(
        db.store
            .create_token("contractor-app", Role::Staff, "admin")
            .await,
        Err(StoreError::Conflict(_))
    ));
    db.store
        .revoke_token("contractor-app")
        .await
        .expect("revoke");
    assert!(
        db.store
            .authenticate(&token.secret)
            .await
            .expect("auth")
            .is_none()
    );
    db.drop_db().await;
}

#[tokio::test]
async fn correcting_a_creating_event_keeps_what_happened_after_it() {
    let db = TestDb::new().await;
    import(&db, MINI).await.expect("import");
    let first_id =
        serde_json::from_str::<serde_json::Value>(export(&db).await.lines().next().expect("line"))
            .expect("json")["id"]
            .as_str()
            .expect("id")
            .to_string();
    let rent = r#"{"type":"property.rent_set","subject":"p1","at":"2021-04-01","actor":{"id":"rents","role":"staff"},"data":{"rent":{"amount":11725,"period":"weekly"},"from":"2021-04-01"}}"#;
    let correction = format!(
        r#"{{"type":"property.registered","subject":"p1","at":"2020-10","actor":{{"id":"officer","role":"staff"}},"reason":"it has three bedrooms","corrects":"{first_id}","data":{{"address":{{"line1":"1 Example Road"}},"property_type":"bungalow","bedrooms":3}}}}"#
    );
    let later = format!("{rent}\n{correction}\n");
    import(&db, &later)
        .await
        .expect("rent change then correction");
    let p = db
        .store
        .record(&RecordId::parse("p1").expect("id"))
        .await
        .expect("read")
        .expect("exists");
    assert_eq!(p.fields["bedrooms"], 3, "the correction applies");
    assert_eq!(
        p.fields["rent"]["amount"], 11725,
        "the rent set after the corrected event survives"
    );
    let before = db.store.state_digest().await.expect("digest");
    db.store.rebuild(&mut no_progress()).await.expect("rebuild");
    assert_eq!(db.store.state_digest().await.expect("digest"), before);
    db.drop_db().await;
}

#[tokio::test]
async fn calendar_feeds_are_kept_and_replayed_over_the_shipped_calendar() {
    use jiff::civil::date;
    let db = TestDb::new().await;
    let cal = db.store.statutory_calendar().await.expect("calendar");
    assert!(
        cal.is_working_day(date(2029, 1, 2)).is_err(),
        "2029 is not known yet"
    );
    let feed = r#"{"england-and-wales":{"division":"england-and-wales","events":[
        {"title":"New Year’s Day","date":"2029-01-01","notes":"","bunting":true},
        {"title":"Good Friday","date":"2029-03-30","notes":"","bunting":false},
        {"title":"Easter Monday","date":"2029-04-02","notes":"","bunting":true},
        {"title":"Early May bank holiday","date":"2029-05-07","notes":"","bunting":true},
        {"title":"Spring bank holiday","date":"2029-05-28","notes":"","bunting":true},
        {"title":"Summer bank holiday","date":"2029-08-27","notes":"","bunting":true},
        {"title":"Christmas Day","date":"2029-12-25","notes":"","bunting":true},
        {"title":"Boxing Day","date":"2029-12-26","notes":"","bunting":true}]}}"#;
    let report = db
        .store
        .import_calendar_feed(feed, "test")
        .await
        .expect("import feed");
    assert_eq!(report.years_added, vec![2029]);
    // A fresh calendar from the store still knows 2029 and everything shipped.
    let cal = db.store.statutory_calendar().await.expect("calendar");
    assert_eq!(cal.is_working_day(date(2029, 3, 30)).ok(), Some(false));
    assert_eq!(
        cal.is_working_day(date(2022, 6, 3)).ok(),
        Some(false),
        "shipped years kept"
    );
    let bad = db.store.import_calendar_feed(r#"{"england-and-wales":{"division":"england-and-wales","events":[{"title":"x","date":"2030-13-01","notes":"","bunting":true}]}}"#, "test").await;
    assert!(
        matches!(bad, Err(StoreError::Invalid { ref field, .. }) if field.contains("date")),
        "{bad:?}"
    );
    // Closure days move the landlord's calendar, never the statutory one.
    db.store
        .add_closure_day(date(2026, 12, 29), "Christmas shutdown", "test")
        .await
        .expect("closure");
    assert_eq!(
        db.store
            .landlord_calendar()
            .await
            .expect("cal")
            .is_working_day(date(2026, 12, 29))
            .ok(),
        Some(false)
    );
    assert_eq!(
        db.store
            .statutory_calendar()
            .await
            .expect("cal")
            .is_working_day(date(2026, 12, 29))
            .ok(),
        Some(true)
    );
    db.drop_db().await;
}

#[tokio::test]
async fn a_repeated_event_id_is_named_by_its_line_even_across_chunks() {
    let db = TestDb::new().await;
    let mut text = String::new();
    for i in 0..6000 {
        text.push_str(&format!(
            r#"{{"id":"e{i}","type":"property.registered","subject":"p{i}","at":"2020-01-02","actor":{{"id":"legacy","role":"system"}},"data":{{"address":{{"line1":"{i} Long Road"}},"property_type":"flat"}}}}"#
        ));
        text.push('\n');
    }
    // Line 5,501 (in the second chunk) repeats the id of line 3.
    text.push_str(r#"{"id":"e2","type":"property.registered","subject":"p-extra","at":"2020-01-02","actor":{"id":"legacy","role":"system"},"data":{"address":{"line1":"Extra"},"property_type":"flat"}}"#);
    text.push('\n');
    let err = import(&db, &text).await.expect_err("repeated id");
    match err {
        StoreError::Invalid {
            line,
            field,
            reason,
        } => {
            assert_eq!((line, field.as_str()), (Some(6001), "id"));
            assert!(reason.contains("'e2'"), "{reason}");
        }
        other => panic!("unexpected {other}"),
    }
    assert_eq!(db.store.event_count().await.expect("count"), 0);
    // And against history already in the store.
    import(&db, MINI).await.expect("import");
    let again = MINI
        .lines()
        .next()
        .expect("line")
        .replace(r#""subject":"p1""#, r#""subject":"p1b""#);
    let exported = export(&db).await;
    let first_id = serde_json::from_str::<serde_json::Value>(exported.lines().next().expect("l"))
        .expect("json")["id"]
        .as_str()
        .expect("id")
        .to_string();
    let dup = again.replacen("{", &format!(r#"{{"id":"{first_id}","#), 1);
    let err = import(&db, &(dup + "\n")).await.expect_err("dup of stored");
    assert!(
        matches!(err, StoreError::Invalid { line: Some(1), ref field, .. } if field == "id"),
        "{err}"
    );
    db.drop_db().await;
}

#[tokio::test]
async fn rotating_a_token_keeps_its_name_and_retires_the_old_secret() {
    let db = TestDb::new().await;
    let first = db
        .store
        .rotate_token("demo", Role::Staff, "test")
        .await
        .expect("create");
    let second = db
        .store
        .rotate_token("demo", Role::Staff, "test")
        .await
        .expect("rotate");
    assert_ne!(first.secret, second.secret);
    assert!(
        db.store
            .authenticate(&first.secret)
            .await
            .expect("auth")
            .is_none()
    );
    let who = db
        .store
        .authenticate(&second.secret)
        .await
        .expect("auth")
        .expect("live");
    assert_eq!(who.name, "demo");
    db.store.revoke_token("demo").await.expect("revoke");
    let third = db
        .store
        .rotate_token("demo", Role::Staff, "test")
        .await
        .expect("after revoke");
    assert!(
        db.store
            .authenticate(&third.secret)
            .await
            .expect("auth")
            .is_some()
    );
    db.drop_db().await;
}
