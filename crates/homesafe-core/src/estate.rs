//! The estate (requirements R17): the landlord, its estates and blocks, the homes in them, and
//! the shared parts of a block (roof, soil stack, drains, communal areas) through which one
//! fault can affect several households.

use serde::{Deserialize, Serialize};

use crate::codes::Pence;
use crate::events::{EventBody, Invalid};
use crate::history::{HistoryTime, RecordId};
use crate::references::{Refs, to};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LandlordRegistered {
    pub name: String,
    /// Regulator of Social Housing registration number, if a registered provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_number: Option<String>,
}
impl EventBody for LandlordRegistered {}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EstateRegistered {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub landlord: Option<RecordId>,
}
impl EventBody for EstateRegistered {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.opt("landlord", &self.landlord, to::LANDLORD);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Address {
    pub line1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub town: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BlockRegistered {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estate: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storeys: Option<u16>,
}
impl EventBody for BlockRegistered {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.opt("estate", &self.estate, to::ESTATE);
    }
}

/// A shared part of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComponentKind {
    Roof,
    SoilStack,
    Drains,
    Gutters,
    ExternalWalls,
    Windows,
    CommunalArea,
    CommunalHeating,
    WaterSupply,
    Electrics,
    Lift,
    FireSafety,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ComponentRegistered {
    pub block: RecordId,
    pub kind: ComponentKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The homes it serves; empty means every home in the block.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub serves: Vec<RecordId>,
}
impl EventBody for ComponentRegistered {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("block", &self.block, to::BLOCK);
        r.many("serves", &self.serves, to::PROPERTY);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PropertyType {
    House,
    Flat,
    Bungalow,
    Maisonette,
    Bedsit,
    Room,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RentPeriod {
    Weekly,
    Fortnightly,
    FourWeekly,
    Monthly,
}

impl RentPeriod {
    /// Periods in a year, for converting rent between periods (loss-of-use remedies).
    pub fn per_year(&self) -> u32 {
        match self {
            RentPeriod::Weekly => 52,
            RentPeriod::Fortnightly => 26,
            RentPeriod::FourWeekly => 13,
            RentPeriod::Monthly => 12,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Rent {
    pub amount: Pence,
    pub period: RentPeriod,
}

/// A Unique Property Reference Number: up to 12 digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Uprn(String);

impl TryFrom<String> for Uprn {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        if !s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Uprn(s))
        } else {
            Err(format!("'{s}' is not a UPRN: 1 to 12 digits"))
        }
    }
}
impl From<Uprn> for String {
    fn from(u: Uprn) -> String {
        u.0
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PropertyRegistered {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uprn: Option<Uprn>,
    pub address: Address,
    pub property_type: PropertyType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bedrooms: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estate: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub landlord: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rent: Option<Rent>,
}
impl EventBody for PropertyRegistered {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.opt("block", &self.block, to::BLOCK);
        r.opt("estate", &self.estate, to::ESTATE);
        r.opt("landlord", &self.landlord, to::LANDLORD);
    }
    fn check(&self) -> Result<(), Invalid> {
        check_rent(self.rent.as_ref(), "rent.amount")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PropertyRentSet {
    pub rent: Rent,
    pub from: HistoryTime,
}
impl EventBody for PropertyRentSet {
    fn check(&self) -> Result<(), Invalid> {
        check_rent(Some(&self.rent), "rent.amount")
    }
}

fn check_rent(rent: Option<&Rent>, field: &'static str) -> Result<(), Invalid> {
    match rent {
        Some(r) if r.amount.0 <= 0 => Err(Invalid::new(field, "rent must be more than zero")),
        _ => Ok(()),
    }
}
