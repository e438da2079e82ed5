//! Reads: a record's current state, its chronology, a collection per kind of record, a summary.
//! Special category records are checked against the caller's role and every read of one is
//! written to the access log before the response leaves (see `auth`).

use std::collections::{BTreeMap, BTreeSet};

use axum::Json;
use axum::extract::State;
use homesafe_core::events::{EventData, SubjectRule};
use homesafe_core::history::RecordId;
use homesafe_core::records::RecordState;
use homesafe_core::references::RecordKind;
use homesafe_store::RecordQuery;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::{Caller, check_read_kind, disclose, may_read_special_category};
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::ApiPath;
use crate::openapi::HistoryLine;

/// Page size when `limit` is not given.
pub const DEFAULT_LIMIT: u32 = 100;
/// The largest page.
pub const MAX_LIMIT: u32 = 1000;

/// The collection path segment for a kind: the hyphenated plural of its name.
pub fn collection(kind: RecordKind) -> &'static str {
    use RecordKind as K;
    match kind {
        K::Landlord => "landlords",
        K::Estate => "estates",
        K::Block => "blocks",
        K::Component => "components",
        K::Property => "properties",
        K::Person => "people",
        K::Tenancy => "tenancies",
        K::Representative => "representatives",
        K::Vulnerability => "vulnerabilities",
        K::Adjustment => "adjustments",
        K::Report => "reports",
        K::WorksOrder => "works-orders",
        K::Appointment => "appointments",
        K::Hazard => "hazards",
        K::Survey => "surveys",
        K::Recommendation => "recommendations",
        K::Document => "documents",
        K::Contact => "contacts",
        K::Contractor => "contractors",
        K::Operative => "operatives",
        K::Quote => "quotes",
        K::Invoice => "invoices",
        K::Complaint => "complaints",
        K::Remedy => "remedies",
        K::Commitment => "commitments",
        K::OmbudsmanCase => "ombudsman-cases",
        K::OmbudsmanOrder => "ombudsman-orders",
        K::LegalCase => "legal-cases",
        K::ConductCase => "conduct-cases",
    }
}

/// One page of a collection.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordList {
    /// Current state of each record, ordered by id.
    pub records: Vec<RecordState>,
    /// Pass as `after` to get the next page; `null` when this is the last page.
    pub next: Option<RecordId>,
}

/// A record's chronology.
#[derive(Debug, Serialize, ToSchema)]
pub struct Chronology {
    /// The record asked about.
    pub record: RecordId,
    /// Every event about the record — for a property, about the property and every record
    /// that belongs to it — in history order, each exactly as in the history file.
    #[schema(value_type = Vec<HistoryLine>)]
    pub events: Vec<Value>,
}

/// How much the record holds.
#[derive(Debug, Serialize, ToSchema)]
pub struct Summary {
    /// Events in the history.
    pub events: u64,
    /// Current records of each kind (every kind is listed, with 0 if there are none).
    pub records: BTreeMap<String, i64>,
}

fn short(s: &str) -> String {
    s.chars().take(100).collect()
}

/// Loads a record, as a `kind` if given: a record of another kind is not found.
async fn load(
    state: &AppState,
    id: &str,
    kind: Option<RecordKind>,
) -> Result<RecordState, ApiError> {
    let not_found = || {
        ApiError::NotFound(format!(
            "no {} '{}'",
            kind.map_or("record", |k| k.as_str()),
            short(id)
        ))
    };
    let id = RecordId::parse(id).map_err(|_| not_found())?;
    let record = state.store.record(&id).await?.ok_or_else(not_found)?;
    if kind.is_some_and(|k| k != record.kind) {
        return Err(not_found());
    }
    Ok(record)
}

/// A record's current state.
///
/// Ids may contain `/`: percent-encode it (`WO%2F2022%2F00123`).
#[utoipa::path(
    get,
    path = "/api/v1/records/{id}",
    tag = "records",
    operation_id = "get_record",
    params(("id" = RecordId, Path, description = "The record's id, percent-encoded")),
    responses(
        (status = 200, description = "The record's current state", body = RecordState),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Special category data the token's role may not read", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_record(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath,
) -> Result<Json<RecordState>, ApiError> {
    let record = load(&state, &id, None).await?;
    disclose(&state, &caller, &[&record]).await?;
    Ok(Json(record))
}

/// A record's chronology: every event about it, in history order.
///
/// For a property, this is everything that belongs to the home. Events about special category
/// records are left out for roles that may not read them, and logged as read for the others.
#[utoipa::path(
    get,
    path = "/api/v1/records/{id}/history",
    tag = "records",
    operation_id = "get_record_history",
    params(("id" = RecordId, Path, description = "The record's id, percent-encoded")),
    responses(
        (status = 200, description = "The chronology", body = Chronology),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Special category data the token's role may not read", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_history(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath,
) -> Result<Json<Chronology>, ApiError> {
    let record = load(&state, &id, None).await?;
    check_read_kind(&caller, record.kind)?;
    let entries = state.store.history_of(&record.id).await?;
    let mut events = Vec::with_capacity(entries.len());
    // Other special category records whose events this chronology shows.
    let mut shown: BTreeSet<RecordId> = BTreeSet::new();
    for entry in entries {
        let subject = entry
            .line
            .get("subject")
            .and_then(Value::as_str)
            .and_then(|s| RecordId::parse(s).ok())
            .ok_or_else(|| {
                ApiError::internal(format!(
                    "history entry {} has no readable subject",
                    entry.seq
                ))
            })?;
        if subject != record.id
            && subject_kind(&state, &subject, &entry.line)
                .await?
                .is_special_category()
        {
            if !may_read_special_category(caller.role) {
                continue;
            }
            shown.insert(subject);
        }
        events.push(entry.line);
    }
    let mut disclosed = vec![record.clone()];
    for id in shown {
        if let Some(other) = state.store.record(&id).await? {
            disclosed.push(other);
        }
    }
    disclose(&state, &caller, &disclosed.iter().collect::<Vec<_>>()).await?;
    Ok(Json(Chronology {
        record: record.id,
        events,
    }))
}

