CREATE TABLE IF NOT EXISTS audit.ingest_files (
    source_file     VARCHAR NOT NULL,   -- path relative to the landing folder
    file_sha256     VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,   -- ledger | supplier_extract | vendor_master | companies_house | charities | register
    mapping         VARCHAR,            -- JSON: canonical field -> source column, with the choices made
    status          VARCHAR NOT NULL,   -- loaded | failed | superseded | retracted
    message         VARCHAR,
    rows_read       BIGINT NOT NULL DEFAULT 0,
    rows_loaded     BIGINT NOT NULL DEFAULT 0,
    rows_rejected   BIGINT NOT NULL DEFAULT 0,
    rows_duplicate  BIGINT NOT NULL DEFAULT 0,
    amount_loaded   DECIMAL(18,2) NOT NULL DEFAULT 0,
    ingested_at     TIMESTAMP NOT NULL
);
-- The file lifecycle's columns (pipelines/lifecycle.py), added in place to older warehouses.
ALTER TABLE audit.ingest_files ADD COLUMN IF NOT EXISTS config_sha256 VARCHAR;
ALTER TABLE audit.ingest_files ADD COLUMN IF NOT EXISTS duplicates_of VARCHAR;
ALTER TABLE audit.ingest_files ADD COLUMN IF NOT EXISTS missing BOOLEAN DEFAULT false;
ALTER TABLE audit.ingest_files ADD COLUMN IF NOT EXISTS superseded_by VARCHAR;

CREATE TABLE IF NOT EXISTS audit.rejected_rows (
    source_file     VARCHAR NOT NULL,
    file_sha256     VARCHAR NOT NULL,
    source_sheet    VARCHAR,
    source_line     BIGINT NOT NULL,    -- 1-based physical line (CSV) or row (XLSX) in the file
    reason          VARCHAR NOT NULL,
    raw             VARCHAR             -- JSON object of the line's raw values, by source column
);

CREATE TABLE IF NOT EXISTS audit.runs (
    run_id          VARCHAR NOT NULL,   -- the Dagster run that built this state
    started_at      TIMESTAMP NOT NULL,
    published_at    TIMESTAMP,          -- when the run's build copy replaced the published warehouse
    inputs          JSON                -- what the run read (pipelines/run_inputs.py); NULL when not recorded
);
-- Warehouses built before `inputs` existed gain it empty.
ALTER TABLE audit.runs ADD COLUMN IF NOT EXISTS inputs JSON;

CREATE TABLE IF NOT EXISTS audit.run_warnings (
    source          VARCHAR NOT NULL,   -- the step that raised it: council | suppliers | ...
    code            VARCHAR NOT NULL,   -- stable id: council_assumed | body_mismatch | no_supplier_located
    message         VARCHAR NOT NULL,   -- one sentence for the run summary and the report
    recorded_at     TIMESTAMP NOT NULL
);

-- Named non-payment lines of each ledger file version (ledgers/read.py SET_ASIDE_SCHEMA):
-- audit.ingest_files.mapping->'lines' counts them, this table says which lines they were.
CREATE TABLE IF NOT EXISTS audit.set_aside_lines (
    source_file     VARCHAR NOT NULL,
    file_sha256     VARCHAR NOT NULL,
    source_sheet    VARCHAR,
    source_line     BIGINT NOT NULL,    -- 1-based physical line (CSV) or row (XLSX) where the record starts
    state           VARCHAR NOT NULL,   -- header | repeated_header | preamble | footer | continuation
    lines           BIGINT NOT NULL     -- non-blank physical lines the record spans
);
