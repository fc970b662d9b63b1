-- marts.spend_bands_by_month. A line is banded by its absolute amount, so a credit sits with
-- payments of its size and nets off there; the loader guarantees the bands cover 0 upwards
-- without gaps, so the inner join loses no line. Banding needs no supplier, so it reads the
-- payment lines themselves, not marts.payment_classified.
WITH per_band AS (
    SELECT
        p.body,
        p.month,
        p.financial_year,
        b.band_order,
        b.band,
        count(*) AS transaction_count,
        count(*) FILTER (WHERE p.amount < 0) AS credit_count,
        sum(p.amount) AS total_spend
    FROM core.fct_payment AS p
    JOIN marts.spend_band AS b
        ON abs(p.amount) >= coalesce(b.lower_bound, 0)
        AND (b.upper_bound IS NULL OR abs(p.amount) < b.upper_bound)
    GROUP BY ALL
)
SELECT
    *,
    marts.share_pct(transaction_count, sum(transaction_count) OVER (PARTITION BY body, month)) AS pct_of_transactions,
    marts.share_pct(total_spend, sum(total_spend) OVER (PARTITION BY body, month)) AS pct_of_total_spend
FROM per_band
