//! Everything the rules engine is configured with, in one value. [`RulesConfig::default`] is what
//! HomeSafe ships: the England and Wales calendar, every version of the Complaint Handling Code,
//! Awaab's Law with its phases, HomeSafe's default repair policy, and the two case landlords'
//! published policies as examples keyed by their record ids in `examples/cases/`.

use super::awaabs_law::AwaabsLaw;
use super::calendar::Calendar;
use super::clock::{DueSoon, Limit};
use super::complaint_code::{self, ComplaintRules};
use super::damp_policy::{self, DampPolicy};
use super::remedy_bands::{self, RemedyBands};
use super::repair_policy::{self, RepairPolicy};
use super::vulnerability_words::{self, WordGroup};

/// How far back a new report or job is matched against earlier ones for the same issue
/// (requirements R7): 24 months. R7 asks that "new issue" can never be said of "a two-year-old
/// one"; in the Clarion case the repointing re-raised in February 2023 went back to March 2022
/// and the first damp report to March 2021. Landlord-configurable.
pub const RECURRENCE_WINDOW_MONTHS: u32 = 24;

/// How soon a report about a contractor's conduct or workmanship must have an investigation on
/// the record: 10 working days from the case being opened. No law or Code sets a clock for this;
/// it is the landlord's own policy (UNCONFIRMED: HomeSafe's default, chosen to match the
/// Awaab's Law investigation period and the Code's stage 1 response time, so the facts are in
/// before the complaint is answered — the L&Q failing, determination 202209500).
/// Landlord-configurable.
pub const CONDUCT_INVESTIGATION_WITHIN: Limit = Limit::WorkingDays(10);
/// How long a landlord takes to pay a remedy offered with no date of its own: 28 calendar days
/// from the offer. The Complaint Handling Code asks that a remedy say "by when" (2024, 7.3) but
/// sets no period, and neither case report states one, so this is HomeSafe's default for a
/// landlord's policy — UNCONFIRMED, landlord-configurable. An Ombudsman order carries its own
/// date (a remedy paid under it takes the order's `due`).
pub const REMEDY_PAYMENT_WITHIN: Limit = Limit::CalendarDays(28);

/// The rules engine's configuration.
#[derive(Debug, Clone)]
pub struct RulesConfig {
    /// The working-day calendar (rules.md §9.1).
    pub calendar: Calendar,
    /// The versions of the Ombudsman's Complaint Handling Code, chosen by date.
    pub complaint_code: Vec<ComplaintRules>,
    /// Landlords' own complaints policies, keyed by landlord record id, chosen by date.
    pub complaint_policies: Vec<ComplaintRules>,
    /// How soon after a response listing outstanding actions they must be tracked commitments.
    pub complaint_actions_within: Limit,
    /// Repair policies: HomeSafe's default (`landlord: None`) and landlords' own.
    pub repair_policies: Vec<RepairPolicy>,
    /// Awaab's Law: time limits and phase commencement dates.
    pub awaab: AwaabsLaw,
    /// See [`RECURRENCE_WINDOW_MONTHS`].
    pub recurrence_window_months: u32,
    /// The words that suggest an unrecorded vulnerability.
    pub vulnerability_words: Vec<WordGroup>,
    /// How long before a deadline it shows as due soon.
    pub due_soon: DueSoon,
    /// See [`CONDUCT_INVESTIGATION_WITHIN`].
    pub conduct_investigation_within: Limit,
    /// See [`REMEDY_PAYMENT_WITHIN`].
    pub remedy_payment_within: Limit,
    /// The versions of the Ombudsman's remedies guidance: the bands every offer is placed in.
    pub remedy_guidance: Vec<RemedyBands>,
    /// Compensation policies: HomeSafe's default (`landlord: None`) and landlords' own, each
    /// checked with [`RemedyBands::check`] before use.
    pub remedy_policies: Vec<RemedyBands>,
    /// Landlords' own damp-and-mould policies (`damp_policy`); none by default.
    pub damp_policies: Vec<DampPolicy>,
}

impl Default for RulesConfig {
    fn default() -> Self {
        RulesConfig {
            calendar: Calendar::england_and_wales(),
            complaint_code: complaint_code::code_versions(),
            complaint_policies: complaint_code::landlord_policies(),
            complaint_actions_within: complaint_code::ACTIONS_TRACKED_WITHIN,
            repair_policies: repair_policy::shipped_policies(),
            awaab: AwaabsLaw::default(),
            recurrence_window_months: RECURRENCE_WINDOW_MONTHS,
            vulnerability_words: vulnerability_words::default_groups(),
            due_soon: DueSoon::default(),
            conduct_investigation_within: CONDUCT_INVESTIGATION_WITHIN,
            remedy_payment_within: REMEDY_PAYMENT_WITHIN,
            remedy_guidance: remedy_bands::ombudsman_guidance(),
            remedy_policies: remedy_bands::shipped_policies(),
            damp_policies: damp_policy::shipped_policies(),
        }
    }
}
