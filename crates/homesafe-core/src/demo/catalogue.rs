//! What goes wrong in homes, and what is done about it: the repair jobs the demo draws reports
//! from (in the resident's words), with the category, room and element they are logged under,
//! the trade and schedule-of-rates task, the scope an operative records when it is done, and a
//! typical priority mix under an emergency / urgent / routine policy.

use crate::estate::ComponentKind;
use crate::hazards::HazardType;

/// Trades, as codes on works orders, contractors and operatives.
pub(crate) const TRADES: [&str; 16] = [
    "plumbing",
    "gas",
    "electrical",
    "carpentry",
    "glazing",
    "roofing",
    "drainage",
    "plastering",
    "bricklaying",
    "damp_mould",
    "pest_control",
    "general_building",
    "lift_engineer",
    "cleaning",
    "decorating",
    "asbestos",
];
pub(crate) const PLUMBING: u8 = 0;
pub(crate) const GAS: u8 = 1;
pub(crate) const ELECTRICAL: u8 = 2;
pub(crate) const CARPENTRY: u8 = 3;
pub(crate) const GLAZING: u8 = 4;
pub(crate) const ROOFING: u8 = 5;
pub(crate) const DRAINAGE: u8 = 6;
pub(crate) const PLASTERING: u8 = 7;
pub(crate) const BRICKWORK: u8 = 8;
pub(crate) const DAMP: u8 = 9;
pub(crate) const PEST: u8 = 10;
pub(crate) const GENERAL: u8 = 11;
pub(crate) const LIFT: u8 = 12;
pub(crate) const CLEANING: u8 = 13;
pub(crate) const DECORATING: u8 = 14;
pub(crate) const ASBESTOS: u8 = 15;

/// Operatives needed per 1,000 homes, by trade (about 880 jobs a year each).
pub(crate) const TRADE_LOAD: [f64; 16] = [
    0.9, 0.5, 0.6, 0.8, 0.2, 0.2, 0.2, 0.3, 0.1, 0.3, 0.1, 0.4, 0.05, 0.1, 0.2, 0.03,
];

/// Which homes a job can be reported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Where {
    /// Any home.
    Any,
    /// Houses and bungalows only (a garden fence, the house's own roof).
    House,
    /// A shared part of the block the flat is in.
    Shared(ComponentKind),
    /// Not reported by residents: raised by the landlord (hazard works, voids, surveys).
    Raised,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Job {
    /// Report category code (`leak`, `heating`, `damp_mould` …).
    pub category: &'static str,
    /// What the resident says.
    pub said: &'static str,
    pub room: Option<&'static str>,
    pub element: &'static str,
    pub trade: u8,
    /// Schedule-of-rates code.
    pub sor: &'static str,
    pub task: &'static str,
    /// What the operative records as done.
    pub done: &'static str,
    /// Weights for emergency, urgent, routine.
    pub prio: [u8; 3],
    pub hazard: Option<HazardType>,
    /// Estimated hours on site (a day is 8).
    pub hours: u16,
    /// Typical cost in pounds.
    pub cost: u32,
    /// How often residents report it, relative to the others.
    pub weight: u16,
    pub place: Where,
}

#[allow(clippy::too_many_arguments)]
const fn job(
    category: &'static str,
    said: &'static str,
    room: Option<&'static str>,
    element: &'static str,
    trade: u8,
    sor: &'static str,
    task: &'static str,
    done: &'static str,
    prio: [u8; 3],
    hazard: Option<HazardType>,
    hours: u16,
    cost: u32,
    weight: u16,
    place: Where,
) -> Job {
    Job {
        category,
        said,
        room,
        element,
        trade,
        sor,
        task,
        done,
        prio,
        hazard,
        hours,
        cost,
        weight,
        place,
    }
}

use ComponentKind as C;
use HazardType as H;
use Where::{Any, House, Raised, Shared};

