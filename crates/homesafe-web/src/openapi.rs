//! The OpenAPI 3.1 document, generated from the code: handlers carry `#[utoipa::path]`, domain
//! types derive `ToSchema` in `homesafe-core` (feature `openapi`), and the per-kind collection
//! routes are copied from one documented template for every [`RecordKind`], from the same table
//! the router uses. Served without authentication at `GET /api/v1/openapi.json`.

use std::borrow::Cow;
use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;
use homesafe_core::events::EventData;
use homesafe_core::history::{Actor, EventId, HistoryTime, RecordId};
use homesafe_core::records::RecordState;
use homesafe_core::references::RecordKind;
use utoipa::openapi::path::{HttpMethod, Operation};
use utoipa::openapi::schema::{
    AllOfBuilder, ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, Type,
};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{Modify, OpenApi, PartialSchema, ToSchema};

use crate::alerts::{
    AlertCountSchema, AlertCounts, AlertList, AlertSchema, RuleEntrySchema, RuleTable,
};
use crate::commitments::{
    CommitmentFateList, CommitmentFateSchema, FateCounts, PromisedRowSchema, PromisedVsDone,
    ScopeSchema, WorkFateSchema,
};
use crate::error::{FieldError, Problem};
use crate::events::MAX_EVENTS_PER_REQUEST;
use crate::letters::{IssuedDocument, IssuedLetter, LetterDraft, ResponseLetterSchema};
use crate::records::{Chronology, RecordList, Summary, collection};
use crate::recurrence::{EarlierSchema, Recurrence};
use crate::remedies::{
    BandFitSchema, RemedyHeadTotalsSchema, RemedyLedger, RemedyLedgerRowSchema,
    RemedyLedgerScopeSchema, RemedyTotalsSchema,
};

/// The name of the bearer security scheme in the document.
pub const BEARER: &str = "bearer";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "HomeSafe API",
        description = "The record of a social landlord's homes, repairs, hazards and complaints, as an append-only \
                       history of events. Write by appending events; read current state and chronologies. \
                       Conventions: docs/api.md."
    ),
    paths(
        crate::events::append_events,
        crate::records::get_record,
        crate::records::get_history,
        crate::records::summary,
        crate::alerts::get_alerts,
        crate::alerts::get_alert_counts,
        crate::alerts::get_rules,
        crate::commitments::get_commitment_fates,
        crate::commitments::get_promised_vs_done,
        crate::remedies::get_remedy_ledger,
        crate::recurrence::get_recurrence,
        crate::documents::upload_document,
        crate::documents::document_content,
        crate::letters::get_letter_draft,
        crate::letters::issue_letter,
        openapi_json,
        crate::healthz,
    ),
    components(schemas(
        Problem, FieldError, NewEvent, NewEvents, HistoryLine, EventData, RecordState, RecordKind,
        RecordList, Chronology, Summary, AlertList, AlertSchema, AlertCounts, AlertCountSchema, RuleTable, RuleEntrySchema,
        CommitmentFateList, FateCounts, CommitmentFateSchema, WorkFateSchema, PromisedVsDone,
        ScopeSchema, PromisedRowSchema, LetterDraft, IssuedLetter, IssuedDocument,
        ResponseLetterSchema, RemedyLedger, RemedyLedgerScopeSchema, RemedyLedgerRowSchema,
        RemedyTotalsSchema, RemedyHeadTotalsSchema, BandFitSchema, Recurrence, EarlierSchema
    )),
    modifiers(&BearerScheme, &Collections),
    tags(
        (name = "events", description = "Appending to the history"),
        (name = "records", description = "Current state and chronologies of any record"),
        (name = "collections", description = "Current state by kind of record, one collection per kind"),
        (name = "alerts", description = "Every duty's clock over the history: the alerts present at a moment, and the rules in force on a date"),
        (name = "commitments", description = "What became of every promise, and what was promised beside what was done, for a home, a household or a complaint"),
        (name = "repairs", description = "What came before a report or works order: earlier reports, jobs and surveys for the same home, block, component, element or hazard"),
        (name = "remedies", description = "Remedies from offer to paid, with the Ombudsman's and the landlord's bands beside each amount, for a case, a household or a home"),
        (name = "documents", description = "Document bytes, content-addressed by SHA-256"),
        (name = "letters", description = "Complaint response letters: drafted from the record, refused while any element is missing, issued as HTML and PDF documents"),
        (name = "meta", description = "The API document and the health check"),
    )
)]
pub struct ApiDoc;

/// The document, built once.
static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    ApiDoc::openapi()
        .to_json()
        .unwrap_or_else(|e| format!("{{\"error\":\"the API document could not be built: {e}\"}}"))
});

/// This document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    operation_id = "get_openapi",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json")),
    security(())
)]
pub async fn openapi_json() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
}

struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token issued with `homesafe token create`: `Authorization: Bearer <secret>`. The token's \
                         name and role are the actor of every event written with it.",
                    ))
                    .build(),
            ),
        );
    }
}

/// Adds `GET /api/v1/{plural}` and `GET /api/v1/{plural}/{id}` for every kind of record.
struct Collections;

fn for_kind(
    template: &Operation,
    kind: RecordKind,
    operation_id: String,
    summary: String,
) -> Operation {
    let mut op = template.clone();
    op.operation_id = Some(operation_id);
    op.summary = Some(summary);
    op.description = None;
    op.tags = Some(vec!["collections".to_string()]);
    if !kind.is_special_category() {
        // Only special category records are refused by role.
        op.responses.responses.remove("403");
    }
    op
}

