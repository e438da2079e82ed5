//! Complaint response letters through the JSON API, on the Clarion case (Housing Ombudsman
//! 202208650) with a fresh database and documents folder per test: a draft from the record, a
//! complete letter issued as two documents (bytes kept, downloadable, hashes matching, two
//! `document.added` events evidencing the complaint), an incomplete one refused naming every
//! missing element with nothing written, and roles that may not issue refused. Runs on SQLite,
//! or on PostgreSQL when `HOMESAFE_TEST_POSTGRES` names a server.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use homesafe_core::events::EventData;
use homesafe_core::history::{Hash, RecordId, Role};
use homesafe_store::testing::TestDb;
use serde_json::Value;
use tower::ServiceExt;

const CLARION: &str = include_str!("../../../examples/cases/clarion-202208650.jsonl");
const COMPLAINT: &str = "clarion-complaint-2022-03";

static DOCS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

struct App {
    db: TestDb,
    router: Router,
    docs: PathBuf,
    staff: String,
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    bytes: Vec<u8>,
    body: Value,
}

impl App {
    async fn clarion() -> App {
        let db = TestDb::new().await;
        db.store
            .import(
                std::io::Cursor::new(CLARION.as_bytes().to_vec()),
                "test",
                &mut |_: u64| {},
            )
            .await
            .unwrap();
        let docs = std::env::temp_dir().join(format!(
            "homesafe-letters-docs-{}-{}",
            std::process::id(),
            DOCS.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&docs);
        let router = homesafe_web::router_with_documents(
            db.store.clone(),
            homesafe_store::DocumentStore::new(&docs),
        );
        let mut app = App {
            db,
            router,
            docs,
            staff: String::new(),
        };
        app.staff = app
            .token("complaints-officer", Role::ComplaintsHandler)
            .await;
        app
    }

    async fn token(&self, name: &str, role: Role) -> String {
        self.db
            .store
            .create_token(name, role, "test")
            .await
            .unwrap()
            .secret
    }

    async fn send(&self, method: Method, uri: &str, token: &str, body: Option<&Value>) -> Reply {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"));
        let body = match body {
            Some(v) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        let response = self
            .router
            .clone()
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            bytes,
            body,
        }
    }

    async fn draft(&self, token: &str) -> Reply {
        self.send(
            Method::GET,
            &format!("/api/v1/complaints/{COMPLAINT}/letter-draft?stage=1&date=2022-03-24"),
            token,
            None,
        )
        .await
    }

    async fn issue(&self, token: &str, letter: &Value) -> Reply {
        self.send(
            Method::POST,
            &format!("/api/v1/complaints/{COMPLAINT}/letters"),
            token,
            Some(letter),
        )
        .await
    }

    /// Files kept in the documents folder.
    fn files(&self) -> usize {
        fn walk(p: &std::path::Path) -> usize {
            match std::fs::read_dir(p) {
                Err(_) => 0,
                Ok(entries) => entries
                    .map(|e| {
                        let path = e.unwrap().path();
                        if path.is_dir() { walk(&path) } else { 1 }
                    })
                    .sum(),
            }
        }
        walk(&self.docs)
    }

    /// The `document.added` events recorded as evidence for the complaint.
    async fn letters_recorded(&self) -> Vec<(String, String)> {
        let complaint = RecordId::parse(COMPLAINT).unwrap();
        self.db
            .store
            .history_events()
            .await
            .unwrap()
            .into_iter()
            .filter_map(|e| match &e.data {
                EventData::DocumentAdded(d) if d.evidences.contains(&complaint) => {
                    Some((e.subject.to_string(), d.media_type.clone()))
                }
                _ => None,
            })
            .collect()
    }

    async fn done(self) {
        let _ = std::fs::remove_dir_all(&self.docs);
        self.db.drop_db().await;
    }
}

/// The draft of 24 March 2022 completed by the officer: the decision and reasons, the outcome
/// sought, and when each payment will be made.
fn completed(mut letter: Value) -> Value {
    letter["decisions"][0]["decision"] = "upheld".into();
    letter["decisions"][0]["reasons"] =
        "The works recommended after the inspection of 20 December 2021 did not go ahead.".into();
    letter["definition"]["outcome_sought"] = "The works done and the damp put right.".into();
    for item in letter["remedy"]["items"].as_array_mut().unwrap() {
        item["by_when"] = "2022-04-21".into();
    }
    letter
}

/// The fields named: a problem's `errors`, or a draft's `missing`.
fn fields(reply: &Reply) -> Vec<String> {
    let list = match reply.body.get("errors") {
        Some(errors) => errors,
        None => &reply.body["missing"],
    };
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_complete_letter_is_issued_as_two_documents_evidencing_the_complaint() {
    let app = App::clarion().await;
    let draft = app.draft(&app.staff).await;
    assert_eq!(draft.status, StatusCode::OK, "{:#}", draft.body);
    let letter = &draft.body["letter"];
    assert_eq!(letter["landlord"], "Clarion Housing Association Limited");
    assert_eq!(letter["remedy"]["items"].as_array().unwrap().len(), 2);
    assert_eq!(letter["outstanding_actions"].as_array().unwrap().len(), 8);
    assert_eq!(
        fields(&draft),
        [
            "definition",
            "decisions[0].decision",
            "decisions[0].reasons",
            "remedy.items[0]",
            "remedy.items[1]"
        ]
    );

    let events_before = app.db.store.event_count().await.unwrap();
    let reply = app.issue(&app.staff, &completed(letter.clone())).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:#}", reply.body);
    assert_eq!(reply.body["complaint"], COMPLAINT);
    assert_eq!(reply.body["stage"], 1);
    let docs = reply.body["documents"].as_array().unwrap();
    let media: Vec<&str> = docs
        .iter()
        .map(|d| d["media_type"].as_str().unwrap())
        .collect();
    assert_eq!(media, ["text/html", "application/pdf"]);
    assert_eq!(app.db.store.event_count().await.unwrap(), events_before + 2);
    assert_eq!(reply.body["events"].as_array().unwrap().len(), 2);

    // Each document downloads through the documents route, and its bytes hash to the sha256.
    for d in docs {
        let sha = d["sha256"].as_str().unwrap();
        assert_eq!(d["id"], format!("sha256:{sha}"));
        let content = app
            .send(
                Method::GET,
                &format!("/api/v1/documents/{sha}/content"),
                &app.staff,
                None,
            )
            .await;
        assert_eq!(content.status, StatusCode::OK);
        assert_eq!(Hash::of(&content.bytes).to_string(), sha);
        assert_eq!(content.headers["x-content-sha256"], sha);
        assert_eq!(
            content.headers[header::CONTENT_TYPE],
            d["media_type"].as_str().unwrap()
        );
        assert_eq!(content.bytes.len() as u64, d["size"].as_u64().unwrap());
    }
    let pdf = app
        .send(
            Method::GET,
            &format!(
                "/api/v1/documents/{}/content",
                docs[1]["sha256"].as_str().unwrap()
            ),
            &app.staff,
            None,
        )
        .await;
    assert!(pdf.bytes.starts_with(b"%PDF-1.4"));

    // Two document.added events, evidence for the complaint, written as the caller.
    let recorded = app.letters_recorded().await;
    assert_eq!(
        recorded,
        docs.iter()
            .map(|d| (
                d["id"].as_str().unwrap().to_string(),
                d["media_type"].as_str().unwrap().to_string()
            ))
            .collect::<Vec<_>>()
    );
    let record = app
        .send(
            Method::GET,
            &format!(
                "/api/v1/records/{}/history",
                docs[0]["id"].as_str().unwrap()
            ),
            &app.staff,
            None,
        )
        .await;
    assert_eq!(record.status, StatusCode::OK, "{:#}", record.body);
    let line = record.body.to_string();
    assert!(line.contains("token:complaints-officer"), "{line}");
    assert!(line.contains("complaints_handler"), "{line}");
    assert_eq!(app.files(), 2);

    // The same letter again: the same documents, nothing written.
    let again = app.issue(&app.staff, &completed(letter.clone())).await;
    assert_eq!(again.status, StatusCode::OK, "{:#}", again.body);
    assert_eq!(again.body["already_issued"], true);
    assert_eq!(again.body["documents"], reply.body["documents"]);
    assert_eq!(app.db.store.event_count().await.unwrap(), events_before + 2);
    app.done().await;
}

#[tokio::test]
async fn an_incomplete_letter_is_refused_naming_every_element_and_nothing_is_written() {
    let app = App::clarion().await;
    let draft = app.draft(&app.staff).await;
    let mut letter = draft.body["letter"].clone();
    // Also take away an action's owner and the signature.
    letter["outstanding_actions"][2]["owner"] = "".into();
    letter.as_object_mut().unwrap().remove("signed_by");
    let before = app.db.store.event_count().await.unwrap();

    let reply = app.issue(&app.staff, &letter).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.headers[header::CONTENT_TYPE],
        "application/problem+json"
    );
    assert_eq!(reply.body["code"], "letter_incomplete");
    assert_eq!(
        fields(&reply),
        [
            "definition",
            "decisions[0].decision",
            "decisions[0].reasons",
            "remedy.items[0]",
            "remedy.items[1]",
            "outstanding_actions[2]",
            "signed_by"
        ]
    );
    let reasons: Vec<&str> = reply.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["reason"].as_str().unwrap())
        .collect();
    assert!(reasons[3].contains("by when"), "{reasons:?}");
    assert!(reasons[3].contains("7.3"), "{reasons:?}");
    assert!(reasons[5].contains("owner"), "{reasons:?}");

