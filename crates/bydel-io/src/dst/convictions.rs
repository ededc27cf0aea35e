//! KRAF-style decisions → the canonical `convictions` table.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::Date32Type;
use arrow_array::{ArrayRef, BooleanArray, Date32Array, RecordBatch, StringArray};
use bydel_model::schema;

use super::mapping::Mappings;
use crate::check::looks_like_cpr;
use crate::problem::Problems;
use crate::read::Batch;
use crate::write::arrow_schema;

/// Converts a batch of KRAF rows; each row whose codes do not map is reported and left out.
pub(crate) fn convert(b: &Batch, m: &Mappings, p: &mut Problems) -> RecordBatch {
    let batch = &b.batch;
    let text = |name: &str| {
        batch
            .column_by_name(name)
            .expect("column")
            .as_string::<i32>()
    };
    let (pnr, code, kind) = (text("PNR"), text("GERKODE"), text("AFGTYPE"));
    let dates = batch
        .column_by_name("AFGDATO")
        .expect("column")
        .as_primitive::<Date32Type>();
    let (mut ids, mut days, mut laws, mut guilty) = (vec![], vec![], vec![], vec![]);
    for r in 0..batch.num_rows() {
        let mut bad = |column: &str, expected: &str, found: String| {
            p.at(
                &b.file,
                Some(b.lines.line(r)),
                Some(column),
                expected,
                found,
            );
        };
        if looks_like_cpr(pnr.value(r)) {
            bad(
                "PNR",
                "a pseudonymised identifier (run `bydel pseudonymise` first; bydel refuses CPR numbers)",
                "a value shaped like a CPR number (not shown)".into(),
            );
            continue;
        }
        let law = m.law(code.value(r));
        if law.is_none() {
            bad(
                "GERKODE",
                "an offence code of digits",
                format!("{:?}", code.value(r)),
            );
        }
        let g = m.guilty(kind.value(r));
        if g.is_none() {
            bad(
                "AFGTYPE",
                "a decision type listed in decision_types.csv",
                format!("{:?}", kind.value(r)),
            );
        }
        if let (Some(law), Some(g)) = (law, g) {
            ids.push(pnr.value(r));
            days.push(dates.value(r));
            laws.push(law.as_str());
            guilty.push(g);
        }
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(ids)),
        Arc::new(Date32Array::from(days)),
        Arc::new(StringArray::from(laws)),
        Arc::new(BooleanArray::from(guilty)),
    ];
    RecordBatch::try_new(arrow_schema(&schema::CONVICTIONS), columns)
        .expect("bug: convictions columns match the canonical schema")
}
