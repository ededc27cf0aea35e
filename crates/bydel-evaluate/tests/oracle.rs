//! Oracle tests: the same panel through established implementations in Python.
//!
//! - `csdid` (PyPI; the Python port of the R `did` package by Callaway and Sant'Anna): ATT(g,t),
//!   their analytic standard errors and the dynamic (event-study) aggregation.
//! - `pysyncon` (PyPI): synthetic-control weights with the predictors = the yearly pre-period
//!   outcomes, weighted so that the loss is the plain pre-period sum of squares.
//!
//! The tests skip with a message when `python3` or the packages are missing, unless
//! `BYDEL_REQUIRE_ORACLES=1` (CI sets it after `.ci/packages.sh` installs them), when they fail.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use bydel_evaluate::did::{ControlGroup, DidSettings, Inference, callaway_santanna};
use bydel_evaluate::synthetic::weights;
use common::{Cohort, planted_panel, ramp};

const CSDID: &str = r#"
import sys, json, io, contextlib, warnings
warnings.filterwarnings("ignore")
import pandas as pd
from csdid.att_gt import ATTgt
d = pd.read_csv(sys.argv[1])
control = sys.argv[2]
with contextlib.redirect_stdout(io.StringIO()):
    a = ATTgt(yname="y", tname="year", idname="id", gname="g", data=d,
              control_group=[control]).fit(est_method="reg", bstrap=False)
    e = a.aggte(typec="dynamic", bstrap=False)
r = a.results
out = {
    "group": [int(x) for x in r["group"]], "year": [int(x) for x in r["year"]],
    "att": [float(x) for x in r["att"]], "se": [float(x) for x in r["se"]],
    "egt": [int(x) for x in e.atte["egt"]], "att_egt": [float(x) for x in e.atte["att_egt"]],
    "se_egt": [float(x) for x in e.atte["se_egt"]],
    "overall": float(e.atte["overall_att"]), "overall_se": float(e.atte["overall_se"]),
}
print(json.dumps(out))
"#;

const PYSYNCON: &str = r#"
import sys, json, warnings
warnings.filterwarnings("ignore")
import numpy as np, pandas as pd
from pysyncon import Synth
m = json.load(sys.stdin)
x0 = pd.DataFrame(np.array(m["donors"]).T, columns=[f"d{j}" for j in range(len(m["donors"]))])
x1 = pd.Series(m["treated"], name="treated")
# pysyncon divides each predictor by its standard deviation over units; V = that variance undoes
# the scaling, so the loss is the plain pre-period sum of squares, as in bydel.
v = pd.concat([x0, x1], axis=1).std(axis=1).to_numpy() ** 2
s = Synth()
s.fit(X0=x0, X1=x1, Z0=x0, Z1=x1, custom_V=v)
print(json.dumps({"w": [float(v) for v in s.W]}))
"#;

/// Whether the Python packages are there; `false` means skip (with a message), unless required.
fn have(module: &str) -> bool {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        let msg = format!(
            "oracle skipped: python3 cannot import {module} (pip install csdid pysyncon; see .ci/packages.sh)"
        );
        if std::env::var("BYDEL_REQUIRE_ORACLES").is_ok_and(|v| v == "1") {
            panic!("{msg}");
        }
        eprintln!("{msg}");
    }
    ok
}

fn python(script: &str, args: &[&str], stdin: &str) -> serde_json::Value {
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("python prints JSON")
}

fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!(
        (a - b).abs() <= tol * (1.0 + b.abs()),
        "{what}: bydel {a} vs oracle {b}"
    );
}

