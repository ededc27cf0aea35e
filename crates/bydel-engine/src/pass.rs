//! The aggregation pass: addresses → slots, convictions → a set, then one parallel pass over the
//! persons table into dense per-year accumulators, summed and turned into a [`CountsTable`].

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;
use std::sync::Mutex;
use std::time::Instant;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use bydel_geo::place::place_addresses;
use bydel_geo::{AreaSet, Point};
use bydel_io::read::{Batch, Unit, read_source, read_unit_dict, units};
use bydel_io::validate::Deferred;
use bydel_io::{Dataset, IoError};
use bydel_model::measure::MeasureSpec;
use bydel_model::schema;
use bydel_model::{
    AreaId, AreaInfo, CountKey, CountsTable, Date, Education, Kind, Law, Origin, Sex, WesternList,
    Year,
};
use foldhash::fast::FixedState;
use rayon::prelude::*;

use crate::EngineError;
use crate::households::{Collected, Households, Member};
use crate::institutions::{InstAcc, Institutions};
use crate::kernel::{self, Compiled, Row};
use crate::layout::{self, Layout, SlotKind};
use crate::window;
use bydel_io::decode::{Cache, decode};
use bydel_model::western::country_code;

/// Progress reporting for long passes (implemented by the CLI with a progress bar).
pub trait Progress: Sync {
    /// A new stage begins; `total` rows when known.
    fn stage(&self, _name: &str, _total: Option<u64>) {}
    /// `n` more rows are done.
    fn advance(&self, _n: u64) {}
}

/// No progress output.
#[derive(Debug)]
pub struct Quiet;
impl Progress for Quiet {}

/// The columns of `persons` the pass reads (projection).
const PERSON_COLUMNS: &[&str] = &[
    "person_id",
    "year",
    "address_id",
    "municipality",
    "region",
    "age",
    "sex",
    "origin",
    "origin_country",
    "outside_fte",
    "education",
    "in_education",
    "gross_income",
    "taxable",
    "moved_in",
    "family_id",
];

/// Text columns read dictionary-encoded from Parquet and decoded once per distinct value.
const DICTIONARY_COLUMNS: &[&str] = &["address_id", "sex", "origin", "origin_country", "education"];

/// Rows of the units when the Parquet metadata tells.
fn rows_of(units: &[&Unit]) -> Option<u64> {
    units
        .iter()
        .map(|u| match u {
            Unit::RowGroup { rows, .. } => Some(*rows),
            Unit::Whole(_) => None,
        })
        .sum()
}

/// Wall-clock time of each phase of an aggregation, in order.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// (phase, seconds); a phase met in several year windows is summed.
    pub phases: Vec<(&'static str, f64)>,
}

impl Timings {
    /// Adds `seconds` to `phase` (appending it when new).
    pub fn add(&mut self, phase: &'static str, seconds: f64) {
        match self.phases.iter_mut().find(|(p, _)| *p == phase) {
            Some((_, s)) => *s += seconds,
            None => self.phases.push((phase, seconds)),
        }
    }
    /// Runs `f` and adds its wall time to `phase`.
    pub fn time<T>(&mut self, phase: &'static str, f: impl FnOnce() -> T) -> T {
        let t0 = Instant::now();
        let out = f();
        self.add(phase, t0.elapsed().as_secs_f64());
        out
    }
}

/// Aggregates a dataset into counts for every measure, area, layer and year.
pub fn aggregate(
    ds: &Dataset,
    areas: &AreaSet,
    measures: &[MeasureSpec],
    western: &WesternList,
    progress: &dyn Progress,
) -> Result<CountsTable, EngineError> {
    aggregate_timed(ds, areas, measures, western, progress).map(|(t, _)| t)
}

/// [`aggregate`], with the wall time of each phase: `addresses` (placement), `convictions`,
/// `persons` (the person pass, which also collects children and families), `institutions`
/// (pupils, daycare, language assessments and families) and `table` (building the counts table).
///
/// The persons are read in year windows ([`crate::window`]): the children and families of one
/// window are joined with that window's pupils, daycare children and language assessments and
/// then dropped, so memory is bounded by the rows of a window, not by the number of years.
pub fn aggregate_timed(
    ds: &Dataset,
    areas: &AreaSet,
    measures: &[MeasureSpec],
    western: &WesternList,
    progress: &dyn Progress,
) -> Result<(CountsTable, Timings), EngineError> {
    aggregate_validating(ds, areas, measures, western, progress, None)
}

