//! Calibration: one test per public figure the generator targets (docs/synthetic.md lists the
//! sources), each with its tolerance. They run on the default dataset (seed 159, 2012–2025),
//! tallied in memory once per test binary.

mod common;

use common::default_tally;

fn within(what: &str, got: f64, target: f64, tol: f64) {
    assert!(
        (got - target).abs() <= tol,
        "{what}: generated {got:.4}, public {target} ± {tol}"
    );
}

#[test]
fn gladsaxe_population_within_2_percent() {
    let t = default_tally();
    // Gladsaxe Kommune / Danmarks Statistik FOLK1A: 69,484 (2018), ~69,000 (2020), 70,001 (2023),
    // 70,600 (2024), 70,958 (2025).
    for (year, public) in [
        (2018, 69_484.0),
        (2020, 69_000.0),
        (2023, 70_001.0),
        (2024, 70_600.0),
        (2025, 70_958.0),
    ] {
        let got = t.cell("municipality", "159", year).residents;
        within(
            &format!("Gladsaxe residents {year}"),
            got,
            public,
            0.02 * public,
        );
    }
}

#[test]
fn gladsaxe_parishes_within_5_percent() {
    let t = default_tally();
    for (id, public) in [
        ("159-bagsvaerd", 11_021.0),
        ("159-buddinge", 7_454.0),
        ("159-gladsaxe", 11_534.0),
        ("159-haralds", 4_143.0),
        ("159-moerkhoej", 10_170.0),
        ("159-stengaard", 12_299.0),
        ("159-soeborggaard", 9_099.0),
        ("159-soeborgmagle", 4_169.0),
    ] {
        within(
            id,
            t.cell("district", id, 2022).residents,
            public,
            0.05 * public,
        );
    }
}

#[test]
fn mean_age_gladsaxe_and_denmark_2018() {
    let t = default_tally();
    let g = t.cell("municipality", "159", 2018);
    let n = t.cell("country", "DK", 2018);
    within("Gladsaxe mean age 2018", g.age_sum / g.residents, 39.7, 1.5);
    within("Denmark mean age 2018", n.age_sum / n.residents, 41.5, 1.5);
}

#[test]
fn gladsaxe_dwellings() {
    let t = default_tally();
    within(
        "Gladsaxe dwellings",
        t.dwellings.0 as f64,
        31_542.0,
        0.1 * 31_542.0,
    );
    within(
        "Gladsaxe almene dwellings",
        t.dwellings.1 as f64,
        11_500.0,
        0.15 * 11_500.0,
    );
}

#[test]
fn about_6000_move_to_gladsaxe_each_year() {
    let t = default_tally();
    // New residents (in-movers plus about 800 newborns) each year.
    for y in (t.years.0 + 1)..=t.years.1 {
        let new = t.gladsaxe_ids[&y]
            .difference(&t.gladsaxe_ids[&(y - 1)])
            .count() as f64;
        within(
            &format!("new Gladsaxe residents {y}"),
            new,
            6_500.0,
            1_500.0,
        );
    }
}

#[test]
fn national_non_western_share() {
    let t = default_tally();
    for (year, public) in [(2013, 0.070), (2018, 0.085), (2022, 0.091)] {
        within(
            &format!("non-Western share {year}"),
            t.cell("country", "DK", year).e(),
            public,
            0.01,
        );
    }
}

#[test]
fn region_hovedstaden_migrant_share() {
    let t = default_tally();
    let r = t.cell("region", "1084", 2022);
    within(
        "immigrants and descendants, Region Hovedstaden 2022",
        r.migrant / r.residents,
        0.215,
        0.04,
    );
}

#[test]
fn national_conviction_share_2022_list() {
    let t = default_tally();
    let b = (t.cell("country", "DK", 2021).b() + t.cell("country", "DK", 2022).b()) / 2.0;
    within(
        "convicted share of residents 18+ (2-year mean)",
        b,
        0.00725,
        0.0015,
    );
}

#[test]
fn employment_30_59_by_origin_2022() {
    let t = default_tally();
    let rate = |g| {
        let (s, n) = t.attach[&(g, "30-59", 2022)];
        s / n
    };
    within(
        "non-Western immigrants 30-59 employed",
        rate("nw_immigrant"),
        0.66,
        0.05,
    );
    within(
        "non-Western descendants 30-59 employed",
        rate("nw_descendant"),
        0.76,
        0.06,
    );
    assert!(rate("danish") > rate("nw_descendant"));
}

#[test]
fn parents_with_basic_education_only_2018() {
    let t = default_tally();
    let share = |g| {
        let (b, n) = t.parents_basic[&(g, 2018)];
        b / n
    };
    within("non-Western parents, basic only", share("nw"), 0.60, 0.08);
    within(
        "Danish-origin parents, basic only",
        share("danish"),
        0.20,
        0.08,
    );
}

#[test]
fn school_absence_by_year() {
    let t = default_tally();
    let mean = |y| t.absence[&y].0 / t.absence[&y].1;
    for y in 2012..=2019 {
        assert!((5.0..=6.0).contains(&mean(y)), "{y}: {}", mean(y));
    }
    within("absence 2021/22", mean(2021), 8.0, 0.5);
    within("absence 2022/23", mean(2022), 7.0, 0.5);
    within(
        "pupils above 10 % absence 2022/23",
        t.absence[&2022].2 / t.absence[&2022].1,
        0.20,
        0.04,
    );
}

#[test]
fn exam_averages() {
    let t = default_tally();
    let avg = |s, y| t.exams[&(s, y)].0 / t.exams[&(s, y)].1;
    for y in 2018..=2023 {
        assert!((7.2..=7.9).contains(&avg("DK", y)), "{y}: {}", avg("DK", y));
    }
    within("Gladsaxe exam average 2019/20", avg("159", 2019), 7.6, 0.3);
}

