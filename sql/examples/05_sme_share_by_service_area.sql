-- Question: What share of each service area's spend went to SMEs this financial year?
SELECT
    financial_year,
    expense_area,
    total_spend,
    sme_spend,
    pct_sme,
    sme_supplier_count
FROM marts.kpi_spend_by_service_area
WHERE body = 'Luton Borough Council'
  AND financial_year = (SELECT max(financial_year) FROM marts.kpi_spend_by_service_area WHERE body = 'Luton Borough Council')
ORDER BY total_spend DESC, expense_area;
