//! Worklists: the alerts present at a moment, in the order a housing officer should work them —
//! by severity (overdue before due soon, statutory safety and binding orders first), then
//! vulnerable households first (a recorded vulnerability, or one the notes suggest but nobody
//! recorded — requirement B5), then age (the oldest due date first), then code and record for a
//! stable order.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};

use jiff::Timestamp;

use super::model::Model;
use super::{Alert, AlertCode, AlertSpan};
use crate::history::{Event, RecordId};
use crate::people::VulnerabilityCode;
use crate::references::RecordKind;
use crate::rules::RulesConfig;

/// Sorts alerts into worklist order.
pub fn sort_worklist(alerts: &mut [Alert]) {
    fn key(x: &Alert) -> impl Ord + '_ {
        (
            Reverse(x.span.severity),
            Reverse(!x.vulnerabilities.is_empty() || x.suspected_vulnerability),
            x.span.due,
            x.span.code,
            &x.span.records,
            x.span.stage,
        )
    }
    alerts.sort_by(|a, b| key(a).cmp(&key(b)));
}

pub(super) fn build(
    events: &[Event],
    config: &RulesConfig,
    spans: Vec<AlertSpan>,
    as_of: Timestamp,
) -> Vec<Alert> {
    let m = Model::new(events, config);
    let present = spans.into_iter().filter(|s| s.present_at(as_of)).collect();
    assemble(present, |p| {
        catalogue_order(
            m.household_vulnerabilities(p, as_of)
                .into_iter()
                .map(|(_, _, c)| c),
        )
    })
}

/// A worklist from the spans present at a moment and each home's vulnerabilities then: `clears`
/// unset (nobody knew then when it would clear), suspected vulnerabilities marked, sorted.
pub fn assemble(
    present: Vec<AlertSpan>,
    mut vulnerabilities_of: impl FnMut(&RecordId) -> Vec<VulnerabilityCode>,
) -> Vec<Alert> {
    let suspected: HashSet<RecordId> = present
        .iter()
        .filter(|s| s.code == AlertCode::VulnerabilityPossiblyUnrecorded)
        .filter_map(|s| s.property.clone())
        .collect();
    let mut households: HashMap<RecordId, Vec<VulnerabilityCode>> = HashMap::new();
    let mut alerts: Vec<Alert> = present
        .into_iter()
        .map(|mut span| {
            span.clears = None;
            let vulnerabilities = match &span.property {
                Some(p) => households
                    .entry(p.clone())
                    .or_insert_with(|| vulnerabilities_of(p))
                    .clone(),
                None => Vec::new(),
            };
            Alert {
                suspected_vulnerability: span
                    .property
                    .as_ref()
                    .is_some_and(|p| suspected.contains(p)),
                vulnerabilities,
                span,
            }
        })
        .collect();
    sort_worklist(&mut alerts);
    alerts
}

/// Vulnerability codes, once each, in the catalogue's order.
fn catalogue_order(codes: impl IntoIterator<Item = VulnerabilityCode>) -> Vec<VulnerabilityCode> {
    let codes: HashSet<VulnerabilityCode> = codes.into_iter().collect();
    VulnerabilityCode::ALL
        .into_iter()
        .filter(|c| codes.contains(c))
        .collect()
}

/// The recorded vulnerabilities of a home's household over time: one span per stretch in which
/// the set of codes stayed the same (empty stretches are left out). With the alert spans, this is
/// all a worklist at any moment needs, so both can be kept in tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VulnerabilitySpan {
    pub property: RecordId,
    pub codes: Vec<VulnerabilityCode>,
    pub appears: Timestamp,
    pub clears: Option<Timestamp>,
}

impl VulnerabilitySpan {
    pub fn present_at(&self, t: Timestamp) -> bool {
        self.appears <= t && self.clears.is_none_or(|c| t < c)
    }
}

/// Every home's [`VulnerabilitySpan`]s over a self-contained group of events.
pub fn vulnerability_spans(events: &[Event], config: &RulesConfig) -> Vec<VulnerabilitySpan> {
    let m = Model::new(events, config);
    let mut out = Vec::new();
    for property in m.records_of(RecordKind::Property) {
        // What the household's vulnerabilities depend on: its tenancies, and the vulnerability
        // records of everyone any version of those tenancies names.
        let tenancies = m.tenancies_of(property);
        let mut deps: Vec<&RecordId> = tenancies.clone();
        for t in &tenancies {
            for ev in m.all_events(t) {
                for r in ev.data.refs().list {
                    if m.kind(r.id) == Some(RecordKind::Person) {
                        deps.extend(m.vulnerabilities_of(r.id));
                    }
                }
            }
        }
        let mut open: Option<VulnerabilitySpan> = None;
        for k in m.instants(deps) {
            let codes = catalogue_order(
                m.household_vulnerabilities(property, k)
                    .into_iter()
                    .map(|(_, _, c)| c),
            );
            if open.as_ref().map(|s| &s.codes) == Some(&codes)
                || (open.is_none() && codes.is_empty())
            {
                continue;
            }
            if let Some(mut s) = open.take() {
                s.clears = Some(k);
                out.push(s);
            }
            if !codes.is_empty() {
                open = Some(VulnerabilitySpan {
                    property: (*property).clone(),
                    codes,
                    appears: k,
                    clears: None,
                });
            }
        }
        out.extend(open);
    }
    out
}
