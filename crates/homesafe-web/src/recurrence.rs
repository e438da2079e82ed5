//! What came before a report or works order (requirements R7), read-only, for any token:
//! `GET /api/v1/recurrence?record=ID` — the earlier reports, works orders and surveys for the same
//! home, block, shared component, building element or hazard within the recurrence window, each
//! with why it is linked. A thin layer over `homesafe_core::recurrence`, through the store.
//!
//! The core's types have no OpenAPI schemas, so theirs are written here by hand from their serde
//! form, as `alerts` and `commitments` do.

use std::borrow::Cow;

use axum::Json;
use axum::extract::State;
use homesafe_core::history::{HistoryTime, RecordId};
use homesafe_core::recurrence::Earlier;
use homesafe_core::references::RecordKind;
use homesafe_store::StoreError;
use jiff::Timestamp;
use serde::Serialize;
use utoipa::openapi::schema::{ArrayBuilder, KnownFormat, ObjectBuilder, Schema, Type};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use crate::AppState;
use crate::alerts::{AS_OF_USAGE, as_of, formatted, known_params, reference, require, text};
use crate::auth::Caller;
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::ApiQuery;

/// The earlier items linked to one report or works order at one moment.
#[derive(Debug, Serialize, ToSchema)]
pub struct Recurrence {
    /// The instant asked about (a date or a wall-clock time resolved to an instant).
    #[schema(value_type = String, format = DateTime)]
    pub as_of: Timestamp,
    #[serde(flatten)]
    #[schema(value_type = EarlierSchema)]
    pub earlier: Earlier,
}

/// What came before a report or works order.
///
/// The earlier reports, works orders and surveys for the same home, its block, the same shared
/// component, building element or hazard, whose last activity falls within the recurrence window
/// (24 months unless the landlord sets another) before it — each with why it is linked
/// (`follow_on_chain`, `same_hazard`, `same_component`, `same_element`, `same_hazard_type`,
/// `same_block`, `same_home`), strongest link first, then the most recent. As the record stood at
/// `as_of`: events recorded later are not seen.
#[utoipa::path(
    get,
    path = "/api/v1/recurrence",
    tag = "repairs",
    operation_id = "get_recurrence",
    params(
        ("record" = String, Query, description = "A report or works order id."),
        ("as_of" = Option<String>, Query, description = "When: `2022-04-08T09:00` (Europe/London wall-clock time), an RFC 3339 instant (`2022-04-08T08:00:00Z`), or a date (`2022-04-08`: the end of that London day). Default: now."),
    ),
    responses(
        (status = 200, description = "The earlier items as the record stood at that moment", body = Recurrence),
        (status = 400, description = "`record` missing, not a record id, or not a report or works order on the record at `as_of`; `as_of` not a time; or an unknown parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_recurrence(
    State(state): State<AppState>,
    _caller: Caller,
    ApiQuery(params): ApiQuery,
) -> Result<Json<Recurrence>, ApiError> {
    let values = known_params(
        params,
        &[
            ("record", "a report or works order id"),
            ("as_of", AS_OF_USAGE),
        ],
    )?;
    let mut errors = Vec::new();
    let as_of = as_of(values.get("as_of"), &mut errors);
    let record = match values.get("record") {
        None => {
            errors.push(FieldError::new("record", "give a report or works order id"));
            None
        }
        Some(v) => match RecordId::parse(v.as_str()) {
            Ok(id) => Some(id),
            Err(e) => {
                errors.push(FieldError::new("record", e.to_string()));
                None
            }
        },
    };
    let (Some(as_of), Some(record), true) = (as_of, record, errors.is_empty()) else {
        return Err(ApiError::InvalidQuery(errors));
    };
    let earlier = match state.store.earlier(&record, as_of).await {
        Err(StoreError::NotFound(why)) => return Err(ApiError::invalid_query("record", why)),
        other => other?,
    };
    Ok(Json(Recurrence { as_of, earlier }))
}

fn time(description: &str) -> RefOr<Schema> {
    let mut r = Ref::from_schema_name(HistoryTime::name());
    r.description = description.to_string();
    RefOr::Ref(r)
}

/// `homesafe_core::recurrence::Earlier`, flattened into [`Recurrence`].
pub struct EarlierSchema;

impl PartialSchema for EarlierSchema {
    fn schema() -> RefOr<Schema> {
        let link = require(
            ObjectBuilder::new()
                .property(
                    "by",
                    text("Why it is linked, strongest first: the same follow-on chain, hazard case, shared component, building element, hazard type at the home, a survey of the block, or only the same home")
                        .enum_values(Some([
                            "follow_on_chain",
                            "same_hazard",
                            "same_component",
                            "same_element",
                            "same_hazard_type",
                            "same_block",
                            "same_home",
                        ])),
                )
                .property("hazard", reference::<RecordId>())
                .property("component", reference::<RecordId>())
                .property("element", text("The building element, for `same_element`"))
                .property("hazard_type", text("The HHSRS hazard type, for `same_hazard_type`"))
                .property("block", reference::<RecordId>()),
            &["by"],
        );
        let item = require(
            ObjectBuilder::new()
                .property("record", reference::<RecordId>())
                .property("kind", reference::<RecordKind>())
                .property("at", time("When it was reported, raised or surveyed"))
                .property("what", text("The description, the task, or the survey's findings"))
                .property(
                    "status",
                    text("As known then: `open`, `closed` (a report), `done`, `cancelled` (a works order), `recorded` (a survey)")
                        .enum_values(Some(["open", "closed", "done", "cancelled", "recorded"])),
                )
                .property("links", ArrayBuilder::new().items(link)),
            &["record", "kind", "at", "what", "status", "links"],
        );
        require(
            ObjectBuilder::new()
                .property("record", reference::<RecordId>())
                .property("property", reference::<RecordId>())
                .property(
                    "window_months",
                    ObjectBuilder::new()
                        .schema_type(Type::Integer)
                        .description(Some("The recurrence window, in months")),
                )
                .property(
                    "since",
                    formatted(
                        KnownFormat::Date,
                        "Items active on or after this day are shown",
                    ),
                )
                .property("items", ArrayBuilder::new().items(item)),
            &["record", "property", "window_months", "since", "items"],
        )
        .into()
    }
}

impl ToSchema for EarlierSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Earlier")
    }
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((RecordId::name().into_owned(), RecordId::schema()));
        schemas.push((HistoryTime::name().into_owned(), HistoryTime::schema()));
    }
}
