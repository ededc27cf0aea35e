//! The institution pass: pupils, daycare children and language assessments, counted by school or
//! institution (layers `school` and `daycare`) and by the child's home area (every layer of the
//! persons pass), joined to the child's person-year row for origin, home address and family.
//!
//! Measures (names the indicator catalogue uses): `pupils`, `pupils_non_western`,
//! `absence_pct_sq_sum_milli2`, `exam_sq_sum_centi2` (sums of squares, for the intervals of the
//! means), `pupils_parents_outside_work` (every adult of the pupil's family outside work and education
//! for at least half the year), `absence_pct_sum_milli`, `absence_over_10`, `exam_n`,
//! `exam_sum_centi`; `children`, `children_non_western`, `children_parents_outside_work`;
//! `lang_assessed_3y`, `lang_focused_or_special_3y`; and the family measures of [`add_families`]. Years: the data year of the row (pupils: the
//! school year's start; daycare: the admission year), joined to the person-year of the same year.

use std::collections::HashMap;
use std::hash::BuildHasher;

use arrow_array::Array;
use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type};
use bydel_io::read::read_source;
use bydel_io::{Dataset, IoError};
use bydel_model::codes::LanguageResult;
use bydel_model::{
    AreaId, AreaInfo, CountKey, CountsTable, Date, Kind, Origin, WesternList, Year, schema,
};
use foldhash::fast::FixedState;

use crate::layout::{Layout, SlotKind};

/// A child's person-year, as the join needs it.
#[derive(Debug, Clone, Copy)]
struct Child {
    address: u32,
    /// Municipality and region codes of the person-year.
    admin: (u16, u16),
    non_western: bool,
    family: u64,
}

/// Per family-year: adults, and adults outside work and education for at least half the year.
#[derive(Debug, Clone, Copy)]
struct Family {
    adults: u32,
    outside: u32,
    children: u32,
    /// Summed gross income of all members (DKK).
    income: i64,
    /// A member's address (`u32::MAX` when none is known).
    address: u32,
    /// That member's municipality and region codes.
    admin: (u16, u16),
}

impl Default for Family {
    fn default() -> Self {
        Family {
            adults: 0,
            outside: 0,
            children: 0,
            income: 0,
            address: u32::MAX,
            admin: (0, 0),
        }
    }
}

/// A (layer, area id) pair that a count is added to.
type Place = (String, String);

/// Adds a value of a measure in a year to each of the places.
type AddFn<'a> = dyn FnMut(&[Place], i32, &'static str, i64) + 'a;

/// Keyed by (identifier fingerprint, data year).
type ByPersonYear<T> = HashMap<(u64, i32), T>;

fn fp(s: &str) -> u64 {
    FixedState::with_seed(0x1457).hash_one(s)
}

