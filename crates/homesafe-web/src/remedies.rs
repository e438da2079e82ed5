//! The remedies ledger over the record (requirements R10), read-only, for any token:
//! `GET /api/v1/remedy-ledger?case=ID` (or `household=`, `property=`) — every remedy of a
//! complaint or Ombudsman case, a household or a home, from offer to paid, with the bands beside
//! each amount and totals by head. A thin layer over `homesafe_core::remedies::ledger`, through
//! the store.
//!
//! `GET /api/v1/remedies` is already the collection of remedy records (one collection per kind of
//! record, with its own `property` filter), so the ledger has a path of its own, as the commitment
//! fates do.
//!
//! The core's types have no OpenAPI schemas, so theirs are written here by hand from their serde
//! form, as `alerts` and `commitments` do.

use std::borrow::Cow;

use axum::Json;
use axum::extract::State;
use homesafe_core::codes::Pence;
use homesafe_core::history::{EventId, HistoryTime, RecordId};
use homesafe_core::remedies::RemedyHead;
use homesafe_core::remedies::ledger::{DueFrom, HeadTotals, Row, Scope, Status, Totals};
use homesafe_store::StoreError;
use jiff::Timestamp;
use serde::Serialize;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use crate::AppState;
use crate::alerts::{
    AS_OF_USAGE, as_of, known_params, nullable, one_scope, reference, require, text,
};
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::extract::ApiQuery;

/// The scope parameters, with what each takes.
const SCOPES: [(&str, &str); 3] = [
    ("case", "a complaint id or an Ombudsman case id"),
    (
        "household",
        "a tenancy id: the household, remedies for its home offered during the tenancy",
    ),
    ("property", "a property id: every remedy about the home"),
];

/// The remedies ledger for one case, household or home at one moment.
#[derive(Debug, Serialize, ToSchema)]
pub struct RemedyLedger {
    /// The instant asked about (a date or a wall-clock time resolved to an instant).
    #[schema(value_type = String, format = DateTime)]
    pub as_of: Timestamp,
    /// What the ledger is for.
    #[schema(value_type = RemedyLedgerScopeSchema)]
    pub scope: Scope,
    /// Every remedy in scope, in the order offered.
    #[schema(value_type = Vec<RemedyLedgerRowSchema>)]
    pub remedies: Vec<Row>,
    /// Totals per head, in the order a letter lists heads; heads with no remedy left out.
    #[schema(value_type = Vec<RemedyHeadTotalsSchema>)]
    pub by_head: Vec<HeadTotals>,
    /// Totals over every remedy in scope.
    #[schema(value_type = RemedyTotalsSchema)]
    pub totals: Totals,
}

