//! A realistic, deterministic synthetic landlord for demonstrations, load tests and
//! development: estates, blocks and their shared parts, homes, households with their
//! vulnerabilities, ten years of repairs with the failures real landlords' records show
//! (missed appointments, no access, visits that could not finish, claimed-but-not-done work),
//! damp and mould hazard cases under the pre- and post-Awaab's Law regimes, surveys whose
//! recommendations are not always acted on, complaints through both stages with remedies and
//! commitments, reports about contractors' conduct or workmanship investigated as cases of their
//! own, the odd Ombudsman case, and corrections.
//!
//! [`generate`] is pure: no I/O, no threads, no clock. It is a discrete-event simulation: a
//! priority queue of what happens next, each step emitting the events that happen at that
//! moment, so the history comes out in time order and memory grows only with open work (open
//! reports, works orders, hazards and complaints), never with the length of the history.
//! The same [`DemoConfig`] always gives the same history, byte for byte.

mod catalogue;
mod clock;
mod complaints;
mod conduct;
mod estate;
mod hazards;
mod households;
mod names;
mod repairs;
mod rng;

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use jiff::civil::{Date, date};

use crate::codes::Code;
use crate::events::EventData;
use crate::history::{Actor, Draft, EventId, HistoryTime, RecordId};

use clock::{Clock, Day, instant};
use complaints::{Complaint, ComplaintStep};
use conduct::{ConductRef, ConductStep};
use estate::World;
use hazards::Hazard;
use repairs::{Report, WorksOrder};
use rng::Rng;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoConfig {
    /// Number of homes (default 500).
    pub homes: u32,
    /// Seed of the pseudo-random generator: the same seed gives the same history.
    pub seed: u64,
    /// Years of history (default 10).
    pub years: u32,
    /// The last day simulated (default 31 October 2026).
    pub end: Date,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            homes: 500,
            seed: 1,
            years: 10,
            end: date(2026, 10, 31),
        }
    }
}

/// The rates the simulation uses, for people reading the demo and for tests checking it.
pub mod rates {
    /// Repair reports per home per year, before clusters, recurrences and recalls add theirs.
    pub const REPORTS_PER_HOME_YEAR: f64 = 2.9;
    /// Share of reports that are damp and mould (more in winter and in older homes).
    pub const DAMP_SHARE: f64 = 0.05;
    /// Appointment outcomes: share of visits where nobody let the operative in.
    pub const NO_ACCESS: f64 = 0.09;
    /// …higher when the resident was not told about a change of appointment.
    pub const NO_ACCESS_NOT_TOLD: f64 = 0.5;
    /// The band the no-access share of all visits falls in.
    pub const NO_ACCESS_BAND: (f64, f64) = (0.08, 0.12);
    pub const OPERATIVE_DID_NOT_ATTEND: f64 = 0.03;
    pub const COULD_NOT_COMPLETE: f64 = 0.05;
    /// Of visits that could not complete, the share where nothing follows (no follow-on).
    pub const NOT_FOLLOWED_UP: f64 = 0.15;
    /// Appointments rearranged before the day.
    pub const REARRANGED: f64 = 0.10;
    /// Of appointments the landlord or contractor rearranged, the share where the resident
    /// was told.
    pub const REARRANGE_TOLD: f64 = 0.85;
    /// Appointments the landlord cancelled.
    pub const LANDLORD_CANCELLED: f64 = 0.02;
    /// Completions recorded but not done (detected when the resident disputes).
    pub const CLAIMED_NOT_DONE: f64 = 0.005;
    /// Completions the resident confirms, and that are post-inspected.
    pub const CONFIRMED: f64 = 0.15;
    pub const POST_INSPECTED: f64 = 0.07;
    /// Households with a vulnerability recorded at the start.
    pub const VULNERABLE_HOUSEHOLDS: f64 = 0.25;
    /// Tenancies ending per home per year.
    pub const TURNOVER: f64 = 0.065;
    /// Bookings whose date is mistyped and corrected.
    pub const MISTYPED_BOOKING: f64 = 0.003;
    /// Completed visits to an occupied home after which the resident reports the operative's
    /// conduct or work (a conduct case).
    pub const CONDUCT_AFTER_VISIT: f64 = 0.004;
    /// Disputed completions that also become a conduct case about the work.
    pub const CONDUCT_AFTER_DISPUTE: f64 = 0.35;
    /// Conduct cases investigated within 1–7 working days, late (11–30), never: weights.
    pub const CONDUCT_INVESTIGATION: [u32; 3] = [83, 11, 6];
}

