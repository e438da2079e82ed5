//! Ombudsman orders (requirements R13): each binding order with its due date and the evidence it
//! was met. Recommendations (not binding) raise no alert.

use std::borrow::Cow;

use super::model::{Model, visible, when};
use super::repairs::due_text;
use super::timeline::Pending;
use super::{AlertCode, AlertSpan, DueOr, due_or, excerpt, track};
use crate::events::EventData;
use crate::ombudsman::OrderKind;
use crate::references::RecordKind;
use crate::rules::clock::due_on;

pub(crate) const RULE: &str = "ombudsman.order";
pub(crate) const SOURCE: &str =
    "Housing Ombudsman order (Housing Act 1996 Sch. 2 para 7; rules.md §5.2)";

pub(super) fn spans(m: &Model<'_>) -> Vec<AlertSpan> {
    let mut out = Vec::new();
    for order in m.records_of(RecordKind::OmbudsmanOrder) {
        out.extend(track(m, [*order], |k| {
            let evs = m.effective(order, k);
            let Some(EventData::OmbudsmanOrderMade(made)) = evs.first().map(|e| &e.data) else {
                return Vec::new();
            };
            let Some(due) = &made.due else {
                return Vec::new();
            };
            if made.kind != OrderKind::Order
                || evs
                    .iter()
                    .any(|e| matches!(e.data, EventData::OmbudsmanOrderComplied(_)))
            {
                return Vec::new();
            }
            let records = vec![(*order).clone(), made.case.clone()];
            match due_or(
                due_on(due, &m.cfg.calendar, &m.cfg.due_soon),
                RULE,
                &records,
                visible(evs[0]),
            ) {
                DueOr::Failed(p) => vec![p],
                DueOr::Due(d) => vec![Pending {
                    code: AlertCode::OmbudsmanOrderOverdue,
                    rule: Cow::Borrowed(RULE),
                    source: Cow::Borrowed(SOURCE),
                    property: None,
                    records,
                    started: evs[0].at.earliest(),
                    due: d.at,
                    warn_from: d.warn_from,
                    detail: format!(
                        "Ordered {} in case {}: \"{}\" — due {}; no compliance recorded by {}.",
                        when(&evs[0].at),
                        made.case,
                        excerpt(&made.text, 140),
                        when(due),
                        due_text(&d)
                    ),
                }],
            }
        }));
    }
    out
}
