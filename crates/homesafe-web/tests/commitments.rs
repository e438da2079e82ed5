//! Commitments through the JSON API (requirements R9, R14): every promise's fate at a moment and
//! the promised-vs-done table, replaying the Clarion case (Housing Ombudsman 202208650) through
//! the real router with a fresh database per test. Runs on SQLite, or on PostgreSQL when
//! `HOMESAFE_TEST_POSTGRES` names a server.
#![allow(clippy::unwrap_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use homesafe_core::history::Role;
use homesafe_store::testing::TestDb;
use serde_json::{Value, json};
use tower::ServiceExt;

const CLARION: &str = include_str!("../../../examples/cases/clarion-202208650.jsonl");

/// The real router over a fresh database holding the Clarion case, and a staff token.
struct App {
    db: TestDb,
    router: Router,
    token: String,
}

#[derive(Debug)]
struct Reply {
    status: StatusCode,
    headers: HeaderMap,
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
        let token = db
            .store
            .create_token("complaints-team", Role::Staff, "test")
            .await
            .unwrap()
            .secret;
        let router = homesafe_web::router_with_documents(
            db.store.clone(),
            homesafe_store::DocumentStore::new(
                std::env::temp_dir()
                    .join(format!("homesafe-commitments-docs-{}", std::process::id())),
            ),
        );
        App { db, router, token }
    }

    async fn get_as(&self, uri: &str, token: Option<&str>) -> Reply {
        let mut request = Request::builder().method(Method::GET).uri(uri);
        if let Some(t) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let response = self
            .router
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        Reply {
            status,
            headers,
            body,
        }
    }

    /// A GET with the staff token that must succeed.
    async fn ok(&self, uri: &str) -> Value {
        let reply = self.get_as(uri, Some(&self.token)).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}: {:#}", reply.body);
        reply.body
    }

    /// A GET with the staff token that must be a 400 `invalid_query`; the fields named, in order.
    async fn refused(&self, uri: &str) -> Vec<String> {
        let reply = self.get_as(uri, Some(&self.token)).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{uri}: {:#}",
            reply.body
        );
        assert_eq!(
            reply.headers[header::CONTENT_TYPE],
            "application/problem+json"
        );
        assert_eq!(reply.body["code"], "invalid_query", "{:#}", reply.body);
        let errors = reply.body["errors"].as_array().unwrap();
        for e in errors {
            assert!(
                e["reason"].as_str().is_some_and(|r| !r.is_empty()),
                "{uri}: {e}"
            );
        }
        errors
            .iter()
            .map(|e| e["field"].as_str().unwrap().to_string())
            .collect()
    }
}

fn month(v: &Value) -> String {
    v.as_str().unwrap().chars().take(7).collect()
}

/// A row as the Ombudsman's table gives it: root, origin, month raised, the months said (each
/// once, in the order said) and the month done.
fn months(row: &Value) -> (String, String, String, Vec<String>, Option<String>) {
    let mut said: Vec<String> = Vec::new();
    for s in row["said"].as_array().unwrap() {
        let m = month(&s["due"]);
        if !said.contains(&m) {
            said.push(m);
        }
    }
    (
        row["root"].as_str().unwrap().to_string(),
        row["origin"].as_str().unwrap().to_string(),
        month(&row["raised"]),
        said,
        row["done"].get("on").map(month),
    )
}

fn row(
    root: &str,
    origin: &str,
    raised: &str,
    said: &[&str],
    done: Option<&str>,
) -> (String, String, String, Vec<String>, Option<String>) {
    (
        root.into(),
        origin.into(),
        raised.into(),
        said.iter().map(|s| s.to_string()).collect(),
        done.map(String::from),
    )
}

