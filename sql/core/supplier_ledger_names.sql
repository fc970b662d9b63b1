-- Each distinct ledger supplier (name as typed + supplier id) with its number of payments:
-- what build_dim_supplier resolves to supplier records.
SELECT supplier_name, supplier_id, count(*) AS payments
FROM core.fct_payment
GROUP BY ALL
