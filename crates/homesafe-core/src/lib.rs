//! HomeSafe core: the domain, the history format and the rules. Pure Rust: no I/O, no async,
//! no database. Everything here is testable in memory.
#![forbid(unsafe_code)]

pub mod codes;
pub mod demo;
pub mod events;
pub mod history;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod records;
pub mod references;
pub mod rules;

// The record, one module per thing a housing officer would name.
pub mod commitments;
pub mod complaints;
pub mod contacts;
pub mod contractors;
pub mod documents;
pub mod estate;
pub mod hazards;
pub mod legal;
pub mod ombudsman;
pub mod people;
pub mod recurrence;
pub mod remedies;
pub mod repairs;
pub mod surveys;
