//! Prints the calibration table (run with `--nocapture`); asserts nothing beyond running.

mod common;

#[test]
#[ignore = "prints the calibration report; run explicitly"]
fn print_calibration_report() {
    let t = common::default_tally();
    let (y0, y1) = t.years;
    println!("year  DK_res  nw%   B%    A%    C%   inc   | Glx_res  age  nw%  A%  | moves_in");
    for y in y0..=y1 {
        let n = t.cell("country", "DK", y);
        let g = t.cell("municipality", "159", y);
        let moves = match (t.gladsaxe_ids.get(&(y - 1)), t.gladsaxe_ids.get(&y)) {
            (Some(a), Some(b)) => b.difference(a).count(),
            _ => 0,
        };
        println!(
            "{y} {:7.0} {:5.2} {:5.3} {:5.1} {:5.1} {:6.0} | {:7.0} {:4.1} {:4.1} {:4.1} | {moves}",
            n.residents,
            100.0 * n.e(),
            100.0 * n.b(),
            100.0 * n.a(),
            100.0 * n.c(),
            n.income(),
            g.residents,
            g.age_sum / g.residents,
            100.0 * g.e(),
            100.0 * g.a()
        );
    }
    for id in bydel_synth::gladsaxe::STRATEGY_AREAS {
        println!("{id}: list year, residents, A %, B (x national), C %, D (% of region), E %");
        for y in (y0 + 1)..=y1 {
            let [a, b, c, d, e] = t.criteria("housing_area", id, y);
            let n = t.cell("housing_area", id, y).residents;
            println!(
                "  {y} {n:5.0} {:5.1} {:4.2} {:5.1} {:5.1} {:5.1}",
                100.0 * a,
                b,
                100.0 * c,
                100.0 * d,
                100.0 * e
            );
        }
    }
    let mut ids: Vec<&String> = t
        .names
        .keys()
        .filter(|k| t.area_region.contains_key(*k))
        .collect();
    ids.sort();
    for id in ids {
        if t.get("housing_area", id, y1).is_none() {
            continue;
        }
        let mut line = format!("{:40}", id);
        for y in (y0 + 1)..=y1 {
            let [a, b, c, d, e] = t.criteria("housing_area", id, y);
            let (u, p, f, res) = t.categories(id, y);
            let tag = if p {
                "P"
            } else if u {
                "U"
            } else if f {
                "F"
            } else {
                "."
            };
            if y == 2020 || y == y1 {
                line += &format!(
                    " [{y} n{res:.0} A{:.0} B{:.1} C{:.0} D{:.0} E{:.0}]",
                    a * 100.0,
                    b,
                    c * 100.0,
                    d * 100.0,
                    e * 100.0
                );
            }
            line += tag;
        }
        println!("{line}");
    }
    for (k, v) in &t.attach {
        if k.2 == 2012 && k.1 == "16-64" || k.2 == 2022 && k.1 == "30-59" {
            println!("attach {k:?} {:.3}", v.0 / v.1);
        }
    }
    for (k, v) in &t.parents_basic {
        if k.1 == 2018 {
            println!("parents basic {k:?} {:.3}", v.0 / v.1);
        }
    }
    for y in [2019, 2021, 2022] {
        let a = t.absence[&y];
        println!(
            "absence {y} mean {:.2} >10% {:.3}; exam DK {:.2} 159 {:.2}",
            a.0 / a.1,
            a.2 / a.1,
            t.exams[&("DK", y)].0 / t.exams[&("DK", y)].1,
            t.exams[&("159", y)].0 / t.exams[&("159", y)].1
        );
    }
    for (k, v) in &t.language {
        println!("language {k} special {:.3}", v.0 / v.1);
    }
    let s = t.school_mix[&("159-skovbrynet-skole".to_string(), 2017)];
    println!(
        "Skovbrynet 2017: {} pupils, {:.2} from Værebro",
        s.0,
        s.1 / s.0
    );
    println!(
        "Gladsaxe dwellings {} almene {}",
        t.dwellings.0, t.dwellings.1
    );
    for d in [
        "159-bagsvaerd",
        "159-stengaard",
        "159-gladsaxe",
        "159-buddinge",
        "159-moerkhoej",
        "159-soeborggaard",
        "159-soeborgmagle",
        "159-haralds",
    ] {
        let c = t.cell("district", d, 2022);
        println!(
            "{d}: res {:.0} employed income {:.0}",
            c.residents,
            c.employed_sum / c.employed_n
        );
    }
    let g = t.cell("municipality", "159", 2018);
    let n = t.cell("country", "DK", 2018);
    println!(
        "taxable income per person 2018: 159 {:.0} DK {:.0}",
        g.taxable_sum / g.taxable_n,
        n.taxable_sum / n.taxable_n
    );
    let r = t.cell("region", "1084", 2022);
    println!(
        "region 1084 migrant share 2022 {:.3}",
        r.migrant / r.residents
    );
    for y in [2013, 2018, 2022] {
        let n = t.cell("country", "DK", y);
        println!(
            "DK {y}: nw {:.2} % mean age {:.1}",
            100.0 * n.e(),
            n.age_sum / n.residents
        );
    }
}
