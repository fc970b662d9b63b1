-- marts.kpi_spend_by_year for the financial years in $financial_years (the runner deletes them first).
-- Credits net off within each supplier before anything is counted, so a supplier counts as
-- paid only when its net spend in the year is positive.
INSERT INTO marts.kpi_spend_by_year BY NAME
WITH per_supplier AS (
    SELECT
        body, financial_year, supplier_key, is_resolved, is_redacted, is_unclassified,
        is_local_primary, is_local_secondary, is_sme, is_vcs, is_deprived_area,
        count(*) AS payment_count,
        sum(amount) AS spend
    FROM marts.payment_classified
    WHERE list_contains($financial_years, financial_year)
    GROUP BY ALL
),
totals AS (
    SELECT
        body,
        financial_year,
        -- include marts/_spend_measures spend=spend count=payment_count prefix=
    FROM per_supplier
    GROUP BY body, financial_year
)
SELECT
    *,
    -- include marts/_spend_shares prefix=
FROM totals;
