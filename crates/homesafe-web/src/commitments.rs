//! Commitments over the record (requirements R9 and R14), read-only, for any token: what became
//! of every promise at a moment (`GET /api/v1/commitment-fates`) and the promised-vs-done table
//! for a home, a household or a complaint (`GET /api/v1/promised-vs-done`). A thin layer over
//! `homesafe_core::commitments`, through the store.
//!
//! `GET /api/v1/commitments` is already the collection of commitment records (one collection
//! per kind of record), so the fates have a path of their own.
//!
//! The core's types have no OpenAPI schemas, so theirs are written here by hand from their serde
//! form, as `alerts` does.

use std::borrow::Cow;

use axum::Json;
use axum::extract::State;
use homesafe_core::commitments::promised_vs_done::{Origin, Row, Scope, Table};
use homesafe_core::commitments::{CommitmentFate, Fate, WorkState};
use homesafe_core::history::{HistoryTime, RecordId};
use homesafe_store::{FATES_BY_URGENCY, StoreError};
use jiff::Timestamp;
use serde::Serialize;
use utoipa::openapi::schema::{ArrayBuilder, KnownFormat, ObjectBuilder, Schema, Type};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use crate::AppState;
use crate::alerts::{
    AS_OF_USAGE, as_of, formatted, known_params, nullable, one_scope, reference, require, text,
};
use crate::auth::Caller;
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::ApiQuery;

const FATE_USAGE: &str =
    "broken, at_risk, unverified, open or kept, or several separated by commas (broken,at_risk)";

/// The scope parameters of `GET /api/v1/promised-vs-done`, with what each takes.
const SCOPES: [(&str, &str); 3] = [
    ("home", "a property id, such as clarion-property"),
    ("complaint", "a complaint id"),
    (
        "tenancy",
        "a tenancy id: the household, from the start of its tenancy",
    ),
];

/// Every commitment's fate at one moment.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommitmentFateList {
    /// The instant asked about (a date or a wall-clock time resolved to an instant).
    #[schema(value_type = String, format = DateTime)]
    pub as_of: Timestamp,
    /// How many commitments had each fate then: all of them, whatever `fate` asked for.
    pub counts: FateCounts,
    /// The commitments on the record then (with `fate`, only those), most urgent first:
    /// broken, at risk, unverified, open, kept; then the earliest due; then the id.
    #[schema(value_type = Vec<CommitmentFateSchema>)]
    pub commitments: Vec<CommitmentFate>,
}

/// How many commitments had each fate.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct FateCounts {
    pub broken: usize,
    pub at_risk: usize,
    pub unverified: usize,
    pub open: usize,
    pub kept: usize,
}

impl FateCounts {
    fn of(fates: &[CommitmentFate]) -> FateCounts {
        let mut c = FateCounts::default();
        for f in fates {
            *match f.fate {
                Fate::Broken => &mut c.broken,
                Fate::AtRisk => &mut c.at_risk,
                Fate::Unverified => &mut c.unverified,
                Fate::Open => &mut c.open,
                Fate::Kept => &mut c.kept,
            } += 1;
        }
        c
    }
}

/// The promised-vs-done table for one home, household or complaint at one moment.
#[derive(Debug, Serialize, ToSchema)]
pub struct PromisedVsDone {
    /// The instant asked about (a date or a wall-clock time resolved to an instant).
    #[schema(value_type = String, format = DateTime)]
    pub as_of: Timestamp,
    /// What the table is for.
    #[schema(value_type = ScopeSchema)]
    pub scope: Scope,
    /// One row for everything raised, by the date raised, then the row's root record.
    #[schema(value_type = Vec<PromisedRowSchema>)]
    pub rows: Vec<Row>,
}

