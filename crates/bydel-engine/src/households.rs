//! Children and families of the person-years of one year window, collected during the person
//! pass (no second read of the persons table) and joined by the institution pass.
//!
//! Keys are 64-bit fingerprints of identifiers with the data year; values are a few integers, so
//! the state is a few dozen bytes per child and per family of the window.
//!
//! Each row group appends its rows to [`Collected`] (no hashing, no map), in [`SHARDS`] shards
//! by fingerprint; [`Households::build`] then builds each shard's maps once, the shards in
//! parallel. Only families with children are kept, and each child carries its family's facts,
//! so the institution pass makes one look-up per pupil, daycare child or assessment.

use std::collections::{HashMap, HashSet};

use foldhash::fast::FixedState;
use rayon::prelude::*;

/// Keyed by (identifier fingerprint, data year).
pub type ByPersonYear<T> = HashMap<(u64, i32), T, FixedState>;

/// A child's person-year, as the join needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Child {
    /// The child's address index (always known: children without a known address are left out).
    pub address: u32,
    /// Municipality and region codes of the person-year.
    pub admin: (u16, u16),
    /// Immigrant or descendant from a non-Western country.
    pub non_western: bool,
    /// The family's fingerprint.
    pub family: u64,
    /// Every adult of the child's family is outside work and education for at least half the
    /// year (and the family has an adult); filled in by [`Households::build`].
    pub parents_outside: bool,
    /// The family's summed gross income (DKK); filled in by [`Households::build`].
    pub family_income: i64,
}

/// A family-year: its members' counts and summed income, and where it lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Family {
    /// Members aged 18 or over.
    pub adults: u32,
    /// Adults outside work and education for at least half the year (`outside_fte >= 0.5`).
    pub outside: u32,
    /// Members under 18.
    pub children: u32,
    /// Summed gross income of all members (DKK).
    pub income: i64,
    /// The family's home: the member address that sorts first (address rank; `u32::MAX` when
    /// no member's address is known), with that member's municipality and region codes.
    pub home: Home,
}

/// Where a family lives. Ordered so that the minimum over the members is the family's home:
/// a known address before an unknown one, then the smallest address id, then the smallest
/// municipality and region codes — independent of row order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Home {
    /// Rank of the address id in sorted order (`u32::MAX` = unknown).
    pub rank: u32,
    /// Municipality and region codes.
    pub admin: (u16, u16),
    /// The address index (`u32::MAX` = unknown).
    pub address: u32,
}

/// One person-year as the household collection needs it.
#[derive(Debug, Clone, Copy)]
pub struct Member {
    /// Fingerprint of `person_id`.
    pub person: u64,
    /// Fingerprint of `family_id`, or of `person_id` when the person has no family id.
    pub family: u64,
    /// Data year.
    pub year: i32,
    /// Age on 1 January.
    pub age: i64,
    /// Address index (`u32::MAX` = unknown).
    pub address: u32,
    /// Rank of the address id in sorted order (`u32::MAX` = unknown).
    pub rank: u32,
    /// Municipality and region codes.
    pub admin: (u16, u16),
    /// Non-Western immigrant or descendant.
    pub non_western: bool,
    /// `outside_fte >= 0.5`.
    pub outside_half: bool,
    /// Gross income, DKK.
    pub income: i64,
}

/// Shards of the children and families, by the top bits of the key's fingerprint: each shard's
/// maps are built on their own thread, and the family measures are counted shard by shard.
pub const SHARDS: usize = 64;

/// The shard of a fingerprint.
#[inline]
fn shard(fingerprint: u64) -> usize {
    (fingerprint >> 58) as usize % SHARDS
}

/// A family member's contribution, as collected row by row (a family-year is the sum of its
/// members' contributions).
#[derive(Debug, Clone, Copy)]
struct Contribution {
    family: u64,
    year: i32,
    home: Home,
    income: i64,
    adult: bool,
    outside: bool,
}

