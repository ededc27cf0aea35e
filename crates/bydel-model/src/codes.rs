//! The coded values of the canonical tables. Each code has one spelling in files (`as_str`), and
//! parsing names every allowed spelling when it fails.

use serde::{Deserialize, Serialize};

use crate::ModelError;

/// Defines a closed set of codes with their file spelling.
macro_rules! codes {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every code, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling used in files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The code's position in [`Self::ALL`] (dense, for bit masks and arrays).
            pub fn index(self) -> usize {
                self as usize
            }

            /// Parses the file spelling.
            pub fn parse(text: &str) -> Result<Self, ModelError> {
                match text {
                    $($text => Ok($name::$variant),)+
                    _ => Err(ModelError::parse(
                        format!("one of {}", [$($text),+].join(", ")),
                        text,
                    )),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

codes!(
    /// Legal sex as registered.
    Sex {
        /// Female.
        Female = "f",
        /// Male.
        Male = "m",
    }
);

codes!(
    /// Origin as Danmarks Statistik defines it (IE_TYPE).
    Origin {
        /// Danish origin.
        Danish = "danish",
        /// Born abroad, neither parent Danish citizen born in Denmark.
        Immigrant = "immigrant",
        /// Born in Denmark, neither parent Danish citizen born in Denmark.
        Descendant = "descendant",
    }
);

codes!(
    /// Highest completed education recognised in Denmark. Foreign education that is not
    /// recognised is `unknown`, which criterion C counts as basic education only.
    Education {
        /// Grundskole (primary and lower secondary) only.
        Basic = "basic",
        /// Gymnasial uddannelse.
        UpperSecondary = "upper_secondary",
        /// Erhvervsfaglig uddannelse.
        Vocational = "vocational",
        /// Kort videregående uddannelse.
        ShortCycle = "short_cycle",
        /// Mellemlang videregående / bachelor.
        Bachelor = "bachelor",
        /// Lang videregående / master and above.
        Master = "master",
        /// Not known (no record, or only unrecognised foreign education).
        Unknown = "unknown",
    }
);

impl Education {
    /// True for `basic` and `unknown`: the education that counts towards criterion C.
    pub fn is_basic_or_unknown(self) -> bool {
        matches!(self, Education::Basic | Education::Unknown)
    }
    /// True when a youth education (upper secondary or vocational) or more has been completed.
    pub fn has_youth_education(self) -> bool {
        !self.is_basic_or_unknown()
    }
}

codes!(
    /// The law a conviction decision is under. Criterion B counts the first three.
    Law {
        /// Straffeloven (the criminal code).
        Straffeloven = "straffeloven",
        /// Våbenloven (weapons act).
        Vaabenloven = "vaabenloven",
        /// Lov om euforiserende stoffer (drugs act).
        EuforiserendeStoffer = "euforiserende_stoffer",
        /// Any other law.
        Other = "other",
    }
);

impl Law {
    /// True for the three laws of criterion B.
    pub fn counts_for_criterion_b(self) -> bool {
        !matches!(self, Law::Other)
    }
}

codes!(
    /// Tenure of dwellings (and commercial floor area) in the `dwellings` table.
    Tenure {
        /// Almene familieboliger (social family dwellings): the § 168 a numerator.
        AlmenFamily = "almen_family",
        /// Almene ungdomsboliger.
        AlmenYouth = "almen_youth",
        /// Almene ældreboliger.
        AlmenElderly = "almen_elderly",
        /// Private rental.
        PrivateRental = "private_rental",
        /// Owner-occupied.
        OwnerOccupied = "owner_occupied",
        /// Andelsbolig (cooperative).
        Cooperative = "cooperative",
        /// Commercial floor area (75 m² counts as one dwelling under § 168 a).
        Commercial = "commercial",
    }
);

codes!(
    /// The outcome of a language assessment (sprogvurdering) of a three-year-old.
    LanguageResult {
        /// Generel indsats: no extra effort needed.
        General = "general",
        /// Fokuseret indsats.
        Focused = "focused",
        /// Særlig indsats.
        Special = "special",
    }
);

codes!(
    /// Kind of school.
    SchoolKind {
        /// Folkeskole (municipal).
        Public = "public",
        /// Private or free school.
        Private = "private",
    }
);

codes!(
    /// Kind of daycare institution.
    DaycareKind {
        /// Municipal institution.
        Municipal = "municipal",
        /// Self-governing institution.
        SelfGoverning = "self_governing",
        /// Private institution.
        Private = "private",
        /// Municipal childminder (dagpleje).
        Childminder = "childminder",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_explain() {
        for e in Education::ALL {
            assert_eq!(Education::parse(e.as_str()).unwrap(), *e);
        }
        let err = Origin::parse("dansk").unwrap_err().to_string();
        assert!(err.contains("danish, immigrant, descendant"), "{err}");
        assert!(Education::Unknown.is_basic_or_unknown());
        assert!(!Law::Other.counts_for_criterion_b());
    }
}