#[rustfmt::skip]
pub(crate) const JOBS: &[Job] = &[
    // Plumbing and leaks.
    job("plumbing", "Kitchen tap dripping all the time, cannot turn it off fully", Some("kitchen"), "tap", PLUMBING, "300211", "Renew washer or cartridge to kitchen mixer tap", "Renewed ceramic cartridge to kitchen mixer tap; tested, no drip", [0, 3, 97], None, 1, 65, 60, Any),
    job("plumbing", "Toilet keeps running and will not stop filling", Some("bathroom"), "wc_cistern", PLUMBING, "300405", "Overhaul WC cistern: renew fill valve and flush valve", "Renewed fill valve and siphon washer to WC cistern; flushing correctly", [0, 16, 84], None, 1, 85, 55, Any),
    job("leak", "Water leaking through the kitchen ceiling from the bathroom above", Some("kitchen"), "waste_pipe", PLUMBING, "300910", "Trace and repair leak to bath waste and trap", "Traced leak to failed bath waste seal; renewed waste and trap; sealed bath edge", [36, 25, 39], Some(H::ElectricalHazards), 3, 140, 28, Any),
    job("leak", "Pipe under the kitchen sink leaking into the cupboard", Some("kitchen"), "waste_pipe", PLUMBING, "300902", "Repair leak to sink waste pipework", "Renewed compression joint and trap to sink waste; no further leak", [8, 33, 59], None, 1, 70, 40, Any),
    job("drainage", "Kitchen sink blocked, water not draining away", Some("kitchen"), "waste_pipe", DRAINAGE, "310120", "Clear blockage to sink waste", "Cleared grease blockage from sink waste with machine; flowing freely", [4, 36, 60], None, 1, 75, 30, Any),
    job("drainage", "Toilet blocked and it is the only toilet in the home", Some("bathroom"), "wc_pan", DRAINAGE, "310105", "Clear blockage to WC pan and branch", "Cleared blockage to WC pan outlet; tested with several flushes", [64, 11, 25], Some(H::PersonalHygieneSanitationDrainage), 1, 95, 25, Any),
    job("plumbing", "Electric shower stopped working, no hot water to shower", Some("bathroom"), "shower", ELECTRICAL, "420310", "Test and renew electric shower unit", "Renewed 9.5kW electric shower unit; tested RCD and operation", [0, 38, 62], None, 2, 260, 22, Any),
    job("plumbing", "Bath panel broken and coming away", Some("bathroom"), "bath_panel", CARPENTRY, "510220", "Renew bath panel and framing", "Renewed bath panel and timber framing; sealed", [0, 0, 100], None, 2, 110, 12, Any),
    // Heating and gas.
    job("heating", "No heating or hot water, boiler showing a fault code", Some("kitchen"), "boiler", GAS, "250101", "Attend boiler breakdown: diagnose and repair", "Diagnosed failed diverter valve; renewed; heating and hot water restored", [44, 22, 34], Some(H::ExcessCold), 2, 180, 55, Any),
    job("heating", "Radiator in the bedroom is cold at the top", Some("bedroom_1"), "radiator", GAS, "250320", "Bleed and balance heating system", "Bled radiators and balanced system; all radiators heating", [0, 8, 92], None, 1, 60, 30, Any),
    job("heating", "Radiator valve leaking onto the floor", Some("living_room"), "radiator", GAS, "250330", "Renew radiator valve", "Drained down, renewed TRV and lockshield; refilled and tested", [4, 38, 58], None, 2, 120, 18, Any),
    job("gas", "Smell of gas near the cooker", Some("kitchen"), "gas_supply", GAS, "250010", "Gas escape: make safe and trace", "Traced escape to cooker bayonet; renewed hose and bayonet; tightness test passed", [100, 0, 0], Some(H::UncombustedFuelGas), 2, 150, 5, Any),
    job("gas", "Carbon monoxide alarm going off", Some("kitchen"), "co_alarm", GAS, "250015", "CO alarm activation: investigate appliances", "Tested appliances; boiler flue seal failed and renewed; CO alarm renewed", [100, 0, 0], Some(H::CarbonMonoxide), 2, 170, 3, Any),
    // Electrics.
    job("electrical", "No power to the kitchen sockets, trip switch keeps going", Some("kitchen"), "electrical_circuit", ELECTRICAL, "420105", "Investigate tripping circuit and repair", "Found water-damaged socket behind washing machine; renewed; insulation test passed", [60, 14, 26], Some(H::ElectricalHazards), 2, 140, 18, Any),
    job("electrical", "Hallway light not working", Some("hallway"), "light_fitting", ELECTRICAL, "420410", "Renew light fitting", "Renewed pendant light fitting; tested", [0, 6, 94], None, 1, 55, 30, Any),
    job("electrical", "Smoke alarm beeping and faulty", Some("hallway"), "smoke_alarm", ELECTRICAL, "420610", "Renew mains smoke alarm", "Renewed mains-wired smoke alarm with battery backup; tested interlink", [8, 47, 45], Some(H::Fire), 1, 75, 20, Any),
    job("electrical", "Wires showing at the bedroom light switch", Some("bedroom_1"), "light_switch", ELECTRICAL, "420420", "Make safe and renew light switch", "Made safe; renewed switch plate and back box", [68, 8, 24], Some(H::ElectricalHazards), 1, 70, 6, Any),
    job("electrical", "Kitchen extractor fan not working", Some("kitchen"), "extractor_fan", ELECTRICAL, "420710", "Renew kitchen extractor fan", "Renewed kitchen extractor fan; tested extraction rate", [0, 11, 89], None, 2, 150, 14, Any),
    job("electrical", "Bathroom extractor fan not working, steam stays in the room", Some("bathroom"), "extractor_fan", ELECTRICAL, "420705", "Renew bathroom extractor fan", "Renewed bathroom extractor fan with overrun timer; tested", [0, 14, 86], None, 2, 140, 18, Any),
    // Doors, windows, security.
    job("security", "Front door lock broken, cannot lock the home", Some("hallway"), "front_door", CARPENTRY, "510105", "Renew front door lock", "Renewed multipoint lock mechanism and cylinder; keys handed to resident", [68, 8, 24], Some(H::EntryByIntruders), 2, 160, 16, Any),
    job("windows", "Bedroom window will not close properly, hinge broken", Some("bedroom_1"), "window", GLAZING, "610210", "Renew window hinges and adjust sash", "Renewed friction hinges; adjusted and closing correctly", [4, 30, 66], None, 2, 120, 25, Any),
    job("windows", "Double glazing misted up between the panes", Some("living_room"), "window", GLAZING, "610120", "Renew failed double-glazed unit", "Renewed sealed double-glazed unit", [0, 0, 100], None, 2, 180, 18, Any),
    job("windows", "Window glass cracked after a break-in attempt", Some("living_room"), "window", GLAZING, "610105", "Board up and reglaze", "Boarded on first visit; reglazed with toughened unit", [64, 11, 25], Some(H::EntryByIntruders), 2, 220, 6, Any),
    job("doors", "Back door sticking and hard to lock", Some("kitchen"), "back_door", CARPENTRY, "510130", "Ease and adjust back door", "Eased and adjusted back door; lubricated lock", [0, 22, 78], None, 1, 70, 16, Any),
    job("carpentry", "Kitchen cupboard door hanging off", Some("kitchen"), "kitchen_unit", CARPENTRY, "510410", "Refix or renew kitchen unit door and hinges", "Renewed hinges and refixed two unit doors", [0, 0, 100], None, 1, 50, 35, Any),
    job("carpentry", "Internal door will not close", Some("bedroom_2"), "internal_door", CARPENTRY, "510310", "Ease and adjust internal door", "Eased and adjusted door; renewed latch", [0, 0, 100], None, 1, 55, 20, Any),
    // Structure and finishes.
    job("structure", "Crack in the bedroom ceiling and it is sagging", Some("bedroom_1"), "ceiling", PLASTERING, "710310", "Inspect and overboard or replaster ceiling", "Took down loose plaster; overboarded and skimmed ceiling", [16, 33, 51], Some(H::StructuralCollapse), 8, 420, 10, Any),
    job("carpentry", "Loose floorboards on the landing", Some("landing"), "floor", CARPENTRY, "510510", "Refix loose floorboards", "Refixed floorboards with screws; renewed one board", [0, 16, 84], Some(H::FallingOnLevelSurfaces), 2, 90, 14, Any),
    job("carpentry", "Stair handrail is loose and coming off the wall", Some("stairs"), "handrail", CARPENTRY, "510610", "Refix stair handrail", "Refixed handrail brackets with new fixings; secure", [4, 41, 55], Some(H::FallingOnStairs), 1, 65, 12, Any),
    job("carpentry", "Bathroom floor soft and vinyl lifting round the toilet", Some("bathroom"), "floor", CARPENTRY, "510520", "Renew rotten floor section and vinyl", "Cut out rotten boards, renewed with WBP ply; relaid vinyl", [0, 16, 84], None, 8, 380, 10, Any),
    job("plastering", "Tiles falling off the bathroom wall", Some("bathroom"), "wall_tiles", PLASTERING, "710510", "Refix or renew wall tiles and regrout", "Refixed tiles and regrouted; sealed bath edge", [0, 6, 94], None, 3, 140, 12, Any),
    // Outside.
    job("external", "Gutter overflowing at the back every time it rains", Some("external"), "gutter", ROOFING, "810210", "Clear and realign gutter", "Cleared gutter and downpipe; realigned brackets", [0, 6, 94], None, 2, 130, 18, House),
    job("external", "Fence panels blown down in the wind", Some("garden"), "fence", GENERAL, "910110", "Renew fence panels", "Renewed three fence panels and one post", [0, 3, 97], None, 3, 210, 16, House),
    job("external", "Front path slabs broken, a trip hazard at the door", Some("external"), "path", GENERAL, "910210", "Relay broken paving slabs", "Lifted and relaid broken slabs on sand and cement bed", [0, 22, 78], Some(H::FallingOnLevelSurfaces), 4, 190, 10, House),
    job("roofing", "Roof tiles slipped after the storm", Some("roof"), "roof_covering", ROOFING, "820110", "Refix slipped tiles", "Refixed slipped tiles with tingles; checked ridge", [8, 33, 59], None, 4, 260, 10, House),
    job("external", "Pointing crumbling on the back wall", Some("external"), "external_wall", BRICKWORK, "830110", "Rake out and repoint defective brickwork", "Raked out and repointed area of rear elevation", [0, 3, 97], None, 16, 640, 6, House),
    job("pests", "Mice in the kitchen, droppings behind the cupboards", Some("kitchen"), "kitchen_unit", PEST, "920110", "Pest treatment and proofing of entry points", "Baited; proofed gaps around pipe entries with wire wool and mortar", [0, 41, 59], Some(H::DomesticHygienePestsRefuse), 2, 150, 10, Any),
    job("pests", "Wasps nest in the loft", Some("loft"), "roof_space", PEST, "920210", "Treat wasp nest", "Treated nest; revisit not needed", [8, 44, 48], None, 1, 80, 5, House),
    // Shared parts of a block.
    job("roofing", "Water coming through the ceiling from the roof when it rains", Some("bedroom_1"), "roof_covering", ROOFING, "820310", "Inspect flat roof and repair membrane", "Found split in felt at outlet; patched membrane and cleared outlet", [12, 38, 50], Some(H::DampAndMould), 6, 480, 10, Shared(C::Roof)),
    job("drainage", "Sewage smell and water coming out of the soil pipe boxing", Some("bathroom"), "soil_stack", DRAINAGE, "310510", "Clear and repair soil stack", "Cleared blockage in soil stack at second-floor branch; resealed joint", [56, 16, 28], Some(H::PersonalHygieneSanitationDrainage), 3, 260, 7, Shared(C::SoilStack)),
    job("drainage", "Drains blocked outside the block, sewage in the car park", Some("external"), "drains", DRAINAGE, "310610", "Clear blocked external drains and CCTV survey", "Jetted main drain run; CCTV survey shows root ingress at second chamber", [68, 8, 24], Some(H::PersonalHygieneSanitationDrainage), 3, 320, 5, Shared(C::Drains)),
    job("communal", "Communal landing lights not working", Some("communal_hallway"), "light_fitting", ELECTRICAL, "430110", "Repair communal lighting", "Renewed photocell and two LED bulkheads", [8, 38, 54], Some(H::FallingOnStairs), 2, 150, 10, Shared(C::CommunalArea)),
    job("communal", "Communal entrance door not closing, door entry not working", Some("communal_hallway"), "door_entry", ELECTRICAL, "430210", "Repair door entry system and closer", "Renewed door closer and maglock power supply; door secure", [24, 33, 43], Some(H::EntryByIntruders), 3, 260, 7, Shared(C::CommunalArea)),
    job("communal", "Rubbish dumped in the bin store and on the stairs", Some("communal_hallway"), "bin_store", CLEANING, "940110", "Clear dumped rubbish from communal areas", "Cleared bulky waste from bin store and stairwell", [0, 28, 72], Some(H::DomesticHygienePestsRefuse), 2, 120, 7, Shared(C::CommunalArea)),
    job("lift", "Lift out of order again", Some("communal_hallway"), "lift", LIFT, "440110", "Lift breakdown: attend and repair", "Renewed landing door lock; lift returned to service", [60, 14, 26], Some(H::CollisionAndEntrapment), 3, 350, 8, Shared(C::Lift)),
];

