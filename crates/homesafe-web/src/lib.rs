//! HomeSafe's HTTP layer: the JSON API under `/api/v1` (OpenAPI at `/api/v1/openapi.json`),
//! `GET /healthz`. A thin layer: parse, authorise, call the store, map errors once.
#![forbid(unsafe_code)]

use axum::Router;
use axum::routing::get;
use homesafe_store::Store;

/// Shared state for handlers.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
}

/// The whole application router.
pub fn router(store: Store) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .with_state(AppState { store })
}

async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> (axum::http::StatusCode, &'static str) {
    match state.store.ping().await {
        Ok(()) => (axum::http::StatusCode::OK, "ok"),
        Err(_) => (axum::http::StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

/// Serves the application on an already-bound listener until ctrl-c.
pub async fn serve(store: Store, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    axum::serve(listener, router(store))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
