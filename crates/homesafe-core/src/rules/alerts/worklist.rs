//! Worklists: the alerts present at a moment, in the order a housing officer should work them —
//! by severity (overdue before due soon, statutory safety and binding orders first), then
//! vulnerable households first (a recorded vulnerability, or one the notes suggest but nobody
//! recorded — requirement B5), then age (the oldest due date first), then code and record for a
//! stable order.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};

use jiff::Timestamp;

use super::model::Model;
use super::{Alert, AlertCode, AlertSpan, AlertStage, Severity};
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

/// A stretch of an alert's life in which its place in the worklist's order does not change: the
/// household's vulnerability (recorded, or suspected from the notes) is the only part of the
/// order that moves while an alert is shown. Kept beside each span so a page of the worklist at
/// any moment can be read from an index in worklist order, without building the whole list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShownStretch {
    pub from: Timestamp,
    /// `None`: to the end of the record (the span never cleared, or this is its last stretch).
    pub until: Option<Timestamp>,
    /// The household was vulnerable throughout the stretch, as [`assemble`] judges it: a
    /// vulnerability recorded, or `vulnerability.possibly_unrecorded` present for the home.
    pub vulnerable: bool,
}

impl ShownStretch {
    pub fn present_at(&self, t: Timestamp) -> bool {
        self.from <= t && self.until.is_none_or(|u| t < u)
    }
}

/// Each span's [`ShownStretch`]es (in the order of `spans`), from the spans and vulnerability
/// spans of one self-contained group: at every instant a span is present, exactly one of its
/// stretches is, and it says whether [`assemble`] would mark the alert's household vulnerable.
pub fn shown_stretches(
    spans: &[AlertSpan],
    vulnerabilities: &[VulnerabilitySpan],
) -> Vec<Vec<ShownStretch>> {
    // Per home, every interval in which it counts as vulnerable (they may overlap).
    let mut vulnerable: HashMap<&RecordId, Vec<(Timestamp, Option<Timestamp>)>> = HashMap::new();
    for v in vulnerabilities.iter().filter(|v| !v.codes.is_empty()) {
        vulnerable
            .entry(&v.property)
            .or_default()
            .push((v.appears, v.clears));
    }
    for s in spans
        .iter()
        .filter(|s| s.code == AlertCode::VulnerabilityPossiblyUnrecorded)
    {
        if let Some(p) = &s.property {
            vulnerable.entry(p).or_default().push((s.appears, s.clears));
        }
    }
    let vulnerable_at = |intervals: &[(Timestamp, Option<Timestamp>)], t: Timestamp| {
        intervals
            .iter()
            .any(|(from, until)| *from <= t && until.is_none_or(|u| t < u))
    };
    spans
        .iter()
        .map(|span| {
            let intervals = span
                .property
                .as_ref()
                .and_then(|p| vulnerable.get(p))
                .map(Vec::as_slice)
                .unwrap_or_default();
            // Where the answer can change inside the span: an interval's ends.
            let mut cuts: Vec<Timestamp> = intervals
                .iter()
                .flat_map(|(from, until)| std::iter::once(*from).chain(*until))
                .filter(|t| *t > span.appears && span.clears.is_none_or(|c| *t < c))
                .collect();
            cuts.sort_unstable();
            cuts.dedup();
            let mut out: Vec<ShownStretch> = Vec::with_capacity(cuts.len() + 1);
            let mut from = span.appears;
            for until in cuts
                .into_iter()
                .map(Some)
                .chain(std::iter::once(span.clears))
            {
                let v = vulnerable_at(intervals, from);
                match out.last_mut() {
                    Some(last) if last.vulnerable == v => last.until = until,
                    _ => out.push(ShownStretch {
                        from,
                        until,
                        vulnerable: v,
                    }),
                }
                if let Some(u) = until {
                    from = u;
                }
            }
            out
        })
        .collect()
}

/// An alert's place in the worklist's order as whole numbers, so a database index can hold it:
/// severity and vulnerability together (`band`, smallest first), then due date, code, records
/// and stage as [`sort_worklist`] compares them. The two must agree (tested).
pub fn worklist_band(severity: Severity, vulnerable: bool) -> i64 {
    let severity = match severity {
        Severity::Critical => 0,
        Severity::High => 1,
        Severity::Medium => 2,
        Severity::Low => 3,
    };
    severity * 2 + i64::from(!vulnerable)
}

/// The code's position in [`sort_worklist`]'s order (the catalogue's order).
pub fn code_rank(code: AlertCode) -> i64 {
    AlertCode::ALL
        .iter()
        .position(|c| *c == code)
        .unwrap_or_default() as i64
}

