//! What one remedy owes, folded from its events: the amount offered, the money paid on it (and how
//! much of that went to the rent account), what was credited to it from offers it replaced, what
//! of its own money was counted towards its replacements, and whether it still stands.
//!
//! One fold, three users: the write check that refuses a payment above what is outstanding
//! ([`check`], called by `history::Validator`), the ledger (`remedies::ledger`) and the
//! `remedy.payment_overdue` alert. So "outstanding" means the same everywhere.
//!
//! **Which events.** A remedy's own events (`remedy.offered`, `remedy.paid`, `remedy.credited`,
//! `remedy.withdrawn`, and corrections and voids of them), and the `remedy.credited` events of the
//! remedies that replaced it which name it as `from` — money carried away from it. Those sit on the
//! replacements' own records; a replacement is named by the withdrawal, so a reader finds them
//! from the remedy alone (`remedy.withdrawn` `replaced_by`), never by searching the history.
//!
//! **Corrections** as everywhere else (`records::fold`): a corrected event is replaced, in its
//! place, by its latest correction; `entry.voided` withdraws it.
//!
//! **Outstanding** = the amount − (money paid on it − money carried to its replacements) −
//! credits from offers it replaced; nothing once it is withdrawn or replaced.

use std::collections::HashMap;

use crate::codes::Pence;
use crate::events::{EventData, Invalid};
use crate::history::{Event, EventId, RecordId};

use super::pounds;

/// What one event does to a remedy's money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Movement {
    Offered {
        amount: Pence,
    },
    Paid {
        amount: Pence,
        to_rent_account: Pence,
    },
    Credited {
        from: RecordId,
        amount: Pence,
    },
    Withdrawn {
        replaced_by: Vec<RecordId>,
    },
    /// `entry.voided`: withdraws the event it corrects.
    Voided,
}

/// One event about a remedy's money, kept small: the write check holds these for every remedy a
/// write touches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub event: EventId,
    pub corrects: Option<EventId>,
    pub subject: RecordId,
    pub movement: Movement,
}

impl Entry {
    /// The entry for a `remedy.*` event or an `entry.voided`; `None` for anything else. (A void's
    /// subject is whatever it voids; it matters only where an entry it corrects is present.)
    pub fn of(ev: &Event) -> Option<Entry> {
        let movement = match &ev.data {
            EventData::RemedyOffered(o) => Movement::Offered { amount: o.amount },
            EventData::RemedyPaid(p) => Movement::Paid {
                amount: p.amount,
                to_rent_account: p.offset_against_arrears.unwrap_or(Pence(0)),
            },
            EventData::RemedyCredited(c) => Movement::Credited {
                from: c.from.clone(),
                amount: c.amount,
            },
            EventData::RemedyWithdrawn(w) => Movement::Withdrawn {
                replaced_by: w.replaced_by.clone(),
            },
            EventData::EntryVoided(_) => Movement::Voided,
            _ => return None,
        };
        Some(Entry {
            event: ev.id.clone(),
            corrects: ev.corrects.clone(),
            subject: ev.subject.clone(),
            movement,
        })
    }

    /// The remedy this entry carries money away from, if it is a credit.
    fn credit_from(&self) -> Option<&RecordId> {
        match &self.movement {
            Movement::Credited { from, .. } => Some(from),
            _ => None,
        }
    }
}

/// A remedy's money, as its events leave it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Balance {
    /// Whether an offer stands on the record (not voided).
    pub offered: bool,
    pub amount: Pence,
    /// Money paid on it (cash, not credits).
    pub paid: Pence,
    /// Of `paid`, what went to the rent account against arrears.
    pub to_rent_account: Pence,
    /// Money paid on offers it replaced, counted towards it.
    pub credited: Pence,
    /// Of `paid`, what was counted towards its replacements.
    pub carried_out: Pence,
    /// `Some` once it is withdrawn: the remedies that replace it (empty: withdrawn outright).
    pub withdrawn: Option<Vec<RecordId>>,
}

impl Balance {
    /// What is still to pay: nothing once withdrawn or replaced. Negative only on a record the
    /// write check would have refused.
    pub fn outstanding(&self) -> Pence {
        if self.withdrawn.is_some() {
            return Pence(0);
        }
        Pence(self.amount.0 - (self.paid.0 - self.carried_out.0) - self.credited.0)
    }

    /// Money paid on it not yet counted towards a replacement.
    pub fn uncarried(&self) -> Pence {
        Pence(self.paid.0 - self.carried_out.0)
    }
}