/// [`aggregate_timed`], validating the persons during the same read (one decode of every
/// persons row group instead of two): with `validation`, every unit of the persons table is
/// checked once by [`Deferred::persons`] and recorded in unit order, and rows with problems do
/// not stop the pass. The caller then ends the validation with [`Deferred::finish`] and throws
/// the counts away when it finds problems.
///
/// Without `validation` the dataset must have been validated before (as by [`aggregate`]).
pub fn aggregate_validating(
    ds: &Dataset,
    areas: &AreaSet,
    measures: &[MeasureSpec],
    western: &WesternList,
    progress: &dyn Progress,
    mut validation: Option<&mut Deferred<'_>>,
) -> Result<(CountsTable, Timings), EngineError> {
    let mut timings = Timings::default();
    let strict = validation.is_none();
    let compiled = measures
        .iter()
        .map(Compiled::new)
        .collect::<Result<Vec<_>, _>>()?;
    progress.stage("addresses", None);
    let layout = timings.time("addresses", || resolve_addresses(ds, areas))?;
    progress.stage("convictions", None);
    let convicted = timings.time("convictions", || read_convictions(ds, strict))?;
    let inst = timings.time("institutions", || Institutions::read(ds, &layout))?;
    let source = ds.require(&schema::PERSONS)?;
    let units = units(&source)?;
    let years = window::unit_years(&units, window::YearColumn::Year("year"))?;
    let windows = match inst {
        Some(_) => window::windows(&units, &years, window::WINDOW_ROWS),
        None => vec![window::all_years()],
    };
    let ctx = Ctx {
        layout: &layout,
        compiled: &compiled,
        western,
        convicted: &convicted,
        progress,
        households: inst.is_some(),
    };
    let mut acc = Acc::new(&layout, compiled.len());
    let mut inst_acc = inst.as_ref().map(InstAcc::new);
    // With validation: every column (the checks need them all), and each unit checked once
    // (a unit that straddles two windows is read by both).
    let columns = if strict { Some(PERSON_COLUMNS) } else { None };
    let mut checked = vec![false; units.len()];
    for w in &windows {
        let unit_list: Vec<(usize, &Unit)> = window::overlapping(&units, &years, w)
            .map(|u| (index_of(&units, u), u))
            .collect();
        let listed: Vec<&Unit> = unit_list.iter().map(|(_, u)| *u).collect();
        progress.stage("persons", rows_of(&listed));
        let t0 = Instant::now();
        let deferred = validation.as_deref();
        let (part, hh, mut parts) = unit_list
            .par_iter()
            .map(|&(i, u)| {
                let mut check = deferred.filter(|_| !checked[i]).map(Deferred::persons);
                let mut acc = Acc::new(&layout, compiled.len());
                let mut hh = match (ctx.households, u) {
                    (true, Unit::RowGroup { rows, .. }) => Collected::with_capacity(*rows as usize),
                    _ => Collected::default(),
                };
                let mut decoders = Decoders::default();
                read_unit_dict(u, &schema::PERSONS, columns, DICTIONARY_COLUMNS, &mut |b| {
                    match check.as_mut() {
                        Some(c) => c.check(&b),
                        None => bad_input(&b)?,
                    }
                    ctx.batch(&b, w, &mut acc, &mut hh, &mut decoders)
                })?;
                let part = check.map(|c| vec![(i, c.done())]).unwrap_or_default();
                Ok::<_, IoError>((acc, vec![hh], part))
            })
            .try_reduce(
                || {
                    let acc = Acc::new(&layout, compiled.len());
                    (acc, Vec::new(), Vec::new())
                },
                |mut a, b| {
                    a.1.extend(b.1);
                    a.2.extend(b.2);
                    Ok((a.0.merge(b.0), a.1, a.2))
                },
            )?;
        if let Some(v) = validation.as_deref_mut() {
            parts.sort_by_key(|p| p.0);
            parts.iter().for_each(|p| checked[p.0] = true);
            v.record(parts.into_iter().map(|p| p.1).collect());
        }
        acc = acc.merge(part);
        let hh = ctx.households.then(|| Households::build(hh));
        timings.add("persons", t0.elapsed().as_secs_f64());
        if let (Some(inst), Some(inst_acc), Some(hh)) = (&inst, inst_acc.as_mut(), &hh) {
            progress.stage("schools, daycare and families", None);
            timings.time("institutions", || {
                crate::institutions::count_window(&layout, inst, hh, w, inst_acc)
            })?;
        }
    }
    progress.stage("counts table", None);
    let table = timings.time("table", || {
        let mut table = acc.into_table(&layout, areas, measures);
        if let (Some(inst), Some(inst_acc)) = (&inst, inst_acc) {
            inst_acc.into_table(&layout, areas, inst, &mut table);
        }
        table
    });
    Ok((table, timings))
}

