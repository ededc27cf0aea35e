//! Decoding text columns once per distinct value. Parquet text columns arrive dictionary-encoded
//! (see [`crate::read::read_unit_dict`]): each dictionary is decoded once — and reused while the
//! reader hands out the same dictionary — and rows only gather by key. Plain `Utf8` columns (CSV)
//! are decoded row by row.

use arrow_array::cast::AsArray;
use arrow_array::types::Int32Type;
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;

/// The decoded dictionary of the previous batch, kept while the next batch shares it.
///
/// The cache holds the dictionary itself, so its buffer cannot be freed and its address reused
/// by another dictionary while the cache recognises it by that address.
#[derive(Debug)]
pub struct Cache<T> {
    key: (usize, usize),
    held: Option<ArrayRef>,
    decoded: Vec<T>,
}

impl<T> Default for Cache<T> {
    fn default() -> Self {
        Cache {
            key: (0, 0),
            held: None,
            decoded: Vec::new(),
        }
    }
}

/// The text of row `row` of a text column (plain `Utf8` or dictionary-encoded); `None` when
/// the cell is null.
pub fn text_at(col: &ArrayRef, row: usize) -> Option<&str> {
    if col.is_null(row) {
        return None;
    }
    match col.data_type() {
        DataType::Dictionary(_, _) => {
            let dict = col.as_dictionary::<Int32Type>();
            let values = dict.values().as_string::<i32>();
            let k = dict.keys().value(row) as usize;
            (!values.is_null(k)).then(|| values.value(k))
        }
        _ => Some(col.as_string::<i32>().value(row)),
    }
}

/// Decodes every row of a text column into `out` with `f`; nulls become `null`.
pub fn decode<T: Copy>(
    col: &ArrayRef,
    cache: &mut Cache<T>,
    null: T,
    f: &dyn Fn(&str) -> T,
    out: &mut Vec<T>,
) {
    out.clear();
    match col.data_type() {
        DataType::Dictionary(_, _) => {
            let dict = col.as_dictionary::<Int32Type>();
            let values = dict.values().as_string::<i32>();
            let key = (values.values().as_ptr() as usize, values.len());
            if cache.key != key || cache.decoded.len() != values.len() {
                cache.decoded = (0..values.len())
                    .map(|i| {
                        if values.is_null(i) {
                            null
                        } else {
                            f(values.value(i))
                        }
                    })
                    .collect();
                cache.key = key;
                cache.held = Some(dict.values().clone());
            }
            let keys = dict.keys();
            out.extend((0..dict.len()).map(|r| {
                if keys.is_null(r) {
                    null
                } else {
                    cache.decoded[keys.value(r) as usize]
                }
            }));
        }
        _ => {
            let s = col.as_string::<i32>();
            out.extend((0..s.len()).map(|r| if s.is_null(r) { null } else { f(s.value(r)) }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{DictionaryArray, StringArray};
    use std::sync::Arc;

    #[test]
    fn dictionary_and_plain_agree() {
        let plain: ArrayRef = Arc::new(StringArray::from(vec![
            Some("b"),
            None,
            Some("a"),
            Some("b"),
        ]));
        let dict: ArrayRef = Arc::new(
            vec![Some("b"), None, Some("a"), Some("b")]
                .into_iter()
                .collect::<DictionaryArray<Int32Type>>(),
        );
        let f = |s: &str| s.as_bytes()[0];
        let (mut a, mut b) = (Vec::new(), Vec::new());
        decode(&plain, &mut Cache::default(), 0, &f, &mut a);
        let mut cache = Cache::default();
        decode(&dict, &mut cache, 0, &f, &mut b);
        assert_eq!(a, b);
        decode(&dict, &mut cache, 0, &|_| 9, &mut b);
        assert_eq!(a, b, "a shared dictionary is decoded once");
    }
}
