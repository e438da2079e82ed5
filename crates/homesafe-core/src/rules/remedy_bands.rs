//! Compensation bands: the Housing Ombudsman's remedies guidance (rules.md §5.3) and landlords'
//! own compensation policies, as date-effective data — and, for any sum offered, which band of
//! each it falls in ([`place`]), so a complaints officer sees beside every offer whether it is in
//! line with the landlord's policy and with what the Ombudsman would award.
//!
//! The Complaint Handling Code requires the remedy to reflect the impact on the resident and to
//! take account of the Ombudsman's remedies guidance (Complaint Handling Code 2024, 7.2 and 7.4).
//! In the Clarion case (202208650) the landlord's £175 sat inside its own lower band while the
//! Ombudsman said it "should have been within the higher range"; in L&Q (202209500) the Ombudsman
//! measured £250 against its own "£100 and £600 where there has been no permanent impact".
//!
//! Bands are for sums that recognise distress, inconvenience, time and trouble and the like.
//! A quantifiable loss is calculated instead — loss of use as a share of the rent
//! (`remedies::loss_of_use`), damage to belongings at its cost — so the Ombudsman's bands are not
//! applied to those heads. That reading is HomeSafe's (from the Clarion order, where £2,600 is "40%
//! of the total rent"), not a quoted rule: UNCONFIRMED.
//!
//! The guidance's bands share their edges (£50–£100, £100–£600, …): an amount on an edge is in
//! both bands and [`place`] says so rather than choosing one.

use std::borrow::Cow;

use jiff::civil::{Date, date};
use serde::Serialize;

use crate::codes::Pence;
use crate::history::RecordId;
use crate::remedies::{RemedyHead, pounds};

/// One band: a range of amounts and when it is meant to be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Band {
    /// Stable id, e.g. `hos.remedies.adverse_effect`.
    pub id: Cow<'static, str>,
    pub min: Pence,
    /// `None`: no upper limit ("£1,000 and above").
    pub max: Option<Pence>,
    pub description: Cow<'static, str>,
    pub source: Cow<'static, str>,
    /// False when the band's range or description was not seen in a primary source.
    pub confirmed: bool,
}

impl Band {
    pub fn contains(&self, amount: Pence) -> bool {
        amount >= self.min && self.max.is_none_or(|max| amount <= max)
    }

    /// "£100–£600" or "£1,000 and above".
    pub fn range(&self) -> String {
        let whole = |p: Pence| pounds(p).trim_end_matches(".00").to_string();
        match self.max {
            Some(max) => format!("{}–{}", whole(self.min), whole(max)),
            None => format!("{} and above", whole(self.min)),
        }
    }
}

/// A set of bands in force for a time: a version of the Ombudsman's guidance, or a landlord's
/// compensation policy (or HomeSafe's default policy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemedyBands {
    /// e.g. `hos.remedies`, `policy.clarion.remedies`.
    pub id: Cow<'static, str>,
    pub name: Cow<'static, str>,
    /// `None` for the Ombudsman's guidance and for HomeSafe's default policy.
    pub landlord: Option<RecordId>,
    pub effective_from: Option<Date>,
    pub effective_to: Option<Date>,
    /// Whether the effective dates are confirmed by a primary source.
    pub dates_confirmed: bool,
    /// Lowest first; neighbours may share an edge but not overlap further ([`RemedyBands::check`]).
    pub bands: Vec<Band>,
    /// Heads these bands are not used for, and why.
    pub not_banded: Vec<RemedyHead>,
    pub not_banded_why: Cow<'static, str>,
}

/// Why a set of bands is not usable; each names the band at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BandsError {
    #[error("{id}: there are no bands")]
    Empty { id: String },
    #[error("{band}: its lowest amount is above its highest")]
    Inverted { band: String },
    #[error("{band}: only the last band may have no upper limit")]
    OpenBeforeEnd { band: String },
    #[error("{band}: overlaps {previous} (bands may share an edge, no more), or is out of order")]
    Overlap { band: String, previous: String },
    #[error("{id}: it ends ({to}) before it starts ({from})")]
    Dates { id: String, from: Date, to: Date },
}

impl RemedyBands {
    pub fn in_force(&self, on: Date) -> bool {
        self.effective_from.is_none_or(|from| on >= from)
            && self.effective_to.is_none_or(|to| on <= to)
    }