/// Emits the history's drafts in chronological order (of `at`), each valid against everything
/// before it: every reference names a record created earlier, every record is created once.
pub fn generate(config: &DemoConfig, emit: impl FnMut(Draft)) {
    let mut sim = Sim::new(config, emit);
    sim.run();
}

/// A handle on an open piece of work in a [`Slab`]; stale once the work is finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Key {
    idx: u32,
    generation: u32,
}

/// Open work, kept only while it is open: slots are reused when work finishes.
pub(crate) struct Slab<T> {
    slots: Vec<(u32, Option<T>)>,
    free: Vec<u32>,
}

impl<T: Copy> Slab<T> {
    fn new() -> Self {
        Slab {
            slots: Vec::new(),
            free: Vec::new(),
        }
    }

    pub(crate) fn insert(&mut self, value: T) -> Key {
        if let Some(idx) = self.free.pop() {
            let slot = &mut self.slots[idx as usize];
            slot.1 = Some(value);
            Key {
                idx,
                generation: slot.0,
            }
        } else {
            self.slots.push((0, Some(value)));
            Key {
                idx: self.slots.len() as u32 - 1,
                generation: 0,
            }
        }
    }

    pub(crate) fn get(&self, k: Key) -> Option<T> {
        match self.slots.get(k.idx as usize) {
            Some((g, Some(v))) if *g == k.generation => Some(*v),
            _ => None,
        }
    }

    pub(crate) fn set(&mut self, k: Key, value: T) {
        if let Some((g, slot @ Some(_))) = self.slots.get_mut(k.idx as usize)
            && *g == k.generation
        {
            *slot = Some(value);
        }
    }

    pub(crate) fn remove(&mut self, k: Key) -> Option<T> {
        match self.slots.get_mut(k.idx as usize) {
            Some((g, slot)) if *g == k.generation && slot.is_some() => {
                *g = g.wrapping_add(1);
                self.free.push(k.idx);
                slot.take()
            }
            _ => None,
        }
    }
}

/// A record named compactly inside an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rec {
    None,
    Report(u32),
    WorksOrder(u32),
    Hazard(u32),
    Complaint(u32),
}

impl Rec {
    pub(crate) fn id(self) -> Option<RecordId> {
        match self {
            Rec::None => None,
            Rec::Report(n) => Some(ids::report(n)),
            Rec::WorksOrder(n) => Some(ids::wo(n)),
            Rec::Hazard(n) => Some(ids::hazard(n)),
            Rec::Complaint(n) => Some(ids::complaint(n)),
        }
    }
}

/// Everything that can happen next. Small and `Copy`: the queue holds many.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Action {
    DayTick,
    // Repairs.
    NewReport {
        home: u32,
        origin: repairs::Origin,
    },
    AckReport(Key),
    Triage(Key),
    Book(Key),
    Rearrange(Key),
    CancelAppointment(Key),
    CorrectBooking(Key),
    Visit(Key),
    AfterCompletion {
        wo: u32,
        home: u32,
        tenancy: u32,
        op: u32,
        after: repairs::After,
    },
    CloseReport(Key),
    Contact {
        home: u32,
        tenancy: u32,
        about: Rec,
        kind: repairs::ContactKind,
    },
    VoidContact {
        contact: u32,
        event: u64,
        staff: u16,
    },
    VoidDone {
        home: u32,
        wo: u32,
        contractor: u16,
    },
    // Hazards and surveys.
    Investigate(Key),
    Summary(Key),
    CloseHazard(Key),
    DecideRecommendation {
        rec: u32,
        home: u32,
        block: u32,
        job: u16,
        act: bool,
    },
    // Households.
    TenancyEnd(u32),
    TenancyStart(u32),
    Review {
        home: u32,
        tenancy: u32,
        vuln: u32,
    },
    Birth {
        home: u32,
        tenancy: u32,
    },
    Disclosure {
        home: u32,
        tenancy: u32,
    },
    // Complaints.
    NewComplaint {
        home: u32,
        tenancy: u32,
        about: Rec,
        cause: complaints::Cause,
        job: Option<catalogue::JobRef>,
    },
    Complaint(Key, ComplaintStep),
    PayRemedy {
        remedy: u32,
        pence: i64,
    },
    CommitmentWorks {
        commitment: u32,
        home: u32,
        tenancy: u32,
        job: catalogue::JobRef,
    },
    RescheduleCommitment {
        commitment: u32,
        due: Day,
    },
    Ombudsman {
        case: u32,
        complaint: u32,
        home: u32,
        step: complaints::OmbudsmanStep,
    },
    // Contractor conduct cases.
    Conduct(ConductRef, ConductStep),
}

