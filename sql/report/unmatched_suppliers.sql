-- The ten unmatched ledger suppliers with the most spend. Redacted payees are never on the
-- worklist (pipelines.suppliers keeps them out), so these names are organisations' as typed.
SELECT spend_rank, supplier_name, total_spend, payment_count, first_payment, last_payment
FROM marts.unmatched_suppliers
ORDER BY spend_rank
LIMIT 10;