/// Jobs the landlord raises itself, by index into [`RAISED`].
#[rustfmt::skip]
pub(crate) const RAISED: &[Job] = &[
    job("damp_mould", "", None, "walls", DAMP, "740110", "Mould wash and fungicidal treatment; stain-block and anti-mould paint to affected areas", "Mould wash and fungicidal wash to affected walls and ceiling; two coats anti-mould paint", [0, 100, 0], Some(H::DampAndMould), 6, 280, 0, Raised),
    job("damp_mould", "", Some("bathroom"), "extractor_fan", ELECTRICAL, "420720", "Renew extractor fan with humidistat-controlled continuous-running fan", "Fitted continuous-running humidistat fan; tested extraction", [0, 0, 100], Some(H::DampAndMould), 3, 320, 0, Raised),
    job("damp_mould", "", Some("loft"), "ventilation", ELECTRICAL, "420730", "Install positive input ventilation (PIV) unit", "Installed PIV unit in loft with ceiling diffuser on landing; commissioned", [0, 0, 100], Some(H::DampAndMould), 5, 650, 0, Raised),
    job("damp_mould", "", Some("external"), "external_wall", BRICKWORK, "830120", "Rake out and repoint rear elevation; renew spalled bricks", "Raked out and repointed rear elevation; renewed spalled bricks", [0, 0, 100], Some(H::DampAndMould), 24, 1850, 0, Raised),
    job("damp_mould", "", Some("external"), "gutter", ROOFING, "810220", "Clear gutters and downpipes; renew leaking joints", "Cleared gutters and downpipes; renewed two leaking joints", [0, 0, 100], Some(H::DampAndMould), 3, 180, 0, Raised),
    job("damp_mould", "", Some("bedroom_1"), "window", GLAZING, "610310", "Fit trickle vents to windows", "Fitted trickle vents to four windows", [0, 0, 100], Some(H::DampAndMould), 3, 240, 0, Raised),
    job("damp_mould", "", Some("loft"), "insulation", GENERAL, "910510", "Top up loft insulation to 270 mm", "Laid 270 mm mineral wool loft insulation; insulated hatch", [0, 0, 100], Some(H::DampAndMould), 4, 420, 0, Raised),
    job("damp_mould", "", Some("bathroom"), "waste_pipe", PLUMBING, "300920", "Trace and repair hidden leak to supply and waste pipework", "Traced leak to pipework in boxing; renewed joint; boxing reinstated", [0, 0, 100], Some(H::DampAndMould), 4, 220, 0, Raised),
    job("voids", "", None, "whole_property", GENERAL, "990100", "Void works to lettable standard: gas and electrical checks, clearance, clean and repairs to void schedule", "Void works completed to lettable standard; gas safety and EICR certificates issued", [0, 0, 100], None, 40, 3800, 0, Raised),
    job("plastering", "", None, "walls", PLASTERING, "710210", "Make good plaster after repair", "Made good plaster and skimmed", [0, 0, 100], None, 4, 160, 0, Raised),
    job("asbestos", "", None, "ceiling", ASBESTOS, "950110", "Asbestos sample and refurbishment survey of textured ceiling", "Sampled textured coating; no asbestos detected; certificate issued", [0, 100, 0], Some(H::AsbestosAndMmf), 2, 240, 0, Raised),
    job("roofing", "", Some("roof"), "roof_covering", ROOFING, "820410", "Renew flat roof covering; scaffold and edge protection", "Stripped and renewed roof covering with torch-on membrane; new outlets", [0, 0, 100], Some(H::DampAndMould), 80, 24000, 0, Raised),
    job("drainage", "", None, "soil_stack", DRAINAGE, "310520", "Renew cast-iron soil stack with PVC", "Renewed soil stack in PVC from ground to vent; connected all branches", [0, 0, 100], Some(H::PersonalHygieneSanitationDrainage), 40, 6500, 0, Raised),
    job("carpentry", "", Some("communal_hallway"), "fire_door", CARPENTRY, "511010", "Renew communal fire doors to FD30S standard", "Renewed communal fire doors with certified FD30S doorsets", [0, 0, 100], Some(H::Fire), 40, 9000, 0, Raised),
    job("decorating", "", Some("communal_hallway"), "walls", DECORATING, "760110", "Redecorate communal stairwells", "Redecorated stairwells and landings", [0, 0, 100], None, 40, 4200, 0, Raised),
];

