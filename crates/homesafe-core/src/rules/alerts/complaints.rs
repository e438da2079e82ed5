//! Complaint clocks (rules.md §1.6, §1.10, §9.3–9.5; requirements R8, R9). The timescales are
//! data in `rules/complaint_code.rs`; this file applies them.
//!
//! Each stage is judged against the Code version in force on the day the stage began (receipt
//! for stage 1, the escalation request for stage 2) and the landlord's own policy in force that
//! day. Every applicable timescale is computed; the earliest (strictest) due date raises the
//! alert and the detail lists the others. An acknowledgement-anchored response clock whose
//! acknowledgement is not recorded runs provisionally from the acknowledgement deadline. An
//! extension moves the response date only if it was sent before the original deadline, and never
//! beyond the longest extension the rules allow; an invalid extension is its own alert. A refused
//! or closed complaint has no running clocks.

use std::borrow::Cow;

use jiff::civil::Date;

use super::model::{Model, day, on_when, visible, when};
use super::repairs::due_text;
use super::timeline::Pending;
use super::{AlertCode, AlertSpan, DueOr, due_or, excerpt, track};
use crate::complaints::{ComplaintExtended, ComplaintResponded, Stage};
use crate::events::EventData;
use crate::history::{Event, HistoryTime, RecordId};
use crate::references::RecordKind;
use crate::rules::calendar::CalendarError;
use crate::rules::clock::{Due, Limit, clock_start, due_after, due_on, precision_note};
use crate::rules::complaint_code::{
    Anchor, ComplaintRules, TimeRule, code_in_force, policy_in_force,
};

pub(super) fn spans(m: &Model<'_>) -> Vec<AlertSpan> {
    let mut out = Vec::new();
    for complaint in m.records_of(RecordKind::Complaint) {
        out.extend(complaint_clocks(m, complaint));
    }
    out
}

/// What the record holds about one stage at one instant.
struct StageFacts<'e> {
    stage: Stage,
    /// The receipt, or the escalation request.
    start: &'e Event,
    ack: Option<&'e Event>,
    response: Option<(&'e Event, &'e ComplaintResponded)>,
    extensions: Vec<(&'e Event, &'e ComplaintExtended)>,
}

impl StageFacts<'_> {
    fn name(&self) -> &'static str {
        match self.stage {
            Stage::One => "Stage 1",
            Stage::Two => "Stage 2",
        }
    }
}

/// One applicable timescale's answer.
struct Candidate<'r> {
    rules: &'r ComplaintRules,
    rule: &'r TimeRule,
    due: Due,
    /// The day the clock counts from, and how it was found.
    from: HistoryTime,
    note: String,
}

fn stage_of<'e>(evs: &[&'e Event], stage: Stage, start: &'e Event) -> StageFacts<'e> {
    let ack = evs
        .iter()
        .copied()
        .find(|e| matches!(&e.data, EventData::ComplaintAcknowledged(a) if a.stage == stage));
    let response = evs.iter().find_map(|e| match &e.data {
        EventData::ComplaintResponded(r) if r.stage == stage => Some((*e, r)),
        _ => None,
    });
    let extensions = evs
        .iter()
        .filter_map(|e| match &e.data {
            EventData::ComplaintExtended(x) if x.stage == stage => Some((*e, x)),
            _ => None,
        })
        .collect();
    StageFacts {
        stage,
        start,
        ack,
        response,
        extensions,
    }
}

fn complaint_clocks(m: &Model<'_>, complaint: &RecordId) -> Vec<AlertSpan> {
    let mut deps: Vec<&RecordId> = vec![complaint];
    deps.extend(m.referring(complaint, RecordKind::Commitment));
    if let Some(EventData::ComplaintReceived(r)) = m.all_events(complaint).next().map(|e| &e.data) {
        if let Some(p) = &r.property {
            deps.push(p);
        }
        deps.extend(m.referring(&r.complainant, RecordKind::Tenancy));
    }
    let commitments = m.referring(complaint, RecordKind::Commitment);
    track(m, deps, |k| {
        let evs = m.effective(complaint, k);
        let Some(received) = evs.first().copied() else {
            return Vec::new();
        };
        let EventData::ComplaintReceived(rc) = &received.data else {
            return Vec::new();
        };
        if evs.iter().any(|e| {
            matches!(
                e.data,
                EventData::ComplaintRefused(_) | EventData::ComplaintClosed(_)
            )
        }) {
            return Vec::new();
        }
        let landlord = m
            .property_of(complaint, k)
            .and_then(|p| m.landlord_of_property(&p, k));
        let c = Clocks {
            m,
            complaint,
            landlord: landlord.as_ref(),
            about: excerpt(&rc.description, 90),
        };
        let mut out = Vec::new();
        let stage1 = stage_of(&evs, Stage::One, received);
        c.stage(&stage1, &mut out);
        let escalation = evs
            .iter()
            .copied()
            .find(|e| matches!(e.data, EventData::EscalationRequested(_)));
        let stage2 = escalation.map(|esc| stage_of(&evs, Stage::Two, esc));
        if let Some(s2) = &stage2 {
            c.stage(s2, &mut out);
        }
        // Outstanding actions in a response must become tracked commitments.
        for s in std::iter::once(&stage1).chain(stage2.as_ref()) {
            if let Some((r_ev, r)) = s.response
                && !r.outstanding_actions.is_empty()
            {
                let tracked = commitments.iter().any(|cm| {
                    m.effective(cm, k).iter().any(|e| match &e.data {
                        EventData::CommitmentMade(made) => {
                            &made.source == complaint && e.at.last_date() >= r_ev.at.first_date()
                        }
                        _ => false,
                    })
                });
                if !tracked {
                    out.extend(c.actions_clock(s, r_ev, r));
                }
            }
        }
        out
    })
}