/// Adds the institution measures to `table` when the dataset has the tables.
pub fn add_institutions(
    ds: &Dataset,
    layout: &Layout,
    areas: &bydel_geo::AreaSet,
    western: &WesternList,
    table: &mut CountsTable,
) -> Result<(), IoError> {
    let has = |t| ds.source(t).map(|s| s.is_some());
    if !(has(&schema::PUPILS)?
        || has(&schema::DAYCARE_CHILDREN)?
        || has(&schema::LANGUAGE_ASSESSMENTS)?)
    {
        return Ok(());
    }
    let (children, families) = read_children(ds, layout, western)?;
    let mut sums: HashMap<(String, String, i32, &'static str), i64> = HashMap::new();
    let home_of = |address: u32, admin: (u16, u16)| -> Vec<(String, String)> {
        let mut places = administrative(admin);
        if address == u32::MAX {
            return places;
        }
        let mut out: Vec<(String, String)> = layout
            .slots_of(address)
            .iter()
            .filter(|&&s| s != u32::MAX)
            .map(|&s| match layout.describe(s as usize) {
                SlotKind::Area(i) => (
                    areas.areas[i].kind.as_str().to_string(),
                    areas.areas[i].area_id.as_str().to_string(),
                ),
                _ => unreachable!("address slots are areas"),
            })
            .collect();
        out.dedup();
        out.append(&mut places);
        out
    };
    let home = |c: &Child| home_of(c.address, c.admin);
    let parents_outside = |c: &Child, y: i32| {
        families
            .get(&(c.family, y))
            .is_some_and(|f| f.adults > 0 && f.outside == f.adults)
    };
    let mut add = |places: &[(String, String)], y: i32, m: &'static str, v: i64| {
        for (k, a) in places {
            *sums.entry((k.clone(), a.clone(), y, m)).or_default() += v;
        }
    };
    if let Some(src) = ds.source(&schema::PUPILS)? {
        read_source(&src, &schema::PUPILS, None, &mut |b| {
            let bt = &b.batch;
            let (pid, school) = (
                bt.column(0).as_string::<i32>(),
                bt.column(2).as_string::<i32>(),
            );
            let year = bt.column(1).as_primitive::<Int64Type>();
            let (absence, exam) = (
                bt.column(4).as_primitive::<Float64Type>(),
                bt.column(5).as_primitive::<Float64Type>(),
            );
            for r in 0..bt.num_rows() {
                let y = year.value(r) as i32;
                let mut places = vec![("school".to_string(), school.value(r).to_string())];
                let child = children.get(&(fp(pid.value(r)), y)).copied();
                if let Some(c) = child {
                    places.extend(home(&c));
                }
                add(&places, y, "pupils", 1);
                add(
                    &places,
                    y,
                    "pupils_non_western",
                    i64::from(child.is_some_and(|c| c.non_western)),
                );
                add(
                    &places,
                    y,
                    "pupils_parents_outside_work",
                    i64::from(child.is_some_and(|c| parents_outside(&c, y))),
                );
                let absence_milli = (absence.value(r) * 1000.0).round() as i64;
                add(&places, y, "absence_pct_sum_milli", absence_milli);
                add(
                    &places,
                    y,
                    "absence_pct_sq_sum_milli2",
                    absence_milli * absence_milli,
                );
                add(
                    &places,
                    y,
                    "absence_over_10",
                    i64::from(absence.value(r) > 10.0),
                );
                if !exam.is_null(r) {
                    add(&places, y, "exam_n", 1);
                    let centi = (exam.value(r) * 100.0).round() as i64;
                    add(&places, y, "exam_sum_centi", centi);
                    add(&places, y, "exam_sq_sum_centi2", centi * centi);
                }
            }
            Ok(())
        })?;
    }
    if let Some(src) = ds.source(&schema::DAYCARE_CHILDREN)? {
        read_source(&src, &schema::DAYCARE_CHILDREN, None, &mut |b| {
            let bt = &b.batch;
            let (pid, inst) = (
                bt.column(0).as_string::<i32>(),
                bt.column(1).as_string::<i32>(),
            );
            let date = bt.column(2).as_primitive::<Date32Type>();
            for r in 0..bt.num_rows() {
                let y = Date::from_days_since_epoch(date.value(r)).year();
                let places = vec![("daycare".to_string(), inst.value(r).to_string())];
                let child = children.get(&(fp(pid.value(r)), y)).copied();
                add(&places, y, "children", 1);
                add(
                    &places,
                    y,
                    "children_non_western",
                    i64::from(child.is_some_and(|c| c.non_western)),
                );
                add(
                    &places,
                    y,
                    "children_parents_outside_work",
                    i64::from(child.is_some_and(|c| parents_outside(&c, y))),
                );
            }
            Ok(())
        })?;
    }
    if let Some(src) = ds.source(&schema::LANGUAGE_ASSESSMENTS)? {
        read_source(&src, &schema::LANGUAGE_ASSESSMENTS, None, &mut |b| {
            let bt = &b.batch;
            let pid = bt.column(0).as_string::<i32>();
            let (year, age) = (
                bt.column(1).as_primitive::<Int64Type>(),
                bt.column(2).as_primitive::<Int64Type>(),
            );
            let result = bt.column(3).as_string::<i32>();
            for r in (0..bt.num_rows()).filter(|&r| age.value(r) == 3) {
                let y = year.value(r) as i32;
                let Some(c) = children.get(&(fp(pid.value(r)), y)).copied() else {
                    continue;
                };
                let places = home(&c);
                let effort = !matches!(
                    LanguageResult::parse(result.value(r)),
                    Ok(LanguageResult::General)
                );
                add(&places, y, "lang_assessed_3y", 1);
                add(&places, y, "lang_focused_or_special_3y", i64::from(effort));
            }
            Ok(())
        })?;
    }
    add_families(&children, &families, &home_of, &mut add);
    describe_institutions(ds, table)?;
    for ((kind, area, y, m), v) in sums {
        let (Ok(kind), Ok(area_id), Ok(year)) = (Kind::new(kind), AreaId::new(area), Year::new(y))
        else {
            continue;
        };
        table.set(
            CountKey {
                kind,
                area_id,
                year,
            },
            m,
            v,
        );
    }
    Ok(())
}

/// The municipality, region and country of a person-year (codes 0 = unknown are skipped).
fn administrative((muni, region): (u16, u16)) -> Vec<Place> {
    let mut out = vec![(Kind::COUNTRY.to_string(), Kind::COUNTRY_ID.to_string())];
    if muni != 0 {
        out.push((Kind::MUNICIPALITY.to_string(), muni.to_string()));
    }
    if region != 0 {
        out.push((Kind::REGION.to_string(), region.to_string()));
    }
    out
}

