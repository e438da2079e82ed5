//! The API's one error type and its single mapping to `application/problem+json` (RFC 9457).
//!
//! Every client-visible error has a stable snake_case `code` and a problem `type` URI built from
//! it. Validation errors name the field in `errors`. Server-side causes (database, corrupt
//! store) are never shown to the client: the response says only that something went wrong, and
//! the cause travels in the response extensions to [`log_server_errors`], which logs it with the
//! route it happened on.

use std::sync::Arc;

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use homesafe_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// Where problem `type` URIs live: `{PROBLEM_BASE}{code}`.
pub const PROBLEM_BASE: &str = "https://homesafe.example/problems/";

/// The media type of every error response.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One field a request got wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// Where, as a path into the request: `data.property`, `[2].data.tenants[0]`, `limit`;
    /// `(body)` for the request body as a whole, `(event)` for an event as a whole.
    pub field: String,
    /// What is wrong, in words a person can act on.
    pub reason: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// An RFC 9457 problem details object, as every error response carries it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "https://homesafe.example/problems/invalid_event",
    "title": "The event was not accepted",
    "status": 422,
    "detail": "data.property: unknown reference 'prop-9': no such record",
    "code": "invalid_event",
    "errors": [{"field": "data.property", "reason": "unknown reference 'prop-9': no such record"}]
}))]
pub struct Problem {
    /// A URI naming the kind of problem: `https://homesafe.example/problems/{code}`.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// A short summary of the kind of problem; the same for every occurrence of a code.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time.
    pub detail: String,
    /// A stable snake_case code for programs to act on.
    pub code: String,
    /// The fields at fault, for validation errors; otherwise empty.
    pub errors: Vec<FieldError>,
}

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("this request needs an API token: send `Authorization: Bearer <token>`")]
    MissingToken,
    #[error("the API token is not valid: it is unknown or has been revoked")]
    InvalidToken,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    /// The body is not JSON (a syntax error), or not JSON of the expected shape.
    #[error("the request body is not valid JSON: {}", .0.reason)]
    MalformedJson(FieldError),
    #[error("send the request body as JSON with `Content-Type: application/json`")]
    UnsupportedMediaType,
    #[error("the request body is larger than the server accepts")]
    PayloadTooLarge,
    #[error("the query string is not acceptable")]
    InvalidQuery(Vec<FieldError>),
    /// One or more events break the history format's rules; nothing was written.
    #[error("{}", describe(.0))]
    InvalidEvent(Vec<FieldError>),
    /// A response letter missing elements (every one named); nothing was written.
    #[error("the letter cannot be issued: {}", describe(.0))]
    LetterIncomplete(Vec<FieldError>),
    #[error("{0}")]
    Conflict(String),
    /// A server-side failure. The message is for the log only.
    #[error("{0}")]
    Internal(String),
}

fn describe(errors: &[FieldError]) -> String {
    let parts: Vec<String> = errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.reason))
        .collect();
    if parts.is_empty() {
        "the event was not accepted".to_string()
    } else {
        parts.join("; ")
    }
}

impl ApiError {
    pub fn invalid_event(field: impl Into<String>, reason: impl Into<String>) -> Self {
        ApiError::InvalidEvent(vec![FieldError::new(field, reason)])
    }

    pub fn invalid_query(field: impl Into<String>, reason: impl Into<String>) -> Self {
        ApiError::InvalidQuery(vec![FieldError::new(field, reason)])
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        ApiError::Internal(cause.to_string())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::MissingToken | ApiError::InvalidToken => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::MalformedJson(_) | ApiError::InvalidQuery(_) => StatusCode::BAD_REQUEST,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::InvalidEvent(_) | ApiError::LetterIncomplete(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code clients see.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::MissingToken => "missing_token",
            ApiError::InvalidToken => "invalid_token",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not_found",
            ApiError::MethodNotAllowed(_) => "method_not_allowed",
            ApiError::MalformedJson(_) => "malformed_json",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::PayloadTooLarge => "payload_too_large",
            ApiError::InvalidQuery(_) => "invalid_query",
            // The store's own code for the same failure, so the CLI and the API agree.
            ApiError::InvalidEvent(_) => "invalid_event",
            ApiError::LetterIncomplete(_) => "letter_incomplete",
            ApiError::Conflict(_) => "conflict",
            ApiError::Internal(_) => "internal_error",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            ApiError::MissingToken => "An API token is required",
            ApiError::InvalidToken => "The API token is not valid",
            ApiError::Forbidden(_) => "Not allowed for this token's role",
            ApiError::NotFound(_) => "Not found",
            ApiError::MethodNotAllowed(_) => "Method not allowed",
            ApiError::MalformedJson(_) => "The request body is not valid JSON",
            ApiError::UnsupportedMediaType => "Unsupported media type",
            ApiError::PayloadTooLarge => "The request body is too large",
            ApiError::InvalidQuery(_) => "The query string is not acceptable",
            ApiError::InvalidEvent(_) => "The event was not accepted",
            ApiError::LetterIncomplete(_) => "The letter cannot be issued",
            ApiError::Conflict(_) => "Conflict",
            ApiError::Internal(_) => "Internal server error",
        }
    }

    /// The problem object a client receives. Server-side causes are replaced by a fixed text.
    pub fn problem(&self) -> Problem {
        let status = self.status();
        let detail = if status.is_server_error() {
            "Something went wrong on the server. It has been logged; the request may be retried."
                .to_string()
        } else {
            self.to_string()
        };
        let errors = match self {
            ApiError::MalformedJson(e) => vec![e.clone()],
            ApiError::InvalidQuery(errors)
            | ApiError::InvalidEvent(errors)
            | ApiError::LetterIncomplete(errors) => errors.clone(),
            _ => Vec::new(),
        };
        Problem {
            type_uri: format!("{PROBLEM_BASE}{}", self.code()),
            title: self.title().to_string(),
            status: status.as_u16(),
            detail,
            code: self.code().to_string(),
            errors,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid { field, reason, .. } => ApiError::invalid_event(field, reason),
            StoreError::NotFound(what) => ApiError::NotFound(format!("not found: {what}")),
            StoreError::Conflict(what) => ApiError::Conflict(what),
            other => ApiError::Internal(format!("{} ({})", other, other.code())),
        }
    }
}

/// A server-side cause, carried from the response to the logging middleware.
#[derive(Clone)]
struct ServerErrorCause(Arc<str>);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problem = self.problem();
        let status = self.status();
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        match self {
            ApiError::MissingToken => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            ApiError::InvalidToken => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer error=\"invalid_token\""),
                );
            }
            ApiError::Internal(cause) => {
                response
                    .extensions_mut()
                    .insert(ServerErrorCause(cause.into()));
            }
            _ => {}
        }
        response
    }
}

/// Logs the cause of every 500-class response, with the method and route (never the raw URI:
/// paths hold record ids, and residents' data is never logged).
pub async fn log_server_errors(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "(unmatched)".to_string());
    let response = next.run(request).await;
    if let Some(ServerErrorCause(cause)) = response.extensions().get::<ServerErrorCause>() {
        tracing::error!(
            http.method = %method,
            http.route = %route,
            http.status = response.status().as_u16(),
            error.cause = %cause,
            "request failed on the server"
        );
    }
    response
}
