-- Each month's classified payment lines, summarised: count, and a sum of row hashes that changes
-- when any line, its supplier's classification or its display name changes (order-independent,
-- and unlike XOR it does not cancel out repeated lines).
SELECT month, count(*) AS payments, sum(hash(p)::HUGEINT) AS content_hash
FROM marts.payment_classified AS p
GROUP BY month
ORDER BY month
