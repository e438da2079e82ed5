//! Remedies (requirements R10): compensation offered by head, with amounts and reasons,
//! offsets against rent arrears, and payments tracked to paid.
//!
//! - [`loss_of_use`]: compensation as a share of the rent over a period, with its working.
//! - [`balance`]: what one remedy owes — offered, paid, credited, outstanding — folded from its
//!   events; the one definition the write check, the ledger and the overdue alert share.
//! - [`ledger`]: every remedy of a case, household or home, from offer to paid, with the bands
//!   beside each amount and totals by head.
//! - [`HeadAmount`], [`total`], [`by_head`]: compensation itemised by head and added up (rules.md
//!   §5.3: "usually itemised per complaint head").
//! - The Ombudsman's remedies bands and landlords' compensation policies that an amount is
//!   judged against are rules: `rules::remedy_bands`.

pub mod balance;
pub mod ledger;
pub mod loss_of_use;

pub use loss_of_use::{
    LossOfUse, LossOfUseAward, LossOfUseError, LossPeriod, Rounding, Share, loss_of_use,
};

use serde::{Deserialize, Serialize};

use crate::codes::Pence;
use crate::events::{EventBody, Invalid};
use crate::history::{HistoryTime, RecordId};
use crate::references::Refs;

/// What a sum of compensation is for. The order is the order a letter lists them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
    /// By when it will be paid (or, for a remedy with no money, done): the "by when" of
    /// Complaint Handling Code 2024, 7.3. Absent: none was given, and the landlord's policy
    /// default applies (`RulesConfig::remedy_payment_within`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<HistoryTime>,
    /// The Ombudsman order it is paid under: the order's due date applies (the earlier of the
    /// two when the remedy has its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<RecordId>,
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
        if let Some(o) = &self.order {
            r.one("order", o, crate::references::to::OMBUDSMAN_ORDER);
        }
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
    /// The part of `amount` credited to the rent account against arrears; the rest went to the
    /// resident. Absent: none of it (all to the resident).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset_against_arrears: Option<Pence>,
}
impl EventBody for RemedyPaid {
    fn check(&self) -> Result<(), Invalid> {
        if self.amount.0 <= 0 {
            return Err(Invalid::new("amount", "a payment is more than zero"));
        }
        if let Some(o) = self.offset_against_arrears {
            if o.0 < 0 {
                return Err(Invalid::new(
                    "offset_against_arrears",
                    "the part set against arrears cannot be negative",
                ));
            }
            if o > self.amount {
                return Err(Invalid::new(
                    "offset_against_arrears",
                    format!(
                        "{} set against arrears is more than the {} paid",
                        pounds(o),
                        pounds(self.amount)
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// An offer that no longer stands on its own: withdrawn, or replaced by other remedies — as
/// when the Ombudsman orders a sum "which includes the compensation already offered by the
/// landlord" (Clarion, 202208650, order 1). From then nothing is outstanding on it and no
/// payment is taken against it; money already paid on it stays recorded on it, and may be
/// counted towards its replacements (`remedy.credited`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RemedyWithdrawn {
    pub reason: String,
    /// The remedies that replace it, if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaced_by: Vec<RecordId>,
}
impl EventBody for RemedyWithdrawn {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.many(
            "replaced_by",
            &self.replaced_by,
            crate::references::to::REMEDY,
        );
    }
    fn check(&self) -> Result<(), Invalid> {
        if self.reason.trim().is_empty() {
            return Err(Invalid::new(
                "reason",
                "say why the offer was withdrawn or what replaced it",
            ));
        }
        Ok(())
    }
}

/// Money already paid on an earlier offer that this remedy replaced, counted towards this one
/// (not new money: the ledger's cash totals count it once, where it was paid). The earlier offer
/// must have been withdrawn naming this remedy among its replacements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RemedyCredited {
    /// The replaced remedy the money was paid on.
    pub from: RecordId,
    pub amount: Pence,
}
impl EventBody for RemedyCredited {
    fn refs<'a>(&'a self, r: &mut Refs<'a>) {
        r.one("from", &self.from, crate::references::to::REMEDY);
    }
    fn check(&self) -> Result<(), Invalid> {
        if self.amount.0 <= 0 {
            return Err(Invalid::new("amount", "a credit is more than zero"));
        }
        Ok(())
    }
}

impl RemedyHead {
    pub const ALL: [RemedyHead; 9] = [
        RemedyHead::Delay,
        RemedyHead::DistressAndInconvenience,
        RemedyHead::TimeAndTrouble,
        RemedyHead::LossOfUse,
        RemedyHead::ComplaintHandling,
        RemedyHead::RecordKeeping,
        RemedyHead::DamageToBelongings,
        RemedyHead::Goodwill,
        RemedyHead::Other,
    ];

    /// The stable code, as in the history format.
    pub fn as_str(&self) -> &'static str {
        match self {
            RemedyHead::Delay => "delay",
            RemedyHead::DistressAndInconvenience => "distress_and_inconvenience",
            RemedyHead::TimeAndTrouble => "time_and_trouble",
            RemedyHead::LossOfUse => "loss_of_use",
            RemedyHead::ComplaintHandling => "complaint_handling",
            RemedyHead::RecordKeeping => "record_keeping",
            RemedyHead::DamageToBelongings => "damage_to_belongings",
            RemedyHead::Goodwill => "goodwill",
            RemedyHead::Other => "other",
        }
    }

    /// In words, for letters: "Loss of use of your home".
    pub fn describe(&self) -> &'static str {
        match self {
            RemedyHead::Delay => "Delay",
            RemedyHead::DistressAndInconvenience => "Distress and inconvenience",
            RemedyHead::TimeAndTrouble => "Time and trouble",
            RemedyHead::LossOfUse => "Loss of use of your home",
            RemedyHead::ComplaintHandling => "Complaint handling",
            RemedyHead::RecordKeeping => "Record keeping",
            RemedyHead::DamageToBelongings => "Damage to belongings",
            RemedyHead::Goodwill => "Goodwill payment",
            RemedyHead::Other => "Other",
        }
    }
}

/// One sum of compensation and what it is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HeadAmount {
    pub head: RemedyHead,
    pub amount: Pence,
}

