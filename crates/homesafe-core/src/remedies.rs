//! Remedies (requirements R10): compensation offered by head, with amounts and reasons,
//! offsets against rent arrears, and payments tracked to paid.

use serde::{Deserialize, Serialize};

use crate::codes::Pence;
use crate::events::{EventBody, Invalid};
use crate::history::{HistoryTime, RecordId};
use crate::references::Refs;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RemedyHead {
    Delay,
    DistressAndInconvenience,
    TimeAndTrouble,
    LossOfUse,
    ComplaintHandling,
    RecordKeeping,
    DamageToBelongings,
    Goodwill,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RemedyOffered {
    /// The complaint or Ombudsman case the remedy belongs to.
    pub for_case: RecordId,
    pub head: RemedyHead,
    pub amount: Pence,
    pub reason: String,
    /// Paid against rent arrears, if any, rather than to the resident.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset_against_arrears: Option<bool>,
}
impl EventBody for RemedyOffered {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one(
            "for_case",
            &self.for_case,
            &[
                crate::references::RecordKind::Complaint,
                crate::references::RecordKind::OmbudsmanCase,
            ],
        );
    }
    fn check(&self) -> Result<(), Invalid> {
        if self.amount.0 < 0 {
            return Err(Invalid::new("amount", "an offer cannot be negative"));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RemedyPaid {
    pub amount: Pence,
    pub paid_on: HistoryTime,
    /// e.g. `bank_transfer`, `rent_account_credit`.
    pub method: String,
}
impl EventBody for RemedyPaid {
    fn check(&self) -> Result<(), Invalid> {
        if self.amount.0 <= 0 {
            return Err(Invalid::new("amount", "a payment is more than zero"));
        }
        Ok(())
    }
}