/// The remedies ledger for a complaint or Ombudsman case, a household or a home.
///
/// Every remedy from offer to paid: head, amount, reason, when offered and by when it is due (its
/// own date, the Ombudsman order's it is paid under, or the landlord's policy period after the
/// offer), what has been paid — to the rent account and to the resident — what was credited from
/// offers it replaced, what is outstanding, and its status (`offered`, `part_paid`, `paid`,
/// `overdue`, `withdrawn`, `replaced`, `no_payment`); beside each amount the band of the
/// Ombudsman's remedies guidance and of the landlord's compensation policy it falls in; totals by
/// head and overall. As the record stood at `as_of`.
#[utoipa::path(
    get,
    path = "/api/v1/remedy-ledger",
    tag = "remedies",
    operation_id = "get_remedy_ledger",
    params(
        ("case" = Option<String>, Query, description = "The ledger for this complaint or Ombudsman case: the remedies offered or ordered in it."),
        ("household" = Option<String>, Query, description = "The ledger for this household (its tenancy id): remedies for its home offered during the tenancy."),
        ("property" = Option<String>, Query, description = "The ledger for this home (a property id): every remedy about it."),
        ("as_of" = Option<String>, Query, description = "When: `2022-04-08T09:00` (Europe/London wall-clock time), an RFC 3339 instant (`2022-04-08T08:00:00Z`), or a date (`2022-04-08`: the end of that London day). Default: now."),
    ),
    responses(
        (status = 200, description = "The ledger as the record stood at that moment", body = RemedyLedger),
        (status = 400, description = "Not exactly one of `case`, `household` and `property` (`errors` names `(query)` when none is given, each one given when several are); a value that is not a record id or names no record of that kind; `as_of` not a time; or an unknown parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_remedy_ledger(
    State(state): State<AppState>,
    _caller: Caller,
    ApiQuery(params): ApiQuery,
) -> Result<Json<RemedyLedger>, ApiError> {
    let mut allowed = vec![("as_of", AS_OF_USAGE)];
    allowed.extend(SCOPES);
    let values = known_params(params, &allowed)?;
    let mut errors = Vec::new();
    let as_of = as_of(values.get("as_of"), &mut errors);
    let scope = one_scope(
        &values,
        &SCOPES,
        "give one of case, household or property",
        &mut errors,
    )
    .map(|(name, id)| {
        let scope = match name {
            "case" => Scope::Case(id),
            "household" => Scope::Household(id),
            _ => Scope::Property(id),
        };
        (name, scope)
    });
    let (Some(as_of), Some((name, scope)), true) = (as_of, scope, errors.is_empty()) else {
        return Err(ApiError::InvalidQuery(errors));
    };
    let ledger = match state.store.remedies_ledger(scope, as_of).await {
        Err(StoreError::NotFound(why)) => return Err(ApiError::invalid_query(name, why)),
        other => other?,
    };
    Ok(Json(RemedyLedger {
        as_of,
        scope: ledger.scope,
        remedies: ledger.remedies,
        by_head: ledger.by_head,
        totals: ledger.totals,
    }))
}

// --- Schemas, written from the serde form of the core types. ---

fn pence(description: &str) -> RefOr<Schema> {
    described::<Pence>(description)
}

/// A `$ref` with its own description (OpenAPI 3.1 allows it).
fn described<T: ToSchema>(description: &str) -> RefOr<Schema> {
    let mut r = Ref::from_schema_name(T::name());
    r.description = description.to_string();
    RefOr::Ref(r)
}

fn push_common(schemas: &mut Vec<(String, RefOr<Schema>)>) {
    schemas.push((RecordId::name().into_owned(), RecordId::schema()));
    schemas.push((EventId::name().into_owned(), EventId::schema()));
    schemas.push((HistoryTime::name().into_owned(), HistoryTime::schema()));
    schemas.push((Pence::name().into_owned(), Pence::schema()));
    schemas.push((RemedyHead::name().into_owned(), RemedyHead::schema()));
}

/// The serde name of every status.
fn statuses() -> [&'static str; 7] {
    Status::ALL.map(|s| s.as_str())
}

fn due_froms() -> [&'static str; 3] {
    [DueFrom::Remedy, DueFrom::Order, DueFrom::Policy].map(|d| d.as_str())
}

/// What a ledger is for (`homesafe_core::remedies::ledger::Scope`).
pub struct RemedyLedgerScopeSchema;

impl PartialSchema for RemedyLedgerScopeSchema {
    fn schema() -> RefOr<Schema> {
        require(
            ObjectBuilder::new()
                .property(
                    "kind",
                    text("`case` (a complaint or Ombudsman case), `household` (the id is the tenancy's) or `property`")
                        .enum_values(Some(["case", "household", "property"])),
                )
                .property("id", reference::<RecordId>())
                .description(Some("What the ledger is for")),
            &["kind", "id"],
        )
        .into()
    }
}

impl ToSchema for RemedyLedgerScopeSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("RemedyLedgerScope")
    }
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        push_common(schemas);
    }
}

const TOTALS: [(&str, &str); 9] = [
    ("offered", "Every offer as made"),
    ("withdrawn", "Offers withdrawn or replaced"),
    ("standing", "Offers that stand: offered − withdrawn"),
    (
        "paid",
        "Cash paid, counted once on the remedy it was paid on (including offers later replaced)",
    ),
    (
        "to_rent_account",
        "Of paid, what went to the rent account against arrears",
    ),
    ("to_resident", "Of paid, what went to the resident"),
    (
        "credited",
        "Money paid on replaced offers counted towards their replacements (not added to paid)",
    ),
    ("outstanding", "Still to pay on the offers that stand"),
    ("overdue", "Of outstanding, what is past its due date"),
];

fn totals_object() -> ObjectBuilder {
    let mut o = ObjectBuilder::new();
    for (name, words) in TOTALS {
        o = o.property(name, pence(words));
    }
    require(o, &TOTALS.map(|(n, _)| n))
}

/// Totals over a ledger (`homesafe_core::remedies::ledger::Totals`).
pub struct RemedyTotalsSchema;

impl PartialSchema for RemedyTotalsSchema {
    fn schema() -> RefOr<Schema> {
        totals_object()
            .description(Some(
                "Money in pence. For the remedies in scope: standing = (paid on standing remedies − what they \
                 carried to replacements) + credited + outstanding.",
            ))
            .into()
    }
}

