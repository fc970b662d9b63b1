-- Question: How has the local share of spend moved month by month over the last two years,
-- against the year's target?
SELECT
    month,
    financial_year,
    total_spend,
    pct_local_primary,
    fytd_pct_local_primary,
    target_pct_local,
    local_target_status
FROM marts.kpi_spend_by_month
WHERE body = 'Luton Borough Council'
  AND month > (SELECT max(month) FROM marts.kpi_spend_by_month WHERE body = 'Luton Borough Council') - INTERVAL 24 MONTH
ORDER BY month;