    // A letter for another complaint sent here is refused too.
    let mut elsewhere = completed(draft.body["letter"].clone());
    elsewhere["complaint"] = "clarion-complaint-2021-11".into();
    let reply = app.issue(&app.staff, &elsewhere).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&reply), ["complaint"]);

    assert_eq!(app.db.store.event_count().await.unwrap(), before);
    assert_eq!(app.files(), 0, "no bytes kept for a refused letter");
    assert!(app.letters_recorded().await.is_empty());
    app.done().await;
}

#[tokio::test]
async fn contractors_operatives_and_residents_may_not_draft_or_issue() {
    let app = App::clarion().await;
    let letter = completed(app.draft(&app.staff).await.body["letter"].clone());
    let before = app.db.store.event_count().await.unwrap();
    for (name, role) in [
        ("contractor", Role::Contractor),
        ("operative", Role::Operative),
        ("resident", Role::Resident),
    ] {
        let token = app.token(name, role).await;
        let reply = app.issue(&token, &letter).await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{name}: {:#}",
            reply.body
        );
        assert_eq!(reply.body["code"], "forbidden");
        assert_eq!(
            app.draft(&token).await.status,
            StatusCode::FORBIDDEN,
            "{name}"
        );
    }
    assert_eq!(app.db.store.event_count().await.unwrap(), before);
    assert_eq!(app.files(), 0);
    // A manager may.
    let manager = app.token("manager", Role::Manager).await;
    assert_eq!(
        app.issue(&manager, &letter).await.status,
        StatusCode::CREATED
    );
    app.done().await;
}

