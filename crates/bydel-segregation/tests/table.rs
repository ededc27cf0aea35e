//! The microdata path: count inputs and yearly results from an in-memory `CountsTable`.

use bydel_model::{AreaId, AreaInfo, CountKey, CountsTable, Kind, Year};
use bydel_segregation::inference::Resampling;
use bydel_segregation::table::{AreaFilter, Groups, Selection, counts_all_years, counts_for_year};
use bydel_segregation::yearly::{Split, analyse_years};
use bydel_segregation::{Index, SegregationError, SingleIndex};

fn table() -> CountsTable {
    let mut t = CountsTable::new(["residents".to_string(), "non_western".to_string()]);
    let kind = Kind::new("housing_area").unwrap();
    let areas = [
        ("h1", "d1", 159, 100, 10),
        ("h2", "d1", 159, 200, 80),
        ("h3", "d2", 159, 50, 40),
        ("h4", "d2", 160, 300, 30),
    ];
    for (id, parent, muni, residents, nw) in areas {
        t.add_area(AreaInfo {
            kind: kind.clone(),
            area_id: AreaId::new(id).unwrap(),
            name: id.to_uppercase(),
            parent_id: Some(AreaId::new(parent).unwrap()),
            municipality: Some(muni),
            region: Some(1084),
        });
        for (y, grow) in [(2020, 0), (2021, 5)] {
            let key = CountKey {
                kind: kind.clone(),
                area_id: AreaId::new(id).unwrap(),
                year: Year::new(y).unwrap(),
            };
            t.set(key.clone(), "residents", residents);
            t.set(key, "non_western", nw + grow);
        }
    }
    t
}

fn selection(filter: AreaFilter) -> Selection {
    Selection {
        kind: Kind::new("housing_area").unwrap(),
        filter,
        groups: Groups::Single {
            group: "non_western".into(),
            total: "residents".into(),
        },
    }
}

#[test]
fn one_year_and_all_years() {
    let t = table();
    let c = counts_for_year(&t, &selection(AreaFilter::All), Year::new(2021).unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(c.len(), 4);
    assert_eq!(c.row(1), &[85, 115]);
    let gladsaxe = counts_all_years(&t, &selection(AreaFilter::Municipality(159))).unwrap();
    assert_eq!(gladsaxe.len(), 2);
    assert_eq!(gladsaxe[0].1.ids(), &["h1", "h2", "h3"]);
    assert!(
        counts_for_year(&t, &selection(AreaFilter::All), Year::new(2019).unwrap())
            .unwrap()
            .is_none()
    );
}

#[test]
fn a_missing_measure_is_an_error() {
    let mut t = table();
    let key = CountKey {
        kind: Kind::new("housing_area").unwrap(),
        area_id: AreaId::new("h5").unwrap(),
        year: Year::new(2020).unwrap(),
    };
    t.add_area(AreaInfo {
        kind: key.kind.clone(),
        area_id: key.area_id.clone(),
        name: "H5".into(),
        parent_id: None,
        municipality: Some(159),
        region: None,
    });
    t.set(key, "residents", 10);
    let e = counts_for_year(&t, &selection(AreaFilter::All), Year::new(2020).unwrap()).unwrap_err();
    assert!(
        matches!(e, SegregationError::Area { ref area, .. } if area == "h5"),
        "{e}"
    );
}

#[test]
fn yearly_results_with_the_district_split() {
    let t = table();
    let idx = [
        Index::Single(SingleIndex::Dissimilarity),
        Index::Single(SingleIndex::Entropy),
    ];
    let years = analyse_years(
        &t,
        &selection(AreaFilter::Municipality(159)),
        &idx,
        &Resampling::new(50, 1),
        Split::ByParent,
    )
    .unwrap();
    assert_eq!(years.len(), 2);
    for y in &years {
        let split = y.split.as_ref().unwrap();
        let h = y.estimates[1].value.number().unwrap();
        assert!((split.total.number().unwrap() - h).abs() < 1e-12);
        let sum = split.between.number().unwrap() + split.within.number().unwrap();
        assert!((sum - h).abs() < 1e-12);
        assert_eq!(split.parents.len(), 2);
    }
}
