//! The Housing Ombudsman's Complaint Handling Code, version by version, and landlords' own
//! published complaints policies — as data, chosen by date (rules.md §1.6, §1.10, §9.3–9.5).
//!
//! Where is the stage 2 deadline computed? Here: [`CHC_2024`] `stage2_response` (20 working days
//! from the stage 2 acknowledgement, Code 6.14); [`CHC_2022`] and [`CHC_2020`] `stage2_response`
//! (20 working days from the request to escalate); a landlord's own policy in
//! [`ComplaintRules::stage2_response`]. The clocks that apply them are in
//! `rules/alerts/complaints.rs`.
//!
//! Every complaint is judged against the Code version in force on the day its stage began (the
//! day the complaint was received for stage 1, the day escalation was requested for stage 2) and
//! against the landlord's own policy in force on that day. Where they differ the stricter date
//! raises the alert and the alert's detail names both.
//!
//! Acknowledgement-anchored clocks whose acknowledgement has not been recorded run provisionally
//! from the acknowledgement deadline (rules.md §9.3): a late acknowledgement is its own breach.

use std::borrow::Cow;

use jiff::civil::{Date, date};

use super::clock::Limit;
use crate::history::RecordId;

/// What a complaint clock counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The day the complaint was received.
    Receipt,
    /// The day stage 1 was acknowledged (the 2022 Code's "logged"); provisionally the stage 1
    /// acknowledgement deadline while no acknowledgement is recorded.
    Stage1Acknowledgement,
    /// The day the resident asked to escalate.
    EscalationRequest,
    /// The day stage 2 was acknowledged; provisionally the stage 2 acknowledgement deadline.
    Stage2Acknowledgement,
}

impl Anchor {
    pub fn describe(&self) -> &'static str {
        match self {
            Anchor::Receipt => "the day the complaint was received",
            Anchor::Stage1Acknowledgement => "the stage 1 acknowledgement",
            Anchor::EscalationRequest => "the request to escalate",
            Anchor::Stage2Acknowledgement => "the stage 2 acknowledgement",
        }
    }
}

/// One timescale: its limit, what it counts from, where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeRule {
    /// Stable rule id, e.g. `chc2024.stage1.response`.
    pub id: Cow<'static, str>,
    pub limit: Limit,
    pub from: Anchor,
    /// The provision, e.g. "Complaint Handling Code 2024, 6.3".
    pub source: Cow<'static, str>,
    /// False when the value or its provision number is not confirmed by a primary source.
    pub confirmed: bool,
}

/// A set of complaint timescales: a version of the Ombudsman's Code, or a landlord's policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintRules {
    /// e.g. `chc2024`, `policy.lq`.
    pub id: Cow<'static, str>,
    pub name: Cow<'static, str>,
    /// `None` for the Ombudsman's Code; the landlord's record id for its own policy.
    pub landlord: Option<RecordId>,
    pub effective_from: Option<Date>,
    pub effective_to: Option<Date>,
    /// Binding in law (the 2024 Code, Social Housing (Regulation) Act 2023).
    pub statutory: bool,
    /// Whether the dates are confirmed by a primary source.
    pub dates_confirmed: bool,
    pub stage1_ack: Option<TimeRule>,
    pub stage1_response: Option<TimeRule>,
    /// The longest stage 1 extension allowed without good reason.
    pub stage1_extension_max: Option<TimeRule>,
    pub stage2_ack: Option<TimeRule>,
    pub stage2_response: Option<TimeRule>,
    /// The longest stage 2 extension allowed without good reason.
    pub stage2_extension_max: Option<TimeRule>,
    /// Every extension notice must give the Ombudsman's contact details: the provision.
    pub extension_ombudsman_details: Option<Cow<'static, str>>,
}

impl ComplaintRules {
    /// Whether these rules are in force on `on`.
    pub fn in_force(&self, on: Date) -> bool {
        self.effective_from.is_none_or(|from| on >= from)
            && self.effective_to.is_none_or(|to| on <= to)
    }
}

const fn wd(n: u32) -> Limit {
    Limit::WorkingDays(n)
}

const fn rule(
    id: &'static str,
    limit: Limit,
    from: Anchor,
    source: &'static str,
    confirmed: bool,
) -> Option<TimeRule> {
    Some(TimeRule {
        id: Cow::Borrowed(id),
        limit,
        from,
        source: Cow::Borrowed(source),
        confirmed,
    })
}

