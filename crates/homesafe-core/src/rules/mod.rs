//! The rules HomeSafe encodes. Each rule lives in exactly one place and cites its source.

pub mod calendar;
