//! Names of Danish municipalities and regions (Danmarks Statistik codes), as an embedded data
//! table (`data/municipalities.csv`).

/// The embedded table: `code,name,region,official` (`official` only where the official name is
/// not `<name> Kommune`, e.g. Københavns Kommune).
pub const MUNICIPALITIES: &str = include_str!("../data/municipalities.csv");

/// The five regions: code and name.
pub const REGIONS: &[(u16, &str)] = &[
    (1081, "Region Nordjylland"),
    (1082, "Region Midtjylland"),
    (1083, "Region Syddanmark"),
    (1084, "Region Hovedstaden"),
    (1085, "Region Sjælland"),
];

/// Every municipality: (code, name, region code).
pub fn municipalities() -> impl Iterator<Item = (u16, &'static str, u16)> {
    MUNICIPALITIES.lines().skip(1).filter_map(|l| {
        let mut f = l.split(',');
        Some((f.next()?.parse().ok()?, f.next()?, f.next()?.parse().ok()?))
    })
}

/// A municipality's official name (`Kommune <code>` when the code is unknown).
pub fn municipality(code: u16) -> String {
    MUNICIPALITIES
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|f| f.first().and_then(|c| c.parse::<u16>().ok()) == Some(code))
        .map(|f| match f.get(3) {
            Some(official) if !official.is_empty() => official.to_string(),
            _ => format!("{} Kommune", f.get(1).unwrap_or(&"")),
        })
        .unwrap_or_else(|| format!("Kommune {code}"))
}

/// A region's name (`Region <code>` when unknown).
pub fn region(code: u16) -> String {
    REGIONS
        .iter()
        .find(|r| r.0 == code)
        .map(|r| r.1.to_string())
        .unwrap_or_else(|| format!("Region {code}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_98_municipalities() {
        assert_eq!(
            municipalities().count(),
            99,
            "98 municipalities and Christiansø"
        );
        assert_eq!(municipality(159), "Gladsaxe Kommune");
        assert_eq!(municipality(101), "Københavns Kommune");
        assert_eq!(municipality(400), "Bornholms Regionskommune");
        assert!(municipalities().all(|m| REGIONS.iter().any(|r| r.0 == m.2)));
        assert_eq!(region(1084), "Region Hovedstaden");
    }
}
