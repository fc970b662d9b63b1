-- core.fct_payment.supplier_key for the payments an incremental build touches: those not yet
-- linked (new lines, or lines of a replaced file). Linked payments keep their key, which an
-- unchanged resolution would give them again.
UPDATE core.fct_payment f
SET supplier_key = m.supplier_key
FROM core.supplier_match m
WHERE f.supplier_key IS NULL
  AND f.supplier_name = m.supplier_name
  AND f.supplier_id IS NOT DISTINCT FROM m.supplier_id;
