//! The institution pass: pupils, daycare children and language assessments, counted by school or
//! institution (layers `school` and `daycare`) and by the child's home area (every layer of the
//! persons pass), joined to the child's person-year for origin, home address and family; and the
//! family measures by the family's home area.
//!
//! Same design as the person pass: schools and institutions get dense slots after the layout's
//! slots, every measure is a column of a dense per-year accumulator, text columns are decoded once
//! per distinct value, row groups are counted in parallel and the partial sums added up. The
//! children and families come from the person pass of the same year window
//! ([`crate::households`]), so the persons table is read once.
//!
//! Measures (names the indicator catalogue uses): see [`MEASURES`]. `absence_pct_sq_sum_milli2`
//! and `exam_sq_sum_centi2` are sums of squares, for the intervals of the means;
//! `*_parents_outside_work`: every adult of the child's family is outside work and education for
//! at least half the year; `children_low_income_family`: family income below half the year's
//! national median income of families with children; `single_parent_families`: exactly one
//! adult. Years: the data year of the row (pupils: the school year's start; daycare: the
//! admission year), joined to the person-year of the same year.
//!
//! A measure's cell exists where its group has a row: the pupil measures wherever a pupil is
//! counted, the exam measures wherever an exam is, and so on (zeros included).

use std::collections::HashMap;
use std::ops::Range;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use bydel_io::read::{Batch, Unit, read_source, read_unit_dict, units};
use bydel_io::{Dataset, IoError};
use bydel_model::codes::LanguageResult;
use bydel_model::schema::{self, Table};
use bydel_model::{AreaId, AreaInfo, CountKey, CountsTable, Date, Kind, Year};
use foldhash::fast::FixedState;
use rayon::prelude::*;

use crate::households::{Child, Households, SHARDS};
use crate::layout::Layout;
use crate::pass::{fingerprint, slot_key};
use crate::window::{self, YearColumn, Years};
use bydel_io::decode::{Cache, decode};

/// The institution and family measures, in column order.
pub const MEASURES: [&str; 18] = [
    "pupils",
    "pupils_non_western",
    "pupils_parents_outside_work",
    "absence_pct_sum_milli",
    "absence_pct_sq_sum_milli2",
    "absence_over_10",
    "exam_n",
    "exam_sum_centi",
    "exam_sq_sum_centi2",
    "children",
    "children_non_western",
    "children_parents_outside_work",
    "lang_assessed_3y",
    "lang_focused_or_special_3y",
    "children_0_17",
    "children_low_income_family",
    "families_with_children",
    "single_parent_families",
];

/// Groups of measures that get cells together: (the group's count column, its columns).
pub(crate) const GROUPS: [(usize, Range<usize>); 6] = [
    (0, 0..6),
    (6, 6..9),
    (9, 9..12),
    (12, 12..14),
    (14, 14..16),
    (16, 16..18),
];

const N: usize = MEASURES.len();

/// Schools and daycare institutions: their dense slots (after the layout's) and descriptions.
#[derive(Debug)]
pub struct Institutions {
    base: usize,
    infos: Vec<AreaInfo>,
    school_index: HashMap<String, u32, FixedState>,
    daycare_index: HashMap<String, u32, FixedState>,
    pupils: Option<Parts>,
    daycare_children: Option<Parts>,
    language: Option<Parts>,
}

/// The units of a table and the data years of each (from Parquet statistics).
#[derive(Debug)]
struct Parts {
    units: Vec<Unit>,
    years: Vec<Option<Years>>,
}

/// Dense per-year sums of the institution measures over every slot.
#[derive(Debug)]
pub struct InstAcc {
    years: Vec<Option<Vec<i64>>>,
    width: usize,
}

impl Institutions {
    /// Reads the schools and daycare tables; `None` when the dataset has none of the pupils,
    /// daycare-children and language-assessment tables.
    pub fn read(ds: &Dataset, layout: &Layout) -> Result<Option<Self>, IoError> {
        let parts = |t: &'static Table, col: YearColumn<'static>| -> Result<_, IoError> {
            let Some(src) = ds.source(t)? else {
                return Ok(None);
            };
            let units = units(&src)?;
            let years = window::unit_years(&units, col)?;
            Ok(Some(Parts { units, years }))
        };
        let pupils = parts(&schema::PUPILS, YearColumn::Year("year"))?;
        let daycare_children = parts(
            &schema::DAYCARE_CHILDREN,
            YearColumn::DateOf("admission_date"),
        )?;
        let language = parts(&schema::LANGUAGE_ASSESSMENTS, YearColumn::Year("year"))?;
        if pupils.is_none() && daycare_children.is_none() && language.is_none() {
            return Ok(None);
        }
        let mut inst = Institutions {
            base: layout.n_slots(),
            infos: Vec::new(),
            school_index: HashMap::default(),
            daycare_index: HashMap::default(),
            pupils,
            daycare_children,
            language,
        };
        inst.describe(ds, &schema::SCHOOLS, "school")?;
        inst.describe(ds, &schema::DAYCARE, "daycare")?;
        Ok(Some(inst))
    }

