//! Reports about a contractor's conduct or workmanship, each a case of its own: now and then a
//! resident reports how an operative behaved or worked on a visit (rude, smoking, a mess left,
//! unsafe, billed for time not spent), and a third of disputed completions become a case about
//! the work. Most are investigated within a few working days — the resident heard, the
//! contractor asked, the work looked at — and concluded; some are investigated late, and a few
//! never are (half of those are closed "not proven" anyway, as L&Q's was).
//!
//! Everything here draws on its own random stream (`Sim::conduct_rng`, seeded from the demo's
//! seed), swapped in for the duration ([`Sim::with_conduct_rng`]): adding conduct cases leaves
//! every other part of a seed's history as it was.

use crate::codes::Channel;
use crate::contractors::{
    ConductCaseConcluded, ConductCaseInvestigated, ConductCaseOpened, ConductConcern,
    ConductOutcome, InvestigationStep, InvestigationStepKind,
};
use crate::events::EventData;
use crate::history::{Draft, RecordId};

use super::estate::Pool;
use super::{Action, Sim, ids, rates};

/// What was reported, the concerns it raises, and whether it can only be about an external
/// contractor (the landlord's own operatives send no invoices).
struct Kind {
    description: &'static str,
    concerns: &'static [ConductConcern],
    invoiced: bool,
    weight: u32,
}

use ConductConcern::{Conduct, HealthAndSafety, Invoicing, Workmanship};

/// Reports made after a visit.
const AFTER_VISIT: &[Kind] = &[
    Kind {
        description: "The operative was rude to me and swore when I asked him to take his boots off.",
        concerns: &[Conduct],
        invoiced: false,
        weight: 30,
    },
    Kind {
        description: "The operative smoked in the flat while he worked.",
        concerns: &[Conduct, HealthAndSafety],
        invoiced: false,
        weight: 15,
    },
    Kind {
        description: "They left dust, offcuts and the old parts all over the floor and did not clean up.",
        concerns: &[Workmanship],
        invoiced: false,
        weight: 25,
    },
    Kind {
        description: "The operative left the water off and bare wires showing when he went.",
        concerns: &[HealthAndSafety, Workmanship],
        invoiced: false,
        weight: 12,
    },
    Kind {
        description: "He worked up a ladder on his own with nobody footing it, over my children's heads.",
        concerns: &[HealthAndSafety],
        invoiced: false,
        weight: 8,
    },
    Kind {
        description: "The operative was here for twenty minutes but I hear two hours were charged.",
        concerns: &[Invoicing],
        invoiced: true,
        weight: 10,
    },
];

/// Reports made with a disputed completion ("marked as done but not done").
const AFTER_DISPUTE: &[Kind] = &[
    Kind {
        description: "The job was signed off as done but the work was not done properly and the problem is back.",
        concerns: &[Workmanship],
        invoiced: false,
        weight: 60,
    },
    Kind {
        description: "The job was marked complete and, I am told, billed, but nobody did the work.",
        concerns: &[Workmanship, Invoicing],
        invoiced: true,
        weight: 40,
    },
];

/// A step and the note that goes with it, by concern.
fn steps_for(concerns: &[ConductConcern]) -> Vec<(InvestigationStepKind, &'static str)> {
    use InvestigationStepKind as S;
    let mut out = vec![(
        S::SpokeToResident,
        "Called the resident to go through what happened",
    )];
    if concerns.contains(&Workmanship) || concerns.contains(&HealthAndSafety) {
        out.push((S::InspectedWork, "Visited and looked at the work"));
    }
    if concerns.contains(&Conduct) {
        out.push((
            S::SpokeToOperative,
            "The contractor's supervisor spoke to the operative",
        ));
    }
    out.push((
        S::SpokeToContractor,
        "Raised with the contractor's contract manager",
    ));
    if concerns.contains(&Invoicing) {
        out.push((
            S::ReviewedRecords,
            "Compared the invoice with the job sheet and the van tracker",
        ));
    }
    out
}

/// A case's progress, carried in its queued action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ConductStep {
    Investigate,
    /// Concluded, after an investigation or (rarely, and wrongly) without one.
    Conclude {
        investigated: bool,
    },
}

/// What a queued step needs to know about its case.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ConductRef {
    pub(crate) case: u32,
    /// Index into [`AFTER_VISIT`] (`from_dispute` false) or [`AFTER_DISPUTE`].
    kind: u8,
    from_dispute: bool,
}

impl ConductRef {
    fn kind(&self) -> &'static Kind {
        let list = if self.from_dispute {
            AFTER_DISPUTE
        } else {
            AFTER_VISIT
        };
        &list[usize::from(self.kind).min(list.len() - 1)]
    }
}

/// When, in working days from the case being opened, the landlord investigates: mostly well
/// within the 10-day policy, sometimes late, now and then never (`None`). The demo's own rates.
fn investigation_delay(rng: &mut super::rng::Rng) -> Option<u32> {
    match rng.weighted(&rates::CONDUCT_INVESTIGATION) {
        0 => Some(rng.range_u32(1, 7)),
        1 => Some(rng.range_u32(11, 30)),
        _ => None,
    }
}