/// The (person fingerprint, calendar year) of the guilty decisions that count (looked up once
/// per person-year, with the fast fixed hasher of the other fingerprint maps).
type Convicted = HashSet<(u64, i32), FixedState>;

struct Ctx<'a> {
    layout: &'a Layout,
    compiled: &'a [Compiled],
    western: &'a WesternList,
    convicted: &'a Convicted,
    progress: &'a dyn Progress,
    /// Collect children and families for the institution pass.
    households: bool,
}

/// Per-thread sums: year → slots × measures, plus each address's municipality and region.
struct Acc {
    /// Indexed by `year - Year::MIN`; allocated on first use.
    years: Vec<Option<Vec<i64>>>,
    width: usize,
    address_admin: Vec<(u16, u16)>,
}

impl Acc {
    fn new(layout: &Layout, n_measures: usize) -> Self {
        Acc {
            years: vec![None; (Year::MAX - Year::MIN + 1) as usize],
            width: layout.n_slots() * n_measures,
            address_admin: vec![(0, 0); layout.address_index.len()],
        }
    }
    /// The cells of data year `y` (validation guarantees the year is in range).
    fn year_cells(&mut self, y: i32) -> &mut Vec<i64> {
        let i = (y.clamp(Year::MIN, Year::MAX) - Year::MIN) as usize;
        let width = self.width;
        self.years[i].get_or_insert_with(|| vec![0; width])
    }
    fn merge(mut self, other: Acc) -> Acc {
        for (mine, theirs) in self.years.iter_mut().zip(other.years) {
            match (mine.as_mut(), theirs) {
                (Some(m), Some(t)) => m.iter_mut().zip(t).for_each(|(a, b)| *a += b),
                (None, Some(t)) => *mine = Some(t),
                _ => {}
            }
        }
        for (a, b) in self.address_admin.iter_mut().zip(other.address_admin) {
            if a.0 == 0 {
                *a = b;
            }
        }
        self
    }
}

/// The index of `unit` in `units` (it is one of its elements).
fn index_of(units: &[Unit], unit: &Unit) -> usize {
    units
        .iter()
        .position(|u| std::ptr::eq(u, unit))
        .expect("an element of the list")
}

/// The fingerprint of a person identifier (the join key of convictions, children and pupils).
pub(crate) fn fingerprint(id: &str) -> u64 {
    FixedState::with_seed(0xb7de1).hash_one(id)
}

fn bad_input(b: &Batch) -> Result<(), IoError> {
    if b.problems.is_empty() {
        Ok(())
    } else {
        Err(IoError::Invalid(b.problems.clone()))
    }
}

/// Per-unit decoding state: reused buffers and the dictionaries decoded so far.
#[derive(Default)]
struct Decoders {
    address: (Cache<u32>, Vec<u32>),
    sex: (Cache<u8>, Vec<u8>),
    origin: (Cache<u8>, Vec<u8>),
    education: (Cache<u8>, Vec<u8>),
    country: (Cache<[u8; 2]>, Vec<[u8; 2]>),
}

/// A country code that matches no country (null or unparseable).
const NO_COUNTRY: [u8; 2] = [0, 0];

