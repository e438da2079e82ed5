//! Hazards and surveys. Damp and mould reports open hazard cases: investigation (with a damp
//! survey, readings and recommendations some of the time), classification taking the
//! household's vulnerabilities into account, the written summary, safety and preventative
//! works, alternative-accommodation decisions and risk assessments. From 27 October 2025 most
//! cases keep to Awaab's Law (investigate within 10 working days, summary within 3, safety
//! work within 5); before it, timings are looser and summaries often never sent. Emergency
//! hazards (gas, electrics, a broken front-door lock) are made safe within 24 hours. Blocks get
//! stock-condition surveys whose recommendations are acted on, declined — or left.

use crate::codes::Channel;
use crate::estate::{ComponentKind, PropertyType};
use crate::events::EventData;
use crate::hazards::{
    AccommodationDecision, AlternativeAccommodationDecided, AwarenessSource, ClockStopReason,
    HazardClass, HazardClassified, HazardClockStopped, HazardClosed, HazardInvestigated,
    HazardOpened, HazardRiskAssessed, HazardSummarySent, HazardType, HazardWorkPurpose,
    HazardWorksLinked, InvestigationMethod,
};
use crate::history::{Draft, RecordId};
use crate::repairs::{ReportClosed, WorkPurpose};
use crate::surveys::{
    Reading, Recommendation, RecommendationDecided, RecommendationDecision, SurveyKind,
    SurveyRecorded,
};

use super::catalogue::{self as cat, JOBS, JobRef};
use super::clock::{Day, HOUR, MINUTE, instant};
use super::complaints::Cause;
use super::estate::Pool;
use super::repairs::{ContactKind, Finish, Parent, Prio, WoSpec};
use super::{Action, Key, Rec, Sim, code, ids};

#[derive(Debug, Clone, Copy)]
pub(crate) struct Hazard {
    pub(crate) num: u32,
    pub(crate) home: u32,
    pub(crate) tenancy: u32,
    /// The report that made the landlord aware (closed when the hazard closes).
    pub(crate) report: Key,
    pub(crate) report_num: u32,
    pub(crate) htype: HazardType,
    pub(crate) aware_day: Day,
    pub(crate) awaab: bool,
    pub(crate) emergency: bool,
    pub(crate) recurring: bool,
    pub(crate) open: u8,
    pub(crate) abandoned: bool,
    pub(crate) no_access: bool,
    pub(crate) no_hazard: bool,
    pub(crate) investigated: bool,
    pub(crate) works_done: bool,
    pub(crate) attempts: u8,
}

impl<F: FnMut(Draft)> Sim<F> {
    fn open_hazard(
        &mut self,
        k: Key,
        htype: HazardType,
        emergency: bool,
        location: Option<&str>,
        description: &str,
    ) -> Option<(Key, Hazard)> {
        let r = self.reports.get(k)?;
        self.n.hazard += 1;
        let num = self.n.hazard;
        let aware_how = match r.channel {
            Channel::ThirdParty => AwarenessSource::HealthProfessional,
            Channel::Internal => AwarenessSource::Inspection,
            _ => AwarenessSource::Report,
        };
        let who = self.staff_actor(Pool::Repairs);
        self.emit(
            ids::hazard(num),
            who,
            EventData::HazardOpened(HazardOpened {
                property: ids::property(r.home + 1),
                hazard_type: htype,
                aware_at: instant(r.received),
                aware_how,
                source: Some(ids::report(r.num)),
                location: location.map(str::to_string),
                description: description.to_string(),
            }),
        );
        let recurring =
            self.world.homes[r.home as usize].damp_cases > 0 && htype == HazardType::DampAndMould;
        if htype == HazardType::DampAndMould {
            let h = &mut self.world.homes[r.home as usize];
            h.damp_cases = h.damp_cases.saturating_add(1);
        }
        let hz = Hazard {
            num,
            home: r.home,
            tenancy: r.tenancy,
            report: k,
            report_num: r.num,
            htype,
            aware_day: self.clock.day_of(r.received),
            awaab: self.today >= self.awaab,
            emergency,
            recurring,
            open: 0,
            abandoned: false,
            no_access: false,
            no_hazard: false,
            investigated: false,
            works_done: false,
            attempts: 0,
        };
        let hk = self.hazards.insert(hz);
        Some((hk, hz))
    }

