//! Vulnerabilities (requirements R1): recorded ones reviewed on time, and ones mentioned in the
//! record but never recorded.
//!
//! `vulnerability.possibly_unrecorded`: a contact summary, report description or triage note,
//! complaint description or outcome sought, escalation reasons, appointment outcome reason or
//! notes, dispute or hazard description about a household contains a word from the list in
//! `rules/vulnerability_words.rs`, or a household member is recorded as born less than a year
//! before joining (an infant) — and no current vulnerability record for anyone in the household
//! has a matching code. One alert per household and word group; it appears when the first such
//! mention became known and clears when a matching vulnerability is recorded. If that record
//! later ends, only new mentions raise it again.

use std::borrow::Cow;
use std::collections::BTreeMap;

use jiff::{Timestamp, ToSpan};

use super::model::{Model, visible, when};
use super::timeline::Pending;
use super::{AlertCode, AlertSpan, DueOr, due_or, excerpt, track};
use crate::events::EventData;
use crate::history::{Event, RecordId};
use crate::people::ReviewOutcome;
use crate::references::RecordKind;
use crate::rules::clock::due_on;
use crate::rules::vulnerability_words::find;

pub(super) fn spans(m: &Model<'_>) -> Vec<AlertSpan> {
    let mut out = Vec::new();
    for v in m.records_of(RecordKind::Vulnerability) {
        out.extend(review_clock(m, v));
    }
    out.extend(unrecorded(m));
    out
}

pub(crate) const REVIEW_RULE: &str = "vulnerability.review";
pub(crate) const REVIEW_SOURCE: &str = "Recorded vulnerabilities kept under review: Complaint Handling Code 2024, 5.10 (number UNCONFIRMED); rules.md §9.10; requirements R1";

fn review_clock(m: &Model<'_>, v: &RecordId) -> Vec<AlertSpan> {
    track(m, [v], |k| {
        let evs = m.effective(v, k);
        let Some(EventData::VulnerabilityRecorded(rec)) = evs.first().map(|e| &e.data) else {
            return Vec::new();
        };
        let mut next = rec.review_by.as_ref();
        let mut last_review = None;
        for e in &evs[1..] {
            if let EventData::VulnerabilityReviewed(r) = &e.data {
                if r.outcome == ReviewOutcome::Ended {
                    return Vec::new();
                }
                next = r.next_review.as_ref();
                last_review = Some(e.at);
            }
        }
        let Some(due) = next else { return Vec::new() };
        let records = vec![v.clone(), rec.person.clone()];
        match due_or(
            due_on(due, &m.cfg.calendar, &m.cfg.due_soon),
            REVIEW_RULE,
            &records,
            visible(evs[0]),
        ) {
            DueOr::Failed(p) => vec![p],
            DueOr::Due(d) => vec![Pending {
                code: AlertCode::VulnerabilityReviewOverdue,
                rule: Cow::Borrowed(REVIEW_RULE),
                source: Cow::Borrowed(REVIEW_SOURCE),
                property: None,
                records,
                started: evs[0].at.earliest(),
                due: d.at,
                warn_from: d.warn_from,
                detail: format!(
                    "Vulnerability ({}) recorded for {} ({}); review due {}{} — not reviewed.",
                    super::words(&rec.code),
                    rec.person,
                    when(&rec.disclosed),
                    when(due),
                    last_review
                        .map(|t| format!(" (last reviewed {})", when(&t)))
                        .unwrap_or_default()
                ),
            }],
        }
    })
}

pub(crate) const UNRECORDED_RULE: &str = "vulnerability.possibly_unrecorded";
pub(crate) const UNRECORDED_SOURCE: &str = "Requirements R1 (vulnerabilities disclosed on any channel are recorded); Complaint Handling Code 2024, 5.10 (disclosed disabilities recorded; number UNCONFIRMED); Housing Ombudsman report 202208650";

/// One mention: the event, the record to name, the word (or fact) found.
struct Mention<'e> {
    ev: &'e Event,
    /// Another event the mention depends on (a household member's birth date).
    also: Option<&'e Event>,
    records: Vec<RecordId>,
    word: String,
    what: String,
}

fn texts(data: &EventData) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    match data {
        EventData::ContactLogged(c) => out.push(&c.summary),
        EventData::ReportReceived(r) => out.push(&r.description),
        EventData::ReportTriaged(t) => out.extend(t.notes.as_deref()),
        EventData::ReportAcknowledged(a) => out.extend(a.notes.as_deref()),
        EventData::ComplaintReceived(c) => {
            out.push(&c.description);
            out.extend(c.outcome_sought.as_deref());
        }
        EventData::EscalationRequested(e) => out.extend(e.reasons.as_deref()),
        EventData::AppointmentOutcome(o) => {
            out.extend(o.reason.as_deref());
            out.extend(o.notes.as_deref());
        }
        EventData::WorksOrderDisputed(d) => out.push(&d.what),
        EventData::HazardOpened(h) => out.push(&h.description),
        _ => {}
    }
    out
}

