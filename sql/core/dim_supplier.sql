-- core.dim_supplier from the staged records (pipelines/suppliers/build.py writes the staging tables).
-- Evidence, in order of trust; the first that answers decides, and *_source says which:
--   location: override (postcode or flags) > the postcode's location (onspd | nspl_nearest_place | geonames_outward);
--             location_rule says how a set of candidate authorities decided the flags
--   SME:      override > supplier_extract flag > companies_house accounts category > name_rule
--   VCS:      override > supplier_extract flag > companies_house company category > society_number
--             > charity_number > charity_register > name_rule
-- NULL means unknown, never false. Redacted payees carry no evidence at all.
-- The new rows are built aside, then only rows that vanished or changed are deleted and only
-- new or changed rows inserted: rewriting every row (DELETE all + INSERT all) costs seconds per
-- 100k suppliers on the primary key, even when a nightly build changes nothing.
CREATE OR REPLACE TEMP TABLE dim_supplier_next AS SELECT * FROM core.dim_supplier WHERE false;

INSERT INTO dim_supplier_next BY NAME
WITH ov_links AS (
    -- An override names a supplier by company number, by its name, or by any ledger spelling
    -- that resolved to it.
    SELECT e.supplier_key, o.override_line
    FROM staging.supplier_entity e JOIN staging.supplier_override o ON o.company_number = e.company_number
    WHERE NOT e.is_redacted
    UNION
    SELECT e.supplier_key, o.override_line
    FROM staging.supplier_entity e JOIN staging.supplier_override o ON o.name_normalised = e.name_normalised
    WHERE NOT e.is_redacted
    UNION
    SELECT m.supplier_key, o.override_line
    FROM core.supplier_match m JOIN staging.supplier_override o ON o.name_normalised = m.name_normalised
    WHERE m.match_method <> 'redacted'
),
ov_hits AS (
    SELECT l.supplier_key, o.*,
           row_number() OVER (PARTITION BY l.supplier_key ORDER BY o.override_line) AS rn
    FROM ov_links l JOIN staging.supplier_override o USING (override_line)
),
ov AS (SELECT * FROM ov_hits WHERE rn = 1),
ch AS (
    SELECT e.supplier_key,
           acc.is_sme AS ch_sme,
           cat.is_vcs AS ch_vcs
    FROM staging.supplier_entity e
    LEFT JOIN staging.companies_house_category acc
      ON acc.field = 'accounts_category' AND acc.value = upper(trim(e.accounts_category))
    LEFT JOIN staging.companies_house_category cat
      ON cat.field = 'company_category' AND cat.value = upper(trim(e.company_category))
),
base AS (
    SELECT e.*,
           ov.override_line IS NOT NULL AS is_override,
           ov.note AS override_note,
           ov.postcode_raw AS ov_postcode_raw,
           ov.is_sme AS ov_sme, ov.is_vcs AS ov_vcs,
           ov.is_local_primary AS ov_primary, ov.is_local_secondary AS ov_secondary,
           ch.ch_sme, ch.ch_vcs
    FROM staging.supplier_entity e
    LEFT JOIN ov USING (supplier_key)
    LEFT JOIN ch USING (supplier_key)
),
placed AS (
    SELECT b.*,
           -- An override's postcode replaces the record's.
           CASE WHEN b.ov_postcode_raw IS NOT NULL THEN lo.postcode ELSE l.postcode END AS pc,
           CASE WHEN b.ov_postcode_raw IS NOT NULL THEN lo.postcode_outward ELSE l.postcode_outward END AS pc_outward,
           CASE WHEN b.ov_postcode_raw IS NOT NULL THEN lo.postcode_area ELSE l.postcode_area END AS pc_area,
           CASE WHEN b.ov_postcode_raw IS NOT NULL THEN lo.local_authority ELSE l.local_authority END AS la,
           CASE WHEN b.ov_postcode_raw IS NOT NULL THEN lo.county ELSE l.county END AS cty,
           CASE WHEN b.ov_postcode_raw IS NOT NULL THEN lo.imd_decile ELSE l.imd_decile END AS imd,
           CASE WHEN b.ov_postcode_raw IS NOT NULL THEN lo.is_local_primary ELSE l.is_local_primary END AS loc_primary,
           CASE WHEN b.ov_postcode_raw IS NOT NULL THEN lo.is_local_secondary ELSE l.is_local_secondary END AS loc_secondary,
           CASE WHEN b.ov_postcode_raw IS NOT NULL THEN 'override' ELSE l.location_source END AS loc_source,
           CASE WHEN b.ov_postcode_raw IS NOT NULL THEN lo.location_rule ELSE l.location_rule END AS loc_rule,
           CASE WHEN b.ov_postcode_raw IS NOT NULL THEN lo.candidate_authorities ELSE l.candidate_authorities END AS loc_candidates
    FROM base b
    LEFT JOIN staging.supplier_location l ON l.raw = b.postcode_raw
    LEFT JOIN staging.supplier_location lo ON lo.raw = b.ov_postcode_raw
)
SELECT
    supplier_key,
    coalesce(supplier_name, supplier_key) AS supplier_name,
    name_normalised,
    company_number,
    charity_number,
    vat_number,
    pc AS postcode,
    pc_outward AS postcode_outward,
    pc_area AS postcode_area,
    la AS local_authority,
    cty AS county,
    imd AS imd_decile,
    CASE WHEN is_redacted THEN NULL ELSE coalesce(ov_primary, loc_primary) END AS is_local_primary,
    CASE WHEN is_redacted THEN NULL ELSE coalesce(ov_secondary, loc_secondary) END AS is_local_secondary,
    CASE WHEN is_redacted THEN NULL ELSE coalesce(ov_sme, extract_sme, ch_sme, rule_sme) END AS is_sme,
    CASE WHEN is_redacted THEN NULL
         ELSE coalesce(ov_vcs, extract_vcs, ch_vcs,
                       CASE WHEN society_number IS NOT NULL THEN TRUE END,
                       CASE WHEN charity_number IS NOT NULL THEN TRUE END,
                       CASE WHEN on_charity_register THEN TRUE END,
                       rule_vcs) END AS is_vcs,
    is_redacted,
    CASE WHEN is_redacted THEN NULL
         WHEN ov_primary IS NOT NULL OR ov_secondary IS NOT NULL THEN 'override'
         WHEN loc_primary IS NULL AND loc_secondary IS NULL THEN NULL
         ELSE coalesce(loc_source, 'postcode_area') END AS location_source,
    -- The rule that decided a straddling or county-only location, and the authorities it weighed.
    CASE WHEN is_redacted OR ov_primary IS NOT NULL OR ov_secondary IS NOT NULL THEN NULL
         ELSE nullif(loc_rule, '') END AS location_rule,
    CASE WHEN is_redacted THEN NULL ELSE nullif(array_to_string(loc_candidates, ', '), '') END AS location_candidates,
    CASE WHEN is_redacted THEN NULL
         WHEN ov_sme IS NOT NULL THEN 'override'
         WHEN extract_sme IS NOT NULL THEN 'supplier_extract'
         WHEN ch_sme IS NOT NULL THEN 'companies_house'
         WHEN rule_sme IS NOT NULL THEN 'name_rule' END AS sme_source,
    CASE WHEN is_redacted THEN NULL
         WHEN ov_vcs IS NOT NULL THEN 'override'
         WHEN extract_vcs IS NOT NULL THEN 'supplier_extract'
         WHEN ch_vcs IS NOT NULL THEN 'companies_house'
         WHEN society_number IS NOT NULL THEN 'society_number'
         WHEN charity_number IS NOT NULL THEN 'charity_number'
         WHEN on_charity_register THEN 'charity_register'
         WHEN rule_vcs IS NOT NULL THEN 'name_rule' END AS vcs_source,
    match_method,
    proclass_level1,
    proclass_level2,
    is_override,
    override_note,
    form AS legal_form,
    company_category,
    accounts_category,
    source_kinds
FROM placed;

DELETE FROM core.dim_supplier d
WHERE NOT EXISTS (SELECT 1 FROM dim_supplier_next n WHERE n.supplier_key = d.supplier_key AND n IS NOT DISTINCT FROM d);

INSERT INTO core.dim_supplier
SELECT n.* FROM dim_supplier_next n
WHERE NOT EXISTS (SELECT 1 FROM core.dim_supplier d WHERE d.supplier_key = n.supplier_key);

DROP TABLE dim_supplier_next;
