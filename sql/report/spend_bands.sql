-- Spend bands for the report month and for the financial year to date. The year to date
-- is summed from the monthly mart (counts and spend add up) so that a past month's report
-- does not change when later months are loaded.
SELECT
    band,
    band_order,
    coalesce(sum(transaction_count) FILTER (WHERE month = $month), 0) AS month_transaction_count,
    coalesce(sum(total_spend) FILTER (WHERE month = $month), 0) AS month_spend,
    sum(transaction_count) AS fytd_transaction_count,
    sum(total_spend) AS fytd_spend
FROM marts.spend_bands_by_month
WHERE body = $body AND financial_year = $financial_year AND month <= $month
GROUP BY band_order, band
ORDER BY band_order;