/// The entries that stand: each corrected one replaced, in its place, by its latest correction;
/// voided ones left out.
pub fn effective(entries: &[Entry]) -> Vec<&Entry> {
    let mut replacement: HashMap<&EventId, &Entry> = HashMap::new();
    for e in entries {
        if let Some(c) = &e.corrects {
            replacement.insert(c, e);
        }
    }
    let mut out = Vec::new();
    for e in entries.iter().filter(|e| e.corrects.is_none()) {
        let mut current = e;
        for _ in 0..entries.len() {
            match replacement.get(&current.event) {
                Some(next) => current = next,
                None => break,
            }
        }
        if current.movement != Movement::Voided {
            out.push(current);
        }
    }
    out
}

/// The balance of `remedy` from entries in history order (its own, and its replacements' credits
/// naming it; any others are ignored).
pub fn balance(remedy: &RecordId, entries: &[Entry]) -> Balance {
    let mut b = Balance::default();
    for e in effective(entries) {
        if e.subject != *remedy {
            if let Movement::Credited { from, amount } = &e.movement
                && from == remedy
            {
                b.carried_out.0 += amount.0;
            }
            continue;
        }
        match &e.movement {
            Movement::Offered { amount } => {
                b.offered = true;
                b.amount = *amount;
            }
            Movement::Paid {
                amount,
                to_rent_account,
            } => {
                b.paid.0 += amount.0;
                b.to_rent_account.0 += to_rent_account.0;
            }
            Movement::Credited { amount, .. } => b.credited.0 += amount.0,
            Movement::Withdrawn { replaced_by } => b.withdrawn = Some(replaced_by.clone()),
            Movement::Voided => {}
        }
    }
    b
}

/// Whether an event can change a remedy's money (so the write check must see it). A void
/// concerns a remedy when its subject is one; `subject_is_remedy` is asked only for a void.
pub fn concerns(ev: &Event, subject_is_remedy: impl FnOnce() -> bool) -> bool {
    match &ev.data {
        EventData::RemedyOffered(_)
        | EventData::RemedyPaid(_)
        | EventData::RemedyCredited(_)
        | EventData::RemedyWithdrawn(_) => true,
        EventData::EntryVoided(_) => subject_is_remedy(),
        _ => false,
    }
}

/// The remedies whose balances `ev` can change: its subject, the remedy a credit draws on, and,
/// for a correction or void of a credit, the remedy the corrected credit drew on (found in the
/// subject's `entries`).
pub fn affected(ev: &Event, subject_entries: &[Entry]) -> Vec<RecordId> {
    let mut out = vec![ev.subject.clone()];
    if let EventData::RemedyCredited(c) = &ev.data {
        out.push(c.from.clone());
    }
    if let Some(c) = &ev.corrects
        && let Some(from) = subject_entries
            .iter()
            .find(|e| e.event == *c)
            .and_then(Entry::credit_from)
    {
        out.push(from.clone());
    }
    out.sort();
    out.dedup();
    out
}

