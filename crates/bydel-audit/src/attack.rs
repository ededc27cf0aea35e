//! The differencing attack: the feasible interval of every suppressed atom, judged by the
//! protection rule, plus the checks on released values that rest on few persons.

use std::collections::{BTreeMap, BTreeSet};

use crate::Options;
use crate::manifest::Manifest;
use crate::report::{AtomInterval, AtomName, AuditReport, Finding, FindingKind, Location};
use crate::solve::{ComponentLp, Method, components, is_free, propagate};
use crate::system::{Lin, System, lin_bounds};

/// The policy as the audit applies it.
#[derive(Debug, Clone, Copy)]
pub struct Protection {
    /// Minimum count.
    pub min_count: u32,
    /// p of the p % rule.
    pub p_percent: f64,
}

impl Protection {
    /// Whether an interval protects a value. Counts: the interval must hold at least
    /// `min_count` integers and reach `min_count` (else the reader learns that the count is
    /// small). Magnitudes: the interval must be at least p % of its upper end wide. An exact
    /// value is never protected.
    pub fn protects(&self, min: f64, max: f64, magnitude: bool) -> bool {
        if max <= min {
            return false;
        }
        if magnitude {
            return max.is_infinite() || max - min >= self.p_percent / 100.0 * max.abs();
        }
        let n = f64::from(self.min_count);
        max.is_infinite() || (max - min + 1.0 >= n && max >= n)
    }

    /// Whether a count interval proves the count is in `1..min_count`.
    pub fn is_small(&self, min: f64, max: f64) -> bool {
        min >= 1.0 && max <= f64::from(self.min_count) - 1.0
    }
}

/// Runs the attack on a built system and fills the report.
pub fn run(
    mut system: System,
    manifest: &Manifest,
    protection: Protection,
    options: &Options,
    report: &mut AuditReport,
) {
    let atom_count = system.vars.len();
    let integer =
        |system: &System| -> Vec<bool> { system.vars.atom.iter().map(Option::is_some).collect() };
    let first = propagate(atom_count, &integer(&system), &system.constraints);
    system.linearise_means(&first.bounds);
    let is_int = integer(&system);
    let propagated = propagate(system.vars.len(), &is_int, &system.constraints);
    let bounds = propagated.bounds;
    for &v in &propagated.contradictions {
        report.findings.push(Finding {
            kind: FindingKind::Inconsistent,
            location: Location::file("manifest.json"),
            message: format!(
                "the published numbers admit no value of {}",
                describe(&system, v)
            ),
        });
    }
    report.atoms = atom_count;
    report.constraints = system.constraints.len();
    report.suppressed_cells = system.suppressed.len();
    report.released_cells = system.released_cells;

    let magnitude: Vec<bool> = system
        .vars
        .atom
        .iter()
        .map(|a| {
            a.as_ref()
                .is_some_and(|a| is_magnitude(manifest, &a.measure))
        })
        .collect();
    let sensitive = sensitive_atoms(&system, report);
    let mut solver = Solver::new(&system, &bounds, &is_int, options);
    for (&atom, cells) in &sensitive {
        let (min, max, method) = solver.interval(&vec![(atom, 1.0)], report);
        let protected = protection.protects(min, max, magnitude[atom]);
        let name = system.vars.atom[atom]
            .clone()
            .expect("sensitive atoms are atoms");
        if !protected {
            let mut finding = unprotected(&name, min, max, &cells[0], cells.len());
            finding.message.push_str(&solver.equations(&[(atom, 1.0)]));
            report.findings.push(finding);
        }
        report.intervals.push(AtomInterval {
            atom: name,
            min,
            max: max.is_finite().then_some(max),
            protected,
            method,
            cells: cells.iter().take(5).cloned().collect(),
        });
    }
    for cell in &system.suppressed {
        let Some(sum) = &cell.sum else { continue };
        if cell.atoms.iter().any(|a| !sensitive.contains_key(a)) {
            continue;
        }
        // a signed sum (a difference such as net movers) counts no persons: the minimum does
        // not apply to it, and its atoms are judged one by one above (a withheld row's net
        // movers are its residents' change, which the area figures publish)
        if sum.iter().any(|&(_, c)| c < 0.0) {
            continue;
        }
        let (min, max, _) = solver.interval(sum, report);
        let integral = sum.iter().all(|&(_, c)| c.fract() == 0.0);
        let any_magnitude = sum.iter().any(|&(v, _)| magnitude[v]);
        if !protection.protects(min, max, any_magnitude || !integral) {
            report.findings.push(Finding {
                kind: kind_of(min, max),
                location: cell.location.clone(),
                message: format!("the suppressed sum lies in {}", show(min, max)),
            });
        }
    }
    for check in &system.checks {
        // a withheld count alone is judged above by the stricter rule
        if let [(atom, _)] = check.expr[..]
            && sensitive.contains_key(&atom)
        {
            continue;
        }
        // propagation's interval holds the exact one: skip what cannot be small, and what
        // one LP shows may be 0
        let (lo, hi) = lin_bounds(&check.expr, &bounds);
        if hi < 1.0 || lo >= f64::from(protection.min_count) {
            continue;
        }
        if lo < 1.0 && solver.minimum(&check.expr, report) < 1.0 {
            continue;
        }
        let (min, max, _) = solver.interval(&check.expr, report);
        if protection.is_small(min, max) {
            report.findings.push(Finding {
                kind: FindingKind::SmallComputedCount,
                location: check.location.clone(),
                message: format!(
                    "{} is {} persons, fewer than {}{}",
                    check.what,
                    show(min, max),
                    protection.min_count,
                    solver.equations(&check.expr)
                ),
            });
        }
    }
    report.lps_solved = solver.solved;
    report.components = solver.lps.len();
    small_values(&system, &bounds, &magnitude, protection, report);
    derived(&system, &sensitive, report);
}