impl Modify for Collections {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::Path;
        let list = crate::records::__path_list_template::operation();
        let get = crate::records::__path_get_template::operation();
        for kind in RecordKind::ALL {
            let plural = collection(kind);
            let snake = plural.replace('-', "_");
            let special = if kind.is_special_category() {
                " Special category data: refused to contractor and operative tokens; every record returned is written \
                 to the access log."
            } else {
                ""
            };
            let mut op = for_kind(
                &list,
                kind,
                format!("list_{snake}"),
                format!("List {} records", kind.as_str()),
            );
            op.description = Some(format!(
                "Current state of `{}` records, ordered by id.{special}",
                kind.as_str()
            ));
            openapi.paths.add_path_operation(
                format!("/api/v1/{plural}"),
                vec![HttpMethod::Get],
                op,
            );
            let mut op = for_kind(
                &get,
                kind,
                format!("get_{}", kind.as_str()),
                format!("Get one {} record", kind.as_str()),
            );
            op.description = Some(format!(
                "A `{}` record's current state; an id of another kind of record is not found.{special}",
                kind.as_str()
            ));
            openapi.paths.add_path_operation(
                format!("/api/v1/{plural}/{{id}}"),
                vec![HttpMethod::Get],
                op,
            );
        }
    }
}

fn reference<T: ToSchema>() -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(T::name()))
}

/// Pushes `T` and everything it refers to into `schemas`.
fn collect<T: ToSchema>(schemas: &mut Vec<(String, RefOr<Schema>)>) {
    schemas.push((T::name().into_owned(), T::schema()));
    T::schemas(schemas);
}

fn text(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
}

/// One event as a client sends it: the event type and its data (one of [`EventData`]'s
/// variants) with the fields about the event.
pub struct NewEvent;

impl PartialSchema for NewEvent {
    fn schema() -> RefOr<Schema> {
        let envelope = ObjectBuilder::new()
            .property("subject", reference::<RecordId>())
            .required("subject")
            .property("at", reference::<HistoryTime>())
            .property("reason", text("Why: required on a correction"))
            .property("corrects", reference::<EventId>())
            .property("id", reference::<EventId>());
        AllOfBuilder::new()
            .item(reference::<EventData>())
            .item(envelope)
            .description(Some(
                "One event: `type` and `data` (the data schema of each event type is in `EventData`), the `subject` \
                 record it creates or changes, `at` when it took effect (default: now), and for a correction \
                 `corrects` (the event it replaces or, with `entry.voided`, withdraws) and `reason`. An optional \
                 `id` names the event; otherwise the server derives one. `actor`, `recorded`, `v`, `seq`, `prev` \
                 and `hash` are the server's and are refused.",
            ))
            .into()
    }
}

impl ToSchema for NewEvent {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("NewEvent")
    }
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        collect::<EventData>(schemas);
        collect::<RecordId>(schemas);
        collect::<HistoryTime>(schemas);
        collect::<EventId>(schemas);
    }
}

/// The request body of `POST /api/v1/events`: one event or an array of them.
pub struct NewEvents;

impl PartialSchema for NewEvents {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(reference::<NewEvent>())
            .item(
                ArrayBuilder::new()
                    .items(reference::<NewEvent>())
                    .min_items(Some(1))
                    .max_items(Some(MAX_EVENTS_PER_REQUEST)),
            )
            .description(Some(
                "One event, or an array of events written all or nothing.",
            ))
            .into()
    }
}

impl ToSchema for NewEvents {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("NewEvents")
    }
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        collect::<NewEvent>(schemas);
    }
}

/// An event as it appears in the history (`docs/history-format.md`).
pub struct HistoryLine;

impl PartialSchema for HistoryLine {
    fn schema() -> RefOr<Schema> {
        let hash = |d: &str| text(d).pattern(Some("^[0-9a-f]{64}$"));
        let chain = ObjectBuilder::new()
            .property(
                "v",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .description(Some("History format version")),
            )
            .property(
                "seq",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1))
                    .description(Some("Position in the history")),
            )
            .property("id", reference::<EventId>())
            .property("subject", reference::<RecordId>())
            .property("at", reference::<HistoryTime>())
            .property("recorded", reference::<HistoryTime>())
            .property("actor", reference::<Actor>())
            .property("reason", text("Why, if given"))
            .property("corrects", reference::<EventId>())
            .property(
                "prev",
                hash("SHA-256 of the previous event's line (64 zeros for the first)"),
            )
            .property("hash", hash("SHA-256 of this line without its hash"));
        let chain = [
            "v", "seq", "id", "subject", "at", "recorded", "actor", "prev", "hash",
        ]
        .into_iter()
        .fold(chain, ObjectBuilder::required);
        AllOfBuilder::new()
            .item(reference::<EventData>())
            .item(chain)
            .description(Some(
                "An event sealed into the hash chain, exactly as `homesafe export` writes it.",
            ))
            .into()
    }
}

impl ToSchema for HistoryLine {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("HistoryLine")
    }
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        collect::<EventData>(schemas);
        collect::<EventId>(schemas);
        collect::<RecordId>(schemas);
        collect::<HistoryTime>(schemas);
        collect::<Actor>(schemas);
    }
}