    /// A damp and mould report opens a hazard case.
    pub(crate) fn open_damp_hazard(&mut self, k: Key) {
        let Some(r) = self.reports.get(k) else { return };
        let (said, room, _) = cat::DAMP_SAID[(r.damp.max(1) - 1) as usize];
        let vulnerable = self.world.homes[r.home as usize]
            .household
            .as_ref()
            .is_some_and(|h| h.vulnerable());
        let awaab = self.today >= self.awaab;
        let emergency = r.prio == Prio::Emergency
            || (awaab && self.rng.chance(if vulnerable { 0.08 } else { 0.02 }));
        let location = room.replace('_', " ");
        let Some((hk, h)) = self.open_hazard(
            k,
            HazardType::DampAndMould,
            emergency,
            Some(&location),
            said,
        ) else {
            return;
        };
        let t = if emergency {
            if self.rng.chance(0.92) {
                self.now + self.rng.range(HOUR, 20 * HOUR)
            } else {
                self.now + self.rng.range(26 * HOUR, 40 * HOUR)
            }
        } else {
            let wd = if awaab {
                if self.rng.chance(0.88) {
                    self.rng.range_u32(1, 8)
                } else {
                    self.rng.range_u32(11, 18)
                }
            } else if self.rng.chance(0.7) {
                self.rng.range_u32(5, 30)
            } else {
                self.rng.range_u32(31, 70)
            };
            let d = self.clock.add_working(h.aware_day, wd);
            self.time_on(d, 9.0, 15.5)
        };
        self.schedule(t, Action::Investigate(hk));
        if self.rng.chance(0.02) {
            self.maybe_complain(
                r.home,
                r.tenancy,
                Rec::Hazard(h.num),
                Cause::Damp,
                JobRef::Raised(cat::MOULD_WASH),
                1.0,
            );
        }
    }

    /// An emergency with a hazard (gas, live wires, an insecure door): made safe within 24 hours.
    pub(crate) fn open_emergency_hazard(&mut self, k: Key) {
        let Some(r) = self.reports.get(k) else { return };
        let j = &JOBS[r.job as usize];
        let Some(htype) = j.hazard else { return };
        let location = j.room.map(|s| s.replace('_', " "));
        let Some((hk, h)) = self.open_hazard(k, htype, true, location.as_deref(), j.said) else {
            return;
        };
        let (target_day, target_t) = self.target(Prio::Emergency, r.received);
        let mut spec = WoSpec::new(
            r.home,
            r.tenancy,
            Parent::Hazard(hk),
            JobRef::Reported(r.job),
            WorkPurpose::Safety,
            Prio::Emergency,
            target_day,
        );
        spec.target_t = target_t;
        spec.report = r.num;
        spec.hazard = h.num;
        spec.component = r.component;
        let (wk, wnum) = self.raise_wo(spec);
        let who = self.staff_actor(Pool::Repairs);
        self.emit(
            ids::hazard(h.num),
            who,
            EventData::HazardWorksLinked(HazardWorksLinked {
                works_order: ids::wo(wnum),
                purpose: HazardWorkPurpose::Safety,
            }),
        );
        self.schedule_booking(wk, Prio::Emergency);
        let t = if self.rng.chance(0.9) {
            self.now + self.rng.range(30 * MINUTE, 6 * HOUR)
        } else {
            self.now + self.rng.range(25 * HOUR, 40 * HOUR)
        };
        self.schedule(t, Action::Investigate(hk));
    }

