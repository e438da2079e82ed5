//! Repairs: reports on every channel, acknowledgement, triage under an emergency (24 hours) /
//! urgent (5 working days) / routine (28 days) policy, works orders to contractors, appointments
//! that are booked, rearranged (the resident not always told), cancelled, missed, met with no
//! access or left unfinished — usually with a follow-on order, sometimes not — and completion
//! with scope, outcome, operative and photo evidence, then confirmation, post-inspection or a
//! dispute. Faults in shared parts of a block bring reports from several flats.

use crate::codes::{Channel, Duration, DurationUnit, Party, Pence};
use crate::complaints::{ComplaintChoice, ReportDissatisfaction};
use crate::contacts::{ContactLogged, ContactParty, Direction};
use crate::contractors::{QuoteLine, QuoteReceived};
use crate::documents::{DocumentAdded, id_for_sha256};
use crate::estate::{ComponentKind, PropertyType};
use crate::events::{EntryVoided, EventData};
use crate::hazards::HazardType;
use crate::history::{Draft, RecordId};
use crate::repairs::{
    AppointmentBooked, AppointmentCancelled, AppointmentOutcome, AppointmentRearranged,
    CompletionOutcome, ReportAcknowledged, ReportClosed, ReportReceived, ReportTriaged, Reporter,
    ReporterKind, ResidentTold, Task, VisitOutcome, WorkPurpose, WorksOrderAssigned,
    WorksOrderCancelled, WorksOrderCompleted, WorksOrderConfirmed, WorksOrderDisputed,
    WorksOrderPostInspected, WorksOrderRaised,
};

use super::catalogue::{self as cat, JOBS, JobRef, Unfinished, Where};
use super::clock::{Day, HOUR, MINUTE, instant};
use super::complaints::Cause;
use super::estate::Pool;
use super::{Action, Key, Rec, Sim, code, ids, rates};

/// Why a report came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Resident,
    /// Another flat served by the same shared part reports the same fault.
    Cluster {
        component: u32,
        job: u16,
    },
    /// The problem came back.
    Recurrence {
        job: u16,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prio {
    Emergency,
    Urgent,
    Routine,
    Planned,
}

impl Prio {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Prio::Emergency => "emergency",
            Prio::Urgent => "urgent",
            Prio::Routine => "routine",
            Prio::Planned => "planned",
        }
    }
}

/// What a works order reports back to when it is finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Parent {
    None,
    Report(Key),
    Hazard(Key),
}

/// How a report ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Closing {
    Resolved,
    NoAccess,
    Referred,
    Withdrawn,
}

