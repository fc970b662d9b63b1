-- One row describing the last supplier build: dimension size, ledger suppliers by how they
-- resolved, and the spend whose supplier is classified (matched to a record or overridden;
-- unmatched and redacted payees are not). Spend is summed per ledger supplier
-- (staging.supplier_ledger_names) through the key each links to, which is every payment's
-- supplier_key once the build has linked them: the same sums, without reading every payment.
SELECT
    (SELECT count(*) FROM core.dim_supplier) AS suppliers,
    (SELECT map(list(match_method), list(n))
     FROM (SELECT match_method, count(*) AS n FROM core.supplier_match GROUP BY ALL)) AS by_method,
    coalesce(sum(n.amount), 0) AS spend_total,
    coalesce(sum(n.amount) FILTER (WHERE d.match_method NOT IN ('unmatched', 'redacted') OR d.is_override), 0) AS spend_classified,
    (SELECT count(*) FROM marts.unmatched_suppliers) AS unmatched_suppliers
FROM staging.supplier_ledger_names n
LEFT JOIN core.supplier_match m
       ON m.supplier_name = n.supplier_name AND m.supplier_id IS NOT DISTINCT FROM n.supplier_id
LEFT JOIN core.dim_supplier d ON d.supplier_key = m.supplier_key
