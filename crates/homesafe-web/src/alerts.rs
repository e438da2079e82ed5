//! The rules engine over the record: the alerts a dashboard showed at a moment
//! (`GET /api/v1/alerts`) and the rule table in force on a date (`GET /api/v1/rules`).
//!
//! The engine's types (`Alert`, `RuleEntry`) live in `homesafe-core` without OpenAPI schemas, so
//! their schemas are written here by hand from their serde form (docs/rules.md, "Public API").

use std::borrow::Cow;
use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use homesafe_core::history::{RecordId, london};
use homesafe_core::people::VulnerabilityCode;
use homesafe_core::rules::{Alert, AlertCode, RuleEntry, rules_in_force, sort_worklist};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use utoipa::openapi::schema::{
    ArrayBuilder, KnownFormat, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use crate::AppState;
use crate::auth::{Caller, may_read_special_category};
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::ApiQuery;

/// The longest query value echoed back in an error.
const MAX_ECHO: usize = 100;

/// The alerts present at one moment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertList {
    /// The instant asked about (a date or a wall-clock time resolved to an instant).
    #[schema(value_type = String, format = DateTime)]
    pub as_of: Timestamp,
    /// Every alert present then, as a worklist: by severity, then vulnerable households first,
    /// then the oldest due date, then code and record.
    #[schema(value_type = Vec<AlertSchema>)]
    pub alerts: Vec<Alert>,
    /// How many alerts the whole worklist holds (more than `alerts` when a page was asked for).
    pub total: usize,
    /// With `limit`: the `offset` of the next page, if there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_offset: Option<usize>,
}

/// The largest page of alerts a client may ask for.
pub const MAX_ALERT_PAGE: usize = 1000;

/// The rule table in force on one date.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleTable {
    /// The date asked about.
    #[schema(value_type = String, format = Date)]
    pub at: Date,
    /// Every rule in force that day, in a stable order: the calendar, complaints (the Code
    /// version, then landlords' policies), Awaab's Law, repair policies, HomeSafe's own rules.
    #[schema(value_type = Vec<RuleEntrySchema>)]
    pub rules: Vec<RuleEntry>,
}

