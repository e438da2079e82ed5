//! What makes a response letter complete: each element of Code 6.9 / 6.19, checked together so
//! the officer (or the API) learns everything missing at once.

use std::fmt;

use serde::Serialize;

use super::{Remedy, ResponseLetter, RouteOnward};
use crate::complaints::{Decision, Stage};

/// The parts of a response letter, each with its provision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Element {
    Landlord,
    AddressedTo,
    Date,
    /// 6.9(a)
    Stage,
    /// 6.9(b); 5.6–5.7
    ComplaintDefinition,
    /// 6.9(c)
    Decision,
    /// 6.9(d); 6.7
    Reasons,
    /// 6.9(e); 7.1–7.3
    Remedy,
    /// 6.9(f); 6.6
    OutstandingActions,
    /// 6.9(g) at stage 1; 6.19 at stage 2
    RouteOnward,
    /// 6.13 at stage 2
    SignedBy,
}

impl Element {
    /// Stable snake_case code for the API.
    pub fn as_str(&self) -> &'static str {
        match self {
            Element::Landlord => "landlord",
            Element::AddressedTo => "addressed_to",
            Element::Date => "date",
            Element::Stage => "stage",
            Element::ComplaintDefinition => "complaint_definition",
            Element::Decision => "decision",
            Element::Reasons => "reasons",
            Element::Remedy => "remedy",
            Element::OutstandingActions => "outstanding_actions",
            Element::RouteOnward => "route_onward",
            Element::SignedBy => "signed_by",
        }
    }

    /// The provision that requires it (rules.md §1.6–1.7).
    pub fn provision(&self) -> &'static str {
        match self {
            Element::Landlord | Element::AddressedTo | Element::Date => {
                "a letter (Complaint Handling Code 2024, 6.9: a written response)"
            }
            Element::Stage => "Complaint Handling Code 2024, 6.9(a) and 6.19",
            Element::ComplaintDefinition => {
                "Complaint Handling Code 2024, 6.9(b) and 6.19 (UNCONFIRMED); 5.6–5.7"
            }
            Element::Decision => "Complaint Handling Code 2024, 6.9(c) and 6.19",
            Element::Reasons => "Complaint Handling Code 2024, 6.7, 6.9(d) and 6.19",
            Element::Remedy => "Complaint Handling Code 2024, 6.9(e), 6.19 and 7.1–7.3",
            Element::OutstandingActions => "Complaint Handling Code 2024, 6.6, 6.9(f) and 6.19",
            Element::RouteOnward => {
                "Complaint Handling Code 2024, 6.9(g) (stage 2) and 6.19 (Ombudsman, UNCONFIRMED wording)"
            }
            Element::SignedBy => "Complaint Handling Code 2024, 6.13 (stage 2 handler)",
        }
    }
}

impl fmt::Display for Element {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Element::Landlord => "landlord",
            Element::AddressedTo => "addressed to",
            Element::Date => "date",
            Element::Stage => "stage",
            Element::ComplaintDefinition => "complaint definition",
            Element::Decision => "decision",
            Element::Reasons => "reasons",
            Element::Remedy => "remedy",
            Element::OutstandingActions => "outstanding actions",
            Element::RouteOnward => "route onward",
            Element::SignedBy => "signed by",
        })
    }
}

/// One thing wrong with a letter: "remedy: missing 'by when' for item 2".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{element}: {problem}{}", for_item(*.item))]
pub struct LetterProblem {
    pub element: Element,
    /// The 1-based item (decision, remedy item or action) it concerns.
    pub item: Option<usize>,
    pub problem: String,
}

fn for_item(item: Option<usize>) -> String {
    item.map(|i| format!(" for item {i}")).unwrap_or_default()
}

/// Why a letter cannot be issued: every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the letter cannot be issued: {}", list(.problems))]
pub struct LetterIncomplete {
    pub problems: Vec<LetterProblem>,
}

