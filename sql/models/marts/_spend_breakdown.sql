-- One scorecard breakdown per (body, financial_year, {dimension}): the same measures as
-- marts.kpi_spend_by_year. Rows with no {dimension} are grouped as 'Not known', so a year's rows
-- add up to its total. Reads the model's CTE `lines`: classified rows with payment_count and
-- total_spend (_lines_by_key.sql's rows per supplier and {dimension}, or
-- marts.supplier_spend_by_month's), so it follows `WITH lines AS (...),`. Pasted whole by kpi_spend_by_service_area,
-- _by_expense_type and _by_category.
per_supplier AS (
    SELECT
        body, financial_year, coalesce({dimension}, 'Not known') AS {dimension},
        supplier_key, is_resolved, is_redacted, is_unclassified,
        is_local_primary, is_local_secondary, is_sme, is_vcs, is_deprived_area,
        sum(payment_count) AS payment_count,
        sum(total_spend) AS spend
    FROM lines
    GROUP BY ALL
),
totals AS (
    SELECT
        body,
        financial_year,
        {dimension},
        -- include models/marts/_spend_measures spend=spend count=payment_count prefix=
    FROM per_supplier
    GROUP BY body, financial_year, {dimension}
)
SELECT
    *,
    -- include models/marts/_spend_shares prefix=
FROM totals
