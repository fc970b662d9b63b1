-- One scorecard breakdown table, {table}, per (body, financial_year, {dimension}) for the
-- financial years in $financial_years; the same measures as marts.kpi_spend_by_year.
INSERT INTO {table} BY NAME
WITH per_supplier AS (
    SELECT
        body, financial_year, coalesce({dimension}, 'Not known') AS {dimension},
        supplier_key, is_resolved, is_redacted, is_unclassified,
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
        {dimension},
        -- include marts/_spend_measures spend=spend count=payment_count prefix=
    FROM per_supplier
    GROUP BY body, financial_year, {dimension}
)
SELECT
    *,
    -- include marts/_spend_shares prefix=
FROM totals;
