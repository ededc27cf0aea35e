//! The rest of the municipality beside each area, the municipality as a sum over the areas
//! where they cover it, and the withheld areas' flows pooled.

use std::collections::BTreeMap;

use super::{Builder, GROUPS, IN, OUT, REST_GROUPS, STAYERS, Step, cover, minus, plus};
use crate::geo::AreaKey;
use crate::report::Location;
use crate::system::Lin;

impl Builder<'_> {
    /// The identities tying a rest row to its area's row and the municipality.
    pub(super) fn rest_step(&mut self, (kind, id, t): &Step, location: &Location) {
        let key = (kind.as_str(), id.as_str(), *t);
        let at = format!("{kind}/{id}, {}→{t}", t - 1);
        let (mk, mid) = self.municipality_of(kind, id);
        let rest =
            |b: &mut Builder, m: &str| vec![(b.atom(&format!("flow_rest_{m}"), kind, id, *t), 1.0)];
        let r_stay = rest(self, "stayers_all");
        let r_out = rest(self, "out_all");
        let r_in = rest(self, "in_all");
        let r_dead = rest(self, "out_deceased_all");
        let r_born = rest(self, "in_born_all");
        let stayers = self.sum(&[STAYERS], key);
        let out = self.sum(&OUT, key);
        let inn = self.sum(&IN, key);
        let out_within = self.sum(&["flow_out_within_all"], key);
        let in_within = self.sum(&["flow_in_within_all"], key);
        let m_before = vec![(self.atom("residents", &mk, &mid, t - 1), 1.0)];
        let m_after = vec![(self.atom("residents", &mk, &mid, *t), 1.0)];
        let m_stay = vec![(self.atom("~flow_municipality_stayers", &mk, &mid, *t), 1.0)];
        let m_dead = vec![(self.atom("~flow_municipality_deceased", &mk, &mid, *t), 1.0)];
        let m_born = vec![(self.atom("~flow_municipality_born", &mk, &mid, *t), 1.0)];
        let area_before = plus(&stayers, &out);
        let area_after = plus(&stayers, &inn);
        self.equal(
            m_before,
            &plus(&area_before, &plus(&r_stay, &r_out)),
            format!("municipality residents at t−1 = area + rest ({at})"),
        );
        self.equal(
            m_after,
            &plus(&area_after, &plus(&r_stay, &r_in)),
            format!("municipality residents at t = area + rest ({at})"),
        );
        let moves = plus(&out_within, &in_within);
        self.equal(
            m_stay,
            &plus(&plus(&stayers, &r_stay), &moves),
            format!("municipality stayers = area + rest + moves between ({at})"),
        );
        let dead = self.sum(&["flow_out_deceased_all"], key);
        let born = self.sum(&["flow_in_born_all"], key);
        self.equal(
            m_dead,
            &plus(&dead, &r_dead),
            format!("municipality deaths = area + rest ({at})"),
        );
        self.equal(
            m_born,
            &plus(&born, &r_born),
            format!("municipality births = area + rest ({at})"),
        );
        self.at_least(
            r_out.clone(),
            &plus(&r_dead, &in_within),
            format!("rest out-movers ⊇ deaths + moves into the area ({at})"),
        );
        self.at_least(
            r_in.clone(),
            &plus(&r_born, &out_within),
            format!("rest in-movers ⊇ births + moves from the area ({at})"),
        );
        for (what, lin) in [
            ("rest stayers", r_stay.clone()),
            ("rest out-movers", r_out.clone()),
            ("rest in-movers", r_in.clone()),
            ("rest deaths", r_dead.clone()),
            ("rest births", r_born.clone()),
            ("rest out-movers without deaths", minus(&r_out, &r_dead)),
            ("rest in-movers without births", minus(&r_in, &r_born)),
            (
                "rest out-movers leaving the municipality alive",
                minus(&minus(&r_out, &r_dead), &in_within),
            ),
            (
                "rest in-movers from outside the municipality, births left out",
                minus(&minus(&r_in, &r_born), &out_within),
            ),
        ] {
            self.check(location, format!("{what} ({at})"), lin);
        }
        for g in REST_GROUPS {
            let name = |s: &str| format!("flow_rest_{s}_{g}");
            if !self.exists(&name("stayers"), kind, id, *t) {
                continue;
            }
            let parts: Vec<Lin> = ["stayers", "out", "in"]
                .iter()
                .map(|s| vec![(self.atom(&name(s), kind, id, *t), 1.0)])
                .collect();
            for (part, whole, s) in [
                (&parts[0], &r_stay, "stayers"),
                (&parts[1], &r_out, "out"),
                (&parts[2], &r_in, "in"),
            ] {
                self.at_least(
                    whole.clone(),
                    part,
                    format!("{} ≤ everyone's ({at})", name(s)),
                );
                self.check(location, format!("{} ({at})", name(s)), part.clone());
                self.check(
                    location,
                    format!("rest {s} minus {} ({at})", name(s)),
                    minus(whole, part),
                );
            }
            let own = self.sum(
                &[&format!("flow_stayers_{g}"), &format!("flow_out_{g}")],
                key,
            );
            let members = self.group_members(g, &mk, &mid, t - 1);
            self.equal(
                members,
                &plus(&own, &plus(&parts[0], &parts[1])),
                format!("municipality {g} members at t−1 = area + rest ({at})"),
            );
        }
    }

    /// Where the layer's areas partition their municipality, the municipality's flows are
    /// sums over the areas.
    pub(super) fn covered(&mut self, steps: &BTreeMap<Step, Location>) {
        let mut by: BTreeMap<(AreaKey, String, i32), Vec<String>> = BTreeMap::new();
        for (kind, id, t) in steps.keys() {
            let m = self.municipality_of(kind, id);
            by.entry((m, kind.clone(), *t))
                .or_default()
                .push(id.clone());
        }
        for (((mk, mid), kind, t), _) in by {
            let Some(areas) = cover(self.hierarchy, (&mk, &mid), &kind) else {
                continue;
            };
            let at = format!("{mk}/{mid}, {}→{t}", t - 1);
            let total = |b: &mut Builder, measures: &[&str]| -> Lin {
                areas
                    .iter()
                    .flat_map(|a| b.sum(measures, (&kind, a, t)))
                    .collect()
            };
            let stay = total(self, &[STAYERS, "flow_out_within_all"]);
            let m_stay = vec![(self.atom("~flow_municipality_stayers", &mk, &mid, t), 1.0)];
            self.equal(
                m_stay,
                &stay,
                format!("municipality stayers = Σ areas' (stayers + within out-movers) ({at})"),
            );
            let outs = total(self, &["flow_out_within_all"]);
            let ins = total(self, &["flow_in_within_all"]);
            self.equal(
                outs,
                &ins,
                format!("Σ within out-movers = Σ within in-movers ({at})"),
            );
            for (m, measure) in [
                ("~flow_municipality_deceased", "flow_out_deceased_all"),
                ("~flow_municipality_born", "flow_in_born_all"),
            ] {
                let whole = vec![(self.atom(m, &mk, &mid, t), 1.0)];
                let parts = total(self, &[measure]);
                self.equal(
                    whole,
                    &parts,
                    format!("municipality {measure} = Σ areas ({at})"),
                );
            }
            for g in GROUPS {
                let stayers = format!("flow_stayers_{g}");
                if !areas.iter().any(|a| self.exists(&stayers, &kind, a, t)) {
                    continue;
                }
                let parts = total(self, &[&stayers, &format!("flow_out_{g}")]);
                let whole = self.group_members(g, &mk, &mid, t - 1);
                self.equal(
                    whole,
                    &parts,
                    format!("municipality {g} members at t−1 = Σ areas ({at})"),
                );
            }
        }
    }

    /// The withheld areas' flows pooled per municipality, step and count: what a reader gets
    /// by subtracting the shown areas from the municipality.
    pub(super) fn pooled(&mut self, steps: &BTreeMap<Step, Location>) {
        let mut by: BTreeMap<(AreaKey, String, i32), Vec<(String, Location)>> = BTreeMap::new();
        for ((kind, id, t), location) in steps {
            let v = self.atom(STAYERS, kind, id, *t);
            if self.withheld.contains(&v) {
                let m = self.municipality_of(kind, id);
                by.entry((m, kind.clone(), *t))
                    .or_default()
                    .push((id.clone(), location.clone()));
            }
        }
        for (((_, mid), kind, t), areas) in by.into_iter().filter(|(_, a)| a.len() > 1) {
            let names: Vec<&str> = areas.iter().map(|(a, _)| a.as_str()).collect();
            let at = format!(
                "{} withheld areas of {mid} ({}), {}→{t}",
                names.len(),
                names.join(", "),
                t - 1
            );
            let mut pooled: BTreeMap<String, Lin> = BTreeMap::new();
            let mut measures: Vec<String> = OUT.iter().chain(&IN).map(|s| s.to_string()).collect();
            measures.push(STAYERS.into());
            for (id, _) in &areas {
                for m in &measures {
                    let v = self.atom(m, &kind, id, t);
                    pooled.entry(m.clone()).or_default().push((v, 1.0));
                }
            }
            let location = areas[0].1.clone();
            let sum =
                |names: &[&str]| -> Lin { names.iter().flat_map(|n| pooled[*n].clone()).collect() };
            let derived = [
                ("out-movers", sum(&OUT)),
                ("in-movers", sum(&IN)),
                ("out-movers without deaths", sum(&OUT[..3])),
                ("in-movers without births", sum(&IN[..3])),
            ];
            for (what, lin) in pooled
                .clone()
                .into_iter()
                .chain(derived.map(|(w, l)| (w.to_string(), l)))
            {
                self.check(&location, format!("{what}, pooled over the {at}"), lin);
            }
        }
    }
}
