-- marts.top_suppliers. Redacted payees and
-- payments with no supplier record each collapse into one unnamed row (supplier_key NULL):
-- a person's name must never reach a mart.
WITH per_supplier AS (
    SELECT
        body,
        financial_year,
        CASE WHEN is_resolved AND NOT is_redacted THEN supplier_key END AS supplier_key,
        supplier_name,
        is_redacted,
        is_local_primary, is_local_secondary, is_sme, is_vcs, imd_decile, proclass_level1,
        sum(payment_count) AS payment_count,
        sum(total_spend) AS total_spend
    FROM marts.supplier_spend_by_month
    GROUP BY ALL
)
SELECT
    *,
    rank() OVER (PARTITION BY body, financial_year ORDER BY total_spend DESC) AS rank,
    marts.share_pct(total_spend, sum(total_spend) OVER (PARTITION BY body, financial_year)) AS pct_of_total_spend
FROM per_supplier
