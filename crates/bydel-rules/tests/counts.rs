//! Classification from the counts table: exact criteria, computed history, and agreement with
//! `classify_table` on the same values exported as a VALUES.csv (the microdata ↔ `bydel
//! classify` agreement of issue 4, as a property).

use bydel_model::measure::*;
use bydel_model::{AreaId, AreaInfo, CountKey, CountsTable, Kind, Year};
use bydel_rules::input::values_table;
use bydel_rules::{
    Averaging, Classification, History, ListYear, RuleSets, Status, classify_counts, classify_table,
};
use proptest::prelude::*;

/// One area-year of counts: residents, 18–64, outside FTE (persons), 30–59, basic, income n,
/// income sum, non-Western, 18+, convicted.
#[derive(Debug, Clone, Copy)]
struct Counts {
    residents: i64,
    age_18_64: i64,
    outside_persons: i64,
    age_30_59: i64,
    basic: i64,
    income_n: i64,
    income_sum: i64,
    non_western: i64,
    age_18plus: i64,
    convicted: i64,
}

fn put(t: &mut CountsTable, kind: &str, id: &str, year: i32, c: Counts) {
    let key = CountKey {
        kind: Kind::new(kind).unwrap(),
        area_id: AreaId::new(id).unwrap(),
        year: Year::new(year).unwrap(),
    };
    for (m, v) in [
        (RESIDENTS, c.residents),
        (AGE_18_64, c.age_18_64),
        (OUTSIDE_FTE_18_64, c.outside_persons * MICRO),
        (AGE_30_59, c.age_30_59),
        (BASIC_EDU_30_59, c.basic),
        (INCOME_N_15_64, c.income_n),
        (INCOME_SUM_15_64, c.income_sum),
        (NON_WESTERN, c.non_western),
        (AGE_18_PLUS, c.age_18plus),
        (CONVICTED_18_PLUS, c.convicted),
    ] {
        t.set(key.clone(), m, v);
    }
}

fn info(kind: &str, id: &str) -> AreaInfo {
    AreaInfo {
        kind: Kind::new(kind).unwrap(),
        area_id: AreaId::new(id).unwrap(),
        name: id.to_string(),
        parent_id: None,
        municipality: Some(159),
        region: Some(1084),
    }
}

/// Denmark and Region Hovedstaden: national conviction share 0.8 %, regional mean income 400,000.
fn base(years: std::ops::RangeInclusive<i32>) -> CountsTable {
    let mut t = CountsTable::new(builtin_measures().into_iter().map(|m| m.name));
    t.add_area(info("country", "DK"));
    t.add_area(info("region", "1084"));
    let nation = Counts {
        residents: 5_000_000,
        age_18_64: 3_000_000,
        outside_persons: 600_000,
        age_30_59: 2_000_000,
        basic: 400_000,
        income_n: 3_000_000,
        income_sum: 3_000_000 * 380_000,
        non_western: 450_000,
        age_18plus: 4_000_000,
        convicted: 32_000,
    };
    let region = Counts {
        residents: 1_500_000,
        income_n: 1_000_000,
        income_sum: 400_000_000_000,
        ..nation
    };
    for y in years {
        put(&mut t, "country", "DK", y, nation);
        put(&mut t, "region", "1084", y, region);
    }
    t
}

/// A parallelsamfund under every period's rules: A 45 %, B 3 %, C 65 %, D 50 %, E 60 %.
const HARD: Counts = Counts {
    residents: 2000,
    age_18_64: 1000,
    outside_persons: 450,
    age_30_59: 600,
    basic: 390,
    income_n: 900,
    income_sum: 900 * 200_000,
    non_western: 1200,
    age_18plus: 1500,
    convicted: 45,
};

fn ly(y: i32) -> ListYear {
    ListYear::new(y).unwrap()
}

fn find<'a>(r: &'a [Classification], id: &str, year: i32) -> &'a Classification {
    r.iter()
        .find(|c| c.values.area_id.as_str() == id && c.values.list_year == ly(year))
        .unwrap()
}

fn status(c: &Classification, cat: &str) -> Status {
    c.category(cat).unwrap().status
}

