-- The bodies with at least one payment in the warehouse, by name.
SELECT body
FROM core.dim_body
WHERE payment_count > 0
ORDER BY body
