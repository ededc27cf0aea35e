# Packages for the generated-SQL test (crates/bydel-engine/tests/sql.rs) and `bydel bench`.
python3 -m pip install --quiet duckdb==2.0.1
# Spark in local mode for the Spark equality test (crates/bydel-engine/tests/spark.rs; needs
# Java 17, present on the CI machine). BYDEL_REQUIRE_ORACLES=1 (.ci/run) makes a missing Spark fail.
python3 -m pip install --quiet pyspark==3.5.5
# Headless Chromium and playwright-core for the dashboard e2e test (crates/bydel-server/tests/e2e.rs).
apt-get update -qq && apt-get install -y -qq chromium && npm ci --prefix e2e --no-audit --no-fund
# Oracles for the evaluation methods (crates/bydel-evaluate/tests/oracle.rs): Callaway–Sant'Anna
# (csdid) and synthetic control (pysyncon). Set BYDEL_REQUIRE_ORACLES=1 so a missing package fails.
python3 -m pip install --quiet csdid==0.4.3 pysyncon==1.7.0