/// Checks a remedy event (or a void of one) against the entries of every remedy it affects
/// ([`affected`]), each list in history order: refused if it would leave a remedy owing less than
/// nothing, pay or credit a withdrawn offer, carry more money away from an offer than was paid on
/// it, credit from an offer that was not replaced by this one, or void an offer that has money
/// recorded against it.
pub fn check(ev: &Event, lists: &[(RecordId, Vec<Entry>)]) -> Result<(), Invalid> {
    let Some(entry) = Entry::of(ev) else {
        return Ok(());
    };
    let before = |id: &RecordId| -> Balance {
        lists
            .iter()
            .find(|(r, _)| r == id)
            .map(|(_, l)| balance(id, l))
            .unwrap_or_default()
    };
    let after = |id: &RecordId| -> Balance {
        let mut l = lists
            .iter()
            .find(|(r, _)| r == id)
            .map(|(_, l)| l.clone())
            .unwrap_or_default();
        l.push(entry.clone());
        balance(id, &l)
    };
    let subject = &ev.subject;
    let was = before(subject);
    let now = after(subject);
    let correcting = ev.corrects.is_some();

    // No payment or credit is taken against an offer that no longer stands.
    if !correcting
        && matches!(
            entry.movement,
            Movement::Paid { .. } | Movement::Credited { .. }
        )
        && let Some(by) = &was.withdrawn
    {
        let what = if by.is_empty() {
            "was withdrawn".to_string()
        } else {
            format!(
                "was replaced by {}: record it there",
                by.iter()
                    .map(|r| format!("'{r}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        return Err(Invalid::new(
            "subject",
            format!("remedy '{subject}' {what}"),
        ));
    }
    if !correcting
        && matches!(entry.movement, Movement::Withdrawn { .. })
        && was.withdrawn.is_some()
    {
        return Err(Invalid::new(
            "subject",
            format!("remedy '{subject}' is already withdrawn"),
        ));
    }
    if let Movement::Withdrawn { replaced_by } = &entry.movement
        && replaced_by.contains(subject)
    {
        return Err(Invalid::new(
            "data.replaced_by",
            format!("remedy '{subject}' cannot replace itself"),
        ));
    }

    // A credit draws on money paid on an offer this remedy replaced.
    if let Movement::Credited { from, amount } = &entry.movement {
        if from == subject {
            return Err(Invalid::new(
                "data.from",
                format!("remedy '{subject}' cannot be credited from itself"),
            ));
        }
        let source = before(from);
        let replaces = source
            .withdrawn
            .as_ref()
            .is_some_and(|by| by.contains(subject));
        if !replaces {
            return Err(Invalid::new(
                "data.from",
                format!(
                    "remedy '{from}' was not replaced by '{subject}': record its withdrawal naming '{subject}' in replaced_by first"
                ),
            ));
        }
        let left = after(from).uncarried();
        if left.0 < 0 {
            return Err(Invalid::new(
                "data.amount",
                format!(
                    "{} is more than the {} paid on remedy '{from}' not yet counted towards its replacements",
                    pounds(*amount),
                    pounds(source.uncarried())
                ),
            ));
        }
    }

    // An offer voided with money against it would leave that money belonging to nothing.
    if !now.offered && (now.paid.0 != 0 || now.credited.0 != 0) {
        return Err(Invalid::new(
            if correcting { "corrects" } else { "subject" },
            format!(
                "remedy '{subject}' has {} paid and {} credited against it: void those first",
                pounds(now.paid),
                pounds(now.credited)
            ),
        ));
    }

    // Nothing may leave a remedy owing less than nothing, or carry away money it was not paid.
    for id in affected(ev, lists_of(lists, subject)) {
        let b = after(&id);
        let out = b.outstanding();
        if out.0 < 0 {
            let prior = before(&id);
            let detail = format!(
                "offered {}, paid {}, credited {}",
                pounds(prior.amount),
                pounds(prior.paid),
                pounds(prior.credited)
            );
            return Err(match &entry.movement {
                Movement::Paid { amount, .. } | Movement::Credited { amount, .. }
                    if id == *subject && !correcting =>
                {
                    Invalid::new(
                        "data.amount",
                        format!(
                            "{} is more than the {} outstanding on remedy '{id}' ({detail})",
                            pounds(*amount),
                            pounds(prior.outstanding())
                        ),
                    )
                }
                Movement::Offered { amount } if id == *subject => Invalid::new(
                    "data.amount",
                    format!(
                        "remedy '{id}' already has {} paid or credited against it: the offer cannot be less ({} given)",
                        pounds(Pence(prior.amount.0 - prior.outstanding().0)),
                        pounds(*amount)
                    ),
                ),
                _ => Invalid::new(
                    "corrects",
                    format!(
                        "remedy '{id}' would be paid {} more than it was offered ({detail})",
                        pounds(Pence(-out.0))
                    ),
                ),
            });
        }
        if b.uncarried().0 < 0 {
            return Err(Invalid::new(
                "corrects",
                format!(
                    "remedy '{id}' would have {} counted towards its replacements but only {} paid on it",
                    pounds(b.carried_out),
                    pounds(b.paid)
                ),
            ));
        }
    }
    Ok(())
}

fn lists_of<'a>(lists: &'a [(RecordId, Vec<Entry>)], id: &RecordId) -> &'a [Entry] {
    lists
        .iter()
        .find(|(r, _)| r == id)
        .map_or(&[], |(_, l)| l.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> RecordId {
        RecordId::parse(s).expect("id")
    }

    fn ev(n: &str) -> EventId {
        EventId::parse(n).expect("event id")
    }

    fn entry(n: &str, subject: &str, corrects: Option<&str>, movement: Movement) -> Entry {
        Entry {
            event: ev(n),
            corrects: corrects.map(ev),
            subject: id(subject),
            movement,
        }
    }

    fn paid(p: i64) -> Movement {
        Movement::Paid {
            amount: Pence(p),
            to_rent_account: Pence(0),
        }
    }

    /// Read through the validator, as an import is: the field and reason of the first refusal.
    fn refusal(lines: &[&str]) -> Option<(String, String)> {
        const BASE: &str = r#"{"type":"person.registered","subject":"r1","at":"2026-01-05","actor":{"id":"a","role":"system"},"data":{"name":"A"}}
{"type":"complaint.received","subject":"c1","at":"2026-01-06","actor":{"id":"a","role":"staff"},"data":{"complainant":"r1","channel":"phone","description":"Leak"}}
{"type":"remedy.offered","subject":"m1","at":"2026-01-20","actor":{"id":"a","role":"staff"},"data":{"for_case":"c1","head":"delay","amount":10000,"reason":"Delay"}}
{"type":"remedy.offered","subject":"m2","at":"2026-01-20","actor":{"id":"a","role":"staff"},"data":{"for_case":"c1","head":"delay","amount":30000,"reason":"More delay"}}
"#;
        let text = format!("{BASE}{}\n", lines.join("\n"));
        crate::history::read_history(&text, (), (0, crate::history::Hash::GENESIS))
            .err()
            .map(|e| (e.field, e.reason))
    }

    fn pay(subject: &str, pence: i64) -> String {
        format!(
            r#"{{"type":"remedy.paid","subject":"{subject}","at":"2026-01-25","actor":{{"id":"a","role":"staff"}},"data":{{"amount":{pence},"paid_on":"2026-01-25","method":"bank_transfer"}}}}"#
        )
    }

    #[test]
    fn the_write_check_refuses_more_than_is_outstanding() {
        assert_eq!(refusal(&[&pay("m1", 6000), &pay("m1", 4000)]), None);
        let (field, reason) = refusal(&[&pay("m1", 6000), &pay("m1", 4001)]).expect("refused");
        assert_eq!(field, "data.amount");
        assert_eq!(
            reason,
            "£40.01 is more than the £40.00 outstanding on remedy 'm1' (offered £100.00, paid £60.00, credited £0.00)"
        );
        // Withdrawn and replaced: no payment; the £60 paid on it may be credited to m2, once.
        let withdrawn = r#"{"type":"remedy.withdrawn","subject":"m1","at":"2026-01-26","actor":{"id":"a","role":"staff"},"data":{"reason":"Replaced","replaced_by":["m2"]}}"#;
        let credit = |p: i64| {
            format!(
                r#"{{"type":"remedy.credited","subject":"m2","at":"2026-01-26","actor":{{"id":"a","role":"staff"}},"data":{{"from":"m1","amount":{p}}}}}"#
            )
        };
        let (field, _) = refusal(&[&pay("m1", 6000), withdrawn, &pay("m1", 1)]).expect("refused");
        assert_eq!(field, "subject");
        assert_eq!(refusal(&[&pay("m1", 6000), withdrawn, &credit(6000)]), None);
        let (field, _) =
            refusal(&[&pay("m1", 6000), withdrawn, &credit(6000), &credit(1)]).expect("refused");
        assert_eq!(field, "data.amount");
        let (field, _) = refusal(&[&pay("m1", 6000), &credit(100)]).expect("not replaced");
        assert_eq!(field, "data.from");
        // m2: £300 less the £60 credited leaves £240.
        let (field, reason) = refusal(&[
            &pay("m1", 6000),
            withdrawn,
            &credit(6000),
            &pay("m2", 24001),
        ])
        .expect("refused");
        assert_eq!(field, "data.amount");
        assert!(reason.contains("£240.00 outstanding"), "{reason}");
    }

    #[test]
    fn corrections_replace_in_place_and_voids_withdraw() {
        let l = vec![
            entry("e1", "r", None, Movement::Offered { amount: Pence(500) }),
            entry("e2", "r", None, paid(100)),
            entry("e3", "r", None, paid(50)),
            entry("e4", "r", Some("e2"), paid(200)),
            entry("e5", "r", Some("e3"), Movement::Voided),
        ];
        let b = balance(&id("r"), &l);
        assert_eq!(b.paid, Pence(200));
        assert_eq!(b.outstanding(), Pence(300));
    }

    #[test]
    fn credits_move_money_from_a_replaced_offer_to_its_replacement() {
        let l = vec![
            entry("x1", "x", None, Movement::Offered { amount: Pence(175) }),
            entry("x2", "x", None, paid(175)),
            entry("y1", "y", None, Movement::Offered { amount: Pence(600) }),
            entry(
                "x3",
                "x",
                None,
                Movement::Withdrawn {
                    replaced_by: vec![id("y")],
                },
            ),
            entry(
                "y2",
                "y",
                None,
                Movement::Credited {
                    from: id("x"),
                    amount: Pence(175),
                },
            ),
        ];
        let x = balance(&id("x"), &l);
        let y = balance(&id("y"), &l);
        assert_eq!(
            (x.paid, x.carried_out, x.outstanding()),
            (Pence(175), Pence(175), Pence(0))
        );
        assert_eq!((y.credited, y.outstanding()), (Pence(175), Pence(425)));
    }
}