/// The stage's position in [`sort_worklist`]'s order: due soon before overdue.
pub fn stage_rank(stage: AlertStage) -> i64 {
    match stage {
        AlertStage::DueSoon => 0,
        AlertStage::Overdue => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn t(s: &str) -> Timestamp {
        format!("{s}T00:00:00Z").parse().expect("an instant")
    }

    fn span(code: AlertCode, home: &str, appears: &str, clears: Option<&str>) -> AlertSpan {
        AlertSpan {
            code,
            severity: code.severity(),
            stage: AlertStage::Overdue,
            rule: Cow::Borrowed("r"),
            source: Cow::Borrowed("s"),
            property: Some(RecordId::parse(home).expect("a record id")),
            records: vec![RecordId::parse("wo-1").expect("a record id")],
            started: t(appears),
            due: t(appears),
            appears: t(appears),
            clears: clears.map(t),
            detail: String::new(),
        }
    }

    fn vulnerability(home: &str, appears: &str, clears: Option<&str>) -> VulnerabilitySpan {
        VulnerabilitySpan {
            property: RecordId::parse(home).expect("a record id"),
            codes: vec![VulnerabilityCode::ALL[0]],
            appears: t(appears),
            clears: clears.map(t),
        }
    }

    /// What `assemble` says of the span's household at `at`, from the same spans.
    fn assembled_vulnerable(
        spans: &[AlertSpan],
        vulnerabilities: &[VulnerabilitySpan],
        which: usize,
        at: Timestamp,
    ) -> Option<bool> {
        let present: Vec<AlertSpan> = spans.iter().filter(|s| s.present_at(at)).cloned().collect();
        let target = &spans[which];
        let alerts = assemble(present, |p| {
            vulnerabilities
                .iter()
                .filter(|v| &v.property == p && v.present_at(at))
                .flat_map(|v| v.codes.clone())
                .collect()
        });
        alerts
            .iter()
            .find(|a| {
                a.span.code == target.code
                    && a.span.appears == target.appears
                    && a.span.property == target.property
            })
            .map(|a| !a.vulnerabilities.is_empty() || a.suspected_vulnerability)
    }

    #[test]
    fn a_vulnerability_recorded_while_an_alert_is_shown_moves_it_up_from_then() {
        let spans = vec![
            span(
                AlertCode::JobClosedWithoutEvidence,
                "prop-1",
                "2024-01-01",
                None,
            ),
            span(
                AlertCode::RepairTargetMissed,
                "prop-1",
                "2024-01-05",
                Some("2024-03-01"),
            ),
            // Suspected from the notes for a while, at another home.
            span(
                AlertCode::VulnerabilityPossiblyUnrecorded,
                "prop-2",
                "2024-02-01",
                Some("2024-02-20"),
            ),
            span(
                AlertCode::JobClosedWithoutEvidence,
                "prop-2",
                "2024-01-01",
                None,
            ),
        ];
        let vulnerabilities = vec![
            vulnerability("prop-1", "2024-02-01", Some("2024-04-01")),
            vulnerability("prop-1", "2024-03-15", None),
        ];
        let stretches = shown_stretches(&spans, &vulnerabilities);
        assert_eq!(
            stretches[0],
            vec![
                ShownStretch {
                    from: t("2024-01-01"),
                    until: Some(t("2024-02-01")),
                    vulnerable: false
                },
                // The two vulnerability spans overlap: one stretch, not two.
                ShownStretch {
                    from: t("2024-02-01"),
                    until: None,
                    vulnerable: true
                },
            ]
        );
        assert_eq!(stretches[1].len(), 2);
        assert_eq!(stretches[1][1].until, Some(t("2024-03-01")));
        assert_eq!(
            stretches[3],
            vec![
                ShownStretch {
                    from: t("2024-01-01"),
                    until: Some(t("2024-02-01")),
                    vulnerable: false
                },
                ShownStretch {
                    from: t("2024-02-01"),
                    until: Some(t("2024-02-20")),
                    vulnerable: true
                },
                ShownStretch {
                    from: t("2024-02-20"),
                    until: None,
                    vulnerable: false
                },
            ]
        );
        // Every day of 2024: exactly one stretch of each present span is present, and it says
        // what `assemble` says.
        let mut day = t("2023-12-30");
        while day < t("2024-05-01") {
            for (i, s) in spans.iter().enumerate() {
                let present: Vec<&ShownStretch> =
                    stretches[i].iter().filter(|x| x.present_at(day)).collect();
                assert_eq!(
                    present.len(),
                    usize::from(s.present_at(day)),
                    "span {i} at {day}"
                );
                assert_eq!(
                    present.first().map(|x| x.vulnerable),
                    assembled_vulnerable(&spans, &vulnerabilities, i, day),
                    "span {i} at {day}"
                );
            }
            day = day
                .checked_add(jiff::SignedDuration::from_hours(12))
                .expect("in range");
        }
    }

    #[test]
    fn the_whole_number_order_is_the_worklist_order() {
        // Every severity, vulnerable or not: more severe first, vulnerable first within it.
        let mut keys = Vec::new();
        let mut severities = [
            Severity::Low,
            Severity::Medium,
            Severity::High,
            Severity::Critical,
        ];
        severities.sort_by_key(|s| std::cmp::Reverse(*s));
        for s in severities {
            for v in [true, false] {
                keys.push(worklist_band(s, v));
            }
        }
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
        let mut codes = AlertCode::ALL.to_vec();
        codes.sort();
        assert!(codes.windows(2).all(|w| code_rank(w[0]) < code_rank(w[1])));
        assert!(stage_rank(AlertStage::DueSoon) < stage_rank(AlertStage::Overdue));
        assert!(AlertStage::DueSoon < AlertStage::Overdue);
    }
}
