-- Each month's payment lines, summarised: count, and a sum of row hashes that changes when any
-- line, its supplier's classification or its display name changes (order-independent, and
-- unlike XOR it does not cancel out repeated lines). Every input of marts.payment_classified is
-- hashed: the line's columns, and a hash of its supplier's record taken once per supplier
-- (NULL for a key with no record), rather than hashing each classified row whole: the same
-- changes show, in a fifth of the time. $months NULL: every month; else only those (a run
-- fingerprints only the months that can have changed: ops/month_candidates).
WITH supplier AS (
    -- include ops/month_supplier_hashes
)
SELECT
    p.month,
    count(*) AS payments,
    sum(hash(p.body, p.payment_date, p.financial_year, p.transaction_number, p.amount,
             p.expense_area, p.expense_type, p.procurement_category, p.supplier_key,
             s.supplier_hash)::HUGEINT) AS content_hash
FROM core.fct_payment AS p
LEFT JOIN supplier AS s ON s.supplier_key = p.supplier_key
WHERE $months IS NULL OR list_contains($months, p.month)
GROUP BY p.month
ORDER BY p.month