pub(crate) const MOULD_WASH: u16 = 0;
pub(crate) const FAN_UPGRADE: u16 = 1;
pub(crate) const PIV: u16 = 2;
pub(crate) const REPOINT: u16 = 3;
pub(crate) const GUTTERS: u16 = 4;
pub(crate) const TRICKLE_VENTS: u16 = 5;
pub(crate) const LOFT_INSULATION: u16 = 6;
pub(crate) const HIDDEN_LEAK: u16 = 7;
pub(crate) const VOID_WORKS: u16 = 8;
pub(crate) const MAKE_GOOD: u16 = 9;
pub(crate) const ASBESTOS_SAMPLE: u16 = 10;
pub(crate) const ROOF_RENEWAL: u16 = 11;
pub(crate) const STACK_RENEWAL: u16 = 12;
pub(crate) const FIRE_DOORS: u16 = 13;
pub(crate) const COMMUNAL_DECORATION: u16 = 14;

/// A job reference: reported (index into [`JOBS`]) or raised (index into [`RAISED`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JobRef {
    Reported(u16),
    Raised(u16),
}

impl JobRef {
    pub(crate) fn get(self) -> &'static Job {
        match self {
            JobRef::Reported(i) => &JOBS[i as usize],
            JobRef::Raised(i) => &RAISED[i as usize],
        }
    }
}