    /// That the bands are usable: some bands, each the right way up, lowest first, neighbours
    /// sharing at most an edge, only the last open-ended. Landlords' own policies are data a
    /// landlord sets, so this is checked before they are used.
    pub fn check(&self) -> Result<(), BandsError> {
        if self.bands.is_empty() {
            return Err(BandsError::Empty {
                id: self.id.to_string(),
            });
        }
        if let (Some(from), Some(to)) = (self.effective_from, self.effective_to)
            && to < from
        {
            return Err(BandsError::Dates {
                id: self.id.to_string(),
                from,
                to,
            });
        }
        let mut previous: Option<&Band> = None;
        for b in &self.bands {
            if b.max.is_some_and(|max| max < b.min) {
                return Err(BandsError::Inverted {
                    band: b.id.to_string(),
                });
            }
            if let Some(p) = previous {
                let Some(p_max) = p.max else {
                    return Err(BandsError::OpenBeforeEnd {
                        band: p.id.to_string(),
                    });
                };
                if b.min < p_max {
                    return Err(BandsError::Overlap {
                        band: b.id.to_string(),
                        previous: p.id.to_string(),
                    });
                }
            }
            previous = Some(b);
        }
        Ok(())
    }

    /// Where `amount` for `head` falls in these bands.
    pub fn fit(&self, head: RemedyHead, amount: Pence) -> BandFit {
        if self.not_banded.contains(&head) {
            return BandFit::NotBanded {
                why: self.not_banded_why.to_string(),
            };
        }
        let within: Vec<Band> = self
            .bands
            .iter()
            .filter(|b| b.contains(amount))
            .cloned()
            .collect();
        if !within.is_empty() {
            return BandFit::Within { bands: within };
        }
        match (self.bands.first(), self.bands.last()) {
            (Some(lowest), _) if amount < lowest.min => BandFit::Below {
                lowest: lowest.clone(),
            },
            (_, Some(highest)) if highest.max.is_some_and(|max| amount > max) => BandFit::Above {
                highest: highest.clone(),
            },
            // Between two bands that do not meet: a landlord's policy with a gap.
            _ => BandFit::InAGap,
        }
    }
}

/// Where an amount falls in one set of bands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "fit", rename_all = "snake_case")]
pub enum BandFit {
    /// In this band — or these two, when the amount is on the edge they share (e.g. £100).
    Within { bands: Vec<Band> },
    /// Less than the lowest band.
    Below { lowest: Band },
    /// More than the highest band's upper limit.
    Above { highest: Band },
    /// Between two bands of a policy that leaves a gap.
    InAGap,
    /// These bands are not used for this head.
    NotBanded { why: String },
    /// No bands in force on the date.
    NoneInForce,
}

impl BandFit {
    /// In words, for a screen beside the offer: "£100–£600: a failure that adversely affected…".
    pub fn describe(&self) -> String {
        match self {
            BandFit::Within { bands } => bands
                .iter()
                .map(|b| format!("{}: {}", b.range(), b.description))
                .collect::<Vec<_>>()
                .join("; and on the edge of "),
            BandFit::Below { lowest } => format!("below the lowest band ({})", lowest.range()),
            BandFit::Above { highest } => {
                format!("above the highest band ({})", highest.range())
            }
            BandFit::InAGap => "between two bands of the policy".to_string(),
            BandFit::NotBanded { why } => format!("not banded: {why}"),
            BandFit::NoneInForce => "no bands in force on that date".to_string(),
        }
    }
}

/// An offer placed against the Ombudsman's guidance and the landlord's policy in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placement {
    pub head: RemedyHead,
    pub amount: Pence,
    pub on: Date,
    /// The guidance version used (`None`: none held for the date).
    pub guidance: Option<Cow<'static, str>>,
    pub ombudsman: BandFit,
    /// The policy used: the landlord's own, else HomeSafe's default.
    pub policy: Option<Cow<'static, str>>,
    pub landlord_policy: BandFit,
}

/// Which Ombudsman band and which landlord-policy band `amount` for `head` falls in on `on`.
/// The landlord's policy is its own in force on the date, else HomeSafe's default
/// (`landlord: None`) in force.
pub fn place(
    head: RemedyHead,
    amount: Pence,
    on: Date,
    landlord: Option<&RecordId>,
    guidance: &[RemedyBands],
    policies: &[RemedyBands],
) -> Placement {
    let g = guidance.iter().rev().find(|g| g.in_force(on));
    let p = policy_for(policies, landlord, on);
    Placement {
        head,
        amount,
        on,
        guidance: g.map(|g| g.id.clone()),
        ombudsman: g.map_or(BandFit::NoneInForce, |g| g.fit(head, amount)),
        policy: p.map(|p| p.id.clone()),
        landlord_policy: p.map_or(BandFit::NoneInForce, |p| p.fit(head, amount)),
    }
}

