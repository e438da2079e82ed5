//! Landlords' repair policies: priorities and their target times, which reports are emergencies
//! by policy, and the housekeeping periods HomeSafe checks (triage, follow-on after a failed
//! visit, verifying a completion, acting on a survey's recommendations). All landlord-configurable
//! and date-effective; a landlord without its own policy gets [`homesafe_default`].
//!
//! There is no prescribed time in law for ordinary repairs (Clarion report 202208650, ¶3 of the
//! assessment): the targets are the landlord's own service standards, which the Ombudsman holds
//! it to. The clocks that apply them are in `rules/alerts/repairs.rs` and `rules/alerts/surveys.rs`.

use std::borrow::Cow;

use jiff::civil::Date;

use super::clock::Limit;
use crate::estate::ComponentKind;
use crate::hazards::HazardType;
use crate::history::RecordId;

/// What a priority's target measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// The repair is complete (a works order for the report believed done).
    Completed,
    /// An appointment has been offered (booked) — Clarion's "offer an appointment within 28 days".
    AppointmentOffered,
}

impl Measure {
    pub fn describe(&self) -> &'static str {
        match self {
            Measure::Completed => "repair completed",
            Measure::AppointmentOffered => "appointment offered",
        }
    }
}

/// One priority and its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorityTarget {
    /// The priority code as triage records it, e.g. `emergency`, `urgent`, `routine`.
    pub priority: Cow<'static, str>,
    pub limit: Limit,
    pub measure: Measure,
    pub source: Cow<'static, str>,
    pub confirmed: bool,
}

/// A landlord's repair policy (or HomeSafe's default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepairPolicy {
    /// e.g. `policy.clarion.repairs`.
    pub id: Cow<'static, str>,
    pub name: Cow<'static, str>,
    /// `None` for HomeSafe's default policy.
    pub landlord: Option<RecordId>,
    pub effective_from: Option<Date>,
    pub effective_to: Option<Date>,
    pub source: Cow<'static, str>,
    /// Where the housekeeping periods below (triage, follow-on, verification, recommendation,
    /// survey report) come from: HomeSafe's defaults unless the landlord sets its own.
    pub periods_source: Cow<'static, str>,
    pub priorities: Vec<PriorityTarget>,
    /// The priority of a report nobody triaged (the Ombudsman held Clarion to its non-emergency
    /// target for untriaged reports).
    pub default_priority: Cow<'static, str>,
    /// Reports about these building elements are emergencies by policy.
    pub emergency_elements: Vec<Cow<'static, str>>,
    /// Reports about these shared components are emergencies by policy.
    pub emergency_components: Vec<ComponentKind>,
    /// Reports of these suspected hazards are emergencies by policy.
    pub emergency_hazards: Vec<HazardType>,
    /// A service request must be triaged (or a works order raised) within this period (Complaint
    /// Handling Code 1.4: service requests are recorded, monitored and reviewed).
    pub triage_within: Limit,
    /// After a visit that failed (no access, no show, could not complete), the follow-on must be
    /// on the record within this period (requirements R4).
    pub follow_on_within: Limit,
    /// A completion must carry evidence, a resident confirmation or a post-inspection within this
    /// period (requirements R5); complaint and hazard work needs confirmation or post-inspection.
    pub verify_completion_within: Limit,
    /// A survey recommendation with no due date of its own must be decided within this period
    /// (requirements R6).
    pub recommendation_within: Limit,
    /// A survey's report must be held (a document attached) within this period (requirements R6;
    /// Clarion: no earlier survey report could be produced).
    pub survey_report_within: Limit,
    /// Whether the landlord aims at a first-time fix (recorded on completions; no clock).
    pub first_time_fix: bool,
}

impl RepairPolicy {
    pub fn in_force(&self, on: Date) -> bool {
        self.effective_from.is_none_or(|from| on >= from)
            && self.effective_to.is_none_or(|to| on <= to)
    }

    pub fn target(&self, priority: &str) -> Option<&PriorityTarget> {
        self.priorities.iter().find(|p| p.priority == priority)
    }
}

const HOMESAFE: &str = "HomeSafe default (set the landlord's own policy)";
const PERIODS: &str = "HomeSafe default period (the landlord may set its own)";

fn target(
    priority: &'static str,
    limit: Limit,
    measure: Measure,
    source: &'static str,
    confirmed: bool,
) -> PriorityTarget {
    PriorityTarget {
        priority: Cow::Borrowed(priority),
        limit,
        measure,
        source: Cow::Borrowed(source),
        confirmed,
    }
}

/// HomeSafe's default policy, for landlords that have not configured their own. Its values are
/// drawn from the cases (emergency 24 hours; routine: an appointment offered within 28 days, as
/// Clarion's policy) and are HomeSafe's choice, not law.
pub fn homesafe_default() -> RepairPolicy {
    RepairPolicy {
        id: "policy.homesafe.repairs".into(),
        name: "HomeSafe default repair policy".into(),
        landlord: None,
        effective_from: None,
        effective_to: None,
        source: HOMESAFE.into(),
        periods_source: PERIODS.into(),
        priorities: vec![
            target(
                "emergency",
                Limit::ClockHours(24),
                Measure::Completed,
                HOMESAFE,
                false,
            ),
            target(
                "urgent",
                Limit::WorkingDays(5),
                Measure::Completed,
                HOMESAFE,
                false,
            ),
            target(
                "routine",
                Limit::CalendarDays(28),
                Measure::AppointmentOffered,
                HOMESAFE,
                false,
            ),
        ],
        default_priority: "routine".into(),
        emergency_elements: Vec::new(),
        emergency_components: Vec::new(),
        emergency_hazards: Vec::new(),
        triage_within: Limit::WorkingDays(1),
        follow_on_within: Limit::WorkingDays(2),
        verify_completion_within: Limit::WorkingDays(5),
        recommendation_within: Limit::WorkingDays(20),
        survey_report_within: Limit::WorkingDays(5),
        first_time_fix: false,
    }
}

