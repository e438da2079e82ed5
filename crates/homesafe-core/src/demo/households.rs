//! Households: tenants and the people who live with them, the vulnerabilities the landlord
//! has been told about (with source, consent and review dates — some reviews done late, some
//! never), reasonable adjustments, representatives, births, new disclosures, tenancies ending
//! and homes re-let after void works.

use jiff::ToSpan;
use jiff::civil::{Date, date};

use crate::codes::{Channel, Duration, DurationUnit};
use crate::documents::{DocumentAdded, id_for_sha256};
use crate::estate::PropertyType;
use crate::events::EventData;
use crate::history::{Draft, HistoryTime, RecordId};
use crate::people::{
    AdjustmentAgreed, Consent, DisclosureSource, HouseholdMember, HouseholdMemberAdded,
    PersonRegistered, RepresentativeKind, RepresentativeRegistered, ReviewOutcome, TenancyEnded,
    TenancyStarted, TenancyType, VulnerabilityCode, VulnerabilityRecorded, VulnerabilityReviewed,
};
use crate::repairs::{CompletionOutcome, Task, WorkPurpose, WorksOrderCompleted, WorksOrderRaised};

use super::catalogue::{self as cat, JobRef};
use super::clock::Day;
use super::estate::Pool;
use super::names;
use super::{Action, Sim, code, ids, rates};

#[derive(Debug, Clone)]
pub(crate) struct Household {
    pub(crate) tenancy: u32,
    pub(crate) lead: u32,
    pub(crate) joint: u32,
    pub(crate) surname: &'static str,
    /// An adult under 45 lives here (a pregnancy is possible).
    pub(crate) young_adult: bool,
    pub(crate) vulns: Vec<Vuln>,
    pub(crate) started: Day,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Vuln {
    pub(crate) num: u32,
    pub(crate) code: VulnerabilityCode,
    pub(crate) ended: bool,
}

impl Household {
    /// Vulnerabilities that bear on how serious a hazard is for this household.
    pub(crate) fn hazard_relevant(&self) -> Vec<RecordId> {
        self.vulns
            .iter()
            .filter(|v| !v.ended && v.code.is_hazard_relevant())
            .map(|v| ids::vulnerability(v.num))
            .collect()
    }

    pub(crate) fn vulnerable(&self) -> bool {
        self.vulns
            .iter()
            .any(|v| !v.ended && v.code.is_hazard_relevant())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Tenant,
    Member(&'static str),
}

fn describe(code: VulnerabilityCode) -> &'static str {
    use VulnerabilityCode::*;
    match code {
        DisabilityMobility => "Uses a walking frame; struggles with stairs and getting to the door",
        WheelchairUser => "Full-time wheelchair user",
        DisabilityHearing => "Profoundly deaf; uses BSL",
        DisabilitySight => "Registered partially sighted",
        LearningDisability => "Learning disability; support worker helps with letters",
        Pregnancy => "Pregnant",
        Infant => "Baby under one in the household",
        YoungChildren => "Children under five in the household",
        RespiratoryCondition => "Asthma; uses inhalers daily",
        ImmuneSuppressed => "Immunosuppressed after a transplant",
        LongTermHealthCondition => "Long-term heart condition",
        MentalHealth => "Anxiety and depression; prefers a call before any visit",
        OlderPerson => "Over 75 and lives alone",
        LanguageSupport => "Needs an interpreter for calls and visits",
        LiteracySupport => "Needs help reading letters",
        DomesticAbuse => "Fled domestic abuse; address not to be shared",
        SafeguardingConcern => "Safeguarding concern raised with the local authority",
        Other => "Other support need",
    }
}

fn adjustment_for(code: VulnerabilityCode) -> Option<(&'static str, &'static str)> {
    use VulnerabilityCode::*;
    Some(match code {
        DisabilityMobility | WheelchairUser | OlderPerson => (
            "allow_time_at_door",
            "Allow at least two minutes at the door before leaving a card",
        ),
        DisabilityHearing => (
            "bsl_interpreter",
            "BSL interpreter for visits; contact by text message",
        ),
        DisabilitySight => ("large_print", "All letters in large print (18 point)"),
        LanguageSupport => ("interpreter", "Interpreter for calls and visits"),
        MentalHealth => (
            "call_before_visit",
            "Call the resident before every visit; no unannounced visits",
        ),
        LearningDisability => ("advocate_present", "Support worker to be present at visits"),
        DomesticAbuse => (
            "two_person_visit",
            "Two-person visits; never share the address",
        ),
        _ => return None,
    })
}

const LANGUAGES: &[&str] = &["pl", "ur", "so", "ar", "ro", "bn", "pa", "ti", "ku", "fa"];

impl<F: FnMut(Draft)> Sim<F> {
    fn today_date(&self) -> Date {
        self.clock.date(self.today)
    }