/// What residents say when they report damp and mould: description, room, element.
pub(crate) const DAMP_SAID: &[(&str, &str, &str)] = &[
    (
        "Black mould on the bathroom ceiling and round the window",
        "bathroom",
        "ceiling",
    ),
    (
        "Damp patch and mould on the bedroom outside wall; the children's clothes in the wardrobe are going mouldy",
        "bedroom_2",
        "external_wall",
    ),
    (
        "Condensation running down the windows every morning and mould on the sills",
        "bedroom_1",
        "window",
    ),
    (
        "Mould behind the cooker and spreading along the kitchen wall",
        "kitchen",
        "external_wall",
    ),
    (
        "Damp coming through the living room wall after rain, wallpaper peeling",
        "living_room",
        "external_wall",
    ),
    (
        "Mould in the corners of the bedroom ceiling, it comes back after cleaning",
        "bedroom_1",
        "ceiling",
    ),
    (
        "Musty smell and mould on the back of furniture against the outside wall",
        "living_room",
        "external_wall",
    ),
    (
        "Mould round the bath and on the bathroom wall, extractor fan does nothing",
        "bathroom",
        "extractor_fan",
    ),
];

/// Why a visit could not be completed, and what should follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unfinished {
    /// Another order, same trade (more time needed).
    MoreTime,
    /// Another order for a second trade.
    SecondTrade,
    /// Parts ordered: another visit on the same order.
    Parts,
    /// Scaffolding or access equipment needed: another order, with a quote.
    Access,
    /// Asbestos suspected: a survey first.
    Asbestos,
}