/// How a works order ended, for its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Finish {
    Done,
    Cancelled(Closing),
    /// Left open with nothing following: the record shows an unfinished job forever.
    Abandoned,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Report {
    pub(crate) num: u32,
    pub(crate) home: u32,
    pub(crate) tenancy: u32,
    pub(crate) job: u16,
    /// 0: not damp; otherwise 1 + index into [`cat::DAMP_SAID`].
    pub(crate) damp: u8,
    pub(crate) prio: Prio,
    pub(crate) channel: Channel,
    pub(crate) received: i64,
    pub(crate) component: u32,
    pub(crate) open: u8,
    pub(crate) abandoned: bool,
    pub(crate) closing: Closing,
    pub(crate) origin: Origin,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct WorksOrder {
    pub(crate) num: u32,
    pub(crate) home: u32,
    pub(crate) tenancy: u32,
    pub(crate) parent: Parent,
    pub(crate) job: JobRef,
    pub(crate) purpose: WorkPurpose,
    pub(crate) prio: Prio,
    pub(crate) contractor: u16,
    pub(crate) op: u32,
    pub(crate) target: Day,
    pub(crate) report: u32,
    pub(crate) hazard: u32,
    pub(crate) follow_on: bool,
    pub(crate) needs_quote: bool,
    pub(crate) assigned: bool,
    pub(crate) quoted: bool,
    pub(crate) appt: u32,
    pub(crate) appt_day: Day,
    pub(crate) slot: u8,
    pub(crate) visit_t: i64,
    pub(crate) decided: Party,
    pub(crate) booked_event: u64,
    pub(crate) told: bool,
    pub(crate) mistyped: bool,
    /// The date typed by mistake, until corrected.
    pub(crate) wrong_day: Day,
    pub(crate) visits: u8,
    pub(crate) no_access: u8,
}

/// What follows a completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum After {
    Confirm,
    PostInspect(JobRef),
    Dispute(JobRef),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ContactKind {
    Chase,
    NobodyCame,
    Rebook,
    NoAccessLetter,
    HazardFindings,
    HazardNoAccess,
    ComplaintUpdate,
}

/// What to raise.
#[derive(Debug, Clone)]
pub(crate) struct WoSpec {
    pub(crate) home: u32,
    pub(crate) tenancy: u32,
    pub(crate) parent: Parent,
    pub(crate) job: JobRef,
    pub(crate) purpose: WorkPurpose,
    pub(crate) prio: Prio,
    pub(crate) target: Day,
    /// For emergencies: the 24-hour target instant.
    pub(crate) target_t: Option<i64>,
    pub(crate) report: u32,
    pub(crate) hazard: u32,
    pub(crate) component: u32,
    pub(crate) follow_on_of: u32,
    pub(crate) fulfils: Vec<RecordId>,
    pub(crate) prefix: Option<&'static str>,
    pub(crate) needs_quote: bool,
}

impl WoSpec {
    pub(crate) fn new(
        home: u32,
        tenancy: u32,
        parent: Parent,
        job: JobRef,
        purpose: WorkPurpose,
        prio: Prio,
        target: Day,
    ) -> Self {
        WoSpec {
            home,
            tenancy,
            parent,
            job,
            purpose,
            prio,
            target,
            target_t: None,
            report: 0,
            hazard: 0,
            component: 0,
            follow_on_of: 0,
            fulfils: Vec::new(),
            prefix: None,
            needs_quote: false,
        }
    }
}

/// Weighted lists of reportable jobs.
#[derive(Debug, Clone)]
pub(crate) struct Tables {
    any: (Vec<u16>, Vec<u32>),
    house: (Vec<u16>, Vec<u32>),
    shared: (Vec<u16>, Vec<u32>),
}

impl Tables {
    pub(crate) fn new() -> Tables {
        let list = |f: &dyn Fn(Where) -> bool| {
            let mut idx = Vec::new();
            let mut w = Vec::new();
            for (i, j) in JOBS.iter().enumerate() {
                if f(j.place) {
                    idx.push(i as u16);
                    w.push(u32::from(j.weight));
                }
            }
            (idx, w)
        };
        Tables {
            any: list(&|p| p == Where::Any),
            house: list(&|p| p == Where::Any || p == Where::House),
            shared: list(&|p| matches!(p, Where::Shared(_))),
        }
    }
}

/// Reports by month (January first); they average 1.
const MONTH_FACTOR: [f64; 12] = [
    1.15, 1.1, 1.0, 0.95, 0.9, 0.9, 0.9, 0.9, 0.95, 1.05, 1.1, 1.1,
];
/// Damp and mould reports by month; they average 1.
const DAMP_MONTH: [f64; 12] = [1.8, 1.7, 1.3, 0.8, 0.5, 0.35, 0.3, 0.35, 0.6, 1.1, 1.5, 1.7];
/// Reports by weekday (Monday first), before normalising to a week.
const WEEKDAY_FACTOR: [f64; 7] = [1.3, 1.15, 1.1, 1.05, 1.0, 0.45, 0.35];

const SLOTS: [&str; 5] = ["am", "pm", "all_day", "09:30-14:30", "emergency"];

const HIDDEN_NEEDS: &[&str] = &[
    " I'm pregnant and worried about the baby.",
    " I use a wheelchair and cannot get to the door quickly.",
    " My son has asthma and it is getting worse.",
    " I have just come out of hospital and can't manage.",
];

impl<F: FnMut(Draft)> Sim<F> {
    /// An instant a random number of minutes after now.
    fn soon(&mut self, lo_min: i64, hi_min: i64) -> i64 {
        self.now + self.rng.range(lo_min, hi_min) * MINUTE
    }

    /// An office-hours time `lo..=hi` days from today, never before now.
    pub(crate) fn office_after(&mut self, lo: u32, hi: u32) -> i64 {
        let d = self.today + self.rng.range_u32(lo, hi);
        let t = self.office_time(d);
        if t > self.now {
            t
        } else {
            let later = self.soon(10, 120);
            self.clock.office(later)
        }
    }

    pub(crate) fn daily_reports(&mut self) {
        let date = self.clock.date(self.today);
        let month = (date.month() - 1) as usize;
        let wd = if self.clock.working(self.today) {
            self.clock.weekday(self.today) as usize
        } else {
            6
        };
        let week: f64 = WEEKDAY_FACTOR.iter().sum();
        let lambda = f64::from(self.homes_n) * rates::REPORTS_PER_HOME_YEAR / 365.25
            * MONTH_FACTOR[month]
            * WEEKDAY_FACTOR[wd]
            * 7.0
            / week;
        let n = self.rng.poisson(lambda);
        let working = self.clock.working(self.today);
        for _ in 0..n {
            let home = self.world.pick_home(&mut self.rng);
            let r = self.rng.unit();
            let (a, b) = if working {
                if r < 0.82 {
                    (8.0, 18.0)
                } else if r < 0.96 {
                    (18.0, 23.0)
                } else {
                    (0.5, 7.5)
                }
            } else if r < 0.65 {
                (9.0, 18.0)
            } else if r < 0.93 {
                (18.0, 23.0)
            } else {
                (0.5, 8.0)
            };
            let t = self.time_on(self.today, a, b);
            self.schedule(
                t,
                Action::NewReport {
                    home,
                    origin: Origin::Resident,
                },
            );
        }
    }

    fn pick_job(&mut self, home: u32) -> u16 {
        let kind = self.world.homes[home as usize].kind;
        let table = if kind == PropertyType::Flat {
            if self.rng.chance(0.14) {
                // A shared part: only those the flat actually has.
                for _ in 0..4 {
                    let i = self.rng.weighted(&self.tables.shared.1);
                    let j = self.tables.shared.0[i];
                    if let Where::Shared(k) = JOBS[j as usize].place
                        && self.component_of(home, k) != 0
                    {
                        return j;
                    }
                }
            }
            &self.tables.any
        } else {
            &self.tables.house
        };
        let i = self.rng.weighted(&table.1);
        table.0[i]
    }

    pub(crate) fn new_report(&mut self, home: u32, origin: Origin) {
        let (tenancy, lead, joint, vulnerable, any_vulns) =
            match self.world.homes[home as usize].household.as_ref() {
                Some(h) => (
                    h.tenancy,
                    h.lead,
                    h.joint,
                    h.vulnerable(),
                    !h.vulns.is_empty(),
                ),
                None => return,
            };
        let month = (self.clock.date(self.today).month() - 1) as usize;
        let (job, damp) = match origin {
            Origin::Cluster { job, .. } | Origin::Recurrence { job } => (job, 0u8),
            Origin::Resident => {
                let risk = self.world.homes[home as usize].damp;
                let p =
                    (rates::DAMP_SHARE * DAMP_MONTH[month] / MONTH_FACTOR[month] * risk).min(0.4);
                if self.rng.chance(p) {
                    (0, 1 + self.rng.below(cat::DAMP_SAID.len() as u64) as u8)
                } else {
                    (self.pick_job(home), 0)
                }
            }
        };
        let j = &JOBS[job as usize];
        let component = match (origin, j.place) {
            (_, _) if damp != 0 => 0,
            (Origin::Cluster { component, .. }, _) => component,
            (_, Where::Shared(k)) => self.component_of(home, k),
            _ => 0,
        };
        let channel = [
            Channel::Phone,
            Channel::Web,
            Channel::Portal,
            Channel::Email,
            Channel::App,
            Channel::InPerson,
            Channel::Letter,
            Channel::ThirdParty,
            Channel::Internal,
        ][self.rng.weighted(&[52, 10, 8, 10, 6, 2, 1, 3, 5])];
        let person = if joint != 0 && self.rng.chance(0.25) {
            joint
        } else {
            lead
        };
        let (reporter, actor) = match channel {
            Channel::ThirdParty => {
                let (kind, name) = if self.rng.chance(0.6) {
                    (
                        ReporterKind::HealthProfessional,
                        "Health visitor, community NHS trust",
                    )
                } else {
                    (ReporterKind::Neighbour, "Neighbour")
                };
                (
                    Reporter {
                        kind,
                        person: None,
                        representative: None,
                        name: Some(name.to_string()),
                    },
                    self.staff_actor(Pool::Call),
                )
            }
            Channel::Internal => {
                let who = self.staff_actor(Pool::Housing);
                (
                    Reporter {
                        kind: ReporterKind::Staff,
                        person: None,
                        representative: None,
                        name: who.name.clone(),
                    },
                    who,
                )
            }
            Channel::Web | Channel::Portal | Channel::App => (
                Reporter {
                    kind: ReporterKind::Resident,
                    person: Some(ids::person(person)),
                    representative: None,
                    name: None,
                },
                resident(person),
            ),
            _ => (
                Reporter {
                    kind: ReporterKind::Resident,
                    person: Some(ids::person(person)),
                    representative: None,
                    name: None,
                },
                self.staff_actor(Pool::Call),
            ),
        };
        let mut photos = Vec::new();
        if matches!(
            channel,
            Channel::Web | Channel::Portal | Channel::App | Channel::Email
        ) && self.rng.chance(0.35)
            && let Some(doc) = self.add_document(
                "image/jpeg",
                "Photo sent by the resident",
                "jpg",
                Vec::new(),
                resident(person),
            )
        {
            photos.push(doc);
        }
        let (said, room, element) = if damp != 0 {
            let (s, r, e) = cat::DAMP_SAID[damp as usize - 1];
            (s, Some(r), e)
        } else {
            (j.said, j.room, j.element)
        };
        let mut description = match origin {
            Origin::Recurrence { .. } => format!("Reported before and it has come back: {said}"),
            _ => said.to_string(),
        };
        if !any_vulns && self.rng.chance(0.008) {
            let need = *self.rng.pick(HIDDEN_NEEDS);
            description.push_str(need);
        }
        self.n.report += 1;
        let num = self.n.report;
        let data = EventData::ReportReceived(ReportReceived {
            property: ids::property(home + 1),
            component: (component != 0).then(|| ids::component(component)),
            channel,
            reporter,
            description,
            room: room.map(code),
            element: Some(code(element)),
            photos,
        });
        self.emit(ids::report(num), actor.clone(), data);

        let prio = self.priority(job, damp, vulnerable, month);
        let key = self.reports.insert(Report {
            num,
            home,
            tenancy,
            job,
            damp,
            prio,
            channel,
            received: self.now,
            component,
            open: 0,
            abandoned: false,
            closing: Closing::Resolved,
            origin,
        });
        match channel {
            Channel::Phone | Channel::InPerson => {
                self.emit(
                    ids::report(num),
                    actor,
                    EventData::ReportAcknowledged(ReportAcknowledged {
                        channel,
                        notes: Some("Reference given to the resident during the call".to_string()),
                    }),
                );
            }
            Channel::Web | Channel::Portal | Channel::App => {
                let portal = self.world.staff.portal.clone();
                self.emit(
                    ids::report(num),
                    portal,
                    EventData::ReportAcknowledged(ReportAcknowledged {
                        channel: Channel::Email,
                        notes: Some(
                            "Automatic acknowledgement with the reference number".to_string(),
                        ),
                    }),
                );
            }
            // A few are never acknowledged: "not acknowledged" (Clarion).
            Channel::Email | Channel::Letter | Channel::ThirdParty if self.rng.chance(0.97) => {
                let t = self.office_after(0, 2);
                self.schedule(t, Action::AckReport(key));
            }
            _ => {}
        }
        let t = if prio == Prio::Emergency {
            self.soon(2, 20)
        } else {
            let o = self.clock.office(self.now);
            o + self.rng.range(5, 180) * MINUTE
        };
        self.schedule(t, Action::Triage(key));

        // A fault in a shared part: other flats it serves report it too.
        if origin == Origin::Resident && component != 0 && self.rng.chance(0.35) {
            let (first, count, stride) = self.served_by(component);
            for _ in 0..self.rng.range(1, 3) {
                let other = first + stride * self.rng.below(u64::from(count)) as u32;
                if other != home {
                    let t = self.now + self.rng.range(20 * MINUTE, 30 * HOUR);
                    self.schedule(
                        t,
                        Action::NewReport {
                            home: other,
                            origin: Origin::Cluster { component, job },
                        },
                    );
                }
            }
        }
    }

    fn priority(&mut self, job: u16, damp: u8, vulnerable: bool, month: usize) -> Prio {
        const P: [Prio; 3] = [Prio::Emergency, Prio::Urgent, Prio::Routine];
        if damp != 0 {
            let w = if self.today >= self.awaab {
                [if vulnerable { 15 } else { 5 }, 85, 10]
            } else {
                [1, 35, 64]
            };
            return P[self.rng.weighted(&w)];
        }
        let j = &JOBS[job as usize];
        let mut p = P[self.rng.weighted(&j.prio.map(u32::from))];
        let winter = matches!(month, 0 | 1 | 2 | 10 | 11);
        if j.category == "heating" && p == Prio::Urgent && winter && self.rng.chance(0.4) {
            p = Prio::Emergency;
        }
        if p == Prio::Routine && vulnerable && self.rng.chance(0.15) {
            p = Prio::Urgent;
        }
        p
    }

    pub(crate) fn ack_report(&mut self, k: Key) {
        let Some(r) = self.reports.get(k) else { return };
        let who = self.staff_actor(Pool::Call);
        self.emit(
            ids::report(r.num),
            who,
            EventData::ReportAcknowledged(ReportAcknowledged {
                channel: if r.channel == Channel::Letter {
                    Channel::Letter
                } else {
                    Channel::Email
                },
                notes: Some(
                    "Acknowledged with the reference number and what happens next".to_string(),
                ),
            }),
        );
    }

    /// The policy's target for a report received at `received`.
    pub(crate) fn target(&self, prio: Prio, received: i64) -> (Day, Option<i64>) {
        let d = self.clock.day_of(received);
        match prio {
            Prio::Emergency => {
                let t = received + 24 * HOUR;
                (self.clock.day_of(t), Some(t))
            }
            Prio::Urgent => (self.clock.add_working(d, 5), None),
            Prio::Routine => (d + 28, None),
            Prio::Planned => (d + 84, None),
        }
    }

    pub(crate) fn triage(&mut self, k: Key) {
        let Some(r) = self.reports.get(k) else { return };
        let j = &JOBS[r.job as usize];
        let (target_day, target_t) = self.target(r.prio, r.received);
        let (category, hazard) = if r.damp != 0 {
            ("damp_mould", Some(HazardType::DampAndMould))
        } else {
            (j.category, j.hazard.filter(|_| r.prio != Prio::Routine))
        };
        let vulns = self.world.homes[r.home as usize]
            .household
            .as_ref()
            .filter(|h| h.tenancy == r.tenancy)
            .map(|h| h.vulnerable())
            .unwrap_or(false);
        let notes = if vulns && self.rng.chance(0.7) {
            Some("Vulnerable household on record: considered in setting the priority".to_string())
        } else {
            None
        };
        let who = self.staff_actor(Pool::Repairs);
        self.emit(
            ids::report(r.num),
            who.clone(),
            EventData::ReportTriaged(ReportTriaged {
                priority: code(r.prio.code()),
                category: Some(code(category)),
                hazard_suspected: hazard,
                target: Some(match target_t {
                    Some(t) => instant(t),
                    None => self.clock.day_time(target_day),
                }),
                notes,
            }),
        );
        if r.damp != 0 {
            self.open_damp_hazard(k);
            return;
        }
        if let Origin::Cluster { component, .. } = r.origin {
            let c = self.world.components[component as usize - 1];
            if c.last_wo != 0 && c.last_wo_day + 3 >= self.today && self.rng.chance(0.8) {
                let kind = match c.kind {
                    ComponentKind::Roof => "roof",
                    ComponentKind::SoilStack => "soil stack",
                    ComponentKind::Drains => "drains",
                    ComponentKind::Lift => "lift",
                    _ => "communal area",
                };
                self.emit(
                    ids::report(r.num),
                    who,
                    EventData::ReportClosed(ReportClosed {
                        outcome: code("duplicate"),
                        reason: format!(
                            "Same fault in the block's {kind}: already ordered on {}",
                            ids::wo(c.last_wo)
                        ),
                    }),
                );
                self.reports.remove(k);
                return;
            }
        }
        if r.prio != Prio::Emergency && self.rng.chance(0.04) {
            let (outcome, reason) = [
                (
                    "advice_given",
                    "Advice given on the phone: resident reset the trip switch and it is working again",
                ),
                (
                    "resident_responsibility",
                    "Resident's responsibility under the tenancy agreement; explained to the resident",
                ),
                (
                    "withdrawn",
                    "Resident called back: the problem has sorted itself out",
                ),
            ][self.rng.weighted(&[40, 35, 25])];
            self.emit(
                ids::report(r.num),
                who,
                EventData::ReportClosed(ReportClosed {
                    outcome: code(outcome),
                    reason: reason.to_string(),
                }),
            );
            self.reports.remove(k);
            return;
        }
        let hazard_case = if self.today >= self.awaab { 0.35 } else { 0.05 };
        if r.prio == Prio::Emergency && j.hazard.is_some() && self.rng.chance(hazard_case) {
            self.open_emergency_hazard(k);
            return;
        }
        let mut spec = WoSpec::new(
            r.home,
            r.tenancy,
            Parent::Report(k),
            JobRef::Reported(r.job),
            WorkPurpose::Repair,
            r.prio,
            target_day,
        );
        spec.target_t = target_t;
        spec.report = r.num;
        spec.component = r.component;
        let (wk, _) = self.raise_wo(spec);
        self.schedule_booking(wk, r.prio);
    }

    /// Raises a works order (emitting `works_order.raised`) and tells its parent.
    pub(crate) fn raise_wo(&mut self, spec: WoSpec) -> (Key, u32) {
        let j = spec.job.get();
        let contractor = self.world.contractor_for(&mut self.rng, j.trade, spec.home);
        let op = self.world.operative_for(&mut self.rng, contractor, j.trade);
        self.n.wo += 1;
        let num = self.n.wo;
        let description = match (spec.prefix, spec.follow_on_of) {
            (Some(p), _) => format!("{p}{}", j.task),
            (None, 0) => j.task.to_string(),
            (None, f) => format!("Follow-on to {}: {}", ids::wo(f), j.task),
        };
        let duration = if j.hours >= 8 {
            Duration {
                amount: u32::from(j.hours / 8),
                unit: DurationUnit::Days,
            }
        } else {
            Duration {
                amount: u32::from(j.hours),
                unit: DurationUnit::Hours,
            }
        };
        let data = EventData::WorksOrderRaised(WorksOrderRaised {
            property: ids::property(spec.home + 1),
            report: (spec.report != 0).then(|| ids::report(spec.report)),
            component: (spec.component != 0).then(|| ids::component(spec.component)),
            hazard: (spec.hazard != 0).then(|| ids::hazard(spec.hazard)),
            purpose: spec.purpose,
            task: Task {
                code: Some(j.sor.to_string()),
                description,
            },
            trade: Some(code(cat::TRADES[j.trade as usize])),
            contractor: Some(ids::contractor(u32::from(contractor) + 1)),
            estimated_duration: Some(duration),
            priority: Some(code(spec.prio.code())),
            target: Some(match spec.target_t {
                Some(t) => instant(t),
                None => self.clock.day_time(spec.target),
            }),
            follow_on_of: (spec.follow_on_of != 0).then(|| ids::wo(spec.follow_on_of)),
            fulfils: spec.fulfils,
        });
        let who = self.staff_actor(Pool::Repairs);
        self.emit(ids::wo(num), who, data);
        if spec.component != 0 {
            let c = &mut self.world.components[spec.component as usize - 1];
            c.last_wo = num;
            c.last_wo_day = self.today;
        }
        match spec.parent {
            Parent::Report(rk) => {
                if let Some(mut r) = self.reports.get(rk) {
                    r.open += 1;
                    self.reports.set(rk, r);
                }
            }
            Parent::Hazard(hk) => {
                if let Some(mut h) = self.hazards.get(hk) {
                    h.open += 1;
                    self.hazards.set(hk, h);
                }
            }
            Parent::None => {}
        }
        let key = self.wos.insert(WorksOrder {
            num,
            home: spec.home,
            tenancy: spec.tenancy,
            parent: spec.parent,
            job: spec.job,
            purpose: spec.purpose,
            prio: spec.prio,
            contractor,
            op,
            target: spec.target,
            report: spec.report,
            hazard: spec.hazard,
            follow_on: spec.follow_on_of != 0,
            needs_quote: spec.needs_quote
                || (j.hours >= 16 && !self.world.contractors[contractor as usize].in_house),
            assigned: false,
            quoted: false,
            appt: 0,
            appt_day: 0,
            slot: 0,
            visit_t: 0,
            decided: Party::Landlord,
            booked_event: 0,
            told: true,
            mistyped: false,
            wrong_day: 0,
            visits: 0,
            no_access: 0,
        });
        (key, num)
    }

    pub(crate) fn schedule_booking(&mut self, k: Key, prio: Prio) {
        let t = if prio == Prio::Emergency {
            self.soon(2, 15)
        } else if self.rng.chance(0.55) {
            self.soon(1, 10)
        } else {
            let later = self.now + self.rng.range(HOUR, 48 * HOUR);
            self.clock.office(later)
        };
        self.schedule(t, Action::Book(k));
    }

    /// A working day to visit, on time with probability `on_time`, else after the target.
    fn appointment_day(&mut self, target: Day, on_time: f64) -> Day {
        let earliest = self.today + 1;
        if target <= earliest || !self.rng.chance(on_time) {
            let from = (target + 1).max(earliest);
            self.clock.next_working(from + self.rng.range_u32(0, 15))
        } else {
            self.clock
                .next_working(self.rng.range_u32(earliest, target))
        }
    }

    fn slot_and_time(&mut self, day: Day, hours: u16) -> (u8, i64) {
        let slot = if hours >= 4 && self.rng.chance(0.7) {
            2
        } else {
            [0u8, 1, 2, 3][self.rng.weighted(&[40, 30, 15, 15])]
        };
        let (a, b) = match slot {
            0 => (8.0, 11.75),
            1 => (12.0, 16.75),
            2 => (8.0, 15.0),
            _ => (9.5, 14.0),
        };
        (slot, self.time_on(day, a, b))
    }

    pub(crate) fn book(&mut self, k: Key) {
        let Some(mut w) = self.wos.get(k) else { return };
        let j = w.job.get();
        if !w.assigned {
            let who = if self.world.contractors[w.contractor as usize].in_house {
                self.staff_actor(Pool::Repairs)
            } else {
                self.contractor_actor(w.contractor)
            };
            self.emit(
                ids::wo(w.num),
                who,
                EventData::WorksOrderAssigned(WorksOrderAssigned {
                    contractor: ids::contractor(u32::from(w.contractor) + 1),
                    operative: Some(ids::operative(w.op)),
                }),
            );
            w.assigned = true;
        }
        if w.needs_quote && !w.quoted {
            let mut lines = vec![QuoteLine {
                description: j.task.to_string(),
                amount: Pence(i64::from(j.cost) * self.rng.range(90, 130)),
            }];
            if matches!(j.trade, cat::ROOFING | cat::BRICKWORK) || w.follow_on {
                lines.push(QuoteLine {
                    description: "Scaffold: erect, hire for up to four weeks, dismantle"
                        .to_string(),
                    amount: Pence(self.rng.range(65_000, 140_000)),
                });
            }
            self.n.quote += 1;
            let q = self.n.quote;
            let prefix = self.world.contractors[w.contractor as usize].prefix;
            let data = EventData::QuoteReceived(QuoteReceived {
                works_order: ids::wo(w.num),
                contractor: ids::contractor(u32::from(w.contractor) + 1),
                lines,
                reference: Some(format!("{prefix}-Q{q:05}")),
            });
            let who = self.contractor_actor(w.contractor);
            self.emit(ids::quote(q), who, data);
            w.quoted = true;
        }
        let household = self.world.homes[w.home as usize]
            .household
            .as_ref()
            .map(|h| h.tenancy);
        let occupied = household.is_some();
        let (day, slot, visit_t, decided, told) = if w.prio == Prio::Emergency {
            let t = if self.rng.chance(0.94) {
                self.now + self.rng.range(30 * MINUTE, 5 * HOUR)
            } else {
                self.now + self.rng.range(25 * HOUR, 40 * HOUR)
            };
            (self.clock.day_of(t), 4u8, t, Party::Landlord, true)
        } else {
            let on_time = match w.prio {
                Prio::Urgent => 0.88,
                Prio::Routine => 0.87,
                _ => 0.8,
            };
            let day = self.appointment_day(w.target, on_time);
            let (slot, t) = self.slot_and_time(day, j.hours);
            let decided = [Party::Resident, Party::Landlord, Party::Contractor]
                [self.rng.weighted(&[55, 30, 15])];
            (day, slot, t, decided, !occupied || self.rng.chance(0.97))
        };
        let how = if self.rng.chance(0.6) {
            Channel::Phone
        } else {
            Channel::Sms
        };
        let resident_told = ResidentTold {
            told,
            how: told.then_some(how),
            when: told.then(|| instant(self.now)),
        };
        let mistype = w.prio != Prio::Emergency
            && visit_t - self.now > 4 * HOUR
            && self.rng.chance(rates::MISTYPED_BOOKING);
        let shown = if mistype {
            day + self.rng.range_u32(28, 31)
        } else {
            day
        };
        self.n.appointment += 1;
        let appt = self.n.appointment;
        let who = if decided == Party::Contractor {
            self.contractor_actor(w.contractor)
        } else {
            self.staff_actor(Pool::Repairs)
        };
        let ev = self.emit(
            ids::appointment(appt),
            who,
            EventData::AppointmentBooked(AppointmentBooked {
                works_order: ids::wo(w.num),
                date: self.clock.day_time(shown),
                slot: Some(SLOTS[slot as usize].to_string()),
                decided_by: decided,
                resident_told: Some(resident_told),
            }),
        );
        w.appt = appt;
        w.appt_day = day;
        w.slot = slot;
        w.visit_t = visit_t;
        w.decided = decided;
        w.booked_event = ev;
        w.told = told;
        w.mistyped = mistype;
        w.wrong_day = shown;
        self.wos.set(k, w);

        let window = visit_t - self.now;
        if mistype {
            // Noticed when the confirmation goes out, in office hours before the visit.
            let t = self.now
                + self
                    .rng
                    .range(10 * MINUTE, (window - 2 * HOUR).min(48 * HOUR));
            let t = self.clock.office(t).min(visit_t - HOUR);
            self.schedule(t, Action::CorrectBooking(k));
            self.schedule(visit_t, Action::Visit(k));
        } else if w.prio != Prio::Emergency && window > 6 * HOUR {
            let r = self.rng.unit();
            // Changes are made in office hours, before the day.
            let between = self
                .clock
                .office(self.now + self.rng.range(HOUR, window - 2 * HOUR))
                .min(visit_t - HOUR);
            if r < rates::REARRANGED {
                self.schedule(between, Action::Rearrange(k));
            } else if r < rates::REARRANGED + rates::LANDLORD_CANCELLED {
                self.schedule(between, Action::CancelAppointment(k));
            } else {
                self.schedule(visit_t, Action::Visit(k));
            }
        } else {
            self.schedule(visit_t, Action::Visit(k));
        }
        // Residents chase when the date offered is after the target.
        if let Some(tenancy) = household
            && matches!(w.prio, Prio::Urgent | Prio::Routine)
            && day > w.target + 2
            && self.rng.chance(0.35)
        {
            let t = self.office_time(w.target + 1);
            if t > self.now && t < visit_t {
                let about = if w.report != 0 {
                    Rec::Report(w.report)
                } else {
                    Rec::WorksOrder(w.num)
                };
                self.schedule(
                    t,
                    Action::Contact {
                        home: w.home,
                        tenancy,
                        about,
                        kind: ContactKind::Chase,
                    },
                );
            }
        }
    }

    pub(crate) fn rearrange(&mut self, k: Key) {
        let Some(mut w) = self.wos.get(k) else { return };
        let by_resident = self.rng.chance(0.4);
        let (decided, why, told) = if by_resident {
            (
                Party::Resident,
                *self.rng.pick(cat::REARRANGE_RESIDENT),
                true,
            )
        } else {
            let decided = if self.rng.chance(0.5) {
                Party::Landlord
            } else {
                Party::Contractor
            };
            (
                decided,
                *self.rng.pick(cat::REARRANGE_LANDLORD),
                self.rng.chance(rates::REARRANGE_TOLD),
            )
        };
        let from = w.appt_day.max(self.today);
        let day = self.clock.next_working(from + self.rng.range_u32(1, 8));
        let (slot, visit_t) = self.slot_and_time(day, w.job.get().hours);
        let how = if by_resident || self.rng.chance(0.5) {
            Channel::Phone
        } else {
            Channel::Sms
        };
        let who = match decided {
            Party::Resident => self.staff_actor(Pool::Call),
            Party::Contractor => self.contractor_actor(w.contractor),
            _ => self.staff_actor(Pool::Repairs),
        };
        self.emit(
            ids::appointment(w.appt),
            who,
            EventData::AppointmentRearranged(AppointmentRearranged {
                date: self.clock.day_time(day),
                slot: Some(SLOTS[slot as usize].to_string()),
                decided_by: decided,
                why: why.to_string(),
                resident_told: ResidentTold {
                    told,
                    how: told.then_some(how),
                    when: told.then(|| instant(self.now)),
                },
            }),
        );
        w.appt_day = day;
        w.slot = slot;
        w.visit_t = visit_t;
        w.told = told;
        w.decided = decided;
        self.wos.set(k, w);
        let window = visit_t - self.now;
        if window > 6 * HOUR && self.rng.chance(0.04) {
            let t = self
                .clock
                .office(self.now + self.rng.range(HOUR, window - 2 * HOUR))
                .min(visit_t - HOUR);
            self.schedule(t, Action::Rearrange(k));
        } else {
            self.schedule(visit_t, Action::Visit(k));
        }
    }

    pub(crate) fn cancel_appointment(&mut self, k: Key) {
        let Some(w) = self.wos.get(k) else { return };
        let kind = self.rng.weighted(&[55, 25, 20]);
        let why = match kind {
            0 => "Operative reallocated to emergency work; to be rebooked",
            1 => "Work to be done under the planned replacement programme instead",
            _ => "Resident called to say the fault has cleared",
        };
        let told = kind == 2 || self.rng.chance(0.85);
        let who = self.staff_actor(Pool::Repairs);
        self.emit(
            ids::appointment(w.appt),
            who.clone(),
            EventData::AppointmentCancelled(AppointmentCancelled {
                decided_by: if kind == 2 {
                    Party::Resident
                } else {
                    Party::Landlord
                },
                why: why.to_string(),
                resident_told: ResidentTold {
                    told,
                    how: told.then_some(Channel::Phone),
                    when: told.then(|| instant(self.now)),
                },
            }),
        );
        match kind {
            0 => {
                let t = self.office_after(0, 2);
                self.schedule(t, Action::Book(k));
            }
            _ => {
                let year = self.clock.date(self.today).year();
                let (reason, instead, closing) = if kind == 1 {
                    (
                        "Work to be done under the planned replacement programme".to_string(),
                        format!(
                            "Included in the {}/{:02} planned programme for this street",
                            year,
                            (year + 1) % 100
                        ),
                        Closing::Referred,
                    )
                } else {
                    (
                        "Resident reports the fault has cleared".to_string(),
                        "Resident confirmed no work is needed".to_string(),
                        Closing::Withdrawn,
                    )
                };
                self.emit(
                    ids::wo(w.num),
                    who,
                    EventData::WorksOrderCancelled(WorksOrderCancelled {
                        reason,
                        replaced_by: None,
                        no_replacement_because: Some(instead),
                    }),
                );
                self.wos.remove(k);
                self.wo_finished(w.parent, Finish::Cancelled(closing));
            }
        }
    }

    /// A booking whose date was mistyped is re-stated with the right date.
    pub(crate) fn correct_booking(&mut self, k: Key) {
        let Some(mut w) = self.wos.get(k) else { return };
        if !w.mistyped {
            return;
        }
        let wrong = self.clock.date(w.wrong_day);
        let right = self.clock.date(w.appt_day);
        let who = self.staff_actor(Pool::Repairs);
        let data = EventData::AppointmentBooked(AppointmentBooked {
            works_order: ids::wo(w.num),
            date: self.clock.day_time(w.appt_day),
            slot: Some(SLOTS[w.slot as usize].to_string()),
            decided_by: w.decided,
            resident_told: Some(ResidentTold {
                told: true,
                how: Some(Channel::Sms),
                when: Some(instant(self.now)),
            }),
        });
        let reason = format!(
            "Appointment date mistyped when booking: {} entered instead of {}; the resident was sent the right date",
            wrong.strftime("%-d %B %Y"),
            right.strftime("%-d %B %Y")
        );
        self.emit_full(
            ids::appointment(w.appt),
            who,
            data,
            None,
            Some(reason),
            Some(w.booked_event),
        );
        w.mistyped = false;
        self.wos.set(k, w);
    }

    pub(crate) fn visit(&mut self, k: Key) {
        let Some(mut w) = self.wos.get(k) else { return };
        let j = w.job.get();
        let occupied = self.world.homes[w.home as usize]
            .household
            .as_ref()
            .is_some_and(|h| h.tenancy == w.tenancy);
        let p_na = if !occupied {
            0.0
        } else if !w.told {
            rates::NO_ACCESS_NOT_TOLD
        } else if w.prio == Prio::Emergency {
            0.05
        } else {
            rates::NO_ACCESS
        };
        let p_odna = if w.prio == Prio::Emergency {
            0.01
        } else {
            rates::OPERATIVE_DID_NOT_ATTEND
        };
        let p_cnc = rates::COULD_NOT_COMPLETE * if j.hours >= 4 { 1.5 } else { 0.85 };
        let r = self.rng.unit();
        let op_actor = self.operative_actor(w.op);
        let appt = ids::appointment(w.appt);
        let about = if w.report != 0 {
            Rec::Report(w.report)
        } else {
            Rec::WorksOrder(w.num)
        };
        if r < p_odna {
            let next = self.clock.next_working(self.today + 1);
            let recorded = self.time_on(next, 9.0, 11.0);
            let who = self.staff_actor(Pool::Repairs);
            self.emit_late(
                appt,
                who,
                EventData::AppointmentOutcome(AppointmentOutcome {
                    outcome: VisitOutcome::OperativeDidNotAttend,
                    reason: Some(
                        "Operative did not arrive: the job was left off the day's schedule"
                            .to_string(),
                    ),
                    operative: None,
                    notes: Some("Resident waited in; nobody called to explain".to_string()),
                }),
                recorded,
            );
            if occupied && self.rng.chance(0.6) {
                let t = self.soon(60, 240);
                self.schedule(
                    t,
                    Action::Contact {
                        home: w.home,
                        tenancy: w.tenancy,
                        about,
                        kind: ContactKind::NobodyCame,
                    },
                );
            }
            if occupied {
                self.maybe_complain(w.home, w.tenancy, about, Cause::NobodyCame, w.job, 0.05);
            }
            self.wos.set(k, w);
            self.schedule(recorded + 10 * MINUTE, Action::Book(k));
        } else if r < p_odna + p_na {
            let reason = *self.rng.pick(cat::NO_ACCESS_REASONS);
            let recorded = self.soon(0, 60);
            self.emit_late(
                appt,
                op_actor,
                EventData::AppointmentOutcome(AppointmentOutcome {
                    outcome: VisitOutcome::NoAccess,
                    reason: Some(reason.to_string()),
                    operative: Some(ids::operative(w.op)),
                    notes: None,
                }),
                recorded,
            );
            if !w.told {
                self.maybe_complain(w.home, w.tenancy, about, Cause::NotTold, w.job, 0.15);
            }
            w.no_access += 1;
            if w.no_access >= 3 || (w.no_access == 2 && self.rng.chance(0.3)) {
                self.log_contact(w.home, w.tenancy, about, ContactKind::NoAccessLetter);
                let who = self.staff_actor(Pool::Repairs);
                self.emit(
                    ids::wo(w.num),
                    who,
                    EventData::WorksOrderCancelled(WorksOrderCancelled {
                        reason: format!("No access on {} visits", w.no_access),
                        replaced_by: None,
                        no_replacement_because: Some(
                            "Letter sent asking the resident to call to rebook; closed until they do".to_string(),
                        ),
                    }),
                );
                self.wos.remove(k);
                self.wo_finished(w.parent, Finish::Cancelled(Closing::NoAccess));
            } else {
                self.wos.set(k, w);
                if self.rng.chance(0.4) {
                    let t = self.office_after(1, 1);
                    self.schedule(
                        t,
                        Action::Contact {
                            home: w.home,
                            tenancy: w.tenancy,
                            about,
                            kind: ContactKind::Rebook,
                        },
                    );
                }
                let t = self.office_after(1, 3);
                self.schedule(t, Action::Book(k));
            }
        } else if r < p_odna + p_na + p_cnc {
            let weights: Vec<u32> = cat::UNFINISHED.iter().map(|u| u.2).collect();
            let (kind, reason, _) = cat::UNFINISHED[self.rng.weighted(&weights)];
            let recorded = self.soon(0, 60);
            self.emit_late(
                appt,
                op_actor,
                EventData::AppointmentOutcome(AppointmentOutcome {
                    outcome: VisitOutcome::CouldNotComplete,
                    reason: Some(reason.to_string()),
                    operative: Some(ids::operative(w.op)),
                    notes: None,
                }),
                recorded,
            );
            w.visits += 1;
            if self.rng.chance(rates::NOT_FOLLOWED_UP) {
                // Nothing follows: the job stays open, and the record says so.
                self.wos.remove(k);
                self.wo_finished(w.parent, Finish::Abandoned);
                if occupied {
                    self.maybe_complain(
                        w.home,
                        w.tenancy,
                        about,
                        Cause::LeftUnfinished,
                        w.job,
                        0.2,
                    );
                }
                return;
            }
            let prio = if w.prio == Prio::Emergency {
                Prio::Urgent
            } else {
                w.prio
            };
            let (follow, prefix, quote) = match kind {
                Unfinished::Parts => {
                    self.wos.set(k, w);
                    let t = self.office_after(3, 12);
                    self.schedule(t, Action::Book(k));
                    return;
                }
                Unfinished::Asbestos => {
                    self.wos.set(k, w);
                    let mut spec =
                        self.follow_on_spec(&w, JobRef::Raised(cat::ASBESTOS_SAMPLE), Prio::Urgent);
                    spec.target = self.clock.add_working(self.today, 10);
                    let (fk, _) = self.raise_wo(spec);
                    self.schedule_booking(fk, Prio::Urgent);
                    let t = self.office_after(15, 30);
                    self.schedule(t, Action::Book(k));
                    return;
                }
                Unfinished::MoreTime => (w.job, Some("Second visit to finish: "), false),
                Unfinished::SecondTrade => (JobRef::Raised(cat::MAKE_GOOD), None, false),
                Unfinished::Access => (w.job, Some("Scaffold and complete: "), true),
            };
            let mut spec = self.follow_on_spec(&w, follow, prio);
            spec.prefix = prefix;
            spec.needs_quote = quote;
            spec.target = if quote {
                self.today + 28
            } else {
                self.clock.add_working(self.today, 10)
            };
            let (fk, fnum) = self.raise_wo(spec);
            self.schedule_booking(fk, prio);
            let scope = format!(
                "Part done: {}. Not finished: {reason}; follow-on {} raised",
                j.done,
                ids::wo(fnum)
            );
            self.complete_wo(&w, CompletionOutcome::PartlyResolved, scope, Some(false));
            self.wos.remove(k);
            self.wo_finished(w.parent, Finish::Done);
        } else {
            let ftf = w.visits == 0 && !w.follow_on;
            let claimed = occupied && self.rng.chance(rates::CLAIMED_NOT_DONE);
            let outcome = if claimed {
                CompletionOutcome::Resolved
            } else {
                [
                    CompletionOutcome::Resolved,
                    CompletionOutcome::PartlyResolved,
                    CompletionOutcome::NotResolved,
                ][self.rng.weighted(&[93, 5, 2])]
            };
            let recorded = self.soon(0, 30);
            self.emit_late(
                appt,
                op_actor,
                EventData::AppointmentOutcome(AppointmentOutcome {
                    outcome: VisitOutcome::Completed,
                    reason: None,
                    operative: Some(ids::operative(w.op)),
                    notes: None,
                }),
                recorded,
            );
            self.complete_wo(&w, outcome, j.done.to_string(), Some(ftf));
            self.wos.remove(k);
            if occupied {
                self.with_conduct_rng(|s| s.maybe_report_conduct(w.num, w.home, w.tenancy, w.op));
                let (lo, hi) = (self.now + 2 * HOUR, self.now + 3 * 24 * HOUR);
                let confirm_p = if w.hazard != 0 { 0.4 } else { rates::CONFIRMED };
                let inspect_p = if w.hazard != 0 || w.purpose == WorkPurpose::Safety {
                    0.3
                } else {
                    rates::POST_INSPECTED
                };
                let after = |a| Action::AfterCompletion {
                    wo: w.num,
                    home: w.home,
                    tenancy: w.tenancy,
                    op: w.op,
                    after: a,
                };
                if claimed {
                    if self.rng.chance(0.75) {
                        let t = self.office_after(2, 14);
                        self.schedule(t, after(After::Dispute(w.job)));
                    }
                } else if self.rng.chance(0.001) {
                    let t = self.office_after(2, 14);
                    self.schedule(t, after(After::Dispute(w.job)));
                } else {
                    if self.rng.chance(confirm_p) {
                        let t = self.rng.range(lo, hi);
                        self.schedule(t, after(After::Confirm));
                    }
                    if self.rng.chance(inspect_p) {
                        let t = self.office_after(5, 25);
                        self.schedule(t, after(After::PostInspect(w.job)));
                    }
                }
                let recur = match outcome {
                    CompletionOutcome::NotResolved => 0.5,
                    CompletionOutcome::PartlyResolved => 0.3,
                    CompletionOutcome::Resolved => 0.0,
                };
                if let JobRef::Reported(job) = w.job
                    && self.rng.chance(recur)
                {
                    let t = self.now + self.rng.range(7, 60) * 24 * HOUR;
                    self.schedule(
                        t,
                        Action::NewReport {
                            home: w.home,
                            origin: Origin::Recurrence { job },
                        },
                    );
                }
                if w.report != 0 && self.today > w.target + 14 {
                    self.maybe_complain(w.home, w.tenancy, about, Cause::Delay, w.job, 0.01);
                }
            }
            self.wo_finished(w.parent, Finish::Done);
        }
    }

    fn follow_on_spec(&self, w: &WorksOrder, job: JobRef, prio: Prio) -> WoSpec {
        let mut spec = WoSpec::new(
            w.home,
            w.tenancy,
            w.parent,
            job,
            WorkPurpose::FollowOn,
            prio,
            w.target,
        );
        spec.report = w.report;
        spec.hazard = w.hazard;
        spec.follow_on_of = w.num;
        spec
    }

    /// Records a completion: a photo (usually) and `works_order.completed`.
    fn complete_wo(
        &mut self,
        w: &WorksOrder,
        outcome: CompletionOutcome,
        scope: String,
        ftf: Option<bool>,
    ) {
        let in_house = self.world.contractors[w.contractor as usize].in_house;
        let who = self.operative_actor(w.op);
        let photo_p = if w.hazard != 0 {
            0.9
        } else if in_house {
            0.8
        } else {
            0.6
        };
        let mut evidence = Vec::new();
        if self.rng.chance(photo_p)
            && let Some(doc) = self.add_document(
                "image/jpeg",
                "Completion photo",
                "jpg",
                vec![ids::wo(w.num)],
                who.clone(),
            )
        {
            evidence.push(doc);
        }
        let recorded = self.soon(0, 180);
        self.emit_late(
            ids::wo(w.num),
            who,
            EventData::WorksOrderCompleted(WorksOrderCompleted {
                completed_on: self.clock.day_time(self.today),
                scope_done: scope,
                outcome,
                operative: Some(ids::operative(w.op)),
                contractor: Some(ids::contractor(u32::from(w.contractor) + 1)),
                evidence,
                first_time_fix: ftf,
            }),
            recorded,
        );
        self.accrue(w.contractor, w.num, w.job);
    }

    /// Adds completed work to the contractor's next invoice (external contractors only).
    pub(crate) fn accrue(&mut self, contractor: u16, wo: u32, job: JobRef) {
        if self.world.contractors[contractor as usize].in_house {
            return;
        }
        let pence = i64::from(job.get().cost) * self.rng.range(80, 125);
        self.world.contractors[contractor as usize]
            .pending
            .push((wo, job, pence));
    }

    /// A document the landlord does not hold the bytes of, with a made-up content hash.
    pub(crate) fn add_document(
        &mut self,
        media_type: &str,
        title: &str,
        ext: &str,
        evidences: Vec<RecordId>,
        who: crate::history::Actor,
    ) -> Option<RecordId> {
        let id = id_for_sha256(&self.rng.hex64())?;
        let size = if ext == "jpg" {
            900_000 + self.rng.below(3_500_000)
        } else {
            40_000 + self.rng.below(400_000)
        };
        let date = self.clock.date(self.today);
        let filename = format!(
            "{}-{}.{ext}",
            date.strftime("%Y%m%d"),
            self.rng.range(1000, 9999)
        );
        self.emit(
            id.clone(),
            who,
            EventData::DocumentAdded(DocumentAdded {
                media_type: media_type.to_string(),
                title: title.to_string(),
                filename: Some(filename),
                size: Some(size),
                held: false,
                evidences,
            }),
        );
        Some(id)
    }

    pub(crate) fn after_completion(
        &mut self,
        wo: u32,
        home: u32,
        tenancy: u32,
        op: u32,
        after: After,
    ) {
        let Some(lead) = self.world.homes[home as usize]
            .household
            .as_ref()
            .filter(|h| h.tenancy == tenancy)
            .map(|h| h.lead)
        else {
            return;
        };
        match after {
            After::Confirm => {
                let notes = [
                    "Confirmed by text survey: repair done",
                    "Resident confirmed on the phone: all fixed",
                    "Confirmed by the resident on the portal",
                ];
                let note = *self.rng.pick(&notes);
                self.emit(
                    ids::wo(wo),
                    resident(lead),
                    EventData::WorksOrderConfirmed(WorksOrderConfirmed {
                        by: Party::Resident,
                        notes: Some(note.to_string()),
                    }),
                );
            }
            After::PostInspect(job) => {
                let who = self.staff_actor(Pool::Surveyor);
                let passed = self.rng.chance(0.9);
                let evidence = self
                    .add_document(
                        "image/jpeg",
                        "Post-inspection photo",
                        "jpg",
                        vec![ids::wo(wo)],
                        who.clone(),
                    )
                    .into_iter()
                    .collect();
                let findings = if passed {
                    "Work inspected: completed to the specification and standard expected"
                        .to_string()
                } else {
                    "Work inspected: not to standard; recall raised to the contractor".to_string()
                };
                self.emit(
                    ids::wo(wo),
                    who.clone(),
                    EventData::WorksOrderPostInspected(WorksOrderPostInspected {
                        inspector: who.name.clone().unwrap_or_default(),
                        passed,
                        findings,
                        evidence,
                    }),
                );
                if !passed {
                    self.recall(wo, home, tenancy, job);
                }
                let _ = op;
            }
            After::Dispute(job) => {
                let what = [
                    "Marked as completed but the operative did not do the work",
                    "The job is closed but the problem is exactly as before",
                    "Only half the work was done and nobody came back",
                ];
                let what = *self.rng.pick(&what);
                let evidence: Vec<RecordId> = if self.rng.chance(0.5) {
                    self.add_document(
                        "image/jpeg",
                        "Photo sent by the resident",
                        "jpg",
                        vec![ids::wo(wo)],
                        resident(lead),
                    )
                    .into_iter()
                    .collect()
                } else {
                    Vec::new()
                };
                let who = self.staff_actor(Pool::Call);
                self.emit(
                    ids::wo(wo),
                    who,
                    EventData::WorksOrderDisputed(WorksOrderDisputed {
                        by: Party::Resident,
                        what: what.to_string(),
                        evidence,
                    }),
                );
                self.recall(wo, home, tenancy, job);
                self.with_conduct_rng(|s| s.maybe_dispute_conduct(wo, home, tenancy, op));
                self.maybe_complain(home, tenancy, Rec::WorksOrder(wo), Cause::NotDone, job, 0.3);
            }
        }
    }

    /// A recall: the work is raised again as a follow-on to the disputed or failed order.
    fn recall(&mut self, wo: u32, home: u32, tenancy: u32, job: JobRef) {
        let target = self.clock.add_working(self.today, 5);
        let mut spec = WoSpec::new(
            home,
            tenancy,
            Parent::None,
            job,
            WorkPurpose::FollowOn,
            Prio::Urgent,
            target,
        );
        spec.follow_on_of = wo;
        spec.prefix = Some("Recall: ");
        let (k, _) = self.raise_wo(spec);
        self.schedule_booking(k, Prio::Urgent);
    }

    /// A works order has ended: tell the report or hazard it belongs to.
    pub(crate) fn wo_finished(&mut self, parent: Parent, how: Finish) {
        match parent {
            Parent::None => {}
            Parent::Report(rk) => {
                let Some(mut r) = self.reports.get(rk) else {
                    return;
                };
                r.open = r.open.saturating_sub(1);
                match how {
                    Finish::Abandoned => r.abandoned = true,
                    Finish::Cancelled(c) => r.closing = c,
                    Finish::Done => {}
                }
                if r.open > 0 {
                    self.reports.set(rk, r);
                } else if r.abandoned {
                    self.reports.remove(rk);
                } else {
                    self.reports.set(rk, r);
                    let t = if r.closing == Closing::Resolved {
                        self.office_after(0, 2)
                    } else {
                        self.soon(1, 15)
                    };
                    self.schedule(t, Action::CloseReport(rk));
                }
            }
            Parent::Hazard(hk) => self.hazard_work_finished(hk, how),
        }
    }

    pub(crate) fn close_report(&mut self, k: Key) {
        let Some(r) = self.reports.remove(k) else {
            return;
        };
        let (outcome, reason) = match r.closing {
            Closing::Resolved => ("resolved", "All works on the report completed"),
            Closing::NoAccess => (
                "no_access",
                "Closed after repeated no access; the resident was asked to call to rebook",
            ),
            Closing::Referred => ("referred", "Referred to the planned investment programme"),
            Closing::Withdrawn => (
                "withdrawn",
                "Resident confirmed the problem has resolved; no works needed",
            ),
        };
        let who = self.staff_actor(Pool::Repairs);
        self.emit(
            ids::report(r.num),
            who,
            EventData::ReportClosed(ReportClosed {
                outcome: code(outcome),
                reason: reason.to_string(),
            }),
        );
    }

    pub(crate) fn contact(&mut self, home: u32, tenancy: u32, about: Rec, kind: ContactKind) {
        self.log_contact(home, tenancy, about, kind);
    }

    /// Logs a contact with the household now (if it is still the same household).
    pub(crate) fn log_contact(&mut self, home: u32, tenancy: u32, about: Rec, kind: ContactKind) {
        let Some(lead) = self.world.homes[home as usize]
            .household
            .as_ref()
            .filter(|h| h.tenancy == tenancy)
            .map(|h| h.lead)
        else {
            return;
        };
        let (direction, channel, summary, pool) = match kind {
            ContactKind::Chase => (
                Direction::Inbound,
                Channel::Phone,
                "Resident called to chase: the appointment offered is after the target date and the problem is getting worse",
                Pool::Call,
            ),
            ContactKind::NobodyCame => (
                Direction::Inbound,
                Channel::Phone,
                "Resident called: waited in for the appointment and nobody came or called",
                Pool::Call,
            ),
            ContactKind::Rebook => (
                Direction::Outbound,
                Channel::Phone,
                "Called the resident to rebook after no access",
                Pool::Call,
            ),
            ContactKind::NoAccessLetter => (
                Direction::Outbound,
                Channel::Letter,
                "Letter sent after repeated no access asking the resident to call to rebook",
                Pool::Repairs,
            ),
            ContactKind::HazardFindings => (
                Direction::Outbound,
                Channel::Phone,
                "Called the resident to explain the inspection findings and the works to be done",
                Pool::Surveyor,
            ),
            ContactKind::HazardNoAccess => (
                Direction::Outbound,
                Channel::Visit,
                "Attended for the damp and mould inspection: no answer; card left, text and letter sent",
                Pool::Surveyor,
            ),
            ContactKind::ComplaintUpdate => (
                Direction::Inbound,
                Channel::Email,
                "Resident e-mailed asking for an update on the complaint",
                Pool::Complaints,
            ),
        };
        let staff = self.staff_index(pool);
        let who = self.staff_at(pool, staff);
        self.n.contact += 1;
        let num = self.n.contact;
        let data = EventData::ContactLogged(ContactLogged {
            direction,
            channel,
            parties: vec![
                ContactParty {
                    role: "resident".to_string(),
                    person: Some(ids::person(lead)),
                    representative: None,
                    name: None,
                },
                ContactParty {
                    role: "landlord".to_string(),
                    person: None,
                    representative: None,
                    name: who.name.clone(),
                },
            ],
            summary: summary.to_string(),
            about: about.id().into_iter().collect(),
            documents: Vec::new(),
        });
        let ev = self.emit(ids::contact(num), who.clone(), data);
        // A resident chasing a service request is dissatisfied with it: the officer must offer a
        // complaint (Code 1.3). Most do; most residents decline for now, and the request goes on.
        if let (Rec::Report(r), ContactKind::Chase | ContactKind::NobodyCame) = (about, kind) {
            // One in thirteen is not offered — chosen by the contact's number, not the random
            // stream, so the rest of the landlord's history is the same with or without this.
            let offered = !num.is_multiple_of(13);
            self.emit(
                ids::report(r),
                who,
                EventData::ReportDissatisfaction(ReportDissatisfaction {
                    channel,
                    summary: summary.to_string(),
                    complaint_offered: offered,
                    resident_choice: offered.then_some(ComplaintChoice::NotNow),
                    complaint: None,
                }),
            );
        }
        // Now and then a contact is logged against the wrong household and withdrawn.
        if self.rng.chance(0.004) {
            let t = self.now + self.rng.range(HOUR, 48 * HOUR);
            self.schedule(
                t,
                Action::VoidContact {
                    contact: num,
                    event: ev,
                    staff: (pool as u16) << 8 | staff,
                },
            );
        }
    }

    pub(crate) fn void_contact(&mut self, contact: u32, event: u64, staff: u16) {
        let pool = match staff >> 8 {
            0 => Pool::Call,
            1 => Pool::Repairs,
            2 => Pool::Surveyor,
            _ => Pool::Complaints,
        };
        let who = self.staff_at(pool, staff & 0xff);
        self.emit_full(
            ids::contact(contact),
            who,
            EventData::EntryVoided(EntryVoided {}),
            None,
            Some("Logged against the wrong household in error".to_string()),
            Some(event),
        );
    }
}

/// The resident as the actor of an event they wrote (a portal report, a confirmation).
pub(crate) fn resident(person: u32) -> crate::history::Actor {
    crate::history::Actor::new(
        ids::person(person).to_string(),
        crate::history::Role::Resident,
    )
}
