//! Secondary suppression: a greedy method with a built-in proof.
//!
//! Start from the primary suppressions. Attack the publication ([`crate::attack`]). For each
//! connected group of hidden numbers where some secret can still be narrowed down too far,
//! hide one more published quantity that shares an equation with that secret, chosen to lose
//! least: a part rather than a total, a number at least the minimum rather than a small one,
//! then the smallest. Repeat until no attack succeeds. Each round hides at least one number
//! per failing group, so the loop ends; when it ends, the attack itself has shown that every
//! secret is protected. Groups already shown protected are not attacked again.

use std::collections::{HashMap, HashSet};

use crate::attack::{Problem, VarKey, attack};
use crate::error::PrivacyError;
use crate::policy::Policy;
use crate::view::View;

/// Adds secondary suppressions to `hidden` until the view built by `make_view` (what would
/// be published, rounded if the policy rounds) withstands the attack. `values` holds every quantity's true value.
pub(crate) fn protect(
    hidden: &mut HashSet<VarKey>,
    values: &HashMap<VarKey, i64>,
    policy: &Policy,
    make_view: impl Fn(&HashSet<VarKey>) -> Result<View, PrivacyError>,
) -> Result<(), PrivacyError> {
    let mut clean: HashSet<Vec<usize>> = HashSet::new();
    loop {
        let problem = Problem::build(&make_view(hidden)?)?;
        let result = attack(&problem, policy, &clean)?;
        clean.extend(result.clean);
        if result.findings.is_empty() {
            return Ok(());
        }
        let mut handled: HashSet<Vec<usize>> = HashSet::new();
        for (_, vars, group) in &result.findings {
            if !handled.insert(group.clone()) {
                continue;
            }
            let pick = choose(&problem, &problem.neighbours(vars), values, policy)
                .or_else(|| choose(&problem, &problem.neighbours(group), values, policy));
            match pick {
                Some(key) => hidden.insert(key),
                None => {
                    return Err(PrivacyError::Internal(
                        "no published number left to hide".into(),
                    ));
                }
            };
        }
    }
}

/// The published quantity among `candidates` whose suppression loses least.
fn choose(
    p: &Problem,
    candidates: &[usize],
    values: &HashMap<VarKey, i64>,
    policy: &Policy,
) -> Option<VarKey> {
    let min = i64::from(policy.min_count);
    candidates
        .iter()
        .filter(|&&v| p.is_shown(v) && matches!(p.key(v), VarKey::Cell { .. }))
        .map(|&v| {
            let value = values.get(p.key(v)).copied().unwrap_or(0);
            ((p.is_total(v), value.abs() < min, value.abs()), v)
        })
        .min()
        .map(|(_, v)| p.key(v).clone())
}