/// The sum of all the amounts.
pub fn total(items: &[HeadAmount]) -> Pence {
    Pence(items.iter().map(|i| i.amount.0).sum())
}

/// The amounts added up per head, in [`RemedyHead`] order, leaving out heads with nothing.
pub fn by_head(items: &[HeadAmount]) -> Vec<HeadAmount> {
    RemedyHead::ALL
        .iter()
        .filter_map(|&head| {
            let sum: i64 = items
                .iter()
                .filter(|i| i.head == head)
                .map(|i| i.amount.0)
                .sum();
            let any = items.iter().any(|i| i.head == head);
            any.then_some(HeadAmount {
                head,
                amount: Pence(sum),
            })
        })
        .collect()
}

/// Money as a letter writes it: `£2,600.00`.
pub fn pounds(p: Pence) -> String {
    let sign = if p.0 < 0 { "-" } else { "" };
    let v = p.0.unsigned_abs();
    let whole = (v / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{sign}£{grouped}.{:02}", v % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pounds_are_grouped_in_thousands() {
        assert_eq!(pounds(Pence(260_000)), "£2,600.00");
        assert_eq!(pounds(Pence(2_500)), "£25.00");
        assert_eq!(pounds(Pence(123_456_789)), "£1,234,567.89");
        assert_eq!(pounds(Pence(-5)), "-£0.05");
    }

    #[test]
    fn amounts_add_up_by_head() {
        let items = [
            HeadAmount {
                head: RemedyHead::Goodwill,
                amount: Pence(25_000),
            },
            HeadAmount {
                head: RemedyHead::Delay,
                amount: Pence(30_000),
            },
            HeadAmount {
                head: RemedyHead::Delay,
                amount: Pence(10_000),
            },
        ];
        assert_eq!(total(&items), Pence(65_000));
        assert_eq!(
            by_head(&items),
            vec![
                HeadAmount {
                    head: RemedyHead::Delay,
                    amount: Pence(40_000)
                },
                HeadAmount {
                    head: RemedyHead::Goodwill,
                    amount: Pence(25_000)
                },
            ]
        );
    }

    #[test]
    fn head_codes_match_the_history_format() {
        for h in RemedyHead::ALL {
            let json = serde_json::to_value(h).expect("serialises");
            assert_eq!(json, serde_json::Value::String(h.as_str().to_string()));
        }
    }
}
