-- marts.leakage: categories where a local
-- (primary) supplier already has positive net spend, yet spend still goes to suppliers known
-- not to be local. Unknown-location spend is shown but not counted as movable.
WITH per_supplier AS (
    SELECT
        body, financial_year, category, supplier_key, is_resolved, is_redacted, is_local_primary,
        sum(total_spend) AS spend
    FROM marts.supplier_spend_by_month
    WHERE category IS NOT NULL
    GROUP BY ALL
),
per_category AS (
    SELECT
        body,
        financial_year,
        category,
        sum(spend) AS total_spend,
        coalesce(sum(spend) FILTER (WHERE is_local_primary), 0) AS local_primary_spend,
        coalesce(sum(spend) FILTER (WHERE NOT is_local_primary), 0) AS non_local_spend,
        coalesce(sum(spend) FILTER (WHERE is_local_primary IS NULL), 0) AS unknown_location_spend,
        count(*) FILTER (WHERE is_resolved AND NOT is_redacted AND spend > 0 AND is_local_primary) AS local_primary_supplier_count,
        count(*) FILTER (WHERE is_resolved AND NOT is_redacted AND spend > 0 AND NOT is_local_primary) AS non_local_supplier_count
    FROM per_supplier
    GROUP BY body, financial_year, category
)
SELECT
    *,
    marts.share_pct(local_primary_spend, total_spend) AS pct_local_primary,
    rank() OVER (PARTITION BY body, financial_year ORDER BY non_local_spend DESC) AS rank
FROM per_category
WHERE local_primary_supplier_count > 0 AND non_local_spend > 0
