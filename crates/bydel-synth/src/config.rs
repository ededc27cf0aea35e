//! What to generate: seed, years, scale and output format.

use crate::SynthError;

/// The first and last data year the generator supports.
pub const YEAR_BOUNDS: (i32, i32) = (2008, 2030);

/// How large a Denmark to build around Gladsaxe.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// Gladsaxe complete, inside a sample of Denmark (the default dataset): other municipalities
    /// in all five regions with ordinary neighbourhoods and almene estates. `fraction` scales the
    /// ordinary neighbourhoods of the sample (1.0 = the default size).
    Gladsaxe,
    /// A national-scale population (about 5.9 million residents times `fraction`), streamed to
    /// disk, for benchmarks.
    Denmark,
}

/// The output file format of the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Apache Parquet.
    Parquet,
    /// CSV.
    Csv,
}

/// The generator's settings. Equal settings give byte-identical datasets (for one version).
#[derive(Debug, Clone, PartialEq)]
pub struct SynthConfig {
    /// The random seed.
    pub seed: u64,
    /// First data year (persons as of 1 January).
    pub first_year: i32,
    /// Last data year.
    pub last_year: i32,
    /// Sample or national scale.
    pub scale: Scale,
    /// Size factor (see [`Scale`]).
    pub fraction: f64,
    /// File format of the tables.
    pub format: OutputFormat,
}

impl Default for SynthConfig {
    fn default() -> Self {
        SynthConfig {
            seed: DEFAULT_SEED,
            first_year: 2012,
            last_year: 2025,
            scale: Scale::Gladsaxe,
            fraction: 1.0,
            format: OutputFormat::Parquet,
        }
    }
}

/// The smallest `fraction` at [`Scale::Denmark`]: the named almene estates (about 71,000
/// residents, at their real size because the law's limits are absolute) and one ordinary
/// neighbourhood per municipality come at every fraction, so below about 0.015 the population
/// would stay near 90,000 residents whatever the fraction; smaller fractions are refused.
pub const DENMARK_MIN_FRACTION: f64 = 0.02;

/// The seed of the embedded default dataset (`bydel demo`).
pub const DEFAULT_SEED: u64 = 159;

impl SynthConfig {
    /// Checks the settings; every fault is a user fault.
    pub fn validate(&self) -> Result<(), SynthError> {
        let (lo, hi) = YEAR_BOUNDS;
        if self.first_year < lo || self.last_year > hi || self.first_year > self.last_year {
            return Err(SynthError::Config(format!(
                "years {}..{}: expected a range within {lo}..{hi}, first not after last",
                self.first_year, self.last_year
            )));
        }
        let max = match self.scale {
            Scale::Gladsaxe => 20.0,
            Scale::Denmark => 2.0,
        };
        if !(self.fraction > 0.0 && self.fraction <= max) {
            return Err(SynthError::Config(format!(
                "fraction {}: expected a number in (0, {max}] for this scale",
                self.fraction
            )));
        }
        if self.scale == Scale::Denmark && self.fraction < DENMARK_MIN_FRACTION {
            return Err(SynthError::Config(format!(
                "fraction {}: the national scale starts at {DENMARK_MIN_FRACTION} (about \
                 {} residents); below that its named almene estates, which keep their real \
                 size for the law's 1,000-resident limits, and one neighbourhood per \
                 municipality would still make about 90,000 residents — use --scale gladsaxe \
                 for a small dataset",
                self.fraction,
                (5_900_000.0 * DENMARK_MIN_FRACTION) as u64
            )));
        }
        Ok(())
    }

    /// The data years, in order.
    pub fn years(&self) -> std::ops::RangeInclusive<i32> {
        self.first_year..=self.last_year
    }

    /// Parses a year range `2012..2025` (both inclusive) or a single year.
    pub fn parse_years(text: &str) -> Result<(i32, i32), SynthError> {
        let bad = || {
            SynthError::Config(format!(
                "years {text:?}: expected FIRST..LAST, e.g. 2012..2025"
            ))
        };
        let num = |s: &str| s.trim().parse::<i32>().map_err(|_| bad());
        match text.split_once("..") {
            Some((a, b)) => Ok((num(a)?, num(b.trim_start_matches('='))?)),
            None => num(text).map(|y| (y, y)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_and_parses() {
        assert!(SynthConfig::default().validate().is_ok());
        let bad = SynthConfig {
            first_year: 2020,
            last_year: 2019,
            ..SynthConfig::default()
        };
        assert!(bad.validate().is_err());
        let bad = SynthConfig {
            fraction: 0.0,
            ..SynthConfig::default()
        };
        assert!(bad.validate().is_err());
        let bad = SynthConfig {
            fraction: f64::NAN,
            ..SynthConfig::default()
        };
        assert!(bad.validate().is_err());
        let national = |fraction| SynthConfig {
            scale: Scale::Denmark,
            fraction,
            ..SynthConfig::default()
        };
        assert!(national(DENMARK_MIN_FRACTION).validate().is_ok());
        let floor = national(0.01).validate().unwrap_err().to_string();
        assert!(floor.contains("--scale gladsaxe"), "{floor}");
        let small_sample = SynthConfig {
            fraction: 0.01,
            ..SynthConfig::default()
        };
        assert!(
            small_sample.validate().is_ok(),
            "the sample scale has no floor"
        );
        assert_eq!(
            SynthConfig::parse_years("2012..2025").unwrap(),
            (2012, 2025)
        );
        assert_eq!(
            SynthConfig::parse_years("2012..=2025").unwrap(),
            (2012, 2025)
        );
        assert_eq!(SynthConfig::parse_years("2020").unwrap(), (2020, 2020));
        assert!(SynthConfig::parse_years("x..2").is_err());
    }
}
