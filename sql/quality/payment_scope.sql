-- How many lines the payment rules looked at (same scope as quality/payment_rules), and how many
-- of them have no transaction number.
SELECT count(*) AS rows_checked, count(*) FILTER (WHERE transaction_number IS NULL) AS rows_without_transaction_number
FROM core.fct_payment
WHERE (CAST($files AS VARCHAR[]) IS NULL OR list_contains(CAST($files AS VARCHAR[]), file_sha256))
  AND (CAST($months AS DATE[]) IS NULL OR list_contains(CAST($months AS DATE[]), month))
