//! HomeSafe's HTTP layer: the JSON API under `/api/v1` (OpenAPI at `/api/v1/openapi.json`),
//! `GET /healthz`. A thin layer: parse, authorise, call the store, map errors once.
//! Conventions are written down in `docs/api.md`.
#![forbid(unsafe_code)]

pub mod alerts;
pub mod auth;
pub mod commitments;
mod documents;
pub mod error;
mod events;
mod extract;
pub mod letters;
pub mod openapi;
mod records;
pub mod recurrence;
pub mod remedies;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::middleware;
use axum::routing::{get, post};
use homesafe_core::references::RecordKind;
use homesafe_store::{DocumentStore, Store};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{ApiPath, ApiQuery};

pub use crate::records::collection;

/// Shared state for handlers.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Where document bytes are kept.
    pub documents: DocumentStore,
}

/// The documents folder: `HOMESAFE_DOCUMENTS_DIR`, or `./documents`.
pub fn default_documents() -> DocumentStore {
    DocumentStore::new(
        std::env::var("HOMESAFE_DOCUMENTS_DIR").unwrap_or_else(|_| "documents".into()),
    )
}

/// The whole application router, keeping documents in the default folder.
pub fn router(store: Store) -> Router {
    router_with_documents(store, default_documents())
}

/// The whole application router.
pub fn router_with_documents(store: Store, documents: DocumentStore) -> Router {
    let mut api = Router::new()
        .route("/events", post(events::append_events))
        .route(
            "/documents",
            post(documents::upload_document).layer(axum::extract::DefaultBodyLimit::max(
                documents::MAX_DOCUMENT_BYTES,
            )),
        )
        .route(
            "/documents/{sha256}/content",
            get(documents::document_content),
        )
        .route(
            "/complaints/{id}/letter-draft",
            get(letters::get_letter_draft),
        )
        .route("/complaints/{id}/letters", post(letters::issue_letter))
        .route("/records/{id}", get(records::get_record))
        .route("/records/{id}/history", get(records::get_history))
        .route("/summary", get(records::summary))
        .route("/alerts", get(alerts::get_alerts))
        .route("/rules", get(alerts::get_rules))
        .route("/commitment-fates", get(commitments::get_commitment_fates))
        .route("/promised-vs-done", get(commitments::get_promised_vs_done))
        .route("/remedy-ledger", get(remedies::get_remedy_ledger))
        .route("/recurrence", get(recurrence::get_recurrence))
        .route("/alert-counts", get(alerts::get_alert_counts))
        .route("/openapi.json", get(openapi::openapi_json));
    for kind in RecordKind::ALL {
        let plural = collection(kind);
        api = api
            .route(
                &format!("/{plural}"),
                get(
                    move |State(state): State<AppState>,
                          caller: Caller,
                          ApiQuery(params): ApiQuery| {
                        records::list_kind(kind, state, caller, params)
                    },
                ),
            )
            .route(
                &format!("/{plural}/{{id}}"),
                get(
                    move |State(state): State<AppState>, caller: Caller, ApiPath(id): ApiPath| {
                        records::get_kind(kind, state, caller, id)
                    },
                ),
            );
    }
    let api = api
        .fallback(|| async {
            ApiError::NotFound("no such API path: see /api/v1/openapi.json".into())
        })
        .method_not_allowed_fallback(|| async {
            ApiError::MethodNotAllowed(
                "this path does not accept that method: see /api/v1/openapi.json".into(),
            )
        });
    Router::new()
        .route("/healthz", get(healthz))
        .nest("/api/v1", api)
        .layer(middleware::from_fn(error::log_server_errors))
        .with_state(AppState { store, documents })
}

/// Whether the server and its database answer. No authentication.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "meta",
    operation_id = "healthz",
    responses(
        (status = 200, description = "The database answers", body = String, content_type = "text/plain"),
        (status = 503, description = "The database does not answer", body = String, content_type = "text/plain"),
    ),
    security(())
)]
async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error.cause = %e, "health check: the database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Serves the application on an already-bound listener until ctrl-c.
pub async fn serve(
    store: Store,
    documents: DocumentStore,
    listener: tokio::net::TcpListener,
) -> std::io::Result<()> {
    axum::serve(listener, router_with_documents(store, documents))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
