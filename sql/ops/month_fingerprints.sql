-- Each month's classified payment lines, summarised: count, and a sum of row hashes that changes
-- when any line, its supplier's classification or its display name changes (order-independent,
-- and unlike XOR it does not cancel out repeated lines). $months NULL: every month; else only
-- those (recording what a run rebuilt reads only what it rebuilt).
SELECT month, count(*) AS payments, sum(hash(p)::HUGEINT) AS content_hash
FROM marts.payment_classified AS p
WHERE $months IS NULL OR list_contains($months, month)
GROUP BY month
ORDER BY month
