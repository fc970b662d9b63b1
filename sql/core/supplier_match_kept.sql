-- The earlier resolution's rows for ledger suppliers that still have payments: what an
-- incremental build keeps as it is.
SELECT m.supplier_name, m.supplier_id, m.supplier_key, m.match_method, m.match_score,
       m.candidate_key, m.candidate_score, m.name_normalised
FROM core.supplier_match m
WHERE EXISTS (
    SELECT 1 FROM staging.supplier_ledger_names n
    WHERE n.supplier_name = m.supplier_name AND n.supplier_id IS NOT DISTINCT FROM m.supplier_id
)
