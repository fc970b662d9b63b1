-- One hash per supplier record of everything about it that marts.payment_classified shows:
-- what a month's fingerprint takes once per supplier, and what the next run compares
-- (staging.kpi_month_suppliers) to find the suppliers reclassified or renamed since.
SELECT
    supplier_key,
    hash(supplier_name, is_redacted, is_local_primary, is_local_secondary, is_sme, is_vcs,
         imd_decile, proclass_level1, proclass_level2, match_method) AS supplier_hash
FROM core.dim_supplier
