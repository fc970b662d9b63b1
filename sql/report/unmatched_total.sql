-- All spend with ledger suppliers that matched no supplier record (marts.unmatched_suppliers,
-- the supplier pipeline's worklist, which covers every period in the warehouse).
SELECT count(*) AS supplier_count, coalesce(sum(total_spend), 0) AS total_spend
FROM marts.unmatched_suppliers;
