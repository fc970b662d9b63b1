-- The headline KPIs of the financial years $years, per body: the KPI build's run metadata.
SELECT body, financial_year, total_spend, pct_local_primary, pct_local_secondary, pct_sme, pct_vcs,
       pct_unclassified, supplier_count, local_primary_supplier_count, sme_supplier_count,
       vcs_supplier_count, target_pct_local, local_target_status
FROM marts.kpi_spend_by_year
WHERE list_contains($years, financial_year)
ORDER BY body, financial_year
