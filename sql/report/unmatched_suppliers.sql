-- The ten ledger suppliers with no classification and the most spend (marts.unmatched_suppliers,
-- built by pipelines.suppliers). The mart holds ledger names but never redacted payees.
SELECT supplier_name, spend AS total_spend
FROM marts.unmatched_suppliers
ORDER BY spend DESC, supplier_name
LIMIT 10;