/// A child's person-year, as collected row by row.
#[derive(Debug, Clone, Copy)]
struct ChildRow {
    person: u64,
    year: i32,
    child: Child,
}

/// What one part of the person pass (one row group) collected: the rows of each shard, in row
/// order. Appending a row allocates nothing but the vectors' growth; the maps are built once per
/// window by [`Households::build`], shard by shard in parallel.
#[derive(Debug)]
pub struct Collected {
    families: Vec<Vec<Contribution>>,
    children: Vec<Vec<ChildRow>>,
}

impl Default for Collected {
    fn default() -> Self {
        Collected {
            families: (0..SHARDS).map(|_| Vec::new()).collect(),
            children: (0..SHARDS).map(|_| Vec::new()).collect(),
        }
    }
}

impl Collected {
    /// Empty, with room for about `rows` person-years (so that the vectors rarely grow).
    pub fn with_capacity(rows: usize) -> Self {
        let per_shard = rows / SHARDS + rows / (4 * SHARDS) + 16;
        Collected {
            families: (0..SHARDS).map(|_| Vec::with_capacity(per_shard)).collect(),
            children: (0..SHARDS)
                .map(|_| Vec::with_capacity(per_shard / 3))
                .collect(),
        }
    }

    /// Adds one person-year.
    #[inline]
    pub fn observe(&mut self, m: &Member) {
        let adult = m.age >= 18;
        self.families[shard(m.family)].push(Contribution {
            family: m.family,
            year: m.year,
            home: Home {
                rank: m.rank,
                admin: m.admin,
                address: m.address,
            },
            income: m.income,
            adult,
            outside: m.outside_half,
        });
        if !adult && m.address != u32::MAX {
            self.children[shard(m.person)].push(ChildRow {
                person: m.person,
                year: m.year,
                child: Child {
                    address: m.address,
                    admin: m.admin,
                    non_western: m.non_western,
                    family: m.family,
                    parents_outside: false,
                    family_income: 0,
                },
            });
        }
    }
}

/// The children and families of a window, in [`SHARDS`] shards by fingerprint.
#[derive(Debug)]
pub struct Households {
    /// Children (0–17) with a known address, by shard of the person's fingerprint.
    children: Vec<ByPersonYear<Child>>,
    /// Every family-year with children, by shard of the family's fingerprint.
    families: Vec<ByPersonYear<Family>>,
}

impl Households {
    /// Builds the maps from the rows the parts of a window collected (each shard on its own
    /// thread; the order of the parts does not change the result).
    pub fn build(parts: Vec<Collected>) -> Households {
        let (mut families, mut children): (Vec<_>, Vec<_>) = (
            (0..SHARDS).map(|_| Vec::new()).collect(),
            (0..SHARDS).map(|_| Vec::new()).collect(),
        );
        for p in parts {
            for (s, (f, c)) in p.families.into_iter().zip(p.children).enumerate() {
                families[s].push(f);
                children[s].push(c);
            }
        }
        let families: Vec<ByPersonYear<Family>> =
            families.into_par_iter().map(family_map).collect();
        let children = children
            .into_par_iter()
            .map(|rows: Vec<Vec<ChildRow>>| {
                let n = rows.iter().map(Vec::len).sum::<usize>();
                let mut map: ByPersonYear<Child> =
                    HashMap::with_capacity_and_hasher(n, FixedState::default());
                map.extend(rows.into_iter().flatten().map(|mut c| {
                    // Every child's own row made its family, so the family is there.
                    if let Some(f) = families[shard(c.child.family)].get(&(c.child.family, c.year))
                    {
                        c.child.parents_outside = f.adults > 0 && f.outside == f.adults;
                        c.child.family_income = f.income;
                    }
                    ((c.person, c.year), c.child)
                }));
                map
            })
            .collect();
        Households { children, families }
    }