fn kind_word(data: &EventData) -> &'static str {
    match data {
        EventData::ContactLogged(_) => "contact note",
        EventData::ReportReceived(_) => "report",
        EventData::ReportTriaged(_) => "triage note",
        EventData::ReportAcknowledged(_) => "acknowledgement note",
        EventData::ComplaintReceived(_) => "complaint",
        EventData::EscalationRequested(_) => "escalation request",
        EventData::AppointmentOutcome(_) => "appointment note",
        EventData::WorksOrderDisputed(_) => "dispute",
        EventData::HazardOpened(_) => "hazard report",
        _ => "record",
    }
}

fn unrecorded(m: &Model<'_>) -> Vec<AlertSpan> {
    let groups = &m.cfg.vulnerability_words;
    let infant_group = groups.iter().position(|g| g.group == "infant");
    // (household, group) → mentions, found in any version of any event.
    let mut by_household: BTreeMap<(RecordId, usize), Vec<Mention<'_>>> = BTreeMap::new();
    for ev in m.events {
        for text in texts(&ev.data) {
            for (g, word) in find(groups, text) {
                let Some(p) = m.property_of(&ev.subject, Timestamp::MAX) else {
                    continue;
                };
                by_household.entry((p, g)).or_default().push(Mention {
                    ev,
                    also: None,
                    records: vec![ev.subject.clone()],
                    what: format!("{} {}", kind_word(&ev.data), ev.subject),
                    word,
                });
            }
        }
        // A household member born less than a year before joining: an infant.
        if let (Some(g), EventData::HouseholdMemberAdded(a)) = (infant_group, &ev.data)
            && let Some(person_ev) = m.all_events(&a.person).next()
            && let EventData::PersonRegistered(p) = &person_ev.data
            && let Some(born) = &p.date_of_birth
            && born
                .first_date()
                .checked_add(1.year())
                .is_ok_and(|first_birthday| a.from.last_date() < first_birthday)
            && let Some(home) = m.property_of(&ev.subject, Timestamp::MAX)
        {
            by_household.entry((home, g)).or_default().push(Mention {
                ev,
                also: Some(person_ev),
                records: vec![a.person.clone(), ev.subject.clone()],
                what: format!("household record {}", ev.subject),
                word: format!(
                    "a member born {} joined the household {}",
                    when(born),
                    when(&a.from)
                ),
            });
        }
    }
    let mut out = Vec::new();
    for ((home, g), mentions) in by_household {
        let group = &groups[g];
        let mut deps: Vec<&RecordId> = mentions.iter().map(|x| &x.ev.subject).collect();
        deps.extend(mentions.iter().filter_map(|x| x.also.map(|e| &e.subject)));
        let tenancies = m.tenancies_of(&home);
        let mut people: Vec<&RecordId> = Vec::new();
        for t in &tenancies {
            for e in m.all_events(t) {
                match &e.data {
                    EventData::TenancyStarted(s) => {
                        people.extend(s.tenants.iter());
                        people.extend(s.members.iter().map(|x| &x.person));
                    }
                    EventData::HouseholdMemberAdded(a) => people.push(&a.person),
                    _ => {}
                }
            }
        }
        deps.extend(tenancies.iter().copied());
        let vulnerabilities: Vec<&RecordId> = people
            .iter()
            .flat_map(|p| m.vulnerabilities_of(p))
            .collect();
        deps.extend(vulnerabilities);
        // Coverage ended at this instant (None: never covered, or covered now).
        let mut since: Option<Timestamp> = None;
        let mut was_covered = false;
        out.extend(track(m, deps, |k| {
            let covered = m
                .household_vulnerabilities(&home, k)
                .iter()
                .any(|(_, _, code)| group.codes.contains(code));
            if covered {
                was_covered = true;
                return Vec::new();
            }
            if was_covered {
                since = Some(k);
                was_covered = false;
            }
            let first = mentions
                .iter()
                .filter(|x| {
                    let known = x.also.map_or(visible(x.ev), |a| visible(a).max(visible(x.ev)));
                    known <= k
                        && since.is_none_or(|s| known >= s)
                        && m.effective(&x.ev.subject, k).iter().any(|e| std::ptr::eq(*e, x.ev))
                        && m.property_of(&x.ev.subject, k).as_ref() == Some(&home)
                })
                .min_by_key(|x| (x.also.map_or(visible(x.ev), |a| visible(a).max(visible(x.ev))), x.ev.seq));
            let Some(x) = first else { return Vec::new() };
            let known = x.also.map_or(visible(x.ev), |a| visible(a).max(visible(x.ev)));
            let quote = texts(&x.ev.data).first().map(|t| excerpt(t, 120)).unwrap_or_default();
            let codes: Vec<String> = group.codes.iter().map(super::words).collect();
            let mut p = Pending::immediate(
                AlertCode::VulnerabilityPossiblyUnrecorded,
                UNRECORDED_RULE,
                UNRECORDED_SOURCE,
                x.records.clone(),
                x.ev.at.earliest(),
                known,
                format!(
                    "Possible unrecorded vulnerability ({}): {} in the {} ({}){} about the household at {home}, but no matching vulnerability is recorded for anyone in it (one of: {}). Ask, and record it with its source.",
                    group.label,
                    if x.also.is_some() { x.word.clone() } else { format!("\"{}\"", x.word) },
                    x.what,
                    when(&x.ev.at),
                    if quote.is_empty() || x.also.is_some() { String::new() } else { format!(": \"{quote}\"") },
                    codes.join(", ")
                ),
            );
            p.property = Some(home.clone());
            vec![p]
        }));
    }
    out
}
