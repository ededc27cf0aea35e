# Packages for the generated-SQL test (crates/bydel-engine/tests/sql.rs) and `bydel bench`.
python3 -m pip install --quiet duckdb==2.0.1
