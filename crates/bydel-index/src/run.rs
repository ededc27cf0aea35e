//! One entry point for every method: run it on a table, then estimate class stability.

use serde::Serialize;

use crate::classification::Classification;
use crate::error::IndexError;
use crate::imd::{ImdResult, run_imd};
use crate::method::Method;
use crate::mss::{MssResult, run_mss};
use crate::stability::{Stability, simulate};
use crate::svi::{SviResult, run_svi};
use crate::table::AreaTable;

/// The result of any method.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum IndexOutput {
    /// Berlin's MSS.
    Mss(MssResult),
    /// Deprivation ranks.
    Imd(ImdResult),
    /// Vulnerability percentiles.
    Svi(SviResult),
}

/// Runs a method on an area table and, when asked and the table has counts, estimates each
/// area's class stability.
///
/// This is the library entry point for bydel's own data too: build an [`AreaTable`] from the
/// counts (e.g. with [`crate::from_counts::area_table`]) and call `run`.
pub fn run(
    method: &Method,
    table: &AreaTable,
    stability: Stability,
) -> Result<IndexOutput, IndexError> {
    let mut output = run_point(method, table)?;
    if let Stability::Simulation { replicates, seed } = stability
        && table.has_counts()
    {
        let observed = output.class_labels();
        let run = |t: &AreaTable| Ok(run_point(method, t)?.class_labels());
        let estimates = simulate(table, &observed, replicates, seed, run)?;
        for (column, values) in output.classifications_mut().into_iter().zip(estimates) {
            for (c, v) in column.into_iter().zip(values) {
                c.set_stability(v);
            }
        }
    }
    Ok(output)
}

fn run_point(method: &Method, table: &AreaTable) -> Result<IndexOutput, IndexError> {
    Ok(match method {
        Method::Mss(m) => IndexOutput::Mss(run_mss(m, table)?),
        Method::Imd(m) => IndexOutput::Imd(run_imd(m, table)?),
        Method::Svi(m) => IndexOutput::Svi(run_svi(m, table)?),
    })
}

impl IndexOutput {
    /// The class columns (MSS: status, then dynamics if any; IMD: group; SVI: class), each with
    /// one label per area.
    pub fn class_labels(&self) -> Vec<Vec<Option<String>>> {
        let label = |c: &Classification| c.class().map(str::to_string);
        match self {
            IndexOutput::Mss(r) => {
                let mut cols = vec![r.areas.iter().map(|a| label(&a.status)).collect()];
                if !r.dynamics_indicators.is_empty() {
                    cols.push(
                        r.areas
                            .iter()
                            .map(|a| a.dynamics.as_ref().and_then(label))
                            .collect(),
                    );
                }
                cols
            }
            IndexOutput::Imd(r) => vec![r.areas.iter().map(|a| label(&a.index)).collect()],
            IndexOutput::Svi(r) => vec![r.areas.iter().map(|a| label(&a.index)).collect()],
        }
    }

    fn classifications_mut(&mut self) -> Vec<Vec<&mut Classification>> {
        match self {
            IndexOutput::Mss(r) => {
                let (status, dynamics): (Vec<_>, Vec<_>) = r
                    .areas
                    .iter_mut()
                    .map(|a| (&mut a.status, a.dynamics.as_mut()))
                    .unzip();
                let dynamics: Vec<_> = dynamics.into_iter().flatten().collect();
                if dynamics.is_empty() {
                    vec![status]
                } else {
                    vec![status, dynamics]
                }
            }
            IndexOutput::Imd(r) => vec![r.areas.iter_mut().map(|a| &mut a.index).collect()],
            IndexOutput::Svi(r) => vec![r.areas.iter_mut().map(|a| &mut a.index).collect()],
        }
    }
}
