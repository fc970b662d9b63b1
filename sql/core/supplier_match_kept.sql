-- The earlier resolution's rows for ledger suppliers that still have payments: what an
-- incremental build keeps as it is.
SELECT m.supplier_name, m.supplier_id, m.supplier_key, m.match_method, m.match_score,
       m.candidate_key, m.candidate_score, m.name_normalised
FROM core.supplier_match m
WHERE EXISTS (
    SELECT 1 FROM core.fct_payment f
    WHERE f.supplier_name = m.supplier_name AND f.supplier_id IS NOT DISTINCT FROM m.supplier_id
)