    /// Total slots: the layout's, then schools and institutions.
    pub fn n_slots(&self) -> usize {
        self.base + self.infos.len()
    }

    /// Gives the schools or daycare institutions of `t` slots after those so far.
    fn describe(&mut self, ds: &Dataset, t: &'static Table, kind: &str) -> Result<(), IoError> {
        for info in institution_infos(ds, t, kind)? {
            let slot = (self.base + self.infos.len()) as u32;
            let index = if kind == "school" {
                &mut self.school_index
            } else {
                &mut self.daycare_index
            };
            index.insert(info.area_id.as_str().to_string(), slot);
            self.infos.push(info);
        }
        Ok(())
    }
}

/// Names and municipalities of the schools (`kind` = `school`, table `schools`) or daycare
/// institutions (`daycare`, table `daycare`), as areas of `kind`, in file order; a repeated
/// identifier keeps its first row. Empty when the dataset lacks the table.
pub fn institution_infos(
    ds: &Dataset,
    t: &'static Table,
    kind: &str,
) -> Result<Vec<AreaInfo>, IoError> {
    let mut infos = Vec::new();
    let Some(src) = ds.source(t)? else {
        return Ok(infos);
    };
    let mut seen = std::collections::HashSet::new();
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
            if !seen.insert(id.value(r).to_string()) {
                continue;
            }
            let municipality = u16::try_from(muni.value(r)).ok();
            let region = municipality.and_then(|m| {
                bydel_model::names::municipalities()
                    .find(|x| x.0 == m)
                    .map(|x| x.2)
            });
            infos.push(AreaInfo {
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
    Ok(infos)
}

impl InstAcc {
    /// An empty accumulator for `inst`'s slots.
    pub fn new(inst: &Institutions) -> Self {
        InstAcc {
            years: vec![None; (Year::MAX - Year::MIN + 1) as usize],
            width: inst.n_slots() * N,
        }
    }

    fn cells(&mut self, y: i32) -> &mut [i64] {
        let i = (y.clamp(Year::MIN, Year::MAX) - Year::MIN) as usize;
        let width = self.width;
        self.years[i].get_or_insert_with(|| vec![0; width])
    }

    /// Adds `values` (column, amount) of year `y` to every slot of `slots`.
    #[inline]
    fn add(&mut self, y: i32, slots: &[usize], values: &[(usize, i64)]) {
        let cells = self.cells(y);
        for &s in slots {
            for &(m, v) in values {
                cells[s * N + m] += v;
            }
        }
    }

    fn merge(mut self, other: InstAcc) -> InstAcc {
        for (mine, theirs) in self.years.iter_mut().zip(other.years) {
            match (mine.as_mut(), theirs) {
                (Some(m), Some(t)) => m.iter_mut().zip(t).for_each(|(a, b)| *a += b),
                (None, Some(t)) => *mine = Some(t),
                _ => {}
            }
        }
        self
    }

    /// Writes the sums into `table`: a group's cells wherever the group's count is not zero.
    pub fn into_table(
        self,
        layout: &Layout,
        areas: &bydel_geo::AreaSet,
        inst: &Institutions,
        table: &mut CountsTable,
    ) {
        let columns: Vec<usize> = MEASURES.iter().map(|m| table.measure_column(m)).collect();
        for info in &inst.infos {
            table.add_area(info.clone());
        }
        let mut row = Vec::with_capacity(N);
        for (i, cells) in self.years.into_iter().enumerate() {
            let (Some(cells), Ok(year)) = (cells, Year::new(i as i32 + Year::MIN)) else {
                continue;
            };
            for slot in 0..inst.n_slots() {
                let vals = &cells[slot * N..(slot + 1) * N];
                row.clear();
                for (count, cols) in GROUPS.iter().cloned() {
                    if vals[count] != 0 {
                        row.extend(cols.map(|m| (columns[m], vals[m])));
                    }
                }
                if row.is_empty() {
                    continue;
                }
                let (kind, area_id) = if slot < inst.base {
                    slot_key(layout, areas, slot)
                } else {
                    let a = &inst.infos[slot - inst.base];
                    (a.kind.clone(), a.area_id.clone())
                };
                table.set_row(
                    CountKey {
                        kind,
                        area_id,
                        year,
                    },
                    &row,
                );
            }
        }
    }
}

/// Counts the institution and family measures of the years in `window`.
pub fn count_window(
    layout: &Layout,
    inst: &Institutions,
    hh: &Households,
    window: &Years,
    acc: &mut InstAcc,
) -> Result<(), IoError> {
    let ctx = Ctx { layout, inst, hh };
    let tables: [(&Option<Parts>, &'static Table, Pass); 3] = [
        (&inst.pupils, &schema::PUPILS, Pass::Pupils),
        (
            &inst.daycare_children,
            &schema::DAYCARE_CHILDREN,
            Pass::Daycare,
        ),
        (
            &inst.language,
            &schema::LANGUAGE_ASSESSMENTS,
            Pass::Language,
        ),
    ];
    for (parts, table, pass) in tables {
        let Some(parts) = parts else { continue };
        let units: Vec<&Unit> = window::overlapping(&parts.units, &parts.years, window).collect();
        let part = units
            .par_iter()
            .map(|u| {
                let mut acc = InstAcc::new(inst);
                let mut dec = Decoders::default();
                read_unit_dict(
                    u,
                    table,
                    Some(pass.columns()),
                    pass.dictionary(),
                    &mut |b| ctx.batch(pass, &b, window, &mut acc, &mut dec),
                )?;
                Ok::<InstAcc, IoError>(acc)
            })
            .try_reduce(|| InstAcc::new(inst), |a, b| Ok(a.merge(b)))?;
        *acc = std::mem::replace(acc, InstAcc::new(inst)).merge(part);
    }
    ctx.families(acc);
    Ok(())
}

/// Which institution table a batch comes from.
#[derive(Debug, Clone, Copy)]
enum Pass {
    Pupils,
    Daycare,
    Language,
}

impl Pass {
    fn columns(self) -> &'static [&'static str] {
        match self {
            Pass::Pupils => &["person_id", "year", "school_id", "absence_pct", "exam_avg"],
            Pass::Daycare => &["person_id", "institution_id", "admission_date"],
            Pass::Language => &["person_id", "year", "age", "result"],
        }
    }
    fn dictionary(self) -> &'static [&'static str] {
        match self {
            Pass::Pupils => &["school_id"],
            Pass::Daycare => &["institution_id"],
            Pass::Language => &["result"],
        }
    }
}

/// Per-unit decoding state.
#[derive(Default)]
struct Decoders {
    institution: (Cache<u32>, Vec<u32>),
    effort: (Cache<u8>, Vec<u8>),
    slots: Vec<usize>,
    /// The child of each row of the batch (see [`Ctx::children_of`]).
    children: Vec<Option<Child>>,
}

struct Ctx<'a> {
    layout: &'a Layout,
    inst: &'a Institutions,
    hh: &'a Households,
}

