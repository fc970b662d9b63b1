-- The strategy's spend scorecard per (body, financial_year). Credits net off within each
-- supplier before anything is counted, so a supplier counts as paid only when its net spend in
-- the year is positive. The year's shares are judged against the year's targets.
WITH per_supplier AS (
    SELECT
        body, financial_year, supplier_key, is_resolved, is_redacted, is_unclassified,
        is_local_primary, is_local_secondary, is_sme, is_vcs, is_deprived_area,
        sum(payment_count) AS payment_count,
        sum(total_spend) AS spend
    FROM marts.supplier_spend_by_month
    GROUP BY ALL
),
totals AS (
    SELECT
        body,
        financial_year,
        -- include models/marts/_spend_measures spend=spend count=payment_count prefix=
    FROM per_supplier
    GROUP BY body, financial_year
),
shares AS (
    SELECT
        *,
        -- include models/marts/_spend_shares prefix=
    FROM totals
)
SELECT
    s.*,
    -- include models/marts/_target_columns share_prefix=
FROM shares AS s
LEFT JOIN (
    -- include models/marts/_targets_by_year
) AS t USING (financial_year)