impl Ctx<'_> {
    fn batch(
        &self,
        b: &Batch,
        window: &window::Years,
        acc: &mut Acc,
        hh: &mut Collected,
        d: &mut Decoders,
    ) -> Result<(), IoError> {
        let batch: &RecordBatch = &b.batch;
        let col = |n: &str| batch.column_by_name(n).expect("projected column");
        let i = |n: &str| col(n).as_primitive::<Int64Type>();
        let index = &self.layout.address_index;
        decode(
            col("address_id"),
            &mut d.address.0,
            u32::MAX,
            &|s| *index.get(s).unwrap_or(&u32::MAX),
            &mut d.address.1,
        );
        decode(
            col("sex"),
            &mut d.sex.0,
            7,
            &|s| code(Sex::parse(s).map(Sex::index)),
            &mut d.sex.1,
        );
        decode(
            col("origin"),
            &mut d.origin.0,
            7,
            &|s| code(Origin::parse(s).map(Origin::index)),
            &mut d.origin.1,
        );
        decode(
            col("education"),
            &mut d.education.0,
            7,
            &|s| code(Education::parse(s).map(Education::index)),
            &mut d.education.1,
        );
        decode(
            col("origin_country"),
            &mut d.country.0,
            NO_COUNTRY,
            &|s| country_code(s).unwrap_or(NO_COUNTRY),
            &mut d.country.1,
        );
        let pid = col("person_id").as_string::<i32>();
        let family = col("family_id").as_string::<i32>();
        let fetch_pid = self.households || !self.convicted.is_empty();
        let (year, muni, region, age, income) = (
            i("year"),
            i("municipality"),
            i("region"),
            i("age"),
            i("gross_income"),
        );
        let (in_edu, taxable) = (
            col("in_education").as_boolean(),
            col("taxable").as_boolean(),
        );
        let outside = col("outside_fte").as_primitive::<Float64Type>();
        let moved = col("moved_in").as_primitive::<Date32Type>();
        let n_m = self.compiled.len();
        let danish = Origin::Danish.index() as u8;
        let mut slots: Vec<usize> = Vec::with_capacity(self.layout.layers.len() + 3);
        let mut values = vec![0i64; n_m];
        for r in 0..batch.num_rows() {
            let y = year.value(r) as i32;
            if !window.contains(&y) {
                continue;
            }
            let person = if fetch_pid {
                fingerprint(pid.value(r))
            } else {
                0
            };
            let origin = d.origin.1[r];
            let mut flags = 0;
            let country = d.country.1[r];
            if origin != danish
                && origin != 7
                && country != NO_COUNTRY
                && !self.western.is_western_code(country, y)
            {
                flags |= kernel::NON_WESTERN;
            }
            if in_edu.value(r) {
                flags |= kernel::IN_EDUCATION;
            }
            if taxable.value(r) {
                flags |= kernel::TAXABLE;
            }
            if !self.convicted.is_empty() && self.convicted.contains(&(person, y - 1)) {
                flags |= kernel::CONVICTED;
            }
            if !moved.is_null(r) && moved_last_year(moved.value(r), y) {
                flags |= kernel::MOVED_LAST_YEAR;
            }
            let a = d.address.1[r];
            if self.households {
                hh.observe(&Member {
                    person,
                    // A person without a family id is a family of one, keyed by its own id (the
                    // generated SQL: `COALESCE(family_id, person_id)`).
                    family: if family.is_null(r) {
                        person
                    } else {
                        fingerprint(family.value(r))
                    },
                    year: y,
                    age: age.value(r),
                    address: a,
                    rank: if a == u32::MAX {
                        u32::MAX
                    } else {
                        self.layout.address_rank[a as usize]
                    },
                    admin: (muni.value(r) as u16, region.value(r) as u16),
                    non_western: flags & kernel::NON_WESTERN != 0,
                    outside_half: outside.value(r) >= 0.5,
                    income: income.value(r),
                });
            }
            let row = Row {
                age: age.value(r).clamp(0, 255) as u8,
                sex: d.sex.1[r],
                origin,
                education: d.education.1[r],
                flags,
                outside_micro: kernel::micro_fte(outside.value(r)),
                income: income.value(r),
            };
            for (v, m) in values.iter_mut().zip(self.compiled) {
                *v = m.eval(&row);
            }
            slots.clear();
            if a != u32::MAX {
                slots.extend(
                    self.layout
                        .slots_of(a)
                        .iter()
                        .filter(|&&s| s != u32::MAX)
                        .map(|&s| s as usize),
                );
                acc.address_admin[a as usize] = (muni.value(r) as u16, region.value(r) as u16);
            }
            slots.extend(self.layout.municipality_slot(muni.value(r)));
            slots.extend(self.layout.region_slot(region.value(r)));
            slots.push(self.layout.country_slot());
            let cells = acc.year_cells(y);
            for &s in &slots {
                let base = s * n_m;
                cells[base..base + n_m]
                    .iter_mut()
                    .zip(&values)
                    .for_each(|(c, v)| *c += v);
            }
        }
        self.progress.advance(batch.num_rows() as u64);
        Ok(())
    }
}

