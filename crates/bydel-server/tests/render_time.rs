//! The render-time budget: the overview and an area page render in well under 100 ms
//! server-side. Uses the demo fixture (tests/fixtures/demo), or `BYDEL_PERF_RUN` (a `bydel demo` run folder or a
//! national-scale one) when set; prints the median and maximum of 30 renders.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use bydel_report::Lang;
use bydel_server::pages::{Selection, area, overview};
use bydel_server::{AppState, Options};

fn median_max(mut f: impl FnMut()) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..30)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    (times[15], times[29])
}

#[test]
fn overview_and_area_pages_render_within_budget() {
    let run = std::env::var_os("BYDEL_PERF_RUN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("published")).unwrap();
    for e in std::fs::read_dir(run.join("published")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join("published").join(e.file_name())).unwrap();
    }
    let state = AppState::load(dir.path(), Options::default()).unwrap();
    let p = &state.published;
    let (kind, id) = p
        .area_keys()
        .iter()
        .find(|(k, _)| k == "housing_area")
        .cloned()
        .expect("a housing area");
    let (om, ox) = median_max(|| {
        overview::render(p, Lang::Da, &Selection::default()).unwrap();
    });
    let (am, ax) = median_max(|| {
        area::render(p, Lang::Da, &kind, &id);
    });
    eprintln!(
        "render times over {}: overview median {om:?} max {ox:?}; area {kind}/{id} median {am:?} max {ax:?}",
        run.display()
    );
    let budget = Duration::from_millis(100);
    assert!(om < budget && am < budget, "overview {om:?}, area {am:?}");
}
