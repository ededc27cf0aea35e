//! Dense slots: every area of every geometric layer, every municipality code (1–999), every
//! region code (1000–1999) and the country get one slot each, so that the kernel adds into a flat
//! array. Addresses are resolved to their slots once, before the pass.

use std::collections::HashMap;

use bydel_geo::AreaSet;
use bydel_model::Kind;

/// Slot offset of municipality codes.
const MUNI_BASE: usize = 0;
/// Number of municipality-code slots (codes 0–999).
const MUNI_SLOTS: usize = 1000;
/// Number of region-code slots (codes 1000–1999).
const REGION_SLOTS: usize = 1000;

/// The slot layout of one aggregation.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Number of geometric areas (slots `0..n_areas`).
    pub n_areas: usize,
    /// Geometric layers, in order.
    pub layers: Vec<Kind>,
    /// For each address (by index) and layer, the area slot or `u32::MAX`.
    pub address_slots: Vec<u32>,
    /// Address id → address index.
    pub address_index: HashMap<String, u32, foldhash::fast::FixedState>,
    /// For each address (by index), the rank of its id in sorted order.
    pub address_rank: Vec<u32>,
}

impl Layout {
    /// Total number of slots.
    pub fn n_slots(&self) -> usize {
        self.n_areas + MUNI_SLOTS + REGION_SLOTS + 1
    }
    /// The slot of a municipality code.
    pub fn municipality_slot(&self, code: i64) -> Option<usize> {
        (1..MUNI_SLOTS as i64)
            .contains(&code)
            .then(|| self.n_areas + MUNI_BASE + code as usize)
    }
    /// The slot of a region code.
    pub fn region_slot(&self, code: i64) -> Option<usize> {
        (1000..2000)
            .contains(&code)
            .then(|| self.n_areas + MUNI_SLOTS + (code - 1000) as usize)
    }
    /// The country's slot.
    pub fn country_slot(&self) -> usize {
        self.n_areas + MUNI_SLOTS + REGION_SLOTS
    }
    /// What a slot is: a geometric area index, or an administrative (kind, code).
    pub fn describe(&self, slot: usize) -> SlotKind {
        if slot < self.n_areas {
            SlotKind::Area(slot)
        } else if slot < self.n_areas + MUNI_SLOTS {
            SlotKind::Municipality((slot - self.n_areas) as u16)
        } else if slot < self.country_slot() {
            SlotKind::Region((slot - self.n_areas - MUNI_SLOTS + 1000) as u16)
        } else {
            SlotKind::Country
        }
    }
    /// The area slots of an address (one per layer; `u32::MAX` = in no area of that layer).
    pub fn slots_of(&self, address: u32) -> &[u32] {
        let n = self.layers.len();
        &self.address_slots[address as usize * n..(address as usize + 1) * n]
    }
}

/// What a slot stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotKind {
    /// An area of the areas file (index into `AreaSet::areas`).
    Area(usize),
    /// A municipality code.
    Municipality(u16),
    /// A region code.
    Region(u16),
    /// The whole country.
    Country,
}

/// Builds the layout from the areas and each address's placement per layer.
pub fn build(
    areas: &AreaSet,
    address_ids: Vec<String>,
    placed: Vec<(String, Vec<Option<u32>>)>,
) -> Layout {
    let layers: Vec<Kind> = placed
        .iter()
        .map(|(k, _)| Kind::new(k.clone()).expect("layer names are valid"))
        .collect();
    let n = layers.len();
    let mut address_slots = vec![u32::MAX; address_ids.len() * n];
    for (l, (_, per_address)) in placed.iter().enumerate() {
        for (a, slot) in per_address.iter().enumerate() {
            if let Some(s) = slot {
                address_slots[a * n + l] = *s;
            }
        }
    }
    let mut order: Vec<u32> = (0..address_ids.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| address_ids[a as usize].cmp(&address_ids[b as usize]));
    let mut address_rank = vec![0; address_ids.len()];
    for (rank, &a) in order.iter().enumerate() {
        address_rank[a as usize] = rank as u32;
    }
    let address_index = address_ids
        .into_iter()
        .enumerate()
        .map(|(i, id)| (id, i as u32))
        .collect();
    Layout {
        n_areas: areas.areas.len(),
        layers,
        address_slots,
        address_index,
        address_rank,
    }
}