/// True when `moved` (days since the epoch) falls after 1 January of `y − 1` and on or before
/// 1 January of `y`: the person moved to the address during the preceding calendar year.
fn moved_last_year(moved: i32, y: i32) -> bool {
    moved > jan1(y - 1) && moved <= jan1(y)
}

fn code(r: Result<usize, bydel_model::ModelError>) -> u8 {
    // Validation has run; an unknown code matches no code mask.
    r.map(|i| i as u8).unwrap_or(7)
}

fn jan1(y: i32) -> i32 {
    Date::new(y, 1, 1)
        .map(Date::days_since_epoch)
        .unwrap_or(i32::MIN)
}

/// Reads addresses and explicit placements, places every address in every layer.
pub fn resolve_addresses(ds: &Dataset, areas: &AreaSet) -> Result<Layout, EngineError> {
    let (mut ids, mut points) = (Vec::new(), Vec::new());
    read_source(
        &ds.require(&schema::ADDRESSES)?,
        &schema::ADDRESSES,
        None,
        &mut |b| {
            bad_input(&b)?;
            let (id, lon, lat) = (
                b.batch.column(0).as_string::<i32>(),
                b.batch.column(1).as_primitive::<Float64Type>(),
                b.batch.column(2).as_primitive::<Float64Type>(),
            );
            for r in 0..b.batch.num_rows() {
                ids.push(id.value(r).to_string());
                points.push(Point {
                    x: lon.value(r),
                    y: lat.value(r),
                });
            }
            Ok(())
        },
    )?;
    let index: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    let area_index: HashMap<(&str, &str), usize> = areas
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| ((a.kind.as_str(), a.area_id.as_str()), i))
        .collect();
    let overrides = Mutex::new(HashMap::new());
    if let Some(src) = ds.source(&schema::ADDRESS_AREAS)? {
        read_source(&src, &schema::ADDRESS_AREAS, None, &mut |b| {
            bad_input(&b)?;
            let (a, k, id) = (
                b.batch.column(0).as_string::<i32>(),
                b.batch.column(1).as_string::<i32>(),
                b.batch.column(2).as_string::<i32>(),
            );
            for r in 0..b.batch.num_rows() {
                if let (Some(&ai), Some(&area)) = (
                    index.get(a.value(r)),
                    area_index.get(&(k.value(r), id.value(r))),
                ) {
                    overrides
                        .lock()
                        .expect("no poisoning")
                        .insert((ai, k.value(r).to_string()), area);
                }
            }
            Ok(())
        })?;
    }
    let overrides = overrides.into_inner().expect("no poisoning");
    let placed = place_addresses(areas, &points, &overrides);
    Ok(layout::build(areas, ids, placed))
}

/// The (person fingerprint, calendar year) of every guilty decision under the three laws.
/// `strict`: refuse a batch with problems (the dataset was validated before); otherwise leave
/// its bad rows out (validation runs alongside and reports them).
fn read_convictions(ds: &Dataset, strict: bool) -> Result<Convicted, EngineError> {
    let mut set = Convicted::default();
    let Some(src) = ds.source(&schema::CONVICTIONS)? else {
        return Ok(set);
    };
    read_source(&src, &schema::CONVICTIONS, None, &mut |b| {
        if strict {
            bad_input(&b)?;
        }
        let (pid, date, law, guilty) = (
            b.batch.column(0).as_string::<i32>(),
            b.batch.column(1).as_primitive::<Date32Type>(),
            b.batch.column(2).as_string::<i32>(),
            b.batch.column(3).as_boolean(),
        );
        for r in 0..b.batch.num_rows() {
            if guilty.value(r) && Law::parse(law.value(r)).is_ok_and(Law::counts_for_criterion_b) {
                set.insert((
                    fingerprint(pid.value(r)),
                    Date::from_days_since_epoch(date.value(r)).year(),
                ));
            }
        }
        Ok(())
    })?;
    Ok(set)
}

