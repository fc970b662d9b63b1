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
        sum(payment_count) AS payment_count,
        sum(spend) AS total_spend,
        coalesce(sum(spend) FILTER (WHERE is_local_primary), 0) AS local_primary_spend,
        coalesce(sum(spend) FILTER (WHERE is_local_secondary), 0) AS local_secondary_spend,
        coalesce(sum(spend) FILTER (WHERE is_sme), 0) AS sme_spend,
        coalesce(sum(spend) FILTER (WHERE is_vcs), 0) AS vcs_spend,
        coalesce(sum(spend) FILTER (WHERE is_local_primary AND is_sme), 0) AS local_sme_spend,
        coalesce(sum(spend) FILTER (WHERE is_deprived_area), 0) AS deprived_area_spend,
        coalesce(sum(spend) FILTER (WHERE is_local_primary IS NULL), 0) AS unknown_location_spend,
        coalesce(sum(spend) FILTER (WHERE is_redacted), 0) AS redacted_spend,
        coalesce(sum(spend) FILTER (WHERE is_unclassified), 0) AS unclassified_spend,
        count(*) FILTER (WHERE is_resolved AND NOT is_redacted AND spend > 0) AS supplier_count,
        count(*) FILTER (WHERE is_resolved AND NOT is_redacted AND spend > 0 AND is_local_primary) AS local_primary_supplier_count,
        count(*) FILTER (WHERE is_resolved AND NOT is_redacted AND spend > 0 AND is_local_secondary) AS local_secondary_supplier_count,
        count(*) FILTER (WHERE is_resolved AND NOT is_redacted AND spend > 0 AND is_sme) AS sme_supplier_count,
        count(*) FILTER (WHERE is_resolved AND NOT is_redacted AND spend > 0 AND is_vcs) AS vcs_supplier_count,
        sum(fytd_payment_count) AS fytd_payment_count,
        sum(fytd_spend) AS fytd_total_spend,
        coalesce(sum(fytd_spend) FILTER (WHERE is_local_primary), 0) AS fytd_local_primary_spend,
        coalesce(sum(fytd_spend) FILTER (WHERE is_local_secondary), 0) AS fytd_local_secondary_spend,
        coalesce(sum(fytd_spend) FILTER (WHERE is_sme), 0) AS fytd_sme_spend,
        coalesce(sum(fytd_spend) FILTER (WHERE is_vcs), 0) AS fytd_vcs_spend,
        coalesce(sum(fytd_spend) FILTER (WHERE is_local_primary AND is_sme), 0) AS fytd_local_sme_spend,
        coalesce(sum(fytd_spend) FILTER (WHERE is_deprived_area), 0) AS fytd_deprived_area_spend,
        coalesce(sum(fytd_spend) FILTER (WHERE is_local_primary IS NULL), 0) AS fytd_unknown_location_spend,
        coalesce(sum(fytd_spend) FILTER (WHERE is_redacted), 0) AS fytd_redacted_spend,
        coalesce(sum(fytd_spend) FILTER (WHERE is_unclassified), 0) AS fytd_unclassified_spend,
        count(*) FILTER (WHERE is_resolved AND NOT is_redacted AND fytd_spend > 0) AS fytd_supplier_count,
        count(*) FILTER (WHERE is_resolved AND NOT is_redacted AND fytd_spend > 0 AND is_local_primary) AS fytd_local_primary_supplier_count,
        count(*) FILTER (WHERE is_resolved AND NOT is_redacted AND fytd_spend > 0 AND is_local_secondary) AS fytd_local_secondary_supplier_count,
        count(*) FILTER (WHERE is_resolved AND NOT is_redacted AND fytd_spend > 0 AND is_sme) AS fytd_sme_supplier_count,
        count(*) FILTER (WHERE is_resolved AND NOT is_redacted AND fytd_spend > 0 AND is_vcs) AS fytd_vcs_supplier_count
    FROM per_supplier
    GROUP BY body, month, financial_year
)
SELECT
    *,
    marts.share_pct(local_primary_spend, total_spend) AS pct_local_primary,
    marts.share_pct(local_secondary_spend, total_spend) AS pct_local_secondary,
    marts.share_pct(sme_spend, total_spend) AS pct_sme,
    marts.share_pct(vcs_spend, total_spend) AS pct_vcs,
    marts.share_pct(unclassified_spend, total_spend) AS pct_unclassified,
    marts.share_pct(fytd_local_primary_spend, fytd_total_spend) AS fytd_pct_local_primary,
    marts.share_pct(fytd_local_secondary_spend, fytd_total_spend) AS fytd_pct_local_secondary,
    marts.share_pct(fytd_sme_spend, fytd_total_spend) AS fytd_pct_sme,
    marts.share_pct(fytd_vcs_spend, fytd_total_spend) AS fytd_pct_vcs,
    marts.share_pct(fytd_unclassified_spend, fytd_total_spend) AS fytd_pct_unclassified
FROM totals;
