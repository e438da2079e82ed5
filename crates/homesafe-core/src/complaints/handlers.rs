//! Who handled each stage of a complaint, and the rule that the stage 2 handler is someone other
//! than the stage 1 handler (Complaint Handling Code 2024, 6.13; requirements R8: "stage 2
//! handled by a different person", enforced, not advised).
//!
//! A handler is named by `handler` on `complaint.responded` (required) and on
//! `complaint.acknowledged` (optional) — whoever the record says handled that stage. The event's
//! actor is who *wrote* the entry, often a team account, a clerk or an import (both L&Q responses
//! in 202209500 were recorded by "L&Q complaints team"), so the actor is not the handler.
//!
//! Names are compared after trimming, collapsing runs of white space and ignoring case: "Jo
//! Smith" and " jo  SMITH " are one person. Different spellings of one person's name are not
//! caught; two people with the same name are refused (the record cannot tell them apart).
//!
//! The check runs when an event is written ([`crate::history::Validator`]): an event naming as the
//! handler of one stage someone who handled the other stage of the same complaint is refused,
//! whichever stage was recorded first. A correction of a stage's event replaces what that event
//! said; `entry.voided` withdraws it.

use crate::events::{EventData, Invalid};
use crate::history::{Event, EventId};

use super::Stage;

/// The provision, quoted in every refusal.
pub const SOURCE: &str = "Complaint Handling Code 2024, 6.13";

/// Whether two handler names name the same person.
pub fn same_handler(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}

/// The stage and handler an event names, if it names one.
pub fn named_handler(data: &EventData) -> Option<(Stage, &str)> {
    match data {
        EventData::ComplaintResponded(r) => Some((r.stage, r.handler.as_str())),
        EventData::ComplaintAcknowledged(a) => a.handler.as_deref().map(|h| (a.stage, h)),
        _ => None,
    }
}

/// One event naming a stage's handler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The event that named the handler (the latest correction of it).
    pub event: EventId,
    /// The event first written, which corrections point back to.
    pub original: EventId,
    pub stage: Stage,
    pub handler: String,
    /// `complaint.acknowledged` or `complaint.responded`.
    pub type_name: String,
}

/// The handlers named for one complaint so far, in history order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StageHandlers(pub Vec<Named>);

impl StageHandlers {
    /// Folds a complaint's events, in order, into the handlers they name.
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a Event>) -> StageHandlers {
        let mut h = StageHandlers::default();
        for e in events {
            h.accept(e);
        }
        h
    }

    fn position(&self, corrected: &EventId) -> Option<usize> {
        self.0
            .iter()
            .position(|n| n.event == *corrected || n.original == *corrected)
    }

    /// Checks an event about this complaint against the handlers named before it.
    pub fn check(&self, ev: &Event) -> Result<(), Invalid> {
        let Some((stage, handler)) = named_handler(&ev.data) else {
            return Ok(());
        };
        let replaced = ev.corrects.as_ref().and_then(|c| self.position(c));
        let other = match stage {
            Stage::One => Stage::Two,
            Stage::Two => Stage::One,
        };
        let clash = self
            .0
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != replaced)
            .map(|(_, n)| n)
            .find(|n| n.stage == other && same_handler(&n.handler, handler));
        match clash {
            None => Ok(()),
            Some(n) => {
                let (n1, n2) = match stage {
                    Stage::Two => (u8::from(n.stage), u8::from(stage)),
                    Stage::One => (u8::from(stage), u8::from(n.stage)),
                };
                Err(Invalid::new(
                    "data.handler",
                    format!(
                        "'{handler}' handled stage {} of complaint '{}' ({} event '{}'), so cannot handle stage {}: the stage {n2} handler must be a different person from the stage {n1} handler ({SOURCE})",
                        u8::from(n.stage),
                        ev.subject,
                        n.type_name,
                        n.event,
                        u8::from(stage),
                    ),
                ))
            }
        }
    }

    /// Adds an accepted event: a new naming, a correction replacing one, or a withdrawal.
    pub fn accept(&mut self, ev: &Event) {
        if let Some(c) = &ev.corrects
            && let Some(i) = self.position(c)
        {
            if ev.type_name == "entry.voided" {
                self.0.remove(i);
                return;
            }
            match named_handler(&ev.data) {
                Some((stage, handler)) => {
                    let n = &mut self.0[i];
                    n.event = ev.id.clone();
                    n.stage = stage;
                    n.handler = handler.to_string();
                }
                None => {
                    self.0.remove(i);
                }
            }
            return;
        }
        if let Some((stage, handler)) = named_handler(&ev.data) {
            self.0.push(Named {
                event: ev.id.clone(),
                original: ev.corrects.clone().unwrap_or_else(|| ev.id.clone()),
                stage,
                handler: handler.to_string(),
                type_name: ev.type_name.clone(),
            });
        }
    }

    /// Whether an event can change what this tracks.
    pub fn concerns(ev: &Event) -> bool {
        named_handler(&ev.data).is_some() || ev.type_name == "entry.voided"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_case_or_spacing() {
        assert!(same_handler("Jo Smith", "  jo   SMITH "));
        assert!(!same_handler("Jo Smith", "Jo Smyth"));
        assert!(!same_handler("", "  "), "an empty name names nobody");
    }
}