fn list(problems: &[LetterProblem]) -> String {
    problems
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

impl LetterIncomplete {
    /// Whether any problem concerns `element`.
    pub fn names(&self, element: Element) -> bool {
        self.problems.iter().any(|p| p.element == element)
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

struct Found(Vec<LetterProblem>);

impl Found {
    fn add(&mut self, element: Element, item: Option<usize>, problem: impl Into<String>) {
        self.0.push(LetterProblem {
            element,
            item,
            problem: problem.into(),
        });
    }
    fn missing(&mut self, element: Element, item: Option<usize>, what: &str) {
        self.add(element, item, format!("missing '{what}'"));
    }
}

pub(super) fn problems(l: &ResponseLetter) -> Vec<LetterProblem> {
    let mut f = Found(Vec::new());
    if blank(&l.landlord) {
        f.missing(Element::Landlord, None, "landlord's name");
    }
    if blank(&l.addressed_to) {
        f.missing(Element::AddressedTo, None, "resident's name");
    }
    if l.date.is_none() {
        f.missing(Element::Date, None, "date");
    }
    if l.stage.is_none() {
        f.missing(Element::Stage, None, "stage 1 or 2");
    }

    match &l.definition {
        None => f.missing(
            Element::ComplaintDefinition,
            None,
            "our understanding of the complaint and the outcome sought",
        ),
        Some(d) => {
            if blank(&d.understanding) {
                f.missing(
                    Element::ComplaintDefinition,
                    None,
                    "our understanding of the complaint",
                );
            }
            if blank(&d.outcome_sought) {
                f.missing(Element::ComplaintDefinition, None, "outcome sought");
            }
        }
    }

    if l.decisions.is_empty() {
        f.add(
            Element::Decision,
            None,
            "missing: no part of the complaint has a decision",
        );
    }
    for (i, d) in l.decisions.iter().enumerate() {
        let item = Some(i + 1);
        if blank(&d.element) {
            f.missing(Element::Decision, item, "what was complained about");
        }
        if d.decision.is_none() {
            f.missing(
                Element::Decision,
                item,
                "upheld, partly upheld or not upheld",
            );
        }
        if blank(&d.reasons) {
            f.missing(Element::Reasons, item, "reasons");
        }
    }

    let upheld = l
        .decisions
        .iter()
        .any(|d| matches!(d.decision, Some(Decision::Upheld | Decision::PartlyUpheld)));
    match &l.remedy {
        None => f.missing(Element::Remedy, None, "what we will do to put things right"),
        Some(Remedy::NoneDue { why }) => {
            if blank(why) {
                f.missing(Element::Remedy, None, "why no remedy is due");
            }
            if upheld {
                f.add(
                    Element::Remedy,
                    None,
                    "a complaint upheld in whole or part needs a remedy (Code 7.1)",
                );
            }
        }
        Some(Remedy::Offered { items }) => {
            if items.is_empty() {
                f.add(
                    Element::Remedy,
                    None,
                    "missing: no item offered (say why no remedy is due instead)",
                );
            }
            for (i, r) in items.iter().enumerate() {
                let item = Some(i + 1);
                if blank(&r.what) {
                    f.missing(Element::Remedy, item, "what");
                }
                match (r.by_when, l.date) {
                    (None, _) => f.missing(Element::Remedy, item, "by when"),
                    (Some(by), Some(on)) if by < on => f.add(
                        Element::Remedy,
                        item,
                        "'by when' is before the letter's date",
                    ),
                    _ => {}
                }
                if r.compensation.iter().any(|c| c.amount.0 <= 0) {
                    f.add(
                        Element::Remedy,
                        item,
                        "every amount of compensation must be more than £0.00",
                    );
                }
            }
        }
    }

    match &l.outstanding_actions {
        None => f.add(
            Element::OutstandingActions,
            None,
            "missing: list them, or say there are none",
        ),
        Some(actions) => {
            for (i, a) in actions.iter().enumerate() {
                let item = Some(i + 1);
                if blank(&a.what) {
                    f.missing(Element::OutstandingActions, item, "what");
                }
                if blank(&a.owner) {
                    f.missing(Element::OutstandingActions, item, "owner");
                }
                match (a.due, l.date) {
                    (None, _) => f.missing(Element::OutstandingActions, item, "due date"),
                    (Some(due), Some(on)) if due < on => f.add(
                        Element::OutstandingActions,
                        item,
                        "due date is before the letter's date",
                    ),
                    _ => {}
                }
            }
        }
    }

    match (&l.route_onward, l.stage) {
        (None, Some(Stage::Two)) => f.missing(
            Element::RouteOnward,
            None,
            "the Housing Ombudsman's details",
        ),
        (None, _) => f.missing(Element::RouteOnward, None, "how to escalate to stage 2"),
        (Some(RouteOnward::Ombudsman(_)), Some(Stage::One)) => f.add(
            Element::RouteOnward,
            None,
            "a stage 1 response must say how to escalate to stage 2 (Code 6.9(g))",
        ),
        (Some(RouteOnward::Stage2 { .. }), Some(Stage::Two)) => f.add(
            Element::RouteOnward,
            None,
            "a stage 2 response is final: it must give the Housing Ombudsman's details (Code 6.19)",
        ),
        (Some(RouteOnward::Stage2 { how, contact }), _) => {
            if blank(how) {
                f.missing(Element::RouteOnward, None, "how to escalate");
            }
            if blank(contact) {
                f.missing(Element::RouteOnward, None, "who to contact to escalate");
            }
        }
        (Some(RouteOnward::Ombudsman(o)), _) => {
            if blank(&o.name) {
                f.missing(Element::RouteOnward, None, "the Ombudsman's name");
            }
            let some = |s: &Option<String>| s.as_deref().is_some_and(|s| !blank(s));
            let reachable = some(&o.phone)
                || some(&o.email)
                || some(&o.website)
                || o.address.iter().any(|a| !blank(a));
            if !reachable {
                f.missing(
                    Element::RouteOnward,
                    None,
                    "how to contact the Ombudsman (address, phone, email or website)",
                );
            }
        }
    }

    match &l.signed_by {
        None => f.missing(Element::SignedBy, None, "name and role"),
        Some(s) => {
            if blank(&s.name) {
                f.missing(Element::SignedBy, None, "name");
            }
            if blank(&s.role) {
                f.missing(Element::SignedBy, None, "role");
            }
            let same = |h: &String| crate::complaints::handlers::same_handler(h, &s.name);
            if l.stage == Some(Stage::Two)
                && !blank(&s.name)
                && l.stage1_handler.as_ref().is_some_and(same)
            {
                f.add(
                    Element::SignedBy,
                    None,
                    "the stage 2 response must come from someone other than the stage 1 handler (Code 6.13)",
                );
            }
        }
    }
    f.0
}
