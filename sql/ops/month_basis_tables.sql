-- What the months' stored states (audit.kpi_month_state) were last all verified against: each
-- ledger version's lines, each supplier's hash and the supplier build. A month can only have
-- changed since if a version holding it (then or now) differs, a supplier paid in it differs,
-- or the supplier build relinked every payment (its fingerprint differs); the next run
-- fingerprints only those months (ops/month_candidates). Orchestration state, like the month
-- state, written with the marts it describes.
CREATE TABLE IF NOT EXISTS staging.kpi_month_versions (
    source_file   VARCHAR NOT NULL,
    file_sha256   VARCHAR NOT NULL,
    payments      BIGINT NOT NULL,
    month_hash    HUGEINT NOT NULL,
    months        DATE[] NOT NULL,
    loaded_at     TIMESTAMP
);
CREATE TABLE IF NOT EXISTS staging.kpi_month_suppliers (supplier_key VARCHAR NOT NULL, supplier_hash UBIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS staging.kpi_month_supplier_build (fingerprint VARCHAR);
