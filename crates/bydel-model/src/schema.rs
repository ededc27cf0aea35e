//! The canonical tables and their columns: a contract with users, scripts and every later
//! feature. `docs/data-format.md` documents the same names with examples; a test keeps the two
//! in step.

/// The type of a column, as it is checked on input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Free text (identifiers).
    Text,
    /// A whole number.
    Integer,
    /// A decimal number.
    Decimal,
    /// `true`/`false` (also `1`/`0`).
    Bool,
    /// An ISO date `YYYY-MM-DD`.
    Date,
    /// One of a closed set of codes (the enum in [`crate::codes`] names them).
    Code,
}

/// One column of a canonical table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Column name.
    pub name: &'static str,
    /// Its type.
    pub ty: ColumnType,
    /// Whether the column must be present.
    pub required: bool,
    /// Whether a present column may have empty cells.
    pub nullable: bool,
}

const fn col(name: &'static str, ty: ColumnType) -> Column {
    Column {
        name,
        ty,
        required: true,
        nullable: false,
    }
}
const fn nullable(name: &'static str, ty: ColumnType) -> Column {
    Column {
        name,
        ty,
        required: true,
        nullable: true,
    }
}
const fn optional(name: &'static str, ty: ColumnType) -> Column {
    Column {
        name,
        ty,
        required: false,
        nullable: true,
    }
}

/// A canonical table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    /// The file stem (`persons` → `persons.parquet`, `persons.csv` or `persons/`).
    pub name: &'static str,
    /// Whether a dataset must have it.
    pub required: bool,
    /// Its columns.
    pub columns: &'static [Column],
}

impl Table {
    /// A column by name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

use ColumnType::*;

/// `persons`: one row per resident per year.
pub const PERSONS: Table = Table {
    name: "persons",
    required: true,
    columns: &[
        col("person_id", Text),
        col("year", Integer),
        col("address_id", Text),
        col("municipality", Integer),
        col("region", Integer),
        col("age", Integer),
        col("sex", Code),
        col("origin", Code),
        nullable("origin_country", Text),
        col("outside_fte", Decimal),
        col("education", Code),
        col("in_education", Bool),
        col("gross_income", Integer),
        col("taxable", Bool),
        optional("family_id", Text),
        optional("moved_in", Date),
    ],
};

/// `convictions`: one row per decision.
pub const CONVICTIONS: Table = Table {
    name: "convictions",
    required: false,
    columns: &[
        col("person_id", Text),
        col("decision_date", Date),
        col("law", Code),
        col("guilty", Bool),
    ],
};

/// `deaths`: one row per person who died (the death register, DODAARS). Lets flows tell a
/// death from a move abroad; without it both count as "left the data".
pub const DEATHS: Table = Table {
    name: "deaths",
    required: false,
    columns: &[col("person_id", Text), col("death_date", Date)],
};

/// `addresses`: one row per address.
pub const ADDRESSES: Table = Table {
    name: "addresses",
    required: true,
    columns: &[
        col("address_id", Text),
        col("lon", Decimal),
        col("lat", Decimal),
    ],
};

/// `address_areas`: explicit placement of addresses in areas, overriding geometry.
pub const ADDRESS_AREAS: Table = Table {
    name: "address_areas",
    required: false,
    columns: &[
        col("address_id", Text),
        col("kind", Text),
        col("area_id", Text),
    ],
};

/// `dwellings`: dwellings and commercial floor area by address, year and tenure.
pub const DWELLINGS: Table = Table {
    name: "dwellings",
    required: false,
    columns: &[
        col("address_id", Text),
        col("year", Integer),
        col("tenure", Code),
        col("units", Integer),
        col("floor_m2", Integer),
        optional("demolished_unreplaced", Integer),
    ],
};

/// `schools`: one row per school.
pub const SCHOOLS: Table = Table {
    name: "schools",
    required: false,
    columns: &[
        col("school_id", Text),
        col("name", Text),
        col("kind", Code),
        col("municipality", Integer),
        col("address_id", Text),
    ],
};

/// `pupils`: one row per pupil per school year (the year the school year starts).
pub const PUPILS: Table = Table {
    name: "pupils",
    required: false,
    columns: &[
        col("person_id", Text),
        col("year", Integer),
        col("school_id", Text),
        col("grade", Integer),
        col("absence_pct", Decimal),
        optional("exam_avg", Decimal),
    ],
};

/// `daycare`: one row per daycare institution (or unit).
pub const DAYCARE: Table = Table {
    name: "daycare",
    required: false,
    columns: &[
        col("institution_id", Text),
        col("name", Text),
        col("kind", Code),
        col("municipality", Integer),
        col("address_id", Text),
    ],
};

/// `daycare_children`: one row per admission of a child to an institution.
pub const DAYCARE_CHILDREN: Table = Table {
    name: "daycare_children",
    required: false,
    columns: &[
        col("person_id", Text),
        col("institution_id", Text),
        col("admission_date", Date),
        optional("parents_work_or_study", Bool),
    ],
};

/// `language_assessments`: one row per language assessment (sprogvurdering).
pub const LANGUAGE_ASSESSMENTS: Table = Table {
    name: "language_assessments",
    required: false,
    columns: &[
        col("person_id", Text),
        col("year", Integer),
        col("age", Integer),
        col("result", Code),
    ],
};

/// Every tabular table (the areas come as `areas.geojson`).
pub const TABLES: &[Table] = &[
    PERSONS,
    CONVICTIONS,
    DEATHS,
    ADDRESSES,
    ADDRESS_AREAS,
    DWELLINGS,
    SCHOOLS,
    PUPILS,
    DAYCARE,
    DAYCARE_CHILDREN,
    LANGUAGE_ASSESSMENTS,
];

/// The areas file name.
pub const AREAS_FILE: &str = "areas.geojson";

/// A table by name.
pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}
