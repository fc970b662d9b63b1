-- Question: What share of our Adult Social Care spend was local last quarter?
-- "Last quarter" = the latest quarter with payments in the warehouse (UK financial quarters
-- Apr-Jun, Jul-Sep, Oct-Dec, Jan-Mar); months_loaded says whether it is complete.
-- Local = primary definition (LU postcode); credits net off; unknown location counts as not local.
-- The body is the council's name as in reference_data/council.toml.
WITH quarter AS (
    SELECT date_trunc('quarter', max(month))::DATE AS first_month
    FROM marts.payment_classified
    WHERE body = 'Luton Borough Council'
)
SELECT
    q.first_month AS quarter_start,
    count(DISTINCT p.month) AS months_loaded,
    sum(p.amount) AS total_spend,
    coalesce(sum(p.amount) FILTER (WHERE p.is_local_primary), 0) AS local_primary_spend,
    marts.share_pct(coalesce(sum(p.amount) FILTER (WHERE p.is_local_primary), 0), sum(p.amount)) AS pct_local_primary
FROM marts.payment_classified AS p, quarter AS q
WHERE p.body = 'Luton Borough Council'
  AND p.expense_area ILIKE '%adult social care%'
  AND p.month >= q.first_month AND p.month < q.first_month + INTERVAL 3 MONTH
GROUP BY q.first_month;
