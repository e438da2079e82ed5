//! Surveys and inspections (requirements R6): every recommendation decided (acted on or
//! declined, with reasons) or fulfilled by a works order by its due date — its own, or the
//! landlord's default period after the survey (HomeSafe default: 20 working days, configurable
//! in the repair policy); and the survey's report held.

use std::borrow::Cow;

use super::model::{Model, visible, when};
use super::repairs::due_text;
use super::timeline::Pending;
use super::{AlertCode, AlertSpan, DueOr, due_or, excerpt, track};
use crate::events::EventData;
use crate::history::RecordId;
use crate::references::RecordKind;
use crate::rules::clock::{clock_start, due_after, due_on};
use crate::rules::repair_policy::policy_for;

pub(super) fn spans(m: &Model<'_>) -> Vec<AlertSpan> {
    let mut out = Vec::new();
    for rec in m.records_of(RecordKind::Recommendation) {
        out.extend(recommendation_clock(m, rec));
    }
    for survey in m.records_of(RecordKind::Survey) {
        out.extend(report_clock(m, survey));
    }
    out
}

fn recommendation_clock(m: &Model<'_>, rec: &RecordId) -> Vec<AlertSpan> {
    let Some(survey) = m.owner(rec) else {
        return Vec::new();
    };
    let mut deps: Vec<&RecordId> = vec![rec, survey];
    deps.extend(m.referring(rec, RecordKind::WorksOrder));
    let fulfilling = m.referring(rec, RecordKind::WorksOrder);
    track(m, deps, |k| {
        let Some(s_ev) = m.created(survey, k) else {
            return Vec::new();
        };
        let EventData::SurveyRecorded(s) = &s_ev.data else {
            return Vec::new();
        };
        let Some(r) = s.recommendations.iter().find(|r| &r.id == rec) else {
            return Vec::new();
        };
        let decided = m
            .effective(rec, k)
            .iter()
            .any(|e| matches!(e.data, EventData::RecommendationDecided(_)));
        let fulfilled = fulfilling
            .iter()
            .filter_map(|w| m.works_order(w, k))
            .any(|w| w.raised.fulfils.contains(rec));
        if decided || fulfilled {
            return Vec::new();
        }
        let property = s.property.clone().or_else(|| m.property_of(survey, k));
        let landlord = property.as_ref().and_then(|p| m.landlord_of_property(p, k));
        let policy = policy_for(&m.cfg.repair_policies, landlord.as_ref(), s.on.last_date());
        let records = vec![rec.clone(), survey.clone()];
        let (result, rule, source, basis) = match &r.due {
            Some(due) => (
                due_on(due, &m.cfg.calendar, &m.cfg.due_soon),
                Cow::Borrowed("recommendation.due"),
                Cow::Borrowed("The recommendation's own due date; requirements R6"),
                format!("its own due date, {}", when(due)),
            ),
            None => (
                due_after(
                    policy.recommendation_within,
                    &s.on,
                    &m.cfg.calendar,
                    &m.cfg.due_soon,
                ),
                Cow::Owned(format!("{}.recommendation", policy.id)),
                Cow::Owned(format!(
                    "{} (decide a recommendation within {} of the survey when it gives no date); requirements R6",
                    policy.periods_source, policy.recommendation_within
                )),
                format!(
                    "{} after the survey ({})",
                    policy.recommendation_within, policy.name
                ),
            ),
        };
        match due_or(result, &rule, &records, visible(s_ev)) {
            DueOr::Failed(p) => vec![p],
            DueOr::Due(d) => vec![Pending {
                code: AlertCode::RecommendationNotActioned,
                rule,
                source,
                property,
                records,
                started: clock_start(policy.recommendation_within, &s.on),
                due: d.at,
                warn_from: d.warn_from,
                detail: format!(
                    "{} of {} by {}: \"{}\" — found: \"{}\". No decision and no works order by {} ({basis}).",
                    kind_words(s.kind),
                    when(&s.on),
                    excerpt(&s.surveyor, 60),
                    excerpt(&r.text, 100),
                    excerpt(&s.findings, 120),
                    due_text(&d)
                ),
            }],
        }
    })
}

fn report_clock(m: &Model<'_>, survey: &RecordId) -> Vec<AlertSpan> {
    let mut deps: Vec<&RecordId> = vec![survey];
    deps.extend(m.referring(survey, RecordKind::Document));
    for e in m.all_events(survey) {
        if let EventData::SurveyRecorded(s) = &e.data {
            deps.extend(s.documents.iter());
        }
    }
    track(m, deps, |k| {
        let Some(s_ev) = m.created(survey, k) else {
            return Vec::new();
        };
        let EventData::SurveyRecorded(s) = &s_ev.data else {
            return Vec::new();
        };
        let held = s.documents.iter().any(|d| m.document_held(d, k))
            || !m.held_documents_for(survey, k).is_empty();
        if held {
            return Vec::new();
        }
        let property = s.property.clone().or_else(|| m.property_of(survey, k));
        let landlord = property.as_ref().and_then(|p| m.landlord_of_property(p, k));
        let policy = policy_for(&m.cfg.repair_policies, landlord.as_ref(), s.on.last_date());
        let rule = format!("{}.survey_report", policy.id);
        let records = vec![survey.clone()];
        match due_or(
            due_after(policy.survey_report_within, &s_ev.at, &m.cfg.calendar, &m.cfg.due_soon),
            &rule,
            &records,
            visible(s_ev),
        ) {
            DueOr::Failed(p) => vec![p],
            DueOr::Due(d) => vec![Pending {
                code: AlertCode::SurveyReportNotHeld,
                rule: rule.into(),
                source: format!(
                    "{} (hold the report within {}); requirements R6: every survey's report kept against the property",
                    policy.periods_source, policy.survey_report_within
                )
                .into(),
                property,
                records,
                started: clock_start(policy.survey_report_within, &s_ev.at),
                due: d.at,
                warn_from: d.warn_from,
                detail: format!(
                    "{} of {} by {} recorded with no report the landlord holds by {}{}.",
                    kind_words(s.kind),
                    when(&s.on),
                    excerpt(&s.surveyor, 60),
                    due_text(&d),
                    if s.documents.is_empty() { "" } else { " (documents are listed but not held)" }
                ),
            }],
        }
    })
}

fn kind_words(kind: crate::surveys::SurveyKind) -> String {
    use crate::surveys::SurveyKind;
    match kind {
        SurveyKind::Independent => "Independent survey".to_string(),
        SurveyKind::Other => "Survey".to_string(),
        k => {
            let w = super::words(&k);
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    }
}
