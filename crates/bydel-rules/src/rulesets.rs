//! The collection of rule sets, selected by list year. The four Danish periods are embedded;
//! a user can add or replace a set with their own file (a new law is a new file).

use crate::error::RulesError;
use crate::list_year::ListYear;
use crate::ruleset::RuleSet;

/// The embedded rule set files, oldest first: (name, TOML text).
pub const EMBEDDED: [(&str, &str); 4] = [
    ("rulesets/2010.toml", include_str!("../rulesets/2010.toml")),
    ("rulesets/2013.toml", include_str!("../rulesets/2013.toml")),
    ("rulesets/2018.toml", include_str!("../rulesets/2018.toml")),
    ("rulesets/2021.toml", include_str!("../rulesets/2021.toml")),
];

/// Rule sets, one per period. A later-added set takes precedence for the years it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSets {
    sets: Vec<RuleSet>,
}

impl RuleSets {
    /// The four embedded Danish rule sets.
    pub fn danish() -> Self {
        let sets = EMBEDDED
            .iter()
            .map(|(name, text)| {
                RuleSet::from_toml(name, text).expect("embedded rule sets are valid")
            })
            .collect();
        RuleSets { sets }
    }

    /// Only the given sets.
    pub fn from_sets(sets: Vec<RuleSet>) -> Self {
        RuleSets { sets }
    }

    /// Adds a set that takes precedence over the others for the years it covers.
    pub fn with(mut self, set: RuleSet) -> Self {
        self.sets.push(set);
        self
    }

    /// The rule set for a list year.
    pub fn for_year(&self, year: ListYear) -> Result<&RuleSet, RulesError> {
        self.sets
            .iter()
            .rev()
            .find(|s| s.covers(year))
            .ok_or(RulesError::NoRuleSet(year.get()))
    }

    /// Every set, in the order added.
    pub fn sets(&self) -> &[RuleSet] {
        &self.sets
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_sets_parse_and_cover_2010_onwards() {
        let sets = RuleSets::danish();
        for (y, id) in [
            (2010, "2010"),
            (2012, "2010"),
            (2013, "2013"),
            (2017, "2013"),
            (2018, "2018"),
            (2020, "2018"),
            (2021, "2021"),
            (2040, "2021"),
        ] {
            assert_eq!(
                sets.for_year(ListYear::new(y).unwrap()).unwrap().id,
                id,
                "list year {y}"
            );
        }
        assert!(sets.for_year(ListYear::new(2009).unwrap()).is_err());
    }

    #[test]
    fn a_user_set_overrides() {
        let text = EMBEDDED[3].1.replace("id = \"2021\"", "id = \"mine\"");
        let sets = RuleSets::danish().with(RuleSet::from_toml("mine.toml", &text).unwrap());
        assert_eq!(
            sets.for_year(ListYear::new(2022).unwrap()).unwrap().id,
            "mine"
        );
        assert_eq!(
            sets.for_year(ListYear::new(2019).unwrap()).unwrap().id,
            "2018"
        );
    }

    #[test]
    fn bad_sets_are_user_errors() {
        let text = EMBEDDED[3]
            .1
            .replace("requires = [\"udsat\"]", "requires = [\"nope\"]");
        let err = RuleSet::from_toml("bad.toml", &text).unwrap_err();
        assert!(err.to_string().contains("bad.toml"), "{err}");
        let text = EMBEDDED[3]
            .1
            .replace("threshold = \"40\"", "threshold = \"4O\"");
        assert!(RuleSet::from_toml("bad.toml", &text).is_err());
    }
}