/// Clarion's repair policy as the Ombudsman describes it (report 202208650, ¶3 of the
/// assessment): non-emergency repairs get an appointment offered within 28 days; it aims at a
/// first-time fix. Its emergency target is not in the report (24 hours assumed, UNCONFIRMED).
/// Keyed by the landlord's record id in `examples/cases/clarion-202208650.jsonl`.
pub fn clarion_repair_policy() -> RepairPolicy {
    const SRC: &str = "Clarion repair policy, as described in Housing Ombudsman report 202208650";
    RepairPolicy {
        id: "policy.clarion.repairs".into(),
        name: "Clarion repair policy (as described by the Ombudsman)".into(),
        landlord: RecordId::parse("clarion").ok(),
        source: SRC.into(),
        priorities: vec![
            target(
                "emergency",
                Limit::ClockHours(24),
                Measure::Completed,
                HOMESAFE,
                false,
            ),
            target(
                "urgent",
                Limit::CalendarDays(28),
                Measure::AppointmentOffered,
                SRC,
                true,
            ),
            target(
                "routine",
                Limit::CalendarDays(28),
                Measure::AppointmentOffered,
                SRC,
                true,
            ),
        ],
        first_time_fix: true,
        ..homesafe_default()
    }
}

/// L&Q's emergency repairs policy as the Ombudsman quotes it (report 202209500): blocked or
/// leaking foul drains are an emergency repair. The report gives no target times: 24 hours for
/// emergencies and 28 days for an appointment are HomeSafe's defaults (UNCONFIRMED for L&Q).
pub fn lq_repair_policy() -> RepairPolicy {
    const SRC: &str =
        "L&Q emergency repairs policy, as quoted in Housing Ombudsman report 202209500";
    RepairPolicy {
        id: "policy.lq.repairs".into(),
        name: "L&Q repair policy (as quoted by the Ombudsman)".into(),
        landlord: RecordId::parse("lq").ok(),
        source: SRC.into(),
        priorities: vec![
            target(
                "emergency",
                Limit::ClockHours(24),
                Measure::Completed,
                SRC,
                false,
            ),
            target(
                "urgent",
                Limit::WorkingDays(5),
                Measure::Completed,
                HOMESAFE,
                false,
            ),
            target(
                "routine",
                Limit::CalendarDays(28),
                Measure::AppointmentOffered,
                HOMESAFE,
                false,
            ),
        ],
        // "blocked or leaking foul drains": the foul drainage elements and components.
        emergency_elements: [
            "foul_drain",
            "drain",
            "drains",
            "soil_stack",
            "soil_pipe",
            "sewer",
        ]
        .into_iter()
        .map(Cow::Borrowed)
        .collect(),
        emergency_components: vec![ComponentKind::SoilStack, ComponentKind::Drains],
        emergency_hazards: vec![HazardType::PersonalHygieneSanitationDrainage],
        ..homesafe_default()
    }
}

/// The policies HomeSafe ships: its default and the two case landlords' as examples.
pub fn shipped_policies() -> Vec<RepairPolicy> {
    vec![
        homesafe_default(),
        clarion_repair_policy(),
        lq_repair_policy(),
    ]
}

/// The policy for `landlord` on `on`: its own if configured and in force, else the default
/// (`landlord: None`), else HomeSafe's built-in default.
pub fn policy_for<'a>(
    policies: &'a [RepairPolicy],
    landlord: Option<&RecordId>,
    on: Date,
) -> Cow<'a, RepairPolicy> {
    if let Some(l) = landlord
        && let Some(p) = policies
            .iter()
            .rev()
            .find(|p| p.landlord.as_ref() == Some(l) && p.in_force(on))
    {
        return Cow::Borrowed(p);
    }
    match policies
        .iter()
        .rev()
        .find(|p| p.landlord.is_none() && p.in_force(on))
    {
        Some(p) => Cow::Borrowed(p),
        None => Cow::Owned(homesafe_default()),
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn a_landlord_without_a_policy_gets_the_default() {
        let policies = shipped_policies();
        let other = RecordId::parse("other").expect("id");
        let lq = RecordId::parse("lq").expect("id");
        let on = date(2022, 2, 21);
        assert_eq!(
            policy_for(&policies, Some(&other), on).id,
            "policy.homesafe.repairs"
        );
        assert_eq!(
            policy_for(&policies, None, on).id,
            "policy.homesafe.repairs"
        );
        let p = policy_for(&policies, Some(&lq), on);
        assert!(p.emergency_elements.iter().any(|e| e == "soil_stack"));
        assert_eq!(
            p.target("routine").map(|t| t.limit),
            Some(Limit::CalendarDays(28))
        );
    }
}