    fn dob(&mut self, age: i64) -> HistoryTime {
        let days = age * 365 + self.rng.range(0, 364);
        let d = self
            .today_date()
            .checked_sub(days.days())
            .unwrap_or(date(1950, 1, 1));
        HistoryTime::Day(d)
    }

    /// A household already living in the home when the history starts.
    pub(crate) fn initial_household(&mut self, h: u32) {
        let built = self.world.homes[h as usize].built;
        let today = self.today_date();
        let max_years = (i64::from(today.year()) - i64::from(built)).clamp(1, 40);
        let u = self.rng.unit();
        let years = (u * u * max_years as f64) as i64;
        let start = today
            .checked_sub((years * 365 + self.rng.range(20, 364)).days())
            .unwrap_or(today);
        let tenancy_type = if start < date(1989, 1, 15) {
            TenancyType::Secure
        } else if years == 0 && self.rng.chance(0.3) {
            TenancyType::Starter
        } else {
            TenancyType::Assured
        };
        self.create_household(h, start, tenancy_type, true);
    }

    /// A new letting after the home was empty.
    pub(crate) fn tenancy_start(&mut self, h: u32) {
        if self.world.homes[h as usize].household.is_some() {
            return;
        }
        let tenancy_type = if self.rng.chance(0.25) {
            TenancyType::Starter
        } else {
            TenancyType::Assured
        };
        let start = self.today_date();
        self.create_household(h, start, tenancy_type, false);
    }