/// The compensation policy for `landlord` on `on`: its own if in force, else HomeSafe's default
/// in force.
pub fn policy_for<'a>(
    policies: &'a [RemedyBands],
    landlord: Option<&RecordId>,
    on: Date,
) -> Option<&'a RemedyBands> {
    let own = landlord.and_then(|l| {
        policies
            .iter()
            .rev()
            .find(|p| p.landlord.as_ref() == Some(l) && p.in_force(on))
    });
    own.or_else(|| {
        policies
            .iter()
            .rev()
            .find(|p| p.landlord.is_none() && p.in_force(on))
    })
}

const fn pounds_whole(n: i64) -> Pence {
    Pence(n * 100)
}

/// The Ombudsman's Guidance on remedies:
/// <https://housing-ombudsman.org.uk/landlords-info/guidance-notes/ombudsmans-policy-and-guidance-on-remedies>.
const HOS_GUIDANCE: &str =
    "Housing Ombudsman, Guidance on remedies (revised September 2023 / April 2024), rules.md §5.3";

/// When the bands below took effect. rules.md dates them to the guidance "revised Sept 2023 /
/// Apr 2024"; the guidance's revision log lists September 2023 as its first revision (wider
/// orders), so 1 September 2023 is used. UNCONFIRMED: the bands may be older; no earlier version
/// is held, so an offer dated before then is placed against no Ombudsman bands.
pub const HOS_BANDS_FROM: Date = date(2023, 9, 1);

/// What the Ombudsman's bands are not used for (see the module comment): UNCONFIRMED.
const CALCULATED_LOSS: &str = "a quantifiable loss is calculated (loss of use as a share of the rent; damage at its cost), not banded — HomeSafe's reading of the Clarion order (202208650), UNCONFIRMED";

/// The Ombudsman's compensation bands (rules.md §5.3). Remedies are "never punitive".
///
/// - £50–£100: minor failures, limited or short-lived impact, partly put right — descriptor
///   UNCONFIRMED.
/// - £100–£600: a failure that adversely affected the resident, the landlord's own redress absent
///   or not proportionate — confirmed in decision wording (Birmingham City Council 202332678;
///   L&Q 202209500: "between £100 and £600 where there has been no permanent impact").
/// - £600–£1,000: significant impact, no or insufficient attempt to put right — descriptor
///   UNCONFIRMED.
/// - £1,000 and above: seriously detrimental impact; typically severe maladministration, long
///   duration or repeated failure — descriptor UNCONFIRMED.
pub fn ombudsman_guidance() -> Vec<RemedyBands> {
    let band = |id: &'static str,
                min: i64,
                max: Option<i64>,
                description: &'static str,
                source: &'static str,
                confirmed: bool| Band {
        id: Cow::Borrowed(id),
        min: pounds_whole(min),
        max: max.map(pounds_whole),
        description: Cow::Borrowed(description),
        source: Cow::Borrowed(source),
        confirmed,
    };
    vec![RemedyBands {
        id: Cow::Borrowed("hos.remedies"),
        name: Cow::Borrowed("Housing Ombudsman remedies guidance"),
        landlord: None,
        effective_from: Some(HOS_BANDS_FROM),
        effective_to: None,
        dates_confirmed: false,
        bands: vec![
            band(
                "hos.remedies.minor",
                50,
                Some(100),
                "minor failures with limited or short-lived impact, which the landlord partly put right (descriptor UNCONFIRMED)",
                HOS_GUIDANCE,
                false,
            ),
            band(
                "hos.remedies.adverse_effect",
                100,
                Some(600),
                "a failure that adversely affected the resident (distress, inconvenience) with no permanent impact, where the landlord's own redress was absent or not proportionate",
                "Housing Ombudsman, Guidance on remedies, as applied in decisions 202332678 (Birmingham City Council) and 202209500 (L&Q), rules.md §5.3",
                true,
            ),
            band(
                "hos.remedies.significant",
                600,
                Some(1_000),
                "failures with a significant impact, with no or insufficient attempt to put things right (descriptor UNCONFIRMED)",
                HOS_GUIDANCE,
                false,
            ),
            band(
                "hos.remedies.seriously_detrimental",
                1_000,
                None,
                "a seriously detrimental impact: typically severe maladministration, a long duration or repeated failure (descriptor UNCONFIRMED)",
                HOS_GUIDANCE,
                false,
            ),
        ],
        not_banded: vec![RemedyHead::LossOfUse, RemedyHead::DamageToBelongings],
        not_banded_why: Cow::Borrowed(CALCULATED_LOSS),
    }]
}

