//! Builds the [`World`]: turns place specifications on their land into addresses and dwellings,
//! and places schools and institutions at reserved addresses.

use bydel_model::codes::{DaycareKind, SchoolKind, Tenure};

use crate::curve::Curve;
use crate::geometry::Rect;
use crate::tessellation::Tessellation;
use crate::world::{
    Address, Daycare, District, HousingArea, Land, Municipality, Place, PlaceKind, Profile, School,
    World,
};

/// Addresses reserved in every place for schools and institutions.
const FACILITY_SLOTS: usize = 5;

/// What a place is to be: its kind, targets and any building history.
#[derive(Debug, Clone)]
pub struct PlaceSpec {
    /// Name.
    pub name: String,
    /// Kind of housing.
    pub kind: PlaceKind,
    /// Targets.
    pub profile: Profile,
    /// Dwelling units, when public (otherwise derived from the population).
    pub dwellings: Option<u32>,
    /// New construction: from this data year, this share of the units exists in addition.
    pub built_later: Option<(i32, f64)>,
    /// Demolition: from this data year, this many units are gone.
    pub demolish: Option<(i32, u16)>,
}

impl PlaceSpec {
    /// A place with a population curve and flat or changing composition.
    pub fn new(name: &str, kind: PlaceKind, pop: Curve, nw: Curve, ses: Curve) -> Self {
        let western = if kind == PlaceKind::Villas {
            0.05
        } else {
            0.08
        };
        PlaceSpec {
            name: name.to_string(),
            kind,
            profile: Profile {
                pop,
                non_western: nw,
                ses,
                western,
                crime: 1.0,
                strategy_area: false,
            },
            dwellings: None,
            built_later: None,
            demolish: None,
        }
    }
}

/// Assembles a world step by step.
#[derive(Debug, Default)]
pub struct WorldBuilder {
    world: World,
    free_slots: Vec<Vec<usize>>,
    last_year: i32,
}

impl WorldBuilder {
    /// An empty world for data years up to `last_year`.
    pub fn new(last_year: i32) -> Self {
        WorldBuilder {
            last_year,
            ..Default::default()
        }
    }

    /// Adds a municipality.
    pub fn municipality(
        &mut self,
        code: u16,
        region: u16,
        name: &str,
        rect: Rect,
        private_school_share: f64,
    ) {
        self.world.municipalities.push(Municipality {
            code,
            region,
            name: name.into(),
            rect,
            private_school_share,
        });
    }

    /// Sets the cells that [`Land::Cells`] refer to.
    pub fn tessellation(&mut self, t: Tessellation) {
        self.world.tessellation = t;
    }

    /// Adds a district and returns its index.
    pub fn district(&mut self, id: &str, name: &str, municipality: u16, land: Land) -> usize {
        self.world.districts.push(District {
            id: id.into(),
            name: name.into(),
            municipality,
            land,
        });
        self.world.districts.len() - 1
    }

    /// Adds a housing area over places and returns its index.
    pub fn housing_area(&mut self, id: &str, name: &str, places: &[usize]) -> usize {
        let first = &self.world.places[places[0]];
        let parent = first.district.map(|d| self.world.districts[d].id.clone());
        let idx = self.world.housing_areas.len();
        self.world.housing_areas.push(HousingArea {
            id: id.into(),
            name: name.into(),
            municipality: first.municipality,
            parent,
            places: places.to_vec(),
        });
        for &p in places {
            self.world.places[p].housing_area = Some(idx);
        }
        idx
    }

