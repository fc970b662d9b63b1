-- One row describing the last supplier build: dimension size, ledger suppliers by how they
-- resolved, and the spend whose supplier is classified (matched to a record or overridden;
-- unmatched and redacted payees are not).
SELECT
    (SELECT count(*) FROM core.dim_supplier) AS suppliers,
    (SELECT map(list(match_method), list(n))
     FROM (SELECT match_method, count(*) AS n FROM core.supplier_match GROUP BY ALL)) AS by_method,
    coalesce(sum(f.amount), 0) AS spend_total,
    coalesce(sum(f.amount) FILTER (WHERE d.match_method NOT IN ('unmatched', 'redacted') OR d.is_override), 0) AS spend_classified,
    (SELECT count(*) FROM marts.unmatched_suppliers) AS unmatched_suppliers
FROM core.fct_payment f
LEFT JOIN core.dim_supplier d USING (supplier_key)