const HOMESAFE_POLICY: &str =
    "HomeSafe default: the Ombudsman's bands (rules.md §5.3), until the landlord sets its own";

/// HomeSafe's default compensation policy, for a landlord that has not configured its own: the
/// Ombudsman's bands, so an offer is measured against what the Ombudsman would award (Code 7.4).
/// In force whatever the date, so older offers still have a policy to be placed against.
pub fn homesafe_default() -> RemedyBands {
    let mut hos = ombudsman_guidance().remove(0);
    for b in &mut hos.bands {
        b.id = Cow::Owned(b.id.replacen("hos.remedies", "policy.homesafe.remedies", 1));
        b.source = Cow::Borrowed(HOMESAFE_POLICY);
        b.confirmed = false;
    }
    RemedyBands {
        id: Cow::Borrowed("policy.homesafe.remedies"),
        name: Cow::Borrowed("HomeSafe default compensation policy (the Ombudsman's bands)"),
        effective_from: None,
        dates_confirmed: true,
        ..hos
    }
}

/// Clarion's compensation policy as the Ombudsman quotes it (report 202208650, "The landlord's
/// complaint handling" ¶1): £50–£250 for failures "like failing to reply to letters or return
/// phone calls"; £250–£700 for "more considerable failure, such as a failure, over a considerable
/// period of time to act in accordance with policy", e.g. a failure to address repairs. Amounts
/// confirmed (quoted); the policy's dates are not in the report (taken as always in force). Keyed
/// by the landlord's record id in `examples/cases/clarion-202208650.jsonl`.
pub fn clarion_policy() -> RemedyBands {
    const SRC: &str =
        "Clarion compensation policy, as quoted in Housing Ombudsman report 202208650";
    RemedyBands {
        id: Cow::Borrowed("policy.clarion.remedies"),
        name: Cow::Borrowed("Clarion compensation policy (as quoted by the Ombudsman)"),
        landlord: RecordId::parse("clarion").ok(),
        effective_from: None,
        effective_to: None,
        dates_confirmed: false,
        bands: vec![
            Band {
                id: Cow::Borrowed("policy.clarion.remedies.lower"),
                min: pounds_whole(50),
                max: Some(pounds_whole(250)),
                description: Cow::Borrowed(
                    "service failures such as failing to reply to letters or return phone calls",
                ),
                source: Cow::Borrowed(SRC),
                confirmed: true,
            },
            Band {
                id: Cow::Borrowed("policy.clarion.remedies.higher"),
                min: pounds_whole(250),
                max: Some(pounds_whole(700)),
                description: Cow::Borrowed(
                    "more considerable failure over a considerable period to act in accordance with policy, such as a failure to address repairs",
                ),
                source: Cow::Borrowed(SRC),
                confirmed: true,
            },
        ],
        not_banded: Vec::new(),
        not_banded_why: Cow::Borrowed(""),
    }
}

