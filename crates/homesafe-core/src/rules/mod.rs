//! The rules HomeSafe encodes. Each rule lives in exactly one place and cites its source.
//!
//! - [`calendar`]: working days (rules.md §7, §9.1–9.2).
//! - [`clock`]: limits and due dates — day-zero counting, partial dates counted from their last
//!   possible day, clock hours from the latest instant, the due-soon warning period.
//! - [`complaint_code`]: the Complaint Handling Code by version (2020, 2022, 2024) and landlords'
//!   published complaints policies, chosen by date.
//! - [`awaabs_law`]: Awaab's Law time limits and commencement phases.
//! - [`repair_policy`]: landlords' repair priorities and targets, and HomeSafe's defaults.
//! - [`remedy_bands`]: the Ombudsman's compensation bands and landlords' compensation policies.
//! - [`vulnerability_words`]: the words that suggest an unrecorded vulnerability.
//! - [`table`]: the rule table in force on a date ([`rules_in_force`]).
//! - [`alerts`]: every duty's clock over the history, as alert spans ([`alert_spans`]) and as a
//!   worklist at a moment ([`alerts_as_of`]).
//!
//! Everything is configured by one [`RulesConfig`]; its `Default` is what HomeSafe ships.

pub mod alerts;
pub mod awaabs_law;
pub mod calendar;
pub mod clock;
pub mod complaint_code;
mod config;
pub mod damp_policy;
pub mod remedy_bands;
pub mod repair_policy;
pub mod table;
pub mod vulnerability_words;

pub use alerts::{
    Alert, AlertCode, AlertSpan, AlertStage, Severity, ShownStretch, VulnerabilitySpan,
    alert_spans, alerts_as_of, assemble, code_rank, shown_stretches, sort_worklist,
    split_by_household, stage_rank, vulnerability_spans, worklist_band,
};
pub use awaabs_law::AwaabsLaw;
pub use clock::{Due, DueSoon, Limit};
pub use complaint_code::{Anchor, ComplaintRules, TimeRule};
pub use config::{
    CONDUCT_INVESTIGATION_WITHIN, RECURRENCE_WINDOW_MONTHS, REMEDY_PAYMENT_WITHIN, RulesConfig,
};
pub use repair_policy::{Measure, PriorityTarget, RepairPolicy};
pub use table::{RuleEntry, RuleStatus, rules_in_force};
pub use vulnerability_words::WordGroup;