#[tokio::test]
async fn drafts_need_a_stage_and_a_complaint() {
    let app = App::clarion().await;
    let get = |uri: String| {
        let app = &app;
        async move { app.send(Method::GET, &uri, &app.staff, None).await }
    };
    let r = get(format!("/api/v1/complaints/{COMPLAINT}/letter-draft")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&r), ["stage"]);
    let r = get(format!(
        "/api/v1/complaints/{COMPLAINT}/letter-draft?stage=3&date=24-03-2022"
    ))
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(fields(&r), ["stage", "date"]);
    let r = get("/api/v1/complaints/clarion-property/letter-draft?stage=1".to_string()).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{:#}", r.body);
    // Stage 2 on the day of the stage 2 response: the Ombudsman's details, a different handler.
    let r = get(format!(
        "/api/v1/complaints/{COMPLAINT}/letter-draft?stage=2&date=2022-05-20"
    ))
    .await;
    assert_eq!(r.status, StatusCode::OK, "{:#}", r.body);
    assert_eq!(r.body["letter"]["route_onward"]["to"], "ombudsman");
    assert_eq!(
        r.body["letter"]["stage1_handler"],
        "Stage 1 complaints handler"
    );
    // The OpenAPI document lists both routes.
    let doc = get("/api/v1/openapi.json".to_string()).await;
    assert!(doc.body["paths"]["/api/v1/complaints/{id}/letters"]["post"].is_object());
    assert!(doc.body["paths"]["/api/v1/complaints/{id}/letter-draft"]["get"].is_object());
    assert!(doc.body["components"]["schemas"]["ResponseLetter"].is_object());
    app.done().await;
}