    pub(crate) fn investigate(&mut self, hk: Key) {
        let Some(mut h) = self.hazards.get(hk) else {
            return;
        };
        let household = self.world.homes[h.home as usize]
            .household
            .as_ref()
            .filter(|x| x.tenancy == h.tenancy)
            .map(|x| x.hazard_relevant());
        let surveyor = self.staff_index(Pool::Surveyor);
        let who = self.staff_at(Pool::Surveyor, surveyor);
        let name = who.name.clone().unwrap_or_default();
        if h.htype != HazardType::DampAndMould {
            let remote = self.rng.chance(0.5);
            let evidence: Vec<RecordId> = self
                .add_document(
                    "image/jpeg",
                    "Photo taken at the hazard assessment",
                    "jpg",
                    vec![ids::hazard(h.num)],
                    who.clone(),
                )
                .into_iter()
                .collect();
            self.emit(
                ids::hazard(h.num),
                who.clone(),
                EventData::HazardInvestigated(HazardInvestigated {
                    investigator: name,
                    competent: true,
                    method: if remote { InvestigationMethod::Remote } else { InvestigationMethod::InPerson },
                    started: Some(instant(self.now - 30 * MINUTE)),
                    concluded: instant(self.now),
                    findings: "Hazard assessed with the attending engineer; made-safe work ordered as an emergency".to_string(),
                    documents: evidence,
                }),
            );
            let class = if self.rng.chance(0.6) {
                HazardClass::Emergency
            } else {
                HazardClass::NotSignificant
            };
            let score = if class == HazardClass::Emergency {
                self.rng.range_u32(1000, 5000)
            } else {
                self.rng.range_u32(100, 999)
            };
            self.emit(
                ids::hazard(h.num),
                who,
                EventData::HazardClassified(HazardClassified {
                    classification: class,
                    reasons: if class == HazardClass::Emergency {
                        "Imminent and significant risk of harm: to be made safe within 24 hours"
                            .to_string()
                    } else {
                        "Risk controlled by the make-safe attendance; no significant hazard remains"
                            .to_string()
                    },
                    category: Some(if class == HazardClass::Emergency {
                        1
                    } else {
                        2
                    }),
                    score: Some(score),
                    vulnerabilities_considered: household.unwrap_or_default(),
                }),
            );
            h.investigated = true;
            self.hazards.set(hk, h);
            if h.works_done {
                let t = self.office_after(1, 5);
                self.schedule(t, Action::CloseHazard(hk));
            }
            return;
        }

        // Damp and mould: sometimes nobody is in.
        if household.is_some() && h.attempts < 2 && self.rng.chance(0.06) {
            h.attempts += 1;
            self.log_contact(
                h.home,
                h.tenancy,
                Rec::Hazard(h.num),
                ContactKind::HazardNoAccess,
            );
            let mut wait = self.rng.range_u32(2, 5);
            if h.awaab && h.attempts == 2 && self.rng.chance(0.5) {
                let letter = self.add_document(
                    "application/pdf",
                    "Letter: access needed for the damp and mould inspection",
                    "pdf",
                    vec![ids::hazard(h.num)],
                    who.clone(),
                );
                self.emit(
                    ids::hazard(h.num),
                    who,
                    EventData::HazardClockStopped(HazardClockStopped {
                        reason: ClockStopReason::ConsentNotObtained,
                        notes: "Access refused or not given after phone calls, texts, a card and a letter".to_string(),
                        evidence: letter.into_iter().collect(),
                    }),
                );
                wait = self.rng.range_u32(10, 25);
            }
            self.hazards.set(hk, h);
            let d = self.clock.add_working(self.today, wait);
            let t = self.time_on(d, 9.0, 15.5);
            self.schedule(t, Action::Investigate(hk));
            return;
        }

        let kind = self.world.homes[h.home as usize].kind;
        let top_flat = self.component_of(h.home, ComponentKind::Roof);
        let mut photos = Vec::new();
        if let Some(d) = self.add_document(
            "image/jpeg",
            "Damp and mould inspection photos",
            "jpg",
            vec![ids::hazard(h.num)],
            who.clone(),
        ) {
            photos.push(d);
        }
        // Likely causes and the work that would remove them.
        let mut causes: Vec<(u16, &str)> = vec![
            (
                cat::FAN_UPGRADE,
                "Renew the bathroom extractor with a humidistat-controlled continuous fan",
            ),
            (cat::TRICKLE_VENTS, "Fit trickle vents to the windows"),
            (
                cat::HIDDEN_LEAK,
                "Trace and repair the suspected leak in the boxed-in pipework",
            ),
        ];
        if kind != PropertyType::Flat {
            causes.push((cat::PIV, "Install a positive input ventilation unit"));
            causes.push((cat::REPOINT, "Rake out and repoint the rear elevation"));
            causes.push((cat::GUTTERS, "Clear and repair the gutters and downpipes"));
            causes.push((cat::LOFT_INSULATION, "Top up the loft insulation to 270 mm"));
        } else if top_flat != 0 {
            causes.push((cat::GUTTERS, "Clear the roof outlets and gutters"));
        }
        let want = self.rng.range(1, 3) as usize;
        let mut chosen: Vec<(u16, &str)> = Vec::new();
        while chosen.len() < want.min(causes.len()) {
            let c = causes[self.rng.below(causes.len() as u64) as usize];
            if !chosen.iter().any(|x| x.0 == c.0) {
                chosen.push(c);
            }
        }
        let surveyed = self.rng.chance(if h.recurring { 0.8 } else { 0.55 });
        let mut recs: Vec<(u32, u16)> = Vec::new();
        if surveyed {
            let independent = self.rng.chance(0.2);
            let pdf = self.add_document(
                "application/pdf",
                "Damp and mould survey report",
                "pdf",
                vec![ids::hazard(h.num)],
                who.clone(),
            );
            let mut readings = Vec::new();
            for loc in [
                "external wall, low level",
                "window reveal",
                "ceiling corner",
            ]
            .iter()
            .take(self.rng.range(2, 3) as usize)
            {
                readings.push(Reading {
                    location: loc.to_string(),
                    measure: "moisture".to_string(),
                    value: format!("{:.1}", 14.0 + self.rng.unit() * 16.0),
                    unit: "%WME".to_string(),
                });
            }
            readings.push(Reading {
                location: "living room".to_string(),
                measure: "relative_humidity".to_string(),
                value: format!("{:.0}", 58.0 + self.rng.unit() * 27.0),
                unit: "%".to_string(),
            });
            readings.push(Reading {
                location: "living room".to_string(),
                measure: "temperature".to_string(),
                value: format!("{:.1}", 14.5 + self.rng.unit() * 6.0),
                unit: "°C".to_string(),
            });
            let mut recommendations = Vec::new();
            for (job, text) in &chosen {
                self.n.recommendation += 1;
                let rec = self.n.recommendation;
                recs.push((rec, *job));
                let due = if h.awaab {
                    self.today + 84
                } else {
                    self.today + self.rng.range_u32(28, 120)
                };
                recommendations.push(Recommendation {
                    id: ids::recommendation(rec),
                    text: text.to_string(),
                    due: Some(self.clock.day_time(due)),
                });
            }
            self.n.survey += 1;
            let svy = self.n.survey;
            self.emit(
                ids::survey(svy),
                who.clone(),
                EventData::SurveyRecorded(SurveyRecorded {
                    property: Some(ids::property(h.home + 1)),
                    block: None,
                    hazard: Some(ids::hazard(h.num)),
                    kind: SurveyKind::DampSurvey,
                    surveyor: name.clone(),
                    organisation: independent.then(|| "Calder Damp Surveys Ltd".to_string()),
                    on: self.clock.day_time(self.today),
                    findings: "Elevated moisture at low level on the external wall and high humidity; mould growth to the corners; ventilation inadequate".to_string(),
                    readings,
                    recommendations,
                    documents: pdf.into_iter().collect(),
                }),
            );
        }
        let competent = self.rng.chance(0.97);
        let method = if self.rng.chance(0.9) {
            InvestigationMethod::InPerson
        } else {
            InvestigationMethod::Remote
        };
        let started = self.now - self.rng.range(40, 90) * MINUTE;
        self.emit(
            ids::hazard(h.num),
            who.clone(),
            EventData::HazardInvestigated(HazardInvestigated {
                investigator: name.clone(),
                competent,
                method,
                started: Some(instant(started)),
                concluded: instant(self.now),
                findings: if surveyed {
                    "Mould growth confirmed; damp survey carried out; causes identified".to_string()
                } else {
                    "Mould growth to walls and ceiling; condensation from inadequate ventilation"
                        .to_string()
                },
                documents: photos.clone(),
            }),
        );
        let class = if h.emergency {
            if self.rng.chance(0.7) {
                HazardClass::Emergency
            } else {
                HazardClass::Significant
            }
        } else {
            let w = if h.awaab {
                [3, 57, 30, 10]
            } else {
                [0, 55, 33, 12]
            };
            [
                HazardClass::Emergency,
                HazardClass::Significant,
                HazardClass::NotSignificant,
                HazardClass::NoHazard,
            ][self.rng.weighted(&w)]
        };
        // The household's vulnerabilities are usually — not always — taken into account.
        let considered = household
            .filter(|_| self.rng.chance(0.9))
            .unwrap_or_default();
        let (category, score, reasons) = match class {
            HazardClass::Emergency => (
                Some(1),
                Some(self.rng.range_u32(2000, 6000)),
                "Extensive mould in the room where a vulnerable occupier sleeps: imminent risk",
            ),
            HazardClass::Significant => (
                Some(1),
                Some(self.rng.range_u32(1000, 2500)),
                "Mould growth over a large area with persistent damp: significant risk of harm",
            ),
            HazardClass::NotSignificant => (
                Some(2),
                Some(self.rng.range_u32(200, 999)),
                "Limited surface mould; low risk once treated",
            ),
            HazardClass::NoHazard => (None, None, "No damp found; surface condensation only"),
        };
        self.emit(
            ids::hazard(h.num),
            who.clone(),
            EventData::HazardClassified(HazardClassified {
                classification: class,
                reasons: reasons.to_string(),
                category,
                score,
                vulnerabilities_considered: considered,
            }),
        );
        h.investigated = true;
        let investigated_day = self.today;
        let on_time = self.clock.working_between(h.aware_day, investigated_day) <= 10;
        if class == HazardClass::NoHazard {
            self.emit(
                ids::hazard(h.num),
                who,
                EventData::HazardClockStopped(HazardClockStopped {
                    reason: ClockStopReason::NoHazardFound,
                    notes: "Investigation found no hazard; condensation advice given".to_string(),
                    evidence: photos,
                }),
            );
            h.no_hazard = true;
            self.hazards.set(hk, h);
            let t = self.office_after(1, 5);
            self.schedule(t, Action::CloseHazard(hk));
            return;
        }
        self.hazards.set(hk, h);

        // Safety work: a mould wash within 5 working days (24 hours if an emergency).
        let (prio, target, target_t) = if class == HazardClass::Emergency {
            (Prio::Emergency, self.today + 1, Some(self.now + 24 * HOUR))
        } else if h.awaab {
            (Prio::Urgent, self.clock.add_working(self.today, 5), None)
        } else {
            (Prio::Urgent, self.today + self.rng.range_u32(20, 40), None)
        };
        let purpose = if class == HazardClass::NotSignificant {
            WorkPurpose::Repair
        } else {
            WorkPurpose::Safety
        };
        let mut spec = WoSpec::new(
            h.home,
            h.tenancy,
            Parent::Hazard(hk),
            JobRef::Raised(cat::MOULD_WASH),
            purpose,
            prio,
            target,
        );
        spec.target_t = target_t;
        spec.report = h.report_num;
        spec.hazard = h.num;
        let (wk, wnum) = self.raise_wo(spec);
        let link = if class == HazardClass::NotSignificant {
            HazardWorkPurpose::Preventative
        } else {
            HazardWorkPurpose::Safety
        };
        self.emit(
            ids::hazard(h.num),
            who.clone(),
            EventData::HazardWorksLinked(HazardWorksLinked {
                works_order: ids::wo(wnum),
                purpose: link,
            }),
        );
        self.schedule_booking(wk, prio);

        // Preventative work to remove the cause.
        let preventative_target = if h.awaab {
            self.today + 84
        } else {
            self.today + 90
        };
        let mut to_raise: Vec<(u16, Option<u32>)> = Vec::new();
        if recs.is_empty() {
            if class != HazardClass::NotSignificant && self.rng.chance(0.6) {
                to_raise.push((chosen[0].0, None));
            }
        } else {
            for &(rec, job) in &recs {
                let r = self.rng.unit();
                if r < 0.75 {
                    to_raise.push((job, Some(rec)));
                } else if r < 0.85 {
                    let t = self.office_after(5, 20);
                    self.schedule(
                        t,
                        Action::DecideRecommendation {
                            rec,
                            home: h.home,
                            block: 0,
                            job,
                            act: false,
                        },
                    );
                }
                // Otherwise the recommendation is never acted on.
            }
        }
        for (job, rec) in to_raise {
            let mut spec = WoSpec::new(
                h.home,
                h.tenancy,
                Parent::Hazard(hk),
                JobRef::Raised(job),
                WorkPurpose::Preventative,
                Prio::Planned,
                preventative_target,
            );
            spec.report = h.report_num;
            spec.hazard = h.num;
            if job == cat::GUTTERS && kind == PropertyType::Flat {
                spec.component = top_flat;
            }
            if let Some(rec) = rec {
                spec.fulfils = vec![ids::recommendation(rec)];
            }
            let (wk, wnum) = self.raise_wo(spec);
            if let Some(rec) = rec {
                self.emit(
                    ids::recommendation(rec),
                    who.clone(),
                    EventData::RecommendationDecided(RecommendationDecided {
                        decision: RecommendationDecision::Act,
                        works_order: Some(ids::wo(wnum)),
                        reason: "Agreed: preventative work to remove the cause of the damp"
                            .to_string(),
                    }),
                );
            }
            self.emit(
                ids::hazard(h.num),
                who.clone(),
                EventData::HazardWorksLinked(HazardWorksLinked {
                    works_order: ids::wo(wnum),
                    purpose: HazardWorkPurpose::Preventative,
                }),
            );
            self.schedule_booking(wk, Prio::Planned);
        }

        if matches!(class, HazardClass::Significant | HazardClass::Emergency)
            && self.rng.chance(if h.awaab { 0.85 } else { 0.15 })
        {
            let (decision, reasons) = [
                (
                    AccommodationDecision::ConsideredNotNeeded,
                    "Safety work can be done with the household at home; the affected room can be left unused meanwhile",
                ),
                (
                    AccommodationDecision::Offered,
                    "Offered a furnished flat nearby while the works are done",
                ),
                (
                    AccommodationDecision::Declined,
                    "Offered a furnished flat nearby; the resident preferred to stay",
                ),
            ][self.rng.weighted(&[90, 6, 4])];
            self.emit(
                ids::hazard(h.num),
                who.clone(),
                EventData::AlternativeAccommodationDecided(AlternativeAccommodationDecided {
                    decision,
                    reasons: reasons.to_string(),
                }),
            );
        }
        if (h.recurring || class == HazardClass::Emergency)
            && self.rng.chance(if h.awaab { 0.9 } else { 0.3 })
        {
            self.emit(
                ids::hazard(h.num),
                who.clone(),
                EventData::HazardRiskAssessed(HazardRiskAssessed {
                    assessor: name,
                    outcome: "Recurring mould: comprehensive risk assessment completed".to_string(),
                    actions: vec![
                        "Dehumidifier supplied".to_string(),
                        "Humidity monitored for eight weeks".to_string(),
                        "Mould wash repeated every three months until the cause is removed"
                            .to_string(),
                    ],
                }),
            );
        }
        // The written summary: within 3 working days under Awaab's Law; often never before.
        let summary = if h.awaab {
            let wd = if self.rng.chance(0.92) {
                self.rng.range_u32(0, 3)
            } else {
                self.rng.range_u32(4, 8)
            };
            Some(self.clock.add_working(self.today, wd))
        } else if self.rng.chance(0.35) {
            Some(
                self.clock
                    .add_working(self.today, self.rng.range_u32(5, 20)),
            )
        } else {
            None
        };
        if let Some(d) = summary {
            let t = self.time_on(d, 10.0, 17.0);
            self.schedule(t, Action::Summary(hk));
        }
        if self.rng.chance(0.3) {
            let t = self.now + self.rng.range(HOUR, 6 * HOUR);
            self.schedule(
                t,
                Action::Contact {
                    home: h.home,
                    tenancy: h.tenancy,
                    about: Rec::Hazard(h.num),
                    kind: ContactKind::HazardFindings,
                },
            );
        }
        let late = if h.awaab {
            !on_time
        } else {
            self.clock.working_between(h.aware_day, investigated_day) > 30
        };
        self.maybe_complain(
            h.home,
            h.tenancy,
            Rec::Hazard(h.num),
            Cause::Damp,
            JobRef::Raised(cat::MOULD_WASH),
            if late { 0.08 } else { 0.02 },
        );
    }

