-- The league table for the report's financial year: each body's own shares, most local first.
SELECT
    body,
    kind,
    total_spend,
    pct_of_partnership_spend,
    pct_local_primary,
    pct_local_secondary,
    pct_sme,
    pct_vcs,
    supplier_count,
    local_primary_rank
FROM marts.partnership_league
WHERE financial_year = $financial_year
ORDER BY local_primary_rank, body;