/// Parses a query string that takes one optional parameter, `name`: every other parameter, an
/// empty or over-long value, or a value `parse` refuses is a 400 naming the parameter (all of
/// them at once).
fn one_param<T>(
    params: BTreeMap<String, String>,
    name: &str,
    usage: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>, ApiError> {
    let mut values = known_params(params, &[(name, usage)])?;
    match values.remove(name) {
        Some(v) => parse(&v)
            .map(Some)
            .map_err(|reason| ApiError::InvalidQuery(vec![FieldError::new(name, reason)])),
        None => Ok(None),
    }
}

/// The values of the parameters a query may take (`(name, usage)`): every other parameter, or an
/// empty or over-long value, is a 400 naming the parameter (all of them at once).
pub(crate) fn known_params(
    params: BTreeMap<String, String>,
    allowed: &[(&str, &str)],
) -> Result<BTreeMap<String, String>, ApiError> {
    let names: Vec<&str> = allowed.iter().map(|(n, _)| *n).collect();
    let mut values = BTreeMap::new();
    let mut errors = Vec::new();
    for (key, v) in params {
        let reason = match allowed.iter().find(|(n, _)| *n == key) {
            None => format!("unknown parameter: use {}", names.join(" or ")),
            Some(_) if v.is_empty() => "empty: leave the parameter out instead".to_string(),
            Some((_, usage)) if v.chars().count() > MAX_ECHO => format!("too long: {usage}"),
            Some(_) => {
                values.insert(key, v);
                continue;
            }
        };
        errors.push(FieldError::new(key, reason));
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(ApiError::InvalidQuery(errors))
    }
}

/// `as_of` resolved to an instant (now when absent); `None`, with the error noted, if it is not a
/// time.
pub(crate) fn as_of(value: Option<&String>, errors: &mut Vec<FieldError>) -> Option<Timestamp> {
    match value {
        Some(s) => homesafe_store::parse_as_of(s)
            .map_err(|e| errors.push(FieldError::new("as_of", e.to_string())))
            .ok(),
        None => Some(Timestamp::now()),
    }
}

pub(crate) const AS_OF_USAGE: &str = "2022-04-08T09:00 (Europe/London wall-clock time), an RFC 3339 instant such as 2022-04-08T08:00:00Z, or a date such as 2022-04-08 (the end of that London day)";

/// What the caller may see of the worklist. Contractor and operative tokens may not read
/// special category data (the interim policy in `auth`): the household's vulnerability codes
/// and the "suspected" flag are cleared, alerts about vulnerability records themselves (the
/// `vulnerability.*` family, whose records and details are health data) are left out, and the
/// rest is sorted again so the order does not tell either.
pub fn for_caller(caller: &Caller, mut alerts: Vec<Alert>) -> Vec<Alert> {
    if may_read_special_category(caller.role) {
        return alerts;
    }
    alerts.retain(|a| {
        !a.span.code.as_str().starts_with("vulnerability.")
            && !a.span.rule.starts_with("vulnerability.")
    });
    for a in &mut alerts {
        a.vulnerabilities.clear();
        a.suspected_vulnerability = false;
    }
    sort_worklist(&mut alerts);
    alerts
}

/// What a dashboard showed at a moment: every alert present then, as a worklist.
///
/// Computed from the history alone, as it had been recorded by `as_of` (an event counts from
/// when it was recorded). Contractor and operative tokens get no vulnerability data: empty
/// `vulnerabilities`, `suspected_vulnerability` false, and no `vulnerability.*` alerts.
#[utoipa::path(
    get,
    path = "/api/v1/alerts",
    tag = "alerts",
    operation_id = "get_alerts",
    params(
        ("as_of" = Option<String>, Query, description = "When: `2022-04-08T09:00` (Europe/London wall-clock time), an RFC 3339 instant (`2022-04-08T08:00:00Z`), or a date (`2022-04-08`: the end of that London day). Default: now."),
        ("home" = Option<String>, Query, description = "Only the alerts about this home (a property id)."),
        ("limit" = Option<usize>, Query, minimum = 1, maximum = 1000, description = "A page of the worklist, 1 to 1000 alerts, in worklist order (default: the whole worklist)."),
        ("offset" = Option<usize>, Query, description = "With `limit`: how many alerts of the worklist to skip (the previous page's `next_offset`; default 0)."),
    ),
    responses(
        (status = 200, description = "The alerts present at that moment, most urgent first", body = AlertList),
        (status = 400, description = "`as_of` is not a time, `home` not a record id, `limit` not 1 to 1000, `offset` not a whole number or given without `limit`, or an unknown parameter; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_alerts(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery,
) -> Result<Json<AlertList>, ApiError> {
    let values = known_params(
        params,
        &[
            ("as_of", AS_OF_USAGE),
            ("home", "a property id, such as prop-000001"),
            ("limit", "a page size, 1 to 1000"),
            ("offset", "how many alerts to skip, with limit"),
        ],
    )?;
    let mut errors = Vec::new();
    let as_of = as_of(values.get("as_of"), &mut errors);
    let limit = match values.get("limit").map(|v| v.parse::<usize>()) {
        None => None,
        Some(Ok(n)) if (1..=MAX_ALERT_PAGE).contains(&n) => Some(n),
        Some(_) => {
            errors.push(FieldError::new(
                "limit",
                format!("a page size is a whole number from 1 to {MAX_ALERT_PAGE}"),
            ));
            None
        }
    };
    let offset = match values.get("offset").map(|v| v.parse::<usize>()) {
        None => 0,
        Some(Ok(n)) if values.contains_key("limit") => n,
        Some(Ok(_)) => {
            errors.push(FieldError::new(
                "offset",
                "offset pages the worklist: give limit too",
            ));
            0
        }
        Some(Err(_)) => {
            errors.push(FieldError::new(
                "offset",
                "a whole number of alerts to skip, 0 or more",
            ));
            0
        }
    };
    let home = match values.get("home") {
        Some(s) => RecordId::parse(s.as_str())
            .map(Some)
            .map_err(|e| errors.push(FieldError::new("home", e.to_string())))
            .ok()
            .flatten(),
        None => None,
    };
    let (Some(as_of), true) = (as_of, errors.is_empty()) else {
        return Err(ApiError::InvalidQuery(errors));
    };
    // A page of the whole worklist is read from the worklist-order index, not built whole —
    // for callers who see it as it is. A contractor's list leaves out and re-sorts
    // (`for_caller`), so theirs is built whole and cut.
    if let (Some(limit), None, true) = (limit, &home, may_read_special_category(caller.role)) {
        let page = state
            .store
            .alerts_page(as_of, offset as u64, limit as u64)
            .await?;
        let total = page.total as usize;
        let end = offset.saturating_add(page.alerts.len());
        return Ok(Json(AlertList {
            as_of,
            alerts: page.alerts,
            total,
            next_offset: (end < total).then_some(end),
        }));
    }
    let alerts = match home {
        Some(home) => state.store.household_alerts(&home, as_of).await?,
        None => state.store.alerts_as_of(as_of).await?,
    };
    let mut alerts = for_caller(&caller, alerts);
    let total = alerts.len();
    let mut next_offset = None;
    if let Some(limit) = limit {
        let start = offset.min(total);
        let end = start.saturating_add(limit).min(total);
        alerts = alerts.drain(start..end).collect();
        next_offset = (end < total).then_some(end);
    }
    Ok(Json(AlertList {
        as_of,
        alerts,
        total,
        next_offset,
    }))
}

/// The dashboard's tiles at one moment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertCounts {
    /// The instant asked about (a date or a wall-clock time resolved to an instant).
    #[schema(value_type = String, format = DateTime)]
    pub as_of: Timestamp,
    /// How many alerts were present, in all.
    pub total: u64,
    /// How many of each code, severity and stage, most severe first, then code.
    #[schema(value_type = Vec<AlertCountSchema>)]
    pub counts: Vec<homesafe_store::AlertCount>,
}

/// How many alerts of each code, severity and stage a dashboard showed at a moment.
///
/// The same alerts as `GET /api/v1/alerts`, counted in the database without building the
/// worklist: every clock of the whole landlord evaluated as at `as_of`. Contractor and operative
/// tokens get no counts of `vulnerability.*` alerts.
#[utoipa::path(
    get,
    path = "/api/v1/alert-counts",
    tag = "alerts",
    operation_id = "get_alert_counts",
    params(
        ("as_of" = Option<String>, Query, description = "When: `2022-04-08T09:00` (Europe/London wall-clock time), an RFC 3339 instant (`2022-04-08T08:00:00Z`), or a date (`2022-04-08`: the end of that London day). Default: now."),
    ),
    responses(
        (status = 200, description = "The counts at that moment", body = AlertCounts),
        (status = 400, description = "`as_of` is not a time, or an unknown parameter; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_alert_counts(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery,
) -> Result<Json<AlertCounts>, ApiError> {
    let values = known_params(params, &[("as_of", AS_OF_USAGE)])?;
    let mut errors = Vec::new();
    let as_of = as_of(values.get("as_of"), &mut errors);
    let (Some(as_of), true) = (as_of, errors.is_empty()) else {
        return Err(ApiError::InvalidQuery(errors));
    };
    let mut counts = state.store.alert_counts_as_of(as_of).await?;
    if !may_read_special_category(caller.role) {
        counts.retain(|c| c.code.family() != "vulnerability");
    }
    Ok(Json(AlertCounts {
        as_of,
        total: counts.iter().map(|c| c.count).sum(),
        counts,
    }))
}

/// One tile (`homesafe_store::AlertCount`).
pub struct AlertCountSchema;

impl PartialSchema for AlertCountSchema {
    fn schema() -> RefOr<Schema> {
        require(
            ObjectBuilder::new()
                .property(
                    "code",
                    text("The alert code").enum_values(Some(alert_codes())),
                )
                .property(
                    "severity",
                    text("The severity").enum_values(Some(["low", "medium", "high", "critical"])),
                )
                .property(
                    "stage",
                    text("`due_soon` or `overdue`").enum_values(Some(["due_soon", "overdue"])),
                )
                .property(
                    "count",
                    ObjectBuilder::new()
                        .schema_type(Type::Integer)
                        .description(Some("How many were present")),
                ),
            &["code", "severity", "stage", "count"],
        )
        .into()
    }
}

impl ToSchema for AlertCountSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("AlertCount")
    }
}

