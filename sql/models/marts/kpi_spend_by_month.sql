-- The scorecard per (body, month): the month's own measures and its financial year to date.
-- Each month is joined to its financial year's supplier rows up to and including it, so the
-- month's own measures (FILTER p.month = t.month) and the year-to-date measures, distinct
-- supplier counts included, come from one pass over marts.supplier_spend_by_month (a row per
-- supplier and month, not every line). The runner filters the months it rebuilds; DuckDB
-- pushes that filter down to `months`, and the join reads only those months' years.
WITH months AS (
    SELECT DISTINCT body, month, financial_year
    FROM marts.supplier_spend_by_month
),
per_supplier AS (
    SELECT
        t.body, t.month, t.financial_year,
        p.supplier_key, p.is_resolved, p.is_redacted, p.is_unclassified,
        p.is_local_primary, p.is_local_secondary, p.is_sme, p.is_vcs, p.is_deprived_area,
        coalesce(sum(p.payment_count) FILTER (WHERE p.month = t.month), 0) AS payment_count,
        coalesce(sum(p.total_spend) FILTER (WHERE p.month = t.month), 0) AS spend,
        sum(p.payment_count) AS fytd_payment_count,
        sum(p.total_spend) AS fytd_spend
    FROM months AS t
    JOIN marts.supplier_spend_by_month AS p
        ON p.body = t.body AND p.financial_year = t.financial_year AND p.month <= t.month
    GROUP BY ALL
),
totals AS (
    SELECT
        body,
        month,
        financial_year,
        -- include models/marts/_spend_measures spend=spend count=payment_count prefix=
        -- include models/marts/_spend_measures spend=fytd_spend count=fytd_payment_count prefix=fytd_
    FROM per_supplier
    GROUP BY body, month, financial_year
),
shares AS (
    SELECT
        *,
        -- include models/marts/_spend_shares prefix=
        -- include models/marts/_spend_shares prefix=fytd_
    FROM totals
)
SELECT
    s.*,
    -- include models/marts/_target_columns share_prefix=fytd_
FROM shares AS s
LEFT JOIN (
    -- include models/marts/_targets_by_year
) AS t USING (financial_year)