    fn create_household(&mut self, h: u32, start: Date, tenancy_type: TenancyType, initial: bool) {
        let (kind, bedrooms) = {
            let home = &self.world.homes[h as usize];
            (home.kind, home.bedrooms)
        };
        let surname = *self.rng.pick(names::SURNAMES);
        let mut people: Vec<(String, i64, Role)> = Vec::with_capacity(5);
        let lead_age = if kind == PropertyType::Bungalow {
            self.rng.range(58, 92)
        } else {
            [
                self.rng.range(19, 35),
                self.rng.range(30, 55),
                self.rng.range(45, 75),
                self.rng.range(60, 88),
            ][self.rng.weighted(&[30, 35, 25, 10])]
        };
        let first = *self.rng.pick(names::FIRST_NAMES);
        people.push((format!("{first} {surname}"), lead_age, Role::Tenant));
        let couple = self.rng.chance(if bedrooms == 1 { 0.25 } else { 0.5 });
        if couple {
            let partner_age = (lead_age + self.rng.range(-6, 6)).max(18);
            let partner = format!("{} {surname}", self.rng.pick(names::FIRST_NAMES));
            let role = if self.rng.chance(0.7) {
                Role::Tenant
            } else {
                Role::Member("partner")
            };
            people.push((partner, partner_age, role));
        }
        if bedrooms >= 2 && lead_age < 55 && self.rng.chance(0.75) {
            let kids = self.rng.range(1, i64::from(bedrooms).min(4));
            for _ in 0..kids {
                let age = self.rng.range(0, (lead_age - 18).clamp(0, 17));
                people.push((
                    names::child_name(&mut self.rng, surname),
                    age,
                    Role::Member("child"),
                ));
            }
        } else if bedrooms >= 2 && lead_age >= 55 && self.rng.chance(0.2) {
            let age = self.rng.range(18, (lead_age - 18).max(19));
            let name = format!("{} {surname}", self.rng.pick(names::FIRST_NAMES));
            people.push((name, age, Role::Member("child")));
        }

        let who = if initial {
            self.world.staff.migration.clone()
        } else {
            self.staff_actor(Pool::Housing)
        };
        let mut tenants = Vec::new();
        let mut members = Vec::new();
        let mut person_nums = Vec::new();
        let language = self.rng.chance(0.06).then(|| *self.rng.pick(LANGUAGES));
        for (i, (name, age, role)) in people.iter().enumerate() {
            self.n.person += 1;
            let p = self.n.person;
            person_nums.push((p, *age));
            let adult = *age >= 18;
            let phone = (adult && self.rng.chance(0.85)).then(|| names::phone(&mut self.rng));
            let email = (adult && self.rng.chance(0.45)).then(|| names::email(&mut self.rng, name));
            let preferred_contact = adult.then(|| {
                [
                    Channel::Phone,
                    Channel::Sms,
                    Channel::Email,
                    Channel::Letter,
                ][self.rng.weighted(&[50, 20, 20, 10])]
            });
            let data = EventData::PersonRegistered(PersonRegistered {
                name: name.clone(),
                date_of_birth: Some(self.dob(*age)),
                phone,
                email,
                preferred_contact,
                language: if i == 0 {
                    language.map(str::to_string)
                } else {
                    None
                },
            });
            self.emit(ids::person(p), who.clone(), data);
            match role {
                Role::Tenant => tenants.push(ids::person(p)),
                Role::Member(rel) => members.push(HouseholdMember {
                    person: ids::person(p),
                    relationship: code(rel),
                }),
            }
        }
        self.n.tenancy += 1;
        let tenancy = self.n.tenancy;
        let data = EventData::TenancyStarted(TenancyStarted {
            property: ids::property(h + 1),
            tenancy_type,
            start: HistoryTime::Day(start),
            tenants,
            members,
        });
        self.emit(ids::tenancy(tenancy), who.clone(), data);
        let lead = person_nums[0].0;
        let joint = people
            .iter()
            .zip(&person_nums)
            .skip(1)
            .find(|((_, _, r), _)| *r == Role::Tenant)
            .map(|(_, (p, _))| *p)
            .unwrap_or(0);
        let household = Household {
            tenancy,
            lead,
            joint,
            surname,
            young_adult: person_nums.iter().any(|&(_, a)| (18..45).contains(&a)),
            vulns: Vec::new(),
            started: self.clock.index_of(start),
        };
        self.world.homes[h as usize].household = Some(household);

        // What the landlord knows about the household's needs.
        let adults: Vec<(u32, i64)> = person_nums
            .iter()
            .copied()
            .filter(|&(_, a)| a >= 18)
            .collect();
        let mut found: Vec<(u32, VulnerabilityCode)> = Vec::new();
        if lead_age >= 75 && self.rng.chance(0.45) {
            found.push((lead, VulnerabilityCode::OlderPerson));
        }
        if person_nums.iter().any(|&(_, a)| a == 0) && self.rng.chance(0.25) {
            found.push((lead, VulnerabilityCode::Infant));
        } else if person_nums.iter().any(|&(_, a)| a < 5) && self.rng.chance(0.2) {
            found.push((lead, VulnerabilityCode::YoungChildren));
        }
        if language.is_some() && self.rng.chance(0.4) {
            found.push((lead, VulnerabilityCode::LanguageSupport));
        }
        for &(p, age) in &adults {
            let older = if age >= 65 { 0.9 } else { 0.45 };
            let table: [(VulnerabilityCode, f64); 10] = [
                (VulnerabilityCode::DisabilityMobility, 0.04 * older),
                (VulnerabilityCode::WheelchairUser, 0.008 * older),
                (VulnerabilityCode::MentalHealth, 0.05 * 0.55),
                (VulnerabilityCode::RespiratoryCondition, 0.03 * older),
                (VulnerabilityCode::LongTermHealthCondition, 0.03 * older),
                (VulnerabilityCode::DisabilityHearing, 0.006 * older),
                (VulnerabilityCode::DisabilitySight, 0.005 * older),
                (VulnerabilityCode::LearningDisability, 0.006),
                (VulnerabilityCode::ImmuneSuppressed, 0.003),
                (VulnerabilityCode::SafeguardingConcern, 0.003),
            ];
            for (c, pr) in table {
                if self.rng.chance(pr) {
                    found.push((p, c));
                }
            }
            if p == lead && self.rng.chance(0.008) {
                found.push((p, VulnerabilityCode::DomesticAbuse));
            }
        }
        for (p, c) in found {
            let (disclosed, source) = if initial {
                let back = self
                    .rng
                    .range_u32(20, 700)
                    .min(self.today - self.clock.index_of(start).min(self.today))
                    .max(1);
                let src = [
                    DisclosureSource::Resident,
                    DisclosureSource::CallNote,
                    DisclosureSource::HealthProfessional,
                    DisclosureSource::SupportWorker,
                    DisclosureSource::RepairRecord,
                    DisclosureSource::Operative,
                    DisclosureSource::Representative,
                    DisclosureSource::Other,
                ][self.rng.weighted(&[40, 15, 10, 10, 5, 5, 5, 10])];
                (self.today - back, src)
            } else {
                (self.today, DisclosureSource::Resident)
            };
            self.record_vulnerability(h, p, c, disclosed, source);
        }
        let _ = rates::VULNERABLE_HOUSEHOLDS;
    }