impl ToSchema for RemedyTotalsSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("RemedyTotals")
    }
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        push_common(schemas);
    }
}

/// The totals of one head (`homesafe_core::remedies::ledger::HeadTotals`).
pub struct RemedyHeadTotalsSchema;

impl PartialSchema for RemedyHeadTotalsSchema {
    fn schema() -> RefOr<Schema> {
        totals_object()
            .property("head", reference::<RemedyHead>())
            .required("head")
            .description(Some("The totals of the remedies under one head"))
            .into()
    }
}

impl ToSchema for RemedyHeadTotalsSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("RemedyHeadTotals")
    }
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        push_common(schemas);
    }
}

/// Where an amount falls in one set of bands (`homesafe_core::rules::remedy_bands::BandFit`).
pub struct BandFitSchema;

impl PartialSchema for BandFitSchema {
    fn schema() -> RefOr<Schema> {
        let band = || {
            require(
                ObjectBuilder::new()
                    .property(
                        "id",
                        text("Stable id, e.g. `hos.remedies.adverse_effect` (docs/rules.md §10.2)"),
                    )
                    .property("min", pence("The lowest amount in the band"))
                    .property(
                        "max",
                        nullable(reference::<Pence>(), "The highest; null: no upper limit"),
                    )
                    .property("description", text("When the band is meant to be used"))
                    .property("source", text("Where the band comes from"))
                    .property(
                        "confirmed",
                        ObjectBuilder::new()
                            .schema_type(Type::Boolean)
                            .description(Some(
                                "False when not seen in a primary source (UNCONFIRMED)",
                            )),
                    ),
                &["id", "min", "max", "description", "source", "confirmed"],
            )
        };
        require(
            ObjectBuilder::new()
                .property(
                    "fit",
                    text("`within` (in `bands`: two when the amount is on the edge they share), `below` (under `lowest`), `above` (over `highest`), `in_a_gap` (between two bands of a policy), `not_banded` (these bands are not used for the head: `why`), `none_in_force` (no bands held for the date)")
                        .enum_values(Some([
                            "within",
                            "below",
                            "above",
                            "in_a_gap",
                            "not_banded",
                            "none_in_force",
                        ])),
                )
                .property(
                    "bands",
                    ArrayBuilder::new().items(band()).description(Some("With `within`")),
                )
                .property("lowest", band().description(Some("With `below`")))
                .property("highest", band().description(Some("With `above`")))
                .property("why", text("With `not_banded`"))
                .description(Some(
                    "Where an amount falls in a set of compensation bands (rules.md §5.3; docs/rules.md §10.2)",
                )),
            &["fit"],
        )
        .into()
    }
}

impl ToSchema for BandFitSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("BandFit")
    }
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        push_common(schemas);
    }
}

/// One remedy in the ledger (`homesafe_core::remedies::ledger::Row`).
pub struct RemedyLedgerRowSchema;

