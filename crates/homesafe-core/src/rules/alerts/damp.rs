//! Landlords' own damp-and-mould policies (requirements R3; `rules::damp_policy`): once recurring
//! damp and mould is identified at a home, a comprehensive risk assessment is recorded on the
//! hazard within the policy's period. Clarion's February 2023 policy promised one; the Ombudsman
//! found "no record of a risk assessment" although the mould kept coming back (202208650,
//! assessment ¶9–10).
//!
//! "Recurring" is what the recurrence rule says (`recurrence.rs`, `issue.recurring`): a report or
//! works order on a damp-and-mould hazard matched to earlier ones. The clock starts on the day the
//! recurrence became known, or the day the policy came into force if that is later: a policy is
//! held to the mould it finds still recurring, not to what came before it.

use std::borrow::Cow;

use jiff::Timestamp;

use super::model::{Model, when};
use super::repairs::due_text;
use super::timeline::Pending;
use super::{AlertCode, AlertSpan, DueOr, due_or, track_since};
use crate::events::EventData;
use crate::hazards::HazardType;
use crate::history::{HistoryTime, RecordId};
use crate::references::RecordKind;
use crate::rules::calendar::london_date;
use crate::rules::clock::{clock_start, due_after};
use crate::rules::damp_policy::policy_for;

/// `recurring`: the `issue.recurring` spans of the same events.
pub(super) fn spans(m: &Model<'_>, recurring: &[AlertSpan]) -> Vec<AlertSpan> {
    if m.cfg.damp_policies.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for hazard in m.records_of(RecordKind::Hazard) {
        // The reports and works orders on this hazard, and when each was first found recurring.
        let mut items: Vec<&RecordId> = m.referring(hazard, RecordKind::WorksOrder);
        items.extend(m.referring(hazard, RecordKind::Report));
        let found: Vec<&AlertSpan> = recurring
            .iter()
            .filter(|s| s.code == AlertCode::IssueRecurring)
            .filter(|s| s.records.first().is_some_and(|r| items.contains(&r)))
            .collect();
        let Some(first) = found.iter().min_by_key(|s| s.appears) else {
            continue;
        };
        let identified = first.appears;
        let mut deps: Vec<&RecordId> = vec![hazard];
        deps.extend(items.iter().copied());
        out.extend(track_since(m, deps, identified, |k| {
            clock(m, hazard, &found, identified, k)
        }));
    }
    out
}

fn clock(
    m: &Model<'_>,
    hazard: &RecordId,
    found: &[&AlertSpan],
    identified: Timestamp,
    k: Timestamp,
) -> Vec<Pending> {
    let Some(opened) = m.created(hazard, k) else {
        return Vec::new();
    };
    let EventData::HazardOpened(h) = &opened.data else {
        return Vec::new();
    };
    if h.hazard_type != HazardType::DampAndMould {
        return Vec::new();
    }
    let identified_on = london_date(identified);
    let evs = m.effective(hazard, k);
    let settled = evs.iter().any(|e| match &e.data {
        EventData::HazardClosed(_) => true,
        EventData::HazardRiskAssessed(_) => e.at.last_date() >= identified_on,
        _ => false,
    });
    if settled {
        return Vec::new();
    }
    let property = h.property.clone();
    let landlord = m.landlord_of_property(&property, k);
    // The policy in force when the clock can first start: on identification, or later.
    let Some(policy) = m
        .cfg
        .damp_policies
        .iter()
        .filter(|p| Some(&p.landlord) == landlord.as_ref())
        .map(|p| p.effective_from.max(identified_on))
        .find_map(|on| policy_for(&m.cfg.damp_policies, landlord.as_ref(), on).map(|p| (p, on)))
    else {
        return Vec::new();
    };
    let (policy, start) = policy;
    let start = HistoryTime::Day(start);
    let rule = format!("{}.risk_assessment", policy.id);
    let mut records = vec![hazard.clone()];
    for s in found {
        for r in &s.records {
            if !records.contains(r) {
                records.push(r.clone());
            }
        }
    }
    match due_or(
        due_after(
            policy.risk_assessment_within,
            &start,
            &m.cfg.calendar,
            &m.cfg.due_soon,
        ),
        &rule,
        &records,
        identified,
    ) {
        DueOr::Failed(p) => vec![p],
        DueOr::Due(d) => vec![Pending {
            code: AlertCode::HazardRiskAssessmentMissing,
            rule: Cow::Owned(rule),
            source: policy.source.clone(),
            property: Some(property),
            started: clock_start(policy.risk_assessment_within, &start),
            due: d.at,
            warn_from: d.warn_from,
            detail: format!(
                "Damp and mould found recurring at the home: {} matched to earlier reports or jobs (first known {}). {} requires a comprehensive risk assessment where mould recurs; none is recorded on the hazard by {} ({} from {}).",
                found
                    .iter()
                    .filter_map(|s| s.records.first().map(|r| r.as_str()))
                    .collect::<Vec<_>>()
                    .join(", "),
                when(&HistoryTime::Instant(identified)),
                policy.name,
                due_text(&d),
                policy.risk_assessment_within,
                when(&start),
            ),
            records,
        }],
    }
}
