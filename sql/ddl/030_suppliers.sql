-- Contract for the supplier dimension; pipelines/suppliers fills it.
CREATE TABLE IF NOT EXISTS core.dim_supplier (
    supplier_key        VARCHAR PRIMARY KEY,
    supplier_name       VARCHAR NOT NULL,   -- display name; 'Redacted (personal data)' for redacted payees
    name_normalised     VARCHAR,
    company_number      VARCHAR,            -- 8 characters, leading zeros restored
    charity_number      VARCHAR,
    vat_number          VARCHAR,
    postcode            VARCHAR,            -- normalised 'LU1 2AB'
    postcode_outward    VARCHAR,
    postcode_area       VARCHAR,
    local_authority     VARCHAR,
    county              VARCHAR,
    imd_decile          INTEGER,            -- 1 = most deprived 10% of England
    is_local_primary    BOOLEAN,            -- NULL when location unknown
    is_local_secondary  BOOLEAN,
    is_sme              BOOLEAN,
    is_vcs              BOOLEAN,
    is_redacted         BOOLEAN NOT NULL DEFAULT FALSE,
    location_source     VARCHAR,
    sme_source          VARCHAR,
    vcs_source          VARCHAR,
    match_method        VARCHAR,            -- how ledger names reached this record: company_number | charity_number | name | fuzzy | override | unmatched | redacted
    proclass_level1     VARCHAR,
    proclass_level2     VARCHAR,
    is_override         BOOLEAN NOT NULL DEFAULT FALSE
);

ALTER TABLE core.dim_supplier ADD COLUMN IF NOT EXISTS legal_form VARCHAR;          -- form read from the name (legal_forms.csv)
ALTER TABLE core.dim_supplier ADD COLUMN IF NOT EXISTS company_category VARCHAR;    -- Companies House CompanyCategory
ALTER TABLE core.dim_supplier ADD COLUMN IF NOT EXISTS accounts_category VARCHAR;   -- Companies House Accounts.AccountCategory
ALTER TABLE core.dim_supplier ADD COLUMN IF NOT EXISTS override_note VARCHAR;       -- the analyst's note from supplier_overrides.csv
ALTER TABLE core.dim_supplier ADD COLUMN IF NOT EXISTS source_kinds VARCHAR;        -- which staged sources describe it, e.g. 'companies_house,supplier_extract'
ALTER TABLE core.dim_supplier ADD COLUMN IF NOT EXISTS location_rule VARCHAR;       -- how candidate authorities decided the local flags
ALTER TABLE core.dim_supplier ADD COLUMN IF NOT EXISTS location_candidates VARCHAR; -- the authorities the postcode may lie in, comma-separated

-- Every supplier row read from a supplier file, as found (after value normalisation).
CREATE TABLE IF NOT EXISTS staging.supplier_source (
    source_kind         VARCHAR NOT NULL,   -- supplier_extract | vendor_master | companies_house | charities
    source_file         VARCHAR NOT NULL,
    file_sha256         VARCHAR NOT NULL,
    source_sheet        VARCHAR,
    source_line         BIGINT NOT NULL,
    supplier_name       VARCHAR,
    name_normalised     VARCHAR,
    supplier_id         VARCHAR,            -- the council's own supplier id (vendor master) as published
    company_number      VARCHAR,
    charity_number      VARCHAR,
    society_number      VARCHAR,            -- FCA mutuals register number (co-operatives, community benefit societies)
    vat_number          VARCHAR,
    postcode_raw        VARCHAR,
    address             VARCHAR,
    sme_raw             VARCHAR,
    vcs_raw             VARCHAR,
    sme_flag            BOOLEAN,
    vcs_flag            BOOLEAN,
    company_category    VARCHAR,
    accounts_category   VARCHAR,
    company_status      VARCHAR,
    proclass_level1     VARCHAR,
    proclass_level2     VARCHAR,
    spend               DECIMAL(18,2)
);

-- How each distinct ledger supplier (name as typed + supplier id) reached a supplier record.
CREATE TABLE IF NOT EXISTS core.supplier_match (
    supplier_name       VARCHAR NOT NULL,
    supplier_id         VARCHAR,
    name_normalised     VARCHAR,
    supplier_key        VARCHAR NOT NULL,
    match_method        VARCHAR NOT NULL,   -- redacted | company_number | charity_number | supplier_id | name | fuzzy | override | unmatched
    match_score         DOUBLE,             -- rapidfuzz score for fuzzy matches (0-100), 100 for exact rules
    candidate_key       VARCHAR,            -- best fuzzy candidate that was NOT taken (below threshold or ambiguous)
    candidate_name      VARCHAR,
    candidate_score     DOUBLE
);

-- The inputs of the last complete supplier build: when they have not changed, the next build
-- resolves only ledger names it has not seen (pipelines/suppliers/build.py inputs_fingerprint).
CREATE TABLE IF NOT EXISTS staging.supplier_build_state (fingerprint VARCHAR NOT NULL, built_at TIMESTAMP NOT NULL);