#[test]
fn language_assessment_special_effort() {
    let t = default_tally();
    let share = |g| t.language[g].0 / t.language[g].1;
    within("special effort, Danish origin", share("danish"), 0.08, 0.02);
    within("special effort, non-Western", share("nw"), 0.56, 0.07);
}

#[test]
fn taxable_income_per_person_2018() {
    let t = default_tally();
    let per = |c: &common::Cell| c.taxable_sum / c.taxable_n;
    within(
        "Denmark",
        per(t.cell("country", "DK", 2018)),
        277_182.0,
        0.07 * 277_182.0,
    );
    within(
        "Gladsaxe",
        per(t.cell("municipality", "159", 2018)),
        302_016.0,
        0.07 * 302_016.0,
    );
}

#[test]
fn employed_income_by_parish_ranges_from_haralds_to_soeborgmagle() {
    let t = default_tally();
    let inc = |id| {
        let c = t.cell("district", id, 2022);
        c.employed_sum / c.employed_n
    };
    let ids = [
        "159-bagsvaerd",
        "159-buddinge",
        "159-gladsaxe",
        "159-haralds",
        "159-moerkhoej",
        "159-stengaard",
        "159-soeborggaard",
        "159-soeborgmagle",
    ];
    let max = ids.iter().max_by(|a, b| inc(a).total_cmp(&inc(b))).unwrap();
    let min = ids.iter().min_by(|a, b| inc(a).total_cmp(&inc(b))).unwrap();
    assert_eq!((*min, *max), ("159-haralds", "159-soeborgmagle"));
    within(
        "Søborgmagle",
        inc("159-soeborgmagle"),
        615_000.0,
        0.12 * 615_000.0,
    );
    within("Haralds", inc("159-haralds"), 362_000.0, 0.15 * 362_000.0);
}

#[test]
fn vaerebro_park_non_western_2020() {
    let t = default_tally();
    within(
        "Værebro Park non-Western 2020",
        t.cell("housing_area", "159-vaerebro-park", 2020).e(),
        0.518,
        0.04,
    );
}

#[test]
fn strategy_areas_above_municipal_average_on_a_in_2020() {
    let t = default_tally();
    let muni = t.cell("municipality", "159", 2020).a();
    for id in bydel_synth::gladsaxe::STRATEGY_AREAS {
        let gap = 100.0 * (t.cell("housing_area", id, 2020).a() - muni);
        // Public: 9-16 points; tolerance 4 points either side.
        assert!(
            (5.0..=20.0).contains(&gap),
            "{id}: {gap:.1} points above the municipality"
        );
        let earlier =
            100.0 * (t.cell("housing_area", id, 2017).a() - t.cell("housing_area", id, 2020).a());
        assert!(
            earlier > 0.0,
            "{id}: outside share should have fallen 2017-2020 ({earlier:.1})"
        );
    }
}

#[test]
fn hoeje_gladsaxe_never_listed_vaerebro_on_forebyggelse_2021() {
    let t = default_tally();
    for y in 2021..=t.years.1 {
        let (u, p, f, _) = t.categories("159-hoeje-gladsaxe", y);
        assert!(!u && !p && !f, "Høje Gladsaxe listed in {y}");
    }
    let (u, _, f, _) = t.categories("159-vaerebro-park", 2021);
    assert!(
        f && !u,
        "Værebro Park should be a forebyggelsesområde in 2021"
    );
}

#[test]
fn skovbrynet_pupils_from_vaerebro_2017() {
    let t = default_tally();
    let (n, from) = t.school_mix[&("159-skovbrynet-skole".to_string(), 2017)];
    within(
        "share of Skovbrynet pupils living in Værebro Park",
        from / n,
        0.57,
        0.12,
    );
}

#[test]
fn denmark_shows_every_list_transition() {
    let t = default_tally();
    let ids: Vec<&String> = t
        .area_region
        .keys()
        .filter(|k| !k.starts_with("159-") && t.get("housing_area", k, 2021).is_some())
        .collect();
    let years: Vec<i32> = (2016..=t.years.1).collect();
    let series = |id: &str, f: &dyn Fn((bool, bool, bool, f64)) -> bool| {
        years
            .iter()
            .map(|&y| f(t.categories(id, y)))
            .collect::<Vec<_>>()
    };
    type Pick = fn((bool, bool, bool, f64)) -> bool;
    let parallel: Pick = |c| c.1;
    let udsat: Pick = |c| c.0;
    let fore: Pick = |c| c.2;
    assert!(
        ids.iter().any(|id| series(id, &parallel)
            .windows(5)
            .any(|w| w.iter().all(|x| *x))),
        "no omdannelsesområde"
    );
    for (name, f) in [
        ("parallelsamfund", parallel),
        ("udsat", udsat),
        ("forebyggelse", fore),
    ] {
        let enters = ids
            .iter()
            .any(|id| series(id, &f).windows(2).any(|w| !w[0] && w[1]));
        let leaves = ids
            .iter()
            .any(|id| series(id, &f).windows(2).any(|w| w[0] && !w[1]));
        assert!(enters && leaves, "{name}: enters {enters}, leaves {leaves}");
    }
    let under = ids.iter().any(|id| {
        years.windows(2).any(|w| {
            t.cell("housing_area", id, w[0]).residents >= 1000.0
                && (950.0..1000.0).contains(&t.cell("housing_area", id, w[1]).residents)
        })
    });
    assert!(under, "no area falls just under 1,000 residents");
}