/// Atoms of suppressed cells that no released cell gives directly, with their cells. A
/// suppressed cell all of whose atoms are released directly is itself a finding.
///
/// An atom is sensitive when a suppressed cell publishes it alone (a suppressed count): the
/// publication says it exists and hides it. An atom that only appears among the inputs of
/// suppressed computed cells (a year before the first data year, say) is not itself hidden by
/// them — a computed cell can be withheld for any one of its inputs.
fn sensitive_atoms(system: &System, report: &mut AuditReport) -> BTreeMap<usize, Vec<Location>> {
    let alone: BTreeSet<usize> = system
        .suppressed
        .iter()
        .filter(|c| c.atoms.len() == 1)
        .map(|c| c.atoms[0])
        .collect();
    let mut out: BTreeMap<usize, Vec<Location>> = BTreeMap::new();
    for cell in &system.suppressed {
        let hidden: Vec<usize> = cell
            .atoms
            .iter()
            .copied()
            .filter(|a| !system.direct.contains(a))
            .collect();
        if hidden.is_empty() && !cell.atoms.is_empty() {
            let sources: Vec<String> = cell
                .atoms
                .iter()
                .filter_map(|a| system.direct_cells.get(a))
                .map(|(loc, _)| loc.to_string())
                .collect();
            report.findings.push(Finding {
                kind: FindingKind::SuppressedCellComputable,
                location: cell.location.clone(),
                message: format!(
                    "every atom of this suppressed cell is released: {}",
                    sources.join("; ")
                ),
            });
        }
        for a in hidden.into_iter().filter(|a| alone.contains(a)) {
            out.entry(a).or_default().push(cell.location.clone());
        }
    }
    out
}

/// Released counts, and ratio inputs, that lie in `1..min_count`.
fn small_values(
    system: &System,
    bounds: &[(f64, f64)],
    magnitude: &[bool],
    protection: Protection,
    report: &mut AuditReport,
) {
    for (&atom, (location, _)) in &system.direct_cells {
        let (lo, hi) = bounds[atom];
        if !magnitude[atom] && protection.is_small(lo, hi) {
            report.findings.push(Finding {
                kind: FindingKind::SmallCount,
                location: location.clone(),
                message: format!(
                    "{} is released as {} persons, fewer than {}",
                    describe(system, atom),
                    show(lo, hi),
                    protection.min_count
                ),
            });
        }
    }
    for ratio in &system.ratios {
        for (num, den) in &ratio.parts {
            let counts = |lin: &Lin| lin.iter().all(|&(v, c)| !magnitude[v] && c == 1.0);
            if !counts(num) || !counts(den) {
                continue;
            }
            let (nl, nu) = lin_bounds(num, bounds);
            let (dl, du) = lin_bounds(den, bounds);
            let checks = [
                ("numerator", nl, nu),
                ("denominator", dl, du),
                ("complement (denominator − numerator)", dl - nu, du - nl),
            ];
            for (what, lo, hi) in checks {
                if protection.is_small(lo, hi) {
                    report.findings.push(Finding {
                        kind: FindingKind::SmallRatioInput,
                        location: ratio.location.clone(),
                        message: format!(
                            "the released ratio's {what} is {} persons, fewer than {}",
                            show(lo, hi),
                            protection.min_count
                        ),
                    });
                }
            }
        }
    }
}