    pub(crate) fn summary(&mut self, hk: Key) {
        let Some(h) = self.hazards.get(hk) else {
            return;
        };
        let who = self.staff_actor(Pool::Surveyor);
        let email = self.rng.chance(0.4);
        let doc = self.add_document(
            "application/pdf",
            "Written summary of the hazard investigation",
            "pdf",
            vec![ids::hazard(h.num)],
            who.clone(),
        );
        self.emit(
            ids::hazard(h.num),
            who,
            EventData::HazardSummarySent(HazardSummarySent {
                sent: instant(self.now),
                channel: if email {
                    Channel::Email
                } else {
                    Channel::Letter
                },
                document: doc,
            }),
        );
    }

    pub(crate) fn hazard_work_finished(&mut self, hk: Key, how: Finish) {
        let Some(mut h) = self.hazards.get(hk) else {
            return;
        };
        h.open = h.open.saturating_sub(1);
        match how {
            Finish::Abandoned => h.abandoned = true,
            Finish::Cancelled(_) => h.no_access = true,
            Finish::Done => {}
        }
        if h.open > 0 {
            self.hazards.set(hk, h);
        } else if h.abandoned {
            // Work left unfinished: the hazard and its report stay open in the record.
            self.hazards.remove(hk);
            self.reports.remove(h.report);
        } else if !h.investigated {
            h.works_done = true;
            self.hazards.set(hk, h);
        } else {
            self.hazards.set(hk, h);
            let t = if h.htype == HazardType::DampAndMould {
                self.office_after(5, 30)
            } else {
                self.office_after(0, 3)
            };
            self.schedule(t, Action::CloseHazard(hk));
        }
    }