impl PartialSchema for RemedyLedgerRowSchema {
    fn schema() -> RefOr<Schema> {
        let payment = require(
            ObjectBuilder::new()
                .property("event", reference::<EventId>())
                .property("paid_on", described::<HistoryTime>("When it was paid"))
                .property("amount", pence("The amount paid"))
                .property(
                    "to_rent_account",
                    pence("Of it, what went to the rent account"),
                )
                .property(
                    "method",
                    text("e.g. `bank_transfer`, `rent_account_credit`"),
                ),
            &["event", "paid_on", "amount", "to_rent_account", "method"],
        );
        let credit = require(
            ObjectBuilder::new()
                .property("event", reference::<EventId>())
                .property("on", described::<HistoryTime>("When it was credited"))
                .property("from", reference::<RecordId>())
                .property("amount", pence("The amount counted towards this remedy")),
            &["event", "on", "from", "amount"],
        );
        let withdrawal = require(
            ObjectBuilder::new()
                .property("on", described::<HistoryTime>("When it was withdrawn"))
                .property("reason", text("Why, or what replaced it"))
                .property(
                    "replaced_by",
                    ArrayBuilder::new()
                        .items(reference::<RecordId>())
                        .description(Some(
                            "The remedies that replace it; empty: withdrawn outright",
                        )),
                ),
            &["on", "reason", "replaced_by"],
        );
        let bands = require(
            ObjectBuilder::new()
                .property(
                    "guidance",
                    nullable(
                        ObjectBuilder::new().schema_type(Type::String),
                        "The Ombudsman guidance version used (`hos.remedies`); null when none is held for the offer's date",
                    ),
                )
                .property("ombudsman", reference::<BandFitSchema>())
                .property(
                    "policy",
                    nullable(
                        ObjectBuilder::new().schema_type(Type::String),
                        "The compensation policy used: the landlord's own, else HomeSafe's default",
                    ),
                )
                .property("landlord_policy", reference::<BandFitSchema>())
                .description(Some("The bands beside the amount, on the offer's date")),
            &["guidance", "ombudsman", "policy", "landlord_policy"],
        );
        let row = ObjectBuilder::new()
            .property("remedy", reference::<RecordId>())
            .property("for_case", reference::<RecordId>())
            .property(
                "case_kind",
                text("What `for_case` is").enum_values(Some(["complaint", "ombudsman_case"])),
            )
            .property("head", reference::<RemedyHead>())
            .property("amount", pence("The amount offered"))
            .property("reason", text("Why, as the offer says"))
            .property("offered_on", described::<HistoryTime>("When it was offered"))
            .property(
                "offset_against_arrears",
                nullable(
                    ObjectBuilder::new().schema_type(Type::Boolean),
                    "The offer's stance: to be set against any rent arrears",
                ),
            )
            .property(
                "order",
                nullable(reference::<RecordId>(), "The Ombudsman order it is paid under"),
            )
            .property(
                "due",
                nullable(
                    reference::<HistoryTime>(),
                    "The date the record gives (the remedy's own or the order's); null when the policy period applies",
                ),
            )
            .property(
                "due_from",
                text("`remedy` (its own date), `order` (the Ombudsman order's), `policy` (no date: the landlord's policy period after the offer, 28 calendar days by default)")
                    .enum_values(Some(due_froms())),
            )
            .property(
                "due_date",
                nullable(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .format(Some(utoipa::openapi::schema::SchemaFormat::KnownFormat(
                            utoipa::openapi::KnownFormat::Date,
                        ))),
                    "The last day it is in time; null if the calendar cannot say",
                ),
            )
            .property("paid", pence("Cash paid on it"))
            .property("to_rent_account", pence("Of paid, to the rent account against arrears"))
            .property("to_resident", pence("Of paid, to the resident"))
            .property("credited", pence("Money paid on offers it replaced, counted towards it"))
            .property(
                "carried_to_replacements",
                pence("Of paid, what was counted towards its replacements"),
            )
            .property("outstanding", pence("Still to pay: nothing once withdrawn or replaced"))
            .property(
                "status",
                text("`overdue` (something outstanding after the due date), `part_paid`, `offered`, `paid` (nothing outstanding), `no_payment` (an amount of nothing), `replaced`, `withdrawn`")
                    .enum_values(Some(statuses())),
            )
            .property(
                "withdrawn",
                nullable(withdrawal, "Set once the offer no longer stands"),
            )
            .property(
                "payments",
                ArrayBuilder::new().items(payment).description(Some("Each payment, in order")),
            )
            .property(
                "credits",
                ArrayBuilder::new()
                    .items(credit)
                    .description(Some("Each credit from a replaced offer, in order")),
            )
            .property("bands", bands)
            .description(Some(
                "One remedy from offer to paid (requirements R10; Complaint Handling Code 2024, 7.3: a remedy says \
                 what will happen and by when; rules.md §5.3: the bands).",
            ));
        require(
            row,
            &[
                "remedy",
                "for_case",
                "case_kind",
                "head",
                "amount",
                "reason",
                "offered_on",
                "offset_against_arrears",
                "order",
                "due",
                "due_from",
                "due_date",
                "paid",
                "to_rent_account",
                "to_resident",
                "credited",
                "carried_to_replacements",
                "outstanding",
                "status",
                "withdrawn",
                "payments",
                "credits",
                "bands",
            ],
        )
        .into()
    }
}

impl ToSchema for RemedyLedgerRowSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("RemedyLedgerRow")
    }
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        push_common(schemas);
        schemas.push((BandFitSchema::name().into_owned(), BandFitSchema::schema()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_enums_are_the_serde_names() {
        for (name, status) in statuses().iter().zip(Status::ALL) {
            assert_eq!(
                serde_json::to_value(status).expect("serialises"),
                serde_json::json!(name)
            );
        }
        for (name, from) in
            due_froms()
                .iter()
                .zip([DueFrom::Remedy, DueFrom::Order, DueFrom::Policy])
        {
            assert_eq!(
                serde_json::to_value(from).expect("serialises"),
                serde_json::json!(name)
            );
        }
    }
}
