//! The synthetic world: municipalities, districts, places (neighbourhoods), housing areas,
//! addresses with their dwellings, schools and daycare institutions. It is fixed for a run; the
//! population moving through it is simulated year by year (see [`crate::simulate`]).

use std::ops::Range;

use bydel_model::codes::{DaycareKind, SchoolKind, Tenure};

use crate::curve::Curve;
use crate::geometry::Rect;
use crate::tessellation::{Polygon, Tessellation};

/// The whole world of one run.
#[derive(Debug, Clone, Default)]
pub struct World {
    /// Municipalities.
    pub municipalities: Vec<Municipality>,
    /// Districts (Gladsaxe's parishes).
    pub districts: Vec<District>,
    /// Places: the neighbourhoods people live in.
    pub places: Vec<Place>,
    /// Housing areas (each a union of places).
    pub housing_areas: Vec<HousingArea>,
    /// Every address.
    pub addresses: Vec<Address>,
    /// Schools.
    pub schools: Vec<School>,
    /// Daycare institutions and childminders.
    pub daycares: Vec<Daycare>,
    /// The cells that [`Land::Cells`] refer to.
    pub tessellation: Tessellation,
}

/// Where a place or district lies.
#[derive(Debug, Clone, PartialEq)]
pub enum Land {
    /// A rectangle (the places of the rest of Denmark, which are never mapped).
    Rect(Rect),
    /// A union of cells of [`World::tessellation`] (an organic shape).
    Cells(Vec<usize>),
}

/// A municipality (kommune).
#[derive(Debug, Clone)]
pub struct Municipality {
    /// Municipality code (e.g. 159).
    pub code: u16,
    /// Region code (1081–1085).
    pub region: u16,
    /// Name.
    pub name: String,
    /// Where its places lie.
    pub rect: Rect,
    /// The share of pupils in private schools.
    pub private_school_share: f64,
}

/// A district of a municipality (for Gladsaxe: a parish, sogn).
#[derive(Debug, Clone)]
pub struct District {
    /// Area id in the `district` layer.
    pub id: String,
    /// Name.
    pub name: String,
    /// Municipality code.
    pub municipality: u16,
    /// Its land (the union of its places' land).
    pub land: Land,
}

/// What kind of neighbourhood a place is; it decides the tenure of its addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// An almene family estate (blocks of almene familieboliger, a shop or two).
    AlmenEstate,
    /// Owner-occupied detached and terraced houses.
    Villas,
    /// Cooperative (andels) flats and owner-occupied terraced houses.
    Cooperative,
    /// Private rental blocks with some owner-occupied and cooperative flats and shops.
    PrivateRental,
    /// Almene youth and elderly housing.
    YouthElderly,
}

/// How a place's residents are drawn: targets the in-movers steer towards.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Target population on 1 January of each year.
    pub pop: Curve,
    /// Target share of residents from non-Western countries.
    pub non_western: Curve,
    /// Target mean socio-economic position of adults (a latent score, national mean 0, sd 1).
    pub ses: Curve,
    /// Share of in-moving households of Western immigrant origin.
    pub western: f64,
    /// Local conviction factor (an area effect on the conviction hazard; 1 = none).
    pub crime: f64,
    /// One of the strategy's three areas: carries the planted neighbourhood effect, selective
    /// moves and in-situ improvement (see [`crate::mechanisms`]).
    pub strategy_area: bool,
}

/// A neighbourhood: an area of addresses with one kind of housing and one profile.
#[derive(Debug, Clone)]
pub struct Place {
    /// A stable id (`159-vaerebro-park`).
    pub id: String,
    /// Name.
    pub name: String,
    /// Municipality code.
    pub municipality: u16,
    /// Region code.
    pub region: u16,
    /// Index of its district, if any.
    pub district: Option<usize>,
    /// Index of its housing area, if any.
    pub housing_area: Option<usize>,
    /// Index of its public school.
    pub school: usize,
    /// Indices of the daycare institutions its children attend.
    pub daycares: Vec<usize>,
    /// Its land.
    pub land: Land,
    /// Kind of housing.
    pub kind: PlaceKind,
    /// Who lives there.
    pub profile: Profile,
    /// Its addresses (a range of [`World::addresses`]).
    pub addresses: Range<usize>,
}

