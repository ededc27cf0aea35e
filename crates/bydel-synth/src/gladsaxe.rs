//! Gladsaxe (municipality 159, Region Hovedstaden): its eight parishes as districts, their
//! neighbourhoods, the three areas of the social-balance strategy, public schools by name with
//! school districts, and daycare. Populations, dwelling counts and compositions come from
//! `docs/synthetic.md` (public figures; *judgement* where none is published). Names of the three
//! strategy areas, the parishes and the schools are real; the other neighbourhoods are synthetic.

use bydel_model::codes::{DaycareKind, SchoolKind};

use crate::builder::{PlaceSpec, WorldBuilder, slug};
use crate::curve::Curve;
use crate::geometry::Rect;
use crate::grow::{Noise, grow};
use crate::tessellation::Tessellation;
use crate::world::Land;
use crate::world::PlaceKind::{self, *};

/// Gladsaxe's municipality code.
pub const CODE: u16 = 159;
/// Region Hovedstaden.
pub const REGION: u16 = 1084;
/// Area ids of the three areas the strategy names.
pub const STRATEGY_AREAS: [&str; 3] = [
    "159-hoeje-gladsaxe",
    "159-vaerebro-park",
    "159-moerkhoej-almene-boliger",
];

/// Gladsaxe's population on 1 January (public figures 2018, 2020, 2023–2025; *judgement*
/// between them and before 2018).
pub fn population() -> Curve {
    Curve::keys(&[
        (2008, 64_500.0),
        (2012, 67_600.0),
        (2015, 68_700.0),
        (2018, 69_484.0),
        (2020, 69_050.0),
        (2022, 69_889.0),
        (2023, 70_001.0),
        (2024, 70_600.0),
        (2025, 70_958.0),
        (2030, 72_500.0),
    ])
}

/// Population of the eight parishes about 2022 (sums to 69,889).
pub const PARISHES: [(&str, u32); 8] = [
    ("Bagsværd", 11_021),
    ("Stengård", 12_299),
    ("Gladsaxe", 11_534),
    ("Buddinge", 7_454),
    ("Mørkhøj", 10_170),
    ("Søborggård", 9_099),
    ("Søborgmagle", 4_169),
    ("Haralds", 4_143),
];

/// Parish centres: Bagsværd and Stengård north, Gladsaxe (with Høje Gladsaxe) and Buddinge in
/// the middle, Mørkhøj, Søborggård, Søborgmagle and Haralds (Søborg) south.
fn parish_centre(name: &str) -> (f64, f64) {
    match name {
        "Bagsværd" => (12.443, 55.763),
        "Stengård" => (12.494, 55.763),
        "Gladsaxe" => (12.446, 55.746),
        "Buddinge" => (12.494, 55.746),
        "Mørkhøj" => (12.436, 55.727),
        "Søborggård" => (12.462, 55.725),
        "Søborgmagle" => (12.484, 55.724),
        _ => (12.504, 55.728),
    }
}

/// The rectangle the tessellation covers: the municipality, centred on its centre
/// (12.47° E, 55.745° N), with a margin of cells around it.
const BOUNDS: Rect = Rect::new(12.405, 55.700, 12.535, 55.790);
/// Mean radius (km) of the outline: a disc of this radius has Gladsaxe's 24.9 km².
const RADIUS_KM: f64 = 2.805;
/// Spacing of the cells the areas are grown from (km): about 1,300 cells in the municipality.
const CELL_KM: f64 = 0.14;
/// The geometry is the same for every run (a map should not change with the population seed).
const GEOMETRY_SEED: u64 = 0x159;

/// Land per resident by kind of neighbourhood (relative): houses take the most.
fn land_per_resident(kind: PlaceKind) -> f64 {
    match kind {
        Villas => 1.0,
        Cooperative => 0.5,
        AlmenEstate => 0.4,
        PrivateRental | YouthElderly => 0.35,
    }
}

/// True when a site (local km) lies inside the organic outline: a disc whose radius wanders
/// with bearing (longer north–south, with a few bays and capes).
fn inside_outline(p: [f64; 2]) -> bool {
    let theta = p[1].atan2(p[0]);
    let r = RADIUS_KM
        * (1.0
            + 0.10 * (2.0 * theta - 2.8).cos()
            + 0.06 * (3.0 * theta + 0.7).cos()
            + 0.035 * (5.0 * theta + 2.1).cos());
    p[0].hypot(p[1]) < r
}

