//! HHSRS hazard types, versioned by date (rules.md §3). The 29 hazards of the Housing Health and
//! Safety Rating System (England) Regulations 2005, Sch. 1, apply to inspections begun before
//! the June 2026 reform; the reformed 21-hazard list applies after. The reformed list's names
//! are UNCONFIRMED (rules.md §3.3), so until it is confirmed HomeSafe accepts the 2005 codes
//! after the reform too and says so: see [`Taxonomy::confirmed`].

use jiff::civil::{Date, date};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HazardType {
    DampAndMould,
    ExcessCold,
    ExcessHeat,
    AsbestosAndMmf,
    Biocides,
    CarbonMonoxide,
    Lead,
    Radiation,
    UncombustedFuelGas,
    VolatileOrganicCompounds,
    CrowdingAndSpace,
    EntryByIntruders,
    Lighting,
    Noise,
    DomesticHygienePestsRefuse,
    FoodSafety,
    PersonalHygieneSanitationDrainage,
    WaterSupply,
    FallsAssociatedWithBaths,
    FallingOnLevelSurfaces,
    FallingOnStairs,
    FallingBetweenLevels,
    ElectricalHazards,
    Fire,
    FlamesHotSurfaces,
    CollisionAndEntrapment,
    Explosions,
    PositionAndOperabilityOfAmenities,
    StructuralCollapse,
}

/// A version of the hazard list and the dates it applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Taxonomy {
    pub name: &'static str,
    pub from: Option<Date>,
    pub until: Option<Date>,
    /// False while the list is taken from secondary sources only.
    pub confirmed: bool,
}

/// HHSRS 2005: inspections begun before 23 June 2026.
pub const HHSRS_2005: Taxonomy = Taxonomy {
    name: "hhsrs-2005",
    from: None,
    until: Some(date(2026, 6, 22)),
    confirmed: true,
};

/// HHSRS as amended in 2026 (in force 23 June 2026; rules.md §3.3, date and list UNCONFIRMED).
pub const HHSRS_2026: Taxonomy = Taxonomy {
    name: "hhsrs-2026",
    from: Some(date(2026, 6, 23)),
    until: None,
    confirmed: false,
};

/// The hazard list in force on a date.
pub fn in_force(on: Date) -> Taxonomy {
    match HHSRS_2026.from {
        Some(from) if on >= from => HHSRS_2026,
        _ => HHSRS_2005,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reform_date_switches_lists() {
        assert_eq!(in_force(date(2022, 3, 1)).name, "hhsrs-2005");
        assert_eq!(in_force(date(2026, 6, 22)).name, "hhsrs-2005");
        assert_eq!(in_force(date(2026, 6, 23)).name, "hhsrs-2026");
        assert!(!in_force(date(2026, 7, 1)).confirmed);
    }
}
