-- The anchor partnership per financial year: every body's payments added up as one buyer, with
-- exactly the measures, shares and targets of marts.kpi_spend_by_year (the same shared blocks).
WITH per_supplier AS (
    -- include models/marts/_partnership_per_supplier period=financial_year
),
totals AS (
    SELECT
        financial_year,
        -- include models/marts/_spend_measures spend=spend count=payment_count prefix=
        count(*) FILTER (WHERE paying_body_count > 1) AS shared_supplier_count
    FROM per_supplier
    GROUP BY financial_year
),
bodies AS (
    SELECT financial_year, count(DISTINCT body) AS body_count
    FROM marts.supplier_spend_by_month
    GROUP BY financial_year
),
shares AS (
    SELECT
        b.body_count,
        t.*,
        -- include models/marts/_spend_shares prefix=
    FROM totals AS t
    JOIN bodies AS b USING (financial_year)
)
SELECT
    s.*,
    -- include models/marts/_target_columns share_prefix=
FROM shares AS s
LEFT JOIN (
    -- include models/marts/_targets_by_year
) AS t USING (financial_year)