/// The land of every parish and of every neighbourhood in it (in [`neighbourhoods`] order),
/// grown over the tessellation `t`.
fn lay_out(t: &Tessellation) -> Vec<(Vec<usize>, Vec<Vec<usize>>)> {
    let adj = t.neighbours();
    let inside: Vec<usize> = (0..t.cells.len())
        .filter(|&c| inside_outline(t.sites[c]))
        .collect();
    let seeds: Vec<[f64; 2]> = PARISHES
        .iter()
        .map(|(p, _)| {
            let (lon, lat) = parish_centre(p);
            t.to_local(lon, lat)
        })
        .collect();
    let land = |p: &str| -> Vec<f64> {
        neighbourhoods(p)
            .iter()
            .map(|h| h.2 * land_per_resident(h.1))
            .collect()
    };
    let targets: Vec<f64> = PARISHES.iter().map(|(p, _)| land(p).iter().sum()).collect();
    let parishes = grow(
        t,
        &adj,
        &inside,
        &seeds,
        &targets,
        &Noise::new(GEOMETRY_SEED, 2.5),
        0.35,
    );
    let noise = Noise::new(GEOMETRY_SEED + 1, 1.2);
    PARISHES
        .iter()
        .zip(parishes)
        .map(|((p, _), cells)| {
            let weights = land(p);
            let seeds = spread_seeds(t, &cells, weights.len());
            let hoods = grow(t, &adj, &cells, &seeds, &weights, &noise, 0.25);
            (cells, hoods)
        })
        .collect()
}

/// `n` seed points spread over `cells`: the cell farthest from their centre, then each time the
/// cell farthest from the seeds chosen so far.
fn spread_seeds(t: &Tessellation, cells: &[usize], n: usize) -> Vec<[f64; 2]> {
    let m = cells.len().max(1) as f64;
    let centre = cells.iter().fold([0.0, 0.0], |a, &c| {
        [a[0] + t.sites[c][0] / m, a[1] + t.sites[c][1] / m]
    });
    let dist = |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).hypot(a[1] - b[1]);
    let mut chosen: Vec<[f64; 2]> = Vec::with_capacity(n);
    for _ in 0..n {
        let far = cells.iter().map(|&c| t.sites[c]).max_by(|&a, &b| {
            let d = |p: [f64; 2]| {
                chosen
                    .iter()
                    .map(|&s| dist(p, s))
                    .fold(f64::INFINITY, f64::min)
                    .min(if chosen.is_empty() {
                        dist(p, centre)
                    } else {
                        f64::INFINITY
                    })
            };
            d(a).total_cmp(&d(b))
        });
        chosen.push(far.unwrap_or(centre));
    }
    chosen
}

/// One neighbourhood: name, kind, 2022 population, non-Western share (2012 → 2025), ses
/// (2012 → 2025), public dwelling count.
type Hood = (
    &'static str,
    PlaceKind,
    f64,
    (f64, f64),
    (f64, f64),
    Option<u32>,
);