pub(crate) const UNFINISHED: &[(Unfinished, &str, u32)] = &[
    (Unfinished::MoreTime, "Needs two days, booked one", 22),
    (
        Unfinished::MoreTime,
        "Area too large for the hours set aside",
        14,
    ),
    (
        Unfinished::SecondTrade,
        "Needs a plasterer to make good before it can be finished",
        18,
    ),
    (
        Unfinished::Parts,
        "Parts not carried on the van; ordered, return visit needed",
        26,
    ),
    (
        Unfinished::Parts,
        "Previous job overran; ran out of time to finish",
        8,
    ),
    (
        Unfinished::Access,
        "Scaffolding needed to reach safely; ladder access not possible",
        7,
    ),
    (
        Unfinished::Asbestos,
        "Textured ceiling coating may contain asbestos: sample needed before work",
        5,
    ),
];

pub(crate) const NO_ACCESS_REASONS: &[&str] = &[
    "No answer at the door; called the resident's mobile twice, no reply; card left",
    "No answer; card left and text sent asking the resident to rebook",
    "Resident not at home; neighbour said they were at work; card left",
    "Resident answered but refused entry, said the time was not convenient",
    "No answer at the door; phone number on file not recognised; card left",
];

pub(crate) const REARRANGE_LANDLORD: &[&str] = &[
    "Operative off sick",
    "Operative diverted to an emergency job",
    "Materials not delivered in time",
    "Van broke down",
    "Job needs a longer slot than was booked",
    "Contractor short-staffed this week",
];

