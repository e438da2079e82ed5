//! Contractors and operatives (requirements R11): what a contractor was asked to do, quoted and
//! invoiced, held beside what was evidenced (L&Q: scaffolding invoiced, a ladder used); and
//! reports about a contractor's conduct or workmanship, which are cases of their own
//! ([`conduct`]).

pub mod conduct;

pub use conduct::*;

use serde::{Deserialize, Serialize};

use crate::codes::{Code, Pence};
use crate::events::{EventBody, Invalid};
use crate::history::RecordId;
use crate::references::{Refs, to};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContractorRegistered {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trades: Vec<Code>,
}
impl EventBody for ContractorRegistered {}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OperativeRegistered {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contractor: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trades: Vec<Code>,
}
impl EventBody for OperativeRegistered {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.opt("contractor", &self.contractor, to::CONTRACTOR);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuoteLine {
    pub description: String,
    pub amount: Pence,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuoteReceived {
    pub works_order: RecordId,
    pub contractor: RecordId,
    pub lines: Vec<QuoteLine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}
impl EventBody for QuoteReceived {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("works_order", &self.works_order, to::WORKS_ORDER);
        r.one("contractor", &self.contractor, to::CONTRACTOR);
    }
    fn check(&self) -> Result<(), Invalid> {
        if self.lines.is_empty() {
            return Err(Invalid::new("lines", "a quote has at least one line"));
        }
        if let Some(i) = self.lines.iter().position(|l| l.amount.0 < 0) {
            return Err(Invalid::new(
                format!("lines[{i}].amount"),
                "a quoted amount cannot be negative",
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InvoiceLine {
    pub works_order: RecordId,
    pub description: String,
    pub amount: Pence,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InvoiceReceived {
    pub contractor: RecordId,
    pub reference: String,
    pub lines: Vec<InvoiceLine>,
}
impl EventBody for InvoiceReceived {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("contractor", &self.contractor, to::CONTRACTOR);
        for (i, l) in self.lines.iter().enumerate() {
            r.one(
                format!("lines[{i}].works_order"),
                &l.works_order,
                to::WORKS_ORDER,
            );
        }
    }
    fn check(&self) -> Result<(), Invalid> {
        if self.lines.is_empty() {
            return Err(Invalid::new("lines", "an invoice has at least one line"));
        }
        Ok(())
    }
}