#[test]
fn boundaries_are_decided_exactly_from_counts() {
    let mut t = base(2020..=2022);
    // A exactly 40 % both years (not met); B exactly 3 × 0.8 % = 2.4 % (met): 36 of 1,500.
    let at = Counts {
        outside_persons: 400,
        convicted: 36,
        basic: 100,
        income_sum: 900 * 380_000,
        non_western: 100,
        ..HARD
    };
    for y in 2020..=2022 {
        put(&mut t, "housing_area", "at", y, at);
    }
    t.add_area(info("housing_area", "at"));
    let r = classify_counts(&t, &RuleSets::danish(), &[ly(2022)], &History::new()).unwrap();
    let c = find(&r, "at", 2022);
    let udsat = c.category("udsat").unwrap();
    let met = |id: &str| udsat.conditions.iter().find(|k| k.id == id).unwrap().status;
    assert_eq!(met("udsat_A"), Status::NotMet);
    assert_eq!(met("udsat_B"), Status::Met);
    assert_eq!(c.criteria_met, ["B"]);
    // The country and region are classified too, and never eligible.
    let dk = find(&r, "DK", 2022);
    assert!(!dk.eligibility.is_eligible());
    assert_eq!(
        dk.category("udsat").unwrap().conditions[1].margin,
        Ok(bydel_model::Rational::new(-16, 1000).unwrap())
    );
}

#[test]
fn omdannelse_from_computed_history_across_rule_periods() {
    let mut t = base(2015..=2022);
    for y in 2015..=2022 {
        put(&mut t, "housing_area", "hard", y, HARD);
        // A gap: in data year 2019 this area falls below every threshold.
        let gap = if y == 2019 {
            Counts {
                outside_persons: 100,
                convicted: 1,
                basic: 10,
                income_sum: 900 * 400_000,
                ..HARD
            }
        } else {
            HARD
        };
        put(&mut t, "housing_area", "gap", y, gap);
    }
    t.add_area(info("housing_area", "hard"));
    t.add_area(info("housing_area", "gap"));
    let sets = RuleSets::danish();
    let r = classify_counts(&t, &sets, &[], &History::new()).unwrap();
    let years: Vec<i32> = bydel_rules::available_list_years(&t, &sets)
        .iter()
        .map(|y| y.get())
        .collect();
    assert_eq!(
        years,
        (2016..=2022).collect::<Vec<_>>(),
        "two-year means need data year L-1"
    );
    assert_eq!(
        status(find(&r, "hard", 2016), "parallelsamfund"),
        Status::Met
    );
    assert_eq!(
        status(find(&r, "hard", 2018), "omdannelse"),
        Status::Unknown,
        "2014-2015 are not computable"
    );
    assert_eq!(
        status(find(&r, "hard", 2020), "omdannelse"),
        Status::Met,
        "2016-2020 computed"
    );
    assert_eq!(status(find(&r, "hard", 2022), "omdannelse"), Status::Met);
    // Data year 2019 breaks list 2019 (single-year C, D, E) but the two-year means carry into 2020.
    assert_eq!(
        status(find(&r, "gap", 2019), "parallelsamfund"),
        Status::NotMet
    );
    assert_eq!(status(find(&r, "gap", 2022), "omdannelse"), Status::NotMet);
    assert_eq!(
        status(find(&r, "gap", 2022), "parallelsamfund"),
        Status::Met
    );
    // Supplied history fills 2014-2015 for 2018.
    let mut h = History::new();
    for y in [2014, 2015] {
        h.insert(
            Kind::new("housing_area").unwrap(),
            AreaId::new("hard").unwrap(),
            ly(y),
            "parallelsamfund",
            true,
        );
    }
    let r = classify_counts(&t, &sets, &[ly(2018)], &h).unwrap();
    assert_eq!(status(find(&r, "hard", 2018), "omdannelse"), Status::Met);
    assert_eq!(
        find(&r, "hard", 2018).published.as_deref(),
        Some("omdannelse")
    );
}