    pub(crate) fn close_hazard(&mut self, hk: Key) {
        let Some(h) = self.hazards.remove(hk) else {
            return;
        };
        let (reason, outcome, why) = if h.no_hazard {
            (
                "No hazard found: condensation advice given and a hygrometer supplied",
                "advice_given",
                "No hazard found; advice given on heating and ventilation",
            )
        } else if h.no_access {
            (
                "Works could not be completed: no access after repeated attempts; resident asked to contact us",
                "no_access",
                "Closed after repeated no access",
            )
        } else if h.htype == HazardType::DampAndMould {
            (
                "Safety and preventative works completed; follow-up check found no mould regrowth",
                "resolved",
                "Hazard case closed: works completed",
            )
        } else {
            (
                "Made safe and repaired",
                "resolved",
                "Made safe and repaired",
            )
        };
        let who = self.staff_actor(Pool::Repairs);
        self.emit(
            ids::hazard(h.num),
            who.clone(),
            EventData::HazardClosed(HazardClosed {
                reason: reason.to_string(),
            }),
        );
        if self.reports.remove(h.report).is_some() {
            self.emit(
                ids::report(h.report_num),
                who,
                EventData::ReportClosed(ReportClosed {
                    outcome: code(outcome),
                    reason: why.to_string(),
                }),
            );
        }
    }