/// The rule table in force on a date: every clock with its limit, what starts, stops and
/// satisfies it, its source, dates and status, and whether the landlord may set its own value.
#[utoipa::path(
    get,
    path = "/api/v1/rules",
    tag = "alerts",
    operation_id = "get_rules",
    params(
        ("at" = Option<String>, Query, format = Date, description = "The date, `YYYY-MM-DD`. Default: today in Europe/London."),
    ),
    responses(
        (status = 200, description = "The rules in force that day", body = RuleTable),
        (status = 400, description = "`at` is not a date, or an unknown parameter; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_rules(
    State(state): State<AppState>,
    _caller: Caller,
    ApiQuery(params): ApiQuery,
) -> Result<Json<RuleTable>, ApiError> {
    let at = one_param(params, "at", "a date, YYYY-MM-DD", |s| {
        s.parse::<Date>()
            .map_err(|e| format!("'{s}' is not a date (YYYY-MM-DD): {e}"))
    })?
    .unwrap_or_else(|| Timestamp::now().to_zoned(london()).date());
    let config = state.store.rules_config().await?;
    Ok(Json(RuleTable {
        at,
        rules: rules_in_force(at, &config),
    }))
}

/// The one scope parameter of a query that takes exactly one of `scopes` (name, usage), as
/// `(name, id)`; otherwise `None`, with the error pushed: `missing` when none is given, each name
/// when several are, the name when its value is not a record id.
pub(crate) fn one_scope(
    values: &BTreeMap<String, String>,
    scopes: &[(&'static str, &str)],
    missing: &str,
    errors: &mut Vec<FieldError>,
) -> Option<(&'static str, RecordId)> {
    let given: Vec<(&'static str, &String)> = scopes
        .iter()
        .filter_map(|(name, _)| values.get(*name).map(|v| (*name, v)))
        .collect();
    match given.as_slice() {
        [] => {
            errors.push(FieldError::new("(query)", missing));
            None
        }
        [(name, value)] => match RecordId::parse(value.as_str()) {
            Ok(id) => Some((*name, id)),
            Err(e) => {
                errors.push(FieldError::new(*name, e.to_string()));
                None
            }
        },
        several => {
            let all: Vec<&str> = scopes.iter().map(|(n, _)| *n).collect();
            let (last, rest) = all.split_last().unwrap_or((&"", &[]));
            let names: Vec<&str> = several.iter().map(|(n, _)| *n).collect();
            for name in &names {
                errors.push(FieldError::new(
                    *name,
                    format!(
                        "give only one of {} or {last}: {} were given",
                        rest.join(", "),
                        names.join(" and ")
                    ),
                ));
            }
            None
        }
    }
}

// --- Schemas, written from the serde form of the core types. ---

pub(crate) fn reference<T: ToSchema>() -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(T::name()))
}

pub(crate) fn text(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
}

pub(crate) fn formatted(format: KnownFormat, description: &str) -> ObjectBuilder {
    text(description).format(Some(SchemaFormat::KnownFormat(format)))
}

/// `T` or `null`.
pub(crate) fn nullable(schema: impl Into<RefOr<Schema>>, description: &str) -> RefOr<Schema> {
    OneOfBuilder::new()
        .item(schema)
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .description(Some(description))
        .into()
}

pub(crate) fn nullable_string(format: KnownFormat, description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .format(Some(SchemaFormat::KnownFormat(format)))
        .description(Some(description))
}

fn alert_codes() -> impl Iterator<Item = &'static str> {
    AlertCode::ALL.iter().map(AlertCode::as_str)
}

pub(crate) fn require(object: ObjectBuilder, names: &[&str]) -> ObjectBuilder {
    names.iter().copied().fold(object, ObjectBuilder::required)
}

/// One alert as shown at a moment (`homesafe_core::rules::Alert`).
pub struct AlertSchema;

impl PartialSchema for AlertSchema {
    fn schema() -> RefOr<Schema> {
        let alert = ObjectBuilder::new()
            .property(
                "code",
                text("The alert's stable code (the catalogue: docs/rules.md §7); codes are never renamed")
                    .enum_values(Some(alert_codes())),
            )
            .property(
                "severity",
                text("The code's severity when overdue; `low` while due soon")
                    .enum_values(Some(["low", "medium", "high", "critical"])),
            )
            .property(
                "stage",
                text("Whether the deadline is near (`due_soon`) or has passed (`overdue`)")
                    .enum_values(Some(["due_soon", "overdue"])),
            )
            .property(
                "rule",
                text("The rule's id, as listed by `GET /api/v1/rules`, e.g. `chc2024.stage2.response`"),
            )
            .property(
                "source",
                text("The provision, e.g. \"Complaint Handling Code 2024, 6.14\""),
            )
            .property(
                "property",
                nullable(reference::<RecordId>(), "The home it concerns, if known"),
            )
            .property(
                "records",
                ArrayBuilder::new()
                    .items(reference::<RecordId>())
                    .description(Some("The records behind it, the main one first")),
            )
            .property(
                "started",
                formatted(KnownFormat::DateTime, "When the clock started"),
            )
            .property(
                "due",
                formatted(
                    KnownFormat::DateTime,
                    "When the duty fell (or falls) due — the instant it becomes overdue; for an immediate alert, when it became known",
                ),
            )
            .property(
                "appears",
                formatted(KnownFormat::DateTime, "When a dashboard first showed it"),
            )
            .property(
                "clears",
                nullable_string(
                    KnownFormat::DateTime,
                    "Always null in a worklist: nobody knew then when it would clear",
                ),
            )
            .property(
                "detail",
                text("What happened, what is missing and the dates, for a housing officer to read"),
            )
            .property(
                "vulnerabilities",
                ArrayBuilder::new()
                    .items(reference::<VulnerabilityCode>())
                    .description(Some(
                        "Codes of the household's current vulnerability records at that moment, sorted. Always \
                         empty for contractor and operative tokens.",
                    )),
            )
            .property(
                "suspected_vulnerability",
                ObjectBuilder::new().schema_type(Type::Boolean).description(Some(
                    "The household's notes suggest a vulnerability nobody recorded \
                     (`vulnerability.possibly_unrecorded`). Always false for contractor and operative tokens.",
                )),
            )
            .description(Some(
                "An alert as a dashboard showed it at a moment: a duty's clock that had come due (or was about to), \
                 with the records behind it and the household's vulnerabilities. docs/rules.md describes every code.",
            ));
        require(
            alert,
            &[
                "code",
                "severity",
                "stage",
                "rule",
                "source",
                "property",
                "records",
                "started",
                "due",
                "appears",
                "clears",
                "detail",
                "vulnerabilities",
                "suspected_vulnerability",
            ],
        )
        .into()
    }
}

impl ToSchema for AlertSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Alert")
    }
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((RecordId::name().into_owned(), RecordId::schema()));
        schemas.push((
            VulnerabilityCode::name().into_owned(),
            VulnerabilityCode::schema(),
        ));
        VulnerabilityCode::schemas(schemas);
    }
}

