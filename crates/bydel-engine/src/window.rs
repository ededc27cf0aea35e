//! Year windows: the pass reads the person-years of a few consecutive data years at a time, so
//! that the join state of the institution pass (children and families of those years) is bounded
//! by the rows of one window, not by the number of years in the dataset.
//!
//! Windows come from the Parquet statistics of the year column: each row group's (min, max)
//! year. Consecutive years are grouped until a window holds about [`WINDOW_ROWS`] person-years.
//! A row group that straddles two windows is read by both, each keeping only its own years.
//! Sources without statistics (CSV, XLSX, Parquet written without them) form one window that
//! spans every year.

use std::fs::File;
use std::ops::RangeInclusive;

use bydel_io::IoError;
use bydel_io::read::Unit;
use bydel_model::Year;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::statistics::Statistics;

/// Person-years per window (the join state is a few dozen bytes per person-year).
pub const WINDOW_ROWS: u64 = 4_000_000;

/// A span of data years.
pub type Years = RangeInclusive<i32>;

/// Every year bydel counts.
pub fn all_years() -> Years {
    Year::MIN..=Year::MAX
}

/// How a year column is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearColumn<'a> {
    /// An integer year column.
    Year(&'a str),
    /// A date column; the year is the date's calendar year.
    DateOf(&'a str),
}

/// The (min, max) data year of each unit, `None` when unknown.
pub fn unit_years(units: &[Unit], column: YearColumn<'_>) -> Result<Vec<Option<Years>>, IoError> {
    let mut out = Vec::with_capacity(units.len());
    let mut open: Option<(std::path::PathBuf, SerializedFileReader<File>)> = None;
    for u in units {
        let Unit::RowGroup { path, group, .. } = u else {
            out.push(None);
            continue;
        };
        if open.as_ref().is_none_or(|(p, _)| p != path) {
            let file = File::open(path).map_err(|e| IoError::file(path, e))?;
            let reader = SerializedFileReader::new(file).map_err(|source| IoError::Parquet {
                path: path.clone(),
                source,
            })?;
            open = Some((path.clone(), reader));
        }
        let (_, reader) = open.as_ref().expect("opened above");
        out.push(group_years(reader, *group, column));
    }
    Ok(out)
}

fn group_years(
    reader: &SerializedFileReader<File>,
    group: usize,
    column: YearColumn<'_>,
) -> Option<Years> {
    let meta = reader.metadata().row_group(group);
    let name = match column {
        YearColumn::Year(n) | YearColumn::DateOf(n) => n,
    };
    let col = meta
        .columns()
        .iter()
        .find(|c| c.column_descr().name() == name)?;
    let to_year = |v: i64| match column {
        YearColumn::Year(_) => i32::try_from(v).ok(),
        YearColumn::DateOf(_) => i32::try_from(v)
            .ok()
            .map(|d| bydel_model::Date::from_days_since_epoch(d).year()),
    };
    let (lo, hi) = match col.statistics()? {
        Statistics::Int32(s) => (i64::from(*s.min_opt()?), i64::from(*s.max_opt()?)),
        Statistics::Int64(s) => (*s.min_opt()?, *s.max_opt()?),
        _ => return None,
    };
    Some(to_year(lo)?..=to_year(hi)?)
}

/// Groups the years of the persons units into windows of about `max_rows` rows each.
pub fn windows(units: &[Unit], years: &[Option<Years>], max_rows: u64) -> Vec<Years> {
    let mut per_year: std::collections::BTreeMap<i32, u64> = Default::default();
    for (u, y) in units.iter().zip(years) {
        let (Some(y), Unit::RowGroup { rows, .. }) = (y, u) else {
            return vec![all_years()];
        };
        let span = (y.end() - y.start() + 1).max(1) as u64;
        for year in y.clone() {
            *per_year.entry(year).or_default() += rows.div_ceil(span);
        }
    }
    let mut out: Vec<Years> = Vec::new();
    let mut rows_in_last = 0;
    for (&y, &n) in &per_year {
        match out.last_mut() {
            Some(w) if rows_in_last + n <= max_rows => {
                *w = *w.start()..=y;
                rows_in_last += n;
            }
            _ => {
                out.push(y..=y);
                rows_in_last = n;
            }
        }
    }
    if out.is_empty() {
        out.push(all_years());
    }
    // The first and last windows reach to the ends of bydel's years, so that rows outside every
    // row group's statistics (there are none, but a window must never drop a row) still count.
    if let Some(first) = out.first_mut() {
        *first = Year::MIN..=*first.end();
    }
    // Windows are contiguous: a year without person-years between two windows (pupils or
    // daycare admissions of that year still count at their school or institution) belongs to
    // the later one.
    for i in 1..out.len() {
        let start = out[i - 1].end() + 1;
        out[i] = start..=*out[i].end();
    }
    if let Some(last) = out.last_mut() {
        *last = *last.start()..=Year::MAX;
    }
    out
}

/// The units whose years overlap `window` (units without statistics always overlap).
pub fn overlapping<'a>(
    units: &'a [Unit],
    years: &'a [Option<Years>],
    window: &'a Years,
) -> impl Iterator<Item = &'a Unit> + 'a {
    units.iter().zip(years).filter_map(move |(u, y)| {
        let hit = y
            .as_ref()
            .is_none_or(|y| y.start() <= window.end() && y.end() >= window.start());
        hit.then_some(u)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rg(rows: u64) -> Unit {
        Unit::RowGroup {
            path: "p.parquet".into(),
            group: 0,
            first_row: 0,
            rows,
        }
    }

    #[test]
    fn windows_group_years_up_to_the_row_budget() {
        let units = vec![rg(10), rg(10), rg(10), rg(10)];
        let years = vec![
            Some(2015..=2015),
            Some(2015..=2016),
            Some(2016..=2016),
            Some(2017..=2017),
        ];
        let w = windows(&units, &years, 20);
        assert_eq!(w, vec![Year::MIN..=2015, 2016..=2016, 2017..=Year::MAX]);
        assert_eq!(overlapping(&units, &years, &w[1]).count(), 2);
        let gap = vec![Some(2015..=2015), Some(2018..=2018)];
        let w = windows(&units[..2], &gap, 10);
        assert_eq!(
            w,
            vec![Year::MIN..=2015, 2016..=Year::MAX],
            "no year is left out"
        );
        let w = windows(&units, &years, 1000);
        assert_eq!(w, vec![all_years()]);
    }

    #[test]
    fn without_statistics_one_window() {
        let units = vec![rg(10), Unit::Whole(bydel_io::Source::Csv("x.csv".into()))];
        assert_eq!(
            windows(&units, &[Some(2015..=2015), None], 5),
            vec![all_years()]
        );
    }
}