    pub(crate) fn decide_recommendation(
        &mut self,
        rec: u32,
        home: u32,
        block: u32,
        job: u16,
        act: bool,
    ) {
        let who = self.staff_actor(Pool::Surveyor);
        if !act {
            let reason = if block != 0 {
                let y = self.clock.date(self.today).year() + 2;
                format!(
                    "Deferred to the {y}/{:02} planned programme: no budget this year",
                    (y + 1) % 100
                )
            } else {
                "Not needed now: the safety work has removed the mould; to be reviewed at the next visit".to_string()
            };
            self.emit(
                ids::recommendation(rec),
                who,
                EventData::RecommendationDecided(RecommendationDecided {
                    decision: RecommendationDecision::Decline,
                    works_order: None,
                    reason,
                }),
            );
            return;
        }
        let tenancy = self.world.homes[home as usize]
            .household
            .as_ref()
            .map(|h| h.tenancy)
            .unwrap_or(0);
        let target = self.today + 84;
        let mut spec = WoSpec::new(
            home,
            tenancy,
            Parent::None,
            JobRef::Raised(job),
            WorkPurpose::Preventative,
            Prio::Planned,
            target,
        );
        spec.fulfils = vec![ids::recommendation(rec)];
        if block != 0 {
            let b = &self.world.blocks[block as usize - 1];
            spec.component = match job {
                cat::ROOF_RENEWAL => b.roof,
                cat::STACK_RENEWAL => b.stacks,
                cat::FIRE_DOORS if b.fire != 0 => b.fire,
                _ => b.communal,
            };
        }
        let (wk, wnum) = self.raise_wo(spec);
        self.emit(
            ids::recommendation(rec),
            who,
            EventData::RecommendationDecided(RecommendationDecided {
                decision: RecommendationDecision::Act,
                works_order: Some(ids::wo(wnum)),
                reason: "Agreed and ordered".to_string(),
            }),
        );
        self.schedule_booking(wk, Prio::Planned);
    }

