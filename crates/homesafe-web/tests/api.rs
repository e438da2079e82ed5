//! The JSON API, driven in-process through the real router with a fresh database per test.
//! Runs on SQLite, or on PostgreSQL when `HOMESAFE_TEST_POSTGRES` names a server.
#![allow(clippy::unwrap_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use homesafe_core::history::Role;
use homesafe_core::references::RecordKind;
use homesafe_store::testing::TestDb;
use serde_json::{Value, json};
use tower::ServiceExt;

static DOCS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

struct App {
    db: TestDb,
    router: Router,
}

impl App {
    async fn new() -> App {
        let db = TestDb::new().await;
        let docs = std::env::temp_dir().join(format!(
            "homesafe-api-docs-{}-{}",
            std::process::id(),
            DOCS.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        ));
        let router = homesafe_web::router_with_documents(
            db.store.clone(),
            homesafe_store::DocumentStore::new(docs),
        );
        App { db, router }
    }

    async fn token(&self, name: &str, role: Role) -> String {
        self.db
            .store
            .create_token(name, role, "test")
            .await
            .unwrap()
            .secret
    }

    async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    async fn get(&self, uri: &str, token: Option<&str>) -> Reply {
        let mut request = Request::builder().method(Method::GET).uri(uri);
        if let Some(t) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    async fn post_raw(
        &self,
        uri: &str,
        token: Option<&str>,
        content_type: &str,
        body: impl Into<Body>,
    ) -> Reply {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header(header::CONTENT_TYPE, content_type);
        if let Some(t) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        self.send(request.body(body.into()).unwrap()).await
    }

    async fn post(&self, token: &str, body: Value) -> Reply {
        self.post_raw(
            "/api/v1/events",
            Some(token),
            "application/json",
            body.to_string(),
        )
        .await
    }

    /// Appends and insists it worked.
    async fn append(&self, token: &str, body: Value) -> Value {
        let reply = self.post(token, body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:#}", reply.body);
        reply.body
    }

    async fn access_log(&self) -> i64 {
        self.db
            .raw_count("SELECT COUNT(*) FROM access_log")
            .await
            .unwrap()
    }
}

#[derive(Debug)]
struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

impl Reply {
    /// Asserts a problem+json error with this status and code; returns the problem.
    fn problem(&self, status: StatusCode, code: &str) -> &Value {
        assert_eq!(self.status, status, "{:#}", self.body);
        assert_eq!(
            self.headers.get(header::CONTENT_TYPE).unwrap(),
            "application/problem+json",
            "{:#}",
            self.body
        );
        let p = &self.body;
        assert_eq!(p["code"], code, "{p:#}");
        assert_eq!(p["status"], status.as_u16(), "{p:#}");
        assert_eq!(
            p["type"],
            format!("https://homesafe.example/problems/{code}")
        );
        assert!(p["title"].as_str().is_some_and(|t| !t.is_empty()), "{p:#}");
        assert!(p["detail"].as_str().is_some_and(|t| !t.is_empty()), "{p:#}");
        assert!(p["errors"].is_array(), "{p:#}");
        p
    }

    fn first_error_field(&self) -> &str {
        self.body["errors"][0]["field"].as_str().unwrap_or("")
    }
}

fn property(id: &str) -> Value {
    json!({
        "type": "property.registered",
        "subject": id,
        "at": "2020-04-01",
        "data": {"address": {"line1": format!("{id} Acacia Avenue")}, "property_type": "flat"}
    })
}

fn report(id: &str, property: &str) -> Value {
    json!({
        "type": "report.received",
        "subject": id,
        "at": "2024-01-08T09:30:00Z",
        "data": {
            "property": property,
            "channel": "phone",
            "reporter": {"kind": "resident"},
            "description": "Black mould in the back bedroom"
        }
    })
}

fn person(id: &str) -> Value {
    json!({"type": "person.registered", "subject": id, "at": "2020-04-01", "data": {"name": "A. Resident"}})
}

fn vulnerability(id: &str, person: &str) -> Value {
    json!({
        "type": "vulnerability.recorded",
        "subject": id,
        "at": "2024-01-10",
        "data": {
            "person": person,
            "code": "respiratory_condition",
            "source": "resident",
            "disclosed": "2024-01-10",
            "consent": "given"
        }
    })
}

/// The `type` names of the event catalogue, read from the source of `enum EventData`.
fn event_type_names() -> Vec<String> {
    let source = include_str!("../../homesafe-core/src/events.rs");
    let start = source.find("pub enum EventData {").unwrap();
    let body = &source[start..];
    let body = &body[..body.find("\n}").unwrap()];
    let names: Vec<String> = body
        .lines()
        .filter_map(|l| l.trim().strip_prefix("#[serde(rename = \""))
        .filter_map(|l| l.split('"').next())
        .map(str::to_string)
        .collect();
    assert!(names.len() > 60, "found only {} event types", names.len());
    names
}

#[tokio::test]
async fn healthz_answers_without_a_token() {
    let app = App::new().await;
    let reply = app.get("/healthz", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body, Value::String("ok".into()));
    app.db.drop_db().await;
}

#[tokio::test]
async fn every_api_path_needs_a_token_except_the_document() {
    let app = App::new().await;
    let doc = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(doc.status, StatusCode::OK);
    let paths = doc.body["paths"].as_object().unwrap();
    let mut checked = 0;
    for (path, item) in paths {
        if path == "/api/v1/openapi.json" || !path.starts_with("/api/v1") {
            continue;
        }
        let uri = path.replace("{id}", "x");
        for method in ["get", "post"] {
            if item.get(method).is_none() {
                continue;
            }
            let reply = if method == "get" {
                app.get(&uri, None).await
            } else {
                app.post_raw(&uri, None, "application/json", "{}").await
            };
            reply.problem(StatusCode::UNAUTHORIZED, "missing_token");
            let challenge = reply
                .headers
                .get(header::WWW_AUTHENTICATE)
                .unwrap()
                .to_str()
                .unwrap();
            assert!(challenge.starts_with("Bearer"), "{path}: {challenge}");
            checked += 1;
        }
    }
    assert!(
        checked >= 2 * RecordKind::ALL.len() + 4,
        "checked {checked}"
    );

    let reply = app
        .get("/api/v1/summary", Some("hs_not_a_real_token"))
        .await;
    reply.problem(StatusCode::UNAUTHORIZED, "invalid_token");
    assert_eq!(
        reply.headers[header::WWW_AUTHENTICATE],
        "Bearer error=\"invalid_token\""
    );
    let revoked = app.token("old", Role::Staff).await;
    app.db.store.revoke_token("old").await.unwrap();
    app.get("/api/v1/summary", Some(&revoked))
        .await
        .problem(StatusCode::UNAUTHORIZED, "invalid_token");
    app.db.drop_db().await;
}

#[tokio::test]
async fn an_appended_event_comes_back_sealed_with_the_token_as_actor() {
    let app = App::new().await;
    let staff = app.token("housing-app", Role::RepairsOfficer).await;
    let event = app.append(&staff, property("prop-1")).await;
    assert_eq!(
        event["actor"],
        json!({"id": "token:housing-app", "role": "repairs_officer"})
    );
    assert_eq!(event["type"], "property.registered");
    assert_eq!(event["subject"], "prop-1");
    assert_eq!(
        event["at"], "2020-04-01",
        "the time it took effect keeps its precision"
    );
    assert_eq!(event["seq"], 1);
    assert_eq!(event["v"], 1);
    assert!(event["hash"].as_str().is_some_and(|h| h.len() == 64));
    assert!(event["id"].as_str().is_some_and(|id| id.starts_with("ev-")));
    let recorded = event["recorded"].as_str().unwrap();
    assert!(
        recorded.starts_with("20") && recorded.ends_with('Z'),
        "the server's clock: {recorded}"
    );

    // `at` defaults to now, the same instant as `recorded`.
    let mut no_time = report("rep-1", "prop-1");
    no_time.as_object_mut().unwrap().remove("at");
    let event = app.append(&staff, no_time).await;
    assert_eq!(event["at"], event["recorded"]);
    assert_eq!(
        event["prev"],
        app.get("/api/v1/records/prop-1/history", Some(&staff))
            .await
            .body["events"][0]["hash"]
    );

    let record = app.get("/api/v1/records/rep-1", Some(&staff)).await;
    assert_eq!(record.status, StatusCode::OK);
    assert_eq!(record.body["kind"], "report");
    assert_eq!(record.body["status"], "received");
    assert_eq!(record.body["property"], "prop-1");
    app.db.drop_db().await;
}

#[tokio::test]
async fn a_client_cannot_set_the_actor_the_recorded_time_or_chain_fields() {
    let app = App::new().await;
    let staff = app.token("staff", Role::Staff).await;
    for (field, value) in [
        ("actor", json!({"id": "someone-else", "role": "admin"})),
        ("recorded", json!("2020-01-01")),
        ("hash", json!("0".repeat(64))),
        ("seq", json!(7)),
        ("colour", json!("blue")),
    ] {
        let mut event = property("prop-1");
        event[field] = value;
        let reply = app.post(&staff, event).await;
        reply.problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_event");
        assert_eq!(reply.first_error_field(), field, "{:#}", reply.body);
    }
    assert_eq!(app.db.store.event_count().await.unwrap(), 0);
    app.db.drop_db().await;
}

#[tokio::test]
async fn a_bad_event_is_refused_naming_the_field() {
    let app = App::new().await;
    let staff = app.token("staff", Role::Staff).await;

    // An unknown reference, found by the store against the record.
    let reply = app.post(&staff, report("rep-1", "prop-9")).await;
    let p = reply.problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_event");
    assert_eq!(p["errors"][0]["field"], "data.property", "{p:#}");
    assert!(
        p["errors"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("prop-9"),
        "{p:#}"
    );

    // Shape and rule errors, found as the importer finds them.
    let mut wrong_shape = property("prop-1");
    wrong_shape["data"]["property_type"] = json!("castle");
    let reply = app.post(&staff, wrong_shape).await;
    reply.problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_event");
    assert_eq!(
        reply.first_error_field(),
        "data.property_type",
        "{:#}",
        reply.body
    );

    for (data, field) in [
        (
            json!({"address": {"line1": 5}, "property_type": "flat"}),
            "data.address.line1",
        ),
        (
            json!({"address": {"line1": "1 High St"}}),
            "data.property_type",
        ),
        (
            json!({"address": {"line1": "1 High St"}, "property_type": "flat", "garden": true}),
            "data.garden",
        ),
        (
            json!({"address": {"line1": "1 High St"}, "property_type": "flat", "rent": {"amount": 0, "period": "weekly"}}),
            "data.rent.amount",
        ),
    ] {
        let mut event = property("prop-1");
        event["data"] = data;
        let reply = app.post(&staff, event).await;
        reply.problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_event");
        assert_eq!(reply.first_error_field(), field, "{:#}", reply.body);
        let reason = reply.body["errors"][0]["reason"].as_str().unwrap();
        assert!(
            !reason.contains("line 1 column"),
            "positions in the server's line are noise: {reason}"
        );
    }

    let mut unknown_type = property("prop-1");
    unknown_type["type"] = json!("property.demolished");
    let reply = app.post(&staff, unknown_type).await;
    assert_eq!(reply.first_error_field(), "type", "{:#}", reply.body);

    let mut bad_time = property("prop-1");
    bad_time["at"] = json!("March 2021");
    let reply = app.post(&staff, bad_time).await;
    assert_eq!(reply.first_error_field(), "at", "{:#}", reply.body);

    let mut no_subject = property("prop-1");
    no_subject.as_object_mut().unwrap().remove("subject");
    let reply = app.post(&staff, no_subject).await;
    assert_eq!(reply.first_error_field(), "subject", "{:#}", reply.body);

    let reply = app.post(&staff, json!("an event")).await;
    reply.problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_event");
    let reply = app
        .post(&staff, json!([property("prop-1"), "an event"]))
        .await;
    assert_eq!(reply.first_error_field(), "[1]", "{:#}", reply.body);
    let reply = app.post(&staff, json!([])).await;
    reply.problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_event");

    assert_eq!(app.db.store.event_count().await.unwrap(), 0);
    app.db.drop_db().await;
}

#[tokio::test]
async fn an_array_is_written_all_or_nothing_and_a_refusal_names_the_event() {
    let app = App::new().await;
    let staff = app.token("staff", Role::Staff).await;

    // The second event refers to a property that does not exist: nothing is written.
    let reply = app
        .post(
            &staff,
            json!([
                property("prop-1"),
                report("rep-1", "prop-9"),
                property("prop-2")
            ]),
        )
        .await;
    reply.problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_event");
    assert_eq!(
        reply.first_error_field(),
        "[1].data.property",
        "{:#}",
        reply.body
    );
    assert_eq!(app.db.store.event_count().await.unwrap(), 0);
    assert_eq!(
        app.get("/api/v1/records/prop-1", Some(&staff)).await.status,
        StatusCode::NOT_FOUND
    );

    // A shape error in any event is named with its position, every one of them.
    let mut bad = property("prop-3");
    bad["data"]["property_type"] = json!("castle");
    let reply = app
        .post(&staff, json!([property("prop-1"), bad.clone(), bad]))
        .await;
    let fields: Vec<&str> = reply.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["[1].data.property_type", "[2].data.property_type"]);

    // Later events may refer to records created earlier in the same array.
    let events = app
        .append(
            &staff,
            json!([property("prop-1"), report("rep-1", "prop-1")]),
        )
        .await;
    let events = events.as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[1]["seq"], 2);
    assert_eq!(events[1]["prev"], events[0]["hash"]);
    assert!(events.iter().all(|e| e["actor"]["id"] == "token:staff"));

    // A client's own event id makes a retry safe: the second attempt is refused, not doubled.
    let mut with_id = property("prop-7");
    with_id["id"] = json!("client-42");
    assert_eq!(app.append(&staff, with_id.clone()).await["id"], "client-42");
    let reply = app.post(&staff, with_id).await;
    reply.problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_event");
    assert_eq!(reply.first_error_field(), "id", "{:#}", reply.body);

    // A duplicate creation in a later batch is located too.
    let reply = app
        .post(&staff, json!([property("prop-2"), property("prop-1")]))
        .await;
    assert_eq!(reply.first_error_field(), "[1].subject", "{:#}", reply.body);
    app.db.drop_db().await;
}

#[tokio::test]
async fn malformed_bodies_come_back_as_problems_naming_where() {
    let app = App::new().await;
    let staff = app.token("staff", Role::Staff).await;
    let reply = app
        .post_raw(
            "/api/v1/events",
            Some(&staff),
            "application/json",
            "{\"type\": \"property.registered\",,}",
        )
        .await;
    let p = reply.problem(StatusCode::BAD_REQUEST, "malformed_json");
    assert_eq!(p["errors"][0]["field"], "(body)");
    assert!(
        p["errors"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("line 1 column"),
        "{p:#}"
    );

    let reply = app
        .post_raw(
            "/api/v1/events",
            Some(&staff),
            "application/json",
            "{\"type\": ",
        )
        .await;
    reply.problem(StatusCode::BAD_REQUEST, "malformed_json");
    let reply = app
        .post_raw("/api/v1/events", Some(&staff), "application/json", "{} {}")
        .await;
    reply.problem(StatusCode::BAD_REQUEST, "malformed_json");
    let reply = app
        .post_raw(
            "/api/v1/events",
            Some(&staff),
            "text/plain",
            property("prop-1").to_string(),
        )
        .await;
    reply.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    let huge = format!("[{}]", vec!["{}"; 1_100_000].join(","));
    let reply = app
        .post_raw("/api/v1/events", Some(&staff), "application/json", huge)
        .await;
    reply.problem(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    app.db.drop_db().await;
}

#[tokio::test]
async fn collections_list_and_get_by_kind_with_pagination() {
    let app = App::new().await;
    let staff = app.token("staff", Role::Staff).await;
    let mut events: Vec<Value> = (1..=5).map(|i| property(&format!("prop-{i}"))).collect();
    events.push(report("rep-1", "prop-2"));
    events.push(report("rep-2", "prop-3"));
    app.append(&staff, Value::Array(events)).await;

    let mut seen = Vec::new();
    let mut uri = "/api/v1/properties?limit=2".to_string();
    loop {
        let page = app.get(&uri, Some(&staff)).await;
        assert_eq!(page.status, StatusCode::OK, "{:#}", page.body);
        let records = page.body["records"].as_array().unwrap();
        assert!(records.len() <= 2);
        seen.extend(
            records
                .iter()
                .map(|r| r["id"].as_str().unwrap().to_string()),
        );
        match page.body["next"].as_str() {
            Some(next) => uri = format!("/api/v1/properties?limit=2&after={next}"),
            None => break,
        }
    }
    assert_eq!(seen, ["prop-1", "prop-2", "prop-3", "prop-4", "prop-5"]);

    let all = app.get("/api/v1/properties", Some(&staff)).await;
    assert_eq!(all.body["records"].as_array().unwrap().len(), 5);
    assert_eq!(all.body["next"], Value::Null);

    let reports = app
        .get("/api/v1/reports?property=prop-2", Some(&staff))
        .await;
    let ids: Vec<&str> = reports.body["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["rep-1"]);
    let received = app
        .get("/api/v1/reports?status=received", Some(&staff))
        .await;
    assert_eq!(received.body["records"].as_array().unwrap().len(), 2);
    let empty = app.get("/api/v1/works-orders", Some(&staff)).await;
    assert_eq!(empty.body, json!({"records": [], "next": null}));

    let one = app.get("/api/v1/properties/prop-1", Some(&staff)).await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.body["id"], "prop-1");
    assert_eq!(one.body["fields"]["property_type"], "flat");
    app.get("/api/v1/reports/prop-1", Some(&staff))
        .await
        .problem(StatusCode::NOT_FOUND, "not_found");
    app.get("/api/v1/properties/rep-1", Some(&staff))
        .await
        .problem(StatusCode::NOT_FOUND, "not_found");
    app.get("/api/v1/properties/nope", Some(&staff))
        .await
        .problem(StatusCode::NOT_FOUND, "not_found");
    app.get("/api/v1/records/nope", Some(&staff))
        .await
        .problem(StatusCode::NOT_FOUND, "not_found");

    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("limit=ten", "limit"),
        ("after=has%20space", "after"),
        ("propery=prop-1", "propery"),
    ] {
        let reply = app
            .get(&format!("/api/v1/properties?{query}"), Some(&staff))
            .await;
        reply.problem(StatusCode::BAD_REQUEST, "invalid_query");
        assert_eq!(reply.first_error_field(), field, "{query}");
    }
    let max = app.get("/api/v1/properties?limit=1000", Some(&staff)).await;
    assert_eq!(max.status, StatusCode::OK);

    // Every kind of record has its collection.
    for kind in RecordKind::ALL {
        let reply = app
            .get(
                &format!("/api/v1/{}", homesafe_web::collection(kind)),
                Some(&staff),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", kind.as_str());
    }
    app.db.drop_db().await;
}

#[tokio::test]
async fn history_summary_and_ids_with_slashes() {
    let app = App::new().await;
    let staff = app.token("staff", Role::Staff).await;
    app.append(
        &staff,
        json!([
            property("prop-1"),
            property("prop-2"),
            report("REP/2024/0001", "prop-1"),
            report("rep-2", "prop-2")
        ]),
    )
    .await;

    let history = app
        .get("/api/v1/records/prop-1/history", Some(&staff))
        .await;
    assert_eq!(history.status, StatusCode::OK, "{:#}", history.body);
    assert_eq!(history.body["record"], "prop-1");
    let subjects: Vec<&str> = history.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        ["prop-1", "REP/2024/0001"],
        "a property's chronology holds what belongs to it"
    );

    let report = app
        .get("/api/v1/reports/REP%2F2024%2F0001", Some(&staff))
        .await;
    assert_eq!(report.status, StatusCode::OK, "{:#}", report.body);
    assert_eq!(report.body["id"], "REP/2024/0001");
    let history = app
        .get("/api/v1/records/REP%2F2024%2F0001/history", Some(&staff))
        .await;
    assert_eq!(history.body["events"].as_array().unwrap().len(), 1);

    let summary = app.get("/api/v1/summary", Some(&staff)).await;
    assert_eq!(summary.status, StatusCode::OK);
    assert_eq!(summary.body["events"], 4);
    assert_eq!(summary.body["records"]["property"], 2);
    assert_eq!(summary.body["records"]["report"], 2);
    assert_eq!(summary.body["records"]["complaint"], 0);
    assert_eq!(
        summary.body["records"].as_object().unwrap().len(),
        RecordKind::ALL.len()
    );

    app.get("/api/v1/nothing-here", Some(&staff))
        .await
        .problem(StatusCode::NOT_FOUND, "not_found");
    let reply = app
        .send(
            Request::builder()
                .method(Method::DELETE)
                .uri("/api/v1/summary")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    reply.problem(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    app.db.drop_db().await;
}

#[tokio::test]
async fn read_only_roles_cannot_write() {
    let app = App::new().await;
    for (name, role) in [("auditor", Role::Auditor), ("hos", Role::Ombudsman)] {
        let token = app.token(name, role).await;
        app.post(&token, property("prop-1"))
            .await
            .problem(StatusCode::FORBIDDEN, "forbidden");
        assert_eq!(
            app.get("/api/v1/summary", Some(&token)).await.status,
            StatusCode::OK
        );
    }
    assert_eq!(app.db.store.event_count().await.unwrap(), 0);
    let contractor = app.token("contractor", Role::Contractor).await;
    app.append(&contractor, property("prop-1")).await;
    app.db.drop_db().await;
}

#[tokio::test]
async fn special_category_records_are_refused_to_contractors_and_every_read_is_logged() {
    let app = App::new().await;
    let staff = app.token("staff", Role::Staff).await;
    let contractor = app.token("contractor-app", Role::Contractor).await;
    let operative = app.token("van-7", Role::Operative).await;
    app.append(
        &staff,
        json!([person("per-1"), vulnerability("vul-1", "per-1")]),
    )
    .await;
    assert_eq!(app.access_log().await, 0, "writing is not reading");

    for token in [&contractor, &operative] {
        for uri in [
            "/api/v1/records/vul-1",
            "/api/v1/records/vul-1/history",
            "/api/v1/vulnerabilities",
            "/api/v1/vulnerabilities/vul-1",
            "/api/v1/adjustments",
        ] {
            app.get(uri, Some(token))
                .await
                .problem(StatusCode::FORBIDDEN, "forbidden");
        }
        // The person is not special category; their record is readable.
        assert_eq!(
            app.get("/api/v1/records/per-1", Some(token)).await.status,
            StatusCode::OK
        );
    }
    assert_eq!(app.access_log().await, 0, "refused reads disclose nothing");

    let one = app.get("/api/v1/records/vul-1", Some(&staff)).await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.body["fields"]["code"], "respiratory_condition");
    assert_eq!(app.access_log().await, 1);
    let list = app.get("/api/v1/vulnerabilities", Some(&staff)).await;
    assert_eq!(list.body["records"].as_array().unwrap().len(), 1);
    assert_eq!(app.access_log().await, 2);
    app.get("/api/v1/vulnerabilities/vul-1", Some(&staff)).await;
    app.get("/api/v1/records/vul-1/history", Some(&staff)).await;
    assert_eq!(app.access_log().await, 4);
    let entries = app
        .db
        .raw_count(
            "SELECT COUNT(*) FROM access_log WHERE actor_id = 'token:staff' AND actor_role = 'staff' \
             AND record_id = 'vul-1' AND kind = 'vulnerability' AND purpose = 'api read'",
        )
        .await
        .unwrap();
    assert_eq!(entries, 4);
    // Reading something else writes nothing to the log.
    app.get("/api/v1/records/per-1", Some(&staff)).await;
    app.get("/api/v1/people", Some(&staff)).await;
    assert_eq!(app.access_log().await, 4);
    app.db.drop_db().await;
}

#[tokio::test]
async fn the_openapi_document_describes_every_path_event_type_and_the_bearer_scheme() {
    let app = App::new().await;
    let reply = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers[header::CONTENT_TYPE], "application/json");
    let doc = &reply.body;
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );

    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/events",
        "/api/v1/records/{id}",
        "/api/v1/records/{id}/history",
        "/api/v1/summary",
        "/api/v1/openapi.json",
        "/healthz",
    ] {
        assert!(paths.contains_key(path), "{path} is missing");
    }
    for kind in RecordKind::ALL {
        let plural = homesafe_web::collection(kind);
        for path in [
            format!("/api/v1/{plural}"),
            format!("/api/v1/{plural}/{{id}}"),
        ] {
            assert!(paths.contains_key(&path), "{path} is missing");
        }
    }
    let post = &paths["/api/v1/events"]["post"];
    assert_eq!(post["security"], json!([{"bearer": []}]));
    assert_eq!(
        post["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/NewEvents"
    );
    assert_eq!(
        post["responses"]["422"]["content"]["application/problem+json"]["schema"]["$ref"],
        "#/components/schemas/Problem"
    );

    let scheme = &doc["components"]["securitySchemes"]["bearer"];
    assert_eq!(scheme["type"], "http");
    assert_eq!(scheme["scheme"], "bearer");

    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for name in [
        "Problem",
        "FieldError",
        "NewEvent",
        "NewEvents",
        "HistoryLine",
        "RecordState",
        "RecordId",
        "HistoryTime",
    ] {
        assert!(schemas.contains_key(name), "schema {name} is missing");
    }
    for field in ["type", "title", "status", "detail", "code", "errors"] {
        assert!(
            schemas["Problem"]["properties"].get(field).is_some(),
            "Problem.{field}"
        );
    }
    // Every event type is described with its data schema.
    let event_data = serde_json::to_string(&schemas["EventData"]).unwrap();
    for name in event_type_names() {
        assert!(
            event_data.contains(&format!("\"{name}\"")),
            "event type {name} is not in the EventData schema"
        );
    }
    let variants = schemas["EventData"]["oneOf"].as_array().unwrap();
    assert_eq!(variants.len(), event_type_names().len());
    for variant in variants {
        let data = &variant["properties"]["data"];
        let target = data["$ref"]
            .as_str()
            .unwrap_or_default()
            .trim_start_matches("#/components/schemas/");
        assert!(schemas.contains_key(target), "no data schema for {variant}");
    }
    let report = &schemas["ReportReceived"];
    assert_eq!(
        report["properties"]["property"]["$ref"],
        "#/components/schemas/RecordId"
    );
    app.db.drop_db().await;
}

#[tokio::test]
async fn no_special_category_read_without_its_log_entry_and_no_cause_shown() {
    let app = App::new().await;
    let staff = app.token("staff", Role::Staff).await;
    app.append(
        &staff,
        json!([person("per-1"), vulnerability("vul-1", "per-1")]),
    )
    .await;
    app.db.raw("DROP TABLE access_log").await.unwrap();
    let log = CapturedLog::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(log.clone())
        .with_ansi(false)
        .finish();
    let reply = {
        let _guard = tracing::subscriber::set_default(subscriber);
        app.get("/api/v1/records/vul-1", Some(&staff)).await
    };
    let p = reply.problem(StatusCode::INTERNAL_SERVER_ERROR, "internal_error");
    let shown = p.to_string();
    assert!(
        !shown.contains("access_log") && !shown.contains("respiratory"),
        "{shown}"
    );
    // The cause is in the server's log, with the route but not the record id.
    let logged = log.text();
    assert!(
        logged.contains("ERROR") && logged.contains("access_log"),
        "{logged}"
    );
    assert!(
        logged.contains("http.route=/api/v1/records/{id}"),
        "{logged}"
    );
    assert!(!logged.contains("vul-1"), "{logged}");
    // Records that need no log entry are still served.
    assert_eq!(
        app.get("/api/v1/records/per-1", Some(&staff)).await.status,
        StatusCode::OK
    );
    app.db.drop_db().await;
}

/// Log lines written during a test.
#[derive(Clone, Default)]
struct CapturedLog(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl CapturedLog {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for CapturedLog {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for CapturedLog {
    type Writer = CapturedLog;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// The L&Q case file (Housing Ombudsman report 202209500), plus one thing the case does not
/// have: a vulnerability recorded for the resident in January 2022, due for review on 20 April.
async fn lq_case(app: &App) {
    const LQ: &str = include_str!("../../../examples/cases/lq-202209500.jsonl");
    const VULNERABILITY: &str = r#"{"type":"vulnerability.recorded","subject":"lq-vul-1","at":"2022-01-10","actor":{"id":"lq-housing","role":"staff"},"data":{"person":"lq-resident","code":"mental_health","source":"resident","disclosed":"2022-01-10","consent":"given","review_by":"2022-04-20"}}
"#;
    for file in [LQ, VULNERABILITY] {
        app.db
            .store
            .import(
                std::io::Cursor::new(file.as_bytes().to_vec()),
                "test",
                &mut |_: u64| {},
            )
            .await
            .unwrap();
    }
}

/// The alert with this code and main record, if present.
fn find_alert<'a>(reply: &'a Reply, code: &str, record: &str) -> Option<&'a Value> {
    reply.body["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == code && a["records"][0] == record)
}

#[tokio::test]
async fn alerts_show_what_a_dashboard_showed_then() {
    let app = App::new().await;
    lq_case(&app).await;
    let staff = app.token("staff", Role::Staff).await;
    let stage2 = "complaint.stage2.response_overdue";
    let complaint = "lq-complaint-2022-03";

    // Escalated Tuesday 29 March 2022; 20 working days end on Thursday 28 April.
    let reply = app
        .get("/api/v1/alerts?as_of=2022-04-29T12:00", Some(&staff))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:#}", reply.body);
    assert_eq!(reply.body["as_of"], "2022-04-29T11:00:00Z", "London time");
    let alert = find_alert(&reply, stage2, complaint)
        .unwrap_or_else(|| panic!("no stage 2 alert in {:#}", reply.body));
    assert_eq!(alert["stage"], "overdue");
    assert_eq!(alert["severity"], "high");
    assert_eq!(alert["rule"], "chc2020.stage2.response");
    assert_eq!(alert["property"], "lq-flat-resident");
    assert_eq!(alert["due"], "2022-04-28T23:00:00Z");
    assert_eq!(alert["clears"], Value::Null);
    assert_eq!(alert["vulnerabilities"], json!(["mental_health"]));
    assert!(find_alert(&reply, "vulnerability.review_overdue", "lq-vul-1").is_some());

    // The day before, it is only due soon.
    let before = app
        .get("/api/v1/alerts?as_of=2022-04-27T12:00", Some(&staff))
        .await;
    assert_eq!(before.status, StatusCode::OK);
    let soon = find_alert(&before, stage2, complaint).unwrap();
    assert_eq!(soon["stage"], "due_soon");
    assert_eq!(soon["severity"], "low");
    // A date is the end of that London day; an instant is taken as given.
    let end_of_day = app
        .get("/api/v1/alerts?as_of=2022-04-28", Some(&staff))
        .await;
    assert_eq!(end_of_day.body["as_of"], "2022-04-28T23:00:00Z");
    assert_eq!(
        find_alert(&end_of_day, stage2, complaint).unwrap()["stage"],
        "overdue"
    );
    let instant = app
        .get("/api/v1/alerts?as_of=2022-04-28T22:59:59Z", Some(&staff))
        .await;
    assert_eq!(
        find_alert(&instant, stage2, complaint).unwrap()["stage"],
        "due_soon"
    );
    // Default: now. The stage 2 response of 1 September 2022 cleared it long ago.
    let now = app.get("/api/v1/alerts", Some(&staff)).await;
    assert_eq!(now.status, StatusCode::OK);
    assert!(find_alert(&now, stage2, complaint).is_none());

    app.get("/api/v1/alerts?as_of=2022-04-29T12:00", None)
        .await
        .problem(StatusCode::UNAUTHORIZED, "missing_token");
    let bad = app
        .get("/api/v1/alerts?as_of=29%2F04%2F2022", Some(&staff))
        .await;
    let p = bad.problem(StatusCode::BAD_REQUEST, "invalid_query");
    assert_eq!(bad.first_error_field(), "as_of");
    assert!(
        p["errors"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("'29/04/2022' is not a time"),
        "{p:#}"
    );
    let both = app
        .get("/api/v1/alerts?as_of=&asof=2022-04-29", Some(&staff))
        .await;
    both.problem(StatusCode::BAD_REQUEST, "invalid_query");
    let fields: Vec<&str> = both.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["as_of", "asof"]);

    // One home's alerts: the worklist entries about that home, and nothing else.
    let home = app
        .get(
            "/api/v1/alerts?as_of=2022-04-29T12:00&home=lq-flat-resident",
            Some(&staff),
        )
        .await;
    assert_eq!(home.status, StatusCode::OK, "{:#}", home.body);
    let mine: Vec<&Value> = reply.body["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["property"] == "lq-flat-resident")
        .collect();
    let shown: Vec<&Value> = home.body["alerts"].as_array().unwrap().iter().collect();
    assert!(!shown.is_empty());
    assert_eq!(shown, mine);
    let nowhere = app
        .get(
            "/api/v1/alerts?as_of=2022-04-29T12:00&home=no-such-home",
            Some(&staff),
        )
        .await;
    assert_eq!(nowhere.body["alerts"], json!([]));
    let bad_home = app
        .get("/api/v1/alerts?home=not%20an%20id", Some(&staff))
        .await;
    bad_home.problem(StatusCode::BAD_REQUEST, "invalid_query");
    assert_eq!(bad_home.first_error_field(), "home");
    app.db.drop_db().await;
}

/// Reports about a contractor are records of their own kind: listed and read through the
/// generic collections with their home and status, raising their alerts on the worklist, and
/// investigated through the events API — refused, naming the field, without the steps taken.
#[tokio::test]
async fn conduct_cases_are_records_with_their_alerts() {
    let app = App::new().await;
    lq_case(&app).await;
    let staff = app.token("staff", Role::Staff).await;
    let stack = "lq-conduct-soil-stack-contractor-2022-03-18";
    let cleaning = "lq-conduct-cleaning-contractor-2022-08";

    let list = app.get("/api/v1/conduct-cases", Some(&staff)).await;
    assert_eq!(list.status, StatusCode::OK, "{:#}", list.body);
    let records = list.body["records"].as_array().unwrap();
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [cleaning, stack], "ordered by id");
    for r in records {
        assert_eq!(r["kind"], "conduct_case");
        assert_eq!(r["status"], "open");
        assert_eq!(r["property"], "lq-flat-resident", "{r:#}");
    }
    let one = app
        .get(&format!("/api/v1/conduct-cases/{stack}"), Some(&staff))
        .await;
    assert_eq!(one.status, StatusCode::OK, "{:#}", one.body);
    assert_eq!(one.body["fields"]["complaint"], "lq-complaint-2022-03");
    assert_eq!(
        one.body["fields"]["concerns"],
        json!(["conduct", "workmanship", "health_and_safety", "invoicing"])
    );
    // Another kind's id is not a conduct case.
    let wrong = app
        .get("/api/v1/conduct-cases/lq-complaint-2022-03", Some(&staff))
        .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    let summary = app.get("/api/v1/summary", Some(&staff)).await;
    assert_eq!(
        summary.body["records"]["conduct_case"], 2,
        "{:#}",
        summary.body
    );

    // Stage 1 answered on 29 March 2022 with the case uninvestigated: shown from 30 March.
    let code = "conduct.response_without_investigation";
    let before = app
        .get("/api/v1/alerts?as_of=2022-03-29T12:00", Some(&staff))
        .await;
    assert!(find_alert(&before, code, stack).is_none());
    let after = app
        .get("/api/v1/alerts?as_of=2022-03-30T12:00", Some(&staff))
        .await;
    let alert =
        find_alert(&after, code, stack).unwrap_or_else(|| panic!("no {code} in {:#}", after.body));
    assert_eq!(alert["severity"], "high");
    assert_eq!(alert["rule"], "conduct.investigated_before_response");
    assert_eq!(alert["property"], "lq-flat-resident");
    assert!(alert["source"].as_str().unwrap().contains("202209500"));

    // An investigation with no steps is refused, naming the field; nothing is written.
    let events = app.db.store.event_count().await.unwrap();
    let mut investigated = json!({
        "type": "conduct_case.investigated",
        "subject": stack,
        "at": "2022-04-05",
        "data": {"investigator": "Repairs manager", "steps": [], "findings": "Could not be proven"}
    });
    let reply = app.post(&staff, investigated.clone()).await;
    reply.problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_event");
    assert_eq!(reply.first_error_field(), "data.steps", "{:#}", reply.body);
    assert_eq!(app.db.store.event_count().await.unwrap(), events);

    investigated["data"]["steps"] = json!([
        {"step": "inspected_work", "notes": "Stack loose at the top bracket"},
        {"step": "spoke_to_witnesses", "notes": "The flat below saw a ladder, no scaffold"}
    ]);
    app.append(&staff, investigated).await;
    let one = app
        .get(&format!("/api/v1/conduct-cases/{stack}"), Some(&staff))
        .await;
    assert_eq!(one.body["status"], "investigated");
    // Now (after it was recorded): the soil stack case's alerts have cleared; the cleaning
    // contractor's case, never investigated, still shows both.
    let now = app.get("/api/v1/alerts", Some(&staff)).await;
    assert_eq!(now.status, StatusCode::OK, "{:#}", now.body);
    for c in ["conduct.not_investigated", code] {
        assert!(find_alert(&now, c, stack).is_none(), "{c} still shown");
        assert!(find_alert(&now, c, cleaning).is_some(), "{c} not shown");
    }
    app.db.drop_db().await;
}

#[tokio::test]
async fn contractors_see_alerts_without_vulnerability_data() {
    let app = App::new().await;
    lq_case(&app).await;
    let staff = app.token("staff", Role::Staff).await;
    let uri = "/api/v1/alerts?as_of=2022-04-29T12:00";
    let full = app.get(uri, Some(&staff)).await;
    let full = full.body["alerts"].as_array().unwrap();
    assert!(
        full.iter()
            .any(|a| a["vulnerabilities"] != json!([]) || a["suspected_vulnerability"] == true),
        "the staff worklist shows the household's vulnerability"
    );
    let key = |a: &Value| format!("{} {} {}", a["code"], a["records"], a["stage"]);
    let mut expected: Vec<String> = full
        .iter()
        .filter(|a| !a["code"].as_str().unwrap().starts_with("vulnerability."))
        .map(key)
        .collect();
    expected.sort();
    assert!(
        expected.len() < full.len(),
        "a vulnerability alert is hidden"
    );

    for role in [Role::Contractor, Role::Operative] {
        let token = app.token(role.as_str(), role).await;
        let reply = app.get(uri, Some(&token)).await;
        assert_eq!(reply.status, StatusCode::OK, "{:#}", reply.body);
        let alerts = reply.body["alerts"].as_array().unwrap();
        for a in alerts {
            assert_eq!(a["vulnerabilities"], json!([]), "{a:#}");
            assert_eq!(a["suspected_vulnerability"], false, "{a:#}");
            assert!(!a["code"].as_str().unwrap().starts_with("vulnerability."));
        }
        let mut seen: Vec<String> = alerts.iter().map(key).collect();
        seen.sort();
        assert_eq!(seen, expected, "every other alert, unchanged");
        assert!(
            find_alert(
                &reply,
                "complaint.stage2.response_overdue",
                "lq-complaint-2022-03"
            )
            .is_some()
        );
    }
    // Reading alerts is not a read of a special category record: nothing is logged.
    assert_eq!(app.access_log().await, 0);
    app.db.drop_db().await;
}

#[tokio::test]
async fn the_rule_table_for_a_date() {
    let app = App::new().await;
    let token = app.token("contractor", Role::Contractor).await;
    let ids = |reply: &Reply| -> Vec<String> {
        reply.body["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    let reply = app.get("/api/v1/rules?at=2024-06-01", Some(&token)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:#}", reply.body);
    assert_eq!(reply.body["at"], "2024-06-01");
    let row = reply.body["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "chc2024.stage2.response")
        .unwrap_or_else(|| panic!("no Code 2024 stage 2 rule in {:#}", reply.body));
    assert_eq!(row["limit"], json!({"unit": "working_days", "amount": 20}));
    assert_eq!(row["source"], "Complaint Handling Code 2024, 6.14");
    assert_eq!(row["effective_from"], "2024-04-01");
    assert_eq!(row["status"], "confirmed");
    assert_eq!(row["landlord_configurable"], false);
    assert_eq!(row["alert"], "complaint.stage2.response_overdue");
    assert!(!ids(&reply).iter().any(|id| id.starts_with("chc2022.")));

    let earlier = app.get("/api/v1/rules?at=2022-04-01", Some(&token)).await;
    assert!(ids(&earlier).contains(&"chc2022.stage2.response".to_string()));
    assert!(!ids(&earlier).iter().any(|id| id.starts_with("chc2024.")));
    let today = app.get("/api/v1/rules", Some(&token)).await;
    assert_eq!(today.status, StatusCode::OK);
    assert!(ids(&today).contains(&"chc2024.stage2.response".to_string()));

    app.get("/api/v1/rules?at=2024-06-01", None)
        .await
        .problem(StatusCode::UNAUTHORIZED, "missing_token");
    let bad = app
        .get("/api/v1/rules?at=1%20June%202024", Some(&token))
        .await;
    bad.problem(StatusCode::BAD_REQUEST, "invalid_query");
    assert_eq!(bad.first_error_field(), "at");
    app.db.drop_db().await;
}

#[tokio::test]
async fn the_openapi_document_describes_alerts_and_rules_as_served() {
    let app = App::new().await;
    lq_case(&app).await;
    let doc = app.get("/api/v1/openapi.json", None).await.body;
    let staff = app.token("staff", Role::Staff).await;
    for (path, list, item, uri) in [
        (
            "/api/v1/alerts",
            "AlertList",
            "Alert",
            "/api/v1/alerts?as_of=2022-04-29T12:00",
        ),
        (
            "/api/v1/rules",
            "RuleTable",
            "RuleEntry",
            "/api/v1/rules?at=2024-06-01",
        ),
    ] {
        let get = &doc["paths"][path]["get"];
        assert_eq!(get["security"], json!([{"bearer": []}]), "{path}");
        assert_eq!(
            get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            format!("#/components/schemas/{list}")
        );
        assert_eq!(
            get["responses"]["400"]["content"]["application/problem+json"]["schema"]["$ref"],
            "#/components/schemas/Problem"
        );
        // The schema names exactly the fields the server sends, all of them required.
        let schema = &doc["components"]["schemas"][item];
        let mut described: Vec<&String> =
            schema["properties"].as_object().unwrap().keys().collect();
        described.sort();
        let mut required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        required.sort();
        let reply = app.get(uri, Some(&staff)).await;
        let field = if item == "Alert" { "alerts" } else { "rules" };
        let rows = reply.body[field].as_array().unwrap();
        assert!(!rows.is_empty());
        for row in rows {
            let mut sent: Vec<&String> = row.as_object().unwrap().keys().collect();
            sent.sort();
            assert_eq!(sent, described, "{item}");
        }
        assert_eq!(
            required,
            described.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            "{item}"
        );
    }
    let codes = &doc["components"]["schemas"]["Alert"]["properties"]["code"]["enum"];
    assert!(
        codes
            .as_array()
            .unwrap()
            .contains(&json!("complaint.stage2.response_overdue"))
    );
    app.db.drop_db().await;
}

#[tokio::test]
async fn a_document_is_stored_by_its_hash_recorded_and_served_back_checked() {
    let app = App::new().await;
    let staff = app.token("officer", Role::Staff).await;
    let created = app.post(&staff, property("p-docs")).await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let photo = b"\xff\xd8\xff fake jpeg of mould behind the cooker".to_vec();
    let sha = homesafe_core::history::Hash::of(&photo).to_string();
    let up = app
        .post_raw(
            "/api/v1/documents?title=Mould%20behind%20the%20cooker&evidences=p-docs&filename=IMG_0001.jpg",
            Some(&staff),
            "image/jpeg",
            photo.clone(),
        )
        .await;
    assert_eq!(up.status, StatusCode::CREATED, "{:?}", up.body);
    assert_eq!(up.body["subject"], format!("sha256:{sha}"));
    assert_eq!(up.body["data"]["held"], true);
    assert_eq!(up.body["data"]["media_type"], "image/jpeg");
    assert_eq!(up.body["actor"]["id"], "token:officer");
    // The same bytes again: already recorded, nothing new written.
    let again = app
        .post_raw(
            "/api/v1/documents?title=again",
            Some(&staff),
            "image/jpeg",
            photo.clone(),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["already_recorded"], true);
    let down = app
        .send(
            Request::builder()
                .uri(format!("/api/v1/documents/{sha}/content"))
                .header(header::AUTHORIZATION, format!("Bearer {staff}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(down.status, StatusCode::OK);
    assert_eq!(down.headers[header::CONTENT_TYPE], "image/jpeg");
    assert_eq!(down.headers["x-content-sha256"], sha.as_str());
    // An unknown evidence reference is refused, naming it; a missing title names the field.
    let bad = app
        .post_raw(
            "/api/v1/documents?title=x&evidences=nope",
            Some(&staff),
            "text/plain",
            "other bytes",
        )
        .await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        bad.body
    );
    assert_eq!(bad.body["errors"][0]["field"], "data.evidences[0]");
    let untitled = app
        .post_raw(
            "/api/v1/documents",
            Some(&staff),
            "text/plain",
            "more bytes",
        )
        .await;
    assert_eq!(untitled.status, StatusCode::BAD_REQUEST);
    assert_eq!(untitled.body["errors"][0]["field"], "title");
    let auditor = app.token("auditor", Role::Auditor).await;
    let refused = app
        .post_raw(
            "/api/v1/documents?title=x",
            Some(&auditor),
            "text/plain",
            "audit bytes",
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    app.db.drop_db().await;
}

/// Complaint Handling Code 2024, 2.2–2.4: a refusal names its ground and what shows it holds,
/// or is refused with the field; one the record does not support (a pre-action letter taken for
/// legal proceedings) is written, and raises `complaint.refusal_unfounded` on the dashboard.
#[tokio::test]
async fn a_refusal_needs_its_evidence_and_one_the_record_does_not_support_is_an_alert() {
    let app = App::new().await;
    let staff = app.token("staff", Role::Staff).await;
    app.append(&staff, property("prop-1")).await;
    app.append(&staff, person("per-1")).await;
    app.append(
        &staff,
        json!({"type": "legal_case.opened", "subject": "lc-1", "at": "2024-02-01", "data": {
            "kind": "disrepair_claim", "stage": "pre_action", "property": "prop-1",
            "claimant": "per-1", "description": "Letter of claim under the pre-action protocol"}}),
    )
    .await;
    app.append(
        &staff,
        json!({"type": "complaint.received", "subject": "cmp-1", "at": "2024-03-04T10:00:00Z", "data": {
            "complainant": "per-1", "property": "prop-1", "channel": "email",
            "description": "Mould in the bedroom"}}),
    )
    .await;

    let refusal = |data: Value| json!({"type": "complaint.refused", "subject": "cmp-1", "at": "2024-03-05T10:00:00Z", "data": data});
    let reply = app
        .post(
            &staff,
            refusal(json!({"ground": "legal_proceedings_issued",
                "reason": "The matter is with our legal team", "ombudsman_rights_given": true})),
        )
        .await;
    reply.problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_event");
    assert_eq!(
        reply.first_error_field(),
        "data.legal_case",
        "{:#}",
        reply.body
    );

    app.append(
        &staff,
        refusal(
            json!({"ground": "legal_proceedings_issued", "legal_case": "lc-1",
            "reason": "The matter is with our legal team", "ombudsman_rights_given": true}),
        ),
    )
    .await;
    // Now: the events were recorded today, whatever their effective dates.
    let reply = app.get("/api/v1/alerts", Some(&staff)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:#}", reply.body);
    let alert = find_alert(&reply, "complaint.refusal_unfounded", "cmp-1")
        .unwrap_or_else(|| panic!("no refusal alert in {:#}", reply.body));
    assert_eq!(alert["severity"], "high");
    assert_eq!(alert["source"], "Complaint Handling Code 2024, 2.2 and 2.3");
    assert!(
        alert["detail"].as_str().unwrap().contains("pre-action"),
        "{alert:#}"
    );
}

/// Requirements R7: beside the March 2023 soil stack rebuild, L&Q's earlier reports and jobs on
/// the same stack and the August 2022 survey — but not the 2020 renewal, outside the 24 months.
#[tokio::test]
async fn what_came_before_a_job_is_shown_with_why() {
    let app = App::new().await;
    lq_case(&app).await;
    let staff = app.token("staff", Role::Staff).await;
    let reply = app
        .get(
            "/api/v1/recurrence?record=lq-wo-soil-stack-rebuild-2023-03",
            Some(&staff),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:#}", reply.body);
    assert_eq!(reply.body["property"], "lq-flat-resident");
    assert_eq!(reply.body["window_months"], 24);
    let items = reply.body["items"].as_array().expect("items");
    let find = |id: &str| items.iter().find(|i| i["record"] == id);
    let stack = find("lq-rep-soil-stack-2022-08-10").expect("the August 2022 report");
    assert_eq!(stack["kind"], "report");
    assert_eq!(stack["links"][0]["by"], "same_component", "{stack:#}");
    assert_eq!(stack["links"][0]["component"], "lq-soil-stack");
    let survey = find("lq-survey-2022-08-19").expect("the surveyor's report");
    assert_eq!(survey["kind"], "survey");
    assert!(find("lq-wo-stack-renewal-2020").is_none(), "{items:#?}");
    assert!(find("lq-wo-soil-stack-rebuild-2023-03").is_none());

    // Only reports and works orders have a "before"; the query names what is wrong.
    let reply = app
        .get(
            "/api/v1/recurrence?record=lq-survey-2022-08-19",
            Some(&staff),
        )
        .await;
    reply.problem(StatusCode::BAD_REQUEST, "invalid_query");
    assert_eq!(reply.first_error_field(), "record");
    let reply = app.get("/api/v1/recurrence", Some(&staff)).await;
    reply.problem(StatusCode::BAD_REQUEST, "invalid_query");
    assert_eq!(reply.first_error_field(), "record");
    let reply = app.get("/api/v1/recurrence?record=x", None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

/// The dashboard's tiles count exactly the alerts the worklist lists, at any moment; a contractor's
/// count leaves out the `vulnerability.*` family, as its worklist does.
#[tokio::test]
async fn alert_counts_tally_the_worklist() {
    let app = App::new().await;
    lq_case(&app).await;
    let staff = app.token("staff", Role::Staff).await;
    let contractor = app.token("contractor", Role::Contractor).await;
    let mut compared = 0;
    for (token, who) in [(&staff, "staff"), (&contractor, "contractor")] {
        for as_of in ["", "?as_of=2022-04-29T12:00", "?as_of=2023-01-01"] {
            let list = app
                .get(&format!("/api/v1/alerts{as_of}"), Some(token))
                .await;
            let counts = app
                .get(&format!("/api/v1/alert-counts{as_of}"), Some(token))
                .await;
            assert_eq!(counts.status, StatusCode::OK, "{:#}", counts.body);
            let mut tally: std::collections::BTreeMap<(String, String, String), u64> =
                Default::default();
            for a in list.body["alerts"].as_array().expect("alerts") {
                *tally
                    .entry((
                        a["code"].as_str().unwrap().to_string(),
                        a["severity"].as_str().unwrap().to_string(),
                        a["stage"].as_str().unwrap().to_string(),
                    ))
                    .or_default() += 1;
            }
            let mut counted: std::collections::BTreeMap<(String, String, String), u64> =
                Default::default();
            for c in counts.body["counts"].as_array().expect("counts") {
                counted.insert(
                    (
                        c["code"].as_str().unwrap().to_string(),
                        c["severity"].as_str().unwrap().to_string(),
                        c["stage"].as_str().unwrap().to_string(),
                    ),
                    c["count"].as_u64().unwrap(),
                );
            }
            assert_eq!(counted, tally, "{who} {as_of}");
            assert_eq!(
                counts.body["total"].as_u64(),
                Some(tally.values().sum::<u64>())
            );
            compared += usize::from(!tally.is_empty());
            if who == "contractor" {
                assert!(
                    counted
                        .keys()
                        .all(|(c, _, _)| !c.starts_with("vulnerability."))
                );
            }
        }
    }
    assert!(compared >= 2, "some moments have alerts");
    let reply = app
        .get("/api/v1/alert-counts?as_of=yesterday", Some(&staff))
        .await;
    reply.problem(StatusCode::BAD_REQUEST, "invalid_query");
    assert_eq!(reply.first_error_field(), "as_of");
}

/// A worklist is read a page at a time: the pages, in order, are the whole worklist.
#[tokio::test]
async fn the_worklist_comes_in_pages() {
    let app = App::new().await;
    lq_case(&app).await;
    let staff = app.token("staff", Role::Staff).await;
    let whole = app
        .get("/api/v1/alerts?as_of=2023-01-01", Some(&staff))
        .await;
    let all = whole.body["alerts"].as_array().expect("alerts").clone();
    assert!(all.len() >= 3, "{} alerts", all.len());
    assert_eq!(whole.body["total"].as_u64(), Some(all.len() as u64));
    assert!(whole.body.get("next_offset").is_none());

    let mut paged = Vec::new();
    let mut offset = 0;
    loop {
        let page = app
            .get(
                &format!("/api/v1/alerts?as_of=2023-01-01&limit=2&offset={offset}"),
                Some(&staff),
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{:#}", page.body);
        assert_eq!(page.body["total"].as_u64(), Some(all.len() as u64));
        let items = page.body["alerts"].as_array().expect("alerts");
        assert!(items.len() <= 2);
        paged.extend(items.iter().cloned());
        match page.body["next_offset"].as_u64() {
            Some(next) => offset = next as usize,
            None => break,
        }
    }
    assert_eq!(paged, all);

    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("offset=2", "offset"),
        ("limit=5&offset=-1", "offset"),
    ] {
        let reply = app
            .get(&format!("/api/v1/alerts?{query}"), Some(&staff))
            .await;
        reply.problem(StatusCode::BAD_REQUEST, "invalid_query");
        assert_eq!(reply.first_error_field(), field, "{query}");
    }
}
