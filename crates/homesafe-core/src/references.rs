//! References between records. Every reference an event makes is declared, so the store can
//! refuse an unknown one ("an unknown reference is an error, never a silent creation") and
//! derive links for the chronology.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::history::RecordId;

/// The kinds of record HomeSafe keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Landlord,
    Estate,
    Block,
    Component,
    Property,
    Person,
    Tenancy,
    Representative,
    Vulnerability,
    Adjustment,
    Report,
    WorksOrder,
    Appointment,
    Hazard,
    Survey,
    Recommendation,
    Document,
    Contact,
    Contractor,
    Operative,
    Quote,
    Invoice,
    Complaint,
    Remedy,
    Commitment,
    OmbudsmanCase,
    OmbudsmanOrder,
    LegalCase,
    /// A report about a contractor's conduct or workmanship (requirements R11).
    ConductCase,
}

impl RecordKind {
    pub const ALL: [RecordKind; 29] = [
        RecordKind::Landlord,
        RecordKind::Estate,
        RecordKind::Block,
        RecordKind::Component,
        RecordKind::Property,
        RecordKind::Person,
        RecordKind::Tenancy,
        RecordKind::Representative,
        RecordKind::Vulnerability,
        RecordKind::Adjustment,
        RecordKind::Report,
        RecordKind::WorksOrder,
        RecordKind::Appointment,
        RecordKind::Hazard,
        RecordKind::Survey,
        RecordKind::Recommendation,
        RecordKind::Document,
        RecordKind::Contact,
        RecordKind::Contractor,
        RecordKind::Operative,
        RecordKind::Quote,
        RecordKind::Invoice,
        RecordKind::Complaint,
        RecordKind::Remedy,
        RecordKind::Commitment,
        RecordKind::OmbudsmanCase,
        RecordKind::OmbudsmanOrder,
        RecordKind::LegalCase,
        RecordKind::ConductCase,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            RecordKind::Landlord => "landlord",
            RecordKind::Estate => "estate",
            RecordKind::Block => "block",
            RecordKind::Component => "component",
            RecordKind::Property => "property",
            RecordKind::Person => "person",
            RecordKind::Tenancy => "tenancy",
            RecordKind::Representative => "representative",
            RecordKind::Vulnerability => "vulnerability",
            RecordKind::Adjustment => "adjustment",
            RecordKind::Report => "report",
            RecordKind::WorksOrder => "works_order",
            RecordKind::Appointment => "appointment",
            RecordKind::Hazard => "hazard",
            RecordKind::Survey => "survey",
            RecordKind::Recommendation => "recommendation",
            RecordKind::Document => "document",
            RecordKind::Contact => "contact",
            RecordKind::Contractor => "contractor",
            RecordKind::Operative => "operative",
            RecordKind::Quote => "quote",
            RecordKind::Invoice => "invoice",
            RecordKind::Complaint => "complaint",
            RecordKind::Remedy => "remedy",
            RecordKind::Commitment => "commitment",
            RecordKind::OmbudsmanCase => "ombudsman_case",
            RecordKind::OmbudsmanOrder => "ombudsman_order",
            RecordKind::LegalCase => "legal_case",
            RecordKind::ConductCase => "conduct_case",
        }
    }

    pub fn parse(s: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether records of this kind hold special category data (health, disability) whose
    /// reads must be auditable (requirements R19).
    pub fn is_special_category(&self) -> bool {
        matches!(self, RecordKind::Vulnerability | RecordKind::Adjustment)
    }
}

/// One reference from an event's data to another record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref<'a> {
    /// Where in the event's data, e.g. `property` or `tenants[1]`.
    pub field: Cow<'static, str>,
    pub id: &'a RecordId,
    /// The kinds of record the field may point at.
    pub kinds: &'static [RecordKind],
}

/// Collects the references a piece of event data makes.
#[derive(Default)]
pub struct Refs<'a> {
    pub list: Vec<Ref<'a>>,
}

impl<'a> Refs<'a> {
    pub fn one(
        &mut self,
        field: impl Into<Cow<'static, str>>,
        id: &'a RecordId,
        kinds: &'static [RecordKind],
    ) {
        self.list.push(Ref {
            field: field.into(),
            id,
            kinds,
        });
    }

    pub fn opt(
        &mut self,
        field: impl Into<Cow<'static, str>>,
        id: &'a Option<RecordId>,
        kinds: &'static [RecordKind],
    ) {
        if let Some(id) = id {
            self.one(field, id, kinds);
        }
    }

    pub fn many(&mut self, field: &'static str, ids: &'a [RecordId], kinds: &'static [RecordKind]) {
        for (i, id) in ids.iter().enumerate() {
            self.list.push(Ref {
                field: format!("{field}[{i}]").into(),
                id,
                kinds,
            });
        }
    }
}

/// Kinds a reference may point at, named for reading at the call site.
pub mod to {
    use super::RecordKind as K;
    pub const LANDLORD: &[K] = &[K::Landlord];
    pub const ESTATE: &[K] = &[K::Estate];
    pub const BLOCK: &[K] = &[K::Block];
    pub const COMPONENT: &[K] = &[K::Component];
    pub const PROPERTY: &[K] = &[K::Property];
    pub const PERSON: &[K] = &[K::Person];
    pub const REPRESENTATIVE: &[K] = &[K::Representative];
    pub const REPORT: &[K] = &[K::Report];
    pub const WORKS_ORDER: &[K] = &[K::WorksOrder];
    pub const HAZARD: &[K] = &[K::Hazard];
    pub const DOCUMENT: &[K] = &[K::Document];
    pub const CONTRACTOR: &[K] = &[K::Contractor];
    pub const OPERATIVE: &[K] = &[K::Operative];
    pub const COMPLAINT: &[K] = &[K::Complaint];
    pub const OMBUDSMAN_CASE: &[K] = &[K::OmbudsmanCase];
    pub const LEGAL_CASE: &[K] = &[K::LegalCase];
    pub const OMBUDSMAN_ORDER: &[K] = &[K::OmbudsmanOrder];
    pub const REMEDY: &[K] = &[K::Remedy];
    /// What a commitment can be fulfilled by or a promise can come from.
    pub const PROMISE_SOURCE: &[K] = &[
        K::Complaint,
        K::Contact,
        K::Survey,
        K::Hazard,
        K::Report,
        K::OmbudsmanCase,
    ];
    /// What a works order can fulfil.
    pub const FULFILLABLE: &[K] = &[K::Commitment, K::Recommendation, K::OmbudsmanOrder];
    /// Anything at all (a contact or document can be about any record).
    pub const ANY: &[K] = &super::RecordKind::ALL;
}
