-- The procurement team's registers (pipelines/registers fills them from LANDING/registers/).
-- Every run rebuilds these tables from the register files then in the landing folder:
-- a register is the team's current spreadsheet, not an append-only feed.
-- Provenance columns are the same on every table: source_file (relative to the landing
-- folder), file_sha256, source_sheet (XLSX only), source_line (1-based line or row).

CREATE TABLE IF NOT EXISTS core.register_procurement_exercises (
    reference           VARCHAR NOT NULL,
    title               VARCHAR NOT NULL,
    route               VARCHAR NOT NULL,
    start_date          DATE NOT NULL,
    award_date          DATE,
    value               DECIMAL(18,2),
    awarded_supplier    VARCHAR,
    financial_year      VARCHAR,
    cycle_days          INTEGER,
    source_file         VARCHAR NOT NULL,
    file_sha256         VARCHAR NOT NULL,
    source_sheet        VARCHAR,
    source_line         BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS core.register_exemptions (
    reference           VARCHAR NOT NULL,
    date_received       DATE NOT NULL,
    decision            VARCHAR NOT NULL,
    decision_date       DATE,
    value               DECIMAL(18,2),
    reason              VARCHAR,
    financial_year      VARCHAR NOT NULL,
    source_file         VARCHAR NOT NULL,
    file_sha256         VARCHAR NOT NULL,
    source_sheet        VARCHAR,
    source_line         BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS core.register_events (
    event_date          DATE NOT NULL,
    title               VARCHAR NOT NULL,
    attendees           INTEGER,
    local_attendees     INTEGER,
    financial_year      VARCHAR NOT NULL,
    source_file         VARCHAR NOT NULL,
    file_sha256         VARCHAR NOT NULL,
    source_sheet        VARCHAR,
    source_line         BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS core.register_savings (
    saving_date         DATE,
    description         VARCHAR NOT NULL,
    saving_type         VARCHAR NOT NULL,
    amount              DECIMAL(18,2) NOT NULL,
    financial_year      VARCHAR NOT NULL,
    source_file         VARCHAR NOT NULL,
    file_sha256         VARCHAR NOT NULL,
    source_sheet        VARCHAR,
    source_line         BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS core.register_quick_quotes (
    reference           VARCHAR NOT NULL,
    quote_date          DATE NOT NULL,
    title               VARCHAR,
    supplier_name       VARCHAR NOT NULL,
    supplier_name_normalised VARCHAR,
    supplier_postcode   VARCHAR,
    is_local            BOOLEAN,
    financial_year      VARCHAR NOT NULL,
    source_file         VARCHAR NOT NULL,
    file_sha256         VARCHAR NOT NULL,
    source_sheet        VARCHAR,
    source_line         BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS core.register_social_value (
    contract_reference  VARCHAR NOT NULL,
    supplier            VARCHAR NOT NULL,
    theme               VARCHAR NOT NULL,
    toms_code           VARCHAR,
    measure             VARCHAR,
    unit                VARCHAR NOT NULL,
    committed_value     DECIMAL(18,2),
    delivered_value     DECIMAL(18,2),
    record_date         DATE NOT NULL,
    financial_year      VARCHAR NOT NULL,
    source_file         VARCHAR NOT NULL,
    file_sha256         VARCHAR NOT NULL,
    source_sheet        VARCHAR,
    source_line         BIGINT NOT NULL
);

-- reference_data/register_targets.csv, loaded by build_register_marts.
CREATE TABLE IF NOT EXISTS core.register_targets (
    measure             VARCHAR NOT NULL,
    financial_year      VARCHAR,
    dimension           VARCHAR,
    figure              DECIMAL(18,2) NOT NULL,
    kind                VARCHAR NOT NULL,
    direction           VARCHAR NOT NULL,
    unit                VARCHAR NOT NULL,
    source              VARCHAR
);