    /// Adds a place on `land` and returns its index. Its school is set later.
    pub fn place(
        &mut self,
        municipality: u16,
        district: Option<usize>,
        land: Land,
        spec: PlaceSpec,
    ) -> usize {
        let region = self
            .world
            .municipality(municipality)
            .map_or(0, |m| m.region);
        let idx = self.world.places.len();
        let first = self.world.addresses.len();
        let plan = address_plan(&spec, self.last_year);
        let n = plan.len() + FACILITY_SLOTS;
        let points = match &land {
            Land::Rect(r) => r.grid(n),
            Land::Cells(cells) => self.world.tessellation.points(cells, n),
        };
        let mut slots = Vec::new();
        for (i, (lon, lat)) in points.into_iter().enumerate() {
            let id = format!("A{municipality}-{idx:04}-{i:04}");
            let mut a = Address {
                id,
                lon,
                lat,
                place: idx,
                tenure: None,
                units: 0,
                floor_m2: 0,
                built: i32::MIN,
                demolished: None,
            };
            match plan.get(i) {
                Some(p) => {
                    a.tenure = Some(p.tenure);
                    a.units = p.units;
                    a.floor_m2 = p.floor_m2;
                    a.built = p.built;
                    a.demolished = p.demolished;
                }
                None => slots.push(first + i),
            }
            self.world.addresses.push(a);
        }
        self.free_slots.push(slots);
        let slug = slug(&spec.name);
        self.world.places.push(Place {
            id: format!("{municipality}-{slug}"),
            name: spec.name,
            municipality,
            region,
            district,
            housing_area: None,
            school: usize::MAX,
            daycares: Vec::new(),
            land,
            kind: spec.kind,
            profile: spec.profile,
            addresses: first..self.world.addresses.len(),
        });
        idx
    }

    /// Adds a school at a reserved address of `place`; `serves` lists the places in its district.
    pub fn school(
        &mut self,
        id: &str,
        name: &str,
        kind: SchoolKind,
        place: usize,
        serves: &[usize],
        has_district: bool,
    ) -> usize {
        let address = self.take_slot(place);
        let municipality = self.world.places[place].municipality;
        let idx = self.world.schools.len();
        self.world.schools.push(School {
            id: id.into(),
            name: name.into(),
            kind,
            municipality,
            address,
            has_district,
        });
        for &p in serves {
            self.world.places[p].school = idx;
        }
        idx
    }

    /// Adds a daycare institution in `place`, attended by children of `serves`.
    pub fn daycare(
        &mut self,
        id: &str,
        name: &str,
        kind: DaycareKind,
        place: usize,
        serves: &[usize],
    ) -> usize {
        let address = if kind == DaycareKind::Childminder {
            self.home_address(place, id)
        } else {
            self.take_slot(place)
        };
        let municipality = self.world.places[place].municipality;
        let idx = self.world.daycares.len();
        self.world.daycares.push(Daycare {
            id: id.into(),
            name: name.into(),
            kind,
            municipality,
            address,
        });
        for &p in serves {
            self.world.places[p].daycares.push(idx);
        }
        idx
    }

    /// The finished world.
    pub fn finish(self) -> World {
        self.world
    }

    /// Read access while building.
    pub fn world(&self) -> &World {
        &self.world
    }

    fn take_slot(&mut self, place: usize) -> usize {
        match self.free_slots[place].pop() {
            Some(a) => a,
            None => self.home_address(place, "facility"),
        }
    }

    /// A residential address of the place chosen by a stable hash of `key`.
    fn home_address(&self, place: usize, key: &str) -> usize {
        let r = self.world.places[place].addresses.clone();
        let homes: Vec<usize> = r
            .filter(|&a| self.world.addresses[a].is_residential())
            .collect();
        let h = key
            .bytes()
            .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
        homes[(h % homes.len() as u64) as usize]
    }
}

/// One planned address.
#[derive(Debug, Clone, Copy)]
struct Planned {
    tenure: Tenure,
    units: u16,
    floor_m2: u32,
    built: i32,
    demolished: Option<(i32, u16)>,
}

/// Persons per dwelling used to size places whose dwelling count is not public.
fn persons_per_dwelling(kind: PlaceKind) -> f64 {
    match kind {
        PlaceKind::AlmenEstate => 1.97,
        PlaceKind::Villas => 2.6,
        PlaceKind::Cooperative => 1.87,
        PlaceKind::PrivateRental => 1.82,
        PlaceKind::YouthElderly => 1.15,
    }
}

