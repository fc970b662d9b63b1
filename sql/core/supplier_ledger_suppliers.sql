-- Each distinct ledger supplier (name as typed + supplier id) with its number of payments,
-- over every loaded version (staging.supplier_ledger_names, brought up to date first).
SELECT supplier_name, supplier_id, sum(payments)::BIGINT AS payments
FROM staging.supplier_ledger_names
GROUP BY ALL
