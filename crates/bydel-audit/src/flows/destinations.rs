//! The destination list as parts of the out-movers of its period, and the moves between the
//! areas as a table of shown and hidden cells.

use std::collections::{BTreeMap, BTreeSet};

use super::{Builder, DESTINATION_COUNT, DESTINATION_KEY, Step, cover, minus, plus};
use crate::geo::AreaKey;
use crate::report::Location;
use crate::system::{Lin, SuppressedCell};
use crate::tables::{CsvTable, Value};

impl Builder<'_> {
    /// The destination list: its counts are parts of the out-movers of the period.
    pub(super) fn destinations(
        &mut self,
        marker: &str,
        table: &CsvTable,
        steps: &BTreeMap<Step, Location>,
    ) {
        let mut lists: BTreeMap<Step, Vec<Destination>> = BTreeMap::new();
        for row in &table.rows {
            let cell = |c: &str| table.raw(row, c).map(str::trim).unwrap_or("");
            let year = cell("year").parse::<i32>();
            let from = cell("from_year").parse::<i32>();
            let (Ok(year), Ok(from)) = (year, from) else {
                continue;
            };
            let step = (cell("kind").to_string(), cell("area_id").to_string(), year);
            let location = Location::cell(&table.file, row.line, DESTINATION_COUNT);
            let to = cell(DESTINATION_KEY).to_string();
            let v = self.atom(&format!("~flow_destination:{to}"), &step.0, &step.1, year);
            match crate::tables::value(cell(DESTINATION_COUNT), marker) {
                Value::Number(n) => {
                    self.pinned.insert(v);
                    self.constrain(
                        vec![(v, 1.0)],
                        &Vec::new(),
                        n,
                        n,
                        format!("shown destination {to} ({}/{}, {year})", step.0, step.1),
                    );
                    self.check(
                        &location,
                        format!("movers to {to} ({}/{}, {from}→{year})", step.0, step.1),
                        vec![(v, 1.0)],
                    );
                }
                Value::Suppressed => self.system.suppressed.push(SuppressedCell {
                    location: location.clone(),
                    atoms: vec![v],
                    sum: None,
                }),
                _ => continue,
            }
            lists.entry(step).or_default().push(Destination {
                to,
                kind: cell("destination_kind").to_string(),
                from,
                var: v,
                location,
            });
        }
        let mut matrix: BTreeMap<Period, Lists> = BTreeMap::new();
        for ((kind, id, year), list) in lists {
            let from = list[0].from;
            if list.iter().any(|d| d.from != from) || from >= year {
                continue;
            }
            self.destination_classes(&kind, &id, from, year, &list);
            let m = self.municipality_of(&kind, &id);
            matrix
                .entry((m, kind, from, year))
                .or_default()
                .push((id, list));
        }
        for ((m, kind, from, year), lists) in matrix {
            self.destination_matrix(&m, &kind, from, year, &lists, steps);
        }
    }

    /// Per class, the out-movers of the period = the shown destinations + the class's rest.
    fn destination_classes(
        &mut self,
        kind: &str,
        id: &str,
        from: i32,
        to: i32,
        list: &[Destination],
    ) {
        let at = format!("{kind}/{id}, {from}→{to}");
        let location = list[0].location.clone();
        for (measure, kinds, rest) in [
            (
                "flow_out_within_all",
                &["dest_area", "dest_own_municipality"][..],
                Some("dest_other_areas"),
            ),
            (
                "flow_out_other_municipality_all",
                &["dest_municipality"][..],
                Some("dest_other_municipalities"),
            ),
            ("flow_out_abroad_all", &["dest_abroad"][..], None),
        ] {
            let total: Lin = (from + 1..=to)
                .map(|t| (self.atom(measure, kind, id, t), 1.0))
                .collect();
            let shown: Lin = list
                .iter()
                .filter(|d| kinds.contains(&d.kind.as_str()))
                .map(|d| (d.var, 1.0))
                .collect();
            let remainder = match rest {
                Some(r) => {
                    let v = self.atom(&format!("~flow_destination:{r}"), kind, id, to);
                    self.check(
                        &location,
                        format!("movers of class {r} not to a shown destination ({at})"),
                        vec![(v, 1.0)],
                    );
                    vec![(v, 1.0)]
                }
                None if shown.is_empty() => continue,
                None => Vec::new(),
            };
            // over a period with a withheld step the list is withheld too: tie it only where
            // one side is published
            self.tie(
                total,
                &plus(&shown, &remainder),
                format!("Σ {measure} over the period = shown destinations + rest ({at})"),
            );
        }
    }

    /// The moves between the areas of a municipality over the period as a table: each origin
    /// area's row adds up to its within out-movers (shown destinations + its rest), each
    /// destination area's column to its within in-movers. The hidden cells are unknowns.
    fn destination_matrix(
        &mut self,
        (mk, mid): &AreaKey,
        kind: &str,
        from: i32,
        to: i32,
        lists: &[(String, Vec<Destination>)],
        steps: &BTreeMap<Step, Location>,
    ) {
        let covered = cover(self.hierarchy, (mk, mid), kind);
        let areas: Vec<String> = match &covered {
            Some(a) => a.clone(),
            None => steps
                .keys()
                .filter(|(k, i, _)| {
                    k == kind && self.municipality_of(k, i) == (mk.clone(), mid.clone())
                })
                .map(|(_, i, _)| i.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
        };
        let exact = covered.is_some() && areas.iter().all(|a| lists.iter().any(|(id, _)| id == a));
        let at = format!("{mk}/{mid}, {from}→{to}");
        let mut columns: BTreeMap<String, Lin> = BTreeMap::new();
        for (origin, list) in lists {
            let rest = self.atom("~flow_destination:dest_other_areas", kind, origin, to);
            let mut row: Lin = Vec::new();
            for b in areas.iter().filter(|b| *b != origin) {
                if let Some(d) = list.iter().find(|d| &d.to == b && d.kind == "dest_area") {
                    columns.entry(b.clone()).or_default().push((d.var, 1.0));
                    continue;
                }
                let h = self.atom(&format!("~flow_hidden_move_to:{b}"), kind, origin, to);
                row.push((h, 1.0));
                columns.entry(b.clone()).or_default().push((h, 1.0));
                self.check(
                    &list[0].location,
                    format!("hidden movers {origin} → {b} ({at})"),
                    vec![(h, 1.0)],
                );
            }
            if covered.is_none() {
                row.push((
                    self.atom("~flow_hidden_move_outside_layer", kind, origin, to),
                    1.0,
                ));
            }
            // only a row whose total is known (the rest shown, or every count of the class
            // shown): a row resting on withheld flows would tie every withheld count of the
            // period into one system too large to solve; leaving it out only loosens the
            // attack
            let class: Vec<usize> = (from + 1..=to)
                .map(|t| self.atom("flow_out_within_all", kind, origin, t))
                .collect();
            let known = self.pinned.contains(&rest)
                || (class.iter().all(|v| self.system.direct.contains(v))
                    && list
                        .iter()
                        .filter(|d| {
                            matches!(d.kind.as_str(), "dest_area" | "dest_own_municipality")
                        })
                        .all(|d| self.pinned.contains(&d.var)));
            if !known {
                continue;
            }
            self.equal(
                vec![(rest, 1.0)],
                &row,
                format!("{origin}'s rest within = its hidden moves to other areas ({at})"),
            );
        }
        for (b, column) in columns {
            let into: Lin = (from + 1..=to)
                .map(|t| (self.atom("flow_in_within_all", kind, &b, t), 1.0))
                .collect();
            let location = steps
                .iter()
                .find(|((k, i, _), _)| k == kind && *i == b)
                .map(|(_, l)| l.clone())
                .unwrap_or_else(|| Location::file("flows.csv"));
            let label =
                format!("Σ in-movers from within of {b} = moves into it from every area ({at})");
            let known = into.iter().all(|(v, _)| self.system.direct.contains(v))
                && column
                    .iter()
                    .all(|&(v, _)| self.pinned.contains(&v) || self.is_hidden_move(v));
            if known && exact {
                self.equal(into.clone(), &column, label);
            } else if known {
                self.at_least(into.clone(), &column, label);
            }
            let shown: Lin = column
                .iter()
                .copied()
                .filter(|&(v, _)| !self.is_hidden_move(v))
                .collect();
            self.check(
                &location,
                format!("in-movers from within into {b} not in a shown destination ({at})"),
                minus(&into, &shown),
            );
        }
    }

    fn is_hidden_move(&self, v: usize) -> bool {
        self.system.vars.atom[v]
            .as_ref()
            .is_some_and(|a| a.measure.starts_with("~flow_hidden_move"))
    }
}

/// A municipality, the layer's kind and the period of a destination list.
type Period = (AreaKey, String, i32, i32);

/// Each area's destination list.
type Lists = Vec<(String, Vec<Destination>)>;

/// A row of the destination list.
#[derive(Debug, Clone)]
struct Destination {
    to: String,
    kind: String,
    from: i32,
    var: usize,
    location: Location,
}
