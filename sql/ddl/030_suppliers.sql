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
