-- Rows of marts.kpi_spend_by_month, written into {table} (a staging copy: the runner inserts
-- the rebuilt months and only refreshes the fytd_ columns of later months), for the
-- (body, month)s in $months that have payments. Each target month is joined to every payment
-- of its financial year up to and including it, so the month's own measures
-- (FILTER p.month = t.month) and the financial-year-to-date measures, distinct supplier
-- counts included, come from the payment lines in one pass.
INSERT INTO {table} BY NAME
WITH target AS (
    SELECT DISTINCT body, month, financial_year
    FROM marts.payment_classified
    WHERE list_contains($months, month)
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
    FROM target AS t
    JOIN marts.payment_classified AS p
        ON p.body = t.body AND p.financial_year = t.financial_year AND p.month <= t.month
    GROUP BY ALL
),
totals AS (
    SELECT
        body,
        month,
        financial_year,
        -- include marts/_spend_measures spend=spend count=payment_count prefix=
        -- include marts/_spend_measures spend=fytd_spend count=fytd_payment_count prefix=fytd_
    FROM per_supplier
    GROUP BY body, month, financial_year
)
SELECT
    *,
    -- include marts/_spend_shares prefix=
    -- include marts/_spend_shares prefix=fytd_
FROM totals;
