-- What the supplier resolution depends on in the warehouse: every staged supplier row (order
-- does not matter). With the overrides, the council's definitions and the geography (hashed in
-- build.py), it decides whether an earlier resolution still holds.
SELECT count(*)::VARCHAR || ':' || coalesce(sum(hash(s)), 0)::VARCHAR
FROM staging.supplier_source s
