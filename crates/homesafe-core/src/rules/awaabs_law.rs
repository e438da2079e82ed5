//! Awaab's Law: the Hazards in Social Housing (Prescribed Requirements) (England) Regulations
//! 2025 (SI 2025/1042), made under s.10A Landlord and Tenant Act 1985 — as data (rules.md §2).
//!
//! The time limits are the law's and are not landlord-configurable; which hazards are in scope
//! depends on the phase in force on the day the landlord became aware. Phase 1 commenced on
//! 27 October 2025. Phase 2's date is reported as 30 November 2026 but the amending SI was not
//! seen (UNCONFIRMED) and phase 3 has no date: both are configuration ([`AwaabsLaw::phases`]).
//!
//! Only awareness on or after a phase's commencement triggers its duties (transitional
//! arrangements, rules.md §2.2). A hazard whose awareness is known only to a month or a year
//! triggers them only if its *first* possible day is on or after commencement: HomeSafe never
//! alleges a statutory breach the record cannot prove. The clocks that apply these limits are in
//! `rules/alerts/hazards.rs`.

use std::borrow::Cow;

use jiff::civil::{Date, date};

use super::clock::Limit;
use crate::hazards::HazardType;

/// The source cited for every Awaab's Law clock.
pub const SI: &str =
    "Hazards in Social Housing (Prescribed Requirements) (England) Regulations 2025 (SI 2025/1042)";

/// One commencement phase: which hazards it brings onto the significant-hazard track.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phase {
    pub number: u8,
    /// `None` while no date is known: the phase is not in force.
    pub commencement: Option<Date>,
    /// Whether the commencement date is confirmed by a primary source.
    pub confirmed: bool,
    /// Hazards this phase adds to the significant track (10 working days to investigate).
    pub significant: Vec<HazardType>,
    /// Whether this phase brings every remaining hazard (except crowding and space) onto the
    /// significant track.
    pub all_remaining: bool,
    pub source: Cow<'static, str>,
}

/// The law's time limits (rules.md §2.3) and its phases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwaabsLaw {
    pub phases: Vec<Phase>,
    /// Emergency hazard: investigate and make safe within 24 hours of awareness, continuously.
    pub emergency: Limit,
    /// Significant hazard: investigate within 10 working days of awareness (reg 6).
    pub investigate: Limit,
    /// Written summary within 3 working days of the investigation concluding (reg 9).
    pub summary: Limit,
    /// Relevant safety work within 5 working days of the investigation concluding (reg 11(2)(a)).
    pub safety_work: Limit,
    /// Supplementary preventative work: begun, or steps taken to begin, within 5 working days of
    /// the investigation concluding.
    pub preventative_steps: Limit,
    /// ... and physically started within 12 weeks where it could not begin within 5 working days.
    pub preventative_start: Limit,
}

/// Hazards with no Awaab's Law duty in any phase: lack of adequate space (overcrowding).
pub fn never_in_scope(h: HazardType) -> bool {
    h == HazardType::CrowdingAndSpace
}

impl Default for AwaabsLaw {
    fn default() -> Self {
        use HazardType::*;
        AwaabsLaw {
            phases: vec![
                Phase {
                    number: 1,
                    commencement: Some(date(2025, 10, 27)),
                    confirmed: true,
                    significant: vec![DampAndMould],
                    all_remaining: false,
                    source: Cow::Borrowed(
                        "SI 2025/1042, in force 27 October 2025 (rules.md §2.0, §2.2): significant track for damp and mould; emergency track for every HHSRS hazard except crowding and space",
                    ),
                },
                Phase {
                    number: 2,
                    // UNCONFIRMED: reported by secondary sources citing GOV.UK phase 2 guidance
                    // (rules.md §2.2); the amending SI was not seen.
                    commencement: Some(date(2026, 11, 30)),
                    confirmed: false,
                    significant: vec![
                        ExcessCold,
                        ExcessHeat,
                        FallsAssociatedWithBaths,
                        FallingOnLevelSurfaces,
                        FallingOnStairs,
                        FallingBetweenLevels,
                        StructuralCollapse,
                        Explosions,
                        Fire,
                        ElectricalHazards,
                        DomesticHygienePestsRefuse,
                        PersonalHygieneSanitationDrainage,
                        FoodSafety,
                    ],
                    all_remaining: false,
                    source: Cow::Borrowed(
                        "Awaab's Law phase 2 (GOV.UK guidance, reported; commencement 30 November 2026 UNCONFIRMED, rules.md §2.2)",
                    ),
                },
                Phase {
                    number: 3,
                    // "2027": no date announced (rules.md §2.2).
                    commencement: None,
                    confirmed: false,
                    significant: Vec::new(),
                    all_remaining: true,
                    source: Cow::Borrowed(
                        "Awaab's Law phase 3 (GOV.UK guidance: \"2027\", no date; rules.md §2.2)",
                    ),
                },
            ],
            emergency: Limit::ClockHours(24),
            investigate: Limit::WorkingDays(10),
            summary: Limit::WorkingDays(3),
            safety_work: Limit::WorkingDays(5),
            preventative_steps: Limit::WorkingDays(5),
            preventative_start: Limit::Weeks(12),
        }
    }
}

/// Which Awaab's Law tracks a hazard is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scope {
    /// The 24-hour emergency duties apply if the hazard is an emergency hazard.
    pub emergency: bool,
    /// The significant-hazard clocks apply.
    pub significant: bool,
    /// The number of the latest phase in force on the day of awareness.
    pub phase: Option<u8>,
}

impl AwaabsLaw {
    /// The tracks that apply to a hazard of type `h` the landlord became aware of on or after
    /// `aware_first_day` (the first day the awareness could have been).
    pub fn scope(&self, h: HazardType, aware_first_day: Date) -> Scope {
        let mut scope = Scope::default();
        if never_in_scope(h) {
            return scope;
        }
        for phase in &self.phases {
            let Some(start) = phase.commencement else {
                continue;
            };
            if aware_first_day < start {
                continue;
            }
            scope.phase = Some(scope.phase.map_or(phase.number, |p| p.max(phase.number)));
            // Phase 1 brings every hazard (except crowding) onto the emergency track.
            scope.emergency = true;
            if phase.all_remaining || phase.significant.contains(&h) {
                scope.significant = true;
            }
        }
        scope
    }

    /// Phase 1's commencement: the day Awaab's Law began.
    pub fn commencement(&self) -> Option<Date> {
        self.phases.iter().filter_map(|p| p.commencement).min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_follows_the_phases() {
        let law = AwaabsLaw::default();
        let before = law.scope(HazardType::DampAndMould, date(2025, 10, 26));
        assert_eq!(before, Scope::default());
        let damp = law.scope(HazardType::DampAndMould, date(2025, 10, 27));
        assert!(damp.emergency && damp.significant);
        let cold = law.scope(HazardType::ExcessCold, date(2026, 1, 12));
        assert!(
            cold.emergency && !cold.significant,
            "phase 1: excess cold only on the emergency track"
        );
        let cold = law.scope(HazardType::ExcessCold, date(2026, 11, 30));
        assert!(cold.significant, "phase 2 (configurable date)");
        let noise = law.scope(HazardType::Noise, date(2027, 6, 1));
        assert!(!noise.significant, "phase 3 has no date yet");
        let crowding = law.scope(HazardType::CrowdingAndSpace, date(2027, 6, 1));
        assert_eq!(crowding, Scope::default());
    }
}
