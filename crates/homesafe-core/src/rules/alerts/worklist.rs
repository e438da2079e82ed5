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
use crate::rules::RulesConfig;

/// Sorts alerts into worklist order.
pub fn sort_worklist(alerts: &mut [Alert]) {
    alerts.sort_by(|a, b| {
        let key = |x: &Alert| {
            (
                Reverse(x.span.severity),
                Reverse(!x.vulnerabilities.is_empty() || x.suspected_vulnerability),
                x.span.due,
                x.span.code,
                x.span.records.clone(),
                x.span.stage,
            )
        };
        key(a).cmp(&key(b))
    });
}

pub(super) fn build(
    events: &[Event],
    config: &RulesConfig,
    spans: Vec<AlertSpan>,
    as_of: Timestamp,
) -> Vec<Alert> {
    let m = Model::new(events, config);
    let present: Vec<AlertSpan> = spans
        .into_iter()
        .filter(|s| s.present_at(as_of))
        .map(|mut s| {
            s.clears = None;
            s
        })
        .collect();
    let suspected: HashSet<&RecordId> = present
        .iter()
        .filter(|s| s.code == AlertCode::VulnerabilityPossiblyUnrecorded)
        .filter_map(|s| s.property.as_ref())
        .collect();
    let mut households: HashMap<RecordId, Vec<VulnerabilityCode>> = HashMap::new();
    let mut alerts: Vec<Alert> = present
        .iter()
        .map(|s| {
            let vulnerabilities = match &s.property {
                Some(p) => households
                    .entry(p.clone())
                    .or_insert_with(|| {
                        let codes: HashSet<VulnerabilityCode> = m
                            .household_vulnerabilities(p, as_of)
                            .into_iter()
                            .map(|(_, _, c)| c)
                            .collect();
                        // In the catalogue's order.
                        VulnerabilityCode::ALL
                            .into_iter()
                            .filter(|c| codes.contains(c))
                            .collect()
                    })
                    .clone(),
                None => Vec::new(),
            };
            Alert {
                suspected_vulnerability: s.property.as_ref().is_some_and(|p| suspected.contains(p)),
                vulnerabilities,
                span: s.clone(),
            }
        })
        .collect();
    sort_worklist(&mut alerts);
    alerts
}