    /// Records a vulnerability disclosed on day `disclosed`, with adjustments and a review.
    fn record_vulnerability(
        &mut self,
        h: u32,
        person: u32,
        c: VulnerabilityCode,
        disclosed: Day,
        source: DisclosureSource,
    ) {
        let Some(tenancy) = self.world.homes[h as usize]
            .household
            .as_ref()
            .map(|hh| hh.tenancy)
        else {
            return;
        };
        let who = if self.today == self.clock.start {
            self.world.staff.migration.clone()
        } else {
            self.staff_actor(Pool::Housing)
        };
        let consent = [
            Consent::Given,
            Consent::NotAsked,
            Consent::Refused,
            Consent::NotRequired,
        ][self.rng.weighted(&[80, 10, 3, 7])];
        let months = if matches!(
            c,
            VulnerabilityCode::Pregnancy | VulnerabilityCode::MentalHealth
        ) || self.rng.chance(0.2)
        {
            182
        } else {
            365
        };
        let review_by = disclosed + months;
        self.n.vulnerability += 1;
        let v = self.n.vulnerability;
        let data = EventData::VulnerabilityRecorded(VulnerabilityRecorded {
            person: ids::person(person),
            code: c,
            description: Some(describe(c).to_string()),
            source,
            disclosed: self.clock.day_time(disclosed),
            consent,
            review_by: Some(self.clock.day_time(review_by)),
        });
        self.emit(ids::vulnerability(v), who.clone(), data);
        if let Some(hh) = self.world.homes[h as usize].household.as_mut() {
            hh.vulns.push(Vuln {
                num: v,
                code: c,
                ended: false,
            });
        }
        if let Some((adj, text)) = adjustment_for(c)
            && self.rng.chance(0.3)
        {
            self.n.adjustment += 1;
            let a = self.n.adjustment;
            let data = EventData::AdjustmentAgreed(AdjustmentAgreed {
                person: ids::person(person),
                code: code(adj),
                description: text.to_string(),
                review_by: self.rng.chance(0.6).then(|| self.clock.day_time(review_by)),
            });
            self.emit(ids::adjustment(a), who.clone(), data);
        }
        if matches!(
            c,
            VulnerabilityCode::LearningDisability
                | VulnerabilityCode::MentalHealth
                | VulnerabilityCode::OlderPerson
        ) && self.rng.chance(0.15)
        {
            let (kind, org) = [
                (
                    RepresentativeKind::SupportWorker,
                    Some("Eastmere Community Support"),
                ),
                (RepresentativeKind::Family, None),
                (RepresentativeKind::Advocate, Some("Advocacy Matters")),
            ][self.rng.weighted(&[45, 40, 15])];
            self.n.representative += 1;
            let r = self.n.representative;
            let name = names::person_name(&mut self.rng);
            let contact = names::phone(&mut self.rng);
            let data = EventData::RepresentativeRegistered(RepresentativeRegistered {
                name,
                kind,
                acts_for: ids::person(person),
                organisation: org.map(str::to_string),
                consent: Some(Consent::Given),
                contact: Some(contact),
            });
            self.emit(ids::representative(r), who, data);
        }
        // Reviews: most on time, some late, some never (overdue).
        let at = if review_by < self.today {
            self.rng
                .chance(0.75)
                .then(|| self.today + self.rng.range_u32(5, 120))
        } else {
            let r = self.rng.unit();
            if r < 0.62 {
                Some(
                    review_by
                        .saturating_sub(self.rng.range_u32(0, 20))
                        .max(self.today + 1),
                )
            } else if r < 0.87 {
                Some(review_by + self.rng.range_u32(10, 150))
            } else {
                None
            }
        };
        if let Some(d) = at {
            let t = self.office_time(d);
            self.schedule(
                t,
                Action::Review {
                    home: h,
                    tenancy,
                    vuln: v,
                },
            );
        }
        if c == VulnerabilityCode::Pregnancy {
            let t = self.office_after(40, 200);
            self.schedule(t, Action::Birth { home: h, tenancy });
        }
    }