/// The compensation policies HomeSafe ships: its default and Clarion's, as an example. A
/// landlord's own replaces the default for that landlord (build a [`RemedyBands`] with its
/// record id and check it with [`RemedyBands::check`]).
pub fn shipped_policies() -> Vec<RemedyBands> {
    vec![homesafe_default(), clarion_policy()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(p: i64) -> Pence {
        pounds_whole(p)
    }

    fn ids(fit: &BandFit) -> Vec<String> {
        match fit {
            BandFit::Within { bands } => bands.iter().map(|b| b.id.to_string()).collect(),
            other => vec![format!("{other:?}")],
        }
    }

    #[test]
    fn shipped_bands_are_well_formed() {
        for b in ombudsman_guidance().iter().chain(&shipped_policies()) {
            assert_eq!(b.check(), Ok(()), "{}", b.id);
        }
    }

    #[test]
    fn an_amount_falls_in_its_ombudsman_band() {
        let g = &ombudsman_guidance()[0];
        let fit = |p| ids(&g.fit(RemedyHead::DistressAndInconvenience, at(p)));
        assert_eq!(fit(75), ["hos.remedies.minor"]);
        assert_eq!(fit(250), ["hos.remedies.adverse_effect"]);
        assert_eq!(fit(800), ["hos.remedies.significant"]);
        assert_eq!(fit(4_100), ["hos.remedies.seriously_detrimental"]);
        // On a shared edge: both, and said so.
        assert_eq!(
            fit(100),
            ["hos.remedies.minor", "hos.remedies.adverse_effect"]
        );
        assert!(
            g.fit(RemedyHead::Delay, at(600))
                .describe()
                .contains("and on the edge of")
        );
        assert!(matches!(
            g.fit(RemedyHead::ComplaintHandling, at(25)),
            BandFit::Below { .. }
        ));
    }

    #[test]
    fn calculated_losses_are_not_banded() {
        let g = &ombudsman_guidance()[0];
        let fit = g.fit(RemedyHead::LossOfUse, at(2_600));
        assert!(matches!(fit, BandFit::NotBanded { .. }), "{fit:?}");
        assert!(fit.describe().contains("UNCONFIRMED"));
    }

    #[test]
    fn the_landlords_own_policy_is_used_when_it_has_one() {
        let clarion = RecordId::parse("clarion").expect("id");
        let other = RecordId::parse("other").expect("id");
        let (g, p) = (ombudsman_guidance(), shipped_policies());
        // Clarion's £175 at stage 1 (24 March 2022): inside its own lower band (£50–£250), the
        // Ombudsman's view being that it "should have been within the higher range".
        let s1 = place(
            RemedyHead::Delay,
            at(175),
            date(2022, 3, 24),
            Some(&clarion),
            &g,
            &p,
        );
        assert_eq!(s1.policy.as_deref(), Some("policy.clarion.remedies"));
        assert_eq!(ids(&s1.landlord_policy), ["policy.clarion.remedies.lower"]);
        // No Ombudsman bands are held for dates before September 2023.
        assert_eq!(s1.ombudsman, BandFit::NoneInForce);
        assert_eq!(s1.guidance, None);

        // L&Q's £250 for the contractor's conduct, judged in October 2023 against £100–£600; L&Q
        // has no policy configured, so HomeSafe's default applies.
        let lq = place(
            RemedyHead::Goodwill,
            at(250),
            date(2023, 10, 23),
            Some(&other),
            &g,
            &p,
        );
        assert_eq!(lq.guidance.as_deref(), Some("hos.remedies"));
        assert_eq!(ids(&lq.ombudsman), ["hos.remedies.adverse_effect"]);
        assert_eq!(lq.policy.as_deref(), Some("policy.homesafe.remedies"));
        assert_eq!(
            ids(&lq.landlord_policy),
            ["policy.homesafe.remedies.adverse_effect"]
        );

        // Clarion's policy has no upper band for the Ombudsman's £2,600.
        let big = place(
            RemedyHead::LossOfUse,
            at(2_600),
            date(2023, 9, 1),
            Some(&clarion),
            &g,
            &p,
        );
        assert!(matches!(big.landlord_policy, BandFit::Above { .. }));
        assert!(matches!(big.ombudsman, BandFit::NotBanded { .. }));
    }

    #[test]
    fn a_landlord_policy_can_be_overridden_and_is_checked() {
        let mine = RecordId::parse("mine").expect("id");
        let mut own = clarion_policy();
        own.id = Cow::Borrowed("policy.mine.remedies");
        own.landlord = Some(mine.clone());
        own.effective_from = Some(date(2025, 4, 1));
        own.bands[1].min = at(300); // leaves a gap £250–£300
        assert_eq!(own.check(), Ok(()));
        let policies = vec![homesafe_default(), own.clone()];
        let p = |on| {
            place(
                RemedyHead::Delay,
                at(275),
                on,
                Some(&mine),
                &ombudsman_guidance(),
                &policies,
            )
        };
        assert_eq!(p(date(2025, 4, 1)).landlord_policy, BandFit::InAGap);
        // Before its own policy starts, the default applies.
        assert_eq!(
            p(date(2025, 3, 31)).policy.as_deref(),
            Some("policy.homesafe.remedies")
        );

        own.bands[1].min = at(200);
        assert!(matches!(own.check(), Err(BandsError::Overlap { .. })));
        own.bands[1].min = at(900);
        assert!(matches!(own.check(), Err(BandsError::Inverted { .. })));
        own.bands.clear();
        assert!(matches!(own.check(), Err(BandsError::Empty { .. })));
    }

    #[test]
    fn ranges_read_as_a_housing_officer_writes_them() {
        let g = &ombudsman_guidance()[0];
        let ranges: Vec<String> = g.bands.iter().map(Band::range).collect();
        assert_eq!(
            ranges,
            ["£50–£100", "£100–£600", "£600–£1,000", "£1,000 and above"]
        );
    }
}