/// Every commitment's fate at a moment, most urgent first.
///
/// Computed from the history alone, as it had been recorded by `as_of`: **broken** (the due date,
/// as last rescheduled, has passed and the work is not done), **at risk** (not yet due, but its
/// works were cancelled, failed or disputed, or none is linked and the due date is near),
/// **unverified** (the works are recorded complete, but evidence, a resolved outcome or the
/// resident's confirmation or a passed post-inspection is missing), **open** and **kept**. Each
/// with the reasons in words and the records behind it. Replays the whole history.
#[utoipa::path(
    get,
    path = "/api/v1/commitment-fates",
    tag = "commitments",
    operation_id = "get_commitment_fates",
    params(
        ("as_of" = Option<String>, Query, description = "When: `2022-04-08T09:00` (Europe/London wall-clock time), an RFC 3339 instant (`2022-04-08T08:00:00Z`), or a date (`2022-04-08`: the end of that London day). Default: now."),
        ("fate" = Option<String>, Query, description = "Only commitments with this fate: `broken`, `at_risk`, `unverified`, `open` or `kept`, or several separated by commas (`broken,at_risk`)."),
    ),
    responses(
        (status = 200, description = "Every commitment's fate at that moment, most urgent first", body = CommitmentFateList),
        (status = 400, description = "`as_of` is not a time, `fate` not a fate, or an unknown parameter; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_commitment_fates(
    State(state): State<AppState>,
    _caller: Caller,
    ApiQuery(params): ApiQuery,
) -> Result<Json<CommitmentFateList>, ApiError> {
    let values = known_params(params, &[("as_of", AS_OF_USAGE), ("fate", FATE_USAGE)])?;
    let mut errors = Vec::new();
    let as_of = as_of(values.get("as_of"), &mut errors);
    let wanted = match values.get("fate") {
        Some(s) => parse_fates(s)
            .map(Some)
            .map_err(|reason| errors.push(FieldError::new("fate", reason)))
            .ok(),
        None => Some(None),
    };
    let (Some(as_of), Some(wanted), true) = (as_of, wanted, errors.is_empty()) else {
        return Err(ApiError::InvalidQuery(errors));
    };
    let all = state.store.commitment_fates_as_of(as_of).await?;
    let counts = FateCounts::of(&all);
    let commitments = match wanted {
        Some(wanted) => all
            .into_iter()
            .filter(|f| wanted.contains(&f.fate))
            .collect(),
        None => all,
    };
    Ok(Json(CommitmentFateList {
        as_of,
        counts,
        commitments,
    }))
}

/// The promised-vs-done table for a home, a household or a complaint.
///
/// One row for everything raised — a report, a survey recommendation, a works order raised on its
/// own, or a promise with no works order — with when it was raised, each date the landlord said it
/// would be done (and when it said so), and whether and when it was done, and whether the record
/// shows that verified. Dates keep the precision they were recorded at: `2022-05` is a month, `2022`
/// a year. As the record stood at `as_of`. Reads the household's slice of the history.
#[utoipa::path(
    get,
    path = "/api/v1/promised-vs-done",
    tag = "commitments",
    operation_id = "get_promised_vs_done",
    params(
        ("home" = Option<String>, Query, description = "The table for this home (a property id): everything raised for it."),
        ("complaint" = Option<String>, Query, description = "The table for this complaint: what it was about and everything promised in it."),
        ("tenancy" = Option<String>, Query, description = "The table for this household (its tenancy id): everything raised for its home during the tenancy."),
        ("as_of" = Option<String>, Query, description = "When: `2022-04-08T09:00` (Europe/London wall-clock time), an RFC 3339 instant (`2022-04-08T08:00:00Z`), or a date (`2022-04-08`: the end of that London day). Default: now."),
    ),
    responses(
        (status = 200, description = "The table as the record stood at that moment", body = PromisedVsDone),
        (status = 400, description = "Not exactly one of `home`, `complaint` and `tenancy` (`errors` names `(query)` when none is given, each one given when several are); a value that is not a record id or names no record of that kind; `as_of` not a time; or an unknown parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_promised_vs_done(
    State(state): State<AppState>,
    _caller: Caller,
    ApiQuery(params): ApiQuery,
) -> Result<Json<PromisedVsDone>, ApiError> {
    let mut allowed = vec![("as_of", AS_OF_USAGE)];
    allowed.extend(SCOPES);
    let values = known_params(params, &allowed)?;
    let mut errors = Vec::new();
    let as_of = as_of(values.get("as_of"), &mut errors);
    let scope = one_scope(
        &values,
        &SCOPES,
        "say what the table is for: give one of home (a property id), complaint (a complaint id) or tenancy (a tenancy id)",
        &mut errors,
    )
    .map(|(name, id)| {
        let scope = match name {
            "home" => Scope::Property(id),
            "complaint" => Scope::Complaint(id),
            _ => Scope::Household(id),
        };
        (name, scope)
    });
    let (Some(as_of), Some((name, scope)), true) = (as_of, scope, errors.is_empty()) else {
        return Err(ApiError::InvalidQuery(errors));
    };
    let Table { scope, rows, .. } = match state.store.promised_vs_done(scope, as_of).await {
        Err(StoreError::NotFound(why)) => return Err(ApiError::invalid_query(name, why)),
        other => other?,
    };
    Ok(Json(PromisedVsDone { as_of, scope, rows }))
}

/// One fate or several separated by commas.
fn parse_fates(s: &str) -> Result<Vec<Fate>, String> {
    s.split(',')
        .map(|part| {
            let part = part.trim();
            FATES_BY_URGENCY
                .iter()
                .copied()
                .find(|f| f.as_str() == part)
                .ok_or_else(|| format!("'{part}' is not a fate: use {FATE_USAGE}"))
        })
        .collect()
}

// --- Schemas, written from the serde form of the core types. ---

/// The serde name of every work state; the match keeps the list whole.
fn work_states() -> [&'static str; 7] {
    let name = |s: WorkState| match s {
        WorkState::Verified => "verified",
        WorkState::Unverified => "unverified",
        WorkState::Disputed => "disputed",
        WorkState::FailedInspection => "failed_inspection",
        WorkState::Cancelled => "cancelled",
        WorkState::VisitFailed => "visit_failed",
        WorkState::NotDone => "not_done",
    };
    [
        WorkState::Verified,
        WorkState::Unverified,
        WorkState::Disputed,
        WorkState::FailedInspection,
        WorkState::Cancelled,
        WorkState::VisitFailed,
        WorkState::NotDone,
    ]
    .map(name)
}

/// The serde name of every origin of a row; the match keeps the list whole.
fn origins() -> [&'static str; 4] {
    let name = |o: Origin| match o {
        Origin::Report => "report",
        Origin::Recommendation => "recommendation",
        Origin::WorksOrder => "works_order",
        Origin::Promise => "promise",
    };
    [
        Origin::Report,
        Origin::Recommendation,
        Origin::WorksOrder,
        Origin::Promise,
    ]
    .map(name)
}

fn ids(description: &str) -> ArrayBuilder {
    ArrayBuilder::new()
        .items(reference::<RecordId>())
        .description(Some(description))
}

fn time(description: &str) -> RefOr<Schema> {
    // OpenAPI 3.1 lets a `$ref` carry its own description.
    let mut r = Ref::from_schema_name(HistoryTime::name());
    r.description = description.to_string();
    RefOr::Ref(r)
}

fn texts(description: &str) -> ArrayBuilder {
    ArrayBuilder::new()
        .items(ObjectBuilder::new().schema_type(Type::String))
        .description(Some(description))
}

fn boolean(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Boolean)
        .description(Some(description))
}

fn work_state(description: &str) -> ObjectBuilder {
    text(description).enum_values(Some(work_states()))
}

const WORK_STATE_WORDS: &str = "Where the work stands: `verified` (complete, resolved, with evidence, confirmed or passed at a post-inspection), `unverified` (recorded complete; evidence, a resolved outcome or the verification missing), `disputed`, `failed_inspection`, `cancelled` (with nothing replacing it), `visit_failed` (nothing booked since), `not_done`";

fn push_common(schemas: &mut Vec<(String, RefOr<Schema>)>) {
    schemas.push((RecordId::name().into_owned(), RecordId::schema()));
    schemas.push((HistoryTime::name().into_owned(), HistoryTime::schema()));
}

/// One commitment's fate (`homesafe_core::commitments::CommitmentFate`).
pub struct CommitmentFateSchema;

impl PartialSchema for CommitmentFateSchema {
    fn schema() -> RefOr<Schema> {
        let fate = ObjectBuilder::new()
            .property("commitment", reference::<RecordId>())
            .property("source", reference::<RecordId>())
            .property("description", text("What was promised"))
            .property(
                "owner",
                nullable(
                    ObjectBuilder::new().schema_type(Type::String),
                    "Who owns it, if the record names anyone",
                ),
            )
            .property("made", time("When it was promised"))
            .property("due", time("The due date as last rescheduled, at the precision it was given (`2022-05` is a month)"))
            .property(
                "rescheduled_from",
                ArrayBuilder::new()
                    .items(reference::<HistoryTime>())
                    .description(Some("Earlier due dates, in order")),
            )
            .property(
                "due_at",
                formatted(KnownFormat::DateTime, "The end of the due date: broken from this instant if the work is not done"),
            )
            .property(
                "fate",
                text("`broken`: due and not done; `at_risk`: not yet due, but its works were cancelled, failed or disputed, or none is linked and the due date is near; `unverified`: the works are recorded complete but not shown kept; `open`; `kept`: complete with evidence and confirmed or passed at a post-inspection")
                    .enum_values(Some(FATES_BY_URGENCY.map(|f| f.as_str()))),
            )
            .property("late", boolean("For a kept commitment: kept after its due date"))
            .property(
                "works",
                ArrayBuilder::new()
                    .items(reference::<WorkFateSchema>())
                    .description(Some("Each linked works order, followed through what replaced it or followed on from it")),
            )
            .property("reasons", texts("Why, in words, one line per reason; the first says the fate and the due date"))
            .property(
                "records",
                ids("The records behind it: the commitment, its source, every works order followed, the evidence"),
            )
            .description(Some(
                "What became of one promise at a moment, with the reasons and the records behind it \
                 (Complaint Handling Code 2024, 7.3 and 6.6; docs/rules.md §3.7).",
            ));
        require(
            fate,
            &[
                "commitment",
                "source",
                "description",
                "owner",
                "made",
                "due",
                "rescheduled_from",
                "due_at",
                "fate",
                "late",
                "works",
                "reasons",
                "records",
            ],
        )
        .into()
    }
}

impl ToSchema for CommitmentFateSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("CommitmentFate")
    }
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        push_common(schemas);
        schemas.push((
            WorkFateSchema::name().into_owned(),
            WorkFateSchema::schema(),
        ));
    }
}

