//! The analysis pipeline of `bydel demo`: from the counts table to the analysis tables and a
//! short summary. Analysis tables hold unsuppressed figures and are written to the run's `work/`
//! folder (confidential working data, like the counts); only tables released through
//! bydel-privacy go to `published/` (see [`crate::commands::publish`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use bydel_model::measure::{MeasureSpec, builtin_measures};
use bydel_model::{CountsTable, Kind, Year};
use bydel_rules::Eligibility;

use crate::error::CliError;

/// The council's impact goals for the demo (a data file; see docs/analysis.md).
const GOALS: &str = include_str!("../../data/gladsaxe-goals.toml");

/// Gladsaxe's municipality code: the demo's municipality.
pub const GLADSAXE: u16 = 159;

/// Every measure the pipeline needs: the criteria measures and the indicator catalogue's.
pub fn measures() -> Result<Vec<MeasureSpec>, CliError> {
    let mut all = builtin_measures();
    let catalogue = bydel_analysis::Catalogue::builtin().map_err(CliError::lib)?;
    for m in catalogue.required_measures() {
        if !all.iter().any(|b| b.name == m.name) {
            all.push(m);
        }
    }
    Ok(all)
}

/// Runs rules, analysis, segregation and indices; writes their tables under `work`.
pub fn analyse(counts: &CountsTable, work: &Path) -> Result<String, CliError> {
    let mut summary = String::new();
    rules(counts, work, &mut summary)?;
    monitoring(counts, work, &mut summary)?;
    segregation(counts, work, &mut summary)?;
    indices(counts, work)?;
    Ok(summary)
}

fn write_rows(path: &Path, header: &[String], rows: &[Vec<String>]) -> Result<(), CliError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| CliError::lib(e);
    w.write_record(header).map_err(io)?;
    for r in rows {
        w.write_record(r).map_err(io)?;
    }
    let bytes = w.into_inner().map_err(|e| CliError::Usage(e.to_string()))?;
    bydel_io::write::write_atomic(path, &bytes).map_err(CliError::lib)
}

fn rules(counts: &CountsTable, work: &Path, s: &mut String) -> Result<(), CliError> {
    let sets = bydel_rules::RuleSets::danish();
    let all = bydel_rules::classify_counts(counts, &sets, &[], &bydel_rules::History::default())
        .map_err(CliError::lib)?;
    let flat = bydel_rules::flat_table(&all, bydel_rules::Identity::Full);
    write_rows(&work.join("classification.csv"), &flat.columns, &flat.rows)?;
    let housing = Kind::new(Kind::HOUSING_AREA).expect("valid");
    let mut per_year: BTreeMap<i32, BTreeMap<String, usize>> = BTreeMap::new();
    for c in all
        .iter()
        .filter(|c| c.values.kind == housing && c.eligibility == Eligibility::Eligible)
    {
        let cat = c.published.clone().unwrap_or_else(|| "none".into());
        *per_year
            .entry(c.values.list_year.get())
            .or_default()
            .entry(cat)
            .or_default() += 1;
    }
    let _ = writeln!(
        s,
        "Areas on each list (synthetic Denmark, eligible housing areas), 1 December:"
    );
    let _ = writeln!(
        s,
        "  year  udsat  parallelsamfund  omdannelse  forebyggelse"
    );
    for (y, cats) in &per_year {
        let n = |k: &str| cats.get(k).copied().unwrap_or(0);
        let _ = writeln!(
            s,
            "  {y}  {:>5}  {:>15}  {:>10}  {:>12}",
            n("udsat"),
            n("parallelsamfund"),
            n("omdannelse"),
            n("forebyggelse")
        );
    }
    let last = per_year.keys().next_back().copied();
    let _ = writeln!(
        s,
        "\nGladsaxe's housing areas, list year {}:",
        last.map(|y| y.to_string()).unwrap_or_default()
    );
    for c in all
        .iter()
        .filter(|c| c.values.kind == housing && Some(c.values.list_year.get()) == last)
    {
        let Some(info) = counts.area(&c.values.kind, &c.values.area_id) else {
            continue;
        };
        if info.municipality == Some(GLADSAXE) {
            let cat = c.published.as_deref().unwrap_or("none");
            let _ = writeln!(
                s,
                "  {:<28} {:<14} criteria met: {}",
                info.name,
                cat,
                c.criteria_met.join(";")
            );
        }
    }
    Ok(())
}