impl Ctx<'_> {
    fn batch(
        &self,
        pass: Pass,
        b: &Batch,
        window: &Years,
        acc: &mut InstAcc,
        d: &mut Decoders,
    ) -> Result<(), IoError> {
        if !b.problems.is_empty() {
            return Err(IoError::Invalid(b.problems.clone()));
        }
        let bt = &b.batch;
        match pass {
            Pass::Pupils => self.pupils(bt, window, acc, d),
            Pass::Daycare => self.daycare(bt, window, acc, d),
            Pass::Language => self.language(bt, window, acc, d),
        }
        Ok(())
    }

    fn institution_slots(
        &self,
        col: &arrow_array::ArrayRef,
        index: &HashMap<String, u32, FixedState>,
        d: &mut Decoders,
    ) {
        decode(
            col,
            &mut d.institution.0,
            u32::MAX,
            &|s| *index.get(s).unwrap_or(&u32::MAX),
            &mut d.institution.1,
        );
    }

    fn pupils(&self, bt: &RecordBatch, window: &Years, acc: &mut InstAcc, d: &mut Decoders) {
        let pid = bt.column(0).as_string::<i32>();
        let year = bt.column(1).as_primitive::<Int64Type>();
        self.institution_slots(bt.column(2), &self.inst.school_index, d);
        let absence = bt.column(3).as_primitive::<Float64Type>();
        let exam = bt.column(4).as_primitive::<Float64Type>();
        let years = |r: usize| year.value(r) as i32;
        self.children_of(pid, years, window, &mut d.children);
        for r in 0..bt.num_rows() {
            let y = years(r);
            if !window.contains(&y) {
                continue;
            }
            let child = d.children[r].as_ref();
            self.places(d.institution.1[r], child, &mut d.slots);
            let absence_milli = (absence.value(r) * 1000.0).round() as i64;
            acc.add(
                y,
                &d.slots,
                &[
                    (0, 1),
                    (1, i64::from(child.is_some_and(|c| c.non_western))),
                    (2, i64::from(child.is_some_and(|c| c.parents_outside))),
                    (3, absence_milli),
                    (4, absence_milli * absence_milli),
                    (5, i64::from(absence.value(r) > 10.0)),
                ],
            );
            if !exam.is_null(r) {
                let centi = (exam.value(r) * 100.0).round() as i64;
                acc.add(y, &d.slots, &[(6, 1), (7, centi), (8, centi * centi)]);
            }
        }
    }

    fn daycare(&self, bt: &RecordBatch, window: &Years, acc: &mut InstAcc, d: &mut Decoders) {
        let pid = bt.column(0).as_string::<i32>();
        self.institution_slots(bt.column(1), &self.inst.daycare_index, d);
        let date = bt.column(2).as_primitive::<Date32Type>();
        let years = |r: usize| Date::from_days_since_epoch(date.value(r)).year();
        self.children_of(pid, years, window, &mut d.children);
        for r in 0..bt.num_rows() {
            let y = years(r);
            let slot = d.institution.1[r];
            if !window.contains(&y) || slot == u32::MAX {
                continue;
            }
            let child = d.children[r].as_ref();
            acc.add(
                y,
                &[slot as usize],
                &[
                    (9, 1),
                    (10, i64::from(child.is_some_and(|c| c.non_western))),
                    (11, i64::from(child.is_some_and(|c| c.parents_outside))),
                ],
            );
        }
    }

    fn language(&self, bt: &RecordBatch, window: &Years, acc: &mut InstAcc, d: &mut Decoders) {
        let pid = bt.column(0).as_string::<i32>();
        let (year, age) = (
            bt.column(1).as_primitive::<Int64Type>(),
            bt.column(2).as_primitive::<Int64Type>(),
        );
        decode(
            bt.column(3),
            &mut d.effort.0,
            1,
            &|s| {
                u8::from(!matches!(
                    LanguageResult::parse(s),
                    Ok(LanguageResult::General)
                ))
            },
            &mut d.effort.1,
        );
        for r in 0..bt.num_rows() {
            let y = year.value(r) as i32;
            if age.value(r) != 3 || !window.contains(&y) {
                continue;
            }
            let Some(c) = self.hh.child(fingerprint(pid.value(r)), y) else {
                continue;
            };
            home_slots(self.layout, c.address, c.admin, &mut d.slots);
            acc.add(y, &d.slots, &[(12, 1), (13, i64::from(d.effort.1[r]))]);
        }
    }

    /// The child of each row (`None` outside the window or when the person is no child with a
    /// known address that year), looked up in a loop of its own: the look-ups miss the cache,
    /// and without other work between them the processor overlaps the misses.
    fn children_of(
        &self,
        pid: &arrow_array::StringArray,
        year: impl Fn(usize) -> i32,
        window: &Years,
        out: &mut Vec<Option<Child>>,
    ) {
        out.clear();
        out.extend((0..pid.len()).map(|r| {
            let y = year(r);
            if window.contains(&y) {
                self.hh.child(fingerprint(pid.value(r)), y).copied()
            } else {
                None
            }
        }));
    }

    /// The school's slot (when known) and the child's home slots (when the child is known).
    fn places(&self, institution: u32, child: Option<&Child>, out: &mut Vec<usize>) {
        out.clear();
        if let Some(c) = child {
            home_slots(self.layout, c.address, c.admin, out);
        }
        if institution != u32::MAX {
            out.push(institution as usize);
        }
    }

    /// The family measures of the window's children and families, shard by shard in parallel.
    fn families(&self, acc: &mut InstAcc) {
        let half_median = half_medians(self.hh);
        let part = (0..SHARDS)
            .into_par_iter()
            .fold(
                || (InstAcc::new(self.inst), Vec::new()),
                |(mut acc, mut slots), s| {
                    self.families_of_shard(s, &half_median, &mut acc, &mut slots);
                    (acc, slots)
                },
            )
            .map(|(acc, _)| acc)
            .reduce(|| InstAcc::new(self.inst), InstAcc::merge);
        *acc = std::mem::replace(acc, InstAcc::new(self.inst)).merge(part);
    }

    /// The family measures of the children and families of shard `s`.
    fn families_of_shard(
        &self,
        s: usize,
        half_median: &HashMap<i32, i64>,
        acc: &mut InstAcc,
        slots: &mut Vec<usize>,
    ) {
        for (&(_, y), c) in self.hh.children_of_shard(s) {
            home_slots(self.layout, c.address, c.admin, slots);
            let low = half_median
                .get(&y)
                .is_some_and(|&limit| c.family_income < limit);
            acc.add(y, slots, &[(14, 1), (15, i64::from(low))]);
        }
        for (&(_, y), f) in self.hh.families_of_shard(s).filter(|(_, f)| f.children > 0) {
            home_slots(self.layout, f.home.address, f.home.admin, slots);
            acc.add(y, slots, &[(16, 1), (17, i64::from(f.adults == 1))]);
        }
    }
}