pub(crate) const REARRANGE_RESIDENT: &[&str] = &[
    "Resident asked to change: working that day",
    "Resident asked to change: hospital appointment",
    "Resident asked to change: childcare",
    "Resident asked for an afternoon slot instead",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_valid_and_priorities_follow_the_policy_mix() {
        let mut mix = [0u64; 3];
        let mut total = 0u64;
        for j in JOBS.iter().chain(RAISED) {
            assert!(
                crate::codes::Code::parse(j.category).is_ok(),
                "{}",
                j.category
            );
            assert!(
                crate::codes::Code::parse(j.element).is_ok(),
                "{}",
                j.element
            );
            if let Some(r) = j.room {
                assert!(crate::codes::Code::parse(r).is_ok(), "{r}");
            }
            assert_eq!(
                j.prio.iter().map(|&p| u32::from(p)).sum::<u32>(),
                100,
                "{}",
                j.task
            );
        }
        for t in TRADES {
            assert!(crate::codes::Code::parse(t).is_ok(), "{t}");
        }
        for j in JOBS {
            for (i, &p) in j.prio.iter().enumerate() {
                mix[i] += u64::from(p) * u64::from(j.weight);
            }
            total += 100 * u64::from(j.weight);
        }
        let share = |i: usize| mix[i] as f64 / total as f64;
        // Before damp and mould (about 5% of reports, urgent) is added: emergency about 15%,
        // urgent about 20%, routine about 65%.
        assert!((0.12..0.19).contains(&share(0)), "emergency {}", share(0));
        assert!((0.17..0.30).contains(&share(1)), "urgent {}", share(1));
        assert!((0.55..0.70).contains(&share(2)), "routine {}", share(2));
    }
}