struct Clocks<'a, 'e> {
    m: &'a Model<'e>,
    complaint: &'a RecordId,
    landlord: Option<&'a RecordId>,
    about: String,
}

impl<'a> Clocks<'a, '_> {
    fn rulesets(&self, on: Date) -> Vec<&'a ComplaintRules> {
        let cfg = self.m.cfg;
        let mut out: Vec<&ComplaintRules> =
            code_in_force(&cfg.complaint_code, on).into_iter().collect();
        if let Some(l) = self.landlord
            && let Some(p) = policy_in_force(&cfg.complaint_policies, l, on)
        {
            out.push(p);
        }
        out
    }

    fn due(&self, limit: Limit, from: &HistoryTime) -> Result<Due, CalendarError> {
        due_after(limit, from, &self.m.cfg.calendar, &self.m.cfg.due_soon)
    }

    fn ack_rule(rs: &ComplaintRules, stage: Stage) -> Option<&TimeRule> {
        match stage {
            Stage::One => rs.stage1_ack.as_ref(),
            Stage::Two => rs.stage2_ack.as_ref(),
        }
    }

    fn response_rule(rs: &ComplaintRules, stage: Stage) -> Option<&TimeRule> {
        match stage {
            Stage::One => rs.stage1_response.as_ref(),
            Stage::Two => rs.stage2_response.as_ref(),
        }
    }

    fn extension_rule(rs: &ComplaintRules, stage: Stage) -> Option<&TimeRule> {
        match stage {
            Stage::One => rs.stage1_extension_max.as_ref(),
            Stage::Two => rs.stage2_extension_max.as_ref(),
        }
    }

    /// The response deadline under `rs` before any extension, with the day it counts from.
    fn original_response(
        &self,
        rs: &'a ComplaintRules,
        s: &StageFacts<'_>,
    ) -> Option<Result<Candidate<'a>, CalendarError>> {
        let rule = Self::response_rule(rs, s.stage)?;
        let (from, note) = match rule.from {
            Anchor::Receipt | Anchor::EscalationRequest => (s.start.at, String::new()),
            Anchor::Stage1Acknowledgement | Anchor::Stage2Acknowledgement => match s.ack {
                Some(ack) => (ack.at, format!(" (acknowledged {})", when(&ack.at))),
                None => match Self::ack_rule(rs, s.stage) {
                    Some(ack_rule) => match self.due(ack_rule.limit, &s.start.at) {
                        Ok(d) => (
                            d.date.map_or(s.start.at, HistoryTime::Day),
                            format!(
                                " (provisional: no acknowledgement recorded, so counted from the acknowledgement deadline{})",
                                d.date.map(|d| format!(", {}", day(d))).unwrap_or_default()
                            ),
                        ),
                        Err(e) => return Some(Err(e)),
                    },
                    None => (
                        s.start.at,
                        " (no acknowledgement recorded: counted from the start of the stage)"
                            .to_string(),
                    ),
                },
            },
        };
        Some(self.due(rule.limit, &from).map(|due| Candidate {
            rules: rs,
            rule,
            due,
            from,
            note,
        }))
    }

    /// The response deadline under `rs`, moved by a valid extension.
    fn response(
        &self,
        rs: &'a ComplaintRules,
        s: &StageFacts<'_>,
    ) -> Option<Result<Candidate<'a>, CalendarError>> {
        let original = match self.original_response(rs, s)? {
            Ok(c) => c,
            Err(e) => return Some(Err(e)),
        };
        let Some(orig_date) = original.due.date else {
            return Some(Ok(original));
        };
        let Some((ext_ev, ext)) = s.extensions.first() else {
            return Some(Ok(original));
        };
        if ext_ev.at.last_date() > orig_date || ext.new_due.last_date() <= orig_date {
            return Some(Ok(original));
        }
        let mut new_date = ext.new_due.last_date();
        let mut capped = String::new();
        if let Some(max) = Self::extension_rule(rs, s.stage)
            && let Limit::WorkingDays(n) = max.limit
        {
            match self.m.cfg.calendar.add_working_days(orig_date, n) {
                Ok(cap) if cap < new_date => {
                    new_date = cap;
                    capped = format!(", capped at {} ({})", max.limit, max.source);
                }
                Ok(_) => {}
                Err(e) => return Some(Err(e)),
            }
        }
        Some(
            due_on(
                &HistoryTime::Day(new_date),
                &self.m.cfg.calendar,
                &self.m.cfg.due_soon,
            )
            .map(|due| Candidate {
                due,
                note: format!(
                    "{}; extended {} to {}{capped}",
                    original.note,
                    on_when(&ext_ev.at),
                    when(&ext.new_due)
                ),
                ..original
            }),
        )
    }

    fn stage(&self, s: &StageFacts<'_>, out: &mut Vec<Pending>) {
        let start_date = s.start.at.last_date();
        let rulesets = self.rulesets(start_date);
        let started = format!(
            "{} began {}{}",
            s.name(),
            when(&s.start.at),
            precision_note("the date", &s.start.at)
        );
        // Acknowledgement.
        if s.ack.is_none() && s.response.is_none() {
            let candidates: Vec<Result<Candidate<'_>, CalendarError>> = rulesets
                .iter()
                .filter_map(|rs| {
                    let rule = Self::ack_rule(rs, s.stage)?;
                    Some(self.due(rule.limit, &s.start.at).map(|due| Candidate {
                        rules: rs,
                        rule,
                        due,
                        from: s.start.at,
                        note: String::new(),
                    }))
                })
                .collect();
            let code = match s.stage {
                Stage::One => AlertCode::ComplaintStage1AckOverdue,
                Stage::Two => AlertCode::ComplaintStage2AckOverdue,
            };
            self.push(
                out,
                code,
                "acknowledged, defined and logged",
                s,
                &started,
                candidates,
            );
        }
        // Response.
        if s.response.is_none() {
            let candidates: Vec<_> = rulesets
                .iter()
                .filter_map(|rs| self.response(rs, s))
                .collect();
            let code = match s.stage {
                Stage::One => AlertCode::ComplaintStage1ResponseOverdue,
                Stage::Two => AlertCode::ComplaintStage2ResponseOverdue,
            };
            self.push(out, code, "answered", s, &started, candidates);
            // Extensions that break the rules.
            if let Some(code_rules) = rulesets.iter().find(|r| r.landlord.is_none()) {
                for (i, (ext_ev, ext)) in s.extensions.iter().enumerate() {
                    if let Some(p) = self.extension_check(code_rules, s, i, ext_ev, ext) {
                        out.push(p);
                    }
                }
            }
        }
    }

    fn push(
        &self,
        out: &mut Vec<Pending>,
        code: AlertCode,
        duty: &str,
        s: &StageFacts<'_>,
        started: &str,
        candidates: Vec<Result<Candidate<'_>, CalendarError>>,
    ) {
        let records = vec![self.complaint.clone()];
        let mut ok: Vec<Candidate<'_>> = Vec::new();
        for c in candidates {
            match c {
                Ok(c) => ok.push(c),
                Err(e) => {
                    if let DueOr::Failed(p) =
                        due_or(Err(e), code.as_str(), &records, visible(s.start))
                    {
                        out.push(p);
                    }
                    return;
                }
            }
        }
        // The strictest (earliest) date; the Code first among equals.
        let Some(best) = ok.iter().min_by_key(|c| c.due.at) else {
            return;
        };
        let others: Vec<String> = ok
            .iter()
            .filter(|c| !std::ptr::eq(*c, best))
            .map(|c| {
                let cmp = if c.due.at > best.due.at {
                    " (looser)"
                } else {
                    " (the same date)"
                };
                format!(
                    "{}: {} within {}, due {}{cmp}",
                    c.rules.name,
                    duty_short(duty),
                    c.rule.limit,
                    due_text(&c.due)
                )
            })
            .collect();
        out.push(Pending {
            code,
            rule: best.rule.id.clone(),
            source: best.rule.source.clone(),
            property: None,
            records,
            started: clock_start(best.rule.limit, &best.from),
            due: best.due.at,
            warn_from: best.due.warn_from,
            detail: format!(
                "Complaint \"{}\": {started}. To be {duty} within {} of {}{} under the {} — by {}.{}{}",
                self.about,
                best.rule.limit,
                best.rule.from.describe(),
                best.note,
                best.rules.name,
                due_text(&best.due),
                if others.is_empty() { String::new() } else { format!(" Also: {}.", others.join("; ")) },
                if best.due.provisional { " The date rests on provisional bank holidays." } else { "" }
            ),
        });
    }

    fn extension_check(
        &self,
        code_rules: &ComplaintRules,
        s: &StageFacts<'_>,
        index: usize,
        ext_ev: &Event,
        ext: &ComplaintExtended,
    ) -> Option<Pending> {
        let mut problems: Vec<String> = Vec::new();
        let original = self.original_response(code_rules, s).and_then(Result::ok);
        if index > 0 {
            problems.push(format!(
                "it is extension number {} at this stage: at most one per stage (rules.md §9.5)",
                index + 1
            ));
        }
        if let Some(orig) = &original
            && let Some(orig_date) = orig.due.date
        {
            if ext_ev.at.last_date() > orig_date {
                problems.push(format!(
                    "it was sent {} — after the original deadline, the end of {} (the new date must be sent within the original timescale)",
                    when(&ext_ev.at),
                    day(orig_date)
                ));
            }
            if let Some(max) = Self::extension_rule(code_rules, s.stage)
                && let Limit::WorkingDays(n) = max.limit
                && let Ok(by) = self
                    .m
                    .cfg
                    .calendar
                    .working_days_between(orig_date, ext.new_due.last_date())
                && by > i64::from(n)
            {
                problems.push(format!(
                    "it extends by {by} working days, more than the {} allowed without good reason ({}); reason given: \"{}\"",
                    max.limit,
                    max.source,
                    excerpt(&ext.reason, 100)
                ));
            }
        }
        if let Some(src) = &code_rules.extension_ombudsman_details
            && !ext.ombudsman_details_given
        {
            problems.push(format!(
                "it does not give the Ombudsman's contact details ({src})"
            ));
        }
        if problems.is_empty() {
            return None;
        }
        Some(Pending::immediate(
            AlertCode::ComplaintExtensionInvalid,
            Cow::Owned(format!(
                "{}.{}.extension",
                code_rules.id,
                stage_key(s.stage)
            )),
            Self::extension_rule(code_rules, s.stage)
                .map_or_else(|| code_rules.name.clone(), |r| r.source.clone()),
            vec![self.complaint.clone()],
            ext_ev.at.earliest(),
            visible(ext_ev),
            format!(
                "Complaint \"{}\": {} extension to {} recorded {} under the {}: {}.",
                self.about,
                s.name(),
                when(&ext.new_due),
                when(&ext_ev.at),
                code_rules.name,
                problems.join("; ")
            ),
        ))
    }

    fn actions_clock(
        &self,
        s: &StageFacts<'_>,
        r_ev: &Event,
        r: &ComplaintResponded,
    ) -> Option<Pending> {
        let limit = self.m.cfg.complaint_actions_within;
        let records = vec![self.complaint.clone()];
        match due_or(
            self.due(limit, &r_ev.at),
            "complaint.actions_tracked",
            &records,
            visible(r_ev),
        ) {
            DueOr::Failed(p) => Some(p),
            DueOr::Due(due) => Some(Pending {
                code: AlertCode::ComplaintActionsNotTracked,
                rule: Cow::Borrowed("complaint.actions_tracked"),
                source: Cow::Borrowed(crate::rules::complaint_code::ACTIONS_TRACKED_SOURCE),
                property: None,
                records,
                started: clock_start(limit, &r_ev.at),
                due: due.at,
                warn_from: due.warn_from,
                detail: format!(
                    "Complaint \"{}\": the {} response of {} lists {} outstanding action{} ({}) but no commitment with an owner and a due date was recorded by {}.",
                    self.about,
                    s.name().to_lowercase(),
                    when(&r_ev.at),
                    r.outstanding_actions.len(),
                    if r.outstanding_actions.len() == 1 {
                        ""
                    } else {
                        "s"
                    },
                    r.outstanding_actions
                        .iter()
                        .map(|a| format!("\"{}\"", excerpt(a, 60)))
                        .collect::<Vec<_>>()
                        .join(", "),
                    due_text(&due)
                ),
            }),
        }
    }
}

fn stage_key(s: Stage) -> &'static str {
    match s {
        Stage::One => "stage1",
        Stage::Two => "stage2",
    }
}

fn duty_short(duty: &str) -> &str {
    match duty {
        "acknowledged, defined and logged" => "acknowledge",
        "answered" => "respond",
        other => other,
    }
}