/// The Complaint Handling Code 2024: statutory from 1 April 2024 (Social Housing (Regulation)
/// Act 2023). Source: <https://housing-ombudsman.org.uk/landlords-info/complaint-handling-code/the-code-2024>;
/// provision numbers as carried by landlords' self-assessments (rules.md §1.6).
pub static CHC_2024: ComplaintRules = ComplaintRules {
    id: Cow::Borrowed("chc2024"),
    name: Cow::Borrowed("Complaint Handling Code 2024 (statutory)"),
    landlord: None,
    effective_from: Some(date(2024, 4, 1)),
    effective_to: None,
    statutory: true,
    dates_confirmed: true,
    // 6.2: acknowledge, define and log within 5 working days of receipt.
    stage1_ack: rule(
        "chc2024.stage1.ack",
        wd(5),
        Anchor::Receipt,
        "Complaint Handling Code 2024, 6.2",
        true,
    ),
    // 6.3: respond within 10 working days of the acknowledgement (not of receipt).
    stage1_response: rule(
        "chc2024.stage1.response",
        wd(10),
        Anchor::Stage1Acknowledgement,
        "Complaint Handling Code 2024, 6.3",
        true,
    ),
    // 6.4: an extension of no more than 10 working days without good reason.
    stage1_extension_max: rule(
        "chc2024.stage1.extension",
        wd(10),
        Anchor::Stage1Acknowledgement,
        "Complaint Handling Code 2024, 6.4",
        true,
    ),
    // 6.11: acknowledge, define and log stage 2 within 5 working days of the escalation request.
    stage2_ack: rule(
        "chc2024.stage2.ack",
        wd(5),
        Anchor::EscalationRequest,
        "Complaint Handling Code 2024, 6.11",
        true,
    ),
    // 6.14: final response within 20 working days of the stage 2 acknowledgement.
    stage2_response: rule(
        "chc2024.stage2.response",
        wd(20),
        Anchor::Stage2Acknowledgement,
        "Complaint Handling Code 2024, 6.14",
        true,
    ),
    // 6.15–6.16: a stage 2 extension of no more than 20 working days without good reason.
    stage2_extension_max: rule(
        "chc2024.stage2.extension",
        wd(20),
        Anchor::Stage2Acknowledgement,
        "Complaint Handling Code 2024, 6.15–6.16",
        true,
    ),
    // 6.5 (stage 1) and 6.16 (stage 2): every extension gives the Ombudsman's contact details.
    extension_ombudsman_details: Some(Cow::Borrowed("Complaint Handling Code 2024, 6.5 and 6.16")),
};

/// The Complaint Handling Code 2022: in effect from 1 April 2022 for complaints made before
/// 1 April 2024, non-statutory (a condition of Scheme membership; landlords had until 1 October
/// 2022 to comply). Source: <https://www.housing-ombudsman.org.uk/landlords-info/complaint-handling-code/complaint-handling-code-2022/>;
/// timescales from its section 5 as carried by a landlord's self-assessment (rules.md §1.10).
/// Its provision numbers are not cited here: not confirmed.
pub static CHC_2022: ComplaintRules = ComplaintRules {
    id: Cow::Borrowed("chc2022"),
    name: Cow::Borrowed("Complaint Handling Code 2022 (non-statutory)"),
    landlord: None,
    effective_from: Some(date(2022, 4, 1)),
    effective_to: Some(date(2024, 3, 31)),
    statutory: false,
    dates_confirmed: true,
    // Section 5: acknowledge (and log) within 5 working days of receipt.
    stage1_ack: rule(
        "chc2022.stage1.ack",
        wd(5),
        Anchor::Receipt,
        "Complaint Handling Code 2022, section 5",
        true,
    ),
    // Section 5: respond within 10 working days of the complaint being logged.
    stage1_response: rule(
        "chc2022.stage1.response",
        wd(10),
        Anchor::Stage1Acknowledgement,
        "Complaint Handling Code 2022, section 5",
        true,
    ),
    // Section 5: an extension normally no more than 10 working days.
    stage1_extension_max: rule(
        "chc2022.stage1.extension",
        wd(10),
        Anchor::Stage1Acknowledgement,
        "Complaint Handling Code 2022, section 5",
        true,
    ),
    // The 2022 Code set no stage 2 acknowledgement timescale (rules.md §1.10).
    stage2_ack: None,
    // Section 5: respond within 20 working days of the request to escalate.
    stage2_response: rule(
        "chc2022.stage2.response",
        wd(20),
        Anchor::EscalationRequest,
        "Complaint Handling Code 2022, section 5",
        true,
    ),
    // Section 5: a stage 2 extension normally no more than 10 working days.
    stage2_extension_max: rule(
        "chc2022.stage2.extension",
        wd(10),
        Anchor::EscalationRequest,
        "Complaint Handling Code 2022, section 5",
        true,
    ),
    extension_ombudsman_details: None,
};