#[derive(Debug, Clone, Copy)]
struct Item {
    t: i64,
    seq: u64,
    action: Action,
}

impl PartialEq for Item {
    fn eq(&self, other: &Self) -> bool {
        (self.t, self.seq) == (other.t, other.seq)
    }
}
impl Eq for Item {}
impl PartialOrd for Item {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Item {
    /// Reversed: the heap pops the earliest first, and among equals the first scheduled.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.t, other.seq).cmp(&(self.t, self.seq))
    }
}

/// Counters for the record ids of each kind.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) person: u32,
    pub(crate) tenancy: u32,
    pub(crate) vulnerability: u32,
    pub(crate) adjustment: u32,
    pub(crate) representative: u32,
    pub(crate) report: u32,
    pub(crate) wo: u32,
    pub(crate) appointment: u32,
    pub(crate) hazard: u32,
    pub(crate) survey: u32,
    pub(crate) recommendation: u32,
    pub(crate) contact: u32,
    pub(crate) quote: u32,
    pub(crate) invoice: u32,
    pub(crate) complaint: u32,
    pub(crate) remedy: u32,
    pub(crate) commitment: u32,
    pub(crate) ombudsman: u32,
    pub(crate) order: u32,
    pub(crate) conduct: u32,
}

/// Record ids: stable, readable, one prefix per kind.
pub(crate) mod ids {
    use crate::history::RecordId;

    fn make(prefix: &str, n: u32, width: usize) -> RecordId {
        RecordId::derived(format!("{prefix}-{n:0width$}"))
    }
    pub(crate) fn landlord() -> RecordId {
        RecordId::derived("landlord-1".to_string())
    }
    pub(crate) fn estate(n: u32) -> RecordId {
        make("est", n, 3)
    }
    pub(crate) fn block(n: u32) -> RecordId {
        make("blk", n, 5)
    }
    pub(crate) fn component(n: u32) -> RecordId {
        make("cpt", n, 6)
    }
    pub(crate) fn property(n: u32) -> RecordId {
        make("prop", n, 6)
    }
    pub(crate) fn person(n: u32) -> RecordId {
        make("per", n, 7)
    }
    pub(crate) fn tenancy(n: u32) -> RecordId {
        make("ten", n, 6)
    }
    pub(crate) fn vulnerability(n: u32) -> RecordId {
        make("vul", n, 6)
    }
    pub(crate) fn adjustment(n: u32) -> RecordId {
        make("adj", n, 6)
    }
    pub(crate) fn representative(n: u32) -> RecordId {
        make("rpr", n, 5)
    }
    pub(crate) fn report(n: u32) -> RecordId {
        make("rep", n, 7)
    }
    pub(crate) fn wo(n: u32) -> RecordId {
        make("wo", n, 7)
    }
    pub(crate) fn appointment(n: u32) -> RecordId {
        make("appt", n, 7)
    }
    pub(crate) fn hazard(n: u32) -> RecordId {
        make("haz", n, 6)
    }
    pub(crate) fn survey(n: u32) -> RecordId {
        make("svy", n, 6)
    }
    pub(crate) fn recommendation(n: u32) -> RecordId {
        make("rec", n, 6)
    }
    pub(crate) fn contact(n: u32) -> RecordId {
        make("con", n, 7)
    }
    pub(crate) fn contractor(n: u32) -> RecordId {
        make("ctr", n, 3)
    }
    pub(crate) fn operative(n: u32) -> RecordId {
        make("op", n, 4)
    }
    pub(crate) fn quote(n: u32) -> RecordId {
        make("quo", n, 6)
    }
    pub(crate) fn invoice(n: u32) -> RecordId {
        make("inv", n, 6)
    }
    pub(crate) fn complaint(n: u32) -> RecordId {
        make("cmpl", n, 5)
    }
    pub(crate) fn remedy(n: u32) -> RecordId {
        make("rem", n, 5)
    }
    pub(crate) fn commitment(n: u32) -> RecordId {
        make("cmt", n, 5)
    }
    pub(crate) fn ombudsman(n: u32) -> RecordId {
        make("hos", n, 4)
    }
    pub(crate) fn order(n: u32) -> RecordId {
        make("hoo", n, 4)
    }
    pub(crate) fn conduct(n: u32) -> RecordId {
        make("cnd", n, 5)
    }
}