    /// Stock-condition surveys: each block about every five years.
    pub(crate) fn daily_surveys(&mut self) {
        let blocks = self.world.blocks.len();
        if blocks == 0 {
            return;
        }
        let n = self.rng.poisson(blocks as f64 / (5.0 * 365.25));
        for _ in 0..n {
            let block = self.rng.below(blocks as u64) as u32 + 1;
            let b = self.world.blocks[block as usize - 1].clone();
            let d = self.clock.next_working(self.today);
            if d != self.today {
                continue;
            }
            let who = self.staff_actor(Pool::Surveyor);
            let external = self.rng.chance(0.5);
            let surveyor = if external {
                super::names::person_name(&mut self.rng)
            } else {
                who.name.clone().unwrap_or_default()
            };
            let age = i32::from(self.clock.date(self.today).year()) - i32::from(b.built);
            let mut options: Vec<(u16, &str, u32, u32)> = vec![(
                cat::COMMUNAL_DECORATION,
                "Redecorate the communal stairwells and landings",
                365,
                1095,
            )];
            if age > 25 || self.rng.chance(0.2) {
                options.push((
                    cat::ROOF_RENEWAL,
                    "Roof covering at the end of its life: renew within three years",
                    365,
                    1095,
                ));
            }
            if b.storeys >= 4 {
                options.push((
                    cat::FIRE_DOORS,
                    "Communal fire doors do not self-close: renew to FD30S",
                    90,
                    180,
                ));
            }
            if self.rng.chance(0.15) {
                options.push((cat::STACK_RENEWAL, "Cast-iron soil stack cracked at a branch joint: risk of failure; renew urgently", 28, 42));
            }
            let pdf = self.add_document(
                "application/pdf",
                "Stock condition survey report",
                "pdf",
                vec![ids::block(block)],
                who.clone(),
            );
            let mut recommendations = Vec::new();
            let mut decisions = Vec::new();
            for (job, text, lo, hi) in options {
                if !self.rng.chance(0.7) {
                    continue;
                }
                self.n.recommendation += 1;
                let rec = self.n.recommendation;
                let due = self.today + self.rng.range_u32(lo, hi);
                recommendations.push(Recommendation {
                    id: ids::recommendation(rec),
                    text: text.to_string(),
                    due: Some(self.clock.day_time(due)),
                });
                decisions.push((rec, job, lo));
            }
            self.n.survey += 1;
            let svy = self.n.survey;
            self.emit(
                ids::survey(svy),
                who,
                EventData::SurveyRecorded(SurveyRecorded {
                    property: None,
                    block: Some(ids::block(block)),
                    hazard: None,
                    kind: SurveyKind::StockCondition,
                    surveyor,
                    organisation: external.then(|| "Calder Surveying LLP".to_string()),
                    on: self.clock.day_time(self.today),
                    findings: format!("Stock condition survey of {}: elements inspected from ground level and the roof", b.name),
                    readings: Vec::new(),
                    recommendations,
                    documents: pdf.into_iter().collect(),
                }),
            );
            for (rec, job, lo) in decisions {
                let r = self.rng.unit();
                let (act, days) = if r < 0.5 {
                    // Urgent ones are acted on — eventually, and often late.
                    (
                        true,
                        if lo <= 42 {
                            self.rng.range_u32(20, 240)
                        } else {
                            self.rng.range_u32(20, 150)
                        },
                    )
                } else if r < 0.7 {
                    (false, self.rng.range_u32(30, 90))
                } else {
                    continue;
                };
                let t = self.office_after(days, days);
                self.schedule(
                    t,
                    Action::DecideRecommendation {
                        rec,
                        home: b.first_home,
                        block,
                        job,
                        act,
                    },
                );
            }
        }
    }
}