/// The first Complaint Handling Code, introduced in July 2020 (the day is not confirmed; 1 July
/// is used) until the 2022 revision took effect. Its timescales are taken to be the 2022 Code's
/// (rules.md §1.10: "same shape", wording UNCONFIRMED), so every value here is unconfirmed.
/// Source: <https://www.housing-ombudsman.org.uk/landlords-info/complaint-handling-code/>.
pub static CHC_2020: ComplaintRules = ComplaintRules {
    id: Cow::Borrowed("chc2020"),
    name: Cow::Borrowed("Complaint Handling Code 2020 (non-statutory)"),
    landlord: None,
    effective_from: Some(date(2020, 7, 1)),
    effective_to: Some(date(2022, 3, 31)),
    statutory: false,
    dates_confirmed: false,
    stage1_ack: rule(
        "chc2020.stage1.ack",
        wd(5),
        Anchor::Receipt,
        "Complaint Handling Code 2020 (as the 2022 Code)",
        false,
    ),
    stage1_response: rule(
        "chc2020.stage1.response",
        wd(10),
        Anchor::Stage1Acknowledgement,
        "Complaint Handling Code 2020 (as the 2022 Code)",
        false,
    ),
    stage1_extension_max: rule(
        "chc2020.stage1.extension",
        wd(10),
        Anchor::Stage1Acknowledgement,
        "Complaint Handling Code 2020 (as the 2022 Code)",
        false,
    ),
    stage2_ack: None,
    stage2_response: rule(
        "chc2020.stage2.response",
        wd(20),
        Anchor::EscalationRequest,
        "Complaint Handling Code 2020 (as the 2022 Code)",
        false,
    ),
    stage2_extension_max: rule(
        "chc2020.stage2.extension",
        wd(10),
        Anchor::EscalationRequest,
        "Complaint Handling Code 2020 (as the 2022 Code)",
        false,
    ),
    extension_ombudsman_details: None,
};

/// Every version of the Code HomeSafe knows, oldest first.
pub fn code_versions() -> Vec<ComplaintRules> {
    vec![CHC_2020.clone(), CHC_2022.clone(), CHC_2024.clone()]
}

fn landlord(id: &'static str) -> Option<RecordId> {
    RecordId::parse(id).ok()
}

/// L&Q's complaints policy as the Ombudsman quoted it (report 202209500, 23 October 2023) for
/// events in 2022. Keyed by the landlord's record id in `examples/cases/lq-202209500.jsonl`. The
/// dates it was in force are not in the report: it applies whenever no other L&Q policy does.
pub fn lq_complaints_policy() -> ComplaintRules {
    const SRC: &str = "L&Q complaints policy, as quoted in Housing Ombudsman report 202209500";
    ComplaintRules {
        id: "policy.lq.complaints".into(),
        name: "L&Q complaints policy (as quoted by the Ombudsman)".into(),
        landlord: landlord("lq"),
        effective_from: None,
        effective_to: None,
        statutory: false,
        dates_confirmed: false,
        // "acknowledge a stage 1 complaint no later than 5 days after receipt" — the Ombudsman
        // read it as 5 working days.
        stage1_ack: rule("policy.lq.stage1.ack", wd(5), Anchor::Receipt, SRC, true),
        // "issue a stage 1 response within 10 working days of logging a complaint".
        stage1_response: rule(
            "policy.lq.stage1.response",
            wd(10),
            Anchor::Stage1Acknowledgement,
            SRC,
            true,
        ),
        stage1_extension_max: None,
        stage2_ack: None,
        // "Where an escalation is requested ... a stage 2 response within 20 working days."
        stage2_response: rule(
            "policy.lq.stage2.response",
            wd(20),
            Anchor::EscalationRequest,
            SRC,
            true,
        ),
        stage2_extension_max: None,
        extension_ombudsman_details: None,
    }
}

/// Clarion's interim complaints policy after its June 2022 cyber attack, as an Ombudsman
/// decision reports it (202231171; rules.md §1.10): 10 working days to log, 20 to respond; 10 to
/// acknowledge stage 2 and 40 to respond. Looser than the Code — the Code's stricter dates raise
/// the alerts and the detail names this policy. Start and end dates UNCONFIRMED (June 2022 is
/// taken as 1 June 2022; no end date known).
pub fn clarion_interim_complaints_policy() -> ComplaintRules {
    const SRC: &str = "Clarion interim complaints policy (June 2022), as reported in Housing Ombudsman decision 202231171";
    ComplaintRules {
        id: "policy.clarion.complaints.interim-2022".into(),
        name: "Clarion interim complaints policy after the June 2022 cyber attack".into(),
        landlord: landlord("clarion"),
        effective_from: Some(date(2022, 6, 1)),
        effective_to: None,
        statutory: false,
        dates_confirmed: false,
        stage1_ack: rule(
            "policy.clarion.stage1.ack",
            wd(10),
            Anchor::Receipt,
            SRC,
            false,
        ),
        stage1_response: rule(
            "policy.clarion.stage1.response",
            wd(20),
            Anchor::Stage1Acknowledgement,
            SRC,
            false,
        ),
        stage1_extension_max: None,
        stage2_ack: rule(
            "policy.clarion.stage2.ack",
            wd(10),
            Anchor::EscalationRequest,
            SRC,
            false,
        ),
        stage2_response: rule(
            "policy.clarion.stage2.response",
            wd(40),
            Anchor::Stage2Acknowledgement,
            SRC,
            false,
        ),
        stage2_extension_max: None,
        extension_ombudsman_details: None,
    }
}

