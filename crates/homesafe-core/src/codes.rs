//! Small value types shared by several parts of the record.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A short snake_case code from a landlord-configurable list (a priority, a room, a building
/// element, a trade). Kept as data rather than an enum because landlords' lists differ.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(String);

impl Code {
    pub fn parse(s: impl Into<String>) -> Result<Self, String> {
        let s = s.into();
        let ok = !s.is_empty()
            && s.len() <= 60
            && s.as_bytes()[0].is_ascii_lowercase()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.');
        if ok {
            Ok(Code(s))
        } else {
            Err(format!(
                "'{s}' is not a code: use lower-case letters, digits, '_' or '.', starting with a letter"
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Code::parse(String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// Money in whole pence. Never a float. The default is nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Pence(pub i64);

impl fmt::Display for Pence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let p = self.0.unsigned_abs();
        write!(f, "{sign}£{}.{:02}", p / 100, p % 100)
    }
}

/// How a contact, report or complaint reached the landlord.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Phone,
    Email,
    Web,
    Letter,
    InPerson,
    Visit,
    App,
    Sms,
    Portal,
    SocialMedia,
    /// Via someone else: a councillor, MP, solicitor, health visitor or the Ombudsman.
    ThirdParty,
    /// Recorded by staff or a contractor during other work.
    Internal,
}

/// Who made a decision about an appointment or piece of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Landlord,
    Resident,
    Representative,
    Contractor,
    Operative,
    Unknown,
}

/// A span of work time, e.g. an estimated duration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Duration {
    pub amount: u32,
    pub unit: DurationUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    Hours,
    Days,
}