/// Released `derived` values with a suppressed atom among their inputs.
fn derived(system: &System, sensitive: &BTreeMap<usize, Vec<Location>>, report: &mut AuditReport) {
    for d in &system.derived {
        let hidden: BTreeSet<usize> = d
            .atoms
            .iter()
            .copied()
            .filter(|a| sensitive.contains_key(a))
            .collect();
        if let Some(&a) = hidden.iter().next() {
            report.findings.push(Finding {
                kind: FindingKind::DerivedFromSuppressed,
                location: d.location.clone(),
                message: format!(
                    "released although its input {} is suppressed at {}",
                    describe(system, a),
                    sensitive[&a][0]
                ),
            });
        }
    }
}

/// Solves intervals, one LP model per component, built on first use.
struct Solver<'a> {
    system: &'a System,
    bounds: &'a [(f64, f64)],
    integer: &'a [bool],
    options: &'a Options,
    component_of: Vec<Option<usize>>,
    groups: Vec<Vec<usize>>,
    lps: BTreeMap<usize, Option<ComponentLp>>,
    solved: usize,
}

impl<'a> Solver<'a> {
    fn new(
        system: &'a System,
        bounds: &'a [(f64, f64)],
        integer: &'a [bool],
        options: &'a Options,
    ) -> Solver<'a> {
        let groups = components(bounds, &system.constraints);
        let mut component_of = vec![None; bounds.len()];
        for (g, vars) in groups.iter().enumerate() {
            for &v in vars {
                component_of[v] = Some(g);
            }
        }
        Solver {
            system,
            bounds,
            integer,
            options,
            component_of,
            groups,
            lps: BTreeMap::new(),
            solved: 0,
        }
    }

    /// The interval of a linear expression: its pinned part from propagation, each
    /// component's part from that component's LP.
    fn interval(&mut self, expr: &Lin, report: &mut AuditReport) -> (f64, f64, &'static str) {
        let mut by_component: BTreeMap<usize, Lin> = BTreeMap::new();
        let (mut min, mut max) = (0.0, 0.0);
        let mut method = "propagation";
        for &(v, c) in expr {
            match self.component_of[v].filter(|_| is_free(self.bounds[v])) {
                Some(g) => by_component.entry(g).or_default().push((v, c)),
                // fixed, or in no constraint at all: its own bounds (an unconstrained atom is
                // unbounded above, never "exactly" its lower bound)
                None => {
                    let (lo, hi) = self.bounds[v];
                    let (a, b) = if c >= 0.0 {
                        (c * lo, c * hi)
                    } else {
                        (c * hi, c * lo)
                    };
                    min += a;
                    max += b;
                }
            }
        }
        for (g, part) in by_component {
            let (lo, hi, m) = self.component_interval(g, &part, report);
            min += lo;
            max += hi;
            if m != "propagation" {
                method = m;
            }
        }
        (min, max, method)
    }

    /// The smallest value of a linear expression (one LP per component it touches; the
    /// propagated bound where a component cannot be solved).
    fn minimum(&mut self, expr: &Lin, report: &mut AuditReport) -> f64 {
        let mut by_component: BTreeMap<usize, Lin> = BTreeMap::new();
        let mut min = 0.0;
        for &(v, c) in expr {
            match self.component_of[v].filter(|_| is_free(self.bounds[v])) {
                Some(g) => by_component.entry(g).or_default().push((v, c)),
                None => {
                    let (lo, hi) = self.bounds[v];
                    min += if c >= 0.0 { c * lo } else { c * hi };
                }
            }
        }
        for (g, part) in by_component {
            let fallback = lin_bounds(&part, self.bounds).0;
            // builds the component's model (and reports it when it is too large)
            self.component_interval_model(g, report);
            let lower = match self.lps.get(&g) {
                Some(Some(lp)) => lp.minimum(&part, self.bounds).unwrap_or(fallback),
                _ => fallback,
            };
            self.solved += 1;
            min += lower.max(fallback);
        }
        min
    }

    /// The documented identities an interval of `expr` rests on: those over its variables or
    /// over the unknowns linked to them (`""` when none), for a finding's message.
    fn equations(&self, expr: &[(usize, f64)]) -> String {
        const SHOWN: usize = 6;
        let vars: BTreeSet<usize> = expr.iter().map(|t| t.0).collect();
        let free_component = |v: usize| self.component_of[v].filter(|_| is_free(self.bounds[v]));
        let components: BTreeSet<usize> = vars.iter().filter_map(|&v| free_component(v)).collect();
        let uses = |v: usize| {
            vars.contains(&v) || free_component(v).is_some_and(|g| components.contains(&g))
        };
        let labels: Vec<&str> = self
            .system
            .identities
            .iter()
            .filter(|i| {
                self.system.constraints[i.constraint]
                    .terms
                    .iter()
                    .any(|&(v, _)| uses(v))
            })
            .map(|i| i.label.as_str())
            .collect();
        if labels.is_empty() {
            return String::new();
        }
        let more = labels.len().saturating_sub(SHOWN);
        let mut out = format!(
            "; equations: {}",
            labels[..labels.len().min(SHOWN)].join("; ")
        );
        if more > 0 {
            out.push_str(&format!("; and {more} more"));
        }
        out
    }

    /// Builds the LP model of component `g` on first use (none, reported, when it is too
    /// large).
    fn component_interval_model(&mut self, g: usize, report: &mut AuditReport) {
        if self.lps.contains_key(&g) {
            return;
        }
        let vars = &self.groups[g];
        let lp = if vars.len() > self.options.max_component_vars {
            report.findings.push(Finding {
                kind: FindingKind::ComponentTooLarge,
                location: Location::file("manifest.json"),
                message: format!(
                    "{} linked unknowns (cap {}) around {}: intervals from bound propagation \
                     only",
                    vars.len(),
                    self.options.max_component_vars,
                    describe(self.system, vars[0])
                ),
            });
            None
        } else {
            Some(ComponentLp::new(
                vars,
                self.bounds,
                self.integer,
                &self.system.constraints,
            ))
        };
        self.lps.insert(g, lp);
    }

    fn component_interval(
        &mut self,
        g: usize,
        part: &Lin,
        report: &mut AuditReport,
    ) -> (f64, f64, &'static str) {
        let fallback = lin_bounds(part, self.bounds);
        self.component_interval_model(g, report);
        let Some(Some(lp)) = self.lps.get(&g) else {
            return (fallback.0, fallback.1, "propagation");
        };
        match lp.interval(part, self.bounds, self.options.max_ilp_vars) {
            Ok(i) => {
                self.solved += i.solved;
                let method = if i.method == Method::Ilp { "ilp" } else { "lp" };
                (i.min.max(fallback.0), i.max.min(fallback.1), method)
            }
            Err(message) => {
                report.findings.push(Finding {
                    kind: FindingKind::SolverFailed,
                    location: Location::file("manifest.json"),
                    message: format!(
                        "around {}: {message}; bounds from propagation only",
                        describe(self.system, part[0].0)
                    ),
                });
                (fallback.0, fallback.1, "propagation")
            }
        }
    }
}

