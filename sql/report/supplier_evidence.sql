-- The top suppliers of the report's financial year with the evidence for each classification,
-- from core.dim_supplier: the postcode and what placed it, and what decided SME and VCS.
-- Redacted payees and payments with no supplier record have no supplier_key in
-- marts.top_suppliers, so no record joins and nothing about them is shown but their spend.
SELECT
    t.rank,
    t.supplier_name,
    t.total_spend,
    t.pct_of_total_spend,
    t.is_redacted,
    t.supplier_key IS NULL AS is_unresolved,
    t.is_local_primary,
    t.is_local_secondary,
    t.is_sme,
    t.is_vcs,
    d.postcode,
    d.local_authority,
    d.location_source,
    d.sme_source,
    d.vcs_source,
    d.match_method,
    d.company_number,
    d.charity_number
FROM marts.top_suppliers AS t
LEFT JOIN core.dim_supplier AS d ON d.supplier_key = t.supplier_key AND NOT d.is_redacted
WHERE t.body = $body AND t.financial_year = $financial_year AND t.rank <= $evidence_rows
ORDER BY t.rank, t.supplier_name;
