-- Per-supplier rows of the partnership for one {period} (financial_year or month): every body's
-- lines to a supplier added up, so credits net off over the partnership as they do within one
-- body in marts.kpi_spend_by_year, plus how many bodies paid it a positive net amount.
    SELECT
        {period}, supplier_key, is_resolved, is_redacted, is_unclassified,
        is_local_primary, is_local_secondary, is_sme, is_vcs, is_deprived_area,
        sum(payment_count) AS payment_count,
        sum(spend) AS spend,
        count(*) FILTER (WHERE spend > 0 AND is_resolved AND NOT is_redacted) AS paying_body_count
    FROM (
        SELECT
            body, {period}, supplier_key, is_resolved, is_redacted, is_unclassified,
            is_local_primary, is_local_secondary, is_sme, is_vcs, is_deprived_area,
            sum(payment_count) AS payment_count,
            sum(total_spend) AS spend
        FROM marts.supplier_spend_by_month
        GROUP BY ALL
    ) AS per_body
    GROUP BY ALL
