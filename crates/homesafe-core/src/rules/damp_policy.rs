//! Landlords' own damp-and-mould policies (requirements R3: recurring or severe mould triggers a
//! recorded risk assessment). Not law: each is a landlord's published policy, held as data,
//! date-effective and keyed by the landlord's record. HomeSafe ships no default — a landlord
//! sets its own — and Clarion's, as the Ombudsman quotes it, for its case file.

use std::borrow::Cow;

use jiff::civil::{Date, date};

use crate::history::RecordId;
use crate::rules::Limit;

/// What a landlord's damp-and-mould policy promises that a clock can hold it to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DampPolicy {
    /// e.g. `policy.clarion.damp`.
    pub id: Cow<'static, str>,
    pub name: Cow<'static, str>,
    pub landlord: RecordId,
    /// The first day the policy is certainly in force.
    pub effective_from: Date,
    pub effective_to: Option<Date>,
    pub source: Cow<'static, str>,
    /// Once recurring damp and mould is identified at a home, a comprehensive risk assessment is
    /// recorded on the hazard within this period.
    pub risk_assessment_within: Limit,
    /// Whether the policy itself sets that period (otherwise it is HomeSafe's default).
    pub period_confirmed: bool,
}

impl DampPolicy {
    pub fn in_force(&self, on: Date) -> bool {
        on >= self.effective_from && self.effective_to.is_none_or(|to| on <= to)
    }
}

/// HomeSafe's period for a risk assessment when the landlord's policy sets none: 20 working
/// days (HomeSafe's choice, UNCONFIRMED; the landlord sets its own).
pub const RISK_ASSESSMENT_WITHIN: Limit = Limit::WorkingDays(20);

/// Clarion's Leaks, Condensation, Damp and Mould Policy, "dated February 2023" (Housing
/// Ombudsman report 202208650, assessment ¶9–10): "where particularly severe or recurring mould
/// issues are identified, it would undertake a comprehensive risk assessment". Known only to the
/// month, so in force — certainly — from the month's last day. The policy as quoted sets no
/// period: HomeSafe's 20 working days (UNCONFIRMED). Keyed by the landlord's record id in
/// `examples/cases/clarion-202208650.jsonl`.
pub fn clarion_damp_policy() -> Option<DampPolicy> {
    Some(DampPolicy {
        id: "policy.clarion.damp".into(),
        name: "Clarion Leaks, Condensation, Damp and Mould Policy (February 2023)".into(),
        landlord: RecordId::parse("clarion").ok()?,
        effective_from: date(2023, 2, 28),
        effective_to: None,
        source: "Clarion Leaks, Condensation, Damp and Mould Policy (February 2023), as quoted in Housing Ombudsman report 202208650, assessment ¶9–10; period: HomeSafe default (UNCONFIRMED)".into(),
        risk_assessment_within: RISK_ASSESSMENT_WITHIN,
        period_confirmed: false,
    })
}

/// The damp policies HomeSafe ships: Clarion's, for its case file.
pub fn shipped_policies() -> Vec<DampPolicy> {
    clarion_damp_policy().into_iter().collect()
}

/// The landlord's damp policy in force on `on`, if it has one.
pub fn policy_for<'a>(
    policies: &'a [DampPolicy],
    landlord: Option<&RecordId>,
    on: Date,
) -> Option<&'a DampPolicy> {
    let landlord = landlord?;
    policies
        .iter()
        .rev()
        .find(|p| &p.landlord == landlord && p.in_force(on))
}