#[test]
fn callaway_santanna_matches_csdid() {
    if !have("csdid") {
        return;
    }
    let cohorts = [
        Cohort {
            start: 2016,
            areas: 7,
            effect: ramp,
            size: None,
        },
        Cohort {
            start: 2019,
            areas: 5,
            effect: ramp,
            size: None,
        },
        Cohort {
            start: 2022,
            areas: 6,
            effect: ramp,
            size: None,
        },
    ];
    let (panel, starts) = planted_panel(5, 60, &cohorts);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("panel.csv");
    let mut text = String::from("id,year,g,y\n");
    for (a, area) in panel.areas().iter().enumerate() {
        let g = starts.get(area).map_or(0, |y| y.get());
        for (t, year) in panel.years().iter().enumerate() {
            text.push_str(&format!("{a},{year},{g},{:.17}\n", panel.share(a, t)));
        }
    }
    std::fs::write(&csv, text).unwrap();
    for (control, name) in [
        (ControlGroup::NeverTreated, "nevertreated"),
        (ControlGroup::NotYetTreated, "notyettreated"),
    ] {
        let oracle = python(CSDID, &[csv.to_str().unwrap(), name], "");
        let settings = DidSettings {
            control,
            inference: Inference::InfluenceFunction,
            level: 0.95,
        };
        let ours = callaway_santanna(&panel, &starts, &settings).unwrap();
        let n = oracle["att"].as_array().unwrap().len();
        let mut matched = 0;
        for i in 0..n {
            let (g, t) = (
                oracle["group"][i].as_i64().unwrap(),
                oracle["year"][i].as_i64().unwrap(),
            );
            let Some(cell) = ours
                .group_time
                .iter()
                .find(|c| i64::from(c.group.get()) == g && i64::from(c.year.get()) == t)
            else {
                continue;
            };
            matched += 1;
            close(
                cell.att,
                oracle["att"][i].as_f64().unwrap(),
                1e-9,
                &format!("{name} ATT({g},{t})"),
            );
            close(
                cell.se,
                oracle["se"][i].as_f64().unwrap(),
                1e-6,
                &format!("{name} se({g},{t})"),
            );
        }
        assert_eq!(
            matched,
            ours.group_time.len(),
            "{name}: every cell of ours is in csdid's"
        );
        for (i, e) in oracle["egt"].as_array().unwrap().iter().enumerate() {
            let e = e.as_i64().unwrap() as i32;
            let ev = ours
                .event_study
                .iter()
                .find(|x| x.relative_year == e)
                .expect("same event times");
            close(
                ev.estimate.value,
                oracle["att_egt"][i].as_f64().unwrap(),
                1e-9,
                &format!("{name} θ({e})"),
            );
            close(
                ev.estimate.se.unwrap(),
                oracle["se_egt"][i].as_f64().unwrap(),
                1e-6,
                &format!("{name} se θ({e})"),
            );
        }
        close(
            ours.overall.value,
            oracle["overall"].as_f64().unwrap(),
            1e-9,
            "overall",
        );
        close(
            ours.overall.se.unwrap(),
            oracle["overall_se"].as_f64().unwrap(),
            1e-6,
            "overall se",
        );
    }
}

#[test]
fn synthetic_control_weights_match_pysyncon() {
    if !have("pysyncon") {
        return;
    }
    let cohorts = [Cohort {
        start: 2020,
        areas: 1,
        effect: ramp,
        size: Some(1200),
    }];
    let (panel, starts) = planted_panel(9, 6, &cohorts);
    let shares = panel.shares();
    let t0 = panel.year_index(*starts.values().next().unwrap()).unwrap();
    let ti = panel.index_of(starts.keys().next().unwrap()).unwrap();
    let donors: Vec<Vec<f64>> = (0..shares.len())
        .filter(|&d| d != ti)
        .map(|d| shares[d][..t0].to_vec())
        .collect();
    let treated = shares[ti][..t0].to_vec();
    let input = serde_json::json!({"donors": donors, "treated": treated}).to_string();
    let oracle = python(PYSYNCON, &[], &input);
    let theirs: Vec<f64> = oracle["w"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let ours = weights(&treated, &donors);
    let loss = |w: &[f64]| -> f64 {
        (0..t0)
            .map(|t| {
                (treated[t] - donors.iter().zip(w).map(|(d, wi)| wi * d[t]).sum::<f64>()).powi(2)
            })
            .sum()
    };
    assert!(
        loss(&ours) <= loss(&theirs) + 1e-10,
        "ours {} vs pysyncon {}",
        loss(&ours),
        loss(&theirs)
    );
    for (j, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert!(
            (a - b).abs() < 2e-3,
            "weight {j}: bydel {a} vs pysyncon {b}"
        );
    }
}
