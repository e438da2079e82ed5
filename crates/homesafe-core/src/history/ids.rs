//! Identifiers. Records keep the references their source system gave them (a legacy job number
//! stays findable); HomeSafe makes new ones only for records created inside it.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not a valid {what}: {reason}")]
pub struct IdError {
    pub what: &'static str,
    pub value: String,
    pub reason: &'static str,
}

fn check_id(what: &'static str, s: &str) -> Result<(), IdError> {
    let err = |reason| IdError {
        what,
        value: s.chars().take(120).collect(),
        reason,
    };
    if s.is_empty() {
        return Err(err("it is empty"));
    }
    if s.len() > 100 {
        return Err(err("it is longer than 100 characters"));
    }
    if !s.as_bytes()[0].is_ascii_alphanumeric() {
        return Err(err("it must start with a letter or digit"));
    }
    if !s
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'/'))
    {
        return Err(err("only letters, digits and - _ . : / are allowed"));
    }
    Ok(())
}

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            pub fn parse(s: impl Into<String>) -> Result<Self, IdError> {
                let s = s.into();
                check_id($what, &s)?;
                Ok(Self(s))
            }
            /// For identifiers HomeSafe builds itself from characters it knows are valid.
            #[allow(dead_code)]
            pub(crate) fn derived(s: String) -> Self {
                debug_assert!(check_id($what, &s).is_ok());
                Self(s)
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::parse(s).map_err(serde::de::Error::custom)
            }
        }
    };
}

string_id!(
    /// The identifier of a record (a property, a repair report, a complaint ...), unique across
    /// all kinds of record in one landlord's history.
    RecordId,
    "record id"
);
string_id!(
    /// The identifier of one event in the history, used by corrections to name what they correct.
    EventId,
    "event id"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_legacy_references_and_rejects_junk() {
        for ok in ["prop-1", "WO/2022/00123", "uprn:100023336956", "a"] {
            assert!(RecordId::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "-x", "has space", "é", &"x".repeat(101)] {
            assert!(RecordId::parse(bad).is_err(), "{bad}");
        }
    }
}