/// One linked works order and what became of it (`homesafe_core::commitments::WorkFate`).
pub struct WorkFateSchema;

impl PartialSchema for WorkFateSchema {
    fn schema() -> RefOr<Schema> {
        let work = ObjectBuilder::new()
            .property("works_order", reference::<RecordId>())
            .property("state", work_state(WORK_STATE_WORDS))
            .property(
                "via",
                ids("The orders that replaced it or followed on from it, in the order followed"),
            )
            .property(
                "completed_on",
                nullable(
                    reference::<HistoryTime>(),
                    "When the work was recorded done (the latest completion on the path), if it was",
                ),
            )
            .property(
                "detail",
                text("Each order on the path and where it stood, in words"),
            )
            .description(Some(
                "One works order linked to a commitment and what became of it.",
            ));
        require(
            work,
            &["works_order", "state", "via", "completed_on", "detail"],
        )
        .into()
    }
}

impl ToSchema for WorkFateSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("WorkFate")
    }
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        push_common(schemas);
    }
}

/// What a promised-vs-done table is for (`homesafe_core::commitments::promised_vs_done::Scope`).
pub struct ScopeSchema;

impl PartialSchema for ScopeSchema {
    fn schema() -> RefOr<Schema> {
        require(
            ObjectBuilder::new()
                .property(
                    "kind",
                    text("`property` (asked as `home`), `household` (asked as `tenancy`: the id is the tenancy's) or `complaint`")
                        .enum_values(Some(["property", "household", "complaint"])),
                )
                .property("id", reference::<RecordId>())
                .description(Some("What the table is for")),
            &["kind", "id"],
        )
        .into()
    }
}