fn neighbourhoods(parish: &str) -> Vec<Hood> {
    match parish {
        "Bagsværd" => vec![
            (
                "Værebro Park",
                AlmenEstate,
                3_150.0,
                (0.46, 0.53),
                (-0.55, -0.3),
                Some(1_345),
            ),
            (
                "Bagsværd Hovedgade",
                PrivateRental,
                1_571.0,
                (0.09, 0.12),
                (-0.1, 0.0),
                None,
            ),
            (
                "Bagsværd Sø",
                Cooperative,
                2_100.0,
                (0.04, 0.06),
                (0.3, 0.35),
                None,
            ),
            (
                "Bagsværd Nord",
                Villas,
                4_200.0,
                (0.03, 0.05),
                (0.55, 0.6),
                None,
            ),
        ],
        "Stengård" => vec![
            (
                "Stengård Almene Boliger",
                AlmenEstate,
                2_400.0,
                (0.2, 0.26),
                (-0.55, -0.45),
                None,
            ),
            (
                "Gladsaxe Ringvej",
                PrivateRental,
                2_199.0,
                (0.09, 0.12),
                (0.0, 0.05),
                None,
            ),
            (
                "Stengårds Allé",
                Cooperative,
                2_500.0,
                (0.05, 0.07),
                (0.35, 0.4),
                None,
            ),
            (
                "Stengård Villaby",
                Villas,
                5_200.0,
                (0.03, 0.05),
                (0.6, 0.65),
                None,
            ),
        ],
        "Gladsaxe" => vec![
            (
                "Høje Gladsaxe",
                AlmenEstate,
                4_500.0,
                (0.43, 0.5),
                (-0.5, -0.25),
                Some(1_921),
            ),
            (
                "Grønnemosen Ungdoms- og Ældreboliger",
                YouthElderly,
                1_534.0,
                (0.1, 0.13),
                (-0.3, -0.25),
                None,
            ),
            (
                "Gladsaxe Trafikplads",
                PrivateRental,
                2_100.0,
                (0.08, 0.11),
                (0.15, 0.25),
                None,
            ),
            (
                "Gladsaxe Møllevej",
                Villas,
                3_400.0,
                (0.03, 0.05),
                (0.55, 0.6),
                None,
            ),
        ],
        "Buddinge" => vec![
            (
                "Buddinge Almene Boliger",
                AlmenEstate,
                1_254.0,
                (0.17, 0.23),
                (-0.5, -0.4),
                None,
            ),
            (
                "Buddinge Torv",
                PrivateRental,
                2_100.0,
                (0.08, 0.11),
                (0.0, 0.05),
                None,
            ),
            (
                "Buddinge Villaby",
                Villas,
                4_100.0,
                (0.03, 0.05),
                (0.6, 0.65),
                None,
            ),
        ],
        "Mørkhøj" => vec![
            (
                "Pileparken",
                AlmenEstate,
                1_450.0,
                (0.42, 0.5),
                (-0.6, -0.5),
                None,
            ),
            (
                "Gyngemosegård",
                AlmenEstate,
                1_250.0,
                (0.35, 0.43),
                (-0.5, -0.45),
                None,
            ),
            (
                "Toftegården",
                AlmenEstate,
                620.0,
                (0.3, 0.37),
                (-0.45, -0.4),
                None,
            ),
            (
                "Torveparken",
                AlmenEstate,
                650.0,
                (0.3, 0.37),
                (-0.45, -0.4),
                None,
            ),
            (
                "Mørkhøj Parkallé",
                Cooperative,
                1_800.0,
                (0.06, 0.08),
                (0.2, 0.25),
                None,
            ),
            (
                "Mørkhøj Villaby",
                Villas,
                4_400.0,
                (0.04, 0.06),
                (0.45, 0.5),
                None,
            ),
        ],
        "Søborggård" => vec![
            (
                "Søborggård Almene Boliger",
                AlmenEstate,
                1_799.0,
                (0.19, 0.25),
                (-0.5, -0.4),
                None,
            ),
            (
                "Søborg Hovedgade",
                PrivateRental,
                2_700.0,
                (0.08, 0.11),
                (0.05, 0.1),
                None,
            ),
            (
                "Søborggård Villaby",
                Villas,
                4_600.0,
                (0.03, 0.05),
                (0.65, 0.7),
                None,
            ),
        ],
        "Søborgmagle" => vec![
            (
                "Søborgmagle Rækkehuse",
                Cooperative,
                1_119.0,
                (0.03, 0.04),
                (0.85, 0.9),
                None,
            ),
            (
                "Søborgmagle Villakvarter",
                Villas,
                3_050.0,
                (0.02, 0.03),
                (1.15, 1.2),
                None,
            ),
        ],
        _ => vec![
            (
                "Haralds Almene Boliger",
                AlmenEstate,
                1_643.0,
                (0.28, 0.33),
                (-0.5, -0.4),
                None,
            ),
            (
                "Haralds Etageboliger",
                PrivateRental,
                2_500.0,
                (0.12, 0.15),
                (-0.1, 0.0),
                None,
            ),
        ],
    }
}