/// Half the median income of families with children, per year (integer DKK, rounded down).
fn half_medians(hh: &Households) -> HashMap<i32, i64> {
    let per_shard: Vec<HashMap<i32, Vec<i64>>> = (0..SHARDS)
        .into_par_iter()
        .map(|s| {
            let mut incomes: HashMap<i32, Vec<i64>> = HashMap::new();
            for ((_, y), f) in hh.families_of_shard(s).filter(|(_, f)| f.children > 0) {
                incomes.entry(*y).or_default().push(f.income);
            }
            incomes
        })
        .collect();
    let mut incomes: HashMap<i32, Vec<i64>> = HashMap::new();
    for (y, v) in per_shard.into_iter().flatten() {
        incomes.entry(y).or_default().extend(v);
    }
    incomes
        .into_par_iter()
        .map(|(y, mut v)| (y, half_median(&mut v)))
        .collect()
}

/// Half the median of `v` (not empty), rounded down: the mean of the two middle values when
/// their number is even. Reorders `v`.
fn half_median(v: &mut [i64]) -> i64 {
    let n = v.len();
    let (below, &mut upper, _) = v.select_nth_unstable(n / 2);
    let median2 = if n % 2 == 1 {
        2 * upper
    } else {
        below.iter().max().expect("two or more values") + upper
    };
    median2 / 4
}

