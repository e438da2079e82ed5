//! Commitments (requirements R9): every promise — in a complaint response, a call, a visit or a
//! letter — with an owner, a due date and the works orders that fulfil it. Whether it was kept
//! is judged from those works, never by closing the commitment by hand.
//!
//! - [`fate`]: what became of each promise at an instant — open, at risk, unverified, kept or
//!   broken — with the reasons and the records behind it.
//! - [`promised_vs_done`]: the table of everything raised, when the landlord said it would be
//!   done, and whether and when it was (requirements R14).

pub mod fate;
pub mod promised_vs_done;

pub use fate::{CommitmentFate, Fate, WorkFate, WorkState, fate_at, fates_at};

use serde::{Deserialize, Serialize};

use crate::events::EventBody;
use crate::history::{HistoryTime, RecordId};
use crate::references::{Refs, to};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CommitmentMade {
    /// The complaint, contact, survey or case in which the promise was made.
    pub source: RecordId,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    pub due: HistoryTime,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub works_orders: Vec<RecordId>,
}
impl EventBody for CommitmentMade {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("source", &self.source, to::PROMISE_SOURCE);
        r.many("works_orders", &self.works_orders, to::WORKS_ORDER);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CommitmentWorksLinked {
    pub works_order: RecordId,
}
impl EventBody for CommitmentWorksLinked {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("works_order", &self.works_order, to::WORKS_ORDER);
    }
}

/// The due date moved, with a reason — a record, not a date edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CommitmentRescheduled {
    pub due: HistoryTime,
    pub reason: String,
}
impl EventBody for CommitmentRescheduled {}