/// Public schools: name, the parish it stands in, the neighbourhoods of its district.
const SCHOOLS: &[(&str, &[&str])] = &[
    ("Skovbrynet Skole", &["Værebro Park", "Bagsværd Hovedgade"]),
    ("Bagsværd Skole", &["Bagsværd Nord", "Bagsværd Sø"]),
    (
        "Stengård Skole",
        &[
            "Stengård Almene Boliger",
            "Gladsaxe Ringvej",
            "Stengårds Allé",
            "Stengård Villaby",
        ],
    ),
    (
        "Grønnemose Skole",
        &[
            "Høje Gladsaxe",
            "Grønnemosen Ungdoms- og Ældreboliger",
            "Gladsaxe Trafikplads",
        ],
    ),
    ("Gladsaxe Skole", &["Gladsaxe Møllevej", "Buddinge Villaby"]),
    (
        "Enghavegård Skole",
        &["Buddinge Almene Boliger", "Buddinge Torv"],
    ),
    (
        "Mørkhøj Skole",
        &[
            "Pileparken",
            "Gyngemosegård",
            "Toftegården",
            "Torveparken",
            "Mørkhøj Parkallé",
            "Mørkhøj Villaby",
        ],
    ),
    (
        "Vadgård Skole",
        &[
            "Søborggård Almene Boliger",
            "Søborg Hovedgade",
            "Søborggård Villaby",
        ],
    ),
    (
        "Søborg Skole",
        &[
            "Søborgmagle Rækkehuse",
            "Søborgmagle Villakvarter",
            "Haralds Almene Boliger",
            "Haralds Etageboliger",
        ],
    ),
];

/// Daycare in October 2019: 51 municipal, 5 self-governing and 1 private institution, 45
/// childminders.
pub const DAYCARE_COUNTS: (usize, usize, usize, usize) = (51, 5, 1, 45);

/// Adds Gladsaxe to the world.
pub fn build(b: &mut WorldBuilder) {
    let muni = Rect::new(12.420, 55.715, 12.520, 55.775);
    b.municipality(CODE, REGION, "Gladsaxe", muni, 0.06);
    let tessellation = Tessellation::voronoi(BOUNDS, CELL_KM, GEOMETRY_SEED);
    let layout = lay_out(&tessellation);
    b.tessellation(tessellation);
    let growth = population().scaled(1.0 / 69_889.0);
    let mut by_name = Vec::new();
    for ((parish, _), (cells, hoods_land)) in PARISHES.iter().zip(layout) {
        let district = b.district(
            &format!("159-{}", slug(parish)),
            &format!("{parish} Sogn"),
            CODE,
            Land::Cells(cells),
        );
        for (h, land) in neighbourhoods(parish).iter().zip(hoods_land) {
            let idx = b.place(CODE, Some(district), Land::Cells(land), spec(h, &growth));
            by_name.push((h.0, idx));
        }
    }
    let find = |n: &str| {
        by_name
            .iter()
            .find(|(name, _)| *name == n)
            .map(|(_, i)| *i)
            .expect("known place")
    };
    b.housing_area(
        "159-hoeje-gladsaxe",
        "Høje Gladsaxe",
        &[find("Høje Gladsaxe")],
    );
    b.housing_area("159-vaerebro-park", "Værebro Park", &[find("Værebro Park")]);
    let moerkhoej: Vec<usize> = ["Pileparken", "Gyngemosegård", "Toftegården", "Torveparken"]
        .map(find)
        .to_vec();
    b.housing_area(
        "159-moerkhoej-almene-boliger",
        "Mørkhøj almene boliger",
        &moerkhoej,
    );
    for &(name, hood) in &by_name {
        let place = &b.world().places[hood];
        if place.housing_area.is_none() {
            let id = place.id.clone();
            b.housing_area(&id, name, &[hood]);
        }
    }
    for (name, serves) in SCHOOLS {
        let places: Vec<usize> = serves.iter().map(|n| find(n)).collect();
        let id = format!("159-{}", slug(name));
        b.school(&id, name, SchoolKind::Public, places[0], &places, true);
    }
    b.school(
        "159-atheneskolen",
        "Atheneskolen",
        SchoolKind::Private,
        find("Søborg Hovedgade"),
        &[],
        false,
    );
    add_daycare(b, &by_name);
}