fn unprotected(name: &AtomName, min: f64, max: f64, cell: &Location, n: usize) -> Finding {
    let more = if n > 1 {
        format!(" (and {} more suppressed cells)", n - 1)
    } else {
        String::new()
    };
    Finding {
        kind: kind_of(min, max),
        location: cell.clone(),
        message: format!("{name} lies in {}{more}", show(min, max)),
    }
}

fn kind_of(min: f64, max: f64) -> FindingKind {
    if max <= min {
        FindingKind::ExactlyRecoverable
    } else {
        FindingKind::Recoverable
    }
}

fn show(min: f64, max: f64) -> String {
    if max <= min {
        format!("exactly {min}")
    } else if max.is_infinite() {
        format!("[{min}, ∞)")
    } else {
        format!("[{min}, {max}]")
    }
}

fn describe(system: &System, v: usize) -> String {
    match &system.vars.atom[v] {
        Some(name) => name.to_string(),
        None => "an auxiliary ratio of a mean".into(),
    }
}

/// Whether a measure is a magnitude (kroner, micro-FTE) rather than a count of persons: the
/// manifest's `measure_units` when given, else the measure's name.
fn is_magnitude(manifest: &Manifest, measure: &str) -> bool {
    if let Some(unit) = manifest.measure_units.get(measure) {
        return !matches!(unit.as_str(), "persons" | "count" | "households");
    }
    ["micro", "dkk", "kroner", "_kr"]
        .iter()
        .any(|w| measure.contains(w))
        || measure.ends_with("_sum")
}
