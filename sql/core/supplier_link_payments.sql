-- core.fct_payment.supplier_key from core.supplier_match: for one month ($month, or NULL for
-- all), and every payment or only those not yet linked ($unlinked: new lines, or lines of a
-- replaced file; an incremental build keeps the others' keys, which an unchanged resolution
-- would give them again). Returns the number of payments linked.
UPDATE core.fct_payment f
SET supplier_key = m.supplier_key
FROM core.supplier_match m
WHERE f.supplier_name = m.supplier_name
  AND f.supplier_id IS NOT DISTINCT FROM m.supplier_id
  AND ($month IS NULL OR f.month = CAST($month AS DATE))
  AND (NOT $unlinked OR f.supplier_key IS NULL);