/// Mixed into the seed for the conduct cases' random stream ("conduct" in ASCII).
const CONDUCT_STREAM: u64 = 0x0063_6f6e_6475_6374;

/// A code from the demo's own vocabulary (all checked by the catalogue's tests).
pub(crate) fn code(s: &str) -> Code {
    Code::parse(s)
        .or_else(|_| Code::parse("other"))
        .expect("'other' is a valid code")
}

/// The simulation.
pub(crate) struct Sim<F: FnMut(Draft)> {
    emit: F,
    seed: u64,
    pub(crate) rng: Rng,
    /// The conduct cases' own stream (`conduct.rs`), so that they leave the rest of a seed's
    /// history as it was.
    pub(crate) conduct_rng: Rng,
    pub(crate) clock: Clock,
    pub(crate) homes_n: u32,
    queue: BinaryHeap<Item>,
    qseq: u64,
    /// Now, in UTC seconds.
    pub(crate) now: i64,
    pub(crate) today: Day,
    at: HistoryTime,
    /// The end of the last simulated day.
    end_t: i64,
    events: u64,
    pub(crate) n: Counters,
    pub(crate) world: World,
    pub(crate) tables: repairs::Tables,
    pub(crate) reports: Slab<Report>,
    pub(crate) wos: Slab<WorksOrder>,
    pub(crate) hazards: Slab<Hazard>,
    pub(crate) complaints: Slab<Complaint>,
    /// The day Awaab's Law came into force (27 October 2025).
    pub(crate) awaab: Day,
}

impl<F: FnMut(Draft)> Sim<F> {
    fn new(config: &DemoConfig, emit: F) -> Self {
        let years = config.years.max(1);
        let first = config
            .end
            .checked_sub(jiff::Span::new().years(i64::from(years)))
            .and_then(|d| d.tomorrow())
            .unwrap_or(config.end);
        let clock = Clock::new(first, config.end);
        let end_t = clock.midnight(clock.end + 1);
        let awaab = clock.index_of(date(2025, 10, 27));
        let mut rng = Rng::new(config.seed);
        let world = World::build(&mut rng, config.homes.max(1), &clock, first);
        Sim {
            emit,
            seed: config.seed,
            rng,
            conduct_rng: Rng::new(config.seed ^ CONDUCT_STREAM),
            homes_n: config.homes.max(1),
            queue: BinaryHeap::new(),
            qseq: 0,
            now: clock.midnight(clock.start),
            today: clock.start,
            at: clock.day_time(clock.start),
            end_t,
            events: 0,
            n: Counters::default(),
            world,
            tables: repairs::Tables::new(),
            reports: Slab::new(),
            wos: Slab::new(),
            hazards: Slab::new(),
            complaints: Slab::new(),
            awaab,
            clock,
        }
    }

    fn run(&mut self) {
        let first = self.clock.midnight(self.clock.start);
        self.schedule(first, Action::DayTick);
        while let Some(item) = self.queue.pop() {
            if item.t >= self.end_t {
                break;
            }
            self.now = item.t;
            self.today = self.clock.day_of(item.t);
            self.at = match item.action {
                Action::DayTick => self.clock.day_time(self.today),
                _ => instant(item.t),
            };
            self.dispatch(item.action);
        }
    }

