//! In-mover profiles estimated from the data: who actually moved into the area (and into
//! comparable areas) in the last years, and the letting channels' profiles built on them.
//!
//! The registers do not say through which channel a dwelling was let, so the observed in-movers
//! are the mix the current letting produces: they are the **waiting list** profile (the
//! baseline's letting), and the in-movers who are in work or education are the pool fleksibel
//! udlejning with the criterion "in work or education" draws from (their education and origin).
//! What the data cannot say stays a documented default (docs/evaluation.md): the outside-work
//! share of the other adults of a criteria-let household, the § 51 b and municipal-allocation
//! profiles.

use serde::{Deserialize, Serialize};

use super::params::{AreaStart, ChannelProfiles, Defaults, Profile};

/// The least number of in-moving adults 18–64 for a profile estimated from data; below it the
/// residents' profile stands in.
pub const MIN_ADULTS: u64 = 30;

/// Counts of in-movers (persons who lived in the area on 1 January of a year and not in the
/// year before), pooled over areas and years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InMovers {
    /// In-moving persons.
    pub persons: u64,
    /// Of them, of non-Western origin.
    pub non_western: u64,
    /// In-moving adults 18–64.
    pub adults: u64,
    /// Of them, outside work and education.
    pub outside: u64,
    /// In-movers 25–64 (the education population).
    pub edu_base: u64,
    /// Of them, with basic (or unknown) education only.
    pub basic: u64,
    /// In-moving adults 18–64 in work or education.
    pub working: u64,
    /// Of them, of non-Western origin.
    pub working_non_western: u64,
    /// Of them, aged 25–64.
    pub working_edu_base: u64,
    /// Of them, with basic (or unknown) education only.
    pub working_basic: u64,
}

/// One in-moving person, as the counts need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mover {
    /// Age on 1 January.
    pub age: u8,
    /// In work or education.
    pub in_work_or_education: bool,
    /// Basic (or unknown) education only.
    pub basic_education: bool,
    /// Non-Western origin.
    pub non_western: bool,
}

impl InMovers {
    /// Adds one in-moving person.
    pub fn add(&mut self, m: Mover) {
        self.persons += 1;
        self.non_western += u64::from(m.non_western);
        if !(18..=64).contains(&m.age) {
            return;
        }
        let edu_age = m.age >= 25;
        self.adults += 1;
        self.edu_base += u64::from(edu_age);
        self.basic += u64::from(edu_age && m.basic_education);
        if m.in_work_or_education {
            self.working += 1;
            self.working_non_western += u64::from(m.non_western);
            self.working_edu_base += u64::from(edu_age);
            self.working_basic += u64::from(edu_age && m.basic_education);
        } else {
            self.outside += 1;
        }
    }

    /// Whether there are enough in-movers to estimate a profile ([`MIN_ADULTS`] adults, some of
    /// them in work or education and some 25–64).
    pub fn is_enough(&self) -> bool {
        self.adults >= MIN_ADULTS && self.working > 0 && self.edu_base > 0
    }

    /// The in-movers' profile (A per adult, C among 25–64, E per person), when
    /// [`InMovers::is_enough`].
    pub fn profile(&self) -> Option<Profile> {
        self.is_enough().then(|| Profile {
            outside: ratio(self.outside, self.adults),
            basic: ratio(self.basic, self.edu_base),
            non_western: ratio(self.non_western, self.persons),
            first_adult_working: false,
        })
    }

    /// The profile of the in-movers in work or education: nobody outside work, their education
    /// and origin (the education share falls back to all in-movers' when none is 25–64).
    pub fn working_profile(&self) -> Option<Profile> {
        let all = self.profile()?;
        Some(Profile {
            outside: 0.0,
            basic: if self.working_edu_base > 0 {
                ratio(self.working_basic, self.working_edu_base)
            } else {
                all.basic
            },
            non_western: ratio(self.working_non_western, self.working),
            first_adult_working: true,
        })
    }
}

impl ChannelProfiles {
    /// The channel profiles with the in-movers observed in the data: the waiting list as the
    /// observed in-movers; fleksibel udlejning as the in-movers in work or education (first adult
    /// in work; the other adults outside work as the lower of the in-movers' and the
    /// municipality's share — a default); § 51 b, municipal allocation and new owner-occupied
    /// dwellings as [`ChannelProfiles::for_area`] with the observed in-movers in place of the
    /// residents. Without enough in-movers ([`InMovers::is_enough`]) it is
    /// [`ChannelProfiles::for_area`].
    pub fn from_in_movers(
        a: &AreaStart,
        movers: &InMovers,
        section_59: bool,
        d: &Defaults,
    ) -> Self {
        let (Some(observed), Some(working)) = (movers.profile(), movers.working_profile()) else {
            return ChannelProfiles::for_area(a, section_59, d);
        };
        let as_residents = AreaStart {
            residents_profile: observed,
            ..a.clone()
        };
        let mut p = ChannelProfiles::for_area(&as_residents, section_59, d);
        p.criteria = Profile {
            outside: observed.outside.min(a.municipality.outside),
            ..working
        };
        p
    }
}

fn ratio(n: u64, d: u64) -> f64 {
    if d == 0 { 0.0 } else { n as f64 / d as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mover(age: u8, work: bool, basic: bool, nw: bool) -> Mover {
        Mover {
            age,
            in_work_or_education: work,
            basic_education: basic,
            non_western: nw,
        }
    }

    #[test]
    fn counts_follow_the_criteria_populations() {
        let mut m = InMovers::default();
        m.add(mover(10, false, true, true)); // a child: a person, not an adult
        m.add(mover(20, true, true, false)); // working, too young for the education population
        m.add(mover(40, false, true, true));
        m.add(mover(50, true, false, true));
        assert_eq!(
            m,
            InMovers {
                persons: 4,
                non_western: 3,
                adults: 3,
                outside: 1,
                edu_base: 2,
                basic: 1,
                working: 2,
                working_non_western: 1,
                working_edu_base: 1,
                working_basic: 0,
            }
        );
        assert_eq!(m.profile(), None, "three adults are too few");
    }

    #[test]
    fn profiles_are_the_observed_shares() {
        let mut m = InMovers::default();
        for i in 0..40u8 {
            // 10 of 40 outside work; basic education: 3 in 4 of those outside, 1 in 6 of the rest
            let outside = i < 10;
            let basic = if outside { i % 4 != 0 } else { i % 6 == 0 };
            m.add(mover(30, !outside, basic, i % 2 == 0));
        }
        let p = m.profile().unwrap();
        assert!((p.outside - 0.25).abs() < 1e-12);
        assert!((p.non_western - 0.5).abs() < 1e-12);
        let w = m.working_profile().unwrap();
        assert_eq!(w.outside, 0.0);
        assert!(w.first_adult_working);
        assert!((w.basic - 5.0 / 30.0).abs() < 1e-12, "{}", w.basic);
        assert!((w.non_western - 15.0 / 30.0).abs() < 1e-12);
    }
}