/// A housing area (boligområde): one or more places.
#[derive(Debug, Clone)]
pub struct HousingArea {
    /// Area id in the `housing_area` layer.
    pub id: String,
    /// Name.
    pub name: String,
    /// Municipality code.
    pub municipality: u16,
    /// The district id it lies in, if any.
    pub parent: Option<String>,
    /// Its places.
    pub places: Vec<usize>,
}

/// An address: a building with dwellings (or a school or institution).
#[derive(Debug, Clone)]
pub struct Address {
    /// Address id (`A159-007-0012`).
    pub id: String,
    /// Longitude.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// Index of its place.
    pub place: usize,
    /// Tenure of its dwellings; `None` for a school or institution.
    pub tenure: Option<Tenure>,
    /// Dwelling units when built.
    pub units: u16,
    /// Floor area in m².
    pub floor_m2: u32,
    /// First data year it exists.
    pub built: i32,
    /// A demolition: from this data year, this many units are gone (not replaced).
    pub demolished: Option<(i32, u16)>,
}

impl Address {
    /// Dwelling units standing on 1 January of `year`.
    pub fn units_in(&self, year: i32) -> u16 {
        if year < self.built {
            return 0;
        }
        match self.demolished {
            Some((y, n)) if year >= y => self.units.saturating_sub(n),
            _ => self.units,
        }
    }
    /// Units demolished and not replaced by `year`.
    pub fn demolished_by(&self, year: i32) -> u16 {
        match self.demolished {
            Some((y, n)) if year >= y => n,
            _ => 0,
        }
    }
    /// True for addresses with homes (not commercial, not a facility).
    pub fn is_residential(&self) -> bool {
        matches!(self.tenure, Some(t) if t != Tenure::Commercial)
    }
}

/// A school.
#[derive(Debug, Clone)]
pub struct School {
    /// School id (also the area id of its school district).
    pub id: String,
    /// Name.
    pub name: String,
    /// Public or private.
    pub kind: SchoolKind,
    /// Municipality code.
    pub municipality: u16,
    /// Index of its address.
    pub address: usize,
    /// Whether its district is published as a `school_district` polygon.
    pub has_district: bool,
}

/// A daycare institution or childminder.
#[derive(Debug, Clone)]
pub struct Daycare {
    /// Institution id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: DaycareKind,
    /// Municipality code.
    pub municipality: u16,
    /// Index of its address.
    pub address: usize,
}

impl World {
    /// The municipality with a code.
    pub fn municipality(&self, code: u16) -> Option<&Municipality> {
        self.municipalities.iter().find(|m| m.code == code)
    }
    /// The places of a municipality.
    pub fn places_of(&self, code: u16) -> impl Iterator<Item = (usize, &Place)> {
        self.places
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.municipality == code)
    }
    /// True when `(lon, lat)` lies strictly inside `land`.
    pub fn land_contains(&self, land: &Land, lon: f64, lat: f64) -> bool {
        match land {
            Land::Rect(r) => r.contains(lon, lat),
            Land::Cells(cells) => cells
                .iter()
                .any(|&c| self.tessellation.cell_contains(c, lon, lat)),
        }
    }
    /// The union of `lands` as polygons (rectangles as they are, cells dissolved).
    pub fn land_polygons(&self, lands: &[&Land]) -> Vec<Polygon> {
        let mut out: Vec<Polygon> = Vec::new();
        let mut cells = Vec::new();
        for land in lands {
            match land {
                Land::Rect(r) => out.push(vec![r.ring()]),
                Land::Cells(c) => cells.extend_from_slice(c),
            }
        }
        if !cells.is_empty() {
            out.extend(self.tessellation.dissolve(&cells));
        }
        out
    }
    /// Dwelling units of a place in a year.
    pub fn place_units(&self, place: usize, year: i32) -> u32 {
        self.addresses[self.places[place].addresses.clone()]
            .iter()
            .filter(|a| a.is_residential())
            .map(|a| u32::from(a.units_in(year)))
            .sum()
    }
}