    fn dispatch(&mut self, action: Action) {
        match action {
            Action::DayTick => self.day_tick(),
            Action::NewReport { home, origin } => self.new_report(home, origin),
            Action::AckReport(k) => self.ack_report(k),
            Action::Triage(k) => self.triage(k),
            Action::Book(k) => self.book(k),
            Action::Rearrange(k) => self.rearrange(k),
            Action::CancelAppointment(k) => self.cancel_appointment(k),
            Action::CorrectBooking(k) => self.correct_booking(k),
            Action::Visit(k) => self.visit(k),
            Action::AfterCompletion {
                wo,
                home,
                tenancy,
                op,
                after,
            } => self.after_completion(wo, home, tenancy, op, after),
            Action::CloseReport(k) => self.close_report(k),
            Action::Contact {
                home,
                tenancy,
                about,
                kind,
            } => self.contact(home, tenancy, about, kind),
            Action::VoidContact {
                contact,
                event,
                staff,
            } => self.void_contact(contact, event, staff),
            Action::VoidDone {
                home,
                wo,
                contractor,
            } => self.void_done(home, wo, contractor),
            Action::Investigate(k) => self.investigate(k),
            Action::Summary(k) => self.summary(k),
            Action::CloseHazard(k) => self.close_hazard(k),
            Action::DecideRecommendation {
                rec,
                home,
                block,
                job,
                act,
            } => self.decide_recommendation(rec, home, block, job, act),
            Action::TenancyEnd(home) => self.tenancy_end(home),
            Action::TenancyStart(home) => self.tenancy_start(home),
            Action::Review {
                home,
                tenancy,
                vuln,
            } => self.review(home, tenancy, vuln),
            Action::Birth { home, tenancy } => self.birth(home, tenancy),
            Action::Disclosure { home, tenancy } => self.disclosure(home, tenancy),
            Action::NewComplaint {
                home,
                tenancy,
                about,
                cause,
                job,
            } => self.new_complaint(home, tenancy, about, cause, job),
            Action::Complaint(k, step) => self.complaint_step(k, step),
            Action::PayRemedy { remedy, pence } => self.pay_remedy(remedy, pence),
            Action::CommitmentWorks {
                commitment,
                home,
                tenancy,
                job,
            } => self.commitment_works(commitment, home, tenancy, job),
            Action::RescheduleCommitment { commitment, due } => {
                self.reschedule_commitment(commitment, due)
            }
            Action::Ombudsman {
                case,
                complaint,
                home,
                step,
            } => self.ombudsman(case, complaint, home, step),
            Action::Conduct(r, step) => self.with_conduct_rng(|s| s.conduct_step(r, step)),
        }
    }

    /// Schedules an action; what would happen after the last simulated day is dropped.
    pub(crate) fn schedule(&mut self, t: i64, action: Action) {
        // Whole minutes: the record keeps times to the minute.
        let t = t.max(self.now);
        let t = if t % 60 == 0 {
            t
        } else {
            t - t.rem_euclid(60) + 60
        };
        if t >= self.end_t {
            return;
        }
        self.qseq += 1;
        self.queue.push(Item {
            t,
            seq: self.qseq,
            action,
        });
    }

    pub(crate) fn event_id(&self, n: u64) -> EventId {
        EventId::derived(format!("demo-{}-{n}", self.seed))
    }

    /// Emits an event happening now. Returns its number (for corrections).
    pub(crate) fn emit(&mut self, subject: RecordId, actor: Actor, data: EventData) -> u64 {
        self.emit_full(subject, actor, data, None, None, None)
    }

    /// Emits an event happening now, recorded at `recorded` (a little later).
    pub(crate) fn emit_late(
        &mut self,
        subject: RecordId,
        actor: Actor,
        data: EventData,
        recorded: i64,
    ) -> u64 {
        self.emit_full(subject, actor, data, Some(recorded), None, None)
    }

    pub(crate) fn emit_full(
        &mut self,
        subject: RecordId,
        actor: Actor,
        data: EventData,
        recorded: Option<i64>,
        reason: Option<String>,
        corrects: Option<u64>,
    ) -> u64 {
        self.events += 1;
        let n = self.events;
        let recorded = recorded
            .map(|r| r.min(self.end_t - 1))
            .filter(|&r| r > self.now)
            .map(instant);
        let draft = Draft {
            id: Some(self.event_id(n)),
            subject,
            at: self.at,
            recorded,
            actor,
            reason,
            corrects: corrects.map(|c| self.event_id(c)),
            data,
        };
        (self.emit)(draft);
        n
    }

    /// A random time of day (London) between two wall-clock hours on day `d`.
    pub(crate) fn time_on(&mut self, d: Day, from_h: f64, to_h: f64) -> i64 {
        let lo = (from_h * 3600.0) as i64;
        let hi = (to_h * 3600.0) as i64;
        let secs = self.rng.range(lo, hi.max(lo));
        // Whole minutes: records are kept to the minute.
        self.clock.local(d, secs - secs % 60)
    }

    /// A random office-hours time on working day `d`, or the next working day.
    pub(crate) fn office_time(&mut self, d: Day) -> i64 {
        let d = self.clock.next_working(d);
        self.time_on(d, 8.75, 17.0)
    }

    fn day_tick(&mut self) {
        let today = self.today;
        if today == self.clock.start {
            self.setup();
        }
        if self.clock.is_rent_day(today) {
            self.set_rents();
        }
        if self.clock.weekday(today) == 0 && self.clock.date(today).day() <= 7 {
            self.send_invoices();
        }
        self.daily_reports();
        self.daily_households();
        self.daily_complaints();
        self.daily_surveys();
        if today < self.clock.end {
            let next = self.clock.midnight(today + 1);
            self.schedule(next, Action::DayTick);
        }
    }
}
