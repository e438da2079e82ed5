//! Complaint response letters through the API: a draft filled in from the record
//! (`GET /api/v1/complaints/{id}/letter-draft`), and issuing (`POST /api/v1/complaints/{id}/letters`):
//! a letter missing any element of Complaint Handling Code 2024 6.9 / 6.19 is refused with every
//! missing element named and nothing written; a complete one is rendered to HTML and PDF, both
//! kept by SHA-256 (bytes first) and recorded as evidence for the complaint in one write.
//!
//! Who may: staff, complaints handlers, managers and admins (the landlord's side that answers
//! complaints). Contractors, operatives, residents, representatives, the Ombudsman, auditors
//! and system accounts may not (403) — an interim policy beside `auth`'s.
//!
//! The core's letter types have no OpenAPI schemas, so theirs are written here by hand from
//! their serde form, as `commitments` does.

use std::borrow::Cow;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use homesafe_core::complaints::Stage;
use homesafe_core::complaints::letters::{
    Element, LetterIncomplete, LetterProblem, ResponseLetter,
};
use homesafe_core::history::{RecordId, Role, london};
use homesafe_store::{IssueError, StoreError};
use jiff::civil::Date;
use serde::Serialize;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{
    ArrayBuilder, KnownFormat, ObjectBuilder, OneOfBuilder, Schema, Type,
};
use utoipa::{PartialSchema, ToSchema};

use crate::AppState;
use crate::alerts::{formatted, known_params, reference, require, text};
use crate::auth::Caller;
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::{ApiJson, ApiPath, ApiQuery};

/// Interim policy: who may draft and issue complaint response letters.
pub fn may_issue_letters(role: Role) -> bool {
    matches!(
        role,
        Role::Admin | Role::Staff | Role::ComplaintsHandler | Role::Manager
    )
}

fn check_letters(caller: &Caller) -> Result<(), ApiError> {
    if may_issue_letters(caller.role) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(format!(
            "a token with role '{}' may not draft or issue complaint response letters (staff, complaints_handler, manager or admin may)",
            caller.role.as_str()
        )))
    }
}

/// A draft and what it still lacks.
#[derive(Debug, Serialize, ToSchema)]
pub struct LetterDraft {
    /// The letter as far as the record fills it in. Complete it and `POST` it to
    /// `/api/v1/complaints/{id}/letters`.
    #[schema(value_type = ResponseLetterSchema)]
    pub letter: ResponseLetter,
    /// What the letter still lacks, as `POST` would name it: at least the decision and reasons,
    /// which only the officer can give.
    pub missing: Vec<FieldError>,
}

/// One stored rendering of an issued letter.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedDocument {
    /// The document's record id, `sha256:<hex>`.
    pub id: String,
    /// `text/html` or `application/pdf`.
    pub media_type: String,
    pub filename: String,
    /// Lower-case hex SHA-256 of the bytes: download them from
    /// `/api/v1/documents/{sha256}/content`.
    pub sha256: String,
    pub size: u64,
}

/// An issued letter: its two documents and the events that recorded them.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedLetter {
    pub complaint: String,
    pub stage: u8,
    /// The HTML, then the PDF.
    pub documents: Vec<IssuedDocument>,
    /// The ids of the `document.added` events written (empty when this exact letter had
    /// already been issued).
    pub events: Vec<String>,
    /// True when these exact renderings were already recorded: nothing was written.
    pub already_issued: bool,
}

/// Where in the request body a problem lies.
fn field_of(p: &LetterProblem) -> String {
    let at = |base: &str| match p.item {
        Some(i) => format!("{base}[{}]", i.saturating_sub(1)),
        None => base.to_string(),
    };
    match p.element {
        Element::Landlord => "landlord".to_string(),
        Element::AddressedTo => "addressed_to".to_string(),
        Element::Date => "date".to_string(),
        Element::Stage => "stage".to_string(),
        Element::ComplaintDefinition => "definition".to_string(),
        Element::Decision => match p.item {
            Some(_) => format!("{}.decision", at("decisions")),
            None => "decisions".to_string(),
        },
        Element::Reasons => match p.item {
            Some(_) => format!("{}.reasons", at("decisions")),
            None => "decisions".to_string(),
        },
        Element::Remedy => match p.item {
            Some(_) => at("remedy.items"),
            None => "remedy".to_string(),
        },
        Element::OutstandingActions => at("outstanding_actions"),
        Element::RouteOnward => "route_onward".to_string(),
        Element::SignedBy => "signed_by".to_string(),
    }
}

