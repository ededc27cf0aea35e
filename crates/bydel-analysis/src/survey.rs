//! Survey indicators from an area-level CSV with sample sizes.
//!
//! Columns: `kind`, `area_id`, `year`, `indicator`, `respondents`, and either `positive` (the
//! number answering yes) or `share_pct` (the per cent answering yes). Each row becomes two
//! measures of the counts table, `survey_<indicator>_n` and `survey_<indicator>_yes` (rounded to
//! whole respondents), which the catalogue's survey indicators read like any other counts — so
//! survey results get Wilson intervals, comparisons, trends and goals like the registers.

use bydel_model::{AreaId, CountKey, CountsTable, Kind, Year};

use crate::error::AnalysisError;

/// Reads a survey CSV (`file` names it in errors) into `table`; returns the number of rows.
pub fn add_survey(table: &mut CountsTable, file: &str, text: &str) -> Result<usize, AnalysisError> {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = rdr
        .headers()
        .map_err(|e| bad(file, 1, "header", "a CSV header", &e.to_string()))?
        .clone();
    let col = |name: &str| header.iter().position(|h| h == name);
    let need =
        |name: &str| col(name).ok_or_else(|| bad(file, 1, name, "this column", "no such column"));
    let (ck, ca, cy, ci, cn) = (
        need("kind")?,
        need("area_id")?,
        need("year")?,
        need("indicator")?,
        need("respondents")?,
    );
    let (cp, cs) = (col("positive"), col("share_pct"));
    if cp.is_none() && cs.is_none() {
        return Err(bad(
            file,
            1,
            "positive",
            "a `positive` or `share_pct` column",
            "neither",
        ));
    }
    let mut rows = 0;
    for (i, rec) in rdr.records().enumerate() {
        let line = i as u64 + 2;
        let rec = rec.map_err(|e| bad(file, line, "row", "a CSV row", &e.to_string()))?;
        let cell = |c: usize| rec.get(c).unwrap_or("");
        let kind =
            Kind::new(cell(ck)).map_err(|_| bad(file, line, "kind", "a layer name", cell(ck)))?;
        let area_id = AreaId::new(cell(ca))
            .map_err(|_| bad(file, line, "area_id", "an area id", cell(ca)))?;
        let year = cell(cy)
            .parse()
            .ok()
            .and_then(|y| Year::new(y).ok())
            .ok_or_else(|| bad(file, line, "year", "a year 1980-2100", cell(cy)))?;
        let ind = cell(ci);
        if !bydel_model::measure::is_valid_measure_name(ind) {
            return Err(bad(
                file,
                line,
                "indicator",
                "a name of a-z, 0-9 and _",
                ind,
            ));
        }
        let n: i64 = cell(cn)
            .parse()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| bad(file, line, "respondents", "a whole number >= 0", cell(cn)))?;
        let yes = positive(&rec, cp, cs, n).map_err(|(c, f)| {
            bad(
                file,
                line,
                c,
                "a count or per cent within the respondents",
                &f,
            )
        })?;
        let key = CountKey {
            kind,
            area_id,
            year,
        };
        table.set(key.clone(), &format!("survey_{ind}_n"), n);
        table.set(key, &format!("survey_{ind}_yes"), yes);
        rows += 1;
    }
    Ok(rows)
}

fn positive(
    rec: &csv::StringRecord,
    cp: Option<usize>,
    cs: Option<usize>,
    n: i64,
) -> Result<i64, (&'static str, String)> {
    if let Some(c) = cp.filter(|&c| !rec.get(c).unwrap_or("").is_empty()) {
        let t = rec.get(c).unwrap_or("");
        return t
            .parse::<i64>()
            .ok()
            .filter(|k| (0..=n).contains(k))
            .ok_or(("positive", t.to_string()));
    }
    let c = cs.ok_or(("positive", String::new()))?;
    let t = rec.get(c).unwrap_or("");
    let pct: f64 = t
        .parse()
        .ok()
        .filter(|p: &f64| (0.0..=100.0).contains(p))
        .ok_or(("share_pct", t.to_string()))?;
    Ok((pct / 100.0 * n as f64).round() as i64)
}

fn bad(file: &str, line: u64, column: &str, expected: &str, found: &str) -> AnalysisError {
    AnalysisError::Survey {
        file: file.into(),
        line,
        column: column.into(),
        expected: expected.into(),
        found: found.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_counts_and_percentages_and_names_bad_cells() {
        let mut t = CountsTable::default();
        let text = "kind,area_id,year,indicator,respondents,positive,share_pct\n\
                    housing_area,hg,2016,safety,250,172,\n\
                    housing_area,hg,2017,safety,250,,79.6\n";
        assert_eq!(add_survey(&mut t, "s.csv", text).unwrap(), 2);
        let (k, a) = (
            Kind::new("housing_area").unwrap(),
            AreaId::new("hg").unwrap(),
        );
        assert_eq!(
            t.get(&k, &a, Year::new(2017).unwrap(), "survey_safety_yes"),
            Some(199)
        );
        let err = add_survey(
            &mut t,
            "s.csv",
            "kind,area_id,year,indicator,respondents,positive\nx,a,2017,safety,10,11\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("s.csv, line 2, column positive"), "{err}");
    }
}
