//! The synthetic Denmark around Gladsaxe: municipalities in all five regions, each with ordinary
//! neighbourhoods, and almene estates designed to show every list transition (see
//! `docs/synthetic.md`). Estate names are invented.

use bydel_model::codes::{DaycareKind, SchoolKind};

use crate::builder::{PlaceSpec, WorldBuilder};
use crate::config::Scale;
use crate::curve::Curve;
use crate::geometry::Rect;
use crate::world::PlaceKind::{self, *};
use crate::world::{Land, World};

/// A municipality of the sample: code, region, name, centre, ordinary population of the default
/// sample, the municipality's non-Western level (an ordinary neighbourhood's 2012 share is
/// [`ORDINARY_NW_2012`] × this × its kind's factor, see [`ordinary_nw`]), mean ses.
type Muni = (u16, u16, &'static str, (f64, f64), f64, f64, f64);

const MUNICIPALITIES: &[Muni] = &[
    (
        101,
        1084,
        "København",
        (12.565, 55.676),
        22_000.0,
        0.05,
        0.15,
    ),
    (157, 1084, "Gentofte", (12.555, 55.752), 7_000.0, 0.025, 0.9),
    (163, 1084, "Herlev", (12.385, 55.732), 6_000.0, 0.04, 0.0),
    (
        173,
        1084,
        "Lyngby-Taarbæk",
        (12.500, 55.795),
        6_000.0,
        0.025,
        0.6,
    ),
    (183, 1084, "Ishøj", (12.350, 55.615), 3_000.0, 0.05, -0.3),
    (219, 1084, "Hillerød", (12.310, 55.928), 6_000.0, 0.02, 0.2),
    (265, 1085, "Roskilde", (12.080, 55.642), 8_000.0, 0.02, 0.15),
    (
        330,
        1085,
        "Slagelse",
        (11.354, 55.402),
        8_000.0,
        0.018,
        -0.35,
    ),
    (370, 1085, "Næstved", (11.760, 55.230), 8_000.0, 0.015, -0.3),
    (461, 1083, "Odense", (10.388, 55.396), 14_000.0, 0.025, -0.1),
    (561, 1083, "Esbjerg", (8.452, 55.467), 9_000.0, 0.018, -0.2),
    (621, 1083, "Kolding", (9.472, 55.490), 8_000.0, 0.018, 0.0),
    (
        540,
        1083,
        "Sønderborg",
        (9.792, 54.909),
        7_000.0,
        0.015,
        -0.2,
    ),
    (751, 1082, "Aarhus", (10.203, 56.157), 18_000.0, 0.025, 0.1),
    (657, 1082, "Herning", (8.973, 56.138), 8_000.0, 0.015, -0.15),
    (730, 1082, "Randers", (10.037, 56.460), 8_000.0, 0.015, -0.3),
    (791, 1082, "Viborg", (9.402, 56.453), 7_000.0, 0.01, -0.2),
    (851, 1081, "Aalborg", (9.921, 57.048), 13_000.0, 0.02, -0.05),
    (860, 1081, "Hjørring", (9.982, 57.464), 6_000.0, 0.01, -0.35),
    (
        813,
        1081,
        "Frederikshavn",
        (10.536, 57.441),
        5_000.0,
        0.01,
        -0.4,
    ),
];

/// The ordinary population of the default sample per unit of the table below: large enough
/// that Gladsaxe and the designed estates do not dominate the national reference values.
const SAMPLE: f64 = 1.5;

/// An ordinary neighbourhood's non-Western share in 2012 is this × its municipality's level ×
/// its kind's factor ([`kind_nw`]).
const ORDINARY_NW_2012: f64 = 0.6;

/// The growth of an ordinary neighbourhood's non-Western share from 2012 to 2025 where its
/// municipality's level is [`NW_REFERENCE`] and its kind's factor ([`kind_nw`]) is 1: the share
/// is multiplied by this.
const NW_GROWTH: f64 = 1.05;

/// How much steeper the growth is in municipalities whose level is higher: the growth factor
/// grows with (level / [`NW_REFERENCE`]) to this power. In Denmark the non-Western share grows
/// fastest where it is already high (Ishøj, Albertslund, Brøndby, parts of København), so
/// segregation among municipalities rises slightly; with one factor for every municipality
/// they converged and segregation fell.
const NW_GROWTH_MUNICIPALITY: f64 = 0.4;

/// How much steeper the growth is in the kinds of housing where the share is higher (almene
/// and private rental against villas and cooperatives): the growth factor grows with the kind's
/// factor to this power. With one factor for every neighbourhood (the designed estates flat)
/// the neighbourhoods converged and segregation over neighbourhoods fell.
const NW_GROWTH_KIND: f64 = 2.0;

/// The municipal level at which the growth factor is [`NW_GROWTH`] (for a kind factor of 1).
const NW_REFERENCE: f64 = 0.03;

/// No ordinary neighbourhood's target share goes above this.
const NW_CAP: f64 = 0.5;

/// Share of the 2012–2025 growth reached by 2018: most of the rise came before 2018 (the
/// national share went from 7.0 % in 2013 to 8.5 % in 2018 and 9.1 % in 2022).
const NW_GROWTH_BY_2018: f64 = 0.6;

/// Region Hovedstaden.
const CAPITAL_REGION: u16 = 1084;

/// Western immigrant households are this much more common in the capital region's ordinary
/// neighbourhoods than elsewhere (Region Hovedstaden: 21–22 % immigrants and descendants in
/// 2022, against about 15 % in Denmark).
const CAPITAL_WESTERN: f64 = 1.4;

/// A designed estate: municipality, name, population, non-Western share and ses as key frames,
/// and a demolition (data year, units), with the list history it is built to show.
struct Estate {
    municipality: u16,
    name: &'static str,
    pop: &'static [(i32, f64)],
    nw: &'static [(i32, f64)],
    ses: &'static [(i32, f64)],
    demolish: Option<(i32, u16)>,
}

const ESTATES: &[Estate] = &[
    // Parallelsamfund (ghetto) every year: becomes omdannelsesområde (hårdt ghettoområde).
    Estate {
        municipality: 101,
        name: "Rådmandsparken",
        pop: &[(2012, 2_300.0)],
        nw: &[(2012, 0.76), (2025, 0.72)],
        ses: &[(2012, -1.35), (2025, -1.25)],
        demolish: None,
    },
    // Parallelsamfund until about 2020, then improves off the udsat list.
    Estate {
        municipality: 751,
        name: "Vestergårdsparken",
        pop: &[(2012, 2_600.0)],
        nw: &[(2012, 0.78), (2025, 0.68)],
        ses: &[(2012, -1.35), (2017, -1.3), (2025, -0.7)],
        demolish: None,
    },
    // Ghetto from the start, parallelsamfund throughout.
    Estate {
        municipality: 461,
        name: "Kragsbjerghaven",
        pop: &[(2012, 2_400.0)],
        nw: &[(2012, 0.57), (2025, 0.64)],
        ses: &[(2012, -1.2), (2025, -1.15)],
        demolish: None,
    },
    // Worsens: enters the udsat list, later parallelsamfund.
    Estate {
        municipality: 183,
        name: "Strandvejsparken",
        pop: &[(2012, 2_500.0)],
        nw: &[(2012, 0.4), (2025, 0.58)],
        ses: &[(2012, -0.7), (2025, -1.3)],
        demolish: None,
    },
    // Listed, then partly demolished in 2021: falls just under 1,000 residents.
    Estate {
        municipality: 561,
        name: "Stengårdsvænget",
        pop: &[
            (2012, 1_130.0),
            (2019, 1_120.0),
            (2020, 1_075.0),
            (2021, 985.0),
            (2025, 990.0),
        ],
        nw: &[(2012, 0.55)],
        ses: &[(2012, -1.25)],
        demolish: Some((2021, 60)),
    },
    // Improves: leaves the udsat list, stays on forebyggelse for a while.
    Estate {
        municipality: 330,
        name: "Ringparken",
        pop: &[(2012, 2_000.0)],
        nw: &[(2012, 0.6), (2025, 0.5)],
        ses: &[(2012, -1.2), (2025, -0.65)],
        demolish: None,
    },
    // Forebyggelsesområde.
    Estate {
        municipality: 851,
        name: "Skovparken",
        pop: &[(2012, 2_200.0)],
        nw: &[(2012, 0.34), (2025, 0.44)],
        ses: &[(2012, -0.9), (2025, -0.85)],
        demolish: None,
    },
    // Enters the forebyggelse list as its non-Western share passes 30 %.
    Estate {
        municipality: 621,
        name: "Skovvangen",
        pop: &[(2012, 1_500.0)],
        nw: &[(2012, 0.22), (2025, 0.42)],
        ses: &[(2012, -0.85)],
        demolish: None,
    },
    // Leaves the forebyggelse list as it improves.
    Estate {
        municipality: 657,
        name: "Holtbjerg",
        pop: &[(2012, 1_400.0)],
        nw: &[(2012, 0.36), (2025, 0.26)],
        ses: &[(2012, -0.95), (2025, -0.55)],
        demolish: None,
    },
    // Udsat without being a parallelsamfund.
    Estate {
        municipality: 730,
        name: "Vestparken",
        pop: &[(2012, 1_700.0)],
        nw: &[(2012, 0.28), (2025, 0.33)],
        ses: &[(2012, -1.35)],
        demolish: None,
    },
    // Monitored, not listed.
    Estate {
        municipality: 163,
        name: "Herlev Ringpark",
        pop: &[(2012, 1_800.0)],
        nw: &[(2012, 0.3), (2025, 0.36)],
        ses: &[(2012, -0.6)],
        demolish: None,
    },
];

/// Adds the rest of Denmark; `fraction` scales the ordinary neighbourhoods (and, at national
/// scale, the number of estates). Each municipality is a rectangle around its real centre that
/// grows with its number of places; [`layout`] moves it outward where it would cover land laid
/// out before it.
pub fn build(b: &mut WorldBuilder, scale: Scale, fraction: f64) {
    let (ordinary_factor, copies) = sizes(scale, fraction);
    let rects = layout(&occupied(b.world()), ordinary_factor, copies);
    for (m, rect) in MUNICIPALITIES.iter().zip(rects) {
        add_municipality(b, m, rect, ordinary_factor, copies);
    }
}

/// The factor on the ordinary population of [`MUNICIPALITIES`] and the number of copies of
/// every designed estate.
fn sizes(scale: Scale, fraction: f64) -> (f64, usize) {
    match scale {
        Scale::Gladsaxe => (fraction, 1),
        Scale::Denmark => {
            let sample: f64 = MUNICIPALITIES.iter().map(|m| m.4).sum();
            let target = 5_900_000.0 * fraction - 71_000.0;
            (
                target * 0.96 / sample / SAMPLE,
                ((fraction * 198.0 / ESTATES.len() as f64).round() as usize).max(1),
            )
        }
    }
}

/// The bounding boxes of the tessellation cells already given to places (Gladsaxe's grown
/// geography): the land no other municipality may cover.
fn occupied(world: &World) -> Vec<Rect> {
    let t = &world.tessellation;
    world
        .places
        .iter()
        .filter_map(|p| match &p.land {
            Land::Cells(cells) => Some(cells),
            Land::Rect(_) => None,
        })
        .flatten()
        .map(|&c| {
            let ring = t.ring(c);
            ring.iter().fold(
                Rect::new(f64::MAX, f64::MAX, f64::MIN, f64::MIN),
                |r, &[lon, lat]| {
                    Rect::new(
                        r.west.min(lon),
                        r.south.min(lat),
                        r.east.max(lon),
                        r.north.max(lat),
                    )
                },
            )
        })
        .collect()
}

/// The number of ordinary neighbourhoods and of places in all of municipality `m`.
fn place_counts(m: &Muni, factor: f64, copies: usize) -> (usize, usize) {
    let ordinary = m.4 * SAMPLE * factor;
    let n_ordinary = ((ordinary / 4_000.0).round() as usize).max(1);
    let n_estates = ESTATES.iter().filter(|e| e.municipality == m.0).count();
    (n_ordinary, n_ordinary + n_estates * copies)
}

/// The rectangle of every municipality in [`MUNICIPALITIES`] order: 1.6 × 1 units around its
/// centre, with a side of 0.01° per square root of its places (at least 0.02°). A rectangle that
/// would overlap `taken` land or a municipality placed before it moves away from the centre of
/// `taken` (in steps of a twentieth of its side) until it overlaps nothing; the others keep
/// their centres, so a layout without overlaps is unchanged.
fn layout(taken: &[Rect], factor: f64, copies: usize) -> Vec<Rect> {
    let extent = taken.iter().fold(None, |acc: Option<Rect>, r| {
        Some(acc.map_or(*r, |a| {
            Rect::new(
                a.west.min(r.west),
                a.south.min(r.south),
                a.east.max(r.east),
                a.north.max(r.north),
            )
        }))
    });
    let mut placed: Vec<Rect> = Vec::with_capacity(MUNICIPALITIES.len());
    for m in MUNICIPALITIES {
        let (lon, lat) = m.3;
        let (_, n_places) = place_counts(m, factor, copies);
        let side = 0.01 * (n_places as f64).sqrt().max(2.0);
        let mut rect = Rect::around(lon, lat, side * 1.6, side);
        if let Some(e) = extent {
            // Direction away from the taken land, in units where the rectangle is square.
            let (cx, cy) = ((e.west + e.east) / 2.0, (e.south + e.north) / 2.0);
            let (dx, dy) = ((lon - cx) / 1.6, lat - cy);
            let len = dx.hypot(dy).max(f64::MIN_POSITIVE);
            let (ux, uy) = (dx / len, dy / len);
            let mut k = 0.0;
            // The obstacles are bounded and the centre moves outward along a ray, so this ends.
            while taken.iter().chain(&placed).any(|o| overlap(&rect, o)) {
                k += 1.0;
                let step = side / 20.0 * k;
                rect = Rect::around(lon + ux * step * 1.6, lat + uy * step, side * 1.6, side);
            }
        }
        placed.push(rect);
    }
    placed
}

/// True when the interiors of `a` and `b` overlap (shared edges do not count).
fn overlap(a: &Rect, b: &Rect) -> bool {
    a.west < b.east && b.west < a.east && a.south < b.north && b.south < a.north
}

fn add_municipality(b: &mut WorldBuilder, m: &Muni, rect: Rect, factor: f64, copies: usize) {
    let &(code, region, name, _, pop, nw, ses) = m;
    let ordinary = pop * SAMPLE * factor;
    let (n_ordinary, n_places) = place_counts(m, factor, copies);
    let estates: Vec<&Estate> = ESTATES.iter().filter(|e| e.municipality == code).collect();
    b.municipality(code, region, name, rect, 0.15);
    let rows = ((n_places as f64).sqrt().ceil() as usize).max(1);
    let bands = horizontal_bands(rect, rows);
    let per_row = n_places.div_ceil(rows);
    let mut cells = Vec::new();
    for (r, band) in bands.iter().enumerate() {
        let in_row = per_row.min(n_places - r * per_row.min(n_places));
        if in_row > 0 {
            cells.extend(band.strips(&vec![1.0; in_row]));
        }
    }
    let mut places = Vec::new();
    for i in 0..n_ordinary {
        let kind = [Villas, PrivateRental, Villas, Cooperative, AlmenEstate][i % 5];
        let label = [
            "Villakvarter",
            "Etageboliger",
            "Parcelhuskvarter",
            "Andelsboliger",
            "Almene Boliger",
        ][i % 5];
        let jitter = ((i * 37 % 11) as f64 - 5.0) * 0.04;
        let s = ses + kind_ses(kind) + jitter;
        let mut spec = PlaceSpec::new(
            &format!("{name} {label} {}", i / 5 + 1),
            kind,
            Curve::line(
                ordinary / n_ordinary as f64 * 0.985,
                ordinary / n_ordinary as f64 * 1.015,
            ),
            ordinary_nw(nw, kind_nw(kind)),
            Curve::flat(s),
        );
        if region == CAPITAL_REGION {
            spec.profile.western *= CAPITAL_WESTERN;
        }
        places.push(b.place(code, None, Land::Rect(cells[i]), spec));
    }
    let mut cell = n_ordinary;
    for e in &estates {
        for copy in 0..copies {
            let label = if copy == 0 {
                e.name.to_string()
            } else {
                format!("{} {}", e.name, copy + 1)
            };
            let mut spec = PlaceSpec::new(
                &label,
                AlmenEstate,
                Curve::keys(e.pop),
                Curve::keys(e.nw),
                Curve::keys(e.ses),
            );
            spec.demolish = e.demolish;
            let p = b.place(code, None, Land::Rect(cells[cell]), spec);
            cell += 1;
            let id = b.world().places[p].id.clone();
            b.housing_area(&id, &label, &[p]);
            b.school(
                &format!("{code}-skole-{}", crate::builder::slug(&label)),
                &format!("{label}s Skole"),
                SchoolKind::Public,
                p,
                &[p],
                false,
            );
            b.daycare(
                &format!("{code}-dt-{}", crate::builder::slug(&label)),
                &format!("Børnehuset {label}"),
                DaycareKind::Municipal,
                p,
                &[p],
            );
        }
    }
    add_services(b, code, name, &places);
}

/// Ordinary schools and institutions: one of each per four ordinary neighbourhoods.
fn add_services(b: &mut WorldBuilder, code: u16, name: &str, places: &[usize]) {
    for (k, chunk) in places.chunks(4).enumerate() {
        let n = k + 1;
        b.school(
            &format!("{code}-skole-{n:02}"),
            &format!("{name} Skole {n}"),
            SchoolKind::Public,
            chunk[0],
            chunk,
            false,
        );
        for (j, &p) in chunk.iter().enumerate() {
            b.daycare(
                &format!("{code}-dt-{n:02}-{j}"),
                &format!("{name} Børnehus {n}.{j}"),
                DaycareKind::Municipal,
                p,
                &[p],
            );
        }
    }
    let first = places[0];
    b.school(
        &format!("{code}-friskole"),
        &format!("{name} Friskole"),
        SchoolKind::Private,
        first,
        &[],
        false,
    );
}

/// The target non-Western share of an ordinary neighbourhood of a municipality with non-Western
/// `level` and a kind with factor `kind`: [`ORDINARY_NW_2012`] × `level` × `kind` in 2012,
/// multiplied by 2025 by [`NW_GROWTH`] × (`level` / [`NW_REFERENCE`])^[`NW_GROWTH_MUNICIPALITY`]
/// × `kind`^[`NW_GROWTH_KIND`] (never falling, at most to [`NW_CAP`]), with
/// [`NW_GROWTH_BY_2018`] of the rise reached by 2018.
fn ordinary_nw(level: f64, kind: f64) -> Curve {
    let first = ORDINARY_NW_2012 * level * kind;
    let growth =
        NW_GROWTH * (level / NW_REFERENCE).powf(NW_GROWTH_MUNICIPALITY) * kind.powf(NW_GROWTH_KIND);
    let last = (first * growth).min(NW_CAP).max(first);
    Curve::keys(&[
        (2012, first),
        (2018, first + NW_GROWTH_BY_2018 * (last - first)),
        (2025, last),
    ])
}

fn horizontal_bands(r: Rect, rows: usize) -> Vec<Rect> {
    let h = (r.north - r.south) / rows as f64;
    (0..rows)
        .map(|i| {
            Rect::new(
                r.west,
                r.south + h * i as f64,
                r.east,
                r.south + h * (i + 1) as f64,
            )
        })
        .collect()
}

fn kind_ses(kind: PlaceKind) -> f64 {
    match kind {
        Villas => 0.4,
        Cooperative => 0.15,
        PrivateRental => -0.25,
        AlmenEstate => -0.45,
        YouthElderly => -0.3,
    }
}

fn kind_nw(kind: PlaceKind) -> f64 {
    match kind {
        Villas => 0.25,
        Cooperative => 0.5,
        PrivateRental => 1.2,
        AlmenEstate => 3.2,
        YouthElderly => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_has_municipalities_and_estates_have_homes() {
        for region in 1081..=1085 {
            assert!(MUNICIPALITIES.iter().any(|m| m.1 == region), "{region}");
        }
        for e in ESTATES {
            assert!(
                MUNICIPALITIES.iter().any(|m| m.0 == e.municipality),
                "{}",
                e.name
            );
        }
    }

    /// Regression: at `--fraction 0.5` and above, the rectangles of København, Gentofte, Herlev
    /// and Lyngby-Taarbæk grew over Gladsaxe's housing areas (and each other), so `bydel` rejected
    /// the areas file. Every fraction up to 1 must give rectangles clear of Gladsaxe's land and of
    /// each other.
    #[test]
    fn municipalities_clear_gladsaxe_and_each_other_at_every_fraction() {
        let mut b = WorldBuilder::new(2025);
        crate::gladsaxe::build(&mut b);
        let taken = occupied(b.world());
        assert!(taken.len() > 1_000, "{}", taken.len());
        for fraction in [0.015, 0.05, 0.1, 0.25, 0.4, 0.5, 0.75, 1.0] {
            let (factor, copies) = sizes(Scale::Denmark, fraction);
            let rects = layout(&taken, factor, copies);
            for (i, r) in rects.iter().enumerate() {
                let name = MUNICIPALITIES[i].2;
                assert!(
                    !taken.iter().any(|t| overlap(r, t)),
                    "{name} covers Gladsaxe at fraction {fraction}: {r:?}"
                );
                for (j, o) in rects.iter().enumerate().skip(i + 1) {
                    assert!(
                        !overlap(r, o),
                        "{name} overlaps {} at fraction {fraction}",
                        MUNICIPALITIES[j].2
                    );
                }
            }
        }
    }

    /// Where nothing is in the way every rectangle stays on its municipality's real centre: at
    /// the small fractions the layout (and so the generated data) is the one before the fix.
    #[test]
    fn rectangles_stay_on_their_centres_where_nothing_is_in_the_way() {
        let mut b = WorldBuilder::new(2025);
        crate::gladsaxe::build(&mut b);
        let taken = occupied(b.world());
        for fraction in [0.015, 0.05, 0.1, 0.25] {
            let (factor, copies) = sizes(Scale::Denmark, fraction);
            for (m, r) in MUNICIPALITIES.iter().zip(layout(&taken, factor, copies)) {
                let centre = ((r.west + r.east) / 2.0, (r.south + r.north) / 2.0);
                assert!(
                    (centre.0 - m.3.0).abs() < 1e-12 && (centre.1 - m.3.1).abs() < 1e-12,
                    "{} moved at fraction {fraction}: {centre:?}",
                    m.2
                );
            }
        }
    }
}