/// Every problem as a field error: where, what, and the provision that requires it.
pub fn letter_errors(incomplete: &LetterIncomplete) -> Vec<FieldError> {
    incomplete
        .problems
        .iter()
        .map(|p| FieldError::new(field_of(p), format!("{p} ({})", p.element.provision())))
        .collect()
}

fn complaint_id(raw: &str) -> Result<RecordId, ApiError> {
    RecordId::parse(raw).map_err(|e| ApiError::NotFound(format!("no complaint '{raw}': {e}")))
}

fn parse_stage(s: &str) -> Result<Stage, String> {
    s.trim()
        .parse::<u8>()
        .map_err(|_| format!("'{s}' is not a stage: 1 or 2"))
        .and_then(Stage::try_from)
}

/// A response letter drafted from the record.
///
/// Fills in what the history says: the landlord, the complainant and the home's address; the
/// complaint definition (the stage's acknowledgement, else the complaint's description) and the
/// outcome sought; every remedy offered for the complaint (at stage 1, those before the resident
/// asked for stage 2), by head; every promise made in the complaint and not done by the letter's
/// date, with its owner and due date (a month is read as its last day; a due date kept only to the
/// year is left empty); the route onward (stage 2, or the Housing Ombudsman); the stage's handler
/// as signatory. The decision and reasons are left for the officer, and `missing` names them with
/// every other gap — for instance a remedy's "by when", which the record never holds.
#[utoipa::path(
    get,
    path = "/api/v1/complaints/{id}/letter-draft",
    tag = "letters",
    operation_id = "get_letter_draft",
    params(
        ("id" = String, Path, description = "The complaint's id"),
        ("stage" = u8, Query, description = "The stage responded to: `1` or `2`"),
        ("date" = Option<String>, Query, description = "The letter's date, `2022-03-24`; the record as it stood at the end of that London day. Default: today."),
    ),
    responses(
        (status = 200, description = "The draft, and what it still lacks", body = LetterDraft),
        (status = 400, description = "`stage` missing or not 1 or 2, `date` not a date, or an unknown parameter; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's role may not draft letters", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint (on that date)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_letter_draft(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath,
    ApiQuery(params): ApiQuery,
) -> Result<Json<LetterDraft>, ApiError> {
    check_letters(&caller)?;
    let values = known_params(
        params,
        &[("stage", "1 or 2"), ("date", "a date such as 2022-03-24")],
    )?;
    let mut errors = Vec::new();
    let stage = match values.get("stage") {
        None => {
            errors.push(FieldError::new("stage", "say which stage: 1 or 2"));
            None
        }
        Some(s) => parse_stage(s)
            .map_err(|reason| errors.push(FieldError::new("stage", reason)))
            .ok(),
    };
    let on = match values.get("date") {
        None => Some(jiff::Timestamp::now().to_zoned(london()).date()),
        Some(s) => s
            .trim()
            .parse::<Date>()
            .map_err(|e| errors.push(FieldError::new("date", format!("'{s}' is not a date: {e}"))))
            .ok(),
    };
    let (Some(stage), Some(on), true) = (stage, on, errors.is_empty()) else {
        return Err(ApiError::InvalidQuery(errors));
    };
    let complaint = complaint_id(&id)?;
    let letter = state.store.letter_draft(&complaint, stage, on).await?;
    let missing = match letter.check() {
        Ok(()) => Vec::new(),
        Err(incomplete) => letter_errors(&incomplete),
    };
    Ok(Json(LetterDraft { letter, missing }))
}

/// Issue a response letter.
///
/// The letter is checked first: if any element of Complaint Handling Code 2024 6.9 (stage 1) or
/// 6.19 (stage 2) is missing or invalid — a remedy without "by when", an action without an owner
/// or due date, a stage 2 signed by the stage 1 handler — the reply is 422 `letter_incomplete`
/// naming every one in `errors` (`field` is where in the letter, `reason` what and the provision),
/// and nothing is written. Otherwise the letter is rendered to HTML and PDF (deterministically: the
/// same letter gives the same bytes), both are kept by SHA-256 before anything is recorded, and two
/// `document.added` events — evidence for the complaint, written as the caller — are appended in
/// one write.
#[utoipa::path(
    post,
    path = "/api/v1/complaints/{id}/letters",
    tag = "letters",
    operation_id = "issue_letter",
    params(("id" = String, Path, description = "The complaint's id; the letter's `complaint` must be the same")),
    request_body(content = ResponseLetterSchema, content_type = "application/json", description = "The letter, as drafted and completed"),
    responses(
        (status = 201, description = "Issued: both documents kept and recorded", body = IssuedLetter),
        (status = 200, description = "This exact letter was already issued: the same documents, nothing written", body = IssuedLetter),
        (status = 400, description = "The body is not a letter (`malformed_json`, naming the field)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's role may not issue letters", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`letter_incomplete`: every missing or invalid element named in `errors`; nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn issue_letter(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath,
    ApiJson(letter): ApiJson<ResponseLetter>,
) -> Result<Response, ApiError> {
    check_letters(&caller)?;
    let complaint = complaint_id(&id)?;
    let mut errors = Vec::new();
    if letter.complaint != complaint {
        errors.push(FieldError::new(
            "complaint",
            format!(
                "the letter answers complaint '{}' but was sent to complaint '{complaint}'",
                letter.complaint
            ),
        ));
    }
    if let Err(incomplete) = letter.check() {
        errors.extend(letter_errors(&incomplete));
    }
    if !errors.is_empty() {
        return Err(ApiError::LetterIncomplete(errors));
    }
    let issued = match state
        .store
        .issue_letter(&state.documents, letter, caller.actor())
        .await
    {
        Ok(issued) => issued,
        Err(IssueError::Incomplete(incomplete)) => {
            return Err(ApiError::LetterIncomplete(letter_errors(&incomplete)));
        }
        Err(IssueError::Store(StoreError::NotFound(why))) => return Err(ApiError::NotFound(why)),
        Err(IssueError::Store(e)) => return Err(e.into()),
    };
    let already_issued = issued.events.is_empty();
    let body = IssuedLetter {
        complaint: issued.complaint.to_string(),
        stage: u8::from(issued.stage),
        documents: issued
            .documents
            .into_iter()
            .map(|d| IssuedDocument {
                id: d.id.to_string(),
                media_type: d.media_type,
                filename: d.filename,
                sha256: d.sha256,
                size: d.size,
            })
            .collect(),
        events: issued.events.iter().map(|e| e.id.to_string()).collect(),
        already_issued,
    };
    let status = if already_issued {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(body)).into_response())
}

// --- Schemas, written from the serde form of `homesafe_core::complaints::letters`. ---

fn date(description: &str) -> ObjectBuilder {
    formatted(KnownFormat::Date, description)
}

fn strings(description: &str) -> ArrayBuilder {
    ArrayBuilder::new()
        .items(ObjectBuilder::new().schema_type(Type::String))
        .description(Some(description))
}

fn object(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(description))
}

fn decision_words() -> [&'static str; 3] {
    ["upheld", "partly_upheld", "not_upheld"]
}

fn remedy_heads() -> Vec<&'static str> {
    homesafe_core::remedies::RemedyHead::ALL
        .iter()
        .map(|h| h.as_str())
        .collect()
}

/// A response letter (`homesafe_core::complaints::letters::ResponseLetter`).
pub struct ResponseLetterSchema;

impl PartialSchema for ResponseLetterSchema {
    fn schema() -> RefOr<Schema> {
        let definition = require(
            object("(b) Our understanding of the complaint and the outcome sought (Code 6.9(b); 5.6–5.7)")
                .property("understanding", text("Our understanding of the complaint"))
                .property("outcome_sought", text("The outcome the resident seeks"))
                .property("not_responsible_for", text("Parts the landlord is not responsible for, and who is")),
            &["understanding", "outcome_sought"],
        );
        let decision = require(
            object(
                "The decision on one element of the complaint, with reasons (Code 6.7, 6.9(c)–(d))",
            )
            .property("element", text("What this part of the complaint is about"))
            .property(
                "decision",
                text("Upheld, partly upheld or not upheld").enum_values(Some(decision_words())),
            )
            .property(
                "reasons",
                text("Why, citing the policy, law or good practice relied on"),
            ),
            &["element", "reasons"],
        );
        let amount = require(
            object("Compensation under one head")
                .property(
                    "head",
                    text("What it is for").enum_values(Some(remedy_heads())),
                )
                .property(
                    "amount",
                    ObjectBuilder::new()
                        .schema_type(Type::Integer)
                        .description(Some("In pence, more than 0")),
                ),
            &["head", "amount"],
        );
        let item = require(
            object("One thing the landlord will do (Code 7.3: what, and by when)")
                .property("what", text("What will be done"))
                .property("by_when", date("By when; not before the letter's date"))
                .property(
                    "compensation",
                    ArrayBuilder::new()
                        .items(amount)
                        .description(Some("Amounts by head")),
                ),
            &["what"],
        );
        let remedy = OneOfBuilder::new()
            .item(require(
                object("A remedy offered")
                    .property("kind", text("`offered`").enum_values(Some(["offered"])))
                    .property("items", ArrayBuilder::new().items(item)),
                &["kind", "items"],
            ))
            .item(require(
                object("No remedy due; refused when any element is upheld")
                    .property("kind", text("`none_due`").enum_values(Some(["none_due"])))
                    .property("why", text("Why nothing is due")),
                &["kind", "why"],
            ))
            .description(Some("(e) The remedy (Code 6.9(e), 7.1–7.3)"));
        let action = require(
            object("Something still to be done: it is a tracked commitment (Code 6.6)")
                .property("what", text("What"))
                .property("owner", text("Who owns it"))
                .property("due", date("When it is due; not before the letter's date")),
            &["what", "owner"],
        );
        let route = OneOfBuilder::new()
            .item(require(
                object("Stage 1: how to escalate to stage 2 (Code 6.9(g))")
                    .property("to", text("`stage2`").enum_values(Some(["stage2"])))
                    .property("how", text("How to ask for stage 2"))
                    .property("contact", text("Whom to contact")),
                &["to", "how", "contact"],
            ))
            .item(require(
                object("Stage 2: the Housing Ombudsman (Code 6.19)")
                    .property("to", text("`ombudsman`").enum_values(Some(["ombudsman"])))
                    .property("name", text("The Ombudsman's name"))
                    .property("address", strings("Postal address lines"))
                    .property("phone", text("Phone"))
                    .property("email", text("Email"))
                    .property("website", text("Website")),
                &["to", "name"],
            ))
            .description(Some("(g) The route onward"));
        let signatory = require(
            object("Who signs the letter; at stage 2 not the stage 1 handler (Code 6.13)")
                .property("name", text("Name"))
                .property("role", text("Role")),
            &["name", "role"],
        );
        let letter = require(
            object(
                "A complaint response letter. Every element may be missing in a draft; `POST /api/v1/complaints/{id}/letters` refuses a letter missing any (docs/rules.md §10.3).",
            )
            .property("complaint", reference::<RecordId>())
            .property("landlord", text("The landlord's name"))
            .property("addressed_to", text("The resident (or representative) it is addressed to"))
            .property("address", strings("Address lines"))
            .property("date", date("The letter's date"))
            .property("stage", ObjectBuilder::new().schema_type(Type::Integer).enum_values(Some([1, 2])).description(Some("(a) The stage: 1 or 2")))
            .property("definition", definition)
            .property("decisions", ArrayBuilder::new().items(decision).description(Some("(c), (d) A decision with reasons on each element")))
            .property("remedy", remedy)
            .property("outstanding_actions", ArrayBuilder::new().items(action).description(Some("(f) Outstanding actions; `[]` says there are none, absent has not said")))
            .property("route_onward", route)
            .property("signed_by", signatory)
            .property("stage1_handler", text("At stage 2: who handled stage 1")),
            &["complaint", "landlord", "addressed_to"],
        );
        letter.into()
    }
}

impl ToSchema for ResponseLetterSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ResponseLetter")
    }
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((RecordId::name().into_owned(), RecordId::schema()));
    }
}
