-- The anchor partnership per month: every body's payments in the month added up as one buyer,
-- with exactly the month measures and shares of marts.kpi_spend_by_month (the same shared blocks).
WITH per_supplier AS (
    -- include models/marts/_partnership_per_supplier period=month
),
totals AS (
    SELECT
        month,
        -- include models/marts/_spend_measures spend=spend count=payment_count prefix=
        count(*) FILTER (WHERE paying_body_count > 1) AS shared_supplier_count
    FROM per_supplier
    GROUP BY month
),
bodies AS (
    SELECT month, any_value(financial_year) AS financial_year, count(DISTINCT body) AS body_count
    FROM marts.supplier_spend_by_month
    GROUP BY month
)
SELECT
    b.financial_year,
    b.body_count,
    t.*,
    -- include models/marts/_spend_shares prefix=
FROM totals AS t
JOIN bodies AS b USING (month)
