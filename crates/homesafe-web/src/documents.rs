//! Document bytes through the API: upload a photo, report, letter or invoice and the record
//! gains a `document.added` event naming its SHA-256; download it back, checked against that
//! hash. The bytes are on disk (synced) before the event is written, so the record never
//! acknowledges a document it does not hold.

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use homesafe_core::documents::{DocumentAdded, id_for_sha256};
use homesafe_core::events::EventData;
use homesafe_core::history::{Draft, HistoryTime, RecordId};
use serde_json::Value;

use crate::AppState;
use crate::auth::{Caller, check_write};
use crate::error::{ApiError, FieldError};
use crate::extract::{ApiPath, ApiQuery};

/// The largest document the API accepts in one request.
pub const MAX_DOCUMENT_BYTES: usize = 25 * 1024 * 1024;

fn query_error(field: &str, reason: impl Into<String>) -> ApiError {
    ApiError::InvalidQuery(vec![FieldError::new(field, reason)])
}

/// Upload a document.
#[utoipa::path(
    post,
    path = "/api/v1/documents",
    tag = "documents",
    operation_id = "upload_document",
    params(
        ("title" = String, Query, description = "What the document is, e.g. `Photo of mould behind the cooker`"),
        ("filename" = Option<String>, Query, description = "The original file name"),
        ("evidences" = Option<String>, Query, description = "Comma-separated ids of the records it is evidence for"),
    ),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The bytes; send the real media type as `Content-Type` (e.g. image/jpeg, application/pdf)"),
    responses(
        (status = 201, description = "Stored and recorded: the `document.added` event as it now appears in the history"),
        (status = 200, description = "These exact bytes were already recorded: the existing record's id"),
        (status = 400, description = "Missing title or content type, or an empty body", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "An `evidences` id is unknown", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn upload_document(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiQuery(params): ApiQuery,
    body: Bytes,
) -> Result<Response, ApiError> {
    check_write(&caller)?;
    let (title, filename, evidences) = parse_upload_query(params)?;
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.contains('/'))
        .ok_or_else(|| {
            query_error(
                "Content-Type",
                "send the document's media type, e.g. image/jpeg",
            )
        })?
        .to_string();
    if body.is_empty() {
        return Err(ApiError::invalid_event("(body)", "the document is empty"));
    }
    let docs = state.documents.clone();
    let bytes = body.clone();
    let stored = tokio::task::spawn_blocking(move || docs.put(&bytes))
        .await
        .map_err(|e| ApiError::Internal(format!("document write task: {e}")))??;
    let id = id_for_sha256(&stored.sha256)
        .ok_or_else(|| ApiError::Internal("a SHA-256 made an invalid record id".into()))?;
    if state.store.record(&id).await?.is_some() {
        let existing = serde_json::json!({ "id": id.as_str(), "sha256": stored.sha256, "already_recorded": true });
        return Ok((StatusCode::OK, Json(existing)).into_response());
    }
    let data = EventData::DocumentAdded(DocumentAdded {
        media_type,
        title,
        filename,
        size: Some(stored.size),
        held: true,
        evidences,
    });
    data.check()
        .map_err(|inv| ApiError::invalid_event(format!("data.{}", inv.field), inv.reason))?;
    let draft = Draft {
        id: None,
        subject: id,
        at: HistoryTime::now(),
        recorded: None,
        actor: caller.actor(),
        reason: None,
        corrects: None,
        data,
    };
    let appended = state.store.append(vec![draft]).await?;
    let line: Value = appended
        .events
        .first()
        .map(|e| serde_json::from_str(&e.line()).unwrap_or(Value::Null))
        .unwrap_or(Value::Null);
    Ok((StatusCode::CREATED, Json(line)).into_response())
}

fn parse_upload_query(
    mut params: BTreeMap<String, String>,
) -> Result<(String, Option<String>, Vec<RecordId>), ApiError> {
    let title = params
        .remove("title")
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| query_error("title", "say what the document is"))?;
    let filename = params.remove("filename").filter(|f| !f.is_empty());
    let mut evidences = Vec::new();
    if let Some(list) = params.remove("evidences") {
        for (i, raw) in list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .enumerate()
        {
            evidences.push(
                RecordId::parse(raw)
                    .map_err(|e| query_error(&format!("evidences[{i}]"), e.to_string()))?,
            );
        }
    }
    if let Some(unknown) = params.keys().next() {
        return Err(query_error(
            unknown,
            "not a parameter of this request (title, filename, evidences)",
        ));
    }
    Ok((title, filename, evidences))
}

/// Download a held document's bytes.
#[utoipa::path(
    get,
    path = "/api/v1/documents/{sha256}/content",
    tag = "documents",
    operation_id = "document_content",
    params(("sha256" = String, Path, description = "The document's SHA-256, 64 lower-case hex digits")),
    responses(
        (status = 200, description = "The bytes, with their media type and an `X-Content-SHA256` header"),
        (status = 404, description = "No such document held", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn document_content(
    State(state): State<AppState>,
    _caller: Caller,
    ApiPath(sha256): ApiPath,
) -> Result<Response, ApiError> {
    let id = id_for_sha256(&sha256)
        .filter(|id| homesafe_core::documents::sha256_of(id).is_some())
        .ok_or_else(|| ApiError::NotFound(format!("'{sha256}' is not a SHA-256")))?;
    let record = state
        .store
        .record(&id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no document {sha256} in the record")))?;
    let docs = state.documents.clone();
    let hex = sha256.clone();
    let bytes = tokio::task::spawn_blocking(move || docs.get(&hex))
        .await
        .map_err(|e| ApiError::Internal(format!("document read task: {e}")))??
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "document {sha256} is recorded but its bytes are not held here"
            ))
        })?;
    let media_type = record
        .fields
        .get("media_type")
        .and_then(Value::as_str)
        .unwrap_or("application/octet-stream");
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(media_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&sha256) {
        headers.insert("x-content-sha256", v);
    }
    Ok(response)
}