fn spec(h: &Hood, growth: &Curve) -> PlaceSpec {
    let &(name, kind, pop, nw, ses, dwellings) = h;
    let mut pop_curve = growth.scaled(pop);
    if name == "Gladsaxe Trafikplads" {
        // New blocks by the Trafikplads: a fifth of the units are built in 2020–21.
        pop_curve = Curve::keys(&[
            (2012, 0.78 * pop),
            (2019, 0.8 * pop),
            (2021, pop),
            (2025, 1.03 * pop),
        ]);
    }
    let nw = Curve::keys(&[
        (2012, nw.0),
        (2020, nw.0 + (nw.1 - nw.0) * 0.8),
        (2025, nw.1),
    ]);
    let mut s = PlaceSpec::new(name, kind, pop_curve, nw, Curve::line(ses.0, ses.1));
    s.dwellings = dwellings;
    if matches!(
        name,
        "Høje Gladsaxe"
            | "Værebro Park"
            | "Pileparken"
            | "Gyngemosegård"
            | "Toftegården"
            | "Torveparken"
    ) {
        s.profile.strategy_area = true;
    }
    if matches!(name, "Værebro Park" | "Pileparken") {
        // Listed on 1 December 2021 on E, B and D: convictions above what ses alone gives.
        s.profile.crime = 1.35;
    }
    if name == "Gladsaxe Trafikplads" {
        s.built_later = Some((2020, 0.2));
    }
    s
}

/// Institutions in proportion to population (at least one per neighbourhood), childminders in
/// neighbourhoods of houses.
fn add_daycare(b: &mut WorldBuilder, places: &[(&str, usize)]) {
    let (municipal, selfgov, private, minders) = DAYCARE_COUNTS;
    let total = municipal + selfgov + private;
    let pops: Vec<f64> = places
        .iter()
        .map(|&(_, p)| b.world().places[p].profile.pop.at(2019))
        .collect();
    let shares = apportion(&pops, total);
    let mut n = 0;
    for (&(name, place), &k) in places.iter().zip(&shares) {
        for j in 0..k {
            let kind = match n {
                x if x % 11 == 5 && x / 11 < selfgov => DaycareKind::SelfGoverning,
                x if x == total - 1 => DaycareKind::Private,
                _ => DaycareKind::Municipal,
            };
            let label = if j == 0 {
                format!("Børnehuset {name}")
            } else {
                format!("Børnehuset {name} {}", j + 1)
            };
            b.daycare(
                &format!("159-dt{:03}", n + 1),
                &label,
                kind,
                place,
                &[place],
            );
            n += 1;
        }
    }
    let homes: Vec<(&str, usize)> = places
        .iter()
        .filter(|&&(_, p)| matches!(b.world().places[p].kind, Villas | Cooperative))
        .copied()
        .collect();
    for i in 0..minders {
        let (name, place) = homes[i % homes.len()];
        // Named by the neighbourhood and numbered within it (a report shows small numbers in
        // names only, never a running number that could be read as a figure).
        b.daycare(
            &format!("159-dp{:03}", i + 1),
            &format!("Dagplejer i {name} {}", i / homes.len() + 1),
            DaycareKind::Childminder,
            place,
            &[place],
        );
    }
}

/// Splits `n` items in proportion to `weights`, at least one each (largest remainder).
pub fn apportion(weights: &[f64], n: usize) -> Vec<usize> {
    let total: f64 = weights.iter().sum();
    let extra = n.saturating_sub(weights.len());
    let raw: Vec<f64> = weights.iter().map(|w| w / total * extra as f64).collect();
    let mut out: Vec<usize> = raw.iter().map(|r| 1 + r.floor() as usize).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| (raw[b] - raw[b].floor()).total_cmp(&(raw[a] - raw[a].floor())));
    let mut left = n.saturating_sub(out.iter().sum());
    for i in order.into_iter().cycle().take(weights.len() * 2) {
        if left == 0 {
            break;
        }
        out[i] += 1;
        left -= 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parishes_sum_to_the_2022_population() {
        let s: u32 = PARISHES.iter().map(|p| p.1).sum();
        assert_eq!(s, 69_889);
        for (p, pop) in PARISHES {
            let hoods: f64 = neighbourhoods(p).iter().map(|h| h.2).sum();
            assert!(
                (hoods - f64::from(pop)).abs() < 1.0,
                "{p}: {hoods} vs {pop}"
            );
        }
    }

    #[test]
    fn apportion_is_exact() {
        assert_eq!(apportion(&[1.0, 1.0, 2.0], 8).iter().sum::<usize>(), 8);
        assert_eq!(apportion(&[5.0, 1.0], 2), vec![1, 1]);
    }
}
