-- core.fct_payment.supplier_key from core.supplier_match, for one month ($month) or all ($month NULL).
UPDATE core.fct_payment f
SET supplier_key = m.supplier_key
FROM core.supplier_match m
WHERE f.supplier_name = m.supplier_name
  AND f.supplier_id IS NOT DISTINCT FROM m.supplier_id
  AND ($month IS NULL OR f.month = CAST($month AS DATE));