/// Tenure mix by kind: (tenure, share of units, units per address, m² per unit).
fn tenure_mix(kind: PlaceKind) -> &'static [(Tenure, f64, u16, u32)] {
    use Tenure::*;
    match kind {
        PlaceKind::AlmenEstate => &[(AlmenFamily, 1.0, 18, 82)],
        PlaceKind::Villas => &[(OwnerOccupied, 0.97, 1, 145), (PrivateRental, 0.03, 1, 120)],
        PlaceKind::Cooperative => &[(Cooperative, 0.65, 12, 75), (OwnerOccupied, 0.35, 1, 110)],
        PlaceKind::PrivateRental => &[
            (PrivateRental, 0.65, 16, 68),
            (OwnerOccupied, 0.2, 8, 85),
            (Cooperative, 0.15, 12, 72),
        ],
        PlaceKind::YouthElderly => &[(AlmenYouth, 0.5, 30, 38), (AlmenElderly, 0.5, 20, 65)],
    }
}

/// The residential and commercial addresses of a place.
fn address_plan(spec: &PlaceSpec, last_year: i32) -> Vec<Planned> {
    let total = spec.dwellings.unwrap_or_else(|| {
        let max = spec.profile.pop.max_over(2000..=last_year.max(2000));
        (max / persons_per_dwelling(spec.kind) * 1.04).ceil() as u32
    });
    let mut plan = Vec::new();
    for &(tenure, share, per, m2) in tenure_mix(spec.kind) {
        let mut left = (f64::from(total) * share).round() as u32;
        while left > 0 {
            let units = left.min(u32::from(per)) as u16;
            left -= u32::from(units);
            plan.push(Planned {
                tenure,
                units,
                floor_m2: u32::from(units) * m2,
                built: i32::MIN,
                demolished: None,
            });
        }
    }
    if let Some((year, share)) = spec.built_later {
        let n = (plan.len() as f64 * share).round() as usize;
        let len = plan.len();
        plan[len - n..].iter_mut().for_each(|p| p.built = year);
    }
    if let Some((year, mut n)) = spec.demolish {
        for p in plan.iter_mut() {
            let k = n.min(p.units);
            if k > 0 {
                p.demolished = Some((year, k));
                n -= k;
            }
        }
    }
    let shops = match spec.kind {
        PlaceKind::AlmenEstate => f64::from(total) * 1.1,
        PlaceKind::PrivateRental => f64::from(total) * 2.5,
        _ => 0.0,
    };
    if shops > 0.0 {
        let floor_m2 = shops.round() as u32;
        plan.push(Planned {
            tenure: Tenure::Commercial,
            units: 0,
            floor_m2,
            built: i32::MIN,
            demolished: None,
        });
    }
    plan
}

/// A lower-case ASCII slug of a Danish name (`Værebro Park` → `vaerebro-park`).
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for ch in name.to_lowercase().chars() {
        match ch {
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            'é' => out.push('e'),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ if !out.ends_with('-') => out.push('-'),
            _ => {}
        }
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("Værebro Park"), "vaerebro-park");
        assert_eq!(slug("Søborg Hovedgade (syd)"), "soeborg-hovedgade-syd");
        assert_eq!(slug("Høje Gladsaxe"), "hoeje-gladsaxe");
    }

    #[test]
    fn plans_keep_public_dwelling_counts() {
        let mut spec = PlaceSpec::new(
            "Høje Gladsaxe",
            PlaceKind::AlmenEstate,
            Curve::flat(4500.0),
            Curve::flat(0.4),
            Curve::flat(-0.5),
        );
        spec.dwellings = Some(1921);
        let plan = address_plan(&spec, 2025);
        let units: u32 = plan.iter().map(|p| u32::from(p.units)).sum();
        assert_eq!(units, 1921);
        assert!(plan.iter().any(|p| p.tenure == Tenure::Commercial));
    }
}