fn monitoring(counts: &CountsTable, work: &Path, s: &mut String) -> Result<(), CliError> {
    let cat = bydel_analysis::Catalogue::builtin().map_err(CliError::lib)?;
    let goals = bydel_analysis::goals::parse_goals("gladsaxe-goals.toml", GOALS, &cat)
        .map_err(CliError::lib)?;
    let tables =
        bydel_analysis::analyse(counts, &cat, &goals, &bydel_analysis::Settings::default());
    let dir = work.join("analysis");
    std::fs::create_dir_all(&dir).map_err(|source| CliError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    for t in &tables {
        let mut buf = Vec::new();
        t.write_csv(&mut buf).map_err(CliError::lib)?;
        bydel_io::write::write_atomic(&dir.join(format!("{}.csv", t.name)), &buf)
            .map_err(CliError::lib)?;
        if t.name == "goals" {
            let _ = writeln!(
                s,
                "\nImpact goals (work/analysis/goals.csv): {} goals tracked",
                t.rows.len()
            );
        }
        if t.name == "watchlist" {
            let _ = writeln!(
                s,
                "\nWatch-list: {} warnings (work/analysis/watchlist.csv)",
                t.rows.len()
            );
        }
    }
    Ok(())
}

fn segregation(counts: &CountsTable, work: &Path, s: &mut String) -> Result<(), CliError> {
    use bydel_segregation::table::{AreaFilter, Groups, Selection};
    let mut rows = Vec::new();
    let _ = writeln!(
        s,
        "\nSegregation, non-Western origin vs the rest (dissimilarity D, Theil's H; 95 % bootstrap):"
    );
    for (scope, kind, filter) in [
        (
            "Gladsaxe",
            Kind::DISTRICT,
            AreaFilter::Municipality(GLADSAXE),
        ),
        ("Denmark", Kind::MUNICIPALITY, AreaFilter::All),
    ] {
        let sel = Selection {
            kind: Kind::new(kind).expect("valid"),
            filter,
            groups: Groups::Single {
                group: "non_western".into(),
                total: "residents".into(),
            },
        };
        let indices = bydel_segregation::index::Index::for_design(
            bydel_segregation::counts::Design::SingleGroup,
        );
        let years = bydel_segregation::yearly::analyse_years(
            counts,
            &sel,
            &indices,
            &bydel_segregation::inference::Resampling::new(200, 159),
            bydel_segregation::yearly::Split::None,
        )
        .map_err(CliError::lib)?;
        for y in &years {
            for e in &y.estimates {
                let f = |v: &bydel_model::Value| {
                    v.number().map(|x| format!("{x:.4}")).unwrap_or_default()
                };
                rows.push(vec![
                    scope.into(),
                    kind.into(),
                    y.year.to_string(),
                    e.index.into(),
                    f(&e.value),
                    f(&e.ci_low),
                    f(&e.ci_high),
                    f(&e.expected_random),
                ]);
            }
        }
        for y in years
            .iter()
            .filter(|y| y.year == years[0].year || Some(y.year) == years.last().map(|l| l.year))
        {
            let pick = |name: &str| {
                y.estimates
                    .iter()
                    .find(|e| e.index == name)
                    .map(|e| {
                        let f = |v: &bydel_model::Value| {
                            v.number().map(|x| format!("{x:.3}")).unwrap_or("–".into())
                        };
                        format!("{} [{}, {}]", f(&e.value), f(&e.ci_low), f(&e.ci_high))
                    })
                    .unwrap_or_default()
            };
            let _ = writeln!(
                s,
                "  {scope:<9} {}  D {}  H {}",
                y.year,
                pick("dissimilarity"),
                pick("entropy")
            );
        }
    }
    let header: Vec<String> = [
        "scope",
        "layer",
        "year",
        "index",
        "value",
        "ci_low",
        "ci_high",
        "expected_random",
    ]
    .map(String::from)
    .to_vec();
    write_rows(&work.join("segregation.csv"), &header, &rows)
}

fn indices(counts: &CountsTable, work: &Path) -> Result<(), CliError> {
    let Some(&year) = counts.years().iter().next_back() else {
        return Ok(());
    };
    let district = Kind::new(Kind::DISTRICT).expect("valid");
    let table = bydel_index::from_counts::area_table(
        counts,
        &district,
        year,
        &bydel_index::from_counts::danish_criteria(),
        "residents",
    )
    .map_err(CliError::lib)?;
    let method = bydel_index::Method::preset("mss-dk").map_err(CliError::lib)?;
    let out = bydel_index::run(&method, &table, bydel_index::Stability::default())
        .map_err(CliError::lib)?;
    let t = out.areas_table();
    write_rows(
        &work.join(format!("index_mss_district_{}.csv", Year::get(year))),
        &t.header,
        &t.rows,
    )
}