    pub(crate) fn review(&mut self, h: u32, tenancy: u32, vuln: u32) {
        let Some(hh) = self.world.homes[h as usize].household.as_ref() else {
            return;
        };
        if hh.tenancy != tenancy {
            return;
        }
        let Some(v) = hh.vulns.iter().find(|v| v.num == vuln).copied() else {
            return;
        };
        if v.ended {
            return;
        }
        let outcome = if matches!(
            v.code,
            VulnerabilityCode::Pregnancy | VulnerabilityCode::Infant
        ) {
            ReviewOutcome::Ended
        } else {
            [
                ReviewOutcome::Confirmed,
                ReviewOutcome::Changed,
                ReviewOutcome::Ended,
            ][self.rng.weighted(&[75, 10, 15])]
        };
        let next = self.today + 365;
        let notes = match outcome {
            ReviewOutcome::Confirmed => "Reviewed with the resident by phone; no change",
            ReviewOutcome::Changed => {
                "Reviewed at a home visit; needs have changed and the record is updated"
            }
            ReviewOutcome::Ended => "Reviewed with the resident; no longer applies",
        };
        let data = EventData::VulnerabilityReviewed(VulnerabilityReviewed {
            outcome,
            next_review: (outcome != ReviewOutcome::Ended).then(|| self.clock.day_time(next)),
            notes: Some(notes.to_string()),
        });
        let who = self.staff_actor(Pool::Housing);
        self.emit(ids::vulnerability(vuln), who, data);
        if outcome == ReviewOutcome::Ended {
            if let Some(hh) = self.world.homes[h as usize].household.as_mut()
                && let Some(v) = hh.vulns.iter_mut().find(|v| v.num == vuln)
            {
                v.ended = true;
            }
        } else if self.rng.chance(0.8) {
            let d = next
                .saturating_sub(self.rng.range_u32(0, 15))
                .max(self.today + 1);
            let t = self.office_time(d);
            self.schedule(
                t,
                Action::Review {
                    home: h,
                    tenancy,
                    vuln,
                },
            );
        }
    }

