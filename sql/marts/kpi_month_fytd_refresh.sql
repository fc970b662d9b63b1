-- Refresh only the financial-year-to-date columns of marts.kpi_spend_by_month's rows in $months
-- from the staging rows in {stage}: these months come after a rebuilt month of the same
-- financial year, so their year to date includes it, while their own figures did not change.
UPDATE marts.kpi_spend_by_month AS m
SET
    fytd_payment_count = s.fytd_payment_count,
    fytd_total_spend = s.fytd_total_spend,
    fytd_local_primary_spend = s.fytd_local_primary_spend,
    fytd_local_secondary_spend = s.fytd_local_secondary_spend,
    fytd_sme_spend = s.fytd_sme_spend,
    fytd_vcs_spend = s.fytd_vcs_spend,
    fytd_local_sme_spend = s.fytd_local_sme_spend,
    fytd_deprived_area_spend = s.fytd_deprived_area_spend,
    fytd_unknown_location_spend = s.fytd_unknown_location_spend,
    fytd_redacted_spend = s.fytd_redacted_spend,
    fytd_unclassified_spend = s.fytd_unclassified_spend,
    fytd_pct_local_primary = s.fytd_pct_local_primary,
    fytd_pct_local_secondary = s.fytd_pct_local_secondary,
    fytd_pct_sme = s.fytd_pct_sme,
    fytd_pct_vcs = s.fytd_pct_vcs,
    fytd_pct_unclassified = s.fytd_pct_unclassified,
    fytd_supplier_count = s.fytd_supplier_count,
    fytd_local_primary_supplier_count = s.fytd_local_primary_supplier_count,
    fytd_local_secondary_supplier_count = s.fytd_local_secondary_supplier_count,
    fytd_sme_supplier_count = s.fytd_sme_supplier_count,
    fytd_vcs_supplier_count = s.fytd_vcs_supplier_count
FROM {stage} AS s
WHERE m.body = s.body AND m.month = s.month AND list_contains($months, m.month);