impl Acc {
    fn into_table(self, layout: &Layout, areas: &AreaSet, measures: &[MeasureSpec]) -> CountsTable {
        let mut t = CountsTable::new(measures.iter().map(|m| m.name.clone()));
        let n_m = measures.len();
        let (area_admin, muni_region) = admin_of(&self.address_admin, layout);
        let mut present = vec![false; layout.n_slots()];
        let years = self
            .years
            .into_iter()
            .enumerate()
            .filter_map(|(i, c)| c.map(|c| (i as i32 + Year::MIN, c)));
        for (y, cells) in years {
            let Ok(year) = Year::new(y) else { continue };
            for slot in 0..layout.n_slots() {
                let vals = &cells[slot * n_m..(slot + 1) * n_m];
                let admin = !matches!(layout.describe(slot), SlotKind::Area(_));
                if admin && vals.iter().all(|&v| v == 0) {
                    continue;
                }
                present[slot] = true;
                let (kind, area_id) = slot_key(layout, areas, slot);
                let key = CountKey {
                    kind,
                    area_id,
                    year,
                };
                for (m, &v) in measures.iter().zip(vals) {
                    t.set(key.clone(), &m.name, v);
                }
            }
        }
        for slot in (0..layout.n_slots()).filter(|&s| present[s]) {
            t.add_area(slot_info(layout, areas, slot, &area_admin, &muni_region));
        }
        t
    }
}

/// The (layer, area id) of a slot.
pub(crate) fn slot_key(layout: &Layout, areas: &AreaSet, slot: usize) -> (Kind, AreaId) {
    let k = |s: &str| Kind::new(s).expect("valid");
    let id = |s: String| AreaId::new(s).expect("valid");
    match layout.describe(slot) {
        SlotKind::Area(i) => (areas.areas[i].kind.clone(), areas.areas[i].area_id.clone()),
        SlotKind::Municipality(c) => (k(Kind::MUNICIPALITY), id(c.to_string())),
        SlotKind::Region(c) => (k(Kind::REGION), id(c.to_string())),
        SlotKind::Country => (k(Kind::COUNTRY), id(Kind::COUNTRY_ID.into())),
    }
}

fn slot_info(
    layout: &Layout,
    areas: &AreaSet,
    slot: usize,
    area_admin: &[(u16, u16)],
    muni_region: &HashMap<u16, u16>,
) -> AreaInfo {
    let (kind, area_id) = slot_key(layout, areas, slot);
    let (name, parent_id, municipality, region) = match layout.describe(slot) {
        SlotKind::Area(i) => {
            let a = &areas.areas[i];
            let (m, r) = area_admin[i];
            let m = a.municipality.or((m != 0).then_some(m));
            let r = m
                .and_then(|m| muni_region.get(&m).copied())
                .or((r != 0).then_some(r));
            (a.name.clone(), a.parent_id.clone(), m, r)
        }
        SlotKind::Municipality(c) => (
            bydel_model::names::municipality(c),
            None,
            Some(c),
            muni_region.get(&c).copied(),
        ),
        SlotKind::Region(c) => (bydel_model::names::region(c), None, None, Some(c)),
        SlotKind::Country => ("Danmark".into(), None, None, None),
    };
    AreaInfo {
        kind,
        area_id,
        name,
        parent_id,
        municipality,
        region,
    }
}

/// The modal municipality and region of each geometric area (over its addresses), and each
/// municipality's region.
fn admin_of(address_admin: &[(u16, u16)], layout: &Layout) -> (Vec<(u16, u16)>, HashMap<u16, u16>) {
    let mut votes: Vec<HashMap<(u16, u16), u32>> = vec![HashMap::new(); layout.n_areas];
    let mut muni_region = HashMap::new();
    for (a, &(m, r)) in address_admin.iter().enumerate() {
        if m == 0 {
            continue;
        }
        muni_region.insert(m, r);
        for &s in layout.slots_of(a as u32).iter().filter(|&&s| s != u32::MAX) {
            *votes[s as usize].entry((m, r)).or_default() += 1;
        }
    }
    let modal = votes
        .into_iter()
        .map(|v| {
            v.into_iter()
                .max_by_key(|&(k, n)| (n, std::cmp::Reverse(k)))
                .map(|(k, _)| k)
                .unwrap_or((0, 0))
        })
        .collect();
    (modal, muni_region)
}