/// Family measures by home area: `children_0_17`, `children_low_income_family` (family income
/// below 50 % of the year's national median income of families with children),
/// `families_with_children`, `single_parent_families` (exactly one adult).
fn add_families(
    children: &ByPersonYear<Child>,
    families: &ByPersonYear<Family>,
    home_of: &dyn Fn(u32, (u16, u16)) -> Vec<Place>,
    add: &mut AddFn<'_>,
) {
    let mut incomes: HashMap<i32, Vec<i64>> = HashMap::new();
    for ((_, y), f) in families.iter().filter(|(_, f)| f.children > 0) {
        incomes.entry(*y).or_default().push(f.income);
    }
    let half_median: HashMap<i32, i64> = incomes
        .into_iter()
        .map(|(y, mut v)| {
            v.sort_unstable();
            let n = v.len();
            let median2 = if n % 2 == 1 {
                2 * v[n / 2]
            } else {
                v[n / 2 - 1] + v[n / 2]
            };
            (y, median2 / 4)
        })
        .collect();
    for ((_, y), c) in children {
        let places = home_of(c.address, c.admin);
        add(&places, *y, "children_0_17", 1);
        let low = families
            .get(&(c.family, *y))
            .zip(half_median.get(y))
            .is_some_and(|(f, &limit)| f.income < limit);
        add(&places, *y, "children_low_income_family", i64::from(low));
    }
    for ((_, y), f) in families.iter().filter(|(_, f)| f.children > 0) {
        let places = home_of(f.address, f.admin);
        add(&places, *y, "families_with_children", 1);
        add(
            &places,
            *y,
            "single_parent_families",
            i64::from(f.adults == 1),
        );
    }
}

/// Names and municipalities of schools and daycare institutions, as areas of layers `school` and
/// `daycare`.
fn describe_institutions(ds: &Dataset, table: &mut CountsTable) -> Result<(), IoError> {
    for (t, kind) in [(&schema::SCHOOLS, "school"), (&schema::DAYCARE, "daycare")] {
        let Some(src) = ds.source(t)? else { continue };
        read_source(&src, t, None, &mut |b| {
            let bt = &b.batch;
            let (id, name) = (
                bt.column(0).as_string::<i32>(),
                bt.column(1).as_string::<i32>(),
            );
            let muni = bt.column(3).as_primitive::<Int64Type>();
            for r in 0..bt.num_rows() {
                let (Ok(k), Ok(area_id)) = (Kind::new(kind), AreaId::new(id.value(r))) else {
                    continue;
                };
                let municipality = u16::try_from(muni.value(r)).ok();
                let region = municipality.and_then(|m| {
                    bydel_model::names::municipalities()
                        .find(|x| x.0 == m)
                        .map(|x| x.2)
                });
                table.add_area(AreaInfo {
                    kind: k,
                    area_id,
                    name: name.value(r).to_string(),
                    parent_id: None,
                    municipality,
                    region,
                });
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// Reads the persons once more: children (0–17) with home address, origin and family, and each
/// family-year's adults and adults outside work.
fn read_children(
    ds: &Dataset,
    layout: &Layout,
    western: &WesternList,
) -> Result<(ByPersonYear<Child>, ByPersonYear<Family>), IoError> {
    let cols = [
        "person_id",
        "year",
        "address_id",
        "age",
        "origin",
        "origin_country",
        "outside_fte",
        "family_id",
        "gross_income",
        "municipality",
        "region",
    ];
    let (mut children, mut families) = (HashMap::new(), HashMap::<(u64, i32), Family>::new());
    read_source(
        &ds.require(&schema::PERSONS)?,
        &schema::PERSONS,
        Some(&cols),
        &mut |b| {
            let bt = &b.batch;
            let s = |i: usize| bt.column(i).as_string::<i32>();
            let i = |k: usize| bt.column(k).as_primitive::<Int64Type>();
            let (pid, addr, origin, country, family) = (s(0), s(2), s(4), s(5), s(7));
            let (year, age) = (i(1), i(3));
            let outside = bt.column(6).as_primitive::<Float64Type>();
            let income = i(8);
            let (muni, region) = (i(9), i(10));
            for r in 0..bt.num_rows() {
                let y = year.value(r) as i32;
                let fam = if family.is_null(r) {
                    fp(pid.value(r))
                } else {
                    fp(family.value(r))
                };
                let address = layout.address_index.get(addr.value(r)).copied();
                let f = families.entry((fam, y)).or_default();
                f.income += income.value(r);
                let admin = (muni.value(r) as u16, region.value(r) as u16);
                if f.address == u32::MAX {
                    f.address = address.unwrap_or(u32::MAX);
                    f.admin = admin;
                }
                if age.value(r) >= 18 {
                    f.adults += 1;
                    f.outside += u32::from(outside.value(r) >= 0.5);
                    continue;
                }
                f.children += 1;
                let Some(address) = address else {
                    continue;
                };
                let non_western = origin.value(r) != Origin::Danish.as_str()
                    && !country.is_null(r)
                    && !western.is_western(country.value(r), y);
                children.insert(
                    (fp(pid.value(r)), y),
                    Child {
                        address,
                        admin,
                        non_western,
                        family: fam,
                    },
                );
            }
            Ok(())
        },
    )?;
    Ok((children, families))
}
