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
        count(*) FILTER (WHERE is_resolved AND NOT is_redacted AND spend > 0 AND is_vcs) AS vcs_supplier_count
    FROM per_supplier
    GROUP BY body, financial_year, {dimension}
)
SELECT
    *,
    marts.share_pct(local_primary_spend, total_spend) AS pct_local_primary,
    marts.share_pct(local_secondary_spend, total_spend) AS pct_local_secondary,
    marts.share_pct(sme_spend, total_spend) AS pct_sme,
    marts.share_pct(vcs_spend, total_spend) AS pct_vcs,
    marts.share_pct(unclassified_spend, total_spend) AS pct_unclassified
FROM totals;
