-- Show the analyst the best fuzzy candidate by its display name, not its key.
UPDATE core.supplier_match m
SET candidate_name = d.supplier_name
FROM core.dim_supplier d
WHERE m.candidate_key = d.supplier_key;