    /// A baby is born (or someone joins the household).
    pub(crate) fn birth(&mut self, h: u32, tenancy: u32) {
        let Some(hh) = self.world.homes[h as usize].household.as_ref() else {
            return;
        };
        if hh.tenancy != tenancy {
            return;
        }
        let surname = hh.surname;
        let lead = hh.lead;
        let pregnancy = hh
            .vulns
            .iter()
            .find(|v| v.code == VulnerabilityCode::Pregnancy && !v.ended)
            .map(|v| v.num);
        let who = self.staff_actor(Pool::Housing);
        self.n.person += 1;
        let p = self.n.person;
        let name = names::child_name(&mut self.rng, surname);
        let born = self
            .clock
            .day_time(self.today.saturating_sub(self.rng.range_u32(3, 30)));
        self.emit(
            ids::person(p),
            who.clone(),
            EventData::PersonRegistered(PersonRegistered {
                name,
                date_of_birth: Some(born),
                phone: None,
                email: None,
                preferred_contact: None,
                language: None,
            }),
        );
        self.emit(
            ids::tenancy(tenancy),
            who.clone(),
            EventData::HouseholdMemberAdded(HouseholdMemberAdded {
                person: ids::person(p),
                relationship: code("child"),
                from: born,
            }),
        );
        if let Some(v) = pregnancy {
            self.emit(
                ids::vulnerability(v),
                who,
                EventData::VulnerabilityReviewed(VulnerabilityReviewed {
                    outcome: ReviewOutcome::Ended,
                    next_review: None,
                    notes: Some("Baby born; pregnancy no longer applies".to_string()),
                }),
            );
            if let Some(hh) = self.world.homes[h as usize].household.as_mut()
                && let Some(vv) = hh.vulns.iter_mut().find(|vv| vv.num == v)
            {
                vv.ended = true;
            }
        }
        if self.rng.chance(0.4) {
            self.record_vulnerability(
                h,
                lead,
                VulnerabilityCode::Infant,
                self.today,
                DisclosureSource::HealthVisitor,
            );
        }
    }

    /// A vulnerability disclosed during the tenancy.
    pub(crate) fn disclosure(&mut self, h: u32, tenancy: u32) {
        let Some(hh) = self.world.homes[h as usize].household.as_ref() else {
            return;
        };
        if hh.tenancy != tenancy {
            return;
        }
        let person = if hh.joint != 0 && self.rng.chance(0.4) {
            hh.joint
        } else {
            hh.lead
        };
        let young = hh.young_adult;
        use VulnerabilityCode::*;
        let codes = [
            Pregnancy,
            DisabilityMobility,
            MentalHealth,
            RespiratoryCondition,
            LongTermHealthCondition,
            OlderPerson,
            DisabilityHearing,
            SafeguardingConcern,
            DomesticAbuse,
        ];
        let mut c = codes[self.rng.weighted(&[20, 18, 20, 12, 12, 8, 3, 4, 3])];
        if c == Pregnancy && !young {
            c = MentalHealth;
        }
        if hh.vulns.iter().any(|v| v.code == c && !v.ended) {
            return;
        }
        let source = [
            DisclosureSource::CallNote,
            DisclosureSource::HealthVisitor,
            DisclosureSource::HealthProfessional,
            DisclosureSource::SupportWorker,
            DisclosureSource::Resident,
            DisclosureSource::Operative,
            DisclosureSource::Complaint,
        ][self
            .rng
            .weighted(&[25, if c == Pregnancy { 25 } else { 3 }, 12, 10, 30, 8, 5])];
        self.record_vulnerability(h, person, c, self.today, source);
    }