    /// The child's person-year, when the person is a child with a known address that year.
    #[inline]
    pub fn child(&self, person: u64, year: i32) -> Option<&Child> {
        self.children[shard(person)].get(&(person, year))
    }

    /// The family-year, when the family has children that year.
    #[inline]
    pub fn family(&self, family: u64, year: i32) -> Option<&Family> {
        self.families[shard(family)].get(&(family, year))
    }

    /// The children of shard `s`: ((person, year), child).
    pub fn children_of_shard(&self, s: usize) -> impl Iterator<Item = (&(u64, i32), &Child)> {
        self.children[s].iter()
    }

    /// The family-years of shard `s`: ((family, year), family).
    pub fn families_of_shard(&self, s: usize) -> impl Iterator<Item = (&(u64, i32), &Family)> {
        self.families[s].iter()
    }
}

/// The family-years with children of one shard, summed over the members' contributions. Only
/// families with children are counted (and only they are looked up, by their children), so the
/// keys of those families are found first (a small set that stays in cache) and the other
/// members' rows are skipped.
fn family_map(rows: Vec<Vec<Contribution>>) -> ByPersonYear<Family> {
    let rows = || rows.iter().flatten();
    let with_children: HashSet<(u64, i32), FixedState> = rows()
        .filter(|c| !c.adult)
        .map(|c| (c.family, c.year))
        .collect();
    let mut map: ByPersonYear<Family> =
        HashMap::with_capacity_and_hasher(with_children.len(), FixedState::default());
    for c in rows().filter(|c| with_children.contains(&(c.family, c.year))) {
        let f = map.entry((c.family, c.year)).or_insert(Family {
            adults: 0,
            outside: 0,
            children: 0,
            income: 0,
            home: c.home,
        });
        f.income += c.income;
        f.home = f.home.min(c.home);
        if c.adult {
            f.adults += 1;
            f.outside += u32::from(c.outside);
        } else {
            f.children += 1;
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(person: u64, age: i64, rank: u32) -> Member {
        Member {
            person,
            family: 7,
            year: 2020,
            age,
            address: rank,
            rank,
            admin: (159, 1084),
            non_western: false,
            outside_half: age >= 18,
            income: 100,
        }
    }

    #[test]
    fn merge_is_independent_of_order() {
        let rows = [member(1, 40, 5), member(2, 10, 3), member(3, 38, u32::MAX)];
        let mut a = Collected::default();
        rows.iter().for_each(|m| a.observe(m));
        let (mut b, mut c) = (Collected::default(), Collected::default());
        b.observe(&rows[2]);
        c.observe(&rows[1]);
        c.observe(&rows[0]);
        let a = Households::build(vec![a]);
        let bc = Households::build(vec![c, b]);
        assert_eq!(a.families, bc.families);
        assert_eq!(a.children, bc.children);
        let f = a.family(7, 2020).expect("the family");
        assert_eq!((f.adults, f.outside, f.children, f.income), (2, 2, 1, 300));
        assert_eq!(f.home.rank, 3, "the smallest known address");
        let child = a.child(2, 2020).expect("the child");
        assert!(child.parents_outside);
        assert_eq!(child.family_income, 300);
        assert!(a.child(1, 2020).is_none(), "an adult is no child");
        let mut alone = Collected::default();
        alone.observe(&Member {
            family: 8,
            ..member(9, 30, 1)
        });
        let alone = Households::build(vec![alone]);
        assert!(alone.family(8, 2020).is_none(), "no children: not kept");
    }

    #[test]
    fn shards_spread_fingerprints() {
        let mut c = Collected::default();
        for i in 0..256u64 {
            let mut m = member(i << 56, 10, 1);
            m.family = i << 56;
            c.observe(&m);
        }
        let hh = Households::build(vec![c]);
        assert!((0..SHARDS).all(|s| hh.children_of_shard(s).count() == 4));
        assert!((0..256u64).all(|i| hh.family(i << 56, 2020).is_some()));
    }
}