#[tokio::test]
async fn by_the_determination_every_clarion_promise_was_broken() {
    let app = App::clarion().await;
    // The Ombudsman's determination, 11 August 2023: stage 1's eight promises and stage 2's
    // three, not one kept.
    let body = app.ok("/api/v1/commitment-fates?as_of=2023-08-11").await;
    assert_eq!(
        body["as_of"], "2023-08-11T23:00:00Z",
        "the end of the London day"
    );
    assert_eq!(
        body["counts"],
        json!({"broken": 11, "at_risk": 0, "unverified": 0, "open": 0, "kept": 0})
    );
    let fates = body["commitments"].as_array().unwrap();
    assert_eq!(fates.len(), 11);
    assert!(fates.iter().all(|f| f["fate"] == "broken"), "{body:#}");
    // Most urgent first: among the broken, the longest overdue first.
    let due: Vec<&str> = fates
        .iter()
        .map(|f| f["due_at"].as_str().unwrap())
        .collect();
    let mut sorted = due.clone();
    sorted.sort();
    assert_eq!(due, sorted);
    let cavity = fates
        .iter()
        .find(|f| f["commitment"] == "clarion-com-s1-cavity")
        .unwrap_or_else(|| panic!("no cavity wall promise in {body:#}"));
    assert!(
        cavity["reasons"][0]
            .as_str()
            .unwrap()
            .starts_with("Broken: due 7 April 2022"),
        "{cavity:#}"
    );
    assert_eq!(cavity["source"], "clarion-complaint-2022-03");
    assert_eq!(cavity["records"][0], "clarion-com-s1-cavity");
    // The repointing on 8 July 2022: four dates said, the last 7 July, and the job raised for it
    // cancelled with nothing replacing it.
    let july = app
        .ok("/api/v1/commitment-fates?as_of=2022-07-08&fate=broken")
        .await;
    let repoint = july["commitments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["commitment"] == "clarion-com-s1-repointing")
        .unwrap_or_else(|| panic!("repointing not broken in {july:#}"));
    assert_eq!(repoint["rescheduled_from"].as_array().unwrap().len(), 3);
    assert!(
        repoint["works"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["works_order"] == "clarion-wo-repoint-2022-06" && w["state"] == "cancelled"),
        "{repoint:#}"
    );

    // A filter keeps the counts whole; several fates may be asked for at once.
    let kept = app
        .ok("/api/v1/commitment-fates?as_of=2023-08-11&fate=kept,open")
        .await;
    assert_eq!(kept["commitments"], json!([]));
    assert_eq!(kept["counts"]["broken"], 11);
    let broken = app
        .ok("/api/v1/commitment-fates?as_of=2023-08-11&fate=broken")
        .await;
    assert_eq!(broken["commitments"].as_array().unwrap().len(), 11);

    // Before the complaint, nothing had been promised. The day after the stage 2 response
    // (20 May 2022), which claimed the cavity wall done with nothing to show for it: that claim
    // unverified, stage 1's other promises broken, stage 2's new ones not yet due — most
    // urgent first.
    let before = app.ok("/api/v1/commitment-fates?as_of=2022-01-01").await;
    assert_eq!(before["commitments"], json!([]));
    let then = app.ok("/api/v1/commitment-fates?as_of=2022-05-21").await;
    let fates = then["commitments"].as_array().unwrap();
    let seen: Vec<(&str, &str)> = fates
        .iter()
        .map(|f| {
            (
                f["commitment"].as_str().unwrap(),
                f["fate"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("clarion-com-s1-french-drain", "broken"),
            ("clarion-com-s1-fan", "broken"),
            ("clarion-com-s1-vermin", "broken"),
            ("clarion-com-s1-boxing", "broken"),
            ("clarion-com-s1-leaks", "broken"),
            ("clarion-com-s1-repointing", "broken"),
            ("clarion-com-s1-cavity", "unverified"),
            ("clarion-com-s1-vinyl", "open"),
            ("clarion-com-s2-kitchen-cupboards", "open"),
            ("clarion-com-s2-decant", "open"),
            ("clarion-com-s2-manager-visit", "open"),
        ]
    );
    assert_eq!(
        then["counts"],
        json!({"broken": 6, "at_risk": 0, "unverified": 1, "open": 4, "kept": 0})
    );
    app.db.drop_db().await;
}

#[tokio::test]
async fn the_clarion_complaint_table_has_the_reports_rows() {
    let app = App::clarion().await;
    let body = app
        .ok("/api/v1/promised-vs-done?complaint=clarion-complaint-2022-03")
        .await;
    assert_eq!(
        body["scope"],
        json!({"kind": "complaint", "id": "clarion-complaint-2022-03"})
    );
    let rows: Vec<_> = body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(months)
        .collect();
    // The Ombudsman's table (202208650 ¶11), as far as the complaint's promises reach it, and the
    // promises with no works order at all (vermin, the decant decision, the manager's visit).
    assert_eq!(
        rows,
        [
            row(
                "clarion-wo-french-drain-2022-03",
                "works_order",
                "2022-03",
                &["2022-03"],
                None
            ),
            row(
                "clarion-wo-stage1-works-2022-03",
                "works_order",
                "2022-03",
                &["2022-04", "2022-05"],
                None
            ),
            row(
                "clarion-wo-cavity-2022-03-17",
                "works_order",
                "2022-03",
                &["2022-04"],
                None
            ),
            row(
                "clarion-wo-repoint-2022-03-17",
                "works_order",
                "2022-03",
                &["2022-04", "2022-05", "2022-06", "2022-07"],
                None
            ),
            row(
                "clarion-com-s1-vermin",
                "promise",
                "2022-03",
                &["2022-04"],
                None
            ),
            row(
                "clarion-rep-bathroom-floor-2022-04-13",
                "report",
                "2022-04",
                &["2022-05"],
                Some("2023-07")
            ),
            row(
                "clarion-rep-boxing-2022-04-13",
                "report",
                "2022-04",
                &["2022-05"],
                None
            ),
            row(
                "clarion-wo-kitchen-cupboards-2022-05",
                "works_order",
                "2022-05",
                &["2022-05"],
                None
            ),
            row(
                "clarion-com-s2-decant",
                "promise",
                "2022-05",
                &["2022"],
                None
            ),
            row(
                "clarion-com-s2-manager-visit",
                "promise",
                "2022-05",
                &["2022"],
                None
            ),
        ]
    );
    let rows = body["rows"].as_array().unwrap();
    // Dates keep the precision they were given: the decant decision was promised for "2022".
    assert_eq!(rows[8]["said"][0]["due"], "2022");
    assert_eq!(rows[8]["state"], Value::Null, "no works order was raised");
    // The one row done was done without evidence or the resident's confirmation.
    assert_eq!(rows[5]["done"]["verified"], false);
    assert_eq!(rows[5]["state"], "unverified");

    // The same rows of the report's table from the home's table.
    let home = app
        .ok("/api/v1/promised-vs-done?home=clarion-property&as_of=2023-08-11")
        .await;
    assert_eq!(
        home["scope"],
        json!({"kind": "property", "id": "clarion-property"})
    );
    let home_rows: Vec<_> = home["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(months)
        .collect();
    for expected in [
        row(
            "clarion-rep-vermin-2022-03-03",
            "report",
            "2022-03",
            &[],
            None,
        ),
        row(
            "clarion-wo-cavity-2022-03-17",
            "works_order",
            "2022-03",
            &["2022-04"],
            None,
        ),
        row(
            "clarion-rep-bathroom-floor-2022-04-13",
            "report",
            "2022-04",
            &["2022-05"],
            Some("2023-07"),
        ),
    ] {
        assert!(
            home_rows.contains(&expected),
            "{expected:?} in {home_rows:#?}"
        );
    }

    // The household's table: its tenancy's home, from the start of the tenancy.
    let household = app
        .ok("/api/v1/promised-vs-done?tenancy=clarion-tenancy")
        .await;
    assert_eq!(household["scope"]["kind"], "household");
    assert!(!household["rows"].as_array().unwrap().is_empty());

    // As the record stood before the complaint, it had promised nothing.
    let early = app
        .ok("/api/v1/promised-vs-done?complaint=clarion-complaint-2022-03&as_of=2022-01-01")
        .await;
    assert_eq!(early["rows"], json!([]));
    app.db.drop_db().await;
}

#[tokio::test]
async fn bad_queries_are_refused_naming_the_field_and_no_token_is_401() {
    let app = App::clarion().await;
    let pvd = "/api/v1/promised-vs-done";
    for (query, fields) in [
        ("", vec!["(query)"]),
        ("?as_of=2023-08-11", vec!["(query)"]),
        (
            "?home=clarion-property&complaint=clarion-complaint-2022-03",
            vec!["home", "complaint"],
        ),
        ("?home=clarion-property&room=kitchen", vec!["room"]),
        ("?complaint=not%20an%20id", vec!["complaint"]),
        ("?complaint=clarion-complaint-1999", vec!["complaint"]),
        ("?home=clarion-complaint-2022-03", vec!["home"]),
        ("?tenancy=clarion-property", vec!["tenancy"]),
        ("?home=", vec!["home"]),
        ("?home=clarion-property&as_of=11/08/2023", vec!["as_of"]),
    ] {
        assert_eq!(
            app.refused(&format!("{pvd}{query}")).await,
            fields,
            "{query}"
        );
    }
    let fates = "/api/v1/commitment-fates";
    for (query, fields) in [
        ("?fate=late", vec!["fate"]),
        ("?fate=broken,nope", vec!["fate"]),
        ("?as_of=yesterday", vec!["as_of"]),
        ("?as_of=yesterday&fate=late", vec!["as_of", "fate"]),
        ("?complaint=clarion-complaint-2022-03", vec!["complaint"]),
    ] {
        assert_eq!(
            app.refused(&format!("{fates}{query}")).await,
            fields,
            "{query}"
        );
    }
    // What a reason says.
    let reply = app
        .get_as(
            &format!("{pvd}?home=clarion-complaint-2022-03"),
            Some(&app.token),
        )
        .await;
    assert_eq!(
        reply.body["errors"][0]["reason"],
        "no property 'clarion-complaint-2022-03': it is a complaint record"
    );
    let reply = app
        .get_as(&format!("{fates}?fate=late"), Some(&app.token))
        .await;
    assert!(
        reply.body["errors"][0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("'late' is not a fate: use broken, at_risk"),
        "{:#}",
        reply.body
    );

    for uri in [
        "/api/v1/commitment-fates",
        "/api/v1/promised-vs-done?complaint=clarion-complaint-2022-03",
    ] {
        let reply = app.get_as(uri, None).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(reply.body["code"], "missing_token");
        let reply = app.get_as(uri, Some("hs_not_a_real_token")).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(reply.body["code"], "invalid_token");
    }
    app.db.drop_db().await;
}

#[tokio::test]
async fn the_openapi_document_describes_both_paths_as_served() {
    let app = App::clarion().await;
    let doc = app.get_as("/api/v1/openapi.json", None).await.body;
    for (path, schema, params) in [
        (
            "/api/v1/commitment-fates",
            "CommitmentFateList",
            vec!["as_of", "fate"],
        ),
        (
            "/api/v1/promised-vs-done",
            "PromisedVsDone",
            vec!["home", "complaint", "tenancy", "as_of"],
        ),
    ] {
        let get = &doc["paths"][path]["get"];
        assert_eq!(get["security"], json!([{"bearer": []}]), "{path}");
        assert_eq!(
            get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            format!("#/components/schemas/{schema}")
        );
        assert_eq!(
            get["responses"]["400"]["content"]["application/problem+json"]["schema"]["$ref"],
            "#/components/schemas/Problem"
        );
        let named: Vec<&str> = get["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(named, params, "{path}");
    }

    // Each hand-written schema names exactly the fields the server sends, all required.
    let fates = app.ok("/api/v1/commitment-fates?as_of=2023-08-11").await;
    let table = app
        .ok("/api/v1/promised-vs-done?complaint=clarion-complaint-2022-03")
        .await;
    let fate = &fates["commitments"][0];
    for (name, sent) in [
        ("CommitmentFateList", &fates),
        ("CommitmentFate", fate),
        ("WorkFate", &fate["works"][0]),
        ("FateCounts", &fates["counts"]),
        ("PromisedVsDone", &table),
        ("PromisedVsDoneScope", &table["scope"]),
        ("PromisedVsDoneRow", &table["rows"][0]),
    ] {
        let schema = &doc["components"]["schemas"][name];
        let mut described: Vec<&str> = schema["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("no schema {name}"))
            .keys()
            .map(String::as_str)
            .collect();
        described.sort();
        let mut required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        required.sort();
        let mut keys: Vec<&str> = sent
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(keys, described, "{name}");
        assert_eq!(required, described, "{name}");
    }
    let fate_enum = &doc["components"]["schemas"]["CommitmentFate"]["properties"]["fate"]["enum"];
    assert_eq!(
        *fate_enum,
        json!(["broken", "at_risk", "unverified", "open", "kept"])
    );
    app.db.drop_db().await;
}