    pub(crate) fn tenancy_end(&mut self, h: u32) {
        let Some(hh) = self.world.homes[h as usize].household.as_ref() else {
            return;
        };
        if hh.started + 365 > self.today {
            return;
        }
        let tenancy = hh.tenancy;
        let reason = [
            "Tenant gave notice: moved to a home with another landlord",
            "Transferred to another of our homes",
            "Tenant died; tenancy ended",
            "Tenant moved into residential care",
            "Tenant bought a home",
            "Possession order for rent arrears executed",
            "Property abandoned; notice to quit served",
        ][self.rng.weighted(&[30, 25, 18, 8, 8, 6, 5])];
        let who = self.staff_actor(Pool::Housing);
        self.emit(
            ids::tenancy(tenancy),
            who,
            EventData::TenancyEnded(TenancyEnded {
                end: self.clock.day_time(self.today),
                reason: reason.to_string(),
            }),
        );
        self.world.homes[h as usize].household = None;
        // Void works to a lettable standard.
        let job = JobRef::Raised(cat::VOID_WORKS);
        let contractor = self.world.contractor_for(&mut self.rng, job.get().trade, h);
        self.n.wo += 1;
        let wo = self.n.wo;
        let data = EventData::WorksOrderRaised(WorksOrderRaised {
            property: ids::property(h + 1),
            report: None,
            component: None,
            hazard: None,
            purpose: WorkPurpose::Repair,
            task: Task {
                code: Some(job.get().sor.to_string()),
                description: job.get().task.to_string(),
            },
            trade: Some(code(cat::TRADES[job.get().trade as usize])),
            contractor: Some(ids::contractor(u32::from(contractor) + 1)),
            estimated_duration: Some(Duration {
                amount: 5,
                unit: DurationUnit::Days,
            }),
            priority: Some(code("void")),
            target: Some(self.clock.day_time(self.today + 21)),
            follow_on_of: None,
            fulfils: Vec::new(),
        });
        let who = self.staff_actor(Pool::Repairs);
        self.emit(ids::wo(wo), who, data);
        let t = self.office_after(10, 32);
        self.schedule(
            t,
            Action::VoidDone {
                home: h,
                wo,
                contractor,
            },
        );
    }

    pub(crate) fn void_done(&mut self, h: u32, wo: u32, contractor: u16) {
        let job = JobRef::Raised(cat::VOID_WORKS).get();
        let op = self
            .world
            .operative_for(&mut self.rng, contractor, job.trade);
        let doc = id_for_sha256(&self.rng.hex64());
        let who = self.operative_actor(op);
        if let Some(doc) = doc.clone() {
            let size = 180_000 + self.rng.below(200_000);
            self.emit(
                doc,
                who.clone(),
                EventData::DocumentAdded(DocumentAdded {
                    media_type: "application/pdf".to_string(),
                    title:
                        "Landlord gas safety record and electrical installation condition report"
                            .to_string(),
                    filename: Some(format!("void-certificates-wo-{wo:07}.pdf")),
                    size: Some(size),
                    held: false,
                    evidences: vec![ids::wo(wo)],
                }),
            );
        }
        let data = EventData::WorksOrderCompleted(WorksOrderCompleted {
            completed_on: self.clock.day_time(self.today),
            scope_done: job.done.to_string(),
            outcome: CompletionOutcome::Resolved,
            operative: Some(ids::operative(op)),
            contractor: Some(ids::contractor(u32::from(contractor) + 1)),
            evidence: doc.into_iter().collect(),
            first_time_fix: None,
        });
        self.emit(ids::wo(wo), who, data);
        self.accrue(contractor, wo, JobRef::Raised(cat::VOID_WORKS));
        let t = self.office_after(2, 14);
        self.schedule(t, Action::TenancyStart(h));
    }

    pub(crate) fn daily_households(&mut self) {
        let n = f64::from(self.homes_n);
        let ends = self.rng.poisson(n * rates::TURNOVER / 365.25);
        for _ in 0..ends {
            let h = self.rng.below(u64::from(self.homes_n)) as u32;
            let t = self.office_time(self.today);
            self.schedule(t, Action::TenancyEnd(h));
        }
        let disclosures = self.rng.poisson(n * 0.02 / 365.25);
        for _ in 0..disclosures {
            let h = self.rng.below(u64::from(self.homes_n)) as u32;
            if let Some(tenancy) = self.world.homes[h as usize]
                .household
                .as_ref()
                .map(|x| x.tenancy)
            {
                let t = self.office_time(self.today);
                self.schedule(t, Action::Disclosure { home: h, tenancy });
            }
        }
        let births = self.rng.poisson(n * 0.006 / 365.25);
        for _ in 0..births {
            let h = self.rng.below(u64::from(self.homes_n)) as u32;
            if let Some(hh) = self.world.homes[h as usize].household.as_ref()
                && hh.young_adult
            {
                let tenancy = hh.tenancy;
                let t = self.office_time(self.today);
                self.schedule(t, Action::Birth { home: h, tenancy });
            }
        }
    }
}