impl ToSchema for ScopeSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("PromisedVsDoneScope")
    }
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        push_common(schemas);
    }
}

/// One row of the promised-vs-done table (`homesafe_core::commitments::promised_vs_done::Row`).
pub struct PromisedRowSchema;

impl PartialSchema for PromisedRowSchema {
    fn schema() -> RefOr<Schema> {
        let said = require(
            ObjectBuilder::new()
                .property(
                    "due",
                    time("The date said, at the precision it was given (`2022-05` is a month, `2022` a year)"),
                )
                .property("said_on", time("When it was said: the commitment, the link to the work, or the reschedule"))
                .property("commitment", reference::<RecordId>())
                .description(Some("One date the landlord said the work would be done")),
            &["due", "said_on", "commitment"],
        );
        let done = require(
            ObjectBuilder::new()
                .property("on", time("When it was done, at the precision recorded"))
                .property(
                    "verified",
                    boolean("Complete with evidence and confirmed by the resident or passed at a post-inspection"),
                ),
            &["on", "verified"],
        );
        let row = ObjectBuilder::new()
            .property(
                "root",
                reference::<RecordId>(),
            )
            .property(
                "origin",
                text("Where the row starts: a `report`, a survey `recommendation`, a `works_order` raised on its own, or a `promise` with no works order")
                    .enum_values(Some(origins())),
            )
            .property("raised", time("When it was raised: the earliest of the root and its works"))
            .property("what", text("What was raised, as the record words it"))
            .property(
                "works",
                ids("The row's works orders, with those that followed on from or replaced them"),
            )
            .property("commitments", ids("The commitments that said when the row's work would be done"))
            .property(
                "said",
                ArrayBuilder::new()
                    .items(said)
                    .description(Some("Each date the landlord said it would be done, in the order said; empty if it never said")),
            )
            .property(
                "done",
                nullable(done, "Whether and when it was done; null if it is not done"),
            )
            .property(
                "state",
                nullable(
                    work_state(WORK_STATE_WORDS),
                    "Where the work stands; null when no works order was ever raised",
                ),
            )
            .property("detail", texts("Each works order on the row and where it stood, in words"))
            .description(Some(
                "One row of the promised-vs-done table: what was raised, when the landlord said it would be done, and \
                 whether and when it was (requirements R14; the table of the Clarion report, 202208650 ¶11).",
            ));
        require(
            row,
            &[
                "root",
                "origin",
                "raised",
                "what",
                "works",
                "commitments",
                "said",
                "done",
                "state",
                "detail",
            ],
        )
        .into()
    }
}

impl ToSchema for PromisedRowSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("PromisedVsDoneRow")
    }
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        push_common(schemas);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_enums_are_the_serde_names() {
        for (name, state) in work_states().iter().zip([
            WorkState::Verified,
            WorkState::Unverified,
            WorkState::Disputed,
            WorkState::FailedInspection,
            WorkState::Cancelled,
            WorkState::VisitFailed,
            WorkState::NotDone,
        ]) {
            assert_eq!(
                serde_json::to_value(state).expect("serialises"),
                serde_json::json!(name)
            );
        }
        for (name, origin) in origins().iter().zip([
            Origin::Report,
            Origin::Recommendation,
            Origin::WorksOrder,
            Origin::Promise,
        ]) {
            assert_eq!(
                serde_json::to_value(origin).expect("serialises"),
                serde_json::json!(name)
            );
        }
        assert_eq!(
            parse_fates("broken, at_risk").expect("fates"),
            [Fate::Broken, Fate::AtRisk]
        );
        assert!(
            parse_fates("late")
                .expect_err("not a fate")
                .starts_with("'late' is not a fate")
        );
    }
}
