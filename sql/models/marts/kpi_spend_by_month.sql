-- The scorecard per (body, month): the month's own measures and its financial year to date.
-- Each month is joined to every payment of its financial year up to and including it, so the
-- month's own measures (FILTER p.month = t.month) and the year-to-date measures, distinct
-- supplier counts included, come from the payment lines in one pass. The runner filters the
-- months it rebuilds; DuckDB pushes that filter down to `months`.
WITH months AS (
    SELECT DISTINCT body, month, financial_year
    FROM marts.payment_classified
),
per_supplier AS (
    SELECT
        t.body, t.month, t.financial_year,
        p.supplier_key, p.is_resolved, p.is_redacted, p.is_unclassified,
        p.is_local_primary, p.is_local_secondary, p.is_sme, p.is_vcs, p.is_deprived_area,
        count(*) FILTER (WHERE p.month = t.month) AS payment_count,
        coalesce(sum(p.amount) FILTER (WHERE p.month = t.month), 0) AS spend,
        count(*) AS fytd_payment_count,
        sum(p.amount) AS fytd_spend
    FROM months AS t
    JOIN marts.payment_classified AS p
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