/// One row of the rule table (`homesafe_core::rules::RuleEntry`).
pub struct RuleEntrySchema;

impl PartialSchema for RuleEntrySchema {
    fn schema() -> RefOr<Schema> {
        let limit = require(
            ObjectBuilder::new()
                .property(
                    "unit",
                    text("`working_days`: Monday to Friday minus England and Wales bank holidays, the trigger day being day 0; `calendar_days` and `weeks` count every day; `clock_hours` run continuously")
                        .enum_values(Some(["working_days", "calendar_days", "weeks", "clock_hours"])),
                )
                .property(
                    "amount",
                    ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0)),
                ),
            &["unit", "amount"],
        );
        let row = ObjectBuilder::new()
            .property(
                "id",
                text("Stable id, cited by alerts (`rule`), e.g. `chc2024.stage2.response`"),
            )
            .property("title", text("What the rule is"))
            .property(
                "limit",
                nullable(
                    limit,
                    "How long the duty may take; null for immediate checks and definitions",
                ),
            )
            .property("start", text("What starts the clock"))
            .property(
                "pause_stop",
                text("What pauses or stops it, with the evidence required"),
            )
            .property("satisfied_by", text("What satisfies it"))
            .property("source", text("The provision or policy it comes from"))
            .property(
                "effective_from",
                nullable_string(KnownFormat::Date, "First day in force; null if always"),
            )
            .property(
                "effective_to",
                nullable_string(KnownFormat::Date, "Last day in force; null if open-ended"),
            )
            .property(
                "status",
                text("`confirmed`: seen in a primary source; `unconfirmed`: verify before relying on it")
                    .enum_values(Some(["confirmed", "unconfirmed"])),
            )
            .property(
                "landlord_configurable",
                ObjectBuilder::new()
                    .schema_type(Type::Boolean)
                    .description(Some("Whether the landlord may set its own value")),
            )
            .property(
                "landlord",
                nullable(
                    reference::<RecordId>(),
                    "The landlord whose policy this is; null for the law, the Code or HomeSafe's default",
                ),
            )
            .property(
                "alert",
                ObjectBuilder::new()
                    .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
                    .enum_values(Some(alert_codes().map(Some).chain([None])))
                    .description(Some("The alert the rule raises, if any")),
            )
            .description(Some(
                "One rule in force: its limit, what starts, pauses, stops and satisfies it, its source, dates and status \
                 (docs/rules.md §3).",
            ));
        require(
            row,
            &[
                "id",
                "title",
                "limit",
                "start",
                "pause_stop",
                "satisfied_by",
                "source",
                "effective_from",
                "effective_to",
                "status",
                "landlord_configurable",
                "landlord",
                "alert",
            ],
        )
        .into()
    }
}

impl ToSchema for RuleEntrySchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("RuleEntry")
    }
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((RecordId::name().into_owned(), RecordId::schema()));
    }
}
