-- First and last month holding payments: where the Dagster partitions start and end.
SELECT min(month) AS first_month, max(month) AS last_month FROM core.fct_payment
