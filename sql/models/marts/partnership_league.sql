-- Each body's row of marts.kpi_spend_by_year (so the same figures its own scorecard shows) beside
-- its kind, its part of the partnership's spend, and its place among the bodies on each share.
SELECT
    k.financial_year,
    k.body,
    coalesce(d.kind, 'other') AS kind,
    k.total_spend,
    marts.share_pct(k.total_spend, p.total_spend) AS pct_of_partnership_spend,
    k.local_primary_spend,
    k.local_secondary_spend,
    k.sme_spend,
    k.vcs_spend,
    k.pct_local_primary,
    k.pct_local_secondary,
    k.pct_sme,
    k.pct_vcs,
    k.supplier_count,
    k.local_primary_supplier_count,
    rank() OVER (PARTITION BY k.financial_year ORDER BY k.pct_local_primary DESC NULLS LAST) AS local_primary_rank,
    rank() OVER (PARTITION BY k.financial_year ORDER BY k.pct_local_secondary DESC NULLS LAST) AS local_secondary_rank
FROM marts.kpi_spend_by_year AS k
LEFT JOIN core.dim_body AS d USING (body)
JOIN marts.kpi_partnership_by_year AS p USING (financial_year)
