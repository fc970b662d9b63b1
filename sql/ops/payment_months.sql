-- The months holding payments: those of marts.payment_classified, which keeps every payment
-- line (its supplier join is a LEFT JOIN), read from the fact table without the join.
SELECT DISTINCT month
FROM core.fct_payment
ORDER BY month
