//! Children and families of the person-years of one year window, collected during the person
//! pass (no second read of the persons table) and joined by the institution pass.
//!
//! Keys are 64-bit fingerprints of identifiers with the data year; values are a few integers, so
//! the state is a few dozen bytes per child and per family of the window.

use std::collections::HashMap;

use foldhash::fast::FixedState;

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

/// The children and families of a window.
#[derive(Debug, Default)]
pub struct Households {
    /// Children (0–17) with a known address.
    pub children: ByPersonYear<Child>,
    /// Every family-year.
    pub families: ByPersonYear<Family>,
}

impl Households {
    /// Empty, with room for the children and families of about `rows` person-years (so the
    /// maps do not grow and rehash row by row).
    pub fn with_capacity(rows: usize) -> Self {
        Households {
            children: HashMap::with_capacity_and_hasher(rows / 4, FixedState::default()),
            families: HashMap::with_capacity_and_hasher(rows / 2, FixedState::default()),
        }
    }

    /// Adds one person-year.
    #[inline]
    pub fn observe(&mut self, m: &Member) {
        let home = Home {
            rank: m.rank,
            admin: m.admin,
            address: m.address,
        };
        let f = self.families.entry((m.family, m.year)).or_insert(Family {
            adults: 0,
            outside: 0,
            children: 0,
            income: 0,
            home,
        });
        f.income += m.income;
        f.home = f.home.min(home);
        if m.age >= 18 {
            f.adults += 1;
            f.outside += u32::from(m.outside_half);
            return;
        }
        f.children += 1;
        if m.address != u32::MAX {
            self.children.insert(
                (m.person, m.year),
                Child {
                    address: m.address,
                    admin: m.admin,
                    non_western: m.non_western,
                    family: m.family,
                },
            );
        }
    }

    /// Combines the households of two parts of the same window.
    pub fn merge(mut self, mut other: Households) -> Households {
        if self.families.len() < other.families.len() {
            std::mem::swap(&mut self, &mut other);
        }
        self.children.extend(other.children);
        self.families.reserve(other.families.len());
        for (k, g) in other.families {
            self.families
                .entry(k)
                .and_modify(|f| {
                    f.adults += g.adults;
                    f.outside += g.outside;
                    f.children += g.children;
                    f.income += g.income;
                    f.home = f.home.min(g.home);
                })
                .or_insert(g);
        }
        self
    }

    /// Every adult of the child's family is outside work and education for at least half the
    /// year (and the family has an adult).
    pub fn parents_outside(&self, c: &Child, year: i32) -> bool {
        self.families
            .get(&(c.family, year))
            .is_some_and(|f| f.adults > 0 && f.outside == f.adults)
    }
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
        let mut a = Households::default();
        rows.iter().for_each(|m| a.observe(m));
        let (mut b, mut c) = (Households::default(), Households::default());
        b.observe(&rows[2]);
        c.observe(&rows[1]);
        c.observe(&rows[0]);
        let bc = b.merge(c);
        assert_eq!(a.families, bc.families);
        assert_eq!(a.children, bc.children);
        let f = a.families[&(7, 2020)];
        assert_eq!((f.adults, f.outside, f.children, f.income), (2, 2, 1, 300));
        assert_eq!(f.home.rank, 3, "the smallest known address");
        assert!(a.parents_outside(&a.children[&(2, 2020)], 2020));
    }
}