/// The shipped landlord complaints policies (examples keyed by the case files' landlord ids).
pub fn landlord_policies() -> Vec<ComplaintRules> {
    vec![lq_complaints_policy(), clarion_interim_complaints_policy()]
}

/// How long after a complaint response that lists outstanding actions those actions must be on
/// the record as tracked commitments (requirements R9; Code 2024 6.6 "outstanding actions must
/// still be tracked", 7.3 "say what will happen and by when"). HomeSafe's own value:
/// landlord-configurable.
pub const ACTIONS_TRACKED_WITHIN: Limit = Limit::WorkingDays(5);

/// The source cited for [`ACTIONS_TRACKED_WITHIN`].
pub const ACTIONS_TRACKED_SOURCE: &str = "Complaint Handling Code 2024, 6.6 and 7.3 (2022 Code equivalent): outstanding actions tracked, remedies say by when";

/// Dissatisfaction with a service request offers a complaint, and a complaint is raised while
/// the request stays open (rules.md §1.1). The same duty stood in the 2020 and 2022 Codes.
pub const COMPLAINT_OFFERED_RULE: &str = "chc.complaint_offered";
pub const COMPLAINT_OFFERED_SOURCE: &str = "Complaint Handling Code 2024, 1.3 and 1.5";

/// A refusal rests on a ground the policy lists and the Code accepts — issue more than 12 months
/// old (from occurrence or awareness, discretion considered), legal proceedings issued (a claim
/// filed, not a pre-action letter), already considered — with the right to go to the Ombudsman
/// (rules.md §1.2, §9.7). The grounds and what each needs are in `complaints/intake.rs`.
pub const REFUSAL_GROUNDS_RULE: &str = "chc.refusal_grounds";
pub const REFUSAL_GROUNDS_SOURCE: &str = "Complaint Handling Code 2024, 2.2 and 2.3";

/// The version of the Code in force on `on`, if any (none before July 2020).
pub fn code_in_force(versions: &[ComplaintRules], on: Date) -> Option<&ComplaintRules> {
    versions
        .iter()
        .rev()
        .find(|v| v.landlord.is_none() && v.in_force(on))
}

/// The landlord's own policy in force on `on`, if one is configured.
pub fn policy_in_force<'a>(
    policies: &'a [ComplaintRules],
    landlord: &RecordId,
    on: Date,
) -> Option<&'a ComplaintRules> {
    policies
        .iter()
        .rev()
        .find(|p| p.landlord.as_ref() == Some(landlord) && p.in_force(on))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_each_other_without_gaps() {
        let versions = code_versions();
        assert_eq!(
            code_in_force(&versions, date(2020, 6, 30)).map(|v| &*v.id),
            None
        );
        assert_eq!(
            code_in_force(&versions, date(2021, 11, 30)).map(|v| &*v.id),
            Some("chc2020")
        );
        assert_eq!(
            code_in_force(&versions, date(2022, 3, 31)).map(|v| &*v.id),
            Some("chc2020")
        );
        assert_eq!(
            code_in_force(&versions, date(2022, 4, 1)).map(|v| &*v.id),
            Some("chc2022")
        );
        assert_eq!(
            code_in_force(&versions, date(2024, 3, 31)).map(|v| &*v.id),
            Some("chc2022")
        );
        assert_eq!(
            code_in_force(&versions, date(2024, 4, 1)).map(|v| &*v.id),
            Some("chc2024")
        );
    }

    #[test]
    fn landlord_policies_are_chosen_by_landlord_and_date() {
        let policies = landlord_policies();
        let lq = RecordId::parse("lq").expect("id");
        let clarion = RecordId::parse("clarion").expect("id");
        assert_eq!(
            policy_in_force(&policies, &lq, date(2022, 3, 4)).map(|p| &*p.id),
            Some("policy.lq.complaints")
        );
        assert_eq!(
            policy_in_force(&policies, &clarion, date(2022, 3, 3)).map(|p| &*p.id),
            None
        );
        assert_eq!(
            policy_in_force(&policies, &clarion, date(2022, 6, 1)).map(|p| &*p.id),
            Some("policy.clarion.complaints.interim-2022")
        );
    }
}
