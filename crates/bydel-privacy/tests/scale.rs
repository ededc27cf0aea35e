//! A release of municipal size (Gladsaxe-like: 10 districts, 30 housing areas, 12 years, a
//! count, four shares and a mean income per area-year) withstands its audit. Seeded.

use bydel_privacy::hierarchy::AREA_KEY;
use bydel_privacy::{
    Cell, Column, Contributions, Coverage, Policy, Relation, ResultTable, release,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const SHARES: [(&str, &str, &str); 4] = [
    ("non_western_share", "non_western", "residents"),
    ("outside_work_share", "outside_work", "adults_18_64"),
    ("basic_education_share", "basic_education", "adults_30_59"),
    ("convicted_share", "convicted", "adults_18"),
];

/// Per area: residents, four (numerator, denominator) pairs, income (sum, n, largest, second).
#[derive(Clone, Copy, Default)]
struct Area {
    residents: i64,
    shares: [(i64, i64); 4],
    income: (i64, i64, i64, i64),
}

impl Area {
    fn random(rng: &mut ChaCha8Rng, size: i64) -> Area {
        let residents = rng.gen_range(0..=size);
        let mut shares = [(0, 0); 4];
        let fractions = [0.3, 0.15, 0.2, 0.01];
        for (i, (s, f)) in shares.iter_mut().zip(fractions).enumerate() {
            let den = if i == 0 {
                residents
            } else {
                (residents as f64 * rng.gen_range(0.4..0.7)) as i64
            };
            let num = (0..den).filter(|_| rng.gen_bool(f)).count() as i64;
            *s = (num, den);
        }
        let n = shares[1].1;
        let incomes: Vec<i64> = (0..n).map(|_| rng.gen_range(50_000..600_000)).collect();
        let mut sorted = incomes.clone();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        let top = |i: usize| sorted.get(i).copied().unwrap_or(0);
        Area {
            residents,
            shares,
            income: (incomes.iter().sum(), n, top(0), top(1)),
        }
    }

    fn add(&mut self, o: &Area) {
        self.residents += o.residents;
        for (a, b) in self.shares.iter_mut().zip(o.shares) {
            *a = (a.0 + b.0, a.1 + b.1);
        }
        let (s, n, l, t) = self.income;
        let mut top = [l, t, o.income.2, o.income.3];
        top.sort_unstable_by(|a, b| b.cmp(a));
        self.income = (s + o.income.0, n + o.income.1, top[0], top[1]);
    }

    fn cells(&self) -> Vec<Cell> {
        let mut cells = vec![Cell::Count(self.residents)];
        cells.extend(
            self.shares
                .iter()
                .map(|&(numerator, denominator)| Cell::Share {
                    numerator,
                    denominator,
                }),
        );
        let (total, contributors, largest, second) = self.income;
        cells.push(Cell::Magnitude(Contributions {
            total,
            contributors,
            largest,
            second,
        }));
        cells
    }
}

fn columns() -> Vec<Column> {
    let mut cols = vec![Column::count("residents")];
    cols.extend(
        SHARES
            .iter()
            .map(|(n, num, den)| Column::share(n, num, den)),
    );
    cols.push(Column::mean("mean_income", "income_sum", "income_persons"));
    cols
}

fn municipal_table(seed: u64) -> ResultTable {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut t = ResultTable::new("areas", &AREA_KEY, columns()).unwrap();
    for year in 2013..2025 {
        let key = |kind: &str, id: &str| vec![kind.to_string(), id.to_string(), year.to_string()];
        let mut municipality = Area::default();
        let mut districts = Vec::new();
        for d in 0..10 {
            let mut district = Area::random(&mut rng, 3000);
            let mut parts = Vec::new();
            for h in 0..3 {
                let size = if h == 0 { 40 } else { 1500 };
                let ha = Area::random(&mut rng, size);
                district.add(&ha);
                let hk = key("housing_area", &format!("h{d}_{h}"));
                t.push_row(hk.clone(), Some(ha.residents), ha.cells())
                    .unwrap();
                parts.push(hk);
            }
            let dk = key("district", &format!("d{d}"));
            t.push_row(dk.clone(), Some(district.residents), district.cells())
                .unwrap();
            t.add_relation(Relation::Rows {
                total: dk.clone(),
                parts,
                coverage: Coverage::Partial,
            })
            .unwrap();
            municipality.add(&district);
            districts.push(dk);
        }
        let mk = key("municipality", "159");
        t.push_row(
            mk.clone(),
            Some(municipality.residents),
            municipality.cells(),
        )
        .unwrap();
        t.add_relation(Relation::Rows {
            total: mk,
            parts: districts,
            coverage: Coverage::Complete,
        })
        .unwrap();
    }
    t
}

#[test]
fn municipal_sized_release_is_audited_clean() {
    for policy in [Policy::danmarks_statistik(), Policy::municipal()] {
        let rel = release(vec![municipal_table(159)], &policy).unwrap();
        let dir = tempfile::tempdir().unwrap();
        bydel_privacy::publish::write_release(dir.path(), "areas", &rel).unwrap();
        let report = bydel_privacy::audit_dir(dir.path()).unwrap();
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        let s = rel.summary();
        eprintln!(
            "{}: {} cells, primary {} {:?}, secondary {}",
            policy.name,
            s.cells,
            s.primary_total(),
            s.primary,
            s.secondary
        );
        assert!(s.primary_total() > 0 && s.secondary > 0);
        assert_eq!(report.suppressed, s.primary_total() + s.secondary);
    }
}
