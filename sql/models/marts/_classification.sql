-- A payment's category and supplier columns, from p (the payment's procurement_category) and
-- s = core.dim_supplier LEFT JOINed on its supplier_key (all NULL when the key is missing or
-- unknown): pasted by payment_classified.sql and by supplier_spend_by_month.sql, which
-- classifies per supplier, category and month rather than per line, so both classify alike.
-- Ends with a comma (DuckDB allows one before FROM).
    coalesce(nullif(trim(p.procurement_category), ''), nullif(trim(s.proclass_level1), '')) AS category,
    s.supplier_key,
    CASE
        WHEN s.supplier_key IS NULL THEN 'Supplier not resolved'
        WHEN s.is_redacted THEN 'Redacted (personal data)'
        ELSE s.supplier_name
    END AS supplier_name,
    s.supplier_key IS NOT NULL AS is_resolved,
    coalesce(s.is_redacted, FALSE) AS is_redacted,
    -- A redacted payee is a person: never local, SME or VCS, whatever its record says.
    CASE WHEN s.is_redacted THEN NULL ELSE s.is_local_primary END AS is_local_primary,
    CASE WHEN s.is_redacted THEN NULL ELSE s.is_local_secondary END AS is_local_secondary,
    CASE WHEN s.is_redacted THEN NULL ELSE s.is_sme END AS is_sme,
    CASE WHEN s.is_redacted THEN NULL ELSE s.is_vcs END AS is_vcs,
    CASE WHEN s.is_redacted THEN NULL ELSE s.imd_decile END AS imd_decile,
    coalesce(NOT s.is_redacted AND s.imd_decile BETWEEN 1 AND 2, FALSE) AS is_deprived_area,
    s.supplier_key IS NULL
        OR s.is_redacted
        OR (s.is_local_primary IS NULL AND s.is_local_secondary IS NULL
            AND s.is_sme IS NULL AND s.is_vcs IS NULL) AS is_unclassified,
    s.proclass_level1,
    s.proclass_level2,
    s.match_method,