#[test]
fn pooled_and_mean_of_rates_can_differ() {
    let mut t = base(2021..=2022);
    // 2021: 100 of 100 outside; 2022: 300 of 1,000. Mean of rates 65 %; pooled 400/1,100 = 36.4 %.
    put(
        &mut t,
        "housing_area",
        "x",
        2021,
        Counts {
            age_18_64: 100,
            outside_persons: 100,
            ..HARD
        },
    );
    put(
        &mut t,
        "housing_area",
        "x",
        2022,
        Counts {
            age_18_64: 1000,
            outside_persons: 300,
            ..HARD
        },
    );
    t.add_area(info("housing_area", "x"));
    let mean = RuleSets::danish();
    let pooled_set = mean
        .for_year(ly(2022))
        .unwrap()
        .clone()
        .with_averaging(Averaging::Pooled);
    let pooled = RuleSets::danish().with(pooled_set);
    let a = |sets: &RuleSets| {
        let r = classify_counts(&t, sets, &[ly(2022)], &History::new()).unwrap();
        find(&r, "x", 2022).category("udsat").unwrap().conditions[0].status
    };
    assert_eq!(a(&mean), Status::Met);
    assert_eq!(a(&pooled), Status::NotMet);
}

/// Classifies the counts, exports the values as VALUES.csv and classifies that: every flag must
/// agree.
fn assert_agreement(t: &CountsTable, year: i32, history: &History) {
    let sets = RuleSets::danish();
    let set = sets.for_year(ly(year)).unwrap();
    let all = classify_counts(t, &sets, &[], history).unwrap();
    let computed = bydel_rules::history_of(&all, &sets);
    let from_counts: Vec<Classification> = all
        .into_iter()
        .filter(|c| c.values.kind.as_str() == "housing_area" && c.values.list_year == ly(year))
        .collect();
    let table = values_table(&from_counts, set);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&table.columns).unwrap();
    for r in &table.rows {
        w.write_record(r).unwrap();
    }
    let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
    let from_csv = classify_table(&sets, ly(year), "values.csv", &text, &computed).unwrap();
    assert_eq!(from_counts.len(), from_csv.len());
    for (a, b) in from_counts.iter().zip(&from_csv) {
        assert_eq!(a.values.area_id, b.values.area_id);
        for (x, y) in a.categories.iter().zip(&b.categories) {
            assert_eq!(
                (&x.id, x.status),
                (&y.id, y.status),
                "{} {year}\n{text}",
                a.values.area_id
            );
            for (p, q) in x.conditions.iter().zip(&y.conditions) {
                assert_eq!(
                    (&p.id, p.status, p.margin.clone(), p.change),
                    (&q.id, q.status, q.margin.clone(), q.change)
                );
            }
        }
        assert_eq!(
            (&a.published, &a.criteria_met, a.eligibility),
            (&b.published, &b.criteria_met, b.eligibility)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn counts_and_values_csv_agree(
        areas in prop::collection::vec((990i64..1100, 0i64..=100, 0i64..=100, 0i64..=100, 0i64..=30, 30i64..=120, 0i64..=100), 1..6),
        year in prop_oneof![Just(2012), Just(2015), Just(2019), Just(2022)],
    ) {
        let mut t = base(year - 7..=year);
        for (i, &(res, a, c, e, b, d, shift)) in areas.iter().enumerate() {
            let id = format!("a{i}");
            for (k, y) in (year - 7..=year).enumerate() {
                let jitter = (shift + k as i64 * 7) % 11;
                let n18 = res / 2 + jitter;
                let counts = Counts {
                    residents: res,
                    age_18_64: n18,
                    outside_persons: n18 * (a + jitter) / 111,
                    age_30_59: res / 3,
                    basic: res / 3 * c / 100,
                    income_n: n18,
                    income_sum: n18 * 4_000 * d,
                    non_western: res * e / 100,
                    age_18plus: res * 3 / 4,
                    convicted: b + jitter,
                };
                put(&mut t, "housing_area", &id, y, counts);
            }
            t.add_area(info("housing_area", &id));
        }
        assert_agreement(&t, year, &History::new());
    }
}
