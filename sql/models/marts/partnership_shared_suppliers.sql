-- Local suppliers (primary or secondary) that more than one body paid a positive net amount in
-- the financial year. Names come from core.dim_supplier through marts.supplier_spend_by_month, never
-- from ledger text, and redacted payees are left out, so no person is named.
WITH per_body AS (
    SELECT
        financial_year, body, supplier_key,
        any_value(supplier_name) AS supplier_name,
        any_value(is_local_primary) AS is_local_primary,
        any_value(is_local_secondary) AS is_local_secondary,
        any_value(is_sme) AS is_sme,
        any_value(is_vcs) AS is_vcs,
        sum(payment_count) AS payment_count,
        sum(total_spend) AS spend
    FROM marts.supplier_spend_by_month
    WHERE is_resolved AND NOT is_redacted AND (is_local_primary OR is_local_secondary)
    GROUP BY financial_year, body, supplier_key
),
shared AS (
    SELECT
        financial_year,
        supplier_key,
        any_value(supplier_name) AS supplier_name,
        any_value(is_local_primary) AS is_local_primary,
        any_value(is_local_secondary) AS is_local_secondary,
        any_value(is_sme) AS is_sme,
        any_value(is_vcs) AS is_vcs,
        count(*) FILTER (WHERE spend > 0) AS body_count,
        string_agg(body, '; ' ORDER BY body) FILTER (WHERE spend > 0) AS bodies,
        sum(payment_count) AS payment_count,
        sum(spend) AS total_spend
    FROM per_body
    GROUP BY financial_year, supplier_key
    HAVING count(*) FILTER (WHERE spend > 0) > 1
)
SELECT
    *,
    rank() OVER (PARTITION BY financial_year ORDER BY body_count DESC, total_spend DESC, supplier_key) AS rank
FROM shared