impl<F: FnMut(Draft)> Sim<F> {
    /// Runs `f` with the conduct cases' own random stream in place of the main one.
    pub(crate) fn with_conduct_rng<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        std::mem::swap(&mut self.rng, &mut self.conduct_rng);
        let out = f(self);
        std::mem::swap(&mut self.rng, &mut self.conduct_rng);
        out
    }

    /// After a completed visit to an occupied home: now and then the resident reports the
    /// operative. Call inside [`Sim::with_conduct_rng`].
    pub(crate) fn maybe_report_conduct(&mut self, wo: u32, home: u32, tenancy: u32, op: u32) {
        if self.rng.chance(rates::CONDUCT_AFTER_VISIT) {
            self.open_conduct_case(wo, home, tenancy, op, false);
        }
    }

    /// With a disputed completion: a third of disputes become a case about the work. Call
    /// inside [`Sim::with_conduct_rng`].
    pub(crate) fn maybe_dispute_conduct(&mut self, wo: u32, home: u32, tenancy: u32, op: u32) {
        if self.rng.chance(rates::CONDUCT_AFTER_DISPUTE) {
            self.open_conduct_case(wo, home, tenancy, op, true);
        }
    }

    fn open_conduct_case(&mut self, wo: u32, home: u32, tenancy: u32, op: u32, from_dispute: bool) {
        let Some(lead) = self.world.homes[home as usize]
            .household
            .as_ref()
            .filter(|h| h.tenancy == tenancy)
            .map(|h| h.lead)
        else {
            return;
        };
        let Some(contractor) = self
            .world
            .operatives
            .get((op.max(1) - 1) as usize)
            .map(|o| o.contractor)
        else {
            return;
        };
        let in_house = self.world.contractors[usize::from(contractor)].in_house;
        let list = if from_dispute {
            AFTER_DISPUTE
        } else {
            AFTER_VISIT
        };
        // The landlord's own operatives send no invoices to dispute.
        let weights: Vec<u32> = list
            .iter()
            .map(|k| if k.invoiced && in_house { 0 } else { k.weight })
            .collect();
        let kind = self.rng.weighted(&weights);
        let k = &list[kind];
        let channel = [
            Channel::Phone,
            Channel::Email,
            Channel::Web,
            Channel::InPerson,
        ][self.rng.weighted(&[50, 25, 15, 10])];
        let who = self.staff_actor(Pool::Call);
        self.n.conduct += 1;
        let case = self.n.conduct;
        self.emit(
            ids::conduct(case),
            who,
            EventData::ConductCaseOpened(ConductCaseOpened {
                contractor: ids::contractor(u32::from(contractor) + 1),
                operative: Some(ids::operative(op)),
                works_orders: vec![ids::wo(wo)],
                reported_by: Some(ids::person(lead)),
                complaint: None,
                concerns: k.concerns.to_vec(),
                description: k.description.to_string(),
                channel,
            }),
        );
        let r = ConductRef {
            case,
            kind: kind as u8,
            from_dispute,
        };
        match investigation_delay(&mut self.rng) {
            Some(wd) => {
                let t = self.conduct_time(wd);
                self.schedule(t, Action::Conduct(r, ConductStep::Investigate));
            }
            None => {
                // Never investigated; half are closed anyway.
                if self.rng.chance(0.5) {
                    let wd = self.rng.range_u32(15, 40);
                    let t = self.conduct_time(wd);
                    self.schedule(
                        t,
                        Action::Conduct(
                            r,
                            ConductStep::Conclude {
                                investigated: false,
                            },
                        ),
                    );
                }
            }
        }
    }

    /// An office-hours time `wd` working days from today.
    fn conduct_time(&mut self, wd: u32) -> i64 {
        let d = self.clock.add_working(self.today, wd);
        self.time_on(d, 9.0, 17.0).max(self.now)
    }

    pub(crate) fn conduct_step(&mut self, r: ConductRef, step: ConductStep) {
        let kind = r.kind();
        match step {
            ConductStep::Investigate => {
                let who = self.staff_actor(Pool::Repairs);
                let all = steps_for(kind.concerns);
                // The resident and the contractor always; the rest as the case needs.
                let mut steps: Vec<InvestigationStep> = Vec::new();
                for (i, (step, note)) in all.iter().enumerate() {
                    let keep = i == 0 || *step == InvestigationStepKind::SpokeToContractor;
                    if keep || self.rng.chance(0.8) {
                        steps.push(InvestigationStep {
                            step: *step,
                            on: None,
                            notes: Some((*note).to_string()),
                        });
                    }
                }
                let inspected = steps
                    .iter()
                    .any(|s| s.step == InvestigationStepKind::InspectedWork);
                let evidence: Vec<RecordId> = if inspected && self.rng.chance(0.7) {
                    self.add_document(
                        "image/jpeg",
                        "Photo taken on the conduct investigation visit",
                        "jpg",
                        vec![ids::conduct(r.case)],
                        who.clone(),
                    )
                    .into_iter()
                    .collect()
                } else {
                    Vec::new()
                };
                let findings = [
                    "The resident's account is borne out by what we found and by the contractor's own records.",
                    "The contractor accepts part of what was reported; the rest could not be confirmed.",
                    "The contractor's records and what we found do not support the report.",
                ][self.rng.weighted(&[40, 35, 25])];
                self.emit(
                    ids::conduct(r.case),
                    who,
                    EventData::ConductCaseInvestigated(ConductCaseInvestigated {
                        investigator: "Repairs supervisor".to_string(),
                        steps,
                        findings: findings.to_string(),
                        evidence,
                    }),
                );
                let wd = self.rng.range_u32(1, 5);
                let t = self.conduct_time(wd);
                self.schedule(
                    t,
                    Action::Conduct(r, ConductStep::Conclude { investigated: true }),
                );
            }
            ConductStep::Conclude { investigated } => {
                let who = self.staff_actor(Pool::Repairs);
                let outcome = if investigated {
                    [
                        ConductOutcome::Upheld,
                        ConductOutcome::PartlyUpheld,
                        ConductOutcome::NotUpheld,
                        ConductOutcome::NotProven,
                    ][self.rng.weighted(&[30, 25, 30, 15])]
                } else {
                    ConductOutcome::NotProven
                };
                let (reasons, actions): (&str, &[&str]) = match outcome {
                    ConductOutcome::Upheld => (
                        "What was reported happened, as the investigation showed.",
                        if kind.concerns.contains(&Invoicing) {
                            &["Credit the invoice for the work not done"]
                        } else if kind.concerns.contains(&Workmanship) {
                            &["Return and put the work right at no cost"]
                        } else {
                            &[
                                "Operative to be reminded of the code of conduct for working in residents' homes",
                            ]
                        },
                    ),
                    ConductOutcome::PartlyUpheld => (
                        "Part of what was reported is borne out; the rest could not be confirmed.",
                        &["Contractor to brief its operatives on the points upheld"],
                    ),
                    ConductOutcome::NotUpheld => (
                        "The investigation found the work and the operative's conduct as they should be.",
                        &[],
                    ),
                    ConductOutcome::NotProven if investigated => (
                        "The accounts differ and nothing on the record settles it.",
                        &[],
                    ),
                    ConductOutcome::NotProven => (
                        "The operative denies it and there were no independent witnesses.",
                        &[],
                    ),
                };
                let learning =
                    (outcome != ConductOutcome::NotUpheld && self.rng.chance(0.4)).then(|| {
                        "Ask contractors for a photo of the work area at the end of each visit"
                            .to_string()
                    });
                self.emit(
                    ids::conduct(r.case),
                    who,
                    EventData::ConductCaseConcluded(ConductCaseConcluded {
                        outcome,
                        reasons: reasons.to_string(),
                        contractor_actions: actions.iter().map(|a| (*a).to_string()).collect(),
                        learning,
                    }),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::rng::Rng;
    use super::*;

    /// Over many cases (the demo itself makes too few to measure): most investigated within the
    /// landlord's 10 working days, some late, a few never; the same seed gives the same fates.
    #[test]
    fn most_reports_are_investigated_in_time_some_late_a_few_never() {
        let fates = |seed| {
            let mut rng = Rng::new(seed);
            (0..20_000)
                .map(|_| investigation_delay(&mut rng))
                .collect::<Vec<_>>()
        };
        let all = fates(3);
        assert_eq!(all, fates(3), "deterministic per seed");
        let share = |f: &dyn Fn(&Option<u32>) -> bool| {
            all.iter().filter(|d| f(d)).count() as f64 / all.len() as f64
        };
        let in_time = share(&|d| d.is_some_and(|wd| wd <= 7));
        let late = share(&|d| d.is_some_and(|wd| wd > 10));
        let never = share(&|d| d.is_none());
        assert!((0.80..0.86).contains(&in_time), "{in_time} in time");
        assert!((0.08..0.12).contains(&late), "{late} late");
        assert!((0.04..0.07).contains(&never), "{never} never");
    }

    /// Every kind of report has a valid opening and investigation (and an invoicing report can
    /// only be about an external contractor).
    #[test]
    fn every_kind_of_report_is_valid() {
        use crate::events::EventBody;
        for k in AFTER_VISIT.iter().chain(AFTER_DISPUTE) {
            assert!(!k.concerns.is_empty());
            assert_eq!(k.invoiced, k.concerns.contains(&Invoicing));
            let steps = steps_for(k.concerns);
            assert_eq!(steps[0].0, InvestigationStepKind::SpokeToResident);
            let inv = ConductCaseInvestigated {
                investigator: "Repairs supervisor".to_string(),
                steps: steps
                    .iter()
                    .map(|(s, n)| InvestigationStep {
                        step: *s,
                        on: None,
                        notes: Some((*n).to_string()),
                    })
                    .collect(),
                findings: "Found".to_string(),
                evidence: Vec::new(),
            };
            assert_eq!(inv.check(), Ok(()));
        }
    }
}