/// The home slots of an address (every layer it lies in; none when unknown) and its
/// municipality, region and the country.
fn home_slots(layout: &Layout, address: u32, admin: (u16, u16), out: &mut Vec<usize>) {
    out.clear();
    if address != u32::MAX {
        out.extend(
            layout
                .slots_of(address)
                .iter()
                .filter(|&&s| s != u32::MAX)
                .map(|&s| s as usize),
        );
    }
    out.extend(layout.municipality_slot(i64::from(admin.0)));
    out.extend(layout.region_slot(i64::from(admin.1)));
    out.push(layout.country_slot());
}

#[cfg(test)]
mod tests {
    use super::half_median;

    /// The sorted definition: the two middle values of an even count, halved and truncated.
    fn by_sorting(v: &[i64]) -> i64 {
        let mut v = v.to_vec();
        v.sort_unstable();
        let n = v.len();
        let median2 = if n % 2 == 1 {
            2 * v[n / 2]
        } else {
            v[n / 2 - 1] + v[n / 2]
        };
        median2 / 4
    }

    #[test]
    fn half_median_matches_sorting() {
        let cases: [&[i64]; 6] = [
            &[7],
            &[3, 1],
            &[-5, -3],
            &[10, -1, 4, 4, 9, 2],
            &[1, 2, 3, 4, 5, 6, 7],
            &[-7, 100, 3, 3, 3, -7, 0, 11],
        ];
        for c in cases {
            assert_eq!(half_median(&mut c.to_vec()), by_sorting(c), "{c:?}");
        }
    }
}