/// The kind of record a history line is about, from its event type (or, for a voiding
/// correction, which can be about any record, from the record itself).
async fn subject_kind(
    state: &AppState,
    subject: &RecordId,
    line: &Value,
) -> Result<RecordKind, ApiError> {
    let tagged = serde_json::json!({ "type": line.get("type"), "data": line.get("data") });
    let data: EventData = serde_json::from_value(tagged).map_err(ApiError::internal)?;
    match data.subject_rule() {
        SubjectRule::Creates(kind) | SubjectRule::Changes(kind) => Ok(kind),
        SubjectRule::ChangesAny => match state.store.record(subject).await? {
            Some(r) => Ok(r.kind),
            // Voided at birth: nothing of it is current. Treat it as sensitive to be safe.
            None => Ok(RecordKind::Vulnerability),
        },
    }
}

/// Parses the collection query string, naming every parameter at fault.
fn list_query(kind: RecordKind, params: BTreeMap<String, String>) -> Result<RecordQuery, ApiError> {
    let mut query = RecordQuery {
        kind: Some(kind),
        limit: DEFAULT_LIMIT,
        ..RecordQuery::default()
    };
    let mut errors = Vec::new();
    for (name, value) in params {
        let mut error = |reason: String| errors.push(FieldError::new(name.clone(), reason));
        if value.is_empty() && name != "status" {
            error("empty: leave the parameter out instead".into());
            continue;
        }
        match name.as_str() {
            "property" | "after" => match RecordId::parse(value) {
                Ok(id) if name == "property" => query.property = Some(id),
                Ok(id) => query.after = Some(id),
                Err(e) => error(e.to_string()),
            },
            "status" => match value.len() {
                1..=60 => query.status = Some(value),
                _ => error(
                    "a status is 1 to 60 characters, e.g. open, closed, stage1_received".into(),
                ),
            },
            "limit" => match value.parse::<u32>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => query.limit = n,
                _ => error(format!(
                    "'{}' is not a page size: a whole number from 1 to {MAX_LIMIT}",
                    short(&value)
                )),
            },
            _ => error("unknown parameter: use property, status, after or limit".into()),
        }
    }
    if errors.is_empty() {
        Ok(query)
    } else {
        Err(ApiError::InvalidQuery(errors))
    }
}

/// `GET /api/v1/{collection}`: one page of the records of `kind`.
pub async fn list_kind(
    kind: RecordKind,
    state: AppState,
    caller: Caller,
    params: BTreeMap<String, String>,
) -> Result<Json<RecordList>, ApiError> {
    check_read_kind(&caller, kind)?;
    let query = list_query(kind, params)?;
    let page = state.store.records(&query).await?;
    disclose(&state, &caller, &page.records.iter().collect::<Vec<_>>()).await?;
    Ok(Json(RecordList {
        records: page.records,
        next: page.next,
    }))
}

/// `GET /api/v1/{collection}/{id}`: one record of `kind`; another kind's record is not found.
pub async fn get_kind(
    kind: RecordKind,
    state: AppState,
    caller: Caller,
    id: String,
) -> Result<Json<RecordState>, ApiError> {
    let record = load(&state, &id, Some(kind)).await?;
    disclose(&state, &caller, &[&record]).await?;
    Ok(Json(record))
}

/// Counts of current records by kind, and of events.
#[utoipa::path(
    get,
    path = "/api/v1/summary",
    tag = "records",
    operation_id = "get_summary",
    responses(
        (status = 200, description = "Counts", body = Summary),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn summary(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<Json<Summary>, ApiError> {
    let mut records: BTreeMap<String, i64> = RecordKind::ALL
        .iter()
        .map(|k| (k.as_str().to_string(), 0))
        .collect();
    records.extend(state.store.counts().await?);
    let events = state.store.event_count().await?;
    Ok(Json(Summary { events, records }))
}

/// Documents the collection routes: one template, copied per kind by `openapi::collections`.
#[utoipa::path(
    get,
    path = "/api/v1/{collection}",
    params(
        ("property" = Option<RecordId>, Query, description = "Only records belonging to this property"),
        ("status" = Option<String>, Query, description = "Only records with this status (e.g. `open`, `stage1_received`)"),
        ("after" = Option<RecordId>, Query, description = "The `next` cursor from the previous page: records with ids after this one"),
        ("limit" = Option<u32>, Query, minimum = 1, maximum = 1000, description = "Page size, 1 to 1000 (default 100)"),
    ),
    responses(
        (status = 200, description = "One page, ordered by id", body = RecordList),
        (status = 400, description = "A query parameter is not acceptable; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Special category data the token's role may not read", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[allow(dead_code)]
pub(crate) fn list_template() {}

/// Documents the per-kind item routes (see [`list_template`]).
#[utoipa::path(
    get,
    path = "/api/v1/{collection}/{id}",
    params(("id" = RecordId, Path, description = "The record's id, percent-encoded")),
    responses(
        (status = 200, description = "The record's current state", body = RecordState),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Special category data the token's role may not read", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No record of this kind with this id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[allow(dead_code)]
pub(crate) fn get_template() {}
